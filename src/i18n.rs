//! UI strings: the words the theme puts around content ("Search", "On this
//! page", "Next review"), per language, from `i18n/<lang>.toml` in the theme,
//! with the site's own `i18n/<lang>.toml` laid over them.
//!
//! A string missing in one language falls back to the default language's,
//! never to a blank; `beleid check` reports the gap.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::{Config, toml_diagnostic};
use crate::error::{Diagnostic, Error, Result};
use crate::files::walk::{Entry, input_dir, walk};
use crate::theme::Theme;

/// The UI strings of every language, fallbacks applied.
#[derive(Debug, Clone, Default)]
pub struct Strings {
    merged: BTreeMap<String, toml::Table>,
    own: BTreeMap<String, toml::Table>,
}

impl Strings {
    /// Loads the strings for every configured language.
    /// The site's own `i18n/` is read with the rule of
    /// [`crate::files::walk`]; linked files in it are skipped with a
    /// warning appended to `warnings`.
    pub fn load(root: &Path, theme: &Theme, config: &Config, warnings: &mut Vec<Diagnostic>) -> Result<Strings> {
        let site_files = site_files(root, warnings)?;
        let mut own = BTreeMap::new();
        let mut errors = Vec::new();
        for code in config.languages.keys() {
            let mut table = toml::Table::new();
            let name = format!("i18n/{code}.toml");
            if let Some(file) = theme.file(&name) {
                match parse(&file.bytes, &file.shown) {
                    Ok(t) => table.extend(t),
                    Err(d) => errors.push(d),
                }
            }
            if let Some(entry) = site_files.iter().find(|e| e.rel == format!("{code}.toml")) {
                let bytes = std::fs::read(&entry.path).map_err(|e| Error::io(&entry.path, e))?;
                match parse(&bytes, &entry.shown) {
                    Ok(t) => table.extend(t),
                    Err(d) => errors.push(d),
                }
            }
            own.insert(code.clone(), table);
        }
        if !errors.is_empty() {
            return Err(Error::Site(errors));
        }
        let default = own.get(&config.default_language).cloned().unwrap_or_default();
        let merged = own
            .iter()
            .map(|(code, table)| {
                let mut m = default.clone();
                m.extend(table.clone());
                (code.clone(), m)
            })
            .collect();
        Ok(Strings { merged, own })
    }

    /// A language's strings, fallbacks applied, as a template value.
    pub fn value(&self, lang: &str) -> minijinja::Value {
        minijinja::Value::from(minijinja::value::Serde(self.merged.get(lang).cloned().unwrap_or_default()))
    }

    /// One string in a language (fallbacks applied), if it is text.
    pub fn get(&self, lang: &str, key: &str) -> Option<&str> {
        self.merged.get(lang)?.get(key)?.as_str()
    }

    /// True if the language's own files define `key` (without fallback).
    pub fn defines(&self, lang: &str, key: &str) -> bool {
        self.own.get(lang).is_some_and(|t| t.contains_key(key))
    }
}

/// The files of the site's `i18n/` folder, if it has one.
fn site_files(root: &Path, warnings: &mut Vec<Diagnostic>) -> Result<Vec<Entry>> {
    let Some(dir) = input_dir(root, "i18n").map_err(Error::site)? else {
        return Ok(Vec::new());
    };
    let walked = walk(root, &dir);
    if !walked.errors.is_empty() {
        return Err(Error::Site(walked.errors));
    }
    warnings.extend(walked.skipped);
    Ok(walked.entries.into_iter().filter(|e| !e.is_dir).collect())
}

fn parse(bytes: &[u8], shown: &Path) -> Result<toml::Table, Diagnostic> {
    let text = crate::files::decode_utf8(bytes.to_vec(), shown)?;
    toml::from_str(&text).map_err(|e| toml_diagnostic(&e, &text, shown, "i18n", 0))
}
