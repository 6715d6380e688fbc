//! Rebuilding on every burst of file changes: the changes applied to the
//! session in memory, the result published to the workers and announced to
//! open pages, or, when the rebuild fails, its errors shown beside the last
//! good build; search indexes built on the side taken in when they are done.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use super::search::SearchWorker;
use super::watch::Burst;
use super::{Event, Snapshot, State, live};
use crate::error::{Diagnostic, Error, Result};
use crate::site::BuildOptions;
use crate::site::session::{Change, Files, Session, Update};

/// The first build: a session and what to serve from it, or, if it failed,
/// no session and the errors to show.
pub(super) fn first_build(
    root: &Path,
    options: &BuildOptions,
    build: String,
    report: &mut dyn FnMut(Event),
) -> (Option<Session>, Snapshot) {
    match Session::new(root, options) {
        Ok(mut session) => {
            report(Event::Timings(session.take_timings()));
            report(Event::Built { warnings: session.warnings().to_vec() });
            let snapshot = Snapshot {
                files: session.files(),
                build,
                errors: Vec::new(),
                base_path: session.base_path().to_string(),
            };
            (Some(session), snapshot)
        }
        Err(e) => {
            let base_path = crate::site::load_config(root, options)
                .map_or_else(|_| "/".to_string(), |c| crate::site::Urls::new(&c.base_url).base_path);
            let errors = diagnostics_of(&e);
            report(Event::BuildFailed(e));
            (None, Snapshot { files: Arc::new(Files::new()), build, errors, base_path })
        }
    }
}

/// The thread that rebuilds: the session (none while the site has never
/// built), and the changes of a failed rebuild, to try again with the next.
pub(super) struct Rebuilder {
    root: PathBuf,
    options: BuildOptions,
    session: Option<Session>,
    state: Arc<State>,
    search: SearchWorker,
    /// Names this run of the server in build ids.
    nonce: String,
    generation: u64,
    failed: Vec<Change>,
}

impl Rebuilder {
    /// Starts with the first build's session.
    pub(super) fn new(
        root: PathBuf,
        options: BuildOptions,
        session: Option<Session>,
        state: Arc<State>,
        search: SearchWorker,
        nonce: String,
    ) -> Rebuilder {
        Rebuilder { root, options, session, state, search, nonce, generation: 0, failed: Vec::new() }
    }

    /// Makes sure the next rebuild rebuilds everything.
    pub(super) fn rebuild_everything(&mut self) {
        self.failed.push(Change::Everything);
    }

    /// Takes in finished search indexes, then rebuilds what `burst` changed
    /// (with what a failed rebuild left over).
    pub(super) fn on_burst(&mut self, burst: &Burst, report: &mut dyn FnMut(Event)) {
        // Search indexes built since: served at once, without a reload
        // (pages that are open keep their results until they reload).
        let mut adopted = false;
        for built in self.search.finished() {
            if let Some(s) = self.session.as_mut() {
                adopted |= !s.adopt_search(built).is_empty();
            }
        }
        let mut changes = std::mem::take(&mut self.failed);
        changes.extend(burst.changes());
        if changes.is_empty() {
            if let (true, Some(s)) = (adopted, self.session.as_ref()) {
                self.state.revise(|snapshot| snapshot.files = s.files());
            }
            return;
        }
        self.rebuild(merge(changes), burst, report);
    }

    fn rebuild(&mut self, changes: Vec<Change>, burst: &Burst, report: &mut dyn FnMut(Event)) {
        let started = Instant::now();
        let result = match self.session.as_mut() {
            Some(s) => apply_all(s, &changes),
            None => Session::new(&self.root, &self.options).map(|mut s| {
                let update = Update { timings: s.take_timings(), ..Update::default() };
                self.session = Some(s);
                update
            }),
        };
        let (update, s) = match (result, self.session.as_ref()) {
            (Ok(update), Some(s)) => (update, s),
            (result, session) => {
                // Without a session, the next rebuild starts from scratch.
                self.failed = if session.is_some() { changes } else { vec![Change::Everything] };
                if let Err(e) = result {
                    self.fail(e, report);
                }
                return;
            }
        };
        report(Event::Timings(update.timings));
        self.generation += 1;
        let build = format!("{}-{}", self.nonce, self.generation);
        self.state.publish(Snapshot {
            files: s.files(),
            build: build.clone(),
            errors: Vec::new(),
            base_path: s.base_path().to_string(),
        });
        report(Event::Built { warnings: s.warnings().to_vec() });
        for path in burst.bad_names.iter().filter(|p| p.exists()) {
            report(Event::BadName(path.clone()));
        }
        let css_only = !update.stylesheets.is_empty() && changes.iter().all(|c| *c == Change::Static);
        if css_only {
            self.state.hub.send(&live::Event::Stylesheets { build, swaps: update.stylesheets });
        } else {
            self.state.hub.send(&live::Event::Reload { build });
        }
        report(Event::Rebuilt { took: started.elapsed(), pages_rendered: update.pages_rendered });
        if !update.search_pending.is_empty() {
            self.search.submit(s.search_job(&update.search_pending));
        }
    }

    /// Keeps serving the last good build, with the errors.
    fn fail(&self, error: Error, report: &mut dyn FnMut(Event)) {
        let errors = diagnostics_of(&error);
        report(Event::RebuildFailed(error));
        self.state.revise(|snapshot| snapshot.errors = errors.clone());
        self.state.hub.send(&live::Event::BuildError { errors });
    }
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
        total.timings.extend(update.timings);
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

/// The errors to show in the browser.
fn diagnostics_of(error: &Error) -> Vec<Diagnostic> {
    match error {
        Error::Site(d) => d.clone(),
        Error::Io { path, source } => vec![Diagnostic::error("io", path, source.to_string())],
        Error::Usage(message) => vec![Diagnostic::error("usage", "beleid.toml", message)],
        Error::Reported => Vec::new(),
    }
}
