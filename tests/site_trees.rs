//! Odd site trees: languages without a home, with a draft home or only
//! drafts, a one-language site. Each builds or fails with a clear error at
//! its place; none panics.
// Helpers here unwrap as the tests do: a failure panics at its line.
#![allow(clippy::unwrap_used)]
// The symbolic-link cases need Unix; elsewhere their helpers are unused.
#![cfg_attr(not(unix), allow(dead_code, unused_imports))]

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

// ---------------------------------------------------------------------------
// Symbolic links: one rule for every input. A linked input folder or file
// the layout names is an error; a link inside an input folder is skipped
// with a warning. Nothing behind a link is ever read.

const MARKER: &str = "BEHIND-A-LINK";

/// What a build of a site with one link must do.
enum Expect {
    /// Fail, naming the link.
    Error,
    /// Build, with a warning naming the link.
    Skipped,
}

/// (link below the site root, what it points to below the folder outside,
/// expected outcome)
const LINKS: &[(&str, &str, Expect)] = &[
    ("beleid.toml", "beleid.toml", Expect::Error),
    ("content", "content", Expect::Error),
    ("content/en", "content/en", Expect::Skipped),
    ("content/nl/linked.md", "content/nl/_index.md", Expect::Skipped),
    ("static", "static", Expect::Error),
    ("static/files", "static/files", Expect::Skipped),
    ("templates", "templates", Expect::Error),
    ("templates/page.html", "templates/page.html", Expect::Skipped),
    ("themes", "themes", Expect::Error),
    ("themes/default", "themes/default", Expect::Error),
    ("themes/default/static/extra.txt", "static/files/secret.txt", Expect::Skipped),
    ("i18n", "i18n", Expect::Error),
    ("i18n/nl.toml", "i18n/nl.toml", Expect::Skipped),
];

/// A folder outside the site whose every file shows [`MARKER`].
fn outside(dir: &std::path::Path) {
    let files = [
        (
            "beleid.toml".to_string(),
            format!(
                "title = \"{MARKER}\"\nbase_url = \"https://example.org/\"\ndefault_language = \"nl\"\n[languages.nl]\n[languages.en]\n"
            ),
        ),
        ("content/nl/_index.md".into(), format!("{MARKER}\n")),
        ("content/en/_index.md".into(), format!("{MARKER}\n")),
        ("static/files/secret.txt".into(), MARKER.into()),
        ("templates/page.html".into(), MARKER.into()),
        ("i18n/nl.toml".into(), format!("menu = \"{MARKER}\"\n")),
    ];
    for (rel, text) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    common::copy_tree(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &dir.join("themes/default"),
    );
}

#[cfg(unix)]
#[test]
fn every_input_follows_one_symlink_rule() {
    let mut failures = Vec::new();
    for (link, target, expect) in LINKS {
        let site = small_site(&["nl", "en"]);
        site.write("static/own.txt", "own");
        site.write("i18n/en.toml", "menu = \"Menu\"\n");
        common::copy_tree(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
            &site.root.join("themes/default"),
        );
        let elsewhere = site.root.parent().unwrap().join("elsewhere");
        outside(&elsewhere);
        let at = site.root.join(link);
        if at.is_dir() {
            std::fs::remove_dir_all(&at).unwrap();
        } else if at.exists() {
            std::fs::remove_file(&at).unwrap();
        }
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(elsewhere.join(target), &at).unwrap();
        let run = site.beleid(&["build"]);
        let said = format!("{}{}", run.stdout, run.stderr);
        let public = site.root.join("public");
        let published = public.exists()
            && common::all_files(&public).values().any(|bytes| String::from_utf8_lossy(bytes).contains(MARKER));
        let ok = match expect {
            Expect::Error => run.code == 1 && said.contains(&format!("{link}: error: this is a symbolic link")),
            Expect::Skipped => {
                run.code == 0 && said.contains(&format!("{link}: warning: skipped: symbolic links are not followed"))
            }
        };
        if !ok || published || said.contains("panicked") {
            failures.push(format!("{link}: exit {}, published: {published}\n{said}", run.code));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------
// Output collisions: no source silently replaces another.

/// (files to add, text every error must contain; empty: builds)
const COLLISIONS: &[(&[&str], &str)] = &[
    (
        &["static/search/nl/index.json"],
        "static/search/nl/index.json: error: this would be written to search/nl/index.json, in search/nl/ where <generated>/search index goes",
    ),
    (
        &["static/search/en/pages.bin"],
        "static/search/en/pages.bin: error: this would be written to search/en/pages.bin",
    ),
    (&["static/About/team.txt", "content/nl/about.md"], "this writes about/, and static/About/team.txt writes About/"),
    (
        &["static/Logo.png", "static/logo.png"],
        "static/logo.png: error: this writes logo.png, and static/Logo.png writes Logo.png",
    ),
    (
        &["static/guide"],
        "static/guide: error: this writes a file at guide, where content/nl/guide/_index.md needs a folder",
    ),
    (
        &["static/search.js"],
        "static/search.js: error: this and <generated search.js> would both be written to search.js",
    ),
    (&["static/sitemap.xml"], "static/sitemap.xml: error: this and <generated>/sitemap.xml would both be written"),
    (&["static/robots.txt"], "static/robots.txt: error: this and <generated>/robots.txt would both be written"),
    (&["static/404.html"], "static/404.html: error: this and <generated>/404.html would both be written"),
    (&["static/atom.xml"], "static/atom.xml: error: this and <generated>/feed would both be written"),
    (&["static/en/print/index.html"], "static/en/print/index.html: error: this and <generated>/print page"),
    (&["static/favicon.svg", "static/style.css"], ""),
];

#[test]
fn no_output_silently_replaces_another() {
    let mut failures = Vec::new();
    for (files, expected) in COLLISIONS {
        let site = small_site(&["nl", "en"]);
        let config = site.read("beleid.toml") + "[search]\nenabled = true\n";
        site.write("beleid.toml", &config);
        site.write(
            "content/nl/beleid.md",
            "+++\n[policy]\nversion = \"1\"\neffective = 2026-01-01\nreview = 2027-11-01\n+++\nArtikel.\n",
        );
        site.write(
            "content/en/beleid.md",
            "+++\n[policy]\nversion = \"1\"\neffective = 2026-01-01\nreview = 2027-11-01\n+++\nArticle.\n",
        );
        for file in *files {
            site.write(file, if file.ends_with(".md") { "Over ons.\n" } else { "SITE FILE" });
        }
        for command in ["build", "check"] {
            let run = site.beleid(&[command]);
            let said = format!("{}{}", run.stdout, run.stderr);
            let ok = if expected.is_empty() { run.code == 0 } else { run.code == 1 && said.contains(expected) };
            if !ok {
                failures.push(format!("{files:?} ({command}): exit {}\n{said}", run.code));
            }
        }
        if expected.is_empty() {
            assert_eq!(site.output("favicon.svg"), "SITE FILE", "a site file replaces the theme's");
            assert_eq!(site.output("style.css"), "SITE FILE");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
