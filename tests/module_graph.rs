//! Dependencies between the library's top-level modules point one way,
//! down the pipeline: every `crate::<module>` (and `super::<module>` that
//! reaches the crate root) in `src/**/*.rs` is an edge, and the edges must
//! (i) form no cycle and (ii) each go from a module to one on a lower layer
//! of [`LAYERS`]. The same layers are listed in the module description of
//! `src/lib.rs`, and this test checks that the two agree.
//!
//! A new edge that breaks the rule fails here with the file and line that
//! made it. If the edge is right and the layers are wrong, change both the
//! table below and `src/lib.rs`.
//!
//! The library also prints nothing: only `cli` and the binary may use
//! `println!` and its kin, so everything else reports to its caller.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// The top-level modules by layer, bottom first. A module may use modules
/// on lower layers only.
const LAYERS: &[&[&str]] = &[
    &["error", "text", "date", "fingerprint", "urls", "timing", "csp"],
    &["files", "inline", "highlight"],
    &["config"],
    &["content", "theme"],
    &["markdown", "templates", "i18n"],
    &["inputs", "versions"],
    &["check", "search"],
    &["site"],
    &["output", "serve", "init"],
    &["cli"],
];

/// Where one module uses another: (from, to) → the places, `file:line`.
type Edges = BTreeMap<(String, String), Vec<String>>;

/// Rust source with comments and the contents of string and character
/// literals blanked out (lines kept), so only code is searched.
fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    // Keeps line breaks of skipped text, so line numbers stay right.
    let blank = |out: &mut String, skipped: &[char]| {
        out.extend(skipped.iter().filter(|c| **c == '\n'));
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            let end = chars[i..].iter().position(|&c| c == '\n').map_or(chars.len(), |p| i + p);
            i = end;
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            let start = i;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            blank(&mut out, &chars[start..i.min(chars.len())]);
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && !ident_char(chars.get(i.wrapping_sub(1))) {
            // A raw string: r"..." or r#"..."#.
            let hashes = chars[i + 1..].iter().take_while(|&&c| c == '#').count();
            if chars.get(i + 1 + hashes) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let start = i;
            i += 2 + hashes;
            while i < chars.len() {
                if chars[i] == '"' && chars[i + 1..].iter().take(hashes).filter(|&&c| c == '#').count() == hashes {
                    i += 1 + hashes;
                    break;
                }
                i += 1;
            }
            out.push_str("\"\"");
            blank(&mut out, &chars[start..i.min(chars.len())]);
        } else if c == '"' {
            let start = i;
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
            blank(&mut out, &chars[start..i.min(chars.len())]);
        } else if c == '\'' {
            // A character literal ('x', '\n', '\''), or a lifetime ('a).
            let literal_end = if next == Some('\\') {
                chars[i + 2..].iter().position(|&c| c == '\'').map(|p| i + 3 + p)
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 3)
            } else {
                None
            };
            match literal_end {
                Some(end) => {
                    out.push_str("' '");
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn ident_char(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || *c == '_')
}

/// The leading identifier of `text`.
fn ident(text: &str) -> &str {
    let end = text.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(text.len());
    &text[..end]
}

/// The top-level names a path continuation names: `site::Sink` names
/// `site`; `{site, error::Error}` names `site` and `error`.
fn named_after(rest: &str) -> Vec<String> {
    let rest = rest.trim_start();
    let Some(group) = rest.strip_prefix('{') else {
        return vec![ident(rest).to_string()];
    };
    let mut names = Vec::new();
    let mut depth = 0;
    let mut at_item_start = true;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => at_item_start = true,
            c if c.is_whitespace() => {}
            _ if at_item_start => {
                names.push(ident(&group[i..]).to_string());
                at_item_start = false;
            }
            _ => {}
        }
    }
    names
}

/// The module path of a file below `src/`: `site/session.rs` is
/// `["site", "session"]`, `site/mod.rs` is `["site"]`.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if stem != "mod" {
            parts.push(stem.to_string());
        }
    }
    parts
}

/// The edges one file makes, given its module path and code, as
/// (to, line); only names in `modules` count.
fn references(path: &[String], code: &str, modules: &BTreeSet<String>) -> Vec<(String, usize)> {
    let line_of = |offset: usize| code[..offset].matches('\n').count() + 1;
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(p) = code[from..].find("crate::").map(|p| from + p) {
        from = p + "crate::".len();
        if ident_char(code[..p].chars().last().as_ref()) {
            continue; // `beleid_crate::`, not the crate root
        }
        found.extend(named_after(&code[from..]).into_iter().map(|m| (m, line_of(p))));
    }
    // `super::` that climbs to the crate root (from `src/x.rs` or
    // `src/x/mod.rs`, one `super` is enough).
    let mut from = 0;
    while let Some(p) = code[from..].find("super::").map(|p| from + p) {
        if ident_char(code[..p].chars().last().as_ref()) || code[..p].ends_with("::") {
            from = p + 1;
            continue;
        }
        let mut rest = &code[p..];
        let mut climbs = 0;
        while let Some(r) = rest.strip_prefix("super::") {
            climbs += 1;
            rest = r;
        }
        from = code.len() - rest.len();
        if climbs == path.len() {
            found.extend(named_after(rest).into_iter().map(|m| (m, line_of(p))));
        }
    }
    found.retain(|(m, _)| modules.contains(m) && *m != path[0]);
    found.sort_by_key(|(_, line)| *line);
    found
}

