//! `beleid.toml`: the site configuration, as typed structs with defaults.
//!
//! Every table rejects keys it does not know, and the error names the file,
//! line and column and suggests the closest known key, so a typo never
//! silently falls back to a default. Each field's doc comment states its
//! default; README.md's reference is written from these comments.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Diagnostic, Error, Result, closest, line_col};

/// The configuration file's name at the site root.
pub const CONFIG_FILE: &str = "beleid.toml";

/// The site configuration as written in `beleid.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's title, shown in the header and the browser tab. Required.
    pub title: String,
    /// A one-line description of the site, used when a language sets none.
    /// Default: empty.
    #[serde(default)]
    pub description: String,
    /// The address the site is published at, such as `https://example.org/`
    /// or, under a sub-path, `https://example.org/beleid/`. Required.
    pub base_url: String,
    /// The code of the language served at the site root (`nl`). Required.
    pub default_language: String,
    /// The site's languages by code. Default: only `default_language`.
    #[serde(default)]
    pub languages: BTreeMap<String, LanguageConfig>,
    /// The theme: a folder under `themes/`, or `default` for the built-in
    /// theme when the site has no `themes/default/`. Default: `default`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Where pages are edited, such as
    /// `https://github.com/org/site/edit/main/`: each page then links to
    /// this address followed by its source file's path from the site root
    /// (`content/nl/over.md`). Default: none (no edit link).
    pub edit_url: Option<String>,
    /// Markdown rendering.
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// The client-side search.
    #[serde(default)]
    pub search: SearchConfig,
    /// Atom feeds.
    #[serde(default)]
    pub feed: FeedConfig,
    /// `beleid check` settings.
    #[serde(default)]
    pub check: CheckConfig,
    /// `[security]`: the Content-Security-Policy and security headers.
    #[serde(default)]
    pub security: crate::csp::SecurityConfig,
    /// Free values for templates and content: write `{{ extra.organisation }}`
    /// in Markdown. Default: empty.
    #[serde(default)]
    pub extra: BTreeMap<String, toml::Value>,
}

/// One language of the site (`[languages.en]`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// The language's own name for itself, shown in the language switcher
    /// (`Nederlands`). Default: a known name for common codes, else the code.
    pub name: Option<String>,
    /// The site title in this language. Default: the site `title`.
    pub title: Option<String>,
    /// The site description in this language. Default: the site `description`.
    pub description: Option<String>,
    /// The path the language is served under, relative to `base_url`.
    /// Default: empty for the default language, the code for the others.
    pub path: Option<String>,
    /// Order in the language switcher (lower first). Default: the default
    /// language first, then by code.
    pub weight: Option<i64>,
    /// `[languages.<code>.extra]`: values that replace the site's `[extra]`
    /// keys of the same name on this language's pages (placeholders in
    /// content and `site.extra` in templates), for wording a language needs,
    /// such as the organisation's name inside a sentence. Default: empty.
    #[serde(default)]
    pub extra: BTreeMap<String, toml::Value>,
}

/// `[markdown]`: how Markdown becomes HTML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Curly quotes, dashes and ellipses. Default: true.
    pub smart_punctuation: bool,
    /// Highlight fenced code blocks with CSS classes. Default: true.
    pub highlight_code: bool,
    /// The highlight theme for the light colour scheme: `beleid-light` or
    /// one of syntect's. Default: `beleid-light` (all colours at least 4.5:1).
    pub highlight_theme: String,
    /// The highlight theme for the dark colour scheme. Default: `beleid-dark`.
    pub highlight_theme_dark: String,
    /// Pass raw HTML in Markdown through to the page. Default: false (raw
    /// HTML is left out, so content cannot inject script).
    pub raw_html: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            smart_punctuation: true,
            highlight_code: true,
            highlight_theme: crate::highlight::DEFAULT_LIGHT_THEME.into(),
            highlight_theme_dark: crate::highlight::DEFAULT_DARK_THEME.into(),
            raw_html: false,
        }
    }
}

/// `[search]`: the client-side search index.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SearchConfig {
    /// Build a search index per language and show the search box. Default: true.
    pub enabled: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { enabled: true }
    }
}

/// `[feed]`: one Atom feed per language of recently updated pages.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FeedConfig {
    /// Write `atom.xml` per language. Default: true.
    pub enabled: bool,
    /// The number of most recently updated pages in a feed. Default: 20.
    pub limit: usize,
}

impl Default for FeedConfig {
    fn default() -> Self {
        FeedConfig { enabled: true, limit: 20 }
    }
}

