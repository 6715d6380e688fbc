//! `beleid serve` over real HTTP on 127.0.0.1: live reload, edits of every
//! kind, build errors, and the refusals that keep the preview safe.

mod common;

use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::Site;
use common::serve::{Server, request};

const WAIT: Duration = Duration::from_secs(10);

#[test]
fn an_edit_sends_a_reload_and_serves_the_new_page() {
    let site = Site::fixture("bilingual");
    let server = Server::start(&site.root, &[]);
    let page = server.get("/handleiding/stap/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("/__beleid/live.js"), "the live script is added");
    assert_eq!(page.header("Cache-Control"), Some("no-store"));
    assert_eq!(page.header("Content-Type"), Some("text/html; charset=utf-8"));
    assert!(page.header("Access-Control-Allow-Origin").is_none());
    let mut events = server.events();
    events.expect("hello", WAIT);
    let file = site.root.join("content/nl/handleiding/stap.md");
    let text = std::fs::read_to_string(&file).unwrap().replace("Ga terug", "Loop terug");
    std::fs::write(&file, text).unwrap();
    events.expect("reload", WAIT);
    assert!(server.get("/handleiding/stap/").body.contains("Loop terug"));
    // The built output never contains the live-reload script.
    site.build_ok(&[]);
    assert!(!site.output("handleiding/stap/index.html").contains("__beleid"));
}

#[test]
fn an_edit_reaches_the_search_index_after_the_reload() {
    let site = Site::fixture("bilingual");
    let server = Server::start(&site.root, &[]);
    let mut events = server.events();
    events.expect("hello", WAIT);
    let index = || server.get("/search/nl/shards.bin").body;
    assert!(!index().contains("zwaluwstaartje"));
    let file = site.root.join("content/nl/handleiding/stap.md");
    let text = std::fs::read_to_string(&file).unwrap().replace("Ga terug", "Ga zwaluwstaartje terug");
    std::fs::write(&file, text).unwrap();
    // The page first; the index is rebuilt on another thread and served
    // when it is done (the dev server's index is not compressed).
    events.expect("reload", WAIT);
    let deadline = std::time::Instant::now() + WAIT;
    while !index().contains("zwaluwstaartje") {
        assert!(std::time::Instant::now() < deadline, "the search index never showed the edit");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // English was not touched, and its index is still served.
    assert_eq!(server.get("/search/en/shards.bin").status, 200);
}

#[test]
fn a_stylesheet_edit_swaps_the_stylesheet() {
    let site = Site::fixture("bilingual");
    common::copy_tree(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &site.root.join("themes/default"),
    );
    let server = Server::start(&site.root, &[]);
    let mut events = server.events();
    events.expect("hello", WAIT);
    let css = site.root.join("themes/default/static/style.css");
    let mut file = std::fs::OpenOptions::new().append(true).open(&css).unwrap();
    writeln!(file, "\n.test-marker {{ color: red; }}").unwrap();
    drop(file);
    let data = events.expect("css", WAIT);
    let value: serde_json::Value = serde_json::from_str(&data).unwrap();
    let swap = &value["swaps"][0];
    let (from, to) = (swap["from"].as_str().unwrap(), swap["to"].as_str().unwrap());
    assert!(from.starts_with("/style.") && to.starts_with("/style.") && from != to, "{data}");
    assert!(server.get(to).body.contains(".test-marker"));
    assert!(server.get("/").body.contains(to), "pages refer to the new stylesheet");
}

#[test]
fn an_atomic_save_by_rename_rebuilds_once() {
    let site = Site::fixture("bilingual");
    let server = Server::start(&site.root, &[]);
    let mut events = server.events();
    events.expect("hello", WAIT);
    let dir = site.root.join("content/nl");
    // How vim and JetBrains editors save: a temporary file, renamed over the original.
    std::fs::write(dir.join("4913"), "").unwrap();
    std::fs::remove_file(dir.join("4913")).unwrap();
    std::fs::write(dir.join(".nieuws.md.swp"), "swap").unwrap();
    std::fs::write(dir.join("nieuws.md.tmp"), "---\ntitle: Nieuws\n---\nNieuwe tekst.\n").unwrap();
    std::fs::rename(dir.join("nieuws.md.tmp"), dir.join("nieuws.md")).unwrap();
    std::fs::remove_file(dir.join(".nieuws.md.swp")).unwrap();
    let names = events.collect(Duration::from_millis(1500));
    assert_eq!(names, ["reload"], "exactly one rebuild");
    assert!(server.get("/nieuws/").body.contains("Nieuwe tekst."));
}

#[test]
fn pages_can_be_added_renamed_and_deleted() {
    let site = Site::fixture("bilingual");
    let server = Server::start(&site.root, &[]);
    let ok = |r: &common::serve::Response| r.status == 200;
    let missing = |r: &common::serve::Response| r.status == 404;
    site.write("content/nl/extra.md", "+++\ntitle = \"Extra\"\n+++\nEen nieuwe pagina.\n");
    assert!(server.wait_for("/extra/", WAIT, ok).body.contains("Een nieuwe pagina."));
    std::fs::rename(site.root.join("content/nl/extra.md"), site.root.join("content/nl/anders.md")).unwrap();
    server.wait_for("/anders/", WAIT, ok);
    server.wait_for("/extra/", WAIT, missing);
    std::fs::create_dir_all(site.root.join("content/nl/map/sub")).unwrap();
    site.write("content/nl/map/sub/diep.md", "+++\ntitle = \"Diep\"\n+++\nDiep.\n");
    server.wait_for("/map/sub/diep/", WAIT, ok);
    std::fs::remove_dir_all(site.root.join("content/nl/map")).unwrap();
    server.wait_for("/map/sub/diep/", WAIT, missing);
    std::fs::remove_file(site.root.join("content/nl/anders.md")).unwrap();
    server.wait_for("/anders/", WAIT, missing);
    assert!(server.get("/anders/").body.contains("<html"), "the 404 page is served");
}

#[test]
fn a_build_error_shows_an_overlay_over_the_last_good_page() {
    let site = Site::fixture("bilingual");
    let server = Server::start(&site.root, &[]);
    let mut events = server.events();
    events.expect("hello", WAIT);
    let good = std::fs::read_to_string(site.root.join("content/nl/nieuws.md")).unwrap();
    site.write("content/nl/nieuws.md", "---\ntitle: Nieuws\n---\nZie [<script>alert(1)</script>](weg.md).\n");
    let data = events.expect("build-error", WAIT);
    assert!(data.contains("content/nl/nieuws.md:4:5") && data.contains("weg.md"), "{data}");
    let page = server.get("/nieuws/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Dit bericht is niet vertaald."), "the last good page is served");
    assert!(page.body.contains("id=\"beleid-overlay\""), "with the overlay");
    assert!(page.body.contains("content/nl/nieuws.md:4:5"));
    assert!(!page.body.contains("<script>alert(1)"), "escaped");
    // An unrelated edit does not hide the error: the broken file is still broken.
    site.write("content/nl/handleiding/stap.md", "+++\ntitle = \"Eerste stap\"\n+++\nAnders.\n");
    events.expect("build-error", WAIT);
    site.write("content/nl/nieuws.md", &good);
    events.expect("reload", WAIT);
    let page = server.get("/nieuws/");
    assert!(!page.body.contains("beleid-overlay"), "the overlay is gone");
    assert!(server.get("/handleiding/stap/").body.contains("Anders."));
}

#[test]
fn every_way_out_of_the_site_is_refused() {
    let site = Site::fixture("bilingual");
    std::fs::write(site.root.join("secret.txt"), "TOP SECRET").unwrap();
    let server = Server::start(&site.root, &[]);
    let host = format!("127.0.0.1:{}", server.port);
    let long = format!("/{}", "a".repeat(5000));
    for target in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/..%2fsecret.txt",
        "/handleiding%2f..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/C:/Windows/win.ini",
        "/index.html%00",
        "/secret.txt",
        "/beleid.toml",
        "/content/nl/beleid.md",
        "//evil.example/",
        "//evil.example/%2e%2e",
        "http://evil.example/",
        &long,
    ] {
        let r = server.get_raw(target, &host);
        assert!(matches!(r.status, 400 | 404 | 414 | 431), "{target}: {}", r.status);
        assert!(
            !r.body.contains("TOP SECRET") && !r.body.contains("root:") && !r.body.contains("default_language"),
            "{target}"
        );
        if let Some(location) = r.header("Location") {
            assert!(location.starts_with('/') && !location.starts_with("//"), "{target} redirects to {location}");
        }
    }
    // A request that is not GET or HEAD, or has a body, is refused at the gate.
    let post = request(server.port, &format!("POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 3\r\n\r\nabc"));
    assert_eq!(post.status, 405);
    let huge =
        request(server.port, &format!("GET / HTTP/1.1\r\nHost: {host}\r\nX-Big: {}\r\n\r\n", "a".repeat(40_000)));
    assert_eq!(huge.status, 431);
}

