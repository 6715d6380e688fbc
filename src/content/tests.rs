//! Tests for assembling the page tree.

use super::*;

fn config() -> Config {
    Config::parse(
        "title = \"T\"\nbase_url = \"https://example.org/\"\ndefault_language = \"nl\"\n[languages.nl]\n[languages.en]\n[extra]\norg = \"Org\"\n",
        Path::new("beleid.toml"),
    )
    .unwrap()
}

fn source(lang: &str, rel: &str, text: &str) -> Arc<Source> {
    let file = Path::new("content").join(lang).join(rel);
    Arc::new(parse_file(lang, rel, file, text).unwrap())
}

fn assemble(files: &[(&str, &str, &str)], drafts: bool) -> Result<Content, Vec<Diagnostic>> {
    let sources: Vec<_> = files.iter().map(|(l, r, t)| source(l, r, t)).collect();
    Content::assemble(&config(), &sources, LoadOptions { drafts })
}

fn paths(content: &Content, lang: &str) -> Vec<String> {
    content.reading_order(lang).into_iter().map(|id| content.page(id).path.clone()).collect()
}

#[test]
fn urls_follow_folders_and_slugs_per_language() {
    let c = assemble(
        &[
            ("nl", "_index.md", "+++\ntitle = \"Start\"\n+++\n"),
            ("nl", "beleid/_index.md", "+++\ntitle = \"Beleid\"\n+++\n"),
            ("nl", "beleid/voorbeeldbeleid.md", "+++\ntitle = \"Voorbeeld\"\n+++\n"),
            ("en", "_index.md", "+++\ntitle = \"Home\"\n+++\n"),
            ("en", "beleid/_index.md", "+++\ntitle = \"Policies\"\nslug = \"policies\"\n+++\n"),
            ("en", "beleid/voorbeeldbeleid.md", "+++\ntitle = \"Example\"\nslug = \"Example Policy\"\n+++\n"),
        ],
        false,
    )
    .unwrap();
    assert_eq!(paths(&c, "nl"), ["", "beleid/", "beleid/voorbeeldbeleid/"]);
    assert_eq!(paths(&c, "en"), ["en/", "en/policies/", "en/policies/example-policy/"]);
    let nl = c.find("nl", "beleid/voorbeeldbeleid.md").unwrap();
    let en = c.find("en", "beleid/voorbeeldbeleid.md").unwrap();
    assert_eq!(c.translations(nl).get("en"), Some(&en));
    assert_eq!(c.translations(en).get("nl"), Some(&nl));
    assert_eq!(c.page(nl).output_file(), "beleid/voorbeeldbeleid/index.html");
    assert_eq!(c.ancestors(nl).iter().map(|&a| c.page(a).title.as_str()).collect::<Vec<_>>(), ["Start", "Beleid"]);
}

#[test]
fn links_resolve_relative_to_the_file() {
    let c = assemble(
        &[
            ("nl", "_index.md", ""),
            ("nl", "a/_index.md", ""),
            ("nl", "a/b.md", ""),
            ("nl", "c.md", ""),
            ("en", "_index.md", ""),
            ("en", "c.md", ""),
        ],
        false,
    )
    .unwrap();
    let b = c.find("nl", "a/b.md").unwrap();
    let name = |id: Option<PageId>| id.map(|i| format!("{}:{}", c.page(i).lang(), c.page(i).rel()));
    assert_eq!(name(c.resolve_link(b, "../c.md")).as_deref(), Some("nl:c.md"));
    assert_eq!(name(c.resolve_link(b, "./_index.md")).as_deref(), Some("nl:a/_index.md"));
    assert_eq!(name(c.resolve_link(b, "/c.md")).as_deref(), Some("nl:c.md"));
    assert_eq!(name(c.resolve_link(b, "../../en/c.md")).as_deref(), Some("en:c.md"));
    assert_eq!(name(c.resolve_link(b, "../_index.md")).as_deref(), Some("nl:_index.md"));
    assert_eq!(c.resolve_link(b, "../../../etc/passwd.md"), None);
    assert_eq!(c.resolve_link(b, "missing.md"), None);
}

#[test]
fn order_is_weight_then_file_name_and_sections_exist_without_index() {
    let c = assemble(
        &[
            ("nl", "_index.md", ""),
            ("nl", "z.md", "+++\nweight = 1\n+++\n"),
            ("nl", "b.md", ""),
            ("nl", "a.md", ""),
            ("nl", "gids/stap.md", "+++\ntitle = \"Stap\"\n+++\n"),
        ],
        false,
    )
    .unwrap();
    assert_eq!(paths(&c, "nl"), ["", "z/", "a/", "b/", "gids/", "gids/stap/"]);
    let gids = c.find("nl", "gids/_index.md").unwrap();
    assert!(!c.page(gids).on_disk);
    assert_eq!(c.page(gids).title, "Gids");
    // A language with no content still has a home page.
    assert_eq!(paths(&c, "en"), ["en/"]);
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let files = [
        ("nl", "_index.md", ""),
        ("nl", "klad.md", "+++\ndraft = true\n+++\n"),
        ("nl", "geheim/_index.md", "+++\ndraft = true\n+++\n"),
        ("nl", "geheim/plan.md", ""),
    ];
    assert_eq!(paths(&assemble(&files, false).unwrap(), "nl"), [""]);
    assert_eq!(paths(&assemble(&files, true).unwrap(), "nl"), ["", "geheim/", "geheim/plan/", "klad/"]);
}

#[test]
fn titles_take_placeholders_and_unknown_keys_are_errors() {
    let c =
        assemble(&[("nl", "_index.md", ""), ("nl", "a.md", "+++\ntitle = \"Beleid {{ extra.org }}\"\n+++\n")], false)
            .unwrap();
    assert_eq!(c.page(c.find("nl", "a.md").unwrap()).title, "Beleid Org");
    let errors =
        assemble(&[("nl", "a.md", "+++\nweight = 1\ntitle = \"{{ extra.nope }}\"\n+++\n")], false).unwrap_err();
    assert_eq!(errors[0].location(), "content/nl/a.md:3:1");
    assert_eq!(errors[0].code, "unknown-extra");
}

#[test]
fn collisions_are_errors() {
    let errors = assemble(&[("nl", "faq.md", ""), ("nl", "FAQ.md", "")], false).unwrap_err();
    assert!(errors.iter().any(|e| e.code == "case-collision"), "{errors:?}");
    let errors = assemble(&[("nl", "a.md", "+++\nslug = \"b\"\n+++\n"), ("nl", "b.md", "")], false).unwrap_err();
    assert_eq!(errors[0].code, "duplicate-path");
    let errors = assemble(&[("nl", "a.md", "+++\nslug = \"!!!\"\n+++\n")], false).unwrap_err();
    assert_eq!((errors[0].code, errors[0].line), ("slug", 2));
}

#[test]
fn parse_file_handles_bom_crlf_and_empty_files() {
    let s =
        parse_file("nl", "a.md", "content/nl/a.md".into(), "\u{feff}+++\r\ntitle = \"A\"\r\n+++\r\nBody\r\n").unwrap();
    assert_eq!(s.meta.title.as_deref(), Some("A"));
    assert_eq!((s.body.as_str(), s.body_line), ("Body\r\n", 4));
    let s = parse_file("nl", "a.md", "content/nl/a.md".into(), "").unwrap();
    assert!(s.body.is_empty() && s.meta.title.is_none());
    let s = parse_file("nl", "a.md", "content/nl/a.md".into(), "+++\n+++\n").unwrap();
    assert!(s.body.is_empty());
}
