//! What a rendering pass works out before it renders anything: shared
//! template values, navigation, reading order and the output plan, from
//! the site's structure and templates only. The dev server keeps it across
//! edits that change page bodies only.

use std::collections::BTreeMap;
use std::path::PathBuf;

use minijinja::Value;

use super::context::{self, Navigation, Neighbours};
use super::plan::{self, Reserved};
use super::{Inputs, Presentation};
use crate::error::Diagnostic;

/// What a pass works out before rendering, from the site's structure and
/// templates only (no page body): shared template values, navigation,
/// reading order and the output plan. The dev server keeps it across
/// edits that change page bodies only.
pub struct Prepared {
    /// Template values by language code, for every configured language:
    /// pages and generated files only ever name configured languages, so
    /// indexing it cannot fail.
    pub(super) languages: BTreeMap<String, Value>,
    pub(super) neighbours: Neighbours,
    pub(super) navigation: Navigation,
    pub(super) plan: BTreeMap<String, PathBuf>,
    pub(super) collisions: Vec<Diagnostic>,
}

impl Prepared {
    /// Works it out for `inputs` and `presentation`.
    pub fn new(inputs: &Inputs, presentation: &Presentation) -> Prepared {
        let languages = inputs
            .config
            .language_codes()
            .into_iter()
            .map(|l| (l.to_string(), with_csp(context::language_value(inputs, l), inputs)))
            .collect();
        let mut navigation = Navigation::new(inputs);
        let sidebar_error = navigation.render_sidebars(inputs, &presentation.templates, &languages);
        let mut prepared = Prepared {
            languages,
            neighbours: context::neighbours(inputs),
            navigation,
            plan: BTreeMap::new(),
            collisions: sidebar_error.into_iter().collect(),
        };
        prepared.plan_outputs(inputs, presentation);
        prepared
    }

    /// Plans every output; see [`plan`] for what is an error.
    fn plan_outputs(&mut self, inputs: &Inputs, presentation: &Presentation) {
        let mut planned: Vec<(String, PathBuf)> = Vec::new();
        for page in &inputs.content.pages {
            planned.push((page.output_file(), page.source.file.clone()));
            if page.is_policy() {
                planned.push((super::policies::json_path(&page.path), page.source.file.clone()));
            }
        }
        for (path, origin) in super::versions::planned(inputs) {
            planned.push((path, origin));
        }
        let generated = PathBuf::from("<generated>");
        if inputs.content.pages.iter().any(crate::content::Page::is_policy) {
            planned.push((super::policies::POLICIES_FILE.to_string(), generated.join(super::policies::POLICIES_FILE)));
        }
        for lang in inputs.config.language_codes() {
            let prefix = context::lang_prefix(inputs, lang);
            if let Some(print) = context::print_path(inputs, lang) {
                planned.push((format!("{print}index.html"), generated.join("print page")));
            }
            if inputs.has_feed(lang) {
                planned.push((format!("{prefix}atom.xml"), generated.join("feed")));
            }
            if inputs.config.search.enabled && presentation.templates.has("search.html") {
                planned.push((format!("{}index.html", crate::search::index_path(lang)), generated.join("search page")));
            }
        }
        for lang in inputs.config.language_codes() {
            planned.push((format!("{}404.html", context::lang_prefix(inputs, lang)), generated.join("404.html")));
        }
        for name in ["sitemap.xml", "robots.txt"] {
            planned.push((name.to_string(), generated.join(name)));
        }
        let (aliases, alias_errors) = super::deploy::aliases::planned(inputs);
        planned.extend(aliases);
        self.collisions.extend(alias_errors);
        if inputs.config.security.headers_file {
            planned.push((super::deploy::HEADERS_FILE.to_string(), generated.join(super::deploy::HEADERS_FILE)));
        }
        for f in &presentation.assets.files {
            planned.push((f.output.clone(), f.shown.clone()));
        }
        let reserved: Vec<Reserved> = if inputs.config.search.enabled {
            let has_page = presentation.templates.has("search.html");
            let languages = inputs.config.language_codes();
            languages
                .into_iter()
                .map(|lang| {
                    let folder = crate::search::index_path(lang);
                    let except = has_page.then(|| format!("{folder}index.html"));
                    Reserved { folder, origin: generated.join("search index"), except }
                })
                .collect()
        } else {
            Vec::new()
        };
        let (plan, collisions) = plan::check(planned, &reserved);
        self.plan = plan;
        self.collisions.extend(collisions);
    }
}

/// A language's template values with `csp`, the `<meta>` policy (empty
/// when `[security] meta = false`).
fn with_csp(language: Value, inputs: &Inputs) -> Value {
    let security = &inputs.config.security;
    let csp = if security.meta { super::deploy::Csp::from_config(security).meta() } else { String::new() };
    minijinja::context! { csp => csp, ..language }
}

impl Prepared {
    /// Every file the pass writes, with where it comes from (see [`crate::site::Pass::plan`]).
    pub fn plan(&self) -> &BTreeMap<String, PathBuf> {
        &self.plan
    }
}
