//! `beleid check --published`: every URL in the live site's sitemap must
//! still exist after this build, as a page, a file or an alias. Links in
//! e-mails, intranets and letters point at those URLs, so one that is gone
//! is an error (`removed-url`).
//!
//! The sitemap is read from a saved file, or fetched over plain HTTP with
//! the standard library: `https://` needs TLS, which would add a large
//! dependency tree for one request, so for an `https://` site the message
//! says how to save the sitemap and pass the file.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Diagnostic, Error, Result, line_col};
use crate::urls::{Urls, percent_decode};

/// The largest sitemap read (the sitemap protocol allows 50 MB).
const MAX_BYTES: u64 = 52 * 1024 * 1024;
/// How long connecting, and each read, may take.
const TIMEOUT: Duration = Duration::from_secs(20);

/// Reads the published sitemap from `source`, a file or an `http://` URL;
/// returns its text and the name to show in messages.
pub fn read(source: &str) -> Result<(String, PathBuf)> {
    if let Some(rest) = source.strip_prefix("http://") {
        let bytes = http_get(rest).map_err(|e| Error::Usage(format!("could not read {source}: {e}")))?;
        let text = String::from_utf8(bytes).map_err(|_| Error::Usage(format!("{source} is not UTF-8 text")))?;
        return Ok((text, PathBuf::from(source)));
    }
    if source.starts_with("https://") {
        return Err(Error::Usage(format!(
            "beleid reads only http:// addresses itself; save the sitemap first (curl -fsSo sitemap.xml {source}) and pass the file: --published sitemap.xml"
        )));
    }
    let path = Path::new(source);
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = crate::files::decode_utf8(bytes, path).map_err(Error::site)?;
    Ok((text, path.to_path_buf()))
}

/// One GET over HTTP/1.0 (so no chunked body) to `host[:port]/path`.
fn http_get(rest: &str) -> std::result::Result<Vec<u8>, String> {
    let (authority, path) = rest.find('/').map_or((rest, "/"), |i| (&rest[..i], &rest[i..]));
    if authority.is_empty() || authority.contains('@') || path.contains(['\r', '\n', ' ']) {
        return Err("not an address of the form http://host[:port]/path".into());
    }
    let with_port = if authority.rsplit_once(':').is_some_and(|(_, p)| p.parse::<u16>().is_ok()) {
        authority.to_string()
    } else {
        format!("{authority}:80")
    };
    let address = with_port.to_socket_addrs().map_err(|e| e.to_string())?.next().ok_or("no address for the host")?;
    let mut stream = TcpStream::connect_timeout(&address, TIMEOUT).map_err(|e| e.to_string())?;
    stream.set_read_timeout(Some(TIMEOUT)).map_err(|e| e.to_string())?;
    stream.set_write_timeout(Some(TIMEOUT)).map_err(|e| e.to_string())?;
    let request =
        format!("GET {path} HTTP/1.0\r\nHost: {authority}\r\nUser-Agent: beleid\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).map_err(|e| e.to_string())?;
    let mut response = Vec::new();
    stream.take(MAX_BYTES).read_to_end(&mut response).map_err(|e| e.to_string())?;
    let end = response.windows(4).position(|w| w == b"\r\n\r\n").ok_or("the answer is not HTTP")?;
    let head = String::from_utf8_lossy(&response[..end]);
    let status = head.lines().next().unwrap_or("");
    let code = status.split(' ').nth(1).unwrap_or("");
    if code != "200" {
        return Err(format!("the server answered {status:?}, not 200 OK"));
    }
    Ok(response[end + 4..].to_vec())
}

/// The URLs a sitemap lists, each with its byte offset in the text.
fn locations(text: &str) -> Vec<(String, usize)> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(start) = text[at..].find("<loc>").map(|i| at + i + 5) {
        let Some(end) = text[start..].find("</loc>").map(|i| start + i) else { break };
        found.push((unescape(text[start..end].trim()), start));
        at = end;
    }
    found
}

/// Undoes XML's character escapes.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';') else { break };
        let entity = &rest[1..end];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .map_or_else(
                    || entity.strip_prefix('#').and_then(|d| d.parse().ok()),
                    |h| u32::from_str_radix(h, 16).ok(),
                )
                .and_then(|n| if entity.starts_with('#') { char::from_u32(n) } else { None }),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The site path (below the base path) a published URL names, if it is
