//! Tests for Markdown rendering.

use std::path::Path;

use super::*;
use crate::config::MarkdownConfig;

fn extra(key: &str) -> Option<String> {
    match key {
        "organisation" => Some("De <Voorbeeld> & Co".into()),
        "email" => Some("info@example.org".into()),
        _ => None,
    }
}

fn resolve(target: &str) -> Option<(PageId, String)> {
    match target {
        "faq.md" | "./faq.md" => Some((1, "gids/faq/".into())),
        "../en/faq.md" => Some((2, "en/guide/faq/".into())),
        _ => None,
    }
}

fn render_with(body: &str, config: &MarkdownConfig, id_prefix: &str) -> Rendered {
    render_page(body, config, id_prefix, false)
}

fn render_page(body: &str, config: &MarkdownConfig, id_prefix: &str, policy: bool) -> Rendered {
    Renderer::new(config).render(&Input {
        body,
        file: Path::new("content/nl/a.md"),
        first_line: 5,
        base_path: "/sub/",
        page_path: "gids/a/",
        policy,
        id_prefix,
        anchor_label: "Link naar dit gedeelte",
        alert_titles: ["Opmerking", "Tip", "Belangrijk", "Waarschuwing", "Let op"],
        task_labels: ["gedaan", "nog te doen"],
        extra: &extra,
        resolve: &resolve,
    })
}

fn render(body: &str) -> Rendered {
    render_with(body, &MarkdownConfig::default(), "")
}

#[test]
fn heading_ids_fold_accents_and_stay_unique() {
    let r = render("## Financiële gevolgen\n\n## Financiële gevolgen\n\n### Café & thee\n\n## ???\n");
    let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["financiele-gevolgen", "financiele-gevolgen-1", "cafe-thee", "section"]);
    assert!(r.html.contains("<h2 id=\"financiele-gevolgen\">Financiële gevolgen</h2>"), "{}", r.html);
    assert_eq!(r.headings[0].line, 5, "lines count from the start of the file");
}

#[test]
fn explicit_ids_are_used_and_removed_from_the_text() {
    let r = render("## 5. Privacy en vertrouwelijkheid {#art-5}\n\n## Privacy en vertrouwelijkheid\n\n## art 5\n");
    assert_eq!(r.headings[0].id, "art-5");
    assert_eq!(r.headings[0].text, "5. Privacy en vertrouwelijkheid");
    assert!(r.html.contains("<h2 id=\"art-5\">5. Privacy en vertrouwelijkheid</h2>"), "{}", r.html);
    assert!(!r.html.contains("{#"), "{}", r.html);
    // An automatic id never takes an explicit one.
    assert_eq!(r.headings[2].id, "art-5-1");
    assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
}

#[test]
fn bad_and_duplicate_explicit_ids_are_errors_at_the_heading() {
    let r = render("## A {#x}\n\ntext\n\n## B {#x}\n\n## C {#a\"b}\n");
    let found: Vec<(String, &str)> = r.diagnostics.iter().map(|d| (d.location(), d.code)).collect();
    assert_eq!(
        found,
        [("content/nl/a.md:9:1".to_string(), "heading-id"), ("content/nl/a.md:11:1".to_string(), "heading-id")]
    );
}

#[test]
fn toc_nests_levels() {
    let r = render("# Title\n## A\n### A1\n#### A1a\n## B\n### B1\n");
    let toc = toc_tree(&r.headings);
    assert_eq!(toc.len(), 2);
    assert_eq!(toc[0].children[0].title, "A1");
    assert_eq!(toc[0].children[0].children[0].id, "a1a");
    assert_eq!(toc[1].children[0].id, "b1");
}

#[test]
fn placeholders_fill_text_and_urls_but_not_code() {
    let r = render(
        "Bij {{ extra.organisation }}, mail [ons](mailto:{{ extra.email }}).\n\n`{{ extra.organisation }}`\n\n```\n{{ extra.email }}\n```\n",
    );
    assert!(
        r.html.contains("Bij De &lt;Voorbeeld&gt; &amp; Co, mail <a href=\"mailto:info@example.org\">ons</a>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<code>{{ extra.organisation }}</code>"), "{}", r.html);
    assert!(r.html.contains("{{ extra.email }}\n</code></pre>"), "{}", r.html);
}

