//! The rows of a version's "what changed" page: the clause comparison of
//! [`crate::versions::diff`] turned into escaped HTML for the template, with
//! added and removed words marked for eyes and for screen readers.

use serde::Serialize;

/// One entry of a "what changed" page, ready for the template.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChangeRow {
    /// `changed`, `added`, `removed`, `moved` or `unchanged`.
    pub(crate) kind: &'static str,
    /// The clause's number in the older version (removed, moved, changed).
    pub(crate) old_number: Option<String>,
    /// The clause's number in the newer version.
    pub(crate) number: Option<String>,
    /// The clause's heading in the newer version (or the older, if removed).
    pub(crate) heading: String,
    /// The link to the clause in the newer version's text.
    pub(crate) url: Option<String>,
    /// The clause's text with added and removed words marked (escaped HTML).
    pub(crate) html: String,
    /// For a run of unchanged clauses: their numbers.
    pub(crate) numbers: Vec<String>,
}

/// Labels read out by screen readers before marked words (`ingevoegd:`).
pub(crate) struct MarkLabels<'a> {
    /// Before added words.
    pub(crate) added: &'a str,
    /// Before removed words.
    pub(crate) removed: &'a str,
}

/// The rows of a "what changed" page comparing `old` with `new`; runs of
/// unchanged clauses collapse to one row. `clause_url` links a clause id.
pub(crate) fn change_rows(
    old: &[crate::markdown::Clause],
    new: &[crate::markdown::Clause],
    labels: &MarkLabels<'_>,
    clause_url: &dyn Fn(&str) -> String,
) -> Vec<ChangeRow> {
    use crate::versions::diff::{Kind, Words, compare};
    let mut rows: Vec<ChangeRow> = Vec::new();
    for change in compare(old, new) {
        let clause = change.new.or(change.old);
        let number = change.new.map(|c| c.number.clone());
        if change.kind == Kind::Unchanged
            && let Some(last) = rows.last_mut().filter(|r| r.kind == "unchanged")
        {
            last.numbers.extend(number);
            continue;
        }
        let html = match change.kind {
            Kind::Unchanged => String::new(),
            Kind::Added => mark(&[Words::Added(text_of(change.new))], labels),
            Kind::Removed => mark(&[Words::Removed(text_of(change.old))], labels),
            Kind::Changed | Kind::Moved if change.words.is_empty() => mark(&[Words::Same(text_of(change.new))], labels),
            Kind::Changed | Kind::Moved => mark(&change.words, labels),
        };
        rows.push(ChangeRow {
            kind: match change.kind {
                Kind::Unchanged => "unchanged",
                Kind::Changed => "changed",
                Kind::Added => "added",
                Kind::Removed => "removed",
                Kind::Moved => "moved",
            },
            old_number: change.old.map(|c| c.number.clone()),
            heading: clause.map(|c| c.heading.clone()).unwrap_or_default(),
            url: change.new.map(|c| clause_url(&c.id)),
            numbers: if change.kind == Kind::Unchanged { number.clone().into_iter().collect() } else { Vec::new() },
            number,
            html,
        });
    }
    rows
}

fn text_of(clause: Option<&crate::markdown::Clause>) -> String {
    clause.map(|c| c.text.clone()).unwrap_or_default()
}

/// Escaped HTML of a word-level comparison: added words in `<ins>`, removed
/// in `<del>`, each starting with a visually hidden label so the change is
/// heard, not only seen; line breaks kept.
fn mark(words: &[crate::versions::diff::Words], labels: &MarkLabels<'_>) -> String {
    use crate::versions::diff::Words;
    let mut html = String::new();
    let text = |t: &str| crate::text::escape_html(t).replace('\n', "<br>");
    for piece in words {
        match piece {
            Words::Same(t) => html.push_str(&text(t)),
            Words::Added(t) => {
                let label = crate::text::escape_html(labels.added);
                html.push_str(&format!("<ins><span class=\"visually-hidden\">{label} </span>{}</ins>", text(t)));
            }
            Words::Removed(t) => {
                let label = crate::text::escape_html(labels.removed);
                html.push_str(&format!("<del><span class=\"visually-hidden\">{label} </span>{}</del>", text(t)));
            }
        }
    }
    html
}
