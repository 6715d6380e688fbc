//! A site kept in memory and updated piece by piece, for the dev server.
//!
//! A content edit re-parses the changed files, reassembles the page tree
//! (cheap), re-renders the Markdown of changed pages only, and re-renders
//! templates only for those pages, unless the edit changed the site's
//! structure (a title, URL, order, date or description that other pages
//! show), in which case every page's template is rendered again. Template,
//! theme and config changes rebuild everything. An update that fails leaves
//! the session as it was, so the last good site keeps being served.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{BuildOptions, Inputs, MemorySink, Pass, Prepared, Presentation, fail_on_errors, write_site};
use crate::content::{self, Content, LoadOptions, PageId, Source, is_ignored_name};
use crate::error::{Diagnostic, Error, Result};
use crate::files::walk;
use crate::markdown::Rendered;

/// The files a session serves, by output path.
pub type Files = BTreeMap<String, Arc<Vec<u8>>>;

/// Output files as (path, bytes).
type FileList = Vec<(String, Vec<u8>)>;

/// Each page's source and rendered body, by (language, file).
type Previous<'a> = HashMap<(&'a str, &'a str), (&'a Arc<Source>, &'a Arc<Rendered>)>;

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
}

/// A built site in memory.
pub struct Session {
    options: BuildOptions,
    // Shared with search index builds running on another thread.
    inputs: Arc<Inputs>,
    presentation: Arc<Presentation>,
    sources: BTreeMap<(String, String), Arc<Source>>,
    rendered: Vec<Arc<Rendered>>,
    structure: u64,
    /// What the last full pass prepared, reused while only bodies change.
    prepared: Arc<Prepared>,
    files: Arc<Files>,
    warnings: Vec<Diagnostic>,
    /// Counts successful updates; a search index is built from one of them.
    version: u64,
    /// The version each language's search index in `files` was built from.
    search_versions: BTreeMap<String, u64>,
}

/// What a search index build needs, taken from a session at one version;
/// it can run on any thread ([`SearchJob::run`]) while the session moves on.
pub struct SearchJob {
    version: u64,
    inputs: Arc<Inputs>,
    rendered: Vec<Arc<Rendered>>,
    languages: Vec<String>,
}

/// A search index built by a [`SearchJob`], to hand back to the session
/// ([`Session::adopt_search`]).
pub struct SearchBuilt {
    version: u64,
    languages: Vec<(String, FileList)>,
}

impl SearchJob {
    /// The languages it builds.
    pub fn languages(&self) -> &[String] {
        &self.languages
    }

    /// Folds an older job that never ran into this newer one: this one's
    /// content is newer, so it builds the languages of both.
    pub fn absorb(&mut self, older: SearchJob) {
        for lang in older.languages {
            if !self.languages.contains(&lang) {
                self.languages.push(lang);
            }
        }
        self.languages.sort();
    }

    /// Builds the index files of its languages (uncompressed: the dev
    /// server rebuilds them often and serves them locally).
    pub fn run(self) -> SearchBuilt {
        let languages = self
            .languages
            .par_iter()
            .map(|lang| (lang.clone(), crate::search::language_files(&self.inputs, &self.rendered, lang, false)))
            .collect();
        SearchBuilt { version: self.version, languages }
    }
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
            inputs: Arc::new(inputs),
            presentation,
            sources,
            rendered,
            structure,
            prepared,
            files: Arc::new(files),
            warnings: report.warnings,
            version: 0,
            search_versions,
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

    /// The site root.
    pub fn root(&self) -> &Path {
        &self.inputs.root
    }

    /// The configured base path (`/` or `/beleid/`).
    pub fn base_path(&self) -> &str {
        &self.inputs.urls.base_path
    }

    /// Applies a change. On error the session is unchanged.
    pub fn apply(&mut self, change: &Change) -> Result<Update> {
        let version = self.version + 1;
        // A file beside the pages that is not Markdown (an image) is
        // published as a static file: rebuild everything.
        let beside_pages = |p: &PathBuf| p.extension().is_some_and(|e| e != "md");
        let update = match change {
            Change::Content(paths) if paths.iter().any(beside_pages) => self.apply_everything(version)?,
            Change::Content(paths) => self.update_content(paths)?,
            Change::Static => self.update_static()?,
            Change::Everything => self.apply_everything(version)?,
        };
        self.version = version;
        Ok(update)
    }

    /// Loads and builds the whole site again.
    fn apply_everything(&mut self, version: u64) -> Result<Update> {
        let mut fresh = Session::new(&self.inputs.root, &self.options)?;
        let changed = diff(&self.files, &fresh.files);
        let pages_rendered = fresh.inputs.content.pages.len();
        // Its search index is as new as its pages.
        fresh.search_versions.values_mut().for_each(|v| *v = version);
        *self = fresh;
        Ok(Update { changed, pages_rendered, ..Update::default() })
    }

