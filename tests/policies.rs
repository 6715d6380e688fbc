//! Policies as documents: clauses with stable ids, owner and approval,
//! status by date, and the machine-readable exports (`index.json` beside
//! each policy page, `policies.json` for the site).
// Helpers here unwrap as the tests do: a failure panics at its line.
#![allow(clippy::unwrap_used)]

mod common;

use common::{Site, ids_in};
use serde_json::Value;

const NL: &str = "+++
title = \"Gedragscode\"
slug = \"gedragscode\"
date = 2026-01-01

[policy]
version = \"2.0\"
effective = 2026-03-01
review = 2027-03-01
owner = \"Afdeling HR\"
approved_by = \"Directie, met instemming van de ondernemingsraad\"
approved = 2026-02-01
+++

Inleiding.

## 1. Reikwijdte

**1.1** Geldt voor iedereen.

**1.2 Stagiairs.** Ook voor stagiairs, zie [artikel 1.1](#art-1.1).

## 2. Gedrag

**2.1** Wees <vriendelijk> & eerlijk.
";

const EN: &str = "+++
title = \"Code of conduct\"
slug = \"code-of-conduct\"
date = 2026-01-01

[policy]
version = \"2.0\"
effective = 2026-03-01
review = 2027-03-01
owner = \"HR department\"
+++

Introduction.

## 1. Scope

**1.1** Applies to everyone.

**1.2 Interns.** Interns too.

## 2. Conduct

**2.1** Be kind & honest.
";

fn site() -> Site {
    let site = Site::fixture("bilingual");
    site.write("content/nl/gedragscode.md", NL);
    site.write("content/en/gedragscode.md", EN);
    site
}

/// `beleid check`'s findings for one file, as (code, line:column).
fn findings(site: &Site, file: &str) -> Vec<(String, String)> {
    let run = site.beleid(&["check", "--format", "json"]);
    let all: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout));
    let list = all.as_array().cloned().unwrap_or_default();
    list.iter()
        .filter(|d| d["path"] == file)
        .map(|d| (d["code"].as_str().unwrap_or("").to_string(), format!("{}:{}", d["line"], d["column"])))
        .collect()
}

