//! Export of graphs and query results to the formats other tools read: Graphviz DOT
//! ([`dot`]), GraphML ([`graphml`]), node-link JSON ([`json`]), the admin-import CSV
//! layout of Neo4j and Memgraph ([`csv`]) and a Cypher script that Neo4j, Memgraph and
//! FalkorDB run ([`cypher`]).
//!
//! What is exported is a subgraph ([`subgraph`]): the nodes and relationships a result
//! mentions, optionally with every relationship between its nodes, or the whole graph.
//! Each format is a `Display` adapter over borrowed [`Entities`], written in id order, so
//! the same graph always gives the same text. [`command`] drives `ieum export`.

pub mod command;
pub mod csv;
pub mod cypher;
pub mod dot;
pub mod graphml;
pub mod json;
pub mod style;
pub mod subgraph;

use crate::db::Database;
use crate::result::{Entities, QueryResult};

pub use dot::{Dot, DotOptions};
pub use graphml::GraphMl;
pub use json::NodeLink;
pub use style::StyleSheet;

/// An error of the export layer.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Options that do not fit together or a value out of range.
    #[error("{0}")]
    Usage(String),
    /// A style file rule that cannot be read.
    #[error("{path}:{line}: {message}")]
    Style { path: String, line: usize, message: String },
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    /// The output file could not be written (the text names it).
    #[error("{0}")]
    Output(String),
    /// The export query failed; the text is the rendered error.
    #[error("{0}")]
    Query(String),
    /// Graphviz is missing or failed.
    #[error("{0}")]
    Graphviz(String),
    /// Nothing to export (and `--allow-empty` was not given); the text says why.
    #[error("{0}")]
    Empty(String),
}

impl ExportError {
    /// `Category (Code): message`, the form of every error ieum reports.
    pub fn headline(&self) -> String {
        let (category, code) = match self {
            ExportError::Usage(_) => ("UsageError", "InvalidOptions"),
            ExportError::Style { .. } => ("ExportError", "InvalidStyle"),
            ExportError::Io { .. } | ExportError::Output(_) => ("OutputError", "WriteFailed"),
            ExportError::Query(m) | ExportError::Empty(m) => return m.clone(),
            ExportError::Graphviz(_) => ("ExportError", "GraphvizFailed"),
        };
        format!("{category} ({code}): {self}")
    }
}

/// The formats an export writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Dot,
    Graphml,
    Json,
    Csv,
    Cypher,
}

impl ExportFormat {
    /// The format a file name's extension stands for (`.gv` is DOT too, `.cql` Cypher).
    pub fn of_extension(ext: &str) -> Option<ExportFormat> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "dot" | "gv" => ExportFormat::Dot,
            "graphml" => ExportFormat::Graphml,
            "json" => ExportFormat::Json,
            "csv" => ExportFormat::Csv,
            "cypher" | "cql" => ExportFormat::Cypher,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Dot => "dot",
            ExportFormat::Graphml => "graphml",
            ExportFormat::Json => "json",
            ExportFormat::Csv => "csv",
            ExportFormat::Cypher => "cypher",
        }
    }
}

/// The picture formats Graphviz renders DOT into.
pub const PICTURES: &[&str] = &["svg", "png", "pdf"];

impl std::str::FromStr for ExportFormat {
    type Err = ExportError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "dot" => ExportFormat::Dot,
            "graphml" => ExportFormat::Graphml,
            "json" => ExportFormat::Json,
            "csv" => ExportFormat::Csv,
            "cypher" | "cql" => ExportFormat::Cypher,
            other => {
                return Err(ExportError::Usage(format!("unknown export format '{other}': expected dot, graphml, json, csv or cypher")));
            }
        })
    }
}

/// A subgraph in one format. CSV gives the two-file layout, the nodes file followed by the
/// relationships file (which starts at its `:START_ID,:END_ID,:TYPE` header line).
pub fn text_of(format: ExportFormat, g: &Entities, dot: &DotOptions) -> String {
    match format {
        ExportFormat::Dot => Dot::new(g, dot).to_string(),
        ExportFormat::Graphml => GraphMl(g).to_string(),
        ExportFormat::Json => NodeLink(g).to_string(),
        ExportFormat::Csv => csv::export(g, csv::Layout::TwoFiles).files.into_iter().map(|f| f.text).collect(),
        ExportFormat::Cypher => cypher::script(g).text,
    }
}

/// The subgraph of a result as `dot`, `graphml`, `json` or `csv` text, with the default
/// options (built-in style, no induced relationships). For `csv` the text is the nodes
/// file followed by the relationships file, as [`text_of`] says; use
/// [`command::write_csv_dir`] to write the files separately.
pub fn export_result(format: &str, result: &QueryResult, db: &Database) -> Result<String, String> {
    let format: ExportFormat = format.parse().map_err(|e: ExportError| e.to_string())?;
    Ok(text_of(format, &subgraph::of_result(result, db, false), &DotOptions::default()))
}

/// DOT text of the subgraph a result mentions (`--format dot`); nothing for a statement
/// without columns.
pub fn dot_of_result(r: &QueryResult, db: &Database) -> String {
    if r.columns.is_empty() {
        return String::new();
    }
    text_of(ExportFormat::Dot, &subgraph::of_result(r, db, false), &DotOptions::default())
}

/// The Cypher script of the subgraph a result mentions (`--format cypher`).
pub fn cypher_of_result(r: &QueryResult, db: &Database) -> String {
    if r.columns.is_empty() {
        return String::new();
    }
    text_of(ExportFormat::Cypher, &subgraph::of_result(r, db, false), &DotOptions::default())
}

/// GraphML text of the subgraph a result mentions (`--format graphml`).
pub fn graphml_of_result(r: &QueryResult, db: &Database) -> String {
    if r.columns.is_empty() {
        return String::new();
    }
    text_of(ExportFormat::Graphml, &subgraph::of_result(r, db, false), &DotOptions::default())
}
