//! Site assembly: loads everything, renders every page, and hands each
//! output file (path and bytes) to a `Sink`: the staging folder of a
//! build, or the in-memory map the dev server serves from.
//!
//! The work is split so the dev server can redo only part of it:
//! [`Inputs`] (config and content), `Presentation` (static files and
//! templates), the rendered Markdown bodies, and a `Pass` that turns them
//! into output files. Nothing is handed over until every check has passed,
//! so a site with a broken link writes nothing at all.

pub(crate) mod assets;
pub(crate) mod context;
pub(crate) mod deploy;
mod pass;
mod plan;
pub(crate) mod policies;
mod prepared;
pub mod session;
mod sitemap;
mod version_changes;
pub(crate) mod version_feed;
pub(crate) mod versions;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Diagnostic, Error, Result, sort_diagnostics};
use crate::highlight::Highlighter;
use crate::templates::Templates;
use crate::timing::{Timings, timed};

pub use crate::inputs::{BuildOptions, Inputs, load_config};
pub(crate) use crate::urls::Urls;
pub(crate) use assets::Assets;
pub(crate) use pass::Pass;
pub(crate) use prepared::Prepared;

/// Receives the output files of a build.
pub(crate) trait Sink: Sync {
    /// Stores one file; `path` is relative to the output root, with `/`.
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()>;
}

/// A sink that keeps every file in memory, sorted by path.
#[derive(Debug, Default)]
pub(crate) struct MemorySink {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemorySink {
    /// The files received.
    pub(crate) fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        self.files.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(path.to_string(), bytes);
        Ok(())
    }
}

/// What a successful build reports.
#[derive(Debug, Default)]
pub(crate) struct Report {
    /// Problems that did not stop the build.
    pub(crate) warnings: Vec<Diagnostic>,
    /// Pages written per language code, in the site's language order.
    pub(crate) pages: Vec<(String, usize)>,
    /// Files written in all.
    pub(crate) files: usize,
    /// How long each stage took, when `BELEID_TIMINGS` asks (the caller prints them).
    pub(crate) timings: Vec<crate::timing::Stage>,
}

/// The theme side of a build: static files (fingerprinted) and templates.
#[derive(Debug)]
pub(crate) struct Presentation {
    /// Static files and their published URLs.
    pub(crate) assets: Assets,
    /// The compiled templates.
    pub(crate) templates: Templates,
}

impl Presentation {
    /// Collects static files and compiles templates.
    pub(crate) fn load(inputs: &Inputs) -> Result<Presentation> {
        let mut assets =
            Assets::collect(&inputs.root, &inputs.theme, &inputs.urls.base_path, generated_assets(inputs)?)?;
        assets.files.extend(assets::beside_pages(inputs)?);
        let templates = Templates::new(&inputs.theme, Arc::new(assets.urls.clone())).map_err(Error::Site)?;
        Ok(Presentation { assets, templates })
    }
}

/// Files generated from the config (not content): the highlight stylesheet
/// and the search scripts.
fn generated_assets(inputs: &Inputs) -> Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    let md = &inputs.config.markdown;
    if md.highlight_code {
        let css = Highlighter::shared().stylesheet(&md.highlight_theme, &md.highlight_theme_dark).map_err(|e| {
            Error::site(
                Diagnostic::error("highlight-theme", Config::path(&inputs.root), e)
                    .hint("set highlight_theme under [markdown] to a known theme"),
            )
        })?;
        files.push(("highlight.css".to_string(), css.into_bytes()));
    }
    if inputs.config.search.enabled {
        files.extend(crate::search::client::files());
    }
    Ok(files)
}

/// Fails with all diagnostics if any is an error.
pub(crate) fn fail_on_errors(mut diagnostics: Vec<Diagnostic>) -> Result<Vec<Diagnostic>> {
    sort_diagnostics(&mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Error::Site(diagnostics));
    }
    Ok(diagnostics)
}

/// A sink that drops everything: `beleid check` renders every page to find
/// template errors, and writes nothing.
struct Discard;

impl Sink for Discard {
    fn put(&self, _: &str, _: Vec<u8>) -> Result<()> {
        Ok(())
    }
}

