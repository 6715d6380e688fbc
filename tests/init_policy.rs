//! `beleid init DIR --policy NAME`: a site that is one organisation's
//! policy, built from the embedded sample, clean under `check
//! --deny-warnings`, with none of the sample's organisation left.
// Helpers here unwrap as the tests do: a failure panics at its line.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use beleid::config::Config;
use beleid::init::{SAMPLE_CLOSE, SAMPLE_OPEN, Variant};
use beleid::theme::sample_files;
use common::run_on;

const TODAY: &str = "2031-05-05";
const ORGANISATION: &str = "Gemeente Zuiderhaven";
const BASE_URL: &str = "https://beleid.zuiderhaven.nl/";

fn sample_text(path: &str) -> Option<String> {
    sample_files().iter().find(|(p, _)| *p == path).map(|(_, b)| String::from_utf8_lossy(b).into_owned())
}

/// Every text of every file below `dir`, with its path.
fn texts_below(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(text) = std::fs::read_to_string(&p) {
                out.push((p.display().to_string(), text));
            }
        }
    }
    out
}

/// What the sample's organisation leaves behind if it is not replaced:
/// every `[extra]` value and the host of `base_url`, read from the sample's
/// own beleid.toml, and every line of a demo passage of the policy's pages.
fn sample_leftovers(variant: Variant, languages: &[&str]) -> Vec<String> {
    let config = Config::parse(&sample_text("beleid.toml").unwrap(), Path::new("beleid.toml")).unwrap();
    let mut leftovers: Vec<String> = Vec::new();
    for lang in config.languages.keys() {
        for key in config.extra_for(lang).keys() {
            leftovers.extend(config.extra_text(lang, key));
        }
    }
    leftovers.push(config.base_url.trim_start_matches("https://").trim_end_matches('/').to_string());
    for lang in languages {
        for page in [variant.page(), beleid::init::FAQ_PAGE] {
            let Some(text) = sample_text(&format!("content/{lang}/{page}")) else { continue };
            let mut inside = false;
            for line in text.lines() {
                match line.trim() {
                    SAMPLE_OPEN => inside = true,
                    SAMPLE_CLOSE => inside = false,
                    l if inside && l.len() > 20 && !l.contains("{{") => leftovers.push(l.to_string()),
                    _ => {}
                }
            }
        }
    }
    leftovers.retain(|l| !l.is_empty());
    leftovers
}

#[test]
fn every_policy_and_language_set_builds_clean_and_keeps_nothing_of_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let mut built = 0;
    for variant in Variant::ALL {
        for languages in [vec!["nl"], vec!["en"], vec!["nl", "en"]] {
            let name = format!("{}-{}", variant.name(), languages.join("-"));
            let joined = languages.join(",");
            let args = [
                "init",
                &name,
                "--policy",
                variant.name(),
                "--languages",
                &joined,
                "--organisation",
                ORGANISATION,
                "--base-url",
                BASE_URL,
            ];
            let init = run_on(dir.path(), &args, TODAY);
            let in_sample = languages.iter().all(|l| sample_text(&format!("content/{l}/{}", variant.page())).is_some());
            if !in_sample {
                // Until the sample has this policy, init says so plainly.
                assert_eq!(init.code, 2, "{name}: {}", init.stderr);
                assert!(
                    init.stderr.contains(variant.name()) && init.stderr.contains("choose"),
                    "{name}: {}",
                    init.stderr
                );
                continue;
            }
            assert_eq!(init.code, 0, "{name}: {}", init.stderr);
            let site = dir.path().join(&name);
            let build = run_on(&site, &["build"], TODAY);
            assert_eq!(build.code, 0, "{name}: {}", build.stderr);
            let check = run_on(&site, &["check", "--deny-warnings"], TODAY);
            assert_eq!(check.code, 0, "{name}: {}", check.stderr);
            for lang in &languages {
                assert!(site.join(format!("content/{lang}/{}", variant.page())).is_file(), "{name}");
            }
            for other in Variant::ALL.into_iter().filter(|v| *v != variant) {
                assert!(!site.join(format!("content/nl/{}", other.page())).exists(), "{name} has {}", other.name());
            }
            assert!(site.join(".github/workflows/pages.yml").is_file(), "{name}");
            let config = std::fs::read_to_string(site.join("beleid.toml")).unwrap();
            assert!(config.contains(ORGANISATION) && config.contains(BASE_URL), "{name}:\n{config}");
            let leftovers = sample_leftovers(variant, &languages);
            assert!(leftovers.len() >= 4, "{name}: the sample's values were read: {leftovers:?}");
            for (path, text) in
                texts_below(&site.join("public")).iter().chain(texts_below(&site.join("content")).iter())
            {
                for left in &leftovers {
                    assert!(!text.contains(left.as_str()), "{name}: {path} still has {left:?}");
                }
                assert!(
                    text.contains(ORGANISATION) || !path.ends_with(".html") || path.contains("404"),
                    "{name}: {path}"
                );
            }
            built += 1;
        }
    }
    assert!(built >= 9, "the example, ibm and coca-cola policies were built in every language set");
}

