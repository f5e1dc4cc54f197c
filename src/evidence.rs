//! The evidence behind a result: for every relationship it holds, the document and lines
//! its `source` and `lines` properties cite, whether it is `stated` there or `inferred`
//! (and from what), and, when the documents are at hand, the cited lines themselves. The
//! same for properties that carry their own citation (`k_source = "FILE:LINE;LINE"`).
//!
//! The documents are never part of ieum: they are read at run time from a directory given
//! with `--documents DIR` or the `IEUM_DOCUMENTS` variable. Each line the bundled graph
//! cites has a stored hash (`graph-data/lines.csv`, compiled in), so a document that has
//! changed since the graph was built is noticed instead of quoted as if it still said the
//! same. `:sources` in the shell and `ieum sources` print this report.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use unicode_width::UnicodeWidthStr;

use crate::result::QueryResult;
use crate::store::Graph;
use crate::value::{NodeId, Value};

/// The environment variable naming the directory of the source documents.
pub const DOCUMENTS_ENV: &str = "IEUM_DOCUMENTS";

/// Width the quoted lines are wrapped to.
const WIDTH: usize = 100;

/// The lines of a document, numbered from 1 as `cat -n` numbers them: split at `\n`, with
/// a `\r` before it dropped.
pub fn split_lines(text: &str) -> Vec<&str> {
    text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect()
}

/// The hash stored for a cited line: the CRC-32 (IEEE, as zlib and `gzip` compute it) of the
/// line's UTF-8 bytes without its line end, as 8 lower-case hex digits.
pub fn line_hash(line: &str) -> String {
    let mut crc = !0u32;
    for &b in line.as_bytes() {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    format!("{:08x}", !crc)
}

/// Stored hashes of cited lines: (document file, line number) -> hash.
#[derive(Debug, Default)]
pub struct LineHashes(HashMap<(String, usize), String>);

impl LineHashes {
    /// Reads a `file,line,crc32` CSV table.
    pub fn parse(text: &str) -> Result<LineHashes, String> {
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        let mut map = HashMap::new();
        for rec in rdr.records() {
            let rec = rec.map_err(|e| format!("line hashes: {e}"))?;
            let at = rec.position().map_or(0, |p| p.line());
            let (Some(file), Some(line), Some(hash)) = (rec.get(0), rec.get(1), rec.get(2)) else {
                return Err(format!("line hashes, line {at}: expected file,line,crc32"));
            };
            let line = line.parse().map_err(|_| format!("line hashes, line {at}: '{line}' is not a line number"))?;
            map.insert((file.to_string(), line), hash.to_string());
        }
        Ok(LineHashes(map))
    }

    /// The hashes of the lines the bundled graph cites.
    pub fn bundled() -> &'static LineHashes {
        static HASHES: OnceLock<LineHashes> = OnceLock::new();
        // the table is checked by the graph-data tests; a broken build leaves it empty
        HASHES.get_or_init(|| LineHashes::parse(crate::bundled::line_hashes()).unwrap_or_default())
    }

    pub fn get(&self, file: &str, line: usize) -> Option<&str> {
        self.0.get(&(file.to_string(), line)).map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every (file, line, hash), sorted.
    pub fn entries(&self) -> Vec<(&str, usize, &str)> {
        let mut all: Vec<_> = self.0.iter().map(|((f, l), h)| (f.as_str(), *l, h.as_str())).collect();
        all.sort_unstable();
        all
    }
}

/// The directory the source documents are read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Documents {
    dir: PathBuf,
}

impl Documents {
    /// `dir` if given, else `$IEUM_DOCUMENTS` if set; None when neither is. A directory that
    /// does not exist is an error.
    pub fn locate(dir: Option<&Path>) -> Result<Option<Documents>, String> {
        let dir = match dir {
            Some(d) => d.to_path_buf(),
            None => match std::env::var_os(DOCUMENTS_ENV) {
                Some(d) if !d.is_empty() => PathBuf::from(d),
                _ => return Ok(None),
            },
        };
        if !dir.is_dir() {
            return Err(format!("{}: not a directory (the documents are looked for there)", dir.display()));
        }
        Ok(Some(Documents { dir }))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The text of document `file` (a plain file name inside the directory).
    pub fn read(&self, file: &str) -> Result<String, String> {
        let plain = !file.is_empty() && Path::new(file).file_name().is_some_and(|n| n == file) && file != "..";
        if !plain {
            return Err(format!("'{file}' is not a plain file name, so it is not looked for"));
        }
        let path = self.dir.join(file);
        std::fs::read_to_string(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("{file} is not in {}", self.dir.display()),
            _ => format!("{}: {e}", path.display()),
        })
    }
}

