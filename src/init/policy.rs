//! `beleid init DIR --policy NAME`: a site that *is* one organisation's
//! policy, made from the sample's own files so content edits flow through.
//!
//! From the sample it takes the policy page in each language (demo
//! passages cut, front matter reset to a first version) and the FAQ when it
//! stands on its own: after the cut, every page it links to is on the new
//! site. It writes a short home page per language and a `beleid.toml` with
//! only the `[extra]` keys the pages and theme use, filled in from the
//! options and, for Dutch grammar, per language.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::text::{PolicyFrontMatter, linked_pages, reset_policy_front_matter, stamp_page_dates, strip_sample_blocks};
use super::words::{host, in_text, words};
use crate::config::Config;
use crate::date::Date;
use crate::error::{Error, Result};

/// The policies a site can start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Variant {
    /// The complete example policy.
    Example,
    /// The sample in the spirit of IBM's guidelines.
    Ibm,
    /// The sample in the spirit of Coca-Cola's principles.
    CocaCola,
    /// The sample for a Dutch public body.
    Government,
}

impl Variant {
    /// Every variant, in the order they are offered.
    pub const ALL: [Variant; 4] = [Variant::Example, Variant::Ibm, Variant::CocaCola, Variant::Government];

    /// The page below `content/<lang>/`, the same in every language.
    pub fn page(self) -> &'static str {
        match self {
            Variant::Example => "beleid/voorbeeldbeleid.md",
            Variant::Ibm => "beleid/ibm-stijl.md",
            Variant::CocaCola => "beleid/coca-cola-stijl.md",
            Variant::Government => "beleid/overheid.md",
        }
    }

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Variant::Example => "example",
            Variant::Ibm => "ibm",
            Variant::CocaCola => "coca-cola",
            Variant::Government => "government",
        }
    }
}

/// The FAQ page, taken along when it stands on its own.
pub const FAQ_PAGE: &str = "gids/veelgestelde-vragen.md";

/// What `init --policy` is asked for.
#[derive(Debug, Clone)]
pub struct PolicyOptions {
    /// The policy.
    pub variant: Variant,
    /// Language codes, the first being the default; none: every language
    /// the sample has the policy in.
    pub languages: Option<Vec<String>>,
    /// The organisation's name; none: the sample's.
    pub organisation: Option<String>,
    /// The address the site is published at; none: the sample's.
    pub base_url: Option<String>,
}

/// A value init worked out rather than was given, for the user to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derived {
    /// The `[extra]` key.
    pub(crate) key: String,
    /// The table it is written in: `extra` or `languages.en.extra`.
    pub(crate) table: String,
    /// The value.
    pub(crate) value: String,
}

/// The files of a new policy site and what the user should check.
#[derive(Debug, Clone)]
pub struct PolicySite {
    /// Files by path below the site root, in the order written.
    pub files: Vec<(String, Vec<u8>)>,
    /// The site's languages, the default first.
    pub languages: Vec<String>,
    /// Whether the FAQ was taken along.
    pub faq: bool,
    /// Values init worked out (derived or left to fill in).
    pub(crate) derived: Vec<Derived>,
}

fn usage(message: String) -> Error {
    Error::Usage(message)
}

