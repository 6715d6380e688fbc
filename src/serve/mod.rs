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
pub mod live;
pub mod route;
pub mod watch;

use std::io::Cursor;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::error::{Diagnostic, Error, Result};
use crate::site::BuildOptions;
use crate::site::session::{Change, Files, SearchBuilt, SearchJob, Session, Update};
use live::{Event, Hub};
use route::{Route, byte_range, content_type, host_allowed, inject, route};

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
    bind: IpAddr,
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

/// Builds search indexes on threads of its own. Jobs not yet started are
/// superseded by newer ones (which take over their languages); finished
/// indexes wait in `done` and a [`watch::Signal::Wake`] says they are there.
struct SearchWorker {
    jobs: Sender<SearchJob>,
    done: Arc<Mutex<Vec<SearchBuilt>>>,
}

impl SearchWorker {
    fn start(wake: Sender<watch::Signal>) -> Result<SearchWorker> {
        // Its own threads, so a rebuild's parallel work never queues
        // behind an index build; half the cores, so it is not starved either.
        let threads = std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("beleid-search-{i}"))
            .build()
            .map_err(|e| Error::Usage(format!("cannot start the search index threads: {e}")))?;
        let (jobs, queue) = std::sync::mpsc::channel::<SearchJob>();
        let done = Arc::new(Mutex::new(Vec::new()));
        let finished = Arc::clone(&done);
        std::thread::Builder::new()
            .name("beleid-search".into())
            .spawn(move || {
                while let Ok(mut job) = queue.recv() {
                    while let Ok(newer) = queue.try_recv() {
                        let older = std::mem::replace(&mut job, newer);
                        job.absorb(older);
                    }
                    let built = pool.install(|| job.run());
                    finished.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(built);
                    if wake.send(watch::Signal::Wake).is_err() {
                        break;
                    }
                }
            })
            .map_err(|e| Error::io("thread", e))?;
        Ok(SearchWorker { jobs, done })
    }

    fn submit(&self, job: SearchJob) {
        // Fails only if the thread is gone: the index stays as it was.
        let _ = self.jobs.send(job);
    }

    /// The indexes built since the last call, oldest first.
    fn finished(&self) -> Vec<SearchBuilt> {
        std::mem::take(&mut *self.done.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
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

/// The private socket between the gate and tiny_http.
#[cfg(target_os = "linux")]
fn upstream_socket() -> Result<(std::os::unix::net::UnixListener, std::os::unix::net::SocketAddr)> {
    use std::os::linux::net::SocketAddrExt;
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let name = format!("beleid-serve-{}-{nanos}", std::process::id());
    let addr =
        std::os::unix::net::SocketAddr::from_abstract_name(name.as_bytes()).map_err(|e| Error::io("socket", e))?;
    let listener = std::os::unix::net::UnixListener::bind_addr(&addr).map_err(|e| Error::io("socket", e))?;
    Ok((listener, addr))
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
    let cannot_watch = |e: notify::Error| Error::Usage(format!("cannot watch {}: {e}", root.display()));
    let mut watcher = watch::start(&root, tx.clone()).map_err(cannot_watch)?;
    let mut root_identity = watch::identity(&root);
    let search = SearchWorker::start(tx.clone())?;
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
    let hub = Arc::new(Hub::new(options.max_live_clients, Duration::from_secs(10)));
    let state = Arc::new(State {
        snapshot: RwLock::new(Arc::new(Snapshot { files, build: build_id(0), errors, base_path })),
        hub: Arc::clone(&hub),
        bind: options.bind,
    });

    let listener = bind(options.bind, options.port, options.port_attempts)?;
    let address = listener.local_addr().map_err(|e| Error::io("socket", e))?;
    let (upstream, upstream_addr) = upstream_socket()?;
    let server = Arc::new(
        tiny_http::Server::from_listener(upstream, None)
            .map_err(|e| Error::Usage(format!("cannot start the server: {e}")))?,
    );
    for i in 0..8 {
        let (server, state) = (Arc::clone(&server), Arc::clone(&state));
        std::thread::Builder::new()
            .name(format!("beleid-http-{i}"))
            .spawn(move || {
                while let Ok(request) = server.recv() {
                    answer(request, &state);
                }
            })
            .map_err(|e| Error::io("thread", e))?;
    }
    let limits = options.limits.clone();
    std::thread::Builder::new()
        .name("beleid-gate".into())
        .spawn(move || gate::run(listener, upstream_addr, limits))
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
    let url = format!("http://{shown}{}", state.current().base_path);
    println!(
        "serving {} at {url} (built in {} ms; press Ctrl+C to stop)",
        root.display(),
        started.elapsed().as_millis()
    );
    if options.open {
        open_browser(&url);
    }

    let mut failed: Vec<Change> = Vec::new();
    let replaced = |known: &mut Option<watch::Identity>| {
        let now = watch::identity(&root);
        // While the folder is missing, keep serving and keep looking.
        (now.is_some() && now != *known).then(|| {
            *known = now;
            watch::Burst { replaced: true, everything: true, ..watch::Burst::default() }
        })
    };
    while let Some(burst) = watch::next_burst(&rx, &root, options.debounce, || replaced(&mut root_identity)) {
        if burst.replaced {
            // The old folder's watches died with it.
            match watch::start(&root, tx.clone()) {
                Ok(fresh) => watcher = fresh,
                Err(e) => eprintln!("error: {}", cannot_watch(e)),
            }
        } else if burst.top_level {
            watch::rewatch(&mut watcher, &root);
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

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("header names and values are ASCII")
}

/// Answers one request from the current snapshot.
fn answer(request: tiny_http::Request, state: &State) {
    let host = request.headers().iter().find(|h| h.field.equiv("Host")).map(|h| h.value.as_str().to_string());
    if !host_allowed(host.as_deref(), state.bind) {
        let _ = request.respond(plain(403, "This preview answers only to localhost and its own address.\n"));
        return;
    }
    let snapshot = state.current();
    let overlay = (!snapshot.errors.is_empty()).then(|| live::overlay(&snapshot.errors));
    let routed = route(request.url(), &snapshot.base_path, &snapshot.files);
    let response = match routed {
        Route::File(path) => {
            let bytes = &snapshot.files[&path];
            let range = request.headers().iter().find(|h| h.field.equiv("Range")).map(|h| h.value.as_str());
            match byte_range(range, bytes.len()) {
                // Search index files are read in slices.
                Some(Ok((first, last))) if !content_type(&path).starts_with("text/html") => {
                    file_response(206, &path, &bytes[first..=last], &snapshot.build, None)
                        .with_header(header("Content-Range", &format!("bytes {first}-{last}/{}", bytes.len())))
                }
                Some(Err(())) => plain(416, "Range Not Satisfiable\n")
                    .with_header(header("Content-Range", &format!("bytes */{}", bytes.len()))),
                _ => file_response(200, &path, bytes, &snapshot.build, overlay.as_deref()),
            }
        }
        Route::NotFound => match snapshot.files.get("404.html") {
            Some(bytes) => file_response(404, "404.html", bytes, &snapshot.build, overlay.as_deref()),
            None if overlay.is_some() => {
                let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Build failed</title></head><body><h1>The site could not be built</h1></body></html>";
                file_response(500, "error.html", page.as_bytes(), &snapshot.build, overlay.as_deref())
            }
            None => plain(404, "Not found\n"),
        },
        Route::Redirect(location) => plain(302, "").with_header(header("Location", &location)),
        Route::LiveAsset(name) => {
            let (body, kind) = if name == "live.js" {
                (live::LIVE_JS, "text/javascript; charset=utf-8")
            } else {
                (live::LIVE_CSS, "text/css; charset=utf-8")
            };
            plain(200, body).with_header(header("Content-Type", kind))
        }
        Route::Refuse(status, why) => plain(status, &format!("{why}\n")),
        Route::Events => {
            let Some(subscription) = state.hub.join() else {
                let _ = request.respond(plain(503, "Too many live-reload connections.\n"));
                return;
            };
            let hello = live::hello(&snapshot.build, &snapshot.errors);
            let _ = std::thread::Builder::new().name("beleid-live".into()).spawn(move || {
                let mut writer = request.into_writer();
                subscription.stream(&mut *writer, &hello);
            });
            return;
        }
    };
    let _ = request.respond(response);
}

fn security_headers(response: tiny_http::Response<Cursor<Vec<u8>>>) -> tiny_http::Response<Cursor<Vec<u8>>> {
    response
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header("Referrer-Policy", "no-referrer"))
}

fn plain(status: u16, body: &str) -> tiny_http::Response<Cursor<Vec<u8>>> {
    security_headers(
        tiny_http::Response::from_data(body.as_bytes().to_vec())
            .with_status_code(status)
            .with_header(header("Content-Type", "text/plain; charset=utf-8"))
            .with_header(header("Cache-Control", "no-store")),
    )
}

fn file_response(
    status: u16,
    path: &str,
    bytes: &[u8],
    build: &str,
    overlay: Option<&str>,
) -> tiny_http::Response<Cursor<Vec<u8>>> {
    let kind = content_type(path);
    let html = kind.starts_with("text/html");
    let body = if html { inject(bytes, build, overlay) } else { bytes.to_vec() };
    security_headers(
        tiny_http::Response::from_data(body)
            .with_status_code(status)
            .with_header(header("Content-Type", kind))
            .with_header(header("Cache-Control", if html { "no-store" } else { "no-cache" }))
            .with_header(header("Accept-Ranges", "bytes")),
    )
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
        debounce: watch::Debounce::default(),
    }
}