#[test]
fn unknown_placeholder_is_an_error_at_its_position() {
    let r = render("Intro.\n\nHallo {{ extra.nope }}!\n");
    assert_eq!(r.diagnostics.len(), 1);
    assert_eq!(r.diagnostics[0].location(), "content/nl/a.md:7:7");
    assert_eq!(r.diagnostics[0].code, "unknown-extra");
}

#[test]
fn md_links_become_page_urls_with_anchors() {
    let r = render(
        "[FAQ](faq.md#vraag-1) [en](../en/faq.md) [hier](#boven) [pdf](/files/a.pdf) [rel](plaatje.png) [ext](https://example.com/x.md)\n",
    );
    assert!(r.html.contains("<a href=\"/sub/gids/faq/#vraag-1\">FAQ</a>"), "{}", r.html);
    assert!(r.html.contains("<a href=\"/sub/en/guide/faq/\">en</a>"), "{}", r.html);
    assert!(r.html.contains("<a href=\"#boven\">hier</a>"), "{}", r.html);
    assert!(r.html.contains("<a href=\"/sub/files/a.pdf\">pdf</a>"), "{}", r.html);
    assert!(r.html.contains("<a href=\"https://example.com/x.md\">ext</a>"), "{}", r.html);
    let kinds: Vec<&LinkKind> = r.links.iter().map(|l| &l.kind).collect();
    assert_eq!(
        kinds,
        [
            &LinkKind::Page { page: 1, anchor: Some("vraag-1".into()) },
            &LinkKind::Page { page: 2, anchor: None },
            &LinkKind::Anchor("boven".into()),
            &LinkKind::File("files/a.pdf".into()),
            &LinkKind::File("gids/a/plaatje.png".into()),
            &LinkKind::External,
        ]
    );
    assert!(r.diagnostics.is_empty());
}

#[test]
fn broken_md_link_is_an_error_with_file_line_and_column() {
    let r = render("Eerste regel.\n\nZie [de vragen](vragen.md#x).\n");
    assert_eq!(r.diagnostics.len(), 1);
    let d = &r.diagnostics[0];
    assert_eq!((d.location(), d.code), ("content/nl/a.md:7:5".to_string(), "broken-link"));
    assert!(d.message.contains("vragen.md"), "{}", d.message);
}

#[test]
fn unsafe_link_schemes_are_neutralised() {
    for body in [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](java&#x09;script:alert(1))",
        "[x](vbscript:msgbox)",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "<javascript:alert(1)>",
        "[x](%6Aavascript:alert(1))",
        "![x](javascript:alert(1))",
    ] {
        let html = render(body).html.to_lowercase();
        // The text may show the URL; no href or src may carry it.
        for attr in html.split(" href=\"").skip(1).chain(html.split(" src=\"").skip(1)) {
            let value = attr.split('"').next().unwrap_or("");
            assert!(!links::is_dangerous(value), "{body} gave {html}");
        }
    }
}

#[test]
fn raw_html_is_left_out_with_a_warning_unless_enabled() {
    let r = render("Hallo <script>alert(1)</script> daar\n\n<div onclick=\"x()\">blok</div>\n");
    assert!(!r.html.contains("<script") && !r.html.contains("onclick"), "{}", r.html);
    // One warning per block, naming its tags; the paragraph's two tags make one.
    let warnings: Vec<(String, &str)> =
        r.diagnostics.iter().filter(|d| d.code == "raw-html").map(|d| (d.location(), d.message.as_str())).collect();
    assert_eq!(
        warnings,
        [
            ("content/nl/a.md:5:7".to_string(), "raw HTML is turned off, so `<script>` was left out of the page"),
            ("content/nl/a.md:7:1".to_string(), "raw HTML is turned off, so `<div>` was left out of the page"),
        ]
    );
    let r = render("Een <b>vet</b> en <i>schuin</i>.\n\n<!-- een opmerking -->\n\nTekst <!-- ook -->.\n");
    let messages: Vec<&str> = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        ["raw HTML is turned off, so `<b>`, `<i>` was left out of the page"],
        "comments are no warning"
    );
    let config = MarkdownConfig { raw_html: true, ..MarkdownConfig::default() };
    let r = render_with("<div class=\"x\">blok</div>\n", &config, "");
    assert!(r.html.contains("<div class=\"x\">blok</div>"), "{}", r.html);
    assert!(r.diagnostics.is_empty());
}