    fn update_content(&mut self, paths: &[PathBuf]) -> Result<Update> {
        let mut timings = crate::timing::Timings::default();
        let root = self.inputs.root.clone();
        let mut sources = self.sources.clone();
        for path in paths {
            let path = if path.is_absolute() { path.clone() } else { root.join(path) };
            let Ok(rel) = path.strip_prefix(root.join("content")) else {
                continue;
            };
            update_sources(&mut sources, &root, &self.inputs.config, rel)?;
        }
        timings.mark("update: read changed files");
        if let Some(edited) = self.bodies_only(&sources) {
            return self.update_bodies(sources, &edited);
        }
        let list: Vec<Arc<Source>> = sources.values().cloned().collect();
        let mut content = Content::assemble(&self.inputs.config, &list, LoadOptions { drafts: self.options.drafts })
            .map_err(Error::Site)?;
        // Files beside pages change through a full rebuild (see `apply`).
        content.assets = self.inputs.content.assets.clone();
        let inputs = self.inputs.with_content(content);
        timings.mark("update: assemble content");

        // A body renders the same as before if its file and every page URL
        // are unchanged (links render to URLs).
        let urls_same = page_paths(&self.inputs) == page_paths(&inputs);
        let previous: Previous<'_> = self
            .inputs
            .content
            .pages
            .iter()
            .zip(&self.rendered)
            .map(|(p, r)| ((p.lang(), p.rel()), (&p.source, r)))
            .collect();
        let results: Vec<(Arc<Rendered>, bool)> = (0..inputs.content.pages.len())
            .into_par_iter()
            .map(|id| {
                let page = inputs.content.page(id);
                match previous.get(&(page.lang(), page.rel())) {
                    Some((source, rendered)) if urls_same && Arc::ptr_eq(source, &page.source) => {
                        (Arc::clone(rendered), false)
                    }
                    _ => (Arc::new(inputs.render_body(id)), true),
                }
            })
            .collect();
        let touched: Vec<usize> = results.iter().enumerate().filter(|(_, (_, fresh))| *fresh).map(|(i, _)| i).collect();
        let rendered: Vec<Arc<Rendered>> = results.into_iter().map(|(r, _)| r).collect();
        timings.mark("update: markdown");

        let structure = structure(&inputs);
        let all = structure != self.structure;
        let pages: Vec<usize> = if all { (0..inputs.content.pages.len()).collect() } else { touched.clone() };
        let pass = Pass::new(&inputs, &self.presentation, &rendered, self.options.today);
        timings.mark("update: prepare templates");
        let warnings = fail_on_errors(pass.diagnostics(Vec::new()))?;
        timings.mark("update: diagnostics");
        let sink = MemorySink::default();
        fail_on_errors(pass.render_pages(&pages, &sink)?)?;
        timings.mark("update: render pages");
        let generated = pass.generated_files()?;
        timings.mark("update: generated files");

        let mut files: Files = (*self.files).clone();
        // Drop the pages that are gone.
        let old_pages: BTreeSet<String> = self.inputs.content.pages.iter().map(|p| p.output_file()).collect();
        let new_pages: BTreeSet<String> = inputs.content.pages.iter().map(|p| p.output_file()).collect();
        for gone in old_pages.difference(&new_pages) {
            files.remove(gone);
        }
        for (path, bytes) in sink.into_files().into_iter().chain(generated) {
            files.insert(path, Arc::new(bytes));
        }
        let mut languages: BTreeSet<String> =
            touched.iter().map(|&id| inputs.content.page(id).lang().to_string()).collect();
        if all {
            languages.extend(inputs.config.language_codes().into_iter().map(str::to_string));
        }
        let changed = diff(&self.files, &files);
        timings.mark("update: merge files");
        let pages_rendered = pages.len();
        self.prepared = Arc::clone(pass.prepared());
        self.inputs = Arc::new(inputs);
        self.rendered = rendered;
        self.sources = sources;
        self.structure = structure;
        self.files = Arc::new(files);
        self.warnings = warnings;
        let search_pending =
            if self.inputs.config.search.enabled { languages.into_iter().collect() } else { Vec::new() };
        Ok(Update { changed, search_pending, pages_rendered, ..Update::default() })
    }

    /// If `sources` differ from the session's only in the bodies of pages
    /// (same files, same front matter as written), those pages' ids and new
    /// sources: nothing another page shows has changed.
    fn bodies_only(&self, sources: &BTreeMap<(String, String), Arc<Source>>) -> Option<Vec<(PageId, Arc<Source>)>> {
        if sources.len() != self.sources.len() {
            return None;
        }
        let mut edited = Vec::new();
        for ((key, new), (old_key, old)) in sources.iter().zip(&self.sources) {
            if key != old_key {
                return None;
            }
            if Arc::ptr_eq(new, old) {
                continue;
            }
            if new.front_matter != old.front_matter || new.file != old.file || new.body_line != old.body_line {
                return None;
            }
            // A draft left out of the site shows nowhere.
            if let Some(id) = self.inputs.content.find(&key.0, &key.1) {
                edited.push((id, Arc::clone(new)));
            }
        }
        Some(edited)
    }

