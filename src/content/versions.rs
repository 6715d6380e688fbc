//! Where a policy's earlier versions live, and how versions are named and
//! ordered: `beleid/voorbeeldbeleid.md` keeps its earlier texts in
//! `beleid/voorbeeldbeleid.versions/<version>.md`.
//!
//! Kept with content, which finds and attaches them; [`crate::versions`]
//! builds on it (comparison, the `new-version` command).

use std::cmp::Ordering;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Content, PageId, Source};
use crate::error::Diagnostic;

/// An earlier version of a policy page.
#[derive(Debug, Clone)]
pub(crate) struct Version {
    /// The page it is a version of.
    pub(crate) page: PageId,
    /// The version, from the file name (`1.0`).
    pub(crate) version: String,
    /// The version file, parsed.
    pub(crate) source: Arc<Source>,
}

/// Attaches version files to their pages, oldest first per page. A version
/// of a page that is left out (a draft) is left out with it; a version of
/// no page, of a page that is no policy, or whose front matter disagrees
/// with its name or comes after the page's version, is an error.
pub(super) fn attach(
    content: &Content,
    files: &[Arc<Source>],
    pages: &[Arc<Source>],
) -> (Vec<Version>, Vec<Diagnostic>) {
    let mut attached = Vec::new();
    let mut errors = Vec::new();
    for source in files {
        let Some((page_rel, version)) = page_of_version(&source.rel) else { continue };
        let error = |key: &str, message: String, hint: &str| {
            let (line, column) = source.key_position(key);
            Diagnostic::error("policy-version", &source.file, message).at(line, column).hint(hint.to_string())
        };
        let Some(id) = content.find(&source.lang, &page_rel) else {
            if !pages.iter().any(|p| p.lang == source.lang && p.rel == page_rel) {
                errors.push(error(
                    "",
                    format!("this is a version of {page_rel}, which does not exist"),
                    "keep versions in the folder named after their page",
                ));
            }
            continue;
        };
        let page = content.page(id);
        let Some(current) = page.source.meta.policy.as_ref().and_then(|p| p.version.as_deref()) else {
            errors.push(error(
                "",
                format!("{} has no [policy] version, so it can have no earlier versions", page.source.file.display()),
                "give the page a [policy] table with a version",
            ));
            continue;
        };
        let own = source.meta.policy.as_ref().and_then(|p| p.version.as_deref());
        if own.is_none_or(|v| compare_versions(v, version).is_ne()) {
            errors.push(error(
                "version",
                format!(
                    "the file is named for version {version}, but its front matter says {}",
                    own.unwrap_or("nothing")
                ),
                "a version file keeps the front matter its version had; rename the file or correct version",
            ));
            continue;
        }
        if source.meta.policy.as_ref().and_then(|p| p.effective).is_none() {
            errors.push(error(
                "policy",
                format!("version {version} has no effective date"),
                "add effective = YYYY-MM-DD to its [policy] table",
            ));
            continue;
        }
        if compare_versions(version, current).is_ge() {
            errors.push(error(
                "version",
                format!("version {version} is not earlier than the page's version {current}"),
                "the page holds the newest text; make versions with `beleid policy new-version`",
            ));
            continue;
        }
        attached.push(Version { page: id, version: version.to_string(), source: Arc::clone(source) });
    }
    attached.sort_by(|a, b| a.page.cmp(&b.page).then_with(|| compare_versions(&a.version, &b.version)));
    (attached, errors)
}

/// The folder holding a page's earlier versions: `<name>.versions` beside
/// the page file.
pub(crate) fn versions_dir(page: &Path) -> PathBuf {
    let stem = page.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    page.with_file_name(format!("{stem}.versions"))
}

/// The file of one version in a versions folder.
pub(crate) fn version_file(dir: &Path, version: &str) -> PathBuf {
    dir.join(format!("{version}.md"))
}

/// True for a version that can name a file and a URL: digits, letters,
/// dots, `-` and `_`, starting with a digit, at most 32 characters.
pub(crate) fn is_usable_version(version: &str) -> bool {
    version.len() <= 32
        && version.starts_with(|c: char| c.is_ascii_digit())
        && version.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        && !version.contains("..")
}

/// Orders versions part by part, numbers as numbers (`1.10` after `1.9`),
/// other parts as text.
pub(crate) fn compare_versions(a: &str, b: &str) -> Ordering {
    let parts = |v: &str| -> Vec<(u64, String)> {
        v.split(['.', '-', '_'])
            .map(|p| p.parse::<u64>().map_or((u64::MAX, p.to_string()), |n| (n, String::new())))
            .collect()
    };
    let (a, b) = (parts(a), parts(b));
    // Missing parts count as zero: 1.0 equals 1.
    let len = a.len().max(b.len());
    let zero = (0, String::new());
    (0..len)
        .map(|i| a.get(i).unwrap_or(&zero).cmp(b.get(i).unwrap_or(&zero)))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// For a version file's path inside its language folder
/// (`beleid/voorbeeldbeleid.versions/1.0.md`), the page's path
/// (`beleid/voorbeeldbeleid.md`) and the version (`1.0`).
pub(crate) fn page_of_version(rel: &str) -> Option<(String, &str)> {
    let (folder, file) = rel.rsplit_once('/')?;
    let version = file.strip_suffix(".md").filter(|v| is_usable_version(v))?;
    let page = folder.strip_suffix(".versions")?;
    (!page.is_empty() && !page.ends_with('/')).then(|| (format!("{page}.md"), version))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_order_as_numbers() {
        let less = [("1.0", "1.1"), ("1.9", "1.10"), ("1", "1.1"), ("0.9", "1.0"), ("2025.1", "2026.0")];
        for (a, b) in less {
            assert_eq!(compare_versions(a, b), Ordering::Less, "{a} < {b}");
            assert_eq!(compare_versions(b, a), Ordering::Greater, "{b} > {a}");
        }
        assert_eq!(compare_versions("1.0", "1"), Ordering::Equal);
        assert!(is_usable_version("1.1") && is_usable_version("2026-03"));
        assert!(
            !is_usable_version("../x")
                && !is_usable_version("v1")
                && !is_usable_version("1/2")
                && !is_usable_version("")
        );
    }

    #[test]
    fn version_files_name_their_page() {
        assert_eq!(
            page_of_version("beleid/voorbeeldbeleid.versions/1.0.md"),
            Some(("beleid/voorbeeldbeleid.md".into(), "1.0"))
        );
        assert_eq!(page_of_version("x.versions/2.md"), Some(("x.md".into(), "2")));
        assert_eq!(page_of_version("beleid/voorbeeldbeleid.md"), None);
        assert_eq!(page_of_version("beleid/.versions/1.0.md"), None);
        assert_eq!(page_of_version("a.versions/draft.md"), None);
    }

    #[test]
    fn version_files_sit_beside_the_page() {
        let dir = versions_dir(Path::new("content/nl/beleid/voorbeeldbeleid.md"));
        assert_eq!(dir, Path::new("content/nl/beleid/voorbeeldbeleid.versions"));
        assert_eq!(version_file(&dir, "1.0"), Path::new("content/nl/beleid/voorbeeldbeleid.versions/1.0.md"));
        assert_eq!(
            versions_dir(Path::new("content/nl/beleid/_index.md")),
            Path::new("content/nl/beleid/_index.versions")
        );
    }
}
