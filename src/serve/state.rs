//! What the workers serve, swapped as a whole after every rebuild.

use std::sync::{Arc, RwLock};

use super::host;
use super::live::Hub;
use crate::error::Diagnostic;
use crate::site::session::Files;

/// What the workers serve: the last good build and the current errors.
#[derive(Clone)]
pub(super) struct Snapshot {
    pub(super) files: Arc<Files>,
    pub(super) build: String,
    pub(super) errors: Vec<Diagnostic>,
    pub(super) base_path: String,
}

/// Shared by the workers and the thread that rebuilds.
pub(super) struct State {
    pub(super) snapshot: RwLock<Arc<Snapshot>>,
    pub(super) hub: Arc<Hub>,
    pub(super) hosts: host::Hosts,
}

impl State {
    pub(super) fn current(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    pub(super) fn publish(&self, snapshot: Snapshot) {
        let mut current = self.snapshot.write().unwrap_or_else(std::sync::PoisonError::into_inner);
        let old = std::mem::replace(&mut *current, Arc::new(snapshot));
        drop(current);
        // Not freed under the lock, nor on the thread that rebuilds.
        crate::site::session::drop_later(old);
    }

    /// Publishes the current snapshot with one thing changed. Only the
    /// thread that rebuilds publishes, so nothing changes in between.
    pub(super) fn revise(&self, change: impl FnOnce(&mut Snapshot)) {
        let mut snapshot = Snapshot::clone(&self.current());
        change(&mut snapshot);
        self.publish(snapshot);
    }
}
