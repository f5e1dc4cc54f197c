//! Schema and provenance checks of the bundled knowledge graph (`graph-data/`).
//!
//! The CSV files compiled into the binary are checked against the tables of
//! `graph-data/README.md`: every label and relationship type must be documented there,
//! with the counts the README states; every relationship must cite one of the five source
//! documents (the `file` of a `:Document` node) and at least one line; no id may dangle or
//! repeat; no two nodes of one label may share a normalised name or alias; every numeric
//! node property `k` must carry its `k_source`. Every relationship must say whether the
//! cited lines state it or it is inferred (`evidence`), and an inferred one from what
//! (`basis`); a project with participants must have a runner or leader, a participation its
//! role, an approval its jurisdiction. Every cited line must have a stored hash in
//! `graph-data/lines.csv`. When `IEUM_SEEDS_DIR` (or `IEUM_DOCUMENTS`) points at the source
//! documents, each cited line must exist and still hash to the stored value.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use ieum::bundled;
use ieum::evidence::{LineHashes, line_hash, split_lines};

/// One parsed CSV file: its repository path, header and records (with 1-based line numbers).
struct Table {
    path: &'static str,
    header: Vec<String>,
    rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
}

fn parse(path: &'static str, text: &str) -> Table {
    let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = match rdr.headers() {
        Ok(h) => h.iter().map(String::from).collect(),
        Err(e) => panic!("{path}: bad header: {e}"),
    };
    let mut rows = Vec::new();
    for rec in rdr.records() {
        match rec {
            Ok(r) => rows.push((r.position().map_or(0, |p| p.line()), r)),
            Err(e) => panic!("{path}: {e}"),
        }
    }
    Table { path, header, rows }
}

fn tables() -> (Vec<Table>, Vec<Table>) {
    let (nodes, rels) = bundled::files();
    (nodes.iter().map(|(p, t)| parse(p, t)).collect(), rels.iter().map(|(p, t)| parse(p, t)).collect())
}

/// What the README states: label -> (node count, extra labels), type -> row count, totals.
struct Readme {
    labels: BTreeMap<String, (usize, BTreeSet<String>)>,
    types: BTreeMap<String, usize>,
    total_nodes: usize,
    total_rels: usize,
    mentions: usize,
}

fn bold_number_after(text: &str, marker: &str) -> usize {
    let rest = text.split_once(marker).map(|(_, r)| r).unwrap_or_else(|| panic!("README lacks '{marker}'"));
    let digits: String = rest.trim_start_matches(['*', ' ']).chars().take_while(|c| c.is_ascii_digit() || *c == ',').collect();
    digits.replace(',', "").parse().unwrap_or_else(|_| panic!("README: no number after '{marker}'"))
}

fn table_rows<'a>(text: &'a str, section: &str) -> Vec<Vec<&'a str>> {
    let body = text.split_once(section).map(|(_, r)| r).unwrap_or_else(|| panic!("README lacks section '{section}'"));
    let body = body.split("\n## ").next().unwrap_or(body);
    body.lines().filter(|l| l.starts_with('|')).skip(2).map(|l| l.trim().trim_matches('|').split('|').map(str::trim).collect()).collect()
}

fn readme() -> Readme {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/graph-data/README.md");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut labels = BTreeMap::new();
    for row in table_rows(&text, "## Node labels") {
        let count = row[2].parse().unwrap_or_else(|_| panic!("README node table: bad count in {row:?}"));
        let extra = row[3].split(',').map(str::trim).filter(|l| !l.is_empty() && *l != "—").map(String::from).collect();
        labels.insert(row[0].to_string(), (count, extra));
    }
    let mut types = BTreeMap::new();
    for row in table_rows(&text, "## Relationship types") {
        let count = row[3].parse().unwrap_or_else(|_| panic!("README relationship table: bad count in {row:?}"));
        types.insert(row[0].to_string(), count);
    }
    Readme {
        labels,
        types,
        total_nodes: bold_number_after(&text, "- Nodes:"),
        total_rels: bold_number_after(&text, "- Relationships:"),
        mentions: text
            .split_once(" of them MENTIONS")
            .and_then(|(a, _)| a.rsplit('(').next())
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("README lacks '(N of them MENTIONS)'")),
    }
}

