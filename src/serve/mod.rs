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

pub mod gate;
pub mod host;
mod http;
pub mod live;
pub mod route;
mod search;
pub mod watch;
pub mod watcher;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::error::{Diagnostic, Error, Result};
use crate::site::BuildOptions;
use crate::site::session::{Change, Files, Session, Update};
use live::{Event, Hub};

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

/// What the workers serve: the last good build and the current errors.
#[derive(Clone)]
struct Snapshot {
    files: Arc<Files>,
    build: String,
    errors: Vec<Diagnostic>,
    base_path: String,
}

struct State {
    snapshot: RwLock<Arc<Snapshot>>,
    hub: Arc<Hub>,
    hosts: host::Hosts,
}

impl State {
    fn current(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    fn publish(&self, snapshot: Snapshot) {
        let mut current = self.snapshot.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        let old = std::mem::replace(&mut *current, Arc::new(snapshot));
        drop(current);
        // Not freed under the lock, nor on the thread that rebuilds.
        crate::site::session::drop_later(old);
    }

    /// Publishes the current snapshot with one thing changed. Only the
    /// thread that rebuilds publishes, so nothing changes in between.
    fn revise(&self, change: impl FnOnce(&mut Snapshot)) {
        let mut snapshot = Snapshot::clone(&self.current());
        change(&mut snapshot);
        self.publish(snapshot);
    }
}

/// Binds the first free port from `port` on; a taken port moves on, any
/// other error stops.
fn bind(addr: IpAddr, port: u16, attempts: u16) -> Result<TcpListener> {
    let mut last = None;
    for offset in 0..attempts.max(1) {
        let Some(candidate) = port.checked_add(offset) else {
            break;
        };
        match TcpListener::bind(SocketAddr::new(addr, candidate)) {
            Ok(listener) => return Ok(listener),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && port != 0 => last = Some(e),
            Err(e) => {
                return Err(Error::Runtime(format!("cannot listen on {addr}:{candidate}: {e}")));
            }
        }
    }
    Err(Error::Runtime(format!(
        "ports {port} to {} on {addr} are all in use ({}); choose another with --port",
        port.saturating_add(attempts.max(1) - 1),
        last.map_or_else(String::new, |e| e.to_string())
    )))
}

/// Serves the site until the process is stopped.
pub fn run(options: Options) -> Result<()> {
    let root = std::fs::canonicalize(&options.root).map_err(|e| Error::io(&options.root, e))?;
    let started = Instant::now();
    let nonce = format!(
        "{:x}",
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_micros())
    );
    let mut generation = 0u64;
    let build_id = |generation: u64| format!("{nonce}-{generation}");

    // Watch before the first build, so no change made while it runs is missed.
    let (tx, rx) = std::sync::mpsc::channel();
    let cannot_watch = |e: notify::Error| Error::Runtime(format!("cannot watch {}: {e}", root.display()));
    let mut watcher = watcher::start(&root, tx.clone()).map_err(cannot_watch)?;
    say_if_polling(&watcher);
    let mut root_identity = watcher::identity(&root);
    let search = search::SearchWorker::start(tx.clone())?;
    let mut session = None;
    let first = Session::new(&root, &options.build);
    let (files, errors, base_path) = match first {
        Ok(s) => {
            crate::cli::print_diagnostics(s.warnings());
            let out = (s.files(), Vec::new(), s.base_path().to_string());
            session = Some(s);
            out
        }
        Err(e) => {
            crate::cli::print_error(&e);
            let base = crate::site::load_config(&root, &options.build)
                .map_or_else(|_| "/".to_string(), |c| crate::site::Urls::new(&c.base_url).base_path);
            (Arc::new(Files::new()), diagnostics_of(e), base)
        }
    };
    let hub = Arc::new(Hub::new(options.max_live_clients, options.live_heartbeat));
    let state = Arc::new(State {
        snapshot: RwLock::new(Arc::new(Snapshot { files, build: build_id(0), errors, base_path })),
        hub: Arc::clone(&hub),
        hosts: host::Hosts::of_this_machine(options.bind),
    });

