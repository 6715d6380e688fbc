//! Policy versions: `beleid policy new-version`, each version at a permanent
//! URL with a notice, the version table, and the "what changed" page.

mod common;

use common::Site;

const PAGE: &str = "+++
title = \"Gedragscode\"
slug = \"gedragscode\"

[policy]
version = \"1.0\"
effective = 2025-03-01
review = 2026-03-01
owner = \"HR\"
note = \"Eerste versie.\"
+++

## 1. Reikwijdte

**1.1** Geldt voor iedereen.

## 2. Gedrag

**2.1** Wees vriendelijk.

**2.2** Meld fouten.
";

/// A site whose policy went from 1.0 to 1.1 with `beleid policy new-version`,
/// after which the author edited the text.
fn site() -> Site {
    let site = Site::fixture("bilingual");
    site.write("content/nl/gedragscode.md", PAGE);
    let run = site.beleid(&[
        "policy",
        "new-version",
        "content/nl/gedragscode.md",
        "--version",
        "1.1",
        "--effective",
        "2026-03-01",
        "--note",
        "Stagiairs vallen er nu onder; fouten meld je binnen een dag.",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("archived version 1.0 as content/nl/gedragscode.versions/1.0.md"), "{}", run.stderr);
    let edited = site
        .read("content/nl/gedragscode.md")
        .replace("**1.1** Geldt voor iedereen.", "**1.1** Geldt voor iedereen.\n\n**1.2** Ook voor stagiairs.")
        .replace("**2.2** Meld fouten.", "**2.2** Meld fouten binnen een dag.");
    site.write("content/nl/gedragscode.md", &edited);
    site
}

#[test]
fn new_version_archives_the_text_and_a_build_publishes_both_versions() {
    let site = site();
    assert_eq!(site.read("content/nl/gedragscode.versions/1.0.md"), PAGE);
    site.build_ok(&["--as-of", "2026-06-01"]);
    let current = site.output("gedragscode/index.html");
    let old = site.output("gedragscode/1.0/index.html");
    let newest = site.output("gedragscode/1.1/index.html");
    // Each version's own text, each pointing search engines at the page.
    assert!(old.contains("Meld fouten.") && !old.contains("stagiairs"), "{old}");
    assert!(newest.contains("Ook voor stagiairs."), "{newest}");
    for html in [&old, &newest] {
        assert!(html.contains("<link rel=\"canonical\" href=\"https://example.org/gedragscode/\">"), "{html}");
    }
    assert!(!site.output("sitemap.xml").contains("gedragscode/1.0/"), "old versions stay out of the sitemap");
    // The notice says which version is in force.
    assert!(old.contains("<div class=\"version-notice\" data-state=\"replaced\">"), "{old}");
    assert!(old.contains("Deze versie is niet meer van kracht sinds <time datetime=\"2026-03-01\" data-version-date=\"replaced\">1 maart 2026</time>."), "{old}");
    assert!(old.contains("<a href=\"/gedragscode/\">Naar de nieuwste versie (1.1)</a>"), "{old}");
    assert!(newest.contains("data-state=\"in-force\""), "{newest}");
    assert!(!current.contains("class=\"version-notice\""), "a page in force needs no notice: {current}");
    // The version table on the page: newest first, with dates and changes.
    let table = &current[current.find("<section class=\"versions\"").expect("a version table")..];
    let rows: Vec<&str> = table.split("<tr data-from=").skip(1).collect();
    assert_eq!(rows.len(), 2, "{table}");
    assert!(rows[0].starts_with("\"2026-03-01\" data-until=\"\""), "{}", rows[0]);
    assert!(rows[0].contains("<a href=\"/gedragscode/1.1/wijzigingen/\">wijzigingen"), "{}", rows[0]);
    assert!(rows[0].contains("<span class=\"version-in-force\">(geldend)</span>"), "{}", rows[0]);
    assert!(
        rows[1].starts_with("\"2025-03-01\" data-until=\"2026-02-28\""),
        "in force until the day before: {}",
        rows[1]
    );
    assert!(rows[1].contains("Eerste versie."), "{}", rows[1]);
}

#[test]
fn the_changes_page_marks_clauses_and_words() {
    let site = site();
    site.build_ok(&["--as-of", "2026-06-01"]);
    let html = site.output("gedragscode/1.1/wijzigingen/index.html");
    assert!(html.contains("<h1>Wat is er veranderd in versie 1.1</h1>"), "{html}");
    assert!(
        html.contains("Vergeleken met versie <a href=\"/gedragscode/1.0/\">1.0</a>. Stagiairs vallen er nu onder"),
        "{html}"
    );
    let list = &html[html.find("<ol class=\"change-list\">").unwrap()..];
    let list = &list[..list.find("</ol>").unwrap()];
    let kinds: Vec<&str> =
        list.split("<li class=\"change change-").skip(1).map(|s| &s[..s.find('"').unwrap()]).collect();
    assert_eq!(kinds, ["unchanged", "added", "unchanged", "changed"], "{list}");
    assert!(list.contains("<p>Artikel 1, 1.1: ongewijzigd</p>"), "runs of unchanged clauses collapse: {list}");
    assert!(
        list.contains(
            "<a href=\"/gedragscode/1.1/#art-1.2\">Artikel 1.2</a> <span class=\"change-kind\">(nieuw)</span>"
        ),
        "{list}"
    );
    assert!(
        list.contains("2.2 Meld fouten <ins><span class=\"visually-hidden\">ingevoegd: </span>binnen een dag</ins>."),
        "added words are marked, spaces outside the mark: {list}"
    );
}

#[test]
fn a_version_not_yet_in_force_says_when_it_takes_effect() {
    let site = site();
    site.build_ok(&["--as-of", "2026-01-15"]);
    let newest = site.output("gedragscode/1.1/index.html");
    assert!(newest.contains("data-state=\"scheduled\""), "{newest}");
    assert!(
        newest.contains(
            "Deze versie gaat in op <time datetime=\"2026-03-01\" data-version-date=\"effective\">1 maart 2026</time>."
        ),
        "{newest}"
    );
    let current = site.output("gedragscode/index.html");
    assert!(current.contains("data-status=\"not-yet-in-force\""), "the page says so too: {current}");
    assert!(
        current.contains("Tot dan geldt <a href=\"/gedragscode/1.0/\">versie 1.0</a>."),
        "the page announces its text and says which version holds until then: {current}"
    );
    let old = site.output("gedragscode/1.0/index.html");
    assert!(old.contains("data-state=\"in-force\""), "1.0 is still in force: {old}");
}

#[test]
fn version_files_that_contradict_their_page_are_errors() {
    let site = site();
    let archived = site.read("content/nl/gedragscode.versions/1.0.md");
    site.write("content/nl/gedragscode.versions/1.0.md", &archived.replace("version = \"1.0\"", "version = \"0.9\""));
    site.write("content/nl/gedragscode.versions/2.0.md", &archived.replace("version = \"1.0\"", "version = \"2.0\""));
    site.write("content/nl/weg.versions/1.0.md", &archived);
    let run = site.beleid(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for expected in [
        "content/nl/gedragscode.versions/1.0.md:6:1: error: the file is named for version 1.0, but its front matter says 0.9",
        "content/nl/gedragscode.versions/2.0.md:6:1: error: version 2.0 is not earlier than the page's version 1.1",
        "content/nl/weg.versions/1.0.md:1:1: error: this is a version of weg.md, which does not exist",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
}

#[test]
fn a_feed_per_policy_has_an_entry_per_version_and_the_json_lists_them() {
    let site = site();
    site.build_ok(&["--as-of", "2026-06-01"]);
    let page = site.output("gedragscode/index.html");
    assert!(page.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Gedragscode · Versies\" href=\"/gedragscode/versions.xml\">"), "{page}");
    let feed = site.output("gedragscode/versions.xml");
    let entries: Vec<&str> = feed.split("<entry>").skip(1).collect();
    assert_eq!(entries.len(), 2, "{feed}");
    assert!(entries[0].contains("<id>https://example.org/gedragscode/1.1/</id>"), "newest first: {feed}");
    assert!(entries[0].contains("<updated>2026-03-01T00:00:00Z</updated>"), "{feed}");
    assert!(
        entries[0].contains("&lt;li&gt;Artikel 1.2: nieuw&lt;/li&gt;&lt;li&gt;Artikel 2.2: gewijzigd&lt;/li&gt;"),
        "{feed}"
    );
    assert!(entries[1].contains("<id>https://example.org/gedragscode/1.0/</id>"), "{feed}");
    let json: serde_json::Value = serde_json::from_str(&site.output("gedragscode/index.json")).unwrap();
    let versions = json["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["version"], "1.0");
    assert_eq!(versions[0]["until"], "2026-02-28");
    assert_eq!(versions[0]["in_force"], false);
    assert_eq!(versions[1]["url"], "https://example.org/gedragscode/1.1/");
    assert_eq!(versions[1]["changes_url"], "https://example.org/gedragscode/1.1/wijzigingen/");
    assert_eq!(versions[1]["in_force"], true);
    let list: serde_json::Value = serde_json::from_str(&site.output("policies.json")).unwrap();
    let ours =
        list["policies"].as_array().unwrap().iter().find(|p| p["url"] == "https://example.org/gedragscode/").unwrap();
    assert_eq!(ours["versions"].as_array().unwrap().len(), 2);
}

#[test]
fn a_translation_behind_its_source_version_is_a_check_warning() {
    let site = site();
    site.write("content/en/gedragscode.md", &PAGE.replace("slug = \"gedragscode\"", "slug = \"code-of-conduct\""));
    let run = site.beleid(&["check"]);
    assert!(
        run.stdout.contains("content/en/gedragscode.md:6:1: warning: this English translation is of version 1.0, but content/nl/gedragscode.md is at version 1.1"),
        "{}",
        run.stdout
    );
}