fn normalised(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Node id -> primary label, and the seed file names (the `file` of each Document).
fn node_index(nodes: &[Table], problems: &mut Vec<String>) -> (HashMap<String, String>, BTreeSet<String>) {
    let mut ids = HashMap::new();
    let mut seeds = BTreeSet::new();
    for t in nodes {
        let (Some(id), Some(label)) = (t.col("id:ID"), t.col(":LABEL")) else {
            problems.push(format!("{}: needs id:ID and :LABEL columns", t.path));
            continue;
        };
        for (line, r) in &t.rows {
            let primary = r[label].split(';').next().unwrap_or_default().to_string();
            if primary == "Document" {
                match t.col("file").map(|c| &r[c]) {
                    Some(f) if !f.is_empty() => {
                        seeds.insert(f.to_string());
                    }
                    _ => problems.push(format!("{}:{line}: Document without a file", t.path)),
                }
            }
            if ids.insert(r[id].to_string(), primary).is_some() {
                problems.push(format!("{}:{line}: duplicate id '{}'", t.path, &r[id]));
            }
        }
    }
    (ids, seeds)
}

fn check_nodes(nodes: &[Table], doc: &Readme, problems: &mut Vec<String>) {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut names: HashMap<(String, String), String> = HashMap::new();
    for t in nodes {
        let file_label = t.path.rsplit('/').next().and_then(|f| f.strip_suffix(".csv")).unwrap_or_default();
        let (Some(id), Some(label), Some(name)) = (t.col("id:ID"), t.col(":LABEL"), t.col("name")) else {
            problems.push(format!("{}: needs id:ID, :LABEL and name columns", t.path));
            continue;
        };
        let aliases = t.col("aliases:string[]");
        let numeric: Vec<(usize, String)> = t
            .header
            .iter()
            .enumerate()
            .filter(|(_, h)| [":int", ":float", ":int[]", ":float[]"].iter().any(|s| h.ends_with(s)))
            .map(|(i, h)| (i, h.split(':').next().unwrap_or_default().to_string()))
            .collect();
        for (line, r) in &t.rows {
            let at = format!("{}:{line}", t.path);
            let mut labels = r[label].split(';');
            let primary = labels.next().unwrap_or_default();
            if primary != file_label {
                problems.push(format!("{at}: primary label {primary} in the file of {file_label}"));
            }
            *counts.entry(primary.to_string()).or_default() += 1;
            match doc.labels.get(primary) {
                None => problems.push(format!("{at}: label {primary} is not in graph-data/README.md")),
                Some((_, extra)) => {
                    for l in labels.filter(|l| !extra.contains(*l)) {
                        problems.push(format!("{at}: extra label {l} is not listed for {primary} in the README"));
                    }
                }
            }
            if r[name].trim().is_empty() {
                problems.push(format!("{at}: node without a name"));
            }
            let mut own = BTreeSet::new();
            own.insert(normalised(&r[name]));
            if let Some(a) = aliases {
                own.extend(r[a].split(';').filter(|s| !s.is_empty()).map(normalised));
            }
            for n in own.into_iter().filter(|n| !n.is_empty()) {
                if let Some(other) = names.insert((primary.to_string(), n.clone()), r[id].to_string()) {
                    problems.push(format!("{at}: '{}' and '{other}' share the name or alias '{n}' (label {primary})", &r[id]));
                }
            }
            for (i, key) in &numeric {
                if r[*i].is_empty() {
                    continue;
                }
                match t.col(&format!("{key}_source")).map(|c| &r[c]) {
                    Some(s) if !s.is_empty() => {}
                    _ => problems.push(format!("{at}: numeric property {key} without {key}_source")),
                }
            }
        }
    }
    for (label, (stated, _)) in &doc.labels {
        let actual = counts.get(label).copied().unwrap_or(0);
        if actual != *stated {
            problems.push(format!("README says {stated} {label} nodes, the data has {actual}"));
        }
    }
    let total: usize = counts.values().sum();
    if total != doc.total_nodes {
        problems.push(format!("README says {} nodes in total, the data has {total}", doc.total_nodes));
    }
}

/// The columns every relationship file starts with.
const REL_COLUMNS: [&str; 8] = [":START_ID", ":END_ID", ":TYPE", "source", "lines:int[]", "evidence", "basis", "note"];

fn check_relationships(rels: &[Table], ids: &HashMap<String, String>, seeds: &BTreeSet<String>, doc: &Readme, problems: &mut Vec<String>) {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for t in rels {
        let file_type = t.path.rsplit('/').next().and_then(|f| f.strip_suffix(".csv")).unwrap_or_default();
        if t.header.len() < REL_COLUMNS.len() || t.header[..REL_COLUMNS.len()] != REL_COLUMNS {
            problems.push(format!("{}: the columns must start with {}", t.path, REL_COLUMNS.join(",")));
        }
        let cols = ["START_ID", "END_ID", "TYPE"].map(|c| t.col(&format!(":{c}")));
        let (Some(s), Some(e), Some(ty)) = (cols[0], cols[1], cols[2]) else {
            problems.push(format!("{}: needs :START_ID, :END_ID and :TYPE columns", t.path));
            continue;
        };
        let (Some(src), Some(lines), Some(evidence), Some(basis), Some(note)) =
            (t.col("source"), t.col("lines:int[]"), t.col("evidence"), t.col("basis"), t.col("note"))
        else {
            problems.push(format!("{}: needs source, lines:int[], evidence, basis and note columns", t.path));
            continue;
        };
        for (line, r) in &t.rows {
            let at = format!("{}:{line}", t.path);
            let ty = &r[ty];
            if ty != file_type {
                problems.push(format!("{at}: type {ty} in the file of {file_type}"));
            }
            *counts.entry(ty.to_string()).or_default() += 1;
            if !doc.types.contains_key(ty) {
                problems.push(format!("{at}: relationship type {ty} is not in graph-data/README.md"));
            }
            for end in [s, e] {
                if !ids.contains_key(&r[end]) {
                    problems.push(format!("{at}: unknown node id '{}'", &r[end]));
                }
            }
            if ty == "MENTIONS" && ids.get(&r[s]).is_some_and(|l| l != "Document") {
                problems.push(format!("{at}: MENTIONS must start at a Document"));
            }
            let source = &r[src];
            if !seeds.contains(source) {
                problems.push(format!("{at}: source '{source}' is not one of the source documents {seeds:?}"));
            }
            let cited: Vec<Option<usize>> = r[lines].split(';').filter(|x| !x.is_empty()).map(|x| x.parse().ok()).collect();
            if cited.is_empty() {
                problems.push(format!("{at}: relationship without lines"));
            }
            if cited.iter().any(|n| n.is_none_or(|n| n == 0)) {
                problems.push(format!("{at}: lines '{}' are not positive integers", &r[lines]));
            }
            match (&r[evidence], r[basis].trim().is_empty()) {
                ("stated", true) | ("inferred", false) => {}
                ("stated", false) => problems.push(format!("{at}: a stated relationship has a basis (only inferred ones do)")),
                ("inferred", true) => problems.push(format!("{at}: an inferred relationship must say in `basis` what it is inferred from")),
                (other, _) => problems.push(format!("{at}: evidence '{other}' must be 'stated' or 'inferred'")),
            }
            let lower = r[note].to_lowercase();
            if lower.starts_with("inferred") || lower.starts_with("implicit") {
                problems.push(format!("{at}: the note reads as an inference; say it with evidence 'inferred' and a basis"));
            }
            for (i, h) in t.header.iter().enumerate() {
                if h.ends_with("_source") && !r[i].is_empty() {
                    check_citation(&at, h, &r[i], seeds, problems);
                }
            }
        }
    }
    for (ty, stated) in &doc.types {
        let actual = counts.get(ty).copied().unwrap_or(0);
        if actual != *stated {
            problems.push(format!("README says {stated} {ty} relationships, the data has {actual}"));
        }
    }
    let total: usize = counts.values().sum();
    if total != doc.total_rels {
        problems.push(format!("README says {} relationships in total, the data has {total}", doc.total_rels));
    }
    let mentions = counts.get("MENTIONS").copied().unwrap_or(0);
    if mentions != doc.mentions {
        problems.push(format!("README says {} MENTIONS, the data has {mentions}", doc.mentions));
    }
}

/// A `k_source` value must read `FILE:LINE;LINE` with FILE one of the documents.
fn check_citation(at: &str, key: &str, value: &str, seeds: &BTreeSet<String>, problems: &mut Vec<String>) {
    match citation(value) {
        Some((file, _)) if seeds.contains(&file) => {}
        Some((file, _)) => problems.push(format!("{at}: {key} cites '{file}', which is not one of the source documents")),
        None => problems.push(format!("{at}: {key} '{value}' is not FILE:LINE;LINE")),
    }
}

/// Parses `FILE:LINE;LINE`.
fn citation(value: &str) -> Option<(String, Vec<usize>)> {
    let (file, lines) = value.rsplit_once(':')?;
    let lines: Option<Vec<usize>> = lines.split(';').map(|n| n.parse().ok().filter(|&n| n > 0)).collect();
    Some((file.to_string(), lines.filter(|l| !l.is_empty())?))
}

/// The value of `col` in each row of the relationship file of `ty`: (start, end, value).
fn rel_values<'a>(rels: &'a [Table], ty: &str, col: &str) -> Vec<(&'a str, &'a str, &'a str, String)> {
    let Some(t) = rels.iter().find(|t| t.path.ends_with(&format!("/{ty}.csv"))) else { return Vec::new() };
    let (Some(s), Some(e)) = (t.col(":START_ID"), t.col(":END_ID")) else { return Vec::new() };
    let c = t.col(col);
    t.rows.iter().map(|(line, r)| (&r[s], &r[e], c.map_or("", |c| &r[c]), format!("{}:{line}", t.path))).collect()
}

