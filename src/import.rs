//! Import of the admin-import CSV convention that Neo4j and Memgraph also load: node files
//! with an `:ID` column, a `:LABEL` column (labels separated by `;`) and typed property
//! columns (`name:type`, `name:type[]`); relationship files with `:START_ID`, `:END_ID`,
//! `:TYPE` and typed property columns. Empty cells are missing properties.
//!
//! Everything is checked before anything is added: a bad header, cell or reference is an
//! error naming the file and line, and the graph is left as it was.

use std::collections::HashMap;
use std::sync::Arc;

use crate::error::StoreError;
use crate::store::{Graph, Props};
use crate::value::{NodeId, Value};

/// A property column's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scalar {
    String,
    Int,
    Float,
    Bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Column {
    /// The row's id; with a name (`id:ID`) it is also stored as a string property.
    Id(Option<Arc<str>>),
    Label,
    Start,
    End,
    Type,
    Ignore,
    Prop {
        name: Arc<str>,
        ty: Scalar,
        array: bool,
    },
}

fn parse_header(path: &str, cells: &csv::StringRecord) -> Result<Vec<Column>, StoreError> {
    let err = |m: String| StoreError::Import { path: path.to_string(), line: 1, message: m };
    let mut cols = Vec::with_capacity(cells.len());
    for cell in cells.iter() {
        let (name, ty) = match cell.rsplit_once(':') {
            Some((n, t)) => (n.trim(), t.trim()),
            None => (cell.trim(), "string"),
        };
        let lower = ty.to_ascii_lowercase();
        // `:ID(group)` and `:START_ID(group)` name an id space; one space is assumed.
        let base = lower.split('(').next().unwrap_or("");
        cols.push(match base {
            "id" => Column::Id(if name.is_empty() { None } else { Some(Arc::from(name)) }),
            "label" => Column::Label,
            "start_id" => Column::Start,
            "end_id" => Column::End,
            "type" => Column::Type,
            "ignore" => Column::Ignore,
            _ => {
                let (t, array) = match lower.strip_suffix("[]") {
                    Some(t) => (t, true),
                    None => (lower.as_str(), false),
                };
                let ty = match t {
                    "string" | "char" | "" => Scalar::String,
                    "int" | "long" | "short" | "byte" => Scalar::Int,
                    "float" | "double" => Scalar::Float,
                    "boolean" => Scalar::Bool,
                    other => return Err(err(format!("column '{cell}' has an unknown type '{other}' (use string, int, long, float, double or boolean, with [] for arrays)"))),
                };
                if name.is_empty() {
                    return Err(err(format!("column '{cell}' has no property name")));
                }
                Column::Prop { name: Arc::from(name), ty, array }
            }
        });
    }
    Ok(cols)
}

fn parse_scalar(text: &str, ty: Scalar) -> Result<Value, String> {
    let t = text.trim();
    match ty {
        Scalar::String => Ok(Value::str(text)),
        Scalar::Int => t.parse::<i64>().map(Value::Int).map_err(|_| format!("'{text}' is not an integer")),
        Scalar::Float => t.parse::<f64>().map(Value::Float).map_err(|_| format!("'{text}' is not a number")),
        Scalar::Bool => match t.to_ascii_lowercase().as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("'{text}' is not true or false")),
        },
    }
}

fn parse_cell(text: &str, ty: Scalar, array: bool) -> Result<Value, String> {
    if array {
        let items = text.split(';').map(|x| parse_scalar(x, ty)).collect::<Result<Vec<_>, _>>()?;
        Ok(Value::list(items))
    } else {
        parse_scalar(text, ty)
    }
}

/// A node row, checked and ready to insert.
struct NodeRow {
    key: String,
    labels: Vec<String>,
    props: Vec<(Arc<str>, Value)>,
    origin: (usize, u64),
}

struct RelRow {
    start: String,
    end: String,
    rel_type: String,
    props: Vec<(Arc<str>, Value)>,
    origin: (usize, u64),
}

