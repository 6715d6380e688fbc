//! A small HTML tag scanner and the safety rules the fuzz and hostile-content
//! tests hold every generated page to: no element that runs or embeds
//! anything from content, no event-handler attributes, no script or data
//! URLs, however they are disguised (case, entities, control characters).
//!
//! Used by `tests/fuzz.rs` and `tests/hostile.rs` through `#[path]`, so it
//! needs nothing from `common/mod.rs`.
#![allow(dead_code)]

/// One start or end tag.
#[derive(Debug, Clone)]
pub struct Tag {
    /// The lowercased element name.
    pub name: String,
    /// True for `</x>`.
    pub end: bool,
    /// Attributes: lowercased name and the value with entities decoded.
    pub attrs: Vec<(String, String)>,
    /// Byte offset of the `<`.
    pub offset: usize,
    /// For `<script>` and `<style>`: the raw text up to the end tag.
    pub raw_text: String,
}

impl Tag {
    /// The decoded value of an attribute.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Splits HTML into tags the way a browser's tokenizer would for what our
/// generator writes: comments and doctypes skipped, raw text of `<script>`
/// and `<style>` kept, attribute values quoted or not. A `<` that does not
/// start a tag is text. Errors for what would make a browser see a different
/// structure than intended (an unterminated tag or comment).
pub fn tags(html: &str) -> Result<Vec<Tag>, String> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(rel) = html[i..].find('<') {
        let start = i + rel;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            let Some(end) = html[start + 4..].find("-->") else {
                return Err(format!("unterminated comment at {start}"));
            };
            i = start + 4 + end + 3;
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            let Some(end) = rest.find('>') else {
                return Err(format!("unterminated declaration at {start}"));
            };
            i = start + end + 1;
            continue;
        }
        let (end_tag, name_at) = if rest.starts_with("</") { (true, start + 2) } else { (false, start + 1) };
        if !b.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
            // Text: "<" followed by something that cannot start a tag name.
            i = start + 1;
            continue;
        }
        let mut j = name_at;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' && b[j] != b'/' {
            j += 1;
        }
        let name = html[name_at..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() {
                return Err(format!("unterminated tag <{name} at {start}"));
            }
            if b[j] == b'>' {
                j += 1;
                break;
            }
            let name_start = j;
            // A browser takes `=` as the first character of a name.
            j += 1;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'>' | b'/' | b'=') {
                j += 1;
            }
            let attr_name = html[name_start..j].to_ascii_lowercase();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if j < b.len() && b[j] == b'=' {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                match b.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let Some(close) = html[j + 1..].find(q as char) else {
                            return Err(format!("unterminated attribute value in <{name} at {start}"));
                        };
                        value = html[j + 1..j + 1 + close].to_string();
                        j = j + 1 + close + 1;
                    }
                    _ => {
                        let v_start = j;
                        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                            j += 1;
                        }
                        value = html[v_start..j].to_string();
                    }
                }
            }
            if !end_tag {
                attrs.push((attr_name, decode_entities(&value)));
            }
        }
        let mut raw_text = String::new();
        if !end_tag
            && matches!(
                name.as_str(),
                "script" | "style" | "textarea" | "title" | "xmp" | "noembed" | "noframes" | "iframe" | "plaintext"
            )
        {
            let close = format!("</{name}");
            let lower_rest = html[j..].to_ascii_lowercase();
            let end = lower_rest.find(&close).unwrap_or(lower_rest.len());
            raw_text = html[j..j + end].to_string();
            // Title and textarea content is text: a tag inside it is no tag,
            // but `</title>` in it would end it, which the search above finds.
            if name != "title" && name != "textarea" {
                j += end;
            }
        }
        out.push(Tag { name, end: end_tag, attrs, offset: start, raw_text });
        i = j;
    }
    Ok(out)
}

