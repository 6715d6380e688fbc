//! A property test: random site trees (languages with and without a home,
//! drafts anywhere, one language, deep sections, odd file and slug names,
//! static files that clash with pages or generated files) are built and
//! checked with the real binary. Whatever the tree, `build` and `check`
//! end with exit code 0 or 1, never a panic, and nothing is written
//! outside the output folder.
//!
//! The cases come from a small seeded generator. Set `RANDOM_SITES_SEED`
//! to replay one case (the seed of a failing case is printed), and
//! `RANDOM_SITES_FIRST`, `RANDOM_SITES_CASES` and `RANDOM_SITES_SECONDS`
//! to run other or more cases.
// Helpers here unwrap as the tests do: a failure panics at its line.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{Run, Site, all_files, run_in};

/// A SplitMix64 generator: tiny, and the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Names that have broken builds or could: non-ASCII, spaces, case
/// clashes, dots, very long, reserved output names.
const NAMES: &[&str] = &[
    "about",
    "About",
    "ABOUT",
    "beleid",
    "café",
    "Café",
    "naïve ünïcode",
    "with space",
    "a.b",
    "x..y",
    "dot.",
    "-",
    "_",
    "search",
    "print",
    "feed",
    "en",
    "nl",
    "index",
    "404",
    "日本語",
    "emoji-🙂",
    "%20",
    "a+b&c",
];

/// A name: odd now and then, else a plain one (so that many sites build).
fn name(rng: &mut Rng) -> String {
    match rng.below(100) {
        0..3 => "lang".repeat(30 + rng.below(25)),
        3..25 => rng.pick(NAMES).to_string(),
        _ => format!("{}-{}", rng.pick(&["stap", "regels", "over", "nieuws"]), rng.below(1000)),
    }
}

const LANGS: &[&str] = &["nl", "en", "de"];

/// Front matter and body for one page.
fn page(rng: &mut Rng, is_home: bool) -> String {
    let mut fm = String::new();
    if rng.chance(if is_home { 8 } else { 25 }) {
        fm.push_str("draft = true\n");
    }
    if rng.chance(50) {
        let _ = writeln!(fm, "title = {:?}", name(rng));
    }
    if !is_home && rng.chance(20) {
        let _ = writeln!(fm, "slug = {:?}", name(rng));
    }
    if rng.chance(30) {
        let _ = writeln!(fm, "date = 2026-0{}-1{}", 1 + rng.below(9), rng.below(10));
    }
    if rng.chance(10) {
        fm.push_str("[policy]\nversion = \"1\"\n");
    }
    let body = match rng.below(10) {
        0 => String::new(),
        1 => "# Kop\n\nTekst met [een link](/_index.md).\n".to_string(),
        2 => format!("Zie [{0}]({0}.md).\n", name(rng)),
        _ => "# Kop\n\nGewone tekst.\n".to_string(),
    };
    if fm.is_empty() && rng.chance(50) { body } else { format!("+++\n{fm}+++\n{body}") }
}

/// Writes one random site below `root`; returns a short description.
fn generate(rng: &mut Rng, root: &Path) -> String {
    let count = 1 + rng.below(LANGS.len());
    let langs = &LANGS[..count];
    let default = rng.pick(langs);
    let mut config = format!(
        "title = \"Random\"\nbase_url = \"https://example.org/\"\ndefault_language = \"{default}\"\n\
         [markdown]\nhighlight_code = false\n[search]\nenabled = {}\n[feed]\nenabled = {}\n",
        rng.chance(60),
        rng.chance(60),
    );
    for lang in langs {
        let _ = writeln!(config, "[languages.{lang}]\nname = \"{lang}\"");
    }
    write(root, "beleid.toml", config.as_bytes());
    let mut files = Vec::new();
    for lang in langs {
        if rng.chance(85) {
            files.push(format!("content/{lang}/_index.md"));
        }
        for _ in 0..rng.below(8) {
            let deepest = if rng.chance(10) { 12 } else { 3 };
            let depth = rng.below(deepest);
            let mut rel = format!("content/{lang}");
            for _ in 0..depth {
                rel = format!("{rel}/{}", name(rng));
                if rng.chance(40) {
                    files.push(format!("{rel}/_index.md"));
                }
            }
            files.push(format!("{rel}/{}.md", name(rng)));
        }
    }
    for _ in 0..rng.below(5) {
        files.push(static_name(rng, langs));
    }
    for file in &files {
        let text = if file.starts_with("content/") { page(rng, file.ends_with("_index.md")) } else { name(rng) };
        write(root, file, text.as_bytes());
    }
    format!("languages {langs:?}, files {files:?}")
}

