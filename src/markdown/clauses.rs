//! Clauses of a policy page: the numbered articles (`## 5. Privacy`) and
//! sub-clauses (a paragraph that starts with `**5.2**`) that readers quote
//! and link to ("see article 5.2").
//!
//! Each clause gets an id from its number (`art-5`, `art-5.2`), the same in
//! every language, unless the author pinned one with `{#id}` on a heading.
//! A clause runs from its start to the start of the next clause, so its text
//! is what an export or a comparison of two versions needs.

use comrak::nodes::{AstNode, NodeValue};
use serde::Serialize;

use super::Heading;
use crate::error::Diagnostic;

/// One clause of a policy page, in document order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Clause {
    /// The id, such as `art-5.2`; the same in every language.
    pub(crate) id: String,
    /// The number as written, such as `5.2`.
    pub(crate) number: String,
    /// An article's heading without its number, or a sub-clause's bold
    /// lead without its number (`Klanten`); may be empty.
    pub(crate) heading: String,
    /// The plain text of the whole clause, blocks separated by a blank line.
    pub(crate) text: String,
    /// The clause's HTML, as on the page (filled in after rendering).
    pub(crate) html: String,
    /// Position in the file (1-based).
    #[serde(skip)]
    pub(crate) line: usize,
    /// Column in the file (1-based).
    #[serde(skip)]
    pub(crate) column: usize,
}

/// The clause number a heading or bold lead starts with, and the text after
/// it: `("5", "Privacy")` for "5. Privacy" or "Artikel 5 Privacy", `("5.2",
/// "Klanten.")` for "5.2 Klanten.". Each part of a number has at most three
/// digits, so a year ("2026 in review") is no article.
pub(crate) fn leading_number(text: &str) -> Option<(&str, &str)> {
    let text = text.trim_start();
    let lower = text.to_ascii_lowercase();
    let skip = ["artikel ", "article ", "art. ", "art "].iter().find(|p| lower.starts_with(*p)).map_or(0, |p| p.len());
    let rest = text[skip..].trim_start();
    let mut end = 0;
    for part in rest.split('.') {
        let digits = part.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 3 {
            break;
        }
        end += digits;
        if digits < part.len() {
            break;
        }
        end += 1; // the dot after this part
    }
    let number = rest[..end.min(rest.len())].trim_end_matches('.');
    if number.is_empty() {
        return None;
    }
    let after = rest[number.len()..].strip_prefix('.').unwrap_or(&rest[number.len()..]);
    if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
        return None;
    }
    Some((number, after.trim()))
}

/// The id of a clause with this number.
pub(crate) fn clause_id(number: &str) -> String {
    format!("art-{number}")
}

/// The sub-clause number a top-level paragraph starts with, if it opens
/// with bold text such as `**5.2**` or `**5.2 Klanten.**`.
fn paragraph_number<'a>(node: &'a AstNode<'a>) -> Option<(String, String)> {
    let strong = node.first_child()?;
    if !matches!(strong.data().value, NodeValue::Strong) {
        return None;
    }
    let lead = strong.collect_text();
    let (number, rest) = leading_number(&lead)?;
    // A sub-clause has a dotted number; "**2**" alone is only bold text.
    number.contains('.').then(|| (number.to_string(), rest.trim_end_matches(['.', ':']).to_string()))
}

/// Where each clause starts and which top-level blocks belong to it.
#[derive(Default)]
pub(super) struct Found<'a> {
    /// The clauses, their `html` still empty.
    pub(crate) clauses: Vec<Clause>,
    /// For each clause, the top-level blocks it holds, in order.
    pub(crate) blocks: Vec<Vec<&'a AstNode<'a>>>,
    /// The sub-clause paragraphs' ids, by the paragraph's start position.
    pub(crate) paragraph_ids: Vec<((usize, usize), String)>,
}

