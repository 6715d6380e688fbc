//! Diagnostics about TOML text: where a key is written, and TOML errors as
//! positioned diagnostics with a "did you mean" hint.

use std::path::Path;

use toml::de::DeTable;

use crate::error::{Diagnostic, closest, line_col};

/// The 1-based (line, column) where the key at `path` (table names, then
/// the key) is written, from the spans toml's parser records: the key
/// itself, or the `[` of a table header that names it. `None` when the key
/// is not written there or the text does not parse.
pub(crate) fn key_position(text: &str, path: &[&str]) -> Option<(usize, usize)> {
    let (last, tables) = path.split_last()?;
    let root = DeTable::parse(text).ok()?;
    let mut table = root.get_ref();
    for name in tables {
        table = table.get(*name)?.get_ref().as_table()?;
    }
    let (key, _) = table.get_key_value(*last)?;
    Some(line_col(text, header_start(text, key.span().start)))
}

/// For a key named in a `[table]` header, the offset of the header's `[`,
/// where a reader looks for the table; else `offset` itself.
fn header_start(text: &str, offset: usize) -> usize {
    let before = text.get(..offset).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let on_line = &before[line_start..];
    let indented = on_line.trim_start();
    if indented.starts_with('[') && !on_line.contains('=') { offset - indented.len() } else { offset }
}

/// Where `key` is set in `[table]` (a dotted table name), else where the
/// table is named, as (line, column); (1, 1) when neither is written.
pub(crate) fn key_position_in_table(text: &str, table: &str, key: &str) -> (usize, usize) {
    let tables: Vec<&str> = table.split('.').collect();
    let with_key: Vec<&str> = tables.iter().copied().chain([key]).collect();
    key_position(text, &with_key).or_else(|| key_position(text, &tables)).unwrap_or((1, 1))
}

/// Turns a TOML (syntax or schema) error into a diagnostic with position;
/// `line_offset` is added when the TOML text starts further down a file
/// (front matter). Unknown keys get a "did you mean" hint.
pub(crate) fn toml_diagnostic(
    error: &toml::de::Error,
    text: &str,
    path: &Path,
    code: &'static str,
    line_offset: usize,
) -> Diagnostic {
    let (line, col) = error.span().map_or((0, 0), |s| line_col(text, s.start));
    let message = error.message().trim().to_string();
    let mut diagnostic = Diagnostic::error(code, path, message.clone());
    if line > 0 {
        diagnostic = diagnostic.at(line + line_offset, col);
    }
    if let Some(hint) = unknown_field_hint(&message) {
        diagnostic = diagnostic.hint(hint);
    }
    diagnostic
}

/// For serde's "unknown field `x`, expected one of `a`, `b`" messages: a hint
/// suggesting the closest known key, else listing them.
pub(crate) fn unknown_field_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    if expected.is_empty() {
        return Some(format!("remove `{field}`: this table takes no keys"));
    }
    Some(match closest(field, expected.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("known keys here: {}", expected.join(", ")),
    })
}
