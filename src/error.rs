//! Errors and diagnostics.
//!
//! Every problem a user can fix is a [`Diagnostic`]: what went wrong, where
//! (file, line, column) and, where we can tell, what to do about it. Location
//! is carried as data, not formatted into the message, so that `beleid check
//! --format json`, the dev server's overlay and the terminal all print the same
//! facts. A build collects all diagnostics before giving up, so one run shows
//! every problem.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Fails the build (and `beleid check`).
    Error,
    /// Printed, but the build succeeds.
    Warning,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Error => "error",
            Level::Warning => "warning",
        })
    }
}

/// One problem found in the site's files.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub(crate) level: Level,
    /// A stable, kebab-case name for the kind of problem (`broken-link`,
    /// `unknown-key`, ...). Used to silence a check and by JSON consumers.
    pub code: &'static str,
    /// The file the problem is in, as given to the user (relative to the site
    /// root where possible).
    pub path: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it, when we can tell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of `level` at a file as a whole, for checks whose level
    /// depends on the caller (a warning on build, an error on check).
    pub(crate) fn new(level: Level, code: &'static str, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic { level, code, path: path.into(), line: 0, column: 0, message: message.into(), hint: None }
    }

    /// An error at a file as a whole.
    pub(crate) fn error(code: &'static str, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic::new(Level::Error, code, path, message)
    }

    /// A warning at a file as a whole.
    pub(crate) fn warning(code: &'static str, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic::new(Level::Warning, code, path, message)
    }

    /// Sets the position (1-based line and column).
    pub(crate) fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Adds a hint saying what to do.
    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// True for errors.
    pub(crate) fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    /// The `path:line:col` prefix, leaving out unknown parts.
    pub(crate) fn location(&self) -> String {
        let path = self.path.display();
        match (self.line, self.column) {
            (0, _) => format!("{path}"),
            (line, 0) => format!("{path}:{line}"),
            (line, col) => format!("{path}:{line}:{col}"),
        }
    }

    /// Sort key that groups diagnostics by file, then position.
    pub(crate) fn sort_key(&self) -> (&Path, usize, usize, Level, &str) {
        (&self.path, self.line, self.column, self.level, &self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.location(), self.level, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

/// Sorts diagnostics by file and position and removes exact duplicates, so
/// output is stable whatever order parallel stages produced them in.
pub(crate) fn sort_diagnostics(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
}

/// The crate's error type.
#[derive(Debug)]
pub enum Error {
    /// Problems in the site's own files (config, content, templates). Exit code 1.
    Site(Vec<Diagnostic>),
    /// A file could not be read or written. Exit code 1.
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// What the operating system said.
        source: io::Error,
    },
    /// The command was used wrongly (a refused output folder, a bad flag
    /// value). Exit code 2.
    Usage(String),
    /// The command was used rightly but could not run to the end: a port
    /// in use, the output locked by another build, a watcher or thread that
    /// would not start, a file the build may not write. Exit code 1.
    Runtime(String),
    /// The problems were already reported (`beleid check` prints its own
    /// report). Exit code 1.
    Reported,
}

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub(crate) fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }

    /// A single site diagnostic as an error.
    pub(crate) fn site(diagnostic: Diagnostic) -> Self {
        Error::Site(vec![diagnostic])
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            Error::Site(_) | Error::Io { .. } | Error::Runtime(_) | Error::Reported => 1,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Site(diagnostics) => {
                for (i, d) in diagnostics.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{d}")?;
                }
                Ok(())
            }
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Usage(message) | Error::Runtime(message) => f.write_str(message),
            Error::Reported => f.write_str("problems were found"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Converts a byte offset in `text` to a 1-based (line, column), counting
/// columns in characters.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut start = offset;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The closest candidate to `word` by edit distance (Levenshtein, over
/// characters), if it is close enough to be a plausible typo.
pub(crate) fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates.into_iter().map(|c| (strsim::levenshtein(word, c), c)).filter(|(d, _)| *d <= limit).min().map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\ncé d\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        // "é" is two bytes; the space after it is the third character.
        assert_eq!(line_col(text, 6), (2, 3));
        assert_eq!(line_col(text, 100), (3, 1));
    }

    #[test]
    fn closest_suggests_typos_only() {
        let keys = ["title", "base_url", "default_language"];
        assert_eq!(closest("titel", keys), Some("title"));
        assert_eq!(closest("baseurl", keys), Some("base_url"));
        assert_eq!(closest("colour", keys), None);
    }

    #[test]
    fn display_includes_location_and_hint() {
        let d = Diagnostic::error("x", "a.md", "broken").at(3, 7).hint("fix it");
        assert_eq!(d.to_string(), "a.md:3:7: error: broken\n  hint: fix it");
        let d = Diagnostic::warning("x", "a.md", "old");
        assert_eq!(d.to_string(), "a.md: warning: old");
    }
}
