//! Config and content, loaded and validated: what every later stage reads.
//!
//! Kept apart from [`crate::site`] so the checks, the search index and the
//! site assembly can all depend on it without depending on each other.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Content, LoadOptions, PageId, Source};
use crate::date::Date;
use crate::error::{Diagnostic, Error, Result};
use crate::files::walk;
use crate::highlight::Highlighter;
use crate::i18n::Strings;
use crate::markdown::{Input, Rendered, Renderer};
use crate::theme::Theme;
use crate::urls::Urls;

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
    pub fn load(root: &Path, options: &BuildOptions, warnings: &mut Vec<Diagnostic>) -> Result<Inputs> {
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
        let load_options = LoadOptions { drafts: options.drafts };
        let content = Content::load_sources(root, &config, warnings).and_then(|(sources, assets)| {
            let mut content = Content::assemble(&config, &sources, load_options).map_err(Error::Site)?;
            content.assets = assets;
            Ok((content, sources))
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
        let strings = Strings::load(root, &theme, &config, warnings)?;
        let renderer = Arc::new(Renderer::new(&config.markdown));
        let urls = Urls::new(&config.base_url);
        let inputs =
            Inputs { root: root.to_path_buf(), config, urls, content, theme: Arc::new(theme), strings, renderer };
        Ok((inputs, sources))
    }

    /// The same site with other content (for the dev server's updates).
    pub fn with_content(&self, content: Content) -> Inputs {
        Inputs { content, ..self.clone_settings() }
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
        self.render_source(id, &page.source, page.is_policy(), id_prefix)
    }

    /// Renders an earlier version of a policy page: its own text, with links
    /// resolved as on the page.
    pub fn render_version(&self, version: &crate::content::versions::Version) -> Rendered {
        self.render_source(version.page, &version.source, true, "")
    }

    /// Renders `source` as the body of page `id` (whose links and language it
    /// takes).
    fn render_source(&self, id: PageId, source: &crate::content::Source, policy: bool, id_prefix: &str) -> Rendered {
        let page = self.content.page(id);
        let extra = |key: &str| self.config.extra_text(page.lang(), key);
        let resolve =
            |target: &str| self.content.resolve_link(id, target).map(|t| (t, self.content.page(t).path.clone()));
        let lang = page.lang();
        // A section's file is in its own folder; a page's in its parent's.
        let folder_path = match (page.kind, page.parent) {
            (crate::content::PageKind::Page, Some(parent)) => self.content.page(parent).path.clone(),
            _ => page.path.clone(),
        };
        let anchor_label = self.strings.get(lang, "heading_anchor").unwrap_or("Link to this section");
        let alert_titles = ALERT_TITLES.map(|(key, english)| self.strings.get(lang, key).unwrap_or(english));
        self.renderer.render(&Input {
            body: &source.body,
            file: &source.file,
            first_line: source.body_line,
            base_path: &self.urls.base_path,
            page_path: &folder_path,
            policy,
            id_prefix,
            anchor_label,
            alert_titles,
            task_labels: [
                self.strings.get(lang, "task_done").unwrap_or("done"),
                self.strings.get(lang, "task_open").unwrap_or("to do"),
            ],
            extra: &extra,
            resolve: &resolve,
        })
    }

    /// Renders every page's body, in parallel, indexed by page id.
    pub fn render_bodies(&self) -> Vec<Arc<Rendered>> {
        (0..self.content.pages.len()).into_par_iter().map(|id| Arc::new(self.render_body(id))).collect()
    }
}

/// Reads `beleid.toml` and applies `--base-url`.
pub fn load_config(root: &Path, options: &BuildOptions) -> Result<Config> {
    // A linked config is refused like every linked input (see `walk`).
    walk::input_path(root, crate::config::CONFIG_FILE).map_err(Error::site)?;
    let mut config = Config::load(root)?;
    if let Some(base_url) = &options.base_url {
        config.base_url.clone_from(base_url);
    }
    Ok(config)
}

/// The UI strings naming GitHub-style alerts, with the words used when a
/// theme lacks them.
const ALERT_TITLES: [(&str, &str); 5] = [
    ("alert_note", "Note"),
    ("alert_tip", "Tip"),
    ("alert_important", "Important"),
    ("alert_warning", "Warning"),
    ("alert_caution", "Caution"),
];
