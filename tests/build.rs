//! `beleid build` on fixture sites: what it writes, and how it fails.

mod common;

use std::fs;

use common::{Site, all_files, ids_in, links_in, run_in};

#[test]
fn builds_both_languages_at_their_urls() {
    let site = Site::fixture("bilingual");
    let run = site.build_ok(&[]);
    for file in [
        "index.html",
        "beleid/index.html",
        "nieuws/index.html",
        "handleiding/index.html",
        "handleiding/stap/index.html",
        "en/index.html",
        "en/policy/index.html",
        "en/guide/index.html",
        "en/guide/first-step/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "atom.xml",
        "en/atom.xml",
        "print/index.html",
        "en/print/index.html",
        "files/regels.txt",
    ] {
        assert!(site.root.join("public").join(file).is_file(), "{file} missing");
    }
    let nl = site.output("beleid/index.html");
    assert!(nl.contains("<html lang=\"nl\""));
    assert!(nl.contains("<h1>Beleid van Stichting Test</h1>"), "title placeholder");
    let en = site.output("en/policy/index.html");
    assert!(en.contains("<html lang=\"en\""));
    assert!(en.contains("This policy applies to everyone at Stichting Test."));
    // The summary line: pages per language, files, time.
    assert!(run.stderr.contains("built 9 pages (nl 5, en 4),"), "{}", run.stderr);
    assert!(run.stderr.contains("files written to"), "{}", run.stderr);
}

#[test]
fn every_page_links_its_translations_with_hreflang() {
    let site = Site::fixture("bilingual");
    site.build_ok(&[]);
    let nl = site.output("beleid/index.html");
    let en = site.output("en/policy/index.html");
    for html in [&nl, &en] {
        assert!(
            html.contains("<link rel=\"alternate\" hreflang=\"nl\" href=\"https://example.org/beleid/\">"),
            "{html}"
        );
        assert!(
            html.contains("<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/en/policy/\">"),
            "{html}"
        );
        assert!(
            html.contains("<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/beleid/\">"),
            "{html}"
        );
    }
    assert!(nl.contains("<link rel=\"canonical\" href=\"https://example.org/beleid/\">"));
    assert!(en.contains("<meta property=\"og:locale\" content=\"en_GB\">"));
    assert!(en.contains("<meta property=\"og:url\" content=\"https://example.org/en/policy/\">"));
    // The language switcher goes to the translation, not the home page.
    assert!(nl.contains("<a href=\"/en/policy/\" hreflang=\"en\""), "{nl}");
    // A page without translation has no alternates, and its switcher says so.
    let news = site.output("nieuws/index.html");
    assert!(!news.contains("hreflang=\"en\" href=\"https://"), "{news}");
    let switch_link =
        news.split("<a ").find(|a| a.contains("data-missing=\"true\"")).expect("a link marked as missing translation");
    assert!(switch_link.contains("href=\"/en/\""), "{switch_link}");
    assert!(switch_link.contains("hreflang=\"en\""), "{switch_link}");
}

#[test]
fn sitemap_lists_translations_as_alternates() {
    let site = Site::fixture("bilingual");
    site.build_ok(&[]);
    let sitemap = site.output("sitemap.xml");
    let entry = sitemap
        .split("<url>")
        .find(|e| e.contains("<loc>https://example.org/en/policy/</loc>"))
        .expect("en policy entry");
    assert!(entry.contains("<lastmod>2026-02-01</lastmod>"), "{entry}");
    assert!(
        entry.contains("<xhtml:link rel=\"alternate\" hreflang=\"nl\" href=\"https://example.org/beleid/\"/>"),
        "{entry}"
    );
    assert!(
        entry.contains("<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/en/policy/\"/>"),
        "{entry}"
    );
    assert!(entry.contains("hreflang=\"x-default\" href=\"https://example.org/beleid/\""), "{entry}");
    let news = sitemap.split("<url>").find(|e| e.contains("/nieuws/")).expect("news entry");
    assert!(!news.contains("xhtml:link"), "an untranslated page has no alternates: {news}");
    assert_eq!(sitemap.matches("<url>").count(), 9);
    assert!(site.output("robots.txt").contains("Sitemap: https://example.org/sitemap.xml"));
}

#[test]
fn internal_links_are_rewritten_to_page_urls() {
    let site = Site::fixture("bilingual");
    site.build_ok(&[]);
    let nl = site.output("beleid/index.html");
    assert!(nl.contains("<a href=\"#art-1\">artikel 1</a>"), "{nl}");
    assert!(nl.contains("<a href=\"/en/policy/#art-2\">Engelse versie</a>"), "{nl}");
    assert!(nl.contains("<a href=\"mailto:test@example.org\">ons</a>"), "{nl}");
    let step = site.output("handleiding/stap/index.html");
    assert!(step.contains("<a href=\"/\">start</a>"), "{step}");
    assert!(step.contains("<a href=\"/beleid/#art-2\">artikel 2</a>"), "{step}");
    assert!(step.contains("id=\"cafe-thee\""), "accents folded in heading ids: {step}");
    let home = site.output("index.html");
    assert!(home.contains("<a href=\"/handleiding/\">handleiding</a>"), "{home}");
    // Highlighted code uses classes only.
    assert!(nl.contains("<code class=\"language-rust\"><span class=\"hl-"), "{nl}");
}

