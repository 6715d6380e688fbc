//! The site's address: `base_url` split into origin and base path, so pages
//! link with root-relative URLs that work under a sub-path, and canonical
//! URLs, sitemaps and feeds use full addresses.

/// The parts of `base_url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Urls {
    /// `https://example.org`
    pub origin: String,
    /// `/` or `/beleid/`: always starts and ends with `/`.
    pub base_path: String,
}

impl Urls {
    /// Splits a base URL such as `https://example.org/beleid/` (a missing
    /// trailing slash is added).
    pub fn new(base_url: &str) -> Urls {
        let after_scheme = base_url.find("://").map_or(0, |i| i + 3);
        let path_start = base_url[after_scheme..].find('/').map_or(base_url.len(), |i| after_scheme + i);
        let origin = base_url[..path_start].to_string();
        let path = base_url[path_start..].split(['?', '#']).next().unwrap_or("").trim_matches('/');
        let base_path = if path.is_empty() { "/".to_string() } else { format!("/{path}/") };
        Urls { origin, base_path }
    }

    /// The full base URL with a trailing slash.
    pub fn base_url(&self) -> String {
        format!("{}{}", self.origin, self.base_path)
    }

    /// The root-relative URL of a site path (`en/faq/` → `/beleid/en/faq/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_path)
    }

    /// The full URL of a site path.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}{path}", self.origin, self.base_path)
    }
}

/// Decodes the `%XX` escapes of a URL or a part of one; an invalid escape
/// (`%` not followed by two hex digits) stays as written, and so does the
/// whole text if the result is not UTF-8. For links as authors wrote them.
pub fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    decode_escapes(text, false).and_then(|bytes| String::from_utf8(bytes).ok()).unwrap_or_else(|| text.to_string())
}

/// Decodes the `%XX` escapes of a request path; `None` when an escape is
/// invalid or the result is not UTF-8, for a server to refuse.
pub fn percent_decode_strict(text: &str) -> Option<String> {
    String::from_utf8(decode_escapes(text, true)?).ok()
}

/// The bytes `text` spells with its escapes decoded; an invalid escape is
/// `None` if `strict`, else kept as written.
fn decode_escapes(text: &str, strict: bool) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes.get(i + 1..i + 3) {
            Some(&[h, l]) if bytes[i] == b'%' => hex(h).zip(hex(l)).map(|(h, l)| h * 16 + l),
            _ => None,
        };
        match escaped {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None if strict && bytes[i] == b'%' => return None,
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    Some(out)
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_escapes_leniently_or_strictly() {
        assert_eq!(percent_decode("/docs-%C3%A9/%2Fa"), "/docs-é//a");
        // Invalid escapes, a lone `%` and bytes that are not UTF-8 stay as written.
        assert_eq!(percent_decode("a%+1%2"), "a%+1%2");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%41%zz"), "A%zz");
        assert_eq!(percent_decode("%FF"), "%FF");
        assert_eq!(percent_decode_strict("/a%20b/%c3%a9"), Some("/a b/é".to_string()));
        for bad in ["/a%2", "/a%+1", "/%zz", "/%FF", "%"] {
            assert_eq!(percent_decode_strict(bad), None, "{bad}");
        }
    }

    #[test]
    fn splits_base_urls() {
        let u = Urls::new("https://example.org/beleid");
        assert_eq!((u.origin.as_str(), u.base_path.as_str()), ("https://example.org", "/beleid/"));
        assert_eq!(u.url("en/faq/"), "/beleid/en/faq/");
        assert_eq!(u.permalink(""), "https://example.org/beleid/");
        let u = Urls::new("http://localhost:1111/");
        assert_eq!((u.origin.as_str(), u.base_path.as_str()), ("http://localhost:1111", "/"));
        assert_eq!(Urls::new("https://example.org").base_url(), "https://example.org/");
    }
}
