//! Static files: the theme's `static/` and the site's own `static/`, with
//! stylesheets and scripts fingerprinted by content hash so browsers can
//! cache them for good.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Diagnostic, Error, Result};
use crate::files::walk::{input_dir, walk};
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

fn generated_origin(name: &str) -> PathBuf {
    PathBuf::from(format!("<generated {name}>"))
}

/// The error for a site file with the name of a file the build generates.
fn replaces_generated(shown: &Path, name: &str) -> Diagnostic {
    Diagnostic::error(
        "duplicate-path",
        shown,
        format!("this and {} would both be written to {name}", generated_origin(name).display()),
    )
    .hint("rename the file: the build writes this one itself")
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
        let generated_names: BTreeSet<String> = generated.iter().map(|(name, _)| name.clone()).collect();
        for (name, bytes) in generated {
            by_name.insert(name.clone(), (Arc::new(bytes), generated_origin(&name), false));
        }
        let mut skipped = Vec::new();
        if let Some(site_static) = input_dir(root, "static").map_err(Error::site)? {
            let walked = walk(root, &site_static);
            if !walked.errors.is_empty() {
                return Err(Error::Site(walked.errors));
            }
            skipped = walked.skipped;
            let mut replaced = Vec::new();
            for entry in walked.entries.into_iter().filter(|e| !e.is_dir) {
                let bytes = std::fs::read(&entry.path).map_err(|e| Error::io(&entry.path, e))?;
                // A site file may replace a theme's, never a generated one.
                if generated_names.contains(&entry.rel) {
                    replaced.push(replaces_generated(&entry.shown, &entry.rel));
                    continue;
                }
                by_name.insert(entry.rel, (Arc::new(bytes), entry.shown, true));
            }
            if !replaced.is_empty() {
                return Err(Error::Site(replaced));
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

/// Files next to pages in `content/<lang>/` that are not Markdown (an image
/// beside the page that shows it), published in the URL folder of the
/// section they are in: `content/nl/docs/intro/diagram.png` goes to the
/// folder of `docs/intro/`'s page, so a relative link from the page works.
pub fn beside_pages(inputs: &crate::inputs::Inputs) -> Result<Vec<StaticFile>> {
    let content = &inputs.content;
    let mut files = Vec::new();
    for found in &content.assets {
        let (folder, name) = found.rel.rsplit_once('/').unwrap_or(("", found.rel.as_str()));
        let section = if folder.is_empty() {
            crate::content::SECTION_FILE.to_string()
        } else {
            format!("{folder}/{}", crate::content::SECTION_FILE)
        };
        let url_folder = match content.find(&found.lang, &section) {
            Some(id) => content.page(id).path.clone(),
            // A folder with no page: its path as it is, in the language's folder.
            None => format!("{}{folder}/", super::context::lang_prefix(inputs, &found.lang)),
        };
        let shown = Path::new("content").join(&found.lang).join(&found.rel);
        let path = inputs.root.join(&shown);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&shown, e))?;
        files.push(StaticFile { output: format!("{url_folder}{name}"), bytes: Arc::new(bytes), shown });
    }
    Ok(files)
}
