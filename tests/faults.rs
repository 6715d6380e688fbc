//! Faults a build and the dev server must survive without losing anything:
//! a build killed at any moment, two builds at once, a full disk, symbolic
//! links out of the site, and, for `beleid serve`, its folders deleted and
//! created again and a full disk. (Thousands of saves in a row, under load:
//! `tests/serve_load.rs`.)
// Helpers here unwrap as the tests do: a failure panics at its line.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::fs;
#[cfg(unix)]
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::serve::Server;
use common::{Site, all_files, die_with_parent};

/// A fixture site with `pages` extra pages per language, each with
/// headings, a table and a highlighted code block, so a build takes long
/// enough to be interrupted in every phase.
fn big_site(pages: usize) -> Site {
    let site = Site::fixture("bilingual");
    for lang in ["nl", "en"] {
        for i in 0..pages {
            let mut body = format!("+++\ntitle = \"Pagina {i}\"\nweight = {i}\n+++\n\n");
            for s in 0..4 {
                body.push_str(&format!(
                    "## Deel {s}\n\nTekst over regels {i}.{s} en [de start](../_index.md).\n\n\
                     | a | b |\n|---|---|\n| {i} | {s} |\n\n```rust\nfn f{s}() -> u32 {{ {i} }}\n```\n\n"
                ));
            }
            site.write(&format!("content/{lang}/veel/p{i:04}.md"), &body);
        }
        site.write(&format!("content/{lang}/veel/_index.md"), "+++\ntitle = \"Veel\"\n+++\n");
    }
    site
}

/// Sets the text of the page whose change tells two generations apart.
fn set_generation(site: &Site, generation: &str) {
    site.write("content/nl/nieuws.md", &format!("+++\ntitle = \"Nieuws\"\n+++\n\nGeneratie {generation}.\n"));
}

/// What a complete build of the site writes now, built into a folder of
/// its own.
fn reference(site: &Site, name: &str) -> BTreeMap<String, Vec<u8>> {
    let out = site.root.parent().unwrap().join(name);
    site.build_ok(&["--output", out.to_str().unwrap()]);
    all_files(&out)
}

