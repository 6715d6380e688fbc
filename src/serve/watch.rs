//! Turning file system events on the site's folders into changes.
//!
//! Folders are watched, not files, so editors that save by writing a new
//! file and renaming it over the old one (vim, JetBrains, VS Code) keep
//! working. Editors' temporary files are ignored. A burst of events (a save
//! is often four or five) becomes one change.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use crate::content::is_ignored_name;
use crate::site::session::Change;

/// What kind of file changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Under `content/`.
    Content,
    /// Under `static/` or a theme's `static/`.
    Static,
    /// `beleid.toml`, templates, UI strings: everything is rebuilt.
    Everything,
}

/// The top-level names that hold a site's sources.
pub(crate) const WATCHED: [&str; 5] = ["content", "static", "themes", "templates", "i18n"];

/// Classifies a changed path, or `None` to ignore it (editor temp files,
/// hidden files, the output folder, anything outside the site's sources).
pub(crate) fn classify(root: &Path, path: &Path) -> Option<Kind> {
    let rel = path.strip_prefix(root).ok()?;
    let mut names = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(n) => names.push(n.to_str()?),
            _ => return None,
        }
    }
    if names.iter().any(|n| is_ignored_name(n)) {
        return None;
    }
    match names.as_slice() {
        [] => None,
        [crate::config::CONFIG_FILE] => Some(Kind::Everything),
        ["content", ..] => Some(Kind::Content),
        ["static", ..] | ["themes", _, "static", ..] => Some(Kind::Static),
        ["themes" | "templates" | "i18n", ..] => Some(Kind::Everything),
        _ => None,
    }
}

/// True for a path in a source folder (or `beleid.toml`'s folder) with a
/// name that is not valid UTF-8, which [`classify`] cannot place.
fn is_badly_named_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let mut names = rel.components().filter_map(|c| match c {
        Component::Normal(n) => Some(n),
        _ => None,
    });
    let in_sources = names.next().and_then(|n| n.to_str()).is_some_and(|n| WATCHED.contains(&n));
    in_sources && rel.to_str().is_none()
}

/// What wakes the thread that rebuilds.
#[derive(Debug)]
pub(crate) enum Signal {
    /// A file system event.
    Fs(notify::Result<notify::Event>),
    /// Work done on another thread is ready to take in (a search index).
    Wake,
}

/// How long to wait for more events after one arrives, and at most.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Debounce {
    /// Quiet time that ends a burst.
    pub(crate) quiet: Duration,
    /// The longest a burst may grow.
    pub(crate) max: Duration,
}

impl Default for Debounce {
    fn default() -> Self {
        Debounce { quiet: Duration::from_millis(15), max: Duration::from_millis(250) }
    }
}

/// A burst of events, merged.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Burst {
    /// Changed content paths, in order, without repeats.
    pub(crate) content: Vec<PathBuf>,
    /// A static file changed.
    pub(crate) assets: bool,
    /// Everything must be rebuilt.
    pub(crate) everything: bool,
    /// A folder appeared or vanished at the top level (watches must be renewed).
    pub(crate) top_level: bool,
    /// The site folder itself was replaced (deleted and created again):
    /// the watcher must be started afresh.
    pub(crate) replaced: bool,
    /// Another thread has work ready ([`Signal::Wake`]).
    pub(crate) woken: bool,
    /// The system's file events failed (why): changes may be missed.
    pub(crate) watch_failed: Option<String>,
    /// Changed paths with a name that is not valid UTF-8.
    pub(crate) bad_names: Vec<PathBuf>,
}

impl Burst {
    /// Adds what a signal says.
    pub(crate) fn take(&mut self, root: &Path, signal: Signal) {
        match signal {
            Signal::Fs(Ok(event)) if event.need_rescan() => {
                // The kernel's event queue overflowed (thousands of changes
                // at once): events were lost, so nothing can be trusted.
                self.everything = true;
                self.top_level = true;
            }
            Signal::Fs(Ok(event)) if is_change(&event) => {
                for path in &event.paths {
                    self.add(root, path);
                }
            }
            Signal::Fs(Ok(_)) => {}
            Signal::Fs(Err(e)) => {
                if let super::watcher::Plan::Poll(why) = super::watcher::plan([Err(e)]) {
                    self.watch_failed = Some(why);
                }
            }
            Signal::Wake => self.woken = true,
        }
    }

    /// Adds one changed path.
    pub(crate) fn add(&mut self, root: &Path, path: &Path) {
        if path.parent() == Some(root) {
            self.top_level = true;
            // A source folder that appears or vanishes as a whole (deleted,
            // restored, swapped by `git checkout`) is rescanned as a whole:
            // files created in it before it is watched send no events.
            if path.file_name().and_then(|n| n.to_str()).is_some_and(|n| WATCHED.contains(&n)) {
                self.everything = true;
            }
        }
        if is_badly_named_source(root, path) && !self.bad_names.iter().any(|p| p == path) {
            // The build refuses such a name; rebuild now so it says so.
            self.bad_names.push(path.to_path_buf());
            self.everything = true;
        }
        match classify(root, path) {
            Some(Kind::Content) if !self.content.iter().any(|p| p == path) => self.content.push(path.to_path_buf()),
            Some(Kind::Content) => {}
            Some(Kind::Static) => self.assets = true,
            Some(Kind::Everything) => self.everything = true,
            None => {}
        }
    }

