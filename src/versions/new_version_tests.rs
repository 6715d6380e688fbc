//! `new_version` on pages in a temporary folder.

use super::*;
use crate::versions::versions_dir;

const TOML_PAGE: &str = "+++\ntitle = \"Beleid\"\n\n[policy]\nversion = \"1.0\"\neffective = 2025-03-01\nreview = 2026-03-01\nowner = \"HR\"\n\n[extra]\nx = 1\n+++\n\n## 1. Doel\n\nTekst.\n";

const YAML_PAGE: &str =
    "---\ntitle: Policy\npolicy:\n    version: \"1.0\"\n    effective: 2025-03-01\nextra:\n  x: 1\n---\nText.\n";

fn request(version: &str, effective: &str, note: Option<&str>) -> Request {
    Request { version: version.into(), effective: effective.parse().unwrap(), note: note.map(str::to_string) }
}

/// Every file below `dir` with its text.
fn tree(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().display().to_string(), fs::read_to_string(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn archives_the_text_and_moves_the_page_to_the_new_version() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("beleid.md");
    fs::write(&page, TOML_PAGE).unwrap();
    let done = new_version(&page, &request("1.1", "2026-01-01", Some("Nieuw: \"AI\"-regels,\nen meer."))).unwrap();
    assert_eq!(done.previous, "1.0");
    assert_eq!(done.archive, dir.path().join("beleid.versions/1.0.md"));
    assert_eq!(fs::read_to_string(&done.archive).unwrap(), TOML_PAGE, "the archive is the page as it was");
    let expected = TOML_PAGE
        .replace("version = \"1.0\"\neffective = 2025-03-01\n", "version = \"1.1\"\neffective = 2026-01-01\n")
        .replace("owner = \"HR\"\n", "owner = \"HR\"\nnote = \"Nieuw: \\\"AI\\\"-regels,\\nen meer.\"\n");
    assert_eq!(fs::read_to_string(&page).unwrap(), expected, "only the policy keys changed");
    let split = front_matter::split(&expected, &page).unwrap();
    let (format, fm) = split.front_matter.unwrap();
    let meta = front_matter::parse(format, fm, &page).unwrap().policy.unwrap();
    assert_eq!(meta.note.as_deref(), Some("Nieuw: \"AI\"-regels,\nen meer."));
}

#[test]
fn yaml_front_matter_keeps_its_indentation() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("policy.md");
    fs::write(&page, YAML_PAGE).unwrap();
    new_version(&page, &request("2", "2026-01-01", Some("Rewritten."))).unwrap();
    assert_eq!(
        fs::read_to_string(&page).unwrap(),
        "---\ntitle: Policy\npolicy:\n    version: \"2\"\n    effective: 2026-01-01\n    note: \"Rewritten.\"\nextra:\n  x: 1\n---\nText.\n"
    );
    assert_eq!(fs::read_to_string(versions_dir(&page).join("1.0.md")).unwrap(), YAML_PAGE);
}

#[test]
fn refuses_and_writes_nothing_on_a_lower_version_an_earlier_date_or_a_second_archive() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("beleid.md");
    fs::write(&page, TOML_PAGE).unwrap();
    let before = tree(dir.path());
    let cases = [
        (request("1.0", "2026-01-01", None), "is not higher than the current version 1.0"),
        (request("0.9", "2026-01-01", None), "is not higher"),
        (request("1.1", "2025-03-01", None), "must take effect after the current one, which took effect on 2025-03-01"),
        (request("1.1", "2024-01-01", None), "must take effect after"),
        (request("../1", "2026-01-01", None), "is not a usable version"),
    ];
    for (request, message) in cases {
        let error = new_version(&page, &request).unwrap_err().to_string();
        assert!(error.contains(message), "{error}");
        assert_eq!(tree(dir.path()), before, "{message}: nothing written");
    }
    fs::create_dir_all(dir.path().join("beleid.versions")).unwrap();
    fs::write(dir.path().join("beleid.versions/1.0.md"), "earlier").unwrap();
    let before = tree(dir.path());
    let error = new_version(&page, &request("1.1", "2026-01-01", None)).unwrap_err().to_string();
    assert!(error.contains("already exists"), "{error}");
    assert_eq!(tree(dir.path()), before);
}

#[test]
fn refuses_pages_that_are_no_policy() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("faq.md");
    for text in ["+++\ntitle = \"FAQ\"\n+++\nx\n", "no front matter\n", "+++\n[policy]\nreview = 2027-01-01\n+++\n"] {
        fs::write(&page, text).unwrap();
        let error = new_version(&page, &request("1.1", "2026-01-01", None)).unwrap_err().to_string();
        assert!(error.contains("policy"), "{error}");
        assert!(!versions_dir(&page).exists());
    }
}
