//! Links to pages, anchors and files must lead somewhere.

use super::Subject;
use crate::error::{Diagnostic, closest};
use crate::markdown::{LinkKind, Rendered};

pub(super) fn check(subject: &Subject<'_>, found: &mut Vec<Diagnostic>) {
    let content = &subject.inputs.content;
    for (id, rendered) in subject.rendered.iter().enumerate() {
        let file = &content.page(id).source.file;
        for link in &rendered.links {
            let problem = match &link.kind {
                LinkKind::Page { page, anchor: Some(anchor) } if !subject.rendered[*page].has_anchor(anchor) => {
                    let target = content.page(*page);
                    Some(missing_anchor(
                        file,
                        format!("{} has no heading with the id #{anchor}", target.source.file.display()),
                        anchor,
                        &subject.rendered[*page],
                    ))
                }
                LinkKind::Anchor(anchor) if !anchor.is_empty() && !rendered.has_anchor(anchor) => Some(missing_anchor(
                    file,
                    format!("this page has no heading with the id #{anchor}"),
                    anchor,
                    rendered,
                )),
                LinkKind::File(path) if !is_published(subject, path) => Some(
                    Diagnostic::error("broken-link", file, format!("nothing is published at /{path}"))
                        .hint("put the file in static/, or link to a page's .md file instead of its URL"),
                ),
                _ => None,
            };
            if let Some(d) = problem {
                found.push(d.at(link.line, link.column));
            }
        }
    }
}

fn missing_anchor(file: &std::path::Path, message: String, anchor: &str, target: &Rendered) -> Diagnostic {
    let ids: Vec<&str> = target.headings.iter().map(|h| h.id.as_str()).collect();
    let hint = match closest(anchor, ids.iter().copied()) {
        Some(best) => format!("did you mean #{best}?"),
        None if ids.is_empty() => "the page has no headings to link to".to_string(),
        None => {
            format!("headings there: {}", ids.iter().take(8).map(|i| format!("#{i}")).collect::<Vec<_>>().join(", "))
        }
    };
    Diagnostic::error("missing-anchor", file, message).hint(hint)
}

/// True if a site path (`files/a.pdf`, `en/faq/`) is something the build writes.
fn is_published(subject: &Subject<'_>, path: &str) -> bool {
    let outputs = subject.outputs;
    if path.is_empty() || outputs.contains(path) {
        return true;
    }
    let dir = path.trim_end_matches('/');
    outputs.contains(&format!("{dir}/index.html"))
}
