//! The gate in front of tiny_http: accepts TCP connections, enforces the
//! dev server's limits, and passes each request to tiny_http over a private
//! Unix socket.
//!
//! tiny_http reads request heads without a size limit or timeout and starts
//! a thread per connection, so a client holding connections open, or
//! sending an endless header, could exhaust the machine. The gate caps open
//! connections, reads the head with a size limit and a deadline, accepts
//! only GET and HEAD without a body, and forces `Connection: close`, so
//! every connection carries one request and ends when its answer does.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::os::unix::net::{SocketAddr as UnixAddr, UnixStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The gate's limits.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Connections open at once; more are answered 503 and closed.
    pub max_connections: usize,
    /// The largest request head (request line and headers).
    pub max_head: usize,
    /// Time allowed to send the whole head.
    pub head_timeout: Duration,
    /// Time a write to a client may block before it is given up.
    pub write_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: 512,
            max_head: 16 * 1024,
            head_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(10),
        }
    }
}

/// Accepts connections on `listener` forever, forwarding to `upstream`.
pub fn run(listener: TcpListener, upstream: UnixAddr, limits: Limits) {
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if active.fetch_add(1, Ordering::SeqCst) >= limits.max_connections {
            active.fetch_sub(1, Ordering::SeqCst);
            refuse(stream, 503, "Service Unavailable", &limits);
            continue;
        }
        let guard = Guard(Arc::clone(&active));
        let (upstream, limits) = (upstream.clone(), limits.clone());
        let spawned = std::thread::Builder::new().name("beleid-gate".into()).spawn(move || {
            let _guard = guard;
            let _ = handle(stream, &upstream, &limits);
        });
        if spawned.is_err() {
            // No thread could be started; the guard was dropped with the closure.
            continue;
        }
    }
}

struct Guard(Arc<AtomicUsize>);

impl Drop for Guard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn refuse(mut stream: TcpStream, status: u16, reason: &str, limits: &Limits) {
    let _ = stream.set_write_timeout(Some(limits.write_timeout.min(Duration::from_secs(1))));
    let body = format!("{status} {reason}\n");
    let _ = write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.shutdown(Shutdown::Both);
}

/// Reads the request head, checks it, and relays the answer.
fn handle(mut client: TcpStream, upstream: &UnixAddr, limits: &Limits) -> io::Result<()> {
    client.set_nodelay(true)?;
    client.set_write_timeout(Some(limits.write_timeout))?;
    let head = match read_head(&mut client, limits) {
        Ok(head) => head,
        Err(HeadError::TooLarge) => {
            refuse(client, 431, "Request Header Fields Too Large", limits);
            return Ok(());
        }
        Err(HeadError::Timeout) => {
            refuse(client, 408, "Request Timeout", limits);
            return Ok(());
        }
        Err(HeadError::Closed) => return Ok(()),
    };
    let head = match rewrite_head(&head) {
        Ok(head) => head,
        Err((status, reason)) => {
            refuse(client, status, reason, limits);
            return Ok(());
        }
    };
    let mut server = UnixStream::connect_addr(upstream)?;
    server.write_all(&head)?;
    // Relay the answer; a page that closes (or a stream nobody reads)
    // ends the copy, which closes the upstream side too.
    let mut buffer = [0u8; 16 * 1024];
    loop {
        let n = server.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        client.write_all(&buffer[..n])?;
    }
    let _ = client.shutdown(Shutdown::Both);
    Ok(())
}

enum HeadError {
    TooLarge,
    Timeout,
    Closed,
}

fn read_head(client: &mut TcpStream, limits: &Limits) -> Result<Vec<u8>, HeadError> {
    let deadline = Instant::now() + limits.head_timeout;
    let mut head = Vec::with_capacity(1024);
    let mut buffer = [0u8; 2048];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(HeadError::Timeout);
        }
        client.set_read_timeout(Some(left)).map_err(|_| HeadError::Closed)?;
        let n = match client.read(&mut buffer) {
            Ok(0) => return Err(HeadError::Closed),
            Ok(n) => n,
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                return Err(HeadError::Timeout);
            }
            Err(_) => return Err(HeadError::Closed),
        };
        head.extend_from_slice(&buffer[..n]);
        if let Some(end) = find(&head, b"\r\n\r\n") {
            head.truncate(end + 4);
            return Ok(head);
        }
        if head.len() > limits.max_head {
            return Err(HeadError::TooLarge);
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Accepts only GET and HEAD without a body, drops connection headers and
/// adds `Connection: close`.
fn rewrite_head(head: &[u8]) -> Result<Vec<u8>, (u16, &'static str)> {
    let text = std::str::from_utf8(head).map_err(|_| (400, "Bad Request"))?;
    let mut lines = text.split("\r\n");
    let request_line = lines.next().unwrap_or("");
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err((400, "Bad Request"));
    };
    if !matches!(version, "HTTP/1.1" | "HTTP/1.0") {
        return Err((505, "HTTP Version Not Supported"));
    }
    if method != "GET" && method != "HEAD" {
        return Err((405, "Method Not Allowed"));
    }
    if target.is_empty() || target.bytes().any(|b| b.is_ascii_control()) {
        return Err((400, "Bad Request"));
    }
    let mut out = format!("{method} {target} {version}\r\n");
    for line in lines.filter(|l| !l.is_empty()) {
        let Some((name, value)) = line.split_once(':') else {
            return Err((400, "Bad Request"));
        };
        let name_lower = name.trim().to_ascii_lowercase();
        match name_lower.as_str() {
            "connection" | "keep-alive" | "upgrade" | "te" | "expect" => continue,
            "content-length" if value.trim() != "0" => return Err((413, "Content Too Large")),
            "transfer-encoding" => return Err((413, "Content Too Large")),
            _ => {}
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str("Connection: close\r\n\r\n");
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_rewritten_or_refused() {
        let ok = rewrite_head(b"GET /a HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n").unwrap();
        assert_eq!(String::from_utf8(ok).unwrap(), "GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        for (head, status) in [
            (&b"POST /a HTTP/1.1\r\nHost: x\r\n\r\n"[..], 405),
            (b"GET /a HTTP/1.1\r\nContent-Length: 5\r\n\r\n", 413),
            (b"GET /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 413),
            (b"GET /a HTTP/2.0\r\n\r\n", 505),
            (b"GET /a b HTTP/1.1\r\n\r\n", 400),
            (b"GET\r\n\r\n", 400),
            (b"GET /a HTTP/1.1\r\nno colon\r\n\r\n", 400),
            (b"GET /\x01 HTTP/1.1\r\n\r\n", 400),
        ] {
            assert_eq!(rewrite_head(head).unwrap_err().0, status, "{}", String::from_utf8_lossy(head));
        }
    }
}
