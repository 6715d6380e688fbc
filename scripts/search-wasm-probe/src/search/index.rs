//! The index items the query path needs (the build side, with rayon and
//! libdeflate, is left out: a browser engine only reads).
use std::collections::{BTreeMap, BTreeSet};
use rust_stemmers::{Algorithm, Stemmer};
pub const FIELD_TITLE: u8 = 1;
pub const FIELD_HEADING: u8 = 2;
pub const FIELD_BODY: u8 = 4;
pub const SHARD_KEY_CHARS: usize = 2;
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Posting { pub page: u32, pub section: u16, pub fields: u8, pub count: u8 }
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StemEntry { pub words: BTreeMap<String, Vec<Posting>>, pub compounds: Vec<Posting> }
pub fn stemmer(lang: &str) -> Option<Stemmer> {
    let algorithm = match lang.split('-').next().unwrap_or(lang) { "nl" => Algorithm::Dutch, "en" => Algorithm::English, _ => return None };
    Some(Stemmer::create(algorithm))
}
pub fn shard_key<'s>(stem: &'s str, split: &BTreeSet<String>) -> &'s str {
    let mut ends = stem.char_indices().map(|(i, _)| i).skip(SHARD_KEY_CHARS).chain([stem.len()]);
    let mut key = ends.next().map_or(stem, |end| &stem[..end]);
    while key.len() < stem.len() && split.contains(key) { key = ends.next().map_or(stem, |end| &stem[..end]); }
    key
}
pub fn inflate_part(_bytes: &[u8]) -> Result<Vec<u8>, String> { Err("inflated in the browser".into()) }
