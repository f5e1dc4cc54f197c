//! The admin-import CSV layout that Neo4j (`neo4j-admin database import`), Memgraph and
//! ieum's own [`crate::import`] load: node files with an id column, `:LABEL` (labels
//! joined by `;`) and typed property columns (`founded:int`, `aliases:string[]`);
//! relationship files with `:START_ID`, `:END_ID`, `:TYPE` and typed property columns.
//!
//! Ids: when every node has a distinct, non-empty string property `id` (as the bundled
//! graph does), that is the id column `id:ID`, exactly as in `graph-data/`; otherwise the
//! column is `:ID` holding ieum's node ids and an `id` property is an ordinary column.
//!
//! A key holding values of several types gets one column per type (`x:int`, `x`); each
//! row fills one. Values the layout cannot carry are still written, with a warning:
//! empty strings and empty lists (an empty cell reads back as a missing property), `;`
//! inside a string-array element (the array separator), lists mixing integers and floats
//! (written as `float[]`), and other lists or maps (JSON text in a string column). Keys
//! that import would read differently (empty, or with spaces at either end) are left out
//! with a warning, as are labels holding `;`.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::json::json;
use crate::result::{Entities, NodeEntity};
use crate::value::{Map, Value};

/// One file of an export: path relative to the export directory, and contents.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvFile {
    pub path: String,
    pub text: String,
}

/// The files of an export and what they could not carry exactly.
#[derive(Clone, Debug, Default)]
pub struct CsvExport {
    /// Node files first, then relationship files, each group sorted by path.
    pub files: Vec<CsvFile>,
    pub warnings: Vec<String>,
}

/// How rows are spread over files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// `nodes/<first label>.csv` and `relationships/<TYPE>.csv`, like `graph-data/`.
    PerLabel,
    /// `nodes.csv` and `relationships.csv`.
    TwoFiles,
}

/// A property column's type, in header order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Col {
    Str,
    Int,
    Float,
    Bool,
    StrArr,
    IntArr,
    FloatArr,
    BoolArr,
}

impl Col {
    fn suffix(self, key: &str) -> &'static str {
        match self {
            Col::Str if key.contains(':') => ":string",
            Col::Str => "",
            Col::Int => ":int",
            Col::Float => ":float",
            Col::Bool => ":boolean",
            Col::StrArr => ":string[]",
            Col::IntArr => ":int[]",
            Col::FloatArr => ":float[]",
            Col::BoolArr => ":boolean[]",
        }
    }
}

fn float_text(x: f64) -> String {
    format!("{x:?}")
}

/// The column type and cell text of a value; `warn` receives what will not read back.
fn cell(v: &Value, warn: &mut dyn FnMut(&str)) -> (Col, String) {
    match v {
        Value::String(s) => {
            if s.is_empty() {
                warn("an empty string reads back as a missing property");
            }
            (Col::Str, s.to_string())
        }
        Value::Int(i) => (Col::Int, i.to_string()),
        Value::Float(x) => (Col::Float, float_text(*x)),
        Value::Bool(b) => (Col::Bool, b.to_string()),
        Value::List(items) => {
            let join = |f: &dyn Fn(&Value) -> Option<String>| items.iter().map(f).collect::<Option<Vec<_>>>().map(|v| v.join(";"));
            if items.is_empty() {
                warn("an empty list reads back as a missing property");
                return (Col::StrArr, String::new());
            }
            if let Some(t) = join(&|x| if let Value::String(s) = x { Some(s.to_string()) } else { None }) {
                if items.iter().any(|x| matches!(x, Value::String(s) if s.contains(';'))) {
                    warn("a string-array element holds ';', the array separator");
                }
                if t.is_empty() {
                    warn("a list of one empty string reads back as a missing property");
                }
                return (Col::StrArr, t);
            }
            if let Some(t) = join(&|x| if let Value::Int(i) = x { Some(i.to_string()) } else { None }) {
                return (Col::IntArr, t);
            }
            if let Some(t) = join(&|x| if let Value::Bool(b) = x { Some(b.to_string()) } else { None }) {
                return (Col::BoolArr, t);
            }
            if let Some(t) = join(&|x| x.as_f64().map(float_text)) {
                if items.iter().any(|x| matches!(x, Value::Int(_))) {
                    warn("a list mixing integers and floats is written as float[]");
                }
                return (Col::FloatArr, t);
            }
            warn("a list of mixed or nested values is written as JSON text");
            (Col::Str, json(v))
        }
        Value::Temporal(t) => {
            // ISO 8601 text, as `toString()` gives it: a date(), datetime() or duration() call
            // on the column turns it back into a temporal value after import
            warn("a date, time or duration is written as its ISO 8601 text and reads back as a string");
            (Col::Str, t.to_string())
        }
        other => {
            warn("a map (or graph element) is written as JSON text");
            (Col::Str, json(other))
        }
    }
}

