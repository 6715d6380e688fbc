//! Reading the pages: every word of every page, numbered in order of
//! first use, with its postings.

use std::borrow::Cow;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{Document, FIELD_BODY, FIELD_HEADING, FIELD_TITLE, MAX_SECTION, Posting};
use crate::search::tokenize::{Word, tokens};

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

/// Every word of the documents, each once, and its postings (in page and
/// section order), by word number.
pub(super) fn collect_postings(documents: &[Document<'_>]) -> (Vec<String>, Vec<Vec<Posting>>) {
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

/// Merges postings of one page and section (a word can reach a stem's
/// compounds through several compound words).
pub(super) fn merge_postings(mut list: Vec<Posting>) -> Vec<Posting> {
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
