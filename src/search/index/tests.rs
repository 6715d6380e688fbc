//! Index building and the files it writes.

use super::encode::{PACK_CHUNK, concatenate};
use super::*;

fn section(id: Option<&str>, heading: &str, text: &str) -> TextSection {
    TextSection { id: id.map(str::to_string), heading: heading.into(), text: text.into() }
}

pub(crate) fn sample() -> LanguageIndex<'static> {
    LanguageIndex::build(
        "nl",
        vec![
            Document {
                url: "/beleid/".into(),
                title: "Socialemediabeleid".into(),
                description: "Het beleid voor medewerkers.".into(),
                sections: vec![
                    section(None, "", "Inleiding over beleidsregels."),
                    section(Some("privacy"), "Privacy", "Deel geen gegevens van klanten. Privacyrechten gelden."),
                ]
                .into(),
            },
            Document {
                url: "/faq/".into(),
                title: "Vragen".into(),
                description: String::new(),
                sections: vec![
                    section(None, "", ""),
                    section(Some("klant"), "Een klant", "Wat mag ik posten over een klant?"),
                ]
                .into(),
            },
        ],
    )
}

#[test]
fn words_are_filed_under_stems_with_fields() {
    let index = sample();
    let klant = &index.stems["klant"];
    assert_eq!(klant.words.keys().collect::<Vec<_>>(), ["klant", "klanten"]);
    assert_eq!(klant.words["klanten"], [Posting { page: 0, section: 1, fields: FIELD_BODY, count: 1 }]);
    assert_eq!(klant.words["klant"], [Posting { page: 1, section: 1, fields: FIELD_HEADING | FIELD_BODY, count: 2 }]);
    let title = &index.stems["socialemediabeleid"].words["socialemediabeleid"];
    assert_eq!(title[0].fields, FIELD_TITLE);
}

#[test]
fn sections_past_the_last_number_count_as_the_last() {
    let last = usize::from(MAX_SECTION);
    let mut sections = vec![section(None, "", "")];
    sections.extend((1..=last + 2).map(|i| section(Some(&format!("h{i}")), "Kop", &format!("woord{i}"))));
    let index = LanguageIndex::build(
        "nl",
        vec![Document { url: "/".into(), title: "Lang".into(), description: String::new(), sections: sections.into() }],
    );
    let section_of = |word: &str| index.stems[word].words[word][0].section;
    assert_eq!(section_of("woord1"), 1);
    assert_eq!(section_of(&format!("woord{}", last - 1)), MAX_SECTION - 1);
    assert_eq!(section_of(&format!("woord{last}")), MAX_SECTION);
    assert_eq!(section_of(&format!("woord{}", last + 2)), MAX_SECTION);
    // The heading words of every section past the last are there too.
    let kop = &index.stems["kop"].words["kop"];
    assert_eq!(kop.last().map(|p| (p.section, p.count)), Some((MAX_SECTION, 3)));
}

#[test]
fn compound_parts_point_at_the_compound() {
    let index = sample();
    // "beleid" is a word on its own, so beleidsregels and the title split on it.
    let pages: Vec<(u32, u16)> = index.stems["beleid"].compounds.iter().map(|p| (p.page, p.section)).collect();
    assert_eq!(pages, [(0, 0)]);
    assert!(index.stems["privacy"].compounds.iter().any(|p| p.page == 0 && p.section == 1));
}

#[test]
fn shard_keys_grow_where_split() {
    let split: BTreeSet<String> = ["de".to_string(), "del".to_string()].into();
    assert_eq!(shard_key("beleid", &split), "be");
    assert_eq!(shard_key("de", &split), "de");
    assert_eq!(shard_key("deur", &split), "deu");
    assert_eq!(shard_key("delen", &split), "dele");
    assert_eq!(shard_key("a", &split), "a");
}

#[test]
fn large_prefixes_are_split() {
    let sizes = vec![("aa", 10), ("beleid", SHARD_TARGET), ("belang", 10), ("beter", 10), ("ce", 5)];
    let split = choose_splits(&sizes);
    assert_eq!(split.iter().collect::<Vec<_>>(), ["be", "bel"]);
}

