//! Front matter: the metadata block at the top of a Markdown file, TOML
//! between `+++` lines or YAML between `---` lines.
//!
//! Errors point at the line and column in the Markdown file itself (not in
//! the extracted block), and unknown keys get a "did you mean" hint.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;

use crate::config::{toml_diagnostic, unknown_field_hint};
use crate::date::Date;
use crate::error::Diagnostic;

/// A page's metadata.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page title. Default: made from the file name.
    pub(crate) title: Option<String>,
    /// A one- or two-sentence summary for search results, link previews and feeds.
    pub(crate) description: Option<String>,
    /// The last part of the page's URL. Default: the file (or folder) name.
    pub(crate) slug: Option<String>,
    /// Order within the section, lower first. Default: after weighted pages.
    pub(crate) weight: Option<i64>,
    /// When the page was first published.
    pub(crate) date: Option<Date>,
    /// When the page last changed meaningfully; feeds and sitemaps use it.
    pub(crate) updated: Option<Date>,
    /// Leave the page out unless building with `--drafts`.
    #[serde(default)]
    pub(crate) draft: bool,
    /// The template to render the page with, instead of `page.html`/`section.html`.
    pub(crate) template: Option<String>,
    /// Include the page in the search index. Default: true.
    pub(crate) search: Option<bool>,
    /// Present on policy pages: version and lifecycle dates.
    pub policy: Option<PolicyMeta>,
    /// Check codes to silence for this page only (see `beleid check`).
    #[serde(default)]
    pub(crate) ignore_checks: Vec<String>,
    /// Old paths of this page (below the site's base path, such as
    /// `/oud/pad/`) that redirect to it.
    #[serde(default)]
    pub(crate) aliases: Vec<String>,
    /// Free values for templates.
    #[serde(default)]
    pub(crate) extra: BTreeMap<String, minijinja::Value>,
}

/// `[policy]` in front matter: what makes a page a policy page.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyMeta {
    /// The policy's version, such as `1.2`.
    #[serde(default, deserialize_with = "string_or_number")]
    pub version: Option<String>,
    /// The day the policy takes effect.
    pub effective: Option<Date>,
    /// The day the policy must next be reviewed.
    pub review: Option<Date>,
    /// The role or team that owns the policy and answers questions about it
    /// (`"HR"`, `"Communicatie"`); `beleid check` warns when it is missing.
    pub owner: Option<String>,
    /// Who approved this version, such as `"Directie, met instemming van de
    /// ondernemingsraad"`.
    pub approved_by: Option<String>,
    /// The day this version was approved.
    pub approved: Option<Date>,
    /// What changed in this version and why (shown in the version table,
    /// the "what changed" page and the feed).
    pub note: Option<String>,
}

/// Which syntax a front matter block uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// `+++` fences.
    Toml,
    /// `---` fences.
    Yaml,
}

/// A Markdown file split into its parts.
#[derive(Debug, Clone)]
pub(crate) struct Split<'a> {
    /// The front matter text (without fences), if any.
    pub(crate) front_matter: Option<(Format, &'a str)>,
    /// The Markdown body.
    pub(crate) body: &'a str,
    /// The 1-based line of the file on which the body starts.
    pub(crate) body_line: usize,
}

/// Splits a file into front matter and body. The text must already have its
/// byte-order mark removed.
pub(crate) fn split<'a>(text: &'a str, path: &Path) -> Result<Split<'a>, Diagnostic> {
    let (format, fence) = if is_fence(text, "+++") {
        (Format::Toml, "+++")
    } else if is_fence(text, "---") {
        (Format::Yaml, "---")
    } else {
        return Ok(Split { front_matter: None, body: text, body_line: 1 });
    };
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = first_line_end;
    for (line, raw) in (2..).zip(text[first_line_end..].split_inclusive('\n')) {
        let content = raw.trim_end_matches(['\n', '\r']);
        if content.trim_end() == fence || (format == Format::Yaml && content.trim_end() == "...") {
            let fm = &text[first_line_end..offset];
            let body_start = offset + raw.len();
            return Ok(Split { front_matter: Some((format, fm)), body: &text[body_start..], body_line: line + 1 });
        }
        offset += raw.len();
    }
    Err(Diagnostic::error(
        "front-matter",
        path,
        format!("the front matter that starts here is never closed by a `{fence}` line"),
    )
    .at(1, 1)
    .hint(format!("add a line with only `{fence}` after the last metadata line")))
}

