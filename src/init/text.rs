//! Turning a sample page into an organisation's own page: demo passages
//! cut out, policy front matter reset to a first version, and the links a
//! page makes to other pages, so a page whose links would break is left out.

use std::path::Path;

use crate::date::Date;
use crate::error::{Diagnostic, Error, Result};

/// The line that opens a demo-only passage.
pub const SAMPLE_OPEN: &str = "<!-- sample -->";
/// The line that closes a demo-only passage.
pub const SAMPLE_CLOSE: &str = "<!-- /sample -->";

/// Removes every demo-only passage: the lines `<!-- sample -->` and
/// `<!-- /sample -->` (each alone on its line) and everything between them.
/// A passage left open, a close without an open or a nested open is an
/// error naming `file` and the line.
pub fn strip_sample_blocks(text: &str, file: &Path) -> Result<String> {
    let mut out = String::with_capacity(text.len());
    let mut open_at = None;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let marker = line.trim();
        let problem = match (marker, open_at) {
            (SAMPLE_OPEN, None) => {
                open_at = Some(i + 1);
                continue;
            }
            (SAMPLE_CLOSE, Some(_)) => {
                open_at = None;
                continue;
            }
            (SAMPLE_OPEN, Some(first)) => {
                Some(format!("a sample passage opens again before the one on line {first} closes"))
            }
            (SAMPLE_CLOSE, None) => Some("`<!-- /sample -->` closes no sample passage".to_string()),
            _ => None,
        };
        if let Some(message) = problem {
            return Err(Error::site(
                Diagnostic::error("sample-block", file, message)
                    .at(i + 1, 1)
                    .hint("pair each `<!-- sample -->` line with one `<!-- /sample -->` line"),
            ));
        }
        if open_at.is_none() {
            out.push_str(line);
        }
    }
    if let Some(first) = open_at {
        return Err(Error::site(
            Diagnostic::error("sample-block", file, "this sample passage is never closed")
                .at(first, 1)
                .hint("add a line `<!-- /sample -->` where the passage ends"),
        ));
    }
    Ok(out)
}

/// What a policy page's front matter becomes on an organisation's own site.
#[derive(Debug, Clone)]
pub(crate) struct PolicyFrontMatter<'a> {
    /// The page title.
    pub(crate) title: &'a str,
    /// The page description.
    pub(crate) description: &'a str,
    /// The page's URL name.
    pub(crate) slug: &'a str,
    /// The policy's owner.
    pub(crate) owner: &'a str,
    /// A TOML comment line (without `#`) telling the user to add the approval.
    pub(crate) approval_hint: &'a str,
    /// The day the site is created.
    pub(crate) today: Date,
}

