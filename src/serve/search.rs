//! The thread that rebuilds search indexes for `beleid serve`, so a save
//! is served as soon as its pages are rebuilt, without waiting for them.

use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};

use super::watch;
use crate::error::{Error, Result};
use crate::site::session::{SearchBuilt, SearchJob};

/// Builds search indexes on threads of its own. Jobs not yet started are
/// superseded by newer ones (which take over their languages); finished
/// indexes wait in `done` and a [`watch::Signal::Wake`] says they are there.
pub(super) struct SearchWorker {
    jobs: Sender<SearchJob>,
    done: Arc<Mutex<Vec<SearchBuilt>>>,
}

impl SearchWorker {
    pub(super) fn start(wake: Sender<watch::Signal>) -> Result<SearchWorker> {
        // Its own threads, so a rebuild's parallel work never queues
        // behind an index build; half the cores, so it is not starved either.
        let threads = std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("beleid-search-{i}"))
            .build()
            .map_err(|e| Error::Runtime(format!("cannot start the search index threads: {e}")))?;
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

    pub(super) fn submit(&self, job: SearchJob) {
        // Fails only if the thread is gone: the index stays as it was.
        let _ = self.jobs.send(job);
    }

    /// The indexes built since the last call, oldest first.
    pub(super) fn finished(&self) -> Vec<SearchBuilt> {
        std::mem::take(&mut *self.done.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
    }
}
