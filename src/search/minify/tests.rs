//! The minifier, as tables of scripts and what they become.

use super::*;

#[test]
fn minify_table() {
    for (source, want) in [
        ("var a = 1;  // one\nvar b = 2; /* two */ var c = 3;\n", "var a=1;var b=2;var c=3;\n"),
        ("function f(x) {\n    return x + 1;\n}\n", "function f(x){return x+1;}\n"),
        // Line breaks stay where semicolon insertion may need them.
        ("a = b\n(c)\n", "a=b\n(c)\n"),
        ("return\nx\n", "return\nx\n"),
        ("a\n++b\n", "a\n++b\n"),
        // Operators that would merge keep their space.
        ("a - -b; a + +b; a + -b; x = y / /re/.source;", "a- -b;a+ +b;a+-b;x=y/ /re/.source;"),
        ("if (a < !b) c-- > d;", "if(a< !b)c-- >d;"),
        ("x = 1 .toString();", "x=1 .toString();"),
        // Strings, regular expressions and templates are copied as they are.
        ("s = \"a  // b\" + 'c /* d */ \\' e';", "s=\"a  // b\"+'c /* d */ \\' e';"),
        ("r = /[/ ]+ \\/ x/gu.test(s) ? 1 : 2;", "r=/[/ ]+ \\/ x/gu.test(s)?1:2;"),
        ("return /a b/.test(s);", "return/a b/.test(s);"),
        ("x = a / b / c;", "x=a/b/c;"),
        ("t = `a  ${ b + { c: 1 }.c }  // ${`x ${y}`}`;", "t=`a  ${b+{c:1}.c}  // ${`x ${y}`}`;"),
        ("f(a,\n  b);\n", "f(a,b);\n"),
        ("/* a\nb */ x", "x\n"),
        ("a /* a\nb */ b", "a\nb\n"),
        ("", ""),
        ("   \n  // only a comment\n", ""),
    ] {
        let want = if want.is_empty() || want.ends_with('\n') { want.to_string() } else { format!("{want}\n") };
        assert_eq!(minify(source).as_deref(), Ok(want.as_str()), "{source:?}");
    }
}

#[test]
fn unterminated_literals_are_errors_with_line_and_column() {
    for (source, want) in [
        ("var a = 'open;\n", "1:9: the string is not closed"),
        ("x\n  y = /open\n", "2:7: the regular expression is not closed"),
        ("/* open", "1:1: the comment is not closed"),
        ("t = `open", "1:5: the template literal is not closed"),
        ("t = `${ open", "1:13: the template literal's ${ is not closed"),
        ("s = 'a\\", "1:5: the string is not closed"),
    ] {
        assert_eq!(minify(source), Err(want.to_string()), "{source:?}");
    }
}

#[test]
fn minifying_twice_changes_nothing_more() {
    let source = "function f(a, b) {\n  // sum\n  return a + b; /* done */\n}\nvar r = /x\\/y/g, s = 'it''s';\n";
    let once = minify(source).unwrap();
    assert_eq!(minify(&once).unwrap(), once);
}
