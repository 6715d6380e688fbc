//! Live reload: a Server-Sent Events stream per open page, and the events
//! sent on it. The pages' script (`live.js`) reloads on `reload` (keeping
//! the scroll position), swaps stylesheets on `css`, shows or hides the
//! error overlay on `build-error` and `hello`, and reconnects after the
//! server restarts (a different build id on `hello` means reload).

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::error::Diagnostic;

/// The script added to every HTML page the dev server sends.
pub(crate) const LIVE_JS: &str = include_str!("live.js");
/// The stylesheet of the error overlay.
pub(crate) const LIVE_CSS: &str = include_str!("live.css");

/// One event for every open page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Event {
    /// Reload the page.
    Reload { build: String },
    /// Replace stylesheets: (old URL, new URL).
    Stylesheets { build: String, swaps: Vec<(String, String)> },
    /// The last build failed; show these problems.
    BuildError { errors: Vec<Diagnostic> },
}

impl Event {
    /// The event in the text/event-stream format.
    pub(crate) fn encode(&self) -> String {
        let (name, data) = match self {
            Event::Reload { build } => ("reload", serde_json::json!({ "build": build })),
            Event::Stylesheets { build, swaps } => (
                "css",
                serde_json::json!({ "build": build, "swaps": swaps.iter().map(|(a, b)| serde_json::json!({"from": a, "to": b})).collect::<Vec<_>>() }),
            ),
            Event::BuildError { errors } => ("build-error", serde_json::json!({ "errors": error_list(errors) })),
        };
        format!("event: {name}\ndata: {data}\n\n")
    }
}

/// Diagnostics as plain data for the page script (which shows them with
/// `textContent`, never as HTML).
pub(crate) fn error_list(errors: &[Diagnostic]) -> Vec<serde_json::Value> {
    errors
        .iter()
        .filter(|d| d.is_error())
        .map(|d| serde_json::json!({ "location": d.location(), "message": d.message, "hint": d.hint }))
        .collect()
}

/// The overlay markup added to pages while the last build has errors.
pub(crate) fn overlay(errors: &[Diagnostic]) -> String {
    let mut html = String::from(
        "<div id=\"beleid-overlay\" role=\"alert\"><div class=\"beleid-overlay-box\"><p class=\"beleid-overlay-title\">The last change could not be built. You see the last good version.</p><ul>",
    );
    for d in errors.iter().filter(|d| d.is_error()) {
        html.push_str("<li><code>");
        crate::text::push_escaped(&mut html, &d.location());
        html.push_str("</code> ");
        crate::text::push_escaped(&mut html, &d.message);
        if let Some(hint) = &d.hint {
            html.push_str("<br><span class=\"beleid-overlay-hint\">");
            crate::text::push_escaped(&mut html, hint);
            html.push_str("</span>");
        }
        html.push_str("</li>");
    }
    html.push_str("</ul></div></div>");
    html
}

/// The open event streams.
#[derive(Debug)]
pub(crate) struct Hub {
    clients: Mutex<Vec<SyncSender<String>>>,
    active: AtomicUsize,
    /// The most streams served at once.
    pub(crate) max_clients: usize,
    /// How often an idle stream gets a heartbeat (a comment line): writing
    /// is how a connection that was closed, or whose client went away or
    /// stopped reading, is found and its slot freed.
    pub(crate) heartbeat: Duration,
}

impl Hub {
    /// A hub for at most `max_clients` streams.
    pub(crate) fn new(max_clients: usize, heartbeat: Duration) -> Hub {
        Hub { clients: Mutex::new(Vec::new()), active: AtomicUsize::new(0), max_clients, heartbeat }
    }

    /// The number of open streams.
    #[cfg(test)]
    pub(crate) fn active(&self) -> usize {
        self.active.load(Ordering::SeqCst)
    }

    /// Registers a stream, unless too many are open.
    pub(crate) fn join(self: &Arc<Self>) -> Option<Subscription> {
        let previous = self.active.fetch_add(1, Ordering::SeqCst);
        if previous >= self.max_clients {
            self.active.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        let (tx, rx) = sync_channel(32);
        self.clients.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(tx);
        Some(Subscription { hub: Arc::clone(self), rx })
    }

    /// Sends an event to every stream; streams too slow to keep up are dropped.
    pub(crate) fn send(&self, event: &Event) {
        let text = event.encode();
        let mut clients = self.clients.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        clients.retain(|c| match c.try_send(text.clone()) {
            Ok(()) => true,
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => false,
        });
    }
}

/// One open stream.
pub(crate) struct Subscription {
    hub: Arc<Hub>,
    rx: Receiver<String>,
}

impl Subscription {
    /// Writes `hello` and then every event to `out` until the connection
    /// fails (the page was closed) or the hub drops this stream.
    pub(crate) fn stream(self, out: &mut dyn Write, hello: &str) {
        let _ = self.run(out, hello);
    }