fn json(site: &Site, rel: &str) -> Value {
    serde_json::from_str(&site.output(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn articles_and_sub_clauses_have_the_same_ids_in_every_language_with_permalinks() {
    let site = site();
    site.build_ok(&[]);
    let clause_ids =
        |html: &str| -> Vec<String> { ids_in(html).into_iter().filter(|i| i.starts_with("art-")).collect() };
    let nl = site.output("gedragscode/index.html");
    let en = site.output("en/code-of-conduct/index.html");
    assert_eq!(clause_ids(&nl), ["art-1", "art-1.1", "art-1.2", "art-2", "art-2.1"]);
    assert_eq!(clause_ids(&nl), clause_ids(&en));
    assert!(nl.contains("<a class=\"clause-anchor\" href=\"#art-1.2\">"), "a visible permalink per sub-clause");
}

#[test]
fn check_reports_clause_differences_between_languages_and_misnamed_article_links() {
    let site = site();
    assert_eq!(findings(&site, "content/en/gedragscode.md"), []);
    assert_eq!(findings(&site, "content/nl/gedragscode.md"), [("raw-html".to_string(), "25:14".to_string())]);
    site.write(
        "content/en/gedragscode.md",
        &EN.replace("**1.2 Interns.** Interns too.", "**1.3 Interns.** See [article 2](#art-1.1)."),
    );
    let out = site.beleid(&["check"]).stdout;
    assert!(
        out.contains("content/en/gedragscode.md:19:1: warning: this English translation lacks #art-1.2 that content/nl/gedragscode.md has, and has #art-1.3 that the source lacks"),
        "{out}"
    );
    assert!(
        out.contains(
            "content/en/gedragscode.md:19:22: warning: the link text names article 2, but the link goes to #art-1.1"
        ),
        "{out}"
    );
}

#[test]
fn a_policy_without_an_owner_is_a_check_warning() {
    let site = site();
    site.write("content/en/gedragscode.md", &EN.replace("owner = \"HR department\"\n", ""));
    let out = site.beleid(&["check"]).stdout;
    assert!(
        out.contains("content/en/gedragscode.md:6:1: warning: the policy “Code of conduct” names no owner"),
        "{out}"
    );
}

#[test]
fn each_policy_page_has_its_metadata_and_clauses_as_json() {
    let site = site();
    site.build_ok(&["--as-of", "2026-06-01"]);
    let page = json(&site, "gedragscode/index.json");
    assert_eq!(page["title"], "Gedragscode");
    assert_eq!(page["language"], "nl");
    assert_eq!(page["url"], "https://example.org/gedragscode/");
    assert_eq!(page["translations"][0]["language"], "en");
    assert_eq!(page["translations"][0]["url"], "https://example.org/en/code-of-conduct/");
    assert_eq!(page["version"], "2.0");
    assert_eq!((page["effective"].as_str(), page["review"].as_str()), (Some("2026-03-01"), Some("2027-03-01")));
    assert_eq!(page["owner"], "Afdeling HR");
    assert_eq!(page["approved_by"], "Directie, met instemming van de ondernemingsraad");
    assert_eq!(page["approved"], "2026-02-01");
    assert_eq!((page["status"].as_str(), page["status_date"].as_str()), (Some("in-force"), Some("2026-06-01")));
    let clauses = page["clauses"].as_array().unwrap();
    let ids: Vec<&str> = clauses.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["art-1", "art-1.1", "art-1.2", "art-2", "art-2.1"]);
    assert_eq!(clauses[2]["number"], "1.2");
    assert_eq!(clauses[2]["heading"], "Stagiairs");
    assert_eq!(clauses[2]["text"], "1.2 Stagiairs. Ook voor stagiairs, zie artikel 1.1.");
    assert_eq!(clauses[3]["heading"], "Gedrag");
    // Raw HTML is escaped in the clause's HTML like on the page.
    let html = clauses[4]["html"].as_str().unwrap();
    assert!(html.contains("<strong>2.1</strong> Wees") && html.contains("&amp; eerlijk"), "{html}");
    assert!(!html.contains("<vriendelijk>"), "{html}");
}

#[test]
fn policies_json_lists_every_policy_in_every_language_with_its_status() {
    let site = site();
    for (day, status) in
        [("2026-02-28", "not-yet-in-force"), ("2026-03-01", "in-force"), ("2027-03-02", "review-overdue")]
    {
        site.build_ok(&["--as-of", day]);
        let list = json(&site, "policies.json");
        assert_eq!(list["status_date"], day);
        let policies = list["policies"].as_array().unwrap();
        let listed: Vec<(&str, &str)> =
            policies.iter().map(|p| (p["language"].as_str().unwrap(), p["url"].as_str().unwrap())).collect();
        assert_eq!(
            listed,
            [
                ("nl", "https://example.org/beleid/"),
                ("nl", "https://example.org/gedragscode/"),
                ("en", "https://example.org/en/policy/"),
                ("en", "https://example.org/en/code-of-conduct/"),
            ]
        );
        let ours = &policies[1];
        assert_eq!(ours["status"], status, "on {day}");
        assert_eq!(ours["json"], "https://example.org/gedragscode/index.json");
        assert!(ours.get("clauses").is_none(), "the list leaves the clauses to each page's JSON");
    }
}

#[test]
fn a_static_file_cannot_replace_a_policy_export() {
    let site = site();
    site.write("static/policies.json", "{}");
    site.write("static/gedragscode/index.json", "{}");
    let run = site.beleid(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "static/policies.json: error: this and <generated>/policies.json would both be written to policies.json"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("would both be written to gedragscode/index.json"), "{}", run.stderr);
}

/// schema.org's vocabulary: type → (parents, properties), and each
/// enumeration's members (tests/data/schemaorg-vocab.tsv, see its first line).
struct Vocabulary {
    types: std::collections::BTreeMap<String, (Vec<String>, Vec<String>)>,
    members: Vec<String>,
}

impl Vocabulary {
    fn load() -> Vocabulary {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/schemaorg-vocab.tsv");
        let text = std::fs::read_to_string(path).unwrap();
        let mut vocabulary = Vocabulary { types: Default::default(), members: Vec::new() };
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let fields: Vec<&str> = line.split('\t').collect();
            let list = |s: &str| s.split(',').filter(|x| !x.is_empty()).map(str::to_string).collect::<Vec<_>>();
            match fields[0] {
                "type" => {
                    vocabulary.types.insert(fields[1].to_string(), (list(fields[2]), list(fields[3])));
                }
                _ => vocabulary.members.extend(list(fields[3])),
            }
        }
        vocabulary
    }

    /// True if `property` belongs to `ty` or one of its ancestors.
    fn has(&self, ty: &str, property: &str) -> bool {
        let Some((parents, properties)) = self.types.get(ty) else { return false };
        properties.iter().any(|p| p == property) || parents.iter().any(|p| self.has(p, property))
    }

    /// Every type and property in a JSON-LD value that schema.org lacks.
    fn unknown(&self, value: &Value, found: &mut Vec<String>) {
        match value {
            Value::Array(items) => items.iter().for_each(|v| self.unknown(v, found)),
            Value::Object(map) => {
                let ty = map.get("@type").and_then(Value::as_str).unwrap_or("");
                if !self.types.contains_key(ty) {
                    found.push(format!("type {ty:?}"));
                }
                for (key, v) in map.iter().filter(|(k, _)| !k.starts_with('@')) {
                    if !self.has(ty, key) {
                        found.push(format!("{ty}.{key}"));
                    }
                    if let Some(member) = v.as_str().and_then(|s| s.strip_prefix("https://schema.org/"))
                        && !self.members.iter().any(|m| m == member)
                    {
                        found.push(format!("{ty}.{key} = {member}"));
                    }
                    self.unknown(v, found);
                }
            }
            _ => {}
        }
    }
}

fn json_ld(html: &str) -> Value {
    let start = html.find("<script type=\"application/ld+json\">").expect("a JSON-LD block") + 35;
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

#[test]
fn json_ld_uses_only_schema_org_types_and_properties() {
    let site = site();
    site.write("content/nl/gedragscode.md", &NL.replace("Afdeling HR", "HR </script><script>alert(1)</script> & co"));
    site.build_ok(&["--as-of", "2026-06-01"]);
    let vocabulary = Vocabulary::load();
    assert!(vocabulary.has("Legislation", "legislationLegalForce") && !vocabulary.has("Legislation", "madeUp"));
    let nl_html = site.output("gedragscode/index.html");
    let nl = json_ld(&nl_html);
    let en = json_ld(&site.output("en/code-of-conduct/index.html"));
    for ld in [&nl, &en] {
        let mut unknown = Vec::new();
        vocabulary.unknown(ld, &mut unknown);
        assert!(unknown.is_empty(), "not in schema.org's vocabulary: {unknown:?} in {ld}");
    }
    assert_eq!(nl["@type"], "Legislation");
    assert_eq!(nl["legislationLegalForce"], "https://schema.org/InForce");
    assert_eq!((nl["version"].as_str(), nl["legislationDateVersion"].as_str()), (Some("2.0"), Some("2026-03-01")));
    assert_eq!(nl["workTranslation"][0]["url"], "https://example.org/en/code-of-conduct/");
    assert_eq!(en["translationOfWork"]["url"], "https://example.org/gedragscode/");
    // Data, not markup: the owner's text cannot end the script element.
    assert_eq!(nl["legislationResponsible"]["name"], "HR </script><script>alert(1)</script> & co");
    assert_eq!(nl_html.matches("</script>").count(), nl_html.matches("<script").count(), "no element ended early");
    site.build_ok(&["--as-of", "2026-02-01"]);
    assert_eq!(
        json_ld(&site.output("gedragscode/index.html"))["legislationLegalForce"],
        "https://schema.org/NotInForce"
    );
}

#[test]
fn the_policy_box_shows_owner_approval_and_the_status_on_the_build_day() {
    let site = site();
    site.build_ok(&["--as-of", "2027-03-02"]);
    let html = site.output("gedragscode/index.html");
    assert!(html.contains("<dt>Eigenaar</dt><dd class=\"long\">Afdeling HR</dd>"), "{html}");
    assert!(
        html.contains("<dd class=\"long\">Directie, met instemming van de ondernemingsraad, <time datetime=\"2026-02-01\">1 februari 2026</time></dd>"),
        "{html}"
    );
    assert!(html.contains("<dd class=\"policy-status\" data-status=\"review-overdue\">"), "{html}");
    assert!(html.contains("<span data-status-text=\"review-overdue\">Van kracht, herziening te laat</span>"), "{html}");
    assert!(
        html.contains("<p class=\"banner banner-warning policy-overdue\" role=\"note\">"),
        "the banner shows: {html}"
    );
    assert!(html.contains("· Eigenaar Afdeling HR · Vastgesteld door Directie"), "the print footer names them: {html}");
    site.build_ok(&["--as-of", "2026-02-01"]);
    let html = site.output("gedragscode/index.html");
    assert!(html.contains("data-status=\"not-yet-in-force\""), "{html}");
    assert!(html.contains("<p class=\"banner banner-warning policy-overdue\" role=\"note\" hidden>"), "{html}");
}

#[test]
fn a_sample_policy_is_in_force_for_nobody_and_stays_out_of_the_print_document() {
    let site = site();
    site.write(
        "content/nl/voorbeeld.md",
        &NL.replace("slug = \"gedragscode\"", "slug = \"voorbeeld\"")
            .replace("+++\n\nInleiding", "\n[extra]\nsample = true\n+++\n\nInleiding"),
    );
    site.build_ok(&["--as-of", "2026-06-01"]);
    let html = site.output("voorbeeld/index.html");
    assert!(html.contains("<dt>Status</dt><dd>Voorbeeld, voor niemand van kracht</dd>"), "{html}");
    assert!(!html.contains("policy-overdue"), "{html}");
    let print = site.output("print/index.html");
    // The fixture's own policy and the code of conduct; not the sample.
    assert_eq!(
        print.matches("<section class=\"print-policy\"").count(),
        2,
        "only policies in force are printed: {print}"
    );
}
