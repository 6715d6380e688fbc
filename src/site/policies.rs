//! Policies as data, for other systems (intranets, HR tools, audits): an
//! `index.json` beside each policy page with its metadata and clauses, a
//! site-wide `policies.json` listing every policy in every language, and the
//! schema.org JSON-LD block in each policy page's head.
//!
//! Everything is built from typed records in a fixed field order, so the
//! files are byte-identical between builds of the same input and day.

use serde::Serialize;

use crate::content::{PageId, Status};
use crate::date::Date;
use crate::inputs::Inputs;
use crate::markdown::{Clause, Rendered};

/// The file name of the site-wide list.
pub(crate) const POLICIES_FILE: &str = "policies.json";

/// A policy page's record: what `index.json` holds (with its clauses) and
/// what `policies.json` lists (without).
#[derive(Debug, Serialize)]
pub(crate) struct PolicyRecord<'a> {
    /// The title.
    pub(crate) title: &'a str,
    /// The language code.
    pub(crate) language: &'a str,
    /// The canonical URL of the page.
    pub(crate) url: String,
    /// The URL of this record's `index.json`.
    pub(crate) json: String,
    /// The page in the site's other languages.
    pub(crate) translations: Vec<Translation<'a>>,
    /// The version, such as `1.1`.
    pub(crate) version: Option<&'a str>,
    /// The day it takes effect.
    pub(crate) effective: Option<Date>,
    /// The day it must be reviewed.
    pub(crate) review: Option<Date>,
    /// The role or team that owns it.
    pub(crate) owner: Option<&'a str>,
    /// Who approved this version.
    pub(crate) approved_by: Option<&'a str>,
    /// The day this version was approved.
    pub(crate) approved: Option<Date>,
    /// The status on `status_date`.
    pub(crate) status: Status,
    /// The day the status was computed for (the build's day, or `--as-of`).
    pub(crate) status_date: Date,
    /// Every version, oldest first, with its permanent URL.
    pub(crate) versions: Vec<VersionEntry>,
    /// The clauses in order; left out of `policies.json`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) clauses: Option<&'a [Clause]>,
}

/// One version of a policy, in the exports.
#[derive(Debug, Serialize)]
pub(crate) struct VersionEntry {
    /// The version.
    pub(crate) version: String,
    /// In force from.
    pub(crate) effective: Option<Date>,
    /// In force until (the day before the next version), if replaced.
    pub(crate) until: Option<Date>,
    /// What changed.
    pub(crate) note: Option<String>,
    /// The permanent URL of its text.
    pub(crate) url: String,
    /// What changed against the previous version.
    pub(crate) changes_url: Option<String>,
    /// In force on `status_date`.
    pub(crate) in_force: bool,
}

/// One translation of a policy page.
#[derive(Debug, Serialize)]
pub(crate) struct Translation<'a> {
    /// The language code.
    pub(crate) language: &'a str,
    /// The canonical URL of the translation.
    pub(crate) url: String,
}

/// The record of a policy page, or `None` for other pages.
pub(crate) fn record<'a>(
    inputs: &'a Inputs,
    id: PageId,
    rendered: &'a Rendered,
    today: Date,
) -> Option<PolicyRecord<'a>> {
    let content = &inputs.content;
    let page = content.page(id);
    let policy = page.source.meta.policy.as_ref()?;
    let translations = inputs
        .config
        .language_codes()
        .into_iter()
        .filter(|code| *code != page.lang())
        .filter_map(|code| {
            let &t = content.translations(id).get(code)?;
            Some(Translation { language: content.page(t).lang(), url: inputs.urls.permalink(&content.page(t).path) })
        })
        .collect();
    Some(PolicyRecord {
        title: &page.title,
        language: page.lang(),
        url: inputs.urls.permalink(&page.path),
        json: inputs.urls.permalink(&json_path(&page.path)),
        translations,
        version: policy.version.as_deref(),
        effective: policy.effective,
        review: policy.review,
        owner: policy.owner.as_deref(),
        approved_by: policy.approved_by.as_deref(),
        approved: policy.approved,
        status: policy.status(today),
        status_date: today,
        versions: super::versions::rows(inputs, id, today)
            .into_iter()
            .map(|row| VersionEntry {
                url: inputs.urls.permalink(&super::versions::version_path(inputs, id, &row.version)),
                changes_url: row
                    .changes_url
                    .is_some()
                    .then(|| inputs.urls.permalink(&super::versions::changes_path(inputs, id, &row.version))),
                version: row.version,
                effective: row.effective,
                until: row.until,
                note: row.note,
                in_force: row.in_force,
            })
            .collect(),
        clauses: Some(&rendered.clauses),
    })
}

