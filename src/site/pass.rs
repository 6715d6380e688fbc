//! One rendering pass: from loaded inputs, templates and rendered bodies to
//! output files. The build runs it once over everything; the dev server
//! runs it again over what an edit touched.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use minijinja::Value;
use rayon::prelude::*;

use super::context::{self, Neighbours};
use super::{Inputs, Prepared, Presentation, Sink, sitemap};
use crate::check::{self, Caller, Subject};
use crate::content::{PageId, PageKind};
use crate::date::Date;
use crate::error::{Diagnostic, Error, Result};
use crate::markdown::Rendered;

/// Everything needed to render output files, shared across threads.
pub(crate) struct Pass<'a> {
    /// Config and content.
    pub(crate) inputs: &'a Inputs,
    /// Templates and static files.
    pub(crate) presentation: &'a Presentation,
    /// Each page's rendered body, by page id.
    pub(crate) rendered: &'a [Arc<Rendered>],
    /// The date review deadlines are judged against.
    pub(crate) today: Date,
    prepared: Arc<Prepared>,
    bodies: Option<&'a [BodySlot]>,
    /// The policies' archived versions, rendered beforehand (a build does
    /// this with the pages' Markdown, on every core); `None` renders them
    /// when the version pages are made.
    pub(crate) archived: Option<&'a [Arc<Rendered>]>,
}

/// A page's HTML body, handed over to the one rendering of the page (see
/// [`Pass::taking_bodies`]).
pub(crate) type BodySlot = Mutex<Option<String>>;

/// Moves every page's HTML body out of `rendered` (copying it where a body
/// is shared), so that [`Pass::taking_bodies`] can free each once its page
/// is written. Leaves `rendered[id].html` empty, except for pages with
/// clauses (policies), whose version pages show the same HTML again.
pub(crate) fn take_bodies(rendered: &mut [Arc<Rendered>]) -> Vec<BodySlot> {
    rendered
        .iter_mut()
        .map(|r| {
            let html = match Arc::get_mut(r) {
                Some(owned) if owned.clauses.is_empty() => std::mem::take(&mut owned.html),
                _ => r.html.clone(),
            };
            Mutex::new(Some(html))
        })
        .collect()
}

