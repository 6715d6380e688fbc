//! Reading a language's index files as the browser does: the manifest,
//! shards and page fragments.

use std::collections::{BTreeMap, BTreeSet};

use crate::search::index::{Posting, StemEntry};

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
    /// `deflate-raw` (see [`crate::search::index::deflate_parts`]) or `none`.
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

    /// A shard loader over the bytes of `shards.bin`, for [`super::search`]: the
    /// shard's bytes, inflated.
    pub fn loader<'a>(&self, shards_bin: &'a [u8]) -> impl Fn(&str) -> Option<Vec<u8>> + 'a {
        let ranges = self.shard_ranges();
        let deflated = self.encoding == "deflate-raw";
        move |key: &str| {
            let &(offset, size) = ranges.get(key)?;
            let bytes = shards_bin.get(offset..offset.checked_add(size)?)?;
            if deflated { crate::search::index::inflate_part(bytes).ok() } else { Some(bytes.to_vec()) }
        }
    }
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
