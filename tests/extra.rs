//! `[extra]` values: per language (`[languages.<code>.extra]`) in content
//! and templates, and a warning for a key nothing uses.

mod common;

use std::path::Path;

use common::Site;

const CONFIG: &str = r#"title = "T"
base_url = "https://zuiderhaven.test/"
default_language = "nl"

[languages.nl]

[languages.en]

[languages.en.extra]
organisation_in_text = "Zuiderhaven municipality"
leftover = "x"

[extra]
organisation = "Gemeente Zuiderhaven"
organisation_in_text = "de gemeente Zuiderhaven"
email = "info@zuiderhaven.test"
fax = "none"
"#;

fn site() -> Site {
    let site = Site::copy_of(Path::new("/nonexistent-beleid-fixture"));
    site.write("beleid.toml", CONFIG);
    site.write(
        "content/nl/_index.md",
        "+++\ntitle = \"Start\"\n+++\nHet beleid van {{ extra.organisation_in_text }}.\n",
    );
    site.write("content/en/_index.md", "+++\ntitle = \"Home\"\n+++\nThe policy of {{ extra.organisation_in_text }}.\n");
    site
}

#[test]
fn a_language_extra_value_replaces_the_site_value_on_that_language_only() {
    let site = site();
    site.build_ok(&[]);
    assert!(site.output("index.html").contains("Het beleid van de gemeente Zuiderhaven."));
    assert!(site.output("en/index.html").contains("The policy of Zuiderhaven municipality."));
}

#[test]
fn templates_see_the_language_extra_values() {
    let site = site();
    site.write("beleid.toml", &CONFIG.replace("leftover = \"x\"", "organisation = \"Municipality of Zuiderhaven\""));
    site.build_ok(&[]);
    assert!(
        site.output("en/index.html").contains("· Municipality of Zuiderhaven"),
        "footer: {}",
        site.output("en/index.html")
    );
    assert!(site.output("index.html").contains("· Gemeente Zuiderhaven"));
}

#[test]
fn an_unused_extra_key_is_a_warning_at_its_line() {
    let site = site();
    let run = site.beleid(&["check", "--format", "json"]);
    assert_eq!(run.code, 0, "warnings only: {}", run.stderr);
    let found: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let unused: Vec<String> = found
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unused-extra")
        .map(|d| format!("{}:{} {}", d["line"], d["column"], d["message"].as_str().unwrap()))
        .collect();
    let line_of = |key: &str| CONFIG.lines().position(|l| l.starts_with(key)).unwrap() + 1;
    assert_eq!(
        unused,
        [
            format!("{}:1 [languages.en.extra] leftover is used by no page or template", line_of("leftover =")),
            format!("{}:1 [extra] fax is used by no page or template", line_of("fax =")),
        ]
    );
    assert_eq!(site.beleid(&["check", "--deny-warnings"]).code, 1);
    // organisation and email are read by the theme's footer, so they are used.
}
