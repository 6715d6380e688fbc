//! The browser's side of search, as two published scripts:
//!
//! - `search.js`, the loader (`client/loader.js`): the only search script
//!   every page runs, a few hundred bytes; it loads the engine when the
//!   reader opens search;
//! - `search-engine.js`, the engine: the Snowball stemmers
//!   (`client/stemmers.js`), then one function holding a prelude of
//!   constants and the parts below, each with one job: `words.js`
//!   (folding, tokenising, query words), `decode.js` (reading the index
//!   files), `rank.js` (matching and ranking, as [`super::query`]),
//!   `index.js` (one language's index and its caches), `snippet.js`,
//!   `store.js` (fetching parts, and keeping them in IndexedDB) and `ui.js`
//!   (the search box).
//!
//! The prelude is generated from the Rust tables and constants
//! ([`super::vocabulary`] and the tokeniser's, folding's and index's), so
//! the browser has no second copy of them to keep equal by hand. Both
//! scripts are minified ([`super::minify`]).

use std::fmt::Write as _;
use std::sync::OnceLock;

use super::index::{FIELD_BODY, FIELD_HEADING, FIELD_TITLE, MAX_SECTION, SHARD_KEY_CHARS};
use super::tokenize::{APOSTROPHES, MAX_WORD};
use super::vocabulary::*;
use crate::text::FOLD_SPECIAL;

/// The loader's file name below the output root.
pub const LOADER_FILE: &str = "search.js";
/// The engine's file name below the output root.
pub const ENGINE_FILE: &str = "search-engine.js";

/// The engine's parts, in the order they are put together.
const ENGINE_PARTS: [(&str, &str); 7] = [
    ("words.js", include_str!("client/words.js")),
    ("decode.js", include_str!("client/decode.js")),
    ("rank.js", include_str!("client/rank.js")),
    ("index.js", include_str!("client/index.js")),
    ("snippet.js", include_str!("client/snippet.js")),
    ("store.js", include_str!("client/store.js")),
    ("ui.js", include_str!("client/ui.js")),
];
const STEMMERS: &str = include_str!("client/stemmers.js");
const LOADER: &str = include_str!("client/loader.js");

// The engine packs a section's best score into 8 bits (rank.js, `PACK`).
const _: () = assert!(
    EXACT * (HEADING_WEIGHT + BODY_WEIGHT + COUNT_CAP) < 256 && EXACT * TITLE_WEIGHT < 256,
    "a score must fit in a byte for the browser engine"
);

/// The constants and tables the engine's parts use, as JavaScript.
pub fn prelude() -> String {
    let mut out = String::from("// Generated from beleid's Rust code (src/search/client.rs): do not edit.\n");
    let numbers: [(&str, u64); 20] = [
        ("MAX_WORD", MAX_WORD as u64),
        ("SHARD_KEY_CHARS", SHARD_KEY_CHARS as u64),
        ("SECTIONS", u64::from(MAX_SECTION) + 1),
        ("TITLE", u64::from(FIELD_TITLE)),
        ("HEADING", u64::from(FIELD_HEADING)),
        ("BODY", u64::from(FIELD_BODY)),
        ("EXACT", u64::from(EXACT)),
        ("STEM", u64::from(STEM)),
        ("COMPOUND", u64::from(COMPOUND)),
        ("PREFIX", u64::from(PREFIX)),
        ("FUZZY", u64::from(FUZZY)),
        ("FUZZY_MIN_CHARS", FUZZY_MIN_CHARS as u64),
        ("FUZZY_WHEN_FEWER", FUZZY_WHEN_FEWER as u64),
        ("PREFIX_MIN_CHARS", PREFIX_MIN_CHARS as u64),
        ("COMPOUND_PART_MIN_CHARS", COMPOUND_PART_MIN_CHARS as u64),
        ("COMPOUND_MIN_CHARS", super::compound::MIN_WORD as u64),
        ("HEADING_WEIGHT", u64::from(HEADING_WEIGHT)),
        ("BODY_WEIGHT", u64::from(BODY_WEIGHT)),
        ("COUNT_CAP", u64::from(COUNT_CAP)),
        ("TITLE_WEIGHT", u64::from(TITLE_WEIGHT)),
    ];
    for (name, value) in numbers {
        let _ = writeln!(out, "var {name} = {value};");
    }
    let _ = writeln!(out, "var COMMON_MIN_PAGES = {COMMON_MIN_PAGES};");
    let apostrophes: String = APOSTROPHES.iter().collect();
    let _ = writeln!(out, "var APOSTROPHES = {};", js_string(&apostrophes));
    let special: Vec<String> = FOLD_SPECIAL
        .iter()
        .map(|(letter, spelled)| format!("{}: {}", js_string(&letter.to_string()), js_string(spelled)))
        .collect();
    let _ = writeln!(out, "var SPECIAL = {{ {} }};", special.join(", "));
    let stopwords: Vec<String> = STOPWORDS
        .iter()
        .map(|(lang, list)| {
            let words: Vec<String> = list.iter().map(|w| js_string(w)).collect();
            format!("{}: [{}]", js_string(lang), words.join(", "))
        })
        .collect();
    let _ = writeln!(out, "var STOPWORDS = {{ {} }};", stopwords.join(", "));
    out
}

/// The engine as written, before minifying: the stemmers, then the prelude
/// and the parts in one function.
pub fn engine_source() -> String {
    let mut out = String::from(STEMMERS);
    out.push_str("(function (global) {\n\"use strict\";\n");
    out.push_str(&prelude());
    for (name, part) in ENGINE_PARTS {
        let _ = writeln!(out, "// ---- {name} ----");
        out.push_str(part);
    }
    out.push_str("})(typeof globalThis !== \"undefined\" ? globalThis : this);\n");
    out
}

/// The published engine, minified once per process.
pub fn engine_script() -> &'static str {
    static ENGINE: OnceLock<String> = OnceLock::new();
    ENGINE.get_or_init(|| minified(&engine_source()))
}

/// The published loader, minified once per process.
pub fn loader_script() -> &'static str {
    static SCRIPT: OnceLock<String> = OnceLock::new();
    SCRIPT.get_or_init(|| minified(LOADER))
}

/// The scripts search publishes, with their paths below the output root.
pub fn files() -> Vec<(String, Vec<u8>)> {
    vec![
        (LOADER_FILE.to_string(), loader_script().as_bytes().to_vec()),
        (ENGINE_FILE.to_string(), engine_script().as_bytes().to_vec()),
    ]
}

/// Minified, or as written should the minifier not understand it (the
/// tests make sure it does; a site still gets a working script).
fn minified(source: &str) -> String {
    super::minify::minify(source).unwrap_or_else(|_| source.to_string())
}

/// A JavaScript string literal in ASCII (anything else as `\u` escapes), so
/// the scripts mean the same whatever encoding a server announces.
fn js_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            _ => {
                for unit in c.encode_utf16(&mut [0; 2]) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests;
