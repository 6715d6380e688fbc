//! `sitemap.xml` (with `xhtml:link` alternates between translations),
//! `robots.txt`, and one Atom feed per language.

use std::fmt::Write;

use super::Inputs;
use super::context::lang_prefix;
use super::context::translations::Counterparts;

/// Escapes text for XML, leaving out the characters XML 1.0 does not allow
/// at all (control characters other than tab and line breaks, U+FFFE and
/// U+FFFF): one of them would make a feed reader reject the whole feed.
pub(super) fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The sitemap of every page, translations linked as alternates.
pub(crate) fn sitemap(inputs: &Inputs) -> String {
    let content = &inputs.content;
    let urls = &inputs.urls;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for lang in inputs.config.language_codes() {
        for id in content.reading_order(lang) {
            let page = content.page(id);
            let meta = &page.source.meta;
            let _ = write!(out, "  <url>\n    <loc>{}</loc>\n", xml(&urls.permalink(&page.path)));
            if let Some(date) = meta.updated.or(meta.date) {
                let _ = writeln!(out, "    <lastmod>{date}</lastmod>");
            }
            for alternate in Counterparts::of_page(inputs, id).alternates(inputs) {
                let _ = writeln!(
                    out,
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                    alternate.hreflang,
                    xml(&alternate.href)
                );
            }
            out.push_str("  </url>\n");
        }
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt` allowing everything and pointing at the sitemap.
pub(crate) fn robots(inputs: &Inputs) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n", inputs.urls.base_url())
}

/// The Atom feed of a language: its most recently updated pages, newest
/// first. `None` when no page of the language has a date.
pub(crate) fn feed(inputs: &Inputs, lang: &str) -> Option<String> {
    let content = &inputs.content;
    let urls = &inputs.urls;
    let mut dated: Vec<_> = content
        .language_pages(lang)
        .filter_map(|id| {
            let page = content.page(id);
            let meta = &page.source.meta;
            meta.updated.or(meta.date).map(|d| (d, id))
        })
        .collect();
    // Newest first; ties in reading order so output never depends on chance.
    dated.sort_by(|a, b| b.0.cmp(&a.0).then(content.page(a.1).path.cmp(&content.page(b.1).path)));
    dated.truncate(inputs.config.feed.limit);
    let newest = dated.first()?.0;
    let feed_url = urls.permalink(&format!("{}atom.xml", lang_prefix(inputs, lang)));
    let home = urls.permalink(&content.page(content.home(lang)).path);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">");
    let _ = writeln!(out, "  <title>{}</title>", xml(&inputs.config.language_title(lang)));
    let _ = writeln!(out, "  <link rel=\"self\" href=\"{}\"/>", xml(&feed_url));
    let _ = writeln!(out, "  <link rel=\"alternate\" href=\"{}\"/>", xml(&home));
    let _ = writeln!(out, "  <id>{}</id>", xml(&feed_url));
    let _ = writeln!(out, "  <updated>{}</updated>", newest.rfc3339());
    let _ = writeln!(out, "  <generator>beleid</generator>");
    for (date, id) in dated {
        let page = content.page(id);
        let link = urls.permalink(&page.path);
        let _ = writeln!(out, "  <entry>");
        let _ = writeln!(out, "    <title>{}</title>", xml(&page.title));
        let _ = writeln!(out, "    <link rel=\"alternate\" href=\"{}\"/>", xml(&link));
        let _ = writeln!(out, "    <id>{}</id>", xml(&link));
        let _ = writeln!(out, "    <updated>{}</updated>", date.rfc3339());
        if let Some(published) = page.source.meta.date {
            let _ = writeln!(out, "    <published>{}</published>", published.rfc3339());
        }
        if !page.description.is_empty() {
            let _ = writeln!(out, "    <summary>{}</summary>", xml(&page.description));
        }
        let _ = writeln!(out, "    <author><name>{}</name></author>", xml(&inputs.config.language_title(lang)));
        let _ = writeln!(out, "  </entry>");
    }
    out.push_str("</feed>\n");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn xml_text_is_escaped_and_stripped_of_forbidden_characters() {
        assert_eq!(xml("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
        assert_eq!(xml("Bel\u{1}\u{b} tab\tend\u{fffe}\u{ffff}"), "Bel tab\tend");
    }
}
