//! Fragments most likely to trip a Markdown, TOML, YAML or URL parser.

#[rustfmt::skip]
pub(crate) const UNICODE_CHARS: &[char] = &[
    '\u{0}', '\u{85}', '\u{a0}', '\u{ad}', '\u{300}', '\u{301}', '\u{308}', '\u{34f}', '\u{200b}',
    '\u{200c}', '\u{200d}', '\u{200e}', '\u{200f}', '\u{2028}', '\u{2029}', '\u{202a}', '\u{202e}',
    '\u{2066}', '\u{2069}', '\u{feff}', '\u{fffd}', '\u{fdfd}', '\u{10ffff}', '\u{1f600}',
    '\u{1f469}', '\u{e0001}', 'İ', 'ı', 'ß', 'ẞ', 'ﬁ', 'ﬀ', 'Ⅻ', '９', '𝟗', 'ǅ', 'Σ', 'ς', 'K', 'Å',
    'ŉ', 'ΐ', 'ĳ', 'Ĳ', 'æ', 'ø', 'đ', 'ł', 'þ', 'ǈ', '㎏', '①', '½', 'ﷺ', 'ꭞ', 'ᾈ', '’', '‘', 'ʼ',
    '\'', '-', '‐', '‑', '–', '—', '\u{1d400}',
];

#[rustfmt::skip]
pub(crate) const UNICODE_STRINGS: &[&str] = &[
    "e\u{301}", "\u{1f469}\u{200d}\u{1f469}\u{200d}\u{1f467}", "\u{1f1f3}\u{1f1f1}",
    "\u{202e}txt.exe", "\u{200f}שלום\u{200e}", "مرحبا",
    "Z\u{351}\u{34b}\u{34d}\u{317}\u{32a}\u{330}a\u{35b}\u{30f}\u{30a}l\u{365}g\u{30c}o", "ﷺﷺﷺ",
    "\u{fe0f}\u{20e3}", "a\u{0}b", "\u{feff}", "financiële", "ĲSSEL", "Straße", "ǄǅǆǇǈǉ",
];

#[rustfmt::skip]
pub(crate) const NASTY: &[&str] = &[
    "%2e%2e", "%2E%2E/", "..%2f", "%252e%252e", "%c0%ae%c0%ae", "%00", "%", "%z", "%ff", "\\",
    "\\..\\", "../", "./", "//", "C:", "\u{0}", "\r\n", "\r", "\t", "\u{b}",
    "99999999999999999999999999999", "-9223372036854775809", "1e99999", "NaN", "-0", "0x",
];

#[rustfmt::skip]
pub(crate) const MD_BLOCK_PREFIXES: &[&str] = &[
    "> ", ">", ">>>>> ", "- ", "* ", "+ ", "1. ", "1) ", "99999999999. ", "0. ", "  ", "    ",
    "\t", "# ", "## ", "### ", "###### ", "####### ", "#", "[^1]: ", "[^note]: ", "- [ ] ",
    "- [x] ", "* [X] ", "| ", "```", "````", "~~~", "```rust\n", "---\n", "===\n", "***\n",
    "___\n", "[ref]: ", "[a]: javascript:alert(1)\n", "<div>", "<!--", ">- ", "- > ", "1. - ",
    "   ", "\u{feff}", "+++\n", "<details>",
];

#[rustfmt::skip]
pub(crate) const MD_INLINE: &[&str] = &[
    "[", "]", "(", ")", "![", "](", "[]", "()", "<", ">", "</", "*", "**", "***", "_", "__", "~",
    "~~", "`", "``", "```", "\\", "\\\\", "&", "&amp;", "&#x6A;", "&#106;", "&#0;", "&#x110000;",
    "&#99999999999;", "&colon;", "&Tab;", "&NewLine;", "&nbsp;", "&unknown;", "\"", "'", "{", "}",
    "|", "^", "#", "!", ":", "@", ".", " ", "  \n", "\\\n", "\n", "\n\n", "\r\n", "\r", "\t",
    "word", "Tekst", "http://", "https://example.org/a?b=<c>&d", "www.", "www.example.org",
    "mailto:", "a@example.org", "<http://a.b>", "<a@b.c>", "<javascript:alert(1)>",
    "<JaVaScRiPt:alert(1)>", "[x][ref]", "[ref]", "[x][]", "[^1]", "[^note]", "[^", "a.md",
    "../a.md", "a.md#sec", "sub/a.md", "/files/x.pdf", "#anchor", "{{ extra.x }}", "{{extra.x}}",
    "{{ extra.url }}", "{{ extra.missing }}", "{{ extra. }}", "{{ config }}", "{{ page.title }}",
    "{% include \"x\" %}", "{% raw %}", "{{", "}}", "{#", "#}", "{%", "%}", "{#id}", "{#art-5}",
    "{#\"onload=x}", "{#}", "{# }", "{#../x}", "{#a b}", "{#x}{#y}", "<script>", "</script>",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg/onload=alert(1)>",
    "<a href=\"javascript:x\">", "<iframe src=javascript:alert(1)>", "<style>*{}</style>",
    "<!-- x -->", "<!--", "-->", "<?php x ?>", "<![CDATA[x]]>", "<div\nonclick=x>", "<b>", "</b>",
    "\" onmouseover=\"x", "' onfocus='x", "onerror=", "javascript:", "JaVaScRiPt:",
    "java\tscript:", "java&#x09;script:", "vbscript:", "data:text/html,<script>x</script>",
    "data:image/svg+xml,<svg onload=x>", "data:image/png;base64,AAAA", "file:///etc/passwd",
    "%6A%61vascript:", "&#x6A;avascript:", "javascript&#58;", "\u{0}javascript:", " javascript:",
];

