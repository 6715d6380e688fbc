//! Generators for text inputs: Markdown, front matter, words, routes and hosts.

use std::fmt::Write as _;

use crate::fragments::{
    MD_BLOCK_PREFIXES, MD_CONSTRUCTS, MD_INLINE, NASTY, TOML_KEYS, TOML_LINES, TOML_VALUES, UNICODE_STRINGS, YAML_LINES,
};
use crate::rng::Rng;
use crate::targets::Seeds;

pub(crate) fn newline(rng: &mut Rng) -> &'static str {
    match rng.below(20) {
        0 => "\r\n",
        1 => "\r",
        _ => "\n",
    }
}

pub(crate) fn random_bytes(rng: &mut Rng, max: usize) -> Vec<u8> {
    let n = rng.size(max);
    (0..n).map(|_| rng.byte()).collect()
}

pub(crate) fn random_string(rng: &mut Rng, max: usize) -> String {
    let n = rng.size(max);
    (0..n).map(|_| rng.char()).collect()
}

/// One of the inputs that break parsers by sheer size or depth.
/// Shapes that once took quadratic time go through `capped`, which no
/// longer caps anything (the `linear_time_*` tests in tests/hostile.rs
/// guard them); it marks where a future slow shape would be limited.
pub(crate) fn capped(n: usize) -> usize {
    n
}

pub(crate) fn pathological(rng: &mut Rng, max: usize) -> String {
    let n = rng.size(max).max(1);
    match rng.below(30) {
        0 => ">".repeat(n) + " x",
        1 => "> ".repeat(n) + "x",
        2 => "- ".repeat(n) + "x",
        3 => (0..n.min(3000)).fold(String::new(), |mut s, i| {
            let _ = writeln!(s, "{}- x", "  ".repeat(i));
            s
        }),
        4 => "[".repeat(n),
        5 => "[".repeat(n) + &"]".repeat(n),
        6 => "[](".repeat(n),
        7 => "![".repeat(capped(n)) + "x" + &"](y)".repeat(capped(n)),
        8 => "<".repeat(n),
        9 => "<a".repeat(n),
        10 => "*".repeat(n) + "x" + &"*".repeat(n),
        11 => "_a".repeat(n),
        12 => "*_".repeat(n) + "x",
        13 => "`".repeat(n) + "x",
        14 => "`a".repeat(n),
        15 => "{{".repeat(capped(n)) + "}}",
        16 => "{#".repeat(n) + "}",
        17 => "\\".repeat(n),
        18 => "&#".repeat(n),
        19 => {
            (0..n.min(5000)).fold(String::new(), |mut s, i| {
                let _ = writeln!(s, "[r{i}]: /u{i}");
                s
            }) + "[r0] [r1][]"
        }
        20 => "|a".repeat(n.min(20_000)) + "|\n" + &"|-".repeat(n.min(20_000)) + "|\n",
        21 => "| x |\n|---|\n".to_string() + &"| a |\n".repeat(n),
        22 => "~~".repeat(n) + "x",
        23 => "# ".repeat(n) + "x",
        24 => "<!--".repeat(n),
        25 => "[x](".repeat(n) + &")".repeat(n),
        26 => "\n".repeat(n),
        27 => "[^1]".repeat(n) + "\n\n[^1]: x",
        28 => "](".repeat(n),
        _ => "*a**".repeat(n),
    }
}

pub(crate) fn gen_markdown_text(rng: &mut Rng, seeds: &Seeds) -> String {
    match rng.below(12) {
        0..=5 => {
            let mut s = String::new();
            for _ in 0..rng.size(60).max(1) {
                for _ in 0..rng.below(3) {
                    s.push_str(rng.pick(MD_BLOCK_PREFIXES));
                }
                for _ in 0..rng.size(12) {
                    match rng.below(10) {
                        0..=3 => s.push_str(rng.pick(MD_INLINE)),
                        4 => s.push_str(rng.pick(MD_CONSTRUCTS)),
                        5 => s.push_str(rng.pick(UNICODE_STRINGS)),
                        6 => s.push_str(rng.pick(NASTY)),
                        7 => s.push(rng.char()),
                        8 => {
                            let f = rng.pick(MD_INLINE);
                            s.push_str(&f.repeat(rng.size(200)));
                        }
                        _ => s.push_str(rng.pick(&["word ", "Tekst ", "a", " ", "1"])),
                    }
                }
                s.push_str(newline(rng));
            }
            s
        }
        6 | 7 => String::from_utf8_lossy(&{
            let seed = seeds.pick(rng);
            mutate(rng, seed, seeds)
        })
        .into_owned(),
        8 => {
            let max = if rng.one_in(10) { 60_000 } else { 3000 };
            pathological(rng, max)
        }
        9 => {
            let mut s = String::new();
            for _ in 0..rng.size(10).max(1) {
                s.push_str(rng.pick(MD_CONSTRUCTS));
                s.push_str(rng.pick(&["\n\n", "\n", " ", ""]));
            }
            s
        }
        10 => random_string(rng, 400),
        _ => String::from_utf8_lossy(&random_bytes(rng, 400)).into_owned(),
    }
}

