//! Fuzzing on stable Rust, without cargo-fuzz or external crates.
//!
//! Every parser that sees content or requests gets random and grammar-aware
//! inputs from a small deterministic PRNG (splitmix64), mixing random bytes
//! with the fragments most likely to trip a Markdown, TOML, YAML or URL
//! parser, and mutations of real content files and of the regression corpus.
//!
//! Targets (one test each, `fuzz_<target>`):
//!
//! | target | what runs | what must hold |
//! | --- | --- | --- |
//! | `front_matter` | `content::parse_file` (bytes that are not UTF-8 go through `read_and_parse`), then `Content::assemble` | no panic; errors point inside the file; URLs are slugs |
//! | `markdown` | `markdown::Renderer::render` with raw HTML off | no panic; only Markdown's elements, no event handlers, no script or data URLs, no internal render error, diagnostics inside the body |
//! | `slug` | `text::slugify`, `fold`, `title_from_name` | no panic; slugs match `^[a-z0-9]+(-[a-z0-9]+)*$` or are empty, and slugify is idempotent |
//! | `route` | `serve::route::route` under several base paths | no panic; `File(p)` only for built files and never for a `..` segment; redirects start with exactly one `/` and have no control characters |
//! | `host` | `serve::route::host_allowed` | no panic; a specific LAN bind accepts only its own address |
//! | `shard` | `search::query::decode_shard` on random, valid and mutated shards; `Manifest::shard_ranges` and `loader` on odd manifests and damaged `shards.bin` | no panic |
//! | `words` | `search::tokenize::words` | no panic; words are non-empty, at most `MAX_WORD` characters, without spaces or control characters |
//!
//! Environment:
//!
//! - `BELEID_FUZZ_SEED` — the seed (decimal or `0x` hex); default fixed, so a
//!   run is reproducible. The seed is printed.
//! - `BELEID_FUZZ_ITERS` — iterations per target (default: a few hundred to a
//!   few thousand, about 10–20 s for the whole file in a debug build).
//! - `BELEID_FUZZ_SECS` — run each target for this many seconds instead (or
//!   until `BELEID_FUZZ_ITERS`, if both are set).
//! - `BELEID_FUZZ_STRICT` — also fail on the harmless findings listed in
//!   `known_issue` (without it they pass, so the fuzzer keeps finding new
//!   problems).
//! - `BELEID_FUZZ_SLOW_SECS` — an input that takes longer than this (20 s)
//!   counts as a failure ("slow").
//!
//! Each target runs in a child process (this test binary, re-run with
//! `BELEID_FUZZ_CHILD=1`), so a stack overflow or abort, which no
//! `catch_unwind` can catch, still reports its input: the child writes each
//! input to `target/tmp/fuzz-pending/<target>.bin` before running it. A hang
//! is caught the same way by a timeout.
//!
//! On a failure the input is shrunk, printed as escaped bytes and written to
//! `tests/fuzz-corpus/<target>/<hash>.bin`; `replay_corpus` runs every file
//! there on every test run, so a failure found once stays a regression test.
//! To debug one input in-process: `BELEID_FUZZ_CHILD=1 cargo test --test fuzz
//! replay_corpus -- --nocapture`.
//!
//! Why this is home-made rather than `proptest` or `bolero` (weighed again
//! when the file was split into modules):
//!
//! - Cost: proptest brings about a dozen crates (rand and its family,
//!   regex-syntax, rusty-fork, bit-set, ...) that CI compiles on two cores on
//!   every run; this needs nothing beyond `tempfile` and `walkdir`, which the
//!   other tests already use. bolero finds more only with coverage guidance
//!   through `cargo bolero` and a fuzzing engine, a toolchain CI does not
//!   have; under plain `cargo test` it generates random inputs as this does.
//! - What it finds comes from the generators: grammar-aware fragments and
//!   mutations of real content files and of the corpus. With either crate
//!   these would have to be written again as strategies or generators.
//! - Shrinking: inputs here are bytes, and removing chunks while the failure
//!   keeps its kind shrinks them well; proptest's structural shrinking helps
//!   most with typed values, which these targets do not take.
//! - Regressions: the corpus keeps the failing inputs themselves, so they stay
//!   valid when a generator changes; proptest's regression files keep seeds,
//!   which replay a different input once the strategy changes.
//! - Crashes: a stack overflow, an abort or a hang still reports its input,
//!   because each target runs in a child process; neither crate does that
//!   under `cargo test` without more machinery.
// Helpers here unwrap as the tests do: a failure panics at its line.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

#[path = "../common/html_safety.rs"]
mod html_safety;

mod check_content;
mod check_serve;
mod fragments;
mod gen_search;
mod gen_text;
mod rng;
mod runner;
mod targets;

use check_content::{extra, renderer, resolve};
use gen_search::{index_files, random_index};
use rng::{Rng, is_child, seed};
use runner::{escape_bytes, run_check, run_isolated, run_target};
use targets::{TARGETS, corpus_files};

const CHILD_ENV: &str = "BELEID_FUZZ_CHILD";
const DEFAULT_SEED: u64 = 0x0BE1_E1D0_F022_2026;

// ---------------------------------------------------------------------------
// Tests: one per target, plus the corpus replay.

#[test]
fn fuzz_front_matter() {
    run_target("front_matter");
}

#[test]
fn fuzz_markdown() {
    run_target("markdown");
}

#[test]
fn fuzz_slug() {
    run_target("slug");
}

#[test]
fn fuzz_route() {
    run_target("route");
}

