//! The updates short of a full rebuild: an edit under `content/` (pages
//! re-read, the tree reassembled, changed bodies rendered again), an edit
//! of page bodies only (the last pass's navigation and plan reused), and a
//! change of static files. Each works out a [`Next`] for
//! [`Session::commit`] and leaves the session as it is.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::{FileChanges, Next, Session, Sources, State, structure};
use crate::content::{Content, LoadOptions, PageId, Source};
use crate::error::{Error, Result};
use crate::markdown::Rendered;
use crate::site::{Inputs, MemorySink, Pass, Presentation, fail_on_errors};
use crate::timing::Timings;

/// Each page's source and rendered body, by (language, file).
type Previous<'a> = HashMap<(&'a str, &'a str), (&'a Arc<Source>, &'a Arc<Rendered>)>;

impl Session {
    /// Re-reads the pages at `paths` and renders what they changed.
    pub(super) fn content(&self, paths: &[PathBuf]) -> Result<Next> {
        let mut timings = Timings::default();
        let current = &self.state;
        let root = current.inputs.root.clone();
        let mut sources = current.sources.clone();
        for path in paths {
            let path = if path.is_absolute() { path.clone() } else { root.join(path) };
            let Ok(rel) = path.strip_prefix(root.join("content")) else {
                continue;
            };
            super::sources::update(&mut sources, &root, &current.inputs.config, rel)?;
        }
        timings.mark("update: read changed files");
        if let Some(edited) = self.bodies_only(&sources) {
            return self.bodies(sources, &edited);
        }
        let list: Vec<Arc<Source>> = sources.values().cloned().collect();
        let mut content = Content::assemble(&current.inputs.config, &list, LoadOptions { drafts: self.options.drafts })
            .map_err(Error::Site)?;
        // Files beside pages change through a full rebuild (see `apply`).
        content.assets = current.inputs.content.assets.clone();
        let inputs = current.inputs.with_content(content);
        timings.mark("update: assemble content");

        // A body renders the same as before if its file and every page URL
        // are unchanged (links render to URLs).
        let urls_same = page_paths(&current.inputs) == page_paths(&inputs);
        let previous: Previous<'_> = current
            .inputs
            .content
            .pages
            .iter()
            .zip(&current.rendered)
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
        let all = structure != current.structure;
        let pages: Vec<usize> = if all { (0..inputs.content.pages.len()).collect() } else { touched.clone() };
        let pass = Pass::new(&inputs, &current.presentation, &rendered, self.options.today);
        timings.mark("update: prepare templates");
        let warnings = fail_on_errors(pass.diagnostics(Vec::new()))?;
        timings.mark("update: diagnostics");
        let sink = MemorySink::default();
        fail_on_errors(pass.render_pages(&pages, &sink)?)?;
        timings.mark("update: render pages");
        let generated = pass.generated_files()?;
        timings.mark("update: generated files");

        // The pages that are gone.
        let old_pages: BTreeSet<String> = current.inputs.content.pages.iter().map(|p| p.output_file()).collect();
        let new_pages: BTreeSet<String> = inputs.content.pages.iter().map(|p| p.output_file()).collect();
        let removed = old_pages.difference(&new_pages).cloned().collect();
        let written = sink.into_files().into_iter().chain(generated).collect();
        let mut search_languages: BTreeSet<String> =
            touched.iter().map(|&id| inputs.content.page(id).lang().to_string()).collect();
        if all {
            search_languages.extend(inputs.config.language_codes().into_iter().map(str::to_string));
        }
        let prepared = Arc::clone(pass.prepared());
        Ok(Next {
            state: State {
                inputs: Arc::new(inputs),
                presentation: Arc::clone(&current.presentation),
                sources,
                rendered,
                structure,
                prepared,
            },
            files: FileChanges::Merge { removed, written },
            warnings,
            stylesheets: Vec::new(),
            search_languages,
            pages_rendered: pages.len(),
            timings,
            stage: Some("update"),
        })
    }

    /// If `sources` differ from the session's only in the bodies of pages
    /// (same files, same front matter as written), those pages' ids and new
    /// sources: nothing another page shows has changed.
    fn bodies_only(&self, sources: &Sources) -> Option<Vec<(PageId, Arc<Source>)>> {
        if sources.len() != self.state.sources.len() {
            return None;
        }
        let mut edited = Vec::new();
        for ((key, new), (old_key, old)) in sources.iter().zip(&self.state.sources) {
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
            if let Some(id) = self.state.inputs.content.find(&key.0, &key.1) {
                edited.push((id, Arc::clone(new)));
            }
        }
        Some(edited)
    }

