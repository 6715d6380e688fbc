//! The gate in front of tiny_http: accepts TCP connections, enforces the
//! dev server's limits, and passes each request to tiny_http over a private
//! socket (an abstract Unix socket on Linux, which no other user can
//! reach; a loopback TCP port elsewhere).
//!
//! tiny_http reads request heads without a size limit or timeout and starts
//! a thread per connection, so a client holding connections open, or
//! sending an endless header, could exhaust the machine. The gate caps open
//! connections, reads the head with a size limit and a deadline, accepts
//! only GET and HEAD without a body, and forces `Connection: close`, so
//! every connection carries one request and ends when its answer does.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The gate's limits.
#[derive(Debug, Clone)]
pub(crate) struct Limits {
    /// Connections open at once; more are answered 503 and closed.
    pub(crate) max_connections: usize,
    /// The largest request head (request line and headers).
    pub(crate) max_head: usize,
    /// Time allowed to send the whole head.
    pub(crate) head_timeout: Duration,
    /// Time a write to a client may block before it is given up.
    pub(crate) write_timeout: Duration,
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

/// Where the gate passes requests on: tiny_http's private socket.
#[derive(Debug, Clone)]
pub(crate) struct Upstream {
    #[cfg(target_os = "linux")]
    addr: std::os::unix::net::SocketAddr,
    #[cfg(not(target_os = "linux"))]
    addr: std::net::SocketAddr,
}

#[cfg(target_os = "linux")]
type Link = std::os::unix::net::UnixStream;
#[cfg(not(target_os = "linux"))]
type Link = TcpStream;

impl Upstream {
    fn connect(&self) -> io::Result<Link> {
        #[cfg(target_os = "linux")]
        return std::os::unix::net::UnixStream::connect_addr(&self.addr);
        #[cfg(not(target_os = "linux"))]
        return TcpStream::connect(self.addr);
    }
}

/// Starts tiny_http on a private socket, and says where the gate finds it.
#[cfg(target_os = "linux")]
pub(crate) fn upstream() -> io::Result<(tiny_http::Server, Upstream)> {
    use std::os::linux::net::SocketAddrExt;
    use std::os::unix::net::{SocketAddr, UnixListener};
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let name = format!("beleid-serve-{}-{nanos}", std::process::id());
    let addr = SocketAddr::from_abstract_name(name.as_bytes())?;
    let listener = UnixListener::bind_addr(&addr)?;
    let server = tiny_http::Server::from_listener(listener, None).map_err(io::Error::other)?;
    Ok((server, Upstream { addr }))
}

/// Starts tiny_http on a private socket, and says where the gate finds it.
/// Without abstract Unix sockets (which need no file), a loopback port:
/// a local program could reach tiny_http past the gate's limits, but the
/// workers still check the method and the `Host`.
#[cfg(not(target_os = "linux"))]
pub(crate) fn upstream() -> io::Result<(tiny_http::Server, Upstream)> {
    let listener = TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0))?;
    let addr = listener.local_addr()?;
    let server = tiny_http::Server::from_listener(listener, None).map_err(io::Error::other)?;
    Ok((server, Upstream { addr }))
}

/// Accepts connections on `listener` forever, forwarding to `upstream`.
pub(crate) fn run(listener: TcpListener, upstream: Upstream, limits: Limits) {
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
    let allow = if status == 405 { "Allow: GET, HEAD\r\n" } else { "" };
    let _ = write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\n{allow}Content-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.shutdown(Shutdown::Both);
}

/// Reads the request head, checks it, and relays the answer.
fn handle(mut client: TcpStream, upstream: &Upstream, limits: &Limits) -> io::Result<()> {
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
    if is_event_stream(&head) {
        stream_settings(&client, limits);
    }
    let mut server = upstream.connect()?;
    server.write_all(&head)?;
    // Relay the answer; a page that closes (or a stream nobody reads)
    // ends the copy, which closes the upstream side too.
    let mut buffer = [0u8; 16 * 1024];
    loop {
        let n = server.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        // `read` returns at most the buffer's length.
        client.write_all(buffer.get(..n).unwrap_or_default())?;
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
        // `read` returns at most the buffer's length.
        head.extend_from_slice(buffer.get(..n).unwrap_or_default());
        if let Some(length) = head_length(&head, limits.max_head)? {
            head.truncate(length);
            return Ok(head);
        }
    }
}

/// The length of the complete head at the start of `received` (up to and
/// including the blank line), `None` while it may still come, or
/// `TooLarge` when it is, or would be, longer than `max`, however the
/// bytes arrived.
fn head_length(received: &[u8], max: usize) -> Result<Option<usize>, HeadError> {
    let window = received.get(..max).unwrap_or(received);
    match find(window, b"\r\n\r\n") {
        Some(end) => Ok(Some(end + 4)),
        None if received.len() >= max => Err(HeadError::TooLarge),
        None => Ok(None),
    }
}

