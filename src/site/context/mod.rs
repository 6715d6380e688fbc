//! What templates see: `site`, `lang`, `nav`, `t` (shared by every page of a
//! language, built once) and `page` (built per page).

use std::collections::BTreeMap;

use minijinja::Value;
use serde::Serialize;

use super::Inputs;
use super::versions::Which;
use crate::content::{PageId, PageKind};
use crate::date::Date;
use crate::markdown::{Rendered, TocEntry, toc_tree};
use crate::templates::to_value;

/// A link to a page: its title and URL.
#[derive(Debug, Clone, Serialize)]
pub struct LinkCtx {
    /// The page title.
    pub title: String,
    /// Its root-relative URL.
    pub url: String,
}

#[derive(Serialize)]
struct LanguageLink {
    code: String,
    name: String,
    url: String,
}

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: String,
    description: String,
    base_url: String,
    base_path: &'a str,
    default_language: &'a str,
    languages: Vec<LanguageLink>,
    search: bool,
    /// Whether fenced code is highlighted (and `highlight.css` published).
    highlight: bool,
    extra: BTreeMap<String, toml::Value>,
    generator: &'static str,
    /// `edit_url` from the config: a page's edit link is this and `page.source`.
    edit_url: Option<&'a str>,
}

#[derive(Serialize)]
struct LangCtx {
    code: String,
    name: String,
    locale: String,
    home_url: String,
    feed_url: Option<String>,
    print_url: Option<String>,
    search_url: Option<String>,
}

/// One visible entry of the sidebar navigation, in order. Nesting is given
/// as data so the theme needs no recursion: after an `open` entry its
/// children follow in a nested list, and after an entry `closes` nested
/// lists end.
#[derive(Serialize)]
struct NavEntry {
    title: String,
    /// The title with its inline Markdown rendered (escaped HTML).
    title_html: Value,
    url: String,
    kind: PageKind,
    depth: usize,
    has_children: bool,
    open: bool,
    closes: usize,
}

/// The visible sidebar navigation for every open section, computed once:
/// all pages in a section share it (only the current link differs, which
/// the template marks). Top-level entries are always visible; a section's
/// children are visible when the page is in it.
pub struct Navigation {
    by_section: std::collections::HashMap<PageId, Value>,
    /// `sidebar.html` rendered per open section, if the theme has one.
    sidebars: std::collections::HashMap<PageId, String>,
}

impl Navigation {
    /// Computes the navigation for every section and home page.
    pub fn new(inputs: &Inputs) -> Navigation {
        use rayon::prelude::*;
        let sections: Vec<PageId> = (0..inputs.content.pages.len())
            .filter(|&id| !inputs.content.page(id).children.is_empty() || inputs.content.page(id).parent.is_none())
            .collect();
        let by_section = sections.into_par_iter().map(|id| (id, visible_nav(inputs, id))).collect();
        Navigation { by_section, sidebars: std::collections::HashMap::new() }
    }

    /// Renders `sidebar.html` once for each open section, with the entries
    /// as `entries` and the page's language values (`site`, `lang`, `t`).
    /// Returns the first error, if rendering failed.
    pub fn render_sidebars(
        &mut self,
        inputs: &Inputs,
        templates: &crate::templates::Templates,
        languages: &BTreeMap<String, Value>,
    ) -> Option<crate::error::Diagnostic> {
        use rayon::prelude::*;
        if !templates.has("sidebar.html") {
            return None;
        }
        let mut rendered: Vec<(PageId, Result<String, crate::error::Diagnostic>)> = self
            .by_section
            .par_iter()
            .map(|(&id, entries)| {
                let lang = inputs.content.page(id).lang();
                // `languages` holds every configured language, and pages are in configured ones.
                let ctx = minijinja::context! { entries => entries.clone(), ..languages[lang].clone() };
                (id, templates.render("sidebar.html", &ctx))
            })
            .collect();
        rendered.sort_by_key(|(id, _)| *id);
        let mut error = None;
        for (id, html) in rendered {
            match html {
                Ok(html) => {
                    self.sidebars.insert(id, html);
                }
                Err(e) => error = error.or(Some(e)),
            }
        }
        error
    }

    /// The section whose navigation a page shows: its own if it has
    /// children, else its parent's.
    fn open_section(inputs: &Inputs, id: PageId) -> PageId {
        let page = inputs.content.page(id);
        if page.children.is_empty() { page.parent.unwrap_or(id) } else { id }
    }

