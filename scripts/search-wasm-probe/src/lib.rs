//! Size probe: beleid's Rust query path (tokenising, folding, stemming,
//! decoding shards, ranking) compiled to wasm32, with a minimal C ABI.
#[path = "text.rs"]
pub mod text;
pub mod search;

use std::cell::RefCell;
use std::collections::BTreeMap;

thread_local! {
    static SHARDS: RefCell<BTreeMap<String, Vec<u8>>> = RefCell::new(BTreeMap::new());
    static MANIFEST: RefCell<search::query::Manifest> = RefCell::new(Default::default());
    static OUT: RefCell<Vec<u32>> = RefCell::new(Vec::new());
}

fn text(ptr: *const u8, len: usize) -> String {
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len) };
    String::from_utf8_lossy(bytes).into_owned()
}

#[unsafe(no_mangle)]
pub extern "C" fn alloc(n: usize) -> *mut u8 {
    let mut v = Vec::<u8>::with_capacity(n);
    let p = v.as_mut_ptr();
    std::mem::forget(v);
    p
}

/// An inflated shard, by key.
#[unsafe(no_mangle)]
pub extern "C" fn add_shard(key: *const u8, key_len: usize, bytes: *const u8, len: usize) {
    let k = text(key, key_len);
    let b = unsafe { std::slice::from_raw_parts(bytes, len) }.to_vec();
    SHARDS.with(|s| s.borrow_mut().insert(k, b));
}

/// The manifest: language, pages, split (space-separated), shard keys.
#[unsafe(no_mangle)]
pub extern "C" fn set_manifest(lang: *const u8, lang_len: usize, pages: u32, split: *const u8, split_len: usize, keys: *const u8, keys_len: usize) {
    let m = search::query::Manifest {
        lang: text(lang, lang_len),
        pages,
        split: text(split, split_len).split(' ').filter(|s| !s.is_empty()).map(String::from).collect(),
        shards: text(keys, keys_len),
        sizes: String::new(),
        encoding: "none".into(),
    };
    MANIFEST.with(|x| *x.borrow_mut() = m);
}

/// Runs a query; returns the number of hits, each 4 u32 at `out()`.
#[unsafe(no_mangle)]
pub extern "C" fn run(query: *const u8, len: usize, limit: usize) -> usize {
    let q = text(query, len);
    let load = |key: &str| SHARDS.with(|s| s.borrow().get(key).cloned());
    let results = MANIFEST.with(|m| search::query::search(&m.borrow(), &load, &q, limit));
    OUT.with(|o| {
        let mut o = o.borrow_mut();
        o.clear();
        for h in &results.hits {
            o.extend([h.page, h.section, h.matched, h.score]);
        }
        o.push(results.words.len() as u32);
    });
    results.hits.len()
}

#[unsafe(no_mangle)]
pub extern "C" fn out() -> *const u32 {
    OUT.with(|o| o.borrow().as_ptr())
}