/// One fact of the report: what it says, how it is supported, which lines it cites.
struct Fact {
    text: String,
    /// `stated`, `inferred`, or None when the relationship does not say.
    evidence: Option<String>,
    basis: Option<String>,
    lines: Vec<usize>,
}

/// A cited document's lines, once read (or why they could not be).
type Loaded = Result<Vec<String>, String>;

/// The report `:sources` and `ieum sources` print for `result`: per cited document (with
/// its title when a `:Document` node has that `file`), each relationship as
/// `(start)-[:TYPE]->(end)` with its evidence and lines, each cited property as
/// `(node).key = value`, and under each the text of the cited lines when `docs` is given.
pub fn report(result: &QueryResult, g: &Graph, docs: Option<&Documents>) -> String {
    let facts = collect(result, g);
    if facts.is_empty() {
        return "the last result holds no relationships or cited properties: return some (e.g. MATCH p = (a)-[r]->(b) RETURN r) to see their sources\n"
            .to_string();
    }
    let titles = document_titles(g);
    let hashes = LineHashes::bundled();
    let mut loaded: BTreeMap<String, Loaded> = BTreeMap::new();
    let mut quoted: BTreeSet<(String, usize)> = BTreeSet::new();
    let mut changed: Vec<String> = Vec::new();
    let mut unverified = 0;
    let mut out = String::new();
    for (doc, facts) in &facts {
        match titles.get(doc) {
            Some(t) => writeln!(out, "{doc} — {t}"),
            None => writeln!(out, "{doc}"),
        }
        .ok();
        let text = docs.map(|d| {
            loaded.entry(doc.clone()).or_insert_with(|| d.read(doc).map(|t| split_lines(&t).into_iter().map(String::from).collect()))
        });
        if let Some(Err(why)) = &text {
            writeln!(out, "  (the lines cannot be shown: {why})").ok();
        }
        for f in facts {
            let what = match (&f.evidence, f.lines.len()) {
                (Some(e), 1) => format!("line {}; {e}", f.lines[0]),
                (Some(e), _) => format!("lines {}; {e}", list(&f.lines)),
                (None, 0) => "no lines recorded".to_string(),
                (None, 1) => format!("line {}", f.lines[0]),
                (None, _) => format!("lines {}", list(&f.lines)),
            };
            writeln!(out, "  {}  ({what})", f.text).ok();
            if let Some(b) = &f.basis {
                for (i, l) in wrap(&format!("basis: {b}"), WIDTH - 6).iter().enumerate() {
                    writeln!(out, "      {}{l}", if i == 0 { "" } else { "  " }).ok();
                }
            }
            let Some(Ok(lines)) = &text else { continue };
            for &n in &f.lines {
                let Some(line) = lines.get(n.wrapping_sub(1)) else {
                    writeln!(out, "    ! {n:>4} │ (the document has only {} lines)", lines.len()).ok();
                    changed.push(format!("{doc}:{n}"));
                    continue;
                };
                let mark = match hashes.get(doc, n) {
                    Some(h) if h == line_hash(line) => ' ',
                    Some(_) => {
                        changed.push(format!("{doc}:{n}"));
                        '!'
                    }
                    None => {
                        unverified += 1;
                        '?'
                    }
                };
                if !quoted.insert((doc.clone(), n)) {
                    writeln!(out, "    {mark} {n:>4} │ (quoted above)").ok();
                    continue;
                }
                let body = if line.trim().is_empty() { vec![String::new()] } else { wrap(line.trim(), WIDTH - 13) };
                for (i, part) in body.iter().enumerate() {
                    if i == 0 {
                        writeln!(out, "    {mark} {n:>4} │ {part}").ok();
                    } else {
                        writeln!(out, "           │ {part}").ok();
                    }
                }
            }
        }
    }
    match docs {
        None => {
            out.push_str(
                "\nThe cited lines are not shown: point ieum at the source documents with --documents DIR or \
                 IEUM_DOCUMENTS=DIR (in the shell, :sources DIR).\n",
            );
        }
        Some(_) => {
            // a line cited by several relationships is named once
            let mut seen = std::collections::HashSet::new();
            changed.retain(|c| seen.insert(c.clone()));
            if !changed.is_empty() {
                let _ = writeln!(
                    out,
                    "\nwarning: {} cited line(s) marked ! differ from the documents the graph was built from ({}); \
                     the graph may no longer match them",
                    changed.len(),
                    changed.join(", ")
                );
            }
            if unverified > 0 {
                let _ = writeln!(out, "\nlines marked ? have no stored hash (not cited by the bundled graph) and are shown unverified");
            }
        }
    }
    out
}

