//! Static files: the theme's `static/` and the site's own `static/`, with
//! stylesheets and scripts fingerprinted by content hash so browsers can
//! cache them for good.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use crate::error::{Diagnostic, Error, Result};
use crate::fingerprint::fingerprinted_name;
use crate::theme::Theme;

/// A file to publish as it is.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Its path in the output.
    pub output: String,
    /// Its bytes.
    pub bytes: Arc<Vec<u8>>,
    /// Where it came from, for messages.
    pub shown: PathBuf,
}

/// The static files of a build and the URLs templates use for them.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    /// Every static file to write.
    pub files: Vec<StaticFile>,
    /// Asset name (`style.css`) → published URL (`/style.1a2b3c4d.css`).
    pub urls: BTreeMap<String, String>,
    /// Symbolic links found in the site's `static/` and skipped.
    pub skipped: Vec<Diagnostic>,
}

fn is_fingerprinted_kind(name: &str) -> bool {
    name.ends_with(".css") || name.ends_with(".js")
}

impl Assets {
    /// Collects theme and site static files. Theme stylesheets and scripts
    /// are published only under fingerprinted names; the site's own are
    /// published under both, since content may link to them by name.
    pub fn collect(root: &Path, theme: &Theme, base_path: &str, generated: Vec<(String, Vec<u8>)>) -> Result<Assets> {
        let mut by_name: BTreeMap<String, (Arc<Vec<u8>>, PathBuf, bool)> = BTreeMap::new();
        for (name, file) in theme.files_under("static/") {
            by_name.insert(name.to_string(), (Arc::new(file.bytes.clone()), file.shown.clone(), false));
        }
        for (name, bytes) in generated {
            by_name.insert(name.clone(), (Arc::new(bytes), PathBuf::from(format!("<generated {name}>")), false));
        }
        let mut skipped = Vec::new();
        let site_static = root.join("static");
        if site_static.is_dir() {
            for entry in WalkDir::new(&site_static).follow_links(false).sort_by_file_name() {
                let entry = entry.map_err(|e| Error::io(&site_static, std::io::Error::other(e.to_string())))?;
                let file_name = entry.file_name().to_string_lossy();
                if crate::content::is_ignored_name(&file_name) {
                    continue;
                }
                if entry.path_is_symlink() {
                    skipped
                        .push(crate::content::skipped_symlink(entry.path().strip_prefix(root).unwrap_or(entry.path())));
                    continue;
                }
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = entry.path().strip_prefix(&site_static).unwrap_or(entry.path());
                let Some(name) = rel.to_str().map(|s| s.replace('\\', "/")) else {
                    return Err(Error::site(Diagnostic::error("file-name", rel, "this file name is not valid UTF-8")));
                };
                let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
                let shown = entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf();
                by_name.insert(name, (Arc::new(bytes), shown, true));
            }
        }
        let mut assets = Assets { skipped, ..Assets::default() };
        for (name, (bytes, shown, from_site)) in by_name {
            let output = if is_fingerprinted_kind(&name) {
                let fingerprinted = fingerprinted_name(&name, &bytes);
                if from_site {
                    assets.files.push(StaticFile {
                        output: name.clone(),
                        bytes: Arc::clone(&bytes),
                        shown: shown.clone(),
                    });
                }
                fingerprinted
            } else {
                name.clone()
            };
            assets.urls.insert(name, format!("{base_path}{output}"));
            assets.files.push(StaticFile { output, bytes, shown });
        }
        Ok(assets)
    }
}