    /// The navigation shown on a page.
    pub fn for_page(&self, inputs: &Inputs, id: PageId) -> Value {
        let open = Navigation::open_section(inputs, id);
        self.by_section.get(&open).cloned().unwrap_or_else(|| Value::from(Vec::<Value>::new()))
    }

    /// The rendered sidebar for a page at `url` showing the navigation of
    /// page `id`, with the link to `url` marked as the current page.
    /// Undefined when the theme has no `sidebar.html`.
    pub fn sidebar(&self, inputs: &Inputs, id: PageId, url: &str) -> Value {
        match self.sidebars.get(&Navigation::open_section(inputs, id)) {
            Some(html) => Value::from_safe_string(mark_current(html, url)),
            None => Value::UNDEFINED,
        }
    }

    /// The navigation of a language's home page (for generated pages).
    pub fn for_home(&self, inputs: &Inputs, lang: &str) -> Value {
        self.for_page(inputs, inputs.content.home(lang))
    }
}

/// Adds `aria-current="page"` to the first link in `html` whose `href` is
/// exactly `url`.
fn mark_current(html: &str, url: &str) -> String {
    let mut attribute = String::with_capacity(url.len() + 8);
    attribute.push_str("href=\"");
    crate::text::push_escaped(&mut attribute, url);
    attribute.push('"');
    let mut out = String::with_capacity(html.len() + 24);
    match html.find(&attribute) {
        Some(at) => {
            let end = at + attribute.len();
            out.push_str(&html[..end]);
            out.push_str(" aria-current=\"page\"");
            out.push_str(&html[end..]);
        }
        None => out.push_str(html),
    }
    out
}

/// The entries visible when `open` (and its ancestors) are expanded.
fn visible_nav(inputs: &Inputs, open: PageId) -> Value {
    let content = &inputs.content;
    let mut expanded: std::collections::HashSet<PageId> = content.ancestors(open).into_iter().collect();
    expanded.insert(open);
    let home = content.page(open).lang();
    let mut entries = Vec::new();
    fn walk(
        inputs: &Inputs,
        ids: &[PageId],
        depth: usize,
        expanded: &std::collections::HashSet<PageId>,
        entries: &mut Vec<NavEntry>,
    ) {
        for &id in ids {
            let page = inputs.content.page(id);
            let open = expanded.contains(&id) && !page.children.is_empty();
            entries.push(NavEntry {
                title: page.title.clone(),
                title_html: Value::from_safe_string(page.title_html.clone()),
                url: inputs.urls.url(&page.path),
                kind: page.kind,
                depth,
                has_children: !page.children.is_empty(),
                open,
                closes: 0,
            });
            if open {
                walk(inputs, &page.children, depth + 1, expanded, entries);
                if let Some(last) = entries.last_mut() {
                    last.closes += 1;
                }
            }
        }
    }
    walk(inputs, &content.page(content.home(home)).children, 1, &expanded, &mut entries);
    to_value(entries)
}

/// One entry of the navigation tree.
#[derive(Serialize)]
struct NavItem {
    title: String,
    url: String,
    kind: PageKind,
    children: Vec<NavItem>,
}

#[derive(Serialize)]
struct PolicyCtx {
    version: Option<String>,
    effective: Option<Date>,
    review: Option<Date>,
    owner: Option<String>,
    approved_by: Option<String>,
    approved: Option<Date>,
    note: Option<String>,
    /// The review date has passed.
    overdue: bool,
    /// `not-yet-in-force`, `in-force` or `review-overdue` on the build's day.
    status: &'static str,
    /// A sample (`[extra] sample = true`): in force for nobody.
    sample: bool,
    /// The URL of the page's `index.json`.
    json: String,
    /// The URL of the feed of its versions.
    feed: String,
    /// The schema.org JSON-LD for the page head, safe inside a script element.
    json_ld: Value,
}

#[derive(Serialize)]
struct TranslationCtx {
    code: String,
    name: String,
    url: String,
    title: Option<String>,
    /// False when the page has no translation in this language; `url` is
    /// then that language's home page.
    exists: bool,
    current: bool,
}

#[derive(Serialize)]
struct Alternate {
    hreflang: String,
    href: String,
}

#[derive(Serialize)]
struct ChildCtx {
    title: String,
    title_html: Value,
    url: String,
    description: String,
    kind: PageKind,
}

