//! Finding the content files of a site.

use std::path::Path;

use crate::config::Config;
use crate::error::Diagnostic;
use crate::files::walk::{Entry, input_dir, walk};
pub use crate::files::walk::{is_ignored_name, skipped_symlink};

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
    /// Files next to pages that are not Markdown (images, downloads), the
    /// Hugo, Zola and Docusaurus habit: published beside the page.
    pub assets: Vec<FoundFile>,
    /// Earlier versions of policy pages: Markdown files directly in a
    /// `<name>.versions/` folder beside `<name>.md` (see [`crate::versions`]).
    pub versions: Vec<FoundFile>,
    /// Problems that stop the build (a folder for an unknown language).
    pub errors: Vec<Diagnostic>,
    /// Files that were skipped, and why.
    pub warnings: Vec<Diagnostic>,
}

/// Walks `content/` with the rule of [`crate::files::walk`]: symbolic
/// links inside are skipped with a warning, a linked `content/` is an error.
pub fn scan(root: &Path, config: &Config) -> ScanResult {
    let mut result = ScanResult::default();
    let content = match input_dir(root, "content") {
        Ok(Some(dir)) => dir,
        Ok(None) => {
            result.errors.push(
                Diagnostic::error("missing-content", "content", "the site has no content/ folder")
                    .hint("create content/<lang>/_index.md for each language in beleid.toml"),
            );
            return result;
        }
        Err(linked) => {
            result.errors.push(linked);
            return result;
        }
    };
    let walked = walk(root, &content);
    result.errors.extend(walked.errors);
    result.warnings.extend(walked.skipped);
    for entry in walked.entries {
        match entry.rel.split_once('/') {
            None => match check_top_level(config, &entry) {
                Some(d) if d.is_error() => result.errors.push(d),
                Some(d) => result.warnings.push(d),
                None => {}
            },
            Some((lang, rest)) => {
                if !config.languages.contains_key(lang) || entry.is_dir {
                    continue;
                }
                if let Some(folder) = versions_folder(rest) {
                    if folder.is_ok() {
                        result.versions.push(FoundFile { lang: lang.to_string(), rel: rest.to_string() });
                    } else {
                        result.warnings.push(
                            Diagnostic::warning(
                                "stray-file",
                                &entry.shown,
                                "skipped: a versions folder holds only <version>.md files",
                            )
                            .hint("make versions with `beleid policy new-version`"),
                        );
                    }
                    continue;
                }
                if !rest.ends_with(".md") {
                    result.assets.push(FoundFile { lang: lang.to_string(), rel: rest.to_string() });
                    continue;
                }
                result.files.push(FoundFile { lang: lang.to_string(), rel: rest.to_string() });
            }
        }
    }
    result
}

/// For a file below a `*.versions/` folder: `Ok` if it is a version file
/// (`<name>.versions/<version>.md`), `Err` for anything else there; `None`
/// for files outside versions folders.
fn versions_folder(rel: &str) -> Option<Result<(), ()>> {
    let mut parts: Vec<&str> = rel.split('/').collect();
    let position = parts.iter().position(|p| p.ends_with(".versions"))?;
    let file = parts.pop().unwrap_or("");
    let is_version = parts.len().checked_sub(1) == Some(position)
        && file.strip_suffix(".md").is_some_and(super::versions::is_usable_version);
    Some(if is_version { Ok(()) } else { Err(()) })
}

/// An entry directly in `content/`: a folder must be a language; a file
/// belongs to none (a warning).
fn check_top_level(config: &Config, entry: &Entry) -> Option<Diagnostic> {
    let lang = &entry.rel;
    if !entry.is_dir {
        return Some(
            Diagnostic::warning(
                "stray-file",
                &entry.shown,
                "skipped: files directly in content/ belong to no language",
            )
            .hint("move it into content/<lang>/"),
        );
    }
    if config.languages.contains_key(lang) {
        return None;
    }
    let known: Vec<&str> = config.languages.keys().map(String::as_str).collect();
    Some(
        Diagnostic::error(
            "unknown-language",
            &entry.shown,
            format!("content/{lang}/ is not a language in beleid.toml"),
        )
        .hint(format!("add [languages.{lang}] to beleid.toml or move the folder; languages: {}", known.join(", "))),
    )
}

#[cfg(test)]
mod tests {
    use super::versions_folder;

    #[test]
    fn version_files_are_told_apart_from_pages() {
        let cases = [
            ("beleid/voorbeeldbeleid.md", None),
            ("beleid/voorbeeldbeleid.versions/1.0.md", Some(Ok(()))),
            ("beleid/voorbeeldbeleid.versions/notes.txt", Some(Err(()))),
            ("beleid/voorbeeldbeleid.versions/draft.md", Some(Err(()))),
            ("beleid/x.versions/deeper/1.0.md", Some(Err(()))),
            ("x.versions", Some(Err(()))),
            ("a.versions.md", None),
        ];
        for (rel, want) in cases {
            assert_eq!(versions_folder(rel), want, "{rel}");
        }
    }
}