    /// Renders again only the pages whose bodies changed (and the print
    /// page of their language if one is a policy), reusing the navigation,
    /// output plan and everything else the last full pass prepared. Links
    /// and anchors are still checked across the whole site.
    fn update_bodies(
        &mut self,
        sources: BTreeMap<(String, String), Arc<Source>>,
        edited: &[(PageId, Arc<Source>)],
    ) -> Result<Update> {
        let mut timings = crate::timing::Timings::default();
        let mut inputs = (*self.inputs).clone();
        for (id, source) in edited {
            inputs.content.pages[*id].source = Arc::clone(source);
        }
        timings.mark("update bodies: copy inputs");
        let mut rendered = self.rendered.clone();
        let fresh: Vec<(PageId, Rendered)> = edited.par_iter().map(|&(id, _)| (id, inputs.render_body(id))).collect();
        for (id, body) in fresh {
            rendered[id] = Arc::new(body);
        }
        timings.mark("update bodies: markdown");
        let pass =
            Pass::with_prepared(&inputs, &self.presentation, &rendered, self.options.today, Arc::clone(&self.prepared));
        let warnings = fail_on_errors(pass.diagnostics(Vec::new()))?;
        timings.mark("update bodies: diagnostics");
        let ids: Vec<PageId> = edited.iter().map(|&(id, _)| id).collect();
        let sink = MemorySink::default();
        fail_on_errors(pass.render_pages(&ids, &sink)?)?;
        let mut written = sink.into_files();
        let pages = || ids.iter().map(|&id| inputs.content.page(id));
        let languages: BTreeSet<String> = pages().map(|p| p.lang().to_string()).collect();
        // The print page of a language holds its policies' bodies.
        let with_policies: BTreeSet<&str> = pages().filter(|p| p.is_policy()).map(|p| p.lang()).collect();
        for lang in with_policies {
            written.extend(pass.print_file(lang)?);
        }
        // A policy's index.json holds its clauses, and its version pages
        // and changes pages its text.
        for &id in &ids {
            written.extend(super::versions::files_of_page(&pass, id)?);
            if let Some(record) = super::policies::record(&inputs, id, &rendered[id], self.options.today) {
                let (path, bytes) = super::policies::page_file(&inputs, id, &record);
                written.insert(path, bytes);
            }
        }
        timings.mark("update bodies: render pages");
        let mut files: Files = (*self.files).clone();
        let mut changed = Vec::new();
        for (path, bytes) in written {
            if files.get(&path).is_none_or(|old| **old != bytes) {
                changed.push(path.clone());
            }
            files.insert(path, Arc::new(bytes));
        }
        changed.sort();
        timings.mark("update bodies: merge files");
        drop_later((
            std::mem::replace(&mut self.inputs, Arc::new(inputs)),
            std::mem::replace(&mut self.rendered, rendered),
            std::mem::replace(&mut self.sources, sources),
            std::mem::replace(&mut self.files, Arc::new(files)),
        ));
        self.warnings = warnings;
        let search_pending =
            if self.inputs.config.search.enabled { languages.into_iter().collect() } else { Vec::new() };
        Ok(Update { changed, search_pending, pages_rendered: ids.len(), ..Update::default() })
    }

    fn update_static(&mut self) -> Result<Update> {
        // The theme's static files live in memory with the theme: reread it.
        let mut inputs = (*self.inputs).clone();
        inputs.theme = Arc::new(crate::theme::Theme::load(&inputs.root, &inputs.config)?);
        let presentation = Arc::new(Presentation::load(&inputs)?);
        let pass = Pass::new(&inputs, &presentation, &self.rendered, self.options.today);
        let warnings = fail_on_errors(pass.diagnostics(Vec::new()))?;
        let sink = MemorySink::default();
        let all: Vec<usize> = (0..self.inputs.content.pages.len()).collect();
        fail_on_errors(pass.render_pages(&all, &sink)?)?;
        let generated = pass.generated_files()?;
        let mut files: Files = (*self.files).clone();
        for old in &self.presentation.assets.files {
            files.remove(&old.output);
        }
        for f in &presentation.assets.files {
            files.insert(f.output.clone(), Arc::new(f.bytes.to_vec()));
        }
        for (path, bytes) in sink.into_files().into_iter().chain(generated) {
            files.insert(path, Arc::new(bytes));
        }
        // Only stylesheets changed if every other asset kept its URL.
        let (old_urls, new_urls) = (&self.presentation.assets.urls, &presentation.assets.urls);
        let mut stylesheets = Vec::new();
        let mut other_changes = old_urls.len() != new_urls.len();
        for (name, new_url) in new_urls {
            match old_urls.get(name) {
                Some(old_url) if old_url == new_url => {}
                Some(old_url) if name.ends_with(".css") => stylesheets.push((old_url.clone(), new_url.clone())),
                _ => other_changes = true,
            }
        }
        if other_changes {
            stylesheets.clear();
        }
        let changed = diff(&self.files, &files);
        self.prepared = Arc::clone(pass.prepared());
        self.inputs = Arc::new(inputs);
        self.presentation = presentation;
        self.files = Arc::new(files);
        self.warnings = warnings;
        Ok(Update { changed, stylesheets, pages_rendered: all.len(), ..Update::default() })
    }

