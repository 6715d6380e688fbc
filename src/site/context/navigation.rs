//! The sidebar: which entries each page shows, computed and rendered once
//! per open section rather than once per page.

use std::collections::{BTreeMap, HashMap, HashSet};

use minijinja::Value;
use serde::Serialize;

use super::super::Inputs;
use crate::content::{PageId, PageKind};
use crate::templates::to_value;

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
    by_section: HashMap<PageId, Value>,
    /// `sidebar.html` rendered per open section, if the theme has one.
    sidebars: HashMap<PageId, String>,
}

impl Navigation {
    /// Computes the navigation for every section and home page.
    pub fn new(inputs: &Inputs) -> Navigation {
        use rayon::prelude::*;
        let sections: Vec<PageId> = (0..inputs.content.pages.len())
            .filter(|&id| !inputs.content.page(id).children.is_empty() || inputs.content.page(id).parent.is_none())
            .collect();
        let by_section = sections.into_par_iter().map(|id| (id, visible_nav(inputs, id))).collect();
        Navigation { by_section, sidebars: HashMap::new() }
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
pub(super) fn visible_nav(inputs: &Inputs, open: PageId) -> Value {
    let content = &inputs.content;
    let mut expanded: HashSet<PageId> = content.ancestors(open).into_iter().collect();
    expanded.insert(open);
    let home = content.page(open).lang();
    let mut entries = Vec::new();
    fn walk(inputs: &Inputs, ids: &[PageId], depth: usize, expanded: &HashSet<PageId>, entries: &mut Vec<NavEntry>) {
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
