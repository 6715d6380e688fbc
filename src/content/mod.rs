//! Content: the Markdown files under `content/<lang>/`, their front matter,
//! and the tree of sections and pages they form in each language.
//!
//! Loading happens in two steps so the dev server can redo only what changed:
//! [`parse_file`] reads one file into a [`Source`], and [`Content::assemble`]
//! builds the whole model (sections, URLs, order, translations) from parsed
//! sources, which is cheap. [`Content::load`] does both for a full build.

pub mod front_matter;
pub mod placeholders;
mod scan;
mod status;
pub mod versions;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::text::{slugify, title_from_name};

pub use front_matter::{FrontMatter, PolicyMeta};
pub use scan::{FoundFile, ScanResult, is_ignored_name, scan, skipped_symlink};
pub use status::Status;

/// The index of a page in [`Content::pages`].
pub type PageId = usize;

/// The name of a section's own page.
pub const SECTION_FILE: &str = "_index.md";

/// One parsed Markdown file.
#[derive(Debug, Clone)]
pub struct Source {
    /// The language folder it is in.
    pub lang: String,
    /// Its path inside the language folder, with `/` separators
    /// (`beleid/voorbeeldbeleid.md`). Translations share this path.
    pub rel: String,
    /// Its path as shown to the user, relative to the site root
    /// (`content/nl/beleid/voorbeeldbeleid.md`).
    pub file: PathBuf,
    /// The parsed front matter.
    pub meta: FrontMatter,
    /// The front matter as written, to locate keys in diagnostics.
    pub front_matter: String,
    /// The Markdown body.
    pub body: String,
    /// The 1-based line of the file on which the body starts.
    pub body_line: usize,
}

impl Source {
    /// The 1-based (line, column) where front matter `key` is set, or the
    /// top of the file.
    pub fn key_position(&self, key: &str) -> (usize, usize) {
        front_matter::key_position(&self.front_matter, key).unwrap_or((1, 1))
    }
}

/// What a page is in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    /// A language's home page (`content/<lang>/_index.md`).
    Home,
    /// A folder's page (`_index.md`), listing what the folder holds.
    Section,
    /// Any other Markdown file.
    Page,
}

/// A page in the site, with everything derived from its place in the tree.
#[derive(Debug, Clone)]
pub struct Page {
    /// The parsed file. Sections without an `_index.md` have a generated,
    /// empty source.
    pub source: Arc<Source>,
    /// Home, section or page.
    pub kind: PageKind,
    /// The title as plain text, placeholders replaced and inline Markdown
    /// (`` `code` ``, `*em*`) taken out: for `<title>`, feeds and search.
    pub title: String,
    /// The title as HTML, inline Markdown rendered: for headings and links.
    pub title_html: String,
    /// The description, with placeholders replaced (may be empty).
    pub description: String,
    /// The page's URL path below the site's base path, with a trailing `/`
    /// (`beleid/voorbeeldbeleid/`; the default language's home is ``).
    pub path: String,
    /// The section this page is in (none for a home page).
    pub parent: Option<PageId>,
    /// For sections: the pages and subsections in it, in order.
    pub children: Vec<PageId>,
    /// False for a section that has no `_index.md`.
    pub on_disk: bool,
}

impl Page {
    /// The page's language code.
    pub fn lang(&self) -> &str {
        &self.source.lang
    }

    /// The translation key shared by a page and its translations.
    pub fn rel(&self) -> &str {
        &self.source.rel
    }

    /// The path of the output file (`beleid/voorbeeldbeleid/index.html`).
    pub fn output_file(&self) -> String {
        format!("{}index.html", self.path)
    }

    /// True for policy pages (front matter has a `[policy]` table).
    pub fn is_policy(&self) -> bool {
        self.source.meta.policy.is_some()
    }

    /// True for a policy shown as a sample (`[extra] sample = true`): it is
    /// in force for nobody, so it stays out of the all-policies print page.
    pub fn is_sample(&self) -> bool {
        self.source.meta.extra.get("sample").is_some_and(|v| v.is_true())
    }
}

/// Options for loading content.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Include pages marked `draft = true`.
    pub drafts: bool,
}

