//! `ieum export`: choose the subgraph (a query's, or the whole graph), write it in a
//! format to a file, a directory (CSV) or standard output, and optionally have Graphviz's
//! `dot` render the DOT to SVG, PNG or PDF.
//!
//! An export says what `ieum query` would say about its query (unknown names, values that
//! match nothing), refuses to write an empty subgraph unless asked, and takes the format from
//! the output file's extension or checks it against `--format` and `--render`.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::csv::{self as csv_out, Layout};
use super::dot::{DotOptions, parse_rankdir};
use super::style::StyleSheet;
use super::{ExportError, ExportFormat, PICTURES, subgraph, text_of};
use crate::db::{Database, QueryOptions};
use crate::render::Format;
use crate::result::Entities;
use crate::syntax::split_statements;

/// One `ieum export` invocation, as the command line gives it.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// The global `--format`; `table` (the default) means: from the file's extension, else DOT.
    pub format: Format,
    pub query: Option<String>,
    pub options: QueryOptions,
    /// A file, or for CSV a directory; standard output when absent.
    pub output: Option<PathBuf>,
    pub induced: bool,
    /// `svg`, `png` or `pdf`: run Graphviz on the DOT.
    pub render: Option<String>,
    pub node_label: Option<String>,
    pub edge_label: Option<String>,
    pub properties: bool,
    pub style: Option<PathBuf>,
    pub rankdir: Option<String>,
    pub cluster: bool,
    /// Write an empty subgraph instead of failing.
    pub allow_empty: bool,
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> ExportError + '_ {
    move |source| ExportError::Io { path: path.display().to_string(), source }
}

impl Request {
    /// The format to write and the picture to render, from `--format`, `--render` and the
    /// extension of `-o FILE`, which must agree.
    pub fn target(&self) -> Result<(ExportFormat, Option<String>), ExportError> {
        let explicit = match self.format {
            Format::Table => None,
            Format::Dot => Some(ExportFormat::Dot),
            Format::Graphml => Some(ExportFormat::Graphml),
            Format::Json => Some(ExportFormat::Json),
            Format::Csv => Some(ExportFormat::Csv),
            Format::Cypher => Some(ExportFormat::Cypher),
            other => {
                return Err(ExportError::Usage(format!(
                    "export writes dot, graphml, json, csv or cypher (and pictures with --render svg|png|pdf), not {other}"
                )));
            }
        };
        let render = self.render.as_deref().map(str::to_ascii_lowercase);
        if let Some(r) = &render
            && !PICTURES.contains(&r.as_str())
        {
            return Err(ExportError::Usage(format!("--render {r}: expected svg, png or pdf")));
        }
        let ext = self.output.as_deref().and_then(Path::extension).map(|e| e.to_string_lossy().to_ascii_lowercase());
        let file = || self.output.as_deref().map(|p| p.display().to_string()).unwrap_or_default();
        let picture_ext = ext.as_deref().filter(|e| PICTURES.contains(e));
        let text_ext = ext.as_deref().and_then(ExportFormat::of_extension);
        match (&render, picture_ext, text_ext) {
            (Some(r), Some(e), _) if r != e => Err(ExportError::Usage(format!(
                "--render {r} writes {}, but {} is named .{e}: name it .{r} or drop --render",
                r.to_uppercase(),
                file()
            ))),
            (Some(r), None, Some(f)) => Err(ExportError::Usage(format!(
                "--render {r} writes a picture, but {} is named .{}: name it .{r}",
                file(),
                ext.as_deref().unwrap_or(f.name())
            ))),
            (Some(_), _, _) | (None, Some(_), _) => {
                let picture = render.or_else(|| picture_ext.map(String::from));
                match explicit {
                    None | Some(ExportFormat::Dot) => Ok((ExportFormat::Dot, picture)),
                    Some(f) => Err(ExportError::Usage(format!(
                        "a picture is drawn from DOT, not {}: drop --format {} (or name the file .{})",
                        f.name(),
                        f.name(),
                        f.name()
                    ))),
                }
            }
            (None, None, Some(f)) => match explicit {
                Some(e) if e != f => Err(ExportError::Usage(format!(
                    "--format {} does not match the file name {} (.{} is {}): name the file .{} or change --format",
                    e.name(),
                    file(),
                    ext.as_deref().unwrap_or_default(),
                    f.name(),
                    e.name()
                ))),
                _ if f == ExportFormat::Csv => Err(ExportError::Usage(format!(
                    "CSV export writes a directory of files (nodes/, relationships/), not {}: give a directory name with -o DIR",
                    file()
                ))),
                _ => Ok((f, None)),
            },
            (None, None, None) => match (explicit, ext.as_deref()) {
                (None, Some(e)) => Err(ExportError::Usage(format!(
                    "{} ends in .{e}, which names no export format: name it .dot, .graphml, .json or .cypher \
                     (.svg, .png or .pdf for a picture), or give --format",
                    file()
                ))),
                _ => Ok((explicit.unwrap_or(ExportFormat::Dot), None)),
            },
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
            edge_label: self.edge_label.clone(),
            properties: self.properties,
            rankdir: self.rankdir.as_deref().map(parse_rankdir).transpose()?,
            cluster: self.cluster,
            style,
        })
    }
}

