//! Content: the Markdown files under `content/<lang>/`, their front matter,
//! and the tree of sections and pages they form in each language.
//!
//! Loading happens in two steps so the dev server can redo only what changed:
//! [`parse_file`] reads one file into a [`Source`], and [`Content::assemble`]
//! builds the whole model (sections, URLs, order, translations) from parsed
//! sources, which is cheap. `Content::load_sources` does the first step for
//! every file of a site.

mod assemble;
pub(crate) mod front_matter;
pub(crate) mod placeholders;
mod scan;
mod status;
pub(crate) mod versions;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use assemble::Assembler;

pub(crate) use front_matter::{FrontMatter, PolicyMeta};
pub(crate) use scan::{FoundFile, is_ignored_name, scan};
pub(crate) use status::Status;

/// The index of a page in [`Content::pages`].
pub type PageId = usize;

/// The name of a section's own page.
pub(crate) const SECTION_FILE: &str = "_index.md";

/// One parsed Markdown file.
#[derive(Debug, Clone)]
pub struct Source {
    /// The language folder it is in.
    pub(crate) lang: String,
    /// Its path inside the language folder, with `/` separators
    /// (`beleid/voorbeeldbeleid.md`). Translations share this path.
    pub(crate) rel: String,
    /// Its path as shown to the user, relative to the site root
    /// (`content/nl/beleid/voorbeeldbeleid.md`).
    pub(crate) file: PathBuf,
    /// The parsed front matter.
    pub meta: FrontMatter,
    /// The front matter as written, to locate keys in diagnostics.
    pub(crate) front_matter: String,
    /// The syntax of `front_matter`; `None` when the file has none.
    pub(crate) front_matter_format: Option<front_matter::Format>,
    /// The Markdown body.
    pub body: String,
    /// The 1-based line of the file on which the body starts.
    pub body_line: usize,
}

impl Source {
    /// The 1-based (line, column) where front matter `key` is set, or the
    /// top of the file.
    pub fn key_position(&self, key: &str) -> (usize, usize) {
        self.front_matter_format
            .and_then(|format| front_matter::key_position(format, &self.front_matter, key))
            .unwrap_or((1, 1))
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
    pub(crate) source: Arc<Source>,
    /// Home, section or page.
    pub kind: PageKind,
    /// The title as plain text, placeholders replaced and inline Markdown
    /// (`` `code` ``, `*em*`) taken out: for `<title>`, feeds and search.
    pub(crate) title: String,
    /// The title as HTML, inline Markdown rendered: for headings and links.
    pub(crate) title_html: String,
    /// The description, with placeholders replaced (may be empty).
    pub(crate) description: String,
    /// The page's URL path below the site's base path, with a trailing `/`
    /// (`beleid/voorbeeldbeleid/`; the default language's home is ``).
    pub path: String,
    /// The section this page is in (none for a home page).
    pub(crate) parent: Option<PageId>,
    /// For sections: the pages and subsections in it, in order.
    pub(crate) children: Vec<PageId>,
    /// False for a section that has no `_index.md`.
    pub(crate) on_disk: bool,
}

impl Page {
    /// The page's language code.
    pub(crate) fn lang(&self) -> &str {
        &self.source.lang
    }

    /// The translation key shared by a page and its translations.
    pub(crate) fn rel(&self) -> &str {
        &self.source.rel
    }

    /// The path of the output file (`beleid/voorbeeldbeleid/index.html`).
    pub(crate) fn output_file(&self) -> String {
        format!("{}index.html", self.path)
    }

    /// True for policy pages (front matter has a `[policy]` table).
    pub(crate) fn is_policy(&self) -> bool {
        self.source.meta.policy.is_some()
    }

    /// True for a policy shown as a sample (`[extra] sample = true`): it is
    /// in force for nobody, so it stays out of the all-policies print page.
    pub(crate) fn is_sample(&self) -> bool {
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
    /// Each language's home page; see `Content::home`.
    pub homes: BTreeMap<String, PageId>,
    /// `lang/rel` → page, for resolving links.
    by_source: HashMap<String, PageId>,
    /// rel → lang → page.
    translations: BTreeMap<String, BTreeMap<String, PageId>>,
    /// Earlier versions of policy pages, by page, oldest first.
    pub(crate) versions: Vec<versions::Version>,
    /// Files next to pages that are not Markdown, published beside them.
    pub(crate) assets: Vec<FoundFile>,
}

impl Content {
    /// Scans and parses every content file, drafts included; returns them and
    /// the files beside them that are not Markdown.
    pub(crate) fn load_sources(
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
    pub(crate) fn home(&self, lang: &str) -> PageId {
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
    pub(crate) fn resolve_link(&self, from: PageId, target: &str) -> Option<PageId> {
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
    pub(crate) fn translation_groups(&self) -> &BTreeMap<String, BTreeMap<String, PageId>> {
        &self.translations
    }

    /// A language's pages in reading order: home first, then depth first.
    pub(crate) fn reading_order(&self, lang: &str) -> Vec<PageId> {
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
    pub(crate) fn ancestors(&self, id: PageId) -> Vec<PageId> {
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
    pub(crate) fn release_bodies(&mut self, keep: impl Fn(&Page) -> bool) {
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
    let (meta, fm_text, front_matter_format) = match split.front_matter {
        Some((format, fm)) => (front_matter::parse(format, fm, &file)?, fm.to_string(), Some(format)),
        None => (FrontMatter::default(), String::new(), None),
    };
    Ok(Source {
        lang: lang.to_string(),
        rel: rel.to_string(),
        file,
        meta,
        front_matter: fm_text,
        front_matter_format,
        body: split.body.to_string(),
        body_line: split.body_line,
    })
}

/// The diagnostic for a `{{ extra.key }}` placeholder with no such key.
pub(crate) fn unknown_extra(file: &Path, key: &str) -> Diagnostic {
    Diagnostic::error("unknown-extra", file, format!("`{{{{ extra.{key} }}}}` has no value in beleid.toml"))
        .hint(format!("add `{key} = \"...\"` under [extra] in beleid.toml, or fix the name"))
}

/// True for a section's own file (`_index.md` in any folder).
pub(crate) fn is_section_file(rel: &str) -> bool {
    rel == SECTION_FILE || rel.ends_with(&format!("/{SECTION_FILE}"))
}

fn parent_folder(rel: &str) -> Option<&str> {
    rel.rfind('/').map(|i| &rel[..i]).or(if rel.is_empty() { None } else { Some("") })
}

#[cfg(test)]
mod tests;
