//! Import of the admin-import CSV convention that Neo4j and Memgraph also load: node files
//! with an `:ID` column, a `:LABEL` column (labels separated by `;`) and typed property
//! columns (`name:type`, `name:type[]`); relationship files with `:START_ID`, `:END_ID`,
//! `:TYPE` and typed property columns. Empty cells are missing properties.
//!
//! Everything is checked before anything is added: a bad header, cell or reference is an
//! error naming the file and line, and the graph is left as it was.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;
use std::sync::Arc;

use crate::error::StoreError;
use crate::store::Graph;
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

type Pairs = Vec<(Arc<str>, Value)>;

/// Reads a node row: its CSV id, labels and properties.
fn node_row(cols: &[Column], rec: &csv::StringRecord) -> Result<(String, Vec<String>, Pairs), String> {
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
    Ok((key, labels, props))
}

/// Reads a relationship row: start and end CSV ids, type and properties.
fn rel_row(cols: &[Column], rec: &csv::StringRecord) -> Result<(String, String, String, Pairs), String> {
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
    Ok((start, end, rel_type, props))
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
            let (key, labels, props) = node_row(cols, rec)?;
            nodes.push(NodeRow { key, labels, props, origin: (fi, line) });
            Ok(())
        })?;
    }
    let mut rels = Vec::new();
    for (fi, (path, text)) in src.relationships.iter().enumerate() {
        read_rows(path, text, |cols, rec, line| {
            let (start, end, rel_type, props) = rel_row(cols, rec)?;
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
        let labels: Vec<_> = n.labels.iter().map(|l| graph.intern(l)).collect();
        let props = n.props.iter().map(|(k, v)| (graph.intern(k), v.clone())).collect();
        let id = graph.add_node(&labels, crate::store::tx::dedup_props(props)).map_err(|m| StoreError::Import {
            path: paths[n.origin.0].to_string(),
            line: n.origin.1,
            message: m,
        })?;
        ids.insert(n.key.clone(), id);
    }
    for r in &rels {
        let t = graph.intern(&r.rel_type);
        let props = r.props.iter().map(|(k, v)| (graph.intern(k), v.clone())).collect();
        graph.add_rel(t, ids[&r.start], ids[&r.end], crate::store::tx::dedup_props(props)).map_err(|m| StoreError::Import {
            path: paths[r.origin.0].to_string(),
            line: r.origin.1,
            message: m,
        })?;
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

/// What a streaming import of files did.
#[derive(Debug, Default)]
pub struct FileReport {
    pub nodes: usize,
    pub relationships: usize,
    /// Bad rows, counted.
    pub rejected: usize,
    /// The first [`MAX_LISTED`] bad rows, each naming its file and line.
    pub errors: Vec<StoreError>,
}

/// How many rejected rows a [`FileReport`] lists.
pub const MAX_LISTED: usize = 20;

impl FileReport {
    fn reject(&mut self, e: StoreError) {
        self.rejected += 1;
        if self.errors.len() < MAX_LISTED {
            self.errors.push(e);
        }
    }
}

/// Imports node files, then relationship files, reading them from disk row by row (memory
/// grows with the graph, not with the files). Every row is read even after a bad one, so
/// the report lists all rejected rows; when any row is rejected the graph holds part of the
/// import and the caller must throw it away (the command line then saves nothing).
/// `progress` is told how many bytes of the files have been read so far.
pub fn import_files(
    graph: &mut Graph,
    nodes: &[&Path],
    relationships: &[&Path],
    progress: &mut dyn FnMut(u64),
) -> Result<FileReport, StoreError> {
    let mut report = FileReport::default();
    let mut ids: HashMap<String, (NodeId, usize, u64)> = HashMap::new();
    let mut done = 0u64;
    for (fi, path) in nodes.iter().enumerate() {
        done += stream_rows(path, done, progress, |cols, rec, line| {
            let name = path.display().to_string();
            let (key, labels, props) = match rec.and_then(|rec| node_row(cols, rec)) {
                Ok(row) => row,
                Err(message) => return report.reject(StoreError::Import { path: name, line, message }),
            };
            if let Some(&(_, pf, pl)) = ids.get(&key) {
                let message = format!("id '{key}' is used again (first at {}:{pl})", nodes[pf].display());
                return report.reject(StoreError::Import { path: name, line, message });
            }
            let labels: Vec<_> = labels.iter().map(|l| graph.intern(l)).collect();
            let props = props.into_iter().map(|(k, v)| (graph.intern(&k), v)).collect();
            let id = match graph.add_node(&labels, crate::store::tx::dedup_props(props)) {
                Ok(id) => id,
                Err(message) => return report.reject(StoreError::Import { path: name, line, message }),
            };
            ids.insert(key, (id, fi, line));
            report.nodes += 1;
        })?;
    }
    for path in relationships {
        done += stream_rows(path, done, progress, |cols, rec, line| {
            let name = path.display().to_string();
            let (start, end, rel_type, props) = match rec.and_then(|rec| rel_row(cols, rec)) {
                Ok(row) => row,
                Err(message) => return report.reject(StoreError::Import { path: name, line, message }),
            };
            let (Some(&(a, _, _)), Some(&(b, _, _))) = (ids.get(&start), ids.get(&end)) else {
                let missing = if ids.contains_key(&start) { end } else { start };
                return report.reject(StoreError::Import { path: name, line, message: format!("no node has id '{missing}'") });
            };
            let t = graph.intern(&rel_type);
            let props = props.into_iter().map(|(k, v)| (graph.intern(&k), v)).collect();
            if let Err(message) = graph.add_rel(t, a, b, crate::store::tx::dedup_props(props)) {
                return report.reject(StoreError::Import { path: name, line, message });
            }
            report.relationships += 1;
        })?;
    }
    progress(done);
    Ok(report)
}

/// Streams the data rows of one CSV file to `f` with their 1-based line; returns the file's
/// size. A bad header or unreadable file is an error; bad rows are `f`'s business.
fn stream_rows(
    path: &Path,
    before: u64,
    progress: &mut dyn FnMut(u64),
    mut f: impl FnMut(&[Column], Result<&csv::StringRecord, String>, u64),
) -> Result<u64, StoreError> {
    let name = path.display().to_string();
    let file = File::open(path).map_err(|source| StoreError::Io { path: name.clone(), source })?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).flexible(false).from_reader(BufReader::with_capacity(1 << 16, file));
    let header = rdr.headers().map_err(|e| StoreError::Import { path: name.clone(), line: 1, message: e.to_string() })?.clone();
    let cols = parse_header(&name, &header)?;
    let mut rec = csv::StringRecord::new();
    let mut rows = 0u64;
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => f(&cols, Ok(&rec), rec.position().map_or(0, |p| p.line())),
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                // A row of the wrong length is one bad row; anything else (bad UTF-8 is
                // reported per row too) stops the file.
                if !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. } | csv::ErrorKind::Utf8 { .. }) {
                    return Err(StoreError::Import { path: name, line, message: e.to_string() });
                }
                f(&cols, Err(e.to_string()), line);
            }
        }
        rows += 1;
        if rows.is_multiple_of(8192) {
            progress(before + rdr.position().byte());
        }
    }
    Ok(size)
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
        assert_eq!(g.node_prop(n0.id(), name), Some(Value::str("Celltrion, Inc.")));
        assert_eq!(n0.labels().len(), 2);
        assert!(g.node_prop(NodeId(1), founded).is_none(), "empty cell means missing");
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
