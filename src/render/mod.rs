//! Results as text, written row by row: aligned tables and vertical blocks for people,
//! CSV, TSV and Markdown for pasting and spreadsheets, JSON and JSON Lines for programs.
//!
//! Every format is a [`ResultWriter`]: it is told the columns, then each row as it arrives,
//! then the end (the counters of what the statement changed, and the plan of `EXPLAIN` and
//! `PROFILE`). Only the table keeps rows, up to its row limit, to size its columns; every
//! other format writes each row at once, so a result of any length streams through in
//! constant memory. [`write_result`] drives a writer over a finished [`QueryResult`].
//!
//! The JSON form is a contract: one line per statement,
//! `{"columns": [...], "rows": [[...], ...], "stats": {...}}` (see [`json`]).

pub mod delimited;
pub mod json;
pub mod markdown;
pub mod notation;
pub mod output;
pub mod output_file;
pub mod table;
pub mod text;
pub mod vertical;

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use crate::result::{Entities, QueryResult, Stats};
use crate::value::Value;

pub use delimited::{DelimitedWriter, Delimiter};
pub use json::{JsonWriter, JsonlWriter, json_value};
pub use markdown::MarkdownWriter;
pub use notation::{cell_text, quoted, write_value};
pub use table::{MIN_COLUMN_WIDTH, TableWriter};
pub use text::truncate;
pub use vertical::VerticalWriter;

/// How to print a result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Table,
    Vertical,
    Csv,
    Tsv,
    Markdown,
    Json,
    Jsonl,
    Dot,
    Graphml,
    Cypher,
}

/// Every format by name, in the order help texts list them.
pub const FORMAT_NAMES: &[&str] = &["table", "vertical", "csv", "tsv", "markdown", "json", "jsonl", "dot", "graphml", "cypher"];

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Vertical => "vertical",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Markdown => "markdown",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Dot => "dot",
            Format::Graphml => "graphml",
            Format::Cypher => "cypher",
        }
    }

    /// Formats for people, which end with a row count on standard error and are cut to the
    /// row limit on a terminal.
    pub fn is_for_people(self) -> bool {
        matches!(self, Format::Table | Format::Vertical)
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.trim().to_ascii_lowercase().as_str() {
            "table" => Format::Table,
            "vertical" | "expanded" => Format::Vertical,
            "csv" => Format::Csv,
            "tsv" => Format::Tsv,
            "markdown" | "md" => Format::Markdown,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::Jsonl,
            "dot" => Format::Dot,
            "graphml" => Format::Graphml,
            "cypher" | "cql" => Format::Cypher,
            picture @ ("svg" | "png" | "pdf") => {
                return Err(format!(
                    "'{picture}' is not an output format: pictures are drawn by `ieum export --render {picture} -o FILE.{picture}` (or `:export {picture} FILE` in the shell)"
                ));
            }
            other => return Err(format!("unknown format '{other}': expected {}", FORMAT_NAMES.join(", "))),
        })
    }
}

/// Limits of the formats for people (table and vertical); the others ignore them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Fit into this many terminal columns (cells are cut with `…`, vertical values
    /// wrapped); no limit when absent.
    pub max_width: Option<usize>,
    /// Show at most this many rows, then say how many more there were.
    pub max_rows: Option<usize>,
    /// Appended to "… N more rows not shown": how to see them.
    pub more_hint: String,
}

/// "… 1,500 more rows not shown" and how to see them.
pub fn more_rows(hidden: u64, hint: &str) -> String {
    format!("… {} more {} not shown{hint}", text::grouped(hidden), if hidden == 1 { "row" } else { "rows" })
}

/// What a writer is told after the last row.
#[derive(Clone, Copy, Debug)]
pub struct End<'a> {
    pub stats: &'a Stats,
    /// The plan of `EXPLAIN` or `PROFILE`.
    pub plan: Option<&'a str>,
}

/// A format, written row by row.
pub trait ResultWriter {
    /// The column names, before any row (empty for a statement that returns nothing).
    fn begin(&mut self, columns: &[String]) -> io::Result<()>;
    /// One row; `ents` holds the labels and properties of every node and relationship the
    /// row mentions.
    fn row(&mut self, row: &[Value], ents: &Entities) -> io::Result<()>;
    /// After the last row.
    fn end(&mut self, end: &End) -> io::Result<()>;
    /// Whether the format writes the plan itself; the plan of a format that does not (CSV,
    /// TSV, JSON Lines, whose lines are all rows) goes to standard error.
    fn carries_plan(&self) -> bool {
        true
    }
}