/// Where a page's `index.json` goes, from its URL path.
pub(crate) fn json_path(page_path: &str) -> String {
    format!("{page_path}index.json")
}

/// Every policy's `index.json` and the site-wide `policies.json`, as output
/// files (path, bytes).
pub(crate) fn files(inputs: &Inputs, rendered: &[std::sync::Arc<Rendered>], today: Date) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut listed = Vec::new();
    for lang in inputs.config.language_codes() {
        for id in inputs.content.reading_order(lang) {
            let Some(r) = rendered.get(id) else { continue };
            let Some(mut record) = record(inputs, id, r, today) else { continue };
            files.push(page_file(inputs, id, &record));
            record.clauses = None;
            listed.push(record);
        }
    }
    if !listed.is_empty() {
        #[derive(Serialize)]
        struct Listing<'a> {
            status_date: Date,
            policies: Vec<PolicyRecord<'a>>,
        }
        files.push((POLICIES_FILE.to_string(), to_json(&Listing { status_date: today, policies: listed })));
    }
    files
}

/// A policy page's `index.json`, as an output file.
pub(crate) fn page_file(inputs: &Inputs, id: PageId, record: &PolicyRecord<'_>) -> (String, Vec<u8>) {
    (json_path(&inputs.content.page(id).path), to_json(record))
}

/// Pretty JSON with a final newline; records cannot fail to serialise.
fn to_json(value: &impl Serialize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The schema.org JSON-LD of a policy page, safe to place inside a
/// `<script type="application/ld+json">` element (no `<`, `>` or `&`
/// characters, so no `</script>` can end it early).
pub(crate) fn json_ld(record: &PolicyRecord<'_>, default_language: &str) -> String {
    let force = match record.status {
        Status::NotYetInForce => "https://schema.org/NotInForce",
        Status::InForce | Status::ReviewOverdue => "https://schema.org/InForce",
    };
    let work =
        |t: &Translation<'_>| serde_json::json!({ "@type": "Legislation", "inLanguage": t.language, "url": t.url });
    let mut ld = serde_json::Map::new();
    ld.insert("@context".into(), "https://schema.org".into());
    ld.insert("@type".into(), "Legislation".into());
    ld.insert("name".into(), record.title.into());
    ld.insert("inLanguage".into(), record.language.into());
    ld.insert("url".into(), record.url.clone().into());
    if let Some(version) = record.version {
        ld.insert("version".into(), version.into());
    }
    if let Some(approved) = record.approved {
        ld.insert("legislationDate".into(), approved.to_string().into());
    }
    if let Some(effective) = record.effective {
        ld.insert("legislationDateVersion".into(), effective.to_string().into());
    }
    ld.insert("legislationLegalForce".into(), force.into());
    if let Some(owner) = record.owner {
        ld.insert("legislationResponsible".into(), serde_json::json!({ "@type": "Organization", "name": owner }));
    }
    if let Some(by) = record.approved_by {
        ld.insert("legislationPassedBy".into(), serde_json::json!({ "@type": "Organization", "name": by }));
    }
    // The default language's text is the work; the others translate it.
    let (source, translations): (Vec<_>, Vec<_>) =
        record.translations.iter().partition(|t| t.language == default_language);
    if record.language == default_language {
        if !translations.is_empty() {
            ld.insert("workTranslation".into(), translations.iter().map(|t| work(t)).collect());
        }
    } else if let Some(original) = source.first() {
        ld.insert("translationOfWork".into(), work(original));
    }
    let text = serde_json::Value::Object(ld).to_string();
    text.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}