/// A static file name, often one the build also generates.
fn static_name(rng: &mut Rng, langs: &[&str]) -> String {
    let lang = rng.pick(langs);
    let clashing = [
        format!("search/{lang}/index.json"),
        format!("search/{lang}/pages.bin"),
        format!("{lang}/atom.xml"),
        "sitemap.xml".to_string(),
        "robots.txt".to_string(),
        "404.html".to_string(),
        "favicon.svg".to_string(),
        format!("{}/index.html", name(rng)),
    ];
    if rng.chance(50) {
        return format!("static/{}", clashing[rng.below(clashing.len())]);
    }
    format!("static/{}/{}.txt", name(rng), name(rng))
}

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    // A name too long for the file system is skipped, not a failure.
    if std::fs::create_dir_all(path.parent().unwrap()).is_ok() {
        let _ = std::fs::write(path, bytes);
    }
}

/// Every file outside `public/` (and its lock next to it), with its bytes.
fn sources(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let parent = site.root.parent().unwrap();
    let mut files = all_files(parent);
    files.retain(|path, _| !path.starts_with("site/public/") && !path.starts_with("site/.public.beleid-lock"));
    files
}

fn assert_exit_0_or_1(seed: u64, what: &str, run: &Run, described: &str) {
    assert!(
        (run.code == 0 || run.code == 1) && !run.stderr.contains("panicked"),
        "seed {seed}: `beleid {what}` exited {}:\n{}\nsite: {described}\nreplay with RANDOM_SITES_SEED={seed}",
        run.code,
        run.stderr
    );
}

/// Runs one case; returns how many of its two runs succeeded.
fn run_case(seed: u64) -> usize {
    let mut rng = Rng(seed);
    let site = Site::copy_of(Path::new("/nonexistent"));
    let described = generate(&mut rng, &site.root);
    let before = sources(&site);
    let mut succeeded = 0;
    for what in ["check", "build"] {
        let run = run_in(&site.root, &[what]);
        assert_exit_0_or_1(seed, what, &run, &described);
        succeeded += usize::from(run.code == 0);
        if std::env::var_os("RANDOM_SITES_SHOW").is_some() {
            eprintln!("seed {seed} {what}: exit {}\n{}", run.code, run.stderr);
        }
    }
    assert_eq!(sources(&site), before, "seed {seed}: files outside the output changed\nsite: {described}");
    succeeded
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

#[test]
fn random_site_trees_never_panic_and_write_only_the_output() {
    if let Some(seed) = env_number("RANDOM_SITES_SEED") {
        run_case(seed);
        return;
    }
    let cases = env_number("RANDOM_SITES_CASES").unwrap_or(60);
    let seconds = env_number("RANDOM_SITES_SECONDS").unwrap_or(20);
    let first = env_number("RANDOM_SITES_FIRST").unwrap_or(0x5eed_0000);
    // Bounded in time as well as in cases, for a slow or busy machine.
    let started = Instant::now();
    let (mut ran, mut succeeded) = (0, 0);
    for case in 0..cases {
        if started.elapsed() > Duration::from_secs(seconds) && ran >= 10 {
            break;
        }
        succeeded += run_case(first + case);
        ran += 1;
    }
    assert!(ran >= 10, "only {ran} cases ran");
    // The generator must also make sites that build, or it tests little.
    assert!(succeeded >= ran / 8, "only {succeeded} of {} runs succeeded", 2 * ran);
    eprintln!("{ran} random sites, {succeeded} of {} runs succeeded", 2 * ran);
}
