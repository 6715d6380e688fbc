//! Text helpers shared by every stage: accent folding and slugs.
//!
//! One folding function serves URLs, heading ids and the search index, so
//! `financiële` is `financiele` wherever it appears.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The letters that do not decompose, and how [`fold`] spells them; the
/// browser's search engine gets its copy of this table from here.
pub const FOLD_SPECIAL: [(char, &str); 17] = [
    ('ß', "ss"),
    ('ẞ', "ss"),
    ('æ', "ae"),
    ('Æ', "ae"),
    ('œ', "oe"),
    ('Œ', "oe"),
    ('ø', "o"),
    ('Ø', "o"),
    ('đ', "d"),
    ('Đ', "d"),
    ('ł', "l"),
    ('Ł', "l"),
    ('þ', "th"),
    ('Þ', "th"),
    ('ı', "i"),
    // Per-character lowercasing cannot see word ends; one sigma for all.
    ('ς', "σ"),
    ('Σ', "σ"),
];

/// Lowercases and removes accents: compatibility decomposition (so `ĳ`
/// becomes `ij` and `ﬁ` becomes `fi`), combining marks dropped, and the few
/// letters that do not decompose spelled out (`ß` → `ss`, `æ` → `ae`, `ø` → `o`).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`], appending to `out`.
pub fn fold_into(text: &str, out: &mut String) {
    // Fast path for ASCII, which is most text.
    if text.is_ascii() {
        out.extend(text.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        return;
    }
    for c in text.nfkd() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        if is_combining_mark(c) {
            continue;
        }
        match FOLD_SPECIAL.iter().find(|&&(letter, _)| letter == c) {
            Some(&(_, spelled)) => out.push_str(spelled),
            None => out.extend(c.to_lowercase()),
        }
    }
}

/// A URL- and id-safe slug: folded, with every run of characters other than
/// ASCII letters and digits turned into one `-`, trimmed of `-`.
/// Returns an empty string when nothing usable is left.
pub fn slugify(text: &str) -> String {
    let folded = fold(text);
    let mut slug = String::with_capacity(folded.len());
    let mut dash = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.push(c);
        } else if c == '\'' || c == '’' {
            // `pagina's` reads as one word: `paginas`.
        } else {
            dash = true;
        }
    }
    slug
}

/// True if `s` is a valid id or slug as [`slugify`] makes them, or one a user
/// wrote by hand with `_` or `.` in it.
pub fn is_safe_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && !s.starts_with('.')
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_escaped(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped for HTML.
pub fn push_escaped(out: &mut String, text: &str) {
    // Writing to a String cannot fail.
    let _ = write_escaped(out, text);
}

/// Writes `text` escaped for HTML (text and quoted attributes: `&`, `<`,
/// `>`, `"`, `'`), copying the runs between those characters whole.
pub fn write_escaped(out: &mut impl std::fmt::Write, text: &str) -> std::fmt::Result {
    let mut done = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // These are ASCII bytes, so `i` is on a character boundary.
        out.write_str(&text[done..i])?;
        out.write_str(entity)?;
        done = i + 1;
    }
    out.write_str(&text[done..])
}

/// Turns a file or folder name into a readable title: `tien-stappen` →
/// `Tien stappen`.
pub fn title_from_name(name: &str) -> String {
    let spaced: String = name.chars().map(|c| if c == '-' || c == '_' { ' ' } else { c }).collect();
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            escape_html(r#"<a href="x">'Tom' & Jerry</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;Tom&#39; &amp; Jerry&lt;/a&gt;"
        );
        assert_eq!(escape_html("café ✓ plain"), "café ✓ plain");
    }

    #[test]
    fn folding_table() {
        for (input, want) in [
            ("financiële", "financiele"),
            ("Café", "cafe"),
            ("geïnstalleerd", "geinstalleerd"),
            ("ĲSSEL", "ijssel"),
            ("Straße", "strasse"),
            ("Ærø", "aero"),
            ("ﬁets", "fiets"),
            ("ΟΔΟΣ", "οδοσ"),
            ("ASCII only", "ascii only"),
        ] {
            assert_eq!(fold(input), want, "{input}");
        }
    }

    #[test]
    fn slug_table() {
        for (input, want) in [
            ("5. Privacy en vertrouwelijkheid", "5-privacy-en-vertrouwelijkheid"),
            ("Financiële  gevolgen!", "financiele-gevolgen"),
            ("pagina's & thema’s", "paginas-themas"),
            ("  --Hello--World--  ", "hello-world"),
            ("Wat is *social media*?", "wat-is-social-media"),
            ("???", ""),
            ("FAQ", "faq"),
        ] {
            assert_eq!(slugify(input), want, "{input}");
        }
    }

    #[test]
    fn safe_ids() {
        assert!(is_safe_id("art-5") && is_safe_id("v1.2") && is_safe_id("a_b"));
        assert!(
            !is_safe_id("") && !is_safe_id("a b") && !is_safe_id("../x") && !is_safe_id(".x") && !is_safe_id("a\"b")
        );
    }

    #[test]
    fn escapes_and_titles() {
        assert_eq!(escape_html(r#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        assert_eq!(title_from_name("tien-stappen"), "Tien stappen");
    }
}
