//! Search indexes in a session: built from one version of it on another
//! thread, then taken in unless the session has a newer one by then.

use std::sync::Arc;

use rayon::prelude::*;

use super::{FileList, Files, Session, diff};
use crate::markdown::Rendered;
use crate::site::Inputs;

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
    /// A job that builds the search index of `languages` from the
    /// session as it is now.
    pub fn search_job(&self, languages: &[String]) -> SearchJob {
        SearchJob {
            version: self.version,
            inputs: Arc::clone(&self.state.inputs),
            rendered: self.state.rendered.clone(),
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
