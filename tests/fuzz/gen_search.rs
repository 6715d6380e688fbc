//! Generators for the search index's binary files: manifests and shards.

use std::collections::BTreeMap;

use crate::gen_text::{random_bytes, random_string};
use crate::rng::Rng;
use crate::targets::Seeds;

/// A small index of random words, as a source of valid shards.
pub(crate) fn random_index(rng: &mut Rng) -> beleid::search::index::LanguageIndex<'static> {
    use beleid::markdown::TextSection;
    use beleid::search::index::{Document, LanguageIndex};
    #[rustfmt::skip]
    const WORDS: &[&str] = &[
        "beleid", "sociale", "media", "medewerker", "privacy", "vertrouwelijk", "klant", "posten",
        "policy", "social", "employee", "financiële", "zaken", "e-mail", "pagina's", "straße",
        "ĳssel", "a", "zz", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    ];
    let words = |rng: &mut Rng, n: usize| -> String {
        (0..n)
            .map(|_| if rng.one_in(6) { random_string(rng, 8) } else { rng.pick(WORDS).to_string() })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let docs = (0..rng.size(6).max(1))
        .map(|i| Document {
            url: format!("/p{i}/"),
            title: words(rng, 3),
            description: words(rng, 4),
            sections: (0..rng.size(4).max(1))
                .map(|_| TextSection {
                    id: None,
                    heading: words(rng, 2),
                    text: {
                        let n = rng.size(40);
                        words(rng, n)
                    },
                })
                .collect::<Vec<_>>()
                .into(),
        })
        .collect();
    let lang = rng.pick(&["nl", "en", "de"]);
    LanguageIndex::build(lang, docs)
}

/// An index's search files: the manifest (`index.json`), `shards.bin`, and
/// each shard as `Manifest::loader` hands it to `decode_shard`.
pub(crate) struct IndexFiles {
    pub(crate) manifest: Vec<u8>,
    pub(crate) shards_bin: Vec<u8>,
    pub(crate) shards: Vec<(String, Vec<u8>)>,
}

pub(crate) fn index_files(index: &beleid::search::index::LanguageIndex<'_>, compress: bool) -> IndexFiles {
    let files: BTreeMap<String, Vec<u8>> = index.files(compress).into_iter().collect();
    let manifest: beleid::search::query::Manifest =
        serde_json::from_slice(&files["index.json"]).expect("the manifest parses");
    let shards_bin = files["shards.bin"].clone();
    let shards = {
        let load = manifest.loader(&shards_bin);
        manifest
            .shard_ranges()
            .into_keys()
            .map(|key| {
                let bytes = load(&key).unwrap_or_else(|| panic!("shard {key} loads"));
                (key, bytes)
            })
            .collect()
    };
    IndexFiles { manifest: files["index.json"].clone(), shards_bin, shards }
}

/// The input form of a manifest with its `shards.bin`: the JSON, a newline,
/// the bytes. `check_shard` takes inputs that start with `{` this way.
pub(crate) fn manifest_input(manifest: &[u8], shards_bin: &[u8]) -> Vec<u8> {
    let mut out = manifest.trim_ascii_end().to_vec();
    out.push(b'\n');
    out.extend_from_slice(shards_bin);
    out
}

