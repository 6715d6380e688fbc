//! The sidebar: which entries each page shows, computed and rendered once
//! per [`View`] rather than once per page.
//!
//! What a page carries must not grow with the site: the sidebar shows the
//! branch that leads to the page (each ancestor among its siblings, and the
//! open section's children), other sections folded, and no level lists more
//! than [`MAX_ENTRIES_PER_LEVEL`] entries. A longer level is cut into chunks
//! of near-equal size; the page sees the chunk that holds it (or its
//! ancestor), with links to the parent page, which lists them all, for the
//! entries before and after.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use minijinja::Value;
use serde::Serialize;

use super::super::Inputs;
use crate::content::{PageId, PageKind};
use crate::templates::to_value;

/// The most entries one level of the sidebar lists (the "more" links aside).
pub(crate) const MAX_ENTRIES_PER_LEVEL: usize = 40;

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
    /// Set on the link standing for entries left out of a long level:
    /// `before` or `after` the listed ones. Its `url` and `title` are then
    /// the parent page's, which lists them all.
    #[serde(skip_serializing_if = "Option::is_none")]
    more: Option<&'static str>,
    /// How many entries the `more` link stands for (0 otherwise).
    count: usize,
}

/// Which sidebar a page shows: the section whose children are open (the
/// page's own if it has children, else its parent), and which chunk of
/// those children is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) struct View {
    open: PageId,
    chunk: usize,
}

impl View {
    /// The view of a language's home page, which generated pages show too.
    pub(super) fn home(inputs: &Inputs, lang: &str) -> View {
        View { open: inputs.content.home(lang), chunk: 0 }
    }

    /// The view of every page, by page id: a page with children opens its
    /// own, any other its parent's at the chunk that holds it.
    fn of_every_page(inputs: &Inputs) -> Vec<View> {
        let content = &inputs.content;
        let mut views: Vec<View> = (0..content.pages.len()).map(|id| View { open: id, chunk: 0 }).collect();
        for (parent, page) in content.pages.iter().enumerate() {
            let n = page.children.len();
            for chunk in 0..chunk_count(n) {
                let (start, end) = chunk_bounds(chunk, n);
                for &child in &page.children[start..end] {
                    if content.page(child).children.is_empty() {
                        views[child] = View { open: parent, chunk };
                    }
                }
            }
        }
        views
    }
}

/// How many chunks a level of `n` entries is cut into.
fn chunk_count(n: usize) -> usize {
    n.div_ceil(MAX_ENTRIES_PER_LEVEL).max(1)
}

/// The entries `start..end` of chunk `chunk` of a level of `n` entries:
/// chunks differ in size by one at most.
fn chunk_bounds(chunk: usize, n: usize) -> (usize, usize) {
    let k = chunk_count(n);
    let chunk = chunk.min(k - 1);
    (chunk * n / k, (chunk + 1) * n / k)
}

/// The chunk that holds entry `at` of a level of `n` entries.
fn chunk_of(at: usize, n: usize) -> usize {
    (0..chunk_count(n)).find(|&c| at < chunk_bounds(c, n).1).unwrap_or(0)
}

/// The visible sidebar navigation for every view, computed once: all pages
/// of a view share it (only the current link differs, which is marked
/// afterwards).
pub(crate) struct Navigation {
    /// The view of each page, by page id.
    views: Vec<View>,
    by_view: HashMap<View, Value>,
    /// `sidebar.html` rendered per view, if the theme has one.
    sidebars: HashMap<View, String>,
}

impl Navigation {
    /// Computes the navigation of every view some page shows.
    pub(crate) fn new(inputs: &Inputs) -> Navigation {
        use rayon::prelude::*;
        let views = View::of_every_page(inputs);
        let distinct: BTreeSet<View> = views.iter().copied().collect();
        let by_view = distinct.into_par_iter().map(|view| (view, visible_nav(inputs, view))).collect();
        Navigation { views, by_view, sidebars: HashMap::new() }
    }

    /// Renders `sidebar.html` once for each view, with the entries
    /// as `entries` and the page's language values (`site`, `lang`, `t`).
    /// Returns the first error, if rendering failed.
    pub(crate) fn render_sidebars(
        &mut self,
        inputs: &Inputs,
        templates: &crate::templates::Templates,
        languages: &BTreeMap<String, Value>,
    ) -> Option<crate::error::Diagnostic> {
        use rayon::prelude::*;
        if !templates.has("sidebar.html") {
            return None;
        }
        let mut rendered: Vec<(View, Result<String, crate::error::Diagnostic>)> = self
            .by_view
            .par_iter()
            .map(|(&view, entries)| {
                let lang = inputs.content.page(view.open).lang();
                // `languages` holds every configured language, and pages are in configured ones.
                let ctx = minijinja::context! { entries => entries.clone(), ..languages[lang].clone() };
                (view, templates.render("sidebar.html", &ctx))
            })
            .collect();
        // The first error in view order, whatever order the threads finished in.
        rendered.sort_by_key(|(view, _)| *view);
        let mut error = None;
        for (view, html) in rendered {
            match html {
                Ok(html) => {
                    self.sidebars.insert(view, html);
                }
                Err(e) => error = error.or(Some(e)),
            }
        }
        error
    }

