//! Syntax highlighting of fenced code with syntect.
//!
//! Code is marked up with CSS classes (`hl-keyword`), never inline styles, so
//! pages work under a strict Content-Security-Policy; the colours live in a
//! generated stylesheet with a light and a dark scheme. syntect's syntax and
//! theme sets take tens of milliseconds to load, so they are loaded once per
//! process and shared.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use syntect::highlighting::ThemeSet;
use syntect::html::{ClassStyle, css_for_theme_with_class_style, line_tokens_to_classed_spans};
use syntect::parsing::{ParseState, ScopeStack, ScopeStackOp, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use crate::text::escape_html;

mod themes;
pub(crate) use themes::{DARK as DEFAULT_DARK_THEME, LIGHT as DEFAULT_LIGHT_THEME};

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// syntect's default syntaxes and themes.
pub(crate) struct Highlighter {
    syntaxes: SyntaxSet,
    themes: ThemeSet,
    /// Highlighted blocks by (language, code), so the dev server does not
    /// highlight unchanged code again on every rebuild.
    cache: Mutex<HashMap<(String, u64), Arc<str>>>,
}

thread_local! {
    /// Parsed lines by their text. Parsing a line is a function of the
    /// line and the parser's state before it, so a line seen before in the
    /// same state (`use std::fs;`, `}`, a config key in every example) is
    /// not parsed again: its scope operations and the state after it are
    /// reused. Parsing is most of a build's highlighting time. One cache
    /// per thread: a parser state may hold regex captures, which cannot
    /// cross threads.
    static LINES: RefCell<HashMap<String, Vec<ParsedLine>>> = RefCell::new(HashMap::new());
}

/// One line as parsed from one state.
struct ParsedLine {
    before: ParseState,
    ops: Vec<(usize, ScopeStackOp)>,
    after: ParseState,
}

/// The line cache is emptied when it holds this many distinct lines, so a
/// long-running dev server cannot grow it without bound.
const MAX_CACHED_LINES: usize = 200_000;

impl std::fmt::Debug for Highlighter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Highlighter")
    }
}

static SHARED: OnceLock<Highlighter> = OnceLock::new();

/// Largest code block highlighted; bigger blocks are shown as plain code so
/// one huge file cannot stall a build.
const MAX_HIGHLIGHT_BYTES: usize = 256 * 1024;

impl Highlighter {
    /// The process-wide highlighter, loaded on first use.
    pub(crate) fn shared() -> &'static Highlighter {
        SHARED.get_or_init(|| {
            // syntect's themes and beleid's own (the defaults).
            let mut themes = ThemeSet::load_defaults();
            themes.themes.extend(themes::builtin());
            Highlighter { syntaxes: SyntaxSet::load_defaults_newlines(), themes, cache: Mutex::new(HashMap::new()) }
        })
    }

    /// The code as highlighted HTML (the inside of `<code>`), or `None` when
    /// the language is unknown, so the caller shows it as plain code.
    pub(crate) fn highlight(&self, lang: &str, code: &str) -> Option<Arc<str>> {
        if code.len() > MAX_HIGHLIGHT_BYTES {
            return None;
        }
        let syntax = self.syntaxes.find_syntax_by_token(lang)?;
        let key = (lang.to_string(), hash(code));
        if let Some(hit) = self.cache.lock().ok()?.get(&key) {
            return Some(Arc::clone(hit));
        }
        let html: Arc<str> = self.highlight_lines(syntax, code)?.into();
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(key, Arc::clone(&html));
        }
        Some(html)
    }

    /// What syntect's `ClassedHTMLGenerator` makes of `code`, with parsing
    /// cached line by line.
    fn highlight_lines(&self, syntax: &SyntaxReference, code: &str) -> Option<String> {
        let mut state = ParseState::new(syntax);
        let mut scopes = ScopeStack::new();
        let mut open_spans = 0isize;
        let mut html = String::with_capacity(code.len() * 2);
        for line in LinesWithEndings::from(code) {
            let ops = self.parse_line(&mut state, line)?;
            let (spans, delta) = line_tokens_to_classed_spans(line, &ops, CLASS_STYLE, &mut scopes).ok()?;
            open_spans += delta;
            html.push_str(&spans);
        }
        for _ in 0..open_spans {
            html.push_str("</span>");
        }
        Some(html)
    }

    /// Parses one line from `state`, leaving `state` as after the line.
    fn parse_line(&self, state: &mut ParseState, line: &str) -> Option<Vec<(usize, ScopeStackOp)>> {
        LINES.with_borrow_mut(|lines| {
            if let Some(seen) = lines.get(line).and_then(|all| all.iter().find(|p| p.before == *state)) {
                state.clone_from(&seen.after);
                return Some(seen.ops.clone());
            }
            let before = state.clone();
            let ops = state.parse_line(line, &self.syntaxes).ok()?;
            if lines.len() >= MAX_CACHED_LINES {
                lines.clear();
            }
            let seen = ParsedLine { before, ops: ops.clone(), after: state.clone() };
            lines.entry(line.to_string()).or_default().push(seen);
            Some(ops)
        })
    }

    /// The stylesheet for highlighted code: `light` applies by default and
    /// `dark` when the reader's system prefers dark colours or the page's
    /// `data-theme` is `dark`.
    ///
    /// # Errors
    /// Names an unknown theme and lists the known ones.
    pub(crate) fn stylesheet(&self, light: &str, dark: &str) -> Result<String, String> {
        let theme_css = |name: &str| -> Result<String, String> {
            let theme = self.themes.themes.get(name).ok_or_else(|| {
                let known: Vec<&str> = self.themes.themes.keys().map(String::as_str).collect();
                format!("unknown highlight theme {name:?}; known themes: {}", known.join(", "))
            })?;
            css_for_theme_with_class_style(theme, CLASS_STYLE).map_err(|e| e.to_string())
        };
        let light_css = theme_css(light)?;
        let dark_css = theme_css(dark)?;
        let mut out = String::from("/* Generated by beleid from syntect themes. */\n");
        out.push_str(&scope_css(&light_css, ":root"));
        // Dark colours only on screens: paper is always light.
        out.push_str("@media screen {\n");
        out.push_str(&scope_css(&dark_css, ":root[data-theme=\"dark\"]"));
        out.push_str("}\n@media screen and (prefers-color-scheme: dark) {\n");
        out.push_str(&scope_css(&dark_css, ":root:not([data-theme=\"light\"])"));
        out.push_str("}\n");
        Ok(out)
    }
}