#[derive(Serialize, Default)]
struct PageCtx<'a> {
    kind: &'a str,
    title: String,
    /// The title with its inline Markdown rendered, for the heading.
    title_html: Value,
    description: String,
    url: String,
    permalink: String,
    toc: Vec<TocEntry>,
    date: Option<Date>,
    updated: Option<Date>,
    words: usize,
    reading_minutes: usize,
    policy: Option<PolicyCtx>,
    translations: Vec<TranslationCtx>,
    alternates: Vec<Alternate>,
    breadcrumbs: Vec<LinkCtx>,
    ancestor_urls: Vec<String>,
    prev: Option<LinkCtx>,
    next: Option<LinkCtx>,
    children: Vec<ChildCtx>,
    extra: BTreeMap<String, Value>,
    source: String,
    /// The sidebar entries visible on this page (see [`Navigation`]).
    nav: Value,
    /// A policy's versions, oldest first (the version table).
    versions: Vec<super::versions::Row>,
    /// On a version's own page: which version it is and whether it is in force.
    version: Option<super::versions::Notice>,
}

/// What a page shows: its rendered body (or a version's), the body's HTML
/// if the caller owns it, and which version of a policy it is, if any.
pub struct Shown<'a> {
    /// The rendered body (headings for the table of contents, words).
    pub rendered: &'a Rendered,
    /// The HTML body, when the caller hands it over; else copied from `rendered`.
    pub body: Option<String>,
    /// For a policy's version page, which version.
    pub version: Option<Which<'a>>,
    /// True for the version's "what changed" page.
    pub changes: bool,
}

/// The Open Graph locale for a language code.
pub fn locale(code: &str) -> String {
    match code {
        "nl" => "nl_NL".into(),
        "en" => "en_GB".into(),
        "de" => "de_DE".into(),
        "fr" => "fr_FR".into(),
        "fy" => "fy_NL".into(),
        other => other.replace('-', "_"),
    }
}

/// The URL of a language's print page, if it has policy pages.
pub fn print_path(inputs: &Inputs, lang: &str) -> Option<String> {
    let has_policies = inputs.content.language_pages(lang).any(|id| {
        let page = inputs.content.page(id);
        page.is_policy() && !page.is_sample()
    });
    has_policies.then(|| format!("{}print/", lang_prefix(inputs, lang)))
}

/// `""` or `en/`: where a language's pages live below the base path.
pub fn lang_prefix(inputs: &Inputs, lang: &str) -> String {
    let p = inputs.config.language_path(lang);
    if p.is_empty() { p } else { format!("{p}/") }
}

/// Builds the values shared by every page of a language.
pub fn language_value(inputs: &Inputs, lang: &str) -> Value {
    let config = &inputs.config;
    let urls = &inputs.urls;
    let languages = config
        .language_codes()
        .into_iter()
        .map(|code| LanguageLink {
            code: code.to_string(),
            name: config.language_name(code),
            url: urls.url(&inputs.content.page(inputs.content.home(code)).path),
        })
        .collect();
    let site = SiteCtx {
        title: config.language_title(lang),
        description: config.language_description(lang),
        base_url: urls.base_url(),
        base_path: &urls.base_path,
        default_language: &config.default_language,
        languages,
        search: config.search.enabled,
        highlight: config.markdown.highlight_code,
        extra: config.extra_for(lang),
        generator: concat!("beleid ", env!("CARGO_PKG_VERSION")),
        edit_url: config.edit_url.as_deref(),
    };
    let prefix = lang_prefix(inputs, lang);
    let lang_ctx = LangCtx {
        code: lang.to_string(),
        name: config.language_name(lang),
        locale: locale(lang),
        home_url: urls.url(&inputs.content.page(inputs.content.home(lang)).path),
        feed_url: inputs.has_feed(lang).then(|| urls.url(&format!("{prefix}atom.xml"))),
        print_url: print_path(inputs, lang).map(|p| urls.url(&p)),
        search_url: config.search.enabled.then(|| urls.url(&format!("search/{lang}/"))),
    };
    let home = inputs.content.home(lang);
    let nav: Vec<NavItem> = inputs.content.page(home).children.iter().map(|&c| nav_item(inputs, c)).collect();
    minijinja::context! {
        site => to_value(site),
        lang => to_value(lang_ctx),
        nav => to_value(nav),
        t => inputs.strings.value(lang),
    }
}

