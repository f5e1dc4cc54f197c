//! Import of the admin-import CSV convention that Neo4j and Memgraph also load: node files
//! with an `:ID` column (in an optional ID space, `:ID(Company)`), a `:LABEL` column (labels
//! separated by `;`) and typed property columns (`name:type`, `name:type[]`); relationship
//! files with `:START_ID`, `:END_ID`, `:TYPE` and typed property columns. Empty cells are
//! missing properties. Files come in groups that share labels or a type given on the
//! command line (`--nodes=Company:Listed=a.csv,b.csv`); a first file holding only a header
//! row gives the header of the others.
//!
//! Each file is read in pieces on every core (see [`parse`]) straight into typed columns.
//! Into an empty graph the result is assembled in bulk, relationships ordered by start node
//! so that the adjacency arrays come out in relationship order; into a graph that holds
//! data already, the new entities are added to it, and relationships may join nodes that
//! were there before (found by the id property their ID space is stored under).
//!
//! Nothing is changed unless the whole import succeeds: a bad header or unreadable file is
//! an error, and bad rows are counted and listed (file and line each) and, unless they are
//! duplicate nodes or dangling relationships the options say to skip, refuse the import.

mod header;
mod parse;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use header::{Column, Kind, Scalar};
use parse::{Builder, Dialect, Problem};

use crate::error::StoreError;
use crate::store::columns::{Column as StoreColumn, Columns};
use crate::store::graph::Parts;
use crate::store::labels::LabelSets;
use crate::store::{Graph, Sym};
use crate::value::{NodeId, Value};

/// How ids of an ID space are compared.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum IdType {
    /// As text (`007` and `7` differ).
    #[default]
    String,
    /// As integers (`007` is `7`); a named id column is stored as an integer property.
    Integer,
}

/// How to read the files.
#[derive(Clone, Debug)]
pub struct Options {
    pub delimiter: u8,
    /// Separates the items of an array cell and the labels of a `:LABEL` cell.
    pub array_delimiter: u8,
    pub quote: u8,
    pub id_type: IdType,
    /// Leave out a node whose id its ID space already holds, instead of refusing the import.
    pub skip_duplicate_nodes: bool,
    /// Leave out a relationship whose start or end id no node has.
    pub skip_bad_relationships: bool,
    /// Threads that parse (at least 1).
    pub threads: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            delimiter: b',',
            array_delimiter: b';',
            quote: b'"',
            id_type: IdType::String,
            skip_duplicate_nodes: false,
            skip_bad_relationships: false,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()).min(8),
        }
    }
}

/// Where a file's text comes from.
pub enum Data<'a> {
    Text(&'a str),
    File(PathBuf),
}

/// Files that share labels (node files) or a type (relationship files).
pub struct Group<'a> {
    /// Labels added to every node, or the type of every relationship without a `:TYPE` cell.
    pub names: Vec<String>,
    /// (name for messages, contents).
    pub files: Vec<(String, Data<'a>)>,
}

impl<'a> Group<'a> {
    /// One file with its own header and nothing added.
    pub fn file(name: impl Into<String>, data: Data<'a>) -> Self {
        Group { names: Vec::new(), files: vec![(name.into(), data)] }
    }
}

/// What an import did.
#[derive(Debug, Default)]
pub struct Report {
    pub nodes: usize,
    pub relationships: usize,
    /// Rows left out as the options allow (duplicate nodes, dangling relationships).
    pub skipped_nodes: usize,
    pub skipped_relationships: usize,
    /// Bad rows that refused the import.
    pub rejected: usize,
    /// The first [`MAX_LISTED`] rows skipped or rejected, each naming file and line.
    pub problems: Vec<StoreError>,
}

/// How many problem rows a [`Report`] lists.
pub const MAX_LISTED: usize = 20;

impl Report {
    fn note(&mut self, path: &str, (line, message): Problem) {
        if self.problems.len() < MAX_LISTED {
            self.problems.push(StoreError::Import { path: path.to_string(), line, message });
        }
    }
}

/// Node files as texts: (name, contents). Kept for loaders of compiled-in or generated data.
pub struct Sources<'a> {
    pub nodes: Vec<(&'a str, &'a str)>,
    pub relationships: Vec<(&'a str, &'a str)>,
}

