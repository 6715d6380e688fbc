//! Where a page is in the other languages, computed in one place: the
//! language switcher, the `hreflang` alternates in a page's head and the
//! sitemap's `xhtml:link` alternates all start from [`Counterparts`].

use serde::Serialize;

use super::super::Inputs;
use crate::content::PageId;

/// The output path of a page in each configured language, in the config's
/// language order; `None` where the page has no counterpart.
pub(crate) struct Counterparts<'a> {
    paths: Vec<(&'a str, Option<String>)>,
}

impl<'a> Counterparts<'a> {
    /// The translations of a content page.
    pub(crate) fn of_page(inputs: &'a Inputs, id: PageId) -> Counterparts<'a> {
        let content = &inputs.content;
        let translations = content.translations(id);
        let paths = inputs
            .config
            .language_codes()
            .into_iter()
            .map(|code| (code, translations.get(code).map(|&t| content.page(t).path.clone())))
            .collect();
        Counterparts { paths }
    }

    /// A generated page at `path` in `lang`; `counterpart(code)` gives its
    /// path in another language, if it has one there.
    pub(crate) fn of_generated(
        inputs: &'a Inputs,
        lang: &str,
        path: &str,
        counterpart: &dyn Fn(&str) -> Option<String>,
    ) -> Counterparts<'a> {
        let paths = inputs
            .config
            .language_codes()
            .into_iter()
            .map(|code| (code, if code == lang { Some(path.to_string()) } else { counterpart(code) }))
            .collect();
        Counterparts { paths }
    }

    /// Each language code with the page's path in it, if any.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&'a str, Option<&str>)> + '_ {
        self.paths.iter().map(|(code, path)| (*code, path.as_deref()))
    }

    /// The `hreflang` alternates: one per language the page exists in, then
    /// `x-default` for the default language's. None when the page exists
    /// in one language only.
    pub(crate) fn alternates(&self, inputs: &Inputs) -> Vec<Alternate> {
        let urls = &inputs.urls;
        let existing: Vec<(&str, &str)> = self.iter().filter_map(|(code, path)| Some((code, path?))).collect();
        if existing.len() < 2 {
            return Vec::new();
        }
        let mut alternates: Vec<Alternate> = existing
            .iter()
            .map(|&(code, path)| Alternate { hreflang: code.to_string(), href: urls.permalink(path) })
            .collect();
        if let Some(&(_, path)) = existing.iter().find(|(code, _)| *code == inputs.config.default_language) {
            alternates.push(Alternate { hreflang: "x-default".into(), href: urls.permalink(path) });
        }
        alternates
    }
}

/// One `hreflang` alternate of a page.
#[derive(Serialize)]
pub(crate) struct Alternate {
    /// A language code, or `x-default`.
    pub(crate) hreflang: String,
    /// The absolute URL of the page in that language.
    pub(crate) href: String,
}

/// One entry of the language switcher.
#[derive(Serialize)]
pub(crate) struct TranslationCtx {
    code: String,
    name: String,
    url: String,
    title: Option<String>,
    /// False when the page has no translation in this language; `url` is
    /// then that language's home page.
    exists: bool,
    current: bool,
}

/// Where the switcher links for one language, when the page exists there.
pub(crate) struct Target {
    /// The root-relative URL.
    pub(crate) url: String,
    /// The page's title in that language, if it has one.
    pub(crate) title: Option<String>,
}

/// The language switcher of a page in `current`: one entry per configured
/// language, linking to `target(code)` or, where that is `None`, to the
/// language's home page.
pub(crate) fn switcher(
    inputs: &Inputs,
    current: &str,
    target: &mut dyn FnMut(&str) -> Option<Target>,
) -> Vec<TranslationCtx> {
    let content = &inputs.content;
    let config = &inputs.config;
    config
        .language_codes()
        .into_iter()
        .map(|code| {
            let found = target(code);
            let exists = found.is_some();
            let (url, title) = match found {
                Some(Target { url, title }) => (url, title),
                None => (inputs.urls.url(&content.page(content.home(code)).path), None),
            };
            TranslationCtx {
                code: code.to_string(),
                name: config.language_name(code),
                url,
                title,
                exists,
                current: code == current,
            }
        })
        .collect()
}
