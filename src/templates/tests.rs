//! Tests for template errors and escaping.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::*;

fn templates(files: &[(&str, &str)]) -> Result<Templates, Vec<Diagnostic>> {
    let theme = Theme::from_files(files.iter().map(|(n, t)| (format!("templates/{n}"), t.as_bytes().to_vec())));
    let mut assets = BTreeMap::new();
    assets.insert("style.css".to_string(), "/style.0123abcd.css".to_string());
    Templates::new(&theme, Arc::new(assets))
}

#[test]
fn escapes_everything_by_default() {
    let t = templates(&[("a.html", "<p title=\"{{ x }}\">{{ x }}</p>")]).unwrap();
    let out = t.render("a.html", &minijinja::context! { x => "<script>\"'/" }).unwrap();
    assert_eq!(out, "<p title=\"&lt;script&gt;&quot;&#39;/\">&lt;script&gt;&quot;&#39;/</p>");
}

#[test]
fn undefined_values_are_errors_naming_the_expression() {
    let t = templates(&[("page.html", "line one\n<h1>{{ page.titel }}</h1>")]).unwrap();
    let err = t.render("page.html", &minijinja::context! { page => minijinja::context! { title => "A" } }).unwrap_err();
    assert_eq!(err.location(), "<test theme>/templates/page.html:2:8");
    assert_eq!(err.message, "`page.titel` is undefined");
}

#[test]
fn errors_in_included_templates_name_the_inner_template() {
    let t = templates(&[("base.html", "{% include \"part.html\" %}"), ("part.html", "\n\n{{ nav.x }}")]).unwrap();
    let err = t.render("base.html", &minijinja::context! { nav => minijinja::context! {} }).unwrap_err();
    assert_eq!(err.location(), "<test theme>/templates/part.html:3:4");
}

#[test]
fn syntax_errors_are_reported_at_load() {
    let errs = templates(&[("a.html", "{% if x %}\nno end")]).unwrap_err();
    assert_eq!(errs[0].path, std::path::Path::new("<test theme>/templates/a.html"));
    assert!(errs[0].line > 0, "{errs:?}");
}

#[test]
fn asset_function_and_date_filter() {
    let t = templates(&[("a.html", "{{ asset('style.css') }} {{ d | format_date }}")]).unwrap();
    let months: Vec<String> = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let out = t
        .render("a.html", &minijinja::context! { d => "2026-11-01", t => minijinja::context! { months => months } })
        .unwrap();
    assert_eq!(out, "/style.0123abcd.css 1 november 2026");
    let t = templates(&[("a.html", "{{ asset('nope.css') }}")]).unwrap();
    assert!(t.render("a.html", &minijinja::context! {}).unwrap_err().message.contains("nope.css"));
    // A site's own base.html from before the engine loaded on demand.
    let t = templates(&[("a.html", "{{ asset('stemmers.js') }}")]).unwrap();
    let message = t.render("a.html", &minijinja::context! {}).unwrap_err().message;
    assert!(message.contains("stemmers.js") && message.contains("data-engine"), "{message}");
}
