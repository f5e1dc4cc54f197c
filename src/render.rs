//! Results as text: aligned tables for people, CSV, JSON and JSON Lines for programs.
//!
//! The JSON form is a contract: one line per statement,
//! `{"columns": [...], "rows": [[...], ...], "stats": {...}}`, with integers as JSON
//! integers, floats always carrying a `.` or an exponent, non-finite floats as the strings
//! `"NaN"`, `"Infinity"`, `"-Infinity"`, and graph elements as `{"$node": ...}`,
//! `{"$relationship": ...}`, `{"$path": [...]}`.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use crate::result::{Entities, QueryResult};
use crate::value::{Value, format_float, write_key, write_quoted};

/// How to print a result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Table,
    Csv,
    Json,
    Jsonl,
    Dot,
    Graphml,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "table" => Format::Table,
            "csv" => Format::Csv,
            "json" => Format::Json,
            "jsonl" => Format::Jsonl,
            "dot" => Format::Dot,
            "graphml" => Format::Graphml,
            other => return Err(format!("unknown format '{other}': expected table, csv, json, jsonl, dot or graphml")),
        })
    }
}

// ----- Cypher notation ---------------------------------------------------------------------

/// Writes a value in the language's literal notation, nodes as `(:Label {k: v})`,
/// relationships as `[:TYPE {k: v}]`, paths as `(a)-[:T]->(b)`.
pub fn write_value(v: &Value, ents: &Entities, out: &mut String) {
    match v {
        Value::Node(id) => write_node(*id, ents, out),
        Value::Rel(id) => write_rel(*id, ents, out),
        Value::Path(p) => {
            write_node(p.nodes[0], ents, out);
            for (r, n) in p.rels.iter().zip(p.nodes.iter().skip(1)) {
                let forward = ents.rel(*r).is_none_or(|e| e.end == *n);
                out.push_str(if forward { "-" } else { "<-" });
                write_rel(*r, ents, out);
                out.push_str(if forward { "->" } else { "-" });
                write_node(*n, ents, out);
            }
        }
        Value::List(items) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(x, ents, out);
            }
            out.push(']');
        }
        Value::Map(m) => {
            out.push('{');
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write_key(k, out);
                out.push_str(": ");
                write_value(x, ents, out);
            }
            out.push('}');
        }
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

fn write_props(props: &crate::value::Map, ents: &Entities, out: &mut String) {
    if props.is_empty() {
        return;
    }
    out.push_str(" {");
    for (i, (k, v)) in props.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write_key(k, out);
        out.push_str(": ");
        write_value(v, ents, out);
    }
    out.push('}');
}

fn write_node(id: crate::value::NodeId, ents: &Entities, out: &mut String) {
    out.push('(');
    match ents.node(id) {
        Some(n) => {
            for l in &n.labels {
                out.push(':');
                let _ = write_key(l, out);
            }
            write_props(&n.properties, ents, out);
        }
        None => {
            let _ = write!(out, "#{}", id.0);
        }
    }
    out.push(')');
}

fn write_rel(id: crate::value::RelId, ents: &Entities, out: &mut String) {
    out.push('[');
    match ents.rel(id) {
        Some(r) => {
            out.push(':');
            let _ = write_key(&r.rel_type, out);
            write_props(&r.properties, ents, out);
        }
        None => {
            let _ = write!(out, "#{}", id.0);
        }
    }
    out.push(']');
}

/// A cell for people: strings without quotes, everything else in literal notation.
pub fn cell_text(v: &Value, ents: &Entities) -> String {
    match v {
        Value::String(s) => s.to_string(),
        other => {
            let mut s = String::new();
            write_value(other, ents, &mut s);
            s
        }
    }
}

// ----- table -------------------------------------------------------------------------------

/// Options of the table form.
#[derive(Clone, Copy, Debug)]
pub struct TableOptions {
    /// Cells wider than this (in terminal columns) are cut and end with `…`.
    pub max_cell_width: usize,
    /// When set (the width of the terminal), the widest columns are narrowed, down to
    /// [`MIN_COLUMN_WIDTH`], until the whole table fits.
    pub max_table_width: Option<usize>,
}

impl Default for TableOptions {
    fn default() -> Self {
        TableOptions { max_cell_width: 60, max_table_width: None }
    }
}

/// The narrowest a column is made to fit a table into the terminal.
pub const MIN_COLUMN_WIDTH: usize = 8;

/// Narrows the widest columns until borders and cells fit in `max` terminal columns.
fn fit(widths: &mut [usize], max: usize) {
    let total = |w: &[usize]| w.iter().sum::<usize>() + 3 * w.len() + 1;
    while total(widths) > max {
        let Some(widest) = widths.iter_mut().filter(|w| **w > MIN_COLUMN_WIDTH).max_by_key(|w| **w) else { break };
        *widest -= 1;
    }
}

