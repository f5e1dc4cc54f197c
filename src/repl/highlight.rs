//! Colours for the line being edited: keywords, function names, labels and types, strings,
//! numbers, parameters and comments, the bracket matching the one at the cursor, and the
//! `->` marker on continuation lines. The coloured text has the display width of the
//! original (the line editor relies on it).

use super::lex::{Kind, tokens};
use crate::exec::functions;
use crate::syntax::keywords::is_keyword;

/// The indentation the editor inserts after a newline inside an unfinished statement; it is
/// drawn as the continuation marker.
pub const CONTINUATION: &str = "      ";
const MARKER: &str = "   -> ";

const RESET: &str = "\x1b[0m";
const KEYWORD: &str = "\x1b[1;34m";
const FUNCTION: &str = "\x1b[36m";
const NAME: &str = "\x1b[95m";
const STRING: &str = "\x1b[32m";
const NUMBER: &str = "\x1b[33m";
const PARAM: &str = "\x1b[35m";
const COMMENT: &str = "\x1b[90m";
const MATCHED: &str = "\x1b[1;7m";
const UNMATCHED: &str = "\x1b[1;31m";
pub const HINT: &str = "\x1b[90m";
pub const PROMPT: &str = "\x1b[1;32m";

/// `line` with ANSI colours; `pos` is the cursor (a byte offset), whose bracket and its
/// partner are marked when `brackets` is true.
pub fn highlight(line: &str, pos: usize, brackets: bool) -> String {
    let toks = tokens(line);
    let marked = if brackets { bracket_pair(line, pos) } else { None };
    let mut out = String::with_capacity(line.len() * 2);
    let meta = line.trim_start().starts_with(':');
    for (i, t) in toks.iter().enumerate() {
        let text = t.text(line);
        let next_text = toks[i + 1..].iter().find(|t| t.kind != Kind::Space).map(|t| t.text(line));
        let prev_text = toks[..i].iter().rev().find(|t| t.kind != Kind::Space).map(|t| t.text(line));
        let colour = match t.kind {
            _ if meta && i == toks.iter().position(|t| t.kind != Kind::Space).unwrap_or(0) + 1 => Some(KEYWORD),
            Kind::Word if matches!(prev_text, Some(":") | Some("|")) && !meta => Some(NAME),
            Kind::Quoted if matches!(prev_text, Some(":") | Some("|")) => Some(NAME),
            Kind::Word if next_text == Some("(") && functions::lookup(text).is_some() => Some(FUNCTION),
            Kind::Word if is_keyword(text) && !meta => Some(KEYWORD),
            Kind::Str => Some(STRING),
            Kind::Number => Some(NUMBER),
            Kind::Param => Some(PARAM),
            Kind::Comment => Some(COMMENT),
            Kind::Punct => match marked {
                Some((a, b, matched)) if t.start == a || Some(t.start) == b => Some(if matched { MATCHED } else { UNMATCHED }),
                _ => None,
            },
            Kind::Space => {
                space(text, &mut out);
                continue;
            }
            _ => None,
        };
        match colour {
            Some(c) => {
                out.push_str(c);
                out.push_str(text);
                out.push_str(RESET);
            }
            None => out.push_str(text),
        }
    }
    out
}

/// White space, with the continuation indentation after a newline drawn as the marker.
fn space(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(i) = rest.find('\n') {
        out.push_str(&rest[..=i]);
        rest = &rest[i + 1..];
        if let Some(after) = rest.strip_prefix(CONTINUATION) {
            out.push_str(COMMENT);
            out.push_str(MARKER);
            out.push_str(RESET);
            rest = after;
        }
    }
    out.push_str(rest);
}