pub(crate) fn gen_markdown(rng: &mut Rng, seeds: &Seeds) -> Vec<u8> {
    gen_markdown_text(rng, seeds).into_bytes()
}

/// Changes an input a little: the classic byte mutations plus splicing in
/// fragments and pieces of other seeds.
pub(crate) fn mutate(rng: &mut Rng, input: &[u8], seeds: &Seeds) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..rng.size(8).max(1) {
        let len = out.len();
        let at = if len == 0 { 0 } else { rng.below(len + 1) };
        match rng.below(11) {
            0 if len > 0 => {
                let i = rng.below(len);
                out[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                out[i] = rng.byte();
            }
            2 if len > 0 => {
                let end = (at + rng.size(64)).min(len);
                out.drain(at.min(end)..end);
            }
            3 => {
                let f = rng.pick(MD_INLINE);
                out.splice(at..at, f.bytes());
            }
            4 => {
                let f = rng.pick(MD_CONSTRUCTS);
                out.splice(at..at, f.bytes());
            }
            5 => {
                let f = rng.pick(NASTY);
                out.splice(at..at, f.bytes());
            }
            6 if len > 0 => {
                // Repeat a slice many times.
                let start = rng.below(len);
                let end = (start + rng.size(16).max(1)).min(len);
                let piece = out[start..end].to_vec();
                let times = rng.size(2000);
                let mut rep = Vec::with_capacity(piece.len() * times);
                for _ in 0..times {
                    rep.extend_from_slice(&piece);
                }
                out.splice(start..start, rep);
            }
            7 => {
                let other = seeds.pick(rng);
                if !other.is_empty() {
                    let s = rng.below(other.len());
                    let e = (s + rng.size(256)).min(other.len());
                    out.splice(at..at, other[s..e].iter().copied());
                }
            }
            8 => out.truncate(at),
            9 => {
                let s = rng.pick(UNICODE_STRINGS);
                out.splice(at..at, s.bytes());
            }
            _ => {
                let b = rng.pick(&[0x00, 0x0a, 0x0d, 0x80, 0xc0, 0xef, 0xfe, 0xff, b'%', b'\\']);
                out.insert(at.min(out.len()), b);
            }
        }
    }
    out
}

pub(crate) fn gen_front_matter(rng: &mut Rng, seeds: &Seeds) -> Vec<u8> {
    if rng.one_in(4) {
        return {
            let seed = seeds.pick(rng);
            mutate(rng, seed, seeds)
        };
    }
    if rng.one_in(20) {
        return random_bytes(rng, 300);
    }
    let toml = rng.below(2) == 0;
    let mut s = String::new();
    if rng.one_in(15) {
        s.push('\u{feff}');
    }
    let fences_toml = ["+++", "+++ ", "+++\t", "+++\r", "+++x", "++++", "", "---"];
    let fences_yaml = ["---", "--- ", "---\r", "----", "...", "", "+++"];
    let open = if rng.below(6) > 0 {
        if toml { "+++" } else { "---" }
    } else if toml {
        rng.pick(&fences_toml)
    } else {
        rng.pick(&fences_yaml)
    };
    s.push_str(open);
    s.push_str(newline(rng));
    for _ in 0..rng.size(20) {
        match rng.below(14) {
            0..=5 if toml => {
                let _ = write!(
                    s,
                    "{}{}={}{}",
                    rng.pick(TOML_KEYS),
                    rng.pick(&[" ", "", "  ", "\t"]),
                    rng.pick(&[" ", "", "\t"]),
                    rng.pick(TOML_VALUES)
                );
            }
            0..=5 => s.push_str(rng.pick(YAML_LINES)),
            6 | 7 if toml => s.push_str(rng.pick(TOML_LINES)),
            6 | 7 => {
                let _ = write!(s, "{}{}: {}", "  ".repeat(rng.below(3)), rng.pick(TOML_KEYS), rng.pick(TOML_VALUES));
            }
            8 => {
                // Deep nesting.
                let max = if rng.one_in(5) { 20_000 } else { 300 };
                let n = rng.size(max);
                let (open, close) = rng.pick(&[("[", "]"), ("{ a = ", " }"), ("{a: ", "}"), ("- ", ""), ("[[", "]]")]);
                // Deep YAML flow nesting is refused before parsing.
                let n = if toml { n } else { capped(n) };
                let _ = write!(s, "x = {}1{}", open.repeat(n), close.repeat(n));
            }
            9 => {
                let n = rng.size(3000).max(1);
                let _ = write!(s, "[{}]", vec!["a"; n].join("."));
            }
            10 => s.push_str(&random_string(rng, 40)),
            11 => s.push_str(rng.pick(NASTY)),
            12 => {
                // YAML aliases that expand a lot.
                s.push_str("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\nextra: [*d, *d, *d, *d, *d, *d, *d, *d, *d]");
            }
            _ => {
                let _ = write!(s, "title = {}", rng.pick(UNICODE_STRINGS).escape_debug());
            }
        }
        s.push_str(newline(rng));
    }
    match rng.below(8) {
        0 => {}
        1 => s.push_str(if toml { "---" } else { "+++" }),
        2 => s.push_str("..."),
        3 => s.push_str(open),
        _ => s.push_str(if toml { "+++" } else { "---" }),
    }
    if !rng.one_in(4) {
        s.push_str(newline(rng));
        s.push_str(&gen_markdown_text(rng, seeds).chars().take(2000).collect::<String>());
    }
    let mut bytes = s.into_bytes();
    if rng.one_in(15) {
        let at = rng.below(bytes.len() + 1);
        bytes.insert(at, rng.pick(&[0x80, 0xff, 0xc3, 0xed]));
    }
    bytes
}

