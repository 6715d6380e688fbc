//! Deciding what a request gets, as a pure function of the request target,
//! the Host header and the current build: no file system, no sockets.
//!
//! Only files the build produced are served, looked up in memory, so no
//! request can reach a file on disk. Targets that try anyway (`..`, encoded
//! slashes or dots, backslashes, drive letters, NUL, very long paths) are
//! refused before lookup, and a target starting with `//` is refused so no
//! redirect can ever point off-site.

use super::LIVE_PREFIX;
pub use super::host::host_allowed;
use crate::site::session::Files;
use crate::urls::percent_decode_strict;

/// The longest request target accepted.
pub const MAX_TARGET: usize = 2048;

/// What to answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// A file from the build, by output path.
    File(String),
    /// The 404 page, with status 404.
    NotFound,
    /// A redirect to a local path (always starting with a single `/`),
    /// percent-encoded: plain ASCII, fit for a `Location` header.
    Redirect(String),
    /// The live-reload event stream.
    Events,
    /// A dev-server asset (`live.js`, `live.css`).
    LiveAsset(&'static str),
    /// A refusal with this status.
    Refuse(u16, &'static str),
}

/// Decides the answer for a GET or HEAD of `target` (the raw request target).
pub fn route(target: &str, base_path: &str, files: &Files) -> Route {
    if target.len() > MAX_TARGET {
        return Route::Refuse(414, "the address is too long");
    }
    let (path, query) = split_target(target);
    if !path.starts_with('/') || path.starts_with("//") {
        return Route::Refuse(400, "the address must be a path starting with one /");
    }
    let lower = path.to_ascii_lowercase();
    if path.contains('\\') || lower.contains("%5c") || lower.contains("%2f") || lower.contains("%00") {
        return Route::Refuse(400, "encoded slashes, backslashes and NUL are not allowed");
    }
    let Some(decoded) = percent_decode_strict(path) else {
        return Route::Refuse(400, "the address is not valid percent-encoded UTF-8");
    };
    if let Some(refusal) = refuse_segments(&decoded) {
        return refusal;
    }
    if let Some(name) = decoded.strip_prefix(LIVE_PREFIX) {
        return match name {
            "events" => Route::Events,
            "live.js" => Route::LiveAsset("live.js"),
            "live.css" => Route::LiveAsset("live.css"),
            _ => Route::NotFound,
        };
    }
    // `base_url` may spell its path percent-encoded (`/a%20b/`); requests
    // are compared decoded.
    let base = percent_decode_strict(base_path).unwrap_or_else(|| base_path.to_string());
    let redirect = |to: &str| Route::Redirect(format!("{}{}", encode(to, false), query_of(query)));
    if base != "/" {
        if decoded == "/" || decoded == base.trim_end_matches('/') {
            return redirect(&base);
        }
        if !decoded.starts_with(&base) {
            return Route::NotFound;
        }
    }
    // Cannot fail: `decoded` starts with `base` (checked above, or `base`
    // is "/" and `decoded` starts with '/'), so the slice is on a boundary.
    let key = decoded.get(base.len()..).unwrap_or_default();
    if key.is_empty() || key.ends_with('/') {
        let index = format!("{key}index.html");
        return if files.contains_key(&index) { Route::File(index) } else { Route::NotFound };
    }
    if files.contains_key(key) {
        return Route::File(key.to_string());
    }
    if files.contains_key(&format!("{key}/index.html")) {
        // The path is already validated: one leading slash, no `..`.
        return redirect(&format!("{decoded}/"));
    }
    Route::NotFound
}

/// The path and the query (without `?`) of a request target; a fragment
/// (which clients do not send) is dropped.
fn split_target(target: &str) -> (&str, Option<&str>) {
    let without_fragment = target.split('#').next().unwrap_or("");
    match without_fragment.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (without_fragment, None),
    }
}

/// A refusal for a decoded path that tries to leave the site.
fn refuse_segments(decoded: &str) -> Option<Route> {
    let segments: Vec<&str> = decoded.split('/').skip(1).collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        if *segment == "." || *segment == ".." || (segment.is_empty() && !last) || segment.chars().any(char::is_control)
        {
            return Some(Route::Refuse(400, "the address leaves the site"));
        }
        if let [letter, b':'] = segment.as_bytes()
            && letter.is_ascii_alphabetic()
        {
            return Some(Route::Refuse(400, "drive letters are not allowed"));
        }
    }
    None
}

/// `?query` for a redirect, encoded like the path, or nothing.
fn query_of(query: Option<&str>) -> String {
    match query {
        // `/` too, so no `.` or `..` segment can appear anywhere in a
        // Location (query parsers decode `%2F` back to `/`).
        Some(q) if !q.is_empty() => format!("?{}", encode(q, true).replace('/', "%2F")),
        _ => String::new(),
    }
}