/// Decodes the character references a browser decodes in attribute values:
/// numeric ones (with or without `;`) and the named ones that matter for
/// hiding a scheme.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    const NAMED: &[(&str, &str)] = &[
        ("amp", "&"),
        ("lt", "<"),
        ("gt", ">"),
        ("quot", "\""),
        ("apos", "'"),
        ("nbsp", "\u{a0}"),
        ("colon", ":"),
        ("Tab", "\t"),
        ("NewLine", "\n"),
        ("lpar", "("),
        ("rpar", ")"),
        ("sol", "/"),
        ("period", "."),
        ("comma", ","),
        ("excl", "!"),
        ("num", "#"),
        ("semi", ";"),
        ("equals", "="),
    ];
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        if let Some(num) = tail.strip_prefix('#') {
            let (hex, digits) = match num.strip_prefix(['x', 'X']) {
                Some(h) => (true, h),
                None => (false, num),
            };
            let len =
                digits.bytes().take_while(|b| if hex { b.is_ascii_hexdigit() } else { b.is_ascii_digit() }).count();
            if len > 0 {
                let value = u32::from_str_radix(&digits[..len.min(8)], if hex { 16 } else { 10 })
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or('\u{fffd}');
                out.push(value);
                let mut consumed = 1 + usize::from(hex) + len;
                if digits[len..].starts_with(';') {
                    consumed += 1;
                }
                rest = &tail[consumed..];
                continue;
            }
        } else if let Some((name, value)) = NAMED.iter().find(|(n, _)| tail.starts_with(n)) {
            out.push_str(value);
            let after = &tail[name.len()..];
            rest = after.strip_prefix(';').unwrap_or(after);
            continue;
        }
        out.push('&');
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// A URL as a browser reads its scheme: control characters and whitespace
/// dropped, lowercased.
fn scheme_view(value: &str) -> String {
    value.chars().filter(|c| !c.is_control() && !c.is_whitespace()).collect::<String>().to_ascii_lowercase()
}

/// True if a URL would run script or open a document from a data URL.
pub fn dangerous_url(value: &str) -> bool {
    let v = scheme_view(value);
    let safe_images = ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"];
    v.starts_with("javascript:")
        || v.starts_with("vbscript:")
        || v.starts_with("livescript:")
        || (v.starts_with("data:") && !safe_images.iter().any(|s| v.starts_with(s)))
}

/// Attributes whose value a browser follows or loads as a URL.
pub const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "cite",
    "background",
    "srcset",
    "xlink:href",
    "data",
    "ping",
    "manifest",
    "icon",
];

/// Elements that run, embed or restyle things, which Markdown must never produce.
pub const FORBIDDEN_ELEMENTS: &[&str] = &[
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "meta",
    "link",
    "form",
    "svg",
    "math",
    "template",
    "noscript",
    "xmp",
    "plaintext",
    "textarea",
    "title",
    "button",
    "select",
    "option",
    "video",
    "audio",
    "source",
    "portal",
    "html",
    "head",
    "body",
    "noembed",
    "noframes",
    "marquee",
    "isindex",
];

/// Elements comrak and our formatter write for Markdown.
pub const MARKDOWN_ELEMENTS: &[&str] = &[
    "a",
    "blockquote",
    "br",
    "code",
    "del",
    "div",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "input",
    "li",
    "ol",
    "p",
    "pre",
    "section",
    "span",
    "strong",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
];

/// The problems with one tag's attributes: event handlers and script URLs.
/// With `strict_javascript`, also any attribute that merely contains
/// `javascript:` or `vbscript:` (for pages whose content is known not to
/// mention them in plain text); without, only values that start with a
/// dangerous scheme, since `http://www..vbscript:x` is a harmless address.
pub fn attribute_problems(tag: &Tag, strict_javascript: bool) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, value) in &tag.attrs {
        if name.starts_with("on") {
            problems.push(format!("<{}> has an event handler `{name}`", tag.name));
        }
        if name == "style" || name == "srcdoc" || name == "formaction" {
            problems.push(format!("<{}> has a `{name}` attribute", tag.name));
        }
        let view = scheme_view(value);
        if dangerous_url(value) {
            problems.push(format!("<{}> {name}={value:?} is a script or data URL", tag.name));
        } else if strict_javascript && (view.contains("javascript:") || view.contains("vbscript:")) {
            problems.push(format!("<{}> {name}={value:?} contains a script URL", tag.name));
        }
        if !name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':')) {
            problems.push(format!("<{}> has a malformed attribute name {name:?}", tag.name));
        }
    }
    problems
}

/// Checks HTML made from Markdown: only Markdown's elements, no handlers, no
/// script URLs. Returns every problem found.
pub fn check_markdown_html(html: &str) -> Vec<String> {
    let tags = match tags(html) {
        Ok(t) => t,
        Err(e) => return vec![e],
    };
    let mut problems = Vec::new();
    for tag in &tags {
        if !MARKDOWN_ELEMENTS.contains(&tag.name.as_str()) {
            problems.push(format!("unexpected element <{}> at {}", tag.name, tag.offset));
        }
        problems.extend(attribute_problems(tag, false));
    }
    let lower = html.to_ascii_lowercase();
    if lower.contains("<script") {
        problems.push("`<script` in the HTML".into());
    }
    problems
}

