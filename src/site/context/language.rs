//! The values every page of a language shares, built once per language:
//! `site` (with the list of languages), `lang`, the full `nav` tree and `t`;
//! and the paths that depend only on the language.

use std::collections::BTreeMap;

use minijinja::Value;
use serde::Serialize;

use super::super::Inputs;
use crate::content::{PageId, PageKind};
use crate::templates::to_value;

#[derive(Serialize)]
struct LanguageLink {
    code: String,
    name: String,
    url: String,
}

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: String,
    description: String,
    base_url: String,
    base_path: &'a str,
    default_language: &'a str,
    languages: Vec<LanguageLink>,
    search: bool,
    /// Whether fenced code is highlighted (and `highlight.css` published).
    highlight: bool,
    extra: BTreeMap<String, toml::Value>,
    generator: &'static str,
    /// `edit_url` from the config: a page's edit link is this and `page.source`.
    edit_url: Option<&'a str>,
}

#[derive(Serialize)]
struct LangCtx {
    code: String,
    name: String,
    locale: String,
    home_url: String,
    feed_url: Option<String>,
    print_url: Option<String>,
    search_url: Option<String>,
}

/// One entry of the navigation tree.
#[derive(Serialize)]
struct NavItem {
    title: String,
    url: String,
    kind: PageKind,
    children: Vec<NavItem>,
}

/// The Open Graph locale for a language code.
pub(crate) fn locale(code: &str) -> String {
    match code {
        "nl" => "nl_NL".into(),
        "en" => "en_GB".into(),
        "de" => "de_DE".into(),
        "fr" => "fr_FR".into(),
        "fy" => "fy_NL".into(),
        other => other.replace('-', "_"),
    }
}

/// The URL of a language's print page, if it has policy pages.
pub(crate) fn print_path(inputs: &Inputs, lang: &str) -> Option<String> {
    let has_policies = inputs.content.language_pages(lang).any(|id| {
        let page = inputs.content.page(id);
        page.is_policy() && !page.is_sample()
    });
    has_policies.then(|| format!("{}print/", lang_prefix(inputs, lang)))
}

/// `""` or `en/`: where a language's pages live below the base path.
pub(crate) fn lang_prefix(inputs: &Inputs, lang: &str) -> String {
    let p = inputs.config.language_path(lang);
    if p.is_empty() { p } else { format!("{p}/") }
}

/// Builds the values shared by every page of a language.
pub(crate) fn language_value(inputs: &Inputs, lang: &str) -> Value {
    let config = &inputs.config;
    let urls = &inputs.urls;
    let languages = config
        .language_codes()
        .into_iter()
        .map(|code| LanguageLink {
            code: code.to_string(),
            name: config.language_name(code),
            url: urls.url(&inputs.content.page(inputs.content.home(code)).path),
        })
        .collect();
    let site = SiteCtx {
        title: config.language_title(lang),
        description: config.language_description(lang),
        base_url: urls.base_url(),
        base_path: &urls.base_path,
        default_language: &config.default_language,
        languages,
        search: config.search.enabled,
        highlight: config.markdown.highlight_code,
        extra: config.extra_for(lang),
        generator: concat!("beleid ", env!("CARGO_PKG_VERSION")),
        edit_url: config.edit_url.as_deref(),
    };
    let prefix = lang_prefix(inputs, lang);
    let lang_ctx = LangCtx {
        code: lang.to_string(),
        name: config.language_name(lang),
        locale: locale(lang),
        home_url: urls.url(&inputs.content.page(inputs.content.home(lang)).path),
        feed_url: inputs.has_feed(lang).then(|| urls.url(&format!("{prefix}atom.xml"))),
        print_url: print_path(inputs, lang).map(|p| urls.url(&p)),
        search_url: config.search.enabled.then(|| urls.url(&format!("search/{lang}/"))),
    };
    let home = inputs.content.home(lang);
    let nav: Vec<NavItem> = inputs.content.page(home).children.iter().map(|&c| nav_item(inputs, c)).collect();
    minijinja::context! {
        site => to_value(site),
        lang => to_value(lang_ctx),
        nav => to_value(nav),
        t => inputs.strings.value(lang),
    }
}

fn nav_item(inputs: &Inputs, id: PageId) -> NavItem {
    let page = inputs.content.page(id);
    NavItem {
        title: page.title.clone(),
        url: inputs.urls.url(&page.path),
        kind: page.kind,
        children: page.children.iter().map(|&c| nav_item(inputs, c)).collect(),
    }
}
