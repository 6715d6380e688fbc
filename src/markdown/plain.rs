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
    /// `push_words`), so this counts spaces instead of decoding the text
    /// as `split_whitespace` would.
    pub(crate) fn word_count(&self) -> usize {
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
/// whitespace. Whitespace is what `char::is_whitespace` says; ASCII, most
/// of any text, is checked byte by byte.
fn push_words(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut first = true;
    let mut i = 0;
    while i < bytes.len() {
        let (space, width) = whitespace_at(text, i);
        if space {
            i += width;
            continue;
        }
        let start = i;
        i += width;
        loop {
            while let Some(&b) = bytes.get(i).filter(|b| b.is_ascii()) {
                if is_ascii_space(b) {
                    break;
                }
                i += 1;
            }
            if bytes.get(i).is_none_or(u8::is_ascii) {
                break;
            }
            let (space, width) = whitespace_at(text, i);
            if space {
                break;
            }
            i += width;
        }
        // Words are joined by one space; the first follows what came before
        // with a space only if the text starts with whitespace.
        if !first || (!out.is_empty() && !out.ends_with(' ') && text.starts_with(char::is_whitespace)) {
            out.push(' ');
        }
        out.push_str(&text[start..i]);
        first = false;
    }
    if text.ends_with(char::is_whitespace) && !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// Whether the character at byte `i` of `text` is whitespace, and its
/// width in bytes.
fn whitespace_at(text: &str, i: usize) -> (bool, usize) {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        return (is_ascii_space(b), 1);
    }
    text[i..].chars().next().map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8()))
}

/// `char::is_whitespace` for ASCII (which, unlike `u8::is_ascii_whitespace`,
/// counts the vertical tab).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

#[cfg(test)]
mod tests {
    use super::push_words;

    /// What push_words did before it checked ASCII byte by byte.
    fn reference(out: &mut String, text: &str) {
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

    #[test]
    fn push_words_matches_split_whitespace() {
        let pieces =
            ["", " ", "een", "twee woorden", "\t\n", "\u{b}", "\u{a0}", "\u{2003}", "é", "ĳs", "😀", "a\u{85}b"];
        let mut texts: Vec<String> = Vec::new();
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    texts.push(format!("{a}{b}{c}"));
                }
            }
        }
        for before in ["", "x", "x "] {
            for text in &texts {
                let (mut got, mut want) = (before.to_string(), before.to_string());
                push_words(&mut got, text);
                reference(&mut want, text);
                assert_eq!(got, want, "{before:?} + {text:?}");
            }
        }
    }
}
