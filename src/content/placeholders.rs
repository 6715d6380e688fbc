//! `{{ extra.key }}` placeholders in content.
//!
//! Content is not a template: only this one form is replaced, by the text of
//! `[extra]` values in `beleid.toml`, and everything else that looks like
//! template syntax stays literal text. That is what lets an organisation
//! adopt a sample policy by editing one file, without letting a page run code.

/// A placeholder found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placeholder<'a> {
    /// Byte offset of `{{` in the text.
    pub(crate) start: usize,
    /// Byte offset just past `}}`.
    pub(crate) end: usize,
    /// The key after `extra.` (`organisation`, `contact.email`).
    pub(crate) key: &'a str,
}

/// Finds every `{{ extra.key }}` in `text`, in order.
pub(crate) fn find(text: &str) -> Vec<Placeholder<'_>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("{{") {
        let start = from + i;
        let inner_start = start + 2;
        let Some(j) = text[inner_start..].find("}}") else {
            break;
        };
        let raw_inner = &text[inner_start..inner_start + j];
        // Of several `{{` before one `}}`, only the last can open a
        // placeholder; going straight to it keeps this linear.
        if let Some(k) = raw_inner.rfind("{{") {
            from = inner_start + k;
            continue;
        }
        let end = inner_start + j + 2;
        match raw_inner.trim().strip_prefix("extra.") {
            Some(key) if is_key(key) => {
                found.push(Placeholder { start, end, key });
                from = end;
            }
            _ => from = end,
        }
    }
    found
}

fn is_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
}

/// Replaces every placeholder using `lookup`. On an unknown key, returns the
/// placeholder so the caller can report where it is.
pub(crate) fn substitute<'a>(
    text: &'a str,
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<std::borrow::Cow<'a, str>, Placeholder<'a>> {
    let found = find(text);
    if found.is_empty() {
        return Ok(std::borrow::Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for p in found {
        let Some(value) = lookup(p.key) else {
            return Err(p);
        };
        out.push_str(&text[last..p.start]);
        out.push_str(&value);
        last = p.end;
    }
    out.push_str(&text[last..]);
    Ok(std::borrow::Cow::Owned(out))
}

/// Link destinations cannot contain spaces, so `[mail](mailto:{{ extra.email }})`
/// would not be a link at all. This removes the spaces inside placeholders
/// that sit in a link destination (after `](`), leaving the rest alone.
pub(crate) fn tighten_in_link_destinations(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("](") || !text.contains("{{") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("](") {
        let (before, after) = rest.split_at(i + 2);
        out.push_str(before);
        let end = after.find([')', '\n']).unwrap_or(after.len());
        let destination = &after[..end];
        let mut last = 0;
        for p in find(destination) {
            out.push_str(&destination[last..p.start]);
            out.push_str("{{extra.");
            out.push_str(p.key);
            out.push_str("}}");
            last = p.end;
        }
        out.push_str(&destination[last..]);
        rest = &after[end..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(key: &str) -> Option<String> {
        match key {
            "organisation" => Some("De Voorbeeldorganisatie".into()),
            "contact.email" => Some("a@example.org".into()),
            _ => None,
        }
    }

    #[test]
    fn replaces_known_keys() {
        let out = substitute("Bij {{ extra.organisation }} mail je {{extra.contact.email}}.", lookup).unwrap();
        assert_eq!(out, "Bij De Voorbeeldorganisatie mail je a@example.org.");
    }

    #[test]
    fn leaves_other_template_syntax_alone() {
        for text in ["{{ config.title }}", "{% if x %}", "{{ extra. }}", "{{ extra.a b }}", "{{ unclosed"] {
            assert_eq!(substitute(text, lookup).unwrap(), text);
        }
    }

    #[test]
    fn tightens_placeholders_in_link_destinations_only() {
        let text = "Mail {{ extra.email }} via [ons](mailto:{{ extra.email }}?subject={{ extra.org }}) of [x](y.md).";
        assert_eq!(
            tighten_in_link_destinations(text),
            "Mail {{ extra.email }} via [ons](mailto:{{extra.email}}?subject={{extra.org}}) of [x](y.md)."
        );
        assert_eq!(tighten_in_link_destinations("{{ extra.a }}"), "{{ extra.a }}");
    }

    #[test]
    fn reports_unknown_keys_with_offsets() {
        let err = substitute("ab {{ extra.nope }}", lookup).unwrap_err();
        assert_eq!((err.start, err.end, err.key), (3, 19, "nope"));
    }
}
