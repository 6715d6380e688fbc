//! Odd site trees: languages without a home, with a draft home or only
//! drafts, a one-language site. Each builds or fails with a clear error at
//! its place; none panics.

mod common;

use common::{Run, Site};

fn assert_no_panic(run: &Run) {
    assert!(run.code == 0 || run.code == 1, "exit {}:\n{}", run.code, run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

/// A small site in `langs`, each with a home, a section and a page.
fn small_site(langs: &[&str]) -> Site {
    let site = Site::copy_of(std::path::Path::new("/nonexistent"));
    let mut config =
        format!("title = \"T\"\nbase_url = \"https://example.org/\"\ndefault_language = \"{}\"\n", langs[0]);
    for lang in langs {
        config.push_str(&format!("[languages.{lang}]\nname = \"{lang}\"\ntitle = \"Home {lang}\"\n"));
        site.write(&format!("content/{lang}/_index.md"), "Welcome.\n");
        site.write(&format!("content/{lang}/guide/_index.md"), "A section.\n");
        site.write(&format!("content/{lang}/guide/step.md"), "+++\ndate = 2026-01-01\n+++\nA page.\n");
    }
    site.write("beleid.toml", &config);
    site
}

const DRAFT: &str = "+++\ntitle = \"Home\"\ndraft = true\n+++\nText.\n";

#[test]
fn a_draft_home_is_an_error_at_its_draft_key_for_build_and_check() {
    for lang in ["en", "nl"] {
        let site = small_site(&["nl", "en"]);
        site.write(&format!("content/{lang}/_index.md"), DRAFT);
        for command in ["build", "check"] {
            let run = site.beleid(&[command]);
            assert_no_panic(&run);
            assert_eq!(run.code, 1, "{command}:\n{}", run.stderr);
            let at =
                format!("content/{lang}/_index.md:3:1: error: the home page of language `{lang}` cannot be a draft");
            let said = format!("{}{}", run.stdout, run.stderr);
            assert!(said.contains(&at), "{command}:\n{said}");
            assert!(said.contains("hint: remove `draft`"), "{said}");
        }
        // With drafts included, it is an ordinary home.
        site.build_ok(&["--drafts"]);
    }
}

#[test]
fn a_language_with_only_drafts_below_its_home_builds_its_home() {
    let site = small_site(&["nl", "en"]);
    for file in ["guide/_index.md", "guide/step.md"] {
        site.write(&format!("content/en/{file}"), "+++\ndraft = true\n+++\nText.\n");
    }
    let run = site.build_ok(&[]);
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(said.contains("en 1)"), "{said}");
    assert!(site.output("en/index.html").contains("Home en"));
    assert!(!site.root.join("public/en/guide").exists());
}

#[test]
fn a_language_without_a_home_file_gets_an_empty_home() {
    let site = small_site(&["nl", "en"]);
    std::fs::remove_file(site.root.join("content/en/_index.md")).unwrap();
    site.build_ok(&[]);
    assert!(site.output("en/index.html").contains("Home en"));
    assert!(site.output("en/guide/step/index.html").contains("A page."));
    let site = small_site(&["nl", "en"]);
    std::fs::remove_dir_all(site.root.join("content/en")).unwrap();
    site.build_ok(&[]);
    assert!(site.output("en/index.html").contains("Home en"));
}

#[test]
fn a_one_language_site_builds_and_checks() {
    let site = small_site(&["nl"]);
    site.build_ok(&[]);
    assert!(site.output("index.html").contains("<html"));
    assert!(!site.root.join("public/en").exists());
    let run = site.beleid(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