fn is_fence(text: &str, fence: &str) -> bool {
    text.split('\n').next().is_some_and(|first| first.trim_end() == fence)
}

/// The keys [`FrontMatter`] takes (a unit test keeps this equal to serde's list).
const KEYS: &[&str] = &[
    "title",
    "description",
    "slug",
    "weight",
    "date",
    "updated",
    "draft",
    "template",
    "search",
    "policy",
    "ignore_checks",
    "aliases",
    "extra",
];

/// The keys [`PolicyMeta`] takes.
const POLICY_KEYS: &[&str] = &["version", "effective", "review", "owner", "approved_by", "approved", "note"];

/// Parses front matter text (front matter starts on line 2 of the file).
pub(crate) fn parse(format: Format, text: &str, path: &Path) -> Result<FrontMatter, Diagnostic> {
    if format == Format::Yaml {
        if text.trim().is_empty() {
            return Ok(FrontMatter::default());
        }
        check_yaml_nesting(text, path)?;
    }
    if let Some(d) = unknown_keys(format, text, path) {
        return Err(d);
    }
    match format {
        Format::Toml => toml::from_str(text).map_err(|e| toml_diagnostic(&e, text, path, "front-matter", 1)),
        Format::Yaml => {
            serde_yaml_ng::from_str(text).map_err(|e| {
                let message = e.to_string();
                // serde_yaml appends " at line L column C"; the position is
                // given separately, so cut it from the message.
                let message = message.split(" at line ").next().unwrap_or(&message).to_string();
                let mut d = Diagnostic::error("front-matter", path, message.clone());
                if let Some(loc) = e.location() {
                    // From the byte index, so lines are counted as
                    // everywhere else (a lone CR is not a line break here).
                    let (line, column) = crate::error::line_col(text, loc.index());
                    d = d.at(line + 1, column);
                }
                if let Some(hint) = unknown_field_hint(&message) {
                    d = d.hint(hint);
                } else if message.starts_with("mapping values are not allowed") {
                    d = d.hint("a value that holds `: ` must be quoted, as in `title: \"API: een inleiding\"`");
                }
                d
            })
        }
    }
}

/// Every key the front matter sets that beleid does not know, reported at
/// once in one diagnostic (serde stops at the first). `None` when all keys
/// are known or the text does not parse (the typed parse then says why).
fn unknown_keys(format: Format, text: &str, path: &Path) -> Option<Diagnostic> {
    let keys: Vec<(String, bool)> = match format {
        Format::Toml => {
            let table: toml::Table = toml::from_str(text).ok()?;
            let policy = table.get("policy").and_then(|p| p.as_table());
            let nested = policy.into_iter().flat_map(|p| p.keys().map(|k| (k.clone(), true)));
            table.keys().map(|k| (k.clone(), false)).chain(nested).collect()
        }
        Format::Yaml => {
            let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(text).ok()?;
            let mapping = value.as_mapping()?;
            let policy = mapping.get("policy").and_then(|p| p.as_mapping());
            let nested =
                policy.into_iter().flat_map(|p| p.keys().filter_map(|k| Some((k.as_str()?.to_string(), true))));
            mapping.keys().filter_map(|k| Some((k.as_str()?.to_string(), false))).chain(nested).collect()
        }
    };
    let unknown: Vec<(String, &[&str])> = keys
        .into_iter()
        .map(|(key, in_policy)| (key, if in_policy { POLICY_KEYS } else { KEYS }))
        .filter(|(key, known)| !known.contains(&key.as_str()))
        .collect();
    let (first, _) = unknown.first()?;
    let position = key_position(format, text, first);
    let named: Vec<String> = unknown
        .iter()
        .map(|(key, _)| match key_position(format, text, key) {
            Some((line, _)) => format!("`{key}` (line {line})"),
            None => format!("`{key}`"),
        })
        .collect();
    let typos: Vec<String> = unknown
        .iter()
        .filter_map(|(key, known)| Some((key, crate::error::closest(key, known.iter().copied())?)))
        .map(
            |(key, best)| {
                if unknown.len() == 1 { format!("did you mean `{best}`?") } else { format!("`{best}` for `{key}`?") }
            },
        )
        .collect();
    let mut hint = match typos.len() {
        0 => String::new(),
        _ if unknown.len() == 1 => typos.join(""),
        _ => format!("did you mean {}; ", typos.join(", ")),
    };
    if typos.len() < unknown.len() {
        if !hint.is_empty() && !hint.ends_with("; ") {
            hint.push_str("; ");
        }
        let extra = match format {
            Format::Toml => "an `[extra]` table",
            Format::Yaml => "`extra:`",
        };
        hint.push_str(&format!(
            "move custom keys under {extra}, where templates read them as `page.extra.key`; known keys: {}",
            KEYS.join(", ")
        ));
    }
    let noun = if unknown.len() == 1 { "key" } else { "keys" };
    let mut d = Diagnostic::error("front-matter", path, format!("unknown front-matter {noun} {}", named.join(", ")))
        .hint(hint.trim_end_matches("; ").to_string());
    if let Some((line, column)) = position {
        d = d.at(line, column);
    }
    Some(d)
}

