//! Deciding whether a folder may be used as the output at all.
//!
//! A build replaces its output folder completely, so pointing `--output` at
//! the wrong folder (a home folder, a `.git`, a thesis) would delete files
//! beleid never wrote. Every output beleid writes carries a marker file;
//! a folder that is neither missing, empty nor marked is refused unless
//! the user says `--force`, and the site itself is refused always.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{KEPT, MARKER};
use crate::error::{Error, Result};

/// Resolves where the output goes and refuses places a build must not
/// replace: the site root or any folder above it, the site's own
/// `content/`, `themes/`, `static/`, `templates/` and `i18n/` (or anything
/// inside them), and, unless `force` is set, an existing folder with files
/// in it that holds no output marker (it was not written by beleid).
///
/// Both `root` and `output` are taken relative to the current folder when
/// they are relative, as on every command line.
pub(crate) fn check_output_dir(root: &Path, output: &Path, force: bool) -> Result<PathBuf> {
    let root = fs::canonicalize(root).map_err(|e| Error::io(root, e))?;
    let output = std::path::absolute(output).map_err(|e| Error::io(output, e))?;
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
    check_existing(&output, force)?;
    Ok(output)
}

/// Refuses an existing output that is not a folder, or (without `force`)
/// a folder with files in it and no marker.
fn check_existing(output: &Path, force: bool) -> Result<()> {
    let meta = match fs::symlink_metadata(output) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(output, e)),
    };
    if !meta.is_dir() {
        return Err(Error::Usage(format!(
            "{} exists and is not a folder; remove it or choose another output",
            output.display()
        )));
    }
    if force || is_marked(output) || is_empty_but_kept(output)? {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "refusing to replace {}: it has files in it and no {MARKER} file, so beleid did not write it, \
         and a build deletes everything in its output folder. Choose a new or empty folder with --output, \
         or, if everything in it may be deleted, build again with --force (an output written by a beleid \
         from before output folders were marked needs --force once, or delete it first)",
        output.display()
    )))
}

/// True if `dir` holds the marker a build writes (a regular file).
fn is_marked(dir: &Path) -> bool {
    fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// True if `dir` holds nothing a build would delete: it is empty, or holds
/// only what a build keeps (a `.git` of a deployment checkout).
fn is_empty_but_kept(dir: &Path) -> Result<bool> {
    for entry in fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        if !KEPT.iter().any(|kept| entry.file_name() == *kept) {
            return Ok(false);
        }
    }
    Ok(true)
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

/// The error for an output folder that may never be used.
pub(super) fn refuse(output: &Path, why: &str) -> Error {
    Error::Usage(format!(
        "refusing to use {} as the output folder: {why}, and a build replaces its output completely; choose a separate folder such as public/",
        output.display()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_empty_marked_and_git_only_folders_are_accepted_others_refused() {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path().join("site");
        fs::create_dir_all(&root).unwrap();
        let dir = |name: &str| temp.path().join(name);
        assert!(check_output_dir(&root, &dir("missing"), false).is_ok());
        fs::create_dir_all(dir("empty")).unwrap();
        assert!(check_output_dir(&root, &dir("empty"), false).is_ok());
        fs::create_dir_all(dir("deploy/.git")).unwrap();
        assert!(check_output_dir(&root, &dir("deploy"), false).is_ok());
        fs::create_dir_all(dir("thesis")).unwrap();
        fs::write(dir("thesis/chapter.txt"), "years of work").unwrap();
        let refused = check_output_dir(&root, &dir("thesis"), false).unwrap_err().to_string();
        assert!(refused.contains(&dir("thesis").display().to_string()), "{refused}");
        assert!(refused.contains("--force"), "{refused}");
        assert!(check_output_dir(&root, &dir("thesis"), true).is_ok());
        fs::write(dir("thesis/.beleid-output"), "").unwrap();
        assert!(check_output_dir(&root, &dir("thesis"), false).is_ok());
        // A marker that is a folder or link does not count.
        fs::create_dir_all(dir("fake/.beleid-output")).unwrap();
        assert!(check_output_dir(&root, &dir("fake"), false).is_err());
    }

    #[test]
    fn force_never_allows_the_site_or_a_file() {
        let temp = tempfile::tempdir().unwrap();
        let root = temp.path().join("site");
        fs::create_dir_all(root.join("content")).unwrap();
        fs::write(root.join("beleid.toml"), "").unwrap();
        fs::write(temp.path().join("file"), "").unwrap();
        for output in [root.clone(), temp.path().to_path_buf(), root.join("content/x"), temp.path().join("file")] {
            assert!(check_output_dir(&root, &output, true).is_err(), "{}", output.display());
        }
    }
}