/// The writer of `format` onto `out`; None for `dot`, `graphml` and `cypher`, which write
/// the subgraph of a whole result rather than rows.
pub fn writer<'w>(format: Format, out: &'w mut dyn Write, opts: Options) -> Option<Box<dyn ResultWriter + 'w>> {
    Some(match format {
        Format::Table => Box::new(TableWriter::new(out, opts)),
        Format::Vertical => Box::new(VerticalWriter::new(out, opts)),
        Format::Csv => Box::new(DelimitedWriter::new(out, Delimiter::Comma)),
        Format::Tsv => Box::new(DelimitedWriter::new(out, Delimiter::Tab)),
        Format::Markdown => Box::new(MarkdownWriter::new(out)),
        Format::Json => Box::new(JsonWriter::new(out)),
        Format::Jsonl => Box::new(JsonlWriter::new(out)),
        Format::Dot | Format::Graphml | Format::Cypher => return None,
    })
}

/// Why printing stopped early: Ctrl-C (see [`interrupted`]).
#[derive(Debug)]
pub struct Stopped;

impl std::fmt::Display for Stopped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("printing stopped (Ctrl-C)")
    }
}

impl std::error::Error for Stopped {}

/// The error [`write_result`] stops with when `cancel` is set (Ctrl-C). It is not of kind
/// `Interrupted`, which `write_all` would retry forever.
pub fn interrupted() -> io::Error {
    io::Error::other(Stopped)
}

/// Whether `e` is the error of printing stopped by Ctrl-C.
pub fn is_interrupted(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<Stopped>())
}

/// Writes a finished result through `w`, stopping with the [`interrupted`] error as soon as
/// `cancel` is set. The plan goes to standard error when the format does not carry it.
pub fn write_result(w: &mut dyn ResultWriter, r: &QueryResult, cancel: Option<&AtomicBool>) -> io::Result<()> {
    let stopped = || cancel.is_some_and(|c| c.load(Ordering::SeqCst));
    let mut plan = r.plan.as_deref();
    if let (Some(p), false) = (plan, w.carries_plan()) {
        eprintln!("{p}");
        plan = None;
    }
    w.begin(&r.columns)?;
    for row in &r.rows {
        if stopped() {
            return Err(interrupted());
        }
        w.row(row, &r.entities)?;
    }
    w.end(&End { stats: &r.stats, plan })
}

/// A whole result in a row format, as text (for tests and programs).
pub fn to_string(format: Format, r: &QueryResult, opts: &Options) -> String {
    let mut buf = Vec::new();
    if let Some(mut w) = writer(format, &mut buf, opts.clone()) {
        // writing to memory does not fail
        let _ = write_result(w.as_mut(), r, None);
    }
    String::from_utf8_lossy(&buf).into_owned()
}

/// An aligned table with a header, measured in terminal columns.
pub fn table(r: &QueryResult, opts: &Options) -> String {
    to_string(Format::Table, r, opts)
}

/// RFC 4180 CSV with a header row.
pub fn csv(r: &QueryResult) -> String {
    to_string(Format::Csv, r, &Options::default())
}

/// The one-line JSON form of a whole result (without the line break).
pub fn json_line(r: &QueryResult) -> String {
    let mut s = to_string(Format::Json, r, &Options::default());
    s.pop();
    s
}

