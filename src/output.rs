//! Writing the site: into a staging folder next to the output, swapped in
//! only when the whole build has succeeded.
//!
//! A failed or killed build therefore never leaves a half-written or empty
//! output: the previous one stays until the new one is complete. A lock file
//! keeps two builds from writing the same output at once, and leftovers of a
//! killed build are removed by the next one.

use std::fs::{self, File};
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::site::Sink;

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
        let target = self.dir.join(rel);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| Error::io(self.shown.join(rel).parent().unwrap_or(&self.shown), e))?;
        }
        fs::write(&target, bytes).map_err(|e| Error::io(self.shown.join(rel), e))
    }
}

/// Resolves where the output goes and refuses places a build must not
/// replace: the site root or any folder above it, and the site's own
/// `content/`, `themes/`, `static/`, `templates/` and `i18n/` (or anything
/// inside them).
pub fn check_output_dir(root: &Path, output: &Path) -> Result<PathBuf> {
    let root = fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
    let output = absolute(&root, output);
    let output = resolve(&output)?;
    if output.parent().is_none() {
        return Err(refuse(&output, "it is the file system root"));
    }
    if root.starts_with(&output) {
        return Err(refuse(&output, "it is the site root or a folder containing it"));
    }
    for source in ["content", "themes", "static", "templates", "i18n"] {
        if output.starts_with(root.join(source)) {
            return Err(refuse(&output, &format!("it is inside the site's {source}/ folder")));
        }
    }
    if output.join(crate::config::CONFIG_FILE).is_file() || output.join("content").is_dir() {
        return Err(refuse(&output, "it holds a site's sources (beleid.toml or content/)"));
    }
    Ok(output)
}

/// Resolves symbolic links and `..` in `path`, which need not exist yet:
/// the deepest folder that exists is resolved and the rest (created by the
/// build) appended. `..` after it is refused, since it cannot be resolved.
fn resolve(path: &Path) -> Result<PathBuf> {
    let mut existing = path;
    let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
    loop {
        match fs::canonicalize(existing) {
            Ok(resolved) => {
                return Ok(rest.iter().rev().fold(resolved, |p, name| p.join(name)));
            }
            Err(e) => {
                let (Some(parent), Some(name)) = (existing.parent(), existing.file_name()) else {
                    return Err(match existing.file_name() {
                        None if existing.ends_with("..") => {
                            refuse(path, "it has `..` in a part that does not exist yet")
                        }
                        _ => Error::io(existing, e),
                    });
                };
                rest.push(name);
                existing = parent;
            }
        }
    }
}

fn absolute(root: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() { path.to_path_buf() } else { root.join(path) }
}

fn refuse(output: &Path, why: &str) -> Error {
    Error::Usage(format!(
        "refusing to use {} as the output folder: {why}, and a build replaces its output completely; choose a separate folder such as public/",
        output.display()
    ))
}

/// Names of the helper paths that live next to the output folder.
struct Siblings {
    lock: PathBuf,
    staging: PathBuf,
    prefix: String,
}

fn siblings(output: &Path) -> Siblings {
    let name = output.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let parent = output.parent().unwrap_or(Path::new("."));
    let prefix = format!(".{name}.beleid-");
    Siblings {
        lock: parent.join(format!("{prefix}lock")),
        staging: parent.join(format!("{prefix}staging-{}", std::process::id())),
        prefix,
    }
}

/// Builds into a staging folder with `build` and, if it succeeds, swaps the
/// result in place of `output` (already checked by [`check_output_dir`]).
pub fn write_atomically<T>(output: &Path, build: impl FnOnce(&dyn Sink) -> Result<T>) -> Result<T> {
    let parent = output.parent().ok_or_else(|| refuse(output, "it has no parent folder"))?;
    fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let names = siblings(output);
    let lock = File::create(&names.lock).map_err(|e| Error::io(&names.lock, e))?;
    if let Err(e) = lock.try_lock() {
        return Err(match e {
            fs::TryLockError::WouldBlock => Error::Usage(format!(
                "another beleid build is writing {} right now; wait for it to finish and try again",
                output.display()
            )),
            fs::TryLockError::Error(e) => Error::io(&names.lock, e),
        });
    }
    remove_leftovers(parent, &names.prefix);
    fs::create_dir(&names.staging).map_err(|e| Error::io(&names.staging, e))?;
    let result = build(&DirSink::staged(&names.staging, output)).and_then(|value| {
        swap_in(&names.staging, output)?;
        Ok(value)
    });
    // On success this removes the previous output (now at the staging
    // path); on failure, the partial build.
    let _ = remove_tree(&names.staging);
    drop(lock);
    result
}

/// Removes a folder and everything in it, like `fs::remove_dir_all`, with
/// the entries of each folder removed in parallel: the previous output of
/// a large site is thousands of files, and removing them one after another
/// was the last, single-threaded step of a build. Symbolic links are
/// removed, never followed.
pub fn remove_tree(path: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<fs::DirEntry> = fs::read_dir(path)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| {
        let path = entry.path();
        if entry.file_type()?.is_dir() { remove_tree(&path) } else { fs::remove_file(&path) }
    })?;
    fs::remove_dir(path)
}

/// Removes staging folders of builds that were killed. Only called while
/// holding the lock, so no running build's folder is touched.
fn remove_leftovers(parent: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(prefix) && name.contains("staging-") {
            let _ = remove_tree(&entry.path());
        }
    }
}

/// Puts `staging` at `output`; the old output ends up at `staging`.
fn swap_in(staging: &Path, output: &Path) -> Result<()> {
    match fs::symlink_metadata(output) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return fs::rename(staging, output).map_err(|e| Error::io(output, e));
        }
        Err(e) => return Err(Error::io(output, e)),
        Ok(meta) if !meta.is_dir() => {
            return Err(Error::Usage(format!(
                "{} exists and is not a folder; remove it or choose another output",
                output.display()
            )));
        }
        Ok(_) => {}
    }
    exchange(staging, output).map_err(|e| Error::io(output, e))
}

/// Atomically exchanges two folders, so the output always exists, complete.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both arguments are valid NUL-terminated paths that outlive the call.
    let rc = unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if rc == 0 {
        return Ok(());
    }
    let err = io::Error::last_os_error();
    // Some file systems do not support the exchange; fall back.
    if matches!(err.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) {
        return exchange_by_renames(a_path(&a), a_path(&b));
    }
    Err(err)
}

#[cfg(target_os = "linux")]
fn a_path(c: &std::ffi::CString) -> &Path {
    use std::os::unix::ffi::OsStrExt;
    Path::new(std::ffi::OsStr::from_bytes(c.as_bytes()))
}

#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    exchange_by_renames(a, b)
}

/// Two renames: the output is missing for an instant between them.
fn exchange_by_renames(staging: &Path, output: &Path) -> io::Result<()> {
    let aside = staging.with_extension("old");
    fs::rename(output, &aside)?;
    if let Err(e) = fs::rename(staging, output) {
        let _ = fs::rename(&aside, output);
        return Err(e);
    }
    fs::rename(&aside, staging)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