#[test]
fn ids_in_raw_html_are_anchors_when_raw_html_is_on() {
    let config = MarkdownConfig { raw_html: true, ..MarkdownConfig::default() };
    let r = render_with("<a id=\"begin\"></a>\n\nTekst <span id='midden'>hier</span>.\n", &config, "");
    assert!(r.has_anchor("begin") && r.has_anchor("midden"), "{:?}", r.html_ids);
    assert!(!r.has_anchor("elders"));
    // With raw HTML off the element is left out, so its id is no anchor.
    assert!(!render("<a id=\"begin\"></a>\n").has_anchor("begin"));
}

#[test]
fn policy_clauses_get_ids_from_their_numbers() {
    let body = "Inleiding.\n\n## 5. Privacy\n\n**5.1** Eerste.\n\n**5.2 Klanten.** Voor klanten:\n\n1. niets\n2. nooit\n\n### Toelichting\n\nUitleg.\n\n## 6. Slot {#art-slot}\n\n**2026** was een goed jaar.\n";
    let r = render_page(body, &MarkdownConfig::default(), "", true);
    let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["art-5", "toelichting", "art-slot"]);
    let clauses: Vec<(&str, &str, &str, &str)> =
        r.clauses.iter().map(|c| (c.id.as_str(), c.number.as_str(), c.heading.as_str(), c.text.as_str())).collect();
    assert_eq!(
        clauses,
        [
            ("art-5", "5", "Privacy", ""),
            ("art-5.1", "5.1", "", "5.1 Eerste."),
            ("art-5.2", "5.2", "Klanten", "5.2 Klanten. Voor klanten:\n\nniets\nnooit\n\nToelichting\n\nUitleg."),
            ("art-slot", "6", "Slot", "2026 was een goed jaar."),
        ]
    );
    assert_eq!((r.clauses[1].line, r.clauses[1].column), (9, 1), "body line 5, and the body starts on line 5");
    // Each sub-clause is a linkable paragraph with a visible permalink.
    assert!(
        r.html.contains("<p class=\"clause\" id=\"art-5.2\"><a class=\"clause-anchor\" href=\"#art-5.2\"><span aria-hidden=\"true\">§</span><span class=\"visually-hidden\">Link naar dit gedeelte</span></a> <strong>5.2 Klanten.</strong> Voor klanten:</p>"),
        "{}",
        r.html
    );
    assert!(r.has_anchor("art-5.1") && r.has_anchor("art-5"));
    // A clause's HTML is what the page shows for it, from its own blocks.
    assert!(r.clauses[2].html.starts_with("<p class=\"clause\" id=\"art-5.2\">"), "{}", r.clauses[2].html);
    assert!(r.clauses[2].html.contains("<li>nooit</li>"), "{}", r.clauses[2].html);
    assert!(
        r.clauses[2].html.contains("<h3 id=\"toelichting\">"),
        "sub-headings stay in their clause: {}",
        r.clauses[2].html
    );
    assert!(r.html.contains(&r.clauses[2].html), "the same HTML as on the page");
    // Not a policy: no clause ids, no clause list.
    let r = render_page(body, &MarkdownConfig::default(), "", false);
    assert_eq!(r.headings[0].id, "5-privacy");
    assert!(r.clauses.is_empty() && !r.html.contains("class=\"clause\""));
}

