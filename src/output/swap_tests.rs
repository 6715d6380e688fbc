//! Unit tests of the swap and of recovery from a killed swap, each
//! starting from the state a kill leaves on disk.

use super::*;

/// A temporary folder for an output `public/` and its helper paths.
struct Scene {
    _temp: tempfile::TempDir,
    output: PathBuf,
    names: Siblings,
}

fn scene() -> Scene {
    let temp = tempfile::tempdir().unwrap();
    let output = temp.path().join("public");
    let names = siblings(&output, temp.path());
    Scene { _temp: temp, output, names }
}

/// Writes a marked output holding `page` and, with `git`, a `.git` folder.
fn write_output(dir: &Path, page: &str, git: bool) {
    fs::create_dir_all(dir).unwrap();
    fs::write(dir.join(super::super::MARKER), "").unwrap();
    fs::write(dir.join("index.html"), page).unwrap();
    if git {
        fs::create_dir_all(dir.join(".git/refs")).unwrap();
        fs::write(dir.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    }
}

fn page(dir: &Path) -> String {
    fs::read_to_string(dir.join("index.html")).unwrap()
}

fn git_head(dir: &Path) -> String {
    fs::read_to_string(dir.join(".git/HEAD")).unwrap()
}

/// Names of what is next to the output, apart from it.
fn helpers(s: &Scene) -> Vec<String> {
    let parent = s.output.parent().unwrap();
    let mut names: Vec<String> = fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "public")
        .collect();
    names.sort();
    names
}

#[test]
fn killed_after_the_old_output_was_moved_aside_puts_it_back() {
    let s = scene();
    write_output(&s.names.aside, "old", true);
    write_output(&s.names.staging, "new, complete", false);
    recover(&s.output, &s.names).unwrap();
    assert_eq!(page(&s.output), "old");
    assert_eq!(git_head(&s.output), "ref: refs/heads/gh-pages\n");
    assert!(helpers(&s).is_empty(), "{:?}", helpers(&s));
}

#[test]
fn killed_after_the_new_output_was_moved_in_keeps_it_and_carries_git_over() {
    let s = scene();
    write_output(&s.names.aside, "old", true);
    write_output(&s.output, "new", false);
    recover(&s.output, &s.names).unwrap();
    assert_eq!(page(&s.output), "new");
    assert_eq!(git_head(&s.output), "ref: refs/heads/gh-pages\n");
    assert!(helpers(&s).is_empty(), "{:?}", helpers(&s));
}

#[test]
fn killed_before_git_was_carried_over_carries_it_from_a_leftover() {
    let s = scene();
    // The old output at a staging path, as after the exchange.
    let leftover = s.output.with_file_name(format!("{}staging-1", s.names.prefix));
    write_output(&leftover, "old", true);
    write_output(&s.output, "new", false);
    recover(&s.output, &s.names).unwrap();
    assert_eq!(page(&s.output), "new");
    assert_eq!(git_head(&s.output), "ref: refs/heads/gh-pages\n");
    assert!(helpers(&s).is_empty(), "{:?}", helpers(&s));
}

#[test]
fn a_git_that_cannot_be_carried_over_is_never_deleted() {
    let s = scene();
    write_output(&s.names.aside, "old", true);
    write_output(&s.output, "new", true);
    fs::write(s.output.join(".git/HEAD"), "other").unwrap();
    let e = recover(&s.output, &s.names).unwrap_err().to_string();
    assert!(e.contains(".git"), "{e}");
    assert_eq!(git_head(&s.names.aside), "ref: refs/heads/gh-pages\n");
    assert_eq!(git_head(&s.output), "other");
}

#[test]
fn a_swap_by_renames_carries_git_over_and_leaves_nothing() {
    let s = scene();
    write_output(&s.output, "old", true);
    write_output(&s.names.staging, "new", false);
    exchange_by_renames(&s.names, &s.output).unwrap();
    retire(&s.names.staging, &s.output).unwrap();
    assert_eq!(page(&s.output), "new");
    assert_eq!(git_head(&s.output), "ref: refs/heads/gh-pages\n");
    assert!(helpers(&s).is_empty(), "{:?}", helpers(&s));
    // And again, now that the aside name was used once.
    write_output(&s.names.staging, "newer", false);
    swap_in(&s.output, &s.names).unwrap();
    retire(&s.names.staging, &s.output).unwrap();
    assert_eq!(page(&s.output), "newer");
    assert_eq!(git_head(&s.output), "ref: refs/heads/gh-pages\n");
}

#[test]
fn remove_tree_removes_everything_below_and_follows_no_link() {
    let temp = tempfile::tempdir().unwrap();
    let tree = temp.path().join("old-output");
    let outside = temp.path().join("outside");
    fs::create_dir_all(&outside).unwrap();
    fs::write(outside.join("keep.txt"), "stays").unwrap();
    for i in 0..40 {
        let dir = tree.join(format!("section-{i}/page-{i}"));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("index.html"), format!("page {i}")).unwrap();
    }
    fs::create_dir_all(tree.join("empty/deeper")).unwrap();
    fs::write(tree.join("robots.txt"), "").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&outside, tree.join("link-to-folder")).unwrap();
        std::os::unix::fs::symlink(outside.join("keep.txt"), tree.join("section-1/link-to-file")).unwrap();
    }
    remove_tree(&tree).unwrap();
    assert!(!tree.exists());
    assert_eq!(fs::read_to_string(outside.join("keep.txt")).unwrap(), "stays");
    assert_eq!(remove_tree(&tree).unwrap_err().kind(), io::ErrorKind::NotFound);
}
