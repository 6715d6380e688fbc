//! The client-side search stems query words in JavaScript
//! (`src/search/client/stemmers.js`, published inside the search engine
//! script, which is what this test runs); the index is stemmed in Rust with
//! rust-stemmers. A query only finds a page when both give the same stem, so
//! this test stems the same words both ways and demands identical results:
//! every word of the sample site's Markdown, the word lists in
//! `tests/fixtures/words/`, and awkward strings (accents, apostrophes, digits,
//! marks, very short words), each as written and after `beleid::text::fold`.
//!
//! Needs Node.js (`node` on the PATH); the test fails when it cannot run it.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use rust_stemmers::{Algorithm, Stemmer};

/// Languages: code, Snowball algorithm.
const LANGS: [(&str, Algorithm); 2] = [("nl", Algorithm::Dutch), ("en", Algorithm::English)];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every word of every Markdown file under `content/<lang>`: runs of letters,
/// digits and apostrophes, lowercased.
fn content_words(lang: &str) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    for entry in walkdir::WalkDir::new(root().join("content").join(lang)) {
        let entry = entry.expect("content folder is readable");
        if entry.path().extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(entry.path()).expect("Markdown is UTF-8");
            words.extend(
                text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase),
            );
        }
    }
    words
}

/// The word list `tests/fixtures/words/<lang>.txt`: one lowercase word a line.
fn list_words(lang: &str) -> BTreeSet<String> {
    let path = root().join("tests/fixtures/words").join(format!("{lang}.txt"));
    let text = std::fs::read_to_string(&path).expect("word list is readable");
    let words: BTreeSet<String> = text.lines().map(str::trim).filter(|w| !w.is_empty()).map(String::from).collect();
    for w in &words {
        assert_eq!(*w, w.to_lowercase(), "{}: word not lowercase", path.display());
    }
    words
}

/// Strings that exercise the corners of both algorithms and of the Snowball
/// runtime: empty and one-letter words, apostrophes, digits, `I`/`Y` marks,
/// accents the Dutch prelude removes or keeps, characters outside the Basic
/// Multilingual Plane; then deterministic pseudo-random words built from
/// the letters and suffixes the algorithms test for.
fn awkward_words() -> BTreeSet<String> {
    let mut words: BTreeSet<String> = [
        "", "a", "y", "i", "e", "s", "'", "''", "'''", "'s", "'s'", "ys", "yy", "yyy", "ayyy", "aiia", "aiy", "ie",
        "ies", "ied", "sses", "'yes", "yes's", "dogs'", "è's", "èjene", "açen", "ñaten", "ëen", "éé", "ïi", "Ie", "IY",
        "Y", "Yes", "YAY", "sky", "skies", "😀", "😀😀", "😀ies", "a😀s", "h2o", "mp3s", "2e", "1990s", "gemen",
        "geen", "heden", "cheid", "ing", "eigend", "lijkbaar", "bar", "gener", "generate", "communal", "arsenal",
        "aaaa", "kk", "ligt", "naïeve", "ß", "ĳs", "ﬁets",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    let letters: Vec<&str> =
        "a e i o u y e a n s t d k g r l h j b m p c v w x z f I Y ' è ë é ï í ä ö ü ç ñ ê 😀 1 ß".split(' ').collect();
    let suffixes: Vec<&str> = "en ene heden heid s se e end ing ig lijk baar bar kk dd tt gem ed eed edly ingly ies ied \
         sses us ss 's ' ational tional ization fulness ousli li ogi bli alli iviti ative alize ical ness ful ement ment \
         ion sion ate er ll y Y at bl iz bb"
        .split(' ')
        .collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |n: usize| {
        // xorshift64: the same strings on every run
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    for _ in 0..5000 {
        let mut w = String::new();
        for _ in 0..next(8) {
            w.push_str(letters[next(letters.len())]);
        }
        for _ in 0..next(4) {
            w.push_str(suffixes[next(suffixes.len())]);
        }
        words.insert(w);
    }
    words
}

/// Stems `words` with `node tests/stemmer/stem.js <lang> <engine>`, the
/// engine being the search engine script a site publishes (the stemmers
/// inside, minified): one process for all of them, one word a line each way.
fn js_stems(lang: &str, words: &[String]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temporary folder");
    let engine = dir.path().join("search-engine.js");
    std::fs::write(&engine, beleid::search::client::engine_script()).expect("engine written");
    let mut child = Command::new("node")
        .arg("tests/stemmer/stem.js")
        .arg(lang)
        .arg(&engine)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "could not start `node` ({e}). This test compares the JavaScript stemmers with \
                 rust-stemmers and needs Node.js 20 or later on the PATH; install it and run again."
            )
        });
    let input: String = words.iter().map(|w| format!("{w}\n")).collect();
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // Write from another thread: node answers while we are still writing.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("node ran");
    writer.join().expect("writer thread").expect("words written to node");
    assert!(
        output.status.success(),
        "node tests/stemmer/stem.js {lang} failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).expect("node prints UTF-8");
    stdout.lines().map(String::from).collect()
}

/// Compares both stemmers on `words`; returns the number of words compared.
fn compare(lang: &str, algorithm: Algorithm, form: &str, words: &[String]) -> usize {
    let stemmer = Stemmer::create(algorithm);
    let js = js_stems(lang, words);
    assert_eq!(js.len(), words.len(), "{lang}, {form}: node printed {} stems for {} words", js.len(), words.len());
    let mismatches: Vec<String> = words
        .iter()
        .zip(&js)
        .filter_map(|(word, js)| {
            let rust = stemmer.stem(word);
            (rust != js.as_str()).then(|| format!("  {word:?}: rust {rust:?}, js {js:?}"))
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "{lang}, {form}: {} of {} words stem differently; the first 50:\n{}",
        mismatches.len(),
        words.len(),
        mismatches.iter().take(50).cloned().collect::<Vec<_>>().join("\n")
    );
    words.len()
}

#[test]
fn javascript_stemmers_match_rust_stemmers() {
    for (lang, algorithm) in LANGS {
        let list = list_words(lang);
        assert!(list.len() >= 2000, "{lang}: only {} words in the word list", list.len());
        let content = content_words(lang);
        assert!(!content.is_empty(), "{lang}: no words found under content/{lang}");
        let awkward = awkward_words();
        let all: BTreeSet<&String> = list.iter().chain(&content).chain(&awkward).collect();

        for (form, make) in [("as written", str::to_string as fn(&str) -> String), ("folded", beleid::text::fold)] {
            let words: Vec<String> = all.iter().map(|w| make(w)).collect();
            let compared = compare(lang, algorithm, form, &words);
            let from_list = list.iter().filter(|w| all.contains(w)).count();
            assert!(from_list >= 2000, "{lang}, {form}: only {from_list} word-list words compared");
            println!(
                "{lang}, {form}: {compared} words agree ({from_list} from the word list, {} from content/{lang}, {} awkward)",
                content.len(),
                awkward.len()
            );
        }
    }
}