#[test]
fn fuzz_host() {
    run_target("host");
}

#[test]
fn fuzz_shard() {
    run_target("shard");
}

#[test]
fn fuzz_words() {
    run_target("words");
}

/// Replays every saved input of every target. Fast: it runs each file once.
#[test]
fn replay_corpus() {
    if !is_child() {
        run_isolated("replay_corpus", None, "replay", Duration::from_secs(600));
        return;
    }
    let mut failures = Vec::new();
    let mut count = 0;
    let started = Instant::now();
    for target in TARGETS {
        for (path, bytes) in corpus_files(target.name) {
            count += 1;
            // Printed before running, so a crash names its file.
            eprintln!("replay {}", path.display());
            let t = Instant::now();
            if let Err(message) = run_check(target, &bytes) {
                failures.push(format!("{}: {message}\n  input: {}", path.display(), escape_bytes(&bytes, 400)));
            }
            let took = t.elapsed();
            if took > Duration::from_millis(300) {
                eprintln!("  slow: {} took {took:.2?}", path.display());
            }
        }
    }
    eprintln!("replayed {count} corpus files in {:.2?}", started.elapsed());
    assert!(failures.is_empty(), "{} corpus inputs fail:\n{}", failures.len(), failures.join("\n"));
}

/// Valid shards, as the index writes them, decode to what was indexed. (The
/// `shard` target only shows that invalid ones do not panic.)
#[test]
fn valid_shards_decode_to_the_index() {
    let mut rng = Rng::new(seed() ^ 0x5eed);
    for _ in 0..30 {
        let index = random_index(&mut rng);
        for compress in [false, true] {
            let mut decoded = BTreeMap::new();
            for (key, bytes) in index_files(&index, compress).shards {
                let stems = beleid::search::query::decode_shard(&bytes).unwrap_or_else(|e| panic!("{key}: {e}"));
                decoded.extend(stems);
            }
            assert_eq!(decoded, index.stems);
        }
    }
}

// ---------------------------------------------------------------------------
// Bugs this fuzzer found, fixed and kept as regression tests. New findings
// can be listed in `known_issue` (with a failing test of their own) so the
// fuzzer keeps looking while they are open.

/// Found by `fuzz_shard` (fixed since): `decode_shard` added page deltas
/// with `+=` on a `u64`, so two huge deltas panicked with "attempt to add
/// with overflow" in debug builds instead of returning an error.
#[test]
fn decode_shard_reports_a_page_number_overflow_as_an_error() {
    // One stem "N" with one word "N" and three postings whose page deltas
    // sum past u64::MAX.
    let shard = b"\x01\x01N\x01\x01N\x03\x02\x03\x13\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01";
    let result = std::panic::catch_unwind(|| beleid::search::query::decode_shard(shard));
    assert!(
        matches!(result, Ok(Err(_))),
        "decode_shard must return an error for a page number past u64::MAX, not panic"
    );
}

/// FIXED, kept as a regression test: `Manifest::shard_ranges` sums the shard sizes from the
/// manifest with `offset += size`, and `Manifest::loader` slices
/// `offset..offset + size`; a manifest with sizes near `usize::MAX` (base 36
/// `3w5e11264sgsf`) panics with "attempt to add with overflow" in debug
/// builds. Only tests read manifests in Rust today, but it is the reference
/// implementation of the client. Fix: `offset = offset.saturating_add(size)`
/// in `shard_ranges` and `shards_bin.get(offset..offset.checked_add(size)?)`
/// in `loader`.
#[test]
fn manifest_with_huge_shard_sizes_is_no_panic() {
    let manifest: beleid::search::query::Manifest = serde_json::from_str(
        r#"{"lang":"nl","pages":1,"split":[],"shards":"ab cd ef","sizes":"3w5e11264sgsf 3w5e11264sgsf 1"}"#,
    )
    .unwrap();
    let outcome = std::panic::catch_unwind(|| {
        let shards_bin = [0u8; 16];
        let load = manifest.loader(&shards_bin);
        ["ab", "cd", "ef"].map(|k| load(k).is_some())
    });
    assert!(outcome.is_ok(), "a manifest with huge shard sizes must not panic");
}

/// FIXED, kept as a regression test: a heading whose whole text is an explicit id (`## {#art-5}`,
/// or `# {#}`) panics with "tree modified during iteration" (comrak's
/// arena_tree.rs): `headings::assign_ids` detaches the now-empty text node
/// while it is still walking `root.descendants()`. `beleid build` dies with
/// exit 101 on such a page. Fix: collect the heading nodes first
/// (`let headings: Vec<_> = root.descendants().filter(..).collect();`) and
/// edit them after the walk, or leave the empty text node in place instead
/// of detaching it.
#[test]
fn heading_of_only_an_id_is_no_panic() {
    for body in ["## {#art-5}\n", "# {#}\n", "Tekst\n\n### {#x}\n\nMeer\n"] {
        let outcome = std::panic::catch_unwind(|| {
            let input = beleid::markdown::Input {
                body,
                file: Path::new("content/nl/a.md"),
                first_line: 1,
                base_path: "/",
                page_path: "a/",
                id_prefix: "",
                policy: false,
                anchor_label: "Link",
                alert_titles: ["Note", "Tip", "Important", "Warning", "Caution"],
                task_labels: ["gedaan", "nog te doen"],
                extra: &extra,
                resolve: &resolve,
            };
            renderer().render(&input)
        });
        assert!(outcome.is_ok(), "rendering {body:?} panicked (a heading that is only an id)");
    }
}
