//! What a page carries must not grow with the site (issue 24): adding
//! sections elsewhere leaves a page's navigation the same size, and a long
//! level of the sidebar is listed in part, with links to the page that
//! lists it all.

mod common;

use common::Site;

/// A one-language site: a section `a-first` with three pages, then `extra`
/// more top-level pages, and a section `b-long` with `long` pages.
fn site(extra: usize, long: usize) -> Site {
    let site = Site::copy_of(std::path::Path::new("/nonexistent"));
    site.write(
        "beleid.toml",
        "title = \"T\"\nbase_url = \"https://example.org/\"\ndefault_language = \"nl\"\n\
         [languages.nl]\nname = \"Nederlands\"\ntitle = \"T\"\n",
    );
    site.write("content/nl/_index.md", "Welkom.\n");
    site.write("content/nl/a-first/_index.md", "+++\ntitle = \"Eerste\"\n+++\nEen sectie.\n");
    for i in 1..=3 {
        site.write(&format!("content/nl/a-first/p{i}.md"), &format!("+++\ntitle = \"Pagina {i}\"\n+++\nTekst.\n"));
    }
    site.write("content/nl/b-long/_index.md", "+++\ntitle = \"Lang\"\n+++\nEen lange sectie.\n");
    for i in 0..long {
        site.write(&format!("content/nl/b-long/l{i:04}.md"), &format!("+++\ntitle = \"Lang {i}\"\n+++\nTekst.\n"));
    }
    for i in 0..extra {
        site.write(&format!("content/nl/s{i:04}.md"), &format!("+++\ntitle = \"Onderwerp {i}\"\n+++\nTekst.\n"));
    }
    site.build_ok(&[]);
    site
}

/// The sidebar of a built page.
fn sidebar(html: &str) -> &str {
    let start = html.find("<nav id=\"sidebar\"").expect("a sidebar");
    let end = start + html[start..].find("</nav>").expect("the sidebar ends");
    &html[start..end]
}

fn links(html: &str) -> usize {
    html.matches("<a ").count()
}

#[test]
fn a_pages_navigation_does_not_grow_when_sections_are_added_elsewhere() {
    let small = site(300, 0);
    let large = site(1200, 0);
    for page in ["a-first/p2/index.html", "a-first/index.html", "index.html"] {
        let (before, after) = (small.output(page), large.output(page));
        let (nav_before, nav_after) = (sidebar(&before), sidebar(&after));
        // Chunks of a long level differ in size by one at most, and their
        // size depends on how many there are: allow a tenth.
        assert!(
            links(nav_after) * 10 <= links(nav_before) * 11,
            "{page}: {} links in the sidebar with 300 other pages, {} with 1,200",
            links(nav_before),
            links(nav_after)
        );
        // The home page lists its children, as every section page does: that
        // list is its content. Other pages are compared whole.
        assert!(
            page == "index.html" || after.len() * 10 <= before.len() * 11,
            "{page}: {} bytes with 300 other pages, {} with 1,200",
            before.len(),
            after.len()
        );
        // The home link, at most forty entries a level over two levels, and
        // a "more" link on each side of a level.
        assert!(links(nav_after) <= 1 + 2 * (40 + 2), "{page}:\n{nav_after}");
    }
    // The page's own section stays open, and it is marked as the current page.
    let nav = large.output("a-first/p2/index.html");
    assert!(sidebar(&nav).contains("<a href=\"/a-first/p2/\" aria-current=\"page\">Pagina 2</a>"), "{nav}");
    assert!(sidebar(&nav).contains("<a href=\"/a-first/p3/\">Pagina 3</a>"), "{nav}");
}

#[test]
fn a_long_level_shows_the_part_that_holds_the_page_and_links_to_the_rest() {
    let site = site(0, 100);
    // 100 pages make three parts of 33, 33 and 34; page 50 is in the second.
    let html = site.output("b-long/l0050/index.html");
    let nav = sidebar(&html);
    assert!(nav.contains("<a href=\"/b-long/l0050/\" aria-current=\"page\">Lang 50</a>"), "{nav}");
    assert!(nav.contains("<a href=\"/b-long/l0033/\">Lang 33</a>"), "{nav}");
    assert!(nav.contains("<a href=\"/b-long/l0065/\">Lang 65</a>"), "{nav}");
    assert!(!nav.contains("/b-long/l0032/"), "{nav}");
    assert!(!nav.contains("/b-long/l0066/"), "{nav}");
    assert!(nav.contains("<li class=\"nav-more\"><a href=\"/b-long/\">33 eerder in Lang</a></li>"), "{nav}");
    assert!(nav.contains("<li class=\"nav-more\"><a href=\"/b-long/\">Nog 34 in Lang</a></li>"), "{nav}");
    // The section page lists every page, the ones the sidebar leaves out too.
    let section = site.output("b-long/index.html");
    for i in [0, 32, 66, 99] {
        assert!(section.contains(&format!("href=\"/b-long/l{i:04}/\"")), "page {i} on the section page");
    }
    // The first part has no link to earlier ones, the last none to later ones.
    let first = site.output("b-long/l0000/index.html");
    assert!(!sidebar(&first).contains("eerder in Lang"), "{first}");
    assert!(sidebar(&first).contains("Nog 67 in Lang"), "{first}");
    let last = site.output("b-long/l0099/index.html");
    assert!(sidebar(&last).contains("66 eerder in Lang") && !sidebar(&last).contains("Nog "), "{last}");
}
