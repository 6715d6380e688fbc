//! The `init --policy` mechanism on a small sample of its own, so it is
//! tested apart from the bundled content: which pages are taken, demo
//! passages cut, version history left behind, the FAQ taken only when it
//! stands on its own. The government policy is tested here until the
//! bundled sample has it.
// Helpers here unwrap as the tests do: a failure panics at its line.
#![allow(clippy::unwrap_used)]

mod common;

use beleid::date::Date;
use beleid::init::{PolicyOptions, PolicySite, Variant, policy_site};
use common::run_on;

const CONFIG: &str = r#"title = "Gids"
base_url = "https://example.org/"
default_language = "nl"
[languages.nl]
[languages.en]
[extra]
organisation = "De Voorbeeldorganisatie"
email = "communicatie@example.org"
phone = "+31 20 000 00 00"
address = "Voorbeeldstraat 1"
contact_name = "Sam de Vries"
website = "https://www.example.org"
"#;

fn policy(lang: &str, extra_line: &str) -> String {
    format!(
        "+++\ntitle = \"Voorbeeld overheidsbeleid {lang}\"\ndate = 2026-01-01\n\n[policy]\nversion = \"3.0\"\neffective = 2026-01-01\nreview = 2027-01-01\nowner = \"Voorbeeldafdeling\"\napproved_by = \"Voorbeeldraad\"\napproved = 2025-12-01\n+++\n\
         Beleid van {{{{ extra.organisation_in_text }}}}.\n\n<!-- sample -->\n> Dit is een voorbeeld voor de demo, zie [de gids](../gids/tien-stappen.md).\n<!-- /sample -->\n\n\
         ## 1. Doel {{#art-1}}\n\n**1.1** Vragen aan {{{{ extra.contact_name }}}}: [{{{{ extra.email }}}}](mailto:{{{{ extra.email }}}}). ![Schema](/images/used.svg)\n{extra_line}"
    )
}

fn faq(tail: &str) -> String {
    format!("+++\ntitle = \"FAQ\"\ndate = 2026-01-01\n+++\nZie [artikel 1](../beleid/overheid.md#art-1).\n{tail}")
}

const IN_BLOCK: &str = "<!-- sample -->\nMeer in [de tien stappen](tien-stappen.md).\n<!-- /sample -->\n";

fn sample(policy_extra: &str, faq_tail: &str) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![("beleid.toml".to_string(), CONFIG.as_bytes().to_vec())];
    for lang in ["nl", "en"] {
        for (rel, text) in [
            ("_index.md", "+++\ntitle = \"Voorbeeldgids\"\n+++\nDemo.\n".to_string()),
            ("beleid/overheid.md", policy(lang, policy_extra)),
            ("beleid/overheid.versions/0.9.md", "+++\ntitle = \"Oud\"\n+++\nOude tekst.\n".to_string()),
            ("gids/veelgestelde-vragen.md", faq(faq_tail)),
            ("gids/tien-stappen.md", "+++\ntitle = \"Stappen\"\n+++\nStappen.\n".to_string()),
        ] {
            files.push((format!("content/{lang}/{rel}"), text.into_bytes()));
        }
    }
    files.push(("static/images/used.svg".into(), b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec()));
    files.push(("static/images/unused.svg".into(), b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec()));
    files
}

fn make(files: &[(String, Vec<u8>)]) -> beleid::Result<PolicySite> {
    let borrowed: Vec<(&str, &[u8])> = files.iter().map(|(p, b)| (p.as_str(), b.as_slice())).collect();
    let options = PolicyOptions {
        variant: Variant::Government,
        languages: None,
        organisation: Some("Gemeente Zuiderhaven".into()),
        base_url: Some("https://www.zuiderhaven.nl/".into()),
    };
    policy_site(&borrowed, &options, Date::new(2031, 5, 5).unwrap())
}

fn paths(site: &PolicySite) -> Vec<&str> {
    site.files.iter().map(|(p, _)| p.as_str()).collect()
}

