//! `beleid init`: writes the bundled sample site into a new folder.
//!
//! The policies' `effective` date is stamped as today and `review` one year
//! later, so a new site never starts out overdue.

use std::fs;
use std::path::Path;

use crate::date::Date;
use crate::error::{Error, Result};
use crate::theme::sample_files;

/// Writes the sample site into `dir` and returns the number of files
/// written. Refuses a folder that exists and is not empty unless `force`.
pub fn init(dir: &Path, force: bool, today: Date) -> Result<usize> {
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
    let mut written = 0;
    for (path, bytes) in sample_files() {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let bytes = match std::str::from_utf8(bytes) {
            Ok(text) if path.starts_with("content/") && path.ends_with(".md") => {
                stamp_policy_dates(text, today).into_bytes()
            }
            _ => bytes.to_vec(),
        };
        fs::write(&target, bytes).map_err(|e| Error::io(&target, e))?;
        written += 1;
    }
    Ok(written)
}

/// Sets `effective` to `today` and `review` to a year later in the front
/// matter of a policy page; other text is returned unchanged.
pub fn stamp_policy_dates(text: &str, today: Date) -> String {
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
