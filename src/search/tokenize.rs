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

/// Typographic apostrophes, read as `'` (step 1).
pub const APOSTROPHES: [char; 3] = ['’', '‘', 'ʼ'];

fn is_apostrophe(c: char) -> bool {
    c == '\'' || APOSTROPHES.contains(&c)
}

/// A word found by [`tokens`]: a slice of the text itself when the text
/// already is the normalised word (lowercase ASCII, as most words are), else
/// a word in a buffer that lives until the next word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word<'t, 'b> {
    /// Lent from the text.
    Text(&'t str),
    /// Lent from the tokeniser's buffers.
    Buffer(&'b str),
}

impl<'t> Word<'t, '_> {
    /// The word.
    pub fn as_str(&self) -> &str {
        match self {
            Word::Text(s) | Word::Buffer(s) => s,
        }
    }

    /// The word, borrowed from the text where it can be.
    pub fn to_cow(self) -> std::borrow::Cow<'t, str> {
        match self {
            Word::Text(s) => std::borrow::Cow::Borrowed(s),
            Word::Buffer(s) => std::borrow::Cow::Owned(s.to_string()),
        }
    }
}

/// Calls `emit(word, joined)` for every token of `text`, in order; `joined`
/// marks the joined form of a hyphenated run. Words that need no change are
/// lent from `text`, the others from buffers reused between tokens, so
/// tokenising allocates almost nothing.
pub fn tokens<'t>(text: &'t str, mut emit: impl FnMut(Word<'t, '_>, bool)) {
    let mut buffers = Buffers::default();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let (kind, width) = kind_at(text, i);
        if kind == RunKind::NONE {
            i += width;
            continue;
        }
        // A run of word characters starts here: what it holds, and where it ends.
        let start = i;
        let mut seen = kind;
        i += width;
        loop {
            // ASCII word characters, most of any text, in a tight loop.
            while let Some(&b) = bytes.get(i).filter(|b| b.is_ascii()) {
                let kind = ASCII_KINDS[usize::from(b)];
                if kind == RunKind::NONE {
                    break;
                }
                seen = seen.with(kind);
                i += 1;
            }
            if bytes.get(i).is_none_or(u8::is_ascii) {
                break;
            }
            let (kind, width) = kind_at(text, i);
            if kind == RunKind::NONE {
                break;
            }
            seen = seen.with(kind);
            i += width;
        }
        buffers.flush(&text[start..i], seen, &mut emit);
    }
}

/// The kind of the character at byte `i` of `text`, and its width in bytes.
fn kind_at(text: &str, i: usize) -> (RunKind, usize) {
    let b = text.as_bytes()[i];
    if b.is_ascii() {
        return (ASCII_KINDS[usize::from(b)], 1);
    }
    let c = text[i..].chars().next().unwrap_or(' ');
    let word = is_apostrophe(c) || is_word_char(c);
    (if word { RunKind::OTHER } else { RunKind::NONE }, c.len_utf8())
}

/// What a run of word characters holds, as bits: whether it needs more
/// than lowercasing (anything but ASCII letters, digits and `-`), whether
/// it has uppercase ASCII letters, and whether it has `-`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RunKind(u8);

impl RunKind {
    const NONE: RunKind = RunKind(0);
    const WORD: u8 = 1;
    const UPPER: u8 = 2;
    const HYPHEN: u8 = 4;
    const SPECIAL: u8 = 8;
    const OTHER: RunKind = RunKind(RunKind::WORD | RunKind::SPECIAL);

    fn with(self, other: RunKind) -> RunKind {
        RunKind(self.0 | other.0)
    }

    fn has(self, bit: u8) -> bool {
        self.0 & bit != 0
    }
}

/// The kind of each ASCII byte: letters, digits, `-` and `'` are word
/// characters.
const ASCII_KINDS: [RunKind; 128] = {
    let mut kinds = [RunKind::NONE; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        kinds[b] = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            RunKind(RunKind::WORD)
        } else if c.is_ascii_uppercase() {
            RunKind(RunKind::WORD | RunKind::UPPER)
        } else if c == b'-' {
            RunKind(RunKind::WORD | RunKind::HYPHEN)
        } else if c == b'\'' {
            RunKind::OTHER
        } else {
            RunKind::NONE
        };
        b += 1;
    }
    kinds
};

#[derive(Default)]
struct Buffers {
    run: String,
    part: String,
    joined: String,
    scratch: String,
}

impl Buffers {
    /// Emits the words of one run of word characters.
    fn flush<'t>(&mut self, run: &'t str, kind: RunKind, emit: &mut impl FnMut(Word<'t, '_>, bool)) {
        if !kind.has(RunKind::HYPHEN | RunKind::SPECIAL) {
            // One ASCII word, as most are: lent from the text if lowercase.
            if run.len() <= MAX_WORD {
                if kind.has(RunKind::UPPER) {
                    self.part.clear();
                    self.part.extend(run.bytes().map(|b| char::from(b.to_ascii_lowercase())));
                    emit(Word::Buffer(&self.part), false);
                } else {
                    emit(Word::Text(run), false);
                }
            }
            return;
        }
        self.joined.clear();
        let mut parts = 0;
        if !kind.has(RunKind::UPPER | RunKind::SPECIAL) {
            for part in run.split('-').filter(|p| !p.is_empty() && p.len() <= MAX_WORD) {
                emit(Word::Text(part), false);
                self.joined.push_str(part);
                parts += 1;
            }
        } else {
            self.run.clear();
            self.run.extend(run.chars().map(|c| if is_apostrophe(c) { '\'' } else { c }));
            for part in self.run.split('-') {
                if normalise_part(part, &mut self.part, &mut self.scratch) {
                    emit(Word::Buffer(&self.part), false);
                    self.joined.push_str(&self.part);
                    parts += 1;
                }
            }
        }
        if parts > 1 && self.joined.chars().count() <= MAX_WORD {
            emit(Word::Buffer(&self.joined), true);
        }
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
    tokens(text, |w, _| out.push(w.as_str().to_string()));
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
        tokens("social-media", |w, joined| out.push((w.as_str().to_string(), joined)));
        assert_eq!(out, [("social".into(), false), ("media".into(), false), ("socialmedia".into(), true)]);
    }

    #[test]
    fn overlong_words_are_dropped() {
        let long = "a".repeat(MAX_WORD + 1);
        assert_eq!(words(&format!("kort {long} kort")), ["kort", "kort"]);
    }
}
