//! Ranking, as tables of queries and the pages they must find, in order.

use super::*;
use crate::markdown::TextSection;
use crate::search::index::{Document, LanguageIndex};

fn doc(url: &str, title: &str, sections: &[(&str, &str)]) -> Document<'static> {
    let mut list = vec![TextSection { id: None, heading: String::new(), text: String::new() }];
    for (heading, text) in sections {
        let id = if heading.is_empty() { None } else { Some(crate::text::slugify(heading)) };
        if heading.is_empty() {
            list[0].text = (*text).to_string();
        } else {
            list.push(TextSection { id, heading: (*heading).into(), text: (*text).into() });
        }
    }
    Document { url: url.into(), title: title.into(), description: String::new(), sections: list.into() }
}

/// Searches a built index through its files, exactly as the browser does.
fn run(index: &LanguageIndex<'_>, query: &str) -> Vec<String> {
    let files: BTreeMap<String, Vec<u8>> = index.files(true).into_iter().collect();
    let manifest: Manifest = serde_json::from_slice(&files["index.json"]).unwrap();
    let load = manifest.loader(&files["shards.bin"]);
    search(&manifest, &load, query, 10)
        .hits
        .iter()
        .map(|h| {
            let doc = &index.documents[h.page as usize];
            match doc.sections[h.section as usize].id.as_deref() {
                Some(id) => format!("{}#{id}", doc.url),
                None => doc.url.clone(),
            }
        })
        .collect()
}

fn dutch() -> LanguageIndex<'static> {
    LanguageIndex::build(
        "nl",
        vec![
            doc("/privacy/", "Privacy", &[("", "Over gegevens.")]),
            doc(
                "/beleid/",
                "Socialemediabeleid",
                &[
                    ("", "Dit beleid geldt voor iedereen."),
                    ("Klanten", "Noem nooit klanten zonder toestemming. Privacy is belangrijk."),
                ],
            ),
            doc(
                "/regels/",
                "Beleidsregels",
                &[("", "Regels voor medewerkers."), ("Werk", "Werknemers melden een klant bij de werkgever.")],
            ),
            doc("/geld/", "Geld", &[("Financiële zaken", "Financiële verslagen en een café.")]),
            doc("/rechten/", "Rechten", &[("", "Privacyrechten van klanten.")]),
        ],
    )
}

fn english() -> LanguageIndex<'static> {
    LanguageIndex::build(
        "en",
        vec![
            doc("/policy/", "Policy", &[("", "The policy for everyone.")]),
            doc("/policies/", "Other policies", &[("", "Several policies apply.")]),
            doc("/police/", "Police", &[("", "Contact the police.")]),
            doc("/press/", "Press", &[("Journalists", "Journalists may call. A policy on press contact.")]),
        ],
    )
}

#[test]
fn ranking_table() {
    let nl = dutch();
    let en = english();
    for (index, query, expected) in [
        // A title match beats a text match; an exact word beats a compound part.
        (&nl, "privacy ", vec!["/privacy/", "/beleid/#klanten", "/rechten/"]),
        // Exact words beat other words with the same stem.
        (&nl, "klanten ", vec!["/beleid/#klanten", "/rechten/", "/regels/#werk"]),
        // ... but a heading on the subject beats a passing mention.
        (&nl, "klant ", vec!["/beleid/#klanten", "/regels/#werk", "/rechten/"]),
        // Compounds are found by their parts, with the part itself first.
        (&nl, "beleid ", vec!["/beleid/", "/regels/"]),
        (&nl, "werk ", vec!["/regels/#werk"]),
        // Accents are folded in both directions.
        (&nl, "financiele ", vec!["/geld/#financiele-zaken"]),
        (&nl, "café ", vec!["/geld/#financiele-zaken"]),
        // All query words present beats some.
        (&nl, "privacy klanten ", vec!["/beleid/#klanten", "/rechten/", "/privacy/", "/regels/#werk"]),
        // The last word is a prefix while being typed.
        (&nl, "finan", vec!["/geld/#financiele-zaken"]),
        (&nl, "finan ", vec![]),
        // Only the last word is a prefix: "finan" alone matches nothing here.
        (&nl, "finan geld", vec!["/geld/", "/beleid/"]),
        // One typo in a word of five or more letters.
        (&nl, "werknemrs ", vec!["/regels/#werk"]),
        // (Stems one edit apart also count: polci ~ polic, police.)
        (&en, "polcy ", vec!["/policy/", "/policies/", "/police/", "/press/#journalists"]),
        (&en, "polic", vec!["/police/", "/policy/", "/policies/", "/press/#journalists"]),
        // Stems: "policies" finds "policy", exact first.
        (&en, "policies ", vec!["/policies/", "/policy/", "/press/#journalists"]),
        // Short words get no typo tolerance.
        (&en, "pres ", vec![]),
        (&en, "journalist ", vec!["/press/#journalists"]),
    ] {
        assert_eq!(run(index, query), expected, "query {query:?}");
    }
}

