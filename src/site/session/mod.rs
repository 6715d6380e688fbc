//! A site kept in memory and updated piece by piece, for the dev server.
//!
//! A content edit re-parses the changed files, reassembles the page tree
//! (cheap), re-renders the Markdown of changed pages only, and re-renders
//! templates only for those pages, unless the edit changed the site's
//! structure (a title, URL, order, date or description that other pages
//! show), in which case every page's template is rendered again. Template,
//! theme and config changes rebuild everything. An update that fails leaves
//! the session as it was, so the last good site keeps being served.
//!
//! Every kind of update works out the session's next state off to the side
//! and hands it to one commit, the one place a session changes.

mod search;
mod sources;
mod updates;

pub use search::{SearchBuilt, SearchJob};

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{BuildOptions, Inputs, MemorySink, Pass, Prepared, Presentation, write_site};
use crate::content::Source;
use crate::error::{Diagnostic, Result};
use crate::markdown::Rendered;
use crate::timing::{Stage, Timings};

/// The files a session serves, by output path.
pub type Files = BTreeMap<String, Arc<Vec<u8>>>;

/// Output files as (path, bytes).
type FileList = Vec<(String, Vec<u8>)>;

/// Each page's source, by (language, file below `content/<lang>/`).
type Sources = BTreeMap<(String, String), Arc<Source>>;

/// What changed on disk, as the dev server's watcher classified it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Files or folders under `content/` (absolute or root-relative paths).
    Content(Vec<PathBuf>),
    /// Files under `static/`.
    Static,
    /// The config, the theme, templates or UI strings: reload everything.
    Everything,
}

/// What an update changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Update {
    /// Output paths added, changed or removed.
    pub changed: Vec<String>,
    /// When nothing but stylesheets changed: their old and new URLs, so
    /// open pages can swap them without reloading.
    pub stylesheets: Vec<(String, String)>,
    /// Languages whose search index is out of date; see [`Session::rebuild_search`].
    pub search_pending: Vec<String>,
    /// How many pages were rendered through their template again.
    pub pages_rendered: usize,
    /// How long each stage took, when `BELEID_TIMINGS` asks (the caller prints them).
    pub timings: Vec<Stage>,
}

/// A built site in memory.
pub struct Session {
    options: BuildOptions,
    state: State,
    files: Arc<Files>,
    warnings: Vec<Diagnostic>,
    /// Counts successful updates; a search index is built from one of them.
    version: u64,
    /// The version each language's search index in `files` was built from.
    search_versions: BTreeMap<String, u64>,
    /// The stage timings of the build that made the session.
    timings: Vec<Stage>,
}

/// What the files of a session are made from.
#[derive(Clone)]
struct State {
    // Shared with search index builds running on another thread.
    inputs: Arc<Inputs>,
    presentation: Arc<Presentation>,
    sources: Sources,
    rendered: Vec<Arc<Rendered>>,
    structure: u64,
    /// What the last full pass prepared, reused while only bodies change.
    prepared: Arc<Prepared>,
}

/// How an update changes the served files.
enum FileChanges {
    /// Removes these paths, then writes these files, in order.
    Merge { removed: Vec<String>, written: FileList },
    /// Serves these files instead (a full rebuild), with the search index
    /// of these languages in them.
    Replace(Arc<Files>, Vec<String>),
}

/// An update worked out in full, not yet committed.
struct Next {
    state: State,
    files: FileChanges,
    warnings: Vec<Diagnostic>,
    stylesheets: Vec<(String, String)>,
    /// Languages whose search index the update made stale.
    search_languages: BTreeSet<String>,
    pages_rendered: usize,
    timings: Timings,
    /// Names the timing of the merge (`update`, `update bodies`), if it is timed.
    stage: Option<&'static str>,
}

impl Session {
    /// Builds the whole site into memory.
    pub fn new(root: &Path, options: &BuildOptions) -> Result<Session> {
        let mut warnings = Vec::new();
        let (inputs, sources) = Inputs::load_with_sources(root, options, &mut warnings)?;
        let rendered = inputs.render_bodies();
        let presentation = Arc::new(Presentation::load(&inputs)?);
        let sink = MemorySink::default();
        let pass = Pass::new(&inputs, &presentation, &rendered, options.today);
        let report = write_site(&pass, warnings, &sink)?;
        let prepared = Arc::clone(pass.prepared());
        let files = sink.into_files().into_iter().map(|(k, v)| (k, Arc::new(v))).collect();
        let structure = structure(&inputs);
        let sources = sources.into_iter().map(|s| ((s.lang.clone(), s.rel.clone()), s)).collect();
        let search_versions = inputs.config.language_codes().into_iter().map(|l| (l.to_string(), 0)).collect();
        Ok(Session {
            options: options.clone(),
            state: State { inputs: Arc::new(inputs), presentation, sources, rendered, structure, prepared },
            files: Arc::new(files),
            warnings: report.warnings,
            version: 0,
            search_versions,
            timings: report.timings,
        })
    }

