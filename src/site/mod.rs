//! Site assembly: loads everything, renders every page, and hands each
//! output file (path and bytes) to a [`Sink`]: the staging folder of a
//! build, or the in-memory map the dev server serves from.
//!
//! Nothing is handed over until every check has passed, so a site with a
//! broken link writes nothing at all.

pub mod assets;
pub mod context;
mod sitemap;
pub mod urls;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::check::{self, Caller, Subject};
use crate::config::Config;
use crate::content::{Content, LoadOptions, PageId, PageKind};
use crate::date::Date;
use crate::error::{Diagnostic, Error, Result, sort_diagnostics};
use crate::highlight::Highlighter;
use crate::i18n::Strings;
use crate::markdown::{Input, Rendered, Renderer};
use crate::templates::Templates;
use crate::theme::Theme;

pub use assets::Assets;
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

/// Everything a build reads, loaded and validated.
#[derive(Debug)]
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
    pub theme: Theme,
    /// UI strings.
    pub strings: Strings,
    /// The Markdown renderer.
    pub renderer: Renderer,
}

impl Inputs {
    /// Loads config, content, theme and strings; collects every error.
    pub fn load(
        root: &Path,
        options: &BuildOptions,
        warnings: &mut Vec<Diagnostic>,
    ) -> Result<Inputs> {
        let mut config = Config::load(root)?;
        if let Some(base_url) = &options.base_url {
            config.base_url.clone_from(base_url);
        }
        let urls = Urls::new(&config.base_url);
        // Load the highlighter on another thread while files are read.
        if config.markdown.highlight_code {
            rayon::spawn(|| {
                Highlighter::shared();
            });
        }
        let mut errors = Vec::new();
        let content = Content::load(
            root,
            &config,
            LoadOptions {
                drafts: options.drafts,
            },
            warnings,
        );
        let theme = Theme::load(root, &config);
        let (content, theme) = match (content, theme) {
            (Ok(c), Ok(t)) => (c, t),
            (c, t) => {
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
        let renderer = Renderer::new(&config.markdown);
        Ok(Inputs {
            root: root.to_path_buf(),
            config,
            urls,
            content,
            theme,
            strings,
            renderer,
        })
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
    pub fn render_bodies(&self) -> Vec<Rendered> {
        (0..self.content.pages.len())
            .into_par_iter()
            .map(|id| self.render_body(id))
            .collect()
    }
}

/// The template for a page: its own `template`, else by kind.
fn template_for(templates: &Templates, inputs: &Inputs, id: PageId) -> String {
    let page = inputs.content.page(id);
    if let Some(t) = &page.source.meta.template {
        return t.clone();
    }
    match page.kind {
        PageKind::Home if templates.has("index.html") => "index.html".into(),
        PageKind::Home | PageKind::Section => "section.html".into(),
        PageKind::Page => "page.html".into(),
    }
}

/// Files generated from the config and theme (not content): the highlight
/// stylesheet.
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

/// One planned output file and where it comes from.
struct Planned {
    origin: PathBuf,
}

/// Builds the whole site into `sink`.
pub fn build(root: &Path, options: &BuildOptions, sink: &dyn Sink) -> Result<Report> {
    let mut warnings = Vec::new();
    let inputs = Inputs::load(root, options, &mut warnings)?;
    let rendered = inputs.render_bodies();
    let assets = Assets::collect(
        root,
        &inputs.theme,
        &inputs.urls.base_path,
        generated_assets(&inputs)?,
    )?;

    let mut diagnostics: Vec<Diagnostic> = rendered
        .iter()
        .flat_map(|r| r.diagnostics.iter().cloned())
        .collect();
    let plan = plan_outputs(&inputs, &assets, &mut diagnostics);
    let outputs: BTreeSet<String> = plan.keys().cloned().collect();
    diagnostics.extend(check::run(&Subject {
        inputs: &inputs,
        rendered: &rendered,
        outputs: &outputs,
        today: options.today,
        caller: Caller::Build,
    }));
    let templates = Templates::new(&inputs.theme, std::sync::Arc::new(assets.urls.clone()))
        .map_err(Error::Site)?;
    diagnostics.extend(warnings);
    fail_on_errors(diagnostics.clone())?;

    let languages: BTreeMap<&str, minijinja::Value> = inputs
        .config
        .language_codes()
        .into_iter()
        .map(|l| (l, context::language_value(&inputs, l)))
        .collect();
    let neighbours = context::neighbours(&inputs);
    let render_pages = || -> Vec<Diagnostic> {
        (0..inputs.content.pages.len())
            .into_par_iter()
            .filter_map(|id| {
                let page = inputs.content.page(id);
                let value =
                    context::page_value(&inputs, id, &rendered[id], &neighbours, options.today);
                let ctx = minijinja::context! { page => value, ..languages[page.lang()].clone() };
                let result = templates
                    .render(&template_for(&templates, &inputs, id), &ctx)
                    .and_then(|html| {
                        sink.put(&page.output_file(), html.into_bytes())
                            .map_err(|e| Diagnostic::error("io", &page.source.file, e.to_string()))
                    });
                result.err()
            })
            .collect()
    };
    let build_index = || {
        inputs
            .config
            .search
            .enabled
            .then(|| crate::search::index_files(&inputs, &rendered, true))
    };
    let (render_errors, search_files) = rayon::join(render_pages, build_index);
    fail_on_errors(render_errors)?;
    let mut search_count = 0;
    for (path, bytes) in search_files.unwrap_or_default() {
        sink.put(&path, bytes)?;
        search_count += 1;
    }

    let mut extra_files: Vec<(String, Vec<u8>)> = Vec::new();
    let default_lang = inputs.config.default_language.as_str();
    for lang in inputs.config.language_codes() {
        let prefix = context::lang_prefix(&inputs, lang);
        if let Some(print) = context::print_path(&inputs, lang) {
            let html = render_print(
                &inputs,
                &templates,
                &languages[lang],
                lang,
                &print,
                options.today,
            )?;
            extra_files.push((format!("{print}index.html"), html.into_bytes()));
        }
        if inputs.config.search.enabled && templates.has("search.html") {
            let path = crate::search::index_path(lang);
            let title = inputs
                .strings
                .get(lang, "search_results")
                .unwrap_or("Search")
                .to_string();
            let page = context::generated_page_value(&inputs, lang, "search", title, &path);
            let ctx = minijinja::context! { page => page, ..languages[lang].clone() };
            let html = templates.render("search.html", &ctx).map_err(Error::site)?;
            extra_files.push((format!("{path}index.html"), html.into_bytes()));
        }
        if inputs.has_feed(lang)
            && let Some(feed) = sitemap::feed(&inputs, lang)
        {
            extra_files.push((format!("{prefix}atom.xml"), feed.into_bytes()));
        }
    }
    let title = inputs
        .strings
        .get(default_lang, "not_found_title")
        .unwrap_or("Page not found")
        .to_string();
    let page = context::generated_page_value(&inputs, default_lang, "404", title, "404.html");
    let ctx = minijinja::context! { page => page, ..languages[default_lang].clone() };
    let not_found = templates.render("404.html", &ctx).map_err(Error::site)?;
    extra_files.push(("404.html".into(), not_found.into_bytes()));
    extra_files.push(("sitemap.xml".into(), sitemap::sitemap(&inputs).into_bytes()));
    extra_files.push(("robots.txt".into(), sitemap::robots(&inputs).into_bytes()));
    for (path, bytes) in extra_files {
        sink.put(&path, bytes)?;
    }
    assets
        .files
        .par_iter()
        .try_for_each(|f| sink.put(&f.output, f.bytes.to_vec()))?;

    let mut report = Report {
        files: plan.len() + search_count,
        ..Report::default()
    };
    for lang in inputs.config.language_codes() {
        let count = inputs.content.language_pages(lang).count();
        report.pages.push((lang.to_string(), count));
    }
    report.warnings = diagnostics;
    sort_diagnostics(&mut report.warnings);
    Ok(report)
}

fn fail_on_errors(mut diagnostics: Vec<Diagnostic>) -> Result<()> {
    if diagnostics.iter().any(Diagnostic::is_error) {
        sort_diagnostics(&mut diagnostics);
        return Err(Error::Site(diagnostics));
    }
    Ok(())
}

/// Every file the build will write, with where it comes from; two sources
/// for one path is an error naming both.
fn plan_outputs(
    inputs: &Inputs,
    assets: &Assets,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Planned> {
    let mut plan: BTreeMap<String, Planned> = BTreeMap::new();
    let mut add = |path: String, origin: PathBuf, diagnostics: &mut Vec<Diagnostic>| {
        if let Some(existing) = plan.get(&path) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-path",
                    &origin,
                    format!(
                        "this and {} would both be written to {path}",
                        existing.origin.display()
                    ),
                )
                .hint("rename one of them, or give the page another `slug`"),
            );
        } else {
            plan.insert(path, Planned { origin });
        }
    };
    for page in &inputs.content.pages {
        add(page.output_file(), page.source.file.clone(), diagnostics);
    }
    let generated = PathBuf::from("<generated>");
    for lang in inputs.config.language_codes() {
        let prefix = context::lang_prefix(inputs, lang);
        if let Some(print) = context::print_path(inputs, lang) {
            add(
                format!("{print}index.html"),
                generated.join("print page"),
                diagnostics,
            );
        }
        if inputs.has_feed(lang) {
            add(
                format!("{prefix}atom.xml"),
                generated.join("feed"),
                diagnostics,
            );
        }
    }
    for name in ["404.html", "sitemap.xml", "robots.txt"] {
        add(name.to_string(), generated.join(name), diagnostics);
    }
    for f in &assets.files {
        add(f.output.clone(), f.shown.clone(), diagnostics);
    }
    plan
}

/// The page holding every policy of a language, for printing or saving as PDF.
fn render_print(
    inputs: &Inputs,
    templates: &Templates,
    language: &minijinja::Value,
    lang: &str,
    path: &str,
    today: Date,
) -> Result<String> {
    let neighbours = context::Neighbours::new();
    let policies: Vec<minijinja::Value> = inputs
        .content
        .reading_order(lang)
        .into_iter()
        .filter(|&id| inputs.content.page(id).is_policy())
        .map(|id| {
            // Each policy's ids get a prefix: every policy has an #art-1.
            let anchor = crate::text::slugify(&inputs.content.page(id).path);
            let body = inputs.render_body_with_prefix(id, &format!("{anchor}-"));
            minijinja::context! { anchor => anchor, page => context::page_value(inputs, id, &body, &neighbours, today) }
        })
        .collect();
    let title = inputs
        .strings
        .get(lang, "print_title")
        .unwrap_or("Policies")
        .to_string();
    let page = context::generated_page_value(inputs, lang, "print", title, path);
    let ctx = minijinja::context! { page => page, policies => policies, ..language.clone() };
    templates.render("print.html", &ctx).map_err(Error::site)
}
