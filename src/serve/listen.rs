//! Opening the server: the listening socket (the first free port from the
//! one asked for), the worker threads and the gate in front of them, and
//! the address to show.

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::Arc;

use super::{Event, State, gate, http};
use crate::error::{Error, Result};

/// Binds the first free port from `port` on; a taken port moves on, any
/// other error stops.
pub(super) fn bind(addr: IpAddr, port: u16, attempts: u16) -> Result<TcpListener> {
    let mut last = None;
    for offset in 0..attempts.max(1) {
        let Some(candidate) = port.checked_add(offset) else {
            break;
        };
        match TcpListener::bind(SocketAddr::new(addr, candidate)) {
            Ok(listener) => return Ok(listener),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && port != 0 => last = Some(e),
            Err(e) => {
                return Err(Error::Usage(format!("cannot listen on {addr}:{candidate}: {e}")));
            }
        }
    }
    Err(Error::Usage(format!(
        "ports {port} to {} on {addr} are all in use ({}); choose another with --port",
        port.saturating_add(attempts.max(1) - 1),
        last.map_or_else(String::new, |e| e.to_string())
    )))
}

/// Starts the workers that answer requests from `state`, and the gate
/// that accepts connections on `listener` and hands requests to them.
pub(super) fn start(listener: TcpListener, state: &Arc<State>, limits: gate::Limits) -> Result<()> {
    let (server, upstream) = gate::upstream().map_err(|e| Error::Usage(format!("cannot start the server: {e}")))?;
    let server = Arc::new(server);
    for i in 0..8 {
        let (server, state) = (Arc::clone(&server), Arc::clone(state));
        std::thread::Builder::new()
            .name(format!("beleid-http-{i}"))
            .spawn(move || {
                while let Ok(request) = server.recv() {
                    http::answer(request, &state);
                }
            })
            .map_err(|e| Error::io("thread", e))?;
    }
    std::thread::Builder::new()
        .name("beleid-gate".into())
        .spawn(move || gate::run(listener, upstream, limits))
        .map_err(|e| Error::io("thread", e))?;
    Ok(())
}

/// The address to browse to: a wildcard address is not one, so the
/// loopback address on the same port stands in for it.
pub(super) fn shown(address: SocketAddr) -> SocketAddr {
    match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => SocketAddr::new(IpAddr::from([127, 0, 0, 1]), address.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::from(std::net::Ipv6Addr::LOCALHOST), address.port())
        }
        _ => address,
    }
}

/// Opens `url` in the system's browser.
pub(super) fn open_browser(url: &str, report: &mut dyn FnMut(Event)) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(command).arg(url).spawn().is_err() {
        report(Event::BrowserNotOpened { url: url.to_string() });
    }
}
