//! beleid's own highlight themes, `beleid-light` and `beleid-dark`, the
//! defaults. syntect's bundled themes fall short of WCAG's 4.5:1 contrast
//! for some tokens (comments, numbers) on the default theme's code
//! background, so these use few colours, each chosen to reach at least
//! 4.5:1 on both the theme's code background and plain white (see the
//! test below). Tokens not listed keep the text colour.

use std::str::FromStr;

use syntect::highlighting::{Color, FontStyle, ScopeSelectors, StyleModifier, Theme, ThemeItem, ThemeSettings};

/// The light theme's name in `highlight_theme`.
pub(crate) const LIGHT: &str = "beleid-light";
/// The dark theme's name in `highlight_theme_dark`.
pub(crate) const DARK: &str = "beleid-dark";

/// Colours by token kind, as `#rrggbb`.
struct Palette {
    comment: &'static str,
    keyword: &'static str,
    string: &'static str,
    constant: &'static str,
    function: &'static str,
    kind: &'static str,
    tag: &'static str,
    deleted: &'static str,
}

/// On the light code background (`--code-bg: #f3f5f8` in style.css).
const LIGHT_PALETTE: Palette = Palette {
    comment: "#56606b",
    keyword: "#b0232d",
    string: "#0b3a6e",
    constant: "#0754a8",
    function: "#6a3bb5",
    kind: "#863800",
    tag: "#14652c",
    deleted: "#84091f",
};

/// On the dark code background (`--code-bg: #151c24` in style.css).
const DARK_PALETTE: Palette = Palette {
    comment: "#9ca4ae",
    keyword: "#ff8078",
    string: "#a8d4fb",
    constant: "#7cbff9",
    function: "#d3acfb",
    kind: "#f9a55c",
    tag: "#82e08b",
    deleted: "#ffa39a",
};

/// The scopes each colour applies to (TextMate scope selectors).
fn items(p: &Palette) -> Vec<(&'static str, &'static str, Option<FontStyle>)> {
    vec![
        ("comment, punctuation.definition.comment", p.comment, Some(FontStyle::ITALIC)),
        ("keyword, storage, keyword.operator.word", p.keyword, None),
        ("string, string.quoted, markup.raw", p.string, None),
        ("constant, support.constant, variable.other.constant", p.constant, None),
        ("entity.name.function, support.function, meta.function-call entity.name", p.function, None),
        ("entity.name.type, entity.name.class, support.type, support.class, storage.type", p.kind, None),
        ("variable.parameter, entity.other.attribute-name, meta.object-literal.key", p.kind, None),
        ("entity.name.tag, markup.inserted, markup.heading", p.tag, None),
        ("markup.deleted, invalid", p.deleted, None),
    ]
}

fn color(hex: &str) -> Color {
    let value = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0);
    Color { r: (value >> 16) as u8, g: (value >> 8) as u8, b: value as u8, a: 0xff }
}

fn theme(name: &str, palette: &Palette) -> Theme {
    let scopes = items(palette)
        .into_iter()
        .filter_map(|(selector, hex, font_style)| {
            let scope = ScopeSelectors::from_str(selector).ok()?;
            let style = StyleModifier { foreground: Some(color(hex)), background: None, font_style };
            Some(ThemeItem { scope, style })
        })
        .collect();
    // No foreground or background: code keeps the page's text colour on
    // the theme's code background, which the contrast was measured on.
    Theme { name: Some(name.to_string()), author: None, settings: ThemeSettings::default(), scopes }
}

/// Both themes, by name.
pub(crate) fn builtin() -> [(String, Theme); 2] {
    [(LIGHT.to_string(), theme(LIGHT, &LIGHT_PALETTE)), (DARK.to_string(), theme(DARK, &DARK_PALETTE))]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG 2 relative luminance.
    fn luminance(c: Color) -> f64 {
        let channel = |v: u8| {
            let s = f64::from(v) / 255.0;
            if s <= 0.039_28 { s / 12.92 } else { ((s + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
    }

    fn contrast(a: Color, b: Color) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn every_colour_reaches_aa_contrast() {
        let cases = [(&LIGHT_PALETTE, ["#f3f5f8", "#ffffff"]), (&DARK_PALETTE, ["#151c24", "#0f141a"])];
        for (palette, backgrounds) in cases {
            for (selector, fg, _) in items(palette) {
                for bg in backgrounds {
                    let ratio = contrast(color(fg), color(bg));
                    assert!(ratio >= 4.5, "{selector}: {fg} on {bg} is {ratio:.2}:1");
                }
            }
        }
    }

    #[test]
    fn every_selector_parses() {
        for palette in [&LIGHT_PALETTE, &DARK_PALETTE] {
            for (selector, ..) in items(palette) {
                assert!(ScopeSelectors::from_str(selector).is_ok(), "{selector}");
            }
        }
        assert_eq!(builtin()[0].1.scopes.len(), items(&LIGHT_PALETTE).len());
    }
}
