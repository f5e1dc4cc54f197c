//! Values in the language's literal notation: nodes as `(:Label {k: v})`, relationships as
//! `[:TYPE {k: v}]`, paths as `(a)-[:T]->(b)`, strings quoted where a literal needs it.

use std::fmt::Write as _;

use crate::result::Entities;
use crate::value::{Map, NodeId, RelId, Value, write_key, write_quoted};

/// Writes a value in the language's literal notation.
pub fn write_value(v: &Value, ents: &Entities, out: &mut String) {
    match v {
        Value::Node(id) => write_node(*id, ents, out),
        Value::Rel(id) => write_rel(*id, ents, out),
        Value::Path(p) => {
            write_node(p.nodes[0], ents, out);
            for (r, n) in p.rels.iter().zip(p.nodes.iter().skip(1)) {
                let forward = ents.rel(*r).is_none_or(|e| e.end_slot == *n);
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
            write_entries(m, ents, out);
            out.push('}');
        }
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

fn write_entries(m: &Map, ents: &Entities, out: &mut String) {
    for (i, (k, x)) in m.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write_key(k, out);
        out.push_str(": ");
        write_value(x, ents, out);
    }
}

fn write_props(props: &Map, ents: &Entities, out: &mut String) {
    if !props.is_empty() {
        out.push_str(" {");
        write_entries(props, ents, out);
        out.push('}');
    }
}

fn write_node(id: NodeId, ents: &Entities, out: &mut String) {
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

fn write_rel(id: RelId, ents: &Entities, out: &mut String) {
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

/// Quotes a string for the language (used when echoing parameters).
pub fn quoted(s: &str) -> String {
    let mut out = String::new();
    let _ = write_quoted(s, &mut out);
    out
}
