//! Querying an index: the reference implementation of what the browser
//! script does, used to test ranking here and to check that the script
//! ranks the same (it must make the same decisions in the same order).
//!
//! For each query word, every posting gets a score: the kind of match
//! (`EXACT` word > `STEM` > `COMPOUND` part > `PREFIX` of the last word >
//! `FUZZY`, one edit away, only for words of 5+ letters with few other
//! matches) times where it is (title > heading > text, more occurrences
//! counting a little). A title match counts for every section of its page.
//! A section's score is the sum of each query word's best score times the
//! word's rarity (one more for every halving of the share of pages it is
//! on). Results are ordered by how many query words matched, then score,
//! then page and section number, and only the best section of each page is
//! kept. A word on more than half of the pages ("de", "the") does not count
//! as matched when the query has rarer words.
//!
//! Before any of that, the query's stopwords (a short list of function
//! words per language, [`stopwords`]) are dropped when it has other words,
//! so "wat mag ik posten over klanten" is about posting and clients, on a
//! small site too, where "klanten" may be on half of the pages.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::index::{FIELD_BODY, FIELD_HEADING, FIELD_TITLE, Posting, StemEntry, shard_key, stemmer};
use super::tokenize::tokens;

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

/// The manifest fields a query needs.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct Manifest {
    /// The language.
    pub lang: String,
    /// The number of pages in the index.
    pub pages: u32,
    /// Prefixes split into longer shard keys.
    pub split: BTreeSet<String>,
    /// The keys of the shards, in `shards.bin` order, separated by spaces.
    pub shards: String,
    /// Each shard's size in bytes, base 36, separated by spaces.
    pub sizes: String,
    /// `deflate-raw` (see [`super::index::deflate_parts`]) or `none`.
    #[serde(default)]
    pub encoding: String,
}

impl Manifest {
    /// Where each shard is in `shards.bin`: key → (offset, length).
    pub fn shard_ranges(&self) -> BTreeMap<String, (usize, usize)> {
        let mut offset: usize = 0;
        let mut ranges = BTreeMap::new();
        for (key, size) in self.shards.split(' ').zip(self.sizes.split(' ')) {
            let size = usize::from_str_radix(size, 36).unwrap_or(0);
            ranges.insert(key.to_string(), (offset, size));
            offset = offset.saturating_add(size);
        }
        ranges
    }

    /// A shard loader over the bytes of `shards.bin`, for [`search`]: the
    /// shard's bytes, inflated.
    pub fn loader<'a>(&self, shards_bin: &'a [u8]) -> impl Fn(&str) -> Option<Vec<u8>> + 'a {
        let ranges = self.shard_ranges();
        let deflated = self.encoding == "deflate-raw";
        move |key: &str| {
            let &(offset, size) = ranges.get(key)?;
            let bytes = shards_bin.get(offset..offset.checked_add(size)?)?;
            if deflated { super::index::inflate_part(bytes).ok() } else { Some(bytes.to_vec()) }
        }
    }
}

/// One result: the best section of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The page number.
    pub page: u32,
    /// The section number within the page.
    pub section: u32,
    /// How many query words matched.
    pub matched: u32,
    /// The score.
    pub score: u32,
}

/// What a query found, with the words to highlight.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Results {
    /// Results, best first.
    pub hits: Vec<Hit>,
    /// Every indexed word that matched, for highlighting; and, with a `*`
    /// in front, each form of a stem whose compounds matched: a longer word
    /// containing it is highlighted too (`*prive`: `privepersoon`, not
    /// `privacy`).
    pub words: BTreeSet<String>,
}

/// Decodes a shard (inflated).
pub fn decode_shard(bytes: &[u8]) -> Result<BTreeMap<String, StemEntry>, String> {
    let mut r = Reader { bytes, at: 0 };
    let mut stems = BTreeMap::new();
    for _ in 0..r.varint()? {
        let stem = r.string()?;
        let mut entry = StemEntry::default();
        for _ in 0..r.varint()? {
            let word = r.string()?;
            entry.words.insert(word, r.postings()?);
        }
        entry.compounds = r.postings()?;
        stems.insert(stem, entry);
    }
    Ok(stems)
}

/// A page's fragment from `pages.bin` (inflated), as the browser reads it
/// for a result's title, link and snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fragment {
    /// The page title.
    pub title: String,
    /// The page's URL.
    pub url: String,
    /// Each section's anchor (empty for the first), heading and text.
    pub sections: Vec<(String, String, String)>,
}

