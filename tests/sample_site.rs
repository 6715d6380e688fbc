//! The bundled sample site: every chapter in both languages, policy pages
//! with their dates, organisation values from `[extra]`, original prose.
// Helpers here unwrap as the tests do: a failure panics at its line.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use beleid::content::{PageKind, parse_file};
use beleid::date::Date;
use beleid::site::{BuildOptions, Inputs};
use common::{Site, run_on};

const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// The chapters of the content brief, by path inside a language folder.
const CHAPTERS: &[&str] = &[
    "_index.md",
    "beleid/_index.md",
    "beleid/voorbeeldbeleid.md",
    "beleid/ibm-stijl.md",
    "beleid/coca-cola-stijl.md",
    "beleid/overheid.md",
    "beleid/vergelijking.md",
    "gids/_index.md",
    "gids/voor-en-nadelen.md",
    "gids/veelgestelde-vragen.md",
    "gids/tien-stappen.md",
];

const POLICIES: &[&str] =
    &["beleid/voorbeeldbeleid.md", "beleid/ibm-stijl.md", "beleid/coca-cola-stijl.md", "beleid/overheid.md"];

fn markdown_files(lang: &str) -> BTreeSet<String> {
    let dir = Path::new(REPO).join("content").join(lang);
    walkdir::WalkDir::new(&dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().strip_prefix(&dir).unwrap().to_string_lossy().replace('\\', "/"))
        .collect()
}

fn load_sample() -> Inputs {
    let options = BuildOptions { drafts: false, base_url: None, today: Date::new(2026, 11, 21).unwrap() };
    Inputs::load(Path::new(REPO), &options, &mut Vec::new()).expect("the sample site loads")
}

#[test]
fn every_chapter_exists_in_both_languages_and_every_page_is_translated() {
    let nl = markdown_files("nl");
    let en = markdown_files("en");
    for chapter in CHAPTERS {
        assert!(nl.contains(*chapter), "content/nl/{chapter} is missing");
        assert!(en.contains(*chapter), "content/en/{chapter} is missing");
    }
    assert_eq!(nl, en, "every page needs its translation at the same path");
}

#[test]
fn pages_link_to_their_translation() {
    let inputs = load_sample();
    let content = &inputs.content;
    for chapter in CHAPTERS {
        let nl = content.find("nl", chapter).unwrap_or_else(|| panic!("nl {chapter}"));
        let en = content.translations(nl).get("en").copied().unwrap_or_else(|| panic!("{chapter} has no English page"));
        assert_ne!(content.page(nl).path, content.page(en).path);
        assert!(content.page(en).path.starts_with("en/"));
    }
    // The English pages carry English slugs.
    let en_policy = content.find("en", "beleid/voorbeeldbeleid.md").unwrap();
    assert_eq!(content.page(en_policy).path, "en/policies/example-policy/");
    let en_government = content.find("en", "beleid/overheid.md").unwrap();
    assert_eq!(content.page(en_government).path, "en/policies/government/");
}

#[test]
fn policy_pages_carry_version_and_dates() {
    for lang in ["nl", "en"] {
        for file in markdown_files(lang) {
            let path = PathBuf::from(REPO).join("content").join(lang).join(&file);
            let text = std::fs::read_to_string(&path).unwrap();
            let source = parse_file(lang, &file, path.clone(), &text).unwrap();
            // Earlier versions of a policy (`<name>.versions/<v>.md`) carry the same table.
            let expected = POLICIES.contains(&file.as_str()) || file.contains(".versions/");
            assert_eq!(source.meta.policy.is_some(), expected, "{}: [policy] table", path.display());
            if let Some(policy) = source.meta.policy {
                let (effective, review) = (policy.effective.expect("effective"), policy.review.expect("review"));
                assert!(policy.version.is_some_and(|v| !v.is_empty()), "{file}: version");
                assert!(effective < review, "{file}: effective before review");
                for field in [&policy.owner, &policy.approved_by] {
                    assert!(field.as_ref().is_some_and(|v| !v.is_empty()), "{file}: owner and approved_by");
                }
                assert!(policy.approved.is_some(), "{file}: approved");
            }
        }
    }
}

