//! A small minifier for beleid's own browser scripts (`client/`): it drops
//! comments, indentation and the spaces between tokens that need none, and
//! copies strings, template literals and regular expression literals as
//! they are. It renames nothing.
//!
//! A line break between two tokens can change what a script means
//! (automatic semicolon insertion: `return` at a line end, a line starting
//! with `(`), so line breaks are kept, except after `{ ( [ , ; :`, where
//! none can matter. Written for the scripts this crate ships, which its
//! tests minify and run; not a general JavaScript minifier.

/// What separates the next token from the last one written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gap {
    None,
    Space,
    LineBreak,
}

/// Keywords after which a `/` starts a regular expression, not a division.
const BEFORE_EXPRESSION: [&str; 14] = [
    "return",
    "typeof",
    "instanceof",
    "in",
    "of",
    "new",
    "delete",
    "void",
    "throw",
    "case",
    "do",
    "else",
    "yield",
    "await",
];

/// Minifies `source`; an error (an unterminated string, comment, template
/// or regular expression) says where, as `line:column`.
pub fn minify(source: &str) -> Result<String, String> {
    let mut m = Minifier { chars: source.chars().collect(), at: 0, out: String::new(), gap: Gap::None, regex: true };
    m.code(false)?;
    if !m.out.is_empty() {
        m.out.push('\n');
    }
    Ok(m.out)
}

struct Minifier {
    chars: Vec<char>,
    at: usize,
    out: String,
    gap: Gap,
    /// Whether a `/` here starts a regular expression.
    regex: bool,
}

