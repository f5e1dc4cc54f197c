//! A Cypher script that builds a subgraph again on a server engine: Neo4j (cypher-shell),
//! Memgraph (mgconsole) and FalkorDB (`GRAPH.QUERY`) all run it on an empty graph.
//!
//! One statement a line, each ending in `;`, in three parts:
//!
//! 1. nodes, in batches per label set:
//!    `UNWIND [{i: 0, p: {name: 'Celltrion'}}, ...] AS row CREATE (n:Company {_ieum_id: row.i}) SET n += row.p;`
//! 2. relationships, in batches per type and the first labels of their ends, matched to
//!    their ends by that temporary id:
//!    `UNWIND [{s: 0, e: 1, p: {...}}, ...] AS row MATCH (a:Company {_ieum_id: row.s}), (b:Product {_ieum_id: row.e}) CREATE (a)-[r:MANUFACTURES]->(b) SET r += row.p;`
//! 3. the temporary id removed: `MATCH (n) WHERE n._ieum_id IS NOT NULL SET n._ieum_id = null;`
//!
//! Only the common ground of the three engines is used: `UNWIND` over list literals, `SET +=`
//! with a map, names in backquotes unless they are plain ASCII words, strings in single
//! quotes with `\'`, `\\`, `\n`, `\r`, `\t` escapes, floats with a `.` or an exponent.
//! Values no engine stores as properties are still carried where possible, with a warning:
//! maps and lists mixing types become JSON text; NaN and infinities are left out. Temporal
//! values are written as `date('…')`, `datetime('…')`, ... (Neo4j and Memgraph read them;
//! FalkorDB reads dates only).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::result::{Entities, NodeEntity};
use crate::temporal::Temporal;
use crate::value::{Map, Value, format_float};

/// How many nodes or relationships one statement creates.
pub const BATCH: usize = 200;

/// The script and what it could not carry exactly.
#[derive(Clone, Debug, Default)]
pub struct CypherScript {
    pub text: String,
    pub warnings: Vec<String>,
}

/// A label, type or key: bare when it is a plain ASCII word, else in backquotes.
fn name(s: &str, out: &mut String) {
    let mut chars = s.chars();
    let plain =
        matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_') && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        out.push_str(s);
    } else {
        out.push('`');
        out.push_str(&s.replace('`', "``"));
        out.push('`');
    }
}

fn string(s: &str, out: &mut String) {
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('\'');
}

fn temporal(t: &Temporal) -> &'static str {
    match t {
        Temporal::Date(_) => "date",
        Temporal::LocalTime(_) => "localtime",
        Temporal::Time(_) => "time",
        Temporal::LocalDateTime(_) => "localdatetime",
        Temporal::DateTime(_) => "datetime",
        Temporal::Duration(_) => "duration",
    }
}

/// Whether every element of a list is of one storable kind (integers and floats together
/// count as numbers).
fn homogeneous(items: &[Value]) -> bool {
    let kind = |v: &Value| match v {
        Value::Int(_) | Value::Float(_) => 1,
        Value::String(_) => 2,
        Value::Bool(_) => 3,
        Value::Temporal(_) => 4,
        _ => 0,
    };
    items.first().is_none_or(|f| kind(f) != 0 && items.iter().all(|v| kind(v) == kind(f)))
}

/// Writes a property value; false when it is left out (the caller skips the key).
fn value(v: &Value, out: &mut String, warn: &mut dyn FnMut(String), what: &dyn Fn() -> String) -> bool {
    match v {
        Value::Null => return false,
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
            warn(format!("{}: {f} has no literal in Cypher; left out", what()));
            return false;
        }
        Value::String(s) => string(s, out),
        Value::Temporal(t) => {
            out.push_str(temporal(t));
            out.push('(');
            string(&t.to_string(), out);
            out.push(')');
        }
        Value::List(items) if homogeneous(items) && items.iter().all(|x| !matches!(x, Value::Float(f) if !f.is_finite())) => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                value(x, out, warn, what);
            }
            out.push(']');
        }
        other => {
            warn(format!("{}: a {} is not a property value the servers store; written as JSON text", what(), kind_name(other)));
            string(&super::json::json(other), out);
        }
    }
    true
}

fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Map(_) => "map",
        Value::List(_) => "list of mixed or nested values",
        _ => "value of this kind",
    }
}

fn props(p: &Map, out: &mut String, warn: &mut dyn FnMut(String), owner: &dyn Fn() -> String) {
    out.push('{');
    let mut first = true;
    for (k, v) in p.iter() {
        let mut item = String::new();
        name(k, &mut item);
        item.push_str(": ");
        if value(v, &mut item, warn, &|| format!("{} property `{k}`", owner())) {
            if !first {
                out.push_str(", ");
            }
            first = false;
            out.push_str(&item);
        }
    }
    out.push('}');
}

fn labels(n: &NodeEntity, out: &mut String) {
    for l in &n.labels {
        out.push(':');
        name(l, out);
    }
}

/// A key no node has, for the temporary id.
fn id_key(g: &Entities) -> String {
    let mut key = "_ieum_id".to_string();
    while g.nodes.values().any(|n| n.properties.contains_key(key.as_str())) {
        key.insert(0, '_');
    }
    key
}

