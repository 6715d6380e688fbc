//! `beleid.toml`: the site configuration, as typed structs with defaults.
//!
//! Every table rejects keys it does not know, and the error names the file,
//! line and column and suggests the closest known key, so a typo never
//! silently falls back to a default. Each field's doc comment states its
//! default; README.md's reference is written from these comments.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Diagnostic, Error, Result};

mod toml_diagnostics;
mod validate;

pub(crate) use toml_diagnostics::{key_position, key_position_in_table, toml_diagnostic, unknown_field_hint};

/// The configuration file's name at the site root.
pub(crate) const CONFIG_FILE: &str = "beleid.toml";

/// The site configuration as written in `beleid.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The site's title, shown in the header and the browser tab. Required.
    pub(crate) title: String,
    /// A one-line description of the site, used when a language sets none.
    /// Default: empty.
    #[serde(default)]
    pub(crate) description: String,
    /// The address the site is published at, such as `https://example.org/`
    /// or, under a sub-path, `https://example.org/beleid/`. Required.
    pub base_url: String,
    /// The code of the language served at the site root (`nl`). Required.
    pub(crate) default_language: String,
    /// The site's languages by code. Default: only `default_language`.
    #[serde(default)]
    pub languages: BTreeMap<String, LanguageConfig>,
    /// The theme: a folder under `themes/`, or `default` for the built-in
    /// theme when the site has no `themes/default/`. Default: `default`.
    #[serde(default = "default_theme")]
    pub(crate) theme: String,
    /// Where pages are edited, such as
    /// `https://github.com/org/site/edit/main/`: each page then links to
    /// this address followed by its source file's path from the site root
    /// (`content/nl/over.md`). Default: none (no edit link).
    pub(crate) edit_url: Option<String>,
    /// Markdown rendering.
    #[serde(default)]
    pub(crate) markdown: MarkdownConfig,
    /// The client-side search.
    #[serde(default)]
    pub(crate) search: SearchConfig,
    /// Atom feeds.
    #[serde(default)]
    pub(crate) feed: FeedConfig,
    /// `beleid check` settings.
    #[serde(default)]
    pub(crate) check: CheckConfig,
    /// `[security]`: the Content-Security-Policy and security headers.
    #[serde(default)]
    pub(crate) security: crate::csp::SecurityConfig,
    /// Free values for templates and content: write `{{ extra.organisation }}`
    /// in Markdown. Default: empty.
    #[serde(default)]
    pub(crate) extra: BTreeMap<String, toml::Value>,
}

/// One language of the site (`[languages.en]`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// The language's own name for itself, shown in the language switcher
    /// (`Nederlands`). Default: a known name for common codes, else the code.
    pub(crate) name: Option<String>,
    /// The site title in this language. Default: the site `title`.
    pub(crate) title: Option<String>,
    /// The site description in this language. Default: the site `description`.
    pub(crate) description: Option<String>,
    /// The path the language is served under, relative to `base_url`.
    /// Default: empty for the default language, the code for the others.
    pub(crate) path: Option<String>,
    /// Order in the language switcher (lower first). Default: the default
    /// language first, then by code.
    pub(crate) weight: Option<i64>,
    /// `[languages.<code>.extra]`: values that replace the site's `[extra]`
    /// keys of the same name on this language's pages (placeholders in
    /// content and `site.extra` in templates), for wording a language needs,
    /// such as the organisation's name inside a sentence. Default: empty.
    #[serde(default)]
    pub(crate) extra: BTreeMap<String, toml::Value>,
}

/// `[markdown]`: how Markdown becomes HTML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Curly quotes, dashes and ellipses. Default: true.
    pub(crate) smart_punctuation: bool,
    /// Highlight fenced code blocks with CSS classes. Default: true.
    pub(crate) highlight_code: bool,
    /// The highlight theme for the light colour scheme: `beleid-light` or
    /// one of syntect's. Default: `beleid-light` (all colours at least 4.5:1).
    pub(crate) highlight_theme: String,
    /// The highlight theme for the dark colour scheme. Default: `beleid-dark`.
    pub(crate) highlight_theme_dark: String,
    /// Pass raw HTML in Markdown through to the page. Default: false (raw
    /// HTML is left out, so content cannot inject script).
    pub(crate) raw_html: bool,
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
pub(crate) struct SearchConfig {
    /// Build a search index per language and show the search box. Default: true.
    pub(crate) enabled: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { enabled: true }
    }
}

/// `[feed]`: one Atom feed per language of recently updated pages.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct FeedConfig {
    /// Write `atom.xml` per language. Default: true.
    pub(crate) enabled: bool,
    /// The number of most recently updated pages in a feed. Default: 20.
    pub(crate) limit: usize,
}

impl Default for FeedConfig {
    fn default() -> Self {
        FeedConfig { enabled: true, limit: 20 }
    }
}

/// `[check]`: tuning for `beleid check` and the checks run during a build.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct CheckConfig {
    /// Check codes to silence everywhere (such as `stale-translation`).
    /// Default: none.
    pub(crate) ignore: Vec<String>,
    /// Warn when a policy's review date is this many days away or fewer.
    /// Default: 30.
    pub(crate) review_warning_days: i64,
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
    pub(crate) fn load(root: &Path) -> Result<Config> {
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

    /// The language codes in switcher order: by weight, the default language
    /// first among equals, then by code.
    pub(crate) fn language_codes(&self) -> Vec<&str> {
        let mut codes: Vec<&str> = self.languages.keys().map(String::as_str).collect();
        codes.sort_by_key(|c| {
            let weight = self.languages[*c].weight.unwrap_or(0);
            (weight, *c != self.default_language, *c)
        });
        codes
    }

    /// The path a language is served under, without slashes (`""` or `en`).
    pub(crate) fn language_path(&self, code: &str) -> String {
        let configured = self.languages.get(code).and_then(|l| l.path.clone());
        let p =
            configured.unwrap_or_else(|| if code == self.default_language { String::new() } else { code.to_string() });
        p.trim_matches('/').to_string()
    }

    /// The display name of a language.
    pub(crate) fn language_name(&self, code: &str) -> String {
        self.languages
            .get(code)
            .and_then(|l| l.name.clone())
            .unwrap_or_else(|| known_language_name(code).unwrap_or(code).to_string())
    }

    /// The site title in a language.
    pub(crate) fn language_title(&self, code: &str) -> String {
        self.languages.get(code).and_then(|l| l.title.clone()).unwrap_or_else(|| self.title.clone())
    }

    /// The site description in a language.
    pub(crate) fn language_description(&self, code: &str) -> String {
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
    pub(crate) fn path(root: &Path) -> PathBuf {
        root.join(CONFIG_FILE)
    }
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

#[cfg(test)]
mod tests;
