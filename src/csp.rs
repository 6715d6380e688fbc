//! The Content-Security-Policy: `[security]` in `beleid.toml`, checked as
//! it is read so no value can add a header line, and the policy as a
//! header, as a `<meta>` tag and as the `_headers` file.
//!
//! The default policy allows nothing from other origins and no inline
//! script or style: the theme loads its scripts and stylesheets as files,
//! and the search fetches its index from the same origin. Kept below
//! [`crate::config`], which holds the table, and [`crate::site`], which
//! writes the files.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Deserializer};

/// The policy a site gets unless `[security] csp` replaces it.
pub const DEFAULT_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Directives a browser ignores in a `<meta>` policy: sent as a header only.
const HEADER_ONLY: &[&str] = &["frame-ancestors", "report-uri", "report-to", "sandbox"];

/// The headers file's name (Netlify, Cloudflare Pages).
pub const HEADERS_FILE: &str = "_headers";

/// `[security]` in `beleid.toml`: the Content-Security-Policy and headers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SecurityConfig {
    /// The whole policy, replacing the default (`"default-src 'self'"`).
    /// Default: nothing from other origins, no inline script or style.
    #[serde(deserialize_with = "policy_text")]
    pub csp: Option<String>,
    /// Sources added to directives of the policy, such as
    /// `img-src = ["https://images.example.org"]`. Default: none.
    #[serde(deserialize_with = "additions")]
    pub add: BTreeMap<String, Vec<String>>,
    /// Write `_headers` (the policy and the other security headers).
    /// Default: true.
    pub headers_file: bool,
    /// Put the policy in a `<meta>` tag in every page. Default: true.
    pub meta: bool,
}

impl Default for SecurityConfig {
    fn default() -> Self {
        SecurityConfig { csp: None, add: BTreeMap::new(), headers_file: true, meta: true }
    }
}

/// A Content-Security-Policy as (directive, sources), in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Csp {
    directives: Vec<(String, Vec<String>)>,
}

impl Csp {
    /// The policy `config` asks for: `csp` or the default, with `add`.
    pub fn from_config(config: &SecurityConfig) -> Csp {
        let mut csp = Csp::parse(config.csp.as_deref().unwrap_or(DEFAULT_CSP));
        for (name, sources) in &config.add {
            match csp.directives.iter_mut().find(|(n, _)| n == name) {
                Some((_, existing)) => {
                    existing.retain(|s| s != "'none'");
                    for s in sources {
                        if !existing.contains(s) {
                            existing.push(s.clone());
                        }
                    }
                }
                None => csp.directives.push((name.clone(), sources.clone())),
            }
        }
        csp
    }

    /// Splits policy text (already validated) into directives.
    fn parse(text: &str) -> Csp {
        let directives = text
            .split(';')
            .filter_map(|d| {
                let mut words = d.split_ascii_whitespace();
                let name = words.next()?.to_ascii_lowercase();
                Some((name, words.map(str::to_string).collect()))
            })
            .collect();
        Csp { directives }
    }

    fn render(&self, keep: impl Fn(&str) -> bool) -> String {
        let mut out = String::new();
        for (name, sources) in self.directives.iter().filter(|(n, _)| keep(n)) {
            if !out.is_empty() {
                out.push_str("; ");
            }
            out.push_str(name);
            for s in sources {
                out.push(' ');
                out.push_str(s);
            }
        }
        out
    }

    /// The policy as a header value.
    pub fn header(&self) -> String {
        self.render(|_| true)
    }

    /// The policy for a `<meta http-equiv>` tag: without the directives a
    /// browser ignores there.
    pub fn meta(&self) -> String {
        self.render(|n| !HEADER_ONLY.contains(&n))
    }

    /// True when the policy (or `default-src`) names `frame-ancestors 'none'`.
    fn forbids_framing(&self) -> bool {
        self.directives.iter().any(|(n, s)| n == "frame-ancestors" && s.iter().any(|s| s == "'none'"))
    }
}

/// The `_headers` file: the policy and the other security headers for
/// every path.
pub fn headers_file(csp: &Csp) -> String {
    let mut out = String::from("/*\n");
    let _ = writeln!(out, "  Content-Security-Policy: {}", csp.header());
    out.push_str("  X-Content-Type-Options: nosniff\n");
    out.push_str("  Referrer-Policy: strict-origin-when-cross-origin\n");
    out.push_str("  Permissions-Policy: camera=(), microphone=(), geolocation=()\n");
    if csp.forbids_framing() {
        out.push_str("  X-Frame-Options: DENY\n");
    }
    out
}

