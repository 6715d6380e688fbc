//! Putting a finished build in place of the previous output, and finishing
//! the job when a build was killed while doing so.
//!
//! Where the file system can exchange two folders atomically, the output
//! always exists. Elsewhere the old output is first renamed aside, and a
//! kill between the renames leaves no output at all; [`recover`] is run by
//! every build before it starts, so the next build puts things right.
//! A `.git` in the output (a deployment checkout) is carried over into
//! each new output, and never deleted with the old one.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::KEPT;
use crate::error::{Error, Result};

/// Names of the helper paths that live next to the output folder.
#[derive(Debug)]
pub(super) struct Siblings {
    /// The lock file.
    pub(crate) lock: PathBuf,
    /// This build's staging folder.
    pub(crate) staging: PathBuf,
    /// Where the old output waits while the exchange is done by renames.
    pub(crate) aside: PathBuf,
    /// What every helper path's name starts with.
    pub(crate) prefix: String,
}

/// The helper paths of `output`, which must have a parent.
pub(super) fn siblings(output: &Path, parent: &Path) -> Siblings {
    let name = output.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let prefix = format!(".{name}.beleid-");
    Siblings {
        lock: parent.join(format!("{prefix}lock")),
        staging: parent.join(format!("{prefix}staging-{}", std::process::id())),
        aside: parent.join(format!("{prefix}aside")),
        prefix,
    }
}

/// Puts `names.staging` at `output`; the old output, if any, ends up at
/// the staging path, for [`retire`].
pub(super) fn swap_in(output: &Path, names: &Siblings) -> Result<()> {
    match fs::symlink_metadata(output) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return fs::rename(&names.staging, output).map_err(|e| Error::io(output, e));
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
    exchange(names, output).map_err(|e| Error::io(output, e))
}

/// Moves what is kept from `old` (a previous output, or a failed build)
/// into `output`, then removes `old`. If something kept cannot be moved,
/// `old` stays, so nothing kept is ever deleted.
pub(super) fn retire(old: &Path, output: &Path) -> Result<()> {
    if output.is_dir() {
        carry_kept(old, output)?;
    }
    if holds_kept(old) {
        return Ok(());
    }
    remove_tree(old).map_err(|e| Error::io(old, e))
}

/// Moves each kept entry (`.git`) of `from` into `to` unless `to` has one.
fn carry_kept(from: &Path, to: &Path) -> Result<()> {
    for name in KEPT {
        let source = from.join(name);
        if fs::symlink_metadata(&source).is_err() {
            continue;
        }
        let target = to.join(name);
        if fs::symlink_metadata(&target).is_ok() {
            return Err(Error::Runtime(format!(
                "{} and {} both exist; beleid keeps an output's {name} and will not choose between them: \
                 move the one you want into {} and delete the other",
                source.display(),
                target.display(),
                to.display()
            )));
        }
        fs::rename(&source, &target).map_err(|e| Error::io(&target, e))?;
    }
    Ok(())
}

/// Puts right what a build killed while swapping left behind, and removes
/// staging folders of killed builds. Only called while holding the lock,
/// so no running build's folders are touched.
///
/// - The old output aside and no output: the swap had not happened; the
///   old output is put back.
/// - The old output aside and a new output: the swap had happened; the
///   old output's `.git` is carried over and the rest removed.
/// - A staging folder: a killed build's, or an old output whose `.git`
///   was not carried over yet; the `.git` is, and the rest removed.
pub(super) fn recover(output: &Path, names: &Siblings) -> Result<()> {
    if fs::symlink_metadata(&names.aside).is_ok() {
        match fs::symlink_metadata(output) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::rename(&names.aside, output).map_err(|e| Error::io(output, e))?;
            }
            Err(e) => return Err(Error::io(output, e)),
            Ok(_) => retire(&names.aside, output)?,
        }
    }
    let Some(parent) = output.parent() else {
        return Ok(());
    };
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&names.prefix) && name.contains("staging-") {
            retire(&entry.path(), output)?;
        }
    }
    Ok(())
}

/// True if `dir` holds something a build keeps and must not delete.
fn holds_kept(dir: &Path) -> bool {
    KEPT.iter().any(|name| fs::symlink_metadata(dir.join(name)).is_ok())
}

/// Removes a folder and everything in it, like `fs::remove_dir_all`, with
/// the entries of each folder removed in parallel: the previous output of
/// a large site is thousands of files, and removing them one after another
/// was the last, single-threaded step of a build. Symbolic links are
/// removed, never followed.
pub(crate) fn remove_tree(path: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<fs::DirEntry> = fs::read_dir(path)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| {
        let path = entry.path();
        if entry.file_type()?.is_dir() { remove_tree(&path) } else { fs::remove_file(&path) }
    })?;
    fs::remove_dir(path)
}

/// Exchanges the staging folder and the output: afterwards the new build
/// is at `output` and the old output at the staging path.
#[cfg(target_os = "linux")]
fn exchange(names: &Siblings, output: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(names.staging.as_os_str().as_bytes()).map_err(io::Error::other)?;
    let b = CString::new(output.as_os_str().as_bytes()).map_err(io::Error::other)?;
    // SAFETY: both arguments are valid NUL-terminated paths that outlive the call.
    let rc = unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if rc == 0 {
        return Ok(());
    }
    let err = io::Error::last_os_error();
    // Some file systems do not support the exchange; fall back.
    if matches!(err.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) {
        return exchange_by_renames(names, output);
    }
    Err(err)
}

#[cfg(not(target_os = "linux"))]
fn exchange(names: &Siblings, output: &Path) -> io::Result<()> {
    exchange_by_renames(names, output)
}

/// Three renames: the output is missing for an instant between the first
/// two; [`recover`] finishes or undoes them after a kill.
fn exchange_by_renames(names: &Siblings, output: &Path) -> io::Result<()> {
    fs::rename(output, &names.aside)?;
    if let Err(e) = fs::rename(&names.staging, output) {
        let _ = fs::rename(&names.aside, output);
        return Err(e);
    }
    fs::rename(&names.aside, &names.staging)
}

#[cfg(test)]
#[path = "swap_tests.rs"]
mod tests;