/// Imports texts into `graph`; the first bad row is the error, and nothing is added.
pub fn import(graph: &mut Graph, src: &Sources<'_>) -> Result<Report, StoreError> {
    fn groups<'a>(files: &[(&'a str, &'a str)]) -> Vec<Group<'a>> {
        files.iter().map(|(name, text)| Group::file(*name, Data::Text(text))).collect()
    }
    let (nodes, rels) = (groups(&src.nodes), groups(&src.relationships));
    let opts = Options { threads: 1, ..Options::default() };
    let report = run(graph, &nodes, &rels, &opts, &mut |_| {})?;
    match report.problems.into_iter().next() {
        Some(first) if report.rejected > 0 => Err(first),
        _ => Ok(Report { problems: Vec::new(), ..report }),
    }
}

// ----- reading --------------------------------------------------------------------------

/// A file's text with its header read.
struct Loaded<'a> {
    name: String,
    text: std::borrow::Cow<'a, [u8]>,
    /// Where the data rows start, and on which line.
    body: usize,
    first_line: u64,
}

fn load<'a>(name: &str, data: &Data<'a>) -> Result<std::borrow::Cow<'a, [u8]>, StoreError> {
    match data {
        Data::Text(t) => Ok(std::borrow::Cow::Borrowed(t.as_bytes())),
        Data::File(p) => std::fs::read(p).map(std::borrow::Cow::Owned).map_err(|source| StoreError::Io { path: name.to_string(), source }),
    }
}

/// Reads a group's files and their headers (a header-only first file heads the others).
fn read_group<'a>(group: &Group<'a>, kind: Kind, dialect: &Dialect) -> Result<Vec<(Loaded<'a>, Vec<Column>)>, StoreError> {
    let mut out = Vec::new();
    let mut shared: Option<Vec<Column>> = None;
    for (i, (name, data)) in group.files.iter().enumerate() {
        let text = load(name, data)?;
        let err = |line: u64, message: String| StoreError::Import { path: name.clone(), line, message };
        if let Some(cols) = &shared {
            out.push((Loaded { name: name.clone(), text, body: 0, first_line: 1 }, cols.clone()));
            continue;
        }
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(dialect.delimiter)
            .quote(dialect.quote)
            .from_reader(&text[..]);
        let mut rec = csv::StringRecord::new();
        match rdr.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => return Err(err(1, "the file is empty: it needs a header row".into())),
            Err(e) => return Err(err(1, format!("cannot read the header: {e}"))),
        }
        let cols = header::parse(&rec, kind).map_err(|m| err(1, m))?;
        if kind == Kind::Nodes && !cols.iter().any(|c| matches!(c, Column::Id { .. })) && group.files.len() > 1 {
            // allowed: nodes without ids cannot be referred to, which is fine
        }
        let body = rdr.position().byte() as usize;
        let first_line = rdr.position().line();
        if i == 0 && group.files.len() > 1 && text[body..].iter().all(|b| b.is_ascii_whitespace()) {
            shared = Some(cols);
            continue;
        }
        out.push((Loaded { name: name.clone(), text, body, first_line }, cols));
    }
    Ok(out)
}

/// The pieces of a file's rows, for `threads` threads.
fn pieces<'t>(file: &'t Loaded<'_>, threads: usize, quote: u8) -> Result<Vec<(&'t [u8], u64)>, StoreError> {
    let body = &file.text[file.body..];
    let parts = if body.len() < (1 << 20) { 1 } else { threads.max(1) };
    let ranges = parse::split(body, parts, quote).map_err(|at| StoreError::Import {
        path: file.name.clone(),
        line: file.first_line + parse::lines_in(&body[..at]),
        message: "a quoted field opens here and is never closed (an unmatched quote)".into(),
    })?;
    let mut out = Vec::with_capacity(ranges.len());
    let mut line = file.first_line;
    let mut at = 0;
    for r in ranges {
        line += parse::lines_in(&body[at..r.start]);
        at = r.start;
        out.push((&body[r], line));
    }
    Ok(out)
}