/// The bracket at the cursor (or just before it) and its partner: (bracket, partner,
/// whether a partner exists).
fn bracket_pair(line: &str, pos: usize) -> Option<(usize, Option<usize>, bool)> {
    let toks: Vec<_> = tokens(line).into_iter().filter(|t| t.kind == Kind::Punct && is_bracket(t.text(line))).collect();
    let at = toks.iter().position(|t| t.start == pos).or_else(|| toks.iter().position(|t| t.end == pos))?;
    let c = toks[at].text(line);
    let open = matches!(c, "(" | "[" | "{");
    let (want_open, want_close) = match c {
        "(" | ")" => ("(", ")"),
        "[" | "]" => ("[", "]"),
        _ => ("{", "}"),
    };
    let mut depth = 0i32;
    let partner = if open {
        toks[at..].iter().find(|t| {
            let s = t.text(line);
            depth += i32::from(s == want_open) - i32::from(s == want_close);
            depth == 0
        })
    } else {
        toks[..=at].iter().rev().find(|t| {
            let s = t.text(line);
            depth += i32::from(s == want_close) - i32::from(s == want_open);
            depth == 0
        })
    };
    let partner = partner.map(|t| t.start);
    Some((toks[at].start, partner, partner.is_some()))
}

fn is_bracket(s: &str) -> bool {
    matches!(s, "(" | ")" | "[" | "]" | "{" | "}")
}

/// Removes ANSI colour sequences (for checking that colouring keeps the text).
pub fn strip_ansi(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for d in chars.by_ref() {
                if d == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_keep_the_text() {
        let line = "MATCH (c:Company {name: '셀트리온'}) WHERE c.x > 1.5 // note\nRETURN toUpper(c.name), $p";
        let h = highlight(line, 0, true);
        assert_eq!(strip_ansi(&h), line);
        assert!(h.contains(&format!("{KEYWORD}MATCH{RESET}")));
        assert!(h.contains(&format!("{NAME}Company{RESET}")));
        assert!(h.contains(&format!("{STRING}'셀트리온'{RESET}")));
        assert!(h.contains(&format!("{NUMBER}1.5{RESET}")));
        assert!(h.contains(&format!("{COMMENT}// note{RESET}")));
        assert!(h.contains(&format!("{FUNCTION}toUpper{RESET}")));
        assert!(h.contains(&format!("{PARAM}$p{RESET}")));
    }

    #[test]
    fn matching_brackets() {
        let line = "RETURN [(1), {a: 2}]";
        // cursor just after the closing `]`
        let h = highlight(line, line.len(), true);
        assert!(h.contains(&format!("{MATCHED}[{RESET}")), "{h:?}");
        assert!(h.contains(&format!("{MATCHED}]{RESET}")), "{h:?}");
        assert!(!h.contains(&format!("{MATCHED}({RESET}")), "{h:?}");
        let h = highlight("RETURN (1", 7, true);
        assert!(h.contains(&format!("{UNMATCHED}({RESET}")), "{h:?}");
        // brackets inside strings do not count
        assert_eq!(bracket_pair("RETURN (')')", 7), Some((7, Some(11), true)));
    }

    proptest::proptest! {
        /// Whatever is typed, colouring keeps the text and completion and the completeness
        /// check answer without panicking, at every cursor position.
        #[test]
        fn any_text_is_safe(text in "[a-zA-Z0-9 _:.\\[\\](){}'\"`$;/*\n\\\\한국…-]{0,40}") {
            let vocab = crate::repl::complete::Vocabulary { labels: vec!["한국".into()], ..Default::default() };
            for (pos, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                proptest::prop_assert_eq!(strip_ansi(&highlight(&text, pos, true)), text.clone());
                let _ = crate::repl::complete::complete(&text, pos, &vocab);
            }
            let _ = crate::repl::shell::is_complete(&text);
        }
    }

    #[test]
    fn continuation_lines_show_the_marker() {
        let line = format!("MATCH (n)\n{CONTINUATION}RETURN n;");
        let h = highlight(&line, 0, false);
        assert_eq!(strip_ansi(&h), "MATCH (n)\n   -> RETURN n;");
        assert_eq!(unicode_width::UnicodeWidthStr::width(strip_ansi(&h).as_str()), unicode_width::UnicodeWidthStr::width(line.as_str()));
    }
}
