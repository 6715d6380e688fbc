//! Re-reading the pages an edit under `content/` touched.

use std::path::Path;
use std::sync::Arc;

use super::Sources;
use crate::content::{self, is_ignored_name};
use crate::error::{Error, Result};
use crate::files::walk;

/// Re-reads whatever is at `rel` (a path below `content/`): a Markdown file,
/// a folder (all Markdown below it), or nothing (removed).
pub(super) fn update(sources: &mut Sources, root: &Path, config: &crate::config::Config, rel: &Path) -> Result<()> {
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let Some((lang, rest)) = parts.split_first() else {
        return Ok(());
    };
    if !config.languages.contains_key(lang) || parts.iter().any(|p| is_ignored_name(p)) {
        return Ok(());
    }
    let rest = rest.join("/");
    // Forget what was there (a file, or everything below a folder).
    let folder_prefix = format!("{rest}/");
    sources.retain(|(l, r), _| l != lang || (r != &rest && !(rest.is_empty() || r.starts_with(&folder_prefix))));
    // A symbolic link on the way is skipped, as the full scan skips it
    // (that scan's warning names it); so is what no longer exists.
    let Ok(Some(full)) = walk::input_path(root, &format!("content/{}", parts.join("/"))) else {
        return Ok(());
    };
    let mut files = Vec::new();
    if full.is_dir() {
        // Unreadable entries and names that are not UTF-8 are the full
        // scan's errors; an update looks only for pages.
        let walked = walk::walk(root, &full);
        for entry in walked.entries.into_iter().filter(|e| !e.is_dir && e.rel.ends_with(".md")) {
            files.push(if rest.is_empty() { entry.rel } else { format!("{rest}/{}", entry.rel) });
        }
    } else if full.is_file() && rest.ends_with(".md") {
        files.push(rest);
    }
    let mut errors = Vec::new();
    for file in files {
        match content::read_and_parse(root, lang, &file) {
            Ok(source) => {
                sources.insert((lang.clone(), file), Arc::new(source));
            }
            Err(d) => errors.push(d),
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(Error::Site(errors)) }
}
