//! Constructs of the wider query language (Neo4j 5, GQL) that ieum does not support. When
//! a statement does not parse and holds one of them, the error names the construct
//! (`UnsupportedFeature`) instead of pointing at the first token the grammar did not expect.

use std::sync::LazyLock;

use regex::Regex;

use super::SyntaxError;
use super::ast::Span;

/// (pattern, construct) pairs, tried in order on the statement with its string literals,
/// quoted names and comments blanked out.
const CONSTRUCTS: &[(&str, &str)] = &[
    (r"(?i)\bIN\s+(\d+\s+)?CONCURRENT\s+TRANSACTIONS\b", "CALL { ... } IN CONCURRENT TRANSACTIONS"),
    (r"(?i)\bREPORT\s+STATUS\b", "REPORT STATUS in CALL { ... } IN TRANSACTIONS"),
    (r"(?i)^\s*USE\s", "USE (choosing a database or graph)"),
    (r"(?i)\b(CREATE|DROP|ALTER|START|STOP)\s+(OR\s+REPLACE\s+)?(COMPOSITE\s+)?DATABASES?\b", "database administration"),
    (r"(?i)\b(CREATE|DROP|ALTER|RENAME)\s+(OR\s+REPLACE\s+)?(USER|ROLE|ALIAS|SERVER)\b", "user, role and server administration"),
    (r"(?i)^\s*(GRANT|DENY|REVOKE)\b", "access control (GRANT, DENY, REVOKE)"),
    (r"(?i)^\s*SHOW\s+\w+", "SHOW commands other than SHOW INDEXES and SHOW CONSTRAINTS"),
    (r"(?i)^\s*TERMINATE\s+TRANSACTIONS?\b", "TERMINATE TRANSACTIONS"),
    (r"(?i)\bCREATE\s+(FULLTEXT|TEXT|POINT|VECTOR|LOOKUP)\s+INDEX\b", "full-text, text, point, vector and lookup indexes"),
    (r"(?i)\bDROP\s+CONSTRAINT\b", "DROP CONSTRAINT"),
    (r"(?i)\bIS\s+(NOT\s+NULL|NODE\s+KEY|RELATIONSHIP\s+KEY|KEY|REL\s+KEY|TYPED|::)\s*$", "constraints other than IS UNIQUE"),
    (r"(?i)\bFOR\s*\(\s*\)\s*-\s*\[", "indexes and constraints on relationships"),
    (r"(?i)\b(REPEATABLE\s+ELEMENTS?|DIFFERENT\s+(RELATIONSHIPS?|EDGES?))\b", "match modes (REPEATABLE ELEMENTS, DIFFERENT RELATIONSHIPS)"),
    (r"\$\s*\(", "dynamic labels, types and properties $(...)"),
    (r"(?i)\bWHERE\b[^;]*\b\w+\s*:\s*[\w`]+\s*[|&]\s*:?\s*[\w`!]", "label expressions in WHERE (write n:A OR n:B)"),
    (r"(?i)\bIS\s+(NOT\s+)?(NORMALIZED|NFC|NFD|NFKC|NFKD)\b", "IS NORMALIZED"),
    (
        r"(?i)^\s*(INSERT|LET|FILTER|FINISH)\b|\b(NEXT|FINISH)\s*;?\s*$|\bNEXT\s+(MATCH|RETURN|WITH|CALL|UNWIND)\b",
        "GQL clauses (INSERT, LET, FILTER, FINISH, NEXT)",
    ),
    (r"(?i)\b(LET|FILTER)\s+(\w+\s*=|WHERE\b)", "GQL clauses (LET, FILTER)"),
    (r"(?i)\bUNION\s+DISTINCT\b", "UNION DISTINCT (write UNION)"),
    (r"(?i)\bCALL\s*\{[\s\S]*\}\s*IN\s+TRANSACTIONS\b[\s\S]*\bRETRY\b", "ON ERROR RETRY"),
];

static PATTERNS: LazyLock<Vec<(Regex, &'static str)>> =
    LazyLock::new(|| CONSTRUCTS.iter().filter_map(|(p, name)| Regex::new(p).ok().map(|r| (r, *name))).collect());

/// The unsupported construct `text` holds, if any, as an error spanning it.
pub(super) fn find(text: &str) -> Option<SyntaxError> {
    let plain = blank_literals(text);
    for (re, name) in PATTERNS.iter() {
        if let Some(m) = re.find(&plain) {
            let start = m.start() + (m.as_str().len() - m.as_str().trim_start().len());
            return Some(SyntaxError::new(
                "UnsupportedFeature",
                format!("{name} is not supported by ieum"),
                Span::new(start, m.end().max(start)),
            ));
        }
    }
    None
}

/// `text` with the inside of string literals, quoted names and comments replaced by spaces
/// (byte offsets kept).
fn blank_literals(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.char_indices().peekable();
    let blank = |c: char, out: &mut String| out.extend(std::iter::repeat_n(' ', c.len_utf8()));
    while let Some((_, c)) = chars.next() {
        match c {
            '\'' | '"' | '`' => {
                out.push(c);
                while let Some((_, d)) = chars.next() {
                    if d == '\\' && c != '`' {
                        blank(d, &mut out);
                        if let Some((_, e)) = chars.next() {
                            blank(e, &mut out);
                        }
                        continue;
                    }
                    if d == c {
                        out.push(d);
                        break;
                    }
                    blank(d, &mut out);
                }
            }
            '/' if chars.peek().is_some_and(|(_, n)| *n == '/') => {
                blank(c, &mut out);
                for (_, d) in chars.by_ref() {
                    if d == '\n' {
                        out.push('\n');
                        break;
                    }
                    blank(d, &mut out);
                }
            }
            '/' if chars.peek().is_some_and(|(_, n)| *n == '*') => {
                blank(c, &mut out);
                let mut prev = ' ';
                for (_, d) in chars.by_ref() {
                    blank(d, &mut out);
                    if prev == '*' && d == '/' {
                        break;
                    }
                    prev = d;
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructs_are_named_and_literals_ignored() {
        let e = find("MATCH (n) WHERE n:A|B RETURN n").map(|e| e.message);
        assert_eq!(e.as_deref(), Some("label expressions in WHERE (write n:A OR n:B) is not supported by ieum"));
        assert!(find("RETURN 'USE x; (n WHERE' AS s").is_none());
        let e = find("CALL { CREATE () } IN 3 CONCURRENT TRANSACTIONS").unwrap_or_else(|| SyntaxError::new("x", "none", Span::default()));
        assert_eq!(e.code, "UnsupportedFeature");
        assert_eq!(e.span, Span::new(19, 47));
    }
}
