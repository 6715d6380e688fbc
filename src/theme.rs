//! Themes: templates, static files and UI strings, from `themes/<name>/` in
//! the site or, for `default` when the site has no such folder, from the
//! copy embedded in the binary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::files::walk::{input_dir, walk};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The folder of theme `name`: `themes/<name>`, a name being one plain
/// folder name so the theme cannot be looked for outside `themes/`.
fn theme_folder(root: &Path, name: &str) -> Result<String> {
    let plain = !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\']);
    if !plain {
        return Err(Error::site(
            Diagnostic::error("theme", Config::path(root), format!("theme = {name:?} is not a folder name"))
                .hint("name a folder directly inside themes/, or \"default\""),
        ));
    }
    Ok(format!("themes/{name}"))
}

/// The files of the sample site embedded in the binary, for `beleid init`.
pub fn sample_files() -> &'static [(&'static str, &'static [u8])] {
    embedded::SAMPLE
}

/// Where a theme file came from, for messages.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// The path to show in messages.
    pub shown: PathBuf,
}

/// A theme's files by path inside the theme (`templates/page.html`,
/// `static/style.css`, `i18n/nl.toml`), with the site's own `templates/`
/// laid over the theme's.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// The theme's name.
    pub name: String,
    files: BTreeMap<String, ThemeFile>,
    /// Symbolic links found in the theme's folders and skipped.
    pub skipped: Vec<Diagnostic>,
}

impl Theme {
    /// Loads the configured theme, then the site's template overrides.
    pub fn load(root: &Path, config: &Config) -> Result<Theme> {
        let mut theme = Theme { name: config.theme.clone(), ..Theme::default() };
        let folder = theme_folder(root, &config.theme)?;
        match input_dir(root, &folder).map_err(Error::site)? {
            Some(dir) => theme.add_dir(root, &dir, "")?,
            None if config.theme == "default" => theme = Theme::builtin(),
            None => {
                return Err(Error::site(
                    Diagnostic::error(
                        "theme",
                        Config::path(root),
                        format!("there is no theme folder themes/{}/", config.theme),
                    )
                    .hint("create the folder, or set theme = \"default\" for the built-in theme"),
                ));
            }
        }
        if let Some(overrides) = input_dir(root, "templates").map_err(Error::site)? {
            theme.add_dir(root, &overrides, "templates/")?;
        }
        Ok(theme)
    }

    /// The built-in default theme alone.
    pub fn builtin() -> Theme {
        let mut theme = Theme { name: "default".into(), ..Theme::default() };
        for (path, bytes) in embedded::THEME {
            let shown = PathBuf::from("<built-in theme>").join(path);
            theme.files.insert((*path).to_string(), ThemeFile { bytes: bytes.to_vec(), shown });
        }
        theme
    }

    /// A theme made of the given files, for tests.
    pub fn from_files(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Theme {
        let files = files
            .into_iter()
            .map(|(path, bytes)| {
                let shown = PathBuf::from("<test theme>").join(&path);
                (path, ThemeFile { bytes, shown })
            })
            .collect();
        Theme { name: "test".into(), files, skipped: Vec::new() }
    }

    fn add_dir(&mut self, root: &Path, dir: &Path, prefix: &str) -> Result<()> {
        let walked = walk(root, dir);
        if !walked.errors.is_empty() {
            return Err(Error::Site(walked.errors));
        }
        self.skipped.extend(walked.skipped);
        for entry in walked.entries.into_iter().filter(|e| !e.is_dir) {
            let bytes = std::fs::read(&entry.path).map_err(|e| Error::io(&entry.path, e))?;
            self.files.insert(format!("{prefix}{}", entry.rel), ThemeFile { bytes, shown: entry.shown });
        }
        Ok(())
    }

    /// Files under a folder of the theme (`templates/`), with the folder cut
    /// from their names.
    pub fn files_under<'a>(&'a self, folder: &'a str) -> impl Iterator<Item = (&'a str, &'a ThemeFile)> + 'a {
        self.files
            .range(folder.to_string()..)
            .take_while(move |(k, _)| k.starts_with(folder))
            .map(move |(k, v)| (&k[folder.len()..], v))
    }

    /// One file by its path in the theme.
    pub fn file(&self, path: &str) -> Option<&ThemeFile> {
        self.files.get(path)
    }
}