/// Whole constructs, each a likely trap on its own.
pub(crate) const MD_CONSTRUCTS: &[&str] = &[
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](  javascript:alert(1)  )",
    "[x](<javascript:alert(1)>)",
    "[x](java\\nscript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](java&Tab;script:alert(1))",
    "[x](%6A%61%76%61%73%63%72%69%70%74:alert(1))",
    "[x](%20javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](DATA:text/html,x)",
    "[x](data:image/svg+xml,<svg/onload=alert(1)>)",
    "[x](vbscript:msgbox(1))",
    "[x](file:///etc/passwd)",
    "![x](javascript:alert(1))",
    "![x](data:text/html,x)",
    "[x]: javascript:alert(1)\n\n[y][x]",
    "[x](url \"a\\\" onmouseover=\\\"alert(1)\")",
    "[x](url 'a\" onmouseover=\"alert(1)')",
    "[x](url (a\" onmouseover=\"x))",
    "![a\"<b>' onerror=x](x.png \"t<>\\\"\")",
    "![<script>](x.png)",
    "[x]({{ extra.url }})",
    "[x](mailto:{{ extra.x }})",
    "[x]({{extra.x}}.md)",
    "[x](a.md#{{ extra.x }})",
    "[x](a.md \"{{ extra.x }}\")",
    "[x](#\" onclick=\"x)",
    "[x](#%22onclick%3Dx)",
    "[x](/%22%20onclick=x)",
    "[x](</a b> \"t\")",
    "[x](a.md?<b>#\">)",
    "```\"><script>alert(1)</script>\ncode\n```",
    "``` onload=x\nx\n```",
    "```rust {.class onclick=x}\nfn x() {}\n```",
    "```js\n</code></pre><script>alert(1)</script>\n```",
    "```html\n<script>alert(1)</script>\n```",
    "```\u{0}\nx\n```",
    "```rust\n{{ extra.x }}\n```",
    "## Kop {#\"onload=x}",
    "## Kop {#x\" onclick=\"y}",
    "## <script>alert(1)</script> {#art-5}",
    "## {#}",
    "# {#only}",
    "## [x](javascript:alert(1)) {#a}",
    "| a | b |\n| --- | :-: |\n| <script> | [x](javascript:x) |",
    "|a|\n|-|\n|`|`|",
    "- [ ] <img src=x onerror=x>",
    "[^1]\n\n[^1]: <script>x</script> [y](javascript:x)",
    "[^\"onload=x]\n\n[^\"onload=x]: x",
    "<http://a.b/\"onmouseover=x>",
    "http://a.b/\"onmouseover=x",
    "www.a.b/<script>",
    "a@b.c\"onmouseover=x",
    "Setext\n===",
    "> # quote {#q}\n> ```\n> x",
    "* a\n\n      code\n* b",
    "<div onclick=\"x\">\n\n*md*\n\n</div>",
    "<a href=\"javascript:x\">x</a>",
    "<img src=\"x\" onerror=\"alert(1)\">",
    "<!-- <script>x</script> -->",
];

#[rustfmt::skip]
pub(crate) const TOML_KEYS: &[&str] = &[
    "title", "description", "slug", "weight", "date", "updated", "draft", "template", "search",
    "ignore_checks", "extra", "policy", "version", "effective", "review", "titel", "tilte",
    "\"title\"", "'title'", "title.x", "a.b.c", "\"\"", "''", "extra.x", "policy.review",
    "\"\\u0000\"", "\"\u{202e}\"", "ünï", "1", "-", "_",
];