#[test]
fn under_a_sub_path_every_internal_link_resolves_to_a_written_file() {
    let site = Site::fixture("bilingual");
    site.build_ok(&["--base-url", "https://example.org/beleid/"]);
    let public = site.root.join("public");
    let files = all_files(&public);
    let mut checked = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        assert!(
            // A 404 page (one per language) has no address of its own.
            html.contains("<link rel=\"canonical\" href=\"https://example.org/beleid/") || path.ends_with("404.html"),
            "{path}"
        );
        for link in links_in(&html) {
            let link = link.split('#').next().unwrap().split('?').next().unwrap();
            if link.is_empty() || link.starts_with("mailto:") || link.starts_with("https://") {
                continue;
            }
            let inside =
                link.strip_prefix("/beleid/").unwrap_or_else(|| panic!("{path}: link {link} leaves the base path"));
            let target = if inside.is_empty() || inside.ends_with('/') {
                format!("{inside}index.html")
            } else {
                inside.to_string()
            };
            assert!(files.contains_key(&target), "{path}: link {link} leads to nothing ({target})");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
    assert!(site.output("sitemap.xml").contains("<loc>https://example.org/beleid/en/policy/</loc>"));
}

#[test]
fn same_page_anchors_exist() {
    let site = Site::fixture("bilingual");
    site.build_ok(&[]);
    for file in ["beleid/index.html", "en/policy/index.html", "print/index.html"] {
        let html = site.output(file);
        let ids = ids_in(&html);
        for link in links_in(&html) {
            if let Some(anchor) = link.strip_prefix('#') {
                assert!(ids.iter().any(|i| i == anchor), "{file}: #{anchor} has no target");
            }
        }
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len(), "{file}: duplicate ids");
    }
}

