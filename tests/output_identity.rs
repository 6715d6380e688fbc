//! What `beleid build` writes must not change by accident: every output file
//! of the sample site (the repository root) and of a generated 100-page
//! corpus is listed as (path, size, hash) and compared with
//! `tests/snapshots/output-<site>.txt`. A refactor that claims to keep the
//! output byte-identical is checked by this test. After an intended change
//! (new content, a template edit), run with `BELEID_BLESS=1` to rewrite the
//! snapshots and review their diff.
//!
//! The corpus comes from `../shared/bench/gen_corpus.py` next to the
//! repository; without python3 or the generator the test fails, because a
//! check that silently did not run would claim an identity it never saw.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// The day policy status and review dates are judged on, so the output does
/// not depend on when the test runs.
const AS_OF: &str = "2026-11-21";

/// Builds the site at `root` into `out` with the release-independent test
/// binary and panics with its stderr if the build fails.
fn build(root: &Path, out: &Path) {
    let run = Command::new(env!("CARGO_BIN_EXE_beleid"))
        .args(["build", "--as-of", AS_OF, "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .env("BELEID_TODAY", AS_OF)
        .output()
        .expect("run beleid");
    assert!(run.status.success(), "build of {} failed:\n{}", root.display(), String::from_utf8_lossy(&run.stderr));
}

/// Every file below `dir`, as sorted `path size hash` lines with `/` as the
/// separator on every platform.
fn listing(dir: &Path) -> String {
    let mut files = Vec::new();
    collect(dir, dir, &mut files);
    files.sort();
    files.into_iter().map(|line| line + "\n").collect()
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<String>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            collect(base, &path, files);
            continue;
        }
        let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let rel: Vec<String> = path
            .strip_prefix(base)
            .expect("below the output")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        files.push(format!("{} {} {:016x}", rel.join("/"), bytes.len(), beleid::fingerprint::fnv1a(&bytes)));
    }
}

/// Compares `actual` with the committed snapshot `name`, or rewrites the
/// snapshot when `BELEID_BLESS` is set.
fn compare(name: &str, actual: &str) {
    let path = Path::new(REPO).join("tests/snapshots").join(format!("output-{name}.txt"));
    if std::env::var_os("BELEID_BLESS").is_some() {
        fs::write(&path, actual).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let expected = fs::read_to_string(&path).unwrap_or_default();
    if actual == expected {
        return;
    }
    let path_of = |line: &str| line.split(' ').next().unwrap_or("").to_string();
    let mut changed: Vec<String> = Vec::new();
    for line in actual.lines().filter(|l| !expected.lines().any(|e| e == *l)) {
        let p = path_of(line);
        let was = expected.lines().any(|e| path_of(e) == p);
        changed.push(format!("  {} {p}", if was { "changed" } else { "added  " }));
    }
    for line in expected.lines().filter(|e| !actual.lines().any(|a| path_of(a) == path_of(e))) {
        changed.push(format!("  removed {}", path_of(line)));
    }
    changed.sort();
    panic!(
        "the output of the {name} site changed ({} files); if intended, run `BELEID_BLESS=1 cargo test --test output_identity` and review the diff of {}\n{}",
        changed.len(),
        path.display(),
        changed.join("\n")
    );
}

#[test]
fn sample_site_output_matches_snapshot() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    build(Path::new(REPO), &out);
    compare("sample", &listing(&out));
}

/// The generator shared with the benchmarks, next to the repository.
fn generator() -> PathBuf {
    let path = Path::new(REPO).join("../shared/bench/gen_corpus.py");
    assert!(
        path.is_file(),
        "{} is missing: this test needs the corpus generator next to the repository (as CI has it)",
        path.display()
    );
    path
}

#[test]
fn generated_corpus_output_matches_snapshot() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    let generated = Command::new("python3")
        .arg(generator())
        .args(["--pages", "100", "--layouts", "ours", "--out"])
        .arg(&corpus)
        .output()
        .unwrap_or_else(|e| {
            panic!("python3 could not be started ({e}); this test needs python3 to generate its corpus")
        });
    assert!(generated.status.success(), "gen_corpus.py failed:\n{}", String::from_utf8_lossy(&generated.stderr));
    let out = dir.path().join("public");
    build(&corpus.join("ours"), &out);
    compare("corpus-100", &listing(&out));
}
