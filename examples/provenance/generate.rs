//! Regenerates the two derived files of `graph-data/` from the CSV files and the source
//! documents: `relationships/MENTIONS.csv` (which lines of each document name each entity)
//! and `lines.csv` (a hash of every line the graph cites, so that a changed document is
//! noticed).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::matcher::Matcher;

/// A file's cited lines: (document file name, 1-based line numbers).
pub type Citation = (String, Vec<usize>);

/// What generation needs from one node file row.
pub struct Node {
    pub id: String,
    pub label: String,
    /// The canonical name and the aliases.
    pub names: Vec<String>,
    /// The `k_source` properties.
    pub sources: Vec<Citation>,
    /// `file` of a Document node.
    pub file: Option<String>,
}

/// What generation needs from one relationship file row.
pub struct Rel {
    pub start: String,
    pub end: String,
    pub source: String,
    pub lines: Vec<usize>,
}

pub struct GraphData {
    pub nodes: Vec<Node>,
    pub rels: Vec<Rel>,
}

fn csv_files(dir: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let rd = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut files: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "csv")).collect();
    files.sort();
    Ok(files)
}

fn records(path: &Path) -> Result<(Vec<String>, Vec<csv::StringRecord>), String> {
    let at = |e: csv::Error| format!("{}: {e}", path.display());
    let mut rdr = csv::Reader::from_path(path).map_err(at)?;
    let header = rdr.headers().map_err(at)?.iter().map(String::from).collect();
    let rows = rdr.records().collect::<Result<Vec<_>, _>>().map_err(at)?;
    Ok((header, rows))
}

fn parse_lines(text: &str, at: &str) -> Result<Vec<usize>, String> {
    text.split(';')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().map_err(|_| format!("{at}: '{text}' is not a list of line numbers")))
        .collect()
}

/// Parses a `k_source` value, `FILE:LINE;LINE`.
pub fn parse_source(value: &str, at: &str) -> Result<Citation, String> {
    let (file, lines) = value.rsplit_once(':').ok_or_else(|| format!("{at}: '{value}' is not FILE:LINES"))?;
    Ok((file.to_string(), parse_lines(lines, at)?))
}

/// Reads `graph-data/` (its `nodes/` and `relationships/` folders), leaving out MENTIONS.
pub fn read(dir: &Path) -> Result<GraphData, String> {
    let mut nodes = Vec::new();
    for path in csv_files(&dir.join("nodes"))? {
        let (header, rows) = records(&path)?;
        let col = |name: &str| header.iter().position(|h| h == name);
        let (Some(id), Some(label), Some(name)) = (col("id:ID"), col(":LABEL"), col("name")) else {
            return Err(format!("{}: needs id:ID, :LABEL and name", path.display()));
        };
        let aliases = col("aliases:string[]");
        let file = col("file");
        let source_cols: Vec<usize> = (0..header.len()).filter(|&i| header[i].ends_with("_source")).collect();
        for r in &rows {
            let at = format!("{}:{}", path.display(), r.position().map_or(0, |p| p.line()));
            let mut names = vec![r[name].to_string()];
            if let Some(a) = aliases {
                names.extend(r[a].split(';').filter(|s| !s.is_empty()).map(String::from));
            }
            let mut sources = Vec::new();
            for &c in &source_cols {
                if !r[c].is_empty() {
                    sources.push(parse_source(&r[c], &at)?);
                }
            }
            nodes.push(Node {
                id: r[id].to_string(),
                label: r[label].split(';').next().unwrap_or_default().to_string(),
                names,
                sources,
                file: file.map(|f| r[f].to_string()).filter(|f| !f.is_empty()),
            });
        }
    }
    let mut rels = Vec::new();
    for path in csv_files(&dir.join("relationships"))? {
        if path.file_stem().is_some_and(|s| s == "MENTIONS") {
            continue;
        }
        let (header, rows) = records(&path)?;
        let col = |name: &str| header.iter().position(|h| h == name);
        let (Some(s), Some(e), Some(src), Some(lines)) = (col(":START_ID"), col(":END_ID"), col("source"), col("lines:int[]")) else {
            return Err(format!("{}: needs :START_ID, :END_ID, source and lines:int[]", path.display()));
        };
        for r in &rows {
            let at = format!("{}:{}", path.display(), r.position().map_or(0, |p| p.line()));
            rels.push(Rel {
                start: r[s].to_string(),
                end: r[e].to_string(),
                source: r[src].to_string(),
                lines: parse_lines(&r[lines], &at)?,
            });
        }
    }
    Ok(GraphData { nodes, rels })
}

/// Reads each Document's file from `seeds`: document file name -> text.
pub fn documents(g: &GraphData, seeds: &Path) -> Result<BTreeMap<String, String>, String> {
    g.nodes
        .iter()
        .filter_map(|n| n.file.as_ref())
        .map(|f| {
            let p = seeds.join(f);
            std::fs::read_to_string(&p).map(|t| (f.clone(), t)).map_err(|e| format!("{}: {e}", p.display()))
        })
        .collect()
}

