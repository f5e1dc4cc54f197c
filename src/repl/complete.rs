//! Tab completion: what may come at the cursor, from the text typed so far and the names
//! the live graph uses. Labels after `:` in a node pattern, relationship types after `[:`
//! (or `|`), property keys after `.`, parameters after `$`, meta-commands and their
//! arguments after a leading `:`, and otherwise keywords, functions and the variables the
//! current statement has introduced.

use std::collections::BTreeSet;

use super::lex::{Kind, Token, tokens};
use super::meta::COMMANDS;
use super::schema::{Schema, quoted_key};
use crate::exec::functions;
use crate::syntax::keywords::{KEYWORDS, is_keyword};

/// The names of the graph and session that completion offers.
#[derive(Clone, Debug, Default)]
pub struct Vocabulary {
    pub labels: Vec<String>,
    pub types: Vec<String>,
    pub keys: Vec<String>,
    pub params: Vec<String>,
}

impl Vocabulary {
    pub fn from_schema(s: &Schema) -> Self {
        Vocabulary {
            labels: s.labels.keys().cloned().collect(),
            types: s.types.keys().cloned().collect(),
            keys: s.keys().map(String::from).collect(),
            params: Vec::new(),
        }
    }
}

/// One choice: what the list shows and what replaces the word being typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub display: String,
    pub replacement: String,
}

impl Choice {
    fn same(s: String) -> Self {
        Choice { display: s.clone(), replacement: s }
    }
}

/// What to complete at the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Completion {
    /// Replace the text from this byte offset to the cursor with one of the choices.
    Names(usize, Vec<Choice>),
    /// A file name (the arguments of `:read`, `:output`, `:export`).
    Files,
}

/// Output formats of `:format`, and formats of `:export`.
pub const FORMATS: &[&str] = crate::render::FORMAT_NAMES;
pub const EXPORT_FORMATS: &[&str] = &["dot", "graphml", "json", "csv", "cypher", "svg", "png", "pdf"];
const SETTINGS: &[&str] = &["format", "max-width", "rows", "pager", "timing"];

/// Completes `line` (the whole input, possibly several lines) at byte `pos`.
pub fn complete(line: &str, pos: usize, vocab: &Vocabulary) -> Completion {
    let pos = pos.min(line.len());
    let before = &line[..pos];
    if before.trim_start().starts_with(':') {
        return complete_meta(before);
    }
    let toks = tokens(before);
    let (start, prefix, prev_index) = match toks.last() {
        Some(t) if t.end == pos && matches!(t.kind, Kind::Word | Kind::Number) => (t.start, t.text(before), toks.len() - 1),
        Some(t) if t.kind == Kind::Param && t.end == pos => {
            let names = vocab.params.iter().filter(|p| starts_with(p, &t.text(before)[1..])).map(|p| Choice::same(format!("${p}")));
            return Completion::Names(t.start, names.collect());
        }
        Some(t) if matches!(t.kind, Kind::Str | Kind::Comment | Kind::Quoted) && (!t.closed || t.kind == Kind::Comment) => {
            return Completion::Names(pos, Vec::new());
        }
        _ => (pos, "", toks.len()),
    };
    if prefix.starts_with(|c: char| c.is_ascii_digit()) {
        return Completion::Names(start, Vec::new());
    }
    let prev = toks[..prev_index].iter().rev().find(|t| t.kind != Kind::Space);
    let names = |list: &[String]| list.iter().filter(|n| starts_with(n, prefix)).map(|n| Choice::same(quoted_key(n))).collect();
    match prev.map(|t| t.text(before)) {
        Some(".") => {
            let before_dot = toks[..prev_index].iter().rev().filter(|t| t.kind != Kind::Space).nth(1);
            if before_dot.is_some_and(|t| t.kind == Kind::Number || t.text(before) == ".") {
                return Completion::Names(start, Vec::new());
            }
            Completion::Names(start, names(&vocab.keys))
        }
        Some(":") | Some("|") => match innermost_bracket(before, &toks[..prev_index]) {
            Some('[') => Completion::Names(start, names(&vocab.types)),
            Some('{') => Completion::Names(start, general(line, before, start, prefix)),
            _ => Completion::Names(start, names(&vocab.labels)),
        },
        _ => Completion::Names(start, general(line, before, start, prefix)),
    }
}