#[test]
fn chapters_are_complete() {
    let inputs = load_sample();
    let words = |lang: &str, rel: &str| {
        let id = inputs.content.find(lang, rel).unwrap();
        inputs.render_body(id).words
    };
    assert!(
        words("nl", "beleid/voorbeeldbeleid.md") >= 1500,
        "Dutch example policy: {}",
        words("nl", "beleid/voorbeeldbeleid.md")
    );
    for lang in ["nl", "en"] {
        for variant in ["beleid/ibm-stijl.md", "beleid/coca-cola-stijl.md"] {
            assert!(words(lang, variant) >= 800, "{lang} {variant}: {} words", words(lang, variant));
        }
        // Every policy article has an explicit id that is the same in both languages.
        let articles = |rel: &str| -> Vec<String> {
            let id = inputs.content.find(lang, rel).unwrap();
            inputs.render_body(id).headings.iter().filter(|h| h.level == 2).map(|h| h.id.clone()).collect()
        };
        let example = articles("beleid/voorbeeldbeleid.md");
        assert_eq!(example, (1..=16).map(|n| format!("art-{n}")).collect::<Vec<_>>(), "{lang} example policy articles");
        // The FAQ: at least twelve questions, each its own heading with its own id.
        let faq = inputs.content.find(lang, "gids/veelgestelde-vragen.md").unwrap();
        let rendered = inputs.render_body(faq);
        let questions: Vec<_> = rendered.headings.iter().filter(|h| h.level == 2 && h.text.ends_with('?')).collect();
        assert!(questions.len() >= 12, "{lang} FAQ has {} questions", questions.len());
        // The three questions from the source article come first.
        let first: Vec<&str> = questions.iter().take(3).map(|h| h.id.as_str()).collect();
        let expected = if lang == "nl" {
            ["apart-beleid", "werktijd", "bijwerken"]
        } else {
            ["separate-policy", "working-hours", "updating"]
        };
        assert_eq!(first, expected, "{lang} FAQ");
        // Ten steps, numbered, each with its own anchor.
        let steps = inputs.content.find(lang, "gids/tien-stappen.md").unwrap();
        let step_ids: Vec<String> =
            inputs.render_body(steps).headings.iter().filter(|h| h.level == 2).map(|h| h.id.clone()).collect();
        let prefix = if lang == "nl" { "stap" } else { "step" };
        for n in 1..=10 {
            assert!(step_ids.contains(&format!("{prefix}-{n}")), "{lang} ten steps lack #{prefix}-{n}: {step_ids:?}");
        }
    }
    // The comparison holds a table.
    for lang in ["nl", "en"] {
        let id = inputs.content.find(lang, "beleid/vergelijking.md").unwrap();
        assert!(inputs.render_body(id).html.contains("<table>"), "{lang} comparison table");
    }
    assert_eq!(inputs.content.page(inputs.content.homes["nl"]).kind, PageKind::Home);
}

#[test]
fn variants_say_they_are_samples_not_the_companys_text() {
    let read = |p: &str| std::fs::read_to_string(Path::new(REPO).join(p)).unwrap();
    for (lang, note) in [("nl", "niet de tekst van"), ("en", "not")] {
        for (file, company) in [("ibm-stijl.md", "IBM"), ("coca-cola-stijl.md", "Coca-Cola")] {
            let text = read(&format!("content/{lang}/beleid/{file}"));
            let body = text.split("+++").nth(2).unwrap();
            // The label sits inside a sample block, which `beleid init --policy` removes.
            let first_block = body.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with("<!--")).unwrap();
            assert!(
                first_block.starts_with('>') && first_block.contains(company) && first_block.contains(note),
                "{lang} {file}: {first_block}"
            );
        }
    }
}

#[test]
fn sample_blocks_are_well_formed_and_policy_text_outside_them_is_the_organisations_own() {
    for lang in ["nl", "en"] {
        for file in markdown_files(lang) {
            let text = std::fs::read_to_string(Path::new(REPO).join("content").join(lang).join(&file)).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            let mut open = false;
            let mut outside = String::new();
            for (i, line) in lines.iter().enumerate() {
                let marker = match line.trim() {
                    "<!-- sample -->" => Some(true),
                    "<!-- /sample -->" => Some(false),
                    _ => None,
                };
                match marker {
                    Some(opens) => {
                        assert_eq!(opens, !open, "{lang}/{file}:{}: unbalanced sample marker", i + 1);
                        assert_eq!(line.trim(), *line, "{lang}/{file}:{}: a marker stands alone on its line", i + 1);
                        assert!(i == 0 || lines[i - 1].trim().is_empty(), "{lang}/{file}:{}: blank line before", i + 1);
                        assert!(
                            lines.get(i + 1).is_none_or(|l| l.trim().is_empty()),
                            "{lang}/{file}:{}: blank line after",
                            i + 1
                        );
                        open = opens;
                    }
                    None if !open => {
                        outside.push_str(line);
                        outside.push('\n');
                    }
                    None => {}
                }
            }
            assert!(!open, "{lang}/{file}: a sample block is not closed");
            if POLICIES.contains(&file.as_str()) {
                let body = outside.split("+++").nth(2).unwrap().to_lowercase();
                for demo in ["voorbeeldbeleid", "let op", "please note", "over te nemen", "sample policy"] {
                    assert!(!body.contains(demo), "{lang}/{file}: {demo:?} outside a sample block");
                }
            }
        }
    }
}

