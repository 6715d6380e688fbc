//! The output plan: every file a build writes, with where it comes from,
//! checked so that no source silently replaces another.
//!
//! Pages, static files and generated files (print pages, feeds, search
//! pages, the 404 page, sitemap and robots.txt) are all planned together.
//! Two sources for one path, two paths that differ only in upper/lower
//! case (one file on macOS and Windows), a file where another output needs
//! a folder, and anything planned inside a folder the build fills itself
//! (a language's search index) are errors naming both sources. A site's
//! static file replacing a theme's is not in the plan twice: that override
//! is resolved before planning (see [`super::assets`]).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::error::Diagnostic;

/// A folder the build fills with files whose names it learns only while
/// writing them (`search/nl/`), and the name of what fills it.
pub(crate) struct Reserved {
    /// The folder, ending in `/`.
    pub(crate) folder: String,
    /// What the build writes there, for messages.
    pub(crate) origin: PathBuf,
    /// The one planned file allowed inside (the search page).
    pub(crate) except: Option<String>,
}

/// Checks `planned` (path, origin) in order; returns the plan (the first
/// origin of each path) and an error for every collision.
pub(crate) fn check(
    planned: Vec<(String, PathBuf)>,
    reserved: &[Reserved],
) -> (BTreeMap<String, PathBuf>, Vec<Diagnostic>) {
    let mut plan: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut errors = Vec::new();
    for (path, origin) in planned {
        if let Some(existing) = plan.get(&path) {
            errors
                .push(collision(&origin, &format!("this and {} would both be written to {path}", existing.display())));
        } else if let Some(r) =
            reserved.iter().find(|r| path.starts_with(&r.folder) && r.except.as_ref() != Some(&path))
        {
            let message = format!("this would be written to {path}, in {} where {} goes", r.folder, r.origin.display());
            errors.push(collision(&origin, &message));
        } else {
            plan.insert(path, origin);
        }
    }
    errors.extend(case_and_kind_clashes(&plan));
    (plan, errors)
}

fn collision(origin: &Path, message: &str) -> Diagnostic {
    Diagnostic::error("duplicate-path", origin, message)
        .hint("rename one of them, or give the page another `slug`; a build never lets one output replace another")
}

/// Paths (files, and the folders they are in) that differ only in case,
/// and files where another output needs a folder.
fn case_and_kind_clashes(plan: &BTreeMap<String, PathBuf>) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    // Lower-cased path → (path as planned, the file that brought it).
    let mut seen: HashMap<String, (&str, &str)> = HashMap::new();
    let mut reported: Vec<(String, String)> = Vec::new();
    for file in plan.keys() {
        let mut end = 0;
        loop {
            let next = file[end..].find('/').map(|i| end + i + 1);
            let path = &file[..next.unwrap_or(file.len())];
            let lower = path.to_lowercase();
            match seen.get(&lower) {
                Some(&(other, _)) if other == path => {}
                Some(&(other, other_file)) => {
                    let pair = (other.to_string(), path.to_string());
                    if !reported.contains(&pair) {
                        let message = format!(
                            "this writes {path}, and {} writes {other}: they differ only in upper/lower case, and macOS and Windows keep only one",
                            plan[other_file].display()
                        );
                        errors.push(collision(&plan[file], &message));
                        reported.push(pair);
                    }
                }
                None => {
                    seen.insert(lower, (path, file));
                    // A new folder: no file may be planned at its path.
                    if let Some(origin) = next.and_then(|n| plan.get(&file[..n - 1])) {
                        let message = format!(
                            "this writes a file at {}, where {} needs a folder",
                            &path[..path.len() - 1],
                            plan[file].display()
                        );
                        errors.push(collision(origin, &message));
                    }
                }
            }
            let Some(next) = next else { break };
            end = next;
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(planned: &[(&str, &str)], reserved: &[Reserved]) -> Vec<String> {
        let planned = planned.iter().map(|(p, o)| (p.to_string(), PathBuf::from(o))).collect();
        check(planned, reserved).1.into_iter().map(|d| format!("{}: {}", d.path.display(), d.message)).collect()
    }

    #[test]
    fn distinct_paths_pass() {
        let ok = codes(&[("about/index.html", "a.md"), ("about/logo.png", "static"), ("index.html", "i.md")], &[]);
        assert!(ok.is_empty(), "{ok:?}");
    }

    #[test]
    fn each_kind_of_collision_names_both_sources() {
        let search = Reserved {
            folder: "search/nl/".into(),
            origin: PathBuf::from("<generated>/search index"),
            except: Some("search/nl/index.html".into()),
        };
        let table: &[(&[(&str, &str)], &str)] = &[
            (
                &[("a/index.html", "a.md"), ("a/index.html", "static/a/index.html")],
                "static/a/index.html: this and a.md",
            ),
            (&[("search/nl/index.html", "<generated>/search page")], ""),
            (
                &[("search/nl/index.json", "static/search/nl/index.json")],
                "in search/nl/ where <generated>/search index",
            ),
            (
                &[("About/x.txt", "static/About/x.txt"), ("about/index.html", "about.md")],
                "this writes about/, and static/About/x.txt writes About/",
            ),
            (
                &[("Logo.png", "static/Logo.png"), ("logo.png", "static/logo.png")],
                "and static/Logo.png writes Logo.png",
            ),
            (&[("about", "static/about"), ("about/index.html", "about.md")], "where about.md needs a folder"),
        ];
        for (planned, expected) in table {
            let found = codes(planned, std::slice::from_ref(&search));
            if expected.is_empty() {
                assert!(found.is_empty(), "{found:?}");
            } else {
                assert_eq!(found.len(), 1, "{found:?}");
                assert!(found[0].contains(expected), "{found:?} lacks {expected:?}");
            }
        }
    }
}