/// A key import reads back as itself.
fn key_ok(k: &str) -> bool {
    !k.is_empty() && k.trim() == k
}

/// A file name from a label or type: letters, digits, `_` and `-` kept, others `_`.
fn file_stem(name: &str) -> String {
    let s: String = name.chars().map(|c| if c.is_alphanumeric() || c == '_' || c == '-' { c } else { '_' }).collect();
    if s.is_empty() { "_".to_string() } else { s }
}

/// Rows of one file: fixed leading cells, then properties.
struct Group<'a> {
    path: String,
    rows: Vec<(Vec<String>, &'a Map)>,
}

fn group_key(layout: Layout, dir: &str, single: &str, name: Option<&str>) -> (String, String) {
    match (layout, name) {
        (Layout::TwoFiles, _) => (single.to_string(), format!("{single}.csv")),
        (Layout::PerLabel, Some(n)) => (file_stem(n).to_lowercase(), format!("{dir}/{}.csv", file_stem(n))),
        (Layout::PerLabel, None) => ("_".to_string(), format!("{dir}/_no_label.csv")),
    }
}

fn write_group(group: &Group<'_>, lead: &[&str], warnings: &mut Vec<String>, what: &str) -> CsvFile {
    let mut cols: BTreeSet<(&str, Col)> = BTreeSet::new();
    let mut cells: Vec<BTreeMap<(&str, Col), String>> = Vec::with_capacity(group.rows.len());
    for (lead_cells, props) in &group.rows {
        let mut row = BTreeMap::new();
        for (k, v) in props.iter() {
            let mut warn = |m: &str| warnings.push(format!("{}: {what} {}: property '{k}': {m}", group.path, lead_cells[0]));
            if !key_ok(k) {
                warn("left out: import would read the key without its surrounding spaces");
                continue;
            }
            let (col, text) = cell(v, &mut warn);
            cols.insert((&**k, col));
            row.insert((&**k, col), text);
        }
        cells.push(row);
    }
    let mut w = ::csv::WriterBuilder::new().terminator(::csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    let header: Vec<String> = lead.iter().map(|s| s.to_string()).chain(cols.iter().map(|(k, c)| format!("{k}{}", c.suffix(k)))).collect();
    let _ = w.write_record(&header);
    for ((lead_cells, _), row) in group.rows.iter().zip(&cells) {
        let rec = lead_cells.iter().cloned().chain(cols.iter().map(|c| row.get(c).cloned().unwrap_or_default()));
        let _ = w.write_record(rec);
    }
    let text = w.into_inner().map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
    CsvFile { path: group.path.clone(), text }
}

/// The CSV files of a subgraph. Relationships whose ends are not in `g` are skipped.
pub fn export(g: &Entities, layout: Layout) -> CsvExport {
    let mut out = CsvExport::default();
    // Use the `id` property as the id column when it identifies every node.
    let mut seen = HashSet::new();
    let by_prop = !g.nodes.is_empty()
        && g.nodes.values().all(|n| matches!(n.properties.get("id"), Some(Value::String(s)) if !s.is_empty() && seen.insert(s.clone())));
    let key_of = |n: &NodeEntity| match (by_prop, n.properties.get("id")) {
        (true, Some(Value::String(s))) => s.to_string(),
        _ => n.id.to_string(),
    };
    let mut stripped: BTreeMap<_, Map> = BTreeMap::new();
    if by_prop {
        for n in g.nodes.values() {
            let mut m = n.properties.clone();
            m.remove("id");
            stripped.insert(n.id, m);
        }
    }
    let mut groups: BTreeMap<String, Group<'_>> = BTreeMap::new();
    for n in g.nodes.values() {
        for l in n.labels.iter().filter(|l| l.contains(';') || l.trim() != &***l || l.is_empty()) {
            out.warnings
                .push(format!("node {}: label '{l}' holds ';' or surrounding spaces and will not read back as one label", key_of(n)));
        }
        let (k, path) = group_key(layout, "nodes", "nodes", n.labels.first().map(|l| &**l));
        let labels = n.labels.iter().map(|l| &**l).collect::<Vec<_>>().join(";");
        let props = stripped.get(&n.id).unwrap_or(&n.properties);
        groups.entry(k).or_insert_with(|| Group { path, rows: Vec::new() }).rows.push((vec![key_of(n), labels], props));
    }
    let id_col = if by_prop { "id:ID" } else { ":ID" };
    let mut node_files: Vec<CsvFile> = groups.values().map(|gr| write_group(gr, &[id_col, ":LABEL"], &mut out.warnings, "node")).collect();
    let mut rel_groups: BTreeMap<String, Group<'_>> = BTreeMap::new();
    for r in g.rels.values() {
        let (Some(a), Some(b)) = (g.node(r.start_slot), g.node(r.end_slot)) else {
            out.warnings.push(format!("relationship {} skipped: an end node is not in the export", r.id));
            continue;
        };
        let (k, path) = group_key(layout, "relationships", "relationships", Some(&r.rel_type));
        let path = if layout == Layout::PerLabel && r.rel_type.is_empty() { "relationships/_no_type.csv".to_string() } else { path };
        if r.rel_type.is_empty() {
            out.warnings.push(format!("relationship {}: an empty type does not read back", r.id));
        }
        let lead = vec![key_of(a), key_of(b), r.rel_type.to_string()];
        rel_groups.entry(k).or_insert_with(|| Group { path, rows: Vec::new() }).rows.push((lead, &r.properties));
    }
    let mut rel_files: Vec<CsvFile> =
        rel_groups.values().map(|gr| write_group(gr, &[":START_ID", ":END_ID", ":TYPE"], &mut out.warnings, "relationship from")).collect();
    node_files.sort_by(|a, b| a.path.cmp(&b.path));
    rel_files.sort_by(|a, b| a.path.cmp(&b.path));
    out.files = node_files.into_iter().chain(rel_files).collect();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_columns_and_warnings() {
        let mut db = crate::Database::new();
        db.execute("CREATE (:A {name: 'x', n: 1, f: 1.5, ok: true, tags: ['a', 'b'], nums: [1, 2]}), (:A {n: 'one', e: ''})").unwrap();
        let ex = export(&db.contents(), Layout::PerLabel);
        assert_eq!(ex.files.len(), 1);
        let text = &ex.files[0].text;
        assert_eq!(text.lines().next().unwrap(), ":ID,:LABEL,e,f:float,n,n:int,name,nums:int[],ok:boolean,tags:string[]");
        assert!(text.contains("0,A,,1.5,,1,x,1;2,true,a;b\n"), "{text}");
        assert!(text.contains("1,A,,,one,,,,,\n"), "{text}");
        assert_eq!(ex.warnings.len(), 1, "{:?}", ex.warnings);
        assert!(ex.warnings[0].contains("empty string"));
    }

    #[test]
    fn temporal_values_are_iso_text() {
        let mut db = crate::Database::new();
        db.execute("CREATE (:T {d: date('2020-02-29'), du: duration('P1DT2H')})").unwrap();
        let ex = export(&db.contents(), Layout::PerLabel);
        assert_eq!(ex.files[0].text, ":ID,:LABEL,d,du\n0,T,2020-02-29,P1DT2H\n");
        assert_eq!(ex.warnings.len(), 2, "{:?}", ex.warnings);
        assert!(ex.warnings.iter().all(|w| w.contains("ISO 8601 text")), "{:?}", ex.warnings);
    }

    #[test]
    fn the_id_property_becomes_the_id_column() {
        let mut db = crate::Database::new();
        db.execute("CREATE (:A {id: 'a'})-[:R {w: 1}]->(:B {id: 'b'})").unwrap();
        let ex = export(&db.contents(), Layout::TwoFiles);
        let paths: Vec<&str> = ex.files.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["nodes.csv", "relationships.csv"]);
        assert_eq!(ex.files[0].text, "id:ID,:LABEL\na,A\nb,B\n");
        assert_eq!(ex.files[1].text, ":START_ID,:END_ID,:TYPE,w:int\na,b,R,1\n");
    }
}
