//! Answering one request from the current build: the response, its
//! headers, and the live-reload stream.
//!
//! A worker must never die on a request, or a handful of bad requests
//! would leave nobody to answer: nothing here panics on what a request
//! contains, and a panic anyway (a bug) is caught per request and
//! answered with 500.

use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::live;
use super::route::{Route, byte_range, content_type, inject, route};
use super::{Snapshot, State};

type Response = tiny_http::Response<Cursor<Vec<u8>>>;

/// What a request gets: a response, or the live-reload stream.
enum Reply {
    Send(Response),
    Stream(live::Subscription, String),
}

/// Answers one request from the current snapshot.
pub(super) fn answer(request: tiny_http::Request, state: &State) {
    let reply = guarded(|| reply(&request, state));
    match reply {
        Reply::Send(response) => {
            let _ = request.respond(response);
        }
        Reply::Stream(subscription, hello) => {
            let spawned = std::thread::Builder::new().name("beleid-live".into()).spawn(move || {
                let mut writer = request.into_writer();
                subscription.stream(&mut *writer, &hello);
            });
            // No thread: the closure, with the request and its slot, is
            // dropped, and tiny_http answers 500 for the unanswered request.
            drop(spawned);
        }
    }
}

/// Runs `make`, answering 500 if it panics.
fn guarded(make: impl FnOnce() -> Reply) -> Reply {
    catch_unwind(AssertUnwindSafe(make))
        .unwrap_or_else(|_| Reply::Send(plain(500, "The preview failed on this request; see the terminal for why.\n")))
}

fn reply(request: &tiny_http::Request, state: &State) -> Reply {
    let header_of = |name: &'static str| {
        request.headers().iter().find(|h| h.field.equiv(name)).map(|h| h.value.as_str().to_string())
    };
    let host = header_of("Host");
    if !state.hosts.allows(host.as_deref()) {
        return Reply::Send(plain(403, "This preview answers only to localhost and this machine's own names.\n"));
    }
    if !matches!(request.method(), tiny_http::Method::Get | tiny_http::Method::Head) {
        return Reply::Send(plain(405, "Method Not Allowed\n").header("Allow", "GET, HEAD"));
    }
    let snapshot = state.current();
    let response = match route(request.url(), &snapshot.base_path, &snapshot.files) {
        Route::File(path) => file(&snapshot, &path, header_of("Range").as_deref()),
        Route::NotFound => not_found(&snapshot, request.url()),
        Route::Redirect(location) => plain(302, "").header("Location", &location),
        Route::LiveAsset(name) => {
            let (body, kind) = if name == "live.js" {
                (live::LIVE_JS, "text/javascript; charset=utf-8")
            } else {
                (live::LIVE_CSS, "text/css; charset=utf-8")
            };
            plain(200, body).header("Content-Type", kind)
        }
        Route::Refuse(status, why) => plain(status, &format!("{why}\n")),
        Route::Events => {
            if !same_origin(header_of("Origin").as_deref(), host.as_deref()) {
                return Reply::Send(plain(403, "The live-reload stream is only for pages of this preview.\n"));
            }
            let Some(subscription) = state.hub.join() else {
                return Reply::Send(plain(503, "Too many live-reload connections.\n"));
            };
            return Reply::Stream(subscription, live::hello(&snapshot.build, &snapshot.errors));
        }
    };
    Reply::Send(response)
}

/// True if an `Origin` header is absent or names the host the request was
/// sent to (a page of this preview); `null` and other sites are refused.
pub(crate) fn same_origin(origin: Option<&str>, host: Option<&str>) -> bool {
    let Some(origin) = origin else { return true };
    let authority = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://"));
    match (authority, host) {
        (Some(authority), Some(host)) => authority.eq_ignore_ascii_case(host.trim()),
        _ => false,
    }
}

fn file(snapshot: &Snapshot, path: &str, range: Option<&str>) -> Response {
    let Some(bytes) = snapshot.files.get(path) else {
        return not_found(snapshot, path);
    };
    let overlay = overlay(snapshot);
    match byte_range(range, bytes.len()) {
        // Search index files are read in slices.
        Some(Ok((first, last))) if !content_type(path).starts_with("text/html") => {
            // Cannot fail: byte_range keeps first <= last < len.
            let slice = bytes.get(first..=last).unwrap_or_default();
            file_response(206, path, slice, &snapshot.build, None)
                .header("Content-Range", &format!("bytes {first}-{last}/{}", bytes.len()))
        }
        Some(Err(())) => {
            plain(416, "Range Not Satisfiable\n").header("Content-Range", &format!("bytes */{}", bytes.len()))
        }
        _ => file_response(200, path, bytes, &snapshot.build, overlay.as_deref()),
    }
}

