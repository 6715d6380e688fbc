//! `beleid serve` keeps what SECURITY.md promises, over real HTTP on
//! 127.0.0.1: no request kills a worker, redirects are valid headers that
//! lead somewhere, the request-head limit is exact, the live-reload stream
//! is only for this preview's pages and frees the slots of clients that
//! stop reading, and a badly named file is reported at once.
// Helpers here unwrap as the tests do: a failure panics at its line.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

use common::Site;
use common::serve::{Server, request};

#[cfg(target_os = "linux")]
const WAIT: Duration = Duration::from_secs(10);

fn with_base_url(site: &Site, base_url: &str) {
    let config =
        site.read("beleid.toml").replace("base_url = \"https://example.org/\"", &format!("base_url = \"{base_url}\""));
    site.write("beleid.toml", &config);
}

#[test]
fn redirects_to_non_ascii_paths_never_kill_a_worker() {
    let site = Site::fixture("bilingual");
    site.write("static/docs-é/index.html", "<!DOCTYPE html><html><body>docs</body></html>");
    let server = Server::start(&site.root, &[]);
    // More than there are workers: each one used to panic on the header.
    for _ in 0..12 {
        for target in ["/docs-%C3%A9", "/docs-é"] {
            let r = server.get(target);
            assert_eq!((r.status, r.header("Location")), (302, Some("/docs-%C3%A9/")), "{target}");
        }
    }
    assert_eq!(server.get("/").status, 200, "the server still answers");
    assert!(server.get("/docs-%C3%A9/").body.contains("docs"));
}

#[test]
fn a_non_ascii_base_url_redirects_to_where_the_site_is() {
    let site = Site::fixture("bilingual");
    with_base_url(&site, "https://example.org/béleid/");
    let server = Server::start(&site.root, &[]);
    for _ in 0..12 {
        let r = server.get("/");
        assert_eq!((r.status, r.header("Location")), (302, Some("/b%C3%A9leid/")));
    }
    assert_eq!(server.get("/b%C3%A9leid/").status, 200);
    assert_eq!(server.get("/b%C3%A9leid/en/policy/").status, 200);
}

#[test]
fn a_percent_encoded_base_url_is_served() {
    let site = Site::fixture("bilingual");
    with_base_url(&site, "https://example.org/a%20b/");
    let server = Server::start(&site.root, &[]);
    let root = server.get("/");
    assert_eq!((root.status, root.header("Location")), (302, Some("/a%20b/")));
    assert_eq!(server.get("/a%20b/").status, 200);
    assert_eq!(server.get("/a%20b/en/policy/").status, 200);
    let folder = server.get("/a%20b/en/policy");
    assert_eq!((folder.status, folder.header("Location")), (302, Some("/a%20b/en/policy/")));
}

#[test]
fn folder_redirects_keep_the_query() {
    let site = Site::fixture("bilingual");
    let server = Server::start(&site.root, &[]);
    let r = server.get("/handleiding?tab=2&q=%20x");
    assert_eq!((r.status, r.header("Location")), (302, Some("/handleiding/?tab=2&q=%20x")));
}

#[test]
fn the_head_limit_is_exact_and_405_says_what_is_allowed() {
    let site = Site::fixture("bilingual");
    let server = Server::start(&site.root, &[]);
    let host = format!("127.0.0.1:{}", server.port);
    // A head of 18,432 bytes, sent in one write.
    let start = format!("GET / HTTP/1.1\r\nHost: {host}\r\nX-Big: ");
    let head = format!("{start}{}\r\n\r\n", "a".repeat(18_432 - start.len() - 4));
    assert_eq!(head.len(), 18_432);
    assert_eq!(request(server.port, &head).status, 431);
    let fits = format!("{start}{}\r\n\r\n", "a".repeat(16_000 - start.len() - 4));
    assert_eq!(request(server.port, &fits).status, 200);
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let r = request(server.port, &format!("{method} / HTTP/1.1\r\nHost: {host}\r\n\r\n"));
        assert_eq!((r.status, r.header("Allow")), (405, Some("GET, HEAD")), "{method}");
    }
}

