//! `beleid check`: every check on a fixture site of its own, with the exact
//! diagnostics it must give; the sample site must be clean.
// Helpers here unwrap as the tests do: a failure panics at its line.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use common::{Site, run_in};

/// A check fixture: `tests/fixtures/checks/base` with the case's files laid over it.
fn fixture(case: &str) -> Site {
    let site = Site::fixture("checks/base");
    let overlay = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/checks").join(case);
    common::copy_tree(&overlay, &site.root);
    site
}

/// Runs `beleid check --format json` and returns (exit code, diagnostics as
/// "level code path:line:col message" lines).
fn check(site: &Site) -> (i32, Vec<String>) {
    let run = site.beleid(&["check", "--format", "json"]);
    let list: Vec<serde_json::Value> =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    let lines = list
        .iter()
        .map(|d| {
            format!(
                "{} {} {}:{}:{} {}",
                d["level"].as_str().unwrap(),
                d["code"].as_str().unwrap(),
                d["path"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    (run.code, lines)
}

fn assert_check(case: &str, code: i32, expected: &[&str]) {
    let (exit, lines) = check(&fixture(case));
    assert_eq!(lines, expected, "{case}");
    assert_eq!(exit, code, "{case}");
}

#[test]
fn broken_links_to_pages_and_files() {
    assert_check(
        "broken-link",
        1,
        &[
            "error broken-link content/nl/b.md:5:5 the link to vragen.md leads to no page",
            "error broken-link content/nl/b.md:5:31 nothing is published at /files/weg.pdf",
        ],
    );
}

#[test]
fn missing_anchors_on_this_page_another_and_another_language() {
    assert_check(
        "missing-anchor",
        1,
        &[
            "error missing-anchor content/nl/b.md:5:30 content/nl/a.md has no heading with the id #nergens",
            "error missing-anchor content/nl/b.md:6:4 content/en/a.md has no heading with the id #begin",
            "error missing-anchor content/nl/b.md:6:34 this page has no heading with the id #boven",
        ],
    );
}

#[test]
fn missing_translations_in_each_direction() {
    assert_check(
        "missing-translation",
        0,
        &[
            "warning missing-translation content/en/only.md:0:0 this page has no Nederlands translation (content/nl/only.md does not exist)",
            "warning missing-translation content/nl/alleen.md:0:0 this page has no English translation (content/en/alleen.md does not exist)",
        ],
    );
}

#[test]
fn stale_translations() {
    assert_check(
        "stale-translation",
        0,
        &[
            "warning stale-translation content/en/c.md:4:1 this translation was last updated on 2026-02-01, before its Nederlands source content/nl/c.md (2026-05-01)",
        ],
    );
}

#[test]
fn policy_lifecycle() {
    assert_check(
        "review-overdue",
        1,
        &["error review-overdue content/nl/p.md:7:1 the policy “Beleid P” was due for review on 2026-01-01"],
    );
    assert_check(
        "review-soon",
        0,
        &["warning review-soon content/nl/p.md:7:1 the policy “Beleid P” is due for review on 2026-12-01, in 10 days"],
    );
    assert_check(
        "policy-dates",
        1,
        &[
            "error policy-dates content/en/p.md:4:1 the policy “Policy P” has no version in its [policy] table",
            "error policy-dates content/nl/p.md:6:1 the policy “Beleid P” takes effect on 2027-06-01, after its review date 2027-01-01",
        ],
    );
    assert_check("policy-owner", 0, &["warning policy-owner content/en/p.md:4:1 the policy “Policy P” names no owner"]);
}

#[test]
fn content_that_hurts_readers() {
    assert_check("image-alt", 0, &["warning image-alt content/nl/b.md:5:7 this image has no alt text"]);
    assert_check(
        "link-text",
        0,
        &[
            "warning link-text content/en/b.md:5:1 the link text “Read more…” does not say where the link goes",
            "warning link-text content/nl/b.md:5:6 the link text “klik hier” does not say where the link goes",
            "warning link-text content/nl/b.md:5:25 this link has no text",
        ],
    );
    assert_check(
        "heading-skip",
        0,
        &["warning heading-skip content/nl/b.md:7:1 the heading levels skip from h2 to h4"],
    );
    assert_check(
        "multiple-h1",
        0,
        &["warning multiple-h1 content/nl/b.md:5:1 this heading is a second h1: the page title is already the h1"],
    );
    assert_check(
        "duplicate-title",
        0,
        &["warning duplicate-title content/nl/b.md:2:1 content/nl/a.md has the same title, “Pagina A”"],
    );
}

#[test]
fn configuration_and_theme() {
    assert_check(
        "ui-string",
        0,
        &[
            "warning ui-string i18n/en.toml:0:0 the UI string `custom_note` has no English text; the Nederlands text is shown instead",
        ],
    );
    assert_check(
        "unknown-extra",
        1,
        &["error unknown-extra content/nl/b.md:5:12 `{{ extra.organisatie }}` has no value in beleid.toml"],
    );
}

#[test]
fn checks_can_be_silenced_per_page_and_per_site() {
    assert_check("silenced", 0, &[]);
    // Without the silencing, the same site has both problems.
    let site = fixture("silenced");
    site.write("beleid.toml", &site.read("beleid.toml").replace("ignore = [\"missing-translation\"]", ""));
    site.write("content/nl/alleen.md", "+++\ntitle = \"Alleen\"\n+++\n\n[klik hier](a.md)\n");
    let (_, lines) = check(&site);
    let codes: Vec<&str> = lines.iter().map(|l| l.split(' ').nth(1).unwrap()).collect();
    assert_eq!(codes, ["missing-translation", "link-text"]);
}

#[test]
fn human_output_groups_by_file_and_warnings_can_fail() {
    let site = fixture("link-text");
    let run = site.beleid(&["check"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains(
            "content/en/b.md:5:1: warning: the link text “Read more…” does not say where the link goes\n  hint:"
        ),
        "{}",
        run.stdout
    );
    // Files are separated by a blank line, and the summary comes last.
    assert!(run.stdout.contains("\n\ncontent/nl/b.md:5:6: warning:"), "{}", run.stdout);
    assert!(run.stdout.trim_end().ends_with("check: 0 errors, 3 warnings"), "{}", run.stdout);
    assert_eq!(site.beleid(&["check", "--deny-warnings"]).code, 1);
    // check writes nothing.
    assert!(!site.root.join("public").exists());
}

#[test]
fn the_build_reports_broken_links_from_the_same_checks() {
    let site = fixture("missing-anchor");
    let run = site.beleid(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/nl/b.md:5:30: error: content/nl/a.md has no heading with the id #nergens"),
        "{}",
        run.stderr
    );
    // Reader-facing checks belong to `check` only.
    let site = fixture("link-text");
    assert!(!site.build_ok(&[]).stderr.contains("link-text"));
}

#[test]
fn the_sample_site_is_clean() {
    let run = run_in(Path::new(env!("CARGO_MANIFEST_DIR")), &["check", "--deny-warnings"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("check: 0 errors, 0 warnings"));
}