/// Decodes a page's fragment (inflated).
pub fn decode_fragment(bytes: &[u8]) -> Result<Fragment, String> {
    let mut r = Reader { bytes, at: 0 };
    let title = r.string()?;
    let url = r.string()?;
    let mut sections = Vec::new();
    for _ in 0..r.varint()? {
        sections.push((r.string()?, r.string()?, r.string()?));
    }
    if r.at != bytes.len() {
        return Err("bytes left after the fragment".into());
    }
    Ok(Fragment { title, url, sections })
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self.bytes.get(self.at).ok_or("shard ends early")?;
        self.at += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("varint too long".into())
    }

    fn string(&mut self) -> Result<String, String> {
        let len = usize::try_from(self.varint()?).map_err(|e| e.to_string())?;
        let end = self.at.checked_add(len).filter(|&e| e <= self.bytes.len()).ok_or("string runs past the shard")?;
        let s = std::str::from_utf8(&self.bytes[self.at..end]).map_err(|e| e.to_string())?.to_string();
        self.at = end;
        Ok(s)
    }

    fn postings(&mut self) -> Result<Vec<Posting>, String> {
        let n = self.varint()?;
        let mut out = Vec::new();
        let mut page = 0u64;
        for _ in 0..n {
            page = page.checked_add(self.varint()?).ok_or("page number overflows")?;
            let section = self.varint()?;
            let flags = self.byte()?;
            out.push(Posting {
                page: u32::try_from(page).map_err(|e| e.to_string())?,
                section: u16::try_from(section).map_err(|e| e.to_string())?,
                fields: flags & 7,
                count: flags >> 3,
            });
        }
        Ok(out)
    }
}

/// Optimal string alignment distance of at most one: one insertion,
/// deletion, substitution or swap of neighbours.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a == b {
        return false;
    }
    let (la, lb) = (a.len(), b.len());
    if la.abs_diff(lb) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if la == lb {
        // Substitution, or a swap of two neighbours.
        a[prefix + 1..] == b[prefix + 1..]
            || (prefix + 1 < la
                && a[prefix] == b[prefix + 1]
                && a[prefix + 1] == b[prefix]
                && a[prefix + 2..] == b[prefix + 2..])
    } else if la > lb {
        a[prefix + 1..] == b[prefix..]
    } else {
        a[prefix..] == b[prefix + 1..]
    }
}

/// The part of a posting's score that belongs to its section.
fn section_weight(p: &Posting) -> u32 {
    let mut w = 0;
    if p.fields & FIELD_HEADING != 0 {
        w += 6;
    }
    if p.fields & FIELD_BODY != 0 {
        w += 2 + u32::from(p.count.min(6));
    }
    w
}

/// The part of a posting's score that belongs to its whole page.
fn page_weight(p: &Posting) -> u32 {
    if p.fields & FIELD_TITLE != 0 { 12 } else { 0 }
}

/// Best scores of one query word.
#[derive(Default)]
struct WordMatches {
    sections: HashMap<(u32, u32), u32>,
    pages: HashMap<u32, u32>,
}

impl WordMatches {
    fn add(&mut self, postings: &[Posting], kind: u32) {
        for p in postings {
            let s = kind * section_weight(p);
            if s > 0 {
                let best = self.sections.entry((p.page, u32::from(p.section))).or_insert(0);
                *best = (*best).max(s);
            }
            let t = kind * page_weight(p);
            if t > 0 {
                let best = self.pages.entry(p.page).or_insert(0);
                *best = (*best).max(t);
            }
        }
    }

    fn page_count(&self) -> usize {
        let mut pages: BTreeSet<u32> = self.sections.keys().map(|k| k.0).collect();
        pages.extend(self.pages.keys());
        pages.len()
    }
}

/// Dutch stopwords: function words of questions and phrases ("wat mag ik
/// posten over klanten"), folded as query words are. The browser script
/// has the same list (`tests/search_parity.rs` compares them).
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

/// The stopwords of a language code (`nl`, `en-GB`); none for other languages.
pub fn stopwords(lang: &str) -> &'static [&'static str] {
    match lang.split('-').next().unwrap_or(lang) {
        "nl" => STOPWORDS_NL,
        "en" => STOPWORDS_EN,
        _ => &[],
    }
}

/// The query words: parts of hyphenated words (not their joined forms),
/// each once, in order, without the language's stopwords unless the query
/// has nothing else; and whether the last one is still being typed (not
/// when the word being typed was a stopword and dropped).
pub fn query_words(query: &str, lang: &str) -> (Vec<String>, bool) {
    let mut words: Vec<String> = Vec::new();
    tokens(query, |word, joined| {
        if !joined && !words.iter().any(|w| w == word.as_str()) {
            words.push(word.as_str().to_string());
        }
    });
    let mut typing = !query.ends_with(char::is_whitespace);
    let stop = stopwords(lang);
    let is_stopword = |w: &String| stop.contains(&w.as_str());
    if words.iter().any(|w| !is_stopword(w)) {
        if words.last().is_some_and(is_stopword) {
            typing = false;
        }
        words.retain(|w| !is_stopword(w));
    }
    (words, typing)
}