/// `[check]`: tuning for `beleid check` and the checks run during a build.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CheckConfig {
    /// Check codes to silence everywhere (such as `stale-translation`).
    /// Default: none.
    pub ignore: Vec<String>,
    /// Warn when a policy's review date is this many days away or fewer.
    /// Default: 30.
    pub review_warning_days: i64,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig { ignore: Vec::new(), review_warning_days: 30 }
    }
}

fn default_theme() -> String {
    "default".into()
}

impl Config {
    /// Reads and validates `<root>/beleid.toml`.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let bytes = std::fs::read(&path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::site(
                    Diagnostic::error("missing-config", &path, "no beleid.toml at the site root")
                        .hint("run beleid in a site folder, pass --root DIR, or start one with `beleid init DIR`"),
                )
            } else {
                Error::io(&path, e)
            }
        })?;
        let text = crate::files::decode_utf8(bytes, &path).map_err(Error::site)?;
        Config::parse(&text, &path)
    }

    /// Parses and validates configuration text; `path` is used in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut config: Config =
            toml::from_str(text).map_err(|e| Error::site(toml_diagnostic(&e, text, path, "config", 0)))?;
        config.validate(text, path)?;
        Ok(config)
    }

    fn validate(&mut self, text: &str, path: &Path) -> Result<()> {
        let mut problems = Vec::new();
        let at_key = |key: &str| key_position(text, key);
        if !(self.base_url.starts_with("https://") || self.base_url.starts_with("http://")) {
            let (line, col) = at_key("base_url");
            problems.push(
                Diagnostic::error("config", path, format!("base_url {:?} is not an http(s) address", self.base_url))
                    .at(line, col)
                    .hint("write the address the site will be published at, such as \"https://example.org/\""),
            );
        }
        if self.languages.is_empty() {
            self.languages.insert(self.default_language.clone(), LanguageConfig::default());
        }
        if !self.languages.contains_key(&self.default_language) {
            let (line, col) = at_key("default_language");
            let known: Vec<&str> = self.languages.keys().map(String::as_str).collect();
            problems.push(
                Diagnostic::error(
                    "config",
                    path,
                    format!(
                        "default_language {:?} has no [languages.{}] table",
                        self.default_language, self.default_language
                    ),
                )
                .at(line, col)
                .hint(format!("use one of: {}", known.join(", "))),
            );
        }
        for code in self.languages.keys() {
            if !is_language_code(code) {
                let (line, col) = at_key(&format!("languages.{code}"));
                problems.push(
                    Diagnostic::error("config", path, format!("{code:?} is not a language code"))
                        .at(line, col)
                        .hint("use a code such as nl, en or pt-br (lowercase letters and '-')"),
                );
            }
        }
        for (code, language) in &self.languages {
            let Some(p) = &language.path else { continue };
            let safe = p.trim_matches('/').split('/').all(|segment| {
                segment.is_empty()
                    || (segment != "."
                        && segment != ".."
                        && segment.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')))
            });
            if !safe {
                let (line, col) = key_position_in_table(text, &format!("languages.{code}"), "path");
                problems.push(
                    Diagnostic::error(
                        "config",
                        path,
                        format!("the path {p:?} of language {code} is not a plain folder name"),
                    )
                    .at(line, col)
                    .hint("use letters, digits and '-', such as path = \"en\""),
                );
            }
        }
        let mut seen_paths = BTreeMap::new();
        for code in self.languages.keys() {
            let p = self.language_path(code);
            if let Some(other) = seen_paths.insert(p.clone(), code.clone()) {
                problems.push(
                    Diagnostic::error("config", path, format!("languages {other} and {code} are both served at /{p}"))
                        .hint("give one of them a different `path`"),
                );
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(Error::Site(problems)) }
    }

    /// The language codes in switcher order: by weight, the default language
    /// first among equals, then by code.
    pub fn language_codes(&self) -> Vec<&str> {
        let mut codes: Vec<&str> = self.languages.keys().map(String::as_str).collect();
        codes.sort_by_key(|c| {
            let weight = self.languages[*c].weight.unwrap_or(0);
            (weight, *c != self.default_language, *c)
        });
        codes
    }

    /// The path a language is served under, without slashes (`""` or `en`).
    pub fn language_path(&self, code: &str) -> String {
        let configured = self.languages.get(code).and_then(|l| l.path.clone());
        let p =
            configured.unwrap_or_else(|| if code == self.default_language { String::new() } else { code.to_string() });
        p.trim_matches('/').to_string()
    }

    /// The display name of a language.
    pub fn language_name(&self, code: &str) -> String {
        self.languages
            .get(code)
            .and_then(|l| l.name.clone())
            .unwrap_or_else(|| known_language_name(code).unwrap_or(code).to_string())
    }

    /// The site title in a language.
    pub fn language_title(&self, code: &str) -> String {
        self.languages.get(code).and_then(|l| l.title.clone()).unwrap_or_else(|| self.title.clone())
    }

    /// The site description in a language.
    pub fn language_description(&self, code: &str) -> String {
        self.languages.get(code).and_then(|l| l.description.clone()).unwrap_or_else(|| self.description.clone())
    }

    /// The `[extra]` values for pages of language `lang`: the site's
    /// `[extra]` with that language's `[languages.<code>.extra]` keys laid
    /// over it.
    pub fn extra_for(&self, lang: &str) -> BTreeMap<String, toml::Value> {
        let mut merged = self.extra.clone();
        if let Some(language) = self.languages.get(lang) {
            merged.extend(language.extra.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        merged
    }

    /// The value of `[extra]` key (dotted for nested tables, `contact.email`)
    /// as text for pages of language `lang`, if it exists and is a plain
    /// value; the language's own `[languages.<code>.extra]` value wins.
    pub fn extra_text(&self, lang: &str, key: &str) -> Option<String> {
        let mut parts = key.split('.');
        let first = parts.next()?;
        let own = self.languages.get(lang).and_then(|l| l.extra.get(first));
        let mut value = own.or_else(|| self.extra.get(first))?;
        for part in parts {
            value = value.as_table()?.get(part)?;
        }
        match value {
            toml::Value::String(s) => Some(s.clone()),
            toml::Value::Integer(i) => Some(i.to_string()),
            toml::Value::Float(f) => Some(f.to_string()),
            toml::Value::Boolean(b) => Some(b.to_string()),
            toml::Value::Datetime(d) => Some(d.to_string()),
            toml::Value::Array(_) | toml::Value::Table(_) => None,
        }
    }

    /// The config file path for a site root.
    pub fn path(root: &Path) -> PathBuf {
        root.join(CONFIG_FILE)
    }
}

fn is_language_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 16
        && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
        && !code.starts_with('-')
}

fn known_language_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "nl" => "Nederlands",
        "en" => "English",
        "de" => "Deutsch",
        "fr" => "Français",
        "es" => "Español",
        "it" => "Italiano",
        "pt" => "Português",
        "fy" => "Frysk",
        "pl" => "Polski",
        "tr" => "Türkçe",
        "ar" => "العربية",
        _ => return None,
    })
}