/// True if the head asks for the live-reload stream.
fn is_event_stream(head: &[u8]) -> bool {
    let target = head.split(|&b| b == b' ').nth(1).unwrap_or_default();
    let path = target.split(|&b| b == b'?').next().unwrap_or_default();
    path == format!("{}events", super::LIVE_PREFIX).as_bytes()
}

/// A live-reload stream is open for hours: a client that stops reading,
/// or goes away without closing, must still let go of its slot. A small
/// send buffer makes a blocked heartbeat time out soon; the kernel drops
/// the connection when sent data stays unacknowledged for the write
/// timeout. (Linux only; elsewhere the system's buffers and timeouts apply.)
#[cfg(target_os = "linux")]
fn stream_settings(client: &TcpStream, limits: &Limits) {
    use std::os::fd::AsRawFd;
    let millis = libc::c_int::try_from(limits.write_timeout.as_millis()).unwrap_or(libc::c_int::MAX);
    for (level, name, value) in
        [(libc::SOL_SOCKET, libc::SO_SNDBUF, 4 * 1024), (libc::IPPROTO_TCP, libc::TCP_USER_TIMEOUT, millis)]
    {
        let len = libc::socklen_t::try_from(std::mem::size_of::<libc::c_int>()).unwrap_or(4);
        // SAFETY: the descriptor is `client`'s open socket, borrowed for the
        // call; the option value is a c_int that outlives it. A failure
        // leaves the default, so its result is not needed.
        unsafe { libc::setsockopt(client.as_raw_fd(), level, name, (&raw const value).cast(), len) };
    }
}

#[cfg(not(target_os = "linux"))]
fn stream_settings(_client: &TcpStream, _limits: &Limits) {}

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
    // tiny_http reads only ASCII: a target typed with raw UTF-8 is encoded.
    let target = super::route::encode(target, true);
    let mut out = format!("{method} {target} {version}\r\n");
    for line in lines.filter(|l| !l.is_empty()) {
        let Some((name, value)) = line.split_once(':') else {
            return Err((400, "Bad Request"));
        };
        if !line.is_ascii() {
            return Err((400, "Bad Request"));
        }
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
        let raw = rewrite_head("GET /docs-é?q=é%20 HTTP/1.1\r\n\r\n".as_bytes()).unwrap();
        assert!(raw.starts_with(b"GET /docs-%C3%A9?q=%C3%A9%20 HTTP/1.1\r\n"), "{}", String::from_utf8_lossy(&raw));
        for (head, status) in [
            (&b"POST /a HTTP/1.1\r\nHost: x\r\n\r\n"[..], 405),
            (b"GET /a HTTP/1.1\r\nContent-Length: 5\r\n\r\n", 413),
            (b"GET /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", 413),
            (b"GET /a HTTP/2.0\r\n\r\n", 505),
            (b"GET /a b HTTP/1.1\r\n\r\n", 400),
            (b"GET\r\n\r\n", 400),
            (b"GET /a HTTP/1.1\r\nno colon\r\n\r\n", 400),
            (b"GET /\x01 HTTP/1.1\r\n\r\n", 400),
            ("GET / HTTP/1.1\r\nX: é\r\n\r\n".as_bytes(), 400),
        ] {
            assert_eq!(rewrite_head(head).unwrap_err().0, status, "{}", String::from_utf8_lossy(head));
        }
    }

    #[test]
    fn the_head_limit_holds_however_the_bytes_arrive() {
        let head = |len: usize| {
            let mut h = b"GET / HTTP/1.1\r\nX: ".to_vec();
            h.resize(len - 4, b'a');
            h.extend_from_slice(b"\r\n\r\n");
            h
        };
        // 18,432 bytes in one read: refused, as if they came one by one.
        assert!(matches!(head_length(&head(18_432), 16_384), Err(HeadError::TooLarge)));
        assert!(matches!(head_length(&head(16_385), 16_384), Err(HeadError::TooLarge)));
        assert!(matches!(head_length(&head(16_384), 16_384), Ok(Some(16_384))));
        let mut more = head(100);
        more.extend_from_slice(&[b'x'; 20_000]);
        assert!(matches!(head_length(&more, 16_384), Ok(Some(100))), "bytes after the head do not count");
        assert!(matches!(head_length(&head(100)[..50], 16_384), Ok(None)));
        assert!(matches!(head_length(&[b'a'; 16_384], 16_384), Err(HeadError::TooLarge)));
    }

    #[test]
    fn event_streams_are_recognised() {
        assert!(is_event_stream(b"GET /__beleid/events HTTP/1.1\r\n\r\n"));
        assert!(is_event_stream(b"GET /__beleid/events?x HTTP/1.1\r\n\r\n"));
        assert!(!is_event_stream(b"GET /__beleid/live.js HTTP/1.1\r\n\r\n"));
    }
}