    let listener = bind(options.bind, options.port, options.port_attempts)?;
    let address = listener.local_addr().map_err(|e| Error::io("socket", e))?;
    let (server, upstream) = gate::upstream().map_err(|e| Error::Runtime(format!("cannot start the server: {e}")))?;
    let server = Arc::new(server);
    for i in 0..8 {
        let (server, state) = (Arc::clone(&server), Arc::clone(&state));
        std::thread::Builder::new()
            .name(format!("beleid-http-{i}"))
            .spawn(move || {
                while let Ok(request) = server.recv() {
                    http::answer(request, &state);
                }
            })
            .map_err(|e| Error::io("thread", e))?;
    }
    let limits = options.limits.clone();
    std::thread::Builder::new()
        .name("beleid-gate".into())
        .spawn(move || gate::run(listener, upstream, limits))
        .map_err(|e| Error::io("thread", e))?;

    if !options.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}, so other machines can reach this preview; use --bind 127.0.0.1 to keep it local",
            options.bind
        );
    }
    if options.port != 0 && address.port() != options.port {
        eprintln!("port {} is in use, so port {} is used instead", options.port, address.port());
    }
    // A wildcard address is not one to browse to; show the loopback one.
    let shown = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => SocketAddr::new(IpAddr::from([127, 0, 0, 1]), address.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::from(std::net::Ipv6Addr::LOCALHOST), address.port())
        }
        _ => address,
    };
    let url = format!("http://{shown}{}", route::encode(&state.current().base_path, true));
    println!(
        "serving {} at {url} (built in {} ms; press Ctrl+C to stop)",
        root.display(),
        started.elapsed().as_millis()
    );
    if options.open {
        open_browser(&url);
    }

    let mut failed: Vec<Change> = Vec::new();
    let replaced = |known: &mut Option<watcher::Identity>| {
        let now = watcher::identity(&root);
        // While the folder is missing, keep serving and keep looking.
        (now.is_some() && now != *known).then(|| {
            *known = now;
            watch::Burst { replaced: true, everything: true, ..watch::Burst::default() }
        })
    };
    while let Some(burst) = watch::next_burst(&rx, &root, options.debounce, || replaced(&mut root_identity)) {
        let mut failed_watch = burst.watch_failed.clone();
        if burst.replaced {
            // The old folder's watches died with it.
            match watcher::start(&root, tx.clone()) {
                Ok(fresh) => {
                    watcher = fresh;
                    say_if_polling(&watcher);
                }
                Err(e) => eprintln!("error: {}", cannot_watch(e)),
            }
        } else if burst.top_level
            && let watcher::Plan::Poll(why) = watcher.rewatch(&root)
        {
            failed_watch = Some(why);
        }
        if let (Some(why), None) = (failed_watch, &watcher.polling) {
            // Events were lost or will be: poll, and rebuild everything once.
            match watcher::poll(&root, tx.clone(), why) {
                Ok(polling) => {
                    watcher = polling;
                    say_if_polling(&watcher);
                    failed.push(Change::Everything);
                }
                Err(e) => eprintln!("error: {}; edits may not be noticed until serve is restarted", cannot_watch(e)),
            }
        }
        // Search indexes built since: served at once, without a reload
        // (pages that are open keep their results until they reload).
        let mut adopted = false;
        for built in search.finished() {
            if let Some(s) = session.as_mut() {
                adopted |= !s.adopt_search(built).is_empty();
            }
        }
        let mut changes = std::mem::take(&mut failed);
        changes.extend(burst.changes());
        if changes.is_empty() {
            if let (true, Some(s)) = (adopted, session.as_ref()) {
                state.revise(|snapshot| snapshot.files = s.files());
            }
            continue;
        }
        let changes = merge(changes);
        let started = Instant::now();
        let result = match session.as_mut() {
            Some(s) => apply_all(s, &changes),
            None => Session::new(&root, &options.build).map(|s| {
                session = Some(s);
                Update::default()
            }),
        };
        let Some(s) = session.as_mut() else {
            failed = vec![Change::Everything];
            report_failure(&state, result.err(), &hub);
            continue;
        };
        match result {
            Ok(update) => {
                generation += 1;
                let build = build_id(generation);
                state.publish(Snapshot {
                    files: s.files(),
                    build: build.clone(),
                    errors: Vec::new(),
                    base_path: s.base_path().to_string(),
                });
                crate::cli::print_diagnostics(s.warnings());
                for path in burst.bad_names.iter().filter(|p| p.exists()) {
                    eprintln!(
                        "warning: {}: this name is not valid UTF-8, so it is left out; rename it",
                        path.display()
                    );
                }
                let css_only = !update.stylesheets.is_empty() && changes.iter().all(|c| *c == Change::Static);
                if css_only {
                    hub.send(&Event::Stylesheets { build, swaps: update.stylesheets.clone() });
                } else {
                    hub.send(&Event::Reload { build });
                }
                eprintln!(
                    "rebuilt in {} ms ({} page{} rendered)",
                    started.elapsed().as_millis(),
                    update.pages_rendered,
                    if update.pages_rendered == 1 { "" } else { "s" }
                );
                if !update.search_pending.is_empty() {
                    search.submit(s.search_job(&update.search_pending));
                }
            }
            Err(e) => {
                failed = changes;
                report_failure(&state, Some(e), &hub);
            }
        }
    }
    Ok(())
}