/// The shapes the analyst questions rely on: a project that has participants is run or led
/// by someone, every participation names its role, every approval its jurisdiction.
fn check_shapes(rels: &[Table], ids: &HashMap<String, String>, problems: &mut Vec<String>) {
    let run: BTreeSet<&str> = ["RUNS", "LEADS"].iter().flat_map(|t| rel_values(rels, t, ":TYPE")).map(|(_, e, _, _)| e).collect();
    for (_, project, role, at) in rel_values(rels, "PARTICIPATES_IN", "role") {
        if role.trim().is_empty() {
            problems.push(format!("{at}: PARTICIPATES_IN without a role"));
        }
        if ids.get(project).is_some_and(|l| l == "Project") && !run.contains(project) {
            problems.push(format!("{at}: project '{project}' has participants but nobody RUNS or LEADS it"));
        }
    }
    for (_, _, place, at) in rel_values(rels, "APPROVED_BY", "jurisdiction") {
        if place.trim().is_empty() {
            problems.push(format!("{at}: APPROVED_BY without a jurisdiction"));
        }
    }
}

/// Every line a relationship or a `k_source` property cites, as (file, line) -> where.
fn cited_lines(nodes: &[Table], rels: &[Table]) -> BTreeMap<(String, usize), String> {
    let mut cited = BTreeMap::new();
    for t in rels {
        let (Some(src), Some(lines)) = (t.col("source"), t.col("lines:int[]")) else { continue };
        for (line, r) in &t.rows {
            for n in r[lines].split(';').filter_map(|x| x.parse().ok()) {
                cited.entry((r[src].to_string(), n)).or_insert_with(|| format!("{}:{line}", t.path));
            }
        }
    }
    for t in nodes.iter().chain(rels) {
        for (line, r) in &t.rows {
            for (i, h) in t.header.iter().enumerate().filter(|(_, h)| h.ends_with("_source")) {
                for n in citation(&r[i]).map(|(f, l)| l.into_iter().map(move |n| (f.clone(), n))).into_iter().flatten() {
                    cited.entry(n).or_insert_with(|| format!("{}:{line} ({h})", t.path));
                }
            }
        }
    }
    cited
}

