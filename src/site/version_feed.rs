//! An Atom feed per policy and language with one entry per version, so an
//! intranet, a works council or an auditor can follow a policy's changes.
//! Each entry's id is the version's permanent URL; its content is the
//! change note and the list of clauses that changed.

use std::fmt::Write;

use super::sitemap::xml;
use super::versions::{ChangeRow, version_path};
use crate::content::PageId;
use crate::date::Date;
use crate::inputs::Inputs;

/// Where a policy page's feed is, below the site's base path.
pub(crate) fn feed_path(inputs: &Inputs, page: PageId) -> String {
    format!("{}versions.xml", inputs.content.page(page).path)
}

/// One version, as the feed shows it.
pub(crate) struct Entry {
    /// The version.
    pub(crate) version: String,
    /// The day it takes effect (the entry's date).
    pub(crate) effective: Option<Date>,
    /// What changed and why.
    pub(crate) note: Option<String>,
    /// The clauses that changed against the previous version.
    pub(crate) changed: Vec<ChangeRow>,
}

/// The feed of page `id`, newest version first.
pub(crate) fn feed(inputs: &Inputs, id: PageId, entries: &[Entry]) -> Option<String> {
    let page = inputs.content.page(id);
    let lang = page.lang();
    let urls = &inputs.urls;
    let word = |key: &str, fallback: &'static str| inputs.strings.get(lang, key).unwrap_or(fallback).to_string();
    let newest = entries.iter().filter_map(|e| e.effective).max()?;
    let self_url = urls.permalink(&feed_path(inputs, id));
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">");
    let _ = writeln!(out, "  <title>{} · {}</title>", xml(&page.title), xml(&word("versions_title", "Versions")));
    let _ = writeln!(out, "  <link rel=\"self\" href=\"{}\"/>", xml(&self_url));
    let _ = writeln!(out, "  <link rel=\"alternate\" href=\"{}\"/>", xml(&urls.permalink(&page.path)));
    let _ = writeln!(out, "  <id>{}</id>", xml(&self_url));
    let _ = writeln!(out, "  <updated>{}</updated>", newest.rfc3339());
    let _ = writeln!(out, "  <generator>beleid</generator>");
    for entry in entries.iter().rev() {
        let url = urls.permalink(&version_path(inputs, id, &entry.version));
        let mut html = String::new();
        if let Some(note) = &entry.note {
            let _ = write!(html, "<p>{}</p>", crate::text::escape_html(note));
        }
        if !entry.changed.is_empty() {
            html.push_str("<ul>");
            for row in &entry.changed {
                let number = row.number.as_deref().or(row.old_number.as_deref()).unwrap_or("");
                let kind = word(&format!("change_{}", row.kind), row.kind);
                let _ = write!(
                    html,
                    "<li>{} {}: {}</li>",
                    crate::text::escape_html(&word("article", "Article")),
                    crate::text::escape_html(number),
                    crate::text::escape_html(&kind)
                );
            }
            html.push_str("</ul>");
        }
        let _ = writeln!(out, "  <entry>");
        let _ = writeln!(out, "    <title>{} {}</title>", xml(&word("version_column", "Version")), xml(&entry.version));
        let _ = writeln!(out, "    <link rel=\"alternate\" href=\"{}\"/>", xml(&url));
        let _ = writeln!(out, "    <id>{}</id>", xml(&url));
        if let Some(date) = entry.effective {
            let _ = writeln!(out, "    <updated>{}</updated>", date.rfc3339());
        }
        let _ = writeln!(out, "    <content type=\"html\">{}</content>", xml(&html));
        let _ = writeln!(out, "  </entry>");
    }
    out.push_str("</feed>\n");
    Some(out)
}
