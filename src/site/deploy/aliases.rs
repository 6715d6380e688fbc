//! Old URLs that keep working: a page's `aliases = ["/oud/pad/"]` writes a
//! redirect page at each old path and a line in `_redirects` (Netlify and
//! Cloudflare Pages answer those with a 301).
//!
//! A redirect page holds no inline script: a `<meta http-equiv="refresh">`
//! and a link take the reader to the page, and the small `redirect.js`
//! carries the fragment (`#art-3`) along, which a refresh would drop.

use std::path::PathBuf;

use crate::error::Diagnostic;
use crate::inputs::Inputs;
use crate::text::push_escaped;

/// The redirects file's name (Netlify, Cloudflare Pages).
pub(crate) const REDIRECTS_FILE: &str = "_redirects";
/// The script that keeps the fragment, at the site root.
pub(crate) const SCRIPT_FILE: &str = "redirect.js";

/// Keeps `#fragment` when going to the page the script's `data-to` names.
const SCRIPT: &str = "(function () {\n  var s = document.currentScript;\n  var to = s && s.getAttribute(\"data-to\");\n  if (to) location.replace(to + location.hash);\n})();\n";

/// The site path an alias names (`oud/pad/`, `oud/pad.html`), relative to
/// the base path, or why it is refused.
pub(crate) fn alias_path(alias: &str) -> Result<String, String> {
    let rel = alias.strip_prefix('/').unwrap_or(alias);
    if let Some(c) = rel.chars().find(|&c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '/'))) {
        return Err(format!(
            "the alias {alias:?} has the character {c:?}; an alias is a path on this site, such as \"/oud/pad/\""
        ));
    }
    let trimmed = rel.strip_suffix('/').unwrap_or(rel);
    if trimmed.is_empty() {
        return Err(format!("the alias {alias:?} is the site's home page"));
    }
    if trimmed.split('/').any(|s| s.is_empty() || s == "." || s == "..") {
        return Err(format!("the alias {alias:?} has an empty, `.` or `..` part; it must stay inside the site"));
    }
    let last = trimmed.rsplit('/').next().unwrap_or(trimmed);
    Ok(if last.ends_with(".html") { trimmed.to_string() } else { format!("{trimmed}/") })
}

/// The file written for an alias path.
fn output_file(path: &str) -> String {
    if path.ends_with('/') { format!("{path}index.html") } else { path.to_string() }
}

/// Every alias of the site as (alias path, page id), in page order, and an
/// error for each alias that is refused.
fn all(inputs: &Inputs) -> (Vec<(String, usize)>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for (id, page) in inputs.content.pages.iter().enumerate() {
        for alias in &page.source.meta.aliases {
            match alias_path(alias) {
                Ok(path) => found.push((path, id)),
                Err(message) => {
                    let (line, col) = page.source.key_position("aliases");
                    errors.push(
                        Diagnostic::error("alias", &page.source.file, message)
                            .at(line, col)
                            .hint("write the old path below the site's base path, such as aliases = [\"/oud/pad/\"]"),
                    );
                }
            }
        }
    }
    (found, errors)
}

/// The files aliases add to the output plan, with the page each comes
/// from, and the errors of refused aliases.
pub(crate) fn planned(inputs: &Inputs) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
    let (found, errors) = all(inputs);
    let mut planned: Vec<(String, PathBuf)> =
        found.iter().map(|(path, id)| (output_file(path), inputs.content.pages[*id].source.file.clone())).collect();
    if !found.is_empty() {
        let generated = PathBuf::from("<generated>");
        planned.push((SCRIPT_FILE.to_string(), generated.join(SCRIPT_FILE)));
        planned.push((REDIRECTS_FILE.to_string(), generated.join(REDIRECTS_FILE)));
    }
    (planned, errors)
}