fn nav_item(inputs: &Inputs, id: PageId) -> NavItem {
    let page = inputs.content.page(id);
    NavItem {
        title: page.title.clone(),
        url: inputs.urls.url(&page.path),
        kind: page.kind,
        children: page.children.iter().map(|&c| nav_item(inputs, c)).collect(),
    }
}

fn link(inputs: &Inputs, id: PageId) -> LinkCtx {
    let page = inputs.content.page(id);
    LinkCtx { title: page.title.clone(), url: inputs.urls.url(&page.path) }
}

/// Reading-order neighbours of each page, by page id.
pub type Neighbours = BTreeMap<PageId, (Option<PageId>, Option<PageId>)>;

/// Computes previous/next for every page of every language.
pub fn neighbours(inputs: &Inputs) -> Neighbours {
    let mut map = BTreeMap::new();
    for lang in inputs.config.language_codes() {
        let order = inputs.content.reading_order(lang);
        for (i, &id) in order.iter().enumerate() {
            let prev = i.checked_sub(1).map(|j| order[j]);
            map.insert(id, (prev, order.get(i + 1).copied()));
        }
    }
    map
}

/// Builds the `page` value for one page.
///
/// `body` is the page's HTML body if the caller owns it (a build hands each
/// body over once, to free it when the page is written); else it is copied
/// from `rendered`.
pub fn page_value(
    inputs: &Inputs,
    id: PageId,
    shown: Shown<'_>,
    neighbours: &Neighbours,
    nav: Value,
    today: Date,
) -> Value {
    let Shown { rendered, body, version, changes } = shown;
    let content = &inputs.content;
    let page = content.page(id);
    // A policy's version page shows that version's text and front matter.
    let meta = match version {
        Some(Which::Archived(v)) => &v.source.meta,
        _ => &page.source.meta,
    };
    let urls = &inputs.urls;
    let config = &inputs.config;
    let translations_of = content.translations(id);
    let translations = config
        .language_codes()
        .into_iter()
        .map(|code| {
            let target = translations_of.get(code).copied();
            let url_id = target.unwrap_or(content.home(code));
            // On a version's page, the same version in the other language.
            let shown_version = version.and_then(|w| w.version(inputs, id));
            let version_url = target.zip(shown_version).and_then(|(t, v)| match changes {
                true => super::versions::url_of_changes(inputs, t, v),
                false => super::versions::url_of_version(inputs, t, v),
            });
            TranslationCtx {
                code: code.to_string(),
                name: config.language_name(code),
                url: version_url.unwrap_or_else(|| urls.url(&content.page(url_id).path)),
                title: target.map(|t| content.page(t).title.clone()),
                exists: target.is_some(),
                current: code == page.lang(),
            }
        })
        .collect();
    let mut alternates = Vec::new();
    if translations_of.len() > 1 {
        for code in config.language_codes() {
            if let Some(&t) = translations_of.get(code) {
                alternates.push(Alternate { hreflang: code.to_string(), href: urls.permalink(&content.page(t).path) });
            }
        }
        if let Some(&d) = translations_of.get(&config.default_language) {
            alternates.push(Alternate { hreflang: "x-default".into(), href: urls.permalink(&content.page(d).path) });
        }
    }
    let ancestors = content.ancestors(id);
    let (prev, next) = neighbours.get(&id).copied().unwrap_or((None, None));
    let ctx = PageCtx {
        kind: match page.kind {
            PageKind::Home => "home",
            PageKind::Section => "section",
            PageKind::Page => "page",
        },
        title: page.title.clone(),
        title_html: Value::from_safe_string(page.title_html.clone()),
        description: page.description.clone(),
        url: urls.url(&page.path),
        permalink: urls.permalink(&page.path),
        toc: toc_tree(&rendered.headings),
        date: meta.date,
        updated: meta.updated.or(meta.date),
        words: rendered.words,
        reading_minutes: rendered.words.div_ceil(200).max(1),
        policy: meta.policy.as_ref().map(|p| PolicyCtx {
            version: p.version.clone(),
            effective: p.effective,
            review: p.review,
            owner: p.owner.clone(),
            approved_by: p.approved_by.clone(),
            approved: p.approved,
            note: p.note.clone(),
            overdue: p.review.is_some_and(|r| r < today),
            status: p.status(today).as_str(),
            sample: page.is_sample(),
            json: urls.url(&super::policies::json_path(&page.path)),
            feed: urls.url(&super::version_feed::feed_path(inputs, id)),
            json_ld: match version {
                Some(Which::Archived(_)) => Value::from(""),
                _ => super::policies::record(inputs, id, rendered, today)
                    .map(|r| Value::from_safe_string(super::policies::json_ld(&r, &config.default_language)))
                    .unwrap_or_default(),
            },
        }),
        versions: if page.is_policy() { super::versions::rows(inputs, id, today) } else { Vec::new() },
        version: match version {
            Some(which) => super::versions::notice(inputs, id, which, today),
            // The page announces its text when that takes effect later, and
            // which version holds until then.
            None if page.is_policy() => super::versions::notice(inputs, id, Which::Current, today)
                .filter(|n| n.state == "scheduled" && n.previous_url.is_some()),
            None => None,
        },
        translations,
        alternates,
        breadcrumbs: ancestors.iter().map(|&a| link(inputs, a)).collect(),
        ancestor_urls: ancestors.iter().map(|&a| urls.url(&content.page(a).path)).collect(),
        prev: prev.map(|p| link(inputs, p)),
        next: next.map(|n| link(inputs, n)),
        children: page
            .children
            .iter()
            .map(|&c| {
                let child = content.page(c);
                ChildCtx {
                    title: child.title.clone(),
                    title_html: Value::from_safe_string(child.title_html.clone()),
                    url: urls.url(&child.path),
                    description: child.description.clone(),
                    kind: child.kind,
                }
            })
            .collect(),
        extra: meta.extra.clone(),
        source: page.source.file.to_string_lossy().replace('\\', "/"),
        nav,
    };
    minijinja::context! {
        content => Value::from_safe_string(body.unwrap_or_else(|| rendered.html.clone())),
        ..to_value(ctx)
    }
}

