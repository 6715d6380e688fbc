//! Publishing: the Content-Security-Policy in `_headers` and in every page,
//! redirects from aliases, and `beleid check --published` against the live
//! sitemap.
// Helpers here unwrap as the tests do: a failure panics at its line.
#![allow(clippy::unwrap_used)]

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::{Duration, Instant};

use common::{Site, all_files};

const STEP: &str = "content/nl/handleiding/stap.md";
const STEP_BODY: &str = "## Café & thee\n\nGa terug naar de [start](../_index.md).\n";

fn step_with(front: &str) -> String {
    format!("+++\ntitle = \"Eerste stap\"\ndate = 2026-01-02\n{front}+++\n\n{STEP_BODY}")
}

/// The `content` of the page's CSP `<meta>`, unescaped, if it comes before
/// any script or stylesheet (a meta policy covers only what follows it).
fn meta_csp(html: &str) -> Option<String> {
    let start = html.find("<meta http-equiv=\"Content-Security-Policy\" content=\"")?;
    let first_load = ["<script", "<link rel=\"stylesheet\""].iter().filter_map(|t| html.find(t)).min()?;
    assert!(start < first_load, "the policy comes after a script or stylesheet");
    let rest = &html[start + 52..];
    Some(rest[..rest.find('"')?].replace("&#39;", "'"))
}

fn header_csp(headers: &str) -> String {
    let line = headers.lines().find_map(|l| l.trim().strip_prefix("Content-Security-Policy: ")).expect("a CSP header");
    line.to_string()
}

#[test]
fn every_page_carries_the_policy_that_headers_send() {
    let site = Site::fixture("bilingual");
    site.build_ok(&[]);
    let headers = site.output("_headers");
    assert!(headers.starts_with("/*\n"), "{headers}");
    for h in [
        "X-Content-Type-Options: nosniff",
        "Referrer-Policy: ",
        "Permissions-Policy: camera=()",
        "X-Frame-Options: DENY",
    ] {
        assert!(headers.contains(h), "{headers} lacks {h}");
    }
    let header = header_csp(&headers);
    assert!(header.contains("frame-ancestors 'none'") && !header.contains("unsafe-inline"), "{header}");
    let meta_expected = header.replace("; frame-ancestors 'none'", "");
    let files = all_files(&site.root.join("public"));
    let mut pages = 0;
    for (path, bytes) in &files {
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            assert_eq!(meta_csp(&html).as_deref(), Some(meta_expected.as_str()), "{path}");
            assert!(!html.contains(" style=\""), "{path} has an inline style attribute");
            pages += 1;
        }
    }
    assert!(pages > 10, "{pages}");
}

#[test]
fn the_policy_is_configurable() {
    let site = Site::fixture("bilingual");
    let config = site.read("beleid.toml");
    site.write(
        "beleid.toml",
        &format!(
            "{config}\n[security]\nheaders_file = true\n[security.add]\nimg-src = [\"https://img.example.org\"]\n"
        ),
    );
    site.build_ok(&[]);
    let header = header_csp(&site.output("_headers"));
    assert!(header.contains("img-src 'self' https://img.example.org;"), "{header}");
    assert!(meta_csp(&site.output("index.html")).unwrap().contains("https://img.example.org"));

    site.write(
        "beleid.toml",
        &format!("{config}\n[security]\ncsp = \"default-src 'self'\"\nheaders_file = false\nmeta = false\n"),
    );
    site.build_ok(&[]);
    assert!(!site.root.join("public/_headers").exists());
    assert_eq!(meta_csp(&site.output("index.html")), None);
}

#[test]
fn a_policy_that_would_add_a_header_line_is_an_error_at_its_line() {
    let site = Site::fixture("bilingual");
    let config = site.read("beleid.toml");
    let line = config.lines().count() + 3;
    site.write("beleid.toml", &format!("{config}\n[security]\ncsp = \"default-src 'self'\\nX-Evil: yes\"\n"));
    let run = site.beleid(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(&format!("beleid.toml:{line}:7")), "{}", run.stderr);
    assert!(run.stderr.contains("cannot hold"), "{}", run.stderr);
}

#[test]
fn aliases_redirect_with_the_fragment_and_feed_redirects_file() {
    let site = Site::fixture("bilingual");
    site.write(STEP, &step_with("aliases = [\"/oud/stap/\", \"oud-stap.html\"]\n"));
    site.build_ok(&[]);
    let page = site.output("oud/stap/index.html");
    assert!(page.contains("<meta http-equiv=\"refresh\" content=\"0; url=/handleiding/stap/\">"), "{page}");
    assert!(page.contains("<link rel=\"canonical\" href=\"https://example.org/handleiding/stap/\">"), "{page}");
    assert!(page.contains("<a href=\"/handleiding/stap/\">"), "{page}");
    assert!(page.contains("<script src=\"/redirect.js\" data-to=\"/handleiding/stap/\"></script>"), "{page}");
    assert!(meta_csp(&page).is_some(), "{page}");
    assert!(site.output("oud-stap.html").contains("url=/handleiding/stap/"));
    assert!(site.output("redirect.js").contains("location.hash"));
    assert_eq!(site.output("_redirects"), "/oud/stap/ /handleiding/stap/ 301\n/oud-stap.html /handleiding/stap/ 301\n");
}

