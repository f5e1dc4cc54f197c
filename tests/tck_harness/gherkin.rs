//! A small parser for the Gherkin subset used by the openCypher TCK feature files.
//!
//! Rules (see the TCK README): `\r` is stripped; `#` starts a comment line anywhere
//! (also inside `Examples:` tables); docstrings are fenced by `"""` and lose their common
//! indentation (spaces or tabs); a table row is one `| a | b |` line whose cells are trimmed
//! and unescaped (`\|`, `\\`, `\n`; any other backslash stays); a line holding only `|` is a
//! row of zero cells; outlines are expanded once per `Examples:` row, replacing `<name>`
//! only for names in the table header; `Background:` steps are prepended to every scenario
//! of the file; tags apply to the scenario that follows them.

use std::collections::HashMap;

/// The argument attached to a step.
#[derive(Clone, Debug)]
pub enum Arg {
    None,
    DocString(String),
    Table(Vec<Vec<String>>),
}

#[derive(Clone, Debug)]
pub struct Step {
    pub keyword: String,
    pub text: String,
    pub arg: Arg,
    pub line: usize,
}

/// One expanded, runnable scenario.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// Path under `features/`, with `/` separators.
    pub file: String,
    /// `<file> <raw name>` plus ` #k` for the k-th (1-based) example row of an outline.
    pub id: String,
    /// The name after placeholder substitution.
    pub name: String,
    pub line: usize,
    pub tags: Vec<String>,
    pub steps: Vec<Step>,
}

impl Scenario {
    pub fn is_ignored(&self) -> bool {
        self.tags.iter().any(|t| t == "@ignore")
    }
}

struct Block {
    name: String,
    line: usize,
    tags: Vec<String>,
    outline: bool,
    steps: Vec<Step>,
    examples: Option<Vec<Vec<String>>>,
}

#[derive(PartialEq)]
enum Target {
    Nothing,
    Step,
    Examples,
}

const STEP_KEYWORDS: [&str; 6] = ["Given ", "When ", "Then ", "And ", "But ", "* "];

/// Parses one feature file and expands it into scenarios.
pub fn parse_feature(file: &str, text: &str) -> Result<Vec<Scenario>, String> {
    let lines: Vec<&str> = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    let err = |i: usize, msg: &str| format!("{file}:{}: {msg}", i + 1);
    let mut background: Vec<Step> = Vec::new();
    let mut blocks: Vec<Block> = Vec::new();
    let mut in_background = false;
    let mut feature_tags: Vec<String> = Vec::new();
    let mut pending_tags: Vec<String> = Vec::new();
    let mut target = Target::Nothing;
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim();
        let lno = i;
        i += 1;
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let steps = if in_background { Some(&mut background) } else { blocks.last_mut().map(|b| &mut b.steps) };
        if t.starts_with("\"\"\"") || t.starts_with("```") {
            let fence = &t[..3];
            let start = i;
            while i < lines.len() && lines[i].trim() != fence {
                i += 1;
            }
            if i == lines.len() {
                return Err(err(lno, "unterminated docstring"));
            }
            let doc = dedent(&lines[start..i]);
            i += 1;
            match steps.and_then(|s| s.last_mut()) {
                Some(step) if matches!(step.arg, Arg::None) && target == Target::Step => step.arg = Arg::DocString(doc),
                _ => return Err(err(lno, "docstring without a step to attach to")),
            }
            target = Target::Nothing;
        } else if t.starts_with('|') {
            let row = split_row(t).map_err(|m| err(lno, &m))?;
            match target {
                Target::Step => match steps.and_then(|s| s.last_mut()) {
                    Some(Step { arg: Arg::Table(rows), .. }) => rows.push(row),
                    Some(step @ Step { arg: Arg::None, .. }) => step.arg = Arg::Table(vec![row]),
                    _ => return Err(err(lno, "table row after a docstring")),
                },
                Target::Examples => blocks.last_mut().and_then(|b| b.examples.as_mut()).expect("examples target").push(row),
                Target::Nothing => return Err(err(lno, "table row without a step or Examples:")),
            }
        } else if t.starts_with('@') {
            pending_tags.extend(t.split_whitespace().take_while(|w| !w.starts_with('#')).map(String::from));
        } else if t.starts_with("Feature:") {
            feature_tags = std::mem::take(&mut pending_tags);
        } else if t.starts_with("Background:") {
            if in_background || !blocks.is_empty() || !background.is_empty() {
                return Err(err(lno, "Background: must come once, before the scenarios"));
            }
            in_background = true;
            target = Target::Nothing;
        } else if let Some((outline, rest)) = scenario_keyword(t) {
            let mut tags = feature_tags.clone();
            tags.append(&mut pending_tags);
            blocks.push(Block { name: rest.trim().to_string(), line: lno + 1, tags, outline, steps: Vec::new(), examples: None });
            in_background = false;
            target = Target::Nothing;
        } else if t.starts_with("Examples:") || t.starts_with("Scenarios:") {
            match blocks.last_mut() {
                Some(b) if b.outline && b.examples.is_none() && !in_background => b.examples = Some(Vec::new()),
                _ => return Err(err(lno, "Examples: outside a Scenario Outline, or a second one")),
            }
            target = Target::Examples;
        } else if let Some(kw) = STEP_KEYWORDS.iter().find(|k| t.starts_with(**k)) {
            let Some(steps) = steps else {
                return Err(err(lno, "step outside a scenario"));
            };
            let step = Step { keyword: kw.trim().to_string(), text: t[kw.len()..].trim().to_string(), arg: Arg::None, line: lno + 1 };
            steps.push(step);
            target = Target::Step;
        } else if steps.is_some_and(|s| !s.is_empty()) {
            return Err(err(lno, &format!("unexpected line: {t}")));
        }
        // Anything else is free description text (after `Feature:` or a scenario title).
    }
    if !pending_tags.is_empty() {
        return Err(format!("{file}: tags at the end of the file"));
    }
    expand(file, &background, blocks)
}