#[test]
fn a_foreign_host_is_refused() {
    let site = Site::fixture("bilingual");
    let server = Server::start(&site.root, &[]);
    assert_eq!(server.get_raw("/", "evil.example").status, 403);
    assert_eq!(server.get_raw("/", "127.0.0.1.evil.example:80").status, 403);
    assert_eq!(server.get_raw("/", &format!("localhost:{}", server.port)).status, 200);
    assert_eq!(server.get_raw("/", "[::1]").status, 200);
    let no_host = request(server.port, "GET / HTTP/1.1\r\n\r\n");
    assert_eq!(no_host.status, 403);
}

#[test]
fn a_hundred_live_clients_and_parallel_requests() {
    let site = Site::fixture("bilingual");
    let server = Server::start(&site.root, &[]);
    let mut streams: Vec<_> = (0..100).map(|_| server.events()).collect();
    for s in &mut streams {
        s.expect("hello", WAIT);
    }
    let port = server.port;
    let workers: Vec<_> = (0..8)
        .map(|_| {
            std::thread::spawn(move || {
                let mut failures = 0;
                for i in 0..40 {
                    let path = ["/", "/beleid/", "/en/policy/", "/sitemap.xml", "/handleiding/stap/"][i % 5];
                    let r = request(port, &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"));
                    if r.status != 200 {
                        failures += 1;
                    }
                }
                failures
            })
        })
        .collect();
    let failures: usize = workers.into_iter().map(|w| w.join().unwrap()).sum();
    assert_eq!(failures, 0);
    site.write("content/nl/nieuws.md", "---\ntitle: Nieuws\n---\nVoor iedereen.\n");
    for s in &mut streams {
        s.expect("reload", WAIT);
    }
}

#[test]
fn idle_connections_are_closed_and_do_not_block_others() {
    let site = Site::fixture("bilingual");
    let server = Server::start(&site.root, &["--head-timeout-ms", "500"]);
    // Many clients that connect and never send a byte.
    let idle: Vec<TcpStream> = (0..300).map(|_| TcpStream::connect(("127.0.0.1", server.port)).unwrap()).collect();
    let started = Instant::now();
    assert_eq!(server.get("/").status, 200, "others are still served");
    assert!(started.elapsed() < Duration::from_secs(3));
    std::thread::sleep(Duration::from_millis(1500));
    let mut closed = 0;
    for mut s in idle {
        s.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
        let mut buf = [0u8; 256];
        // An answer (408) or end of stream means the gate closed it; a timeout means still open.
        if std::io::Read::read(&mut s, &mut buf).is_ok() {
            closed += 1;
        }
    }
    assert_eq!(closed, 300, "every idle connection was answered and closed");
}

#[test]
fn a_taken_port_moves_on_and_a_public_address_warns() {
    let site = Site::fixture("bilingual");
    let blocker = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken = blocker.local_addr().unwrap().port().to_string();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_beleid"))
        .args(["serve", "--port", &taken])
        .current_dir(&site.root)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line).unwrap();
    child.kill().unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("port {taken} is in use, so port")), "{stderr}");
    assert!(!line.contains(&format!(":{taken}/")), "{line}");
    let public = Server::start(&site.root, &["--bind", "0.0.0.0"]);
    std::thread::sleep(Duration::from_millis(200));
    assert!(public.log.lock().unwrap().contains("warning: listening on 0.0.0.0"), "{}", public.log.lock().unwrap());
    // Listening everywhere still answers only this machine's names (DNS rebinding).
    assert_eq!(public.get_raw("/", "evil.example").status, 403);
    assert_eq!(public.get_raw("/", &format!("rebind.attacker.example:{}", public.port)).status, 403);
    assert_eq!(public.get_raw("/", &format!("localhost:{}", public.port)).status, 200);
    assert_eq!(public.get("/").status, 200);
}

