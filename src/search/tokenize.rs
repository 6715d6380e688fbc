//! Normalisation and tokenising, shared by the index (here) and queries (in
//! the browser, `client/search.js`, which implements the same steps):
//!
//! 1. typographic apostrophes (’ ‘ ʼ) become `'`;
//! 2. the text splits into runs of letters, digits, combining marks, `'` and `-`;
//! 3. each run splits at `-` into parts (`social-media` → `social`, `media`);
//! 4. each part loses apostrophes at its ends and a final `'s`
//!    (`pagina's` → `pagina`, `company's` → `company`), then any other
//!    apostrophe, and is folded: lowercase, accents removed (`financiële` →
//!    `financiele`);
//! 5. a run of two or more parts also yields the parts joined
//!    (`socialmedia`), so either spelling finds the other.

use crate::text::fold;

/// Words longer than this are not indexed (hashes, long identifiers).
pub const MAX_WORD: usize = 40;

/// A token and whether it is a joined form of a hyphenated run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The normalised word.
    pub word: String,
    /// True for the joined form of a hyphenated run.
    pub joined: bool,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || c == '\''
        || c == '-'
        || unicode_normalization::char::is_combining_mark(c)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ')
}

/// Calls `emit` for every token of `text`, in order.
pub fn tokens(text: &str, mut emit: impl FnMut(Token)) {
    let mut run = String::new();
    let mut flush = |run: &mut String| {
        if run.is_empty() {
            return;
        }
        let mut parts = Vec::new();
        for part in run.split('-') {
            if let Some(word) = normalise_part(part) {
                parts.push(word);
            }
        }
        let joined = (parts.len() > 1).then(|| parts.concat());
        for word in parts {
            emit(Token {
                word,
                joined: false,
            });
        }
        if let Some(word) = joined.filter(|w| w.chars().count() <= MAX_WORD) {
            emit(Token { word, joined: true });
        }
        run.clear();
    };
    for c in text.chars() {
        let c = if is_apostrophe(c) { '\'' } else { c };
        if is_word_char(c) {
            run.push(c);
        } else {
            flush(&mut run);
        }
    }
    flush(&mut run);
}

/// Step 4: one hyphen-separated part to a folded word.
fn normalise_part(part: &str) -> Option<String> {
    let trimmed = part.trim_matches('\'');
    let trimmed = trimmed.strip_suffix("'s").unwrap_or(trimmed);
    let word = if trimmed.contains('\'') {
        fold(&trimmed.replace('\'', ""))
    } else {
        fold(trimmed)
    };
    (!word.is_empty() && word.chars().count() <= MAX_WORD).then_some(word)
}

/// All tokens of `text` as words (joined forms included).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    tokens(text, |t| out.push(t.word));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_table() {
        for (text, want) in [
            ("Financiële Zaken", vec!["financiele", "zaken"]),
            (
                "café, CAFÉ en cafe\u{301}",
                vec!["cafe", "cafe", "en", "cafe"],
            ),
            (
                "social-media beleid",
                vec!["social", "media", "socialmedia", "beleid"],
            ),
            ("pagina's en thema’s", vec!["pagina", "en", "thema"]),
            ("the company's policy", vec!["the", "company", "policy"]),
            ("'t is zo'n dag", vec!["t", "is", "zon", "dag"]),
            ("art. 5.2 (2026)", vec!["art", "5", "2", "2026"]),
            (
                "e-mail: info@example.org",
                vec!["e", "mail", "email", "info", "example", "org"],
            ),
            ("--", vec![]),
            ("Straße IJssel ĳs", vec!["strasse", "ijssel", "ijs"]),
        ] {
            assert_eq!(words(text), want, "{text}");
        }
    }

    #[test]
    fn joined_forms_are_marked() {
        let mut out = Vec::new();
        tokens("social-media", |t| out.push((t.word, t.joined)));
        assert_eq!(
            out,
            [
                ("social".into(), false),
                ("media".into(), false),
                ("socialmedia".into(), true)
            ]
        );
    }

    #[test]
    fn overlong_words_are_dropped() {
        let long = "a".repeat(MAX_WORD + 1);
        assert_eq!(words(&format!("kort {long} kort")), ["kort", "kort"]);
    }
}