/// All pages of the site in every language.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Every page, grouped by language in switcher order, then in reading order.
    pub pages: Vec<Page>,
    /// Each language's home page; see [`Content::home`].
    pub homes: BTreeMap<String, PageId>,
    /// `lang/rel` → page, for resolving links.
    by_source: HashMap<String, PageId>,
    /// rel → lang → page.
    translations: BTreeMap<String, BTreeMap<String, PageId>>,
    /// Earlier versions of policy pages, by page, oldest first.
    pub versions: Vec<versions::Version>,
    /// Files next to pages that are not Markdown, published beside them.
    pub assets: Vec<FoundFile>,
}

impl Content {
    /// Scans, parses and assembles the content of a site. Warnings (skipped
    /// files) are appended to `warnings`.
    pub fn load(root: &Path, config: &Config, options: LoadOptions, warnings: &mut Vec<Diagnostic>) -> Result<Content> {
        let (sources, assets) = Content::load_sources(root, config, warnings)?;
        let mut content = Content::assemble(config, &sources, options).map_err(Error::Site)?;
        content.assets = assets;
        Ok(content)
    }

    /// Scans and parses every content file, drafts included; returns them and
    /// the files beside them that are not Markdown.
    pub fn load_sources(
        root: &Path,
        config: &Config,
        warnings: &mut Vec<Diagnostic>,
    ) -> Result<(Vec<Arc<Source>>, Vec<FoundFile>)> {
        let scanned = scan(root, config);
        warnings.extend(scanned.warnings);
        let mut errors = scanned.errors;
        let files = scanned.files.par_iter().chain(scanned.versions.par_iter());
        let parsed: Vec<_> = files.map(|f| read_and_parse(root, &f.lang, &f.rel)).collect();
        let mut sources = Vec::with_capacity(parsed.len());
        for result in parsed {
            match result {
                Ok(source) => sources.push(Arc::new(source)),
                Err(d) => errors.push(d),
            }
        }
        if errors.is_empty() { Ok((sources, scanned.assets)) } else { Err(Error::Site(errors)) }
    }

    /// Builds the page tree from parsed sources.
    pub fn assemble(
        config: &Config,
        sources: &[Arc<Source>],
        options: LoadOptions,
    ) -> Result<Content, Vec<Diagnostic>> {
        Assembler::new(config, options).run(sources)
    }

    /// The home page of a configured language.
    ///
    /// [`Content::assemble`] gives every language of the config a home (an
    /// empty one if `_index.md` is missing) or fails (a draft home), and
    /// every language code later stages pass comes from that config, so the
    /// lookup cannot fail on any site.
    pub fn home(&self, lang: &str) -> PageId {
        self.homes[lang]
    }

    /// The page at `id`.
    pub fn page(&self, id: PageId) -> &Page {
        &self.pages[id]
    }

    /// The page for a content file (`lang`, path inside the language folder).
    pub fn find(&self, lang: &str, rel: &str) -> Option<PageId> {
        self.by_source.get(&source_key(lang, rel)).copied()
    }

    /// Resolves a link target written in page `from` (a path relative to the
    /// page's file, or starting with `/` for the language folder) to a page.
    /// Paths that leave the language folder may enter another language's.
    pub fn resolve_link(&self, from: PageId, target: &str) -> Option<PageId> {
        let page = &self.pages[from];
        let mut parts: Vec<&str> = vec![page.lang()];
        if !target.starts_with('/') {
            parts.extend(page.rel().split('/'));
            parts.pop();
        }
        for part in target.trim_start_matches('/').split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                other => parts.push(other),
            }
        }
        let (lang, rest) = parts.split_first()?;
        let mut rel = rest.join("/");
        if rel.is_empty() || target.ends_with('/') {
            rel = if rel.is_empty() { SECTION_FILE.to_string() } else { format!("{rel}/{SECTION_FILE}") };
        }
        self.find(lang, &rel)
    }

    /// The translations of a page (itself included), by language code.
    pub fn translations(&self, id: PageId) -> &BTreeMap<String, PageId> {
        // Assembly files every page under its own rel, so this cannot fail.
        &self.translations[self.pages[id].rel()]
    }

    /// Every translation group: rel → lang → page.
    pub fn translation_groups(&self) -> &BTreeMap<String, BTreeMap<String, PageId>> {
        &self.translations
    }

    /// A language's pages in reading order: home first, then depth first.
    pub fn reading_order(&self, lang: &str) -> Vec<PageId> {
        let mut order = Vec::new();
        if let Some(&home) = self.homes.get(lang) {
            self.walk(home, &mut order);
        }
        order
    }

    fn walk(&self, id: PageId, order: &mut Vec<PageId>) {
        order.push(id);
        for &child in &self.pages[id].children {
            self.walk(child, order);
        }
    }

    /// The chain of sections from the home page down to the page's parent.
    pub fn ancestors(&self, id: PageId) -> Vec<PageId> {
        let mut chain = Vec::new();
        let mut current = self.pages[id].parent;
        while let Some(p) = current {
            chain.push(p);
            current = self.pages[p].parent;
        }
        chain.reverse();
        chain
    }

    /// Page ids of one language.
    pub fn language_pages<'a>(&'a self, lang: &'a str) -> impl Iterator<Item = PageId> + 'a {
        self.pages.iter().enumerate().filter(move |(_, p)| p.lang() == lang).map(|(i, _)| i)
    }

    /// Frees the Markdown body of every page that `keep` rejects and that
    /// nothing else holds, once those bodies are rendered: a large site's
    /// sources are then not held through the rest of a build.
    pub fn release_bodies(&mut self, keep: impl Fn(&Page) -> bool) {
        for page in &mut self.pages {
            if !keep(page)
                && let Some(source) = Arc::get_mut(&mut page.source)
            {
                source.body = String::new();
            }
        }
    }
}