/// Runs `f` on every piece, on threads of their own when there are several.
fn in_parallel<'p, T: Send>(pieces: &[(&'p [u8], u64)], f: impl Fn(&'p [u8], u64) -> T + Sync) -> Vec<T> {
    if pieces.len() <= 1 {
        return pieces.iter().map(|(p, l)| f(p, *l)).collect();
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = pieces.iter().map(|(p, l)| s.spawn(|| f(p, *l))).collect();
        handles.into_iter().map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

// ----- nodes ----------------------------------------------------------------------------

/// The accepted rows of one piece of a node file.
struct NodePiece {
    rows: usize,
    lines: Vec<u32>,
    /// Id texts, one after the other (`id_ends[i]` ends row i's), when there is an id column.
    id_bytes: Vec<u8>,
    id_ends: Vec<u32>,
    /// Index of each row's `:LABEL` cell in `label_cells`.
    labels: Vec<u32>,
    label_cells: Vec<String>,
    props: Vec<Builder>,
    problems: Vec<Problem>,
}

impl NodePiece {
    fn id(&self, row: usize) -> &str {
        let start = if row == 0 { 0 } else { self.id_ends[row - 1] as usize };
        std::str::from_utf8(&self.id_bytes[start..self.id_ends[row] as usize]).unwrap_or("")
    }
}

fn parse_nodes(piece: &[u8], first_line: u64, cols: &[Column], dialect: &Dialect, id_type: IdType) -> NodePiece {
    let props = prop_columns(cols, id_type);
    let id_col = cols.iter().position(|c| matches!(c, Column::Id { .. }));
    let label_col = cols.iter().position(|c| matches!(c, Column::Label));
    let mut out = NodePiece {
        rows: 0,
        lines: Vec::new(),
        id_bytes: Vec::new(),
        id_ends: Vec::new(),
        labels: Vec::new(),
        label_cells: Vec::new(),
        props: props.iter().map(|(_, ty, array)| Builder::new(*ty, *array)).collect(),
        problems: Vec::new(),
    };
    let mut cell_index: HashMap<String, u32> = HashMap::new();
    let reader_problems = parse::records(piece, first_line, cols.len(), dialect, |rec, line| {
        let id = id_col.map(|i| rec.get(i).unwrap_or(""));
        if id.is_some_and(str::is_empty) {
            out.problems.push((line, "the row has no :ID value".into()));
            return;
        }
        if let (Some(id), IdType::Integer) = (id, id_type)
            && id.trim().parse::<i64>().is_err()
        {
            out.problems.push((line, format!("id '{id}' is not an integer (--id-type integer)")));
            return;
        }
        let row = out.rows;
        for (k, &(i, ty, array)) in props.iter().enumerate() {
            match parse::cell(rec.get(i).unwrap_or(""), ty, array, dialect) {
                Ok(c) => out.props[k].push(row, c),
                Err(m) => {
                    out.props[..k].iter_mut().for_each(|b| b.truncate(row));
                    out.problems.push((line, format!("column {}: {m}", column_name(&cols[i]))));
                    return;
                }
            }
        }
        if let Some(id) = id {
            out.id_bytes.extend_from_slice(id.as_bytes());
            out.id_ends.push(out.id_bytes.len() as u32);
        }
        let label = label_col.map_or("", |i| rec.get(i).unwrap_or(""));
        let li = match cell_index.get(label) {
            Some(&x) => x,
            None => {
                let x = out.label_cells.len() as u32;
                out.label_cells.push(label.to_string());
                cell_index.insert(label.to_string(), x);
                x
            }
        };
        out.labels.push(li);
        out.lines.push(line.min(u64::from(u32::MAX)) as u32);
        out.rows += 1;
    });
    out.problems.extend(reader_problems);
    out
}

/// The property columns of a header with their types (a named id column is a property, an
/// integer one with `--id-type integer`).
fn prop_columns(cols: &[Column], id_type: IdType) -> Vec<(usize, Scalar, bool)> {
    parse::property_columns(cols)
        .into_iter()
        .map(|(i, ty, array)| match (&cols[i], id_type) {
            (Column::Id { .. }, IdType::Integer) => (i, Scalar::Int, false),
            _ => (i, ty, array),
        })
        .collect()
}

fn column_name(c: &Column) -> String {
    match c {
        Column::Prop { name, .. } | Column::Id { name: Some(name), .. } => name.to_string(),
        _ => "?".into(),
    }
}

/// An id within its ID space.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum IdKey<'a> {
    Str(u32, &'a str),
    Int(u32, i64),
}

fn key<'a>(space: u32, id: &'a str, id_type: IdType) -> Option<IdKey<'a>> {
    match id_type {
        IdType::String => Some(IdKey::Str(space, id)),
        IdType::Integer => id.trim().parse().ok().map(|i| IdKey::Int(space, i)),
    }
}