    /// Renders again only the pages whose bodies changed (and the print
    /// page of their language if one is a policy), reusing the navigation,
    /// output plan and everything else the last full pass prepared. Links
    /// and anchors are still checked across the whole site.
    fn bodies(&self, sources: Sources, edited: &[(PageId, Arc<Source>)]) -> Result<Next> {
        let mut timings = Timings::default();
        let current = &self.state;
        let mut inputs = (*current.inputs).clone();
        for (id, source) in edited {
            inputs.content.pages[*id].source = Arc::clone(source);
        }
        timings.mark("update bodies: copy inputs");
        let mut rendered = current.rendered.clone();
        let fresh: Vec<(PageId, Rendered)> = edited.par_iter().map(|&(id, _)| (id, inputs.render_body(id))).collect();
        for (id, body) in fresh {
            rendered[id] = Arc::new(body);
        }
        timings.mark("update bodies: markdown");
        let pass = Pass::with_prepared(
            &inputs,
            &current.presentation,
            &rendered,
            self.options.today,
            Arc::clone(&current.prepared),
        );
        let warnings = fail_on_errors(pass.diagnostics(Vec::new()))?;
        timings.mark("update bodies: diagnostics");
        let ids: Vec<PageId> = edited.iter().map(|&(id, _)| id).collect();
        let sink = MemorySink::default();
        fail_on_errors(pass.render_pages(&ids, &sink)?)?;
        let mut written: BTreeMap<String, Vec<u8>> = sink.into_files();
        let pages = || ids.iter().map(|&id| inputs.content.page(id));
        let search_languages: BTreeSet<String> = pages().map(|p| p.lang().to_string()).collect();
        // The print page of a language holds its policies' bodies.
        let with_policies: BTreeSet<&str> = pages().filter(|p| p.is_policy()).map(|p| p.lang()).collect();
        for lang in with_policies {
            written.extend(pass.print_file(lang)?);
        }
        // A policy's index.json holds its clauses, and its version pages
        // and changes pages its text.
        for &id in &ids {
            written.extend(crate::site::versions::files_of_page(&pass, id)?);
            if let Some(record) = crate::site::policies::record(&inputs, id, &rendered[id], self.options.today) {
                let (path, bytes) = crate::site::policies::page_file(&inputs, id, &record);
                written.insert(path, bytes);
            }
        }
        timings.mark("update bodies: render pages");
        Ok(Next {
            state: State { inputs: Arc::new(inputs), rendered, sources, ..current.clone() },
            files: FileChanges::Merge { removed: Vec::new(), written: written.into_iter().collect() },
            warnings,
            stylesheets: Vec::new(),
            search_languages,
            pages_rendered: ids.len(),
            timings,
            stage: Some("update bodies"),
        })
    }

    /// Rereads the theme's static files and renders every page again.
    pub(super) fn static_files(&self) -> Result<Next> {
        let current = &self.state;
        // The theme's static files live in memory with the theme: reread it.
        let mut inputs = (*current.inputs).clone();
        inputs.theme = Arc::new(crate::theme::Theme::load(&inputs.root, &inputs.config)?);
        let presentation = Arc::new(Presentation::load(&inputs)?);
        let pass = Pass::new(&inputs, &presentation, &current.rendered, self.options.today);
        let warnings = fail_on_errors(pass.diagnostics(Vec::new()))?;
        let sink = MemorySink::default();
        let all: Vec<usize> = (0..current.inputs.content.pages.len()).collect();
        fail_on_errors(pass.render_pages(&all, &sink)?)?;
        let generated = pass.generated_files()?;
        let removed = current.presentation.assets.files.iter().map(|old| old.output.clone()).collect();
        let written = presentation
            .assets
            .files
            .iter()
            .map(|f| (f.output.clone(), f.bytes.to_vec()))
            .chain(sink.into_files())
            .chain(generated)
            .collect();
        let stylesheets = stylesheet_swaps(&current.presentation.assets.urls, &presentation.assets.urls);
        let prepared = Arc::clone(pass.prepared());
        Ok(Next {
            state: State { inputs: Arc::new(inputs), presentation, prepared, ..current.clone() },
            files: FileChanges::Merge { removed, written },
            warnings,
            stylesheets,
            search_languages: BTreeSet::new(),
            pages_rendered: all.len(),
            timings: Timings::default(),
            stage: None,
        })
    }
}

/// When only stylesheets changed their URLs (every other asset kept its
/// own), their old and new URLs; else nothing.
fn stylesheet_swaps(old_urls: &BTreeMap<String, String>, new_urls: &BTreeMap<String, String>) -> Vec<(String, String)> {
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
    stylesheets
}

/// Every page's URL path by (language, file).
fn page_paths(inputs: &Inputs) -> BTreeMap<(&str, &str), &str> {
    inputs.content.pages.iter().map(|p| ((p.lang(), p.rel()), p.path.as_str())).collect()
}
