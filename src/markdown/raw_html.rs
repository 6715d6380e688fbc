//! What the renderer needs to know about raw HTML written in Markdown: the
//! ids it gives the page (so links to `<a id="x">` are checked like links to
//! headings) and the tag to name when raw HTML is turned off.
//!
//! A small tag scanner, not an HTML parser: it reads `<name attr="v" ...>`
//! and never fails; anything it cannot read it skips.

/// Moves `rest` past the next `<` that does not open a comment (comments
/// are skipped whole) and returns the text after it.
fn next_open<'a>(rest: &mut &'a str) -> Option<&'a str> {
    loop {
        let after = &rest[rest.find('<')? + 1..];
        if after.starts_with("!--") {
            *rest = after.find("-->").map_or("", |end| &after[end + 3..]);
            continue;
        }
        *rest = after;
        return Some(after);
    }
}

/// The length of the tag name `text` starts with (a letter, then letters,
/// digits and `-`), or 0.
fn name_len(text: &str) -> usize {
    if !text.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return 0;
    }
    text.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(text.len())
}

/// The start tags in `raw`, each as its lower-case name and attributes
/// (lower-case names, values with quotes removed).
fn start_tags(raw: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut tags = Vec::new();
    let mut rest = raw;
    while let Some(after) = next_open(&mut rest) {
        let len = name_len(after);
        if len == 0 {
            continue;
        }
        let (attrs, tail) = attributes(&after[len..]);
        tags.push((after[..len].to_ascii_lowercase(), attrs));
        rest = tail;
    }
    tags
}

/// Reads attributes up to the end of a tag; returns them and the text after
/// the tag.
fn attributes(mut rest: &str) -> (Vec<(String, String)>, &str) {
    let mut attrs = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() || rest.starts_with('>') {
            return (attrs, rest.get(1..).unwrap_or(""));
        }
        let name_len =
            rest.find(|c: char| c.is_ascii_whitespace() || matches!(c, '=' | '>' | '/')).unwrap_or(rest.len()).max(1);
        let name = rest[..name_len].to_ascii_lowercase();
        rest = rest[name_len..].trim_start_matches(|c: char| c.is_ascii_whitespace());
        let Some(after_eq) = rest.strip_prefix('=') else {
            attrs.push((name, String::new()));
            continue;
        };
        let after_eq = after_eq.trim_start_matches(|c: char| c.is_ascii_whitespace());
        let (value, after) = match after_eq.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let body = &after_eq[1..];
                match body.find(q) {
                    Some(end) => (&body[..end], &body[end + 1..]),
                    None => (body, ""),
                }
            }
            _ => {
                let end = after_eq.find(|c: char| c.is_ascii_whitespace() || c == '>').unwrap_or(after_eq.len());
                (&after_eq[..end], &after_eq[end..])
            }
        };
        attrs.push((name, value.to_string()));
        rest = after;
    }
}

/// The ids raw HTML gives the page: every `id` attribute, and the `name` of
/// `<a name="x">`, which browsers also scroll to.
pub(super) fn ids(raw: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for (tag, attrs) in start_tags(raw) {
        for (name, value) in attrs {
            if !value.is_empty() && (name == "id" || (name == "name" && tag == "a")) {
                ids.push(value);
            }
        }
    }
    ids
}

/// The name of the first tag in `raw` (`span` for `<span>` or `</span>`),
/// or `None` for a comment or text that holds no tag.
pub(super) fn first_tag(raw: &str) -> Option<String> {
    let mut rest = raw;
    while let Some(after) = next_open(&mut rest) {
        let tag = after.strip_prefix('/').unwrap_or(after);
        let len = name_len(tag);
        if len > 0 {
            return Some(tag[..len].to_ascii_lowercase());
        }
        if let Some(special) = tag.strip_prefix('!').or_else(|| tag.strip_prefix('?')) {
            let len = special.find(|c: char| c.is_ascii_whitespace() || c == '>').unwrap_or(special.len());
            return Some(format!("{}{}", &after[..1], &special[..len]));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_every_quoting_style() {
        let cases: &[(&str, &[&str])] = &[
            (r#"<a id="x"></a>"#, &["x"]),
            ("<span id='y' class=z>", &["y"]),
            ("<div ID=plain data-id=\"no\">", &["plain"]),
            (r#"<a name="legacy">old</a>"#, &["legacy"]),
            (r#"<input name="not-an-anchor">"#, &[]),
            (r#"<!-- <a id="commented"> --><b id="after">"#, &["after"]),
            (r#"<img alt="a > b" id="img">"#, &["img"]),
            ("<p id=\"\">", &[]),
            ("a < b and c > d", &[]),
            (r#"<a id="unterminated"#, &["unterminated"]),
            ("<", &[]),
            ("<a id", &[]),
        ];
        for (raw, want) in cases {
            assert_eq!(ids(raw), *want, "{raw}");
        }
    }

    #[test]
    fn first_tags_skip_comments() {
        let cases: &[(&str, Option<&str>)] = &[
            ("<span class=x>", Some("span")),
            ("</SPAN>", Some("span")),
            ("<!-- note -->", None),
            ("<!-- a --><br/>", Some("br")),
            ("<!DOCTYPE html>", Some("!DOCTYPE")),
            ("<?php echo 1 ?>", Some("?php")),
            ("1 < 2", None),
            ("<custom-element>", Some("custom-element")),
        ];
        for (raw, want) in cases {
            assert_eq!(first_tag(raw).as_deref(), *want, "{raw}");
        }
    }
}
