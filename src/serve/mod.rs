//! `beleid serve`: the site built in memory, served on 127.0.0.1, rebuilt
//! when a file changes, and reloaded in the browser.
//!
//! Threads: the gate accepts connections and passes requests to tiny_http;
//! a few workers answer them from the current build (a snapshot they read
//! without waiting for rebuilds); each live-reload stream has its own
//! thread; the main thread watches files and rebuilds; one more rebuilds
//! search indexes, so the next save is not held up by them. A failed
//! rebuild keeps the last good build in service and shows the errors as an
//! overlay.
//!
//! The server prints nothing: what it has to say goes to the caller as
//! [`Event`]s, which the command line renders.

mod event;
pub mod gate;
pub mod host;
mod http;
mod listen;
pub mod live;
mod rebuild;
mod rewatch;
pub mod route;
mod search;
mod state;
pub mod watch;
pub mod watcher;

pub use event::Event;

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::site::BuildOptions;
use live::Hub;
use state::{Snapshot, State};

/// Requests below this path belong to the dev server, not the site.
pub const LIVE_PREFIX: &str = "/__beleid/";

/// Settings of `beleid serve`.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site root.
    pub root: PathBuf,
    /// The address to listen on.
    pub bind: IpAddr,
    /// The first port to try (0: any free port).
    pub port: u16,
    /// How many ports after `port` to try when it is taken.
    pub port_attempts: u16,
    /// Build options (drafts, today).
    pub build: BuildOptions,
    /// Open the site in a browser once it is served.
    pub open: bool,
    /// Limits on connections.
    pub limits: gate::Limits,
    /// Most live-reload streams at once.
    pub max_live_clients: usize,
    /// How often an idle live-reload stream gets a heartbeat.
    pub live_heartbeat: Duration,
    /// How long to collect file events before rebuilding.
    pub debounce: watch::Debounce,
}

/// Serves the site until the process is stopped, handing what it has to
/// say to `report`.
pub fn run(options: Options, report: &mut dyn FnMut(Event)) -> Result<()> {
    let root = std::fs::canonicalize(&options.root).map_err(|e| Error::io(&options.root, e))?;
    let started = Instant::now();
    // Build ids differ between runs of the server, so a page left open
    // from an earlier run reloads.
    let nonce = format!(
        "{:x}",
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_micros())
    );

    // Watch before the first build, so no change made while it runs is missed.
    let (tx, rx) = std::sync::mpsc::channel();
    let mut rewatch = rewatch::Rewatch::start(&root, tx.clone(), report)?;
    let search = search::SearchWorker::start(tx.clone())?;
    let (session, snapshot) = rebuild::first_build(&root, &options.build, format!("{nonce}-0"), report);
    let hub = Arc::new(Hub::new(options.max_live_clients, options.live_heartbeat));
    let state = Arc::new(State {
        snapshot: RwLock::new(Arc::new(snapshot)),
        hub,
        hosts: host::Hosts::of_this_machine(options.bind),
    });

    let listener = listen::bind(options.bind, options.port, options.port_attempts)?;
    let address = listener.local_addr().map_err(|e| Error::io("socket", e))?;
    listen::start(listener, &state, options.limits.clone())?;
    if !options.bind.is_loopback() {
        report(Event::Exposed { bind: options.bind });
    }
    if options.port != 0 && address.port() != options.port {
        report(Event::PortFallback { wanted: options.port, used: address.port() });
    }
    let url = format!("http://{}{}", listen::shown(address), route::encode(&state.current().base_path, true));
    report(Event::Listening { root: root.clone(), url: url.clone(), took: started.elapsed() });
    if options.open {
        listen::open_browser(&url, report);
    }

    let mut rebuilder = rebuild::Rebuilder::new(root.clone(), options.build, session, state, search, nonce);
    while let Some(burst) = watch::next_burst(&rx, &root, options.debounce, || rewatch.replaced()) {
        if rewatch.keep_up(&burst, report) {
            rebuilder.rebuild_everything();
        }
        rebuilder.on_burst(&burst, report);
    }
    Ok(())
}

/// The default settings for a site root.
pub fn default_options(root: &Path, build: BuildOptions) -> Options {
    Options {
        root: root.to_path_buf(),
        bind: IpAddr::from([127, 0, 0, 1]),
        port: 1111,
        port_attempts: 10,
        build,
        open: false,
        limits: gate::Limits::default(),
        max_live_clients: 256,
        live_heartbeat: Duration::from_secs(10),
        debounce: watch::Debounce::default(),
    }
}