/// Every `.rs` file below `dir`, sorted.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules `src/lib.rs` declares.
fn declared_modules(lib: &str) -> BTreeSet<String> {
    code_only(lib)
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod ").or_else(|| l.trim().strip_prefix("mod ")))
        .map(|rest| ident(rest).to_string())
        .collect()
}

/// The crate's edges between top-level modules.
fn crate_edges(modules: &BTreeSet<String>) -> Edges {
    let src = Path::new(REPO).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut edges = Edges::new();
    for file in files {
        let rel = file.strip_prefix(&src).expect("below src");
        let path = module_path(rel);
        // The crate root and the binary are above every module.
        if path.len() == 1 && (path[0] == "lib" || path[0] == "main") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for (to, line) in references(&path, &code_only(&text), modules) {
            let place = format!("src/{}:{line}", rel.iter().map(|p| p.to_string_lossy()).collect::<Vec<_>>().join("/"));
            edges.entry((path[0].clone(), to)).or_default().push(place);
        }
    }
    edges
}

/// A cycle among the edges' modules, as the modules along it, if any.
fn find_cycle(edges: &Edges) -> Option<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in edges.keys() {
        next.entry(from).or_default().push(to);
    }
    // Depth-first search; a module met again while still on the path closes a cycle.
    fn visit<'a>(
        node: &'a str,
        next: &BTreeMap<&'a str, Vec<&'a str>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| *n == node) {
            let mut cycle: Vec<String> = path[start..].iter().map(|s| s.to_string()).collect();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if !done.insert(node) {
            return None;
        }
        path.push(node);
        for to in next.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(to, next, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for start in next.keys() {
        if let Some(cycle) = visit(start, &next, &mut Vec::new(), &mut done) {
            return Some(cycle);
        }
    }
    None
}

/// The edges the layers do not allow, as messages; a module missing from
/// the layers is a message too.
fn against_layers(edges: &Edges, layers: &[&[&str]]) -> Vec<String> {
    let layer = |m: &str| layers.iter().position(|l| l.contains(&m));
    let mut wrong = Vec::new();
    for ((from, to), places) in edges {
        match (layer(from), layer(to)) {
            (Some(f), Some(t)) if t < f => {}
            (Some(f), Some(t)) => wrong.push(format!(
                "{from} (layer {}) uses {to} (layer {}), which is not below it: {}",
                f + 1,
                t + 1,
                places.join(", ")
            )),
            _ => wrong.push(format!("{from} → {to}: a module missing from the layers ({})", places.join(", "))),
        }
    }
    wrong
}

/// The layers as the module description of `src/lib.rs` lists them: lines
/// `//! N. [`a`], [`b`] — what they hold`.
fn layers_in_lib_docs(lib: &str) -> Vec<Vec<String>> {
    let mut layers = Vec::new();
    for line in lib.lines().filter_map(|l| l.strip_prefix("//! ")) {
        let Some((number, rest)) = line.split_once(". ") else { continue };
        if number.parse::<usize>().is_err() {
            continue;
        }
        let names = rest.split(" — ").next().unwrap_or("");
        layers.push(names.split(',').map(|n| n.trim().trim_matches(['[', ']', '`']).to_string()).collect());
    }
    layers
}

#[test]
fn modules_depend_only_downwards_without_cycles() {
    let lib = std::fs::read_to_string(Path::new(REPO).join("src/lib.rs")).expect("src/lib.rs");
    let modules = declared_modules(&lib);
    let layered: BTreeSet<String> = LAYERS.iter().flat_map(|l| l.iter().map(|m| m.to_string())).collect();
    assert_eq!(modules, layered, "the layers must list every module src/lib.rs declares, once");
    let edges = crate_edges(&modules);
    assert!(edges.len() > 20, "found only {} edges: the scan is broken", edges.len());
    let mut wrong = Vec::new();
    if let Some(cycle) = find_cycle(&edges) {
        wrong.push(format!("the modules form a cycle: {}", cycle.join(" → ")));
    }
    wrong.extend(against_layers(&edges, LAYERS));
    assert!(wrong.is_empty(), "dependencies against the pipeline:\n{}", wrong.join("\n"));
}

#[test]
fn lib_docs_list_the_same_layers() {
    let lib = std::fs::read_to_string(Path::new(REPO).join("src/lib.rs")).expect("src/lib.rs");
    let documented = layers_in_lib_docs(&lib);
    let expected: Vec<Vec<String>> = LAYERS.iter().map(|l| l.iter().map(|m| m.to_string()).collect()).collect();
    assert_eq!(documented, expected, "src/lib.rs describes other layers than this test checks");
}

/// The macros that write to standard output or error.
const PRINTING: [&str; 5] = ["println!", "eprintln!", "print!", "eprint!", "dbg!"];

/// The places in `code` that print, as line numbers.
fn printing_lines(code: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let prints = PRINTING
            .iter()
            .any(|m| line.match_indices(m).any(|(at, _)| !ident_char(line[..at].chars().last().as_ref())));
        if prints {
            lines.push(n + 1);
        }
    }
    lines
}