#[test]
fn clause_numbers_used_twice_are_a_warning() {
    let r = render_page("## 1. A\n\n**1.1** x\n\n**1.1** y\n\n## 1. B\n", &MarkdownConfig::default(), "p-", true);
    let found: Vec<(String, &str)> = r.diagnostics.iter().map(|d| (d.location(), d.code)).collect();
    assert_eq!(
        found,
        [("content/nl/a.md:9:1".to_string(), "clause-id"), ("content/nl/a.md:11:1".to_string(), "clause-id")]
    );
    let ids: Vec<&str> = r.clauses.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["art-1", "art-1.1"]);
    assert_eq!(r.headings[1].id, "1-b", "the second article 1 keeps a slug");
    assert!(
        r.html.contains("<p class=\"clause\" id=\"p-art-1.1\"><a class=\"clause-anchor\" href=\"#p-art-1.1\">"),
        "{}",
        r.html
    );
}

#[test]
fn fence_info_strings_in_mdbook_and_github_style() {
    let cases = [
        ("rust", "rust"),
        ("rust,ignore", "rust"),
        ("rust,noplayground", "rust"),
        ("  python title=\"x.py\"", "python"),
        (",rust", "rust"),
        ("", ""),
    ];
    for (info, lang) in cases {
        assert_eq!(format::fence_language(info), lang, "{info:?}");
    }
    let r = render("```rust,ignore\nfn main() {}\n```\n");
    assert!(r.html.contains("data-lang=\"rust\"><code class=\"language-rust\"><span class=\"hl-"), "{}", r.html);
}

