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
use super::tokenize::{Word, tokens};
use crate::markdown::TextSection;

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

/// One page's words, each once, and where they occur.
struct PageWords<'t> {
    /// The words, by number.
    words: Vec<Cow<'t, str>>,
    /// (word number, section, fields, count), in section order.
    occurrences: Vec<(u32, u16, u8, u8)>,
}

/// What [`page_words`] keeps between pages, so that its map and vectors
/// grow once per thread rather than once per page.
#[derive(Default)]
struct Scratch<'t> {
    numbers: FxHashMap<Cow<'t, str>, u32>,
    latest: Vec<usize>,
}

fn page_words<'t>(doc: &'t Document<'_>, scratch: &mut Scratch<'t>) -> PageWords<'t> {
    let Scratch { numbers, latest } = scratch;
    numbers.clear();
    latest.clear();
    // Per word, its latest occurrence (sections are visited in order, so
    // a word's entry for the current section, if any, is its latest).
    let mut occurrences: Vec<(u32, u16, u8, u8)> = Vec::new();
    let mut add = |word: Word<'t, '_>, section: u16, field: u8| {
        let number = match numbers.get(word.as_str()) {
            Some(&n) => n,
            None => {
                let n = u32::try_from(latest.len()).unwrap_or(u32::MAX);
                numbers.insert(word.to_cow(), n);
                latest.push(usize::MAX);
                n
            }
        };
        let count = u8::from(field != FIELD_TITLE);
        let last = latest[number as usize];
        match occurrences.get_mut(last) {
            Some(o) if o.1 == section => {
                o.2 |= field;
                o.3 = o.3.saturating_add(count);
            }
            _ => {
                latest[number as usize] = occurrences.len();
                occurrences.push((number, section, field, count));
            }
        }
    };
    tokens(&doc.title, |w, _| add(w, 0, FIELD_TITLE));
    tokens(&doc.description, |w, _| add(w, 0, FIELD_BODY));
    for (i, section) in doc.sections.iter().enumerate() {
        let i = u16::try_from(i).unwrap_or(MAX_SECTION);
        tokens(&section.heading, |w, _| add(w, i, FIELD_HEADING));
        tokens(&section.text, |w, _| add(w, i, FIELD_BODY));
    }
    let mut words = vec![Cow::Borrowed(""); numbers.len()];
    for (word, n) in numbers.drain() {
        words[n as usize] = word;
    }
    PageWords { words, occurrences }
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