#[test]
fn broken_link_fails_with_file_and_line() {
    let site = Site::fixture("bilingual");
    site.write(
        "content/nl/nieuws.md",
        "---\ntitle: Nieuws\n---\n\nEerste alinea.\n\nZie [dit](bestaat-niet.md) en [dat](beleid.md#art-9).\n",
    );
    let run = site.beleid(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/nl/nieuws.md:7:5: error: the link to bestaat-niet.md leads to no page"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/nl/nieuws.md:7:31: error: content/nl/beleid.md has no heading with the id #art-9"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("hint: did you mean #art-1?") || run.stderr.contains("hint: did you mean #art-2?"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("failed: 2 errors"), "all errors are reported: {}", run.stderr);
    assert!(!site.root.join("public").exists(), "nothing written");
}

#[test]
fn bad_front_matter_fails_with_file_line_and_column() {
    let site = Site::fixture("bilingual");
    site.write("content/nl/nieuws.md", "+++\ntitle = \"Nieuws\"\nweight = \"zwaar\"\n+++\nTekst\n");
    site.write("content/en/handleiding/stap.md", "---\ntitle: Step\ndatum: 2026-01-01\n---\nText\n");
    let run = site.beleid(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/nl/nieuws.md:3:10: error: invalid type: string \"zwaar\", expected i64"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/en/handleiding/stap.md:3:1: error: unknown front-matter key `datum` (line 3)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("hint: did you mean `date`?"), "{}", run.stderr);
}

#[test]
fn unknown_config_key_fails_with_position_and_suggestion() {
    let site = Site::fixture("bilingual");
    let config =
        site.read("beleid.toml").replace("default_language = \"nl\"", "default_language = \"nl\"\nbase_ulr = \"x\"");
    site.write("beleid.toml", &config);
    let run = site.beleid(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("beleid.toml:5:1: error: unknown field `base_ulr`"), "{}", run.stderr);
    assert!(run.stderr.contains("hint: did you mean `base_url`?"), "{}", run.stderr);
}

#[test]
fn two_pages_with_one_url_fail_naming_both() {
    let site = Site::fixture("bilingual");
    site.write("content/nl/handleiding/tweede.md", "+++\ntitle = \"Tweede\"\nslug = \"stap\"\n+++\nTekst\n");
    let run = site.beleid(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/nl/handleiding/tweede.md:3:1: error: this page and content/nl/handleiding/stap.md both have the URL /handleiding/stap/"),
        "{}",
        run.stderr
    );
}

#[test]
fn builds_are_byte_identical() {
    let site = Site::fixture("bilingual");
    site.build_ok(&["--output", "../one"]);
    site.build_ok(&["--output", "../two"]);
    let one = all_files(&site.root.join("../one"));
    let two = all_files(&site.root.join("../two"));
    assert!(one.len() > 20);
    assert_eq!(one.keys().collect::<Vec<_>>(), two.keys().collect::<Vec<_>>());
    for (path, bytes) in &one {
        assert!(bytes == &two[path], "{path} differs between builds");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = Site::fixture("bilingual");
    site.build_ok(&[]);
    let before = all_files(&site.root.join("public"));
    site.write("content/nl/nieuws.md", "+++\ntitle = \"Nieuws\"\n+++\n[kapot](weg.md)\n");
    let run = site.beleid(&["build"]);
    assert_eq!(run.code, 1);
    assert_eq!(all_files(&site.root.join("public")), before);
    let leftovers: Vec<_> = fs::read_dir(&site.root)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // A successful build replaces it completely.
    site.write("content/nl/nieuws.md", "+++\ntitle = \"Nieuws 2\"\n+++\nTekst\n");
    site.build_ok(&[]);
    assert!(site.output("nieuws/index.html").contains("Nieuws 2"));
}

#[test]
fn refuses_output_folders_that_would_destroy_sources() {
    let site = Site::fixture("bilingual");
    for output in [".", "content", "content/nl", "content/nieuw/nl", "themes", "static", "..", "/", "nieuw/../public"] {
        let run = site.beleid(&["build", "--output", output]);
        assert_eq!(run.code, 2, "{output}: {}", run.stderr);
        assert!(run.stderr.contains("refusing to use"), "{output}: {}", run.stderr);
    }
    assert!(site.root.join("content/nl/beleid.md").is_file());
    assert!(site.root.join("static/files/regels.txt").is_file());
}

#[test]
fn an_output_folder_whose_parents_do_not_exist_yet_is_created() {
    let site = Site::fixture("bilingual");
    let run = site.beleid(&["build", "--output", "out/site/public"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.root.join("out/site/public/index.html").is_file());
}

#[test]
fn command_line_basics() {
    let dir = tempfile::tempdir().unwrap();
    let help = run_in(dir.path(), &["--help"]);
    assert_eq!(help.code, 0);
    for sub in ["build", "init"] {
        assert!(help.stdout.contains(sub), "{}", help.stdout);
        let sub_help = run_in(dir.path(), &[sub, "--help"]);
        assert_eq!(sub_help.code, 0);
        assert!(sub_help.stdout.len() > 100, "{}", sub_help.stdout);
    }
    let version = run_in(dir.path(), &["--version"]);
    // The commit in parentheses: see tests/version.rs.
    assert!(version.stdout.starts_with(&format!("beleid {} (", env!("CARGO_PKG_VERSION"))), "{}", version.stdout);
    assert_eq!(run_in(dir.path(), &["build", "--no-such-flag"]).code, 2);
    assert_eq!(run_in(dir.path(), &["frobnicate"]).code, 2);
    let missing = run_in(dir.path(), &["build"]);
    assert_eq!(missing.code, 1);
    assert!(missing.stderr.contains("beleid.toml: error: no beleid.toml at the site root"), "{}", missing.stderr);
}

#[test]
fn highlighting_off_builds_plain_code_without_a_highlight_stylesheet() {
    let site = Site::fixture("bilingual");
    let config = site.read("beleid.toml");
    site.write("beleid.toml", &format!("{config}\n[markdown]\nhighlight_code = false\n"));
    site.build_ok(&[]);
    let files = all_files(&site.root.join("public"));
    assert!(!files.keys().any(|p| p.starts_with("highlight.")), "a highlight stylesheet was written");
    let page = site.output("beleid/index.html");
    assert!(!page.contains("highlight."), "the page links a highlight stylesheet");
    assert!(page.contains("<pre"), "the fixture's code block is missing");
    assert!(!page.contains("class=\"hl-"), "code was highlighted");
    // With highlighting on (the default) both are there.
    site.write("beleid.toml", &config);
    site.build_ok(&[]);
    assert!(site.output("beleid/index.html").contains("highlight."));
}

#[test]
fn inline_markdown_in_titles_renders_in_headings_and_navigation_and_is_plain_text_in_the_title() {
    let site = Site::fixture("bilingual");
    site.write("content/nl/bouwen.md", "+++\ntitle = \"Gebruik `beleid build` *nu*\"\n+++\n\nTekst.\n");
    site.build_ok(&[]);
    let html = site.output("bouwen/index.html");
    assert!(html.contains("<h1>Gebruik <code>beleid build</code> <em>nu</em></h1>"), "{html}");
    assert!(html.contains("<title>Gebruik beleid build nu · "), "{html}");
    assert!(html.contains(">Gebruik <code>beleid build</code> <em>nu</em></a>"), "the sidebar entry: {html}");
    assert!(!html.contains('`'), "no backtick is shown anywhere: {html}");
}