/// Percent-encodes what may not stand as is in a URL path or query: every
/// byte outside printable ASCII, and the delimiters that would change its
/// meaning. With `keep_escapes`, an existing `%` is kept (for a query sent
/// as is); otherwise `%` is encoded too (for a decoded path).
pub fn encode(text: &str, keep_escapes: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for &b in text.as_bytes() {
        let plain =
            b.is_ascii_graphic() && !b"\"#<>\\^`{|}".contains(&b) && (!matches!(b, b'%' | b'?') || keep_escapes);
        if plain {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A `Range` header's meaning for a file of `len` bytes: `None` to send the
/// whole file (no header, or one we do not honour, such as several ranges),
/// `Some(Ok((first, last)))` for one range (inclusive), `Some(Err(()))` when
/// the range starts past the end (416).
pub fn byte_range(header: Option<&str>, len: usize) -> Option<Result<(usize, usize), ()>> {
    let spec = header?.trim().strip_prefix("bytes=")?;
    if spec.contains(',') {
        return None;
    }
    let (start, end) = spec.split_once('-')?;
    let (start, end) = (start.trim(), end.trim());
    let number = |s: &str| -> Option<usize> {
        if s.bytes().all(|b| b.is_ascii_digit()) && !s.is_empty() { s.parse().ok() } else { None }
    };
    if start.is_empty() {
        let suffix = number(end)?;
        if suffix == 0 || len == 0 {
            return Some(Err(()));
        }
        return Some(Ok((len.saturating_sub(suffix), len - 1)));
    }
    let first = number(start)?;
    if first >= len {
        return Some(Err(()));
    }
    let last = if end.is_empty() { len - 1 } else { number(end)?.min(len - 1) };
    if last < first {
        return None;
    }
    Some(Ok((first, last)))
}

/// The Content-Type table, shared with the browser tests' server.
const CONTENT_TYPES: &str = include_str!("content-types.txt");

/// The Content-Type for an output path: by the first line of
/// `content-types.txt` whose name ending it has.
pub fn content_type(path: &str) -> &'static str {
    let name = path.to_ascii_lowercase();
    CONTENT_TYPES
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once('\t'))
        .find(|(ending, _)| name.ends_with(ending))
        .map_or("application/octet-stream", |(_, kind)| kind)
}

/// Adds the live-reload script (and, when the last build failed, the error
/// overlay) to an HTML page, just before `</body>`. The built output never
/// contains these; they exist only in what the dev server sends.
pub fn inject(html: &[u8], build: &str, overlay: Option<&str>) -> Vec<u8> {
    let mut addition = format!(
        "<link rel=\"stylesheet\" href=\"{LIVE_PREFIX}live.css\"><script src=\"{LIVE_PREFIX}live.js\" data-build=\"{}\" defer></script>",
        crate::text::escape_html(build)
    );
    if let Some(overlay) = overlay {
        addition.push_str(overlay);
    }
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    // `at` is a position found in `html`, or its length: the split holds.
    let (before, after) = html.split_at_checked(at).unwrap_or((html, &[]));
    let mut out = Vec::with_capacity(html.len() + addition.len());
    out.extend_from_slice(before);
    out.extend_from_slice(addition.as_bytes());
    out.extend_from_slice(after);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn files() -> Files {
        ["index.html", "faq/index.html", "style.1a2b3c4d.css", "en/index.html", "files/a b.pdf"]
            .into_iter()
            .map(|p| (p.to_string(), Arc::new(b"x".to_vec())))
            .collect()
    }

    #[test]
    fn serves_built_files() {
        let f = files();
        assert_eq!(route("/", "/", &f), Route::File("index.html".into()));
        assert_eq!(route("/faq/?x=1#y", "/", &f), Route::File("faq/index.html".into()));
        assert_eq!(route("/faq", "/", &f), Route::Redirect("/faq/".into()));
        assert_eq!(route("/style.1a2b3c4d.css", "/", &f), Route::File("style.1a2b3c4d.css".into()));
        assert_eq!(route("/files/a%20b.pdf", "/", &f), Route::File("files/a b.pdf".into()));
        assert_eq!(route("/nope/", "/", &f), Route::NotFound);
        assert_eq!(route("/__beleid/events", "/", &f), Route::Events);
    }

    #[test]
    fn honours_a_sub_path() {
        let f = files();
        assert_eq!(route("/", "/beleid/", &f), Route::Redirect("/beleid/".into()));
        assert_eq!(route("/beleid", "/beleid/", &f), Route::Redirect("/beleid/".into()));
        assert_eq!(route("/beleid/", "/beleid/", &f), Route::File("index.html".into()));
        assert_eq!(route("/beleid/faq/", "/beleid/", &f), Route::File("faq/index.html".into()));
        assert_eq!(route("/faq/", "/beleid/", &f), Route::NotFound);
        assert_eq!(route("/__beleid/live.js", "/beleid/", &f), Route::LiveAsset("live.js"));
    }

    #[test]
    fn redirects_are_ascii_and_keep_the_query() {
        let mut f = files();
        f.insert("docs-é/index.html".into(), Arc::new(b"x".to_vec()));
        f.insert("a%b/index.html".into(), Arc::new(b"x".to_vec()));
        assert_eq!(route("/docs-%C3%A9", "/", &f), Route::Redirect("/docs-%C3%A9/".into()));
        assert_eq!(route("/docs-é", "/", &f), Route::Redirect("/docs-%C3%A9/".into()));
        assert_eq!(route("/a%25b", "/", &f), Route::Redirect("/a%25b/".into()));
        assert_eq!(route("/faq?x=1&y=%20z", "/", &f), Route::Redirect("/faq/?x=1&y=%20z".into()));
        assert_eq!(route("/faq?q=é<", "/", &f), Route::Redirect("/faq/?q=%C3%A9%3C".into()));
        assert_eq!(route("/faq?", "/", &f), Route::Redirect("/faq/".into()));
        assert_eq!(route("/?/.", "/b/", &f), Route::Redirect("/b/?%2F.".into()));
        assert_eq!(route("/?lang=nl", "/béleid/", &f), Route::Redirect("/b%C3%A9leid/?lang=nl".into()));
        assert_eq!(route("/b%C3%A9leid/faq/", "/béleid/", &f), Route::File("faq/index.html".into()));
    }

    #[test]
    fn an_encoded_base_path_is_compared_decoded() {
        let f = files();
        assert_eq!(route("/", "/a%20b/", &f), Route::Redirect("/a%20b/".into()));
        assert_eq!(route("/a%20b", "/a%20b/", &f), Route::Redirect("/a%20b/".into()));
        assert_eq!(route("/a%20b/", "/a%20b/", &f), Route::File("index.html".into()));
        assert_eq!(route("/a%20b/faq/", "/a%20b/", &f), Route::File("faq/index.html".into()));
        assert_eq!(route("/a%20b/faq", "/a%20b/", &f), Route::Redirect("/a%20b/faq/".into()));
    }

    #[test]
    fn refuses_every_way_out() {
        let f = files();
        let long = format!("/{}", "a".repeat(MAX_TARGET));
        for target in [
            "/../etc/passwd",
            "/faq/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/etc/passwd",
            "/..%2fetc%2fpasswd",
            "/faq%2f..%2f..",
            "/..\\..\\etc\\passwd",
            "/%5c..%5cetc",
            "/C:/Windows/win.ini",
            "/c:",
            "/index.html%00.css",
            "/a%0ab",
            "//evil.example/x",
            "//",
            "/a//b",
            "relative/path",
            "*",
            "http://evil.example/",
            "/%zz",
            "/%c0%ae%c0%ae/etc",
            "/./index.html",
            &long,
        ] {
            match route(target, "/", &f) {
                Route::Refuse(status, _) => {
                    assert!((400..=414).contains(&status), "{target}: {status}")
                }
                Route::NotFound => {}
                other => panic!("{target} was answered with {other:?}"),
            }
        }
    }

    #[test]
    fn host_checks() {
        use std::net::IpAddr;
        let loopback: IpAddr = "127.0.0.1".parse().unwrap();
        for (host, ok) in [
            (Some("127.0.0.1:1111"), true),
            (Some("localhost:1111"), true),
            (Some("LOCALHOST"), true),
            (Some("[::1]:1111"), true),
            (Some("evil.example:1111"), false),
            (Some("127.0.0.1.evil.example"), false),
            (Some("10.0.0.5:1111"), false),
            (None, false),
        ] {
            assert_eq!(host_allowed(host, loopback), ok, "{host:?}");
        }
        let lan: IpAddr = "10.0.0.5".parse().unwrap();
        assert!(host_allowed(Some("10.0.0.5:1111"), lan));
        assert!(!host_allowed(Some("localhost"), lan));
        assert!(!host_allowed(Some("anything"), "0.0.0.0".parse().unwrap()));
    }

    #[test]
    fn ranges() {
        for (header, want) in [
            (None, None),
            (Some("bytes=0-9"), Some(Ok((0, 9)))),
            (Some("bytes=5-"), Some(Ok((5, 99)))),
            (Some("bytes=-10"), Some(Ok((90, 99)))),
            (Some("bytes=90-500"), Some(Ok((90, 99)))),
            (Some("bytes=100-"), Some(Err(()))),
            (Some("bytes=0-1,5-6"), None),
            (Some("bytes=9-3"), None),
            (Some("items=0-1"), None),
            (Some("bytes=a-b"), None),
        ] {
            assert_eq!(byte_range(header, 100), want, "{header:?}");
        }
    }

    #[test]
    fn injects_before_the_last_body_tag() {
        let out = inject(b"<html><body><p>&lt;/body&gt;</p></body></html>", "7", Some("<div>err</div>"));
        let out = String::from_utf8(out).unwrap();
        assert!(out.ends_with("<div>err</div></body></html>"), "{out}");
        assert!(out.contains("data-build=\"7\""));
        assert_eq!(content_type("a/b.CSS"), "text/css; charset=utf-8");
    }

    #[test]
    fn content_types_come_from_the_shared_table() {
        assert_eq!(content_type("en/atom.xml"), "application/atom+xml; charset=utf-8");
        assert_eq!(content_type("sitemap.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("search/nl/index.json"), "application/json");
        assert_eq!(content_type("fonts/a.woff"), "font/woff");
        assert_eq!(content_type("README"), "application/octet-stream");
        assert_eq!(content_type("archive.tar.gz"), "application/octet-stream");
    }
}