/// One generated MENTIONS row.
pub struct Mention {
    pub document: String,
    pub file: String,
    pub entity: String,
    pub lines: BTreeSet<usize>,
    /// Named only by description: the lines are those of the statements citing the document
    /// for the entity.
    pub descriptive: bool,
}

/// What a descriptive mention says in its `basis`.
pub const DESCRIPTIVE: &str =
    "the document names the entity only by description; the lines are those of the statements the graph cites from it about the entity";

/// The MENTIONS rows: every entity whose name or an alias occurs in a document, with the
/// lines where it does; an entity the graph cites a document for but that the document
/// never names gets the lines of those citations instead.
pub fn mentions(g: &GraphData, docs: &BTreeMap<String, String>) -> Vec<Mention> {
    let entities: Vec<&Node> = g.nodes.iter().filter(|n| n.label != "Document").collect();
    let matcher = Matcher::new(entities.iter().flat_map(|n| n.names.iter().map(|s| (n.id.as_str(), s.as_str()))));
    let is_entity: BTreeSet<&str> = entities.iter().map(|n| n.id.as_str()).collect();
    let mut out = Vec::new();
    for doc in g.nodes.iter().filter(|n| n.label == "Document") {
        let Some(file) = &doc.file else { continue };
        let Some(text) = docs.get(file) else { continue };
        let named = matcher.find(text);
        // the lines the graph cites from this document, per entity
        let mut cited: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
        for r in g.rels.iter().filter(|r| &r.source == file) {
            for end in [&r.start, &r.end] {
                if is_entity.contains(end.as_str()) {
                    cited.entry(end).or_default().extend(&r.lines);
                }
            }
        }
        for n in &entities {
            for (f, lines) in &n.sources {
                if f == file {
                    cited.entry(&n.id).or_default().extend(lines);
                }
            }
        }
        for (entity, lines) in &named {
            out.push(Mention {
                document: doc.id.clone(),
                file: file.clone(),
                entity: entity.clone(),
                lines: lines.clone(),
                descriptive: false,
            });
        }
        for (entity, lines) in cited.into_iter().filter(|(e, _)| !named.contains_key(*e)) {
            out.push(Mention { document: doc.id.clone(), file: file.clone(), entity: entity.to_string(), lines, descriptive: true });
        }
    }
    out.sort_by(|a, b| (&a.document, a.lines.first(), &a.entity).cmp(&(&b.document, b.lines.first(), &b.entity)));
    out
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new())
}

fn finish(w: csv::Writer<Vec<u8>>) -> Result<String, String> {
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

fn joined(lines: impl IntoIterator<Item = usize>) -> String {
    lines.into_iter().map(|l| l.to_string()).collect::<Vec<_>>().join(";")
}

/// `relationships/MENTIONS.csv`.
pub fn mentions_csv(rows: &[Mention]) -> Result<String, String> {
    let mut w = writer();
    let err = |e: csv::Error| e.to_string();
    w.write_record([":START_ID", ":END_ID", ":TYPE", "source", "lines:int[]", "evidence", "basis", "note"]).map_err(err)?;
    for m in rows {
        let (evidence, basis) = if m.descriptive { ("inferred", DESCRIPTIVE) } else { ("stated", "") };
        w.write_record([&m.document, &m.entity, "MENTIONS", &m.file, &joined(m.lines.iter().copied()), evidence, basis, ""])
            .map_err(err)?;
    }
    finish(w)
}

/// `lines.csv`: the hash of every line that a relationship (the new MENTIONS included) or a
/// `k_source` property cites, sorted by file and line. A cited line missing from its
/// document is an error.
pub fn lines_csv(g: &GraphData, mentions: &[Mention], docs: &BTreeMap<String, String>) -> Result<String, String> {
    let mut cited: BTreeSet<(&str, usize)> = BTreeSet::new();
    for r in &g.rels {
        cited.extend(r.lines.iter().map(|&l| (r.source.as_str(), l)));
    }
    for m in mentions {
        cited.extend(m.lines.iter().map(|&l| (m.file.as_str(), l)));
    }
    for n in &g.nodes {
        for (f, lines) in &n.sources {
            cited.extend(lines.iter().map(|&l| (f.as_str(), l)));
        }
    }
    let split: BTreeMap<&str, Vec<&str>> = docs.iter().map(|(f, t)| (f.as_str(), ieum::evidence::split_lines(t))).collect();
    let mut w = writer();
    let err = |e: csv::Error| e.to_string();
    w.write_record(["file", "line", "crc32"]).map_err(err)?;
    for (file, line) in cited {
        let text = split
            .get(file)
            .ok_or_else(|| format!("cited document {file} is not one of the Document files"))?
            .get(line.wrapping_sub(1))
            .ok_or_else(|| format!("{file}: line {line} is cited but the document has fewer lines"))?;
        w.write_record([file, &line.to_string(), &ieum::evidence::line_hash(text)]).map_err(err)?;
    }
    finish(w)
}
