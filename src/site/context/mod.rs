//! What templates see: `site`, `lang`, `nav`, `t` (shared by every page of a
//! language, built once: [`language`]) and `page` (built per page, here).
//! The sidebar is in [`navigation`], the language switcher and `hreflang`
//! alternates in [`translations`].

mod language;
mod navigation;
pub(super) mod translations;

use std::collections::BTreeMap;

use minijinja::Value;
use serde::Serialize;

use super::Inputs;
use super::versions::Which;
use crate::content::{PageId, PageKind};
use crate::date::Date;
use crate::markdown::{Rendered, TocEntry, toc_tree};
use crate::templates::to_value;

pub(crate) use language::{lang_prefix, language_value, print_path};
pub(crate) use navigation::Navigation;
use translations::{Alternate, Counterparts, Target, TranslationCtx};

/// A link to a page: its title and URL.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LinkCtx {
    /// The page title.
    pub(crate) title: String,
    /// Its root-relative URL.
    pub(crate) url: String,
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
pub(crate) struct Shown<'a> {
    /// The rendered body (headings for the table of contents, words).
    pub(crate) rendered: &'a Rendered,
    /// The HTML body, when the caller hands it over; else copied from `rendered`.
    pub(crate) body: Option<String>,
    /// For a policy's version page, which version.
    pub(crate) version: Option<Which<'a>>,
    /// True for the version's "what changed" page.
    pub(crate) changes: bool,
}

fn link(inputs: &Inputs, id: PageId) -> LinkCtx {
    let page = inputs.content.page(id);
    LinkCtx { title: page.title.clone(), url: inputs.urls.url(&page.path) }
}

/// Reading-order neighbours of each page, by page id.
pub(crate) type Neighbours = BTreeMap<PageId, (Option<PageId>, Option<PageId>)>;

/// Computes previous/next for every page of every language.
pub(crate) fn neighbours(inputs: &Inputs) -> Neighbours {
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
pub(crate) fn page_value(
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
    // On a version's page, the same version in the other language.
    let shown_version = version.and_then(|w| w.version(inputs, id));
    let translations = translations::switcher(inputs, page.lang(), &mut |code| {
        let &t = translations_of.get(code)?;
        let version_url = shown_version.and_then(|v| match changes {
            true => super::versions::url_of_changes(inputs, t, v),
            false => super::versions::url_of_version(inputs, t, v),
        });
        let target = content.page(t);
        Some(Target { url: version_url.unwrap_or_else(|| urls.url(&target.path)), title: Some(target.title.clone()) })
    });
    let alternates = Counterparts::of_page(inputs, id).alternates(inputs);
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
pub(crate) fn generated_page_value(
    inputs: &Inputs,
    lang: &str,
    kind: &str,
    title: String,
    path: &str,
    counterpart: &dyn Fn(&str) -> Option<String>,
) -> Value {
    let urls = &inputs.urls;
    let content = &inputs.content;
    let counterparts = Counterparts::of_generated(inputs, lang, path, counterpart);
    let translations = translations::switcher(inputs, lang, &mut |code| {
        let (_, path) = counterparts.iter().find(|&(c, _)| c == code)?;
        Some(Target { url: urls.url(path?), title: None })
    });
    let alternates = counterparts.alternates(inputs);
    let ctx = PageCtx {
        kind,
        title,
        url: urls.url(path),
        permalink: urls.permalink(path),
        translations,
        alternates,
        breadcrumbs: vec![link(inputs, content.home(lang))],
        nav: navigation::visible_nav(inputs, navigation::View::home(inputs, lang)),
        ..PageCtx::default()
    };
    minijinja::context! { content => Value::from_safe_string(String::new()), ..to_value(ctx) }
}
