//! JSON for programs. `json` is one line per statement,
//! `{"columns": [...], "rows": [[...], ...], "stats": {...}}` (with `"plan": "..."` after
//! the stats for `EXPLAIN` and `PROFILE`), written as the rows arrive; `jsonl` is one object
//! per row, keyed by column.
//!
//! Values: integers as JSON integers, floats always with a `.` or an exponent, non-finite
//! floats as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`, temporal values as their
//! ISO text, graph elements as `{"$node": ...}`, `{"$relationship": ...}`, `{"$path": [...]}`.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{End, ResultWriter};
use crate::result::{Entities, Stats};
use crate::value::{Map, NodeId, RelId, Value, format_float};

pub(crate) fn json_str(s: &str, out: &mut String) {
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

fn json_props(props: &Map, ents: &Entities, out: &mut String) {
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

fn json_node(id: NodeId, ents: &Entities, out: &mut String) {
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

fn json_rel(id: RelId, ents: &Entities, out: &mut String) {
    let _ = write!(out, "{{\"$relationship\": {{\"id\": {}, ", id.0);
    match ents.rel(id) {
        Some(r) => {
            out.push_str("\"type\": ");
            json_str(&r.rel_type, out);
            let _ = write!(out, ", \"start\": {}, \"end\": {}, \"properties\": ", r.start, r.end);
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

fn stats_object(s: &Stats, out: &mut String) {
    let _ = write!(
        out,
        "{{\"nodes_created\": {}, \"nodes_deleted\": {}, \"relationships_created\": {}, \"relationships_deleted\": {}, \"properties_set\": {}, \"labels_added\": {}, \"labels_removed\": {}}}",
        s.nodes_created,
        s.nodes_deleted,
        s.relationships_created,
        s.relationships_deleted,
        s.properties_set,
        s.labels_added,
        s.labels_removed
    );
}

/// `json`: one line per statement, written as the rows arrive.
pub struct JsonWriter<'w> {
    out: &'w mut dyn Write,
    rows: u64,
}

impl<'w> JsonWriter<'w> {
    pub fn new(out: &'w mut dyn Write) -> Self {
        JsonWriter { out, rows: 0 }
    }
}

impl ResultWriter for JsonWriter<'_> {
    fn begin(&mut self, columns: &[String]) -> io::Result<()> {
        let mut s = String::from("{\"columns\": [");
        for (i, c) in columns.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            json_str(c, &mut s);
        }
        s.push_str("], \"rows\": [");
        self.out.write_all(s.as_bytes())
    }

    fn row(&mut self, row: &[Value], ents: &Entities) -> io::Result<()> {
        let mut s = String::new();
        if self.rows > 0 {
            s.push_str(", ");
        }
        s.push('[');
        for (j, v) in row.iter().enumerate() {
            if j > 0 {
                s.push_str(", ");
            }
            json_value(v, ents, &mut s);
        }
        s.push(']');
        self.rows += 1;
        self.out.write_all(s.as_bytes())
    }

    fn end(&mut self, end: &End) -> io::Result<()> {
        let mut s = String::from("], \"stats\": ");
        stats_object(end.stats, &mut s);
        if let Some(plan) = end.plan {
            s.push_str(", \"plan\": ");
            json_str(plan, &mut s);
        }
        s.push_str("}\n");
        self.out.write_all(s.as_bytes())
    }
}

/// `jsonl`: one object per row, keyed by column.
pub struct JsonlWriter<'w> {
    out: &'w mut dyn Write,
    columns: Vec<String>,
}

impl<'w> JsonlWriter<'w> {
    pub fn new(out: &'w mut dyn Write) -> Self {
        JsonlWriter { out, columns: Vec::new() }
    }
}

impl ResultWriter for JsonlWriter<'_> {
    fn begin(&mut self, columns: &[String]) -> io::Result<()> {
        self.columns = columns.to_vec();
        Ok(())
    }

    fn row(&mut self, row: &[Value], ents: &Entities) -> io::Result<()> {
        let mut s = String::from("{");
        for (i, (c, v)) in self.columns.iter().zip(row).enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            json_str(c, &mut s);
            s.push_str(": ");
            json_value(v, ents, &mut s);
        }
        s.push_str("}\n");
        self.out.write_all(s.as_bytes())
    }

    fn end(&mut self, _end: &End) -> io::Result<()> {
        Ok(())
    }

    fn carries_plan(&self) -> bool {
        false
    }
}