/// Every cited line has a stored hash and no hash is stored for a line nothing cites; with
/// the documents at hand, every cited line exists and still has its stored hash.
fn check_line_hashes(
    cited: &BTreeMap<(String, usize), String>,
    hashes: &LineHashes,
    texts: &HashMap<String, Vec<String>>,
    problems: &mut Vec<String>,
) {
    for ((file, n), at) in cited {
        let stored = hashes.get(file, *n);
        if stored.is_none() {
            problems.push(format!("{at}: {file} line {n} has no hash in graph-data/lines.csv (run cargo run --example provenance)"));
        }
        let Some(lines) = texts.get(file) else { continue };
        match (lines.get(n - 1), stored) {
            (None, _) => problems.push(format!("{at}: line {n} is past the end of {file} ({} lines)", lines.len())),
            (Some(text), Some(h)) if line_hash(text) != h => {
                problems.push(format!("{at}: {file} line {n} has changed since the graph was built (stored {h}, now {})", line_hash(text)))
            }
            _ => {}
        }
    }
    for (file, n, _) in hashes.entries() {
        if !cited.contains_key(&(file.to_string(), n)) {
            problems.push(format!("graph-data/lines.csv: {file} line {n} is not cited by the graph (run cargo run --example provenance)"));
        }
    }
}