// ----- relationships --------------------------------------------------------------------

struct RelPiece {
    rows: usize,
    starts: Vec<u32>,
    ends: Vec<u32>,
    types: Vec<u32>,
    type_cells: Vec<String>,
    props: Vec<Builder>,
    problems: Vec<Problem>,
    /// Rows left out because an end is missing (with `skip_bad_relationships`).
    skipped: Vec<Problem>,
}

/// Where a relationship end points: a node of this import (its row) or one already there.
#[derive(Clone, Copy)]
enum End {
    New(u32),
    Old(NodeId),
}

struct Resolver<'m> {
    new: &'m HashMap<IdKey<'m>, u32, foldhash::fast::RandomState>,
    old: &'m HashMap<(u32, String), NodeId>,
    id_type: IdType,
}

impl Resolver<'_> {
    fn find(&self, space: u32, id: &str) -> Option<End> {
        if let Some(k) = key(space, id, self.id_type)
            && let Some(&row) = self.new.get(&k)
        {
            return Some(End::New(row));
        }
        if self.old.is_empty() {
            return None;
        }
        let canonical = match self.id_type {
            IdType::String => id.to_string(),
            IdType::Integer => id.trim().parse::<i64>().ok()?.to_string(),
        };
        self.old.get(&(space, canonical)).map(|&n| End::Old(n))
    }
}

/// Ends are stored as u32: rows of this import below `OLD`, slots of old nodes at or above.
const OLD: u32 = 1 << 31;

/// The ID spaces of a relationship file's start and end columns: numbered, and by name.
#[derive(Clone, Copy)]
struct Ends<'a> {
    spaces: (u32, u32),
    names: (&'a str, &'a str),
}

#[allow(clippy::too_many_arguments)]
fn parse_rels(
    piece: &[u8],
    first_line: u64,
    cols: &[Column],
    ends: Ends<'_>,
    default_type: Option<&str>,
    dialect: &Dialect,
    resolver: &Resolver<'_>,
    skip_bad: bool,
) -> RelPiece {
    let props = prop_columns(cols, IdType::String);
    let start_col = cols.iter().position(|c| matches!(c, Column::Start { .. })).unwrap_or(0);
    let end_col = cols.iter().position(|c| matches!(c, Column::End { .. })).unwrap_or(0);
    let type_col = cols.iter().position(|c| matches!(c, Column::Type));
    let mut out = RelPiece {
        rows: 0,
        starts: Vec::new(),
        ends: Vec::new(),
        types: Vec::new(),
        type_cells: Vec::new(),
        props: props.iter().map(|(_, ty, array)| Builder::new(*ty, *array)).collect(),
        problems: Vec::new(),
        skipped: Vec::new(),
    };
    let mut type_index: HashMap<String, u32> = HashMap::new();
    let reader_problems = parse::records(piece, first_line, cols.len(), dialect, |rec, line| {
        let (s, e) = (rec.get(start_col).unwrap_or(""), rec.get(end_col).unwrap_or(""));
        let t = type_col.map(|i| rec.get(i).unwrap_or("")).filter(|t| !t.is_empty()).or(default_type);
        let Some(t) = t else {
            out.problems.push((line, "the row has no :TYPE value (give the type on the command line: --relationships=TYPE=file)".into()));
            return;
        };
        for (what, v) in [(":START_ID", s), (":END_ID", e)] {
            if v.is_empty() {
                out.problems.push((line, format!("the row has no {what} value")));
                return;
            }
        }
        let (a, b) = (resolver.find(ends.spaces.0, s), resolver.find(ends.spaces.1, e));
        let (Some(a), Some(b)) = (a, b) else {
            let (missing, space) = if a.is_none() { (s, ends.names.0) } else { (e, ends.names.1) };
            let within = if space.is_empty() { String::new() } else { format!(" in ID space {space}") };
            let p = (line, format!("no node has id '{missing}'{within}"));
            if skip_bad {
                out.skipped.push(p)
            } else {
                out.problems.push(p)
            }
            return;
        };
        let row = out.rows;
        for (k, &(i, ty, array)) in props.iter().enumerate() {
            match parse::cell(rec.get(i).unwrap_or(""), ty, array, dialect) {
                Ok(c) => out.props[k].push(row, c),
                Err(m) => {
                    out.props[..k].iter_mut().for_each(|b| b.truncate(row));
                    out.problems.push((line, format!("column {}: {m}", column_name(&cols[i]))));
                    return;
                }
            }
        }
        let encode = |x: End| match x {
            End::New(r) => r,
            End::Old(n) => OLD | n.0,
        };
        out.starts.push(encode(a));
        out.ends.push(encode(b));
        let ti = match type_index.get(t) {
            Some(&x) => x,
            None => {
                let x = out.type_cells.len() as u32;
                out.type_cells.push(t.to_string());
                type_index.insert(t.to_string(), x);
                x
            }
        };
        out.types.push(ti);
        out.rows += 1;
    });
    out.problems.extend(reader_problems);
    out
}

