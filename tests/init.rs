//! `beleid init DIR`: the sample site, ready to build, never overdue.

mod common;

use common::run_on;

#[test]
fn init_then_build_succeeds_without_warnings_even_years_later() {
    let dir = tempfile::tempdir().unwrap();
    // Long after the sample's own review dates: init stamps fresh ones.
    let today = "2031-05-05";
    let init = run_on(dir.path(), &["init", "mijn-beleid"], today);
    assert_eq!(init.code, 0, "{}", init.stderr);
    assert!(init.stderr.contains("cd mijn-beleid") && init.stderr.contains("beleid serve"), "{}", init.stderr);
    let site = dir.path().join("mijn-beleid");
    for file in ["beleid.toml", "content/nl/_index.md", "content/en/beleid/voorbeeldbeleid.md"] {
        assert!(site.join(file).is_file(), "{file}");
    }
    assert!(!site.join("themes").exists(), "the theme is built in, not copied");
    let build = run_on(&site, &["build"], today);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let lines: Vec<&str> = build.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "only the summary line, no warnings:\n{}", build.stderr);
    assert!(site.join("public/beleid/voorbeeldbeleid/index.html").is_file());
}

#[test]
fn init_stamps_effective_today_and_review_a_year_later() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run_on(dir.path(), &["init", "s"], "2029-02-28").code, 0);
    for policy in ["nl/beleid/voorbeeldbeleid.md", "en/beleid/coca-cola-stijl.md", "nl/beleid/ibm-stijl.md"] {
        let text = std::fs::read_to_string(dir.path().join("s/content").join(policy)).unwrap();
        assert!(text.contains("\neffective = 2029-02-28\n"), "{policy}:\n{text}");
        assert!(text.contains("\nreview = 2030-02-28\n"), "{policy}");
    }
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let run = run_on(dir.path(), &["init", "."], "2026-11-21");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is not empty") && run.stderr.contains("--force"), "{}", run.stderr);
    assert!(!dir.path().join("beleid.toml").exists());
    let forced = run_on(dir.path(), &["init", ".", "--force"], "2026-11-21");
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(dir.path().join("beleid.toml").is_file());
    assert_eq!(std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(), "mine");
}

/// The workflow parsed as YAML, with the steps of its build job.
fn workflow(site: &std::path::Path) -> (serde_yaml_ng::Value, Vec<String>) {
    let text = std::fs::read_to_string(site.join(".github/workflows/pages.yml")).expect("pages.yml written");
    let yaml: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).expect("valid YAML");
    let steps = yaml["jobs"]["build"]["steps"]
        .as_sequence()
        .expect("build steps")
        .iter()
        .map(|s| format!("{} {}", s["uses"].as_str().unwrap_or(""), s["run"].as_str().unwrap_or("")))
        .collect();
    (yaml, steps)
}

#[test]
fn init_writes_a_github_pages_workflow_for_the_guide_and_a_policy_site() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run_on(dir.path(), &["init", "guide"], "2026-11-21").code, 0);
    assert_eq!(run_on(dir.path(), &["init", "policy", "--policy", "example"], "2026-11-21").code, 0);
    for site in ["guide", "policy"] {
        let (yaml, steps) = workflow(&dir.path().join(site));
        let has = |needle: &str| steps.iter().any(|s| s.contains(needle));
        assert!(has("cargo install --locked beleid --git https://github.com/OWNER/beleid"), "{site}: {steps:?}");
        assert!(has("beleid build"), "{site}: {steps:?}");
        assert!(has("actions/upload-pages-artifact@"), "{site}: {steps:?}");
        let upload = yaml["jobs"]["build"]["steps"]
            .as_sequence()
            .unwrap()
            .iter()
            .find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with("actions/upload-pages-artifact@")));
        assert_eq!(upload.unwrap()["with"]["path"].as_str(), Some("public"), "{site}");
        let deploy = &yaml["jobs"]["deploy"];
        assert_eq!(deploy["needs"].as_str(), Some("build"), "{site}");
        assert!(deploy["steps"][0]["uses"].as_str().unwrap().starts_with("actions/deploy-pages@"), "{site}");
        assert_eq!(yaml["permissions"]["pages"].as_str(), Some("write"), "{site}");
        assert_eq!(yaml["permissions"]["id-token"].as_str(), Some("write"), "{site}");
    }
    let text = std::fs::read_to_string(dir.path().join("guide/.github/workflows/pages.yml")).unwrap();
    assert!(text.contains("OWNER") && text.lines().any(|l| l.trim_start().starts_with('#') && l.contains("OWNER")));
}
