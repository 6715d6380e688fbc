//! Inline Markdown in titles: `` `code` ``, `*emphasis*`, `_emphasis_` and
//! `**strong**`, as a title is written in front matter. A heading, the
//! navigation and link cards show the HTML; the `<title>`, feeds, the
//! sitemap and search get the plain text, so no backtick or asterisk is ever
//! shown literally.
//!
//! Small on purpose: a title is one line, and anything this does not know
//! stays text (escaped in the HTML).

use crate::text::push_escaped;

/// A title as plain text and as (escaped) HTML.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Title {
    /// Without markup: `Use the build command`.
    pub(crate) plain: String,
    /// With inline elements: `Use the <code>build</code> command`.
    pub(crate) html: String,
}

/// Renders the inline Markdown of a title.
pub(crate) fn title(text: &str) -> Title {
    let mut out = Title::default();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some((code, after)) = code_span(rest) {
            out.plain.push_str(code);
            out.html.push_str("<code>");
            push_escaped(&mut out.html, code);
            out.html.push_str("</code>");
            rest = after;
            continue;
        }
        if let Some((tag, marker)) = emphasis_at(rest, out.plain.chars().last())
            && let Some((inner, after)) = closed(&rest[marker.len()..], marker)
        {
            let inner = title(inner);
            out.plain.push_str(&inner.plain);
            out.html.push_str(&format!("<{tag}>{}</{tag}>", inner.html));
            rest = after;
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.plain.push(c);
        push_escaped(&mut out.html, c.encode_utf8(&mut [0; 4]));
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// A code span at the start of `text`: its content and the text after it.
fn code_span(text: &str) -> Option<(&str, &str)> {
    let ticks = text.bytes().take_while(|&b| b == b'`').count();
    if ticks == 0 {
        return None;
    }
    let fence = &text[..ticks];
    let body = &text[ticks..];
    let end = body.find(fence)?;
    // A longer run of backticks does not close a shorter one.
    if body[end + ticks..].starts_with('`') {
        return None;
    }
    let code = &body[..end];
    let trimmed =
        if code.len() > 2 && code.starts_with(' ') && code.ends_with(' ') { &code[1..code.len() - 1] } else { code };
    Some((trimmed, &body[end + ticks..]))
}

/// The element and marker of emphasis opening at the start of `text`, when
/// it may open there (`_` only after a non-word character, as in Markdown).
fn emphasis_at(text: &str, before: Option<char>) -> Option<(&'static str, &'static str)> {
    let (tag, marker) = if text.starts_with("**") {
        ("strong", "**")
    } else if text.starts_with('*') {
        ("em", "*")
    } else if text.starts_with('_') && before.is_none_or(|c| !c.is_alphanumeric()) {
        ("em", "_")
    } else {
        return None;
    };
    let next = text[marker.len()..].chars().next()?;
    (!next.is_whitespace()).then_some((tag, marker))
}

/// The text up to a closing `marker` (not after a space) and what follows.
fn closed<'a>(text: &'a str, marker: &str) -> Option<(&'a str, &'a str)> {
    let mut from = 0;
    while let Some(i) = text[from..].find(marker).map(|i| i + from) {
        let after = &text[i + marker.len()..];
        let closes = i > 0
            && !text[..i].ends_with(char::is_whitespace)
            && (marker != "_" || after.chars().next().is_none_or(|c| !c.is_alphanumeric()))
            && !(marker == "*" && after.starts_with('*'));
        if closes {
            return Some((&text[..i], after));
        }
        from = i + marker.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_render_inline_markdown() {
        let cases = [
            ("Plain & simple", "Plain & simple", "Plain &amp; simple"),
            ("Use `beleid build`", "Use beleid build", "Use <code>beleid build</code>"),
            ("The ``a`b`` trick", "The a`b trick", "The <code>a`b</code> trick"),
            ("*Very* **important**", "Very important", "<em>Very</em> <strong>important</strong>"),
            ("snake_case_name stays", "snake_case_name stays", "snake_case_name stays"),
            ("_em_ and 2 * 3 * 4", "em and 2 * 3 * 4", "<em>em</em> and 2 * 3 * 4"),
            ("`unclosed", "`unclosed", "`unclosed"),
            ("`<script>`", "<script>", "<code>&lt;script&gt;</code>"),
            ("**`code` in strong**", "code in strong", "<strong><code>code</code> in strong</strong>"),
            ("", "", ""),
        ];
        for (text, plain, html) in cases {
            let t = title(text);
            assert_eq!((t.plain.as_str(), t.html.as_str()), (plain, html), "{text:?}");
        }
    }
}
