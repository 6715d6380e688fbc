//! The one walk over a site's input folders (`content/`, `static/`,
//! `templates/`, a theme) and the one rule for symbolic links, so that
//! content scanning, theme loading, static files and the dev server's
//! updates cannot drift apart.
//!
//! The rule: an input folder or file named by the site's layout
//! (`beleid.toml`, `content/`, `static/`, `templates/`, `themes/`,
//! `themes/<name>/`, `i18n/`) that is a symbolic link, or reached through
//! one, is an error: reading through it would publish whatever it points
//! to, and skipping it would quietly build another site. Anything found
//! inside an input folder that is a symbolic link is skipped with a
//! warning, never followed. Names editors and systems leave behind
//! ([`is_ignored_name`]) are skipped silently, folders with all they hold.

use std::path::{Component, Path, PathBuf};

use walkdir::WalkDir;

use crate::error::Diagnostic;

/// True for names editors and operating systems leave behind, which are
/// never input: hidden files, swap and backup files. `.well-known` is the
/// one hidden name a site publishes (RFC 8615: security.txt, domain checks).
pub fn is_ignored_name(name: &str) -> bool {
    (name.starts_with('.') && name != ".well-known")
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || name == "Thumbs.db"
}

/// The warning for a symbolic link found inside an input folder. Links are
/// never followed: one could lead out of the site and publish a file
/// nobody meant to publish.
pub fn skipped_symlink(shown: impl Into<PathBuf>) -> Diagnostic {
    Diagnostic::warning("symlink", shown, "skipped: symbolic links are not followed")
        .hint("copy the file into the site instead of linking to it")
}

/// Checks an input named by the site's layout (`rel`, below `root`, with
/// `/`): `Ok(Some(path))` if it exists with no symbolic link on the way,
/// `Ok(None)` if it does not exist, an error if it is or passes through a
/// symbolic link, or leaves the site (`..`).
pub fn input_path(root: &Path, rel: &str) -> Result<Option<PathBuf>, Diagnostic> {
    let mut path = root.to_path_buf();
    for component in Path::new(rel).components() {
        let Component::Normal(name) = component else {
            return Err(Diagnostic::error("input-path", rel, "this path leaves the site folder")
                .hint("name a folder inside the site"));
        };
        path.push(name);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => return Err(linked_input(root, &path)),
            Ok(_) => {}
            Err(_) => return Ok(None),
        }
    }
    Ok(Some(path))
}

/// Like [`input_path`], for a folder: `Ok(None)` also when it is a file.
pub fn input_dir(root: &Path, rel: &str) -> Result<Option<PathBuf>, Diagnostic> {
    Ok(input_path(root, rel)?.filter(|p| p.is_dir()))
}

fn linked_input(root: &Path, path: &Path) -> Diagnostic {
    let shown = path.strip_prefix(root).unwrap_or(path);
    Diagnostic::error("symlink", shown, "this is a symbolic link, and beleid does not read through links")
        .hint("replace the link with the folder or file itself (copy it into the site)")
}

/// One entry found by [`walk`]: a file or a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its path below the walked folder, with `/` separators.
    pub rel: String,
    /// Its path on disk.
    pub path: PathBuf,
    /// Its path relative to the site root, for messages.
    pub shown: PathBuf,
    /// True for a folder.
    pub is_dir: bool,
}

/// What [`walk`] found.
#[derive(Debug, Default)]
pub struct Walked {
    /// Files and folders, in name order, each folder before what it holds.
    pub entries: Vec<Entry>,
    /// Symbolic links, skipped.
    pub skipped: Vec<Diagnostic>,
    /// Entries that could not be read or have a name that is not UTF-8.
    pub errors: Vec<Diagnostic>,
}

/// Walks the folder `dir` (below the site `root`), applying the rule in
/// the module documentation. `dir` itself must have passed [`input_dir`].
pub fn walk(root: &Path, dir: &Path) -> Walked {
    let mut walked = Walked::default();
    let shown = |path: &Path| path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let entries = WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().map_or_else(|| shown(dir), shown);
                walked.errors.push(Diagnostic::error("io", path, format!("cannot read: {e}")));
                continue;
            }
        };
        let shown = shown(entry.path());
        let Some(rel) = entry.path().strip_prefix(dir).ok().and_then(Path::to_str) else {
            walked.errors.push(
                Diagnostic::error("file-name", &shown, "this file or folder name is not valid UTF-8")
                    .hint("rename it using UTF-8 characters"),
            );
            continue;
        };
        let rel = rel.replace('\\', "/");
        let file_type = entry.file_type();
        if file_type.is_symlink() {
            walked.skipped.push(skipped_symlink(shown));
        } else if file_type.is_dir() || file_type.is_file() {
            walked.entries.push(Entry { rel, path: entry.path().to_path_buf(), shown, is_dir: file_type.is_dir() });
        }
    }
    walked
}

#[cfg(test)]
mod tests;