#[test]
fn typos_are_matched_on_stems_too() {
    let index = LanguageIndex::build(
        "nl",
        vec![doc("/a/", "A", &[("", "Elke werknemer telt.")]), doc("/b/", "B", &[("", "Niets.")])],
    );
    // "werknemrs" is two edits from "werknemer", but its stem is one edit from that stem.
    assert_eq!(run(&index, "werknemrs "), ["/a/"]);
}

#[test]
fn words_on_most_pages_do_not_decide_coverage() {
    let pages: Vec<Document> = (0..8)
        .map(|i| {
            let text = if i == 7 { "De privacy van de klant." } else { "De dag van de week." };
            doc(
                &format!("/p{i}/"),
                &format!("Pagina {i}"),
                &[("", text), ("Kop", if i < 3 { "de de de de de van van" } else { "" })],
            )
        })
        .collect();
    let index = LanguageIndex::build("nl", pages);
    // The only page about privacy comes first, though other pages have more "de".
    assert_eq!(run(&index, "de privacy van ")[0], "/p7/");
}

#[test]
fn matched_words_are_reported_for_highlighting() {
    let nl = dutch();
    let files: BTreeMap<String, Vec<u8>> = nl.files(false).into_iter().collect();
    let manifest: Manifest = serde_json::from_slice(&files["index.json"]).unwrap();
    let load = manifest.loader(&files["shards.bin"]);
    let results = search(&manifest, &load, "klant", 10);
    assert!(results.words.contains("klant") && results.words.contains("klanten"), "{:?}", results.words);
}

#[test]
fn query_words_table() {
    let words = |list: &[&str]| list.iter().map(|w| (*w).to_string()).collect::<Vec<String>>();
    for (lang, query, want, typing) in [
        // Joined forms and repeats are dropped; the last word is being typed
        // until a space follows it.
        ("nl", "social-media Social", words(&["social", "media"]), true),
        ("nl", "privacy ", words(&["privacy"]), false),
        // Questions keep their content words.
        ("nl", "wat mag ik posten over klanten", words(&["posten", "klanten"]), true),
        ("nl", "Wat mag ik posten over klanten?", words(&["posten", "klanten"]), true),
        ("en", "what can I post about customers", words(&["post", "customers"]), true),
        ("en", "The company's policy", words(&["company", "policy"]), true),
        ("en", "what is IT policy", words(&["it", "policy"]), true),
        // A stopword being typed may become another word, but until then the
        // word before it is complete: no prefix matching on it.
        ("nl", "privacy over", words(&["privacy"]), false),
        ("nl", "over privacy", words(&["privacy"]), true),
        ("nl", "voor- en nadelen ", words(&["nadelen"]), false),
        // A query of stopwords only searches them.
        ("nl", "wat mag ik ", words(&["wat", "mag", "ik"]), false),
        ("nl", "De", words(&["de"]), true),
        ("en", "the", words(&["the"]), true),
        ("en", "to be or not to be", words(&["to", "be", "or", "not"]), true),
        // Each language its own list, regional variants included.
        ("en", "wat mag ik posten", words(&["wat", "mag", "ik", "posten"]), true),
        ("nl", "what can I post", words(&["what", "can", "i", "post"]), true),
        ("en-GB", "the colour", words(&["colour"]), true),
        ("nl-BE", "de fiets ", words(&["fiets"]), false),
        // No list for other languages.
        ("fr", "de la politique", words(&["de", "la", "politique"]), true),
        ("nl", "", words(&[]), true),
        ("nl", "  ", words(&[]), false),
    ] {
        assert_eq!(query_words(query, lang), (want, typing), "{lang} {query:?}");
    }
}

