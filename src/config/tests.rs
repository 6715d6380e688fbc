use super::*;

const MINIMAL: &str = "title = \"T\"\nbase_url = \"https://example.org/\"\ndefault_language = \"nl\"\n";

#[test]
fn defaults_fill_in() {
    let c = Config::parse(MINIMAL, Path::new("beleid.toml")).unwrap();
    assert_eq!(c.theme, "default");
    assert!(c.markdown.smart_punctuation && c.search.enabled && c.feed.enabled);
    assert_eq!(c.language_codes(), vec!["nl"]);
    assert_eq!(c.language_path("nl"), "");
    assert_eq!(c.language_name("nl"), "Nederlands");
}

#[test]
fn unknown_key_names_position_and_suggests() {
    let text = format!("{MINIMAL}\n[markdown]\nsmart_punctuaton = false\n");
    let Err(Error::Site(d)) = Config::parse(&text, Path::new("site/beleid.toml")) else {
        panic!("expected an error");
    };
    assert_eq!(d[0].location(), "site/beleid.toml:6:1");
    assert!(d[0].message.contains("unknown field `smart_punctuaton`"), "{}", d[0].message);
    assert_eq!(d[0].hint.as_deref(), Some("did you mean `smart_punctuation`?"));
}

#[test]
fn validation_errors_are_positioned() {
    let text = "title = \"T\"\nbase_url = \"example.org\"\ndefault_language = \"de\"\n[languages.nl]\n";
    let Err(Error::Site(d)) = Config::parse(text, Path::new("beleid.toml")) else {
        panic!("expected an error");
    };
    let found: Vec<(String, &str)> = d.iter().map(|d| (d.location(), d.code)).collect();
    assert_eq!(found, vec![("beleid.toml:2:1".into(), "base-url"), ("beleid.toml:3:1".into(), "default-language")]);
}

#[test]
fn each_kind_of_language_problem_has_its_own_code() {
    let text = format!("{MINIMAL}[languages.nl]\n[languages.EN]\n[languages.de]\npath = \"/\"\n");
    let Err(Error::Site(d)) = Config::parse(&text, Path::new("beleid.toml")) else { panic!("expected an error") };
    let found: Vec<(String, &str)> = d.iter().map(|d| (d.location(), d.code)).collect();
    assert_eq!(
        found,
        vec![("beleid.toml:5:1".into(), "language-code"), ("beleid.toml".into(), "language-path")],
        "{d:?}"
    );
    assert!(d[1].message.contains("languages de and nl are both served at /"), "{}", d[1].message);
    let text = format!("{MINIMAL}titel = \"T\"\n");
    let Err(Error::Site(d)) = Config::parse(&text, Path::new("beleid.toml")) else { panic!("expected an error") };
    assert_eq!((d[0].location().as_str(), d[0].code), ("beleid.toml:4:1", "config"));
}

#[test]
fn languages_order_and_paths() {
    let text = format!("{MINIMAL}[languages.en]\n[languages.nl]\n[languages.de]\npath = \"duits\"\n");
    let c = Config::parse(&text, Path::new("beleid.toml")).unwrap();
    assert_eq!(c.language_codes(), vec!["nl", "de", "en"]);
    assert_eq!(c.language_path("en"), "en");
    assert_eq!(c.language_path("de"), "duits");
}

#[test]
fn a_language_path_must_stay_inside() {
    let text = format!("{MINIMAL}[languages.nl]\n[languages.en]\npath = \"../buiten\"\n");
    let Err(Error::Site(d)) = Config::parse(&text, Path::new("beleid.toml")) else { panic!("expected an error") };
    assert_eq!((d[0].location().as_str(), d[0].code), ("beleid.toml:6:1", "language-path"));
    assert!(d[0].message.contains("not a plain folder name"), "{}", d[0].message);
    let ok = format!("{MINIMAL}[languages.nl]\n[languages.en]\npath = \"engels/v2\"\n");
    assert!(Config::parse(&ok, Path::new("beleid.toml")).is_ok());
}

#[test]
fn extra_text_reads_nested_values() {
    let text = format!("{MINIMAL}[extra]\norg = \"X\"\nyear = 2026\n[extra.contact]\nemail = \"a@b\"\n");
    let c = Config::parse(&text, Path::new("beleid.toml")).unwrap();
    assert_eq!(c.extra_text("nl", "org").as_deref(), Some("X"));
    assert_eq!(c.extra_text("nl", "year").as_deref(), Some("2026"));
    assert_eq!(c.extra_text("nl", "contact.email").as_deref(), Some("a@b"));
    assert_eq!(c.extra_text("nl", "contact"), None);
    assert_eq!(c.extra_text("nl", "missing"), None);
}

#[test]
fn a_language_extra_overrides_the_site_extra_for_that_language_only() {
    let text = format!(
        "{MINIMAL}[languages.nl]\n[languages.en]\n[languages.en.extra]\norg_in_text = \"Zuiderhaven municipality\"\n\
         [extra]\norg = \"Gemeente Zuiderhaven\"\norg_in_text = \"de gemeente Zuiderhaven\"\n"
    );
    let c = Config::parse(&text, Path::new("beleid.toml")).unwrap();
    assert_eq!(c.extra_text("nl", "org_in_text").as_deref(), Some("de gemeente Zuiderhaven"));
    assert_eq!(c.extra_text("en", "org_in_text").as_deref(), Some("Zuiderhaven municipality"));
    assert_eq!(c.extra_text("en", "org").as_deref(), Some("Gemeente Zuiderhaven"));
    let en = c.extra_for("en");
    assert_eq!(en["org_in_text"].as_str(), Some("Zuiderhaven municipality"));
    assert_eq!(c.extra_for("nl")["org_in_text"].as_str(), Some("de gemeente Zuiderhaven"));
}
