//! Querying an index: the reference implementation of what the browser
//! engine does, used to test ranking here and to check that the engine
//! ranks the same (it must make the same decisions in the same order).
//!
//! Why this is in the library though only tests call it: the parity,
//! snapshot and fuzz tests under `tests/` reach only public library items
//! (`cfg(test)` would hide it from them), and the index's own tests read
//! their files back with [`decode_fragment`]. Nothing in the `beleid` binary
//! calls it, so the linker leaves it out of the binary.
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
//! words per language, [`super::vocabulary::stopwords`]) are dropped when it has other words,
//! so "wat mag ik posten over klanten" is about posting and clients, on a
//! small site too, where "klanten" may be on half of the pages.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::index::{FIELD_BODY, FIELD_HEADING, FIELD_TITLE, Posting, StemEntry, shard_key, stemmer};
use super::tokenize::tokens;
use super::vocabulary::*;
pub use decode::{Fragment, Manifest, decode_fragment, decode_shard};

mod decode;

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
        w += HEADING_WEIGHT;
    }
    if p.fields & FIELD_BODY != 0 {
        w += BODY_WEIGHT + u32::from(p.count).min(COUNT_CAP);
    }
    w
}

/// The part of a posting's score that belongs to its whole page.
fn page_weight(p: &Posting) -> u32 {
    if p.fields & FIELD_TITLE != 0 { TITLE_WEIGHT } else { 0 }
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
            let common = pages >= COMMON_MIN_PAGES && df * 2 > pages;
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