/// Finds where a (dotted) key is written, for errors found after parsing.
/// Falls back to the start of the file.
fn key_position(text: &str, key: &str) -> (usize, usize) {
    let last = key.rsplit('.').next().unwrap_or(key);
    let table = key.rsplit_once('.').map(|(t, _)| t);
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let matches_table = table.is_some_and(|t| trimmed.starts_with(&format!("[{t}.{last}]")));
        let matches_key = trimmed.starts_with(last) && trimmed[last.len()..].trim_start().starts_with('=');
        if matches_table || matches_key {
            return line_col(text, offset + indent);
        }
        offset += line.len();
    }
    (1, 1)
}

/// Finds `key = ...` inside the table `[table]`, or the table header, as
/// (line, column); (1, 1) when neither is written.
pub(crate) fn key_position_in_table(text: &str, table: &str, key: &str) -> (usize, usize) {
    let header = format!("[{table}]");
    let mut offset = 0;
    let mut in_table = false;
    let mut table_position = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            in_table = trimmed.trim_end() == header;
            if in_table {
                table_position = Some(line_col(text, offset));
            }
        } else if in_table && trimmed.starts_with(key) && trimmed[key.len()..].trim_start().starts_with('=') {
            return line_col(text, offset + line.len() - trimmed.len());
        }
        offset += line.len();
    }
    table_position.unwrap_or((1, 1))
}

/// Turns a TOML (syntax or schema) error into a diagnostic with position;
/// `line_offset` is added when the TOML text starts further down a file
/// (front matter). Unknown keys get a "did you mean" hint.
pub(crate) fn toml_diagnostic(
    error: &toml::de::Error,
    text: &str,
    path: &Path,
    code: &'static str,
    line_offset: usize,
) -> Diagnostic {
    let (line, col) = error.span().map_or((0, 0), |s| line_col(text, s.start));
    let message = error.message().trim().to_string();
    let mut diagnostic = Diagnostic::error(code, path, message.clone());
    if line > 0 {
        diagnostic = diagnostic.at(line + line_offset, col);
    }
    if let Some(hint) = unknown_field_hint(&message) {
        diagnostic = diagnostic.hint(hint);
    }
    diagnostic
}

