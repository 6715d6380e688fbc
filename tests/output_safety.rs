//! A build deletes and rewrites its output folder, so it must never be
//! pointed at a folder that holds anything else: an unmarked folder with
//! files is refused, relative paths mean what they mean on every command
//! line, a deployment checkout's `.git` survives, and a swap killed
//! half-way is put right by the next build.

// The killed-swap test needs Linux (strace); elsewhere its imports are unused.
#![cfg_attr(not(target_os = "linux"), allow(unused_imports))]

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{Site, all_files, run_in};

/// Every path below `dir` whose name mentions beleid's helper files.
fn helper_files(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("beleid-") && n != ".beleid-output")
        .collect()
}

#[test]
fn an_unmarked_folder_with_files_is_refused_kept_and_no_lock_is_left() {
    let site = Site::fixture("bilingual");
    let top = site.root.parent().unwrap();
    let thesis = top.join("thesis");
    fs::create_dir_all(thesis.join("chapters")).unwrap();
    fs::write(thesis.join("chapters/one.tex"), "years of work").unwrap();
    let run = site.beleid(&["build", "--output", "../thesis"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let shown = fs::canonicalize(&thesis).unwrap();
    assert!(run.stderr.contains(&format!("refusing to replace {}", shown.display())), "{}", run.stderr);
    assert!(run.stderr.contains("--force") && run.stderr.contains("empty folder"), "says how: {}", run.stderr);
    assert_eq!(fs::read_to_string(thesis.join("chapters/one.tex")).unwrap(), "years of work");
    assert!(helper_files(top).is_empty(), "left behind: {:?}", helper_files(top));
}

#[test]
fn force_replaces_an_unmarked_folder_but_never_the_site() {
    let site = Site::fixture("bilingual");
    let old = site.root.parent().unwrap().join("old-site");
    fs::create_dir_all(&old).unwrap();
    fs::write(old.join("index.html"), "by hand").unwrap();
    site.build_ok(&["--output", "../old-site", "--force"]);
    assert!(fs::read_to_string(old.join("index.html")).unwrap().contains("<html"));
    // Marked now: the next build needs no --force.
    assert!(old.join(".beleid-output").is_file());
    site.build_ok(&["--output", "../old-site"]);
    for output in [".", "content", "static", ".."] {
        let run = site.beleid(&["build", "--output", output, "--force"]);
        assert_eq!(run.code, 2, "{output}: {}", run.stderr);
        assert!(run.stderr.contains("refusing to use"), "{output}: {}", run.stderr);
    }
    assert!(site.root.join("content/nl/beleid.md").is_file());
}

#[test]
fn an_empty_or_missing_folder_needs_no_mark_and_every_output_gets_one() {
    let site = Site::fixture("bilingual");
    fs::create_dir_all(site.root.join("empty")).unwrap();
    site.build_ok(&["--output", "empty"]);
    site.build_ok(&[]);
    let marker = site.output(".beleid-output");
    assert!(marker.contains("beleid build"), "{marker}");
    assert_eq!(fs::read_to_string(site.root.join("empty/.beleid-output")).unwrap(), marker, "the same every build");
}

#[test]
fn an_output_from_before_the_mark_is_refused_until_forced_once() {
    let site = Site::fixture("bilingual");
    site.build_ok(&[]);
    // What a beleid from before this change left: an output without a mark.
    fs::remove_file(site.root.join("public/.beleid-output")).unwrap();
    let run = site.beleid(&["build"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--force once"), "{}", run.stderr);
    assert!(site.root.join("public/index.html").is_file(), "left as it was");
    site.build_ok(&["--force"]);
    site.build_ok(&[]);
}

#[test]
fn a_relative_root_is_taken_from_the_current_folder() {
    let site = Site::fixture("bilingual");
    let top = site.root.parent().unwrap();
    fs::create_dir_all(top.join("public")).unwrap();
    fs::write(top.join("public/important.txt"), "not the site's").unwrap();
    let run = run_in(&site.root.join("content"), &["build", "--root", ".."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.root.join("public/index.html").is_file());
    assert_eq!(fs::read_to_string(top.join("public/important.txt")).unwrap(), "not the site's");
    assert!(!top.join("public/index.html").exists());

    let site_name = site.root.file_name().unwrap().to_str().unwrap();
    fs::remove_dir_all(site.root.join("public")).unwrap();
    let run = run_in(top, &["build", "--root", site_name]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.root.join("public/index.html").is_file());
    assert!(!site.root.join(site_name).exists(), "not <site>/<site>/public");
}

#[test]
fn a_relative_output_is_taken_from_the_current_folder() {
    let site = Site::fixture("bilingual");
    let run = run_in(&site.root.join("content"), &["build", "--root", "..", "--output", "../out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.root.join("out/index.html").is_file());
    assert!(!site.root.parent().unwrap().join("out").exists());
}

#[test]
fn check_takes_a_relative_root_from_the_current_folder_and_help_says_so() {
    let site = Site::fixture("bilingual");
    let run = run_in(&site.root.join("content/nl"), &["check", "--root", "../.."]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("check: 0 errors"), "{}", run.stdout);
    for command in ["build", "check", "serve"] {
        let help = run_in(&site.root, &[command, "-h"]).stdout;
        let root_line = help.lines().find(|l| l.trim_start().starts_with("--root")).unwrap_or_default();
        assert!(root_line.contains("relative path starts from the current folder"), "{command}: {help}");
    }
    let help = run_in(&site.root, &["build", "-h"]).stdout;
    let output_line = help.lines().find(|l| l.trim_start().starts_with("--output")).unwrap_or_default();
    assert!(output_line.contains("relative path starts from the current folder"), "{help}");
}

#[test]
fn a_deployment_checkouts_git_survives_every_build() {
    let site = Site::fixture("bilingual");
    site.build_ok(&[]);
    let git = site.root.join("public/.git");
    fs::create_dir_all(git.join("refs/heads")).unwrap();
    fs::write(git.join("HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    fs::write(git.join("refs/heads/gh-pages"), "0123abcd\n").unwrap();
    let before = all_files(&git);
    site.write("content/nl/nieuws.md", "+++\ntitle = \"Nieuws\"\n+++\n\nNieuw.\n");
    site.build_ok(&[]);
    site.build_ok(&[]);
    assert!(site.output("nieuws/index.html").contains("Nieuw."));
    assert_eq!(all_files(&git), before);
    assert!(helper_files(&site.root).is_empty(), "{:?}", helper_files(&site.root));
}

#[test]
fn a_folder_holding_only_a_git_checkout_may_become_the_output() {
    let site = Site::fixture("bilingual");
    let deploy = site.root.parent().unwrap().join("deploy");
    fs::create_dir_all(&deploy).unwrap();
    // `git worktree add` makes .git a file.
    fs::write(deploy.join(".git"), "gitdir: /elsewhere/.git/worktrees/deploy\n").unwrap();
    site.build_ok(&["--output", "../deploy"]);
    assert_eq!(fs::read_to_string(deploy.join(".git")).unwrap(), "gitdir: /elsewhere/.git/worktrees/deploy\n");
    assert!(deploy.join("index.html").is_file());
}

#[test]
fn cname_and_well_known_in_static_are_published() {
    let site = Site::fixture("bilingual");
    site.write("static/CNAME", "beleid.example.org\n");
    site.write("static/.well-known/security.txt", "Contact: mailto:security@example.org\n");
    site.build_ok(&[]);
    assert_eq!(site.output("CNAME"), "beleid.example.org\n");
    assert_eq!(site.output(".well-known/security.txt"), "Contact: mailto:security@example.org\n");
}

#[test]
fn a_slug_too_long_for_a_file_name_is_an_error_at_the_page() {
    let site = Site::fixture("bilingual");
    let slug = "a".repeat(300);
    site.write("content/nl/lang.md", &format!("+++\ntitle = \"Lang\"\nslug = \"{slug}\"\n+++\n\nTekst.\n"));
    for command in ["build", "check"] {
        let run = site.beleid(&[command]);
        assert_eq!(run.code, 1, "{command}: {}{}", run.stdout, run.stderr);
        let all = format!("{}{}", run.stdout, run.stderr);
        assert!(all.contains("content/nl/lang.md:3:1: error: the URL slug is 300 bytes long"), "{command}: {all}");
        assert!(!all.contains("File name too long"), "{command}: {all}");
    }
}

/// A build that is killed between the renames of a swap on a file system
/// without atomic exchange (made so by strace failing `renameat2`).
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
fn strace_build(site: &Site, kill_at_rename: Option<u32>) -> std::process::ExitStatus {
    let mut command = Command::new("strace");
    command.args(["-f", "-o", "/dev/null", "-e", "inject=renameat2:error=EINVAL"]);
    if let Some(n) = kill_at_rename {
        command.args(["-e", &format!("inject=rename:signal=SIGKILL:when={n}")]);
    }
    let status = command
        .arg(env!("CARGO_BIN_EXE_beleid"))
        .arg("build")
        .current_dir(&site.root)
        .env("BELEID_TODAY", common::TODAY)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    // Not skipped when strace is missing: CI must install it.
    status.unwrap_or_else(|e| panic!("this test needs strace (apt-get install strace): {e}"))
}

#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
#[test]
fn a_swap_killed_between_renames_is_put_right_by_the_next_build() {
    let site = Site::fixture("bilingual");
    site.build_ok(&[]);
    let git = site.root.join("public/.git");
    fs::create_dir_all(&git).unwrap();
    fs::write(git.join("HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    site.write("content/nl/nieuws.md", "+++\ntitle = \"Nieuws\"\n+++\n\nGeneratie B.\n");
    // Killed right after the old output was renamed aside.
    let killed = strace_build(&site, Some(2));
    assert!(!killed.success(), "the build was killed");
    for round in ["C", "D"] {
        site.write("content/nl/nieuws.md", &format!("+++\ntitle = \"Nieuws\"\n+++\n\nGeneratie {round}.\n"));
        let status = strace_build(&site, None);
        assert!(status.success(), "round {round}: the next builds work");
        assert!(site.output("nieuws/index.html").contains(&format!("Generatie {round}.")));
        let left: Vec<_> = fs::read_dir(&site.root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".public"))
            .collect();
        assert!(left.is_empty(), "round {round}: {left:?}");
        assert_eq!(site.read("public/.git/HEAD"), "ref: refs/heads/gh-pages\n");
    }
}
