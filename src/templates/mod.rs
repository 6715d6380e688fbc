//! Templates: a minijinja environment holding the theme's templates (with
//! the site's overrides), with HTML escaping on for every template and
//! undefined values treated as errors.
//!
//! Template errors become diagnostics that name the template file, the line
//! and column, and the expression that failed.

mod filters;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use minijinja::{AutoEscape, Environment, ErrorKind, UndefinedBehavior, Value};

use crate::error::{Diagnostic, line_col};
use crate::theme::Theme;

/// Converts anything serializable into a template value.
pub(crate) fn to_value<T: serde::Serialize>(value: T) -> Value {
    Value::from(minijinja::value::Serde(value))
}

/// The compiled templates of a theme.
#[derive(Debug)]
pub(crate) struct Templates {
    env: Environment<'static>,
    sources: BTreeMap<String, (PathBuf, String)>,
}

impl Templates {
    /// Compiles every template under `templates/` in the theme. `assets`
    /// maps theme asset names (`style.css`) to their published URLs, for the
    /// `asset()` function.
    pub(crate) fn new(theme: &Theme, assets: Arc<BTreeMap<String, String>>) -> Result<Templates, Vec<Diagnostic>> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::SemiStrict);
        env.set_auto_escape_callback(|_| AutoEscape::Html);
        // minijinja also escapes `/`, which bloats every URL; HTML needs only
        // these five characters escaped, in text and in quoted attributes.
        env.set_formatter(|out, state, value| {
            if matches!(state.auto_escape(), AutoEscape::Html)
                && !value.is_safe()
                && let Some(text) = value.as_str().filter(|_| value.kind() == minijinja::value::ValueKind::String)
            {
                return crate::text::write_escaped(out, text).map_err(minijinja::Error::from);
            }
            minijinja::escape_formatter(out, state, value)
        });
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .build()
                .expect("the default delimiters are valid"),
        );
        filters::register(&mut env, assets);
        let mut sources = BTreeMap::new();
        let mut errors = Vec::new();
        for (name, file) in theme.files_under("templates/") {
            let Ok(text) = String::from_utf8(file.bytes.clone()) else {
                errors.push(Diagnostic::error("template", &file.shown, "the template is not valid UTF-8"));
                continue;
            };
            sources.insert(name.to_string(), (file.shown.clone(), text.clone()));
            if let Err(e) = env.add_template_owned(name.to_string(), text) {
                errors.push(template_diagnostic(&e, &sources));
            }
        }
        if errors.is_empty() { Ok(Templates { env, sources }) } else { Err(errors) }
    }

    /// True if the theme has a template of this name.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Renders a template with a context.
    pub(crate) fn render(&self, name: &str, context: &Value) -> Result<String, Diagnostic> {
        let template = self.env.get_template(name).map_err(|e| template_diagnostic(&e, &self.sources))?;
        template.render(context).map_err(|e| template_diagnostic(&e, &self.sources))
    }
}

/// Turns a minijinja error into a diagnostic at the template's file, line
/// and column, naming the expression that failed.
fn template_diagnostic(error: &minijinja::Error, sources: &BTreeMap<String, (PathBuf, String)>) -> Diagnostic {
    // Errors raised inside an include or macro carry the inner template.
    let mut inner = error;
    while let Some(source) = std::error::Error::source(inner).and_then(|s| s.downcast_ref::<minijinja::Error>()) {
        if source.name().is_none() {
            break;
        }
        inner = source;
    }
    let name = inner.name().unwrap_or("<template>");
    let (path, source) = sources.get(name).map_or((PathBuf::from(name), ""), |(p, s)| (p.clone(), s.as_str()));
    let expression = inner.range().and_then(|r| source.get(r)).map(str::trim);
    let message = match (inner.kind(), expression) {
        (ErrorKind::UndefinedError, Some(expr)) => format!("`{expr}` is undefined"),
        (kind, Some(expr)) if !expr.is_empty() => match inner.detail() {
            Some(detail) => format!("{kind} in `{expr}`: {detail}"),
            None => format!("{kind} in `{expr}`"),
        },
        (kind, _) => match inner.detail() {
            Some(detail) => format!("{kind}: {detail}"),
            None => kind.to_string(),
        },
    };
    let mut d = Diagnostic::error("template", path, message);
    match (inner.range(), inner.line()) {
        (Some(r), _) if !source.is_empty() => {
            let (l, c) = line_col(source, r.start);
            d = d.at(l, c);
        }
        (_, Some(l)) => d = d.at(l, 0),
        _ => {}
    }
    if inner.kind() == ErrorKind::UndefinedError {
        d = d.hint(
            "templates get site, lang, page, nav and t (UI strings); check the name, or test it with `is defined`",
        );
    }
    d
}

#[cfg(test)]
mod tests;