    /// The files to serve.
    pub fn files(&self) -> Arc<Files> {
        Arc::clone(&self.files)
    }

    /// Warnings of the current build.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// The stage timings of the build that made the session (once; empty
    /// unless `BELEID_TIMINGS` is set).
    pub fn take_timings(&mut self) -> Vec<Stage> {
        std::mem::take(&mut self.timings)
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        &self.state.inputs.root
    }

    /// The configured base path (`/` or `/beleid/`).
    pub fn base_path(&self) -> &str {
        &self.state.inputs.urls.base_path
    }

    /// Applies a change. On error the session is unchanged.
    pub fn apply(&mut self, change: &Change) -> Result<Update> {
        let version = self.version + 1;
        // A file beside the pages that is not Markdown (an image) is
        // published as a static file: rebuild everything.
        let beside_pages = |p: &PathBuf| p.extension().is_some_and(|e| e != "md");
        let next = match change {
            Change::Content(paths) if paths.iter().any(beside_pages) => self.everything()?,
            Change::Content(paths) => self.content(paths)?,
            Change::Static => self.static_files()?,
            Change::Everything => self.everything()?,
        };
        let update = self.commit(next, version);
        self.version = version;
        Ok(update)
    }

    /// Loads and builds the whole site again.
    fn everything(&self) -> Result<Next> {
        let mut fresh = Session::new(&self.state.inputs.root, &self.options)?;
        let mut timings = Timings::default();
        timings.append(fresh.take_timings());
        Ok(Next {
            pages_rendered: fresh.state.inputs.content.pages.len(),
            state: fresh.state,
            files: FileChanges::Replace(fresh.files, fresh.search_versions.into_keys().collect()),
            warnings: fresh.warnings,
            stylesheets: Vec::new(),
            search_languages: BTreeSet::new(),
            timings,
            stage: None,
        })
    }

    /// Makes `next` the session's state: the one place a session changes.
    fn commit(&mut self, mut next: Next, version: u64) -> Update {
        let files = match next.files {
            FileChanges::Merge { removed, written } => {
                let mut files: Files = (*self.files).clone();
                for gone in &removed {
                    files.remove(gone);
                }
                for (path, bytes) in written {
                    files.insert(path, Arc::new(bytes));
                }
                Arc::new(files)
            }
            FileChanges::Replace(files, languages) => {
                // Its search index is as new as its pages.
                self.search_versions = languages.into_iter().map(|l| (l, version)).collect();
                files
            }
        };
        let changed = diff(&self.files, &files);
        if let Some(stage) = next.stage {
            next.timings.mark(&format!("{stage}: merge files"));
        }
        let search_pending = if next.state.inputs.config.search.enabled {
            next.search_languages.into_iter().collect()
        } else {
            Vec::new()
        };
        // A site's worth of small allocations is freed off this thread.
        drop_later((std::mem::replace(&mut self.state, next.state), std::mem::replace(&mut self.files, files)));
        self.warnings = next.warnings;
        Update {
            changed,
            stylesheets: next.stylesheets,
            search_pending,
            pages_rendered: next.pages_rendered,
            timings: next.timings.into_stages(),
        }
    }
}

/// Frees `value` on another thread: a site's worth of small allocations
/// takes milliseconds to free, which an edit should not wait for.
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    // If no thread can be started, it is freed here instead.
    let _ = std::thread::Builder::new().name("beleid-drop".into()).spawn(move || drop(value));
}

/// A fingerprint of everything a page shows about other pages: titles,
/// URLs, order, descriptions, dates, policy versions. If it is unchanged,
/// an edit affects only the edited page (and site-wide files).
fn structure(inputs: &Inputs) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for page in &inputs.content.pages {
        let meta = &page.source.meta;
        (page.lang(), page.rel(), &page.path, &page.title, &page.description, page.kind, page.parent, &page.children)
            .hash(&mut h);
        (meta.weight, meta.date, meta.updated, meta.template.as_deref()).hash(&mut h);
        if let Some(policy) = &meta.policy {
            (&policy.version, policy.effective, policy.review).hash(&mut h);
        }
    }
    h.finish()
}

/// The paths whose content differs between two file maps.
fn diff(old: &Files, new: &Files) -> Vec<String> {
    let mut changed = Vec::new();
    for (path, bytes) in new {
        if old.get(path).is_none_or(|o| !Arc::ptr_eq(o, bytes) && o != bytes) {
            changed.push(path.clone());
        }
    }
    for path in old.keys() {
        if !new.contains_key(path) {
            changed.push(path.clone());
        }
    }
    changed.sort();
    changed
}

#[cfg(test)]
mod tests;
