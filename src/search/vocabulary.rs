//! The search vocabulary: the stopwords and ranking constants that the
//! Rust reference ranking ([`super::query`]) and the browser engine share.
//! This is their only copy: the browser's is generated from it when a site
//! is built ([`super::client`]), so the two cannot drift apart; the parity
//! tests (`tests/search_parity.rs`) check that both rank alike.
//!
//! The tokeniser's tables ([`super::tokenize::MAX_WORD`],
//! [`super::tokenize::APOSTROPHES`], [`crate::text::FOLD_SPECIAL`]) and the
//! index's posting flags ([`super::index::FIELD_TITLE`] and its kin) live
//! beside the code that uses them and are generated the same way.

/// Match kinds, as score multipliers.
pub const EXACT: u32 = 16;
/// A word with the same stem.
pub const STEM: u32 = 8;
/// A compound with the word as a part.
pub const COMPOUND: u32 = 6;
/// A word the (last) query word is the beginning of.
pub const PREFIX: u32 = 4;
/// A word one edit away.
pub const FUZZY: u32 = 2;

/// Fuzzy matching only for query words at least this long.
pub const FUZZY_MIN_CHARS: usize = 5;
/// Fuzzy matching only when other matches reach fewer pages than this.
pub const FUZZY_WHEN_FEWER: usize = 3;
/// Prefix matching only for words at least this long.
pub const PREFIX_MIN_CHARS: usize = 2;
/// Compound parts are at least this long (`super::compound`), so shorter
/// forms of a stem are not highlighted inside other words.
pub const COMPOUND_PART_MIN_CHARS: usize = 3;

/// A section's score for a word in its heading (times the match kind).
pub const HEADING_WEIGHT: u32 = 6;
/// A section's score for a word in its text, before occurrences count.
pub const BODY_WEIGHT: u32 = 2;
/// Each occurrence in a section adds one to its score, up to this many.
pub const COUNT_CAP: u32 = 6;
/// A page's score for a word in its title: every section of the page has it.
pub const TITLE_WEIGHT: u32 = 12;
/// A word on more than half of the pages of an index with at least this
/// many pages is common: it does not count as matched when the query has
/// rarer words.
pub const COMMON_MIN_PAGES: u32 = 4;

/// Dutch stopwords: function words of questions and phrases ("wat mag ik
/// posten over klanten"), folded as query words are.
const STOPWORDS_NL: &[&str] = &[
    "aan", "als", "ben", "bij", "dan", "dat", "de", "deze", "die", "dit", "door", "een", "en", "er", "het", "hij",
    "hoe", "ik", "in", "is", "je", "jij", "kan", "kunnen", "maar", "mag", "me", "met", "mij", "mijn", "moet", "moeten",
    "mogen", "naar", "niet", "nog", "of", "om", "ons", "onze", "ook", "op", "over", "te", "tot", "u", "uit", "van",
    "voor", "waar", "waarom", "wanneer", "wat", "we", "welke", "wie", "wij", "wil", "ze", "zij", "zijn",
];

/// English stopwords, as [`STOPWORDS_NL`]. Not "it" and "us", which are
/// also IT and the US.
const STOPWORDS_EN: &[&str] = &[
    "a", "about", "am", "an", "and", "are", "as", "at", "be", "by", "can", "could", "did", "do", "does", "for", "from",
    "he", "how", "i", "if", "in", "into", "is", "may", "me", "must", "my", "not", "of", "on", "or", "our", "she",
    "should", "that", "the", "there", "these", "they", "this", "to", "was", "we", "what", "when", "where", "which",
    "who", "why", "will", "with", "would", "you", "your",
];

/// The languages with stopwords (base codes) and their lists.
pub const STOPWORDS: [(&str, &[&str]); 2] = [("nl", STOPWORDS_NL), ("en", STOPWORDS_EN)];

/// The stopwords of a language code (`nl`, `en-GB`); none for other languages.
pub fn stopwords(lang: &str) -> &'static [&'static str] {
    let base = lang.split('-').next().unwrap_or(lang);
    STOPWORDS.iter().find(|(code, _)| *code == base).map_or(&[], |(_, list)| list)
}
