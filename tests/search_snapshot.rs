//! The sample site's search index must not change unexpectedly: its
//! manifest and the size and hash of every shard and fragment are compared
//! with `tests/snapshots/search-<lang>.txt`. After an intended change (new
//! content, a new index format), run with `BELEID_BLESS=1` to rewrite them
//! and review the diff.
// Helpers here unwrap as the tests do: a failure panics at its line.
#![allow(clippy::unwrap_used)]

use std::path::Path;

use beleid::date::Date;
use beleid::search::query::{Manifest, decode_shard};
use beleid::site::{BuildOptions, Inputs};

const REPO: &str = env!("CARGO_MANIFEST_DIR");

fn snapshot(files: &[(String, Vec<u8>)], lang: &str) -> String {
    let prefix = format!("search/{lang}/");
    let file = |name: &str| &files.iter().find(|(p, _)| *p == format!("{prefix}{name}")).unwrap().1;
    let manifest: Manifest = serde_json::from_slice(file("index.json")).unwrap();
    let mut raw: serde_json::Value = serde_json::from_slice(file("index.json")).unwrap();
    raw["version"] = "(hash of the files below)".into();
    let mut out = format!("manifest {raw}\n");
    // One line per shard: key, size, hash, and what it holds.
    let shards = file("shards.bin");
    let load = manifest.loader(shards);
    for (key, (offset, size)) in manifest.shard_ranges() {
        let bytes = &shards[offset..offset + size];
        let stems = decode_shard(&load(&key).unwrap()).unwrap();
        let words: usize = stems.values().map(|e| e.words.len()).sum();
        out.push_str(&format!(
            "shard {key} {size} {:016x} stems={} words={words}\n",
            beleid::fingerprint::fnv1a(bytes),
            stems.len()
        ));
    }
    let pages = file("pages.bin");
    out.push_str(&format!("pages.bin {} {:016x}\n", pages.len(), beleid::fingerprint::fnv1a(pages)));
    let idx = file("pages.idx");
    out.push_str(&format!("pages.idx {} {:016x}\n", idx.len(), beleid::fingerprint::fnv1a(idx)));
    out
}

#[test]
fn sample_site_index_matches_snapshot() {
    let options = BuildOptions { drafts: false, base_url: None, today: Date::new(2026, 11, 21).unwrap() };
    let inputs = Inputs::load(Path::new(REPO), &options, &mut Vec::new()).unwrap();
    let files = beleid::search::index_files(&inputs, &inputs.render_bodies(), true);
    for lang in ["nl", "en"] {
        let actual = snapshot(&files, lang);
        let path = Path::new(REPO).join(format!("tests/snapshots/search-{lang}.txt"));
        if std::env::var_os("BELEID_BLESS").is_some() {
            std::fs::write(&path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if actual != expected {
            let changed: Vec<String> = actual
                .lines()
                .filter(|l| !expected.lines().any(|e| e == *l))
                .take(20)
                .map(|l| format!("  now: {l}"))
                .collect();
            panic!(
                "the {lang} search index changed ({} lines differ); if intended, run `BELEID_BLESS=1 cargo test --test search_snapshot` and review the diff\n{}",
                changed.len(),
                changed.join("\n")
            );
        }
    }
}