/// The lines of the source documents, when `IEUM_SEEDS_DIR` or `IEUM_DOCUMENTS` names their
/// folder (empty otherwise).
fn seed_texts(seeds: &BTreeSet<String>) -> HashMap<String, Vec<String>> {
    let Some(dir) = ["IEUM_SEEDS_DIR", "IEUM_DOCUMENTS"].iter().find_map(std::env::var_os).filter(|d| !d.is_empty()) else {
        println!("IEUM_SEEDS_DIR and IEUM_DOCUMENTS unset: skipped checking cited lines against the documents");
        return HashMap::new();
    };
    let dir = std::path::PathBuf::from(dir);
    seeds
        .iter()
        .map(|s| {
            let p = dir.join(s);
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (s.clone(), split_lines(&text).into_iter().map(String::from).collect())
        })
        .collect()
}

#[test]
fn bundled_graph_matches_its_schema() {
    let doc = readme();
    let (nodes, rels) = tables();
    let mut problems = Vec::new();
    let (ids, seeds) = node_index(&nodes, &mut problems);
    if seeds.len() != 5 {
        problems.push(format!("expected 5 source documents, found {}: {seeds:?}", seeds.len()));
    }
    check_nodes(&nodes, &doc, &mut problems);
    check_relationships(&rels, &ids, &seeds, &doc, &mut problems);
    check_shapes(&rels, &ids, &mut problems);
    let hashes = LineHashes::bundled();
    if hashes.is_empty() {
        problems.push("graph-data/lines.csv holds no line hashes".to_string());
    }
    check_line_hashes(&cited_lines(&nodes, &rels), hashes, &seed_texts(&seeds), &mut problems);
    assert!(problems.is_empty(), "{} problem(s) in graph-data:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn bundled_graph_loads_every_row() {
    let (nodes, rels) = tables();
    let expect_nodes: usize = nodes.iter().map(|t| t.rows.len()).sum();
    let expect_rels: usize = rels.iter().map(|t| t.rows.len()).sum();
    let mut db = bundled::database().unwrap_or_else(|e| panic!("the bundled graph does not load: {e}"));
    let r = db.execute("MATCH (n) RETURN count(n) AS n").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.rows[0][0], ieum::Value::Int(expect_nodes as i64));
    let r = db.execute("MATCH ()-[r]->() RETURN count(r) AS n").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.rows[0][0], ieum::Value::Int(expect_rels as i64));
    let r = db
        .execute("MATCH ()-[r]->() WHERE r.source IS NULL OR r.lines IS NULL OR size(r.lines) = 0 RETURN count(r) AS n")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.rows[0][0], ieum::Value::Int(0), "relationships without provenance after import");
}