fn source_key(lang: &str, rel: &str) -> String {
    format!("{lang}/{rel}")
}

/// Reads and parses one content file.
pub fn read_and_parse(root: &Path, lang: &str, rel: &str) -> Result<Source, Diagnostic> {
    let file = Path::new("content").join(lang).join(rel);
    let bytes = std::fs::read(root.join(&file))
        .map_err(|e| Diagnostic::error("io", &file, format!("cannot read the file: {e}")))?;
    let text = crate::files::decode_utf8(bytes, &file)?;
    parse_file(lang, rel, file, &text)
}

/// Parses the text of one content file.
pub fn parse_file(lang: &str, rel: &str, file: PathBuf, text: &str) -> Result<Source, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let split = front_matter::split(text, &file)?;
    let (meta, fm_text) = match split.front_matter {
        Some((format, fm)) => (front_matter::parse(format, fm, &file)?, fm.to_string()),
        None => (FrontMatter::default(), String::new()),
    };
    Ok(Source {
        lang: lang.to_string(),
        rel: rel.to_string(),
        file,
        meta,
        front_matter: fm_text,
        body: split.body.to_string(),
        body_line: split.body_line,
    })
}

/// Builds the page tree; a struct only to share settings between steps.
struct Assembler<'c> {
    config: &'c Config,
    options: LoadOptions,
    errors: Vec<Diagnostic>,
}

impl<'c> Assembler<'c> {
    fn new(config: &'c Config, options: LoadOptions) -> Self {
        Assembler { config, options, errors: Vec::new() }
    }

    fn run(mut self, all: &[Arc<Source>]) -> Result<Content, Vec<Diagnostic>> {
        let mut content = Content::default();
        // A policy's earlier versions are attached to it, not pages.
        let (version_files, sources): (Vec<Arc<Source>>, Vec<Arc<Source>>) =
            all.iter().cloned().partition(|s| versions::page_of_version(&s.rel).is_some());
        let sources = &sources[..];
        self.check_case_collisions(sources);
        for lang in self.config.language_codes() {
            let mut in_lang: Vec<&Arc<Source>> = sources.iter().filter(|s| s.lang == lang).collect();
            in_lang.sort_by(|a, b| a.rel.cmp(&b.rel));
            self.add_language(&mut content, lang, &in_lang);
        }
        self.check_output_paths(&content);
        for (id, page) in content.pages.iter().enumerate() {
            content.by_source.insert(source_key(page.lang(), page.rel()), id);
            content.translations.entry(page.rel().to_string()).or_default().insert(page.lang().to_string(), id);
        }
        let (attached, errors) = versions::attach(&content, &version_files, sources);
        content.versions = attached;
        self.errors.extend(errors);
        if self.errors.is_empty() { Ok(content) } else { Err(self.errors) }
    }