    /// True if nothing relevant happened.
    pub(crate) fn is_empty(&self) -> bool {
        self.content.is_empty() && !self.assets && !self.everything
    }

    /// The changes to apply, in order.
    pub(crate) fn changes(&self) -> Vec<Change> {
        if self.everything {
            return vec![Change::Everything];
        }
        let mut changes = Vec::new();
        if !self.content.is_empty() {
            changes.push(Change::Content(self.content.clone()));
        }
        if self.assets {
            changes.push(Change::Static);
        }
        changes
    }
}

/// True for events that say something changed. Reads (`open`, `close`
/// after reading) are not changes: the rebuild itself reads every file it
/// rebuilds from, and reacting to that would rebuild forever.
pub(crate) fn is_change(event: &notify::Event) -> bool {
    use notify::event::{AccessKind, AccessMode};
    match event.kind {
        // Closing a file after writing it is the end of a save.
        notify::EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        notify::EventKind::Access(_) => false,
        _ => true,
    }
}

/// How often to look whether the site folder itself was replaced, while
/// waiting for events. Its watch dies with the old folder, so no event
/// would tell.
pub(crate) const ROOT_POLL: Duration = Duration::from_millis(300);

/// Waits for the next burst of relevant events, or a [`Signal::Wake`]
/// (returned at once). While waiting, `poll` runs every [`ROOT_POLL`]; a
/// burst it returns is returned at once. `None` when every sender is gone.
pub(crate) fn next_burst(
    rx: &Receiver<Signal>,
    root: &Path,
    debounce: Debounce,
    mut poll: impl FnMut() -> Option<Burst>,
) -> Option<Burst> {
    let mut burst = Burst::default();
    // Block until something relevant happens.
    while burst.is_empty() && !burst.top_level && burst.watch_failed.is_none() {
        match rx.recv_timeout(ROOT_POLL) {
            Ok(Signal::Wake) => return Some(Burst { woken: true, ..burst }),
            Ok(signal) => burst.take(root, signal),
            Err(RecvTimeoutError::Timeout) => {
                if let Some(polled) = poll() {
                    return Some(polled);
                }
            }
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
    let started = Instant::now();
    loop {
        let left = debounce.max.saturating_sub(started.elapsed());
        if left.is_zero() {
            return Some(burst);
        }
        match rx.recv_timeout(debounce.quiet.min(left)) {
            Ok(signal) => burst.take(root, signal),
            Err(RecvTimeoutError::Timeout) => return Some(burst),
            Err(RecvTimeoutError::Disconnected) => return Some(burst),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_table() {
        let root = Path::new("/site");
        for (path, kind) in [
            ("/site/content/nl/faq.md", Some(Kind::Content)),
            ("/site/content/nl/nieuw", Some(Kind::Content)),
            ("/site/static/style.css", Some(Kind::Static)),
            ("/site/beleid.toml", Some(Kind::Everything)),
            ("/site/templates/page.html", Some(Kind::Everything)),
            ("/site/themes/default/static/style.css", Some(Kind::Static)),
            ("/site/themes/default/templates/page.html", Some(Kind::Everything)),
            ("/site/i18n/nl.toml", Some(Kind::Everything)),
            // Editors' temporary and backup files.
            ("/site/content/nl/.faq.md.swp", None),
            ("/site/content/nl/.faq.md.swx", None),
            ("/site/content/nl/faq.md~", None),
            ("/site/content/nl/.#faq.md", None),
            ("/site/content/nl/#faq.md#", None),
            ("/site/content/nl/4913", None),
            ("/site/content/nl/faq.md.tmp", None),
            ("/site/content/nl/.DS_Store", None),
            ("/site/content/.git/index", None),
            // Not sources.
            ("/site/public/index.html", None),
            ("/site/target/debug/x", None),
            ("/site/README.md", None),
            ("/elsewhere/content/a.md", None),
            ("/site", None),
        ] {
            assert_eq!(classify(root, Path::new(path)), kind, "{path}");
        }
    }

    #[test]
    fn bursts_merge_and_order() {
        let root = Path::new("/site");
        let mut burst = Burst::default();
        for p in ["/site/content/nl/.a.md.swp", "/site/content/nl/a.md", "/site/content/nl/a.md", "/site/static/x.css"]
        {
            burst.add(root, Path::new(p));
        }
        assert_eq!(
            burst.changes(),
            vec![Change::Content(vec![PathBuf::from("/site/content/nl/a.md")]), Change::Static]
        );
        burst.add(root, Path::new("/site/beleid.toml"));
        assert_eq!(burst.changes(), vec![Change::Everything]);
    }

    #[test]
    fn a_source_folder_appearing_or_vanishing_rebuilds_everything() {
        let root = Path::new("/site");
        for (path, everything) in
            [("/site/content", true), ("/site/static", true), ("/site/public", false), ("/site/content/nl", false)]
        {
            let mut burst = Burst::default();
            burst.add(root, Path::new(path));
            assert_eq!(burst.everything, everything, "{path}");
        }
    }

    #[test]
    fn a_burst_waits_for_quiet() {
        let (tx, rx) = std::sync::mpsc::channel();
        let root = PathBuf::from("/site");
        let event = |p: &str| Signal::Fs(Ok(notify::Event::new(notify::EventKind::Any).add_path(PathBuf::from(p))));
        tx.send(event("/site/content/nl/4913")).unwrap();
        // Reading a file is not a change.
        let read = notify::Event::new(notify::EventKind::Access(notify::event::AccessKind::Open(
            notify::event::AccessMode::Read,
        )));
        tx.send(Signal::Fs(Ok(read.add_path(PathBuf::from("/site/content/nl/z.md"))))).unwrap();
        tx.send(event("/site/content/nl/a.md")).unwrap();
        tx.send(event("/site/content/nl/a.md~")).unwrap();
        let sender = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(5));
            tx.send(event("/site/content/nl/b.md")).unwrap();
            std::thread::sleep(Duration::from_millis(200));
            tx.send(event("/site/content/nl/c.md")).unwrap();
        });
        let burst = next_burst(
            &rx,
            &root,
            Debounce { quiet: Duration::from_millis(40), max: Duration::from_millis(150) },
            || None,
        )
        .unwrap();
        assert_eq!(burst.content, vec![PathBuf::from("/site/content/nl/a.md"), PathBuf::from("/site/content/nl/b.md")]);
        let burst = next_burst(&rx, &root, Debounce::default(), || None).unwrap();
        assert_eq!(burst.content, vec![PathBuf::from("/site/content/nl/c.md")]);
        sender.join().unwrap();
    }

    #[test]
    fn a_watch_error_later_is_reported_at_once() {
        let (tx, rx) = std::sync::mpsc::channel();
        tx.send(Signal::Fs(Err(notify::Error::new(notify::ErrorKind::MaxFilesWatch)))).unwrap();
        let burst = next_burst(&rx, Path::new("/site"), Debounce::default(), || None).unwrap();
        assert!(burst.watch_failed.is_some_and(|w| w.contains("limit")));
        tx.send(Signal::Fs(Err(notify::Error::new(notify::ErrorKind::PathNotFound)))).unwrap();
        drop(tx);
        assert_eq!(next_burst(&rx, Path::new("/site"), Debounce::default(), || None), None, "not a failure");
    }

    #[cfg(unix)]
    #[test]
    fn a_name_that_is_not_utf8_rebuilds_at_once() {
        use std::os::unix::ffi::OsStrExt;
        let root = Path::new("/site");
        let bad = root.join("content/nl").join(std::ffi::OsStr::from_bytes(b"caf\xe9.md"));
        let mut burst = Burst::default();
        burst.add(root, &bad);
        assert_eq!(burst.bad_names, vec![bad.clone()]);
        assert_eq!(burst.changes(), vec![Change::Everything]);
        let mut elsewhere = Burst::default();
        elsewhere.add(root, &root.join("public").join(std::ffi::OsStr::from_bytes(b"\xff")));
        assert!(elsewhere.is_empty() && elsewhere.bad_names.is_empty(), "{elsewhere:?}");
    }

    #[test]
    fn a_lost_event_queue_rebuilds_everything() {
        let (tx, rx) = std::sync::mpsc::channel();
        let overflow = notify::Event::new(notify::EventKind::Other).set_flag(notify::event::Flag::Rescan);
        tx.send(Signal::Fs(Ok(overflow))).unwrap();
        let burst = next_burst(&rx, Path::new("/site"), Debounce::default(), || None).unwrap();
        assert!(burst.everything && burst.top_level, "{burst:?}");
        assert_eq!(burst.changes(), vec![Change::Everything]);
    }

    #[test]
    fn a_wake_returns_at_once_and_joins_a_burst() {
        let (tx, rx) = std::sync::mpsc::channel();
        let root = Path::new("/site");
        tx.send(Signal::Wake).unwrap();
        let started = Instant::now();
        let burst =
            next_burst(&rx, root, Debounce { quiet: Duration::from_secs(5), max: Duration::from_secs(5) }, || None)
                .unwrap();
        assert!(started.elapsed() < Duration::from_secs(2), "no debounce wait for a wake alone");
        assert!(burst.woken && burst.is_empty(), "{burst:?}");
        let event =
            Signal::Fs(Ok(notify::Event::new(notify::EventKind::Any).add_path(PathBuf::from("/site/content/nl/a.md"))));
        tx.send(event).unwrap();
        tx.send(Signal::Wake).unwrap();
        let burst = next_burst(&rx, root, Debounce::default(), || None).unwrap();
        assert!(burst.woken, "{burst:?}");
        assert_eq!(burst.content, vec![PathBuf::from("/site/content/nl/a.md")]);
        drop(tx);
        assert_eq!(next_burst(&rx, root, Debounce::default(), || None), None, "no senders: the loop ends");
    }
}