#[test]
fn a_sub_path_site_is_served_under_it() {
    let site = Site::fixture("bilingual");
    let config = site
        .read("beleid.toml")
        .replace("base_url = \"https://example.org/\"", "base_url = \"https://example.org/beleid/\"");
    site.write("beleid.toml", &config);
    let server = Server::start(&site.root, &[]);
    let root = server.get("/");
    assert_eq!((root.status, root.header("Location")), (302, Some("/beleid/")));
    let home = server.get("/beleid/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("href=\"/beleid/handleiding/\""));
    assert_eq!(server.get("/beleid/en/policy/").status, 200);
    assert_eq!(server.get("/en/policy/").status, 404);
}

#[test]
fn search_files_are_served_in_ranges() {
    let site = Site::fixture("bilingual");
    let server = Server::start(&site.root, &[]);
    let whole = server.get("/search/nl/pages.bin");
    assert_eq!(whole.status, 200);
    assert_eq!(whole.header("Accept-Ranges"), Some("bytes"));
    let host = format!("127.0.0.1:{}", server.port);
    let part =
        request(server.port, &format!("GET /search/nl/pages.bin HTTP/1.1\r\nHost: {host}\r\nRange: bytes=0-9\r\n\r\n"));
    assert_eq!(part.status, 206);
    let total = part.header("Content-Range").and_then(|r| r.strip_prefix("bytes 0-9/")).expect("a Content-Range");
    assert!(total.parse::<usize>().unwrap() > 10);
    assert_eq!(part.header("Content-Length"), Some("10"));
    let past = request(
        server.port,
        &format!("GET /search/nl/pages.bin HTTP/1.1\r\nHost: {host}\r\nRange: bytes=99999999-\r\n\r\n"),
    );
    assert_eq!(past.status, 416);
}
