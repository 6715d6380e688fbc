//! UI strings: every string the theme's templates use must exist in every
//! language; a missing one falls back to the default language's text.

use std::collections::BTreeSet;

use super::Subject;
use crate::error::{Diagnostic, Level};

/// The UI string keys a template uses: `t.key` and `t["key"]`.
pub(crate) fn used_keys(template: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let bytes = template.as_bytes();
    let mut i = 0;
    while let Some(found) = [template[i..].find("t."), template[i..].find("t[")].into_iter().flatten().min() {
        let at = i + found;
        let before = at.checked_sub(1).map(|b| bytes[b]);
        let boundary = before.is_none_or(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'.'));
        let rest = &template[at + 2..];
        if boundary {
            let key: String = if bytes[at + 1] == b'.' {
                rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
            } else {
                let quoted = rest.trim_start_matches(['"', '\'']);
                quoted.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect()
            };
            if !key.is_empty() {
                keys.insert(key);
            }
        }
        i = at + 2;
    }
    keys
}

pub(super) fn check(subject: &Subject<'_>, found: &mut Vec<Diagnostic>) {
    let inputs = subject.inputs;
    let mut used = BTreeSet::new();
    for (_, file) in inputs.theme.files_under("templates/") {
        if let Ok(text) = std::str::from_utf8(&file.bytes) {
            used.extend(used_keys(text));
        }
    }
    let default = &inputs.config.default_language;
    for lang in inputs.config.language_codes() {
        // Point at a file the user can edit: the theme's own when it is on
        // disk, else the site's override for the built-in theme.
        let site_file = std::path::PathBuf::from(format!("i18n/{lang}.toml"));
        let shown = inputs
            .theme
            .file(&format!("i18n/{lang}.toml"))
            .map(|f| f.shown.clone())
            .filter(|p| !p.starts_with("<built-in theme>"))
            .unwrap_or(site_file);
        for key in &used {
            if inputs.strings.defines(lang, key) {
                continue;
            }
            let in_default = inputs.strings.defines(default, key);
            // Another language's text stands in, so only a string missing
            // everywhere breaks the page.
            let level = if in_default { Level::Warning } else { Level::Error };
            let d = Diagnostic::new(
                level,
                "ui-string",
                &shown,
                if in_default {
                    format!(
                        "the UI string `{key}` has no {} text; the {} text is shown instead",
                        inputs.config.language_name(lang),
                        inputs.config.language_name(default)
                    )
                } else {
                    format!("the UI string `{key}` used by the theme exists in no language")
                },
            )
            .hint(format!("add {key} = \"...\" to {}", shown.display()));
            found.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_in_templates() {
        let keys = used_keys(
            "{{ t.search }} {{ t['menu'] }} {{ t[\"on_this_page\"] }} {{ page.t.x }} {{ at.y }} {% if t.months %}",
        );
        assert_eq!(keys.into_iter().collect::<Vec<_>>(), ["menu", "months", "on_this_page", "search"]);
    }
}
