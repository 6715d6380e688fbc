//! Writing the index files: stems, postings and page fragments as bytes,
//! packed into one file each, compressed part by part.

use rayon::prelude::*;

use super::{Document, Posting, StemEntry};

/// Parts packed per chunk, each chunk on its own thread with its own
/// compressor.
pub(super) const PACK_CHUNK: usize = 64;

/// Makes `count` parts with `part` and packs them into one file (compressed
/// with [`deflate_parts`] or concatenated), returning it and each part's
/// size there. Parts are made and packed a chunk at a time, in parallel, so
/// the uncompressed parts of a large site are never all in memory at once.
/// Every part is compressed alone, so the bytes do not depend on the
/// number of threads.
pub(super) fn pack(count: usize, compress: bool, part: impl Fn(usize) -> Vec<u8> + Sync) -> (Vec<u8>, Vec<usize>) {
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
pub(super) fn concatenate(parts: Vec<&[u8]>) -> (Vec<u8>, Vec<usize>) {
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

pub(super) fn encode_stem(stem: &str, entry: &StemEntry) -> Vec<u8> {
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
pub(super) fn fragment(doc: &Document<'_>) -> Vec<u8> {
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
