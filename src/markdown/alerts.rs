//! GitHub-style alerts: a quote whose first line is `[!NOTE]`, `[!TIP]`,
//! `[!IMPORTANT]`, `[!WARNING]` or `[!CAUTION]` becomes a titled note.
//!
//! Done here on the parsed tree rather than by comrak's own alert
//! extension, which takes quadratic time on deeply nested quotes; this
//! looks at each quote's first line once.

use comrak::nodes::{AlertType, AstNode, NodeAlert, NodeValue};

/// The alert kind a first line names, and the title written after it.
fn marker(line: &str) -> Option<(AlertType, Option<String>)> {
    let rest = line.trim().strip_prefix("[!")?;
    let (name, title) = rest.split_once(']')?;
    let kind = match name.to_ascii_lowercase().as_str() {
        "note" => AlertType::Note,
        "tip" => AlertType::Tip,
        "important" => AlertType::Important,
        "warning" => AlertType::Warning,
        "caution" => AlertType::Caution,
        _ => return None,
    };
    let title = title.trim();
    Some((kind, (!title.is_empty()).then(|| title.to_string())))
}

/// Turns every quote that starts with an alert marker into an alert.
pub(super) fn mark<'a>(root: &'a AstNode<'a>) {
    let quotes: Vec<_> = root.descendants().filter(|n| matches!(n.data().value, NodeValue::BlockQuote)).collect();
    for quote in quotes {
        let Some(paragraph) = quote.first_child() else { continue };
        if !matches!(paragraph.data().value, NodeValue::Paragraph) {
            continue;
        }
        // The first line: the inline nodes before the first line break.
        let mut line = String::new();
        let mut first_line = Vec::new();
        for inline in paragraph.children() {
            match &inline.data().value {
                NodeValue::Text(text) => line.push_str(text),
                NodeValue::SoftBreak | NodeValue::LineBreak => {
                    first_line.push(inline);
                    break;
                }
                _ => {
                    line.clear();
                    break;
                }
            }
            first_line.push(inline);
        }
        let Some((alert_type, title)) = marker(&line) else { continue };
        for inline in first_line {
            inline.detach();
        }
        if paragraph.first_child().is_none() {
            paragraph.detach();
        }
        quote.data_mut().value = NodeValue::Alert(Box::new(NodeAlert {
            alert_type,
            title,
            multiline: false,
            fence_length: 0,
            fence_offset: 0,
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        assert!(matches!(marker("[!NOTE]"), Some((AlertType::Note, None))));
        assert!(matches!(marker(" [!caution] "), Some((AlertType::Caution, None))));
        assert!(matches!(marker("[!TIP] Eigen titel"), Some((AlertType::Tip, Some(t))) if t == "Eigen titel"));
        assert!(marker("[!NOTEX]").is_none());
        assert!(marker("[NOTE]").is_none());
        assert!(marker("Let op [!NOTE]").is_none());
    }
}