    /// The navigation shown on a page.
    pub(crate) fn for_page(&self, id: PageId) -> Value {
        self.views
            .get(id)
            .and_then(|view| self.by_view.get(view))
            .cloned()
            .unwrap_or_else(|| Value::from(Vec::<Value>::new()))
    }

    /// The rendered sidebar for a page at `url` showing the navigation of
    /// page `id`, with the link to `url` marked as the current page.
    /// Undefined when the theme has no `sidebar.html`.
    pub(crate) fn sidebar(&self, id: PageId, url: &str) -> Value {
        match self.views.get(id).and_then(|view| self.sidebars.get(view)) {
            Some(html) => Value::from_safe_string(mark_current(html, url)),
            None => Value::UNDEFINED,
        }
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

/// The entries visible in `view`: each level from the top down to the open
/// section's children, folded except along the way to the open section.
pub(super) fn visible_nav(inputs: &Inputs, view: View) -> Value {
    let content = &inputs.content;
    // From the home page down to the open section.
    let mut path = content.ancestors(view.open);
    path.push(view.open);
    let mut entries = Vec::new();
    walk(inputs, &path, 1, view, &mut entries);
    to_value(entries)
}

/// Appends the visible entries of the children of `path[depth - 1]`, and
/// below the one that is `path[depth]`, its own.
fn walk(inputs: &Inputs, path: &[PageId], depth: usize, view: View, entries: &mut Vec<NavEntry>) {
    let content = &inputs.content;
    let parent = path[depth - 1];
    let ids = &content.page(parent).children;
    let next = path.get(depth).copied();
    let chunk = match next.and_then(|next| ids.iter().position(|&id| id == next)) {
        Some(at) => chunk_of(at, ids.len()),
        None if parent == view.open => view.chunk,
        None => 0,
    };
    let (start, end) = chunk_bounds(chunk, ids.len());
    if start > 0 {
        entries.push(more_link(inputs, parent, depth, "before", start));
    }
    for &id in &ids[start..end] {
        let page = content.page(id);
        let open = Some(id) == next && !page.children.is_empty();
        entries.push(NavEntry {
            title: page.title.clone(),
            title_html: Value::from_safe_string(page.title_html.clone()),
            url: inputs.urls.url(&page.path),
            kind: page.kind,
            depth,
            has_children: !page.children.is_empty(),
            open,
            closes: 0,
            more: None,
            count: 0,
        });
        if open {
            walk(inputs, path, depth + 1, view, entries);
            if let Some(last) = entries.last_mut() {
                last.closes += 1;
            }
        }
    }
    if end < ids.len() {
        entries.push(more_link(inputs, parent, depth, "after", ids.len() - end));
    }
}

/// The link standing for `count` entries of `parent`'s level left out
/// `before` or `after` the listed ones: it goes to `parent`, which lists them.
fn more_link(inputs: &Inputs, parent: PageId, depth: usize, side: &'static str, count: usize) -> NavEntry {
    let page = inputs.content.page(parent);
    NavEntry {
        title: page.title.clone(),
        title_html: Value::from_safe_string(page.title_html.clone()),
        url: inputs.urls.url(&page.path),
        kind: page.kind,
        depth,
        has_children: false,
        open: false,
        closes: 0,
        more: Some(side),
        count,
    }
}

#[cfg(test)]
mod tests {
    use super::{MAX_ENTRIES_PER_LEVEL, chunk_bounds, chunk_count, chunk_of, mark_current};

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

    #[test]
    fn a_level_is_cut_into_chunks_of_near_equal_size_that_cover_it() {
        let max = MAX_ENTRIES_PER_LEVEL;
        for n in [0, 1, max - 1, max, max + 1, 2 * max, 2 * max + 1, 1000, 1001] {
            let k = chunk_count(n);
            let sizes: Vec<usize> = (0..k).map(|c| chunk_bounds(c, n).1 - chunk_bounds(c, n).0).collect();
            assert_eq!(sizes.iter().sum::<usize>(), n, "{n} entries");
            assert!(sizes.iter().all(|&s| s <= max), "{n} entries: {sizes:?}");
            let (small, large) = (sizes.iter().min().copied(), sizes.iter().max().copied());
            assert!(large.unwrap_or(0) - small.unwrap_or(0) <= 1, "{n} entries: {sizes:?}");
            for at in 0..n {
                let (start, end) = chunk_bounds(chunk_of(at, n), n);
                assert!(start <= at && at < end, "entry {at} of {n} is in its chunk {start}..{end}");
            }
        }
        assert_eq!(chunk_count(max), 1, "a level that fits is not cut");
    }
}
