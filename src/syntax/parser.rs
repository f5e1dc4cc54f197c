//! Statement text to [`ast::Statement`]: the pest grammar in `grammar/cypher.pest` recognises
//! the text, and [`Builder`] walks the pairs into the tree, checking literals on the way.
//!
//! Errors are [`SyntaxError`]s with a stable code:
//! - `UnexpectedSyntax`: the text does not follow the grammar (with a plain-words list of what
//!   would have been accepted, and a "did you mean" hint for misspelled keywords);
//! - `InvalidNumberLiteral`, `IntegerOverflow`, `FloatingPointOverflow`: a number literal that
//!   is malformed or cannot be represented;
//! - `InvalidUnicodeLiteral`: a bad `\u` / `\U` escape in a string;
//! - `InvalidUnicodeCharacter`: a stray non-ASCII symbol such as an em dash in place of `-`;
//! - `InvalidClauseComposition`: an updating clause inside `EXISTS { ... }`;
//! - `UnsupportedSyntax`: valid openCypher that ieum does not support (yet).

use pest::Parser as _;
use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;

use super::SyntaxError;
use super::ast::*;
use super::suggest;

mod grammar {
    #[derive(pest_derive::Parser)]
    #[grammar = "../grammar/cypher.pest"]
    pub struct CypherParser;
}

use grammar::{CypherParser, Rule};

/// How deeply brackets and operators may nest in one statement. Deeper statements are
/// rejected with an error instead of risking the stack of the parser or of later layers.
pub const MAX_NESTING: usize = 500;

/// How many clauses one statement may have: each becomes a step of the plan that later
/// layers walk recursively.
pub const MAX_CLAUSES: usize = 1000;

/// How many tokens (names, numbers, strings, symbols) one statement may have. The parser
/// takes time and memory per token that it cannot be stopped in, so a statement far larger
/// than any written by hand is refused before parsing starts.
pub const MAX_TOKENS: usize = 500_000;

/// Nesting above which the parse runs on a helper thread with a large stack.
const DEEP_NESTING: usize = 24;
const DEEP_STACK_BYTES: usize = 256 * 1024 * 1024;

type Res<T> = Result<T, SyntaxError>;

/// Parses one statement (the text between `;`s; a trailing `;` is tolerated).
pub fn parse_statement(text: &str) -> Result<Statement, SyntaxError> {
    let statement = parse_nested(text)?;
    let clauses = match &statement {
        Statement::Query(q) | Statement::Explain(q) | Statement::Profile(q) => {
            q.first.clauses.len() + q.unions.iter().map(|u| u.query.clauses.len()).sum::<usize>()
        }
        _ => 0,
    };
    if clauses > MAX_CLAUSES {
        return Err(SyntaxError::new(
            "UnexpectedSyntax",
            format!("the statement has {clauses} clauses; at most {MAX_CLAUSES} are allowed (split it into several statements)"),
            Span::new(0, text.len().min(1)),
        ));
    }
    Ok(statement)
}

/// `SHOW INDEXES` or `SHOW CONSTRAINTS` (with `INDEX`, `CONSTRAINT`, any case, an optional
/// `;`); None for any other text, which [`parse_statement`] then reads.
pub fn parse_show(text: &str) -> Option<crate::syntax::ast::Show> {
    let top = CypherParser::parse(Rule::show_input, text).ok()?.next()?;
    top.into_inner().find_map(|p| match p.as_rule() {
        Rule::show_indexes => Some(crate::syntax::ast::Show::Indexes),
        Rule::show_constraints => Some(crate::syntax::ast::Show::Constraints),
        _ => None,
    })
}

fn parse_nested(text: &str) -> Result<Statement, SyntaxError> {
    let scan = scan(text);
    if scan.max_nesting > MAX_NESTING {
        let at = scan.too_deep_at.unwrap_or(0);
        return Err(too_deep(Span::new(at, at + 1)));
    }
    if let Some(at) = scan.too_long_at {
        return Err(SyntaxError::new(
            "UnexpectedSyntax",
            format!("the statement has more than {MAX_TOKENS} tokens: split it into several statements (or load data with `ieum import`)"),
            Span::new(at, at + 1),
        ));
    }
    if scan.max_nesting <= DEEP_NESTING {
        return parse_scanned(text, &scan);
    }
    // Deep (but allowed) nesting: pest and the builder recurse per level, so give them room.
    let scan_ref = &scan;
    std::thread::scope(|s| {
        let handle = std::thread::Builder::new()
            .name("ieum-parse".into())
            .stack_size(DEEP_STACK_BYTES)
            .spawn_scoped(s, move || parse_scanned(text, scan_ref));
        match handle {
            Ok(h) => h.join().unwrap_or_else(|_| Err(too_deep(Span::new(0, text.len())))),
            Err(_) => Err(too_deep(Span::new(0, text.len()))),
        }
    })
}

fn too_deep(span: Span) -> SyntaxError {
    SyntaxError::new("UnexpectedSyntax", format!("the statement is nested too deeply (more than {MAX_NESTING} levels)"), span)
}

fn parse_scanned(text: &str, scan: &Scan) -> Res<Statement> {
    match CypherParser::parse(Rule::statement_input, text) {
        Ok(mut pairs) => {
            let Some(top) = pairs.next() else {
                return Err(SyntaxError::new("UnexpectedSyntax", "empty statement", Span::new(0, 0)));
            };
            let mut b = Builder { text, trivia: &scan.trivia, depth: 0, pred_ctx: false };
            b.statement_input(top)
        }
        Err(e) => Err(super::unsupported::find(text).unwrap_or_else(|| convert_error(text, scan, e))),
    }
}

// ------------------------------------------------------------------------------------------------
// Lexical scan: white space and comments (for tight spans), nesting depth, unterminated tokens.

struct Scan {
    /// Maximal runs of white space and comments, in order.
    trivia: Vec<(usize, usize)>,
    max_nesting: usize,
    too_deep_at: Option<usize>,
    /// An unterminated string, quoted name or comment: where it starts and what it is.
    unterminated: Option<(usize, &'static str)>,
    /// Where the token past [`MAX_TOKENS`] starts, if there is one.
    too_long_at: Option<usize>,
}

/// The white space of the grammar (`WHITESPACE` in cypher.pest).
pub(crate) fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\u{FEFF}'
    )
}

fn scan(text: &str) -> Scan {
    let bytes = text.as_bytes();
    let mut trivia: Vec<(usize, usize)> = Vec::new();
    let mut push_trivia = |start: usize, end: usize| match trivia.last_mut() {
        Some(last) if last.1 == start => last.1 = end,
        _ => trivia.push((start, end)),
    };
    let mut depth = 0usize;
    let mut max_nesting = 0usize;
    let mut too_deep_at = None;
    let mut unterminated = None;
    let (mut tokens, mut too_long_at) = (0usize, None);
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        let len = c.len_utf8();
        let continues_number = c.is_ascii_digit() && i > 0 && bytes[i - 1].is_ascii_digit();
        if !is_space(c) && !continues_number {
            // a token starts here (a comment counts as one; digits after digits do not)
            tokens += 1;
            if tokens > MAX_TOKENS {
                too_long_at = Some(i);
                break;
            }
        }
        match c {
            '/' if bytes.get(i + 1) == Some(&b'*') => match text[i + 2..].find("*/") {
                Some(k) => {
                    push_trivia(i, i + 2 + k + 2);
                    i += 2 + k + 2;
                }
                None => {
                    unterminated.get_or_insert((i, "comment"));
                    break;
                }
            },
            '/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find(['\n', '\r']).map_or(text.len(), |k| i + k);
                push_trivia(i, end);
                i = end;
            }
            '\'' | '"' | '`' => {
                let mut j = i + 1;
                let mut closed = false;
                while j < text.len() {
                    let b = bytes[j];
                    if b == b'\\' && c != '`' {
                        j += 1;
                        // skip the escaped character (whole UTF-8 sequence)
                        if let Some(ch) = text.get(j..).and_then(|t| t.chars().next()) {
                            j += ch.len_utf8();
                        }
                        continue;
                    }
                    if b == c as u8 {
                        if c == '`' && bytes.get(j + 1) == Some(&b'`') {
                            j += 2;
                            continue;
                        }
                        closed = true;
                        j += 1;
                        break;
                    }
                    j += 1;
                }
                if !closed {
                    unterminated.get_or_insert((i, if c == '`' { "quoted name" } else { "string" }));
                    break;
                }
                i = j;
            }
            '(' | '[' | '{' => {
                depth += 1;
                if depth > max_nesting {
                    max_nesting = depth;
                    if depth > MAX_NESTING && too_deep_at.is_none() {
                        too_deep_at = Some(i);
                    }
                }
                i += 1;
            }
            ')' | ']' | '}' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            c if is_space(c) => {
                push_trivia(i, i + len);
                i += len;
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                // CASE ... END nests like a bracket (not after `.` or `$`: a key or parameter)
                let end = text[i..].find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_')).map_or(text.len(), |k| i + k);
                let word = &text[i..end];
                let named = i > 0 && matches!(bytes[i - 1], b'.' | b'$');
                if !named && word.eq_ignore_ascii_case("CASE") {
                    depth += 1;
                    if depth > max_nesting {
                        max_nesting = depth;
                        if depth > MAX_NESTING && too_deep_at.is_none() {
                            too_deep_at = Some(i);
                        }
                    }
                } else if !named && word.eq_ignore_ascii_case("END") {
                    depth = depth.saturating_sub(1);
                }
                i = end;
            }
            _ => i += len,
        }
    }
    Scan { trivia, max_nesting, too_deep_at, unterminated, too_long_at }
}

// ------------------------------------------------------------------------------------------------
// pest errors to SyntaxError

fn convert_error(text: &str, scan: &Scan, e: pest::error::Error<Rule>) -> SyntaxError {
    if let Some((at, what)) = scan.unterminated {
        let end = at + text[at..].chars().next().map_or(0, char::len_utf8);
        let message = match what {
            "comment" => "unterminated comment: this /* is never closed by */".to_string(),
            "quoted name" => "unterminated quoted name: this ` has no closing `".to_string(),
            _ => {
                let q = &text[at..end];
                format!("unterminated string: this {q} has no closing {q}")
            }
        };
        return SyntaxError::new("UnexpectedSyntax", message, Span::new(at, end));
    }
    let pos = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    let positives = match e.variant {
        ErrorVariant::ParsingError { positives, .. } => positives,
        ErrorVariant::CustomError { .. } => {
            // pest's own resource guard (stack or call limit)
            return too_deep(Span::new(pos, pos));
        }
    };
    let pos = pos.min(text.len());
    let (token, token_end) = unexpected_token(text, pos);
    let span = Span::new(pos, token_end);

    if let Some(c) = text[pos..].chars().next()
        && !c.is_ascii()
        && !c.is_alphanumeric()
        && !is_space(c)
    {
        let mut message = format!("unexpected character '{c}' (U+{:04X})", c as u32);
        if let Some(ascii) = ascii_lookalike(c) {
            message.push_str(&format!("; did you mean '{ascii}'?"));
        }
        let mut err = SyntaxError::new("InvalidUnicodeCharacter", message, span);
        err.expected = expected_list(&positives);
        return err;
    }

    let expected = expected_list(&positives);
    let mut message = format!("unexpected {token}");
    let summary = expected_summary(&positives);
    if !summary.is_empty() {
        message.push_str(": expected ");
        message.push_str(&summary);
    }
    let word = &text[pos..token_end];
    if word.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_') {
        let mut keywords: Vec<&str> = positives.iter().filter_map(|r| keyword_word(*r)).collect();
        if keywords.is_empty() {
            // where a clause was expected (the start of a statement), pest names the rule,
            // not its keywords
            keywords.extend_from_slice(CLAUSE_KEYWORDS);
        }
        if let Some(k) = suggest::closest(word, keywords) {
            message.push_str(&format!("; did you mean {k}?"));
        }
    }
    let mut err = SyntaxError::new("UnexpectedSyntax", message, span);
    err.expected = expected;
    err
}

/// The words that begin a clause, offered when a misspelt word stands where a clause starts.
const CLAUSE_KEYWORDS: &[&str] = &[
    "MATCH", "OPTIONAL", "RETURN", "CREATE", "MERGE", "WITH", "UNWIND", "DELETE", "DETACH", "SET", "REMOVE", "CALL", "FOREACH", "UNION",
    "WHERE", "EXPLAIN", "PROFILE",
];