/// Leftover staging folders next to `public/`.
fn leftovers(site: &Site) -> Vec<String> {
    fs::read_dir(&site.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect()
}

fn build_command(site: &Site) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_beleid"));
    command
        .arg("build")
        .current_dir(&site.root)
        .env("BELEID_TODAY", common::TODAY)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    die_with_parent(&mut command);
    command
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_output_complete() {
    let site = big_site(50);
    set_generation(&site, "A");
    let a = reference(&site, "ref-a");
    set_generation(&site, "B");
    let b = reference(&site, "ref-b");
    assert_ne!(a, b);
    set_generation(&site, "A");
    let started = Instant::now();
    site.build_ok(&[]);
    let full = started.elapsed();
    assert_eq!(all_files(&site.root.join("public")), a);

    // Kill builds at moments spread over a whole build, from the start to
    // just past its end, switching the content every time.
    let steps = 20u32;
    let (mut killed, mut saw_leftovers, mut current) = (0, 0, 'A');
    for step in 0..steps {
        current = if current == 'A' { 'B' } else { 'A' };
        set_generation(&site, &current.to_string());
        let mut child = build_command(&site).spawn().unwrap();
        std::thread::sleep(full.mul_f64(1.1 * f64::from(step) / f64::from(steps)));
        if child.try_wait().unwrap().is_none() {
            killed += 1;
        }
        child.kill().unwrap_or(()); // SIGKILL
        child.wait().unwrap();
        let now = all_files(&site.root.join("public"));
        assert!(now == a || now == b, "after a kill at step {step}, public/ is neither complete build");
        if !leftovers(&site).is_empty() {
            saw_leftovers += 1;
        }
    }
    assert!(killed >= steps / 2, "only {killed} of {steps} builds were killed while running");
    assert!(saw_leftovers > 0, "no kill left a staging folder, so cleaning up was never tested");
    site.build_ok(&[]);
    assert!(leftovers(&site).is_empty(), "the next build cleans up: {:?}", leftovers(&site));
    assert_eq!(all_files(&site.root.join("public")), if current == 'A' { a } else { b });
}

#[test]
fn a_build_waits_for_no_one_and_says_another_holds_the_output() {
    let site = Site::fixture("bilingual");
    site.build_ok(&[]);
    let before = all_files(&site.root.join("public"));
    set_generation(&site, "nieuw");
    let lock = fs::File::create(site.root.join(".public.beleid-lock")).unwrap();
    lock.try_lock().expect("take the build lock as another build would");
    let run = site.beleid(&["build"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("another beleid build is writing"), "{}", run.stderr);
    assert!(run.stderr.contains("public"), "names the output: {}", run.stderr);
    assert_eq!(all_files(&site.root.join("public")), before, "the output is untouched");
    drop(lock);
    site.build_ok(&[]);
    assert!(site.output("nieuws/index.html").contains("Generatie nieuw"));
}

#[test]
fn builds_started_together_never_corrupt_the_output() {
    let site = big_site(60);
    let expected = reference(&site, "ref");
    let mut refused = 0;
    for _ in 0..6 {
        let children: Vec<_> = (0..3).map(|_| build_command(&site).spawn().unwrap()).collect();
        let mut succeeded = 0;
        for child in children {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            if out.status.success() {
                succeeded += 1;
            } else {
                assert!(stderr.contains("another beleid build is writing"), "an unexpected failure: {stderr}");
                refused += 1;
            }
        }
        assert!(succeeded >= 1, "one of the builds gets through");
        assert_eq!(all_files(&site.root.join("public")), expected);
        assert!(leftovers(&site).is_empty());
    }
    // Not a requirement of the behaviour, but without one refusal the
    // builds never overlapped and the test proved little.
    assert!(refused > 0, "no two builds overlapped in 6 rounds of 3");
}

/// Limits the size of files the child may write to `bytes`, the way a
/// nearly full disk does. With `ignore_signal`, writes past it fail with an
/// error (EFBIG) instead of killing the process.
#[cfg(target_os = "linux")]
fn limit_file_size(command: &mut Command, bytes: u64, ignore_signal: bool) {
    use std::os::unix::process::CommandExt;
    // SAFETY: setrlimit and signal are async-signal-safe and touch only
    // the child process.
    unsafe {
        command.pre_exec(move || {
            let limit = libc::rlimit { rlim_cur: bytes, rlim_max: bytes };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            if ignore_signal {
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            }
            Ok(())
        });
    }
}

#[test]
#[cfg(target_os = "linux")]
fn a_full_disk_fails_the_build_clearly_and_keeps_the_previous_output() {
    let site = big_site(5);
    site.build_ok(&[]);
    let before = all_files(&site.root.join("public"));
    set_generation(&site, "nieuw");
    let mut command = build_command(&site);
    limit_file_size(&mut command, 4096, true);
    let out = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    // The message names the file that could not be written, in public/.
    let root = fs::canonicalize(&site.root).unwrap();
    let line = stderr.lines().find(|l| l.starts_with("error: ")).unwrap_or_else(|| panic!("{stderr}"));
    assert!(line.contains(&format!("{}/public/", root.display())), "{line}");
    assert!(line.contains("too large"), "says why: {line}");
    assert_eq!(stderr.matches("error: ").count(), 1, "the first failed write stops the build: {stderr}");
    assert!(stderr.contains("public was left as it was"), "{stderr}");
    assert_eq!(all_files(&site.root.join("public")), before, "the previous output is intact");
    assert!(leftovers(&site).is_empty(), "the partial build is removed: {:?}", leftovers(&site));
}

#[test]
#[cfg(unix)]
fn symbolic_links_out_of_the_site_are_skipped_with_a_warning() {
    let site = Site::fixture("bilingual");
    let outside = site.root.parent().unwrap().join("outside");
    fs::create_dir_all(&outside).unwrap();
    fs::write(outside.join("secret.md"), "+++\ntitle = \"Geheim\"\n+++\nGEHEIM-1\n").unwrap();
    fs::write(outside.join("secret.txt"), "GEHEIM-2").unwrap();
    fs::write(outside.join("page.html"), "GEHEIM-3 {{ page.title }}").unwrap();
    let link = |target: &Path, at: &str| {
        let at = site.root.join(at);
        fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, at).unwrap();
    };
    link(&outside.join("secret.md"), "content/nl/geheim.md");
    link(&outside, "content/en/elsewhere");
    link(&outside.join("secret.txt"), "static/secret.txt");
    link(&outside, "static/map");
    link(&outside.join("page.html"), "templates/page.html");
    let run = site.build_ok(&[]);
    for shown in
        ["content/nl/geheim.md", "content/en/elsewhere", "static/secret.txt", "static/map", "templates/page.html"]
    {
        assert!(
            run.stderr.contains(&format!("{shown}: warning: skipped: symbolic links are not followed")),
            "{shown}: {}",
            run.stderr
        );
    }
    for (path, bytes) in all_files(&site.root.join("public")) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("GEHEIM"), "{path} publishes a file from outside the site");
    }
}