/// Counts of what an import added.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub nodes: usize,
    pub relationships: usize,
}

/// Files to import: (name for messages, contents).
pub struct Sources<'a> {
    pub nodes: Vec<(&'a str, &'a str)>,
    pub relationships: Vec<(&'a str, &'a str)>,
}

/// Imports node and relationship files into `graph`. On any error nothing is added.
/// Returns the map from CSV ids to node ids too, for callers that link further data.
pub fn import(graph: &mut Graph, src: &Sources<'_>) -> Result<(ImportReport, HashMap<String, NodeId>), StoreError> {
    let paths: Vec<&str> = src.nodes.iter().chain(&src.relationships).map(|(p, _)| *p).collect();
    let mut nodes = Vec::new();
    for (fi, (path, text)) in src.nodes.iter().enumerate() {
        read_rows(path, text, |cols, rec, line| {
            let mut key = None;
            let mut labels = Vec::new();
            let mut props = Vec::new();
            for (c, cell) in cols.iter().zip(rec.iter()) {
                match c {
                    Column::Id(name) => {
                        key = Some(cell.to_string());
                        if let (Some(n), false) = (name, cell.is_empty()) {
                            props.push((n.clone(), Value::str(cell)));
                        }
                    }
                    Column::Label => labels.extend(cell.split(';').map(str::trim).filter(|l| !l.is_empty()).map(String::from)),
                    Column::Prop { name, ty, array } if !cell.is_empty() => {
                        props.push((name.clone(), parse_cell(cell, *ty, *array).map_err(|m| format!("column {name}: {m}"))?));
                    }
                    Column::Start | Column::End | Column::Type => {
                        return Err("a node file cannot have :START_ID, :END_ID or :TYPE columns".into());
                    }
                    _ => {}
                }
            }
            let key = key.filter(|k| !k.is_empty()).ok_or("the row has no :ID value")?;
            nodes.push(NodeRow { key, labels, props, origin: (fi, line) });
            Ok(())
        })?;
    }
    let mut rels = Vec::new();
    for (fi, (path, text)) in src.relationships.iter().enumerate() {
        read_rows(path, text, |cols, rec, line| {
            let (mut start, mut end, mut ty) = (None, None, None);
            let mut props = Vec::new();
            for (c, cell) in cols.iter().zip(rec.iter()) {
                match c {
                    Column::Start => start = Some(cell.to_string()),
                    Column::End => end = Some(cell.to_string()),
                    Column::Type => ty = Some(cell.to_string()),
                    Column::Prop { name, ty, array } if !cell.is_empty() => {
                        props.push((name.clone(), parse_cell(cell, *ty, *array).map_err(|m| format!("column {name}: {m}"))?));
                    }
                    Column::Id(_) | Column::Label => return Err("a relationship file cannot have :ID or :LABEL columns".into()),
                    _ => {}
                }
            }
            let start = start.filter(|s| !s.is_empty()).ok_or("the row has no :START_ID value")?;
            let end = end.filter(|s| !s.is_empty()).ok_or("the row has no :END_ID value")?;
            let rel_type = ty.filter(|s| !s.is_empty()).ok_or("the row has no :TYPE value")?;
            rels.push(RelRow { start, end, rel_type, props, origin: (src.nodes.len() + fi, line) });
            Ok(())
        })?;
    }
    // Check references before touching the graph.
    let mut keys: HashMap<&str, usize> = HashMap::with_capacity(nodes.len());
    for (i, n) in nodes.iter().enumerate() {
        if let Some(prev) = keys.insert(n.key.as_str(), i) {
            let p = &nodes[prev];
            return Err(StoreError::Import {
                path: paths[n.origin.0].to_string(),
                line: n.origin.1,
                message: format!("id '{}' is used again (first at {}:{})", n.key, paths[p.origin.0], p.origin.1),
            });
        }
    }
    for r in &rels {
        for end in [&r.start, &r.end] {
            if !keys.contains_key(end.as_str()) {
                return Err(StoreError::Import {
                    path: paths[r.origin.0].to_string(),
                    line: r.origin.1,
                    message: format!("no node has id '{end}'"),
                });
            }
        }
    }
    // Apply.
    let mut ids = HashMap::with_capacity(nodes.len());
    for n in &nodes {
        let id = graph.alloc_node_id();
        let labels = n.labels.iter().map(|l| graph.intern(l)).collect();
        let props = Props::from_pairs(n.props.iter().map(|(k, v)| (graph.intern(k), v.clone())).collect::<Vec<_>>());
        graph.insert_node(id, labels, props);
        ids.insert(n.key.clone(), id);
    }
    for r in &rels {
        let id = graph.alloc_rel_id();
        let t = graph.intern(&r.rel_type);
        let props = Props::from_pairs(r.props.iter().map(|(k, v)| (graph.intern(k), v.clone())).collect::<Vec<_>>());
        graph.insert_rel(id, t, ids[&r.start], ids[&r.end], props);
    }
    Ok((ImportReport { nodes: nodes.len(), relationships: rels.len() }, ids))
}

