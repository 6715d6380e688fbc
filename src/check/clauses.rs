//! Clauses are quoted by number ("see article 5.2"): a translation must
//! have the same clause ids as its source, and a link that names an article
//! must lead to that article.

use std::collections::BTreeSet;

use super::Subject;
use crate::error::Diagnostic;
use crate::markdown::{LinkKind, Rendered, clause_id, leading_number};

pub(super) fn check(subject: &Subject<'_>, found: &mut Vec<Diagnostic>) {
    translations(subject, found);
    versions(subject, found);
    links(subject, found);
}

/// A translation of a policy that lags its source's version: readers of
/// the translation would read rules that no longer hold.
fn versions(subject: &Subject<'_>, found: &mut Vec<Diagnostic>) {
    let content = &subject.inputs.content;
    let config = &subject.inputs.config;
    let default = config.default_language.as_str();
    let version_of =
        |id| content.page(id).source.meta.policy.as_ref().and_then(|p: &crate::content::PolicyMeta| p.version.clone());
    for group in content.translation_groups().values() {
        let Some(&source_id) = group.get(default) else { continue };
        let Some(source_version) = version_of(source_id) else { continue };
        for (lang, &id) in group.iter().filter(|(lang, _)| lang.as_str() != default) {
            let Some(own) = version_of(id) else { continue };
            if crate::content::versions::compare_versions(&own, &source_version).is_lt() {
                let page = content.page(id);
                let (line, column) = page.source.key_position("version");
                found.push(
                    Diagnostic::warning(
                        "stale-version",
                        &page.source.file,
                        format!(
                            "this {} translation is of version {own}, but {} is at version {source_version}",
                            config.language_name(lang),
                            content.page(source_id).source.file.display()
                        ),
                    )
                    .at(line, column)
                    .hint("translate the new version, or run `beleid policy new-version` on the translation too"),
                );
            }
        }
    }
}

/// A translation that lacks a clause id its source has, or has one the
/// source lacks: a reader following `#art-5.2` from the other language
/// would land nowhere.
fn translations(subject: &Subject<'_>, found: &mut Vec<Diagnostic>) {
    let content = &subject.inputs.content;
    let config = &subject.inputs.config;
    let default = config.default_language.as_str();
    for group in content.translation_groups().values() {
        let Some(&source_id) = group.get(default) else { continue };
        let source = content.page(source_id);
        if !source.is_policy() {
            continue;
        }
        let ids = |r: &Rendered| -> BTreeSet<String> { r.clauses.iter().map(|c| c.id.clone()).collect() };
        let Some(source_rendered) = subject.rendered.get(source_id) else { continue };
        let source_ids = ids(source_rendered);
        for (lang, &id) in group.iter().filter(|(lang, _)| lang.as_str() != default) {
            let page = content.page(id);
            let Some(rendered) = subject.rendered.get(id) else { continue };
            let own = ids(rendered);
            let missing: Vec<&str> = source_ids.difference(&own).map(String::as_str).collect();
            let extra: Vec<&str> = own.difference(&source_ids).map(String::as_str).collect();
            if missing.is_empty() && extra.is_empty() {
                continue;
            }
            let list = |ids: &[&str]| ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", ");
            let mut parts = Vec::new();
            if !missing.is_empty() {
                parts.push(format!("lacks {} that {} has", list(&missing), source.source.file.display()));
            }
            if !extra.is_empty() {
                parts.push(format!("has {} that the source lacks", list(&extra)));
            }
            let at = extra.first().and_then(|x| rendered.clauses.iter().find(|c| c.id == *x));
            let mut d = Diagnostic::warning(
                "clause-mismatch",
                &page.source.file,
                format!("this {} translation {}", config.language_name(lang), parts.join(", and ")),
            )
            .hint("number the articles and sub-clauses as in the source, so links to #art-… work in every language");
            if let Some(clause) = at {
                d = d.at(clause.line, clause.column);
            }
            found.push(d);
        }
    }
}

/// A link whose text names an article ("artikel 13", "article 5.2") but
/// whose target is another clause (`#art-12`).
fn links(subject: &Subject<'_>, found: &mut Vec<Diagnostic>) {
    let content = &subject.inputs.content;
    for (id, rendered) in subject.rendered.iter().enumerate() {
        for link in &rendered.links {
            let anchor = match &link.kind {
                LinkKind::Anchor(anchor) | LinkKind::Page { anchor: Some(anchor), .. } => anchor,
                _ => continue,
            };
            let Some(named) = named_article(&link.text) else { continue };
            if !anchor.starts_with("art-") || *anchor == clause_id(&named) {
                continue;
            }
            found.push(
                Diagnostic::warning(
                    "clause-link",
                    &content.page(id).source.file,
                    format!("the link text names article {named}, but the link goes to #{anchor}"),
                )
                .at(link.line, link.column)
                .hint(format!("link to #{} or correct the article number in the text", clause_id(&named))),
            );
        }
    }
}

/// The article number a link text names: "artikel 13", "article 5.2",
/// "art. 7" (in any case), or `None`.
fn named_article(text: &str) -> Option<String> {
    let lower = text.trim().to_lowercase();
    let starts = ["artikel ", "article ", "art. ", "art "].iter().any(|p| lower.starts_with(p));
    if !starts {
        return None;
    }
    leading_number(&lower).map(|(number, _)| number.to_string())
}

#[cfg(test)]
mod tests {
    use super::named_article;

    #[test]
    fn article_names_in_link_texts() {
        let cases = [
            ("artikel 13", Some("13")),
            ("Article 5.2", Some("5.2")),
            ("art. 7", Some("7")),
            ("artikel 12 over vragen", Some("12")),
            ("het aanspreekpunt", None),
            ("13", None),
            ("artikelen", None),
        ];
        for (text, want) in cases {
            assert_eq!(named_article(text).as_deref(), want, "{text}");
        }
    }
}