/// Checks a whole page: every `<script>` is one of the theme's, loaded from
/// a fingerprinted file below `base_path` with no inline text (and so is
/// the engine the search loader names); no handlers;
/// no script URLs in any attribute; no element that has no business in a page.
pub fn check_page_html(html: &str, base_path: &str) -> Vec<String> {
    let tags = match tags(html) {
        Ok(t) => t,
        Err(e) => return vec![e],
    };
    let mut problems = Vec::new();
    let mut titles = 0;
    let mut policies = 0;
    for tag in tags.iter().filter(|t| !t.end) {
        match tag.name.as_str() {
            "script" => {
                let src = tag.attr("src").unwrap_or("");
                if !is_theme_asset(src, base_path, ".js") {
                    problems.push(format!("a <script> that is not a theme asset: src={src:?}"));
                }
                if !tag.raw_text.trim().is_empty() {
                    problems.push(format!("an inline script: {:?}", tag.raw_text));
                }
                for (name, value) in &tag.attrs {
                    match name.as_str() {
                        "src" | "defer" | "async" | "type" => {}
                        // The search loader names the engine it loads when
                        // search opens: a theme asset too.
                        "data-engine" if is_theme_asset(value, base_path, ".js") => {}
                        "data-engine" => {
                            problems.push(format!("<script> loads an engine that is not a theme asset: {value:?}"))
                        }
                        _ => problems.push(format!("<script> with attribute {name}")),
                    }
                }
            }
            "title" => titles += 1,
            "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "base" | "style" | "xmp"
            | "plaintext" | "noembed" | "noframes" | "template" | "portal" | "math" => {
                problems.push(format!("unexpected element <{}> at {}", tag.name, tag.offset));
            }
            // The theme's one Content-Security-Policy (it can only restrict).
            "meta" if tag.attr("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("content-security-policy")) => {
                policies += 1;
                if policies > 1 {
                    problems.push(format!("a second <meta http-equiv=Content-Security-Policy> at {}", tag.offset));
                }
            }
            "meta" if tag.attr("http-equiv").is_some_and(|v| !v.eq_ignore_ascii_case("content-type")) => {
                problems.push(format!("<meta http-equiv> at {}", tag.offset));
            }
            _ => {}
        }
        problems.extend(attribute_problems(tag, true));
    }
    if titles > 1 {
        problems.push(format!("{titles} <title> elements"));
    }
    problems
}

