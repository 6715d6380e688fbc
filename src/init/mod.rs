//! `beleid init`: writes the bundled sample site (the guide), or with
//! `--policy` one organisation's policy site, into a new folder, with a
//! GitHub Pages workflow.
//!
//! The policies' `effective` date is stamped as today and `review` one year
//! later, so a new site never starts out overdue.

mod config_file;
mod policy;
mod text;
mod words;
mod workflow;

use std::fs;
use std::path::Path;

pub use policy::{Derived, FAQ_PAGE, PolicyOptions, PolicySite, Variant, policy_site};
pub use text::{SAMPLE_CLOSE, SAMPLE_OPEN, strip_sample_blocks};
pub(crate) use workflow::{WORKFLOW, WORKFLOW_PATH};

use crate::date::Date;
use crate::error::{Error, Result};
use crate::theme::sample_files;

/// Writes the sample site into `dir` and returns the number of files
/// written. Refuses a folder that exists and is not empty unless `force`.
pub(crate) fn init(dir: &Path, force: bool, today: Date) -> Result<usize> {
    ensure_empty(dir, force)?;
    let mut files: Vec<(String, Vec<u8>)> = sample_files()
        .iter()
        .map(|(path, bytes)| {
            let bytes = match std::str::from_utf8(bytes) {
                Ok(text) if path.starts_with("content/") && path.ends_with(".md") => {
                    stamp_policy_dates(text, today).into_bytes()
                }
                _ => bytes.to_vec(),
            };
            ((*path).to_string(), bytes)
        })
        .collect();
    files.push((WORKFLOW_PATH.to_string(), WORKFLOW.as_bytes().to_vec()));
    write_files(dir, &files)
}

/// Writes the policy site asked for into `dir` and returns what was written
/// and worked out. Refuses a folder that exists and is not empty unless `force`.
pub(crate) fn init_policy(dir: &Path, force: bool, options: &PolicyOptions, today: Date) -> Result<PolicySite> {
    let site = policy_site(sample_files(), options, today)?;
    ensure_empty(dir, force)?;
    write_files(dir, &site.files)?;
    Ok(site)
}

/// Refuses a path that is a file, or a folder with something in it unless
/// `force`, so init never overwrites what it did not write.
fn ensure_empty(dir: &Path, force: bool) -> Result<()> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(Error::Usage(format!("{} exists and is not a folder", dir.display())));
        }
        let mut entries = fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        if entries.next().is_some() && !force {
            return Err(Error::Usage(format!(
                "{} is not empty; choose a new folder, or pass --force to write the sample into it anyway",
                dir.display()
            )));
        }
    }
    Ok(())
}

fn write_files(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<usize> {
    for (path, bytes) in files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        fs::write(&target, bytes).map_err(|e| Error::io(&target, e))?;
    }
    Ok(files.len())
}

/// Sets `effective` to `today` and `review` to a year later in the front
/// matter of a policy page; other text is returned unchanged.
pub(crate) fn stamp_policy_dates(text: &str, today: Date) -> String {
    let Some(fence) = ["+++", "---"].into_iter().find(|f| text.starts_with(f)) else {
        return text.to_string();
    };
    let mut out = String::with_capacity(text.len());
    let mut in_front_matter = true;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if i > 0 && in_front_matter && line.trim_end() == fence {
            in_front_matter = false;
        }
        let key = line.trim_start().split(['=', ':']).next().unwrap_or("").trim();
        let value = match key {
            "effective" if in_front_matter && i > 0 => Some(today),
            "review" if in_front_matter && i > 0 => Some(today.add_years(1)),
            _ => None,
        };
        match value {
            Some(date) => {
                let indent = &line[..line.len() - line.trim_start().len()];
                let sep = if fence == "+++" { " = " } else { ": " };
                let newline = if line.ends_with("\r\n") { "\r\n" } else { "\n" };
                out.push_str(&format!("{indent}{key}{sep}{date}{newline}"));
            }
            None => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_only_front_matter_dates() {
        let today = Date::new(2030, 2, 3).unwrap();
        let text = "+++\ntitle = \"A\"\n[policy]\nversion = \"1\"\neffective = 2020-01-01\nreview = 2021-01-01\n+++\nreview = keep me\n";
        assert_eq!(
            stamp_policy_dates(text, today),
            "+++\ntitle = \"A\"\n[policy]\nversion = \"1\"\neffective = 2030-02-03\nreview = 2031-02-03\n+++\nreview = keep me\n"
        );
        let yaml = "---\npolicy:\n  effective: 2020-01-01\n  review: 2021-01-01\n---\n";
        assert_eq!(
            stamp_policy_dates(yaml, today),
            "---\npolicy:\n  effective: 2030-02-03\n  review: 2031-02-03\n---\n"
        );
        assert_eq!(stamp_policy_dates("no front matter\neffective = x\n", today), "no front matter\neffective = x\n");
    }
}
