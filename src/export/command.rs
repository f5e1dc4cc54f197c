//! `ieum export`: choose the subgraph (a query's, or the whole graph), write it in a
//! format to a file, a directory (CSV) or standard output, and optionally have Graphviz's
//! `dot` render the DOT to SVG, PNG or PDF.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::csv::{self as csv_out, Layout};
use super::dot::{DotOptions, parse_rankdir};
use super::style::StyleSheet;
use super::{ExportError, ExportFormat, subgraph, text_of};
use crate::db::{Database, QueryOptions};
use crate::render::Format;
use crate::result::Entities;
use crate::syntax::split_statements;

/// One `ieum export` invocation, as the command line gives it.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// The global `--format`; `table` (the default) means DOT.
    pub format: Format,
    pub query: Option<String>,
    pub options: QueryOptions,
    /// A file, or for CSV a directory; standard output when absent.
    pub output: Option<PathBuf>,
    pub induced: bool,
    /// `svg`, `png` or `pdf`: run Graphviz on the DOT.
    pub render: Option<String>,
    pub node_label: Option<String>,
    pub properties: bool,
    pub style: Option<PathBuf>,
    pub rankdir: Option<String>,
    pub cluster: bool,
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> ExportError + '_ {
    move |source| ExportError::Io { path: path.display().to_string(), source }
}

impl Request {
    fn export_format(&self) -> Result<ExportFormat, ExportError> {
        match self.format {
            Format::Table | Format::Dot => Ok(ExportFormat::Dot),
            Format::Graphml => Ok(ExportFormat::Graphml),
            Format::Json => Ok(ExportFormat::Json),
            Format::Csv => Ok(ExportFormat::Csv),
            Format::Jsonl => Err(ExportError::Usage("export writes dot, graphml, json or csv, not jsonl".to_string())),
        }
    }

    /// The DOT options the request names, with the style file read and checked.
    pub fn dot_options(&self) -> Result<DotOptions, ExportError> {
        let mut style = StyleSheet::built_in();
        if let Some(path) = &self.style {
            let text = std::fs::read_to_string(path).map_err(io_err(path))?;
            style.apply(&text, &path.display().to_string())?;
        }
        Ok(DotOptions {
            node_label: self.node_label.clone().unwrap_or_else(|| "name".to_string()),
            properties: self.properties,
            rankdir: self.rankdir.as_deref().map(parse_rankdir).transpose()?,
            cluster: self.cluster,
            style,
        })
    }
}

/// The subgraph of every statement of `query` together (or the whole graph).
pub fn select(db: &mut Database, query: Option<&str>, options: &QueryOptions, induced: bool) -> Result<Entities, ExportError> {
    let Some(text) = query else { return Ok(subgraph::whole(db)) };
    let mut all = Entities::default();
    for st in split_statements(text) {
        let r = db.execute_with(st.text, options).map_err(|e| ExportError::Query(e.shift(st.offset).render(text, "<query>")))?;
        let sub = subgraph::of_result(&r, db, induced);
        all.nodes.extend(sub.nodes);
        all.rels.extend(sub.rels);
    }
    Ok(all)
}

/// Writes the CSV files of `g` under `dir` (`nodes/`, `relationships/`); `dir` must be
/// absent or empty. Returns the warnings about values the layout cannot carry.
pub fn write_csv_dir(g: &Entities, dir: &Path) -> Result<Vec<String>, ExportError> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(io_err(dir))?;
        if entries.next().is_some() {
            return Err(ExportError::Usage(format!("{} is not empty: give a new or empty directory for the CSV files", dir.display())));
        }
    }
    let ex = csv_out::export(g, Layout::PerLabel);
    for f in &ex.files {
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io_err(parent))?;
        }
        std::fs::write(&path, &f.text).map_err(io_err(&path))?;
    }
    Ok(ex.warnings)
}

/// Runs Graphviz `dot -T<format>` on `dot_text` and returns its output.
pub fn render(dot_text: &str, format: &str) -> Result<Vec<u8>, ExportError> {
    if !["svg", "png", "pdf"].contains(&format) {
        return Err(ExportError::Usage(format!("--render {format}: expected svg, png or pdf")));
    }
    let mut child = Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => ExportError::Graphviz(
                "--render needs Graphviz's `dot` on PATH, and it was not found: install Graphviz (e.g. `apt-get install graphviz`, `brew install graphviz`) or export DOT and render it elsewhere".to_string(),
            ),
            _ => ExportError::Graphviz(format!("cannot run Graphviz `dot`: {e}")),
        })?;
    let mut stdin = child.stdin.take().ok_or_else(|| ExportError::Graphviz("cannot write to Graphviz `dot`".to_string()))?;
    let input = dot_text.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let mut out = Vec::new();
    if let Some(mut s) = child.stdout.take() {
        s.read_to_end(&mut out).map_err(|e| ExportError::Graphviz(format!("reading Graphviz output: {e}")))?;
    }
    let status = child.wait_with_output().map_err(|e| ExportError::Graphviz(format!("waiting for Graphviz: {e}")))?;
    let written = writer.join().map_err(|_| ExportError::Graphviz("writing to Graphviz failed".to_string()))?;
    if !status.status.success() {
        return Err(ExportError::Graphviz(format!("Graphviz `dot` failed: {}", String::from_utf8_lossy(&status.stderr).trim())));
    }
    written.map_err(|e| ExportError::Graphviz(format!("writing to Graphviz: {e}")))?;
    Ok(out)
}

/// Runs an export; returns a one-line summary for standard error.
pub fn run(db: &mut Database, req: &Request) -> Result<String, ExportError> {
    let format = req.export_format()?;
    if req.render.is_some() && format != ExportFormat::Dot {
        return Err(ExportError::Usage("--render draws DOT: use it with --format dot".to_string()));
    }
    let dot = req.dot_options()?;
    let g = select(db, req.query.as_deref(), &req.options, req.induced)?;
    let counts = format!("{} nodes, {} relationships", g.nodes.len(), g.rels.len());
    if format == ExportFormat::Csv {
        let dir =
            req.output.as_deref().ok_or_else(|| ExportError::Usage("CSV export writes a directory: give it with -o DIR".to_string()))?;
        let warnings = write_csv_dir(&g, dir)?;
        let mut summary = String::new();
        for w in warnings.iter().take(20) {
            summary.push_str(&format!("warning: {w}\n"));
        }
        if warnings.len() > 20 {
            summary.push_str(&format!("warning: ... and {} more\n", warnings.len() - 20));
        }
        return Ok(format!("{summary}exported {counts} to {}", dir.display()));
    }
    let text = text_of(format, &g, &dot);
    let bytes = match &req.render {
        Some(fmt) => render(&text, fmt)?,
        None => text.into_bytes(),
    };
    match &req.output {
        Some(path) => {
            std::fs::write(path, &bytes).map_err(io_err(path))?;
            Ok(format!("exported {counts} to {}", path.display()))
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes).and_then(|_| out.flush()).map_err(io_err(Path::new("<stdout>")))?;
            Ok(format!("exported {counts}"))
        }
    }
}
