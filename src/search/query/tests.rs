//! Ranking, as tables of queries and the pages they must find, in order.

use super::*;
use crate::markdown::TextSection;
use crate::search::index::{Document, LanguageIndex};

fn doc(url: &str, title: &str, sections: &[(&str, &str)]) -> Document {
    let mut list = vec![TextSection { id: None, heading: String::new(), text: String::new() }];
    for (heading, text) in sections {
        let id = if heading.is_empty() { None } else { Some(crate::text::slugify(heading)) };
        if heading.is_empty() {
            list[0].text = (*text).to_string();
        } else {
            list.push(TextSection { id, heading: (*heading).into(), text: (*text).into() });
        }
    }
    Document { url: url.into(), title: title.into(), description: String::new(), sections: list }
}

/// Searches a built index through its files, exactly as the browser does.
fn run(index: &LanguageIndex, query: &str) -> Vec<String> {
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

fn dutch() -> LanguageIndex {
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

fn english() -> LanguageIndex {
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
fn query_words_drop_joined_forms_and_duplicates() {
    assert_eq!(query_words("social-media Social"), (vec!["social".to_string(), "media".to_string()], true));
    assert_eq!(query_words("privacy "), (vec!["privacy".to_string()], false));
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
