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

use crate::text::fold_into;

/// Words longer than this are not indexed (hashes, long identifiers).
pub const MAX_WORD: usize = 40;

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '-' || (!c.is_ascii() && unicode_normalization::char::is_combining_mark(c))
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘' | 'ʼ')
}

/// Calls `emit(word, joined)` for every token of `text`, in order; `joined`
/// marks the joined form of a hyphenated run. Words are lent from buffers
/// reused between tokens, so tokenising allocates almost nothing.
pub fn tokens(text: &str, mut emit: impl FnMut(&str, bool)) {
    let mut buffers = Buffers::default();
    for c in text.chars() {
        let c = if is_apostrophe(c) { '\'' } else { c };
        if is_word_char(c) {
            buffers.run.push(c);
        } else if !buffers.run.is_empty() {
            buffers.flush(&mut emit);
        }
    }
    buffers.flush(&mut emit);
}

#[derive(Default)]
struct Buffers {
    run: String,
    part: String,
    joined: String,
    scratch: String,
}

impl Buffers {
    fn flush(&mut self, emit: &mut impl FnMut(&str, bool)) {
        if self.run.is_empty() {
            return;
        }
        self.joined.clear();
        let mut parts = 0;
        for part in self.run.split('-') {
            if normalise_part(part, &mut self.part, &mut self.scratch) {
                emit(&self.part, false);
                self.joined.push_str(&self.part);
                parts += 1;
            }
        }
        if parts > 1 && self.joined.chars().count() <= MAX_WORD {
            emit(&self.joined, true);
        }
        self.run.clear();
    }
}

/// Step 4: one hyphen-separated part to a folded word in `out`; false when
/// nothing usable is left.
fn normalise_part(part: &str, out: &mut String, scratch: &mut String) -> bool {
    let trimmed = part.trim_matches('\'');
    let trimmed = trimmed.strip_suffix("'s").unwrap_or(trimmed);
    out.clear();
    if trimmed.contains('\'') {
        scratch.clear();
        scratch.extend(trimmed.chars().filter(|&c| c != '\''));
        fold_into(scratch, out);
    } else {
        fold_into(trimmed, out);
    }
    !out.is_empty() && (out.len() <= MAX_WORD || out.chars().count() <= MAX_WORD)
}

/// All tokens of `text` as words (joined forms included).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    tokens(text, |w, _| out.push(w.to_string()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_table() {
        for (text, want) in [
            ("Financiële Zaken", vec!["financiele", "zaken"]),
            ("café, CAFÉ en cafe\u{301}", vec!["cafe", "cafe", "en", "cafe"]),
            ("social-media beleid", vec!["social", "media", "socialmedia", "beleid"]),
            ("pagina's en thema’s", vec!["pagina", "en", "thema"]),
            ("the company's policy", vec!["the", "company", "policy"]),
            ("'t is zo'n dag", vec!["t", "is", "zon", "dag"]),
            ("art. 5.2 (2026)", vec!["art", "5", "2", "2026"]),
            ("e-mail: info@example.org", vec!["e", "mail", "email", "info", "example", "org"]),
            ("--", vec![]),
            ("Straße IJssel ĳs", vec!["strasse", "ijssel", "ijs"]),
        ] {
            assert_eq!(words(text), want, "{text}");
        }
    }

    #[test]
    fn joined_forms_are_marked() {
        let mut out: Vec<(String, bool)> = Vec::new();
        tokens("social-media", |w, joined| out.push((w.to_string(), joined)));
        assert_eq!(out, [("social".into(), false), ("media".into(), false), ("socialmedia".into(), true)]);
    }

    #[test]
    fn overlong_words_are_dropped() {
        let long = "a".repeat(MAX_WORD + 1);
        assert_eq!(words(&format!("kort {long} kort")), ["kort", "kort"]);
    }
}