// ----- the whole import -----------------------------------------------------------------

/// Properties of one kind of entity gathered from every file: per key, the builders of the
/// files that have it with the row each file starts at.
#[derive(Default)]
struct PropParts {
    by_key: Vec<(Arc<str>, Vec<FilePart>)>,
}

/// One file's (or piece's) builder of a key: (first row, builder, rows).
type FilePart = (usize, Builder, usize);

impl PropParts {
    /// Adds a file's builder for `name`, whose rows start at `base` and number `rows`.
    fn add(&mut self, name: &Arc<str>, base: usize, b: Builder, rows: usize) {
        match self.by_key.iter_mut().find(|(k, _)| k == name) {
            Some((_, v)) => v.push((base, b, rows)),
            None => self.by_key.push((name.clone(), vec![(base, b, rows)])),
        }
    }

    /// One builder per key over all rows (a key whose files disagree on its type becomes
    /// a column of values).
    fn finish(self) -> Vec<(Arc<str>, Builder)> {
        self.by_key
            .into_iter()
            .map(|(k, parts)| {
                let same = parts.windows(2).all(|w| std::mem::discriminant(&w[0].1) == std::mem::discriminant(&w[1].1));
                let mut acc = match (&parts[0].1, same) {
                    (first, true) => first.empty_like(),
                    (_, false) => Builder::Values(Vec::new()),
                };
                for (base, b, _) in parts {
                    let b = if same { b } else { Builder::Values(b.values()) };
                    acc.append(b, base);
                }
                (k, acc)
            })
            .collect()
    }
}