#[rustfmt::skip]
pub(crate) const TOML_VALUES: &[&str] = &[
    "\"x\"", "'x'", "\"\"", "\"\"\"\nmulti\nline\"\"\"", "'''lit\n'''", "\"\"\"", "'''",
    "\"\\u0000\"", "\"\\uD800\"", "\"\\U0010FFFF\"", "\"\\U00110000\"", "\"\\x41\"", "\"\\",
    "\"unterminated", "\"a\nb\"", "1", "-1", "+1", "0", "-0", "9223372036854775807",
    "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
    "99999999999999999999999999999999", "0x7fffffffffffffff", "0xffffffffffffffffff", "0o777",
    "0b102", "1_000", "1__0", "_1", "1e308", "1e309", "-1e-400", "inf", "-inf", "nan", "+nan",
    "1.", ".5", "true", "false", "TRUE", "2024-02-29", "2024-02-30", "2023-02-29", "2024-13-01",
    "2024-00-10", "2024-04-31", "0000-01-01", "9999-12-31", "2024-01-01T00:00:00Z",
    "2024-01-01T23:59:60Z", "2024-01-01T25:00:00", "1979-05-27T07:32:00.999999999999999-08:00",
    "2024-01-01 10:00:00+99:99", "07:32:00", "2024-1-1", "\"2024-02-30\"", "\"2024-02-29\"",
    "\"not a date\"", "[]", "[1, \"a\", 2024-01-01]", "[\"link-text\", \"nope\"]", "[,]", "{}",
    "{ a = 1 }", "{ a = { b = { c = 1 } } }", "{ a = 1, a = 2 }", "{ a = 1,}", "\"{{ extra.x }}\"",
    "\"{{ extra.missing }}\"", "\"{{ config }}\"", "\"</title><script>alert(1)</script>\"",
    "\"\\\" onload=\\\"x\"", "\"javascript:alert(1)\"", "\"../../etc/passwd\"", "\"..\"",
    "\"???\"", "\"\u{202e}evil\"", "\"\u{1f600}\"", "\"page.html\"",
    "\"../../../etc/passwd.html\"",
];

#[rustfmt::skip]
pub(crate) const TOML_LINES: &[&str] = &[
    "[policy]", "[extra]", "[extra.a]", "[extra.a.b.c]", "[[extra.list]]", "[[policy]]", "[title]",
    "[", "]", "[[", "]]", "[]", "# comment", "#", "", "   ", "\t", "= 1", "a =", "a = 1 = 2",
    "a = 1 b = 2", "title = 1\ntitle = 2", "[extra]\n[extra]", "\u{feff}title = \"x\"", "\u{0}",
    "+++", "---",
];

#[rustfmt::skip]
pub(crate) const YAML_LINES: &[&str] = &[
    "title: x", "title: \"x\"", "title: 'it''s'", "title: |\n  a\n  b", "title: >-\n  a\n  b",
    "title:", "title: ~", "title: null", "title: [a, b]", "title: {a: b}", "title: \"\\uD800\"",
    "title: \"\\x00\"", "title: \"unterminated", "title: '",
    "title: \"</title><script>alert(1)</script>\"", "title: \"{{ extra.x }}\"",
    "title: {{ extra.x }}", "description: \"\\\" onload=\\\"x\"", "slug: \"../../x\"",
    "slug: \"???\"", "slug: \u{1f600}", "weight: 0x10", "weight: 1e999", "weight: .inf",
    "weight: -.inf", "weight: .nan", "weight: 99999999999999999999",
    "weight: -9223372036854775809", "weight: 1_000", "weight: 0o17", "date: 2024-02-30",
    "date: \"2024-02-30\"", "date: 2024-02-29", "date: 2024-02-29T10:00:00Z", "date: 2024-13-45",
    "date: 0000-00-00", "date: [2024, 1, 1]", "updated: yes", "draft: yes", "draft: on",
    "draft: \"true\"", "draft: ~", "search: 1", "ignore_checks: link-text",
    "ignore_checks: [link-text, 1, null]", "policy:\n  version: 1.0\n  review: 2027-01-01",
    "policy:\n  version: [1]\n  effective: 2024-02-30", "policy: 1", "extra:\n  a: &x [*x]",
    "extra:\n  a: b\n  c: [1, {d: e}]", "a: &a x\nb: *a", "<<: *a", "<<: [*a, *b]", "*undefined",
    "&anchor", "? [a]\n: b", "? |\n  x\n: y", "!!binary aGVsbG8=",
    "x: !!python/object:os.system x", "x: !custom x", "x: !!int \"abc\"", "x: !!float 1",
    "%YAML 1.1", "%YAML 9.9", "%TAG ! tag:x,2000:", "--- ", "...", "- a", "  - b", "\t- tab",
    "@reserved", "`backtick", "key: value # comment", "key: value\n  bad indent",
    "key:\n- a\n  - b", "\"quoted key\": 1", "? ", ": ", "|", ">", "{", "}", "[", "]", ",", "#",
    "", "\u{feff}", "\u{0}", "\u{85}", "\u{2028}",
];