/// The script that creates `g` on an empty graph.
pub fn script(g: &Entities) -> CypherScript {
    let mut warnings = Vec::new();
    let mut warn = |w: String| warnings.push(w);
    let key = id_key(g);
    let mut k = String::new();
    name(&key, &mut k);
    let mut text = String::new();
    let _ = writeln!(
        text,
        "// {} {} and {} {}, exported by ieum. Run on an empty graph, one statement a line.",
        g.nodes.len(),
        if g.nodes.len() == 1 { "node" } else { "nodes" },
        g.rels.len(),
        if g.rels.len() == 1 { "relationship" } else { "relationships" }
    );
    let _ = writeln!(text, "// Nodes carry a temporary {k} property until the relationships are made; the last line removes it.");
    // nodes, grouped by their label set, in id order within a group
    let mut groups: BTreeMap<Vec<&str>, Vec<&NodeEntity>> = BTreeMap::new();
    for n in g.nodes.values() {
        groups.entry(n.labels.iter().map(|l| &**l).collect()).or_default().push(n);
    }
    for nodes in groups.values() {
        for batch in nodes.chunks(BATCH) {
            let mut line = String::from("UNWIND [");
            for (i, n) in batch.iter().enumerate() {
                if i > 0 {
                    line.push_str(", ");
                }
                let _ = write!(line, "{{i: {}, p: ", n.id);
                props(&n.properties, &mut line, &mut warn, &|| format!("node {}", n.id));
                line.push('}');
            }
            let _ = write!(line, "] AS row CREATE (n");
            labels(batch[0], &mut line);
            let _ = writeln!(line, " {{{k}: row.i}}) SET n += row.p;");
            text.push_str(&line);
        }
    }
    // relationships, grouped by type and the first label of each end
    let first_label = |id| g.nodes.get(&id).and_then(|n| n.labels.first()).map(|l| &**l);
    let mut rels: BTreeMap<(&str, Option<&str>, Option<&str>), Vec<_>> = BTreeMap::new();
    for r in g.rels.values() {
        rels.entry((&*r.rel_type, first_label(r.start_slot), first_label(r.end_slot))).or_default().push(r);
    }
    for ((rel_type, start, end), list) in &rels {
        let end_pattern = |var: &str, label: &Option<&str>, field: &str| {
            let mut s = format!("({var}");
            if let Some(l) = label {
                s.push(':');
                name(l, &mut s);
            }
            let _ = write!(s, " {{{k}: row.{field}}})");
            s
        };
        for batch in list.chunks(BATCH) {
            let mut line = String::from("UNWIND [");
            for (i, r) in batch.iter().enumerate() {
                if i > 0 {
                    line.push_str(", ");
                }
                let _ = write!(line, "{{s: {}, e: {}, p: ", r.start, r.end);
                props(&r.properties, &mut line, &mut warn, &|| format!("relationship {}", r.id));
                line.push('}');
            }
            let mut t = String::new();
            name(rel_type, &mut t);
            let _ = writeln!(
                line,
                "] AS row MATCH {}, {} CREATE (a)-[r:{t}]->(b) SET r += row.p;",
                end_pattern("a", start, "s"),
                end_pattern("b", end, "e")
            );
            text.push_str(&line);
        }
    }
    let _ = writeln!(text, "MATCH (n) WHERE n.{k} IS NOT NULL SET n.{k} = null;");
    CypherScript { text, warnings }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Database;

    #[test]
    fn the_script_builds_the_same_graph_again() {
        let mut db = Database::new();
        db.execute(
            "CREATE (a:Company:`Big Co` {name: 'It\\'s \\\\ 셀트리온', founded: 1991, share: 0.5, tags: ['a', 'b']})-[:MAKES {since: 2013}]->(p:Product {name: 'Remsima'}), \
             (a)-[:MAKES]->(:Product {name: 'Truxima', `odd key`: true}), (:Lonely)",
        )
        .unwrap();
        let s = script(&db.contents());
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
        assert!(s.text.lines().filter(|l| !l.starts_with("//")).all(|l| l.ends_with(';')), "{}", s.text);
        let mut copy = Database::new();
        for line in s.text.lines().filter(|l| !l.starts_with("//")) {
            copy.execute(line.trim_end_matches(';')).unwrap_or_else(|e| panic!("{line}: {e}"));
        }
        let describe = |db: &mut Database| {
            let q = "MATCH (n) OPTIONAL MATCH (n)-[r]->(m) RETURN labels(n) AS l, properties(n) AS p, type(r) AS t, properties(r) AS rp, m.name AS m";
            let mut lines: Vec<String> = crate::render::csv(&db.execute(q).unwrap()).lines().map(String::from).collect();
            lines.sort();
            lines
        };
        assert_eq!(describe(&mut copy), describe(&mut db));
    }

    #[test]
    fn values_without_a_property_form_are_reported() {
        let mut db = Database::new();
        db.execute("CREATE (:A {m: 1, x: 0.0/0.0, l: [1, 'a']})").unwrap();
        let s = script(&db.contents());
        assert_eq!(s.warnings.len(), 2, "{:?}", s.warnings);
        assert!(s.text.contains("l: '[1, \"a\"]'") && !s.text.contains("x:"), "{}", s.text);
    }
}