#[test]
fn stopword_lists_are_sorted_folded_and_unique() {
    for lang in ["nl", "en"] {
        let list = stopwords(lang);
        assert!((30..=70).contains(&list.len()), "{lang}: {} stopwords", list.len());
        assert!(list.windows(2).all(|w| w[0] < w[1]), "{lang}: sorted and unique");
        for w in list {
            assert_eq!(crate::search::tokenize::words(w), [w.to_string()], "{lang}: {w} is a folded query word");
        }
    }
    assert!(stopwords("de").is_empty());
}

#[test]
fn questions_are_ranked_by_their_content_words() {
    let pages: Vec<Document> = (0..6)
        .map(|i| match i {
            // Stopwords everywhere, "klanten" on half of the pages.
            0 => doc("/posten/", "Posten", &[("", "Wat je over klanten mag posten.")]),
            1 | 2 => doc(&format!("/k{i}/"), "Klanten", &[("", "Over klanten.")]),
            _ => {
                doc(&format!("/p{i}/"), &format!("Pagina {i}"), &[("", "Wat mag ik doen? Ik mag over de dag praten.")])
            }
        })
        .collect();
    let index = LanguageIndex::build("nl", pages);
    let found = run(&index, "wat mag ik posten over klanten");
    assert_eq!(found[..3], ["/posten/", "/k1/", "/k2/"], "{found:?}");
    let files: BTreeMap<String, Vec<u8>> = index.files(true).into_iter().collect();
    let manifest: Manifest = serde_json::from_slice(&files["index.json"]).unwrap();
    let load = manifest.loader(&files["shards.bin"]);
    let words = search(&manifest, &load, "wat mag ik posten over klanten", 10).words;
    assert!(!words.contains("wat") && !words.contains("mag") && !words.contains("over"), "{words:?}");
}

#[test]
fn compounds_are_highlighted_by_the_forms_that_matched() {
    let index = LanguageIndex::build(
        "nl",
        vec![
            doc("/a/", "A", &[("", "Een privé bericht en een privépersoon.")]),
            doc("/b/", "B", &[("", "Over privacy.")]),
            doc("/c/", "C", &[("", "Een persoon.")]),
        ],
    );
    let files: BTreeMap<String, Vec<u8>> = index.files(true).into_iter().collect();
    let manifest: Manifest = serde_json::from_slice(&files["index.json"]).unwrap();
    let load = manifest.loader(&files["shards.bin"]);
    let words = search(&manifest, &load, "prive ", 10).words;
    // The form that matched marks its compounds; the stem ("priv") does not
    // mark "privacy".
    assert!(words.contains("prive") && words.contains("*prive"), "{words:?}");
    assert!(!words.iter().any(|w| w.starts_with('*') && "privacy".contains(&w[1..])), "{words:?}");
    let words = search(&manifest, &load, "persoon ", 10).words;
    assert!(words.contains("persoon") && words.contains("*persoon"), "{words:?}");
}

#[test]
fn one_edit_table() {
    for (a, b, want) in [
        ("polcy", "policy", true),
        ("policy", "polcy", true),
        ("ploicy", "policy", true),
        ("plociy", "policy", false),
        ("policy", "policy", false),
        ("poicly", "policy", false),
        ("werknemrs", "werknemers", true),
        ("abc", "abcde", false),
        ("cafe", "café", true),
    ] {
        assert_eq!(within_one_edit(a, b), want, "{a} / {b}");
    }
}

#[test]
fn corrupt_shards_are_errors_not_panics() {
    for bytes in [
        &[0x05][..],
        &[0x01, 0x7f],
        &[0xff; 12],
        &[
            0x01, 0x01, 0x61, 0x01, 0x01, 0x61, 0x02, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x00,
            0x00,
        ],
    ] {
        assert!(decode_shard(bytes).is_err(), "{bytes:?}");
    }
}
