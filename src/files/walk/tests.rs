//! The ignore and symlink rules, as tables: what each kind of entry turns
//! into.

// The symbolic-link cases need Unix; elsewhere their helpers are unused.
#![cfg_attr(not(unix), allow(dead_code, unused_imports))]

use std::fs;
use std::path::Path;

use super::*;

/// What the walk made of one entry.
#[derive(Debug, PartialEq, Eq)]
enum Seen {
    File,
    Folder,
    Skipped,
    Error,
    Nothing,
}

/// What one kind of entry is set up as.
enum Make {
    File,
    Dir,
    Link(&'static str),
    /// Made by another row: only looked for.
    Probe,
}

fn outcome(walked: &Walked, rel: &str) -> Seen {
    let shown = Path::new("in").join(rel);
    if let Some(e) = walked.entries.iter().find(|e| e.rel == rel) {
        assert_eq!(e.shown, shown);
        return if e.is_dir { Seen::Folder } else { Seen::File };
    }
    if walked.skipped.iter().any(|d| d.path == shown) {
        return Seen::Skipped;
    }
    if walked.errors.iter().any(|d| d.path == shown) {
        return Seen::Error;
    }
    Seen::Nothing
}

#[cfg(unix)]
#[test]
fn walk_rules() {
    use Make::{Dir, File, Link, Probe};
    let table: &[(&str, Make, Seen)] = &[
        ("page.md", File, Seen::File),
        ("sub", Dir, Seen::Folder),
        ("sub/deeper/page.md", File, Seen::File),
        ("with space/é.md", File, Seen::File),
        (".hidden", File, Seen::Nothing),
        (".git/config", File, Seen::Nothing),
        (".git", Dir, Seen::Nothing),
        (".well-known/security.txt", File, Seen::File),
        ("notes.md~", File, Seen::Nothing),
        ("#page.md#", File, Seen::Nothing),
        ("page.md.swp", File, Seen::Nothing),
        ("page.swx", File, Seen::Nothing),
        ("save.tmp", File, Seen::Nothing),
        ("4913", File, Seen::Nothing),
        ("Thumbs.db", File, Seen::Nothing),
        ("link-to-file", Link("outside/secret.txt"), Seen::Skipped),
        ("link-to-folder", Link("outside"), Seen::Skipped),
        ("link-to-folder/secret.txt", Probe, Seen::Nothing),
        ("sub/link-inside", Link("in/page.md"), Seen::Skipped),
        ("dangling", Link("nowhere"), Seen::Skipped),
        (".hidden-link", Link("outside"), Seen::Nothing),
    ];
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path();
    fs::create_dir_all(root.join("outside")).unwrap();
    fs::write(root.join("outside/secret.txt"), "secret").unwrap();
    let dir = root.join("in");
    fs::create_dir_all(&dir).unwrap();
    for (rel, make, _) in table {
        let path = dir.join(rel);
        if !matches!(make, Probe) {
            fs::create_dir_all(path.parent().unwrap()).unwrap();
        }
        match make {
            File => fs::write(&path, "x").unwrap(),
            Dir => fs::create_dir_all(&path).unwrap(),
            Link(target) => std::os::unix::fs::symlink(root.join(target), &path).unwrap(),
            Probe => {}
        }
    }
    let walked = walk(root, &dir);
    for (rel, _, expected) in table {
        assert_eq!(&outcome(&walked, rel), expected, "{rel}");
    }
    assert!(walked.errors.is_empty(), "{:?}", walked.errors);
    // Folders come before what they hold, in name order.
    let order: Vec<&str> = walked.entries.iter().map(|e| e.rel.as_str()).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
}

#[cfg(target_os = "linux")]
#[test]
fn a_name_that_is_not_utf8_is_an_error() {
    use std::os::unix::ffi::OsStrExt;
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("in");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join(std::ffi::OsStr::from_bytes(b"bad-\xff.md")), "x").unwrap();
    let walked = walk(temp.path(), &dir);
    assert_eq!(walked.errors.len(), 1);
    assert!(walked.entries.is_empty());
}

#[cfg(unix)]
#[test]
fn input_path_rules() {
    let temp = tempfile::tempdir().unwrap();
    let root = temp.path().join("site");
    let elsewhere = temp.path().join("elsewhere");
    fs::create_dir_all(elsewhere.join("x")).unwrap();
    fs::write(elsewhere.join("nl.toml"), "").unwrap();
    for dir in ["content", "themes/plain", "linked-theme", "i18n"] {
        fs::create_dir_all(root.join(dir)).unwrap();
    }
    fs::write(root.join("beleid.toml"), "").unwrap();
    let link = |target: &Path, at: &str| std::os::unix::fs::symlink(target, root.join(at)).unwrap();
    link(&elsewhere, "static");
    link(&elsewhere.join("x"), "themes/linked");
    link(&elsewhere, "linked-theme/inner");
    link(&elsewhere.join("nl.toml"), "i18n/nl.toml");
    // (path, Some(true) = found, Some(false) = absent, None = error)
    let table: &[(&str, Option<bool>)] = &[
        ("beleid.toml", Some(true)),
        ("content", Some(true)),
        ("themes/plain", Some(true)),
        ("templates", Some(false)),
        ("themes/missing", Some(false)),
        ("static", None),
        ("static/x", None),
        ("themes/linked", None),
        ("linked-theme/inner", None),
        ("i18n/nl.toml", None),
        ("../elsewhere", None),
        ("content/../../elsewhere", None),
    ];
    for (rel, expected) in table {
        let got = input_path(&root, rel);
        match expected {
            Some(found) => assert_eq!(got.unwrap().is_some(), *found, "{rel}"),
            None => assert!(got.is_err(), "{rel}: {got:?}"),
        }
    }
    assert!(input_dir(&root, "beleid.toml").unwrap().is_none());
    assert!(input_dir(&root, "content").unwrap().is_some());
}