#[test]
fn the_event_stream_is_only_for_pages_of_this_preview() {
    let site = Site::fixture("bilingual");
    let server = Server::start(&site.root, &[]);
    let host = format!("localhost:{}", server.port);
    let events = |origin: &str| {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        write!(stream, "GET /__beleid/events HTTP/1.1\r\nHost: {host}\r\n{origin}\r\n").unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && std::io::Read::read(&mut stream, &mut byte).unwrap_or(0) == 1 {
            head.push(byte[0]);
        }
        String::from_utf8_lossy(&head).into_owned()
    };
    for refused in ["Origin: http://evil.example\r\n", "Origin: null\r\n", "Origin: http://localhost:1\r\n"] {
        assert!(events(refused).starts_with("HTTP/1.1 403"), "{refused}");
    }
    for allowed in [String::new(), format!("Origin: http://{host}\r\n")] {
        let head = events(&allowed);
        assert!(head.starts_with("HTTP/1.1 200") && head.contains("text/event-stream"), "{allowed}: {head}");
        assert!(head.contains("\r\nReferrer-Policy: no-referrer\r\n"), "{head}");
    }
}

/// A live-reload client that reads its `hello` (so it surely holds a
/// slot) and then never reads again.
#[cfg(target_os = "linux")]
fn stalled_client(port: u16) -> TcpStream {
    use std::io::Read;
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(stream, "GET /__beleid/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").unwrap();
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    while !seen.windows(12).any(|w| w == b"event: hello") {
        assert!(seen.len() < 4096 && stream.read(&mut byte).unwrap() == 1, "no hello: {seen:?}");
        seen.push(byte[0]);
    }
    stream
}

/// The status a new live-reload request gets (the connection is then closed).
#[cfg(target_os = "linux")]
fn stream_status(port: u16) -> u16 {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(stream, "GET /__beleid/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").unwrap();
    let mut line = String::new();
    let _ = std::io::BufRead::read_line(&mut std::io::BufReader::new(stream), &mut line);
    line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[cfg(target_os = "linux")]
#[test]
fn clients_that_stop_reading_give_their_slots_back() {
    let site = Site::fixture("bilingual");
    let options = ["--max-live-clients", "2", "--live-heartbeat-ms", "5", "--write-timeout-ms", "300"];
    let server = Server::start(&site.root, &options);
    let stalled: Vec<TcpStream> = (0..2).map(|_| stalled_client(server.port)).collect();
    // Both slots are taken: a new tab is turned away ...
    assert_eq!(stream_status(server.port), 503);
    // ... until the heartbeats find that nobody reads them.
    let started = std::time::Instant::now();
    let mut fresh = loop {
        let mut events = server.events();
        if events.next(Duration::from_millis(200)).is_some_and(|(name, _)| name == "hello") {
            break events;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "the stalled clients kept their slots");
    };
    eprintln!("a slot was freed after {} ms", started.elapsed().as_millis());
    site.write("content/nl/nieuws.md", "---\ntitle: Nieuws\n---\nNieuw.\n");
    fresh.expect("reload", WAIT);
    drop(stalled);
}

// Linux: macOS file systems refuse names that are not UTF-8.
#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8_is_reported_at_once() {
    use std::os::unix::ffi::OsStrExt;
    let site = Site::fixture("bilingual");
    let server = Server::start(&site.root, &[]);
    let mut events = server.events();
    events.expect("hello", WAIT);
    let bad = site.root.join("content/nl").join(std::ffi::OsStr::from_bytes(b"caf\xe9.md"));
    std::fs::write(&bad, "+++\ntitle = \"Café\"\n+++\nTekst.\n").unwrap();
    let data = events.expect("build-error", WAIT);
    assert!(data.contains("not valid UTF-8") && data.contains("content/nl/caf"), "{data}");
    std::fs::rename(&bad, site.root.join("content/nl/cafe.md")).unwrap();
    events.expect("reload", WAIT);
    assert_eq!(server.get("/cafe/").status, 200);
}
