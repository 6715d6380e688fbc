//! Starting the file watcher: the system's file events when they work,
//! polling when they do not.
//!
//! The system's events can fail part way: on Linux each watched folder
//! takes one of a limited number of inotify watches, and a site with more
//! folders than are left would be watched only in part, so edits would
//! silently never rebuild. Any such failure switches to polling (slower,
//! but complete), and says so.

use std::path::Path;
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{ErrorKind, RecursiveMode, Watcher};

use super::watch::{Signal, WATCHED};

/// How often the polling watcher looks at every file.
pub(crate) const POLL_INTERVAL: Duration = Duration::from_secs(1);

/// A running watcher.
pub(crate) struct Watching {
    watcher: Box<dyn Watcher>,
    /// Why the system's events are not used, when polling.
    pub(crate) polling: Option<String>,
}

/// What to do after trying to watch with the system's events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Plan {
    /// They work.
    Native,
    /// Poll instead, for this reason.
    Poll(String),
}

/// Decides from the results of setting up watches (or from an error
/// reported later): any failure but a folder that vanished meanwhile means
/// some changes would be missed, so poll.
pub(crate) fn plan(results: impl IntoIterator<Item = notify::Result<()>>) -> Plan {
    for result in results {
        match result {
            Err(e) if !matches!(e.kind, ErrorKind::PathNotFound) => return Plan::Poll(reason(&e)),
            _ => {}
        }
    }
    Plan::Native
}

/// "Too many open files" (on Linux and macOS): no inotify instance left.
const EMFILE: i32 = 24;

fn reason(error: &notify::Error) -> String {
    match &error.kind {
        ErrorKind::MaxFilesWatch => "the system's limit on watched folders was reached (on Linux, raise \
             fs.inotify.max_user_watches with sysctl)"
            .to_string(),
        ErrorKind::Io(e) if e.raw_os_error() == Some(EMFILE) => {
            "the system's limit on file watchers was reached (on Linux, raise fs.inotify.max_user_instances)"
                .to_string()
        }
        _ => format!("the system's file events failed: {error}"),
    }
}

/// Starts watching `root`: the root itself (for `beleid.toml` and for
/// source folders that appear later) and each source folder, recursively;
/// with the system's events if they work, by polling otherwise.
pub(crate) fn start(root: &Path, tx: Sender<Signal>) -> notify::Result<Watching> {
    let handler = handler(tx.clone());
    let why = match notify::recommended_watcher(handler) {
        Ok(mut native) => match plan(watch_all(&mut native, root)) {
            Plan::Native => return Ok(Watching { watcher: Box::new(native), polling: None }),
            Plan::Poll(why) => why,
        },
        Err(e) => reason(&e),
    };
    poll(root, tx, why)
}

/// Starts a polling watcher on `root`, because of `why`.
pub(crate) fn poll(root: &Path, tx: Sender<Signal>, why: String) -> notify::Result<Watching> {
    let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
    let mut watcher = notify::PollWatcher::new(handler(tx), config)?;
    for result in watch_all(&mut watcher, root) {
        match result {
            Err(e) if !matches!(e.kind, ErrorKind::PathNotFound) => return Err(e),
            _ => {}
        }
    }
    Ok(Watching { watcher: Box::new(watcher), polling: Some(why) })
}

impl Watching {
    /// (Re)watches every source folder that exists; called again when
    /// folders are created or removed at the top level. `Plan::Poll` if
    /// the system's events failed on one of them.
    pub(crate) fn rewatch(&mut self, root: &Path) -> Plan {
        plan(rewatch(&mut *self.watcher, root))
    }
}

fn handler(tx: Sender<Signal>) -> impl Fn(notify::Result<notify::Event>) + Send + 'static {
    move |event| {
        // The receiver is gone only when the server stops.
        let _ = tx.send(Signal::Fs(event));
    }
}

fn watch_all(watcher: &mut dyn Watcher, root: &Path) -> Vec<notify::Result<()>> {
    let mut results = vec![watcher.watch(root, RecursiveMode::NonRecursive)];
    results.extend(rewatch(watcher, root));
    results
}

fn rewatch(watcher: &mut dyn Watcher, root: &Path) -> Vec<notify::Result<()>> {
    let mut results = Vec::new();
    for name in WATCHED {
        let dir = root.join(name);
        let _ = watcher.unwatch(&dir);
        if dir.is_dir() {
            results.push(watcher.watch(&dir, RecursiveMode::Recursive));
        }
    }
    results
}

/// Which file a path is now (device and inode), to notice a folder that
/// was deleted and created again under the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Identity(u64, u64);

/// The identity of what is at `path`, or `None` if nothing is.
pub(crate) fn identity(path: &Path) -> Option<Identity> {
    let metadata = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(Identity(metadata.dev(), metadata.ino()))
    }
    #[cfg(not(unix))]
    {
        let created = metadata.created().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
        Some(Identity(0, created.map_or(0, |d| d.as_nanos() as u64)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_watch_limit_part_way_means_polling() {
        let limit = || Err(notify::Error::new(ErrorKind::MaxFilesWatch));
        let vanished = || Err(notify::Error::new(ErrorKind::PathNotFound));
        assert_eq!(plan([Ok(()), Ok(())]), Plan::Native);
        assert_eq!(plan([Ok(()), vanished()]), Plan::Native, "a folder deleted meanwhile is no failure");
        let Plan::Poll(why) = plan([Ok(()), Ok(()), limit(), Ok(())]) else { panic!("not polling") };
        assert!(why.contains("max_user_watches"), "{why}");
        let io = || Err(notify::Error::io(std::io::Error::from_raw_os_error(24)));
        assert!(matches!(plan([io()]), Plan::Poll(w) if w.contains("max_user_instances")));
        let other = || Err(notify::Error::generic("broken"));
        assert!(matches!(plan([other()]), Plan::Poll(w) if w.contains("broken")));
    }

    #[test]
    fn polling_sees_changes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content/nl")).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let watching = poll(dir.path(), tx, "test".into()).unwrap();
        assert_eq!(watching.polling.as_deref(), Some("test"));
        let file = dir.path().join("content/nl/a.md");
        std::fs::write(&file, "x").unwrap();
        let deadline = std::time::Instant::now() + POLL_INTERVAL * 10;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            assert!(!left.is_zero(), "the polling watcher never reported {}", file.display());
            if let Ok(Signal::Fs(Ok(event))) = rx.recv_timeout(left)
                && event.paths.contains(&file)
            {
                break;
            }
        }
    }
}