fn starts_with(name: &str, prefix: &str) -> bool {
    name.len() >= prefix.len() && name.is_char_boundary(prefix.len()) && name[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// The innermost bracket still open at the end of `toks`.
fn innermost_bracket(src: &str, toks: &[Token]) -> Option<char> {
    let mut stack = Vec::new();
    for t in toks.iter().filter(|t| t.kind == Kind::Punct) {
        match t.text(src) {
            "(" => stack.push('('),
            "[" => stack.push('['),
            "{" => stack.push('{'),
            ")" | "]" | "}" => {
                stack.pop();
            }
            ";" => stack.clear(),
            _ => {}
        }
    }
    stack.last().copied()
}

/// Variables first, then keywords and functions, for a word that starts with `prefix`.
fn general(line: &str, before: &str, start: usize, prefix: &str) -> Vec<Choice> {
    let statement_start = before.rfind(';').map_or(0, |i| i + 1);
    let statement_end = line[start..].find(';').map_or(line.len(), |i| start + i);
    let mut out: Vec<Choice> = variables(&line[statement_start..statement_end], start - statement_start)
        .into_iter()
        .filter(|v| starts_with(v, prefix) && v != prefix)
        .map(Choice::same)
        .collect();
    let lower = !prefix.is_empty() && prefix.chars().all(|c| !c.is_ascii_uppercase());
    for k in KEYWORDS.iter().filter(|k| starts_with(k, prefix) && functions::lookup(k).is_none()) {
        let is_caps = k.chars().all(|c| !c.is_ascii_lowercase());
        out.push(Choice::same(if lower && is_caps { k.to_ascii_lowercase() } else { k.to_string() }));
    }
    for f in functions::all().iter().filter(|f| starts_with(f.name, prefix)) {
        out.push(Choice { display: f.signature.to_string(), replacement: format!("{}(", f.name) });
    }
    out
}

/// The variables a statement introduces: names opening a node or relationship pattern,
/// names after `AS`, path names (`p = (...)`) and list comprehension variables. The word at
/// `skip` (the one being typed) is left out.
pub fn variables(statement: &str, skip: usize) -> Vec<String> {
    let toks: Vec<Token> = tokens(statement).into_iter().filter(|t| !matches!(t.kind, Kind::Space | Kind::Comment)).collect();
    let text = |i: usize| toks.get(i).map_or("", |t| t.text(statement));
    let mut found = BTreeSet::new();
    for (i, t) in toks.iter().enumerate() {
        if t.kind != Kind::Word || t.start == skip || is_keyword(t.text(statement)) {
            continue;
        }
        let prev = if i > 0 { text(i - 1) } else { "" };
        let next = text(i + 1);
        let opens_pattern = (prev == "(" && matches!(next, ":" | ")" | "{")) || (prev == "[" && matches!(next, ":" | "]" | "{" | "*"));
        let comprehension = prev == "[" && next.eq_ignore_ascii_case("IN");
        let named = prev.eq_ignore_ascii_case("AS");
        let path =
            next == "=" && text(i + 2) == "(" && (prev.eq_ignore_ascii_case("MATCH") || prev.eq_ignore_ascii_case("MERGE") || prev == ",");
        if opens_pattern || comprehension || named || path {
            found.insert(t.text(statement).to_string());
        }
    }
    found.into_iter().collect()
}

fn complete_meta(before: &str) -> Completion {
    let trimmed = before.trim_start();
    let offset = before.len() - trimmed.len();
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    let typing_new_word = trimmed.ends_with(char::is_whitespace);
    let argument = words.len() - usize::from(!typing_new_word);
    let start = if typing_new_word { before.len() } else { before.len() - words.last().map_or(0, |w| w.len()) };
    let prefix = if typing_new_word { "" } else { words.last().copied().unwrap_or("") };
    if argument == 0 {
        let choices = COMMANDS.iter().filter(|c| starts_with(c.name, prefix)).map(|c| Choice::same(c.name.to_string()));
        return Completion::Names(offset, choices.collect());
    }
    let command = words[0];
    let options: &[&str] = match (command, argument) {
        (":format", 1) => FORMATS,
        (":export", 1) => EXPORT_FORMATS,
        (":timing", 1) => &["on", "off"],
        (":set", 2) if matches!(words[1], "pager" | "timing") => &["on", "off"],
        (":set", 1) => SETTINGS,
        (":set", 2) if words[1] == "format" => FORMATS,
        (":set", 2) if words[1] == "max-width" => &["auto", "off"],
        (":set", 2) if words[1] == "rows" => &["all", "1000"],
        (":schema", 1) => &["--dot"],
        (":help", 1) => {
            let mut topics: Vec<String> = COMMANDS.iter().map(|c| c.name.to_string()).collect();
            topics.extend(["keys", "functions", "syntax"].map(String::from));
            topics.extend(functions::all().iter().map(|f| f.name.to_string()));
            return Completion::Names(start, topics.into_iter().filter(|t| starts_with(t, prefix)).map(Choice::same).collect());
        }
        (":output", 1) if starts_with("off", prefix) && !prefix.is_empty() => &["off"],
        (":read" | ":output", 1) | (":export", 2) => return Completion::Files,
        _ => &[],
    };
    Completion::Names(start, options.iter().filter(|o| starts_with(o, prefix)).map(|o| Choice::same(o.to_string())).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocabulary {
        Vocabulary {
            labels: vec!["Company".into(), "Country".into(), "Product".into(), "My Label".into()],
            types: vec!["MANUFACTURES".into(), "MENTIONS".into()],
            keys: vec!["name".into(), "names_en".into(), "year".into()],
            params: vec!["company".into()],
        }
    }

    fn replacements(line: &str) -> Vec<String> {
        match complete(line, line.len(), &vocab()) {
            Completion::Names(_, c) => c.into_iter().map(|c| c.replacement).collect(),
            Completion::Files => vec!["<files>".into()],
        }
    }

    #[test]
    fn labels_types_and_keys_from_the_graph() {
        assert_eq!(replacements("MATCH (c:Co"), vec!["Company", "Country"]);
        assert_eq!(replacements("MATCH (c:Company)-[:MAN"), vec!["MANUFACTURES"]);
        assert_eq!(replacements("MATCH ()-[r:MANUFACTURES|ME"), vec!["MENTIONS"]);
        assert_eq!(replacements("MATCH (c) WHERE c.na"), vec!["name", "names_en"]);
        assert_eq!(replacements("MATCH (c:My"), vec!["`My Label`"]);
        assert_eq!(replacements("RETURN $com"), vec!["$company"]);
        // a map value after `:` is an expression, not a label
        assert!(replacements("MATCH (c {name: Co").iter().all(|r| r != "Company"));
    }

    #[test]
    fn keywords_functions_and_variables() {
        let r = replacements("MATCH (company:Company)-[rel:MANUFACTURES]->(p) RETURN co");
        assert_eq!(r[0], "company", "variables come first: {r:?}");
        assert!(r.contains(&"coalesce(".to_string()), "{r:?}");
        assert!(r.contains(&"count(".to_string()), "{r:?}");
        assert_eq!(replacements("MATCH (n) RET"), vec!["RETURN"]);
        assert_eq!(replacements("match (n) ret"), vec!["return"]);
        assert_eq!(replacements("UNWIND [1] AS xs RETURN x"), vec!["xs", "xor"]);
        assert!(replacements("RETURN 'Co").is_empty(), "no completion inside a string");
        assert!(replacements("RETURN 1 // Co").is_empty(), "no completion inside a comment");
    }

    #[test]
    fn variables_of_a_statement() {
        let s = "MATCH p = (a:A)-[r]->(b), q = (c) UNWIND [x IN list | x] AS y RETURN a.x AS out";
        assert_eq!(variables(s, usize::MAX), vec!["a", "b", "c", "out", "p", "q", "r", "x", "y"]);
    }

    #[test]
    fn meta_commands_and_their_arguments() {
        assert_eq!(replacements(":sch"), vec![":schema"]);
        assert_eq!(replacements(":format j"), vec!["json", "jsonl"]);
        assert_eq!(replacements(":timing "), vec!["on", "off"]);
        assert_eq!(replacements(":read "), vec!["<files>"]);
        assert_eq!(replacements(":export graph"), vec!["graphml"]);
        assert!(replacements(":help subst").contains(&"substring".to_string()));
    }
}