/// Applies changes in order, stopping at the first error.
fn apply_all(session: &mut Session, changes: &[Change]) -> Result<Update> {
    let mut total = Update::default();
    for change in changes {
        let update = session.apply(change)?;
        total.changed.extend(update.changed);
        total.stylesheets.extend(update.stylesheets);
        total.search_pending.extend(update.search_pending);
        total.pages_rendered += update.pages_rendered;
    }
    total.search_pending.sort();
    total.search_pending.dedup();
    Ok(total)
}

/// Merges changes carried over from a failed rebuild with new ones.
fn merge(changes: Vec<Change>) -> Vec<Change> {
    if changes.contains(&Change::Everything) {
        return vec![Change::Everything];
    }
    let mut paths: Vec<PathBuf> = Vec::new();
    let mut assets = false;
    for change in changes {
        match change {
            Change::Content(p) => {
                for path in p {
                    if !paths.contains(&path) {
                        paths.push(path);
                    }
                }
            }
            Change::Static => assets = true,
            Change::Everything => {}
        }
    }
    let mut merged = Vec::new();
    if !paths.is_empty() {
        merged.push(Change::Content(paths));
    }
    if assets {
        merged.push(Change::Static);
    }
    merged
}

fn diagnostics_of(error: Error) -> Vec<Diagnostic> {
    match error {
        Error::Site(d) => d,
        Error::Io { path, source } => vec![Diagnostic::error("io", path, source.to_string())],
        Error::Usage(message) => vec![Diagnostic::error("usage", "beleid.toml", message)],
        Error::Runtime(message) => vec![Diagnostic::error("runtime", "beleid.toml", message)],
        Error::Reported => Vec::new(),
    }
}

/// Keeps serving the last good build, with the errors.
fn report_failure(state: &State, error: Option<Error>, hub: &Hub) {
    let Some(error) = error else { return };
    crate::cli::print_error(&error);
    eprintln!("still serving the last good build; fix the problem above and save again");
    let errors = diagnostics_of(error);
    state.revise(|snapshot| snapshot.errors = errors.clone());
    hub.send(&Event::BuildError { errors });
}

/// Says, loud and clear, that file events failed and polling took over.
fn say_if_polling(watching: &watcher::Watching) {
    if let Some(why) = &watching.polling {
        eprintln!(
            "warning: cannot use the system's file events ({why}); looking for changes every {} ms instead",
            watcher::POLL_INTERVAL.as_millis()
        );
    }
}

fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(command).arg(url).spawn().is_err() {
        eprintln!("could not open a browser; visit {url}");
    }
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