/// Reads a CSV text, handing each data row (with its 1-based line) to `f`.
fn read_rows(
    path: &str,
    text: &str,
    mut f: impl FnMut(&[Column], &csv::StringRecord, u64) -> Result<(), String>,
) -> Result<(), StoreError> {
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(text.as_bytes());
    let header = rdr.headers().map_err(|e| StoreError::Import { path: path.to_string(), line: 1, message: e.to_string() })?.clone();
    let cols = parse_header(path, &header)?;
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            StoreError::Import { path: path.to_string(), line, message: format!("{e}") }
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        f(&cols, &rec, line).map_err(|message| StoreError::Import { path: path.to_string(), line, message })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_typed_columns_and_arrays() {
        let mut g = Graph::new();
        let nodes = "id:ID,:LABEL,name,founded:int,aliases:string[],score:float\nc1,Company;Pharma,\"Celltrion, Inc.\",2002,Cell;CT,\nc2,Company,Samsung Biologics,,,1.5\n";
        let rels = ":START_ID,:END_ID,:TYPE,since:int\nc1,c2,PARTNERS_WITH,2020\n";
        let (r, _) = import(&mut g, &Sources { nodes: vec![("n.csv", nodes)], relationships: vec![("r.csv", rels)] }).unwrap();
        assert_eq!(r, ImportReport { nodes: 2, relationships: 1 });
        let name = g.sym("name").unwrap();
        let founded = g.sym("founded").unwrap();
        let n0 = g.node(NodeId(0)).unwrap();
        assert_eq!(n0.props.get(name), Some(&Value::str("Celltrion, Inc.")));
        assert_eq!(n0.labels.len(), 2);
        assert!(g.node(NodeId(1)).unwrap().props.get(founded).is_none(), "empty cell means missing");
    }

    #[test]
    fn bad_rows_name_file_and_line_and_add_nothing() {
        let mut g = Graph::new();
        let nodes = "id:ID,n:int\na,1\nb,x\n";
        let e = import(&mut g, &Sources { nodes: vec![("n.csv", nodes)], relationships: vec![] }).unwrap_err();
        assert_eq!(e.to_string(), "n.csv:3: column n: 'x' is not an integer");
        assert_eq!(g.node_count(), 0);
        let rels = ":START_ID,:END_ID,:TYPE\na,zz,R\n";
        let e = import(&mut g, &Sources { nodes: vec![("n.csv", "id:ID\na\n")], relationships: vec![("r.csv", rels)] }).unwrap_err();
        assert_eq!(e.to_string(), "r.csv:2: no node has id 'zz'");
        assert_eq!(g.node_count(), 0);
    }
}
