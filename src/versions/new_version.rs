//! `beleid policy new-version`: archives a policy page's current text as a
//! version file and moves the page to the new version, so an author never
//! copies files by hand and a pull request shows exactly what changed (the
//! page's diff) and what was kept (the new archive file).
//!
//! Nothing is written unless every check passes; the page is replaced by a
//! rename, so a failure half way leaves it as it was.

use std::fs;
use std::path::{Path, PathBuf};

use super::{compare_versions, version_file, versions_dir};
use crate::content::front_matter::{self, Format};
use crate::date::Date;
use crate::error::{Error, Result};

/// What the author asks for.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    /// The new version, such as `1.1`.
    pub(crate) version: String,
    /// The day the new version takes effect.
    pub(crate) effective: Date,
    /// What changed and why, in a sentence or two.
    pub(crate) note: Option<String>,
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Archived {
    /// The version file that now holds the previous text.
    pub(crate) archive: PathBuf,
    /// The version the page was at.
    pub(crate) previous: String,
}

/// Archives `page`'s text and moves its front matter to the new version.
pub(crate) fn new_version(page: &Path, request: &Request) -> Result<Archived> {
    let usage = |m: String| Error::Usage(format!("{}: {m}", page.display()));
    if !super::is_usable_version(&request.version) {
        return Err(usage(format!("{:?} is not a usable version; use digits and dots, such as 1.1", request.version)));
    }
    let bytes = fs::read(page).map_err(|e| Error::io(page, e))?;
    let text = String::from_utf8(bytes.clone()).map_err(|_| usage("the file is not valid UTF-8".into()))?;
    let split = front_matter::split(text.trim_start_matches('\u{feff}'), page).map_err(|d| Error::Site(vec![d]))?;
    let Some((format, fm)) = split.front_matter else {
        return Err(usage("the page has no front matter, so it is no policy page".into()));
    };
    let meta = front_matter::parse(format, fm, page).map_err(|d| Error::Site(vec![d]))?;
    let Some(policy) = meta.policy else {
        return Err(usage("the page has no [policy] table, so it is no policy page".into()));
    };
    let (Some(previous), Some(effective)) = (policy.version, policy.effective) else {
        return Err(usage("the policy needs a version and an effective date before it can get a new version".into()));
    };
    if compare_versions(&request.version, &previous).is_le() {
        return Err(usage(format!("version {} is not higher than the current version {previous}", request.version)));
    }
    if request.effective <= effective {
        return Err(usage(format!(
            "the new version must take effect after the current one, which took effect on {effective}"
        )));
    }
    if !super::is_usable_version(&previous) {
        return Err(usage(format!("the current version {previous:?} cannot name a file; use digits and dots")));
    }
    let archive = version_file(&versions_dir(page), &previous);
    if archive.exists() {
        return Err(usage(format!("{} already exists; a version is archived once", archive.display())));
    }
    let updated = set_policy_keys(&text, format, request)
        .filter(|updated| says_what_was_asked(updated, page, request))
        .ok_or_else(|| {
            usage("its [policy] table could not be updated safely; set version, effective and note by hand".into())
        })?;

    // Archive first (a new file), then swap the page in by a rename.
    let dir = versions_dir(page);
    fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    write_new(&archive, &bytes)?;
    let temporary = page.with_extension("md.beleid-new");
    let replaced = fs::write(&temporary, updated.as_bytes())
        .and_then(|()| fs::rename(&temporary, page))
        .map_err(|e| Error::io(page, e));
    if let Err(e) = replaced {
        let _ = fs::remove_file(&temporary);
        let _ = fs::remove_file(&archive);
        return Err(e);
    }
    Ok(Archived { archive, previous })
}

/// Writes a file that must not exist yet.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut file = fs::OpenOptions::new().write(true).create_new(true).open(path).map_err(|e| Error::io(path, e))?;
    file.write_all(bytes).map_err(|e| Error::io(path, e))
}

/// The file's text with `version`, `effective` and `note` set in its
/// policy table; every other line is kept as written.
fn set_policy_keys(text: &str, format: Format, request: &Request) -> Option<String> {
    let mut values = vec![("version", quoted(&request.version)), ("effective", request.effective.to_string())];
    if let Some(note) = &request.note {
        values.push(("note", quoted(note)));
    }
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let fence = if format == Format::Toml { "+++" } else { "---" };
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    for (key, value) in values {
        let end = 1 + lines
            .iter()
            .skip(1)
            .position(|l| l.trim_end() == fence || (format == Format::Yaml && l.trim_end() == "..."))?;
        let (start, stop, indent) = policy_region(&lines[..end], format)?;
        let line = match format {
            Format::Toml => format!("{key} = {value}{newline}"),
            Format::Yaml => format!("{indent}{key}: {value}{newline}"),
        };
        match (start + 1..stop).find(|&i| key_of(&lines[i], format) == Some(key)) {
            Some(i) => lines[i] = line,
            None => {
                let last = (start + 1..stop).filter(|&i| key_of(&lines[i], format).is_some()).max();
                lines.insert(last.unwrap_or(start) + 1, line);
            }
        }
    }
    Some(lines.concat())
}

/// True if the edited file parses and says the new version, date and note.
fn says_what_was_asked(text: &str, page: &Path, request: &Request) -> bool {
    let Ok(split) = front_matter::split(text.trim_start_matches('\u{feff}'), page) else { return false };
    let Some((format, fm)) = split.front_matter else { return false };
    let Some(policy) = front_matter::parse(format, fm, page).ok().and_then(|m| m.policy) else { return false };
    policy.version.as_deref() == Some(request.version.as_str())
        && policy.effective == Some(request.effective)
        && (request.note.is_none() || policy.note == request.note)
}

/// The policy table's header line, the line after its last line (within the
/// front matter), and the indentation of its keys.
fn policy_region(lines: &[String], format: Format) -> Option<(usize, usize, String)> {
    match format {
        Format::Toml => {
            let start = lines.iter().position(|l| l.trim() == "[policy]")?;
            let stop =
                (start + 1..lines.len()).find(|&i| lines[i].trim_start().starts_with('[')).unwrap_or(lines.len());
            Some((start, stop, String::new()))
        }
        Format::Yaml => {
            let start = lines.iter().position(|l| l.trim_end() == "policy:")?;
            let stop = (start + 1..lines.len())
                .find(|&i| !lines[i].trim().is_empty() && !lines[i].starts_with([' ', '\t']))
                .unwrap_or(lines.len());
            let indent = lines[start + 1..stop]
                .iter()
                .find(|l| !l.trim().is_empty())
                .map_or("  ".to_string(), |l| l[..l.len() - l.trim_start().len()].to_string());
            Some((start, stop, indent))
        }
    }
}

/// The key a front-matter line sets, if any.
fn key_of(line: &str, format: Format) -> Option<&str> {
    let line = line.trim_start();
    let separator = if format == Format::Toml { '=' } else { ':' };
    let (key, _) = line.split_once(separator)?;
    let key = key.trim();
    (!key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')).then_some(key)
}

/// A string in double quotes, escaped the same way for TOML and YAML.
fn quoted(value: &str) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "\"\"".into())
}

#[cfg(test)]
#[path = "new_version_tests.rs"]
mod tests;