/// True for a character allowed in a policy: printable ASCII other than
/// `,` (which would start a second policy in a header) and `"`.
fn policy_char(c: char) -> bool {
    (c == ' ' || c.is_ascii_graphic()) && c != ',' && c != '"'
}

/// Why a directive name or source is not allowed, if it is not.
fn check_word(word: &str, what: &str) -> Result<(), String> {
    if word.is_empty() {
        return Err(format!("an empty {what}"));
    }
    match word.chars().find(|&c| !policy_char(c) || c == ' ' || c == ';') {
        Some(c) => Err(format!("{what} {word:?} has the character {c:?}, which a policy cannot hold")),
        None => Ok(()),
    }
}

fn directive_name(name: &str) -> Result<(), String> {
    check_word(name, "directive")?;
    if name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
        Ok(())
    } else {
        Err(format!("{name:?} is not a directive name (lowercase letters and '-', such as img-src)"))
    }
}

fn policy_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let text = String::deserialize(d)?;
    if let Some(c) = text.chars().find(|&c| !policy_char(c)) {
        return Err(serde::de::Error::custom(format!(
            "csp has the character {c:?}, which a Content-Security-Policy cannot hold; write directives separated by `;` on one line"
        )));
    }
    for directive in text.split(';') {
        if let Some(name) = directive.split_ascii_whitespace().next() {
            directive_name(&name.to_ascii_lowercase()).map_err(serde::de::Error::custom)?;
        }
    }
    if text.split(';').all(|d| d.trim().is_empty()) {
        return Err(serde::de::Error::custom("csp is empty; leave it out to use the default policy"));
    }
    Ok(Some(text))
}

fn additions<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, Vec<String>>, D::Error> {
    let map = BTreeMap::<String, Vec<String>>::deserialize(d)?;
    for (name, sources) in &map {
        directive_name(name).map_err(serde::de::Error::custom)?;
        for s in sources {
            check_word(s, "source").map_err(serde::de::Error::custom)?;
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(toml_text: &str) -> Result<SecurityConfig, String> {
        toml::from_str(toml_text).map_err(|e| e.to_string())
    }

    #[test]
    fn default_policy_allows_only_the_site_itself() {
        let csp = Csp::from_config(&SecurityConfig::default());
        assert!(csp.header().starts_with("default-src 'none'; script-src 'self'; style-src 'self'"));
        assert!(!csp.header().contains("unsafe"), "{}", csp.header());
        assert!(csp.header().ends_with("frame-ancestors 'none'"));
        assert!(!csp.meta().contains("frame-ancestors"), "{}", csp.meta());
    }

    #[test]
    fn additions_extend_or_create_directives() {
        let c = config("[add]\nimg-src = [\"https://img.example.org\"]\nframe-src = [\"https://video.example.org\"]\n")
            .unwrap();
        let header = Csp::from_config(&c).header();
        assert!(header.contains("img-src 'self' https://img.example.org;"), "{header}");
        assert!(header.ends_with("; frame-src https://video.example.org"), "{header}");
    }

    #[test]
    fn a_replaced_policy_keeps_header_only_directives_out_of_meta() {
        let c = config("csp = \"default-src 'self'; sandbox; report-uri /r\"\n").unwrap();
        let csp = Csp::from_config(&c);
        assert_eq!(csp.meta(), "default-src 'self'");
        assert_eq!(csp.header(), "default-src 'self'; sandbox; report-uri /r");
        assert!(!headers_file(&csp).contains("X-Frame-Options"));
    }

    #[test]
    fn nothing_can_add_a_header_line() {
        let bad = [
            "csp = \"default-src 'self'\\nX-Evil: 1\"\n",
            "csp = \"default-src 'self', script-src *\"\n",
            "csp = \" ; \"\n",
            "[add]\nimg-src = [\"https://a\\r\\nX-Evil: 1\"]\n",
            "[add]\nimg-src = [\"a; script-src *\"]\n",
            "[add]\n\"img-src\\n\" = [\"https://a\"]\n",
        ];
        for text in bad {
            let e = config(text).expect_err(text);
            assert!(e.contains("line"), "{e}");
        }
    }

    #[test]
    fn headers_file_lists_every_security_header() {
        let file = headers_file(&Csp::from_config(&SecurityConfig::default()));
        for header in [
            "Content-Security-Policy: default-src 'none';",
            "X-Content-Type-Options: nosniff",
            "Referrer-Policy: strict-origin-when-cross-origin",
            "Permissions-Policy: camera=(), microphone=(), geolocation=()",
            "X-Frame-Options: DENY",
        ] {
            assert!(file.contains(&format!("\n  {header}")), "{file} lacks {header}");
        }
        assert_eq!(file.lines().count(), 6);
    }
}