/// The redirect pages, `redirect.js` and `_redirects`; none without
/// aliases. `csp` is the `<meta>` policy, if pages carry one.
pub(crate) fn files(inputs: &Inputs, csp: Option<&str>) -> Vec<(String, Vec<u8>)> {
    let (found, _) = all(inputs);
    if found.is_empty() {
        return Vec::new();
    }
    let urls = &inputs.urls;
    let mut files = Vec::new();
    let mut redirects = String::new();
    for (path, id) in &found {
        let page = &inputs.content.pages[*id];
        let to = urls.url(&page.path);
        // A `_redirects` line is split at spaces: the target is encoded.
        redirects.push_str(&format!("{} {} 301\n", urls.url(path), encode(&to)));
        files.push((
            output_file(path),
            page_html(page.lang(), &to, &urls.permalink(&page.path), &urls.url(SCRIPT_FILE), csp),
        ));
    }
    files.push((SCRIPT_FILE.to_string(), SCRIPT.as_bytes().to_vec()));
    files.push((REDIRECTS_FILE.to_string(), redirects.into_bytes()));
    files
}

/// `path` with every byte but letters, digits, `-._~/` percent-encoded.
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A redirect page to `to` (root-relative), canonical at `permalink`.
fn page_html(lang: &str, to: &str, permalink: &str, script: &str, csp: Option<&str>) -> Vec<u8> {
    let mut h = String::from("<!DOCTYPE html>\n<html lang=\"");
    push_escaped(&mut h, lang);
    h.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n");
    if let Some(csp) = csp {
        h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"");
        push_escaped(&mut h, csp);
        h.push_str("\">\n");
    }
    h.push_str("<meta name=\"robots\" content=\"noindex\">\n<title>");
    push_escaped(&mut h, to);
    h.push_str("</title>\n<link rel=\"canonical\" href=\"");
    push_escaped(&mut h, permalink);
    h.push_str("\">\n<meta http-equiv=\"refresh\" content=\"0; url=");
    push_escaped(&mut h, to);
    h.push_str("\">\n<script src=\"");
    push_escaped(&mut h, script);
    h.push_str("\" data-to=\"");
    push_escaped(&mut h, to);
    h.push_str("\"></script>\n</head>\n<body>\n<p><a href=\"");
    push_escaped(&mut h, to);
    h.push_str("\">");
    push_escaped(&mut h, to);
    h.push_str("</a></p>\n</body>\n</html>\n");
    h.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_paths_inside_the_site() {
        assert_eq!(alias_path("/oud/pad/").as_deref(), Ok("oud/pad/"));
        assert_eq!(alias_path("oud/pad").as_deref(), Ok("oud/pad/"));
        assert_eq!(alias_path("/oud/pagina.html").as_deref(), Ok("oud/pagina.html"));
        for bad in [
            "/",
            "",
            "/../etc/",
            "/a/./b/",
            "//evil.example/",
            "https://evil.example/",
            "/a\n/b 301\n/x",
            "/a b/",
            "/a?x=1",
            "/a#b",
            "/a\\b/",
        ] {
            assert!(alias_path(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn redirect_targets_cannot_split_a_line() {
        assert_eq!(encode("/café 1/\nX"), "/caf%C3%A9%201/%0AX");
    }

    #[test]
    fn a_redirect_page_has_no_inline_script() {
        let html = String::from_utf8(page_html(
            "nl",
            "/b/nieuw/",
            "https://x.org/b/nieuw/",
            "/b/redirect.js",
            Some("default-src 'none'"),
        ))
        .unwrap();
        assert!(html.contains("<meta http-equiv=\"refresh\" content=\"0; url=/b/nieuw/\">"), "{html}");
        assert!(html.contains("<link rel=\"canonical\" href=\"https://x.org/b/nieuw/\">"), "{html}");
        assert!(html.contains("<script src=\"/b/redirect.js\" data-to=\"/b/nieuw/\"></script>"), "{html}");
        assert!(html.contains("content=\"default-src &#39;none&#39;\""), "{html}");
        assert_eq!(html.matches("<script").count(), 1);
    }
}
