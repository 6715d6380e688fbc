//! Markdown to HTML with comrak, plus everything later stages need to know
//! about a page's body: its headings (ids and table of contents), its links
//! (for link and anchor checks), its images, and its plain text split into
//! sections at headings (for search).
//!
//! Rendering a page needs nothing from templates or the site: the caller
//! passes in how to resolve `.md` links and `{{ extra.key }}` placeholders.

mod format;
mod headings;
mod links;
mod plain;

use std::path::Path;

use comrak::nodes::NodeValue;
use comrak::{Arena, Options, parse_document};

use crate::config::MarkdownConfig;
use crate::content::PageId;
use crate::error::Diagnostic;
use crate::highlight::Highlighter;

pub use headings::{Heading, TocEntry, toc_tree};
pub use links::{Link, LinkKind};
pub use plain::TextSection;

/// How to render; made once per build from `[markdown]`.
#[derive(Debug)]
pub struct Renderer {
    options: Options<'static>,
    highlighter: Option<&'static Highlighter>,
    raw_html: bool,
}

/// One page's body and what the renderer needs to know about its place.
pub struct Input<'a> {
    /// The Markdown text.
    pub body: &'a str,
    /// The file, for diagnostics.
    pub file: &'a Path,
    /// The line of the file on which `body` starts (1-based).
    pub first_line: usize,
    /// The site's base path (`/` or `/beleid/`), prefixed to root-relative links.
    pub base_path: &'a str,
    /// The page's own URL path below the base path (`beleid/faq/`), against
    /// which relative links to files resolve.
    pub page_path: &'a str,
    /// Put before every heading id and same-page anchor; empty except when
    /// several pages are combined into one document (the print page).
    pub id_prefix: &'a str,
    /// The accessible label for heading anchor links ("Link to this section").
    pub anchor_label: &'a str,
    /// Looks up `[extra]` values for `{{ extra.key }}`.
    pub extra: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// Resolves a link to a Markdown file (the path as written, without
    /// `#anchor`) to the target page and its URL path below the base path.
    pub resolve: &'a (dyn Fn(&str) -> Option<(PageId, String)> + Sync),
}

/// The result of rendering one page's body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The body as HTML.
    pub html: String,
    /// Every heading, in order, with its id.
    pub headings: Vec<Heading>,
    /// Every link and image, in order.
    pub links: Vec<Link>,
    /// The plain text, split at headings; the first is the text before
    /// any heading (possibly empty).
    pub sections: Vec<TextSection>,
    /// Problems found while rendering (broken links, unknown placeholders).
    pub diagnostics: Vec<Diagnostic>,
    /// The number of words in the body.
    pub words: usize,
}

impl Rendered {
    /// True if `id` is an anchor on this page (a heading or a footnote).
    pub fn has_anchor(&self, id: &str) -> bool {
        self.headings.iter().any(|h| h.id == id) || is_footnote_anchor(id, &self.html)
    }
}

fn is_footnote_anchor(id: &str, html: &str) -> bool {
    (id.starts_with("fn-") || id.starts_with("fnref-")) && html.contains(&format!("id=\"{id}\""))
}

impl Renderer {
    /// A renderer for the given settings.
    pub fn new(config: &MarkdownConfig) -> Renderer {
        let mut options = Options::default();
        options.extension.strikethrough = true;
        options.extension.table = true;
        options.extension.autolink = true;
        options.extension.tasklist = true;
        options.extension.footnotes = true;
        options.parse.smart = config.smart_punctuation;
        options.render.r#unsafe = config.raw_html;
        options.render.tasklist_classes = true;
        Renderer { options, highlighter: config.highlight_code.then(Highlighter::shared), raw_html: config.raw_html }
    }

    /// Renders one page body.
    pub fn render(&self, input: &Input<'_>) -> Rendered {
        let arena = Arena::new();
        let body = crate::content::placeholders::tighten_in_link_destinations(input.body);
        let root = parse_document(&arena, &body, &self.options);
        let mut out = Rendered::default();
        let line = |l: usize| l + input.first_line - 1;

        for node in root.descendants() {
            let (sourcepos, is_text, is_link, is_raw) = {
                let data = node.data();
                let v = &data.value;
                (
                    data.sourcepos,
                    matches!(v, NodeValue::Text(_)),
                    matches!(v, NodeValue::Link(_) | NodeValue::Image(_)),
                    matches!(v, NodeValue::HtmlBlock(_) | NodeValue::HtmlInline(_)),
                )
            };
            let (l, c) = (line(sourcepos.start.line), sourcepos.start.column);
            if is_text {
                let mut data = node.data_mut();
                if let NodeValue::Text(text) = &mut data.value {
                    match crate::content::placeholders::substitute(text, input.extra) {
                        Ok(std::borrow::Cow::Owned(replaced)) => *text = replaced.into(),
                        Ok(std::borrow::Cow::Borrowed(_)) => {}
                        Err(p) => out.diagnostics.push(
                            crate::content::unknown_extra(input.file, p.key).at(l, c + text[..p.start].chars().count()),
                        ),
                    }
                }
            } else if is_link {
                links::process(node, input, (l, c), &mut out);
            } else if is_raw && !self.raw_html {
                out.diagnostics.push(
                    Diagnostic::warning(
                        "raw-html",
                        input.file,
                        "raw HTML is turned off, so this HTML was left out of the page",
                    )
                    .at(l, c)
                    .hint("write it in Markdown, or set `raw_html = true` under [markdown] if you trust every author"),
                );
            }
        }

        out.headings = headings::assign_ids(root, input, &mut out.diagnostics);
        out.sections = plain::sections(root, &out.headings);
        out.words = out.sections.iter().map(TextSection::word_count).sum();
        let state = format::State::new(&out.headings, input.id_prefix, input.anchor_label, self.highlighter);
        let mut html = String::with_capacity(input.body.len() * 3 / 2);
        if format::Formatter::format_document(root, &self.options, &mut html, state).is_err() {
            out.diagnostics.push(Diagnostic::error("markdown", input.file, "the page could not be rendered"));
        }
        // Every page's body is held until the whole site is written: give
        // back the room the buffers grew into.
        html.shrink_to_fit();
        out.html = html;
        for section in &mut out.sections {
            section.text.shrink_to_fit();
        }
        out
    }
}

#[cfg(test)]
mod tests;