/// What stands at `pos`, for "unexpected X", and where it ends.
fn unexpected_token(text: &str, pos: usize) -> (String, usize) {
    let rest = &text[pos..];
    let Some(c) = rest.chars().next() else {
        return ("end of input".to_string(), pos);
    };
    let end = if c.is_alphanumeric() || c == '_' {
        pos + rest.find(|ch: char| !(ch.is_alphanumeric() || ch == '_')).unwrap_or(rest.len())
    } else {
        pos + c.len_utf8()
    };
    let shown: String = text[pos..end].chars().take(40).collect();
    (format!("'{shown}'"), end)
}

fn ascii_lookalike(c: char) -> Option<char> {
    Some(match c {
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => '"',
        '\u{FF08}' => '(',
        '\u{FF09}' => ')',
        '\u{FF0C}' | '\u{3001}' => ',',
        '\u{FF1A}' => ':',
        '\u{FF1B}' => ';',
        '\u{2264}' => '<',
        '\u{2265}' => '>',
        '\u{2260}' => '=',
        '\u{00D7}' => '*',
        '\u{2192}' | '\u{27F6}' => '>',
        '\u{2190}' | '\u{27F5}' => '<',
        _ => return None,
    })
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Clause,
    Keyword,
    Punct,
    Operator,
    Name,
    Expression,
    End,
}

/// The keyword a rule stands for, as written in queries.
fn keyword_word(rule: Rule) -> Option<&'static str> {
    Some(match rule {
        Rule::kw_all => "ALL",
        Rule::kw_all_shortest_paths => "allShortestPaths",
        Rule::kw_and => "AND",
        Rule::kw_any => "ANY",
        Rule::kw_as => "AS",
        Rule::kw_asc => "ASC",
        Rule::kw_ascending => "ASCENDING",
        Rule::kw_assert => "ASSERT",
        Rule::kw_by => "BY",
        Rule::kw_call => "CALL",
        Rule::kw_case => "CASE",
        Rule::kw_constraint => "CONSTRAINT",
        Rule::kw_contains => "CONTAINS",
        Rule::kw_count => "count",
        Rule::kw_create => "CREATE",
        Rule::kw_delete => "DELETE",
        Rule::kw_desc => "DESC",
        Rule::kw_descending => "DESCENDING",
        Rule::kw_detach => "DETACH",
        Rule::kw_distinct => "DISTINCT",
        Rule::kw_drop => "DROP",
        Rule::kw_else => "ELSE",
        Rule::kw_end => "END",
        Rule::kw_ends => "ENDS WITH",
        Rule::kw_exists => "EXISTS",
        Rule::kw_explain => "EXPLAIN",
        Rule::kw_false => "false",
        Rule::kw_for => "FOR",
        Rule::kw_if => "IF",
        Rule::kw_in => "IN",
        Rule::kw_index => "INDEX",
        Rule::kw_is => "IS",
        Rule::kw_limit => "LIMIT",
        Rule::kw_match => "MATCH",
        Rule::kw_merge => "MERGE",
        Rule::kw_none => "NONE",
        Rule::kw_not => "NOT",
        Rule::kw_null => "null",
        Rule::kw_on => "ON",
        Rule::kw_optional => "OPTIONAL",
        Rule::kw_or => "OR",
        Rule::kw_order => "ORDER BY",
        Rule::kw_profile => "PROFILE",
        Rule::kw_reduce => "reduce",
        Rule::kw_remove => "REMOVE",
        Rule::kw_require => "REQUIRE",
        Rule::kw_return => "RETURN",
        Rule::kw_set => "SET",
        Rule::kw_shortest_path => "shortestPath",
        Rule::kw_single => "SINGLE",
        Rule::kw_skip => "SKIP",
        Rule::kw_starts => "STARTS WITH",
        Rule::kw_then => "THEN",
        Rule::kw_true => "true",
        Rule::kw_union => "UNION",
        Rule::kw_unique => "UNIQUE",
        Rule::kw_unwind => "UNWIND",
        Rule::kw_when => "WHEN",
        Rule::kw_where => "WHERE",
        Rule::kw_with => "WITH",
        Rule::kw_xor => "XOR",
        Rule::kw_yield => "YIELD",
        _ => return None,
    })
}

/// How a rule is described in an error message, and which group it belongs to.
fn describe(rule: Rule) -> Option<(Kind, &'static str)> {
    use Kind::*;
    Some(match rule {
        Rule::kw_match
        | Rule::kw_optional
        | Rule::kw_unwind
        | Rule::kw_with
        | Rule::kw_return
        | Rule::kw_create
        | Rule::kw_merge
        | Rule::kw_set
        | Rule::kw_remove
        | Rule::kw_delete
        | Rule::kw_detach
        | Rule::kw_call
        | Rule::kw_explain
        | Rule::kw_profile
        | Rule::kw_drop => (Clause, keyword_word(rule)?),
        Rule::kw_and
        | Rule::kw_or
        | Rule::kw_xor
        | Rule::kw_starts
        | Rule::kw_ends
        | Rule::kw_contains
        | Rule::kw_in
        | Rule::kw_is
        | Rule::comparison_op
        | Rule::add_op
        | Rule::mul_op
        | Rule::pow_op
        | Rule::property_lookup => (Operator, "an operator"),
        Rule::kw_null
        | Rule::kw_true
        | Rule::kw_false
        | Rule::kw_not
        | Rule::kw_case
        | Rule::kw_all
        | Rule::kw_any
        | Rule::kw_none
        | Rule::kw_single
        | Rule::kw_reduce
        | Rule::kw_exists
        | Rule::kw_count
        | Rule::float_literal
        | Rule::hex_integer
        | Rule::octal_integer
        | Rule::decimal_integer
        | Rule::invalid_number
        | Rule::string_literal
        | Rule::parameter
        | Rule::unary_op
        | Rule::function_name
        | Rule::map_literal
        | Rule::list_literal
        | Rule::expression => (Expression, "an expression"),
        Rule::variable => (Name, "a variable"),
        Rule::symbolic_name | Rule::schema_name | Rule::procedure_name => (Name, "a name"),
        Rule::range_min | Rule::range_max => (Name, "a number"),
        Rule::comma => (Punct, "','"),
        Rule::lparen => (Punct, "'('"),
        Rule::rparen => (Punct, "')'"),
        Rule::lbracket => (Punct, "'['"),
        Rule::rbracket => (Punct, "']'"),
        Rule::lbrace => (Punct, "'{'"),
        Rule::rbrace => (Punct, "'}'"),
        Rule::colon => (Punct, "':'"),
        Rule::dot => (Punct, "'.'"),
        Rule::pipe => (Punct, "'|'"),
        Rule::star => (Punct, "'*'"),
        Rule::eq => (Punct, "'='"),
        Rule::plus_eq => (Punct, "'+='"),
        Rule::range_dots => (Punct, "'..'"),
        Rule::left_arrow | Rule::right_arrow | Rule::rel_pattern => (Punct, "a relationship pattern such as -[r]->"),
        Rule::node_pattern => (Punct, "a node pattern such as (n)"),
        Rule::semicolon => (End, "';'"),
        Rule::EOI => (End, "the end of the statement"),
        _ => match keyword_word(rule) {
            Some(w) => (Keyword, w),
            None => return None,
        },
    })
}

/// Every acceptable thing, each named once, for [`SyntaxError::expected`].
fn expected_list(positives: &[Rule]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for r in positives {
        let name = match (describe(*r), keyword_word(*r)) {
            (_, Some(k)) => k.to_string(),
            (Some((_, d)), None) => d.to_string(),
            (None, None) => continue,
        };
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// The plain-words list of what was acceptable, grouped: "a clause such as MATCH, RETURN,
/// CREATE", "an expression", "an operator" stand for many rules.
fn expected_summary(positives: &[Rule]) -> String {
    let mut items: Vec<(Kind, &'static str)> = positives.iter().filter_map(|r| describe(*r)).collect();
    items.sort();
    items.dedup();
    let clause_words: Vec<&str> = items.iter().filter(|(k, _)| *k == Kind::Clause).map(|(_, w)| *w).collect();
    let mut parts: Vec<String> = Vec::new();
    // keywords and punctuation first, then the groups
    for (k, w) in &items {
        if matches!(k, Kind::Keyword | Kind::Punct) {
            parts.push(w.to_string());
        }
    }
    if items.iter().any(|(k, _)| *k == Kind::Name) {
        for (k, w) in &items {
            if *k == Kind::Name {
                parts.push(w.to_string());
            }
        }
    }
    if items.iter().any(|(k, _)| *k == Kind::Expression) {
        parts.push("an expression".to_string());
    }
    if items.iter().any(|(k, _)| *k == Kind::Operator) {
        parts.push("an operator".to_string());
    }
    if clause_words.len() >= 3 {
        const PREFERRED: [&str; 6] = ["MATCH", "RETURN", "CREATE", "WITH", "MERGE", "UNWIND"];
        let shown: Vec<&str> = PREFERRED.iter().copied().filter(|w| clause_words.contains(w)).take(3).collect();
        let shown = if shown.is_empty() { clause_words.iter().copied().take(3).collect() } else { shown };
        parts.push(format!("a clause such as {}", shown.join(", ")));
    } else {
        parts.extend(clause_words.iter().map(|w| w.to_string()));
    }
    for (k, w) in &items {
        if *k == Kind::End {
            parts.push(w.to_string());
        }
    }
    parts.dedup();
    match parts.len() {
        0 => String::new(),
        1 => parts.remove(0),
        n => format!("{} or {}", parts[..n - 1].join(", "), parts[n - 1]),
    }
}

// ------------------------------------------------------------------------------------------------
// Literal decoding

/// Unescapes a backquoted name; plain names are returned as they are.
fn name_text(raw: &str) -> String {
    if raw.len() >= 2 && raw.starts_with('`') && raw.ends_with('`') { raw[1..raw.len() - 1].replace("``", "`") } else { raw.to_string() }
}

/// Decodes the body of a quoted string (`raw` includes the quotes). `start` is the byte offset
/// of `raw` in the statement, for error spans.
fn decode_string(raw: &str, start: usize) -> Res<String> {
    let body = &raw[1..raw.len() - 1];
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let at = start + 1 + i;
        let Some((_, e)) = chars.next() else {
            return Err(SyntaxError::new("UnexpectedSyntax", "a string cannot end with a lone backslash", Span::new(at, at + 1)));
        };
        match e {
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'n' | 'N' => out.push('\n'),
            't' | 'T' => out.push('\t'),
            'r' | 'R' => out.push('\r'),
            'b' | 'B' => out.push('\u{8}'),
            'f' | 'F' => out.push('\u{C}'),
            'u' | 'U' => {
                let want = if e == 'u' { 4 } else { 8 };
                let mut hex = String::new();
                while hex.len() < want {
                    match chars.peek() {
                        Some(&(_, h)) if h.is_ascii_hexdigit() => {
                            hex.push(h);
                            chars.next();
                        }
                        _ => break,
                    }
                }
                let end = at + 2 + hex.len();
                let bad = |msg: String| SyntaxError::new("InvalidUnicodeLiteral", msg, Span::new(at, end.max(at + 2)));
                if hex.len() < want {
                    return Err(bad(format!("invalid Unicode escape: \\{e} must be followed by {want} hexadecimal digits")));
                }
                let code = u32::from_str_radix(&hex, 16).map_err(|_| bad(format!("invalid Unicode escape \\{e}{hex}")))?;
                match char::from_u32(code) {
                    Some(ch) => out.push(ch),
                    None => return Err(bad(format!("invalid Unicode escape \\{e}{hex}: U+{code:04X} is not a character"))),
                }
            }
            other => {
                return Err(SyntaxError::new(
                    "UnexpectedSyntax",
                    format!("unknown escape sequence '\\{other}' in a string (write '\\\\' for a backslash)"),
                    Span::new(at, at + 1 + other.len_utf8()),
                ));
            }
        }
    }
    Ok(out)
}

/// The value of an integer literal (`raw` as written, without sign), negated when `negative`.
fn integer_value(raw: &str, negative: bool, span: Span) -> Res<i64> {
    let (digits, radix) = if let Some(h) = raw.strip_prefix("0x").or_else(|| raw.strip_prefix("0X")) {
        (h, 16)
    } else if let Some(o) = raw.strip_prefix("0o").or_else(|| raw.strip_prefix("0O")) {
        (o, 8)
    } else if raw.len() > 1 && raw.starts_with('0') {
        // legacy octal: 0777
        if !raw.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            return Err(SyntaxError::new(
                "InvalidNumberLiteral",
                format!("invalid number '{raw}': a number with a leading zero is octal and may only use the digits 0 to 7"),
                span,
            ));
        }
        (&raw[1..], 8)
    } else {
        (raw, 10)
    };
    let mut magnitude: u128 = 0;
    let overflow = || {
        SyntaxError::new(
            "IntegerOverflow",
            format!("integer literal {}{raw} is too large for a 64-bit integer", if negative { "-" } else { "" }),
            span,
        )
    };
    for c in digits.chars() {
        let d = c.to_digit(radix).ok_or_else(|| SyntaxError::new("InvalidNumberLiteral", format!("invalid number '{raw}'"), span))?;
        magnitude = magnitude.checked_mul(radix as u128).and_then(|m| m.checked_add(d as u128)).ok_or_else(overflow)?;
    }
    if negative {
        if magnitude > (i64::MAX as u128) + 1 { Err(overflow()) } else { Ok((-(magnitude as i128)) as i64) }
    } else if magnitude > i64::MAX as u128 {
        Err(overflow())
    } else {
        Ok(magnitude as i64)
    }
}

fn float_value(raw: &str, negative: bool, span: Span) -> Res<f64> {
    let v: f64 = raw.parse().map_err(|_| SyntaxError::new("InvalidNumberLiteral", format!("invalid number '{raw}'"), span))?;
    if v.is_infinite() {
        return Err(SyntaxError::new("FloatingPointOverflow", format!("float literal {raw} is too large for a 64-bit float"), span));
    }
    Ok(if negative { -v } else { v })
}

// ------------------------------------------------------------------------------------------------
// Pairs to AST

struct Builder<'t> {
    text: &'t str,
    trivia: &'t [(usize, usize)],
    /// Current nesting of expressions (bounded by [`MAX_NESTING`]).
    depth: usize,
    /// Whether the expression being built is in a position that wants a boolean (a WHERE, or
    /// an operand of AND/OR/XOR/NOT there): the only place a pattern may stand as a predicate.
    pred_ctx: bool,
}

