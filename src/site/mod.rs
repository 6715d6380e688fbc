//! Site assembly: loads everything, renders every page, and hands each
//! output file (path and bytes) to a [`Sink`]: the staging folder of a
//! build, or the in-memory map the dev server serves from.
//!
//! The work is split so the dev server can redo only part of it:
//! [`Inputs`] (config and content), [`Presentation`] (static files and
//! templates), the rendered Markdown bodies, and a [`Pass`] that turns them
//! into output files. Nothing is handed over until every check has passed,
//! so a site with a broken link writes nothing at all.

pub mod assets;
pub mod context;
mod pass;
pub mod session;
mod sitemap;
pub mod urls;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Content, LoadOptions, PageId, Source};
use crate::date::Date;
use crate::error::{Diagnostic, Error, Result, sort_diagnostics};
use crate::highlight::Highlighter;
use crate::i18n::Strings;
use crate::markdown::{Input, Rendered, Renderer};
use crate::templates::Templates;
use crate::theme::Theme;

pub use assets::Assets;
pub use pass::Pass;
pub use urls::Urls;

/// Receives the output files of a build.
pub trait Sink: Sync {
    /// Stores one file; `path` is relative to the output root, with `/`.
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()>;
}

/// A sink that keeps every file in memory, sorted by path.
#[derive(Debug, Default)]
pub struct MemorySink {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl MemorySink {
    /// The files received.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Sink for MemorySink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        self.files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(path.to_string(), bytes);
        Ok(())
    }
}

/// Settings for one build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Include pages marked as drafts.
    pub drafts: bool,
    /// Overrides `base_url` from the config.
    pub base_url: Option<String>,
    /// The date review deadlines are judged against.
    pub today: Date,
}

/// What a successful build reports.
#[derive(Debug, Default)]
pub struct Report {
    /// Problems that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Pages written per language code, in the site's language order.
    pub pages: Vec<(String, usize)>,
    /// Files written in all.
    pub files: usize,
}

/// Config and content, loaded and validated.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The site root.
    pub root: PathBuf,
    /// The configuration, with any `--base-url` applied.
    pub config: Config,
    /// The base URL, split.
    pub urls: Urls,
    /// All pages.
    pub content: Content,
    /// The theme and template overrides.
    pub theme: Arc<Theme>,
    /// UI strings.
    pub strings: Strings,
    /// The Markdown renderer.
    pub renderer: Arc<Renderer>,
}

impl Inputs {
    /// Loads config, content, theme and strings; collects every error.
    pub fn load(
        root: &Path,
        options: &BuildOptions,
        warnings: &mut Vec<Diagnostic>,
    ) -> Result<Inputs> {
        Inputs::load_with_sources(root, options, warnings).map(|(inputs, _)| inputs)
    }

    /// Like [`Inputs::load`], also returning every parsed content file
    /// (drafts included), for the dev server to update one by one.
    pub fn load_with_sources(
        root: &Path,
        options: &BuildOptions,
        warnings: &mut Vec<Diagnostic>,
    ) -> Result<(Inputs, Vec<Arc<Source>>)> {
        let config = load_config(root, options)?;
        // Load the highlighter on another thread while files are read.
        if config.markdown.highlight_code {
            rayon::spawn(|| {
                Highlighter::shared();
            });
        }
        let load_options = LoadOptions {
            drafts: options.drafts,
        };
        let content = Content::load_sources(root, &config, warnings).and_then(|sources| {
            Content::assemble(&config, &sources, load_options)
                .map(|c| (c, sources))
                .map_err(Error::Site)
        });
        let theme = Theme::load(root, &config);
        let ((content, sources), theme) = match (content, theme) {
            (Ok(c), Ok(t)) => (c, t),
            (c, t) => {
                let mut errors = Vec::new();
                for e in [c.err(), t.err()].into_iter().flatten() {
                    match e {
                        Error::Site(d) => errors.extend(d),
                        other => return Err(other),
                    }
                }
                return Err(Error::Site(errors));
            }
        };
        let strings = Strings::load(root, &theme, &config)?;
        let renderer = Arc::new(Renderer::new(&config.markdown));
        let urls = Urls::new(&config.base_url);
        let inputs = Inputs {
            root: root.to_path_buf(),
            config,
            urls,
            content,
            theme: Arc::new(theme),
            strings,
            renderer,
        };
        Ok((inputs, sources))
    }

    /// The same site with other content (for the dev server's updates).
    pub fn with_content(&self, content: Content) -> Inputs {
        Inputs {
            content,
            ..self.clone_settings()
        }
    }

    fn clone_settings(&self) -> Inputs {
        Inputs {
            root: self.root.clone(),
            config: self.config.clone(),
            urls: self.urls.clone(),
            content: Content::default(),
            theme: Arc::clone(&self.theme),
            strings: self.strings.clone(),
            renderer: Arc::clone(&self.renderer),
        }
    }

    /// True if the language gets an Atom feed (feeds on, some page dated).
    pub fn has_feed(&self, lang: &str) -> bool {
        self.config.feed.enabled
            && self.content.language_pages(lang).any(|id| {
                let meta = &self.content.page(id).source.meta;
                meta.updated.is_some() || meta.date.is_some()
            })
    }

    /// Renders one page's Markdown body.
    pub fn render_body(&self, id: PageId) -> Rendered {
        self.render_body_with_prefix(id, "")
    }