/// True for `<base_path>name.<hex>.js` (or `.css`): a fingerprinted theme file.
pub fn is_theme_asset(src: &str, base_path: &str, ext: &str) -> bool {
    let Some(file) = src.strip_prefix(base_path) else {
        return false;
    };
    let Some(stem) = file.strip_suffix(ext) else {
        return false;
    };
    let Some((name, hash)) = stem.rsplit_once('.') else {
        return false;
    };
    !name.is_empty()
        && !name.contains("//")
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'/'))
        && hash.len() >= 6
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Checks that XML is well-formed enough for a feed reader: every `<` opens a
/// tag or declaration, every `&` starts a known or numeric entity, and tags
/// nest properly.
pub fn check_xml(xml: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let b = xml.as_bytes();
    let mut stack: Vec<String> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'<' => {
                let rest = &xml[i..];
                if rest.starts_with("<?") {
                    match rest.find("?>") {
                        Some(e) => i += e + 2,
                        None => {
                            problems.push(format!("unterminated declaration at {i}"));
                            break;
                        }
                    }
                    continue;
                }
                if rest.starts_with("<!--") {
                    match rest.find("-->") {
                        Some(e) => i += e + 3,
                        None => {
                            problems.push(format!("unterminated comment at {i}"));
                            break;
                        }
                    }
                    continue;
                }
                if rest.starts_with("<![CDATA[") {
                    match rest.find("]]>") {
                        Some(e) => i += e + 3,
                        None => {
                            problems.push(format!("unterminated CDATA at {i}"));
                            break;
                        }
                    }
                    continue;
                }
                let Some(e) = rest.find('>') else {
                    problems.push(format!("unterminated tag at {i}"));
                    break;
                };
                let inner = &rest[1..e];
                if let Some(quote_problem) = xml_attr_problem(inner) {
                    problems.push(format!("{quote_problem} in <{inner}> at {i}"));
                }
                let self_closing = inner.ends_with('/');
                if let Some(name) = inner.strip_prefix('/') {
                    let name = name.trim();
                    match stack.pop() {
                        Some(open) if open == name => {}
                        other => problems.push(format!("</{name}> closes {other:?} at {i}")),
                    }
                } else {
                    let name: String = inner.chars().take_while(|c| !c.is_whitespace() && *c != '/').collect();
                    if name.is_empty()
                        || !name.chars().all(|c| c.is_alphanumeric() || matches!(c, ':' | '-' | '_' | '.'))
                    {
                        problems.push(format!("bad tag name {name:?} at {i}"));
                    }
                    if !self_closing {
                        stack.push(name);
                    }
                }
                i += e + 1;
            }
            b'&' => {
                let rest = &xml[i + 1..];
                let ok = ["amp;", "lt;", "gt;", "quot;", "apos;"].iter().any(|e| rest.starts_with(e))
                    || rest.strip_prefix('#').is_some_and(|r| {
                        let r = r.strip_prefix('x').unwrap_or(r);
                        let n = r.bytes().take_while(u8::is_ascii_hexdigit).count();
                        n > 0 && r[n..].starts_with(';')
                    });
                if !ok {
                    problems.push(format!("a bare & at {i}: {:?}", &xml[i..(i + 20).min(xml.len())]));
                }
                i += 1;
            }
            b'>' => {
                // Allowed in XML text, but our writers escape it; a raw one
                // hints at unescaped content.
                problems.push(format!("a raw > in text at {i}"));
                i += 1;
            }
            _ => i += 1,
        }
        if problems.len() > 20 {
            break;
        }
    }
    if !stack.is_empty() && problems.is_empty() {
        problems.push(format!("unclosed elements {stack:?}"));
    }
    for c in xml.chars() {
        let code = c as u32;
        if (code < 0x20 && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}' || c == '\u{ffff}' {
            problems.push(format!("a character XML forbids: U+{code:04X}"));
            break;
        }
    }
    problems
}

/// In the inside of an XML tag, every attribute value must be quoted and
/// contain no `<` or unescaped quote of its kind.
fn xml_attr_problem(inner: &str) -> Option<&'static str> {
    let mut in_quote: Option<char> = None;
    for c in inner.chars() {
        match (in_quote, c) {
            (None, '"' | '\'') => in_quote = Some(c),
            (Some(q), c) if c == q => in_quote = None,
            (_, '<') => return Some("a < inside a tag"),
            _ => {}
        }
    }
    in_quote.map(|_| "an unclosed attribute value")
}

#[cfg(test)]
mod self_tests {
    use super::*;

    #[test]
    fn the_scanner_sees_what_a_browser_sees() {
        let t = tags(r#"<p>a &lt;b&gt;</p><a href="&#x6A;ava&#115;cript&colon;x" title='x"y'>l</a>"#).unwrap();
        assert_eq!(t.len(), 4);
        assert_eq!(t[2].attr("href"), Some("javascript:x"));
        assert!(dangerous_url(t[2].attr("href").unwrap()));
        assert!(dangerous_url("  JaVa\tScRiPt:alert(1)"));
        assert!(!dangerous_url("data:image/png;base64,AAAA"));
        assert!(dangerous_url("data:text/html,<script>"));
        let t = tags(r#"<img src=x onerror=alert(1)>"#).unwrap();
        assert_eq!(attribute_problems(&t[0], false).len(), 1);
        assert!(!check_markdown_html("<p onclick=\"x\">").is_empty());
        assert!(check_markdown_html("<p>x onclick=y</p>").is_empty());
        assert!(!check_page_html("<title>a</title><script>alert(1)</script>", "/").is_empty());
        assert!(check_page_html("<script src=\"/main.0123abcd.js\" defer></script>", "/").is_empty());
        assert!(!check_page_html("<script src=\"/x.js\"></script>", "/").is_empty());
        assert!(!check_page_html("<title>a</title><script>x</script></title>", "/").is_empty());
        assert!(!check_xml("<a>x & y</a>").is_empty());
        assert!(!check_xml("<a><b></a>").is_empty());
        assert!(check_xml("<?xml version=\"1.0\"?><a t=\"&lt;\">x &amp; y</a>").is_empty());
    }
}