#[test]
fn a_bad_readme_label_is_reported() {
    // The checker itself must catch an unknown label: drop one label from the README's table.
    let mut doc = readme();
    let (nodes, _) = tables();
    doc.labels.remove("Cluster");
    let mut problems = Vec::new();
    check_nodes(&nodes, &doc, &mut problems);
    assert!(problems.iter().any(|p| p.contains("label Cluster is not in graph-data/README.md")), "{problems:?}");
}

#[test]
fn bad_relationship_rows_are_reported() {
    // A dangling id, a source that is no document, no lines, an undocumented type, evidence
    // that is missing, unknown, inferred from nothing or stated with a basis, an inference
    // told only in the note, and a property citation that names no document.
    let bad = parse(
        "graph-data/relationships/LEADS.csv",
        ":START_ID,:END_ID,:TYPE,source,lines:int[],evidence,basis,note,year_source\n\
         nobody,celltrion,LEADS,000_34ff92ab474ebe5b.txt,3,stated,,,\n\
         celltrion,remsima,LEADS,elsewhere.txt,3,stated,,,\n\
         celltrion,remsima,LEADS,000_34ff92ab474ebe5b.txt,,stated,,,\n\
         celltrion,remsima,INVENTED,000_34ff92ab474ebe5b.txt,3,stated,,,\n\
         celltrion,remsima,LEADS,000_34ff92ab474ebe5b.txt,3,,,,\n\
         celltrion,remsima,LEADS,000_34ff92ab474ebe5b.txt,3,likely,,,\n\
         celltrion,remsima,LEADS,000_34ff92ab474ebe5b.txt,3,inferred,,,\n\
         celltrion,remsima,LEADS,000_34ff92ab474ebe5b.txt,3,stated,because,,\n\
         celltrion,remsima,LEADS,000_34ff92ab474ebe5b.txt,3,stated,,implicit: from the name,\n\
         celltrion,remsima,LEADS,000_34ff92ab474ebe5b.txt,3,stated,,,other.txt:4\n",
    );
    let ids: HashMap<String, String> =
        [("celltrion", "Company"), ("remsima", "Product")].map(|(i, l)| (i.to_string(), l.to_string())).into();
    let seeds: BTreeSet<String> = ["000_34ff92ab474ebe5b.txt".to_string()].into();
    let doc = Readme { labels: BTreeMap::new(), types: [("LEADS".to_string(), 9)].into(), total_nodes: 0, total_rels: 10, mentions: 0 };
    let mut problems = Vec::new();
    check_relationships(&[bad], &ids, &seeds, &doc, &mut problems);
    for expected in [
        "unknown node id 'nobody'",
        "source 'elsewhere.txt'",
        "relationship without lines",
        "type INVENTED is not in",
        "evidence '' must be 'stated' or 'inferred'",
        "evidence 'likely' must be",
        "must say in `basis` what it is inferred from",
        "a stated relationship has a basis",
        "the note reads as an inference",
        "year_source cites 'other.txt'",
    ] {
        assert!(problems.iter().any(|p| p.contains(expected)), "'{expected}' not reported in {problems:?}");
    }
    // one problem per bad row, two for INVENTED (in the file of LEADS, and undocumented)
    assert_eq!(problems.len(), 11, "{problems:#?}");
}

