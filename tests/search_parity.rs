//! The browser's search engine must rank exactly as the Rust reference:
//! both run many queries on the sample site's index files and must agree on
//! the query words (stopwords dropped), every result, score and highlighted
//! word; and both must have the same stopwords. The browser's engine is
//! the script a site publishes (minified, its constants generated from
//! the Rust ones).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use beleid::date::Date;
use beleid::search::query::{Manifest, query_words, search, within_one_edit};
use beleid::search::vocabulary::stopwords;
use beleid::site::{BuildOptions, Inputs};

const REPO: &str = env!("CARGO_MANIFEST_DIR");

fn queries(lang: &str, words: &BTreeSet<String>) -> Vec<String> {
    let mut out: Vec<String> = [
        "wat mag ik posten over klanten",
        "Wat mag ik posten over klanten?",
        "what can I post about customers",
        "wat mag ik ",
        "the",
        "privacy over",
        "over privacy",
        "voor- en nadelen ",
        "prive ",
        "privé",
        "klant ",
        "disclaimer",
        "Financiële",
        "socialemediabeleid",
        "social-media",
        "beleid ",
        "privacy",
        "werknemrs",
        "polcy",
        "journalist pers",
        "the company's policy",
        "<img src=x onerror=alert(1)>",
        "   ",
        "",
        "a",
        "é",
        "IJssel ĳs café CAFÉ",
        "art-5",
        "2026",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    // Every stopword alone, before a word and after one (being typed).
    for stop in stopwords(lang) {
        out.extend([stop.to_string(), format!("{stop} beleid"), format!("privacy {stop}"), format!("{stop} ")]);
    }
    let list: Vec<&String> = words.iter().collect();
    for (i, w) in list.iter().enumerate().step_by(3) {
        out.push(w.to_string());
        out.push(format!("{w} "));
        let chars: Vec<char> = w.chars().collect();
        if chars.len() > 3 {
            out.push(chars[..3].iter().collect());
            let mut typo = chars.clone();
            typo.remove(chars.len() / 2);
            out.push(typo.into_iter().collect::<String>() + " ");
        }
        if let Some(next) = list.get(i + 1) {
            out.push(format!("{w} {next}"));
        }
    }
    out
}

/// Runs the browser engine on `dir` (an index folder, if the lines need
/// one); `lines` are JSON lines for tests/search/query.mjs (queries as
/// strings, `{"stopwords": lang}`, `{"edits": [[a, b]...]}`).
fn node_results(dir: Option<&Path>, lines: &[serde_json::Value]) -> Vec<serde_json::Value> {
    let scripts = tempfile::tempdir().unwrap();
    let engine = scripts.path().join("search-engine.js");
    std::fs::write(&engine, beleid::search::client::engine_script()).unwrap();
    let mut child = Command::new("node")
        .arg(Path::new(REPO).join("tests/search/query.mjs"))
        .arg(&engine)
        .args(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node must be installed to test the browser search engine (apt-get install nodejs)");
    let mut stdin = child.stdin.take().unwrap();
    let input: String = lines.iter().map(|q| q.to_string() + "\n").collect();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(output.status.success(), "node failed");
    String::from_utf8(output.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn browser_and_rust_rank_identically() {
    let options = BuildOptions { drafts: false, base_url: None, today: Date::new(2026, 11, 21).unwrap() };
    let inputs = Inputs::load(Path::new(REPO), &options, &mut Vec::new()).unwrap();
    let rendered = inputs.render_bodies();
    let files = beleid::search::index_files(&inputs, &rendered, true);
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in &files {
        let target = dir.path().join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
    let by_path: BTreeMap<&str, &Vec<u8>> = files.iter().map(|(p, b)| (p.as_str(), b)).collect();
    let mut compared = 0;
    for lang in ["nl", "en"] {
        let folder = format!("search/{lang}/");
        let manifest: Manifest = serde_json::from_slice(by_path[format!("{folder}index.json").as_str()]).unwrap();
        let load = manifest.loader(by_path[format!("{folder}shards.bin").as_str()]);
        let mut words = BTreeSet::new();
        for id in inputs.content.language_pages(lang) {
            for w in beleid::search::tokenize::words(
                &rendered[id].sections.iter().map(|s| s.text.as_str()).collect::<Vec<_>>().join(" "),
            ) {
                words.insert(w);
            }
        }
        let queries = queries(lang, &words);
        let mut lines: Vec<serde_json::Value> = queries.iter().map(|q| serde_json::json!(q)).collect();
        lines.push(serde_json::json!({ "stopwords": lang }));
        let mut js = node_results(Some(&dir.path().join(&folder)), &lines);
        assert_eq!(js.len(), lines.len());
        let js_stopwords = js.pop().unwrap();
        assert_eq!(js_stopwords, serde_json::json!({ "stopwords": stopwords(lang) }), "{lang}: the same stopwords");
        let mut mismatches = Vec::new();
        for (query, js) in queries.iter().zip(&js) {
            let rust = search(&manifest, &load, query, 10);
            let hits: Vec<[u32; 4]> = rust.hits.iter().map(|h| [h.page, h.section, h.matched, h.score]).collect();
            let (query_words, typing) = query_words(query, lang);
            let expected =
                serde_json::json!({ "hits": hits, "words": rust.words, "query": query_words, "typing": typing });
            if &expected != js {
                mismatches.push(format!("{lang} {query:?}\n  rust: {expected}\n  js:   {js}"));
            }
            compared += 1;
        }
        assert!(
            mismatches.is_empty(),
            "{} of {} queries differ:\n{}",
            mismatches.len(),
            queries.len(),
            mismatches.iter().take(10).cloned().collect::<Vec<_>>().join("\n")
        );
    }
    assert!(compared > 1000, "only {compared} queries compared");
}

/// Typo matching compares words in the browser as in Rust: pairs one edit
/// apart and further, with accents, and with characters outside the Basic
/// Multilingual Plane (two UTF-16 units each in JavaScript).
#[test]
fn browser_and_rust_agree_on_one_edit() {
    let words = ["beleid", "werknemers", "privacy", "café", "financiële", "a", "", "ĳs", "a😀b", "😀😃x", "zoë", "ab"];
    let extra = ['e', 'é', '😀', 'x'];
    let mut pairs: Vec<(String, String)> = Vec::new();
    for w in words {
        let chars: Vec<char> = w.chars().collect();
        let mut variants: Vec<Vec<char>> = Vec::new();
        for i in 0..=chars.len() {
            for &c in &extra {
                let mut v = chars.clone();
                v.insert(i, c);
                variants.push(v.clone());
                // Two edits.
                v.insert(0, c);
                variants.push(v);
            }
            if i < chars.len() {
                let mut v = chars.clone();
                v.remove(i);
                variants.push(v);
                for &c in &extra {
                    let mut v = chars.clone();
                    v[i] = c;
                    variants.push(v);
                }
            }
            if i + 1 < chars.len() {
                let mut v = chars.clone();
                v.swap(i, i + 1);
                variants.push(v.clone());
                v.reverse();
                variants.push(v);
            }
        }
        for v in variants {
            pairs.push((w.to_string(), v.iter().collect()));
        }
        for other in words {
            pairs.push((w.to_string(), other.to_string()));
        }
    }
    let line = serde_json::json!({ "edits": pairs });
    let js = node_results(None, &[line]);
    let js: Vec<bool> = serde_json::from_value(js[0]["edits"].clone()).unwrap();
    assert_eq!(js.len(), pairs.len());
    let mismatches: Vec<String> = pairs
        .iter()
        .zip(&js)
        .filter(|((a, b), js)| within_one_edit(a, b) != **js)
        .map(|((a, b), js)| format!("{a:?} {b:?}: rust {}, js {js}", within_one_edit(a, b)))
        .collect();
    assert!(mismatches.is_empty(), "{} of {} pairs differ:\n{}", mismatches.len(), pairs.len(), mismatches.join("\n"));
    assert!(js.iter().filter(|&&close| close).count() > 100 && js.iter().filter(|&&close| !close).count() > 100);
}