/// Deepest nesting accepted in YAML front matter (front matter needs a few
/// levels; the YAML parser takes quadratic time on very deep nesting).
const MAX_YAML_DEPTH: usize = 64;

/// Refuses YAML nested deeper than [`MAX_YAML_DEPTH`], in flow collections
/// (`{a: {b: ...}}`) or by indentation, before the YAML parser sees it.
fn check_yaml_nesting(text: &str, path: &Path) -> Result<(), Diagnostic> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let mut too_deep = indent / 2 > MAX_YAML_DEPTH;
        for (column, c) in line.char_indices() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') if column == 0 || line[..column].ends_with(' ') => break,
                (None, '{' | '[') => {
                    depth += 1;
                    too_deep |= depth > MAX_YAML_DEPTH;
                }
                (None, '}' | ']') => depth = depth.saturating_sub(1),
                _ => {}
            }
            if too_deep {
                return Err(Diagnostic::error(
                    "front-matter",
                    path,
                    format!("the front matter nests more than {MAX_YAML_DEPTH} levels deep"),
                )
                .at(i + 2, column + 1)
                .hint("front matter holds a few plain values; flatten it"));
            }
        }
        // A quoted scalar may continue on the next line; a single quote in
        // plain text ("it's") must not swallow the rest of the block.
        if quote == Some('\'') {
            quote = None;
        }
    }
    Ok(())
}

/// Finds the 1-based line and column in the file where front matter `key`
/// (a top-level key or one in `[policy]`) is set, for diagnostics about
/// values that parsed fine but are wrong.
pub(crate) fn key_position(format: Format, front_matter: &str, key: &str) -> Option<(usize, usize)> {
    let (line, column) = match format {
        Format::Toml => crate::config::key_position(front_matter, &[key])
            .or_else(|| crate::config::key_position(front_matter, &["policy", key]))?,
        Format::Yaml => yaml_key_position(front_matter, key)?,
    };
    // Front matter starts on the line after the opening fence.
    Some((line + 1, column))
}

/// The YAML parser records no positions of keys, so the lines are read:
/// the first that starts with `key:`, as (line, column) in the block.
fn yaml_key_position(front_matter: &str, key: &str) -> Option<(usize, usize)> {
    for (i, line) in front_matter.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':')) {
            return Some((i + 1, line.len() - trimmed.len() + 1));
        }
    }
    None
}

fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a version such as \"1.2\"")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(format!("{v:?}")))
        }
    }
    d.deserialize_any(V)
}

#[cfg(test)]
#[path = "front_matter_tests.rs"]
mod tests;
