//! Content that hurts readers: images without alt text, links whose text
//! says nothing ("klik hier"), heading levels that skip, a second h1, and
//! two pages of one language with the same title.

use std::collections::BTreeMap;

use super::Subject;
use crate::error::Diagnostic;
use crate::markdown::LinkKind;
use crate::text::fold;

/// Link texts that say nothing about where the link goes (folded).
const VAGUE: &[&str] = &[
    "klik hier",
    "hier",
    "klik",
    "lees meer",
    "meer",
    "meer info",
    "deze link",
    "link",
    "click here",
    "here",
    "click",
    "read more",
    "more",
    "more info",
    "this link",
];

pub(super) fn check(subject: &Subject<'_>, found: &mut Vec<Diagnostic>) {
    let content = &subject.inputs.content;
    for (id, rendered) in subject.rendered.iter().enumerate() {
        let page = content.page(id);
        let file = &page.source.file;
        for link in &rendered.links {
            let text = link.text.trim();
            if link.image {
                if text.is_empty() {
                    found.push(
                        Diagnostic::warning("image-alt", file, "this image has no alt text")
                            .at(link.line, link.column)
                            .hint("describe the image in the brackets: ![what it shows](...), for readers who cannot see it"),
                    );
                }
                continue;
            }
            if link.kind == LinkKind::Broken {
                continue;
            }
            let folded = fold(text);
            let words = folded.trim_matches(|c: char| !c.is_alphanumeric());
            if text.is_empty() {
                found.push(
                    Diagnostic::warning("link-text", file, "this link has no text")
                        .at(link.line, link.column)
                        .hint("give the link text that says where it goes"),
                );
            } else if VAGUE.contains(&words) {
                found.push(
                    Diagnostic::warning(
                        "link-text",
                        file,
                        format!("the link text “{text}” does not say where the link goes"),
                    )
                    .at(link.line, link.column)
                    .hint("use the name of what it links to, such as “the FAQ”"),
                );
            }
        }
        // The theme shows the page title as the h1.
        let mut previous = 1;
        for heading in &rendered.headings {
            if heading.level == 1 {
                found.push(
                    Diagnostic::warning(
                        "multiple-h1",
                        file,
                        "this heading is a second h1: the page title is already the h1",
                    )
                    .at(heading.line, heading.column)
                    .hint("start headings in the text at ## (h2)"),
                );
            } else if heading.level > previous + 1 {
                found.push(
                    Diagnostic::warning(
                        "heading-skip",
                        file,
                        format!("the heading levels skip from h{previous} to h{}", heading.level),
                    )
                    .at(heading.line, heading.column)
                    .hint(format!("use h{} here, so the outline has no gaps", previous + 1)),
                );
            }
            previous = heading.level;
        }
    }
    let mut titles: BTreeMap<(&str, String), Vec<usize>> = BTreeMap::new();
    for (id, page) in content.pages.iter().enumerate() {
        titles.entry((page.lang(), fold(page.title.trim()))).or_default().push(id);
    }
    for ids in titles.values().filter(|ids| ids.len() > 1) {
        let first = content.page(ids[0]);
        for &id in &ids[1..] {
            let page = content.page(id);
            let (line, col) = page.source.key_position("title");
            found.push(
                Diagnostic::warning(
                    "duplicate-title",
                    &page.source.file,
                    format!("{} has the same title, “{}”", first.source.file.display(), page.title),
                )
                .at(line, col)
                .hint("give each page its own title, so readers can tell them apart in navigation and search"),
            );
        }
    }
}
