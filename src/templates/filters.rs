//! Functions and filters available to templates.

use std::collections::BTreeMap;
use std::sync::Arc;

use minijinja::{Environment, Error, ErrorKind, State, Value};

use crate::date::Date;

/// Registers `asset()` and `format_date`.
pub(super) fn register(env: &mut Environment<'static>, assets: Arc<BTreeMap<String, String>>) {
    // `asset("style.css")` → the fingerprinted URL of a theme or site static file.
    env.add_function("asset", move |name: &str| -> Result<String, Error> {
        assets.get(name).cloned().ok_or_else(|| {
            let mut message = format!("there is no static file {name:?} to link to");
            if let Some(hint) = retired_asset_hint(name) {
                message.push_str("; ");
                message.push_str(hint);
            }
            Error::new(ErrorKind::InvalidOperation, message)
        })
    });
    env.add_filter("format_date", format_date);
}

/// What to do instead, for a file an earlier default theme published that a
/// site's own template may still link to.
fn retired_asset_hint(name: &str) -> Option<&'static str> {
    match name {
        "stemmers.js" => Some(
            "the stemmers are part of the search engine now, which loads when search opens: remove this \
             script tag and give the search.js tag data-engine=\"{{ asset('search-engine.js') }}\", as the \
             default theme's base.html does",
        ),
        _ => None,
    }
}

/// `{{ page.updated | format_date }}` → `1 november 2026`, with month names
/// from the UI strings' `months` list; ISO form when there is none.
fn format_date(state: &State, value: &Value) -> Result<String, Error> {
    let text = value
        .as_str()
        .ok_or_else(|| Error::new(ErrorKind::InvalidOperation, "format_date expects a date such as 2026-11-01"))?;
    let date: Date = text.parse().map_err(|e: String| Error::new(ErrorKind::InvalidOperation, e))?;
    let months = state.lookup("t").and_then(|t| t.get_attr("months").ok()).filter(|m| !m.is_undefined());
    let Some(months) = months else {
        return Ok(date.to_string());
    };
    let month = months.get_item_by_index(usize::from(date.month()) - 1)?;
    match month.as_str() {
        Some(name) => Ok(format!("{} {} {}", date.day(), name, date.year())),
        None => Ok(date.to_string()),
    }
}