/// The subgraph of every statement of `query` together (or the whole graph), with the
/// warnings `ieum query` would give for the statements (names the graph does not hold,
/// values that match nothing), each naming `<query>:line:column`.
pub fn select(db: &mut Database, query: Option<&str>, options: &QueryOptions, induced: bool) -> Result<(Entities, String), ExportError> {
    let Some(text) = query else { return Ok((subgraph::whole(db), String::new())) };
    let mut all = Entities::default();
    let mut warnings = String::new();
    for st in split_statements(text) {
        warnings.push_str(&crate::session::warnings_text(db, st.text, text, "<query>", st.offset, 1));
        let r = db
            .execute_with(st.text, options)
            .map_err(|e| ExportError::Query(format!("{warnings}{}", e.shift(st.offset).render(text, "<query>"))))?;
        if r.rows.is_empty() && !r.columns.is_empty() {
            warnings.push_str(&crate::session::no_match_text(db, st.text, text, "<query>", st.offset, 1));
        }
        let sub = subgraph::of_result(&r, db, induced);
        all.nodes.extend(sub.nodes);
        all.rels.extend(sub.rels);
    }
    Ok((all, warnings))
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
    if !PICTURES.contains(&format) {
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

/// "3 nodes and 1 relationship".
pub fn counts(g: &Entities) -> String {
    use crate::render::text::count;
    format!("{} and {}", count(g.nodes.len() as u64, "node", "nodes"), count(g.rels.len() as u64, "relationship", "relationships"))
}

/// Up to 20 warnings of an export, one a line, and how many more there were.
fn warning_lines(warnings: &[String]) -> String {
    let mut text = String::new();
    for w in warnings.iter().take(20) {
        text.push_str(&format!("warning: {w}\n"));
    }
    if warnings.len() > 20 {
        text.push_str(&format!("warning: ... and {} more\n", warnings.len() - 20));
    }
    text
}

/// Warnings for `--node-label KEY` / `--edge-label KEY` naming a key that no exported node
/// (relationship) holds: those fall back to the name (the type) without a word otherwise.
fn unused_label_keys(g: &Entities, req: &Request) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(k) = &req.node_label
        && !g.nodes.is_empty()
        && !g.nodes.values().any(|n| n.properties.contains_key(k.as_str()))
    {
        out.push(format!("--node-label {k}: no exported node has that property, so nodes are labelled by their name"));
    }
    if let Some(k) = &req.edge_label
        && !g.rels.is_empty()
        && !g.rels.values().any(|r| r.properties.contains_key(k.as_str()))
    {
        out.push(format!("--edge-label {k}: no exported relationship has that property, so edges are labelled by their type"));
    }
    out
}

/// Runs an export; returns what to say on standard error (warnings, then a one-line
/// summary).
pub fn run(db: &mut Database, req: &Request) -> Result<String, ExportError> {
    let (format, picture) = req.target()?;
    let dot = req.dot_options()?;
    let (g, mut said) = select(db, req.query.as_deref(), &req.options, req.induced)?;
    if g.nodes.is_empty() && !req.allow_empty {
        let why = match &req.query {
            Some(_) => {
                "the query's results hold no nodes or relationships, so there is nothing to export (return nodes, relationships or paths, e.g. RETURN n or RETURN p; --allow-empty writes an empty graph anyway)"
            }
            None => "the graph is empty, so there is nothing to export (--allow-empty writes an empty graph anyway)",
        };
        return Err(ExportError::Empty(format!("{said}error: {why}")));
    }
    let counts = counts(&g);
    if matches!(format, ExportFormat::Dot) {
        said.push_str(&warning_lines(&unused_label_keys(&g, req)));
    }
    if format == ExportFormat::Csv {
        let dir =
            req.output.as_deref().ok_or_else(|| ExportError::Usage("CSV export writes a directory: give it with -o DIR".to_string()))?;
        let warnings = write_csv_dir(&g, dir)?;
        said.push_str(&warning_lines(&warnings));
        return Ok(format!("{said}exported {counts} to {}", dir.display()));
    }
    let text = match format {
        ExportFormat::Cypher => {
            let script = super::cypher::script(&g);
            said.push_str(&warning_lines(&script.warnings));
            script.text
        }
        other => text_of(other, &g, &dot),
    };
    let bytes = match &picture {
        Some(fmt) => render(&text, fmt)?,
        None => text.into_bytes(),
    };
    match &req.output {
        Some(path) => {
            // the error names the file already
            crate::render::output_file::OutputFile::write_all_to(path, &bytes).map_err(|e| ExportError::Output(e.to_string()))?;
            Ok(format!("{said}exported {counts} to {}", path.display()))
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes).and_then(|_| out.flush()).map_err(io_err(Path::new("<stdout>")))?;
            Ok(format!("{said}exported {counts}"))
        }
    }
}