/// The facts of a result, grouped by the document they cite, in the result's id order.
fn collect(result: &QueryResult, g: &Graph) -> BTreeMap<String, Vec<Fact>> {
    let mut by_doc: BTreeMap<String, Vec<Fact>> = BTreeMap::new();
    let name = |id: NodeId| node_name(g, id);
    for rel in result.entities.rels.values() {
        let fact = format!("({})-[:{}]->({})", name(rel.start_slot), quoted(&rel.rel_type), name(rel.end_slot));
        let string = |k: &str| match rel.properties.get(k) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.to_string()),
            _ => None,
        };
        let source = match rel.properties.get("source") {
            Some(Value::String(s)) => s.to_string(),
            Some(other) => other.to_string(),
            None => "(no source recorded)".to_string(),
        };
        let lines = match rel.properties.get("lines") {
            Some(Value::List(items)) => {
                items.iter().filter_map(|v| if let Value::Int(n) = v { usize::try_from(*n).ok() } else { None }).collect()
            }
            _ => Vec::new(),
        };
        by_doc.entry(source).or_default().push(Fact { text: fact.clone(), evidence: string("evidence"), basis: string("basis"), lines });
        for (key, doc, lines) in cited_properties(&rel.properties) {
            let value = rel.properties.get(key.as_str()).map(Value::to_string).unwrap_or_default();
            by_doc.entry(doc).or_default().push(Fact { text: format!("{fact}.{key} = {value}"), evidence: None, basis: None, lines });
        }
    }
    for node in result.entities.nodes.values() {
        for (key, doc, lines) in cited_properties(&node.properties) {
            let value = node.properties.get(key.as_str()).map(Value::to_string).unwrap_or_default();
            by_doc.entry(doc).or_default().push(Fact {
                text: format!("({}).{key} = {value}", name(node.slot)),
                evidence: None,
                basis: None,
                lines,
            });
        }
    }
    by_doc
}

/// The properties `k` with a sibling `k_source = "FILE:LINE;LINE"`: (k, file, lines).
fn cited_properties(props: &crate::value::Map) -> Vec<(String, String, Vec<usize>)> {
    let mut out = Vec::new();
    for (k, v) in props.iter() {
        let (Some(key), Value::String(cite)) = (k.strip_suffix("_source"), v) else { continue };
        if !props.contains_key(key) {
            continue;
        }
        let Some((file, lines)) = cite.rsplit_once(':') else { continue };
        let lines: Option<Vec<usize>> = lines.split(';').map(|n| n.trim().parse().ok()).collect();
        if let Some(lines) = lines {
            out.push((key.to_string(), file.to_string(), lines));
        }
    }
    out
}

/// A relationship type as a query would write it (backquoted when needed).
fn quoted(name: &str) -> String {
    let mut s = String::new();
    let _ = crate::value::write_key(name, &mut s);
    s
}

fn list(lines: &[usize]) -> String {
    lines.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")
}

/// `text` cut into lines of at most `width` terminal columns, at spaces where possible.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.width() + 1 + word.width() > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

/// A short name for a node: its `name` property, else its `title`, else its `id`, else `#id`.
fn node_name(g: &Graph, id: NodeId) -> String {
    for key in ["name", "title", "id"] {
        if let Some(k) = g.sym(key)
            && let Some(Value::String(s)) = g.node_prop(id, k)
        {
            return s.to_string();
        }
    }
    format!("#{}", id.0)
}