impl<'a> Pass<'a> {
    /// Prepares a pass: shared template values, reading order, output plan.
    pub(crate) fn new(
        inputs: &'a Inputs,
        presentation: &'a Presentation,
        rendered: &'a [Arc<Rendered>],
        today: Date,
    ) -> Pass<'a> {
        let prepared = Arc::new(Prepared::new(inputs, presentation));
        Pass::with_prepared(inputs, presentation, rendered, today, prepared)
    }

    /// A pass that reuses what an earlier one prepared: only valid if the
    /// site's structure and templates are the same as then.
    pub(crate) fn with_prepared(
        inputs: &'a Inputs,
        presentation: &'a Presentation,
        rendered: &'a [Arc<Rendered>],
        today: Date,
        prepared: Arc<Prepared>,
    ) -> Pass<'a> {
        Pass { inputs, presentation, rendered, today, prepared, bodies: None, archived: None }
    }

    /// The same pass, rendering each page from its body in `bodies` (from
    /// `take_bodies`) and freeing it once the page is made: a build holds
    /// each body only until its page is written. Each page can then be
    /// rendered once.
    pub(crate) fn taking_bodies(self, bodies: &'a [BodySlot]) -> Pass<'a> {
        Pass { bodies: Some(bodies), ..self }
    }

    /// The same pass, with the archived versions already rendered (in the
    /// order of `content.versions`, as [`super::versions::render_archived`]
    /// returns them).
    pub(crate) fn with_archived(self, archived: &'a [Arc<Rendered>]) -> Pass<'a> {
        Pass { archived: Some(archived), ..self }
    }

    /// What this pass prepared, to reuse.
    pub(crate) fn prepared(&self) -> &Arc<Prepared> {
        &self.prepared
    }

    /// Every file the pass writes (page, generated and static files, not
    /// the search index), with where it comes from.
    pub(crate) fn plan(&self) -> &BTreeMap<String, PathBuf> {
        &self.prepared.plan
    }

    /// Problems found while rendering bodies and planning outputs, and
    /// theme and static files that were skipped.
    pub(crate) fn rendering_diagnostics(&self) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self.rendered.iter().flat_map(|r| r.diagnostics.iter().cloned()).collect();
        all.extend(self.prepared.collisions.iter().cloned());
        all.extend(self.inputs.theme.skipped.iter().cloned());
        all.extend(self.presentation.assets.skipped.iter().cloned());
        all
    }

    /// All problems a build reports: from rendering, the build's checks, and
    /// `warnings` from loading.
    pub(crate) fn diagnostics(&self, warnings: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut all = self.rendering_diagnostics();
        all.extend(self.check(Caller::Build));
        all.extend(warnings);
        all
    }

    /// Runs the checks for a caller.
    pub(crate) fn check(&self, caller: Caller) -> Vec<Diagnostic> {
        let outputs: BTreeSet<String> = self.plan().keys().cloned().collect();
        check::run(&Subject {
            inputs: self.inputs,
            rendered: self.rendered,
            outputs: &outputs,
            today: self.today,
            caller,
        })
    }

    /// The template for a page: its own `template`, else by kind.
    fn template_for(&self, id: PageId) -> String {
        let page = self.inputs.content.page(id);
        if let Some(t) = &page.source.meta.template {
            return t.clone();
        }
        let templates = &self.presentation.templates;
        match page.kind {
            PageKind::Home if templates.has("index.html") => "index.html".into(),
            PageKind::Home | PageKind::Section => "section.html".into(),
            PageKind::Page => "page.html".into(),
        }
    }

    /// Renders one page's HTML.
    pub(crate) fn render_page(&self, id: PageId) -> Result<Vec<u8>, Diagnostic> {
        let page = self.inputs.content.page(id);
        let nav = self.prepared.navigation.for_page(id);
        let body = self.bodies.map(|bodies| {
            let mut slot = bodies[id].lock().unwrap_or_else(PoisonError::into_inner);
            slot.take().expect("a build renders each page once")
        });
        let value = context::page_value(
            self.inputs,
            id,
            context::Shown { rendered: &self.rendered[id], body, version: None, changes: false },
            &self.prepared.neighbours,
            nav,
            self.today,
        );
        let sidebar = self.prepared.navigation.sidebar(id, &self.inputs.urls.url(&page.path));
        let ctx =
            minijinja::context! { page => value, sidebar => sidebar, ..self.prepared.languages[page.lang()].clone() };
        self.presentation.templates.render(&self.template_for(id), &ctx).map(String::into_bytes)
    }

    /// Renders a page of policy `id` showing one of its versions, with
    /// `template` and `extra` values beside `page` (the changes page).
    pub(crate) fn render_version(
        &self,
        id: PageId,
        which: super::versions::Which<'_>,
        rendered: &Rendered,
        template: &str,
        extra: Value,
    ) -> Result<Vec<u8>> {
        let page = self.inputs.content.page(id);
        let nav = self.prepared.navigation.for_page(id);
        let shown = context::Shown { rendered, body: None, version: Some(which), changes: template == "changes.html" };
        let value = context::page_value(self.inputs, id, shown, &self.prepared.neighbours, nav, self.today);
        let sidebar = self.prepared.navigation.sidebar(id, &self.inputs.urls.url(&page.path));
        let ctx = minijinja::context! {
            page => value, sidebar => sidebar, changes => extra, ..self.prepared.languages[page.lang()].clone()
        };
        self.presentation.templates.render(template, &ctx).map(String::into_bytes).map_err(Error::site)
    }

    /// Renders pages in parallel into `sink`; returns what went wrong.
    pub(crate) fn render_pages(&self, ids: &[PageId], sink: &dyn Sink) -> Result<Vec<Diagnostic>> {
        // A template error is the page's problem and the others still
        // render; a failed write (a full disk) stops the build at once.
        let results: Vec<Option<Diagnostic>> = ids
            .par_iter()
            .map(|&id| match self.render_page(id) {
                Ok(html) => sink.put(&self.inputs.content.page(id).output_file(), html).map(|()| None),
                Err(diagnostic) => Ok(Some(diagnostic)),
            })
            .collect::<Result<_>>()?;
        Ok(results.into_iter().flatten().collect())
    }

    /// Builds every language's search index and writes its files into
    /// `sink`, a language at a time; returns how many files it wrote.
    pub(crate) fn write_search_files(&self, sink: &dyn Sink) -> Result<usize> {
        crate::search::write_index_files(self.inputs, self.rendered, true, |path, bytes| sink.put(&path, bytes))
    }

    /// The files made from the whole site rather than one page: print pages,
    /// search pages, feeds, the 404 page, the sitemap and robots.txt.
    pub(crate) fn generated_files(&self) -> Result<Vec<(String, Vec<u8>)>> {
        let mut files = self.site_files()?;
        files.extend(super::versions::files(self)?);
        Ok(files)
    }

    /// [`Pass::generated_files`] without the policies' version pages, which a
    /// build renders beside the search index instead.
    pub(crate) fn site_files(&self) -> Result<Vec<(String, Vec<u8>)>> {
        let inputs = self.inputs;
        let templates = &self.presentation.templates;
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        for lang in inputs.config.language_codes() {
            let prefix = context::lang_prefix(inputs, lang);
            let language = &self.prepared.languages[lang];
            files.extend(self.print_file(lang)?);
            if inputs.config.search.enabled && templates.has("search.html") {
                let path = crate::search::index_path(lang);
                let title = inputs.strings.get(lang, "search_results").unwrap_or("Search").to_string();
                let page = context::generated_page_value(inputs, lang, "search", title, &path, &|code| {
                    Some(crate::search::index_path(code))
                });
                let ctx =
                    minijinja::context! { page => page, sidebar => self.home_sidebar(lang, &path), ..language.clone() };
                let html = templates.render("search.html", &ctx).map_err(Error::site)?;
                files.push((format!("{path}index.html"), html.into_bytes()));
            }
            if inputs.has_feed(lang)
                && let Some(feed) = sitemap::feed(inputs, lang)
            {
                files.push((format!("{prefix}atom.xml"), feed.into_bytes()));
            }
        }
        // One 404 page per language: the default language's at the root
        // (where every host looks), the others' in their own folders.
        for lang in inputs.config.language_codes() {
            let path = format!("{}404.html", context::lang_prefix(inputs, lang));
            let title = inputs.strings.get(lang, "not_found_title").unwrap_or("Page not found").to_string();
            let page = context::generated_page_value(inputs, lang, "404", title, &path, &|_| None);
            let sidebar = self.home_sidebar(lang, &path);
            let ctx = minijinja::context! { page => page, sidebar => sidebar, ..self.prepared.languages[lang].clone() };
            files.push((path, templates.render("404.html", &ctx).map_err(Error::site)?.into_bytes()));
        }
        files.extend(super::policies::files(inputs, self.rendered, self.today));
        files.push(("sitemap.xml".into(), sitemap::sitemap(inputs).into_bytes()));
        files.push(("robots.txt".into(), sitemap::robots(inputs).into_bytes()));
        files.extend(super::deploy::files(inputs));
        Ok(files)
    }

    /// The print page of a language (every policy on one page), if it has one.
    pub(crate) fn print_file(&self, lang: &str) -> Result<Option<(String, Vec<u8>)>> {
        let Some(print) = context::print_path(self.inputs, lang) else {
            return Ok(None);
        };
        let html = self.render_print(&self.prepared.languages[lang], lang, &print)?;
        Ok(Some((format!("{print}index.html"), html.into_bytes())))
    }

    /// The sidebar of a generated page at `path`: the home page's navigation.
    fn home_sidebar(&self, lang: &str, path: &str) -> Value {
        self.prepared.navigation.sidebar(self.inputs.content.home(lang), &self.inputs.urls.url(path))
    }

    /// The page holding every policy of a language, for printing or saving as PDF.
    fn render_print(&self, language: &Value, lang: &str, path: &str) -> Result<String> {
        let inputs = self.inputs;
        let neighbours = Neighbours::new();
        let policies: Vec<Value> = inputs
            .content
            .reading_order(lang)
            .into_par_iter()
            .filter(|&id| inputs.content.page(id).is_policy() && !inputs.content.page(id).is_sample())
            .map(|id| {
                // Each policy's ids get a prefix: every policy has an #art-1.
                let anchor = crate::text::slugify(&inputs.content.page(id).path);
                let body = inputs.render_body_with_prefix(id, &format!("{anchor}-"));
                minijinja::context! { anchor => anchor, page => context::page_value(inputs, id, context::Shown { rendered: &body, body: None, version: None, changes: false }, &neighbours, Value::UNDEFINED, self.today) }
            })
            .collect();
        let title = inputs.strings.get(lang, "print_title").unwrap_or("Policies").to_string();
        let page = context::generated_page_value(inputs, lang, "print", title, path, &|code| {
            context::print_path(inputs, code)
        });
        let sidebar = self.home_sidebar(lang, path);
        let ctx = minijinja::context! { page => page, policies => policies, sidebar => sidebar, ..language.clone() };
        self.presentation.templates.render("print.html", &ctx).map_err(Error::site)
    }
}
