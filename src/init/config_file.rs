//! The `beleid.toml` of a new policy site: titles per language, the
//! address, and the `[extra]` values the pages use, with comments saying
//! where to correct them.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::policy::PolicyOptions;
use super::words::{in_text, words};
use crate::config::Config;

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Writes the configuration text. `extra` holds the values per table
/// (`extra`, `languages.en.extra`).
pub(crate) fn config_text(
    options: &PolicyOptions,
    sample: &Config,
    languages: &[String],
    extra: &BTreeMap<String, BTreeMap<String, String>>,
) -> String {
    let default = &languages[0];
    let organisation = extra
        .get("extra")
        .and_then(|t| t.get("organisation"))
        .cloned()
        .or_else(|| options.organisation.clone())
        .or_else(|| sample.extra_text(default, "organisation"))
        .unwrap_or_default();
    let title = |lang: &str| format!("{organisation}: {}", words(lang).site_title);
    let description = |lang: &str| words(lang).description.replace("{org}", &in_text(&organisation, lang));
    let base_url = options.base_url.clone().unwrap_or_else(|| sample.base_url.clone());
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# The social media policy site of {organisation}, written by `beleid init --policy {}`.",
        options.variant.name()
    );
    out.push_str("# The pages take the organisation's name and contact details from [extra] below;\n");
    out.push_str("# [languages.<code>.extra] replaces a value for that language's pages.\n\n");
    let _ = writeln!(out, "title = {}", quoted(&title(default)));
    let _ = writeln!(out, "description = {}", quoted(&description(default)));
    let _ = writeln!(out, "base_url = {}", quoted(&base_url));
    let _ = writeln!(out, "default_language = {}", quoted(default));
    for lang in languages {
        let _ = writeln!(out, "\n[languages.{lang}]");
        let _ = writeln!(out, "name = {}", quoted(&sample.language_name(lang)));
        let _ = writeln!(out, "title = {}", quoted(&title(lang)));
        let _ = writeln!(out, "description = {}", quoted(&description(lang)));
        if let Some(own) = extra.get(&format!("languages.{lang}.extra")) {
            let _ = writeln!(out, "\n[languages.{lang}.extra]");
            for (key, value) in own {
                let _ = writeln!(out, "{key} = {}", quoted(value));
            }
        }
    }
    out.push_str("\n[extra]\n");
    for (key, value) in extra.get("extra").into_iter().flatten() {
        let _ = writeln!(out, "{key} = {}", quoted(value));
    }
    out
}