/// An aligned table with a header, measured in terminal columns (so Korean and other wide
/// characters line up), and a footer with the row count.
pub fn table(r: &QueryResult, opts: &TableOptions) -> String {
    let mut out = String::new();
    if r.columns.is_empty() {
        return out;
    }
    let mut cells: Vec<Vec<String>> =
        r.rows.iter().map(|row| row.iter().map(|v| truncate(&clean(&cell_text(v, &r.entities)), opts.max_cell_width)).collect()).collect();
    let mut header: Vec<String> = r.columns.iter().map(|c| truncate(c, opts.max_cell_width)).collect();
    let mut widths: Vec<usize> = header.iter().map(|c| c.width()).collect();
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.width());
        }
    }
    if let Some(max) = opts.max_table_width {
        fit(&mut widths, max);
        for row in cells.iter_mut().chain(std::iter::once(&mut header)) {
            for (c, w) in row.iter_mut().zip(&widths) {
                if c.width() > *w {
                    *c = truncate(c, *w);
                }
            }
        }
    }
    let line = |out: &mut String, l: char, m: char, rr: char| {
        out.push(l);
        for (i, w) in widths.iter().enumerate() {
            if i > 0 {
                out.push(m);
            }
            out.push_str(&"─".repeat(w + 2));
        }
        out.push(rr);
        out.push('\n');
    };
    let row_line = |out: &mut String, row: &[String], numeric: &[bool]| {
        out.push('│');
        for (i, (c, w)) in row.iter().zip(&widths).enumerate() {
            let pad = w - c.width();
            if numeric.get(i).copied().unwrap_or(false) {
                let _ = write!(out, " {}{} │", " ".repeat(pad), c);
            } else {
                let _ = write!(out, " {}{} │", c, " ".repeat(pad));
            }
        }
        out.push('\n');
    };
    line(&mut out, '┌', '┬', '┐');
    row_line(&mut out, &header, &[]);
    line(&mut out, '├', '┼', '┤');
    for (row, vals) in cells.iter().zip(&r.rows) {
        let numeric: Vec<bool> = vals.iter().map(|v| matches!(v, Value::Int(_) | Value::Float(_))).collect();
        row_line(&mut out, row, &numeric);
    }
    line(&mut out, '└', '┴', '┘');
    out
}

/// Newlines and tabs would break the grid: show them as escapes.
fn clean(s: &str) -> String {
    if s.contains(['\n', '\t', '\r']) { s.replace('\n', "\\n").replace('\t', "\\t").replace('\r', "\\r") } else { s.to_string() }
}

/// Cuts `s` to at most `max` terminal columns, marking the cut with `…`.
pub fn truncate(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

// ----- CSV ---------------------------------------------------------------------------------

/// RFC 4180 CSV with a header row; strings raw, other values in literal notation, null
/// as an empty cell.
pub fn csv(r: &QueryResult) -> String {
    let mut out = String::new();
    let field = |s: &str, out: &mut String| {
        if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
            out.push('"');
            out.push_str(&s.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(s);
        }
    };
    for (i, c) in r.columns.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(c, &mut out);
    }
    if !r.columns.is_empty() {
        out.push('\n');
    }
    for row in &r.rows {
        for (i, v) in row.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            if !v.is_null() {
                field(&cell_text(v, &r.entities), &mut out);
            }
        }
        out.push('\n');
    }
    out
}

// ----- JSON --------------------------------------------------------------------------------

fn json_str(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn json_props(props: &crate::value::Map, ents: &Entities, out: &mut String) {
    out.push('{');
    for (i, (k, v)) in props.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        json_str(k, out);
        out.push_str(": ");
        json_value(v, ents, out);
    }
    out.push('}');
}

fn json_node(id: crate::value::NodeId, ents: &Entities, out: &mut String) {
    let _ = write!(out, "{{\"$node\": {{\"id\": {}, \"labels\": [", id.0);
    if let Some(n) = ents.node(id) {
        for (i, l) in n.labels.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            json_str(l, out);
        }
        out.push_str("], \"properties\": ");
        json_props(&n.properties, ents, out);
    } else {
        out.push_str("], \"properties\": {}");
    }
    out.push_str("}}");
}

fn json_rel(id: crate::value::RelId, ents: &Entities, out: &mut String) {
    let _ = write!(out, "{{\"$relationship\": {{\"id\": {}, ", id.0);
    match ents.rel(id) {
        Some(r) => {
            out.push_str("\"type\": ");
            json_str(&r.rel_type, out);
            let _ = write!(out, ", \"start\": {}, \"end\": {}, \"properties\": ", r.start.0, r.end.0);
            json_props(&r.properties, ents, out);
        }
        None => out.push_str("\"type\": null, \"start\": null, \"end\": null, \"properties\": {}"),
    }
    out.push_str("}}");
}