/// Runs every check on a site (`beleid check`): loads and renders it,
/// writes nothing. Problems that stop loading are returned as diagnostics
/// too, so they are reported the same way.
pub(crate) fn check_site(root: &Path, options: &BuildOptions) -> Result<Vec<Diagnostic>> {
    let mut warnings = Vec::new();
    let inputs = match Inputs::load(root, options, &mut warnings) {
        Ok(inputs) => inputs,
        Err(Error::Site(mut diagnostics)) => {
            diagnostics.extend(warnings);
            sort_diagnostics(&mut diagnostics);
            return Ok(diagnostics);
        }
        Err(other) => return Err(other),
    };
    let rendered = inputs.render_bodies();
    let mut diagnostics = warnings;
    match Presentation::load(&inputs) {
        Ok(presentation) => {
            let pass = Pass::new(&inputs, &presentation, &rendered, options.today);
            diagnostics.extend(pass.rendering_diagnostics());
            diagnostics.extend(pass.check(crate::check::Caller::Check));
            let all: Vec<usize> = (0..inputs.content.pages.len()).collect();
            diagnostics.extend(pass.render_pages(&all, &Discard)?);
            if let Err(Error::Site(d)) = pass.generated_files() {
                diagnostics.extend(d);
            }
        }
        Err(Error::Site(d)) => {
            diagnostics.extend(rendered.iter().flat_map(|r| r.diagnostics.iter().cloned()));
            diagnostics.extend(d);
        }
        Err(other) => return Err(other),
    }
    sort_diagnostics(&mut diagnostics);
    Ok(diagnostics)
}

/// Builds the whole site into `sink`.
pub(crate) fn build(root: &Path, options: &BuildOptions, sink: &dyn Sink) -> Result<Report> {
    let mut timings = Timings::default();
    let mut warnings = Vec::new();
    let mut inputs = Inputs::load(root, options, &mut warnings)?;
    timings.mark("load config, content and theme");
    let mut rendered = inputs.render_bodies();
    // Earlier versions of policies too, while every core is free (the
    // version pages are made beside the search index, on one).
    let archived = versions::render_archived(&inputs);
    // Only the print page renders Markdown again, that of policies.
    inputs.content.release_bodies(crate::content::Page::is_policy);
    crate::highlight::release_caches();
    return_free_memory();
    // Each page's body moves into its page when that is rendered, and is
    // freed once it is written.
    let bodies = pass::take_bodies(&mut rendered);
    timings.mark("render Markdown");
    let presentation = Presentation::load(&inputs).map_err(|e| match e {
        // Report content errors together with template errors.
        Error::Site(mut errors) => {
            errors.extend(rendered.iter().flat_map(|r| r.diagnostics.iter().filter(|d| d.is_error()).cloned()));
            sort_diagnostics(&mut errors);
            Error::Site(errors)
        }
        other => other,
    })?;
    let pass =
        Pass::new(&inputs, &presentation, &rendered, options.today).taking_bodies(&bodies).with_archived(&archived);
    timings.mark("static files, templates, plan");
    let mut report = write_site(&pass, warnings, sink)?;
    report.timings.splice(0..0, timings.into_stages());
    Ok(report)
}

/// Gives memory freed so far back to the system: the allocator keeps freed
/// memory in per-thread pools that later allocations on other threads may
/// not reuse, which showed as peak memory.
fn return_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory; it has no preconditions.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Checks a pass and writes everything it makes into `sink`: pages (with
/// the search index built alongside), generated files and static files.
pub(crate) fn write_site(pass: &Pass<'_>, warnings: Vec<Diagnostic>, sink: &dyn Sink) -> Result<Report> {
    let inputs = pass.inputs;
    let mut timings = Timings::default();
    let warnings = fail_on_errors(pass.diagnostics(warnings))?;
    timings.mark("checks");
    let all_pages = (0..inputs.content.pages.len()).collect::<Vec<_>>();
    // Pages, the policies' version pages and the files made from the whole
    // site (the print page renders every policy again) take the cores the
    // search index leaves free.
    let write_pages = || {
        timed(|| {
            let warnings = fail_on_errors(pass.render_pages(&all_pages, sink)?)?;
            for (path, bytes) in versions::files(pass)?.into_iter().chain(pass.site_files()?) {
                sink.put(&path, bytes)?;
            }
            Ok(warnings)
        })
    };
    // Index files are written as soon as each language's are made.
    let build_index = || timed(|| if inputs.config.search.enabled { pass.write_search_files(sink) } else { Ok(0) });
    let ((written, pages_took), (indexed, index_took)) = rayon::join(write_pages, build_index);
    timings.report("render and write pages (in parallel with the index)", pages_took);
    timings.report("build the search index", index_took);
    timings.mark("pages and search index");
    written?;
    let files = pass.plan().len() + indexed?;
    pass.presentation.assets.files.par_iter().try_for_each(|f| sink.put(&f.output, f.bytes.to_vec()))?;
    timings.mark("write static files");
    let pages = inputs
        .config
        .language_codes()
        .into_iter()
        .map(|lang| (lang.to_string(), inputs.content.language_pages(lang).count()))
        .collect();
    Ok(Report { warnings, pages, files, timings: timings.into_stages() })
}
