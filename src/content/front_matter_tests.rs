//! Tests of front matter parsing.

use super::*;

fn p() -> &'static Path {
    Path::new("content/nl/a.md")
}

#[test]
fn splits_toml_and_yaml() {
    let s = split("+++\ntitle = \"A\"\n+++\n\nBody\n", p()).unwrap();
    assert_eq!(s.front_matter, Some((Format::Toml, "title = \"A\"\n")));
    assert_eq!((s.body, s.body_line), ("\nBody\n", 4));
    let s = split("---\r\ntitle: A\r\n---\r\nBody", p()).unwrap();
    assert_eq!(s.front_matter, Some((Format::Yaml, "title: A\r\n")));
    assert_eq!((s.body, s.body_line), ("Body", 4));
    let s = split("# No front matter\n", p()).unwrap();
    assert!(s.front_matter.is_none());
    // A thematic break that is not at the start is just Markdown.
    let s = split("Text\n---\n", p()).unwrap();
    assert!(s.front_matter.is_none());
}

#[test]
fn unterminated_front_matter_is_an_error_at_line_one() {
    let e = split("+++\ntitle = \"A\"\n\nBody\n", p()).unwrap_err();
    assert_eq!(e.location(), "content/nl/a.md:1:1");
    assert!(e.message.contains("never closed"));
}

#[test]
fn toml_errors_point_into_the_file() {
    let e = parse(Format::Toml, "title = \"A\"\ntitel = \"B\"\n", p()).unwrap_err();
    assert_eq!(e.location(), "content/nl/a.md:3:1");
    assert_eq!(e.hint.as_deref(), Some("did you mean `title`?"));
    let e = parse(Format::Toml, "title = \"A\"\ndate = 2024-02-30\n", p()).unwrap_err();
    assert_eq!(e.line, 3);
}

#[test]
fn every_unknown_key_is_reported_once_with_extra_suggested() {
    let e = parse(Format::Toml, "title = \"A\"\nauthor = \"B\"\nslgu = \"c\"\n[policy]\nreveiw = 2027-01-01\n", p())
        .unwrap_err();
    assert_eq!(e.location(), "content/nl/a.md:3:1");
    assert_eq!(e.message, "unknown front-matter keys `author` (line 3), `slgu` (line 4), `reveiw` (line 6)");
    let hint = e.hint.unwrap();
    assert!(
        hint.starts_with(
            "did you mean `slug` for `slgu`?, `review` for `reveiw`?; move custom keys under an `[extra]` table"
        ),
        "{hint}"
    );
    assert_eq!(hint.matches("known keys").count(), 1, "{hint}");
    let e = parse(Format::Yaml, "author: B\nsidebar_position: 3\n", p()).unwrap_err();
    assert_eq!(e.message, "unknown front-matter keys `author` (line 2), `sidebar_position` (line 3)");
    assert!(e.hint.unwrap().starts_with("move custom keys under `extra:`"));
}

#[test]
fn the_key_lists_match_what_serde_accepts() {
    // serde's own list, from the message it gives for an unknown key.
    let listed = |text: &str| -> Vec<String> {
        let message = toml::from_str::<FrontMatter>(text).unwrap_err().message().to_string();
        message.split('`').skip(3).step_by(2).map(str::to_string).collect()
    };
    assert_eq!(listed("zzz = 1\n"), KEYS);
    assert_eq!(listed("[policy]\nzzz = 1\n"), POLICY_KEYS);
}

#[test]
fn yaml_colons_in_values_get_a_quoting_hint() {
    let e = parse(Format::Yaml, "title: API: een inleiding\n", p()).unwrap_err();
    assert_eq!(e.location(), "content/nl/a.md:2:11");
    assert!(e.hint.unwrap().contains("must be quoted"));
}

#[test]
fn yaml_errors_point_into_the_file() {
    let e = parse(Format::Yaml, "title: A\nweight: heavy\n", p()).unwrap_err();
    assert_eq!(e.location(), "content/nl/a.md:3:9");
    let e = parse(Format::Yaml, "title: A\nslgu: b\n", p()).unwrap_err();
    assert_eq!(e.line, 3);
    assert_eq!(e.hint.as_deref(), Some("did you mean `slug`?"));
}

#[test]
fn deep_yaml_is_refused_before_parsing() {
    let deep = format!("x: {}1{}\n", "{a: ".repeat(100), "}".repeat(100));
    let e = parse(Format::Yaml, &deep, p()).unwrap_err();
    assert_eq!(e.location(), "content/nl/a.md:2:260", "the 65th brace");
    assert!(e.message.contains("nests more than 64 levels"), "{}", e.message);
    let indented: String = (0..100).map(|i| format!("{}k{i}:\n", "  ".repeat(i))).collect();
    assert!(parse(Format::Yaml, &indented, p()).unwrap_err().message.contains("nests"));
    // Brackets inside quotes and comments do not count.
    assert!(parse(Format::Yaml, &format!("title: \"{}\" # {}\n", "[".repeat(100), "{".repeat(100)), p()).is_ok());
    assert!(parse(Format::Yaml, "title: it's [fine]\n", p()).is_ok());
}

#[test]
fn policy_versions_and_dates() {
    let fm =
        parse(Format::Toml, "[policy]\nversion = 1.0\neffective = 2026-01-01\nreview = \"2027-01-01\"\n", p()).unwrap();
    let policy = fm.policy.unwrap();
    assert_eq!(policy.version.as_deref(), Some("1.0"));
    assert_eq!(policy.review.unwrap().to_string(), "2027-01-01");
    let fm = parse(Format::Yaml, "date: 2026-01-02\npolicy:\n  version: \"2\"\n", p()).unwrap();
    assert_eq!(fm.date.unwrap().to_string(), "2026-01-02");
}

#[test]
fn key_positions() {
    let fm = "title = \"A\"\n[policy]\n  review = 2020-01-01\n";
    assert_eq!(key_position(Format::Toml, fm, "review"), Some((4, 3)));
    assert_eq!(key_position(Format::Toml, fm, "missing"), None);
    assert_eq!(key_position(Format::Toml, fm, "policy"), Some((3, 1)));
    // From the parser's spans: text that only looks like a key is none,
    // and dotted and inline keys are found where they are written.
    let fm = "description = \"\"\"\nreview = soon\n\"\"\"\npolicy.review = 2020-01-01\n";
    assert_eq!(key_position(Format::Toml, fm, "review"), Some((5, 8)));
    assert_eq!(key_position(Format::Toml, fm, "policy"), Some((5, 1)));
    let fm = "policy = { version = \"1\", review = 2020-01-01 }\n";
    assert_eq!(key_position(Format::Toml, fm, "review"), Some((2, 27)));
    let fm = "title: A\npolicy:\n  review: 2020-01-01\n";
    assert_eq!(key_position(Format::Yaml, fm, "review"), Some((4, 3)));
    assert_eq!(key_position(Format::Yaml, fm, "title"), Some((2, 1)));
}