#[test]
fn files_are_reproducible_and_versioned() {
    let a = sample().files(true);
    let b = sample().files(true);
    assert_eq!(a, b);
    let names: Vec<&str> = a.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["index.json", "shards.bin", "pages.bin", "pages.idx"]);
    let manifest = String::from_utf8(a[0].1.clone()).unwrap();
    assert!(manifest.contains("\"pages\":2") && manifest.contains("\"version\":\""), "{manifest}");
    // Each fragment inflates on its own, from its place in pages.bin.
    let manifest: serde_json::Value = serde_json::from_slice(&a[0].1).unwrap();
    assert_eq!(manifest["encoding"], "deflate-raw");
    let mut sizes = Vec::new();
    let (mut value, mut shift) = (0usize, 0);
    for &b in &a[3].1 {
        value |= usize::from(b & 0x7f) << shift;
        shift += 7;
        if b & 0x80 == 0 {
            sizes.push(value);
            (value, shift) = (0, 0);
        }
    }
    let (first, second) = (sizes[0], sizes[1]);
    assert_eq!(first + second, a[2].1.len());
    let page = crate::search::query::decode_fragment(&inflate_part(&a[2].1[first..]).unwrap()).unwrap();
    assert_eq!((page.title.as_str(), page.url.as_str()), ("Vragen", "/faq/"));
    let first_page = crate::search::query::decode_fragment(&inflate_part(&a[2].1[..first]).unwrap()).unwrap();
    assert_eq!(
        first_page.sections,
        [
            ("".into(), "".into(), "Het beleid voor medewerkers. Inleiding over beleidsregels.".into()),
            ("privacy".into(), "Privacy".into(), "Deel geen gegevens van klanten. Privacyrechten gelden.".into()),
        ]
    );
    assert_eq!(base36(0), "0");
    assert_eq!(base36(35), "z");
    assert_eq!(base36(36 * 36 + 1), "101");
}

#[test]
fn segments_inflate_alone() {
    let parts: Vec<&[u8]> = vec![b"een twee drie een twee drie", b"", b"vier vijf zes vier vijf zes vier"];
    let (all, sizes) = deflate_parts(parts.clone());
    assert_eq!(sizes.len(), 3);
    assert_eq!(sizes.iter().sum::<usize>(), all.len());
    let mut at = 0;
    for (part, size) in parts.iter().zip(&sizes) {
        assert_eq!(inflate_part(&all[at..at + size]).unwrap(), *part);
        at += size;
    }
}

#[test]
fn packed_parts_inflate_alone_whatever_the_thread_count() {
    let parts: Vec<Vec<u8>> = (0..PACK_CHUNK * 3 + 5)
        .map(|i| format!("deel {i} tekst {} tekst {}", i * 7, "woord ".repeat(i % 50)).into_bytes())
        .collect();
    let packed_with = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| pack(parts.len(), true, |i| parts[i].clone()))
    };
    let (all, sizes) = packed_with(1);
    assert_eq!((all.clone(), sizes.clone()), packed_with(3));
    assert_eq!(sizes.len(), parts.len());
    let mut at = 0;
    for (part, size) in parts.iter().zip(&sizes) {
        assert_eq!(&inflate_part(&all[at..at + size]).unwrap(), part);
        at += size;
    }
    assert_eq!(at, all.len());
    let plain = pack(parts.len(), false, |i| parts[i].clone());
    assert_eq!(plain, concatenate(parts.iter().map(Vec::as_slice).collect()));
    assert_eq!(pack(0, true, |_| Vec::new()), (Vec::new(), Vec::new()));
}

#[test]
fn varints() {
    for (value, bytes) in [(0u64, vec![0u8]), (127, vec![127]), (128, vec![0x80, 1]), (300, vec![0xac, 2])] {
        let mut out = Vec::new();
        write_varint(&mut out, value);
        assert_eq!(out, bytes);
    }
}
