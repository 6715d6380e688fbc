//! Files on disk, as every stage that reads or writes them sees them: the
//! one walk over a site's input folders, UTF-8 decoding of source files,
//! and the longest name a file system allows.
//!
//! It sits below every stage (config, content, theme, UI strings, output),
//! so that none of them reaches up to the loader in [`crate::inputs`] or to
//! [`crate::output`] for these.

pub mod walk;

use std::path::Path;

use crate::error::Diagnostic;

/// The longest name of a file or folder most file systems allow, in bytes.
pub const MAX_NAME_BYTES: usize = 255;

/// Decodes a source file's bytes as UTF-8; if they are not, the error
/// names the line and column of the first bad byte.
pub fn decode_utf8(bytes: Vec<u8>, shown: &Path) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // Cannot fail: `valid_up_to` ends where the valid prefix ends.
        let valid = std::str::from_utf8(valid).unwrap_or("");
        let (line, col) = crate::error::line_col(valid, valid.len());
        Diagnostic::error("encoding", shown, "the file is not valid UTF-8")
            .at(line, col)
            .hint("save the file as UTF-8 in your editor")
    })
}