#[test]
fn the_policy_page_is_a_first_version_to_adopt() {
    let dir = tempfile::tempdir().unwrap();
    let init = run_on(dir.path(), &["init", "s", "--policy", "ibm", "--languages", "en"], TODAY);
    assert_eq!(init.code, 0, "{}", init.stderr);
    let text = std::fs::read_to_string(dir.path().join("s/content/en").join(Variant::Ibm.page())).unwrap();
    let front = text.split("+++").nth(1).unwrap();
    let table: toml::Table = toml::from_str(front).unwrap();
    let policy = table["policy"].as_table().unwrap();
    assert_eq!(policy["version"].as_str(), Some("1.0"));
    assert_eq!(policy["effective"].to_string(), "2031-05-05");
    assert_eq!(policy["review"].to_string(), "2032-05-05");
    assert_eq!(policy["owner"].as_str(), Some("Communications"));
    assert!(!policy.contains_key("approved") && !policy.contains_key("approved_by"), "{front}");
    assert!(front.contains("\n# ") && front.contains("approved_by") && front.contains("approved ="), "{front}");
    assert_eq!(table["updated"].to_string(), "2031-05-05");
    assert_eq!(table["slug"].as_str(), Some("social-media-policy"));
    // No --base-url or --organisation: the sample's values stay, and init
    // does not pretend otherwise.
    let config = std::fs::read_to_string(dir.path().join("s/beleid.toml")).unwrap();
    assert!(config.contains("default_language = \"en\""), "{config}");
    assert!(!config.contains("[languages.nl]"), "{config}");
}

#[test]
fn markup_in_the_organisation_name_is_escaped_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let name = "De <script>alert(\"x\")</script> & 'Co'";
    let init = run_on(
        dir.path(),
        &["init", "s", "--policy", "coca-cola", "--organisation", name, "--base-url", BASE_URL],
        TODAY,
    );
    assert_eq!(init.code, 0, "{}", init.stderr);
    let site = dir.path().join("s");
    assert_eq!(run_on(&site, &["build"], TODAY).code, 0);
    assert_eq!(run_on(&site, &["check", "--deny-warnings"], TODAY).code, 0);
    let mut html_files = 0;
    for (path, text) in texts_below(&site.join("public")).into_iter().filter(|(p, _)| p.ends_with(".html")) {
        assert!(!text.contains("<script>alert"), "{path}");
        html_files += 1;
    }
    assert!(html_files >= 4);
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("&lt;script&gt;alert"), "{home}");
}

#[test]
fn the_name_inside_a_sentence_is_derived_per_language_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let init = run_on(dir.path(), &["init", "s", "--policy", "example", "--organisation", ORGANISATION], TODAY);
    assert_eq!(init.code, 0, "{}", init.stderr);
    assert!(init.stderr.contains("organisation_in_text = \"de gemeente Zuiderhaven\""), "{}", init.stderr);
    assert!(
        init.stderr.contains("[languages.en.extra] organisation_in_text = \"Zuiderhaven municipality\""),
        "{}",
        init.stderr
    );
    assert!(init.stderr.contains("beleid.toml"), "{}", init.stderr);
    let site = dir.path().join("s");
    assert_eq!(run_on(&site, &["build"], TODAY).code, 0);
    let nl = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    let en = std::fs::read_to_string(site.join("public/en/index.html")).unwrap();
    assert!(nl.contains("socialemediabeleid van de gemeente Zuiderhaven"), "{nl}");
    assert!(en.contains("social media policy of Zuiderhaven municipality"), "{en}");
}

#[test]
fn init_policy_refuses_bad_input_and_a_folder_with_files() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_on(dir.path(), &["init", "s", "--policy", "example", "--languages", "fr"], TODAY);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("\"fr\"") && run.stderr.contains("nl"), "{}", run.stderr);
    let run = run_on(dir.path(), &["init", "s", "--policy", "nope"], TODAY);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("coca-cola"), "possible values are listed: {}", run.stderr);
    let run = run_on(dir.path(), &["init", "s", "--organisation", "X"], TODAY);
    assert_eq!(run.code, 2, "--organisation belongs with --policy: {}", run.stderr);
    let run = run_on(dir.path(), &["init", "s", "--policy", "ibm", "--organisation", "A\nB"], TODAY);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("one line"), "{}", run.stderr);
    let run = run_on(dir.path(), &["init", "s", "--policy", "ibm", "--base-url", "ftp://x.nl/"], TODAY);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("beleid.toml:") && run.stderr.contains("not an http(s) address"), "{}", run.stderr);
    assert!(!dir.path().join("s").exists(), "nothing is written when the input is bad");
    std::fs::create_dir(dir.path().join("full")).unwrap();
    std::fs::write(dir.path().join("full/mine.txt"), "mine").unwrap();
    let run = run_on(dir.path(), &["init", "full", "--policy", "example"], TODAY);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!dir.path().join("full/beleid.toml").exists());
}

/// Words that frame a page as a demo or as another company's approach.
const DEMO_WORDING: &[&str] = &[
    "voorbeeldbeleid",
    "voorbeeldorganisatie",
    "example policy",
    "sample policy",
    "a sample",
    "inspired by",
    "geïnspireerd op",
    "ibm",
    "coca-cola",
];

/// The demo wording found in a policy site's published pages.
fn demo_wording_in(variant: Variant) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let args = ["init", "s", "--policy", variant.name(), "--organisation", ORGANISATION, "--base-url", BASE_URL];
    let init = run_on(dir.path(), &args, TODAY);
    assert_eq!(init.code, 0, "{}", init.stderr);
    let site = dir.path().join("s");
    assert_eq!(run_on(&site, &["build"], TODAY).code, 0);
    let mut found = Vec::new();
    for (path, text) in texts_below(&site.join("public")) {
        let lower = text.to_lowercase();
        found.extend(DEMO_WORDING.iter().filter(|w| lower.contains(*w)).map(|w| format!("{path}: {w}")));
    }
    found
}

#[test]
fn the_example_policy_site_has_no_demo_wording() {
    let found = demo_wording_in(Variant::Example);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn no_policy_site_has_demo_wording() {
    for variant in Variant::ALL {
        if sample_text(&format!("content/nl/{}", variant.page())).is_some() {
            let found = demo_wording_in(variant);
            assert!(found.is_empty(), "{}: {found:#?}", variant.name());
        }
    }
}
