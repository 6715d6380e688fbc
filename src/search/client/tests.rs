//! The published scripts: put together, minified, and with one copy of
//! every constant.

use super::*;

/// Runs `node --check` on `script`: whether it parses.
fn parses(name: &str, script: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let path = dir.path().join(name);
    std::fs::write(&path, script).map_err(|e| e.to_string())?;
    let out = std::process::Command::new("node")
        .arg("--check")
        .arg(&path)
        .output()
        .map_err(|e| format!("node must be installed to check the browser scripts: {e}"))?;
    if out.status.success() { Ok(()) } else { Err(String::from_utf8_lossy(&out.stderr).into_owned()) }
}

#[test]
fn scripts_parse_before_and_after_minifying() {
    for (name, script) in [
        ("engine-source.js", engine_source()),
        ("engine.js", engine_script().to_string()),
        ("loader-source.js", LOADER.to_string()),
        ("loader.js", loader_script().to_string()),
    ] {
        assert_eq!(parses(name, &script), Ok(()), "{name}");
    }
}

#[test]
fn every_part_minifies() {
    for (name, part) in ENGINE_PARTS.iter().chain([&("stemmers.js", STEMMERS), &("loader.js", LOADER)]) {
        let small = super::super::minify::minify(part).unwrap_or_else(|e| panic!("{name}:{e}"));
        assert!(small.len() < part.len(), "{name}: {} bytes minified, {} written", small.len(), part.len());
    }
    assert!(!engine_script().contains("// ----"), "the published engine keeps comments");
}

#[test]
fn the_loader_stays_small() {
    // Every page loads it; the engine waits until search is opened.
    assert!(loader_script().len() < 1536, "the loader is {} bytes", loader_script().len());
    assert!(engine_script().len() > 10 * loader_script().len());
}

/// No part defines a constant of the prelude again: the prelude is their
/// only copy.
#[test]
fn prelude_constants_have_one_copy() {
    let prelude = prelude();
    let names: Vec<&str> =
        prelude.lines().filter_map(|l| l.strip_prefix("var ")).filter_map(|l| l.split(' ').next()).collect();
    assert!(names.len() >= 20, "{names:?}");
    for name in &names {
        let used = ENGINE_PARTS.iter().any(|(_, part)| part.contains(name));
        assert!(used, "{name} is generated but no part uses it");
        for (part_name, part) in ENGINE_PARTS {
            assert!(!part.contains(&format!("var {name} ")), "{part_name} defines {name} again");
            assert!(!part.contains(&format!(" {name} = ")), "{part_name} assigns {name}");
        }
    }
}

#[test]
fn prelude_holds_the_rust_tables() {
    let prelude = prelude();
    assert!(prelude.is_ascii());
    assert!(prelude.contains(&format!("var MAX_WORD = {MAX_WORD};")));
    assert!(prelude.contains("\"\\u00df\": \"ss\""), "{prelude}");
    for (lang, list) in STOPWORDS {
        let words: Vec<String> = list.iter().map(|w| js_string(w)).collect();
        assert!(prelude.contains(&format!("\"{lang}\": [{}]", words.join(", "))), "{lang}");
    }
}

#[test]
fn js_strings_are_ascii_escapes() {
    assert_eq!(js_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
    assert_eq!(js_string("ß’"), "\"\\u00df\\u2019\"");
    assert_eq!(js_string("😀\n"), "\"\\ud83d\\ude00\\u000a\"");
}