/// Runs a query. `load` returns a shard's bytes by key (`None` if missing).
pub fn search(manifest: &Manifest, load: &dyn Fn(&str) -> Option<Vec<u8>>, query: &str, limit: usize) -> Results {
    let (words, typing) = query_words(query, &manifest.lang);
    let stemmer = stemmer(&manifest.lang);
    let mut shards: HashMap<String, BTreeMap<String, StemEntry>> = HashMap::new();
    let existing: BTreeSet<&str> = manifest.shards.split(' ').filter(|k| !k.is_empty()).collect();
    let mut shard = |key: String| -> BTreeMap<String, StemEntry> {
        shards
            .entry(key.clone())
            .or_insert_with(|| {
                existing
                    .contains(key.as_str())
                    .then(|| load(&key))
                    .flatten()
                    .and_then(|b| decode_shard(&b).ok())
                    .unwrap_or_default()
            })
            .clone()
    };
    let mut results = Results::default();
    let mut per_word: Vec<WordMatches> = Vec::new();
    for (i, q) in words.iter().enumerate() {
        let stem = stemmer.as_ref().map_or_else(|| q.clone(), |s| s.stem(q).into_owned());
        let stem_shard = shard(shard_key(&stem, &manifest.split).to_string());
        let word_shard = shard(shard_key(q, &manifest.split).to_string());
        let mut m = WordMatches::default();
        if let Some(entry) = stem_shard.get(&stem) {
            for (word, postings) in &entry.words {
                m.add(postings, if word == q { EXACT } else { STEM });
                results.words.insert(word.clone());
            }
            if !entry.compounds.is_empty() {
                m.add(&entry.compounds, COMPOUND);
                // The compounds are not in the index as words: highlight
                // longer words containing a form of the stem (a part).
                for form in entry.words.keys().chain([q]) {
                    if form.chars().count() >= COMPOUND_PART_MIN_CHARS {
                        results.words.insert(format!("*{form}"));
                    }
                }
            }
        }
        let chars = q.chars().count();
        if i + 1 == words.len() && typing && chars >= PREFIX_MIN_CHARS {
            for entry in word_shard.values() {
                for (word, postings) in &entry.words {
                    if word != q && word.starts_with(q.as_str()) {
                        m.add(postings, PREFIX);
                        results.words.insert(word.clone());
                    }
                }
            }
        }
        if chars >= FUZZY_MIN_CHARS && m.page_count() < FUZZY_WHEN_FEWER {
            // One edit from the word, or its stem one edit from theirs
            // (`werknemrs` → `werknemr` ~ `werknemer` ← `werknemers`).
            for (entry_stem, entry) in word_shard.iter().chain(stem_shard.iter()) {
                let stem_close = within_one_edit(&stem, entry_stem);
                for (word, postings) in &entry.words {
                    if stem_close || within_one_edit(q, word) {
                        m.add(postings, FUZZY);
                        results.words.insert(word.clone());
                    }
                }
            }
        }
        per_word.push(m);
    }
    let pages = manifest.pages.max(1);
    let weights: Vec<(u32, bool)> = per_word
        .iter()
        .map(|m| {
            let df = u32::try_from(m.page_count()).unwrap_or(u32::MAX).max(1);
            let rarity = 1 + (pages / df).max(1).ilog2();
            let common = pages >= 4 && df * 2 > pages;
            (rarity, common)
        })
        .collect();
    let significant = per_word.iter().zip(&weights).any(|(m, w)| !w.1 && m.page_count() > 0);
    let mut candidates: BTreeSet<(u32, u32)> = BTreeSet::new();
    for m in &per_word {
        candidates.extend(m.sections.keys().copied());
        candidates.extend(m.pages.keys().map(|&p| (p, 0)));
    }
    let mut hits: Vec<Hit> = candidates
        .into_iter()
        .map(|(page, section)| {
            let (mut matched, mut score) = (0, 0);
            for (m, &(rarity, common)) in per_word.iter().zip(&weights) {
                let best = m
                    .sections
                    .get(&(page, section))
                    .copied()
                    .unwrap_or(0)
                    .max(m.pages.get(&page).copied().unwrap_or(0));
                if best > 0 {
                    if !common || !significant {
                        matched += 1;
                    }
                    score += best * rarity;
                }
            }
            Hit { page, section, matched, score }
        })
        .collect();
    hits.sort_by(|a, b| {
        b.matched.cmp(&a.matched).then(b.score.cmp(&a.score)).then(a.page.cmp(&b.page)).then(a.section.cmp(&b.section))
    });
    let mut seen = BTreeSet::new();
    hits.retain(|h| seen.insert(h.page));
    hits.truncate(limit);
    results.hits = hits;
    results
}

#[cfg(test)]
mod tests;