fn not_found(snapshot: &Snapshot, target: &str) -> Response {
    let overlay = overlay(snapshot);
    let page = not_found_page(target, &snapshot.base_path, |p| snapshot.files.contains_key(p));
    match snapshot.files.get(&page) {
        Some(bytes) => file_response(404, "404.html", bytes, &snapshot.build, overlay.as_deref()),
        None if overlay.is_some() => {
            let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Build failed</title></head><body><h1>The site could not be built</h1></body></html>";
            file_response(500, "error.html", page.as_bytes(), &snapshot.build, overlay.as_deref())
        }
        None => plain(404, "Not found\n"),
    }
}

/// The 404 page for a request: that of the language whose folder the path
/// is in (`en/404.html` for `/en/missing/`), else the site's `404.html`.
fn not_found_page(target: &str, base_path: &str, exists: impl Fn(&str) -> bool) -> String {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let below = path.strip_prefix(base_path).or_else(|| path.strip_prefix('/')).unwrap_or("");
    match below.split_once('/') {
        Some((first, _)) if !first.is_empty() && exists(&format!("{first}/404.html")) => format!("{first}/404.html"),
        _ => "404.html".to_string(),
    }
}

fn overlay(snapshot: &Snapshot) -> Option<String> {
    (!snapshot.errors.is_empty()).then(|| live::overlay(&snapshot.errors))
}

/// Adding a header to a response.
trait Headed {
    /// The response with this header; a value that is not plain ASCII is
    /// percent-encoded rather than refused, so no value can fail.
    fn header(self, name: &'static str, value: &str) -> Self;
}

impl Headed for Response {
    fn header(self, name: &'static str, value: &str) -> Response {
        match tiny_http::Header::from_bytes(name.as_bytes(), ascii(value).as_bytes()) {
            Ok(header) => self.with_header(header),
            // Cannot happen: names are constants, and the value is ASCII.
            Err(()) => self,
        }
    }
}

/// A header value as printable ASCII (spaces kept), percent-encoded if it
/// was not.
fn ascii(value: &str) -> String {
    if value.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
        value.to_string()
    } else {
        super::route::encode(value, true)
    }
}

fn security_headers(response: Response) -> Response {
    response.header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "no-referrer")
}

fn plain(status: u16, body: &str) -> Response {
    security_headers(
        tiny_http::Response::from_data(body.as_bytes().to_vec())
            .with_status_code(status)
            .header("Content-Type", "text/plain; charset=utf-8")
            .header("Cache-Control", "no-store"),
    )
}

fn file_response(status: u16, path: &str, bytes: &[u8], build: &str, overlay: Option<&str>) -> Response {
    let kind = content_type(path);
    let html = kind.starts_with("text/html");
    let body = if html { inject(bytes, build, overlay) } else { bytes.to_vec() };
    security_headers(
        tiny_http::Response::from_data(body)
            .with_status_code(status)
            .header("Content-Type", kind)
            .header("Cache-Control", if html { "no-store" } else { "no-cache" })
            .header("Accept-Ranges", "bytes"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_answered_with_500() {
        let reply = guarded(|| panic!("a bug"));
        let Reply::Send(response) = reply else { panic!("no response") };
        assert_eq!(response.status_code().0, 500);
    }

    #[test]
    fn header_values_that_are_not_ascii_are_encoded() {
        assert_eq!(ascii("/docs-é/"), "/docs-%C3%A9/");
        assert_eq!(ascii("/a\r\nX: y"), "/a%0D%0AX:%20y");
        assert_eq!(ascii("/a%20b/?q=1"), "/a%20b/?q=1");
        assert_eq!(ascii("text/plain; charset=utf-8"), "text/plain; charset=utf-8");
    }

    #[test]
    fn only_pages_of_this_preview_may_open_the_stream() {
        for (origin, host, ok) in [
            (None, Some("localhost:1111"), true),
            (Some("http://localhost:1111"), Some("localhost:1111"), true),
            (Some("http://LOCALHOST:1111"), Some("localhost:1111"), true),
            (Some("https://localhost:1111"), Some("localhost:1111"), true),
            (Some("http://localhost:2222"), Some("localhost:1111"), false),
            (Some("http://evil.example"), Some("localhost:1111"), false),
            (Some("http://localhost:1111.evil.example"), Some("localhost:1111"), false),
            (Some("null"), Some("localhost:1111"), false),
            (Some("http://localhost:1111"), None, false),
        ] {
            assert_eq!(same_origin(origin, host), ok, "{origin:?} {host:?}");
        }
    }

    #[test]
    fn a_missing_page_gets_the_404_page_of_its_language_folder() {
        let files = ["404.html", "en/404.html"];
        let exists = |p: &str| files.contains(&p);
        let cases = [
            ("/en/missing/", "/", "en/404.html"),
            ("/en/a/b?x=1", "/", "en/404.html"),
            ("/missing/", "/", "404.html"),
            ("/nl/x/", "/", "404.html"),
            ("/sub/en/missing/", "/sub/", "en/404.html"),
            ("/sub/x", "/sub/", "404.html"),
            ("/", "/", "404.html"),
        ];
        for (target, base, page) in cases {
            assert_eq!(not_found_page(target, base, exists), page, "{target}");
        }
    }
}
