//! Writing the site: into a staging folder next to the output, swapped in
//! only when the whole build has succeeded.
//!
//! A failed or killed build therefore never leaves a half-written or empty
//! output: the previous one stays until the new one is complete. A lock file
//! keeps two builds from writing the same output at once, and leftovers of a
//! killed build are put right by the next one. Which folders may be used as
//! an output at all is decided in [`guard`]; the swap itself is in [`swap`].

mod guard;
mod swap;

use std::fs::{self, File};
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::site::Sink;

pub use guard::check_output_dir;
pub use swap::remove_tree;

/// The marker file at the root of every output a build writes: a folder
/// holding it may be replaced by the next build without `--force`.
pub const MARKER: &str = ".beleid-output";

/// What the marker file says, to whoever opens it. The same every build.
const MARKER_TEXT: &str = "This folder was written by `beleid build`, which deletes and rewrites everything in it \
(except .git) on every build. Keep your own files elsewhere.\n";

/// Entries of the output a build keeps: a deployment checkout's `.git` is
/// carried over into every new output, and a build never writes there.
pub const KEPT: [&str; 1] = [".git"];

pub use crate::files::MAX_NAME_BYTES;

/// Writes files below a folder.
#[derive(Debug)]
pub struct DirSink {
    dir: PathBuf,
    shown: PathBuf,
}

impl DirSink {
    /// A sink writing below `dir`, which must exist.
    pub fn new(dir: impl Into<PathBuf>) -> DirSink {
        let dir = dir.into();
        DirSink { shown: dir.clone(), dir }
    }

    /// A sink writing below a staging folder `dir` whose files will end up
    /// below `shown`: messages name the files where the user will look.
    pub fn staged(dir: impl Into<PathBuf>, shown: impl Into<PathBuf>) -> DirSink {
        DirSink { dir: dir.into(), shown: shown.into() }
    }
}

impl Sink for DirSink {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        // Paths come from the build itself, but a file must never land
        // outside the output whatever a slug or static file name says.
        let rel = Path::new(path);
        if path.is_empty() || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(Error::Usage(format!("refusing to write outside the output folder: {path:?}")));
        }
        if let Some(first) = rel.components().next().map(|c| c.as_os_str().to_string_lossy()) {
            if KEPT.contains(&&*first) {
                return Err(Error::Usage(format!(
                    "refusing to write {path} into {}: the output's {first} is kept from the previous output \
                     (a deployment checkout) and no site file may go there; remove {first} from static/",
                    self.shown.display()
                )));
            }
            if first == MARKER {
                return Err(Error::Usage(format!(
                    "refusing to write {path} into {}: that name marks an output as written by beleid; \
                     rename the file in static/",
                    self.shown.display()
                )));
            }
        }
        if let Some(long) = path.split('/').find(|part| part.len() > MAX_NAME_BYTES) {
            return Err(Error::Usage(format!(
                "cannot write {}: the name {long:?} is {} bytes long, more than the {MAX_NAME_BYTES} a file system allows",
                self.shown.join(rel).display(),
                long.len()
            )));
        }
        let target = self.dir.join(rel);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| Error::io(self.shown.join(rel).parent().unwrap_or(&self.shown), e))?;
        }
        fs::write(&target, bytes).map_err(|e| Error::io(self.shown.join(rel), e))
    }
}

/// Builds into a staging folder with `build` and, if it succeeds, swaps the
/// result in place of `output` (already checked by [`check_output_dir`],
/// so nothing is created next to a refused output).
pub fn write_atomically<T>(output: &Path, build: impl FnOnce(&dyn Sink) -> Result<T>) -> Result<T> {
    let parent = output.parent().ok_or_else(|| guard::refuse(output, "it has no parent folder"))?;
    fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let names = swap::siblings(output, parent);
    let lock = take_lock(&names.lock, output)?;
    let result = swap::recover(output, &names).and_then(|()| build_and_swap(output, &names, build));
    release_lock(lock, &names.lock);
    result
}

/// Builds into the staging folder and swaps it in.
fn build_and_swap<T>(output: &Path, names: &swap::Siblings, build: impl FnOnce(&dyn Sink) -> Result<T>) -> Result<T> {
    fs::create_dir(&names.staging).map_err(|e| Error::io(&names.staging, e))?;
    let marker = names.staging.join(MARKER);
    let result = fs::write(&marker, MARKER_TEXT)
        .map_err(|e| Error::io(output.join(MARKER), e))
        .and_then(|()| build(&DirSink::staged(&names.staging, output)))
        .and_then(|value| {
            swap::swap_in(output, names)?;
            Ok(value)
        });
    // On success this carries the old output's .git over and removes the
    // rest of it (now at the staging path); on failure, the partial build.
    // What cannot be done now, the next build's recovery does.
    let _ = swap::retire(&names.staging, output);
    result
}

/// Takes the build lock of an output, failing at once if another build
/// holds it. The lock file is removed when the build ends, so a lock
/// taken on a file that was meanwhile removed or replaced is retried.
fn take_lock(path: &Path, output: &Path) -> Result<File> {
    for _ in 0..100 {
        let file = File::create(path).map_err(|e| Error::io(path, e))?;
        if let Err(e) = file.try_lock() {
            return Err(match e {
                fs::TryLockError::WouldBlock => Error::Usage(format!(
                    "another beleid build is writing {} right now; wait for it to finish and try again",
                    output.display()
                )),
                fs::TryLockError::Error(e) => Error::io(path, e),
            });
        }
        if is_same_file(&file, path) {
            return Ok(file);
        }
    }
    Err(Error::Usage(format!("could not take the build lock {}: it kept being replaced", path.display())))
}

/// True if `path` still names the open `file`.
#[cfg(unix)]
fn is_same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_same_file(_: &File, _: &Path) -> bool {
    true
}

/// Removes the lock file while still holding the lock (a build waiting on
/// the same file then sees it was removed and takes a new one), then
/// releases it. Where that check cannot be made, the file stays.
fn release_lock(lock: File, path: &Path) {
    if cfg!(unix) {
        let _ = fs::remove_file(path);
    }
    drop(lock);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sink_never_writes_outside_into_kept_entries_or_over_the_marker() {
        let temp = tempfile::tempdir().unwrap();
        let sink = DirSink::new(temp.path());
        sink.put("a/index.html", b"ok".to_vec()).unwrap();
        for path in ["../x", "/etc/x", ".git/config", ".git", ".beleid-output", ""] {
            let e = sink.put(path, Vec::new()).unwrap_err();
            assert!(matches!(e, Error::Usage(_)), "{path}: {e}");
        }
        let long = format!("a/{}.html", "b".repeat(300));
        let e = sink.put(&long, Vec::new()).unwrap_err().to_string();
        assert!(e.contains("305 bytes long"), "{e}");
        let written: Vec<_> = fs::read_dir(temp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(written, ["a"]);
    }
}