/// For serde's "unknown field `x`, expected one of `a`, `b`" messages: a hint
/// suggesting the closest known key, else listing them.
pub(crate) fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    if expected.is_empty() {
        return Some(format!("remove `{field}`: this table takes no keys"));
    }
    Some(match closest(field, expected.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("known keys here: {}", expected.join(", ")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "title = \"T\"\nbase_url = \"https://example.org/\"\ndefault_language = \"nl\"\n";

    #[test]
    fn defaults_fill_in() {
        let c = Config::parse(MINIMAL, Path::new("beleid.toml")).unwrap();
        assert_eq!(c.theme, "default");
        assert!(c.markdown.smart_punctuation && c.search.enabled && c.feed.enabled);
        assert_eq!(c.language_codes(), vec!["nl"]);
        assert_eq!(c.language_path("nl"), "");
        assert_eq!(c.language_name("nl"), "Nederlands");
    }

    #[test]
    fn unknown_key_names_position_and_suggests() {
        let text = format!("{MINIMAL}\n[markdown]\nsmart_punctuaton = false\n");
        let Err(Error::Site(d)) = Config::parse(&text, Path::new("site/beleid.toml")) else {
            panic!("expected an error");
        };
        assert_eq!(d[0].location(), "site/beleid.toml:6:1");
        assert!(d[0].message.contains("unknown field `smart_punctuaton`"), "{}", d[0].message);
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `smart_punctuation`?"));
    }

    #[test]
    fn validation_errors_are_positioned() {
        let text = "title = \"T\"\nbase_url = \"example.org\"\ndefault_language = \"de\"\n[languages.nl]\n";
        let Err(Error::Site(d)) = Config::parse(text, Path::new("beleid.toml")) else {
            panic!("expected an error");
        };
        let locations: Vec<String> = d.iter().map(Diagnostic::location).collect();
        assert_eq!(locations, vec!["beleid.toml:2:1", "beleid.toml:3:1"]);
    }

    #[test]
    fn languages_order_and_paths() {
        let text = format!("{MINIMAL}[languages.en]\n[languages.nl]\n[languages.de]\npath = \"duits\"\n");
        let c = Config::parse(&text, Path::new("beleid.toml")).unwrap();
        assert_eq!(c.language_codes(), vec!["nl", "de", "en"]);
        assert_eq!(c.language_path("en"), "en");
        assert_eq!(c.language_path("de"), "duits");
    }

    #[test]
    fn a_language_path_must_stay_inside() {
        let text = format!("{MINIMAL}[languages.nl]\n[languages.en]\npath = \"../buiten\"\n");
        let Err(Error::Site(d)) = Config::parse(&text, Path::new("beleid.toml")) else { panic!("expected an error") };
        assert_eq!(d[0].location(), "beleid.toml:6:1");
        assert!(d[0].message.contains("not a plain folder name"), "{}", d[0].message);
        let ok = format!("{MINIMAL}[languages.nl]\n[languages.en]\npath = \"engels/v2\"\n");
        assert!(Config::parse(&ok, Path::new("beleid.toml")).is_ok());
    }

    #[test]
    fn extra_text_reads_nested_values() {
        let text = format!("{MINIMAL}[extra]\norg = \"X\"\nyear = 2026\n[extra.contact]\nemail = \"a@b\"\n");
        let c = Config::parse(&text, Path::new("beleid.toml")).unwrap();
        assert_eq!(c.extra_text("nl", "org").as_deref(), Some("X"));
        assert_eq!(c.extra_text("nl", "year").as_deref(), Some("2026"));
        assert_eq!(c.extra_text("nl", "contact.email").as_deref(), Some("a@b"));
        assert_eq!(c.extra_text("nl", "contact"), None);
        assert_eq!(c.extra_text("nl", "missing"), None);
    }

    #[test]
    fn a_language_extra_overrides_the_site_extra_for_that_language_only() {
        let text = format!(
            "{MINIMAL}[languages.nl]\n[languages.en]\n[languages.en.extra]\norg_in_text = \"Zuiderhaven municipality\"\n\
             [extra]\norg = \"Gemeente Zuiderhaven\"\norg_in_text = \"de gemeente Zuiderhaven\"\n"
        );
        let c = Config::parse(&text, Path::new("beleid.toml")).unwrap();
        assert_eq!(c.extra_text("nl", "org_in_text").as_deref(), Some("de gemeente Zuiderhaven"));
        assert_eq!(c.extra_text("en", "org_in_text").as_deref(), Some("Zuiderhaven municipality"));
        assert_eq!(c.extra_text("en", "org").as_deref(), Some("Gemeente Zuiderhaven"));
        let en = c.extra_for("en");
        assert_eq!(en["org_in_text"].as_str(), Some("Zuiderhaven municipality"));
        assert_eq!(c.extra_for("nl")["org_in_text"].as_str(), Some("de gemeente Zuiderhaven"));
    }
}
