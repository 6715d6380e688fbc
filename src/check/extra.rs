//! `[extra]` keys nothing uses: a value in `beleid.toml` that no page names
//! as `{{ extra.key }}` and no template reads is most often a typo or a
//! leftover, and an organisation adopting a policy should not keep a stale
//! address around thinking it is shown.

use std::collections::BTreeSet;

use super::Subject;
use crate::config::{CONFIG_FILE, key_position_in_table};
use crate::content::placeholders;
use crate::error::Diagnostic;

/// The site `[extra]` keys a template reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct TemplateExtra {
    /// Top-level keys read as `extra.key` or `extra["key"]`.
    pub(crate) keys: BTreeSet<String>,
    /// True when the template uses `site.extra` as a whole (loops over it,
    /// passes it on), so any key may be read.
    pub(crate) all: bool,
}

/// Finds the `[extra]` keys a template reads. `page.extra.key` counts too:
/// over-counting only costs a missed warning, never a false one.
pub(crate) fn template_extra_keys(template: &str) -> TemplateExtra {
    let mut found = TemplateExtra::default();
    let bytes = template.as_bytes();
    let mut from = 0;
    while let Some(i) = template[from..].find("extra") {
        let at = from + i;
        from = at + "extra".len();
        let before = at.checked_sub(1).map(|b| bytes[b]);
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
            continue;
        }
        let rest = &template[from..];
        let key_of = |s: &str| -> String {
            s.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect()
        };
        let key = if let Some(r) = rest.strip_prefix('.') {
            key_of(r)
        } else if let Some(r) = rest.strip_prefix('[') {
            key_of(r.trim_start().trim_start_matches(['"', '\'']))
        } else {
            if rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
                continue;
            }
            found.all |= template[..at].ends_with("site.");
            String::new()
        };
        if !key.is_empty() {
            found.keys.insert(key);
        }
    }
    found
}

pub(super) fn check(subject: &Subject<'_>, found: &mut Vec<Diagnostic>) {
    let inputs = subject.inputs;
    let mut used = BTreeSet::new();
    for (_, file) in inputs.theme.files_under("templates/") {
        let keys = template_extra_keys(&String::from_utf8_lossy(&file.bytes));
        if keys.all {
            return;
        }
        used.extend(keys.keys);
    }
    for page in &inputs.content.pages {
        for text in [&page.source.front_matter, &page.source.body] {
            used.extend(placeholders::find(text).iter().map(|p| p.key.split('.').next().unwrap_or(p.key).to_string()));
        }
    }
    let config = &inputs.config;
    let mut tables = vec![("extra".to_string(), &config.extra)];
    tables.extend(config.languages.iter().map(|(code, l)| (format!("languages.{code}.extra"), &l.extra)));
    let path = inputs.root.join(CONFIG_FILE);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    for (table, values) in tables {
        for key in values.keys().filter(|k| !used.contains(*k)) {
            let (line, col) = key_position_in_table(&text, &table, key);
            found.push(
                Diagnostic::warning("unused-extra", &path, format!("[{table}] {key} is used by no page or template"))
                    .at(line, col)
                    .hint(format!("write {{{{ extra.{key} }}}} where it belongs, or remove the key")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_extra_keys_in_templates() {
        let found = template_extra_keys(
            "{{ site.extra.organisation }} {{ site.extra['email'] }} {{ page.extra.x }} {{ myextra.no }} {{ extras }}",
        );
        assert_eq!(found.keys.into_iter().collect::<Vec<_>>(), ["email", "organisation", "x"]);
        assert!(!found.all);
        assert!(template_extra_keys("{% for k, v in site.extra|items %}").all);
        assert!(!template_extra_keys("{{ page.extra }}").all);
    }
}