/// Writes one value as JSON following the contract above.
pub fn json_value(v: &Value, ents: &Entities, out: &mut String) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Float(f) if f.is_finite() => {
            let _ = format_float(*f, out);
        }
        Value::Float(f) => {
            let mut s = String::new();
            let _ = format_float(*f, &mut s);
            json_str(&s, out);
        }
        Value::String(s) => json_str(s, out),
        Value::Temporal(t) => json_str(&t.to_string(), out),
        Value::List(items) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                json_value(x, ents, out);
            }
            out.push(']');
        }
        Value::Map(m) => json_props(m, ents, out),
        Value::Node(id) => json_node(*id, ents, out),
        Value::Rel(id) => json_rel(*id, ents, out),
        Value::Path(p) => {
            out.push_str("{\"$path\": [");
            json_node(p.nodes[0], ents, out);
            for (r, n) in p.rels.iter().zip(p.nodes.iter().skip(1)) {
                out.push_str(", ");
                json_rel(*r, ents, out);
                out.push_str(", ");
                json_node(*n, ents, out);
            }
            out.push_str("]}");
        }
    }
}

/// The one-line JSON form of a whole result.
pub fn json_line(r: &QueryResult) -> String {
    let mut out = String::from("{\"columns\": [");
    for (i, c) in r.columns.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        json_str(c, &mut out);
    }
    out.push_str("], \"rows\": [");
    for (i, row) in r.rows.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push('[');
        for (j, v) in row.iter().enumerate() {
            if j > 0 {
                out.push_str(", ");
            }
            json_value(v, &r.entities, &mut out);
        }
        out.push(']');
    }
    let s = &r.stats;
    let _ = write!(
        out,
        "], \"stats\": {{\"nodes_created\": {}, \"nodes_deleted\": {}, \"relationships_created\": {}, \"relationships_deleted\": {}, \"properties_set\": {}, \"labels_added\": {}, \"labels_removed\": {}}}}}",
        s.nodes_created,
        s.nodes_deleted,
        s.relationships_created,
        s.relationships_deleted,
        s.properties_set,
        s.labels_added,
        s.labels_removed
    );
    out
}

/// JSON Lines: one object per row, keyed by column.
pub fn jsonl(r: &QueryResult) -> String {
    let mut out = String::new();
    for row in &r.rows {
        out.push('{');
        for (i, (c, v)) in r.columns.iter().zip(row).enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            json_str(c, &mut out);
            out.push_str(": ");
            json_value(v, &r.entities, &mut out);
        }
        out.push_str("}\n");
    }
    out
}

/// Quotes a string for the language (used when echoing parameters).
pub fn quoted(s: &str) -> String {
    let mut out = String::new();
    let _ = write_quoted(s, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Database;

    #[test]
    fn json_contract_types() {
        let mut db = Database::new();
        let r = db.execute("RETURN 1 AS i, 1.0 AS f, 0.0/0.0 AS nan, 'a\"b' AS s, [1, null] AS l").unwrap();
        let line = json_line(&r);
        assert!(line.starts_with(r#"{"columns": ["i", "f", "nan", "s", "l"], "rows": [[1, 1.0, "NaN", "a\"b", [1, null]]]"#), "{line}");
        let parsed: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(parsed["stats"]["nodes_created"], 0);
    }

    #[test]
    fn table_lines_up_wide_characters() {
        let mut db = Database::new();
        let r = db.execute("UNWIND ['셀트리온', 'abc'] AS name RETURN name").unwrap();
        let t = table(&r, &TableOptions::default());
        let widths: Vec<usize> = t.lines().map(|l| l.width()).collect();
        assert!(widths.windows(2).all(|w| w[0] == w[1]), "{t}");
    }

    #[test]
    fn tables_narrow_to_fit_the_terminal() {
        let mut db = Database::new();
        let r = db
            .execute("RETURN '셀트리온헬스케어는 바이오시밀러를 판매한다' AS long, 'abcdefghijklmnopqrstuvwxyz' AS ascii, 1 AS n")
            .unwrap();
        let t = table(&r, &TableOptions { max_table_width: Some(40), ..TableOptions::default() });
        let widths: Vec<usize> = t.lines().map(|l| l.width()).collect();
        assert!(widths.iter().all(|w| *w == widths[0] && *w <= 40), "{t}");
        assert!(t.contains('…'), "{t}");
        let roomy = table(&r, &TableOptions { max_table_width: Some(200), ..TableOptions::default() });
        assert_eq!(roomy, table(&r, &TableOptions::default()));
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("한국어", 5), "한국…");
        assert_eq!(truncate("abc", 4), "abc");
    }
}