pub(crate) fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// A manifest with odd keys and sizes (huge, negative, not base 36).
pub(crate) fn gen_manifest(rng: &mut Rng) -> Vec<u8> {
    let mut keys = Vec::new();
    let mut sizes = Vec::new();
    for _ in 0..rng.size(6) {
        keys.push(match rng.below(4) {
            0 => String::new(),
            1 => random_string(rng, 4),
            _ => rng.pick(&["be", "so", "me", "ab", "zz", "é"]).to_string(),
        });
        sizes.push(match rng.below(6) {
            // u64::MAX in base 36: two of them overflow any sum.
            5 => "3w5e11264sgsf".to_string(),
            0 => "zzzzzzzzzzzz".to_string(),
            1 => "zzzzzzzzzzzzzzzzzzzz".to_string(),
            2 => "-1".to_string(),
            3 => random_string(rng, 3),
            _ => rng.below(100).to_string(),
        });
    }
    let sep = |rng: &mut Rng| if rng.one_in(5) { "  " } else { " " };
    let joined_sizes = sizes.join(sep(rng));
    let manifest = serde_json::json!({
        "format": 3,
        "lang": rng.pick(&["nl", "en", "xx", ""]),
        "pages": rng.below(5),
        "split": if rng.one_in(3) { vec![random_string(rng, 3)] } else { vec![] },
        "shards": keys.join(sep(rng)),
        "sizes": joined_sizes,
        "encoding": rng.pick(&["deflate-raw", "none", ""]),
        "stemmer": true,
    })
    .to_string();
    manifest_input(manifest.as_bytes(), &random_bytes(rng, 200))
}

/// Changes a few bytes of a valid shard or `shards.bin`, favouring varints
/// that overflow.
pub(crate) fn mutate_binary(rng: &mut Rng, bytes: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for _ in 0..rng.size(4).max(1) {
        let len = out.len();
        if len == 0 {
            break;
        }
        let at = rng.below(len);
        match rng.below(4) {
            0 => out[at] = rng.byte(),
            1 => out[at] = rng.pick(&[0x00, 0x7f, 0x80, 0xff]),
            2 => out.truncate(at),
            _ => {
                let mut v = Vec::new();
                varint(&mut v, rng.pick(&[u64::MAX, u64::MAX / 2, 1 << 32, 1 << 63]));
                out.splice(at..at, v);
            }
        }
    }
    out
}

pub(crate) fn gen_shard(rng: &mut Rng, seeds: &Seeds) -> Vec<u8> {
    match rng.below(8) {
        0 => gen_manifest(rng),
        1 => {
            // A valid manifest over a damaged shards.bin, or the reverse.
            let seed = seeds.pick(rng);
            match seed.iter().position(|&b| b == b'\n').filter(|_| seed.starts_with(b"{")) {
                Some(nl) if rng.one_in(2) => manifest_input(&seed[..nl], &mutate_binary(rng, &seed[nl + 1..])),
                Some(nl) => {
                    let mut m = seed[..nl].to_vec();
                    let at = rng.below(m.len() + 1);
                    m.insert(at, rng.pick(b"z0 \"-"));
                    manifest_input(&m, &seed[nl + 1..])
                }
                None => mutate_binary(rng, seed),
            }
        }
        2..=4 => {
            let seed = seeds.pick(rng);
            mutate_binary(rng, seed)
        }
        5 | 6 => {
            // Hand-made structure with extreme varints.
            let mut out = Vec::new();
            let big = |rng: &mut Rng| -> u64 {
                match rng.below(5) {
                    0 => u64::MAX,
                    1 => u64::from(u32::MAX) + 1,
                    2 => rng.next_u64(),
                    _ => rng.below(4) as u64,
                }
            };
            varint(&mut out, if rng.one_in(3) { big(rng) } else { 1 });
            let stem = random_string(rng, 6);
            varint(&mut out, stem.len() as u64);
            out.extend_from_slice(stem.as_bytes());
            varint(&mut out, if rng.one_in(3) { big(rng) } else { 1 });
            varint(&mut out, stem.len() as u64);
            out.extend_from_slice(stem.as_bytes());
            for _ in 0..2 {
                let n = rng.below(4) as u64;
                varint(&mut out, if rng.one_in(4) { big(rng) } else { n });
                for _ in 0..n {
                    varint(&mut out, big(rng));
                    varint(&mut out, big(rng));
                    out.push(rng.byte());
                }
            }
            if rng.one_in(3) {
                // A varint longer than ten bytes.
                out.extend(std::iter::repeat_n(0xff, rng.size(20)));
            }
            out
        }
        _ => random_bytes(rng, 200),
    }
}