/// Makes the files of a policy site from the sample's files.
pub fn policy_site(sample: &[(&str, &[u8])], options: &PolicyOptions, today: Date) -> Result<PolicySite> {
    if let Some(name) = &options.organisation
        && (name.trim().is_empty() || name.chars().any(char::is_control))
    {
        return Err(usage(format!("--organisation {name:?} must be a name on one line")));
    }
    let file =
        |path: &str| sample.iter().find(|(p, _)| *p == path).map(|(_, b)| String::from_utf8_lossy(b).into_owned());
    let config_text = file("beleid.toml").ok_or_else(|| usage("the sample has no beleid.toml".into()))?;
    let sample_config = Config::parse(&config_text, Path::new("<sample>/beleid.toml"))?;
    let variant = options.variant;
    let page_in = |lang: &str| format!("content/{lang}/{}", variant.page());
    let languages = choose_languages(&sample_config, options, |lang| file(&page_in(lang)).is_some())?;

    let mut pages: BTreeMap<(String, String), String> = BTreeMap::new();
    for lang in &languages {
        let w = words(lang);
        let shown = format!("<sample>/{}", page_in(lang));
        let text = strip_sample_blocks(&file(&page_in(lang)).unwrap_or_default(), Path::new(&shown))?;
        let description = w.description.replace("{org}", "{{ extra.organisation_in_text }}");
        let front = PolicyFrontMatter {
            title: w.policy,
            description: &description,
            slug: w.policy_slug,
            owner: w.owner,
            approval_hint: w.approval_hint,
            today,
        };
        let text = reset_policy_front_matter(&text, &front, Path::new(&shown))?;
        pages.insert((lang.clone(), variant.page().to_string()), text);
    }
    let faq = take_faq(&languages, &pages, |lang| file(&format!("content/{lang}/{FAQ_PAGE}")), today)?;
    for (lang, text) in faq.iter().flatten() {
        pages.insert((lang.clone(), FAQ_PAGE.to_string()), text.clone());
    }
    let has_faq = faq.is_some();
    for ((lang, rel), text) in &pages {
        let folder = rel.rsplit_once('/').map_or("", |(f, _)| f);
        if let Some(missing) =
            linked_pages(text, folder).into_iter().find(|l| !pages.contains_key(&(lang.clone(), l.clone())))
        {
            return Err(usage(format!(
                "content/{lang}/{rel} links to {missing}, which a {} policy site does not have; \
                 wrap that passage in <!-- sample --> ... <!-- /sample --> lines in the sample",
                variant.name()
            )));
        }
    }
    for lang in &languages {
        let w = words(lang);
        let link = |rel: &str, line: &str| line.replace("{link}", rel);
        let faq_line = if has_faq { link(FAQ_PAGE, w.read_faq) } else { String::new() };
        let body = w.home.replace("{policy}", &link(variant.page(), w.read_policy)).replace("{faq}", &faq_line);
        let description = w.description.replace("{org}", "{{ extra.organisation_in_text }}");
        let home = front_matter(&format!("{{{{ extra.organisation }}}}: {}", w.site_title), &description, "", today);
        pages.insert((lang.clone(), "_index.md".into()), format!("{home}\n{body}"));
        let (title, slug) = w.section;
        pages.insert((lang.clone(), "beleid/_index.md".into()), front_matter(title, &description, slug, today));
        if has_faq {
            let (title, slug) = w.questions_section;
            pages.insert((lang.clone(), "gids/_index.md".into()), front_matter(title, &description, slug, today));
        }
    }

    let used = used_extra_keys(pages.values().map(String::as_str));
    let (extra, derived) = extra_values(&sample_config, options, &languages, &used)?;
    let config = super::config_file::config_text(options, &sample_config, &languages, &extra);
    // What init writes must load: a bad --base-url is reported here, before
    // anything is written.
    Config::parse(&config, Path::new("beleid.toml"))?;
    let mut files = vec![("beleid.toml".to_string(), config.into_bytes())];
    files.extend(pages.iter().map(|((lang, rel), text)| (format!("content/{lang}/{rel}"), text.clone().into_bytes())));
    for (path, bytes) in sample.iter().filter(|(p, _)| p.starts_with("static/")) {
        let name = &path["static/".len()..];
        if pages.values().any(|t| t.contains(name)) {
            files.push(((*path).to_string(), bytes.to_vec()));
        }
    }
    files.push((super::workflow::WORKFLOW_PATH.to_string(), super::workflow::WORKFLOW.as_bytes().to_vec()));
    Ok(PolicySite { files, languages, faq: has_faq, derived })
}

/// The languages asked for (checked against the sample), or every language
/// of the sample that has the policy, the sample's default first.
fn choose_languages(sample: &Config, options: &PolicyOptions, has_page: impl Fn(&str) -> bool) -> Result<Vec<String>> {
    let available: Vec<String> =
        sample.language_codes().into_iter().filter(|l| has_page(l)).map(str::to_string).collect();
    let name = options.variant.name();
    if available.is_empty() {
        return Err(usage(format!(
            "this beleid has no {name} policy in its sample (content/<lang>/{}); choose another --policy",
            options.variant.page()
        )));
    }
    let Some(asked) = &options.languages else { return Ok(available) };
    let mut chosen: Vec<String> = Vec::new();
    for code in asked.iter().map(|c| c.trim().to_lowercase()).filter(|c| !c.is_empty()) {
        if !available.contains(&code) {
            return Err(usage(format!(
                "the {name} policy has no text in language {code:?}; choose from: {}",
                available.join(", ")
            )));
        }
        if !chosen.contains(&code) {
            chosen.push(code);
        }
    }
    if chosen.is_empty() {
        return Err(usage(format!("--languages names no language; choose from: {}", available.join(", "))));
    }
    Ok(chosen)
}