    /// Adds one language's pages: sections first (so pages can find their
    /// parent), then pages, then ordering.
    fn add_language(&mut self, content: &mut Content, lang: &str, sources: &[&Arc<Source>]) {
        // Folder (rel of its _index.md's folder, "" for the home) → section id.
        let mut sections: BTreeMap<String, PageId> = BTreeMap::new();
        let by_rel: BTreeMap<&str, &Arc<Source>> = sources.iter().map(|s| (s.rel.as_str(), *s)).collect();
        // Every folder that holds a page is a section, even without _index.md.
        let mut folders: Vec<String> = vec![String::new()];
        for s in sources {
            let mut folder = parent_folder(&s.rel);
            while let Some(f) = folder {
                folders.push(f.to_string());
                folder = parent_folder(f);
            }
        }
        folders.sort();
        folders.dedup();
        for folder in &folders {
            let index_rel =
                if folder.is_empty() { SECTION_FILE.to_string() } else { format!("{folder}/{SECTION_FILE}") };
            let source = by_rel.get(index_rel.as_str()).map(|s| Arc::clone(s));
            let parent = if folder.is_empty() {
                None
            } else {
                match sections.get(parent_folder(folder).unwrap_or("")) {
                    Some(&p) => Some(p),
                    // The parent section is a draft, so this one is left out too.
                    None => continue,
                }
            };
            if let Some(s) = source.as_ref().filter(|s| s.meta.draft && !self.options.drafts) {
                if folder.is_empty() {
                    // Every later stage links to each language's home.
                    self.errors.push(draft_home(s));
                }
                continue;
            }
            let on_disk = source.is_some();
            let source = source.unwrap_or_else(|| {
                Arc::new(Source {
                    lang: lang.to_string(),
                    rel: index_rel.clone(),
                    file: Path::new("content").join(lang).join(&index_rel),
                    meta: FrontMatter::default(),
                    front_matter: String::new(),
                    body: String::new(),
                    body_line: 1,
                })
            });
            let kind = if folder.is_empty() { PageKind::Home } else { PageKind::Section };
            let name = folder.rsplit('/').next().unwrap_or("");
            let id = self.push_page(content, source, kind, parent, name, on_disk);
            if let Some(p) = parent {
                content.pages[p].children.push(id);
            } else {
                content.homes.insert(lang.to_string(), id);
            }
            sections.insert(folder.clone(), id);
        }
        for s in sources {
            if is_section_file(&s.rel) {
                continue;
            }
            if s.meta.draft && !self.options.drafts {
                continue;
            }
            let folder = parent_folder(&s.rel).unwrap_or("");
            let Some(&parent) = sections.get(folder) else {
                continue;
            };
            let stem = s.rel.rsplit('/').next().unwrap_or("").trim_end_matches(".md");
            let id = self.push_page(content, Arc::clone(s), PageKind::Page, Some(parent), stem, true);
            content.pages[parent].children.push(id);
        }
        // Order children: by weight (unweighted last), then file name.
        let ids: Vec<PageId> = sections.values().copied().collect();
        for id in ids {
            let mut children = std::mem::take(&mut content.pages[id].children);
            children.sort_by(|&a, &b| {
                let key = |p: &Page| (p.source.meta.weight.unwrap_or(i64::MAX), p.rel().to_string());
                key(&content.pages[a]).cmp(&key(&content.pages[b]))
            });
            content.pages[id].children = children;
        }
    }

    fn push_page(
        &mut self,
        content: &mut Content,
        source: Arc<Source>,
        kind: PageKind,
        parent: Option<PageId>,
        name: &str,
        on_disk: bool,
    ) -> PageId {
        let lookup = |key: &str| self.config.extra_text(&source.lang, key);
        let mut title = match &source.meta.title {
            Some(t) => t.clone(),
            None if kind == PageKind::Home => self.config.language_title(&source.lang),
            None => title_from_name(name),
        };
        let mut description = source.meta.description.clone().unwrap_or_default();
        for (key, value) in [("title", &mut title), ("description", &mut description)] {
            match placeholders::substitute(value, lookup) {
                Ok(replaced) => *value = replaced.into_owned(),
                Err(p) => {
                    let (line, col) = source.key_position(key);
                    self.errors.push(unknown_extra(&source.file, p.key).at(line, col));
                }
            }
        }
        let path = match parent {
            None => {
                let lang_path = self.config.language_path(&source.lang);
                if lang_path.is_empty() { String::new() } else { format!("{lang_path}/") }
            }
            Some(p) => {
                let slug = self.slug(&source, name);
                format!("{}{slug}/", content.pages[p].path)
            }
        };
        let crate::inline::Title { plain: title, html: title_html } = crate::inline::title(&title);
        content.pages.push(Page {
            source,
            kind,
            title,
            title_html,
            description,
            path,
            parent,
            children: Vec::new(),
            on_disk,
        });
        content.pages.len() - 1
    }