impl Minifier {
    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).copied()
    }

    /// An error at character `at`, with its line and column (from 1).
    fn error(&self, at: usize, what: &str) -> String {
        let before = &self.chars[..at.min(self.chars.len())];
        let line = before.iter().filter(|&&c| c == '\n').count() + 1;
        let column = before.iter().rev().take_while(|&&c| c != '\n').count() + 1;
        format!("{line}:{column}: {what}")
    }

    /// Copies code up to the end, or (`nested`, inside a template's `${`)
    /// up to the `}` that closes it, which is left for the caller.
    fn code(&mut self, nested: bool) -> Result<(), String> {
        let mut depth = 0usize;
        while let Some(c) = self.peek(0) {
            match c {
                '\n' | '\u{2028}' | '\u{2029}' => {
                    self.gap = Gap::LineBreak;
                    self.at += 1;
                }
                c if c.is_whitespace() || c == '\u{feff}' => {
                    if self.gap == Gap::None {
                        self.gap = Gap::Space;
                    }
                    self.at += 1;
                }
                '/' if self.peek(1) == Some('/') => {
                    while self.peek(0).is_some_and(|c| !matches!(c, '\n' | '\u{2028}' | '\u{2029}')) {
                        self.at += 1;
                    }
                }
                '/' if self.peek(1) == Some('*') => self.block_comment()?,
                '/' if self.regex => self.regex_literal()?,
                '\'' | '"' => self.string(c)?,
                '`' => self.template()?,
                '}' if nested && depth == 0 => return Ok(()),
                c if is_word(c) => {
                    let start = self.at;
                    while self.peek(0).is_some_and(is_word) {
                        self.at += 1;
                    }
                    let word: String = self.chars[start..self.at].iter().collect();
                    self.token(&word);
                    self.regex = BEFORE_EXPRESSION.contains(&word.as_str());
                }
                c => {
                    match c {
                        '{' => depth += 1,
                        '}' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                    self.at += 1;
                    self.token(c.encode_utf8(&mut [0; 4]));
                    // After `)` and `]` a `/` divides; after `}` it starts
                    // a statement (a block ended), so a regular expression.
                    self.regex = !matches!(c, ')' | ']');
                }
            }
        }
        if nested { Err(self.error(self.at, "the template literal's ${ is not closed")) } else { Ok(()) }
    }

    /// Writes a token (or the first character of a literal), with the
    /// space or line break it needs after the last one.
    fn token(&mut self, text: &str) {
        let (Some(last), Some(first)) = (self.out.chars().next_back(), text.chars().next()) else {
            self.out.push_str(text);
            self.gap = Gap::None;
            return;
        };
        match self.gap {
            Gap::LineBreak if !matches!(last, '{' | '(' | '[' | ',' | ';' | ':') => self.out.push('\n'),
            Gap::LineBreak | Gap::Space if needs_space(last, first) => self.out.push(' '),
            _ => {}
        }
        self.gap = Gap::None;
        self.out.push_str(text);
    }

    fn block_comment(&mut self) -> Result<(), String> {
        let start = self.at;
        self.at += 2;
        let mut line_break = false;
        loop {
            match self.peek(0) {
                None => return Err(self.error(start, "the comment is not closed")),
                Some('*') if self.peek(1) == Some('/') => break,
                Some('\n' | '\u{2028}' | '\u{2029}') => line_break = true,
                Some(_) => {}
            }
            self.at += 1;
        }
        self.at += 2;
        // A comment with a line break counts as one.
        if line_break {
            self.gap = Gap::LineBreak;
        } else if self.gap == Gap::None {
            self.gap = Gap::Space;
        }
        Ok(())
    }

    /// Copies the character at the cursor and moves on.
    fn copy(&mut self) {
        if let Some(c) = self.peek(0) {
            self.out.push(c);
            self.at += 1;
        }
    }

    fn string(&mut self, quote: char) -> Result<(), String> {
        let start = self.at;
        self.at += 1;
        self.token(quote.encode_utf8(&mut [0; 4]));
        loop {
            match self.peek(0) {
                None | Some('\n' | '\r') => return Err(self.error(start, "the string is not closed")),
                Some('\\') => {
                    self.copy();
                    if self.peek(0).is_none() {
                        return Err(self.error(start, "the string is not closed"));
                    }
                    self.copy();
                }
                Some(c) => {
                    self.copy();
                    if c == quote {
                        break;
                    }
                }
            }
        }
        self.regex = false;
        Ok(())
    }

    fn regex_literal(&mut self) -> Result<(), String> {
        let start = self.at;
        self.at += 1;
        self.token("/");
        let mut class = false;
        loop {
            match self.peek(0) {
                None | Some('\n' | '\r') => return Err(self.error(start, "the regular expression is not closed")),
                Some('\\') => {
                    self.copy();
                    if matches!(self.peek(0), None | Some('\n' | '\r')) {
                        return Err(self.error(start, "the regular expression is not closed"));
                    }
                    self.copy();
                }
                Some(c) => {
                    self.copy();
                    match c {
                        '[' => class = true,
                        ']' => class = false,
                        '/' if !class => break,
                        _ => {}
                    }
                }
            }
        }
        // Its flags follow as a word: a `/` after them divides.
        while self.peek(0).is_some_and(is_word) {
            self.copy();
        }
        self.regex = false;
        Ok(())
    }

    fn template(&mut self) -> Result<(), String> {
        let start = self.at;
        self.at += 1;
        self.token("`");
        loop {
            match self.peek(0) {
                None => return Err(self.error(start, "the template literal is not closed")),
                Some('\\') => {
                    self.copy();
                    self.copy();
                }
                Some('`') => {
                    self.copy();
                    break;
                }
                Some('$') if self.peek(1) == Some('{') => {
                    self.copy();
                    self.copy();
                    self.regex = true;
                    self.code(true)?;
                    // code() stopped at the closing `}`; what it skipped
                    // before it was only space.
                    self.gap = Gap::None;
                    self.copy();
                }
                Some(_) => self.copy(),
            }
        }
        self.regex = false;
        Ok(())
    }
}

/// Characters of identifiers, keywords and numbers.
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$' || c == '\\' || !c.is_ascii() && !c.is_whitespace()
}

/// Whether two tokens need a space between them: words would run
/// together; `+ +`, `- -` and `/ /` would read as one operator or a
/// comment; `< !` and `- >` as an HTML comment; `1 .x` as a number.
fn needs_space(last: char, first: char) -> bool {
    (is_word(last) && is_word(first))
        || matches!((last, first), ('+', '+') | ('-', '-') | ('/', '/' | '*') | ('<', '!') | ('-', '>'))
        || (last.is_ascii_digit() && first == '.')
}

#[cfg(test)]
mod tests;
