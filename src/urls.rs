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

#[cfg(test)]
mod tests {
    use super::*;

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
