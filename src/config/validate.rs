//! Checks on `beleid.toml` that its types cannot express: addresses,
//! language codes and the folders languages are served under.

use std::collections::BTreeMap;
use std::path::Path;

use super::toml_diagnostics::key_position;
use super::{Config, LanguageConfig};
use crate::error::{Diagnostic, Error, Result};

impl Config {
    pub(super) fn validate(&mut self, text: &str, path: &Path) -> Result<()> {
        let mut problems = Vec::new();
        let at_key = |path: &[&str]| key_position(text, path).unwrap_or((1, 1));
        if !(self.base_url.starts_with("https://") || self.base_url.starts_with("http://")) {
            let (line, col) = at_key(&["base_url"]);
            problems.push(
                Diagnostic::error("base-url", path, format!("base_url {:?} is not an http(s) address", self.base_url))
                    .at(line, col)
                    .hint("write the address the site will be published at, such as \"https://example.org/\""),
            );
        }
        if self.languages.is_empty() {
            self.languages.insert(self.default_language.clone(), LanguageConfig::default());
        }
        if !self.languages.contains_key(&self.default_language) {
            let (line, col) = at_key(&["default_language"]);
            let known: Vec<&str> = self.languages.keys().map(String::as_str).collect();
            problems.push(
                Diagnostic::error(
                    "default-language",
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
                let (line, col) = at_key(&["languages", code]);
                problems.push(
                    Diagnostic::error("language-code", path, format!("{code:?} is not a language code"))
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
                let (line, col) = key_position(text, &["languages", code, "path"])
                    .or_else(|| key_position(text, &["languages", code]))
                    .unwrap_or((1, 1));
                problems.push(
                    Diagnostic::error(
                        "language-path",
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
                    Diagnostic::error(
                        "language-path",
                        path,
                        format!("languages {other} and {code} are both served at /{p}"),
                    )
                    .hint("give one of them a different `path`"),
                );
            }
        }
        if problems.is_empty() { Ok(()) } else { Err(Error::Site(problems)) }
    }
}

fn is_language_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 16
        && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
        && !code.starts_with('-')
}
