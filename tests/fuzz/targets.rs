//! The fuzz targets, and the inputs each starts from: its corpus and real files.

use std::path::{Path, PathBuf};

use crate::check_content::{check_front_matter, check_markdown, check_slug};
use crate::check_serve::{check_host, check_route, check_shard, check_words};
use crate::gen_search::{gen_shard, index_files, manifest_input, random_index};
use crate::gen_text::{gen_front_matter, gen_host, gen_markdown, gen_route, gen_text};
use crate::rng::{Rng, seed};

pub(crate) struct Target {
    pub(crate) name: &'static str,
    /// Iterations when neither BELEID_FUZZ_ITERS nor BELEID_FUZZ_SECS is set.
    pub(crate) default_iterations: u64,
    pub(crate) generate: fn(&mut Rng, &Seeds) -> Vec<u8>,
    pub(crate) check: fn(&[u8]) -> Result<(), String>,
}

pub(crate) const TARGETS: &[Target] = &[
    Target { name: "front_matter", default_iterations: 3000, generate: gen_front_matter, check: check_front_matter },
    Target { name: "markdown", default_iterations: 1200, generate: gen_markdown, check: check_markdown },
    Target { name: "slug", default_iterations: 10_000, generate: gen_text, check: check_slug },
    Target { name: "route", default_iterations: 20_000, generate: gen_route, check: check_route },
    Target { name: "host", default_iterations: 30_000, generate: gen_host, check: check_host },
    Target { name: "shard", default_iterations: 3000, generate: gen_shard, check: check_shard },
    Target { name: "words", default_iterations: 12_000, generate: gen_text, check: check_words },
];

pub(crate) fn target(name: &str) -> &'static Target {
    TARGETS.iter().find(|t| t.name == name).expect("a target")
}

/// Inputs to mutate: the target's corpus and real files.
pub(crate) struct Seeds {
    pub(crate) inputs: Vec<Vec<u8>>,
}

impl Seeds {
    pub(crate) fn pick<'a>(&'a self, rng: &mut Rng) -> &'a [u8] {
        if self.inputs.is_empty() {
            return b"";
        }
        &self.inputs[rng.below(self.inputs.len())]
    }
}

pub(crate) fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn corpus_dir(target: &str) -> PathBuf {
    manifest_dir().join("tests/fuzz-corpus").join(target)
}

/// The saved inputs of a target, sorted by file name.
pub(crate) fn corpus_files(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let Ok(dir) = std::fs::read_dir(corpus_dir(target)) else {
        return Vec::new();
    };
    let mut files: Vec<(PathBuf, Vec<u8>)> = dir
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .filter_map(|p| std::fs::read(&p).ok().map(|b| (p, b)))
        .collect();
    files.sort();
    files
}

/// Every Markdown file of the sample site and the fixtures.
pub(crate) fn content_files() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for dir in ["content", "tests/fixtures"] {
        for entry in walkdir::WalkDir::new(manifest_dir().join(dir)).into_iter().filter_map(Result::ok) {
            if entry.path().extension().is_some_and(|e| e == "md")
                && let Ok(bytes) = std::fs::read(entry.path())
            {
                out.push(bytes);
            }
        }
    }
    out
}

pub(crate) fn seeds_for(target: &Target) -> Seeds {
    // Small corpus files only: mutating a 1 MB seed a thousand times would
    // spend the budget on a handful of shapes.
    let mut inputs: Vec<Vec<u8>> =
        corpus_files(target.name).into_iter().map(|(_, b)| b).filter(|b| b.len() <= 64 * 1024).collect();
    match target.name {
        "front_matter" | "markdown" => inputs.extend(content_files()),
        "route" => inputs.extend(
            [
                "/",
                "/faq/",
                "/faq",
                "/beleid/faq/index.html",
                "/en/",
                "/files/a%20b.pdf",
                "/%2e%2e/etc/passwd",
                "/__beleid/events",
                "/beleid/%C3%BCn%C3%AF/",
                "/style.1a2b3c4d.css?v=1#x",
            ]
            .map(|s| s.as_bytes().to_vec()),
        ),
        "host" => {
            inputs.extend(["127.0.0.1:1111", "localhost", "[::1]:1111", "10.0.0.5:80"].map(|s| s.as_bytes().to_vec()))
        }
        "shard" => {
            let mut rng = Rng::new(seed() ^ 0x5ead);
            for _ in 0..8 {
                let index = random_index(&mut rng);
                for compress in [false, true] {
                    let files = index_files(&index, compress);
                    inputs.push(manifest_input(&files.manifest, &files.shards_bin));
                    inputs.extend(files.shards.into_iter().map(|(_, b)| b));
                }
            }
        }
        _ => {}
    }
    Seeds { inputs }
}