/// JSON Lines: one object per row, keyed by column.
pub fn jsonl(r: &QueryResult) -> String {
    to_string(Format::Jsonl, r, &Options::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Database;
    use unicode_width::UnicodeWidthStr;

    fn run(q: &str) -> QueryResult {
        Database::new().execute(q).unwrap()
    }

    #[test]
    fn json_contract_types() {
        let r = run("RETURN 1 AS i, 1.0 AS f, 0.0/0.0 AS nan, 'a\"b' AS s, [1, null] AS l");
        let line = json_line(&r);
        assert!(line.starts_with(r#"{"columns": ["i", "f", "nan", "s", "l"], "rows": [[1, 1.0, "NaN", "a\"b", [1, null]]]"#), "{line}");
        let parsed: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(parsed["stats"]["nodes_created"], 0);
        assert!(parsed.get("plan").is_none());
    }

    #[test]
    fn json_carries_the_plan_on_its_one_line() {
        let r = run("EXPLAIN UNWIND [1, 2] AS x RETURN x");
        let text = to_string(Format::Json, &r, &Options::default());
        assert_eq!(text.lines().count(), 1, "{text}");
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert!(parsed["plan"].as_str().is_some_and(|p| p.contains("Unwind") || !p.is_empty()), "{text}");
        assert_eq!(parsed["rows"], serde_json::json!([]));
    }

    #[test]
    fn table_lines_up_wide_characters() {
        let r = run("UNWIND ['셀트리온', 'abc'] AS name RETURN name");
        let t = table(&r, &Options::default());
        let widths: Vec<usize> = t.lines().map(|l| l.width()).collect();
        assert!(widths.windows(2).all(|w| w[0] == w[1]), "{t}");
    }

    #[test]
    fn tables_narrow_to_a_width_and_cut_nothing_without_one() {
        let long = "셀트리온헬스케어는 바이오시밀러를 판매한다 ".repeat(5);
        let r = run(&format!("RETURN '{long}' AS long, 'abcdefghijklmnopqrstuvwxyz' AS ascii, 1 AS n"));
        let t = table(&r, &Options { max_width: Some(40), ..Options::default() });
        let widths: Vec<usize> = t.lines().map(|l| l.width()).collect();
        assert!(widths.iter().all(|w| *w == widths[0] && *w <= 40), "{t}");
        assert!(t.contains('…'), "{t}");
        let full = table(&r, &Options::default());
        assert!(full.contains(long.trim_end()) && !full.contains('…'), "no width, no cut: {full}");
    }

    #[test]
    fn row_limit_counts_what_it_does_not_show() {
        let r = run("UNWIND range(1, 2500) AS x RETURN x");
        let opts = Options { max_rows: Some(1000), more_hint: " (see them with X)".into(), ..Options::default() };
        let t = table(&r, &opts);
        assert_eq!(t.lines().filter(|l| l.starts_with('│')).count(), 1001, "header and 1000 rows");
        assert!(t.ends_with("… 1,500 more rows not shown (see them with X)\n"), "{}", &t[t.len() - 80..]);
        let v = to_string(Format::Vertical, &r, &Options { max_rows: Some(2), ..Options::default() });
        assert!(v.contains("─[ row 2 ]") && !v.contains("row 3") && v.contains("2,498 more rows"), "{v}");
    }

    #[test]
    fn vertical_shows_values_in_full_and_wraps_to_a_width() {
        let r = run("RETURN 'line one\\nline two' AS text, 12 AS number, null AS nothing");
        let v = to_string(Format::Vertical, &r, &Options::default());
        assert_eq!(v, "─[ row 1 ]────────\ntext    │ line one\n        │ line two\nnumber  │ 12\nnothing │ null\n");
        let r = run("RETURN 'abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz' AS t");
        let v = to_string(Format::Vertical, &r, &Options { max_width: Some(24), ..Options::default() });
        assert!(v.lines().all(|l| l.width() <= 24), "{v}");
        assert_eq!(v.lines().skip(1).map(|l| &l[l.find('│').unwrap() + 4..]).collect::<String>(), "abcdefghijklmnopqrstuvwxyz".repeat(2));
    }

    #[test]
    fn tsv_and_markdown_escape_what_would_break_them() {
        let r = run(r"RETURN 'a\tb\nc\\d' AS s, 'x|y' AS p, null AS n, 2 AS i");
        assert_eq!(to_string(Format::Tsv, &r, &Options::default()), "s\tp\tn\ti\na\\tb\\nc\\\\d\tx|y\t\t2\n");
        assert_eq!(
            to_string(Format::Markdown, &r, &Options::default()),
            "| s | p | n | i |\n| --- | --- | --- | --- |\n| a b<br>c\\\\d | x\\|y |  | 2 |\n"
        );
    }

    #[test]
    fn pictures_are_not_output_formats() {
        let e = "svg".parse::<Format>().unwrap_err();
        assert!(e.contains("--render svg"), "{e}");
        assert_eq!("MD".parse::<Format>(), Ok(Format::Markdown));
        assert_eq!("expanded".parse::<Format>(), Ok(Format::Vertical));
        for name in FORMAT_NAMES {
            assert_eq!(name.parse::<Format>().map(Format::name), Ok(*name));
        }
    }

    #[test]
    fn printing_stops_when_cancelled() {
        let r = run("UNWIND range(1, 10) AS x RETURN x");
        let mut buf = Vec::new();
        let flag = AtomicBool::new(true);
        let mut w = writer(Format::Csv, &mut buf, Options::default()).unwrap();
        let e = write_result(w.as_mut(), &r, Some(&flag)).unwrap_err();
        assert!(is_interrupted(&e), "{e}");
        drop(w);
        assert_eq!(String::from_utf8(buf).unwrap(), "x\n", "the header only");
    }
}