fn is_punct(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::comma
            | Rule::lparen
            | Rule::rparen
            | Rule::lbracket
            | Rule::rbracket
            | Rule::lbrace
            | Rule::rbrace
            | Rule::colon
            | Rule::dot
            | Rule::pipe
            | Rule::eq
            | Rule::plus_eq
            | Rule::semicolon
            | Rule::EOI
    )
}

/// The meaningful children of a pair (punctuation dropped).
fn kids(p: Pair<'_, Rule>) -> impl Iterator<Item = Pair<'_, Rule>> {
    p.into_inner().filter(|c| !is_punct(c.as_rule()))
}

/// The operator a `comparison_op` token stands for.
fn comparison_op(text: &str) -> BinaryOp {
    match text {
        "=~" => BinaryOp::Regex,
        "<>" => BinaryOp::Ne,
        "<=" => BinaryOp::Le,
        ">=" => BinaryOp::Ge,
        "=" => BinaryOp::Eq,
        "<" => BinaryOp::Lt,
        _ => BinaryOp::Gt,
    }
}

/// The boolean expression a label expression stands for on the node in `var`.
fn label_predicate(e: &LabelExpr, var: &Ident) -> Expr {
    let node = || Box::new(Expr::new(ExprKind::Variable(var.name.clone()), var.span));
    let fold = |items: &[LabelExpr], op: BinaryOp| -> Expr {
        let mut it = items.iter().map(|i| label_predicate(i, var));
        let first = it.next().unwrap_or_else(|| Expr::new(ExprKind::Literal(Literal::Bool(op == BinaryOp::And)), var.span));
        it.fold(first, |acc, x| {
            let s = acc.span.to(x.span);
            Expr::new(ExprKind::Binary(op, Box::new(acc), Box::new(x)), s)
        })
    };
    match e {
        LabelExpr::Label(l) => Expr::new(ExprKind::HasLabels(node(), vec![l.clone()]), l.span),
        LabelExpr::Any(span) => {
            let labels = Expr::new(
                ExprKind::FunctionCall { name: Ident { name: "labels".into(), span: *span }, distinct: false, args: vec![*node()] },
                *span,
            );
            let empty = Expr::new(
                ExprKind::FunctionCall { name: Ident { name: "isEmpty".into(), span: *span }, distinct: false, args: vec![labels] },
                *span,
            );
            Expr::new(ExprKind::Unary(UnaryOp::Not, Box::new(empty)), *span)
        }
        LabelExpr::Not(inner) => {
            let x = label_predicate(inner, var);
            let s = x.span;
            Expr::new(ExprKind::Unary(UnaryOp::Not, Box::new(x)), s)
        }
        LabelExpr::And(items) => fold(items, BinaryOp::And),
        LabelExpr::Or(items) => fold(items, BinaryOp::Or),
    }
}

/// The type a type predicate's words name (without parameters).
fn base_type(words: &str) -> Option<TypeSpec> {
    let base = |n: &'static str| Some(TypeSpec::Base(n));
    match words {
        "ANY" | "ANY VALUE" => Some(TypeSpec::Any),
        "NOTHING" => Some(TypeSpec::Nothing),
        "NULL" => Some(TypeSpec::Null),
        "PROPERTY VALUE" | "ANY PROPERTY VALUE" => Some(TypeSpec::PropertyValue),
        "BOOLEAN" | "BOOL" => base("BOOLEAN"),
        "STRING" | "VARCHAR" => base("STRING"),
        "INTEGER" | "INT" | "SIGNED INTEGER" | "INTEGER64" | "INT64" | "INTEGER32" | "INT32" | "INTEGER16" | "INT16" | "INTEGER8"
        | "INT8" => base("INTEGER"),
        "FLOAT" | "FLOAT64" | "FLOAT32" => base("FLOAT"),
        "DATE" => base("DATE"),
        "LOCAL TIME" => base("LOCAL TIME"),
        "ZONED TIME" | "TIME" => base("ZONED TIME"),
        "LOCAL DATETIME" => base("LOCAL DATETIME"),
        "ZONED DATETIME" | "DATETIME" | "TIMESTAMP" => base("ZONED DATETIME"),
        "DURATION" => base("DURATION"),
        "POINT" => base("POINT"),
        "NODE" | "ANY NODE" | "VERTEX" | "ANY VERTEX" => base("NODE"),
        "RELATIONSHIP" | "ANY RELATIONSHIP" | "EDGE" | "ANY EDGE" => base("RELATIONSHIP"),
        "MAP" | "ANY MAP" => base("MAP"),
        "PATH" | "ANY PATH" => base("PATH"),
        _ => None,
    }
}

/// A construct of the language that ieum does not support, named.
fn unsupported(construct: &str, span: Span) -> SyntaxError {
    SyntaxError::new("UnsupportedFeature", format!("{construct} is not supported by ieum"), span)
}

fn unexpected(message: impl Into<String>, span: Span) -> SyntaxError {
    SyntaxError::new("UnexpectedSyntax", message, span)
}

impl<'t> Builder<'t> {
    /// The span of a pair without white space or comments that pest may have skipped at its end.
    fn span(&self, p: &Pair<'_, Rule>) -> Span {
        let s = p.as_span();
        Span::new(s.start(), self.trim_end(s.start(), s.end()))
    }

    fn trim_end(&self, start: usize, end: usize) -> usize {
        let i = self.trivia.partition_point(|r| r.1 < end);
        match self.trivia.get(i) {
            Some(&(a, b)) if a < end && end <= b => a.max(start),
            _ => end,
        }
    }

    fn ident(&self, p: &Pair<'_, Rule>) -> Ident {
        Ident { name: name_text(p.as_str()), span: self.span(p) }
    }

    fn enter(&mut self, extra: usize, span: Span) -> Res<()> {
        self.depth += extra;
        if self.depth > MAX_NESTING {
            self.depth -= extra;
            return Err(too_deep(span));
        }
        Ok(())
    }

    /// Runs `f` with the predicate context set to `ctx`, restoring it afterwards.
    fn in_ctx<T>(&mut self, ctx: bool, f: impl FnOnce(&mut Self) -> Res<T>) -> Res<T> {
        let saved = std::mem::replace(&mut self.pred_ctx, ctx);
        let r = f(self);
        self.pred_ctx = saved;
        r
    }

    // --- statements ------------------------------------------------------------------------

    fn statement_input(&mut self, p: Pair<'_, Rule>) -> Res<Statement> {
        if let Some(c) = kids(p).next() {
            return match c.as_rule() {
                Rule::query => Ok(Statement::Query(self.query(c)?)),
                Rule::explain_statement => Ok(Statement::Explain(self.query(last_child(c))?)),
                Rule::profile_statement => Ok(Statement::Profile(self.query(last_child(c))?)),
                Rule::create_index => self.create_index(c).map(Statement::CreateIndex),
                Rule::create_constraint => self.create_constraint(c).map(Statement::CreateConstraint),
                Rule::drop_index => self.drop_index(c).map(Statement::DropIndex),
                _ => Err(unexpected("unexpected statement", self.span(&c))),
            };
        }
        Err(unexpected("empty statement", Span::new(0, 0)))
    }

    fn create_index(&mut self, p: Pair<'_, Rule>) -> Res<IndexDef> {
        let span = self.span(&p);
        let inner = last_child(p);
        let mut def = IndexDef { name: None, if_not_exists: false, label: Ident { name: String::new(), span }, keys: Vec::new(), span };
        match inner.as_rule() {
            Rule::create_index_for => {
                let mut var: Option<Ident> = None;
                for c in kids(inner) {
                    match c.as_rule() {
                        Rule::schema_name => def.name = Some(self.ident(&last_child(c))),
                        Rule::if_not_exists => def.if_not_exists = true,
                        Rule::schema_node => {
                            let (v, l) = self.schema_node(c);
                            var = Some(v);
                            def.label = l;
                        }
                        Rule::schema_property => def.keys.push(self.schema_property(c, var.as_ref())?),
                        _ => {}
                    }
                }
            }
            _ => {
                let mut names = kids(inner).filter(|c| c.as_rule() == Rule::symbolic_name);
                if let Some(l) = names.next() {
                    def.label = self.ident(&l);
                }
                def.keys = names.map(|k| self.ident(&k)).collect();
            }
        }
        Ok(def)
    }

    fn create_constraint(&mut self, p: Pair<'_, Rule>) -> Res<ConstraintDef> {
        let span = self.span(&p);
        let mut def =
            ConstraintDef { name: None, if_not_exists: false, label: Ident { name: String::new(), span }, keys: Vec::new(), span };
        let mut var: Option<Ident> = None;
        for c in kids(p) {
            match c.as_rule() {
                Rule::schema_name => def.name = Some(self.ident(&last_child(c))),
                Rule::if_not_exists => def.if_not_exists = true,
                Rule::schema_node => {
                    let (v, l) = self.schema_node(c);
                    var = Some(v);
                    def.label = l;
                }
                Rule::constraint_keys => {
                    for k in kids(c) {
                        def.keys.push(self.schema_property(k, var.as_ref())?);
                    }
                }
                _ => {}
            }
        }
        Ok(def)
    }

    fn drop_index(&mut self, p: Pair<'_, Rule>) -> Res<DropIndex> {
        let inner = last_child(p);
        if inner.as_rule() == Rule::drop_index_name {
            let mut name = None;
            let mut if_exists = false;
            for c in kids(inner) {
                match c.as_rule() {
                    Rule::schema_name => name = Some(self.ident(&last_child(c))),
                    Rule::if_exists => if_exists = true,
                    _ => {}
                }
            }
            let name = name.ok_or_else(|| unexpected("DROP INDEX needs an index name", Span::new(0, 0)))?;
            return Ok(DropIndex::ByName { name, if_exists });
        }
        let mut names = kids(inner).filter(|c| c.as_rule() == Rule::symbolic_name);
        let label = names.next().map(|l| self.ident(&l)).unwrap_or(Ident { name: String::new(), span: Span::default() });
        let keys = names.map(|k| self.ident(&k)).collect();
        Ok(DropIndex::BySchema { label, keys })
    }

    fn schema_node(&self, p: Pair<'_, Rule>) -> (Ident, Ident) {
        let mut var = Ident { name: String::new(), span: Span::default() };
        let mut label = var.clone();
        for c in kids(p) {
            match c.as_rule() {
                Rule::variable => var = self.ident(&c),
                Rule::symbolic_name => label = self.ident(&c),
                _ => {}
            }
        }
        (var, label)
    }

    fn schema_property(&self, p: Pair<'_, Rule>, var: Option<&Ident>) -> Res<Ident> {
        let mut it = kids(p);
        let v = it.next().map(|c| self.ident(&c));
        let key = it.next().map(|c| self.ident(&c));
        match (v, key) {
            (Some(v), Some(key)) => {
                if let Some(var) = var
                    && var.name != v.name
                {
                    return Err(SyntaxError::new(
                        "UndefinedVariable",
                        format!("`{}` is not defined here: the property must belong to `{}`", v.name, var.name),
                        v.span,
                    ));
                }
                Ok(key)
            }
            _ => Err(unexpected("expected a property such as n.key", Span::new(0, 0))),
        }
    }

    // --- queries -------------------------------------------------------------------------------

    fn query(&mut self, p: Pair<'_, Rule>) -> Res<Query> {
        let span = self.span(&p);
        let mut it = kids(p);
        let first_pair = it.next().ok_or_else(|| unexpected("empty query", span))?;
        let first = self.single_query(first_pair)?;
        let mut unions = Vec::new();
        while let Some(u) = it.next() {
            let uspan = self.span(&u);
            let all = kids(u).any(|c| c.as_rule() == Rule::kw_all);
            let q = it.next().ok_or_else(|| unexpected("expected a query after UNION", uspan))?;
            unions.push(Union { all, query: self.single_query(q)?, span: uspan });
        }
        let query = Query { first, unions, span };
        self.check_yield_star(&query)?;
        Ok(query)
    }

    /// `YIELD *` is only allowed in a standalone CALL (the whole query is that one clause).
    fn check_yield_star(&self, q: &Query) -> Res<()> {
        let standalone = q.unions.is_empty() && q.first.clauses.len() == 1;
        for sq in std::iter::once(&q.first).chain(q.unions.iter().map(|u| &u.query)) {
            for c in &sq.clauses {
                if let Clause::Call(call) = c
                    && call.yield_star
                    && !standalone
                {
                    return Err(unexpected(
                        "YIELD * is only allowed in a standalone CALL; name the fields to yield when the call is followed by other clauses",
                        call.span,
                    ));
                }
            }
        }
        Ok(())
    }

    fn single_query(&mut self, p: Pair<'_, Rule>) -> Res<SingleQuery> {
        let span = self.span(&p);
        let clauses = kids(p).map(|c| self.clause(c)).collect::<Res<Vec<_>>>()?;
        Ok(SingleQuery { clauses, span })
    }

    fn clause(&mut self, p: Pair<'_, Rule>) -> Res<Clause> {
        let span = self.span(&p);
        Ok(match p.as_rule() {
            Rule::match_clause => {
                let mut optional = false;
                let mut pattern = None;
                let mut where_ = None;
                for c in kids(p) {
                    match c.as_rule() {
                        Rule::kw_optional => optional = true,
                        Rule::pattern => pattern = Some(self.pattern(c)?),
                        Rule::where_clause => where_ = Some(self.where_clause(c)?),
                        _ => {}
                    }
                }
                let mut pattern = pattern.ok_or_else(|| unexpected("MATCH needs a pattern", span))?;
                self.hoist_label_exprs(&mut pattern, &mut where_)?;
                Clause::Match(Match { optional, pattern, where_, span })
            }
            Rule::unwind_clause => {
                let mut expr = None;
                let mut var = None;
                for c in kids(p) {
                    match c.as_rule() {
                        Rule::expression => expr = Some(self.expr(c)?),
                        Rule::variable => var = Some(self.ident(&c)),
                        _ => {}
                    }
                }
                match (expr, var) {
                    (Some(expr), Some(var)) => Clause::Unwind(Unwind { expr, var, span }),
                    _ => return Err(unexpected("UNWIND needs an expression and AS variable", span)),
                }
            }
            Rule::with_clause => {
                let mut projection = None;
                let mut where_ = None;
                for c in kids(p) {
                    match c.as_rule() {
                        Rule::projection_body => projection = Some(self.projection(c)?),
                        Rule::where_clause => where_ = Some(self.where_clause(c)?),
                        _ => {}
                    }
                }
                let projection = projection.ok_or_else(|| unexpected("WITH needs items", span))?;
                Clause::With(With { projection, where_, span })
            }
            Rule::return_clause => {
                let body = kids(p).find(|c| c.as_rule() == Rule::projection_body).ok_or_else(|| unexpected("RETURN needs items", span))?;
                Clause::Return(Return { projection: self.projection(body)?, span })
            }
            Rule::create_clause => {
                let pat = kids(p).find(|c| c.as_rule() == Rule::pattern).ok_or_else(|| unexpected("CREATE needs a pattern", span))?;
                Clause::Create(Create { pattern: self.pattern(pat)?, span })
            }
            Rule::merge_clause => {
                let mut part = None;
                let mut actions = Vec::new();
                for c in kids(p) {
                    match c.as_rule() {
                        Rule::pattern_part => part = Some(self.pattern_part(c)?),
                        Rule::merge_action => {
                            let aspan = self.span(&c);
                            let mut on_create = false;
                            let mut items = Vec::new();
                            for a in kids(c) {
                                match a.as_rule() {
                                    Rule::kw_create => on_create = true,
                                    Rule::kw_match | Rule::kw_on | Rule::kw_set => {}
                                    _ => items.push(self.set_item(a)?),
                                }
                            }
                            actions.push(MergeAction { on_create, items, span: aspan });
                        }
                        _ => {}
                    }
                }
                let part = part.ok_or_else(|| unexpected("MERGE needs a pattern", span))?;
                Clause::Merge(Merge { part, actions, span })
            }
            Rule::set_clause => {
                let items = kids(p).filter(|c| c.as_rule() != Rule::kw_set).map(|c| self.set_item(c)).collect::<Res<Vec<_>>>()?;
                Clause::Set(SetClause { items, span })
            }
            Rule::remove_clause => {
                let mut items = Vec::new();
                for c in kids(p) {
                    let ispan = self.span(&c);
                    match c.as_rule() {
                        Rule::remove_labels => {
                            let (var, labels) = self.var_and_labels(c)?;
                            items.push(RemoveItem::Labels { var, labels, span: ispan });
                        }
                        Rule::remove_property => {
                            let (target, key) = self.property_target(last_child(c))?;
                            items.push(RemoveItem::Property { target, key, span: ispan });
                        }
                        _ => {}
                    }
                }
                Clause::Remove(Remove { items, span })
            }
            Rule::delete_clause => {
                let mut detach = false;
                let mut exprs = Vec::new();
                for c in kids(p) {
                    match c.as_rule() {
                        Rule::kw_detach => detach = true,
                        Rule::expression => exprs.push(self.expr(c)?),
                        _ => {}
                    }
                }
                Clause::Delete(Delete { detach, exprs, span })
            }
            Rule::call_clause => Clause::Call(self.call(p)?),
            Rule::subquery_call => Clause::Subquery(self.subquery_call(p, span)?),
            Rule::foreach_clause => {
                let mut var = None;
                let mut list = None;
                let mut clauses = Vec::new();
                for c in kids(p) {
                    match c.as_rule() {
                        Rule::variable => var = Some(self.ident(&c)),
                        Rule::expression => list = Some(self.expr(c)?),
                        Rule::kw_foreach | Rule::kw_in => {}
                        _ => clauses.push(self.clause(c)?),
                    }
                }
                let (Some(var), Some(list)) = (var, list) else {
                    return Err(unexpected("expected FOREACH (x IN list | clauses)", span));
                };
                Clause::Foreach(Foreach { var, list, clauses, span })
            }
            Rule::load_csv_clause => {
                let mut headers = false;
                let mut url = None;
                let mut var = None;
                let mut terminator = None;
                for c in kids(p) {
                    match c.as_rule() {
                        Rule::with_headers => headers = true,
                        Rule::expression => url = Some(self.expr(c)?),
                        Rule::variable => var = Some(self.ident(&c)),
                        Rule::string_literal => {
                            let tspan = self.span(&c);
                            terminator = Some((decode_string(c.as_str(), tspan.start)?, tspan));
                        }
                        _ => {}
                    }
                }
                let (Some(url), Some(var)) = (url, var) else {
                    return Err(unexpected("expected LOAD CSV FROM url AS variable", span));
                };
                Clause::LoadCsv(LoadCsv { headers, url, var, terminator, span })
            }
            _ => return Err(unexpected("unexpected clause", span)),
        })
    }

    fn call(&mut self, p: Pair<'_, Rule>) -> Res<Call> {
        let span = self.span(&p);
        let mut call =
            Call { procedure: Ident { name: String::new(), span }, args: None, yields: None, yield_star: false, where_: None, span };
        for c in kids(p) {
            match c.as_rule() {
                Rule::procedure_name => {
                    let pspan = self.span(&c);
                    let name = kids(c).map(|n| name_text(n.as_str())).collect::<Vec<_>>().join(".");
                    call.procedure = Ident { name, span: pspan };
                }
                Rule::call_args => {
                    let args = kids(c).map(|a| self.expr(a)).collect::<Res<Vec<_>>>()?;
                    call.args = Some(args);
                }
                Rule::yield_clause => {
                    let mut items = Vec::new();
                    for y in kids(c) {
                        match y.as_rule() {
                            Rule::star => call.yield_star = true,
                            Rule::yield_item => {
                                let mut it = kids(y).filter(|x| x.as_rule() != Rule::kw_as);
                                let field = it.next().map(|f| self.ident(&f));
                                let alias = it.next().map(|a| self.ident(&a));
                                if let Some(field) = field {
                                    items.push(YieldItem { field, alias });
                                }
                            }
                            Rule::where_clause => call.where_ = Some(self.where_clause(y)?),
                            _ => {}
                        }
                    }
                    call.yields = Some(items);
                }
                _ => {}
            }
        }
        Ok(call)
    }

    fn subquery_call(&mut self, p: Pair<'_, Rule>, span: Span) -> Res<SubqueryCall> {
        let mut call = None;
        let mut optional = false;
        let mut scope = None;
        let mut in_transactions = None;
        for c in kids(p) {
            match c.as_rule() {
                Rule::kw_optional => optional = true,
                Rule::subquery_scope => {
                    let mut vars = Vec::new();
                    let mut all = false;
                    for v in kids(c) {
                        match v.as_rule() {
                            Rule::star => all = true,
                            Rule::variable => vars.push(self.ident(&v)),
                            _ => {}
                        }
                    }
                    scope = Some(if all { ImportScope::All } else { ImportScope::Vars(vars) });
                }
                Rule::query => {
                    self.enter(1, span)?;
                    let q = self.query(c);
                    self.depth -= 1;
                    call = Some(q?);
                }
                Rule::in_transactions => {
                    let tspan = self.span(&c);
                    let mut rows = None;
                    let mut on_error = OnError::Fail;
                    for t in kids(c) {
                        match t.as_rule() {
                            Rule::expression => rows = Some(self.expr(t)?),
                            Rule::on_error_action => {
                                on_error = match last_child(t).as_rule() {
                                    Rule::kw_continue => OnError::Continue,
                                    Rule::kw_break => OnError::Break,
                                    _ => OnError::Fail,
                                }
                            }
                            _ => {}
                        }
                    }
                    in_transactions = Some(InTransactions { rows, on_error, span: tspan });
                }
                _ => {}
            }
        }
        let query = call.ok_or_else(|| unexpected("expected a query in CALL { ... }", span))?;
        Ok(SubqueryCall { optional, scope, query: Box::new(query), in_transactions, span })
    }

    fn where_clause(&mut self, p: Pair<'_, Rule>) -> Res<Expr> {
        let e = last_child(p);
        self.in_ctx(true, |b| b.expr(e))
    }

    fn projection(&mut self, p: Pair<'_, Rule>) -> Res<Projection> {
        let mut proj = Projection { distinct: false, star: false, items: Vec::new(), order_by: Vec::new(), skip: None, limit: None };
        for c in kids(p) {
            match c.as_rule() {
                Rule::kw_distinct => proj.distinct = true,
                Rule::projection_items => {
                    for item in kids(c) {
                        match item.as_rule() {
                            Rule::star => proj.star = true,
                            Rule::projection_item => {
                                let ispan = self.span(&item);
                                let mut expr = None;
                                let mut text = String::new();
                                let mut alias = None;
                                for x in kids(item) {
                                    match x.as_rule() {
                                        Rule::expression => {
                                            let xs = self.span(&x);
                                            text = self.text[xs.start..xs.end].to_string();
                                            expr = Some(self.expr(x)?);
                                        }
                                        Rule::variable => alias = Some(self.ident(&x)),
                                        _ => {}
                                    }
                                }
                                let expr = expr.ok_or_else(|| unexpected("expected an expression", ispan))?;
                                proj.items.push(ProjectionItem { expr, alias, text, span: ispan });
                            }
                            _ => {}
                        }
                    }
                }
                Rule::order_by => {
                    for s in kids(c) {
                        if s.as_rule() != Rule::sort_item {
                            continue;
                        }
                        let sspan = self.span(&s);
                        let mut expr = None;
                        let mut descending = false;
                        for x in kids(s) {
                            match x.as_rule() {
                                Rule::expression => expr = Some(self.expr(x)?),
                                Rule::kw_desc | Rule::kw_descending => descending = true,
                                _ => {}
                            }
                        }
                        let expr = expr.ok_or_else(|| unexpected("expected an expression", sspan))?;
                        proj.order_by.push(SortItem { expr, descending, span: sspan });
                    }
                }
                Rule::skip => proj.skip = Some(self.expr(last_child(c))?),
                Rule::limit => proj.limit = Some(self.expr(last_child(c))?),
                _ => {}
            }
        }
        Ok(proj)
    }

    fn set_item(&mut self, p: Pair<'_, Rule>) -> Res<SetItem> {
        let span = self.span(&p);
        Ok(match p.as_rule() {
            Rule::set_replace | Rule::set_merge => {
                let merge = p.as_rule() == Rule::set_merge;
                let mut it = kids(p);
                let var = it.next().map(|v| self.ident(&v));
                let value = it.next().map(|e| self.expr(e)).transpose()?;
                match (var, value) {
                    (Some(var), Some(value)) if merge => SetItem::Merge { var, value, span },
                    (Some(var), Some(value)) => SetItem::Replace { var, value, span },
                    _ => return Err(unexpected("expected `variable = expression`", span)),
                }
            }
            Rule::set_labels => {
                let (var, labels) = self.var_and_labels(p)?;
                SetItem::Labels { var, labels, span }
            }
            Rule::set_property => {
                let mut it = kids(p);
                let target = it.next().ok_or_else(|| unexpected("expected a property", span))?;
                let (target, key) = self.property_target(target)?;
                let value = it.next().ok_or_else(|| unexpected("expected a value", span))?;
                let value = self.expr(value)?;
                SetItem::Property { target, key, value, span }
            }
            _ => return Err(unexpected("expected a SET item", span)),
        })
    }

    fn var_and_labels(&self, p: Pair<'_, Rule>) -> Res<(Ident, Vec<Ident>)> {
        let span = self.span(&p);
        let mut var = None;
        let mut labels = Vec::new();
        for c in kids(p) {
            match c.as_rule() {
                Rule::variable => var = Some(self.ident(&c)),
                Rule::node_labels => labels = self.labels(c),
                _ => {}
            }
        }
        Ok((var.ok_or_else(|| unexpected("expected a variable", span))?, labels))
    }

    fn labels(&self, p: Pair<'_, Rule>) -> Vec<Ident> {
        kids(p).map(|l| self.ident(&l)).collect()
    }

    /// `atom.lookup...key`: the expression before the last `.key`, and the key.
    fn property_target(&mut self, p: Pair<'_, Rule>) -> Res<(Expr, Ident)> {
        let span = self.span(&p);
        let e = self.in_ctx(false, |b| b.postfix_chain(p))?;
        match e.kind {
            ExprKind::Property(target, key) => Ok((*target, key)),
            _ => Err(unexpected("expected a property such as n.key", span)),
        }
    }

    // --- patterns ------------------------------------------------------------------------------

    fn pattern(&mut self, p: Pair<'_, Rule>) -> Res<Pattern> {
        let span = self.span(&p);
        let parts = kids(p).map(|c| self.pattern_part(c)).collect::<Res<Vec<_>>>()?;
        Ok(Pattern { parts, span })
    }

    fn pattern_part(&mut self, p: Pair<'_, Rule>) -> Res<PatternPart> {
        let span = self.span(&p);
        let mut var = None;
        let mut kind = PathKind::Normal;
        let mut element = None;
        for c in kids(p) {
            match c.as_rule() {
                Rule::variable => var = Some(self.ident(&c)),
                Rule::shortest_path | Rule::all_shortest_paths => {
                    kind = if c.as_rule() == Rule::shortest_path { PathKind::Shortest } else { PathKind::AllShortest };
                    let el =
                        kids(c).find(|x| x.as_rule() == Rule::pattern_element).ok_or_else(|| unexpected("expected a pattern", span))?;
                    element = Some(self.pattern_element(el)?);
                }
                Rule::pattern_element => element = Some(self.pattern_element(c)?),
                Rule::path_selector => kind = self.path_selector(c)?,
                _ => {}
            }
        }
        let element = element.ok_or_else(|| unexpected("expected a pattern", span))?;
        Ok(PatternPart { var, kind, element, span })
    }

    fn path_selector(&self, p: Pair<'_, Rule>) -> Res<PathKind> {
        let span = self.span(&p);
        let mut words = Vec::new();
        let mut count = None;
        for c in kids(p) {
            match c.as_rule() {
                Rule::selector_count => {
                    count =
                        Some(c.as_str().parse::<u64>().map_err(|_| SyntaxError::new("IntegerOverflow", "path count is too large", span))?)
                }
                r => words.push(r),
            }
        }
        let has = |r: Rule| words.contains(&r);
        if count == Some(0) {
            return Err(SyntaxError::new("InvalidArgumentValue", "a path selector needs a positive number of paths", span));
        }
        Ok(if has(Rule::kw_shortest) {
            if has(Rule::kw_all) {
                PathKind::Select { k: 1, groups: true }
            } else {
                PathKind::Select { k: count.unwrap_or(1), groups: has(Rule::kw_groups) }
            }
        } else if has(Rule::kw_any) {
            PathKind::Select { k: count.unwrap_or(1), groups: false }
        } else {
            PathKind::Normal
        })
    }

    fn pattern_element(&mut self, p: Pair<'_, Rule>) -> Res<PatternElement> {
        let span = self.span(&p);
        self.enter(1, span)?;
        let r = self.pattern_element_inner(p, span);
        self.depth -= 1;
        r
    }

    fn pattern_element_inner(&mut self, p: Pair<'_, Rule>, span: Span) -> Res<PatternElement> {
        let mut start = None;
        let mut chain = Vec::new();
        for c in kids(p) {
            match c.as_rule() {
                // redundant parentheses: `((a)-->(b))`
                Rule::pattern_element => return self.pattern_element(c),
                Rule::node_pattern => start = Some(self.node_pattern(c)?),
                Rule::qpp_chain => {
                    // a quantified group first: it starts at an anonymous node
                    let s = self.span(&c);
                    start = Some(NodePattern {
                        var: None,
                        labels: Vec::new(),
                        label_expr: None,
                        where_: None,
                        props: None,
                        span: Span::new(s.start, s.start),
                    });
                    chain.push(self.qpp_chain(c)?);
                }
                Rule::pattern_chain => {
                    let mut it = kids(c).peekable();
                    if it.peek().is_some_and(|x| x.as_rule() == Rule::qpp_chain) {
                        let q = it.next().unwrap_or_else(|| unreachable!());
                        chain.push(self.qpp_chain(q)?);
                        continue;
                    }
                    let Some(r) = it.next() else {
                        return Err(unexpected("expected a relationship and a node", span));
                    };
                    let mut rel = self.rel_pattern(r)?;
                    let mut n = it.next();
                    if let Some(q) = n.clone().filter(|x| x.as_rule() == Rule::path_quantifier) {
                        if rel.length.is_some() {
                            return Err(SyntaxError::new(
                                "InvalidRelationshipPattern",
                                "a relationship cannot have both a length (*) and a quantifier",
                                self.span(&q),
                            ));
                        }
                        rel.length = Some(self.path_quantifier(q)?);
                        n = it.next();
                    }
                    let Some(n) = n else {
                        return Err(unexpected("expected a relationship and a node", span));
                    };
                    let node = self.node_pattern(n)?;
                    chain.push((rel, node));
                }
                _ => {}
            }
        }
        let start = start.ok_or_else(|| unexpected("expected a node pattern", span))?;
        Ok(PatternElement { start, chain, span })
    }

    /// `((a)-[r:R]->(b)){m,n} (c)`: a group of one relationship whose inner nodes have no
    /// labels or properties, as a variable-length relationship `-[r:R*m..n]->` (`r` is the
    /// list of relationships; `a` and `b` are not bound).
    fn qpp_chain(&mut self, p: Pair<'_, Rule>) -> Res<(RelPattern, NodePattern)> {
        let span = self.span(&p);
        let mut group = None;
        let mut next = None;
        for c in kids(p) {
            match c.as_rule() {
                Rule::qpp_group => group = Some(c),
                Rule::node_pattern => next = Some(self.node_pattern(c)?),
                _ => {}
            }
        }
        let group = group.ok_or_else(|| unexpected("expected a quantified path pattern", span))?;
        let gspan = self.span(&group);
        let mut element = None;
        let mut quantifier = None;
        for c in kids(group) {
            match c.as_rule() {
                Rule::pattern_element => element = Some(self.pattern_element(c)?),
                Rule::where_clause => return Err(unsupported("WHERE inside a quantified path pattern", self.span(&c))),
                Rule::path_quantifier => quantifier = Some(self.path_quantifier(c)?),
                _ => {}
            }
        }
        let (Some(el), Some(q)) = (element, quantifier) else {
            return Err(unexpected("expected a quantified path pattern", gspan));
        };
        if el.chain.len() != 1 {
            return Err(unsupported("a quantified path pattern of more than one relationship", gspan));
        }
        // inner node variables would be lists of nodes (group variables): they are not bound
        let plain = |n: &NodePattern| n.labels.is_empty() && n.label_expr.is_none() && n.where_.is_none() && n.props.is_none();
        if !el.nodes().all(plain) {
            return Err(unsupported(
                "a label or property on a node inside a quantified path pattern (write it on the nodes around the group)",
                gspan,
            ));
        }
        let Some((mut rel, _)) = el.chain.into_iter().next() else { unreachable!("one relationship") };
        if rel.length.is_some() {
            return Err(unsupported("a variable-length relationship inside a quantified path pattern", rel.span));
        }
        rel.length = Some(q);
        rel.span = gspan;
        let node = next.unwrap_or(NodePattern {
            var: None,
            labels: Vec::new(),
            label_expr: None,
            where_: None,
            props: None,
            span: Span::new(span.end, span.end),
        });
        Ok((rel, node))
    }

    /// `+`, `*`, `{n}`, `{m,n}`, `{m,}`, `{,n}`.
    fn path_quantifier(&self, p: Pair<'_, Rule>) -> Res<RangeSpec> {
        let span = self.span(&p);
        let mut min = None;
        let mut max = None;
        let mut comma = false;
        for c in p.into_inner() {
            let num = || c.as_str().parse::<u64>().map_err(|_| SyntaxError::new("IntegerOverflow", "quantifier is too large", span));
            match c.as_rule() {
                Rule::quant_plus => return Ok(RangeSpec { min: Some(1), max: None }),
                Rule::star => return Ok(RangeSpec { min: Some(0), max: None }),
                Rule::quant_min => min = Some(num()?),
                Rule::quant_max => max = Some(num()?),
                Rule::quant_comma => comma = true,
                _ => {}
            }
        }
        if !comma {
            max = min;
        }
        if let (Some(a), Some(b)) = (min, max)
            && a > b
        {
            return Err(SyntaxError::new("InvalidRelationshipPattern", "the quantifier's lower bound is above its upper bound", span));
        }
        Ok(RangeSpec { min: Some(min.unwrap_or(0)), max })
    }

    fn node_pattern(&mut self, p: Pair<'_, Rule>) -> Res<NodePattern> {
        let span = self.span(&p);
        let mut node = NodePattern { var: None, labels: Vec::new(), label_expr: None, where_: None, props: None, span };
        for c in kids(p) {
            match c.as_rule() {
                Rule::variable => node.var = Some(self.ident(&c)),
                Rule::node_label_expr => {
                    // a conjunction of names stays a list of labels
                    let mut conj = Vec::new();
                    for e in kids(c) {
                        match self.label_expr(e) {
                            LabelExpr::And(items) => conj.extend(items),
                            other => conj.push(other),
                        }
                    }
                    if conj.iter().all(|e| matches!(e, LabelExpr::Label(_))) {
                        node.labels = conj.into_iter().filter_map(|e| if let LabelExpr::Label(l) = e { Some(l) } else { None }).collect();
                    } else {
                        node.label_expr = Some(LabelExpr::And(conj));
                    }
                }
                Rule::map_literal | Rule::parameter => node.props = Some(self.in_ctx(false, |b| b.atom(c))?),
                Rule::node_where => node.where_ = Some(Box::new(self.in_ctx(true, |b| b.expr(last_child(c)))?)),
                _ => {}
            }
        }
        Ok(node)
    }

    fn label_expr(&self, p: Pair<'_, Rule>) -> LabelExpr {
        let span = self.span(&p);
        match p.as_rule() {
            Rule::label_or | Rule::label_and => {
                let or = p.as_rule() == Rule::label_or;
                let mut items: Vec<LabelExpr> =
                    kids(p).filter(|c| matches!(c.as_rule(), Rule::label_and | Rule::label_not)).map(|c| self.label_expr(c)).collect();
                match (items.len(), or) {
                    (1, _) => items.pop().unwrap_or(LabelExpr::Any(span)),
                    (_, true) => LabelExpr::Or(items),
                    (_, false) => LabelExpr::And(items),
                }
            }
            Rule::label_not => {
                let bangs = kids(p.clone()).filter(|c| c.as_rule() == Rule::label_bang).count();
                let mut e = kids(p).find(|c| c.as_rule() == Rule::label_atom).map_or(LabelExpr::Any(span), |a| self.label_expr(a));
                for _ in 0..bangs {
                    e = LabelExpr::Not(Box::new(e));
                }
                e
            }
            Rule::label_atom | Rule::label_group => match kids(p).next() {
                Some(c) => self.label_expr(c),
                None => LabelExpr::Any(span),
            },
            Rule::label_any => LabelExpr::Any(span),
            _ => LabelExpr::Label(self.ident(&p)),
        }
    }

    /// Moves the label expressions of a MATCH pattern's nodes into its WHERE (naming
    /// anonymous nodes so that the predicate can refer to them).
    fn hoist_label_exprs(&self, pattern: &mut Pattern, where_: &mut Option<Expr>) -> Res<()> {
        let mut preds = Vec::new();
        for part in &mut pattern.parts {
            let el = &mut part.element;
            for (rel, _) in &mut el.chain {
                let Some(w) = rel.where_.take() else { continue };
                if rel.length.is_some() {
                    return Err(unsupported("WHERE inside a variable-length relationship pattern", w.span));
                }
                preds.push(*w);
            }
            for node in std::iter::once(&mut el.start).chain(el.chain.iter_mut().map(|(_, n)| n)) {
                if node.label_expr.is_none() && node.where_.is_none() {
                    continue;
                }
                let span = node.span;
                let var = node.var.get_or_insert_with(|| Ident { name: format!(" node@{}", span.start), span }).clone();
                if let Some(e) = node.label_expr.take() {
                    preds.push(label_predicate(&e, &var));
                }
                if let Some(w) = node.where_.take() {
                    preds.push(*w);
                }
            }
        }
        for p in preds {
            *where_ = Some(match where_.take() {
                Some(w) => {
                    let s = w.span;
                    Expr::new(ExprKind::Binary(BinaryOp::And, Box::new(p), Box::new(w)), s)
                }
                None => p,
            });
        }
        Ok(())
    }

    fn rel_pattern(&mut self, p: Pair<'_, Rule>) -> Res<RelPattern> {
        let span = self.span(&p);
        let mut left = false;
        let mut right = false;
        let mut rel =
            RelPattern { var: None, types: Vec::new(), direction: Direction::Both, length: None, props: None, where_: None, span };
        for c in kids(p) {
            match c.as_rule() {
                Rule::left_arrow => left = true,
                Rule::right_arrow => right = true,
                Rule::rel_detail => {
                    for d in kids(c) {
                        match d.as_rule() {
                            Rule::variable => rel.var = Some(self.ident(&d)),
                            Rule::rel_types => {
                                rel.types = kids(d).filter(|t| t.as_rule() == Rule::symbolic_name).map(|t| self.ident(&t)).collect()
                            }
                            Rule::range_spec => rel.length = Some(self.range_spec(d)?),
                            Rule::invalid_range => {
                                return Err(SyntaxError::new(
                                    "InvalidRelationshipPattern",
                                    "invalid relationship length: write *, *n, *min.., *..max or *min..max with non-negative bounds",
                                    self.span(&d),
                                ));
                            }
                            Rule::map_literal | Rule::parameter => rel.props = Some(self.in_ctx(false, |b| b.atom(d))?),
                            Rule::rel_where => rel.where_ = Some(Box::new(self.in_ctx(true, |b| b.expr(last_child(d)))?)),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        rel.direction = match (left, right) {
            (true, false) => Direction::Incoming,
            (false, true) => Direction::Outgoing,
            _ => Direction::Both,
        };
        Ok(rel)
    }

    fn range_spec(&self, p: Pair<'_, Rule>) -> Res<RangeSpec> {
        let mut min = None;
        let mut max = None;
        let mut dots = false;
        for c in kids(p) {
            let span = self.span(&c);
            let num =
                || c.as_str().parse::<u64>().map_err(|_| SyntaxError::new("IntegerOverflow", "relationship length is too large", span));
            match c.as_rule() {
                Rule::range_min => min = Some(num()?),
                Rule::range_max => max = Some(num()?),
                Rule::range_dots => dots = true,
                _ => {}
            }
        }
        if !dots && min.is_some() {
            max = min;
        }
        Ok(RangeSpec { min, max })
    }

    // --- expressions ---------------------------------------------------------------------------

    /// Builds any expression rule. Nesting is counted where tree levels are made: in
    /// [`Self::atom`] and in operator chains.
    fn expr(&mut self, p: Pair<'_, Rule>) -> Res<Expr> {
        let span = self.span(&p);
        match p.as_rule() {
            Rule::expression | Rule::slice_range | Rule::case_subject => self.expr(last_child(p)),
            Rule::or_expr | Rule::xor_expr | Rule::and_expr => {
                let op = match p.as_rule() {
                    Rule::or_expr => BinaryOp::Or,
                    Rule::xor_expr => BinaryOp::Xor,
                    _ => BinaryOp::And,
                };
                let operands: Vec<Pair<'_, Rule>> =
                    kids(p).filter(|c| !matches!(c.as_rule(), Rule::kw_or | Rule::kw_xor | Rule::kw_and)).collect();
                self.fold_left(operands, span, |_| op)
            }
            Rule::not_expr => {
                let mut nots = Vec::new();
                let mut operand = None;
                for c in kids(p) {
                    if c.as_rule() == Rule::kw_not {
                        nots.push(self.span(&c).start);
                    } else {
                        operand = Some(c);
                    }
                }
                let operand = operand.ok_or_else(|| unexpected("expected an expression", span))?;
                self.enter(nots.len(), span)?;
                let r = self.expr(operand);
                self.depth -= nots.len();
                let mut e = r?;
                for start in nots.into_iter().rev() {
                    let s = Span::new(start, e.span.end);
                    e = Expr::new(ExprKind::Unary(UnaryOp::Not, Box::new(e)), s);
                }
                Ok(e)
            }
            Rule::comparison => self.in_ctx_if_many(p, |b, p| b.comparison(p, span)),
            Rule::predicate_expr => self.in_ctx_if_many(p, |b, p| b.predicate_expr(p, span)),
            Rule::add_expr | Rule::mul_expr | Rule::pow_expr => self.in_ctx_if_many(p, |b, p| {
                let mut ops = Vec::new();
                let mut operands = Vec::new();
                for c in kids(p) {
                    match c.as_rule() {
                        Rule::add_op | Rule::mul_op | Rule::pow_op => ops.push(match c.as_str() {
                            "+" => BinaryOp::Add,
                            "-" => BinaryOp::Sub,
                            "*" => BinaryOp::Mul,
                            "/" => BinaryOp::Div,
                            "%" => BinaryOp::Mod,
                            _ => BinaryOp::Pow,
                        }),
                        _ => operands.push(c),
                    }
                }
                b.fold_left(operands, span, |i| ops[i - 1])
            }),
            Rule::unary_expr => self.in_ctx_if_many(p, |b, p| b.unary(p, span)),
            Rule::postfix_expr => self.in_ctx_if_many(p, |b, p| b.postfix_chain(p)),
            _ => self.atom(p),
        }
    }

    /// Builds a rule that passes its single child through unchanged, or, when it holds an
    /// operator, builds it with the predicate context switched off for the operands.
    fn in_ctx_if_many(&mut self, p: Pair<'_, Rule>, f: impl FnOnce(&mut Self, Pair<'_, Rule>) -> Res<Expr>) -> Res<Expr> {
        let mut it = p.clone().into_inner();
        let first = it.next();
        if let (Some(only), None) = (first, it.next()) {
            return self.expr(only);
        }
        self.in_ctx(false, |b| f(b, p))
    }

    /// Left-associative chain of binary operators; `op(i)` is the operator before operand `i`.
    fn fold_left(&mut self, operands: Vec<Pair<'_, Rule>>, span: Span, op: impl Fn(usize) -> BinaryOp) -> Res<Expr> {
        let n = operands.len();
        if n == 1 {
            return self.expr(operands.into_iter().next().unwrap_or_else(|| unreachable!()));
        }
        self.enter(n.saturating_sub(1), span)?;
        let r = (|| {
            let mut acc: Option<Expr> = None;
            for (i, c) in operands.into_iter().enumerate() {
                let rhs = self.expr(c)?;
                acc = Some(match acc {
                    None => rhs,
                    Some(lhs) => {
                        let s = lhs.span.to(rhs.span);
                        Expr::new(ExprKind::Binary(op(i), Box::new(lhs), Box::new(rhs)), s)
                    }
                });
            }
            acc.ok_or_else(|| unexpected("expected an expression", span))
        })();
        self.depth -= n.saturating_sub(1);
        r
    }

    fn comparison(&mut self, p: Pair<'_, Rule>, span: Span) -> Res<Expr> {
        let mut ops = Vec::new();
        let mut operand_pairs = Vec::new();
        for c in kids(p) {
            if c.as_rule() == Rule::comparison_op {
                ops.push(comparison_op(c.as_str()));
            } else {
                operand_pairs.push(c);
            }
        }
        let extra = operand_pairs.len();
        self.enter(extra, span)?;
        let operands: Res<Vec<Expr>> = operand_pairs.into_iter().map(|c| self.expr(c)).collect();
        self.depth -= extra;
        let operands = operands?;
        let mut result: Option<Expr> = None;
        for (i, op) in ops.into_iter().enumerate() {
            let (l, r) = (operands[i].clone(), operands[i + 1].clone());
            let s = l.span.to(r.span);
            let cmp = Expr::new(ExprKind::Binary(op, Box::new(l), Box::new(r)), s);
            result = Some(match result {
                None => cmp,
                Some(prev) => {
                    let s = prev.span.to(cmp.span);
                    Expr::new(ExprKind::Binary(BinaryOp::And, Box::new(prev), Box::new(cmp)), s)
                }
            });
        }
        match result {
            Some(e) => Ok(e),
            None => operands.into_iter().next().ok_or_else(|| unexpected("expected an expression", span)),
        }
    }

    fn predicate_expr(&mut self, p: Pair<'_, Rule>, span: Span) -> Res<Expr> {
        let children: Vec<Pair<'_, Rule>> = kids(p).collect();
        let extra = children.len();
        self.enter(extra, span)?;
        let r = (|| {
            let mut it = children.into_iter();
            let first = it.next().ok_or_else(|| unexpected("expected an expression", span))?;
            let mut acc = self.expr(first)?;
            for suffix in it {
                let sspan = self.span(&suffix);
                let s = Span::new(acc.span.start, sspan.end);
                let rule = suffix.as_rule();
                let kind = match rule {
                    Rule::is_null => ExprKind::IsNull { expr: Box::new(acc), negated: false },
                    Rule::is_not_null => ExprKind::IsNull { expr: Box::new(acc), negated: true },
                    Rule::type_predicate => {
                        let negated = kids(suffix.clone()).any(|c| c.as_rule() == Rule::kw_not);
                        let ty = kids(suffix).find(|c| c.as_rule() == Rule::type_expr).map(|t| self.type_expr(t)).transpose()?;
                        let ty = ty.ok_or_else(|| unexpected("expected a type", sspan))?;
                        ExprKind::IsType { expr: Box::new(acc), ty, negated }
                    }
                    _ => {
                        let op = match rule {
                            Rule::starts_with => BinaryOp::StartsWith,
                            Rule::ends_with => BinaryOp::EndsWith,
                            Rule::contains => BinaryOp::Contains,
                            _ => BinaryOp::In,
                        };
                        let rhs = last_child(suffix);
                        ExprKind::Binary(op, Box::new(acc), Box::new(self.expr(rhs)?))
                    }
                };
                acc = Expr::new(kind, s);
            }
            Ok(acc)
        })();
        self.depth -= extra;
        r
    }

    /// `T | U | ...` of a type predicate.
    fn type_expr(&self, p: Pair<'_, Rule>) -> Res<TypeSpec> {
        let mut terms = Vec::new();
        for t in kids(p).filter(|t| t.as_rule() == Rule::type_term) {
            terms.push(self.type_term(t)?);
        }
        Ok(if terms.len() == 1 { terms.pop().unwrap_or(TypeSpec::Any) } else { TypeSpec::Union(terms) })
    }

    fn type_term(&self, p: Pair<'_, Rule>) -> Res<TypeSpec> {
        let span = self.span(&p);
        let mut words = String::new();
        let mut param = None;
        let mut not_null = false;
        for c in kids(p) {
            match c.as_rule() {
                Rule::type_name => {
                    words = kids(c).map(|w| w.as_str().to_ascii_uppercase()).collect::<Vec<_>>().join(" ");
                }
                Rule::type_expr => param = Some(self.type_expr(c)?),
                Rule::type_not_null => not_null = true,
                _ => {}
            }
        }
        let ty = match (words.as_str(), param) {
            ("LIST" | "ARRAY" | "ANY LIST" | "ANY ARRAY", Some(inner)) => TypeSpec::List(Box::new(inner)),
            ("ANY", Some(inner)) => inner,
            (_, Some(_)) => return Err(unsupported(&format!("the type {words}<...>"), span)),
            ("LIST" | "ARRAY" | "ANY LIST" | "ANY ARRAY", None) => TypeSpec::List(Box::new(TypeSpec::Any)),
            (w, None) => match base_type(w) {
                Some(t) => t,
                None => return Err(unsupported(&format!("the type {w}"), span)),
            },
        };
        Ok(if not_null { TypeSpec::NotNull(Box::new(ty)) } else { ty })
    }

    fn unary(&mut self, p: Pair<'_, Rule>, span: Span) -> Res<Expr> {
        let mut ops: Vec<(UnaryOp, usize)> = Vec::new();
        let mut operand = None;
        for c in kids(p) {
            if c.as_rule() == Rule::unary_op {
                let op = if c.as_str() == "-" { UnaryOp::Neg } else { UnaryOp::Plus };
                ops.push((op, self.span(&c).start));
            } else {
                operand = Some(c);
            }
        }
        let operand = operand.ok_or_else(|| unexpected("expected an expression", span))?;
        let extra = ops.len();
        self.enter(extra, span)?;
        // `-9223372036854775808`: a minus right before a number literal is part of the literal.
        let literal = single_number(&operand);
        let r = match (ops.last(), literal) {
            (Some(&(UnaryOp::Neg, start)), Some(lit)) => {
                ops.pop();
                let s = Span::new(start, self.span(&lit).end);
                self.number(lit, true, s)
            }
            _ => self.expr(operand),
        };
        self.depth -= extra;
        let mut e = r?;
        for (op, start) in ops.into_iter().rev() {
            let s = Span::new(start, e.span.end);
            e = Expr::new(ExprKind::Unary(op, Box::new(e)), s);
        }
        Ok(e)
    }

    /// An atom followed by property lookups, indexing, slicing and label predicates.
    fn postfix_chain(&mut self, p: Pair<'_, Rule>) -> Res<Expr> {
        let span = self.span(&p);
        let children: Vec<Pair<'_, Rule>> = kids(p).collect();
        let extra = children.len();
        self.enter(extra, span)?;
        let r = (|| {
            let mut it = children.into_iter();
            let first = it.next().ok_or_else(|| unexpected("expected an expression", span))?;
            let mut acc = self.atom(first)?;
            for post in it {
                let pspan = self.span(&post);
                let s = Span::new(acc.span.start, pspan.end);
                let kind = match post.as_rule() {
                    Rule::property_lookup => {
                        let key = last_child(post);
                        ExprKind::Property(Box::new(acc), self.ident(&key))
                    }
                    Rule::label_predicate => ExprKind::HasLabels(Box::new(acc), self.labels(last_child(post))),
                    Rule::index_lookup => {
                        let mut from = None;
                        let mut slice: Option<Option<Expr>> = None;
                        for x in kids(post) {
                            match x.as_rule() {
                                Rule::expression => from = Some(self.expr(x)?),
                                Rule::slice_range => {
                                    let to = kids(x).find(|y| y.as_rule() == Rule::expression);
                                    slice = Some(to.map(|t| self.expr(t)).transpose()?);
                                }
                                _ => {}
                            }
                        }
                        match (slice, from) {
                            (Some(to), from) => ExprKind::Slice(Box::new(acc), from.map(Box::new), to.map(Box::new)),
                            (None, Some(index)) => ExprKind::Index(Box::new(acc), Box::new(index)),
                            (None, None) => return Err(unexpected("expected an index", pspan)),
                        }
                    }
                    _ => return Err(unexpected("unexpected expression", pspan)),
                };
                acc = Expr::new(kind, s);
            }
            Ok(acc)
        })();
        self.depth -= extra;
        r
    }

    fn number(&self, p: Pair<'_, Rule>, negative: bool, span: Span) -> Res<Expr> {
        let raw = p.as_str();
        let lit = match p.as_rule() {
            Rule::float_literal => Literal::Float(float_value(raw, negative, span)?),
            Rule::hex_integer | Rule::octal_integer | Rule::decimal_integer => Literal::Integer(integer_value(raw, negative, span)?),
            _ => {
                let lspan = self.span(&p);
                return Err(SyntaxError::new("InvalidNumberLiteral", format!("invalid number '{raw}'"), lspan));
            }
        };
        Ok(Expr::new(ExprKind::Literal(lit), span))
    }

    fn atom(&mut self, p: Pair<'_, Rule>) -> Res<Expr> {
        let span = self.span(&p);
        self.enter(1, span)?;
        let r = self.atom_inner(p, span);
        self.depth -= 1;
        r
    }

    fn atom_inner(&mut self, p: Pair<'_, Rule>, span: Span) -> Res<Expr> {
        let kind = match p.as_rule() {
            Rule::kw_null => ExprKind::Literal(Literal::Null),
            Rule::kw_true => ExprKind::Literal(Literal::Bool(true)),
            Rule::kw_false => ExprKind::Literal(Literal::Bool(false)),
            Rule::float_literal | Rule::hex_integer | Rule::octal_integer | Rule::decimal_integer | Rule::invalid_number => {
                return self.number(p, false, span);
            }
            Rule::string_literal => ExprKind::Literal(Literal::String(decode_string(p.as_str(), span.start)?)),
            Rule::parameter => ExprKind::Parameter(name_text(&p.as_str()[1..])),
            Rule::variable => ExprKind::Variable(name_text(p.as_str())),
            Rule::count_star => ExprKind::CountStar,
            Rule::parenthesized => {
                // keep the parentheses in the span: `(a + b) * c`
                let inner = last_child(p);
                let mut e = self.expr(inner)?;
                e.span = span;
                return Ok(e);
            }
            Rule::list_literal => {
                let items = self.in_ctx(false, |b| kids(p).map(|c| b.expr(c)).collect::<Res<Vec<_>>>())?;
                ExprKind::List(items)
            }
            Rule::map_literal => {
                let mut entries = Vec::new();
                for e in kids(p) {
                    let mut it = kids(e);
                    let (Some(k), Some(v)) = (it.next(), it.next()) else {
                        return Err(unexpected("expected `key: value`", span));
                    };
                    let key = self.ident(&k);
                    let value = self.in_ctx(false, |b| b.expr(v))?;
                    entries.push((key, value));
                }
                ExprKind::Map(entries)
            }
            Rule::function_call => return self.function_call(p, span),
            Rule::case_expr => self.in_ctx(false, |b| b.case_expr(p, span))?,
            Rule::list_comprehension => {
                let mut var = None;
                let mut list = None;
                let mut filter = None;
                let mut map = None;
                for c in kids(p) {
                    match c.as_rule() {
                        Rule::variable => var = Some(self.ident(&c)),
                        Rule::expression => list = Some(self.in_ctx(false, |b| b.expr(c))?),
                        Rule::comprehension_where => filter = Some(Box::new(self.in_ctx(true, |b| b.expr(last_child(c)))?)),
                        Rule::comprehension_map => map = Some(Box::new(self.in_ctx(false, |b| b.expr(last_child(c)))?)),
                        _ => {}
                    }
                }
                let (Some(var), Some(list)) = (var, list) else {
                    return Err(unexpected("expected `[x IN list ...]`", span));
                };
                ExprKind::ListComprehension { var, list: Box::new(list), filter, map }
            }
            Rule::pattern_comprehension => {
                let mut path_var = None;
                let mut pattern = None;
                let mut filter = None;
                let mut map = None;
                for c in kids(p) {
                    match c.as_rule() {
                        Rule::variable => path_var = Some(self.ident(&c)),
                        Rule::rel_chain_element => pattern = Some(self.pattern_element(c)?),
                        Rule::comprehension_where => filter = Some(Box::new(self.in_ctx(true, |b| b.expr(last_child(c)))?)),
                        Rule::comprehension_map => map = Some(Box::new(self.in_ctx(false, |b| b.expr(last_child(c)))?)),
                        _ => {}
                    }
                }
                let (Some(pattern), Some(map)) = (pattern, map) else {
                    return Err(unexpected("expected `[pattern | expression]`", span));
                };
                ExprKind::PatternComprehension { path_var, pattern: Box::new(pattern), filter, map }
            }
            Rule::quantified => {
                let mut quantifier = Quantifier::All;
                let mut var = None;
                let mut list = None;
                let mut filter = None;
                for c in kids(p) {
                    match c.as_rule() {
                        Rule::kw_all => quantifier = Quantifier::All,
                        Rule::kw_any => quantifier = Quantifier::Any,
                        Rule::kw_none => quantifier = Quantifier::None,
                        Rule::kw_single => quantifier = Quantifier::Single,
                        Rule::variable => var = Some(self.ident(&c)),
                        Rule::expression => list = Some(self.in_ctx(false, |b| b.expr(c))?),
                        Rule::comprehension_where => filter = Some(Box::new(self.in_ctx(true, |b| b.expr(last_child(c)))?)),
                        _ => {}
                    }
                }
                let (Some(var), Some(list)) = (var, list) else {
                    return Err(unexpected("expected `(x IN list WHERE predicate)`", span));
                };
                ExprKind::Quantified { quantifier, var, list: Box::new(list), filter }
            }
            Rule::reduce_expr => {
                let mut vars = Vec::new();
                let mut exprs = Vec::new();
                for c in kids(p) {
                    match c.as_rule() {
                        Rule::variable => vars.push(self.ident(&c)),
                        Rule::expression => exprs.push(self.in_ctx(false, |b| b.expr(c))?),
                        _ => {}
                    }
                }
                if vars.len() != 2 || exprs.len() != 3 {
                    return Err(unexpected("expected `reduce(acc = init, x IN list | expression)`", span));
                }
                let mut e = exprs.into_iter();
                let mut v = vars.into_iter();
                let (acc, var) = (v.next().unwrap_or_else(|| unreachable!()), v.next().unwrap_or_else(|| unreachable!()));
                let (init, list, expr) = (
                    e.next().unwrap_or_else(|| unreachable!()),
                    e.next().unwrap_or_else(|| unreachable!()),
                    e.next().unwrap_or_else(|| unreachable!()),
                );
                ExprKind::Reduce { acc, init: Box::new(init), var, list: Box::new(list), expr: Box::new(expr) }
            }
            Rule::exists_subquery => self.in_ctx(false, |b| b.exists(p, span))?,
            Rule::shortest_path_expr => {
                let inner = last_child(p);
                let all = inner.as_rule() == Rule::all_shortest_paths;
                let el =
                    kids(inner).find(|x| x.as_rule() == Rule::pattern_element).ok_or_else(|| unexpected("expected a pattern", span))?;
                ExprKind::ShortestPath { all, element: Box::new(self.pattern_element(el)?) }
            }
            Rule::count_subquery => self.in_ctx(false, |b| b.count_subquery(p, span))?,
            Rule::collect_subquery => {
                let q = kids(p).find(|c| c.as_rule() == Rule::query).ok_or_else(|| unexpected("expected a query", span))?;
                let query = self.in_ctx(false, |b| b.query(q))?;
                read_only_subquery(&query, "COLLECT")?;
                ExprKind::Subquery { kind: SubqueryKind::Collect, query: Box::new(query) }
            }
            Rule::rel_chain_element => {
                if !self.pred_ctx {
                    return Err(unexpected(
                        "a pattern can only be used as a predicate (in WHERE, or in exists()); use a pattern comprehension [(a)-->(b) | b] or EXISTS { ... } instead",
                        span,
                    ));
                }
                let el = self.pattern_element(p)?;
                ExprKind::PatternPredicate(Box::new(el))
            }
            Rule::map_projection => {
                let mut var = None;
                let mut items = Vec::new();
                for c in kids(p) {
                    let cspan = self.span(&c);
                    match c.as_rule() {
                        Rule::variable if var.is_none() => var = Some(self.ident(&c)),
                        Rule::map_projection_all => items.push(MapProjectionItem::AllProperties(cspan)),
                        Rule::map_projection_property => items.push(MapProjectionItem::Property(self.ident(&last_child(c)))),
                        Rule::map_projection_variable => items.push(MapProjectionItem::Variable(self.ident(&last_child(c)))),
                        Rule::map_projection_entry => {
                            let mut it = kids(c);
                            let (Some(k), Some(v)) = (it.next(), it.next()) else {
                                return Err(unexpected("expected `key: value`", cspan));
                            };
                            let key = self.ident(&k);
                            let value = self.in_ctx(false, |b| b.expr(v))?;
                            items.push(MapProjectionItem::Literal(key, value));
                        }
                        _ => {}
                    }
                }
                let var = var.ok_or_else(|| unexpected("expected a variable", span))?;
                ExprKind::MapProjection { var, items }
            }
            Rule::expression
            | Rule::or_expr
            | Rule::xor_expr
            | Rule::and_expr
            | Rule::not_expr
            | Rule::comparison
            | Rule::predicate_expr
            | Rule::add_expr
            | Rule::mul_expr
            | Rule::pow_expr
            | Rule::unary_expr
            | Rule::postfix_expr => return self.expr(p),
            _ => return Err(unexpected("expected an expression", span)),
        };
        Ok(Expr::new(kind, span))
    }

    fn function_call(&mut self, p: Pair<'_, Rule>, span: Span) -> Res<Expr> {
        let mut name = None;
        let mut distinct = false;
        let mut arg_pairs = Vec::new();
        for c in kids(p) {
            match c.as_rule() {
                Rule::function_name => {
                    let nspan = self.span(&c);
                    let text = kids(c).map(|n| name_text(n.as_str())).collect::<Vec<_>>().join(".");
                    name = Some(Ident { name: text, span: nspan });
                }
                Rule::kw_distinct => distinct = true,
                Rule::expression => arg_pairs.push(c),
                _ => {}
            }
        }
        let name = name.ok_or_else(|| unexpected("expected a function name", span))?;
        // `exists((a)-->(b))` takes a pattern predicate
        let ctx = name.name.eq_ignore_ascii_case("exists");
        let args = self.in_ctx(ctx, |b| arg_pairs.into_iter().map(|a| b.expr(a)).collect::<Res<Vec<_>>>())?;
        Ok(Expr::new(ExprKind::FunctionCall { name, distinct, args }, span))
    }

    fn case_expr(&mut self, p: Pair<'_, Rule>, span: Span) -> Res<ExprKind> {
        let mut subject: Option<Box<Expr>> = None;
        let mut extended_whens: Vec<usize> = Vec::new();
        let mut whens = Vec::new();
        let mut else_ = None;
        for c in kids(p) {
            match c.as_rule() {
                Rule::case_subject => subject = Some(Box::new(self.expr(c)?)),
                Rule::case_when => {
                    let mut operands = Vec::new();
                    let mut then = None;
                    for x in kids(c) {
                        match x.as_rule() {
                            Rule::when_operand => operands.push(last_child(x)),
                            Rule::expression => then = Some(self.expr(x)?),
                            _ => {}
                        }
                    }
                    let then = then.ok_or_else(|| unexpected("expected WHEN ... THEN ...", span))?;
                    let extended = operands.len() > 1 || operands.iter().any(|o| o.as_rule() == Rule::when_comparison);
                    if !extended {
                        let w = operands.pop().ok_or_else(|| unexpected("expected WHEN ... THEN ...", span))?;
                        whens.push((self.expr(w)?, then));
                        continue;
                    }
                    let Some(subj) = subject.clone() else {
                        let ospan = operands.first().map_or(span, |o| self.span(o));
                        return Err(SyntaxError::new(
                            "InvalidCaseExpression",
                            "WHEN with a comparison or a list of values needs a CASE subject (CASE x WHEN > 0 THEN ...)",
                            ospan,
                        ));
                    };
                    let mut cond: Option<Expr> = None;
                    for o in operands {
                        let c = self.when_condition(&subj, o)?;
                        cond = Some(match cond {
                            None => c,
                            Some(prev) => {
                                let s = prev.span.to(c.span);
                                Expr::new(ExprKind::Binary(BinaryOp::Or, Box::new(prev), Box::new(c)), s)
                            }
                        });
                    }
                    if let Some(cond) = cond {
                        extended_whens.push(whens.len());
                        whens.push((cond, then));
                    }
                }
                Rule::case_else => else_ = Some(Box::new(self.expr(last_child(c))?)),
                _ => {}
            }
        }
        if !extended_whens.is_empty()
            && let Some(subj) = subject.take()
        {
            // an extended simple CASE becomes a generic one: plain values compare with =
            for (i, (w, _)) in whens.iter_mut().enumerate() {
                if !extended_whens.contains(&i) {
                    let s = w.span;
                    let value = std::mem::replace(w, Expr::new(ExprKind::Literal(Literal::Null), s));
                    *w = Expr::new(ExprKind::Binary(BinaryOp::Eq, subj.clone(), Box::new(value)), s);
                }
            }
        }
        Ok(ExprKind::Case { subject, whens, else_ })
    }

    /// One operand of an extended `WHEN`, as a condition on the CASE subject.
    fn when_condition(&mut self, subj: &Expr, o: Pair<'_, Rule>) -> Res<Expr> {
        let span = self.span(&o);
        let s = Box::new(subj.clone());
        if o.as_rule() != Rule::when_comparison {
            let v = self.expr(o)?;
            return Ok(Expr::new(ExprKind::Binary(BinaryOp::Eq, s, Box::new(v)), span));
        }
        let mut it = kids(o);
        let first = it.next().ok_or_else(|| unexpected("expected a comparison", span))?;
        let kind = match first.as_rule() {
            Rule::comparison_op => {
                let op = comparison_op(first.as_str());
                let rhs = it.next().ok_or_else(|| unexpected("expected a value", span))?;
                ExprKind::Binary(op, s, Box::new(self.expr(rhs)?))
            }
            Rule::is_null => ExprKind::IsNull { expr: s, negated: false },
            Rule::is_not_null => ExprKind::IsNull { expr: s, negated: true },
            Rule::type_predicate => {
                let negated = kids(first.clone()).any(|c| c.as_rule() == Rule::kw_not);
                let ty = kids(first).find(|c| c.as_rule() == Rule::type_expr).map(|t| self.type_expr(t)).transpose()?;
                ExprKind::IsType { expr: s, ty: ty.ok_or_else(|| unexpected("expected a type", span))?, negated }
            }
            r => {
                let op = match r {
                    Rule::starts_with => BinaryOp::StartsWith,
                    Rule::ends_with => BinaryOp::EndsWith,
                    Rule::contains => BinaryOp::Contains,
                    _ => BinaryOp::In,
                };
                ExprKind::Binary(op, s, Box::new(self.expr(last_child(first))?))
            }
        };
        Ok(Expr::new(kind, span))
    }

    fn exists(&mut self, p: Pair<'_, Rule>, span: Span) -> Res<ExprKind> {
        let body = kids(p).find(|c| matches!(c.as_rule(), Rule::exists_pattern | Rule::exists_match));
        let body = body.ok_or_else(|| unexpected("expected a pattern", span))?;
        if body.as_rule() == Rule::exists_pattern {
            let (pattern, where_) = self.exists_pattern(body, span)?;
            return Ok(ExprKind::Exists(Box::new(ExistsSubquery { pattern, where_, span })));
        }
        let query = self.query(last_child(body))?;
        read_only_subquery(&query, "EXISTS")?;
        // `EXISTS { MATCH pattern [WHERE ...] [RETURN ...] }`: a pattern check
        if query.unions.is_empty()
            && let [Clause::Match(m), rest @ ..] = query.first.clauses.as_slice()
            && !m.optional
            && rest.iter().all(|c| matches!(c, Clause::Return(r) if is_plain_return(&r.projection)))
            && rest.len() <= 1
        {
            return Ok(ExprKind::Exists(Box::new(ExistsSubquery { pattern: m.pattern.clone(), where_: m.where_.clone(), span })));
        }
        Ok(ExprKind::Subquery { kind: SubqueryKind::Exists, query: Box::new(query) })
    }

    fn exists_pattern(&mut self, body: Pair<'_, Rule>, span: Span) -> Res<(Pattern, Option<Expr>)> {
        let mut pattern = None;
        let mut where_ = None;
        for c in kids(body) {
            match c.as_rule() {
                Rule::pattern => pattern = Some(self.pattern(c)?),
                Rule::where_clause => where_ = Some(self.where_clause(c)?),
                _ => {}
            }
        }
        let mut pattern = pattern.ok_or_else(|| unexpected("expected a pattern", span))?;
        self.hoist_label_exprs(&mut pattern, &mut where_)?;
        Ok((pattern, where_))
    }

    /// `COUNT { pattern [WHERE ...] }` (a MATCH without RETURN) or `COUNT { query }`.
    fn count_subquery(&mut self, p: Pair<'_, Rule>, span: Span) -> Res<ExprKind> {
        let body = kids(p).find(|c| matches!(c.as_rule(), Rule::exists_pattern | Rule::exists_match));
        let body = body.ok_or_else(|| unexpected("expected a pattern", span))?;
        let query = if body.as_rule() == Rule::exists_pattern {
            let bspan = self.span(&body);
            let (pattern, where_) = self.exists_pattern(body, span)?;
            let m = Clause::Match(Match { optional: false, pattern, where_, span: bspan });
            Query { first: SingleQuery { clauses: vec![m], span: bspan }, unions: Vec::new(), span: bspan }
        } else {
            self.query(last_child(body))?
        };
        read_only_subquery(&query, "COUNT")?;
        Ok(ExprKind::Subquery { kind: SubqueryKind::Count, query: Box::new(query) })
    }
}

/// Subqueries in expressions read only: an updating clause in one is an error.
fn read_only_subquery(q: &Query, what: &str) -> Res<()> {
    for sq in std::iter::once(&q.first).chain(q.unions.iter().map(|u| &u.query)) {
        for c in &sq.clauses {
            if matches!(
                c,
                Clause::Create(_) | Clause::Merge(_) | Clause::Set(_) | Clause::Remove(_) | Clause::Delete(_) | Clause::Foreach(_)
            ) {
                return Err(SyntaxError::new(
                    "InvalidClauseComposition",
                    format!("{what} {{ ... }} cannot contain clauses that update the graph"),
                    c.span(),
                ));
            }
        }
    }
    Ok(())
}

/// A RETURN that cannot change whether a subquery has rows: no aggregation, DISTINCT, SKIP or
/// LIMIT.
fn is_plain_return(p: &Projection) -> bool {
    if p.skip.is_some() || p.limit.is_some() {
        return false;
    }
    let mut plain = true;
    for item in &p.items {
        item.expr.walk(&mut |e| {
            if matches!(e.kind, ExprKind::FunctionCall { .. } | ExprKind::CountStar) {
                plain = false;
            }
        });
    }
    plain
}

fn last_child(p: Pair<'_, Rule>) -> Pair<'_, Rule> {
    let fallback = p.clone();
    kids(p).last().unwrap_or(fallback)
}

/// When a unary operand is a bare number literal (no lookups after it), that literal.
fn single_number<'i>(p: &Pair<'i, Rule>) -> Option<Pair<'i, Rule>> {
    let mut cur = p.clone();
    loop {
        let mut it = cur.clone().into_inner();
        match (it.next(), it.next()) {
            (Some(only), None) => {
                if matches!(only.as_rule(), Rule::float_literal | Rule::hex_integer | Rule::octal_integer | Rule::decimal_integer) {
                    return Some(only);
                }
                if only.as_rule() != Rule::postfix_expr {
                    return None;
                }
                cur = only;
            }
            _ => return None,
        }
    }
}