#[test]
fn alerts_are_titled_notes_in_the_page_language() {
    let r = render("> [!NOTE]\n> Lees dit.\n\n> [!CAUTION]\n> Pas op.\n\n> [!TIP] Eigen & titel\n> Ja.\n");
    assert!(
        r.html.contains("<div class=\"markdown-alert markdown-alert-note\" role=\"note\">\n<p class=\"markdown-alert-title\">Opmerking</p>\n<p>Lees dit.</p>\n</div>"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("markdown-alert-caution\" role=\"note\">\n<p class=\"markdown-alert-title\">Let op</p>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<p class=\"markdown-alert-title\">Eigen &amp; titel</p>"), "{}", r.html);
}

#[test]
fn task_list_checkboxes_are_named_by_their_state() {
    let r = render("- [x] Klaar met `code`\n- [ ] Nog 1 & 2\n  - [ ] javascript:alert(1)\n");
    assert!(
        r.html.contains("<li class=\"task-list-item\"><input type=\"checkbox\" class=\"task-list-item-checkbox\" aria-label=\"gedaan\" disabled checked> Klaar met <code>code</code></li>"),
        "{}",
        r.html
    );
    assert_eq!(r.html.matches("aria-label=\"nog te doen\" disabled> ").count(), 2, "{}", r.html);
    assert!(!r.html.contains("aria-label=\"javascript"), "item text never goes into an attribute: {}", r.html);
    assert_eq!(r.html.matches("</li>").count(), 3, "{}", r.html);
}

#[test]
fn mdx_imports_are_a_warning() {
    let r = render(
        "import Tabs from '@theme/Tabs';\nimport '../x.css';\n\n# Titel\n\nWe import goods from abroad.\n\nexport const meta = {};\n",
    );
    let found: Vec<(String, &str)> = r.diagnostics.iter().map(|d| (d.location(), d.code)).collect();
    assert_eq!(found, [("content/nl/a.md:5:1".to_string(), "mdx"), ("content/nl/a.md:12:1".to_string(), "mdx")]);
    // Only top-level paragraphs: an import in a code block is fine.
    assert!(render("```js\nimport x from 'y';\n```\n").diagnostics.is_empty());
}

#[test]
fn code_is_highlighted_with_classes_or_shown_plain() {
    let r = render("```rust\nfn main() {}\n```\n\n```klingon\n<b>qapla'</b>\n```\n\n```\"><script>\nx\n```\n");
    assert!(
        r.html.contains(
            "<pre class=\"code\" tabindex=\"0\" data-lang=\"rust\"><code class=\"language-rust\"><span class=\"hl-"
        ),
        "{}",
        r.html
    );
    assert!(r.html.contains("<code class=\"language-klingon\">&lt;b&gt;qapla&#39;&lt;/b&gt;\n</code>"), "{}", r.html);
    assert!(r.html.contains("<pre class=\"code\" tabindex=\"0\"><code>x\n</code></pre>"), "{}", r.html);
    assert!(!r.html.contains("style="), "{}", r.html);
}

#[test]
fn gfm_extensions_render() {
    let r = render(
        "| a | b |\n|---|:-:|\n| 1 | 2 |\n\n~~weg~~ www.example.org\n\n- [x] klaar\n\nNoot[^1].\n\n[^1]: De noot.\n",
    );
    assert!(r.html.contains("<div class=\"table-scroll\" tabindex=\"0\">\n<table>"), "{}", r.html);
    assert!(r.html.contains("</table>\n</div>"), "{}", r.html);
    assert!(r.html.contains("<del>weg</del>"), "{}", r.html);
    assert!(r.html.contains("<a href=\"http://www.example.org\">"), "{}", r.html);
    assert!(r.html.contains("type=\"checkbox\""), "{}", r.html);
    assert!(r.html.contains("class=\"footnotes\""), "{}", r.html);
    assert!(r.has_anchor("fn-1"));
}

#[test]
fn id_prefix_applies_to_headings_and_same_page_anchors() {
    let r = render_with("## Een {#art-1}\n\nZie [boven](#art-1).\n", &MarkdownConfig::default(), "p-");
    assert!(r.html.contains("<h2 id=\"p-art-1\">"), "{}", r.html);
    assert!(r.html.contains("href=\"#p-art-1\""), "{}", r.html);
    // Checks still see the page's own ids.
    assert!(r.has_anchor("art-1"));
}

#[test]
fn plain_text_sections_follow_headings() {
    let r = render("Inleiding met **vet**.\n\n## Privacy {#privacy}\n\nGeen klantgegevens\ndelen.\n\n- een\n- twee\n");
    assert_eq!(r.sections.len(), 2);
    assert_eq!(r.sections[0].text, "Inleiding met vet.");
    assert_eq!(r.sections[1].id.as_deref(), Some("privacy"));
    assert_eq!(r.sections[1].text, "Geen klantgegevens delen. een twee");
    assert_eq!(r.words, 8);
}

#[test]
fn section_text_is_words_joined_by_single_spaces() {
    for body in [
        "",
        "   ",
        "Een  twee\tdrie\u{a0}vier\u{2003}vijf\n\nzes",
        "**vet**tekst en *schuin* tekst  \nna een harde regel",
        "## Kop\n\n```rust\nfn main() {\n\tlet  x = 1;\n}\n```\n\n| a | b |\n|---|---|\n| c  d | e |\n",
        "- een\n- twee\n\n  - drie\n\n> citaat  met\n> regels\n\n## Leeg\n\n## Nog een\n\n`code  met   ruimte`",
    ] {
        let r = render(body);
        let mut total = 0;
        for s in &r.sections {
            assert!(!s.text.starts_with(' ') && !s.text.ends_with(' ') && !s.text.contains("  "), "{:?}", s.text);
            assert!(s.text.chars().all(|c| c == ' ' || !c.is_whitespace()), "{:?}", s.text);
            assert_eq!(s.word_count(), s.text.split_whitespace().count(), "{:?}", s.text);
            total += s.word_count();
        }
        assert_eq!(r.words, total, "{body:?}");
    }
}

#[test]
fn smart_punctuation_is_configurable() {
    assert!(render("\"quote\" -- dash...").html.contains("“quote” – dash…"));
    let config = MarkdownConfig { smart_punctuation: false, ..MarkdownConfig::default() };
    assert!(render_with("\"quote\"", &config, "").html.contains("&quot;quote&quot;"));
}