#[test]
fn files_that_differ_only_in_case_are_an_error() {
    let site = Site::fixture("bilingual");
    site.write("content/nl/FAQ.md", "+++\ntitle = \"FAQ\"\n+++\n");
    site.write("content/nl/faq.md", "+++\ntitle = \"faq\"\n+++\n");
    let run = site.beleid(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("differ only in upper/lower case"), "{}", run.stderr);
    assert!(run.stderr.contains("content/nl/FAQ.md") && run.stderr.contains("content/nl/faq.md"), "{}", run.stderr);
}

// The dev server.

const WAIT: Duration = Duration::from_secs(20);

fn shows(server: &Server, path: &str, text: &str) {
    let text = text.to_string();
    server.wait_for(path, WAIT, move |r| r.status == 200 && r.body.contains(&text));
}

#[test]
fn serve_survives_its_content_folder_deleted_and_created_again() {
    let site = Site::fixture("bilingual");
    set_generation(&site, "A");
    let server = Server::start(&site.root, &[]);
    shows(&server, "/nieuws/", "Generatie A");
    let saved = site.root.parent().unwrap().join("content-saved");
    common::copy_tree(&site.root.join("content"), &saved);
    fs::remove_dir_all(site.root.join("content")).unwrap();
    // The last good build stays up, with the problem shown.
    server.wait_for("/nieuws/", WAIT, |r| r.status == 200 && r.body.contains("content"));
    assert!(server.get("/nieuws/").body.contains("Generatie A"));
    common::copy_tree(&saved, &site.root.join("content"));
    set_generation(&site, "B");
    shows(&server, "/nieuws/", "Generatie B");
    shows(&server, "/en/guide/first-step/", "Coffee");
}

#[test]
fn serve_survives_its_site_folder_deleted_and_created_again() {
    let site = Site::fixture("bilingual");
    set_generation(&site, "A");
    let server = Server::start(&site.root, &[]);
    shows(&server, "/nieuws/", "Generatie A");
    let saved = site.root.parent().unwrap().join("site-saved");
    common::copy_tree(&site.root, &saved);
    fs::remove_dir_all(&site.root).unwrap();
    std::thread::sleep(Duration::from_millis(700));
    assert!(server.get("/nieuws/").body.contains("Generatie A"), "the last good build is still served");
    common::copy_tree(&saved, &site.root);
    set_generation(&site, "B");
    shows(&server, "/nieuws/", "Generatie B");
    // And the new folder is watched.
    set_generation(&site, "C");
    shows(&server, "/nieuws/", "Generatie C");
}

#[test]
#[cfg(target_os = "linux")]
fn serve_writes_no_files_so_a_full_disk_cannot_stop_it() {
    let site = Site::fixture("bilingual");
    set_generation(&site, "A");
    // A limit of zero bytes per file, with the default action of the signal:
    // a write to any file would kill the server.
    let server = Server::start_with(&site.root, &[], |c| limit_file_size(c, 0, false));
    shows(&server, "/nieuws/", "Generatie A");
    set_generation(&site, "B");
    shows(&server, "/nieuws/", "Generatie B");
    set_generation(&site, "C ![x](missing.png) [kapot](geen.md)");
    server.wait_for("/nieuws/", WAIT, |r| r.body.contains("geen.md"));
    set_generation(&site, "D");
    shows(&server, "/nieuws/", "Generatie D");
}