#[test]
fn only_the_command_line_prints() {
    let src = Path::new(REPO).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut found = Vec::new();
    for file in files {
        let rel = file.strip_prefix(&src).expect("below src");
        let path = module_path(rel);
        if path[0] == "cli" || path[0] == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for line in printing_lines(&code_only(&text)) {
            found.push(format!("{}:{line}", file.display()));
        }
    }
    assert!(
        found.is_empty(),
        "the library prints; report to the caller instead (see serve::Event):\n{}",
        found.join("\n")
    );
}

// The checker itself, on small made-up graphs and sources.

fn edges_of(pairs: &[(&str, &str)]) -> Edges {
    pairs.iter().map(|(a, b)| ((a.to_string(), b.to_string()), vec!["src/x.rs:1".to_string()])).collect()
}

#[test]
fn a_cycle_is_found() {
    let cycle = find_cycle(&edges_of(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])).expect("a cycle");
    assert_eq!(cycle.first(), cycle.last());
    assert_eq!(cycle.len(), 4, "{cycle:?}");
    assert_eq!(find_cycle(&edges_of(&[("a", "b"), ("b", "c"), ("a", "c")])), None);
}

#[test]
fn an_edge_up_or_sideways_is_against_the_layers() {
    let layers: &[&[&str]] = &[&["low"], &["mid", "side"], &["top"]];
    assert!(against_layers(&edges_of(&[("top", "mid"), ("mid", "low")]), layers).is_empty());
    let wrong = against_layers(&edges_of(&[("low", "top"), ("mid", "side"), ("mid", "gone")]), layers);
    assert_eq!(wrong.len(), 3, "{wrong:?}");
    assert!(wrong[0].contains("src/x.rs:1"), "{}", wrong[0]);
}

#[test]
fn references_are_read_from_code_only() {
    let modules: BTreeSet<String> = ["site", "error", "cli", "text"].iter().map(|s| s.to_string()).collect();
    let source = "use crate::error::Error;\n\
        // crate::cli in a comment\n\
        /// [`crate::cli`] in a doc comment\n\
        let s = \"crate::cli in a string\"; let c = '\"'; let r = r#\"crate::cli\"#;\n\
        use crate::{\n    site::Sink,\n    text::{self, fold},\n};\n\
        fn f<'a>(x: &'a str) { crate::site::build(x) }\n";
    let found = references(&["output".to_string()], &code_only(source), &modules);
    assert_eq!(
        found,
        vec![("error".to_string(), 1), ("site".to_string(), 5), ("text".to_string(), 5), ("site".to_string(), 9)]
    );
    // `super::` from a top-level file reaches the crate root; deeper, it stays inside.
    let from_top = references(&["serve".to_string()], "use super::cli::print;", &modules);
    assert_eq!(from_top, vec![("cli".to_string(), 1)]);
    let inside = references(&["serve".to_string(), "http".to_string()], "use super::cli::print;", &modules);
    assert!(inside.is_empty(), "{inside:?}");
}

#[test]
fn lib_docs_layers_are_read_from_numbered_lines() {
    let lib = "//! intro\n//! 1. [`error`], [`text`] — the bottom\n//! 2. [`site`] — assembly\n//! 3 no\npub mod x;\n";
    assert_eq!(layers_in_lib_docs(lib), vec![vec!["error".to_string(), "text".to_string()], vec!["site".to_string()]]);
}

#[test]
fn printing_is_found_in_code_only() {
    let source = "fn f() {\n    eprintln!(\"x\");\n    // println!(\"in a comment\")\n    let s = \"print!(\";\n    log_println!(1);\n    std::dbg!(2);\n}\n";
    assert_eq!(printing_lines(&code_only(source)), vec![2, 6]);
}