/// The FAQ per language when it stands on its own in every language: after
/// cutting demo passages it links only to the policy, the home page or
/// itself. Otherwise none.
fn take_faq(
    languages: &[String],
    pages: &BTreeMap<(String, String), String>,
    read: impl Fn(&str) -> Option<String>,
    today: Date,
) -> Result<Option<Vec<(String, String)>>> {
    let mut taken = Vec::new();
    for lang in languages {
        let Some(text) = read(lang) else { return Ok(None) };
        let shown = format!("<sample>/content/{lang}/{FAQ_PAGE}");
        let text = strip_sample_blocks(&text, Path::new(&shown))?;
        let on_site =
            |rel: &String| rel == FAQ_PAGE || rel == "_index.md" || pages.contains_key(&(lang.clone(), rel.clone()));
        if !linked_pages(&text, "gids").iter().all(on_site) {
            return Ok(None);
        }
        taken.push((lang.clone(), stamp_page_dates(&text, today)));
    }
    Ok(Some(taken))
}

fn front_matter(title: &str, description: &str, slug: &str, today: Date) -> String {
    let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
    let slug = if slug.is_empty() { String::new() } else { format!("slug = {}\n", quoted(slug)) };
    format!(
        "+++\ntitle = {}\ndescription = {}\n{slug}date = {today}\nupdated = {today}\n+++\n",
        quoted(title),
        quoted(description)
    )
}

/// The top-level `[extra]` keys named by `{{ extra.key }}` in the pages and
/// by `site.extra.key` in the built-in theme.
fn used_extra_keys<'a>(pages: impl Iterator<Item = &'a str>) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for text in pages {
        for p in crate::content::placeholders::find(text) {
            used.insert(p.key.split('.').next().unwrap_or(p.key).to_string());
        }
    }
    let theme = crate::theme::Theme::builtin();
    for (_, file) in theme.files_under("templates/") {
        used.extend(crate::check::template_extra_keys(&String::from_utf8_lossy(&file.bytes)).keys);
    }
    used
}

/// `[extra]` values per table (`extra`, `languages.en.extra`) for the used
/// keys, and which of them init worked out.
type Tables = BTreeMap<String, BTreeMap<String, String>>;

fn extra_values(
    sample: &Config,
    options: &PolicyOptions,
    languages: &[String],
    used: &BTreeSet<String>,
) -> Result<(Tables, Vec<Derived>)> {
    let default = &languages[0];
    let w = words(default);
    let organisation =
        options.organisation.clone().or_else(|| sample.extra_text(default, "organisation")).unwrap_or_default();
    let host = options.base_url.as_deref().and_then(host);
    let mut tables: Tables = BTreeMap::new();
    let mut derived = Vec::new();
    let mut set = |table: String, key: &str, value: String, worked_out: bool| {
        if worked_out {
            derived.push(Derived { key: key.to_string(), table: table.clone(), value: value.clone() });
        }
        tables.entry(table).or_default().insert(key.to_string(), value);
    };
    for key in used {
        let fill_in = w.to_fill_in.iter().find(|(k, _)| k == key).map(|(_, v)| v.to_string());
        match key.as_str() {
            "organisation" => set("extra".into(), key, organisation.clone(), false),
            "organisation_in_text" => {
                let base = in_text(&organisation, default);
                set("extra".into(), key, base.clone(), true);
                for lang in &languages[1..] {
                    let own = in_text(&organisation, lang);
                    if own != base {
                        set(format!("languages.{lang}.extra"), key, own, true);
                    }
                }
            }
            "email" if host.is_some() => {
                set("extra".into(), key, format!("{}@{}", w.mailbox, host.clone().unwrap_or_default()), true)
            }
            "website" if host.is_some() => {
                set("extra".into(), key, format!("https://{}/", host.clone().unwrap_or_default()), true)
            }
            _ if fill_in.is_some() => set("extra".into(), key, fill_in.unwrap_or_default(), true),
            _ => {
                let value = sample.extra_text(default, key);
                let value = value.or_else(|| languages.iter().find_map(|l| sample.extra_text(l, key)));
                let Some(value) = value else {
                    return Err(usage(format!(
                        "the sample's pages use {{{{ extra.{key} }}}}, which its beleid.toml does not set"
                    )));
                };
                set("extra".into(), key, value.clone(), false);
                for lang in &languages[1..] {
                    if let Some(own) = sample.extra_text(lang, key).filter(|v| *v != value) {
                        set(format!("languages.{lang}.extra"), key, own, false);
                    }
                }
            }
        }
    }
    Ok((tables, derived))
}