/// A `page` value for generated pages (404, print, search) that have no
/// source. `counterpart(code)` gives the path of the same generated page in
/// another language, if it has one; those become the page's translations
/// and `hreflang` alternates.
pub fn generated_page_value(
    inputs: &Inputs,
    lang: &str,
    kind: &str,
    title: String,
    path: &str,
    counterpart: &dyn Fn(&str) -> Option<String>,
) -> Value {
    let urls = &inputs.urls;
    let content = &inputs.content;
    let codes = inputs.config.language_codes();
    let paths: Vec<(&str, Option<String>)> = codes
        .iter()
        .map(|&code| (code, if code == lang { Some(path.to_string()) } else { counterpart(code) }))
        .collect();
    let translations = paths
        .iter()
        .map(|(code, target)| TranslationCtx {
            code: (*code).to_string(),
            name: inputs.config.language_name(code),
            url: urls.url(target.as_deref().unwrap_or(&content.page(content.home(code)).path)),
            title: None,
            exists: target.is_some(),
            current: *code == lang,
        })
        .collect();
    let mut alternates = Vec::new();
    if paths.iter().filter(|(_, p)| p.is_some()).count() > 1 {
        for (code, target) in &paths {
            if let Some(target) = target {
                alternates.push(Alternate { hreflang: (*code).to_string(), href: urls.permalink(target) });
            }
        }
        if let Some((_, Some(default))) = paths.iter().find(|(c, _)| *c == inputs.config.default_language) {
            alternates.push(Alternate { hreflang: "x-default".into(), href: urls.permalink(default) });
        }
    }
    let ctx = PageCtx {
        kind,
        title,
        url: urls.url(path),
        permalink: urls.permalink(path),
        translations,
        alternates,
        breadcrumbs: vec![link(inputs, content.home(lang))],
        nav: visible_nav(inputs, content.home(lang)),
        ..PageCtx::default()
    };
    minijinja::context! { content => Value::from_safe_string(String::new()), ..to_value(ctx) }
}

#[cfg(test)]
mod tests {
    use super::mark_current;

    #[test]
    fn only_the_exact_current_link_is_marked() {
        let html = r#"<a href="/a/">A</a><a href="/a/b/">B</a><a href="/a/b/?x=1&amp;y=2">C</a>"#;
        assert_eq!(
            mark_current(html, "/a/"),
            r#"<a href="/a/" aria-current="page">A</a><a href="/a/b/">B</a><a href="/a/b/?x=1&amp;y=2">C</a>"#
        );
        assert!(mark_current(html, "/a/b/?x=1&y=2").contains(r#"y=2" aria-current="page">C"#));
        assert_eq!(mark_current(html, "/elders/"), html);
    }
}
