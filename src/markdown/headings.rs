//! Heading ids and the table of contents.
//!
//! A heading may choose its id with a trailing `{#id}` (removed from the
//! visible text); policy articles do this so `#art-5` survives rewording and
//! is the same in every language. Other headings get a slug of their text,
//! accents folded (`financiële` → `financiele`), made unique on the page.

use std::collections::BTreeSet;

use comrak::nodes::{AstNode, NodeValue};

use super::Input;
use crate::error::Diagnostic;
use crate::text::{is_safe_id, slugify};

/// A heading on a page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The id, unique on the page.
    pub id: String,
    /// The visible text.
    pub text: String,
    /// Position in the file (1-based).
    pub(crate) line: usize,
    /// Column in the file (1-based).
    pub(crate) column: usize,
}

/// One entry of a page's table of contents, with the headings below it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct TocEntry {
    /// 2 to 6.
    pub(crate) level: u8,
    /// The heading's id, for `#id` links.
    pub(crate) id: String,
    /// The heading's text.
    pub(crate) title: String,
    /// Lower-level headings that follow it.
    pub(crate) children: Vec<TocEntry>,
}

/// Nests the headings of level 2 and below into a tree (the page title is
/// the level-1 heading, so body `#` headings are left out).
pub(crate) fn toc_tree(headings: &[Heading]) -> Vec<TocEntry> {
    fn insert(entries: &mut Vec<TocEntry>, entry: TocEntry) {
        match entries.last_mut() {
            Some(last) if last.level < entry.level => insert(&mut last.children, entry),
            _ => entries.push(entry),
        }
    }
    let mut tree = Vec::new();
    for h in headings.iter().filter(|h| h.level >= 2) {
        insert(&mut tree, TocEntry { level: h.level, id: h.id.clone(), title: h.text.clone(), children: Vec::new() });
    }
    tree
}

/// Splits a trailing `{#id}` off heading text.
pub(super) fn split_explicit_id(text: &str) -> Option<(&str, &str)> {
    let trimmed = text.trim_end();
    let inner = trimmed.strip_suffix('}')?;
    let open = inner.rfind("{#")?;
    let id = &inner[open + 2..];
    if id.contains(['{', '}']) || id.chars().any(char::is_whitespace) {
        return None;
    }
    Some((&text[..open], id))
}

/// Finds every heading, strips explicit ids from the text, and gives each a
/// unique id.
pub(super) fn assign_ids<'a>(
    root: &'a AstNode<'a>,
    input: &Input<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Heading> {
    let mut found: Vec<(Heading, Option<String>)> = Vec::new();
    // Collect first: removing an emptied text node while walking the tree
    // would break the walk.
    let heading_nodes: Vec<_> =
        root.descendants().filter(|n| matches!(n.data().value, NodeValue::Heading(_))).collect();
    for node in heading_nodes {
        let (level, pos) = match &node.data().value {
            NodeValue::Heading(h) => (h.level, node.data().sourcepos.start),
            _ => continue,
        };
        let mut explicit = None;
        if let Some(last) = node.last_child() {
            let mut now_empty = false;
            if let NodeValue::Text(text) = &mut last.data_mut().value
                && let Some((before, id)) = split_explicit_id(text)
            {
                explicit = Some(id.to_string());
                let kept = before.trim_end().to_string();
                now_empty = kept.is_empty();
                *text = kept.into();
            }
            if now_empty {
                last.detach();
            }
        }
        let text = node.collect_text().trim().to_string();
        let heading =
            Heading { level, id: String::new(), text, line: pos.line + input.first_line - 1, column: pos.column };
        found.push((heading, explicit));
    }

    let mut used = BTreeSet::new();
    for (heading, explicit) in &found {
        let Some(id) = explicit else { continue };
        if !is_safe_id(id) {
            diagnostics.push(
                Diagnostic::error("heading-id", input.file, format!("{{#{id}}} is not a usable id"))
                    .at(heading.line, heading.column)
                    .hint("use letters, digits, '-', '_' or '.', such as {#art-5}"),
            );
        } else if !used.insert(id.clone()) {
            diagnostics.push(
                Diagnostic::error(
                    "heading-id",
                    input.file,
                    format!("the id {{#{id}}} is used by more than one heading"),
                )
                .at(heading.line, heading.column)
                .hint("give each heading its own id"),
            );
        }
    }
    // On a policy page a numbered heading ("5. Privacy") is article 5: its
    // id comes from the number, the same in every language, unless the
    // author chose one or the number is taken.
    if input.policy {
        for (heading, explicit) in &mut found {
            if explicit.is_none()
                && heading.level >= 2
                && let Some((number, _)) = super::clauses::leading_number(&heading.text)
            {
                let id = super::clauses::clause_id(number);
                if used.insert(id.clone()) {
                    *explicit = Some(id);
                }
            }
        }
    }
    let mut headings = Vec::with_capacity(found.len());
    // The next number to try per base id, so many equal headings take
    // linear time, not quadratic.
    let mut next_number: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (mut heading, explicit) in found {
        heading.id = match explicit {
            Some(id) if is_safe_id(&id) => id,
            _ => {
                let base = slugify(&heading.text);
                let base = if base.is_empty() { "section".to_string() } else { base };
                let mut id = base.clone();
                let n = next_number.entry(base.clone()).or_insert(1);
                while used.contains(&id) {
                    id = format!("{base}-{n}");
                    *n += 1;
                }
                used.insert(id.clone());
                id
            }
        };
        headings.push(heading);
    }
    headings
}
