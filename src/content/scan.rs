//! Finding the content files of a site.

use std::path::{Component, Path};

use walkdir::WalkDir;

use crate::config::Config;
use crate::error::Diagnostic;

/// A Markdown file found under `content/<lang>/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFile {
    /// The language folder.
    pub lang: String,
    /// The path inside it, with `/` separators.
    pub rel: String,
}

/// What a scan of `content/` found.
#[derive(Debug, Default)]
pub struct ScanResult {
    /// Markdown files, sorted.
    pub files: Vec<FoundFile>,
    /// Problems that stop the build (a folder for an unknown language).
    pub errors: Vec<Diagnostic>,
    /// Files that were skipped, and why.
    pub warnings: Vec<Diagnostic>,
}

/// True for names editors and operating systems leave behind, which are
/// never content: hidden files, swap and backup files.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || name == "Thumbs.db"
}

/// The warning for a symbolic link found in `content/`, `static/` or a
/// theme. Links are never followed: one could lead out of the site and
/// publish a file nobody meant to publish.
pub fn skipped_symlink(shown: impl Into<std::path::PathBuf>) -> Diagnostic {
    Diagnostic::warning("symlink", shown, "skipped: symbolic links are not followed")
        .hint("copy the file into the site instead of linking to it")
}

/// Walks `content/`. Symbolic links are not followed: a link could lead out
/// of the site, and content that is not in the site's folder should not be
/// published by accident. They are skipped with a warning.
pub fn scan(root: &Path, config: &Config) -> ScanResult {
    let mut result = ScanResult::default();
    let content = root.join("content");
    if !content.is_dir() {
        result.errors.push(
            Diagnostic::error("missing-content", "content", "the site has no content/ folder")
                .hint("create content/<lang>/_index.md for each language in beleid.toml"),
        );
        return result;
    }
    let walker = WalkDir::new(&content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| display_path(root, p)).unwrap_or_else(|| "content".into());
                result.errors.push(Diagnostic::error("io", path, format!("cannot read: {e}")));
                continue;
            }
        };
        if entry.depth() == 0 {
            continue;
        }
        let shown = display_path(root, entry.path());
        let rel_to_content = entry.path().strip_prefix(&content).unwrap_or(entry.path());
        let mut parts = Vec::new();
        let mut non_utf8 = false;
        for c in rel_to_content.components() {
            if let Component::Normal(os) = c {
                match os.to_str() {
                    Some(s) => parts.push(s.to_string()),
                    None => non_utf8 = true,
                }
            }
        }
        if non_utf8 {
            result.errors.push(
                Diagnostic::error("file-name", &shown, "this file or folder name is not valid UTF-8")
                    .hint("rename it using UTF-8 characters"),
            );
            continue;
        }
        let file_type = entry.file_type();
        if file_type.is_symlink() {
            result.warnings.push(skipped_symlink(&shown));
            continue;
        }
        let lang = &parts[0];
        if entry.depth() == 1 {
            if file_type.is_dir() && !config.languages.contains_key(lang) {
                let known: Vec<&str> = config.languages.keys().map(String::as_str).collect();
                result.errors.push(
                    Diagnostic::error(
                        "unknown-language",
                        &shown,
                        format!("content/{lang}/ is not a language in beleid.toml"),
                    )
                    .hint(format!(
                        "add [languages.{lang}] to beleid.toml or move the folder; languages: {}",
                        known.join(", ")
                    )),
                );
            } else if !file_type.is_dir() {
                result.warnings.push(
                    Diagnostic::warning(
                        "stray-file",
                        &shown,
                        "skipped: files directly in content/ belong to no language",
                    )
                    .hint("move it into content/<lang>/"),
                );
            }
            continue;
        }
        if !config.languages.contains_key(lang) || file_type.is_dir() {
            continue;
        }
        if !parts.last().is_some_and(|n| n.ends_with(".md")) {
            result.warnings.push(
                Diagnostic::warning("stray-file", &shown, "skipped: only Markdown (.md) files are content")
                    .hint("put images and downloads in static/ and link to them from there"),
            );
            continue;
        }
        result.files.push(FoundFile { lang: lang.clone(), rel: parts[1..].join("/") });
    }
    result
}

fn display_path(root: &Path, path: &Path) -> std::path::PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}