    /// A job that builds the search index of `languages` from the
    /// session as it is now.
    pub fn search_job(&self, languages: &[String]) -> SearchJob {
        SearchJob {
            version: self.version,
            inputs: Arc::clone(&self.inputs),
            rendered: self.rendered.clone(),
            languages: languages.to_vec(),
        }
    }

    /// Takes in a search index built from this session. A language whose
    /// index here is newer than the build's (rebuilt with everything since
    /// the job started) keeps its own. Returns the paths that changed.
    pub fn adopt_search(&mut self, built: SearchBuilt) -> Vec<String> {
        let mut files: Files = (*self.files).clone();
        for (lang, new_files) in built.languages {
            let Some(version) = self.search_versions.get_mut(&lang) else {
                continue; // a language no longer configured
            };
            if *version > built.version {
                continue;
            }
            *version = built.version;
            let folder = crate::search::index_path(&lang);
            let page = format!("{folder}index.html");
            files.retain(|path, _| !path.starts_with(&folder) || *path == page);
            for (path, bytes) in new_files {
                files.insert(path, Arc::new(bytes));
            }
        }
        let changed = diff(&self.files, &files);
        self.files = Arc::new(files);
        changed
    }

    /// Rebuilds the search index of some languages here and now (see
    /// [`Session::search_job`] to build it elsewhere). Returns the paths
    /// that changed.
    pub fn rebuild_search(&mut self, languages: &[String]) -> Vec<String> {
        let built = self.search_job(languages).run();
        self.adopt_search(built)
    }
}

/// Re-reads whatever is at `rel` (a path below `content/`): a Markdown file,
/// a folder (all Markdown below it), or nothing (removed).
fn update_sources(
    sources: &mut BTreeMap<(String, String), Arc<Source>>,
    root: &Path,
    config: &crate::config::Config,
    rel: &Path,
) -> Result<()> {
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let Some((lang, rest)) = parts.split_first() else {
        return Ok(());
    };
    if !config.languages.contains_key(lang) || parts.iter().any(|p| is_ignored_name(p)) {
        return Ok(());
    }
    let rest = rest.join("/");
    // Forget what was there (a file, or everything below a folder).
    let folder_prefix = format!("{rest}/");
    sources.retain(|(l, r), _| l != lang || (r != &rest && !(rest.is_empty() || r.starts_with(&folder_prefix))));
    // A symbolic link on the way is skipped, as the full scan skips it
    // (that scan's warning names it); so is what no longer exists.
    let Ok(Some(full)) = walk::input_path(root, &format!("content/{}", parts.join("/"))) else {
        return Ok(());
    };
    let mut files = Vec::new();
    if full.is_dir() {
        // Unreadable entries and names that are not UTF-8 are the full
        // scan's errors; an update looks only for pages.
        let walked = walk::walk(root, &full);
        for entry in walked.entries.into_iter().filter(|e| !e.is_dir && e.rel.ends_with(".md")) {
            files.push(if rest.is_empty() { entry.rel } else { format!("{rest}/{}", entry.rel) });
        }
    } else if full.is_file() && rest.ends_with(".md") {
        files.push(rest);
    }
    let mut errors = Vec::new();
    for file in files {
        match content::read_and_parse(root, lang, &file) {
            Ok(source) => {
                sources.insert((lang.clone(), file), Arc::new(source));
            }
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(Error::Site(errors)) }
}

/// Frees `value` on another thread: a site's worth of small allocations
/// takes milliseconds to free, which an edit should not wait for.
pub(crate) fn drop_later<T: Send + 'static>(value: T) {
    // If no thread can be started, it is freed here instead.
    let _ = std::thread::Builder::new().name("beleid-drop".into()).spawn(move || drop(value));
}

/// Every page's URL path by (language, file).
fn page_paths(inputs: &Inputs) -> BTreeMap<(&str, &str), &str> {
    inputs.content.pages.iter().map(|p| ((p.lang(), p.rel()), p.path.as_str())).collect()
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