fn scenario_keyword(t: &str) -> Option<(bool, &str)> {
    for (kw, outline) in [("Scenario Outline:", true), ("Scenario Template:", true), ("Scenario:", false), ("Example:", false)] {
        if let Some(rest) = t.strip_prefix(kw) {
            return Some((outline, rest));
        }
    }
    None
}

fn expand(file: &str, background: &[Step], blocks: Vec<Block>) -> Result<Vec<Scenario>, String> {
    let mut out = Vec::new();
    for block in blocks {
        let raw_id = format!("{file} {}", block.name);
        let mut base = Scenario {
            file: file.to_string(),
            id: raw_id.clone(),
            name: block.name.clone(),
            line: block.line,
            tags: block.tags.clone(),
            steps: background.to_vec(),
        };
        if !block.outline {
            if block.examples.is_some() {
                return Err(format!("{file}:{}: Examples: in a plain Scenario", block.line));
            }
            base.steps.extend(block.steps);
            out.push(base);
            continue;
        }
        let Some(examples) = block.examples else {
            return Err(format!("{file}:{}: Scenario Outline without Examples:", block.line));
        };
        let Some((header, rows)) = examples.split_first() else {
            return Err(format!("{file}:{}: Examples: without a header row", block.line));
        };
        for (k, row) in rows.iter().enumerate() {
            if row.len() != header.len() {
                return Err(format!("{file}:{}: example row {} has {} cells, header has {}", block.line, k + 1, row.len(), header.len()));
            }
            let subst: HashMap<&str, &str> = header.iter().map(String::as_str).zip(row.iter().map(String::as_str)).collect();
            let mut s = base.clone();
            s.id = format!("{raw_id} #{}", k + 1);
            s.name = substitute(&block.name, &subst);
            s.steps.extend(block.steps.iter().map(|step| Step {
                keyword: step.keyword.clone(),
                text: substitute(&step.text, &subst),
                arg: match &step.arg {
                    Arg::None => Arg::None,
                    Arg::DocString(d) => Arg::DocString(substitute(d, &subst)),
                    Arg::Table(rows) => Arg::Table(rows.iter().map(|r| r.iter().map(|c| substitute(c, &subst)).collect()).collect()),
                },
                line: step.line,
            }));
            out.push(s);
        }
    }
    Ok(out)
}

/// Replaces `<name>` by its value for the names in `subst`; other `<…>` text stays.
fn substitute(text: &str, subst: &HashMap<&str, &str>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('>').and_then(|close| subst.get(&after[..close]).map(|v| (close, v))) {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Removes the indentation common to all non-blank lines (spaces and tabs alike).
fn dedent(lines: &[&str]) -> String {
    let indent_of = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let indent = lines.iter().filter(|l| !l.trim().is_empty()).map(|l| indent_of(l)).min().unwrap_or(0);
    let body: Vec<&str> = lines.iter().map(|l| if l.trim().is_empty() { "" } else { l[indent..].trim_end() }).collect();
    body.join("\n")
}

/// Splits `| a | b |` into trimmed, unescaped cells. `|` alone is a row of zero cells.
fn split_row(line: &str) -> Result<Vec<String>, String> {
    let mut cells = Vec::new();
    let mut raw = String::new();
    let mut chars = line[1..].chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                raw.push('\\');
                if let Some(next) = chars.next() {
                    raw.push(next);
                }
            }
            '|' => cells.push(unescape_cell(std::mem::take(&mut raw).trim())),
            _ => raw.push(c),
        }
    }
    if !raw.trim().is_empty() {
        return Err(format!("table row does not end with `|`: {line}"));
    }
    Ok(cells)
}

fn unescape_cell(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some('|') => out.push('|'),
            Some('\\') => out.push('\\'),
            Some('n') => out.push('\n'),
            _ => {
                out.push('\\');
                continue;
            }
        }
        chars.next();
    }
    out
}