/// Frees what highlighting keeps for next time: the parsed-line caches of
/// the current thread pool's threads and of this thread, and the shared
/// highlighter's highlighted blocks (each page body holds its own copy).
/// A build calls it once every body is rendered.
pub(crate) fn release_caches() {
    let release = || LINES.set(HashMap::new());
    rayon::broadcast(|_| release());
    release();
    if let Some(highlighter) = SHARED.get()
        && let Ok(mut cache) = highlighter.cache.lock()
    {
        *cache = HashMap::new();
    }
}

/// Escaped plain code, for unknown languages.
pub(crate) fn plain(code: &str) -> String {
    escape_html(code)
}

fn hash(text: &str) -> u64 {
    crate::fingerprint::fnv1a(text.as_bytes())
}

/// Prefixes every selector of a simple stylesheet (as syntect writes them:
/// no nesting, no at-rules) with `scope`, dropping comments.
fn scope_css(css: &str, scope: &str) -> String {
    let mut out = String::new();
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        let selectors = strip_comments(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let body = &rest[open..=open + close];
        let scoped: Vec<String> =
            selectors.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| format!("{scope} {s}")).collect();
        if !scoped.is_empty() {
            out.push_str(&scoped.join(", "));
            out.push(' ');
            out.push_str(body);
            out.push('\n');
        }
        rest = &rest[open + close + 1..];
    }
    out
}

fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        match rest[start..].find("*/") {
            Some(end) => rest = &rest[start + end + 2..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_with_classes_only() {
        let h = Highlighter::shared();
        let html = h.highlight("rust", "fn main() { let x = \"<b>\"; }\n").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(html.contains("&lt;b&gt;"), "{html}");
        assert!(h.highlight("no-such-language", "x").is_none());
    }

    #[test]
    fn cached_line_parsing_gives_what_syntect_gives() {
        use syntect::html::ClassedHTMLGenerator;
        let h = Highlighter::shared();
        // The same lines in different states (in a block comment, a string,
        // nested blocks), each sample highlighted twice: the second time
        // every line comes from the cache.
        let samples = [
            (
                "rust",
                "fn a() {\n    let x = 1;\n}\n/* open\nfn a() {\n    let x = 1;\n}\n*/\nfn a() {\n    let x = 1;\n}\n",
            ),
            ("rust", "let s = \"\n}\n\";\n}\n    let x = 1;\n"),
            ("python", "a = 1\nb = \"\"\"\na = 1\n\"\"\"\na = 1\n"),
            // A heredoc: the parser's state holds the captured delimiter.
            ("sh", "cat <<EOF\necho $a\nEOF\necho $a\ncat <<END\necho $a\nEOF\nEND\n"),
            ("js", "const a = `\n${b}\n`;\n// ${b}\nconst a = `\n${b}\n`;\n"),
        ];
        for (lang, code) in samples {
            let syntax = h.syntaxes.find_syntax_by_token(lang).unwrap();
            let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &h.syntaxes, CLASS_STYLE);
            for line in LinesWithEndings::from(code) {
                generator.parse_html_for_line_which_includes_newline(line).unwrap();
            }
            let expected = generator.finalize();
            for round in 0..2 {
                assert_eq!(h.highlight_lines(syntax, code).unwrap(), expected, "{lang}, round {round}");
            }
        }
    }

    #[test]
    fn stylesheet_scopes_both_schemes() {
        let css = Highlighter::shared().stylesheet("InspiredGitHub", "base16-ocean.dark").unwrap();
        assert!(css.contains(":root .hl-code"), "{css}");
        assert!(css.contains(":root[data-theme=\"dark\"] .hl-code"));
        assert!(css.contains("@media screen and (prefers-color-scheme: dark)"));
        assert!(css.contains("@media screen {"), "dark colours never print");
        let err = Highlighter::shared().stylesheet("Nope", "base16-ocean.dark").unwrap_err();
        assert!(err.contains("InspiredGitHub"), "{err}");
        assert!(err.contains(DEFAULT_LIGHT_THEME) && err.contains(DEFAULT_DARK_THEME), "{err}");
        let css = Highlighter::shared().stylesheet(DEFAULT_LIGHT_THEME, DEFAULT_DARK_THEME).unwrap();
        assert!(css.contains(":root .hl-comment"), "{css}");
    }

    #[test]
    fn scoping_handles_lists_and_comments() {
        assert_eq!(scope_css("/* c */ .a, .b { x: y }\n.c{z:w}", "S"), "S .a, S .b { x: y }\nS .c {z:w}\n");
    }
}