/// The titles of the `Document` nodes, by their `file` property.
fn document_titles(g: &Graph) -> BTreeMap<String, String> {
    let (Some(label), Some(file), Some(title)) = (g.sym("Document"), g.sym("file"), g.sym("title")) else {
        return BTreeMap::new();
    };
    g.nodes_with_label(label)
        .filter_map(|id| match (g.node_prop(id, file), g.node_prop(id, title)) {
            (Some(Value::String(f)), Some(Value::String(t))) => Some((f.to_string(), t.to_string())),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Database;

    #[test]
    fn line_hash_is_crc32() {
        assert_eq!(line_hash("123456789"), "cbf43926");
        assert_eq!(line_hash(""), "00000000");
        assert_eq!(line_hash("이음"), line_hash("이음"));
        assert_ne!(line_hash("Remsima was approved in 2016"), line_hash("Remsima was approved in 2015"));
    }

    #[test]
    fn lines_are_numbered_like_cat() {
        assert_eq!(split_lines("a\r\nb\n\nc"), vec!["a", "b", "", "c"]);
        assert_eq!(split_lines("a\n"), vec!["a", ""]);
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(wrap("one two three four", 9), vec!["one two", "three", "four"]);
        assert_eq!(wrap("", 9), vec![""]);
        assert!(wrap("한국 바이오 산업 클러스터", 10).iter().all(|l| l.width() <= 10));
    }

    #[test]
    fn only_plain_file_names_are_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "x").unwrap();
        let docs = Documents::locate(Some(dir.path())).unwrap().unwrap();
        assert_eq!(docs.read("a.txt").unwrap(), "x");
        for bad in ["../a.txt", "/etc/passwd", "", "..", "sub/a.txt"] {
            assert!(docs.read(bad).unwrap_err().contains("not a plain file name"), "{bad}");
        }
        assert!(docs.read("b.txt").unwrap_err().contains("is not in"));
        assert!(Documents::locate(Some(&dir.path().join("missing"))).unwrap_err().contains("not a directory"));
    }

    #[test]
    fn hash_table_parses_and_rejects_bad_rows() {
        let t = LineHashes::parse("file,line,crc32\na.txt,3,cbf43926\n").unwrap();
        assert_eq!(t.get("a.txt", 3), Some("cbf43926"));
        assert_eq!(t.get("a.txt", 4), None);
        assert!(LineHashes::parse("file,line,crc32\na.txt,x,cbf43926\n").unwrap_err().contains("not a line number"));
    }

    fn sample() -> (Database, QueryResult) {
        let mut db = Database::new();
        db.execute("CREATE (:Document {file: 'a.txt', title: 'Report A'})").unwrap();
        let r = db
            .execute(
                "CREATE (c:Company {name: '셀트리온', size_source: 'b.txt:2', size: 7})\
                 -[r:MAKES {source: 'a.txt', lines: [3, 4], evidence: 'inferred', basis: 'the maker is named two lines apart'}]\
                 ->(p:Product {name: 'Remsima'}) RETURN c, r",
            )
            .unwrap();
        (db, r)
    }

    #[test]
    fn report_without_documents_says_how_to_point_at_them() {
        let (db, r) = sample();
        let text = report(&r, db.graph(), None);
        assert!(text.starts_with("a.txt — Report A\n"), "{text}");
        assert!(text.contains("  (셀트리온)-[:MAKES]->(Remsima)  (lines 3, 4; inferred)\n"), "{text}");
        assert!(text.contains("      basis: the maker is named two lines apart\n"), "{text}");
        assert!(text.contains("b.txt\n  (셀트리온).size = 7  (line 2)\n"), "{text}");
        assert!(text.contains("--documents DIR or IEUM_DOCUMENTS=DIR"), "{text}");
        let none = Database::new().execute("RETURN 1 AS x").unwrap();
        assert!(report(&none, db.graph(), None).contains("no relationships"));
    }

    #[test]
    fn report_quotes_the_cited_lines() {
        let (db, r) = sample();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "one\ntwo\nCeltrion makes\n  Remsima.\n").unwrap();
        let docs = Documents::locate(Some(dir.path())).unwrap();
        let text = report(&r, db.graph(), docs.as_ref());
        // not lines of the bundled graph: shown, and marked as unverified
        assert!(text.contains("    ?    3 │ Celtrion makes\n    ?    4 │ Remsima.\n"), "{text}");
        assert!(text.contains("no stored hash"), "{text}");
        assert!(text.contains("(the lines cannot be shown: b.txt is not in"), "{text}");
        assert!(!text.contains("--documents DIR"), "{text}");
    }
}