/// Rewrites a policy page's TOML front matter for a first version: title,
/// description and slug replaced, `date`/`updated`/`effective` set to today
/// and `review` to a year later, `version = "1.0"`, the owner set, and the
/// sample's approval and version note dropped with a comment saying what to
/// add. The body is returned unchanged.
pub(crate) fn reset_policy_front_matter(text: &str, new: &PolicyFrontMatter<'_>, file: &Path) -> Result<String> {
    let Some(rest) = text.strip_prefix("+++\n").or_else(|| text.strip_prefix("+++\r\n")) else {
        return Err(Error::site(
            Diagnostic::error("front-matter", file, "a policy page must start with TOML front matter (`+++`)")
                .at(1, 1)
                .hint("init rewrites TOML front matter only"),
        ));
    };
    let Some(end) = rest.find("\n+++").map(|i| i + 1) else {
        return Err(Error::site(
            Diagnostic::error("front-matter", file, "the front matter is never closed")
                .at(1, 1)
                .hint("end it with a line `+++`"),
        ));
    };
    let (front, body) = rest.split_at(end);
    let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = String::from("+++\n");
    let mut table = String::new();
    let has_slug = front
        .lines()
        .take_while(|l| !l.trim().starts_with('['))
        .any(|l| l.split('=').next().unwrap_or("").trim() == "slug");
    let mut wrote_slug = false;
    for line in front.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            table = trimmed.trim_matches(['[', ']']).trim().to_string();
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let key = trimmed.split('=').next().unwrap_or("").trim();
        let replaced = match (table.as_str(), key) {
            ("", "title") if has_slug => Some(format!("title = {}", quoted(new.title))),
            ("", "title") => {
                wrote_slug = true;
                Some(format!("title = {}\nslug = {}", quoted(new.title), quoted(new.slug)))
            }
            ("", "description") => Some(format!("description = {}", quoted(new.description))),
            ("", "slug") => {
                wrote_slug = true;
                Some(format!("slug = {}", quoted(new.slug)))
            }
            ("", "date" | "updated") => Some(format!("{key} = {}", new.today)),
            ("policy", "version") => Some("version = \"1.0\"".to_string()),
            ("policy", "effective") => Some(format!("effective = {}", new.today)),
            ("policy", "review") => Some(format!("review = {}", new.today.add_years(1))),
            ("policy", "owner") => Some(format!("owner = {}\n# {}", quoted(new.owner), new.approval_hint)),
            ("policy", "approved" | "approved_by" | "note") => Some(String::new()),
            _ => None,
        };
        match replaced {
            Some(l) if l.is_empty() => {}
            Some(l) => {
                out.push_str(&l);
                out.push('\n');
            }
            None => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    if !wrote_slug && !has_slug {
        return Err(Error::site(
            Diagnostic::error("front-matter", file, "a policy page needs a title in its front matter")
                .at(1, 1)
                .hint("add title = \"...\""),
        ));
    }
    out.push_str(body);
    Ok(out)
}

/// Sets the `date` and `updated` keys of a page's TOML front matter to
/// `today`; other text is returned unchanged.
pub(crate) fn stamp_page_dates(text: &str, today: Date) -> String {
    if !text.starts_with("+++") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut in_front_matter = true;
    let mut top_level = true;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim();
        if i > 0 && trimmed == "+++" {
            in_front_matter = false;
        }
        top_level &= !trimmed.starts_with('[');
        let key = trimmed.split('=').next().unwrap_or("").trim();
        if i > 0 && in_front_matter && top_level && matches!(key, "date" | "updated") {
            let newline = if line.ends_with("\r\n") { "\r\n" } else { "\n" };
            out.push_str(&format!("{key} = {today}{newline}"));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The other pages a Markdown text links to: each relative link target
/// (`../beleid/x.md`), without its `#fragment`, resolved against `folder`
/// (the page's folder below `content/<lang>/`, such as `gids`). Web
/// addresses, `mailto:` and same-page anchors are not pages and are left out.
pub(crate) fn linked_pages(text: &str, folder: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("](") {
        let after = &rest[i + 2..];
        let end = after.find([')', ' ', '\n']).unwrap_or(after.len());
        let target = after[..end].split('#').next().unwrap_or("");
        rest = &after[end..];
        // A placeholder (`{{ extra.website }}`) stands for an address of
        // the organisation's, not a page of the site.
        if target.is_empty() || target.contains(':') || target.starts_with('/') || target.starts_with("{{") {
            continue;
        }
        let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
        for part in target.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                other => parts.push(other),
            }
        }
        found.push(parts.join("/"));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_sample_passages_and_keeps_the_rest() {
        let text = "A\n<!-- sample -->\nDemo\n  <!-- /sample -->  \nB\n<!-- sample -->\r\nX\r\n<!-- /sample -->\r\nC";
        assert_eq!(strip_sample_blocks(text, Path::new("p.md")).unwrap(), "A\nB\nC");
        assert_eq!(strip_sample_blocks("no blocks\n", Path::new("p.md")).unwrap(), "no blocks\n");
    }

    #[test]
    fn unbalanced_sample_passages_name_the_line() {
        for (text, line) in [
            ("a\n<!-- sample -->\nb\n", 2),
            ("a\n<!-- /sample -->\n", 2),
            ("<!-- sample -->\n<!-- sample -->\n<!-- /sample -->\n", 2),
        ] {
            let Err(Error::Site(d)) = strip_sample_blocks(text, Path::new("c/p.md")) else { panic!("{text:?}") };
            assert_eq!(d[0].location(), format!("c/p.md:{line}:1"), "{text:?}");
            assert!(d[0].hint.is_some());
        }
    }

    #[test]
    fn resets_a_policy_to_a_first_version() {
        let text = "+++\ntitle = \"Voorbeeld\"\ndescription = \"Demo\"\nweight = 10\ndate = 2020-01-01\n\n[policy]\nversion = \"2.1\"\neffective = 2020-01-01\nreview = 2021-01-01\nowner = \"X\"\napproved_by = \"Y\"\napproved = 2019-12-01\nnote = \"Z\"\n+++\nBody = kept\n";
        let new = PolicyFrontMatter {
            title: "Socialemediabeleid",
            description: "Het \"beleid\"",
            slug: "socialemediabeleid",
            owner: "Communicatie",
            approval_hint: "vul in",
            today: Date::new(2030, 2, 3).unwrap(),
        };
        let out = reset_policy_front_matter(text, &new, Path::new("p.md")).unwrap();
        assert_eq!(
            out,
            "+++\ntitle = \"Socialemediabeleid\"\nslug = \"socialemediabeleid\"\ndescription = 'Het \"beleid\"'\nweight = 10\ndate = 2030-02-03\n\n[policy]\nversion = \"1.0\"\neffective = 2030-02-03\nreview = 2031-02-03\nowner = \"Communicatie\"\n# vul in\n+++\nBody = kept\n"
        );
        assert!(reset_policy_front_matter("no front matter", &new, Path::new("p.md")).is_err());
    }

    #[test]
    fn stamps_page_dates_in_the_front_matter_only() {
        let today = Date::new(2030, 2, 3).unwrap();
        let text =
            "+++\ntitle = \"A\"\ndate = 2020-01-01\nupdated = 2020-02-02\n[extra]\ndate = 1\n+++\ndate = 2020-01-01\n";
        assert_eq!(
            stamp_page_dates(text, today),
            "+++\ntitle = \"A\"\ndate = 2030-02-03\nupdated = 2030-02-03\n[extra]\ndate = 1\n+++\ndate = 2020-01-01\n"
        );
    }

    #[test]
    fn finds_linked_pages_relative_to_the_folder() {
        let text = "[a](../beleid/x.md#art-4) [b](tien.md) [c](#top) [d](mailto:a@b) [e](https://x.org/) [f](./y.md \"t\") [g]({{ extra.website }})";
        assert_eq!(linked_pages(text, "gids"), ["beleid/x.md", "gids/tien.md", "gids/y.md"]);
    }
}
