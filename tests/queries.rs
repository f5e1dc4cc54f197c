//! Golden query files: `tests/queries/<area>/<case>.cypher`.
//!
//! A file is a script. A statement followed by a block comment starting with `expect`
//! is checked against it:
//!
//! ```text
//! MATCH (n) RETURN n.name AS name ORDER BY name;
//! /* expect
//! name
//! 'a'
//! 'b'
//! */
//! ```
//!
//! The first line of the block after `expect` is the header (columns separated by ` | `),
//! every further line a row, cells in literal notation (nodes as `(:L {k: v})`). Variants:
//! `expect unordered` compares rows as a multiset, `expect error: Category.Code` expects an
//! error, `expect plan` compares the EXPLAIN text. Statements without a block must succeed.
//! Every file runs twice, with and without the planner's optimizations, and must pass both
//! ways. All failures are reported together with file:line.

use std::path::{Path, PathBuf};

use ieum::render::write_value;
use ieum::{Database, QueryOptions};

struct Case {
    statement: String,
    line: usize,
    expect: Option<Expect>,
}

enum Expect {
    Rows { ordered: bool, header: Vec<String>, rows: Vec<Vec<String>> },
    Error(String),
    Plan(String),
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "cypher") {
            out.push(p);
        }
    }
}

fn split_cells(line: &str) -> Vec<String> {
    line.split(" | ").map(|c| c.trim().to_string()).collect()
}

/// Splits a fixture into statements and their expectations: the text is cut at every
/// `/* expect ... */` block, which belongs to the last statement before it.
fn parse(text: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        let next = text[pos..].find("/* expect").map_or(text.len(), |i| pos + i);
        for piece in ieum::syntax::split_statements(&text[pos..next]) {
            let lead = piece.text.len() - piece.text.trim_start().len();
            let line = text[..pos + piece.offset + lead].matches('\n').count() + 1;
            cases.push(Case { statement: piece.text.trim().to_string(), line, expect: None });
        }
        if next == text.len() {
            break;
        }
        let block = &text[next + "/* expect".len()..];
        let end = block.find("*/").unwrap_or(block.len());
        if let Some(c) = cases.last_mut() {
            c.expect = Some(parse_expect(&block[..end]));
        }
        pos = next + "/* expect".len() + (end + 2).min(block.len());
    }
    cases
}

fn parse_expect(block: &str) -> Expect {
    let mut lines = block.lines();
    let first = lines.next().unwrap_or("").trim();
    if let Some(e) = first.strip_prefix("error:") {
        return Expect::Error(e.trim().to_string());
    }
    if first == "plan" {
        return Expect::Plan(lines.map(str::trim_end).collect::<Vec<_>>().join("\n").trim().to_string());
    }
    let ordered = first != "unordered";
    let mut body = lines.map(str::trim).filter(|l| !l.is_empty());
    let header = body.next().map(split_cells).unwrap_or_default();
    let rows = body.map(|l| if l == "(no rows)" { Vec::new() } else { split_cells(l) }).filter(|r| !r.is_empty()).collect();
    Expect::Rows { ordered, header, rows }
}

fn run_file(path: &Path, optimize: bool, failures: &mut Vec<String>) -> usize {
    let text = std::fs::read_to_string(path).expect("fixture readable");
    let mut db = Database::new();
    let mut checked = 0;
    let mode = if optimize { "optimized" } else { "unoptimized" };
    for case in parse(&text) {
        let opts = QueryOptions { optimize, ..QueryOptions::default() };
        let result = db.execute_with(&case.statement, &opts);
        let at = format!("{}:{} ({mode})", path.display(), case.line);
        match (&case.expect, result) {
            (None, Ok(_)) => {}
            (None, Err(e)) => failures.push(format!("{at}: unexpected error {}.{}: {e}", e.category(), e.code())),
            (Some(Expect::Error(want)), Err(e)) => {
                checked += 1;
                let got = format!("{}.{}", e.category(), e.code());
                if &got != want {
                    failures.push(format!("{at}: expected error {want}, got {got}: {e}"));
                }
            }
            (Some(Expect::Error(want)), Ok(_)) => failures.push(format!("{at}: expected error {want}, but the statement succeeded")),
            (Some(_), Err(e)) => failures.push(format!("{at}: unexpected error {}.{}: {e}", e.category(), e.code())),
            (Some(Expect::Plan(want)), Ok(r)) => {
                checked += 1;
                let got = r.plan.unwrap_or_default();
                if optimize && got.trim() != want {
                    failures.push(format!("{at}: plan differs\n--- expected\n{want}\n--- got\n{got}"));
                }
            }
            (Some(Expect::Rows { ordered, header, rows }), Ok(r)) => {
                checked += 1;
                if &r.columns != header {
                    failures.push(format!("{at}: columns {:?}, expected {header:?}", r.columns));
                    continue;
                }
                let mut got: Vec<Vec<String>> = r
                    .rows
                    .iter()
                    .map(|row| {
                        row.iter()
                            .map(|v| {
                                let mut s = String::new();
                                write_value(v, &r.entities, &mut s);
                                s
                            })
                            .collect()
                    })
                    .collect();
                let mut want = rows.clone();
                if !ordered {
                    got.sort();
                    want.sort();
                }
                if got != want {
                    let show = |rs: &[Vec<String>]| rs.iter().map(|r| r.join(" | ")).collect::<Vec<_>>().join("\n");
                    failures.push(format!("{at}: rows differ\n--- expected\n{}\n--- got\n{}", show(&want), show(&got)));
                }
            }
        }
    }
    checked
}

#[test]
fn golden_query_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/queries");
    let mut all = Vec::new();
    files(&root, &mut all);
    assert!(!all.is_empty(), "no fixtures found under {}", root.display());
    let mut failures = Vec::new();
    let mut checked = 0;
    for f in &all {
        for optimize in [true, false] {
            checked += run_file(f, optimize, &mut failures);
        }
    }
    assert!(failures.is_empty(), "{} of {checked} checks failed:\n\n{}", failures.len(), failures.join("\n\n"));
    assert!(checked > 0, "fixtures contain no expectations");
    println!("{} fixture files, {checked} checks", all.len());
}
