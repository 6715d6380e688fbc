//! A `beleid serve` process for tests, and raw HTTP and event-stream clients.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running dev server; killed when dropped.
pub(crate) struct Server {
    child: Child,
    /// The port it listens on.
    pub(crate) port: u16,
    /// What it printed to standard error, collected by a thread.
    pub(crate) log: std::sync::Arc<std::sync::Mutex<String>>,
}

impl Server {
    /// Starts `beleid serve --port 0` on a site and waits until it serves.
    pub(crate) fn start(root: &Path, extra: &[&str]) -> Server {
        Server::start_with(root, extra, |_| {})
    }

    /// Like [`Server::start`], with a last say over the command (limits,
    /// environment).
    pub(crate) fn start_with(root: &Path, extra: &[&str], configure: impl FnOnce(&mut Command)) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_beleid"));
        command
            .args(["serve", "--port", "0"])
            .args(extra)
            .current_dir(root)
            .env("BELEID_TODAY", super::TODAY)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        super::die_with_parent(&mut command);
        configure(&mut command);
        let mut child = command.spawn().expect("start beleid serve");
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let log_writer = std::sync::Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut log = log_writer.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Server { child, port, log }
    }

    /// The server process's id (to read its memory use from /proc).
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// A GET with a raw request target and Host header.
    pub(crate) fn get_raw(&self, target: &str, host: &str) -> Response {
        request(self.port, &format!("GET {target} HTTP/1.1\r\nHost: {host}\r\n\r\n"))
    }

    /// A GET of a path.
    pub(crate) fn get(&self, path: &str) -> Response {
        self.get_raw(path, &format!("127.0.0.1:{}", self.port))
    }

    /// Polls a path until `check` holds for the response, or panics after `limit`.
    pub(crate) fn wait_for(&self, path: &str, limit: Duration, check: impl Fn(&Response) -> bool) -> Response {
        let start = Instant::now();
        loop {
            let r = self.get(path);
            if check(&r) {
                return r;
            }
            assert!(
                start.elapsed() < limit,
                "{path} never satisfied the check; last: {} {}\nlog:\n{}",
                r.status,
                r.body,
                self.log.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Opens an event stream.
    pub(crate) fn events(&self) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(stream, "GET /__beleid/events HTTP/1.1\r\nHost: localhost:{}\r\n\r\n", self.port).unwrap();
        stream.set_read_timeout(Some(Duration::from_millis(100))).unwrap();
        Events { stream, buffer: String::new() }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP response.
#[derive(Debug)]
pub(crate) struct Response {
    /// The status code (0 when the connection closed without an answer).
    pub(crate) status: u16,
    /// Header lines.
    pub(crate) headers: Vec<(String, String)>,
    /// The body as text.
    pub(crate) body: String,
}

impl Response {
    /// A header's value.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Sends raw request bytes and reads the whole answer.
pub(crate) fn request(port: u16, raw: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream.write_all(raw.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    parse(&bytes)
}

fn parse(bytes: &[u8]) -> Response {
    let text = String::from_utf8_lossy(bytes);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim().to_string(), v.trim().to_string())).collect();
    let chunked = headers.iter().any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let body = if chunked { dechunk(body) } else { body.to_string() };
    Response { status, headers, body }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        body = rest[n..].trim_start_matches("\r\n");
    }
    out
}

/// An open event stream.
pub(crate) struct Events {
    stream: TcpStream,
    buffer: String,
}

impl Events {
    /// The next event's name and data, or `None` after `limit`.
    pub(crate) fn next(&mut self, limit: Duration) -> Option<(String, String)> {
        let start = Instant::now();
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut name = String::from("message");
                let mut data = String::new();
                let mut saw_field = false;
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event: ") {
                        name = v.to_string();
                        saw_field = true;
                    } else if let Some(v) = line.strip_prefix("data: ") {
                        data.push_str(v);
                        saw_field = true;
                    }
                }
                if saw_field {
                    return Some((name, data));
                }
            }
            if start.elapsed() > limit {
                return None;
            }
            let mut chunk = [0u8; 4096];
            match self.stream.read(&mut chunk) {
                Ok(0) => return None,
                Ok(n) => self.buffer.push_str(&String::from_utf8_lossy(&chunk[..n])),
                Err(_) => {}
            }
        }
    }

    /// Waits for an event with this name, skipping others.
    pub(crate) fn expect(&mut self, name: &str, limit: Duration) -> String {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Some((n, data)) = self.next(limit.saturating_sub(start.elapsed()))
                && n == name
            {
                return data;
            }
        }
        panic!("no {name} event within {limit:?}");
    }

    /// Every event name seen within `window`.
    pub(crate) fn collect(&mut self, window: Duration) -> Vec<String> {
        let start = Instant::now();
        let mut names = Vec::new();
        while start.elapsed() < window {
            if let Some((n, _)) = self.next(window.saturating_sub(start.elapsed())) {
                names.push(n);
            }
        }
        names
    }
}