pub(crate) fn gen_text(rng: &mut Rng, seeds: &Seeds) -> Vec<u8> {
    match rng.below(8) {
        0..=2 => {
            let mut s = String::new();
            for _ in 0..rng.size(16) {
                match rng.below(6) {
                    0 => s.push_str(rng.pick(UNICODE_STRINGS)),
                    1 => s.push_str(rng.pick(NASTY)),
                    2 => s.push_str(rng.pick(&["-", "--", "'", "’s", "'s", " ", "_", "."])),
                    3 => s.push_str(rng.pick(&["Financiële", "social-media", "pagina's", "FAQ"])),
                    _ => s.push(rng.char()),
                }
            }
            s.into_bytes()
        }
        3 => random_string(rng, 200).into_bytes(),
        4 => {
            let c = rng.char();
            c.to_string().repeat(rng.size(5000)).into_bytes()
        }
        5 => {
            let seed = seeds.pick(rng);
            mutate(rng, seed, seeds)
        }
        6 => {
            let s = rng.pick(UNICODE_STRINGS);
            s.repeat(rng.size(500)).into_bytes()
        }
        _ => random_bytes(rng, 200),
    }
}

#[rustfmt::skip]
pub(crate) const ROUTE_PIECES: &[&str] = &[
    "/", "//", "/./", "/../", ".", "..", "...", "%2e", "%2E", "%2e%2e", "%2E%2e", ".%2e", "%2e.",
    "%252e%252e", "%c0%ae", "%c0%af", "%e0%80%ae", "%2f", "%2F", "%5c", "%5C", "\\", "%00", "%0a",
    "%0d%0a", "%09", "%7f", "%", "%2", "%zz", "%ff", "%fe%ff", "%e2%80%ae", "%c3%bc", "%20", "+",
    "?", "#", "?x=1", "#frag", "index.html", "faq", "faq/", "beleid", "beleid/", "en", "en/",
    "__beleid", "__beleid/", "events", "live.js", "live.css", "C:", "c:", "C%3a", ":", "~", "a b",
    "ünï", "style.1a2b3c4d.css", "files", "a%20b.pdf", "index.html%00.css", "\u{0}", "\r\n", "\t",
    " ", ";", "&", "=", "http:", "@evil", "evil.example", "*",
];

pub(crate) fn gen_route(rng: &mut Rng, seeds: &Seeds) -> Vec<u8> {
    match rng.below(8) {
        0..=4 => {
            let mut s = String::new();
            if !rng.one_in(10) {
                s.push('/');
            }
            for _ in 0..rng.size(12) {
                match rng.below(8) {
                    0..=5 => s.push_str(rng.pick(ROUTE_PIECES)),
                    6 => s.push(rng.char()),
                    _ => s.push_str(&rng.pick(ROUTE_PIECES).repeat(rng.size(800))),
                }
            }
            s.into_bytes()
        }
        5 | 6 => {
            let seed = seeds.pick(rng);
            mutate(rng, seed, seeds)
        }
        _ => random_bytes(rng, 100),
    }
}

pub(crate) fn gen_host(rng: &mut Rng, seeds: &Seeds) -> Vec<u8> {
    #[rustfmt::skip]
    const PIECES: &[&str] = &[
        "localhost", "LOCALHOST", "LocalHost", ".localhost", "a.localhost", "localhost.",
        "127.0.0.1", "127.1", "127.0.0.01", "0x7f.1", "2130706433", "0177.0.0.1", "0.0.0.0",
        "10.0.0.5", "010.0.0.5", "::1", "[::1]", "[", "]", "[::ffff:127.0.0.1]",
        "[0:0:0:0:0:0:0:1]", "[fe80::1%25eth0]", "::", ":", ":1111", ":0", ":99999999999999",
        ":-1", ":+1", ":", "evil.example", "127.0.0.1.evil.example", "localhost.evil", "@", "%",
        "\u{0}", " ", "\t", "\u{130}", "ＬＯＣＡＬＨＯＳＴ", "xn--",
    ];
    match rng.below(6) {
        0..=3 => {
            let mut s = String::new();
            for _ in 0..rng.size(6).max(1) {
                if rng.one_in(8) {
                    s.push(rng.char());
                } else {
                    s.push_str(rng.pick(PIECES));
                }
            }
            s.into_bytes()
        }
        4 => {
            let seed = seeds.pick(rng);
            mutate(rng, seed, seeds)
        }
        _ => random_bytes(rng, 64),
    }
}
