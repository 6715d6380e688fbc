//! Assembly: the page tree of every language built from parsed sources,
//! with URLs, order and the checks that need the whole tree (clashing URLs,
//! file names differing only in case, a draft home page).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::{
    Content, FrontMatter, LoadOptions, Page, PageId, PageKind, SECTION_FILE, Source, is_section_file, parent_folder,
    placeholders, source_key, unknown_extra, versions,
};
use crate::config::Config;
use crate::error::{Diagnostic, Result};
use crate::text::{slugify, title_from_name};

/// Builds the page tree; a struct only to share settings between steps.
pub(super) struct Assembler<'c> {
    config: &'c Config,
    options: LoadOptions,
    errors: Vec<Diagnostic>,
}

impl<'c> Assembler<'c> {
    pub(super) fn new(config: &'c Config, options: LoadOptions) -> Self {
        Assembler { config, options, errors: Vec::new() }
    }

    pub(super) fn run(mut self, all: &[Arc<Source>]) -> Result<Content, Vec<Diagnostic>> {
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
                    front_matter_format: None,
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