/// Every word of the documents, each once, and its postings (in page and
/// section order), by word number.
fn collect_postings(documents: &[Document<'_>]) -> (Vec<String>, Vec<Vec<Posting>>) {
    // Pages are read in parallel a chunk at a time, so that the words of
    // every page are not all held at once; a chunk's words are numbered
    // (in page order, on one thread) while the next chunk is read.
    const CHUNK: usize = 256;
    let mut numbering = Numbering::default();
    let mut chunks = documents.chunks(CHUNK);
    let mut ready = chunks.next().map(read_chunk);
    while let Some(chunk) = ready.take() {
        let next = chunks.next();
        ready = rayon::join(|| numbering.add(chunk), || next.map(read_chunk)).1;
    }
    let Numbering { numbers, postings, .. } = numbering;
    let mut words = vec![String::new(); postings.len()];
    for (word, n) in numbers {
        words[n] = word.into_owned();
    }
    (words, postings)
}

/// The words of each page of a chunk, read in parallel.
fn read_chunk<'t>(chunk: &'t [Document<'_>]) -> Vec<PageWords<'t>> {
    chunk.par_iter().map_init(Scratch::default, |s, doc| page_words(doc, s)).collect()
}

/// Numbers the words of the whole site in order of first use, and files
/// each page's occurrences under them.
#[derive(Default)]
struct Numbering<'t> {
    numbers: FxHashMap<Cow<'t, str>, usize>,
    postings: Vec<Vec<Posting>>,
    /// The number of the next page.
    page: u32,
}

impl<'t> Numbering<'t> {
    fn add(&mut self, chunk: Vec<PageWords<'t>>) {
        for words in chunk {
            let global: Vec<usize> = words
                .words
                .into_iter()
                .map(|word| match self.numbers.get(word.as_ref()) {
                    Some(&n) => n,
                    None => {
                        self.numbers.insert(word, self.postings.len());
                        self.postings.push(Vec::new());
                        self.postings.len() - 1
                    }
                })
                .collect();
            for (n, section, fields, count) in words.occurrences {
                let page = self.page;
                self.postings[global[n as usize]].push(Posting { page, section, fields, count });
            }
            self.page = self.page.saturating_add(1);
        }
    }
}

/// Parts packed per chunk, each chunk on its own thread with its own
/// compressor.
const PACK_CHUNK: usize = 64;

/// Makes `count` parts with `part` and packs them into one file (compressed
/// with [`deflate_parts`] or concatenated), returning it and each part's
/// size there. Parts are made and packed a chunk at a time, in parallel, so
/// the uncompressed parts of a large site are never all in memory at once.
/// Every part is compressed alone, so the bytes do not depend on the
/// number of threads.
fn pack(count: usize, compress: bool, part: impl Fn(usize) -> Vec<u8> + Sync) -> (Vec<u8>, Vec<usize>) {
    let chunks: Vec<(Vec<u8>, Vec<usize>)> = (0..count.div_ceil(PACK_CHUNK))
        .into_par_iter()
        .map(|chunk| {
            let made: Vec<Vec<u8>> = (chunk * PACK_CHUNK..count.min((chunk + 1) * PACK_CHUNK)).map(&part).collect();
            let parts: Vec<&[u8]> = made.iter().map(Vec::as_slice).collect();
            if compress { deflate_parts(parts) } else { concatenate(parts) }
        })
        .collect();
    let mut all = Vec::with_capacity(chunks.iter().map(|(bytes, _)| bytes.len()).sum());
    let mut sizes = Vec::with_capacity(count);
    for (bytes, chunk_sizes) in chunks {
        all.extend_from_slice(&bytes);
        sizes.extend(chunk_sizes);
    }
    (all, sizes)
}

/// Concatenates byte strings, returning the whole and each one's size.
fn concatenate(parts: Vec<&[u8]>) -> (Vec<u8>, Vec<usize>) {
    let mut all = Vec::new();
    let mut sizes = Vec::new();
    for part in parts {
        all.extend_from_slice(part);
        sizes.push(part.len());
    }
    (all, sizes)
}

/// Compresses each part into a raw DEFLATE stream of its own (libdeflate,
/// level 1) and puts them one after another, returning the whole and each
/// part's compressed size. Each part inflates alone, from its place in the
/// whole.
///
/// libdeflate compresses a whole buffer at once: at level 1 it took half
/// the time of miniz_oxide's streaming compressor and made the index a
/// fifth smaller. One compressor serves every part of a call.
pub fn deflate_parts(parts: Vec<&[u8]>) -> (Vec<u8>, Vec<usize>) {
    let level = libdeflater::CompressionLvl::new(1).expect("1 is a valid level");
    let mut compressor = libdeflater::Compressor::new(level);
    let mut out = Vec::new();
    let mut sizes = Vec::with_capacity(parts.len());
    for part in parts {
        let start = out.len();
        out.resize(start + compressor.deflate_compress_bound(part.len()), 0);
        let size = compressor.deflate_compress(part, &mut out[start..]).expect("the bound leaves room for any input");
        out.truncate(start + size);
        sizes.push(size);
    }
    (out, sizes)
}

/// Inflates one part written by [`deflate_parts`].
pub fn inflate_part(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut decompressor = libdeflater::Decompressor::new();
    let mut out = vec![0; bytes.len().saturating_mul(4).max(1024)];
    loop {
        match decompressor.deflate_decompress(bytes, &mut out) {
            Ok(size) => {
                out.truncate(size);
                return Ok(out);
            }
            // Text rarely compresses 4 : 1; a part that did gets more room.
            Err(libdeflater::DecompressionError::InsufficientSpace) if out.len() < 1 << 30 => {
                out.resize(out.len() * 2, 0);
            }
            Err(e) => return Err(e.to_string()),
        }
    }
}

/// A number in base 36 (digits and lowercase letters), as the manifest
/// writes shard sizes to keep it small.
pub fn base36(mut n: usize) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[n % 36]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).expect("digits are ASCII")
}

