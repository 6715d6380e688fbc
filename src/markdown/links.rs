//! Links and images: `{{ extra.key }}` in URLs, `.md` targets rewritten to the
//! target page's URL, root-relative paths given the site's base path, and
//! every link recorded for the link and anchor checks.

use comrak::nodes::{AstNode, NodeValue};

use super::{Input, Rendered};
use crate::content::PageId;
use crate::error::Diagnostic;
pub use crate::urls::percent_decode;

/// What a link points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkKind {
    /// Another page (or this one, through its file), maybe at an anchor.
    Page {
        /// The target page.
        page: PageId,
        /// The `#anchor`, if any.
        anchor: Option<String>,
    },
    /// `#anchor` on the same page.
    Anchor(String),
    /// A file in the output, by its path below the base path (`files/a.pdf`).
    File(String),
    /// Anything with a scheme (`https:`, `mailto:`), or protocol-relative.
    External,
    /// A `.md` target that is not a page; already reported.
    Broken,
}

/// A link or image in a page body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// What it points at.
    pub kind: LinkKind,
    /// The destination as written (after placeholders).
    pub url: String,
    /// The link text, or an image's alt text.
    pub text: String,
    /// True for images.
    pub image: bool,
    /// Position in the file (1-based).
    pub line: usize,
    /// Column in the file (1-based).
    pub column: usize,
}

/// Handles one Link or Image node.
pub(super) fn process<'a>(
    node: &'a AstNode<'a>,
    input: &Input<'_>,
    (line, column): (usize, usize),
    out: &mut Rendered,
) {
    let text = text_of(node);
    let mut data = node.data_mut();
    let image = matches!(data.value, NodeValue::Image(_));
    let (NodeValue::Link(link) | NodeValue::Image(link)) = &mut data.value else {
        return;
    };
    let written = match crate::content::placeholders::substitute(&link.url, input.extra) {
        Ok(url) => url.into_owned(),
        Err(p) => {
            out.diagnostics.push(crate::content::unknown_extra(input.file, p.key).at(line, column));
            link.url.clone()
        }
    };
    if is_dangerous(&written) {
        out.diagnostics.push(
            Diagnostic::warning("unsafe-link", input.file, "a link with a script or data address was removed")
                .at(line, column)
                .hint("link to an http(s) address, a page's .md file or a file in static/"),
        );
        link.url = String::new();
        out.links.push(Link { kind: LinkKind::External, url: String::new(), text, image, line, column });
        return;
    }
    let (kind, href) = classify(&written, input);
    if kind == LinkKind::Broken {
        let target = written.split('#').next().unwrap_or(&written);
        out.diagnostics.push(
            Diagnostic::error("broken-link", input.file, format!("the link to {target} leads to no page"))
                .at(line, column)
                .hint("link to an existing .md file, relative to this file (such as ../faq.md)"),
        );
    }
    link.url = href;
    out.links.push(Link { kind, url: written, text, image, line, column });
}

/// The text of a link or image, for the checks: at most this many
/// characters, found within this many nodes. Collecting all text of every
/// link would take quadratic time for links nested inside links.
const TEXT_CHARS: usize = 256;
const TEXT_NODES: usize = 512;

fn text_of<'a>(node: &'a AstNode<'a>) -> String {
    let mut text = String::new();
    let mut stack = vec![node];
    let mut visited = 0;
    while let Some(n) = stack.pop() {
        visited += 1;
        if visited > TEXT_NODES || text.len() >= TEXT_CHARS {
            break;
        }
        match &n.data().value {
            NodeValue::Text(t) => text.push_str(t),
            NodeValue::Code(c) => text.push_str(&c.literal),
            NodeValue::LineBreak | NodeValue::SoftBreak => text.push(' '),
            _ => stack.extend(n.reverse_children()),
        }
    }
    if text.len() > TEXT_CHARS {
        let mut cut = TEXT_CHARS;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    text
}

/// Works out what a destination points at and the URL to write in the HTML.
pub(super) fn classify(url: &str, input: &Input<'_>) -> (LinkKind, String) {
    if let Some(anchor) = url.strip_prefix('#') {
        return (LinkKind::Anchor(percent_decode(anchor)), format!("#{}{anchor}", input.id_prefix));
    }
    if url.is_empty() || has_scheme(url) || url.starts_with("//") {
        return (LinkKind::External, url.to_string());
    }
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (url, None),
    };
    let (path, query) = match before_fragment.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (before_fragment, None),
    };
    let decoded = percent_decode(path);
    let suffix = format!(
        "{}{}",
        query.map(|q| format!("?{q}")).unwrap_or_default(),
        fragment.map(|f| format!("#{f}")).unwrap_or_default()
    );
    if decoded.ends_with(".md") {
        return match (input.resolve)(&decoded) {
            Some((page, path)) => {
                let anchor = fragment.filter(|f| !f.is_empty()).map(percent_decode);
                (LinkKind::Page { page, anchor }, format!("{}{path}{suffix}", input.base_path))
            }
            None => (LinkKind::Broken, url.to_string()),
        };
    }
    match decoded.strip_prefix('/') {
        Some(site_path) => (
            LinkKind::File(site_path.to_string()),
            format!("{}{}{suffix}", input.base_path, path.trim_start_matches('/')),
        ),
        // A relative file link resolves against the folder of the page's
        // file (an image beside it), and is written as a path from the site
        // root so it works from the page's URL and its versions' URLs.
        None => {
            let site_path = join_path(input.page_path, &decoded);
            let href = format!("{}{}{suffix}", input.base_path, encode_path(&site_path));
            (LinkKind::File(site_path), href)
        }
    }
}

/// A site path as it goes in an `href`: each character that is not safe
/// in a URL path percent-encoded, `/` kept.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Resolves a relative path against a folder path as a browser would.
fn join_path(base: &str, relative: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    let segments: Vec<&str> = relative.split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." => {}
            ".." => {
                parts.pop();
            }
            "" if i + 1 < segments.len() => {}
            other => parts.push(other),
        }
    }
    let mut joined = parts.join("/");
    if relative.ends_with('/') && !joined.is_empty() {
        joined.push('/');
    }
    joined
}

/// True if a destination would run code or embed a document when followed,
/// however its scheme is disguised (case, entities already decoded by the
/// parser, control characters, percent-encoding).
pub fn is_dangerous(url: &str) -> bool {
    let decoded = percent_decode(url);
    let cleaned: String = decoded
        .chars()
        .filter(|c| !c.is_ascii_control() && !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let image_data = ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"];
    ["javascript:", "vbscript:", "file:", "data:"].iter().any(|s| cleaned.starts_with(s))
        && !image_data.iter().any(|s| cleaned.starts_with(s))
}

fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    let mut bytes = scheme.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}
