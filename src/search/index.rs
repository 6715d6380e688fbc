//! Building one language's search index and writing it as files.
//!
//! Files, below `search/<lang>/`:
//!
//! - `index.json`: the manifest: a version hash (added to every other URL as
//!   `?v=`, so browsers may cache them), the number of pages, which key
//!   prefixes were split into longer keys, and the key and size of every
//!   shard. It is the only file every search needs, and it is small.
//! - `shards.bin`: the shards, one after another. Every indexed word is
//!   filed under its stem, and every stem under a key: its first two
//!   characters, or more where a two-character shard would be large (see
//!   [`shard_key`]). A query fetches only the shards of its own words, each
//!   with an HTTP range request (offsets follow from the manifest's sizes).
//! - `pages.bin`: one fragment per page, one after another: title, URL and
//!   the text of each section, for result titles and snippets (see
//!   [`fragment`]); fetched by range only for results shown. `pages.idx`
//!   holds their sizes (varints).
//!
//! Four files per language, however large the site: a static host serves
//! them all, and a build does not create thousands of tiny files. Each shard
//! and fragment is its own raw DEFLATE stream (the browser inflates them
//! with `DecompressionStream("deflate-raw")`). Shard layout, with `varint` LEB128 and `str` a
//! varint byte length plus UTF-8:
//!
//! ```text
//! shard    := varint(stems) stem*
//! stem     := str(stem) varint(words) (str(word) postings)* postings(compounds)
//! postings := varint(n) (varint(page delta) varint(section) u8(flags))*
//! flags    := fields (1 title, 2 heading, 4 body) | min(count, 31) << 3
//! ```
//!
//! A posting with the title flag is a match in the page title; it counts for
//! every section of the page.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;

use super::compound;
use crate::markdown::TextSection;
pub use encode::{base36, deflate_parts, inflate_part, write_varint};
use encode::{encode_stem, fragment, pack};
use words::{collect_postings, merge_postings};

mod encode;
mod words;

/// The word is in the page title.
pub const FIELD_TITLE: u8 = 1;
/// The word is in the section's heading.
pub const FIELD_HEADING: u8 = 2;
/// The word is in the section's text.
pub const FIELD_BODY: u8 = 4;

/// The highest section number: the browser ranks a page's sections under
/// keys with 16 bits for the section (search.js, `SECTIONS`), and a posting
/// holding its section in 16 bits is a third smaller than one holding 32.
/// A page with more headings than this files the text after the last one
/// under it (its result links to that heading).
pub const MAX_SECTION: u16 = u16::MAX;

/// Shards are split into longer keys above this many (uncompressed) bytes.
const SHARD_TARGET: usize = 48 * 1024;
/// Shard keys are at least this many characters long (the whole stem when
/// it is shorter).
pub const SHARD_KEY_CHARS: usize = 2;
/// Keys never grow longer than this.
const MAX_KEY: usize = 6;

/// One page as the index sees it.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    /// The page's root-relative URL.
    pub url: String,
    /// The page title.
    pub title: String,
    /// The page description, searched and shown with the page's first section.
    pub description: String,
    /// The text under each heading, the first being the text before any
    /// heading; borrowed from the rendered page, so the index does not hold
    /// a second copy of the site's text.
    pub sections: Cow<'a, [TextSection]>,
}

/// Where a word occurs: page, section, in which fields and how often.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Posting {
    /// The page's number in the index.
    pub page: u32,
    /// The section's number within the page (0 is the text before any
    /// heading); sections after the last number, [`MAX_SECTION`], count as
    /// that one.
    pub section: u16,
    /// `FIELD_*` bits.
    pub fields: u8,
    /// Occurrences in the section's heading and text, at most 31.
    pub count: u8,
}

impl Posting {
    fn flags(self) -> u8 {
        self.fields | (self.count.min(31) << 3)
    }
}

/// The stemmer for a language code, if Snowball has one we use.
pub fn stemmer(lang: &str) -> Option<Stemmer> {
    let algorithm = match lang.split('-').next().unwrap_or(lang) {
        "nl" => Algorithm::Dutch,
        "en" => Algorithm::English,
        _ => return None,
    };
    Some(Stemmer::create(algorithm))
}

