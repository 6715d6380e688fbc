//! Translations: a page that exists in one language but not another, and a
//! translation older than its source (the default language's page).

use super::Subject;
use crate::content::Page;
use crate::date::Date;
use crate::error::Diagnostic;

fn changed(page: &Page) -> Option<Date> {
    page.source.meta.updated.or(page.source.meta.date)
}

pub(super) fn check(subject: &Subject<'_>, found: &mut Vec<Diagnostic>) {
    let inputs = subject.inputs;
    let content = &inputs.content;
    let languages = inputs.config.language_codes();
    let default = inputs.config.default_language.as_str();
    for group in content.translation_groups().values() {
        // Only files someone wrote count; a folder without _index.md is no page.
        let written: Vec<(&str, &Page)> = languages
            .iter()
            .filter_map(|l| group.get(*l).map(|&id| (*l, content.page(id))))
            .filter(|(_, p)| p.on_disk)
            .collect();
        let Some(&(source_lang, source)) = written.iter().find(|(l, _)| *l == default).or(written.first()) else {
            continue;
        };
        for lang in &languages {
            if written.iter().any(|(l, _)| l == lang) {
                continue;
            }
            let expected = std::path::Path::new("content").join(lang).join(source.rel());
            found.push(
                Diagnostic::warning(
                    "missing-translation",
                    &source.source.file,
                    format!(
                        "this page has no {} translation ({} does not exist)",
                        inputs.config.language_name(lang),
                        expected.display()
                    ),
                )
                .hint(format!(
                    "translate it to {}, or silence this with ignore_checks = [\"missing-translation\"]",
                    expected.display()
                )),
            );
        }
        let Some(source_changed) = changed(source) else {
            continue;
        };
        for (lang, page) in &written {
            if *lang == source_lang {
                continue;
            }
            if let Some(translated) = changed(page)
                && translated < source_changed
            {
                let (line, col) =
                    page.source.key_position(if page.source.meta.updated.is_some() { "updated" } else { "date" });
                found.push(
                    Diagnostic::warning(
                        "stale-translation",
                        &page.source.file,
                        format!(
                            "this translation was last updated on {translated}, before its {} source {} ({source_changed})",
                            inputs.config.language_name(source_lang),
                            source.source.file.display()
                        ),
                    )
                    .at(line, col)
                    .hint("bring the translation up to date, then set `updated` to today"),
                );
            }
        }
    }
}
