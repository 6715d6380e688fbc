//! The HTML formatter: comrak's, with our own headings (ids and anchor
//! links), code blocks (syntect classes) and scrollable tables.

use std::fmt::Write;

use comrak::create_formatter;
use comrak::html::ChildRendering;
use comrak::nodes::{AlertType, NodeValue};

use super::{Heading, Input};
use crate::highlight::{Highlighter, plain};
use crate::text::{escape_html, push_escaped};

/// What the formatter needs besides the AST.
#[derive(Debug, Default)]
pub(super) struct State {
    /// Each heading's level, id (prefixed), text and position in the file.
    ids: Vec<(u8, String, String, (usize, usize))>,
    next: usize,
    id_prefix: String,
    anchor_label: String,
    alert_titles: [String; 5],
    task_labels: [String; 2],
    /// Sub-clause paragraphs' ids (unprefixed), by the paragraph's start.
    paragraph_ids: Vec<((usize, usize), String)>,
    highlighter: Option<&'static Highlighter>,
}

impl State {
    pub(super) fn new(headings: &[Heading], input: &Input<'_>, highlighter: Option<&'static Highlighter>) -> State {
        let prefix = input.id_prefix;
        State {
            ids: headings
                .iter()
                .map(|h| (h.level, format!("{prefix}{}", h.id), h.text.clone(), (h.line, h.column)))
                .collect(),
            next: 0,
            id_prefix: prefix.to_string(),
            anchor_label: input.anchor_label.to_string(),
            alert_titles: input.alert_titles.map(str::to_string),
            task_labels: input.task_labels.map(str::to_string),
            paragraph_ids: Vec::new(),
            highlighter,
        }
    }

    /// Gives the sub-clause paragraphs their ids (positions as comrak
    /// counts them, from the start of the body).
    pub(super) fn with_paragraph_ids(mut self, ids: &[((usize, usize), String)]) -> State {
        self.paragraph_ids = ids.to_vec();
        self
    }

    /// Continues with the first heading at or after this file position, to
    /// render a part of the page on its own.
    pub(super) fn seek(&mut self, line: usize, column: usize) {
        self.next = self.ids.iter().position(|(.., at)| *at >= (line, column)).unwrap_or(self.ids.len());
    }
}

/// The language of a fenced code block: the first word of its info string,
/// cut at a comma too (`rust,ignore` as mdBook and GitHub write it).
pub(super) fn fence_language(info: &str) -> &str {
    info.split(|c: char| c == ',' || c.is_whitespace()).find(|w| !w.is_empty()).unwrap_or("")
}

fn alert_index(kind: AlertType) -> usize {
    match kind {
        AlertType::Note => 0,
        AlertType::Tip => 1,
        AlertType::Important => 2,
        AlertType::Warning => 3,
        AlertType::Caution => 4,
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
        let Some((_, id, text, _)) = context.user.ids.get(index).cloned() else {
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
            let lang = fence_language(&block.info);
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
    NodeValue::Alert(ref alert) => |context, entering| {
        context.cr()?;
        if entering {
            let kind = alert.alert_type;
            let title = match &alert.title {
                Some(title) => escape_html(title),
                None => escape_html(&context.user.alert_titles[alert_index(kind)]),
            };
            // A note is a landmark-free region with its title as its name;
            // the title is text, so the kind never rests on colour alone.
            write!(
                context,
                "<div class=\"markdown-alert {}\" role=\"note\">\n<p class=\"markdown-alert-title\">{title}</p>\n",
                kind.css_class(comrak::options::AlertStyleType::Specific)
            )?;
        } else {
            context.write_str("</div>\n")?;
        }
    },
    NodeValue::TaskItem(ref task) => |context, node, entering| {
        let in_list = node.parent().is_some_and(|p| matches!(p.data().value, NodeValue::List(_)));
        if entering {
            context.cr()?;
            if in_list {
                context.write_str("<li class=\"task-list-item\">")?;
            }
            // Named by its state ("done"); the item's text follows it. The
            // text itself is never put in an attribute.
            let done = task.symbol.is_some();
            let label = escape_html(&context.user.task_labels[usize::from(!done)]);
            let checked = if done { " checked" } else { "" };
            write!(context, "<input type=\"checkbox\" class=\"task-list-item-checkbox\" aria-label=\"{label}\" disabled{checked}> ")?;
        } else if in_list {
            context.write_str("</li>\n")?;
        }
    },
    NodeValue::Paragraph => |context, node, entering| {
        let start = node.data().sourcepos.start;
        let clause = context.user.paragraph_ids.iter().find(|(at, _)| *at == (start.line, start.column));
        let Some((_, id)) = clause.cloned() else {
            return comrak::html::format_node_default(context, node, entering);
        };
        if entering {
            context.cr()?;
            let id = escape_html(&format!("{}{id}", context.user.id_prefix));
            let mut head = String::new();
            write!(head, "<p class=\"clause\" id=\"{id}\"><a class=\"clause-anchor\" href=\"#{id}\"><span aria-hidden=\"true\">§</span><span class=\"visually-hidden\">")?;
            push_escaped(&mut head, &context.user.anchor_label);
            head.push_str("</span></a> ");
            context.write_str(&head)?;
        } else {
            context.write_str("</p>\n")?;
        }
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