/// A stem and everything filed under it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StemEntry {
    /// Words with this stem and their postings, sorted by word.
    pub words: BTreeMap<String, Vec<Posting>>,
    /// Postings of compounds that have a part with this stem.
    pub compounds: Vec<Posting>,
}

/// One language's index in memory.
#[derive(Debug, Clone, Default)]
pub struct LanguageIndex<'a> {
    /// The language code.
    pub lang: String,
    /// The pages, numbered by position.
    pub documents: Vec<Document<'a>>,
    /// Every stem and its words, sorted.
    pub stems: BTreeMap<String, StemEntry>,
}

impl<'a> LanguageIndex<'a> {
    /// Indexes the documents of one language.
    pub fn build(lang: &str, documents: Vec<Document<'a>>) -> LanguageIndex<'a> {
        let (words, mut postings) = collect_postings(&documents);
        let stemmer = stemmer(lang);
        let stem_of = |w: &str| stemmer.as_ref().map_or_else(|| w.to_string(), |s| s.stem(w).into_owned());
        let mut stems: BTreeMap<String, StemEntry> = BTreeMap::new();
        let word_stems: Vec<String> = words.par_iter().map(|w| stem_of(w)).collect();
        if compound::splits_compounds(lang) {
            let vocabulary: compound::Vocabulary<'_> = words.iter().map(String::as_str).collect();
            // Most parts are words of the site, already stemmed.
            let known: FxHashMap<&str, &str> =
                words.iter().zip(&word_stems).map(|(w, s)| (w.as_str(), s.as_str())).collect();
            let splits: Vec<(usize, Vec<&str>)> = words
                .par_iter()
                .enumerate()
                .filter_map(|(n, w)| compound::split(w, &vocabulary).map(|parts| (n, parts)))
                .collect();
            // Parts that are no word of the site are stemmed once each.
            let mut unknown: Vec<&str> =
                splits.iter().flat_map(|(_, parts)| parts.iter().copied()).filter(|p| !known.contains_key(p)).collect();
            unknown.sort_unstable();
            unknown.dedup();
            let unknown: FxHashMap<&str, String> = unknown.into_par_iter().map(|p| (p, stem_of(p))).collect();
            for (n, parts) in splits {
                let part_stems: BTreeSet<&str> =
                    parts.iter().map(|p| known.get(p).copied().unwrap_or_else(|| unknown[p].as_str())).collect();
                for part_stem in part_stems {
                    let compounds = match stems.get_mut(part_stem) {
                        Some(entry) => &mut entry.compounds,
                        None => &mut stems.entry(part_stem.to_string()).or_default().compounds,
                    };
                    compounds.extend(postings[n].iter().copied());
                }
            }
        }
        for ((word, stem), list) in words.into_iter().zip(word_stems).zip(postings.iter_mut()) {
            let mut list = std::mem::take(list);
            list.sort_unstable();
            list.shrink_to_fit();
            stems.entry(stem).or_default().words.insert(word, list);
        }
        for entry in stems.values_mut() {
            entry.compounds = merge_postings(std::mem::take(&mut entry.compounds));
        }
        LanguageIndex { lang: lang.to_string(), documents, stems }
    }

    /// The index's files: path below `search/<lang>/` and bytes.
    pub fn files(&self, compress: bool) -> Vec<(String, Vec<u8>)> {
        self.clone().into_files(compress)
    }

    /// Like [`LanguageIndex::files`], consuming the index: each stem's
    /// postings are freed as soon as they are encoded, before the shards
    /// are packed (which is when a build's memory peaked).
    pub fn into_files(self, compress: bool) -> Vec<(String, Vec<u8>)> {
        let LanguageIndex { lang, documents, stems } = self;
        let encoded: Vec<(String, Vec<u8>)> = stems
            .into_par_iter()
            .map(|(stem, entry)| {
                let bytes = encode_stem(&stem, &entry);
                (stem, bytes)
            })
            .collect();
        let sizes: Vec<(&str, usize)> = encoded.iter().map(|(s, b)| (s.as_str(), b.len())).collect();
        let split = choose_splits(&sizes);
        let mut shards: BTreeMap<&str, Vec<&[u8]>> = BTreeMap::new();
        for (stem, bytes) in &encoded {
            shards.entry(shard_key(stem, &split)).or_default().push(bytes);
        }
        let shards: Vec<(&str, Vec<&[u8]>)> = shards.into_iter().collect();
        let shard = |i: usize| {
            let entries = &shards[i].1;
            let mut bytes = Vec::with_capacity(entries.iter().map(|e| e.len()).sum::<usize>() + 4);
            write_varint(&mut bytes, entries.len() as u64);
            for e in entries {
                bytes.extend_from_slice(e);
            }
            bytes
        };
        // Shards first, then pages, each packed in parallel inside: the
        // encoded stems are freed before the pages are packed.
        let (shards_bin, shard_sizes) = pack(shards.len(), compress, shard);
        let keys: String = shards.iter().map(|&(key, _)| key).collect::<Vec<_>>().join(" ");
        drop(shards);
        drop(encoded);
        let (pages_bin, page_sizes) = pack(documents.len(), compress, |i| fragment(&documents[i]));
        let mut pages_idx = Vec::new();
        for size in &page_sizes {
            write_varint(&mut pages_idx, *size as u64);
        }
        let mut hash = crate::fingerprint::fnv1a(lang.as_bytes());
        for bytes in [&shards_bin, &pages_bin, &pages_idx] {
            hash = hash.rotate_left(13) ^ crate::fingerprint::fnv1a(bytes);
        }
        let base36: Vec<String> = shard_sizes.iter().map(|&s| base36(s)).collect();
        let manifest = serde_json::json!({
            "format": 3,
            "lang": lang,
            "version": format!("{hash:016x}"),
            "pages": documents.len(),
            "split": split.iter().collect::<Vec<_>>(),
            "shards": keys,
            "sizes": base36.join(" "),
            "encoding": if compress { "deflate-raw" } else { "none" },
            "stemmer": stemmer(&lang).is_some(),
        });
        vec![
            ("index.json".into(), format!("{manifest}\n").into_bytes()),
            ("shards.bin".into(), shards_bin),
            ("pages.bin".into(), pages_bin),
            ("pages.idx".into(), pages_idx),
        ]
    }
}

/// The shard key of a stem: its first [`SHARD_KEY_CHARS`] characters, one more for every
/// prefix in `split`, and the whole stem when it is shorter.
pub fn shard_key<'s>(stem: &'s str, split: &BTreeSet<String>) -> &'s str {
    // Byte ends of the stem's first 2, 3, ... characters, then its end.
    let mut ends = stem.char_indices().map(|(i, _)| i).skip(SHARD_KEY_CHARS).chain([stem.len()]);
    let mut key = ends.next().map_or(stem, |end| &stem[..end]);
    while key.len() < stem.len() && split.contains(key) {
        key = ends.next().map_or(stem, |end| &stem[..end]);
    }
    key
}

/// Decides which prefixes to split so no shard is much larger than the
/// target: a prefix is split when the stems under it add up to more.
fn choose_splits(sizes: &[(&str, usize)]) -> BTreeSet<String> {
    let mut split = BTreeSet::new();
    for depth in SHARD_KEY_CHARS..MAX_KEY {
        let mut totals: BTreeMap<&str, usize> = BTreeMap::new();
        for &(stem, size) in sizes {
            let key = shard_key(stem, &split);
            if key.len() < stem.len() && key.chars().count() == depth {
                *totals.entry(key).or_default() += size;
            }
        }
        let before = split.len();
        split.extend(totals.into_iter().filter(|&(_, total)| total > SHARD_TARGET).map(|(key, _)| key.to_string()));
        if split.len() == before {
            break;
        }
    }
    split
}

#[cfg(test)]
mod tests;