    fn run(&self, out: &mut dyn Write, hello: &str) -> std::io::Result<()> {
        out.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nConnection: close\r\n\r\n")?;
        out.write_all(b"retry: 500\n\n")?;
        out.write_all(hello.as_bytes())?;
        out.flush()?;
        loop {
            match self.rx.recv_timeout(self.hub.heartbeat) {
                Ok(event) => out.write_all(event.as_bytes())?,
                Err(RecvTimeoutError::Timeout) => out.write_all(&heartbeat())?,
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
            out.flush()?;
        }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.hub.active.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The size of a heartbeat. A client that stops reading is found only once
/// the buffers between it and the server are full and a write blocks past
/// the write timeout; at 2 KiB a heartbeat fills a typical 128 KiB of
/// buffers in about 64 heartbeats (some minutes), where a bare comment
/// line would take a day. It costs an open page about 200 bytes a second.
pub(crate) const HEARTBEAT_SIZE: usize = 2048;

/// A heartbeat: an event-stream comment of [`HEARTBEAT_SIZE`] bytes, which
/// pages ignore.
pub(crate) fn heartbeat() -> Vec<u8> {
    let mut beat = b": heartbeat ".to_vec();
    beat.resize(HEARTBEAT_SIZE - 2, b'.');
    beat.extend_from_slice(b"\n\n");
    beat
}

/// The `hello` event: the current build id and errors.
pub(crate) fn hello(build: &str, errors: &[Diagnostic]) -> String {
    let data = serde_json::json!({ "build": build, "errors": error_list(errors) });
    format!("event: hello\ndata: {data}\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_encoded_for_event_streams() {
        assert_eq!(Event::Reload { build: "3".into() }.encode(), "event: reload\ndata: {\"build\":\"3\"}\n\n");
        let css =
            Event::Stylesheets { build: "4".into(), swaps: vec![("/a.1.css".into(), "/a.2.css".into())] }.encode();
        assert!(css.starts_with("event: css\ndata: {") && css.contains("\"from\":\"/a.1.css\""), "{css}");
        let d = Diagnostic::error("x", "content/nl/a.md", "<script>\nalert(1)").at(2, 3);
        let e = Event::BuildError { errors: vec![d.clone()] }.encode();
        assert!(e.starts_with("event: build-error\ndata: {") && e.ends_with("}\n\n"), "{e}");
        assert_eq!(e.matches('\n').count(), 3, "the data is one line: {e}");
        assert!(e.contains("content/nl/a.md:2:3"), "{e}");
        let html = overlay(&[d]);
        assert!(html.contains("&lt;script&gt;") && !html.contains("<script>"), "{html}");
    }

    #[test]
    fn a_heartbeat_is_one_padded_comment() {
        let beat = heartbeat();
        assert_eq!(beat.len(), HEARTBEAT_SIZE);
        let text = String::from_utf8(beat).unwrap();
        assert!(text.starts_with(':') && text.ends_with("\n\n"), "{text}");
        assert_eq!(text.matches('\n').count(), 2, "one line, then the blank line");
    }

    #[test]
    fn the_hub_caps_streams_and_frees_them() {
        let hub = Arc::new(Hub::new(2, Duration::from_millis(10)));
        let a = hub.join().unwrap();
        let _b = hub.join().unwrap();
        assert!(hub.join().is_none());
        drop(a);
        assert_eq!(hub.active(), 1);
        assert!(hub.join().is_some());
    }

    #[test]
    fn a_stream_ends_when_the_page_goes_away() {
        struct Broken;
        impl Write for Broken {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(std::io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let hub = Arc::new(Hub::new(4, Duration::from_millis(5)));
        hub.join().unwrap().stream(&mut Broken, "hello");
        assert_eq!(hub.active(), 0);
        let mut out = Vec::new();
        let sub = hub.join().unwrap();
        hub.send(&Event::Reload { build: "9".into() });
        drop(hub.clients.lock().unwrap().drain(..));
        sub.stream(&mut out, "event: hello\n\n");
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("\r\nReferrer-Policy: no-referrer\r\n"), "{text}");
        assert!(
            text.contains("text/event-stream") && text.contains("event: hello") && text.contains("event: reload"),
            "{text}"
        );
    }
}