#[test]
fn a_file_without_evidence_columns_is_reported() {
    let old = parse("graph-data/relationships/LEADS.csv", ":START_ID,:END_ID,:TYPE,source,lines:int[],note\na,b,LEADS,x.txt,3,\n");
    let doc = Readme { labels: BTreeMap::new(), types: [("LEADS".to_string(), 0)].into(), total_nodes: 0, total_rels: 0, mentions: 0 };
    let mut problems = Vec::new();
    check_relationships(&[old], &HashMap::new(), &BTreeSet::new(), &doc, &mut problems);
    assert!(
        problems.iter().any(|p| p.contains("the columns must start with :START_ID,:END_ID,:TYPE,source,lines:int[],evidence,basis,note")),
        "{problems:?}"
    );
}

#[test]
fn broken_shapes_are_reported() {
    let part = parse(
        "graph-data/relationships/PARTICIPATES_IN.csv",
        ":START_ID,:END_ID,:TYPE,source,lines:int[],evidence,basis,note,role\nmoderna,project-h,PARTICIPATES_IN,x.txt,25,stated,,,\n",
    );
    let approved = parse(
        "graph-data/relationships/APPROVED_BY.csv",
        ":START_ID,:END_ID,:TYPE,source,lines:int[],evidence,basis,note,jurisdiction\nremsima,fda,APPROVED_BY,x.txt,9,stated,,,\n",
    );
    let ids: HashMap<String, String> =
        [("moderna", "Company"), ("project-h", "Project"), ("remsima", "Product"), ("fda", "GovernmentAgency")]
            .map(|(i, l)| (i.to_string(), l.to_string()))
            .into();
    let mut problems = Vec::new();
    check_shapes(&[part, approved], &ids, &mut problems);
    for expected in [
        "PARTICIPATES_IN without a role",
        "project 'project-h' has participants but nobody RUNS or LEADS it",
        "APPROVED_BY without a jurisdiction",
    ] {
        assert!(problems.iter().any(|p| p.contains(expected)), "'{expected}' not reported in {problems:?}");
    }
}

#[test]
fn missing_stale_and_changed_line_hashes_are_reported() {
    let file = "000_34ff92ab474ebe5b.txt".to_string();
    let cited: BTreeMap<(String, usize), String> =
        [((file.clone(), 1), "r:2".to_string()), ((file.clone(), 2), "r:3".to_string()), ((file.clone(), 3), "r:4".to_string())].into();
    let hashes = LineHashes::parse(&format!(
        "file,line,crc32\n{file},1,{}\n{file},2,{}\n{file},9,00000000\n",
        line_hash("January 23"),
        line_hash("what the line used to say")
    ))
    .unwrap();
    let texts: HashMap<String, Vec<String>> = [(file.clone(), vec!["January 23".to_string(), "".to_string()])].into();
    let mut problems = Vec::new();
    check_line_hashes(&cited, &hashes, &texts, &mut problems);
    for expected in [
        "line 2 has changed since the graph was built",
        "line 3 has no hash in graph-data/lines.csv",
        "line 3 is past the end",
        "line 9 is not cited by the graph",
    ] {
        assert!(problems.iter().any(|p| p.contains(expected)), "'{expected}' not reported in {problems:?}");
    }
    assert!(!problems.iter().any(|p| p.contains("line 1 ")), "line 1 is fine: {problems:?}");
}

#[test]
fn a_duplicate_entity_is_reported() {
    let bad = parse(
        "graph-data/nodes/Company.csv",
        "id:ID,:LABEL,name,aliases:string[],founded:int\n\
         samsung-biologics,Company,Samsung Biologics,,\n\
         samsung-biologics-2,Company,Samsung BioLogics Co,Samsung BioLogics,2011\n",
    );
    let doc = readme();
    let mut problems = Vec::new();
    check_nodes(&[bad], &doc, &mut problems);
    assert!(problems.iter().any(|p| p.contains("share the name or alias 'samsungbiologics'")), "{problems:?}");
    assert!(problems.iter().any(|p| p.contains("numeric property founded without founded_source")), "{problems:?}");
}
