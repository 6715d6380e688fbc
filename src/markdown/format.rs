//! The HTML formatter: comrak's, with our own headings (ids and anchor
//! links), code blocks (syntect classes) and scrollable tables.

use std::fmt::Write;

use comrak::create_formatter;
use comrak::html::ChildRendering;
use comrak::nodes::NodeValue;

use super::Heading;
use crate::highlight::{Highlighter, plain};
use crate::text::{escape_html, push_escaped};

/// What the formatter needs besides the AST.
#[derive(Debug, Default)]
pub(super) struct State {
    ids: Vec<(u8, String, String)>,
    next: usize,
    anchor_label: String,
    highlighter: Option<&'static Highlighter>,
}

impl State {
    pub(super) fn new(
        headings: &[Heading],
        id_prefix: &str,
        anchor_label: &str,
        highlighter: Option<&'static Highlighter>,
    ) -> State {
        State {
            ids: headings.iter().map(|h| (h.level, format!("{id_prefix}{}", h.id), h.text.clone())).collect(),
            next: 0,
            anchor_label: anchor_label.to_string(),
            highlighter,
        }
    }
}

/// Only a language name made of these characters is used as a class name.
fn usable_lang(lang: &str) -> bool {
    !lang.is_empty()
        && lang.len() <= 40
        && lang.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'+' | b'#' | b'.'))
}

create_formatter!(Formatter<State>, {
    NodeValue::Heading(ref heading) => |context, entering| {
        let index = context.user.next;
        let Some((_, id, text)) = context.user.ids.get(index).cloned() else {
            return Err(std::fmt::Error);
        };
        if entering {
            context.cr()?;
            write!(context, "<div class=\"heading\"><h{} id=\"{}\">", heading.level, escape_html(&id))?;
        } else {
            let mut tail = String::new();
            write!(tail, "</h{}><a class=\"heading-anchor\" href=\"#{}\"><span aria-hidden=\"true\">#</span><span class=\"visually-hidden\">", heading.level, escape_html(&id))?;
            push_escaped(&mut tail, &context.user.anchor_label);
            tail.push_str(": ");
            push_escaped(&mut tail, &text);
            tail.push_str("</span></a></div>\n");
            context.write_str(&tail)?;
            context.user.next += 1;
        }
    },
    NodeValue::CodeBlock(ref block) => |context, entering| {
        if entering {
            let lang = block.info.split_whitespace().next().unwrap_or("");
            let lang = if usable_lang(lang) { lang } else { "" };
            context.cr()?;
            // Focusable, so keyboard users can scroll code wider than the screen.
            let highlighted = match (context.user.highlighter, lang.is_empty()) {
                (Some(h), false) => h.highlight(lang, &block.literal),
                _ => None,
            };
            let mut html = String::with_capacity(block.literal.len() * 2 + 64);
            if lang.is_empty() {
                html.push_str("<pre class=\"code\" tabindex=\"0\"><code>");
            } else {
                let lang = escape_html(lang);
                write!(html, "<pre class=\"code\" tabindex=\"0\" data-lang=\"{lang}\"><code class=\"language-{lang}\">")?;
            }
            match highlighted {
                Some(h) => html.push_str(&h),
                None => html.push_str(&plain(&block.literal)),
            }
            html.push_str("</code></pre>\n");
            context.write_str(&html)?;
        }
        return Ok(ChildRendering::Skip);
    },
    NodeValue::Table(_) => |context, node, entering| {
        if entering {
            context.cr()?;
            // Focusable, so keyboard users can scroll a table wider than the screen.
            context.write_str("<div class=\"table-scroll\" tabindex=\"0\">")?;
            return comrak::html::format_node_default(context, node, entering);
        }
        let rendering = comrak::html::format_node_default(context, node, entering)?;
        context.write_str("</div>\n")?;
        return Ok(rendering);
    },
});