    /// Renders one page's body with every heading id and same-page anchor
    /// prefixed, so several pages can share one document.
    pub fn render_body_with_prefix(&self, id: PageId, id_prefix: &str) -> Rendered {
        let page = self.content.page(id);
        let extra = |key: &str| self.config.extra_text(key);
        let resolve = |target: &str| {
            self.content
                .resolve_link(id, target)
                .map(|t| (t, self.content.page(t).path.clone()))
        };
        let anchor_label = self
            .strings
            .get(page.lang(), "heading_anchor")
            .unwrap_or("Link to this section");
        self.renderer.render(&Input {
            body: &page.source.body,
            file: &page.source.file,
            first_line: page.source.body_line,
            base_path: &self.urls.base_path,
            page_path: &page.path,
            id_prefix,
            anchor_label,
            extra: &extra,
            resolve: &resolve,
        })
    }

    /// Renders every page's body, in parallel, indexed by page id.
    pub fn render_bodies(&self) -> Vec<Arc<Rendered>> {
        (0..self.content.pages.len())
            .into_par_iter()
            .map(|id| Arc::new(self.render_body(id)))
            .collect()
    }
}

/// Reads `beleid.toml` and applies `--base-url`.
pub fn load_config(root: &Path, options: &BuildOptions) -> Result<Config> {
    let mut config = Config::load(root)?;
    if let Some(base_url) = &options.base_url {
        config.base_url.clone_from(base_url);
    }
    Ok(config)
}

/// The theme side of a build: static files (fingerprinted) and templates.
#[derive(Debug)]
pub struct Presentation {
    /// Static files and their published URLs.
    pub assets: Assets,
    /// The compiled templates.
    pub templates: Templates,
}

impl Presentation {
    /// Collects static files and compiles templates.
    pub fn load(inputs: &Inputs) -> Result<Presentation> {
        let assets = Assets::collect(
            &inputs.root,
            &inputs.theme,
            &inputs.urls.base_path,
            generated_assets(inputs)?,
        )?;
        let templates =
            Templates::new(&inputs.theme, Arc::new(assets.urls.clone())).map_err(Error::Site)?;
        Ok(Presentation { assets, templates })
    }
}

/// Files generated from the config (not content): the highlight stylesheet
/// and the search scripts.
fn generated_assets(inputs: &Inputs) -> Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    let md = &inputs.config.markdown;
    if md.highlight_code {
        let css = Highlighter::shared()
            .stylesheet(&md.highlight_theme, &md.highlight_theme_dark)
            .map_err(|e| {
                Error::site(
                    Diagnostic::error("config", Config::path(&inputs.root), e)
                        .hint("set highlight_theme under [markdown] to a known theme"),
                )
            })?;
        files.push(("highlight.css".to_string(), css.into_bytes()));
    }
    if inputs.config.search.enabled {
        files.push((
            "search.js".to_string(),
            crate::search::CLIENT_SCRIPT.as_bytes().to_vec(),
        ));
        files.push((
            "stemmers.js".to_string(),
            crate::search::STEMMERS_SCRIPT.as_bytes().to_vec(),
        ));
    }
    Ok(files)
}

/// Fails with all diagnostics if any is an error.
pub fn fail_on_errors(mut diagnostics: Vec<Diagnostic>) -> Result<Vec<Diagnostic>> {
    sort_diagnostics(&mut diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Error::Site(diagnostics));
    }
    Ok(diagnostics)
}

/// Builds the whole site into `sink`.
pub fn build(root: &Path, options: &BuildOptions, sink: &dyn Sink) -> Result<Report> {
    let mut warnings = Vec::new();
    let inputs = Inputs::load(root, options, &mut warnings)?;
    let rendered = inputs.render_bodies();
    let presentation = Presentation::load(&inputs).map_err(|e| match e {
        // Report content errors together with template errors.
        Error::Site(mut errors) => {
            errors.extend(
                rendered
                    .iter()
                    .flat_map(|r| r.diagnostics.iter().filter(|d| d.is_error()).cloned()),
            );
            sort_diagnostics(&mut errors);
            Error::Site(errors)
        }
        other => other,
    })?;
    let pass = Pass::new(&inputs, &presentation, &rendered, options.today);
    write_site(&pass, warnings, sink)
}

/// Checks a pass and writes everything it makes into `sink`: pages (with
/// the search index built alongside), generated files and static files.
pub fn write_site(pass: &Pass<'_>, warnings: Vec<Diagnostic>, sink: &dyn Sink) -> Result<Report> {
    let inputs = pass.inputs;
    let warnings = fail_on_errors(pass.diagnostics(warnings))?;
    let all_pages = (0..inputs.content.pages.len()).collect::<Vec<_>>();
    let write_pages = || fail_on_errors(pass.render_pages(&all_pages, sink));
    let build_index = || {
        inputs
            .config
            .search
            .enabled
            .then(|| pass.search_files(true))
    };
    let (written, search_files) = rayon::join(write_pages, build_index);
    written?;
    let mut files = pass.plan().len();
    for (path, bytes) in search_files.unwrap_or_default() {
        sink.put(&path, bytes)?;
        files += 1;
    }
    for (path, bytes) in pass.generated_files()? {
        sink.put(&path, bytes)?;
    }
    pass.presentation
        .assets
        .files
        .par_iter()
        .try_for_each(|f| sink.put(&f.output, f.bytes.to_vec()))?;
    let pages = inputs
        .config
        .language_codes()
        .into_iter()
        .map(|lang| {
            (
                lang.to_string(),
                inputs.content.language_pages(lang).count(),
            )
        })
        .collect();
    Ok(Report {
        warnings,
        pages,
        files,
    })
}
