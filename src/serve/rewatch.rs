//! Keeping the watcher working while the server runs: started afresh when
//! the site folder is replaced, its watches renewed when top-level folders
//! come and go, and swapped for polling when file events fail.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

use super::watch::{Burst, Signal};
use super::{Event, watcher};
use crate::error::{Error, Result};

/// The running watcher and what it needs to renew itself.
pub(super) struct Rewatch {
    root: PathBuf,
    tx: Sender<Signal>,
    watcher: watcher::Watching,
    /// The site folder's identity, to notice it being replaced.
    identity: Option<watcher::Identity>,
}

impl Rewatch {
    /// Starts watching `root`.
    pub(super) fn start(root: &Path, tx: Sender<Signal>, report: &mut dyn FnMut(Event)) -> Result<Rewatch> {
        let watcher = watcher::start(root, tx.clone()).map_err(|e| cannot_watch(root, e))?;
        say_if_polling(&watcher, report);
        Ok(Rewatch { root: root.to_path_buf(), identity: watcher::identity(root), tx, watcher })
    }

    /// A burst that rebuilds everything if the site folder was replaced
    /// since last asked. While the folder is missing, the server keeps
    /// serving and keeps looking.
    pub(super) fn replaced(&mut self) -> Option<Burst> {
        let now = watcher::identity(&self.root);
        (now.is_some() && now != self.identity).then(|| {
            self.identity = now;
            Burst { replaced: true, everything: true, ..Burst::default() }
        })
    }

    /// Renews the watcher after `burst` as it asks. Returns true when events
    /// were lost (or will be) and polling took over: everything must be
    /// rebuilt once.
    pub(super) fn keep_up(&mut self, burst: &Burst, report: &mut dyn FnMut(Event)) -> bool {
        let mut failed_watch = burst.watch_failed.clone();
        if burst.replaced {
            // The old folder's watches died with it.
            match watcher::start(&self.root, self.tx.clone()) {
                Ok(fresh) => {
                    self.watcher = fresh;
                    say_if_polling(&self.watcher, report);
                }
                Err(e) => report(Event::WatchFailed(cannot_watch(&self.root, e))),
            }
        } else if burst.top_level
            && let watcher::Plan::Poll(why) = self.watcher.rewatch(&self.root)
        {
            failed_watch = Some(why);
        }
        let (Some(why), None) = (failed_watch, &self.watcher.polling) else {
            return false;
        };
        match watcher::poll(&self.root, self.tx.clone(), why) {
            Ok(polling) => {
                self.watcher = polling;
                say_if_polling(&self.watcher, report);
                true
            }
            Err(e) => {
                report(Event::PollFailed(cannot_watch(&self.root, e)));
                false
            }
        }
    }
}

fn cannot_watch(root: &Path, e: notify::Error) -> Error {
    Error::Usage(format!("cannot watch {}: {e}", root.display()))
}

/// Says, loud and clear, that file events failed and polling took over.
fn say_if_polling(watching: &watcher::Watching, report: &mut dyn FnMut(Event)) {
    if let Some(why) = &watching.polling {
        report(Event::Polling { why: why.clone(), every: watcher::POLL_INTERVAL });
    }
}