    fn slug(&mut self, source: &Source, name: &str) -> String {
        let wanted = source.meta.slug.as_deref().unwrap_or(name);
        let slug = slugify(wanted);
        if slug.is_empty() {
            let (line, col) = source.key_position("slug");
            self.errors.push(
                Diagnostic::error("slug", &source.file, format!("{wanted:?} gives an empty URL slug"))
                    .at(line, col)
                    .hint("set `slug` in the front matter to letters, digits and dashes"),
            );
            return "page".to_string();
        }
        if slug.len() > crate::files::MAX_NAME_BYTES {
            let (line, col) = source.key_position("slug");
            self.errors.push(
                Diagnostic::error(
                    "slug",
                    &source.file,
                    format!(
                        "the URL slug is {} bytes long; as a folder name it can be at most {}",
                        slug.len(),
                        crate::files::MAX_NAME_BYTES
                    ),
                )
                .at(line, col)
                .hint("set a shorter `slug` in the front matter"),
            );
        }
        slug
    }

    /// Two pages may not write the same file.
    fn check_output_paths(&mut self, content: &Content) {
        let mut seen: BTreeMap<&str, &Page> = BTreeMap::new();
        for page in &content.pages {
            if let Some(other) = seen.insert(&page.path, page) {
                self.errors.push(
                    Diagnostic::error(
                        "duplicate-path",
                        &page.source.file,
                        format!("this page and {} both have the URL /{}", other.source.file.display(), page.path),
                    )
                    .at(page.source.key_position("slug").0, 1)
                    .hint("give one of them a different `slug` in its front matter"),
                );
            }
        }
    }

    /// `FAQ.md` next to `faq.md` works on Linux but not on macOS or Windows
    /// checkouts, and makes translations ambiguous: refuse it everywhere.
    fn check_case_collisions(&mut self, sources: &[Arc<Source>]) {
        let mut seen: BTreeMap<String, &Source> = BTreeMap::new();
        let mut sorted: Vec<&Arc<Source>> = sources.iter().collect();
        sorted.sort_by(|a, b| a.file.cmp(&b.file));
        for s in sorted {
            let key = source_key(&s.lang, &s.rel).to_lowercase();
            if let Some(other) = seen.insert(key, s) {
                self.errors.push(
                    Diagnostic::error(
                        "case-collision",
                        &s.file,
                        format!("this file and {} differ only in upper/lower case", other.file.display()),
                    )
                    .hint("rename one of them; file names must differ in more than case"),
                );
            }
        }
    }
}

/// The error for a language home marked as a draft: leaving it out would
/// leave the language without a home page, which every page links to.
fn draft_home(source: &Source) -> Diagnostic {
    let (line, col) = source.key_position("draft");
    Diagnostic::error(
        "draft-home",
        &source.file,
        format!("the home page of language `{}` cannot be a draft", source.lang),
    )
    .at(line, col)
    .hint(format!(
        "remove `draft`; to leave the whole language out, remove [languages.{}] from beleid.toml, or mark its other pages as drafts",
        source.lang
    ))
}

/// The diagnostic for a `{{ extra.key }}` placeholder with no such key.
pub fn unknown_extra(file: &Path, key: &str) -> Diagnostic {
    Diagnostic::error("unknown-extra", file, format!("`{{{{ extra.{key} }}}}` has no value in beleid.toml"))
        .hint(format!("add `{key} = \"...\"` under [extra] in beleid.toml, or fix the name"))
}

/// True for a section's own file (`_index.md` in any folder).
pub fn is_section_file(rel: &str) -> bool {
    rel == SECTION_FILE || rel.ends_with(&format!("/{SECTION_FILE}"))
}

fn parent_folder(rel: &str) -> Option<&str> {
    rel.rfind('/').map(|i| &rel[..i]).or(if rel.is_empty() { None } else { Some("") })
}

#[cfg(test)]
mod tests;
