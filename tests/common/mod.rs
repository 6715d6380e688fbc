//! Helpers shared by the integration tests: fixture sites copied into
//! temporary folders, the `beleid` binary run on them, and readers for what
//! it wrote.
#![allow(dead_code)]
// Helpers unwrap as the tests do: a failure panics at its line.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub(crate) mod serve;

/// The fixed "today" every test runs with, so review dates never expire.
pub(crate) const TODAY: &str = "2026-11-21";

/// A site in a temporary folder.
pub(crate) struct Site {
    _dir: tempfile::TempDir,
    /// The site root.
    pub(crate) root: PathBuf,
}

impl Site {
    /// Copies `tests/fixtures/<name>` into a new temporary folder.
    pub(crate) fn fixture(name: &str) -> Site {
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
        Site::copy_of(&source)
    }

    /// Copies any site folder (its beleid.toml, content/, static/,
    /// templates/, themes/, i18n/) into a new temporary folder.
    pub(crate) fn copy_of(source: &Path) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        fs::create_dir_all(&root).unwrap();
        for entry in ["beleid.toml", "content", "static", "templates", "themes", "i18n"] {
            let from = source.join(entry);
            if from.exists() {
                copy_tree(&from, &root.join(entry));
            }
        }
        Site { _dir: dir, root }
    }

    /// The bundled sample site at the repository root.
    pub(crate) fn sample() -> Site {
        Site::copy_of(Path::new(env!("CARGO_MANIFEST_DIR")))
    }

    /// Writes a file below the site root, creating folders.
    pub(crate) fn write(&self, rel: &str, text: &str) {
        let path = self.root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Reads a file below the site root.
    pub(crate) fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Runs `beleid` with the site root as working directory.
    pub(crate) fn beleid(&self, args: &[&str]) -> Run {
        run_in(&self.root, args)
    }

    /// Builds into `public/` and panics with the output if it fails.
    pub(crate) fn build_ok(&self, args: &[&str]) -> Run {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        let run = self.beleid(&all);
        assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
        run
    }

    /// A file the build wrote below `public/`.
    pub(crate) fn output(&self, rel: &str) -> String {
        self.read(&format!("public/{rel}"))
    }
}

/// What a run of the binary did.
pub(crate) struct Run {
    /// The exit code.
    pub(crate) code: i32,
    /// Standard output.
    pub(crate) stdout: String,
    /// Standard error.
    pub(crate) stderr: String,
}

/// Runs `beleid` in `dir`.
pub(crate) fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_on(dir, args, TODAY)
}

/// Runs `beleid` in `dir` as if today were `today`.
pub(crate) fn run_on(dir: &Path, args: &[&str], today: &str) -> Run {
    let output: Output = Command::new(env!("CARGO_BIN_EXE_beleid"))
        .args(args)
        .current_dir(dir)
        .env("BELEID_TODAY", today)
        .output()
        .expect("run beleid");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Makes a child process end when the thread that started it ends, even if
/// the test run is killed before it can clean up, so no server outlives its
/// test. (Linux ties this to the spawning thread: start and keep a child
/// within one test.)
pub(crate) fn die_with_parent(command: &mut Command) {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: prctl is async-signal-safe and touches only this process.
        unsafe {
            command.pre_exec(|| {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = command;
}

/// Copies a folder tree.
pub(crate) fn copy_tree(from: &Path, to: &Path) {
    if from.is_file() {
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(from, to).unwrap();
        return;
    }
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file below `dir`, by relative path with `/`.
pub(crate) fn all_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The values of every `href="..."` and `src="..."` attribute in `html`,
/// with `&amp;` decoded.
pub(crate) fn links_in(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for attr in [" href=\"", " src=\""] {
        for part in html.split(attr).skip(1) {
            if let Some(value) = part.split('"').next() {
                links.push(value.replace("&amp;", "&"));
            }
        }
    }
    links
}

/// The `id="..."` values in `html`.
pub(crate) fn ids_in(html: &str) -> Vec<String> {
    html.split(" id=\"").skip(1).filter_map(|p| p.split('"').next()).map(str::to_string).collect()
}