/// Imports node and relationship files into `graph`. `progress` is told how many bytes of
/// the files have been read.
pub fn run(
    graph: &mut Graph,
    node_groups: &[Group<'_>],
    rel_groups: &[Group<'_>],
    opts: &Options,
    progress: &mut dyn FnMut(u64),
) -> Result<Report, StoreError> {
    let dialect = Dialect { delimiter: opts.delimiter, array_delimiter: opts.array_delimiter, quote: opts.quote };
    let mut report = Report::default();
    let mut done = 0u64;
    // ID spaces, numbered
    let mut spaces: Vec<Arc<str>> = Vec::new();
    let mut space_of = |s: &Arc<str>| -> u32 {
        match spaces.iter().position(|x| x == s) {
            Some(i) => i as u32,
            None => {
                spaces.push(s.clone());
                (spaces.len() - 1) as u32
            }
        }
    };
    // ---- node files
    let mut node_files = Vec::new();
    for g in node_groups {
        for (file, cols) in read_group(g, Kind::Nodes, &dialect)? {
            let ps = pieces(&file, opts.threads, dialect.quote)?;
            let parsed = in_parallel(&ps, |p, line| parse_nodes(p, line, &cols, &dialect, opts.id_type));
            done += file.text.len() as u64;
            progress(done);
            let space = cols.iter().find_map(|c| if let Column::Id { space, .. } = c { Some(space_of(space)) } else { None });
            let id_name = cols.iter().find_map(|c| if let Column::Id { name, .. } = c { name.clone() } else { None });
            node_files.push((file, cols, g.names.clone(), space, id_name, parsed));
        }
    }
    // relationship files are read before the ids of existing nodes are gathered, so that an
    // ID space that only they name is looked up among the nodes the database holds
    let mut rel_inputs = Vec::new();
    for g in rel_groups {
        let default_type = g.names.first().cloned();
        for (file, cols) in read_group(g, Kind::Relationships, &dialect)? {
            for c in &cols {
                if let Column::Start { space } | Column::End { space } = c {
                    space_of(space);
                }
            }
            rel_inputs.push((default_type.clone(), file, cols));
        }
    }
    // ids of nodes already in the graph, for duplicates and for relationships to them
    let old_ids = old_ids(graph, &spaces, &node_files.iter().map(|f| (f.3, f.4.clone())).collect::<Vec<_>>(), opts.id_type);
    // number the new nodes, find duplicates
    let mut map: HashMap<IdKey<'_>, u32, foldhash::fast::RandomState> = HashMap::default();
    let total_rows: usize = node_files.iter().flat_map(|f| f.5.iter()).map(|p| p.rows).sum();
    map.reserve(total_rows);
    let mut keep = crate::store::bits::Bits::filled(total_rows, true);
    let mut row = 0usize;
    for (file, _, _, space, _, parsed) in &node_files {
        for piece in parsed {
            for p in &piece.problems {
                report.rejected += 1;
                report.note(&file.name, p.clone());
            }
            for r in 0..piece.rows {
                if let (Some(space), false) = (space, piece.id_ends.is_empty()) {
                    let id = piece.id(r);
                    let k = key(*space, id, opts.id_type);
                    let dup_old = !old_ids.is_empty() && old_ids.contains_key(&(*space, canonical(id, opts.id_type)));
                    let dup_new = k.is_some_and(|k| map.contains_key(&k));
                    if dup_old || dup_new {
                        let within = if spaces[*space as usize].is_empty() {
                            String::new()
                        } else {
                            format!(" in ID space {}", spaces[*space as usize])
                        };
                        let msg = if dup_old {
                            format!("id '{id}'{within} belongs to a node the database holds already")
                        } else {
                            format!("id '{id}'{within} is used by an earlier row")
                        };
                        let p = (u64::from(piece.lines[r]), msg);
                        if opts.skip_duplicate_nodes {
                            report.skipped_nodes += 1;
                        } else {
                            report.rejected += 1;
                        }
                        report.note(&file.name, p);
                        keep.set(row, false);
                    } else if let Some(k) = k {
                        map.insert(k, row as u32);
                    }
                }
                row += 1;
            }
        }
    }
    // ---- relationship files
    let resolver = Resolver { new: &map, old: &old_ids, id_type: opts.id_type };
    let mut rel_files = Vec::new();
    for (default_type, file, cols) in rel_inputs {
        let s = cols.iter().find_map(|c| if let Column::Start { space } = c { Some(space.clone()) } else { None }).unwrap_or_default();
        let e = cols.iter().find_map(|c| if let Column::End { space } = c { Some(space.clone()) } else { None }).unwrap_or_default();
        let find = |sp: &Arc<str>| spaces.iter().position(|x| x == sp).map_or(u32::MAX, |i| i as u32);
        let sp = (find(&s), find(&e));
        let ps = pieces(&file, opts.threads, dialect.quote)?;
        let parsed = in_parallel(&ps, |p, line| {
            let ends = Ends { spaces: sp, names: (&s, &e) };
            parse_rels(p, line, &cols, ends, default_type.as_deref(), &dialect, &resolver, opts.skip_bad_relationships)
        });
        done += file.text.len() as u64;
        progress(done);
        for piece in &parsed {
            for p in &piece.problems {
                report.rejected += 1;
                report.note(&file.name, p.clone());
            }
            for p in &piece.skipped {
                report.skipped_relationships += 1;
                report.note(&file.name, p.clone());
            }
        }
        rel_files.push((file.name.clone(), cols, parsed));
    }
    if report.rejected > 0 {
        return Ok(report);
    }
    // ---- assemble: the new nodes (rows kept) get consecutive numbers
    let mut new_index = vec![u32::MAX; total_rows];
    let mut kept = 0u32;
    for (r, slot) in new_index.iter_mut().enumerate() {
        if keep.get(r) {
            *slot = kept;
            kept += 1;
        }
    }
    let node_order: Vec<u32> = (0..total_rows as u32).filter(|&r| keep.get(r as usize)).collect();
    let mut names = graph.names.clone();
    let mut label_sets = LabelSets::default();
    let mut node_labels = Vec::with_capacity(kept as usize);
    let mut node_props = PropParts::default();
    let mut base = 0;
    for (_, cols, group_labels, _, _, parsed) in node_files {
        let props = prop_columns(&cols, opts.id_type);
        for piece in parsed {
            let sets: Vec<u32> = piece
                .label_cells
                .iter()
                .map(|cell| {
                    let mut ls: Vec<Sym> = group_labels.iter().map(|l| names.intern(l)).collect();
                    ls.extend(
                        cell.split(dialect.array_delimiter as char).map(str::trim).filter(|l| !l.is_empty()).map(|l| names.intern(l)),
                    );
                    label_sets.intern(&ls)
                })
                .collect();
            for r in 0..piece.rows {
                if keep.get(base + r) {
                    node_labels.push(sets[piece.labels[r] as usize]);
                }
            }
            for ((i, _, _), b) in props.iter().zip(piece.props) {
                if let Column::Prop { name, .. } | Column::Id { name: Some(name), .. } = &cols[*i] {
                    node_props.add(name, base, b, piece.rows);
                }
            }
            base += piece.rows;
        }
    }
    let node_cols: Vec<(Arc<str>, Builder)> = node_props.finish();
    // relationships
    let mut rel_props = PropParts::default();
    let (mut starts, mut ends, mut types) = (Vec::new(), Vec::new(), Vec::new());
    let mut rbase = 0;
    for (_, cols, parsed) in rel_files {
        let props = prop_columns(&cols, IdType::String);
        for piece in parsed {
            let syms: Vec<u32> = piece.type_cells.iter().map(|t| names.intern(t).0).collect();
            let fix = |x: u32| if x >= OLD { x } else { new_index[x as usize] };
            starts.extend(piece.starts.iter().map(|&x| fix(x)));
            ends.extend(piece.ends.iter().map(|&x| fix(x)));
            types.extend(piece.types.iter().map(|&t| syms[t as usize]));
            for ((i, _, _), b) in props.iter().zip(piece.props) {
                if let Column::Prop { name, .. } = &cols[*i] {
                    rel_props.add(name, rbase, b, piece.rows);
                }
            }
            rbase += piece.rows;
        }
    }
    let rel_cols = rel_props.finish();
    report.nodes = kept as usize;
    report.relationships = starts.len();
    if graph.node_count() == 0 && graph.rel_count() == 0 {
        *graph = assemble(names, label_sets, node_labels, node_order, node_cols, starts, ends, types, rel_cols, graph)?;
    } else {
        add_to(graph, names, &label_sets, node_labels, &node_order, node_cols, starts, ends, types, rel_cols);
    }
    Ok(report)
}

fn canonical(id: &str, id_type: IdType) -> String {
    match id_type {
        IdType::String => id.to_string(),
        IdType::Integer => id.trim().parse::<i64>().map_or_else(|_| id.to_string(), |i| i.to_string()),
    }
}

/// Ids of the nodes the graph holds, by (ID space, id): a space's ids are the values of
/// the property its node files name the id column with (`id` when no file of this import
/// says), on the nodes with the space's name as a label (on every node for the unnamed
/// space).
fn old_ids(
    graph: &Graph,
    spaces: &[Arc<str>],
    files: &[(Option<u32>, Option<Arc<str>>)],
    id_type: IdType,
) -> HashMap<(u32, String), NodeId> {
    let mut out = HashMap::new();
    if graph.node_count() == 0 {
        return out;
    }
    for (si, space) in spaces.iter().enumerate() {
        let key_name = files.iter().find(|(s, _)| *s == Some(si as u32)).and_then(|(_, n)| n.clone()).unwrap_or_else(|| Arc::from("id"));
        let Some(key) = graph.sym(&key_name) else { continue };
        let nodes: Box<dyn Iterator<Item = NodeId>> = match graph.sym(space) {
            Some(l) if !space.is_empty() => Box::new(graph.nodes_with_label(l)),
            _ => Box::new(graph.node_ids()),
        };
        for n in nodes {
            let v = match graph.node_prop(n, key) {
                Some(Value::String(s)) => canonical(&s, id_type),
                Some(Value::Int(i)) => i.to_string(),
                _ => continue,
            };
            out.insert((si as u32, v), n);
        }
    }
    out
}

/// A graph of the new entities only (the graph was empty), relationships ordered by start
/// node, type and end node so that the adjacency arrays list them in order.
#[allow(clippy::too_many_arguments)]
fn assemble(
    mut names: crate::store::interner::Interner,
    label_sets: LabelSets,
    node_labels: Vec<u32>,
    node_order: Vec<u32>,
    node_cols: Vec<(Arc<str>, Builder)>,
    starts: Vec<u32>,
    ends: Vec<u32>,
    types: Vec<u32>,
    rel_cols: Vec<(Arc<str>, Builder)>,
    old: &Graph,
) -> Result<Graph, StoreError> {
    let n = node_labels.len();
    let m = starts.len();
    let identity = node_order.len() == node_order.last().map_or(0, |&l| l as usize + 1);
    let node_props = Columns::from_columns(
        n,
        node_cols.into_iter().map(|(k, b)| {
            let b = if identity { b } else { b.gather(&node_order) };
            (names.intern(&k), b.into_column(n))
        }),
    );
    // order: by (start, type, end), keeping file order among equals
    let mut order: Vec<u32> = (0..m as u32).collect();
    order.sort_by_key(|&r| (starts[r as usize], types[r as usize], ends[r as usize]));
    let pick = |v: &[u32]| -> Vec<u32> { order.iter().map(|&r| v[r as usize]).collect() };
    let (s2, e2, t2) = (pick(&starts), pick(&ends), pick(&types));
    drop((starts, ends, types));
    let rel_props = Columns::from_columns(m, rel_cols.into_iter().map(|(k, b)| (names.intern(&k), b.gather(&order).into_column(m))));
    drop(order);
    let parts = Parts {
        names,
        label_sets,
        node_labels,
        node_ids: None,
        next_node: n as u64,
        node_props,
        rel_types: t2,
        rel_ids: None,
        next_rel: m as u64,
        rel_props,
        rel_ends: Some((s2, e2)),
        adjacency: None,
        label_lists: None,
        indexes: old.index_list().map(|k| (k, None)).collect(),
        unique: old.unique_constraints().collect(),
        type_stats: HashMap::new(),
        endpoint_labels: None,
    };
    Graph::from_parts(parts).map_err(|m| StoreError::Import { path: String::new(), line: 0, message: m })
}

/// Adds the new entities to a graph that holds data already.
#[allow(clippy::too_many_arguments)]
fn add_to(
    graph: &mut Graph,
    names: crate::store::interner::Interner,
    label_sets: &LabelSets,
    node_labels: Vec<u32>,
    node_order: &[u32],
    node_cols: Vec<(Arc<str>, Builder)>,
    starts: Vec<u32>,
    ends: Vec<u32>,
    types: Vec<u32>,
    rel_cols: Vec<(Arc<str>, Builder)>,
) {
    for name in names.all() {
        graph.intern(name);
    }
    let columns = |cols: Vec<(Arc<str>, Builder)>, order: Option<&[u32]>, rows: usize, g: &mut Graph| -> Vec<(Sym, StoreColumn)> {
        cols.into_iter()
            .map(|(k, b)| {
                let b = match order {
                    Some(o) => b.gather(o),
                    None => b,
                };
                (g.intern(&k), b.into_column(rows))
            })
            .collect()
    };
    let nc = columns(node_cols, Some(node_order), node_labels.len(), graph);
    let mut slots = Vec::with_capacity(node_labels.len());
    for (i, &ls) in node_labels.iter().enumerate() {
        let labels: Vec<Sym> = label_sets.get(ls).iter().map(|l| graph.intern(names.name(*l))).collect();
        let props = nc.iter().filter_map(|(k, c)| c.get(i).map(|v| (*k, v.to_value()))).collect();
        // the graph has room: the import counts what it adds
        if let Ok(id) = graph.add_node(&labels, props) {
            slots.push(id);
        }
    }
    let rc = columns(rel_cols, None, starts.len(), graph);
    for r in 0..starts.len() {
        let end = |x: u32| if x >= OLD { NodeId(x & !OLD) } else { slots[x as usize] };
        let t = graph.intern(names.name(Sym(types[r])));
        let props = rc.iter().filter_map(|(k, c)| c.get(r).map(|v| (*k, v.to_value()))).collect();
        let _ = graph.add_rel(t, end(starts[r]), end(ends[r]), props);
    }
    graph.rebuild();
}

#[cfg(test)]
mod tests;