/// Merges postings of one page and section (a word can reach a stem's
/// compounds through several compound words).
fn merge_postings(mut list: Vec<Posting>) -> Vec<Posting> {
    // The list is the sorted lists of several compounds one after another:
    // the stable sort merges such runs, where the unstable one starts over.
    list.sort();
    let mut out: Vec<Posting> = Vec::with_capacity(list.len());
    for p in list {
        match out.last_mut() {
            Some(last) if last.page == p.page && last.section == p.section => {
                last.fields |= p.fields;
                last.count = last.count.saturating_add(p.count).min(31);
            }
            _ => out.push(p),
        }
    }
    out.shrink_to_fit();
    out
}

/// The shard key of a stem: its first two characters, one more for every
/// prefix in `split`, and the whole stem when it is shorter.
pub fn shard_key<'s>(stem: &'s str, split: &BTreeSet<String>) -> &'s str {
    // Byte ends of the stem's first 2, 3, ... characters, then its end.
    let mut ends = stem.char_indices().map(|(i, _)| i).skip(2).chain([stem.len()]);
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
    for depth in 2..MAX_KEY {
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

fn encode_stem(stem: &str, entry: &StemEntry) -> Vec<u8> {
    let mut out = Vec::new();
    write_str(&mut out, stem);
    write_varint(&mut out, entry.words.len() as u64);
    for (word, postings) in &entry.words {
        write_str(&mut out, word);
        write_postings(&mut out, postings);
    }
    write_postings(&mut out, &entry.compounds);
    out
}

fn write_postings(out: &mut Vec<u8>, postings: &[Posting]) {
    write_varint(out, postings.len() as u64);
    let mut previous = 0;
    for p in postings {
        write_varint(out, u64::from(p.page - previous));
        write_varint(out, u64::from(p.section));
        out.push(p.flags());
        previous = p.page;
    }
}

fn write_str(out: &mut Vec<u8>, s: &str) {
    write_varint(out, s.len() as u64);
    out.extend_from_slice(s.as_bytes());
}

/// Writes an unsigned LEB128 number.
pub fn write_varint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// A page's fragment: its title, URL and every section's anchor, heading
/// and text, the first section's text after the page description:
///
/// ```text
/// fragment := str(title) str(url) varint(sections) (str(anchor) str(heading) str(text))*
/// ```
fn fragment(doc: &Document<'_>) -> Vec<u8> {
    let text_bytes: usize = doc.sections.iter().map(|s| s.heading.len() + s.text.len() + 24).sum();
    let mut out = Vec::with_capacity(doc.title.len() + doc.url.len() + doc.description.len() + text_bytes + 16);
    write_str(&mut out, &doc.title);
    write_str(&mut out, &doc.url);
    write_varint(&mut out, doc.sections.len() as u64);
    for (i, section) in doc.sections.iter().enumerate() {
        write_str(&mut out, section.id.as_deref().unwrap_or_default());
        write_str(&mut out, &section.heading);
        if i == 0 && !doc.description.is_empty() {
            let space = usize::from(!section.text.is_empty());
            write_varint(&mut out, (doc.description.len() + space + section.text.len()) as u64);
            out.extend_from_slice(doc.description.as_bytes());
            out.extend_from_slice(&b" "[..space]);
            out.extend_from_slice(section.text.as_bytes());
        } else {
            write_str(&mut out, &section.text);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(id: Option<&str>, heading: &str, text: &str) -> TextSection {
        TextSection { id: id.map(str::to_string), heading: heading.into(), text: text.into() }
    }

    pub(crate) fn sample() -> LanguageIndex<'static> {
        LanguageIndex::build(
            "nl",
            vec![
                Document {
                    url: "/beleid/".into(),
                    title: "Socialemediabeleid".into(),
                    description: "Het beleid voor medewerkers.".into(),
                    sections: vec![
                        section(None, "", "Inleiding over beleidsregels."),
                        section(Some("privacy"), "Privacy", "Deel geen gegevens van klanten. Privacyrechten gelden."),
                    ]
                    .into(),
                },
                Document {
                    url: "/faq/".into(),
                    title: "Vragen".into(),
                    description: String::new(),
                    sections: vec![
                        section(None, "", ""),
                        section(Some("klant"), "Een klant", "Wat mag ik posten over een klant?"),
                    ]
                    .into(),
                },
            ],
        )
    }

    #[test]
    fn words_are_filed_under_stems_with_fields() {
        let index = sample();
        let klant = &index.stems["klant"];
        assert_eq!(klant.words.keys().collect::<Vec<_>>(), ["klant", "klanten"]);
        assert_eq!(klant.words["klanten"], [Posting { page: 0, section: 1, fields: FIELD_BODY, count: 1 }]);
        assert_eq!(
            klant.words["klant"],
            [Posting { page: 1, section: 1, fields: FIELD_HEADING | FIELD_BODY, count: 2 }]
        );
        let title = &index.stems["socialemediabeleid"].words["socialemediabeleid"];
        assert_eq!(title[0].fields, FIELD_TITLE);
    }

    #[test]
    fn sections_past_the_last_number_count_as_the_last() {
        let last = usize::from(MAX_SECTION);
        let mut sections = vec![section(None, "", "")];
        sections.extend((1..=last + 2).map(|i| section(Some(&format!("h{i}")), "Kop", &format!("woord{i}"))));
        let index = LanguageIndex::build(
            "nl",
            vec![Document {
                url: "/".into(),
                title: "Lang".into(),
                description: String::new(),
                sections: sections.into(),
            }],
        );
        let section_of = |word: &str| index.stems[word].words[word][0].section;
        assert_eq!(section_of("woord1"), 1);
        assert_eq!(section_of(&format!("woord{}", last - 1)), MAX_SECTION - 1);
        assert_eq!(section_of(&format!("woord{last}")), MAX_SECTION);
        assert_eq!(section_of(&format!("woord{}", last + 2)), MAX_SECTION);
        // The heading words of every section past the last are there too.
        let kop = &index.stems["kop"].words["kop"];
        assert_eq!(kop.last().map(|p| (p.section, p.count)), Some((MAX_SECTION, 3)));
    }

    #[test]
    fn compound_parts_point_at_the_compound() {
        let index = sample();
        // "beleid" is a word on its own, so beleidsregels and the title split on it.
        let pages: Vec<(u32, u16)> = index.stems["beleid"].compounds.iter().map(|p| (p.page, p.section)).collect();
        assert_eq!(pages, [(0, 0)]);
        assert!(index.stems["privacy"].compounds.iter().any(|p| p.page == 0 && p.section == 1));
    }

    #[test]
    fn shard_keys_grow_where_split() {
        let split: BTreeSet<String> = ["de".to_string(), "del".to_string()].into();
        assert_eq!(shard_key("beleid", &split), "be");
        assert_eq!(shard_key("de", &split), "de");
        assert_eq!(shard_key("deur", &split), "deu");
        assert_eq!(shard_key("delen", &split), "dele");
        assert_eq!(shard_key("a", &split), "a");
    }

    #[test]
    fn large_prefixes_are_split() {
        let sizes = vec![("aa", 10), ("beleid", SHARD_TARGET), ("belang", 10), ("beter", 10), ("ce", 5)];
        let split = choose_splits(&sizes);
        assert_eq!(split.iter().collect::<Vec<_>>(), ["be", "bel"]);
    }

    #[test]
    fn files_are_reproducible_and_versioned() {
        let a = sample().files(true);
        let b = sample().files(true);
        assert_eq!(a, b);
        let names: Vec<&str> = a.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["index.json", "shards.bin", "pages.bin", "pages.idx"]);
        let manifest = String::from_utf8(a[0].1.clone()).unwrap();
        assert!(manifest.contains("\"pages\":2") && manifest.contains("\"version\":\""), "{manifest}");
        // Each fragment inflates on its own, from its place in pages.bin.
        let manifest: serde_json::Value = serde_json::from_slice(&a[0].1).unwrap();
        assert_eq!(manifest["encoding"], "deflate-raw");
        let mut sizes = Vec::new();
        let (mut value, mut shift) = (0usize, 0);
        for &b in &a[3].1 {
            value |= usize::from(b & 0x7f) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                sizes.push(value);
                (value, shift) = (0, 0);
            }
        }
        let (first, second) = (sizes[0], sizes[1]);
        assert_eq!(first + second, a[2].1.len());
        let page = crate::search::query::decode_fragment(&inflate_part(&a[2].1[first..]).unwrap()).unwrap();
        assert_eq!((page.title.as_str(), page.url.as_str()), ("Vragen", "/faq/"));
        let first_page = crate::search::query::decode_fragment(&inflate_part(&a[2].1[..first]).unwrap()).unwrap();
        assert_eq!(
            first_page.sections,
            [
                ("".into(), "".into(), "Het beleid voor medewerkers. Inleiding over beleidsregels.".into()),
                ("privacy".into(), "Privacy".into(), "Deel geen gegevens van klanten. Privacyrechten gelden.".into()),
            ]
        );
        assert_eq!(base36(0), "0");
        assert_eq!(base36(35), "z");
        assert_eq!(base36(36 * 36 + 1), "101");
    }

    #[test]
    fn segments_inflate_alone() {
        let parts: Vec<&[u8]> = vec![b"een twee drie een twee drie", b"", b"vier vijf zes vier vijf zes vier"];
        let (all, sizes) = deflate_parts(parts.clone());
        assert_eq!(sizes.len(), 3);
        assert_eq!(sizes.iter().sum::<usize>(), all.len());
        let mut at = 0;
        for (part, size) in parts.iter().zip(&sizes) {
            assert_eq!(inflate_part(&all[at..at + size]).unwrap(), *part);
            at += size;
        }
    }

    #[test]
    fn packed_parts_inflate_alone_whatever_the_thread_count() {
        let parts: Vec<Vec<u8>> = (0..PACK_CHUNK * 3 + 5)
            .map(|i| format!("deel {i} tekst {} tekst {}", i * 7, "woord ".repeat(i % 50)).into_bytes())
            .collect();
        let packed_with = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| pack(parts.len(), true, |i| parts[i].clone()))
        };
        let (all, sizes) = packed_with(1);
        assert_eq!((all.clone(), sizes.clone()), packed_with(3));
        assert_eq!(sizes.len(), parts.len());
        let mut at = 0;
        for (part, size) in parts.iter().zip(&sizes) {
            assert_eq!(&inflate_part(&all[at..at + size]).unwrap(), part);
            at += size;
        }
        assert_eq!(at, all.len());
        let plain = pack(parts.len(), false, |i| parts[i].clone());
        assert_eq!(plain, concatenate(parts.iter().map(Vec::as_slice).collect()));
        assert_eq!(pack(0, true, |_| Vec::new()), (Vec::new(), Vec::new()));
    }

    #[test]
    fn varints() {
        for (value, bytes) in [(0u64, vec![0u8]), (127, vec![127]), (128, vec![0x80, 1]), (300, vec![0xac, 2])] {
            let mut out = Vec::new();
            write_varint(&mut out, value);
            assert_eq!(out, bytes);
        }
    }
}