/// below this site's base path.
fn site_path(url: &str, urls: &Urls) -> Option<String> {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let path = url[after_scheme..].find('/').map_or("/", |i| &url[after_scheme + i..]);
    let path = path.split(['?', '#']).next().unwrap_or("");
    percent_decode(path).strip_prefix(&urls.base_path).map(str::to_string)
}

/// True when the build writes something a host serves at `path`.
fn served(path: &str, outputs: &BTreeSet<String>) -> bool {
    if path.is_empty() || path.ends_with('/') {
        return outputs.contains(&format!("{path}index.html"));
    }
    outputs.contains(path) || outputs.contains(&format!("{path}/index.html"))
}

/// An error for every URL of the published sitemap `text` (read from
/// `source`) that `outputs` (the build's planned files, aliases included)
/// no longer has.
pub fn removed(text: &str, source: &Path, urls: &Urls, outputs: &BTreeSet<String>) -> Vec<Diagnostic> {
    if text.contains("<sitemapindex") {
        return vec![
            Diagnostic::error("removed-url", source, "this is a sitemap index, not a sitemap")
                .hint("pass one of the sitemaps it lists"),
        ];
    }
    let found = locations(text);
    if found.is_empty() && !text.contains("<urlset") {
        return vec![
            Diagnostic::error("removed-url", source, "this is not a sitemap: it has no <urlset> and no <loc>")
                .hint("pass the site's sitemap.xml"),
        ];
    }
    let mut errors = Vec::new();
    for (url, offset) in found {
        let (line, col) = line_col(text, offset);
        let message = match site_path(&url, urls) {
            Some(path) if served(&path, outputs) => continue,
            Some(_) => format!("{url} is published, and this build no longer has it"),
            None => format!("{url} is published, and is not below this site's base path {}", urls.base_path),
        };
        let path = site_path(&url, urls).unwrap_or_default();
        errors.push(Diagnostic::error("removed-url", source, message).at(line, col).hint(format!(
            "links in e-mails and letters point at it: restore the page, or add aliases = [\"/{path}\"] to the page that replaces it"
        )));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_map_to_site_paths() {
        let urls = Urls::new("https://example.org/beleid/");
        assert_eq!(site_path("https://example.org/beleid/en/faq/", &urls).as_deref(), Some("en/faq/"));
        assert_eq!(site_path("https://example.org/beleid/", &urls).as_deref(), Some(""));
        assert_eq!(site_path("https://example.org/beleid/caf%C3%A9/?x#y", &urls).as_deref(), Some("café/"));
        assert_eq!(site_path("https://example.org/andere/", &urls), None);
        assert_eq!(percent_decode("a%+1%2"), "a%+1%2");
        assert_eq!(unescape("a&amp;b&#x41;&#66;&bogus;&"), "a&bAB&bogus;&");
    }

    #[test]
    fn reports_only_what_is_gone_at_its_line() {
        let urls = Urls::new("https://example.org/");
        let outputs: BTreeSet<String> =
            ["index.html", "a/index.html", "oud/index.html", "doc.pdf"].iter().map(|s| s.to_string()).collect();
        let text = "<urlset>\n<url><loc>https://example.org/</loc></url>\n<url><loc>https://example.org/a/</loc></url>\n<url><loc>https://example.org/oud</loc></url>\n<url><loc>https://example.org/doc.pdf</loc></url>\n<url><loc>https://example.org/weg/</loc></url>\n</urlset>\n";
        let errors = removed(text, Path::new("sitemap.xml"), &urls, &outputs);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].location(), "sitemap.xml:6:11");
        assert!(errors[0].message.contains("https://example.org/weg/"), "{}", errors[0].message);
        assert!(!removed("<html>", Path::new("x"), &urls, &outputs).is_empty());
    }

    #[test]
    fn https_is_refused_with_a_way_out() {
        let Err(Error::Usage(message)) = read("https://example.org/sitemap.xml") else { panic!("https was read") };
        assert!(message.contains("--published sitemap.xml"), "{message}");
    }
}
