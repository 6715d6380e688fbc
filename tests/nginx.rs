//! The sample site as a real web server publishes it: built for a sub-path,
//! served by nginx on 127.0.0.1, and crawled from its home page. Every
//! link, asset, feed and sitemap entry must answer 200.
//!
//! Needs the `nginx` binary (Debian package `nginx`; .ci/run installs it)
//! and fails, saying so, without it.
// Helpers here unwrap as the tests do: a failure panics at its line.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::{BTreeSet, VecDeque};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Site, links_in};

const SUB: &str = "/beleid/";
/// At most this many requests, and this long for the whole crawl.
const MAX_REQUESTS: usize = 3000;
const DEADLINE: Duration = Duration::from_secs(180);

/// nginx in the foreground; killed when dropped.
struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn nginx_binary() -> PathBuf {
    for dir in std::env::var("PATH").unwrap_or_default().split(':').chain(["/usr/sbin", "/usr/local/sbin"]) {
        let candidate = Path::new(dir).join("nginx");
        if candidate.is_file() {
            return candidate;
        }
    }
    panic!("nginx is not installed: this test needs it (apt-get install nginx); it is not skipped");
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start_nginx(dir: &Path, public: &Path, port: u16) -> Nginx {
    let config = format!(
        "master_process off;\ndaemon off;\nworker_processes 1;\npid {dir}/nginx.pid;\nerror_log {dir}/error.log;\n\
events {{ worker_connections 64; }}\n\
http {{\n  include /etc/nginx/mime.types;\n  access_log off;\n  client_body_temp_path {dir}/tmp;\n  proxy_temp_path {dir}/tmp;\n  fastcgi_temp_path {dir}/tmp;\n  uwsgi_temp_path {dir}/tmp;\n  scgi_temp_path {dir}/tmp;\n\
  server {{\n    listen 127.0.0.1:{port};\n    location {SUB} {{\n      alias {public}/;\n      index index.html;\n      error_page 404 {SUB}404.html;\n    }}\n  }}\n}}\n",
        dir = dir.display(),
        public = public.display(),
    );
    std::fs::create_dir_all(dir.join("tmp")).unwrap();
    std::fs::write(dir.join("nginx.conf"), config).unwrap();
    let mut command = Command::new(nginx_binary());
    command.arg("-p").arg(dir).arg("-c").arg(dir.join("nginx.conf")).stdout(Stdio::null()).stderr(Stdio::piped());
    common::die_with_parent(&mut command);
    let child = command.spawn().expect("start nginx");
    let nginx = Nginx(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "nginx did not listen: {}",
            std::fs::read_to_string(dir.join("error.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    nginx
}

/// GET `path` over HTTP/1.0: (status, body).
fn get(port: u16, path: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to nginx");
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).expect("read the answer");
    let end = answer.windows(4).position(|w| w == b"\r\n\r\n").expect("an HTTP answer");
    let status = String::from_utf8_lossy(&answer[..end]).split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, answer[end + 4..].to_vec())
}

/// The path on this server a link found on `from` names, if it is one.
fn resolve(link: &str, from: &str, origin: &str) -> Option<String> {
    let link = link.split('#').next()?;
    if link.is_empty() {
        return None;
    }
    let path = if let Some(rest) = link.strip_prefix(origin) {
        rest.to_string()
    } else if link.contains("://") || link.starts_with("mailto:") || link.starts_with("//") {
        return None;
    } else if link.starts_with('/') {
        link.to_string()
    } else {
        format!("{}{link}", &from[..=from.rfind('/')?])
    };
    Some(path)
}

/// Every `<loc>` of a sitemap.
fn locations(xml: &str) -> Vec<String> {
    xml.split("<loc>").skip(1).filter_map(|p| p.split("</loc>").next()).map(|s| s.replace("&amp;", "&")).collect()
}

#[test]
fn nginx_serves_every_link_under_a_sub_path() {
    let site = Site::sample();
    // One moved page, so redirect pages are crawled too.
    let policy = "content/nl/beleid/voorbeeldbeleid.md";
    let text = site.read(policy);
    let (fence, rest) = text.split_at(text.find('\n').unwrap() + 1);
    site.write(policy, &format!("{fence}aliases = [\"/oud/beleid/\"]\n{rest}"));
    let port = free_port();
    let origin = format!("http://127.0.0.1:{port}");
    site.build_ok(&["--base-url", &format!("{origin}{SUB}")]);
    let server_dir = site.root.parent().unwrap().join("nginx");
    let _nginx = start_nginx(&server_dir, &site.root.join("public"), port);

    let start = Instant::now();
    let mut queue: VecDeque<(String, String)> = VecDeque::new();
    // The search pages are a form's action, not a link.
    let starts = ["", "sitemap.xml", "robots.txt", "oud/beleid/", "search/nl/", "search/en/", "404.html"];
    for path in starts.map(|p| format!("{SUB}{p}")) {
        queue.push_back((path, "start".into()));
    }
    let mut seen: BTreeSet<String> = queue.iter().map(|(p, _)| p.clone()).collect();
    let mut failures = Vec::new();
    let mut kinds = BTreeSet::new();
    while let Some((path, from)) = queue.pop_front() {
        assert!(seen.len() <= MAX_REQUESTS && start.elapsed() < DEADLINE, "the crawl did not end");
        let (status, body) = get(port, &path);
        if status != 200 {
            failures.push(format!("{path} (linked from {from}): {status}"));
            continue;
        }
        let text = String::from_utf8_lossy(&body);
        let links: Vec<String> = if path.ends_with(".xml") {
            kinds.insert("xml");
            let mut all = locations(&text);
            all.extend(text.split("href=\"").skip(1).filter_map(|p| p.split('"').next()).map(str::to_string));
            all
        } else if path.ends_with("robots.txt") {
            text.lines().filter_map(|l| l.strip_prefix("Sitemap: ")).map(str::to_string).collect()
        } else if text.trim_start().starts_with("<!DOCTYPE html>") {
            kinds.insert("html");
            links_in(&text)
        } else {
            kinds.insert("asset");
            Vec::new()
        };
        for link in links {
            if let Some(next) = resolve(&link, &path, &origin)
                && seen.insert(next.clone())
            {
                queue.push_back((next, path.clone()));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} failed:\n{}", failures.len(), seen.len(), failures.join("\n"));
    assert!(seen.len() > 35, "only {} URLs crawled: {seen:?}", seen.len());
    assert_eq!(kinds.len(), 3, "{kinds:?}");
    for must in [format!("{SUB}en/atom.xml"), format!("{SUB}en/"), format!("{SUB}beleid/voorbeeldbeleid/")] {
        assert!(seen.contains(&must), "{must} was never linked: {seen:?}");
    }
    assert!(seen.iter().any(|p| p.ends_with(".css")) && seen.iter().any(|p| p.ends_with(".js")), "{seen:?}");
    // Outside the sub-path nothing is served: the links really used it.
    assert_eq!(get(port, "/index.html").0, 404);
}
