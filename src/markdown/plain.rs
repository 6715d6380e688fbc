//! The plain text of a page, split into sections at headings, for search.

use comrak::nodes::{AstNode, NodeValue};

use super::Heading;

/// The text under one heading (or before the first one).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TextSection {
    /// The heading's id; `None` for text before the first heading.
    pub id: Option<String>,
    /// The heading's text (empty before the first heading).
    pub heading: String,
    /// The words under the heading, separated by single spaces.
    pub text: String,
}

impl TextSection {
    /// How many words the text has. Words are joined by single spaces (see
    /// [`push_words`]), so this counts spaces instead of decoding the text
    /// as `split_whitespace` would.
    pub fn word_count(&self) -> usize {
        if self.text.is_empty() { 0 } else { self.text.bytes().filter(|&b| b == b' ').count() + 1 }
    }
}

/// Walks the document in order, starting a new section at every heading.
/// Section 0 is always the text before the first heading, empty if there
/// is none: the search index numbers sections so.
pub(super) fn sections<'a>(root: &'a AstNode<'a>, headings: &[Heading]) -> Vec<TextSection> {
    let mut out = vec![TextSection { id: None, heading: String::new(), text: String::new() }];
    let mut next_heading = 0;
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        let current = out.last_mut().expect("there is always a section");
        match &node.data().value {
            NodeValue::Heading(_) => {
                if let Some(h) = headings.get(next_heading) {
                    out.push(TextSection { id: Some(h.id.clone()), heading: h.text.clone(), text: String::new() });
                }
                next_heading += 1;
                continue;
            }
            NodeValue::Text(t) => push_words(&mut current.text, t),
            NodeValue::Code(c) => push_words(&mut current.text, &c.literal),
            NodeValue::CodeBlock(c) => push_words(&mut current.text, &c.literal),
            NodeValue::LineBreak | NodeValue::SoftBreak => push_words(&mut current.text, " "),
            NodeValue::Paragraph | NodeValue::TableCell | NodeValue::Item(_) => push_words(&mut current.text, " "),
            _ => {}
        }
        stack.extend(node.reverse_children());
    }
    for s in &mut out {
        let trimmed = s.text.trim_end().len();
        s.text.truncate(trimmed);
    }
    out
}

/// Appends text, collapsing whitespace runs to one space: a section's text
/// never starts or ends with a space, nor holds two in a row or any other
/// whitespace.
fn push_words(out: &mut String, text: &str) {
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 || (!out.is_empty() && !out.ends_with(' ')) && text.starts_with(char::is_whitespace) {
            out.push(' ');
        }
        out.push_str(word);
    }
    if text.ends_with(char::is_whitespace) && !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}