#[test]
fn aliases_follow_the_base_path() {
    let site = Site::fixture("bilingual");
    site.write(STEP, &step_with("aliases = [\"/oud/stap/\"]\n"));
    site.build_ok(&["--base-url", "https://example.org/sub/"]);
    assert_eq!(site.output("_redirects"), "/sub/oud/stap/ /sub/handleiding/stap/ 301\n");
    assert!(site.output("oud/stap/index.html").contains("<script src=\"/sub/redirect.js\""));
}

#[test]
fn an_alias_at_a_page_is_a_collision_naming_both() {
    let site = Site::fixture("bilingual");
    site.write(STEP, &step_with("aliases = [\"/beleid/\"]\n"));
    let run = site.beleid(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("stap.md") && run.stderr.contains("beleid.md"), "{}", run.stderr);
    assert!(run.stderr.contains("beleid/index.html"), "{}", run.stderr);
}

#[test]
fn an_alias_outside_the_site_is_an_error_at_its_line() {
    let site = Site::fixture("bilingual");
    for bad in ["\"/../buiten/\"", "\"https://evil.example/\"", "\"/a\\n/b 200\""] {
        site.write(STEP, &step_with(&format!("aliases = [{bad}]\n")));
        let run = site.beleid(&["build"]);
        assert_eq!(run.code, 1, "{bad}: {}", run.stderr);
        assert!(run.stderr.contains("stap.md:4:1"), "{bad}: {}", run.stderr);
        assert!(run.stderr.contains("error[alias]") || run.stderr.contains("alias"), "{}", run.stderr);
        assert!(!site.root.join("public/_redirects").exists());
    }
}

/// A saved sitemap of the site as published, then a build where one page is
/// gone and one moved with an alias: only the gone one is an error.
fn site_with_published_sitemap() -> (Site, String) {
    let site = Site::fixture("bilingual");
    site.build_ok(&[]);
    let sitemap = site.output("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/nieuws/</loc>"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://example.org/handleiding/stap/</loc>"), "{sitemap}");
    std::fs::remove_file(site.root.join("content/nl/nieuws.md")).unwrap();
    let moved = step_with("slug = \"eerste-stap\"\naliases = [\"/handleiding/stap/\"]\n");
    site.write(STEP, &moved);
    (site, sitemap)
}

/// The `removed-url` diagnostics of a JSON report.
fn removed_urls(json: &str) -> Vec<serde_json::Value> {
    let all: Vec<serde_json::Value> = serde_json::from_str(json).expect("a JSON report");
    all.into_iter().filter(|d| d["code"] == "removed-url").collect()
}

#[test]
fn check_published_reports_each_removed_url() {
    let (site, sitemap) = site_with_published_sitemap();
    site.write("live-sitemap.xml", &sitemap);
    let run = site.beleid(&["check", "--format", "json", "--published", "live-sitemap.xml"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let removed = removed_urls(&run.stdout);
    assert_eq!(removed.len(), 1, "{}", run.stdout);
    assert!(removed[0]["message"].as_str().unwrap().contains("https://example.org/nieuws/"), "{}", run.stdout);
    assert_eq!(removed[0]["path"], "live-sitemap.xml", "{}", run.stdout);
    // Without the flag there is no such error: it comes from the sitemap.
    let plain = site.beleid(&["check", "--format", "json"]);
    assert!(removed_urls(&plain.stdout).is_empty(), "{}", plain.stdout);
}

#[test]
fn check_published_reads_an_http_sitemap() {
    let (site, sitemap) = site_with_published_sitemap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        listener.set_nonblocking(true).unwrap();
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            let Ok((mut stream, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(20));
                continue;
            };
            stream.set_nonblocking(false).unwrap();
            stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            let mut request = [0u8; 2048];
            let n = stream.read(&mut request).unwrap_or(0);
            let head = String::from_utf8_lossy(&request[..n]).into_owned();
            let body = sitemap.as_bytes();
            let _ = write!(stream, "HTTP/1.0 200 OK\r\nContent-Length: {}\r\n\r\n", body.len());
            let _ = stream.write_all(body);
            return head;
        }
        String::new()
    });
    let url = format!("http://{address}/sitemap.xml");
    let run = site.beleid(&["check", "--format", "json", "--published", &url]);
    let request = server.join().unwrap();
    assert!(request.starts_with("GET /sitemap.xml HTTP/1.0\r\n"), "{request}");
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let removed = removed_urls(&run.stdout);
    assert_eq!(removed.len(), 1, "{}", run.stdout);
    assert!(removed[0]["message"].as_str().unwrap().contains("/nieuws/"), "{}", run.stdout);
}

#[test]
fn check_published_refuses_https_with_a_way_out() {
    let site = Site::fixture("bilingual");
    let run = site.beleid(&["check", "--published", "https://example.org/sitemap.xml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("curl"), "{}", run.stderr);
}