#[test]
fn a_policy_site_takes_the_policy_and_a_self_contained_faq_and_nothing_else() {
    let site = make(&sample("", IN_BLOCK)).unwrap();
    assert!(site.faq);
    assert_eq!(site.languages, ["nl", "en"]);
    let paths = paths(&site);
    for lang in ["nl", "en"] {
        for rel in
            ["_index.md", "beleid/_index.md", "beleid/overheid.md", "gids/_index.md", "gids/veelgestelde-vragen.md"]
        {
            assert!(paths.contains(&format!("content/{lang}/{rel}").as_str()), "{rel}: {paths:?}");
        }
    }
    assert!(paths.contains(&"static/images/used.svg") && !paths.contains(&"static/images/unused.svg"), "{paths:?}");
    assert!(paths.iter().all(|p| !p.contains(".versions/") && !p.contains("tien-stappen")), "{paths:?}");
    assert!(paths.contains(&".github/workflows/pages.yml"));

    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in &site.files {
        let target = dir.path().join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
    let config = std::fs::read_to_string(dir.path().join("beleid.toml")).unwrap();
    assert!(!config.contains("website"), "only keys the pages or theme use:\n{config}");
    assert!(config.contains("email = \"communicatie@zuiderhaven.nl\""), "{config}");
    assert_eq!(run_on(dir.path(), &["build"], "2031-05-05").code, 0);
    let check = run_on(dir.path(), &["check", "--deny-warnings"], "2031-05-05");
    assert_eq!(check.code, 0, "{}", check.stderr);
    let page = std::fs::read_to_string(dir.path().join("public/beleid/socialemediabeleid/index.html")).unwrap();
    assert!(page.contains("Beleid van de gemeente Zuiderhaven."), "{page}");
    for left in ["voor de demo", "<!-- sample", "Sam de Vries", "example.org", "Voorbeeld", "3.0"] {
        assert!(!page.contains(left), "{left:?} left in the page");
    }
    let faq = std::fs::read_to_string(dir.path().join("content/en/gids/veelgestelde-vragen.md")).unwrap();
    assert!(faq.contains("date = 2031-05-05") && !faq.contains("tien-stappen"), "{faq}");
}

#[test]
fn the_faq_is_left_out_when_it_links_beyond_the_policy() {
    let site = make(&sample("", "Meer in [de tien stappen](tien-stappen.md).\n")).unwrap();
    assert!(!site.faq);
    assert!(paths(&site).iter().all(|p| !p.contains("gids/")), "{:?}", paths(&site));
    let home = &site.files.iter().find(|(p, _)| p == "content/nl/_index.md").unwrap().1;
    assert!(!String::from_utf8_lossy(home).contains("veelgestelde"));
}

#[test]
fn a_policy_linking_to_a_page_the_site_lacks_is_refused_with_the_fix() {
    let Err(err) = make(&sample("Zie [de vergelijking](vergelijking.md).\n", IN_BLOCK)) else {
        panic!("a link that would break the build is refused")
    };
    let message = err.to_string();
    assert!(message.contains("beleid/overheid.md links to beleid/vergelijking.md"), "{message}");
    assert!(message.contains("<!-- sample -->"), "{message}");
}

#[test]
fn an_unclosed_sample_passage_names_its_file_and_line() {
    let files = sample("<!-- sample -->\nopen\n", IN_BLOCK);
    let Err(err) = make(&files) else { panic!("refused") };
    let text = String::from_utf8_lossy(&files.iter().find(|(p, _)| p.ends_with("nl/beleid/overheid.md")).unwrap().1)
        .into_owned();
    let line = text.lines().collect::<Vec<_>>().iter().rposition(|l| *l == "<!-- sample -->").unwrap() + 1;
    let message = err.to_string();
    assert!(
        message.contains(&format!("content/nl/beleid/overheid.md:{line}:1")) && message.contains("never closed"),
        "{message}"
    );
}
