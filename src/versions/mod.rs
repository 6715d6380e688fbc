//! Versions of a policy: what readers, works councils and auditors ask
//! ("what did it say on 1 March?", "what changed in 1.1?").
//!
//! The current text stays the policy page; each earlier (or scheduled)
//! version is a file of its own in a folder beside it, named after the
//! page: `beleid/voorbeeldbeleid.md` keeps `beleid/voorbeeldbeleid.versions/1.0.md`,
//! with the front matter that version had. [`new_version`] makes them.

pub mod diff;
mod new_version;

use std::cmp::Ordering;
use std::path::{Path, PathBuf};

pub use new_version::{Archived, Request, new_version};

/// The folder holding a page's earlier versions: `<name>.versions` beside
/// the page file.
pub fn versions_dir(page: &Path) -> PathBuf {
    let stem = page.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    page.with_file_name(format!("{stem}.versions"))
}

/// The file of one version in a versions folder.
pub fn version_file(dir: &Path, version: &str) -> PathBuf {
    dir.join(format!("{version}.md"))
}

/// True for a version that can name a file and a URL: digits, letters,
/// dots, `-` and `_`, starting with a digit, at most 32 characters.
pub fn is_usable_version(version: &str) -> bool {
    version.len() <= 32
        && version.starts_with(|c: char| c.is_ascii_digit())
        && version.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        && !version.contains("..")
}

/// Orders versions part by part, numbers as numbers (`1.10` after `1.9`),
/// other parts as text.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
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
