//! Content written for other generators, after only the changes README
//! lists: a book in mdBook's shape and a documentation portal in
//! Docusaurus's shape build and check with no error and no warning, and what
//! their authors rely on works.

mod common;

use common::Site;

/// Builds and checks a fixture; both must be clean.
fn clean(name: &str) -> Site {
    let site = Site::fixture(name);
    let run = site.build_ok(&[]);
    assert!(!run.stderr.contains("warning"), "{name}: the build warns:\n{}", run.stderr);
    let check = site.beleid(&["check", "--deny-warnings"]);
    assert_eq!(check.code, 0, "{name}: check is not clean:\n{}{}", check.stdout, check.stderr);
    site
}

#[test]
fn a_book_in_mdbook_shape_builds_clean() {
    let site = clean("mdbook");
    let page = site.output("getting-started/installation/index.html");
    // `rust,ignore` is Rust.
    assert!(page.contains("data-lang=\"rust\"><code class=\"language-rust\"><span class=\"hl-"), "{page}");
    // Ids written in HTML are link targets (checked, so the build passed).
    assert!(page.contains("<a id=\"from-source\"></a>"), "{page}");
    assert!(page.contains("<a href=\"/book/getting-started/hello-world/#the-program\">"), "{page}");
    // A title with code shows the code, not backticks.
    assert!(page.contains("<h1>Installing <code>hello</code></h1>"), "{page}");
    assert!(page.contains("<title>Installing hello · The Example Book</title>"), "{page}");
    assert!(page.contains("<div class=\"markdown-alert markdown-alert-note\" role=\"note\">"), "{page}");
    let hello = site.output("getting-started/hello-world/index.html");
    assert!(hello.contains("<h1>Hello, <em>world</em></h1>"), "{hello}");
    assert!(hello.contains("aria-label=\"done\" disabled checked>"), "{hello}");
    // One language: no language switcher.
    assert!(!hello.contains("class=\"language-switcher\""), "{hello}");
}

#[test]
fn a_portal_in_docusaurus_shape_builds_clean_with_its_images_beside_the_pages() {
    let site = clean("docusaurus");
    let intro = site.output("docs/intro/index.html");
    assert!(intro.contains("<h1>API: een inleiding</h1>"), "a quoted YAML title with a colon: {intro}");
    assert!(
        intro.contains("<img src=\"/portaal/docs/intro/diagram.svg\" alt=\"Overzicht van de koppelingen\""),
        "{intro}"
    );
    assert!(intro.contains("<a href=\"/portaal/docs/intro/voorbeeld.json\">"), "{intro}");
    assert!(site.output("docs/intro/diagram.svg").contains("<title>Overzicht</title>"), "published beside the page");
    assert!(site.output("docs/intro/voorbeeld.json").contains("voorbeeld"));
    // From a page (not a section) the link resolves against its file's folder.
    let reference = site.output("docs/api/referentie/index.html");
    assert!(reference.contains("<img src=\"/portaal/docs/api/img/schema.svg\""), "{reference}");
    assert!(site.output("docs/api/img/schema.svg").contains("<svg"));
    assert!(reference.contains("<h1>Referentie voor <code>GET /zaken</code></h1>"), "{reference}");
}

#[test]
fn a_missing_file_beside_a_page_is_a_broken_link_at_its_place() {
    let site = Site::fixture("docusaurus");
    site.write("content/nl/docs/api/referentie.md", "---\ntitle: Referentie\n---\n\n![Het schema](./img/weg.svg)\n");
    let run = site.beleid(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/nl/docs/api/referentie.md:5:1: error: nothing is published at /docs/api/img/weg.svg"),
        "{}",
        run.stderr
    );
}

#[test]
fn each_language_has_its_own_404_page() {
    let site = Site::fixture("bilingual");
    site.build_ok(&[]);
    let nl = site.output("404.html");
    let en = site.output("en/404.html");
    assert!(nl.contains("<html lang=\"nl\""), "{nl}");
    assert!(en.contains("<html lang=\"en\""), "{en}");
}