/// Finds the clauses among the document's top-level blocks. `headings` are
/// the page's headings with their ids, in order.
pub(super) fn find<'a>(
    root: &'a AstNode<'a>,
    headings: &[Heading],
    input: &super::Input<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Found<'a> {
    let mut found = Found { clauses: Vec::new(), blocks: Vec::new(), paragraph_ids: Vec::new() };
    let mut open = false;
    let line = |l: usize| l + input.first_line - 1;
    for node in root.children() {
        let (start, start_clause) = {
            let data = node.data();
            let start = data.sourcepos.start;
            let start_clause = match &data.value {
                NodeValue::Heading(level) => {
                    let heading = headings.iter().find(|h| h.line == line(start.line) && h.column == start.column);
                    let numbered = heading.and_then(|h| Some((h, leading_number(&h.text)?)));
                    // An unnumbered section ("## Bijlage") ends the article;
                    // a sub-heading inside it does not.
                    open &= level.level > 2;
                    numbered
                        .filter(|(h, _)| h.level >= 2)
                        .map(|(h, (number, rest))| (h.id.clone(), number.to_string(), rest.to_string(), false))
                }
                NodeValue::Paragraph => {
                    paragraph_number(node).map(|(number, lead)| (clause_id(&number), number, lead, true))
                }
                _ => None,
            };
            (start, start_clause)
        };
        let start_clause = start_clause.filter(|(id, number, _, is_paragraph)| {
            let taken = found.clauses.iter().any(|c| c.id == *id || c.number == *number)
                || (*is_paragraph && headings.iter().any(|h| h.id == *id));
            if taken {
                diagnostics.push(
                    Diagnostic::warning(
                        "clause-id",
                        input.file,
                        format!("clause {number} is numbered twice on this page"),
                    )
                    .at(line(start.line), start.column)
                    .hint("give each article and sub-clause its own number"),
                );
            }
            !taken
        });
        if let Some((id, number, heading, is_paragraph)) = start_clause {
            if is_paragraph {
                found.paragraph_ids.push(((start.line, start.column), id.clone()));
            }
            found.clauses.push(Clause {
                id,
                number,
                heading,
                text: String::new(),
                html: String::new(),
                line: line(start.line),
                column: start.column,
            });
            found.blocks.push(Vec::new());
            open = true;
            if !is_paragraph {
                // An article's heading is its number and heading, not its text.
                continue;
            }
        }
        if open && let (Some(clause), Some(blocks)) = (found.clauses.last_mut(), found.blocks.last_mut()) {
            let text = block_text(node);
            let text = text.trim();
            if !text.is_empty() {
                if !clause.text.is_empty() {
                    clause.text.push_str("\n\n");
                }
                clause.text.push_str(text);
            }
            blocks.push(node);
        }
    }
    found
}

/// A block's plain text, with its own blocks (list items, paragraphs in a
/// quote) on lines of their own.
fn block_text<'a>(node: &'a AstNode<'a>) -> String {
    let has_blocks = node.children().any(|c| c.data().value.block());
    if !has_blocks {
        return node.collect_text().replace('\n', " ");
    }
    let parts: Vec<String> = node.children().map(block_text).filter(|t| !t.trim().is_empty()).collect();
    parts.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_numbers() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            ("5. Privacy", Some(("5", "Privacy"))),
            ("5 Privacy", Some(("5", "Privacy"))),
            ("12. Aanspreekpunt", Some(("12", "Aanspreekpunt"))),
            ("5.2 Klanten.", Some(("5.2", "Klanten."))),
            ("5.2. Klanten", Some(("5.2", "Klanten"))),
            ("5.2", Some(("5.2", ""))),
            ("Artikel 5 Privacy", Some(("5", "Privacy"))),
            ("article 7.1. Scope", Some(("7.1", "Scope"))),
            ("Art. 3", Some(("3", ""))),
            ("2026 in review", None),
            ("5a. Extra", None),
            ("5,2 Komma", None),
            ("Privacy", None),
            ("", None),
            ("1.2.3.4 Deep", Some(("1.2.3.4", "Deep"))),
            (". 5", None),
        ];
        for (text, want) in cases {
            assert_eq!(leading_number(text), *want, "{text:?}");
        }
    }
}
