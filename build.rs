//! Embeds the default theme and the sample site in the binary, so `beleid`
//! works from any folder and `beleid init` needs nothing else, and records
//! the commit it is built from for `beleid --version` ("unknown" without
//! git: the build never needs it).

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest);
    let mut out = String::new();
    embed(&mut out, "THEME", root, &[root.join("themes/default")], &root.join("themes/default"));
    let sample_roots = [root.join("beleid.toml"), root.join("content"), root.join("static")];
    embed(&mut out, "SAMPLE", root, &sample_roots, root);
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded.rs");
    std::fs::write(dest, out).expect("write embedded.rs");
    println!("cargo:rustc-env=BELEID_COMMIT={}", commit(root));
}

/// The short hash of the checked-out commit, or "unknown"; asks cargo to
/// run this again when HEAD moves.
fn commit(root: &Path) -> String {
    let git = |args: &[&str]| -> Option<String> {
        let out = std::process::Command::new("git").args(args).current_dir(root).output().ok()?;
        let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
        (out.status.success() && !text.is_empty()).then_some(text)
    };
    for (dir_arg, files) in [("--git-dir", &["HEAD"][..]), ("--git-common-dir", &["packed-refs"][..])] {
        let Some(dir) = git(&["rev-parse", dir_arg]) else { continue };
        for f in files {
            let path = root.join(&dir).join(f);
            if path.exists() {
                println!("cargo:rerun-if-changed={}", path.display());
            }
        }
    }
    if let Some(reference) = git(&["symbolic-ref", "-q", "HEAD"])
        && let Some(common) = git(&["rev-parse", "--git-common-dir"])
    {
        let path = root.join(common).join(reference);
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    let hash = git(&["rev-parse", "--short", "HEAD"]).unwrap_or_default();
    if !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_hexdigit()) { hash } else { "unknown".to_string() }
}

/// Writes `pub(super) static NAME: &[(&str, &[u8])]` listing every file under
/// `roots`, named relative to `base`, sorted, skipping hidden files.
fn embed(out: &mut String, name: &str, crate_root: &Path, roots: &[std::path::PathBuf], base: &Path) {
    let mut files = Vec::new();
    for r in roots {
        println!("cargo:rerun-if-changed={}", r.display());
        collect(r, &mut files);
    }
    files.sort();
    let _ = crate_root;
    writeln!(out, "/// Files embedded from the source tree: (path, bytes).").expect("writing to a String cannot fail");
    writeln!(out, "pub(super) static {name}: &[(&str, &[u8])] = &[").expect("writing to a String cannot fail");
    for f in files {
        let rel = f.strip_prefix(base).expect("file under base");
        let rel = rel.to_string_lossy().replace('\\', "/");
        writeln!(out, "    ({rel:?}, include_bytes!({:?})),", f.display().to_string())
            .expect("writing to a String cannot fail");
    }
    writeln!(out, "];").expect("writing to a String cannot fail");
}

fn collect(path: &Path, files: &mut Vec<std::path::PathBuf>) {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return;
    };
    let hidden = path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
    if hidden {
        return;
    }
    if meta.is_file() {
        files.push(path.to_path_buf());
    } else if meta.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        for e in entries.flatten() {
            collect(&e.path(), files);
        }
    }
}
