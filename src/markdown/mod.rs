//! Markdown to HTML with comrak, plus everything later stages need to know
//! about a page's body: its headings (ids and table of contents), its links
//! (for link and anchor checks), its images, and its plain text split into
//! sections at headings (for search).
//!
//! Rendering a page needs nothing from templates or the site: the caller
//! passes in how to resolve `.md` links and `{{ extra.key }}` placeholders.

mod alerts;
mod clauses;
mod format;
mod headings;
mod links;
mod plain;
mod raw_html;

use std::path::Path;

use comrak::nodes::NodeValue;
use comrak::{Arena, Options, parse_document};

use crate::config::MarkdownConfig;
use crate::content::PageId;
use crate::error::Diagnostic;
use crate::highlight::Highlighter;

pub(crate) use clauses::{Clause, clause_id, leading_number};
pub(crate) use headings::{Heading, TocEntry, toc_tree};
pub(crate) use links::{Link, LinkKind};
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
    /// The URL path below the base path of the folder that holds the
    /// page's file (`docs/intro/` for `docs/intro/setup.md`), against which
    /// relative links to files resolve, as mdBook and Docusaurus resolve them.
    pub page_path: &'a str,
    /// True on a policy page: numbered articles and sub-clauses get clause
    /// ids (`art-5`, `art-5.2`) and are listed in `Rendered::clauses`.
    pub policy: bool,
    /// Put before every heading id and same-page anchor; empty except when
    /// several pages are combined into one document (the print page).
    pub id_prefix: &'a str,
    /// The accessible label for heading anchor links ("Link to this section").
    pub anchor_label: &'a str,
    /// The titles of GitHub-style alerts in the page's language, in the order
    /// note, tip, important, warning, caution.
    pub alert_titles: [&'a str; 5],
    /// The accessible names of task-list checkboxes in the page's language:
    /// done, not done.
    pub task_labels: [&'a str; 2],
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
    pub(crate) links: Vec<Link>,
    /// The plain text, split at headings; the first is the text before
    /// any heading (possibly empty).
    pub sections: Vec<TextSection>,
    /// Problems found while rendering (broken links, unknown placeholders).
    pub diagnostics: Vec<Diagnostic>,
    /// The ids that raw HTML in the body gives the page (`<a id="x">`).
    pub(crate) html_ids: Vec<String>,
    /// A policy page's articles and sub-clauses, in order (empty elsewhere).
    pub(crate) clauses: Vec<Clause>,
    /// The number of words in the body.
    pub words: usize,
}

impl Rendered {
    /// True if `id` is an anchor on this page: a heading, a footnote, or an
    /// id written in raw HTML.
    pub(crate) fn has_anchor(&self, id: &str) -> bool {
        self.headings.iter().any(|h| h.id == id)
            || is_footnote_anchor(id, &self.html)
            || self.html_ids.iter().any(|i| i == id)
            || self.clauses.iter().any(|c| c.id == id)
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
        alerts::mark(root);
        let mut out = Rendered::default();
        let line = |l: usize| l + input.first_line - 1;

        let mut omitted = OmittedHtml::default();
        for node in root.descendants() {
            let (sourcepos, is_text, is_link, raw, is_top_paragraph) = {
                let data = node.data();
                let raw = match &data.value {
                    NodeValue::HtmlBlock(block) => Some(block.literal.clone()),
                    NodeValue::HtmlInline(html) => Some(html.to_string()),
                    _ => None,
                };
                let is_top_paragraph = matches!(data.value, NodeValue::Paragraph)
                    && node.parent().is_some_and(|p| matches!(p.data().value, NodeValue::Document));
                (
                    data.sourcepos,
                    matches!(data.value, NodeValue::Text(_)),
                    matches!(data.value, NodeValue::Link(_) | NodeValue::Image(_)),
                    raw,
                    is_top_paragraph,
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
            } else if let Some(raw) = raw {
                if self.raw_html {
                    out.html_ids.extend(raw_html::ids(&raw));
                } else if let Some(tag) = raw_html::first_tag(&raw) {
                    omitted.note(block_start(node), (l, c), tag);
                }
            } else if is_top_paragraph {
                let first = sourcepos.start.line.checked_sub(1).and_then(|i| input.body.lines().nth(i));
                if first.is_some_and(is_mdx_statement) {
                    out.diagnostics.push(
                        Diagnostic::warning(
                            "mdx",
                            input.file,
                            "this line looks like an MDX `import`/`export`; beleid does not run MDX, so it would be published as text",
                        )
                        .at(l, c)
                        .hint("remove the line, and write what the component showed in Markdown (or raw HTML)"),
                    );
                }
            }
        }
        omitted.report(input.file, &mut out.diagnostics);

        out.headings = headings::assign_ids(root, input, &mut out.diagnostics);
        out.sections = plain::sections(root, &out.headings);
        out.words = out.sections.iter().map(TextSection::word_count).sum();
        let found = match input.policy {
            true => clauses::find(root, &out.headings, input, &mut out.diagnostics),
            false => clauses::Found::default(),
        };
        let state = format::State::new(&out.headings, input, self.highlighter).with_paragraph_ids(&found.paragraph_ids);
        let mut html = String::with_capacity(input.body.len() * 3 / 2);
        let state = match format::Formatter::format_document(root, &self.options, &mut html, state) {
            Ok(state) => Some(state),
            Err(_) => {
                out.diagnostics.push(Diagnostic::error("markdown", input.file, "the page could not be rendered"));
                None
            }
        };
        if let Some(state) = state {
            out.clauses = found.clauses;
            if self.clause_html(&mut out.clauses, &found.blocks, state, input.first_line).is_err() {
                out.diagnostics.push(Diagnostic::error("markdown", input.file, "the page could not be rendered"));
            }
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

impl Renderer {
    /// Renders each clause's blocks on their own, for exports and
    /// comparisons; the same HTML as on the page.
    fn clause_html<'a>(
        &self,
        clauses: &mut [Clause],
        blocks: &[Vec<&'a comrak::nodes::AstNode<'a>>],
        mut state: format::State,
        first_line: usize,
    ) -> std::fmt::Result {
        for (clause, blocks) in clauses.iter_mut().zip(blocks) {
            for block in blocks {
                let (line, column) = block_start(block);
                state.seek(line + first_line - 1, column);
                state = format::Formatter::format_document(block, &self.options, &mut clause.html, state)?;
            }
        }
        Ok(())
    }
}

/// Where the block holding `node` starts: raw HTML is reported once per
/// block, not once per tag.
fn block_start(node: &comrak::nodes::AstNode<'_>) -> (usize, usize) {
    let mut block = node;
    while !block.data().value.block() {
        match block.parent() {
            Some(parent) => block = parent,
            None => break,
        }
    }
    let start = block.data().sourcepos.start;
    (start.line, start.column)
}

/// Raw HTML left out of the page because `raw_html` is off, gathered per
/// block so that a paragraph full of tags gets one warning naming them.
#[derive(Default)]
struct OmittedHtml {
    blocks: Vec<OmittedBlock>,
}

/// Where a block starts (its key), where its first tag is, and its tags.
type OmittedBlock = ((usize, usize), (usize, usize), Vec<String>);

impl OmittedHtml {
    fn note(&mut self, block: (usize, usize), at: (usize, usize), tag: String) {
        match self.blocks.last_mut() {
            Some((b, _, tags)) if *b == block => {
                if !tags.contains(&tag) {
                    tags.push(tag);
                }
            }
            _ => self.blocks.push((block, at, vec![tag])),
        }
    }

    fn report(self, file: &Path, diagnostics: &mut Vec<Diagnostic>) {
        for (_, (line, column), tags) in self.blocks {
            let named: Vec<String> = tags.iter().map(|t| format!("`<{t}>`")).collect();
            diagnostics.push(
                Diagnostic::warning(
                    "raw-html",
                    file,
                    format!("raw HTML is turned off, so {} was left out of the page", named.join(", ")),
                )
                .at(line, column)
                .hint("write it in Markdown, or set `raw_html = true` under [markdown] if you trust every author"),
            );
        }
    }
}

/// True for an MDX line such as `import Tabs from '@theme/Tabs';` or
/// `export const x = 1;`, which Markdown would publish as text.
fn is_mdx_statement(line: &str) -> bool {
    let line = line.trim();
    if let Some(rest) = line.strip_prefix("import ") {
        let rest = rest.trim_start();
        return rest.starts_with(['\'', '"'])
            || (rest.contains(" from ") && rest.trim_end_matches(';').ends_with(['\'', '"']));
    }
    ["export const ", "export default ", "export function ", "export let "].iter().any(|p| line.starts_with(p))
}

#[cfg(test)]
mod tests;