#[test]
fn the_example_policy_has_a_history() {
    for lang in ["nl", "en"] {
        let read = |rel: &str| {
            let path = PathBuf::from(REPO).join("content").join(lang).join(rel);
            let text = std::fs::read_to_string(&path).unwrap();
            parse_file(lang, rel, path, &text).unwrap().meta.policy.unwrap()
        };
        let current = read("beleid/voorbeeldbeleid.md");
        let first = read("beleid/voorbeeldbeleid.versions/1.0.md");
        assert_eq!(current.version.as_deref(), Some("1.1"), "{lang}");
        assert_eq!(first.version.as_deref(), Some("1.0"), "{lang}");
        assert!(current.note.is_some_and(|n| n.contains("4.8")), "{lang}: the note says what changed");
        assert!(first.effective.unwrap() < current.effective.unwrap(), "{lang}");
    }
}

#[test]
fn the_sample_builds_without_warnings() {
    let site = Site::sample();
    let run = site.build_ok(&[]);
    let warnings: Vec<&str> = run.stderr.lines().filter(|l| l.contains("warning")).collect();
    assert!(warnings.is_empty(), "{}", run.stderr);
    assert!(run.stderr.contains("built 22 pages (nl 11, en 11)"), "{}", run.stderr);
}

#[test]
fn the_organisation_name_comes_from_one_file() {
    let site = Site::sample();
    let config = site
        .read("beleid.toml")
        .replace("organisation = \"De Voorbeeldorganisatie\"", "organisation = \"Gemeente Zonnedal\"")
        .replace(
            "organisation_in_text = \"de Voorbeeldorganisatie\"",
            "organisation_in_text = \"de gemeente Zonnedal\"",
        )
        .replace(
            "organisation_in_text = \"De Voorbeeldorganisatie\"",
            "organisation_in_text = \"De gemeente Zonnedal\"",
        );
    assert!(config.contains("Gemeente Zonnedal"), "the sample config sets organisation");
    site.write("beleid.toml", &config);
    site.build_ok(&[]);
    let policy_pages = [
        "beleid/voorbeeldbeleid/index.html",
        "beleid/ibm-stijl/index.html",
        "beleid/coca-cola-stijl/index.html",
        "beleid/overheid/index.html",
        "en/policies/example-policy/index.html",
        "en/policies/ibm-style/index.html",
        "en/policies/coca-cola-style/index.html",
        "en/policies/government/index.html",
        "print/index.html",
        "en/print/index.html",
    ];
    for page in policy_pages {
        let html = site.output(page);
        assert!(html.matches("Zonnedal").count() >= 2, "{page} does not name the organisation");
    }
    for (path, bytes) in common::all_files(&site.root.join("public")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("Voorbeeldorganisatie"), "{path} still names the old organisation");
    }
}

#[test]
fn a_passed_review_date_warns_naming_the_page() {
    let site = Site::sample();
    let run = run_on(&site.root, &["build"], "2028-01-01");
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (file, title) in [
        ("content/nl/beleid/voorbeeldbeleid.md", "Socialemediabeleid"),
        ("content/en/beleid/ibm-stijl.md", "IBM-style social media policy"),
    ] {
        let line = run
            .stderr
            .lines()
            .find(|l| l.starts_with(file))
            .unwrap_or_else(|| panic!("no warning for {file}:\n{}", run.stderr));
        assert!(
            line.contains(": warning: ") && line.contains(title) && line.contains("was due for review on 2027-11-01"),
            "{line}"
        );
    }
    assert_eq!(run.stderr.matches("was due for review").count(), 8);
    // The page itself shows a banner.
    assert!(site.output("beleid/voorbeeldbeleid/index.html").contains("banner-warning"));
}

/// Words as the seed check sees them: lowercase runs of letters, digits and apostrophes.
fn words(text: &str) -> Vec<String> {
    let text = text.replace('’', "'").to_lowercase();
    text.split(|c: char| !(c.is_alphanumeric() || c == '\'')).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

#[test]
fn no_run_of_eight_words_matches_a_seed() {
    const RUN: usize = 8;
    let seeds = Path::new(REPO).join("../shared/seeds");
    if !seeds.is_dir() {
        println!("notice: {} is absent, so the seed overlap check is skipped", seeds.display());
        return;
    }
    let mut seed_runs: BTreeMap<Vec<String>, String> = BTreeMap::new();
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let path = entry.unwrap().path();
        let w = words(&std::fs::read_to_string(&path).unwrap());
        for run in w.windows(RUN) {
            seed_runs.entry(run.to_vec()).or_insert_with(|| path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    assert!(seed_runs.len() > 3000, "seeds were read");
    let mut matches = Vec::new();
    let mut checked = 0;
    for lang in ["nl", "en"] {
        for file in markdown_files(lang) {
            let text = std::fs::read_to_string(Path::new(REPO).join("content").join(lang).join(&file)).unwrap();
            let w = words(&text);
            for run in w.windows(RUN) {
                checked += 1;
                if let Some(seed) = seed_runs.get(run) {
                    matches.push(format!("content/{lang}/{file} matches {seed}: {}", run.join(" ")));
                }
            }
        }
    }
    assert!(checked > 20_000, "only {checked} runs checked");
    assert!(matches.is_empty(), "{}", matches.join("\n"));
}
