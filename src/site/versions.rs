//! What readers get of a policy's versions: each version at a permanent URL
//! (`.../voorbeeldbeleid/1.0/`) with a notice saying whether it is in
//! force, a version table on the page, and a "what changed" page per
//! version against its predecessor.
//!
//! The page file holds the newest text; earlier texts come from its
//! versions folder (see [`crate::content::versions`]). Version pages point
//! their canonical link at the policy page and stay out of search and the
//! sitemap, so the text in force is what readers and search engines find.

use serde::Serialize;

use crate::content::versions::Version;
use crate::content::{PageId, PolicyMeta};
use crate::date::Date;
use crate::inputs::Inputs;

pub(crate) use super::version_changes::{ChangeRow, MarkLabels, change_rows};

/// The folder name of a version's "what changed" page, in a language.
pub(crate) fn changes_slug(inputs: &Inputs, lang: &str) -> String {
    inputs.strings.get(lang, "changes_slug").filter(|s| crate::text::is_safe_id(s)).unwrap_or("changes").to_string()
}

/// One version of a policy: an archived one or the page's own text.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Which<'a> {
    /// The page's own (newest) text.
    Current,
    /// An archived version.
    Archived(&'a Version),
}

impl<'a> Which<'a> {
    /// The version's front matter.
    pub(crate) fn meta(self, inputs: &'a Inputs, page: PageId) -> Option<&'a PolicyMeta> {
        match self {
            Which::Current => inputs.content.page(page).source.meta.policy.as_ref(),
            Which::Archived(v) => v.source.meta.policy.as_ref(),
        }
    }

    /// The version's number.
    pub(crate) fn version(self, inputs: &'a Inputs, page: PageId) -> Option<&'a str> {
        match self {
            Which::Current => self.meta(inputs, page)?.version.as_deref(),
            Which::Archived(v) => Some(&v.version),
        }
    }
}

/// The indices in `content.versions` of a page's archived versions (the
/// list is sorted by page, so this is a range found by binary search).
fn archived_range(inputs: &Inputs, page: PageId) -> std::ops::Range<usize> {
    let versions = &inputs.content.versions;
    versions.partition_point(|v| v.page < page)..versions.partition_point(|v| v.page <= page)
}

/// Every version of a policy page, oldest first, the page's own text last.
pub(crate) fn all(inputs: &Inputs, page: PageId) -> Vec<Which<'_>> {
    let mut list: Vec<Which<'_>> =
        inputs.content.versions[archived_range(inputs, page)].iter().map(Which::Archived).collect();
    if Which::Current.version(inputs, page).is_some() {
        list.push(Which::Current);
    }
    list
}

/// The URL path of a version's permanent page.
pub(crate) fn version_path(inputs: &Inputs, page: PageId, version: &str) -> String {
    format!("{}{version}/", inputs.content.page(page).path)
}

/// The URL path of a version's "what changed" page.
pub(crate) fn changes_path(inputs: &Inputs, page: PageId, version: &str) -> String {
    format!("{}{}/", version_path(inputs, page, version), changes_slug(inputs, inputs.content.page(page).lang()))
}

/// The URL of `version` of page `page` (a translation), if it has that
/// version: a version page's language switcher goes to the same version.
pub(crate) fn url_of_version(inputs: &Inputs, page: PageId, version: &str) -> Option<String> {
    all(inputs, page)
        .iter()
        .any(|w| w.version(inputs, page) == Some(version))
        .then(|| inputs.urls.url(&version_path(inputs, page, version)))
}

/// The URL of the "what changed" page of `version` of page `page`, if it
/// has that version and an earlier one.
pub(crate) fn url_of_changes(inputs: &Inputs, page: PageId, version: &str) -> Option<String> {
    let list = all(inputs, page);
    let index = list.iter().position(|w| w.version(inputs, page) == Some(version))?;
    (index > 0).then(|| inputs.urls.url(&changes_path(inputs, page, version)))
}

/// A row of the version table.
#[derive(Debug, Serialize)]
pub(crate) struct Row {
    /// The version.
    pub(crate) version: String,
    /// In force from.
    pub(crate) effective: Option<Date>,
    /// In force until (the day before the next version takes effect).
    pub(crate) until: Option<Date>,
    /// What changed.
    pub(crate) note: Option<String>,
    /// The version's text.
    pub(crate) url: String,
    /// What changed against the previous version (none for the first).
    pub(crate) changes_url: Option<String>,
    /// The page's own text.
    pub(crate) newest: bool,
    /// In force on the build's day.
    pub(crate) in_force: bool,
}

/// The version table of a policy page (empty when it has no version).
pub(crate) fn rows(inputs: &Inputs, page: PageId, today: Date) -> Vec<Row> {
    let list = all(inputs, page);
    let urls = &inputs.urls;
    list.iter()
        .enumerate()
        .filter_map(|(i, which)| {
            let version = which.version(inputs, page)?.to_string();
            let meta = which.meta(inputs, page);
            let next_effective = list.get(i + 1).and_then(|n| n.meta(inputs, page)).and_then(|m| m.effective);
            let effective = meta.and_then(|m| m.effective);
            Some(Row {
                in_force: effective.is_some_and(|e| e <= today) && next_effective.is_none_or(|n| today < n),
                url: urls.url(&version_path(inputs, page, &version)),
                changes_url: (i > 0).then(|| urls.url(&changes_path(inputs, page, &version))),
                effective: meta.and_then(|m| m.effective),
                until: next_effective.map(|d| Date::from_days(d.to_days() - 1)),
                note: meta.and_then(|m| m.note.clone()),
                newest: matches!(which, Which::Current),
                version,
            })
        })
        .collect()
}

/// The notice on a version's permanent page.
#[derive(Debug, Serialize)]
pub(crate) struct Notice {
    /// This version.
    pub(crate) version: String,
    /// `in-force`, `replaced` (a later version took effect), or `scheduled`
    /// (takes effect later), as on the build's day.
    pub(crate) state: &'static str,
    /// This version's first day in force.
    pub(crate) effective: Option<Date>,
    /// The day the next version took (or takes) effect, if any.
    pub(crate) replaced_on: Option<Date>,
    /// The newest version and its page.
    pub(crate) newest_version: String,
    /// The URL of the policy page.
    pub(crate) newest_url: String,
    /// The version before this one, in force until this one takes effect.
    pub(crate) previous_version: Option<String>,
    /// Its permanent URL.
    pub(crate) previous_url: Option<String>,
}

/// The notice for version `which` of `page`, judged on `today`.
pub(crate) fn notice(inputs: &Inputs, page: PageId, which: Which<'_>, today: Date) -> Option<Notice> {
    let list = all(inputs, page);
    let version = which.version(inputs, page)?.to_string();
    let index = list.iter().position(|w| w.version(inputs, page) == Some(&version))?;
    let effective = which.meta(inputs, page).and_then(|m| m.effective);
    let replaced_on = list.get(index + 1).and_then(|n| n.meta(inputs, page)).and_then(|m| m.effective);
    let previous = index.checked_sub(1).and_then(|i| list.get(i)).and_then(|w| w.version(inputs, page));
    let state = match (effective, replaced_on) {
        (Some(e), _) if today < e => "scheduled",
        (_, Some(r)) if today >= r => "replaced",
        _ => "in-force",
    };
    Some(Notice {
        version,
        state,
        effective,
        replaced_on,
        newest_version: Which::Current.version(inputs, page).unwrap_or("").to_string(),
        newest_url: inputs.urls.url(&inputs.content.page(page).path),
        previous_url: previous.map(|p| inputs.urls.url(&version_path(inputs, page, p))),
        previous_version: previous.map(str::to_string),
    })
}

/// Every output file the versions of every policy make: each version's
/// page and, from the second version on, its "what changed" page.
pub(crate) fn planned(inputs: &Inputs) -> Vec<(String, std::path::PathBuf)> {
    let mut planned = Vec::new();
    for (id, page) in inputs.content.pages.iter().enumerate() {
        if all(inputs, id).iter().any(|w| w.meta(inputs, id).is_some_and(|m| m.effective.is_some())) {
            planned.push((super::version_feed::feed_path(inputs, id), page.source.file.clone()));
        }
        for (i, which) in all(inputs, id).into_iter().enumerate() {
            let Some(version) = which.version(inputs, id) else { continue };
            let origin = match which {
                Which::Current => page.source.file.clone(),
                Which::Archived(v) => v.source.file.clone(),
            };
            planned.push((format!("{}index.html", version_path(inputs, id, version)), origin.clone()));
            if i > 0 {
                planned.push((format!("{}index.html", changes_path(inputs, id, version)), origin));
            }
        }
    }
    planned
}

/// Renders every version page and "what changed" page.
pub(crate) fn files(pass: &super::Pass<'_>) -> crate::error::Result<Vec<(String, Vec<u8>)>> {
    use rayon::prelude::*;
    let inputs = pass.inputs;
    let rendered_here;
    let archived = match pass.archived {
        Some(archived) => archived,
        None => {
            rendered_here = render_archived(inputs);
            &rendered_here
        }
    };
    // Only policies have versions; each policy's pages render on their own.
    let policies: Vec<PageId> =
        (0..inputs.content.pages.len()).filter(|&id| inputs.content.page(id).is_policy()).collect();
    let per_page: Vec<_> = policies.par_iter().map(|&id| files_of(pass, id, archived)).collect();
    let mut files = Vec::new();
    for page_files in per_page {
        files.extend(page_files?);
    }
    Ok(files)
}

/// Every archived version's Markdown rendered, in parallel, in the order
/// of `content.versions`.
pub(crate) fn render_archived(inputs: &Inputs) -> Vec<std::sync::Arc<crate::markdown::Rendered>> {
    use rayon::prelude::*;
    inputs.content.versions.par_iter().map(|v| std::sync::Arc::new(inputs.render_version(v))).collect()
}

/// The version pages and "what changed" pages of one policy page, its
/// archived versions rendered again (the dev server, after an edit).
pub(crate) fn files_of_page(pass: &super::Pass<'_>, id: PageId) -> crate::error::Result<Vec<(String, Vec<u8>)>> {
    let inputs = pass.inputs;
    let archived: Vec<std::sync::Arc<crate::markdown::Rendered>> = inputs
        .content
        .versions
        .iter()
        .map(|v| std::sync::Arc::new(if v.page == id { inputs.render_version(v) } else { Default::default() }))
        .collect();
    files_of(pass, id, &archived)
}

/// The version pages of page `id`; `archived` holds the rendered archived
/// versions, in the order of `content.versions`.
fn files_of(
    pass: &super::Pass<'_>,
    id: PageId,
    archived: &[std::sync::Arc<crate::markdown::Rendered>],
) -> crate::error::Result<Vec<(String, Vec<u8>)>> {
    let inputs = pass.inputs;
    let range = archived_range(inputs, id);
    let rendered_of = |which: Which<'_>| -> Option<std::sync::Arc<crate::markdown::Rendered>> {
        match which {
            Which::Current => pass.rendered.get(id).cloned(),
            Which::Archived(v) => {
                let index = inputs.content.versions[range.clone()].iter().position(|x| std::ptr::eq(x, v))?;
                archived.get(range.start + index).cloned()
            }
        }
    };
    let mut files = Vec::new();
    let list = all(inputs, id);
    let lang = inputs.content.page(id).lang();
    let labels = MarkLabels {
        added: inputs.strings.get(lang, "change_added_words").unwrap_or("added:"),
        removed: inputs.strings.get(lang, "change_removed_words").unwrap_or("removed:"),
    };
    let mut entries = Vec::new();
    for (i, which) in list.iter().enumerate() {
        let (Some(version), Some(rendered)) = (which.version(inputs, id), rendered_of(*which)) else { continue };
        let meta = which.meta(inputs, id);
        let mut entry = super::version_feed::Entry {
            version: version.to_string(),
            effective: meta.and_then(|m| m.effective),
            note: meta.and_then(|m| m.note.clone()),
            changed: Vec::new(),
        };
        // A build frees each page's HTML once the page is written: the
        // current text's version page renders it again.
        let rendered = match which {
            Which::Current if rendered.html.is_empty() => std::sync::Arc::new(inputs.render_body(id)),
            _ => rendered,
        };
        let html = pass.render_version(id, *which, &rendered, "page.html", minijinja::Value::UNDEFINED)?;
        files.push((format!("{}index.html", version_path(inputs, id, version)), html));
        let before = i.checked_sub(1).and_then(|p| list.get(p)).and_then(|p| Some((p, rendered_of(*p)?)));
        let Some((previous, before)) = before else {
            entries.push(entry);
            continue;
        };
        let url = inputs.urls.url(&version_path(inputs, id, version));
        let rows = change_rows(&before.clauses, &rendered.clauses, &labels, &|clause| format!("{url}#{clause}"));
        entry.changed = rows.iter().filter(|r| r.kind != "unchanged").cloned().collect();
        entries.push(entry);
        let from = previous.version(inputs, id).unwrap_or("");
        let extra = minijinja::context! {
            rows => crate::templates::to_value(&rows),
            from => from,
            from_url => inputs.urls.url(&version_path(inputs, id, from)),
        };
        let template = if pass.presentation.templates.has("changes.html") { "changes.html" } else { "page.html" };
        let html = pass.render_version(id, *which, &rendered, template, extra)?;
        files.push((format!("{}index.html", changes_path(inputs, id, version)), html));
    }
    if let Some(feed) = super::version_feed::feed(inputs, id, &entries) {
        files.push((super::version_feed::feed_path(inputs, id), feed.into_bytes()));
    }
    Ok(files)
}
