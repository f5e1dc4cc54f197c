//! Export: golden files for a tiny graph (`tests/export/`), every DOT checked by the real
//! Graphviz, round trips of the bundled graph through CSV (re-imported by ieum) and
//! GraphML (parsed back), the `ieum export` command line, and the acceptance query.
//!
//! `IEUM_BLESS=1` rewrites the golden files from the current output.

#[path = "export/graphviz.rs"]
mod graphviz;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use ieum::export::csv::{Layout, export as csv_export};
use ieum::export::{DotOptions, ExportFormat, StyleSheet, subgraph, text_of};
use ieum::import::{Sources, import};
use ieum::store::Graph;
use ieum::{Database, Entities, Value};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/export")
}

fn tiny() -> Database {
    let mut db = Database::new();
    let script = std::fs::read_to_string(dir().join("tiny.cypher")).expect("tests/export/tiny.cypher");
    db.execute(script.trim().trim_end_matches(';')).expect("the tiny graph builds");
    db
}

fn golden(name: &str, actual: &str) {
    let path = dir().join(name);
    if std::env::var("IEUM_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, actual).expect("golden file is writable");
        return;
    }
    let expected =
        std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{} is missing: run with IEUM_BLESS=1 to create it", path.display()));
    assert!(
        expected == actual,
        "{name} differs from the golden file (IEUM_BLESS=1 rewrites it):\n--- expected\n{expected}\n--- actual\n{actual}"
    );
}

fn query_subgraph(db: &mut Database, q: &str, induced: bool) -> Entities {
    let r = db.execute(q).unwrap_or_else(|e| panic!("{q}: {e}"));
    subgraph::of_result(&r, db, induced)
}

fn dot_golden(name: &str, g: &Entities, opts: &DotOptions) {
    let text = text_of(ExportFormat::Dot, g, opts);
    golden(name, &text);
    graphviz::check(&text, g.nodes.len(), g.rels.len(), name);
}

#[test]
fn golden_dot_files() {
    let mut db = tiny();
    let all = subgraph::whole(&db);
    assert_eq!((all.nodes.len(), all.rels.len()), (5, 5));
    dot_golden("tiny_all.dot", &all, &DotOptions::default());
    let path = query_subgraph(&mut db, "MATCH p = (:Company {name: 'Celltrion'})-[:MANUFACTURES]->()-[:APPROVED_BY]->() RETURN p", false);
    assert_eq!((path.nodes.len(), path.rels.len()), (3, 2));
    dot_golden("tiny_path.dot", &path, &DotOptions::default());
    let companies = query_subgraph(&mut db, "MATCH (c:Company) RETURN collect(c) AS cs", true);
    assert_eq!((companies.nodes.len(), companies.rels.len()), (2, 2), "induced: both PARTNERS_WITH");
    dot_golden("tiny_induced.dot", &companies, &DotOptions::default());
    let mut style = StyleSheet::built_in();
    let style_file = dir().join("tiny.style");
    style.apply(&std::fs::read_to_string(&style_file).expect("tiny.style"), "tiny.style").expect("the style file reads");
    let opts = DotOptions { node_label: "id".into(), edge_label: None, properties: true, rankdir: Some("LR".into()), cluster: true, style };
    dot_golden("tiny_styled.dot", &all, &opts);
    let plain = DotOptions { style: StyleSheet::empty(), ..DotOptions::default() };
    dot_golden("tiny_plain.dot", &all, &plain);
}

#[test]
fn golden_graphml_json_csv() {
    let db = tiny();
    let all = subgraph::whole(&db);
    let opts = DotOptions::default();
    golden("tiny_all.graphml", &text_of(ExportFormat::Graphml, &all, &opts));
    golden("tiny_all.json", &text_of(ExportFormat::Json, &all, &opts));
    golden("tiny_all.csv", &text_of(ExportFormat::Csv, &all, &opts));
    let json: serde_json::Value = serde_json::from_str(&text_of(ExportFormat::Json, &all, &opts)).expect("valid JSON");
    assert_eq!(json["nodes"].as_array().map(Vec::len), Some(5));
    assert_eq!(json["links"].as_array().map(Vec::len), Some(5));
}

// ----- comparing graphs ----------------------------------------------------------------------

/// Typed text of a value: `Int(1)` and `Float(1.0)` differ.
fn typed(v: &Value) -> String {
    format!("{v:?}")
}

type NodeSig = (BTreeSet<String>, BTreeMap<String, String>);
type RelSig = (String, String, String, BTreeMap<String, String>);

/// Nodes keyed by `key(node)`, relationships as a sorted list over those keys.
fn signature(g: &Entities, key: impl Fn(&ieum::NodeEntity) -> String) -> (BTreeMap<String, NodeSig>, Vec<RelSig>) {
    let props = |m: &ieum::value::Map| m.iter().map(|(k, v)| (k.to_string(), typed(v))).collect::<BTreeMap<_, _>>();
    let nodes = g.nodes.values().map(|n| (key(n), (n.labels.iter().map(|l| l.to_string()).collect(), props(&n.properties)))).collect();
    let mut rels: Vec<RelSig> = g
        .rels
        .values()
        .map(|r| (key(&g.nodes[&r.start_slot]), key(&g.nodes[&r.end_slot]), r.rel_type.to_string(), props(&r.properties)))
        .collect();
    rels.sort();
    (nodes, rels)
}

fn reimport(files: &[ieum::export::csv::CsvFile]) -> Result<Entities, String> {
    let (nodes, rels): (Vec<_>, Vec<_>) = files.iter().partition(|f| !f.text.starts_with(":START_ID"));
    let src = Sources {
        nodes: nodes.iter().map(|f| (f.path.as_str(), f.text.as_str())).collect(),
        relationships: rels.iter().map(|f| (f.path.as_str(), f.text.as_str())).collect(),
    };
    let mut g = Graph::new();
    import(&mut g, &src).map_err(|e| e.to_string())?;
    Ok(Database::from_graph(g).contents())
}

#[test]
fn bundled_graph_round_trips_through_csv() {
    let db = ieum::bundled::database().expect("the bundled graph loads");
    let before = db.contents();
    let ex = csv_export(&before, Layout::PerLabel);
    assert!(ex.warnings.is_empty(), "{:?}", ex.warnings);
    assert!(ex.files.iter().any(|f| f.path == "nodes/Company.csv" && f.text.starts_with("id:ID,:LABEL,")));
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let out = tmp.path().join("export");
    let warnings = ieum::export::command::write_csv_dir(&before, &out).expect("the CSV directory is written");
    assert!(warnings.is_empty());
    let mut files = Vec::new();
    for f in &ex.files {
        let text = std::fs::read_to_string(out.join(&f.path)).expect("the written file reads back");
        files.push(ieum::export::csv::CsvFile { path: f.path.clone(), text });
    }
    let after = reimport(&files).expect("the export imports again");
    let id = |n: &ieum::NodeEntity| typed(&n.properties["id"]);
    let (a, b) = (signature(&before, id), signature(&after, id));
    assert_eq!((a.0.len(), a.1.len()), (db.graph().node_count(), db.graph().rel_count()));
    assert_eq!(a, b);
}

// ----- GraphML read back -------------------------------------------------------------------

fn json_to_value(j: &serde_json::Value) -> Value {
    match j {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) if n.is_i64() => Value::Int(n.as_i64().unwrap_or_default()),
        serde_json::Value::Number(n) => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        serde_json::Value::String(s) => Value::str(s),
        serde_json::Value::Array(a) => Value::list(a.iter().map(json_to_value).collect()),
        serde_json::Value::Object(o) => Value::map(o.iter().map(|(k, v)| (k.as_str().into(), json_to_value(v))).collect()),
    }
}

/// Parses a GraphML export back into entities (ids from `n<id>` / `e<id>`).
fn read_graphml(text: &str) -> Entities {
    let doc = roxmltree::Document::parse(text).expect("well-formed XML");
    let mut keys = BTreeMap::new();
    for k in doc.descendants().filter(|n| n.has_tag_name("key")) {
        let desc = k.children().find(|c| c.has_tag_name("desc")).and_then(|d| d.text()).unwrap_or("").to_string();
        let id = k.attribute("id").expect("key id").to_string();
        keys.insert(
            id,
            (k.attribute("attr.name").expect("attr.name").to_string(), k.attribute("attr.type").expect("type").to_string(), desc),
        );
    }
    let decode = |key: &str, text: &str| -> (String, Value) {
        let (name, ty, desc) = &keys[key];
        let v = match (ty.as_str(), desc.as_str()) {
            ("long", _) => Value::Int(text.parse().expect("a long")),
            ("double", _) => Value::Float(match text {
                "INF" => f64::INFINITY,
                "-INF" => f64::NEG_INFINITY,
                t => t.parse().expect("a double"),
            }),
            ("boolean", _) => Value::Bool(text == "true"),
            (_, "json") => json_to_value(&serde_json::from_str(text).expect("JSON text")),
            _ => Value::str(text),
        };
        (name.clone(), v)
    };
    let num = |s: &str| s[1..].parse::<u64>().expect("an id like n12");
    let mut g = Entities::default();
    for n in doc.descendants().filter(|n| n.has_tag_name("node")) {
        let id = num(n.attribute("id").expect("node id"));
        // a fresh graph's slots are its ids
        let slot = ieum::NodeId(id as u32);
        let mut e = ieum::NodeEntity { id, slot, labels: Vec::new(), properties: Default::default() };
        for d in n.children().filter(|c| c.has_tag_name("data")) {
            let (key, text) = (d.attribute("key").expect("data key"), d.text().unwrap_or(""));
            if key == "labels" {
                e.labels = text.split(':').filter(|l| !l.is_empty()).map(Into::into).collect();
            } else {
                let (k, v) = decode(key, text);
                e.properties.insert(k.into(), v);
            }
        }
        g.nodes.insert(slot, e);
    }
    for r in doc.descendants().filter(|n| n.has_tag_name("edge")) {
        let id = num(r.attribute("id").expect("edge id"));
        let start = num(r.attribute("source").expect("source"));
        let end = num(r.attribute("target").expect("target"));
        let mut e = ieum::RelEntity {
            id,
            slot: ieum::RelId(id as u32),
            rel_type: "".into(),
            start,
            end,
            start_slot: ieum::NodeId(start as u32),
            end_slot: ieum::NodeId(end as u32),
            properties: Default::default(),
        };
        for d in r.children().filter(|c| c.has_tag_name("data")) {
            let (key, text) = (d.attribute("key").expect("data key"), d.text().unwrap_or(""));
            if key == "label" {
                e.rel_type = text.into();
            } else {
                let (k, v) = decode(key, text);
                e.properties.insert(k.into(), v);
            }
        }
        g.rels.insert(e.slot, e);
    }
    g
}

#[test]
fn bundled_graph_round_trips_through_graphml() {
    let db = ieum::bundled::database().expect("the bundled graph loads");
    let before = db.contents();
    let text = text_of(ExportFormat::Graphml, &before, &DotOptions::default());
    let after = read_graphml(&text);
    let id = |n: &ieum::NodeEntity| n.id.to_string();
    let (a, b) = (signature(&before, id), signature(&after, id));
    assert_eq!((b.0.len(), b.1.len()), (db.graph().node_count(), db.graph().rel_count()));
    let props: usize =
        after.nodes.values().map(|n| n.properties.len()).sum::<usize>() + after.rels.values().map(|r| r.properties.len()).sum::<usize>();
    assert!(props > 3000, "{props} properties read back");
    assert_eq!(a, b);
}

// ----- the command line --------------------------------------------------------------------

fn ieum(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_ieum")).args(args).output().expect("the ieum binary runs")
}

fn count(q: &str) -> i64 {
    let out = ieum(&["query", "--format", "json", q]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    v["rows"][0][0].as_i64().expect("a count")
}

#[test]
fn acceptance_celltrion_neighbourhood() {
    let q = r#"MATCH p = (:Company {name: "Celltrion"})-[*1..2]-() RETURN p"#;
    let out = ieum(&["query", "--format", "dot", q]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let dot = String::from_utf8(out.stdout).expect("UTF-8 DOT");
    let nodes = count(r#"MATCH p = (:Company {name: "Celltrion"})-[*1..2]-() UNWIND nodes(p) AS n RETURN count(DISTINCT n)"#);
    let rels = count(r#"MATCH p = (:Company {name: "Celltrion"})-[*1..2]-() UNWIND relationships(p) AS r RETURN count(DISTINCT r)"#);
    assert!(nodes > 10 && rels > 10, "{nodes} nodes, {rels} relationships");
    assert_eq!(dot.lines().filter(|l| l.starts_with("  \"n") && !l.contains(" -> ")).count() as i64, nodes);
    assert_eq!(dot.matches(" -> ").count() as i64, rels);
    graphviz::check(&dot, nodes as usize, rels as usize, "the Celltrion neighbourhood");
}

#[test]
fn export_command_writes_files_and_directories() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let q = "MATCH (h:Hospital)-[r]-(x) RETURN h, r, x";
    let gml = tmp.path().join("h.graphml");
    let out = ieum(&["export", "--format", "graphml", "--query", q, "-o", gml.to_str().expect("UTF-8 path")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&gml).expect("the GraphML file");
    let back = read_graphml(&text);
    let rels = count("MATCH (h:Hospital)-[r]-() RETURN count(DISTINCT r)");
    assert_eq!(back.rels.len() as i64, rels);
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("{rels} relationships")));

    let csv_dir = tmp.path().join("csv");
    let out = ieum(&["export", "--format", "csv", "-o", csv_dir.to_str().expect("UTF-8 path")]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(csv_dir.join("nodes/Hospital.csv").is_file() && csv_dir.join("relationships/MENTIONS.csv").is_file());
    let again = ieum(&["export", "--format", "csv", "-o", csv_dir.to_str().expect("UTF-8 path")]);
    assert_eq!(again.status.code(), Some(2), "a non-empty directory is refused");
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));

    let bad = ieum(&["export", "--query", "MATCH (n RETURN n"]);
    assert_eq!(bad.status.code(), Some(1));
    let bad = ieum(&["export", "--rankdir", "up"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("LR, RL, TB, BT"));
    let bad = ieum(&["export", "--format", "json", "--render", "svg"]);
    assert_eq!(bad.status.code(), Some(2));

    let svg = tmp.path().join("h.svg");
    let out = ieum(&["export", "--query", q, "--render", "svg", "-o", svg.to_str().expect("UTF-8 path")]);
    if graphviz::svg("digraph {}", "ieum export --render").is_some() {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = std::fs::read_to_string(&svg).expect("the SVG file");
        assert_eq!(text.matches("class=\"edge\"").count() as i64, rels);
    } else {
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("Graphviz"));
    }
}

#[test]
fn whole_bundled_graph_renders() {
    let db = ieum::bundled::database().expect("the bundled graph loads");
    let g = subgraph::whole(&db);
    let opts = DotOptions { cluster: true, ..DotOptions::default() };
    graphviz::check(&text_of(ExportFormat::Dot, &g, &opts), g.nodes.len(), g.rels.len(), "the whole bundled graph");
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn export_tells_the_truth() {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let path = |name: &str| tmp.path().join(name).to_str().expect("UTF-8 path").to_string();

    // a misspelt label: the warning `query` gives, and no empty picture
    let png = path("x.png");
    let out = ieum(&["export", "-q", "MATCH (n:Compnay) RETURN n", "--render", "png", "-o", &png]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("did you mean `Company`?"), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("nothing to export") && stderr_of(&out).contains("--allow-empty"), "{}", stderr_of(&out));
    assert!(!std::path::Path::new(&png).exists(), "no file is written");
    // a name that matches nothing points to the likely one
    let out = ieum(&["export", "-q", "MATCH (c:Company {name: 'Samsung Biologic'}) RETURN c"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr_of(&out).contains("did you mean 'Samsung Biologics'?"), "{}", stderr_of(&out));
    // a label key that nothing holds is said, not silently replaced
    let out = ieum(&["export", "-q", "MATCH (c:Company)-[r]->(x) RETURN c, r, x LIMIT 3", "--edge-label", "nosuch", "--node-label", "zz"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("--edge-label nosuch: no exported relationship has that property"), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("--node-label zz: no exported node has that property"), "{}", stderr_of(&out));
    // --allow-empty writes the empty graph
    let out = ieum(&["export", "--format", "json", "--allow-empty", "-q", "MATCH (n:Compnay) RETURN n"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["nodes"], serde_json::json!([]));

    // the extension chooses the format, or must agree with it
    let gml = path("h.graphml");
    let out = ieum(&["export", "-q", "MATCH (h:Hospital) RETURN h", "-o", &gml]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(std::fs::read_to_string(&gml).expect("the file").contains("<graphml"), "a .graphml name writes GraphML");
    for (args, says) in [
        (vec!["--format", "graphml", "-o", "x.dot"], "does not match the file name"),
        (vec!["--format", "graphml", "-o", "x.svg"], "a picture is drawn from DOT"),
        (vec!["--render", "png", "-o", "x.svg"], "name it .png"),
        (vec!["--render", "svg", "-o", "x.dot"], "name it .svg"),
        (vec!["--format", "csv", "-o", "x.csv"], "writes a directory"),
        (vec!["--format", "svg"], "--render svg"),
        (vec!["-o", "x.jpg"], "names no export format"),
        (vec!["-o", "x.txt"], "names no export format"),
    ] {
        let mut all: Vec<String> = ["export", "-q", "MATCH (h:Hospital) RETURN h"].map(String::from).to_vec();
        all.extend(args.iter().map(|a| if a.starts_with("x.") { path(a) } else { a.to_string() }));
        let out = ieum(&all.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr_of(&out));
        assert!(stderr_of(&out).contains(says), "{args:?}: {}", stderr_of(&out));
    }
    let svg = path("h.svg");
    let out = ieum(&["export", "-q", "MATCH p = (:Hospital)-[:PARTNERS_WITH]-() RETURN p", "-o", &svg]);
    if graphviz::svg("digraph {}", "ieum export -o x.svg").is_some() {
        assert!(out.status.success(), "{}", stderr_of(&out));
        assert!(std::fs::read_to_string(&svg).expect("the SVG").contains("<svg"), "a .svg name renders SVG, not DOT text");
    } else {
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr_of(&out).contains("Graphviz"));
    }

    // edges labelled by a chosen property (the type where an edge lacks it)
    let out = ieum(&["export", "-q", "MATCH p = (:Cluster)-[r:RANKED_IN]->() RETURN p", "--edge-label", "rank"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let dot = String::from_utf8_lossy(&out.stdout).into_owned();
    let ranks = count("MATCH (:Cluster)-[r:RANKED_IN]->() WHERE r.rank IS NOT NULL RETURN count(r)");
    let labelled = dot
        .lines()
        .filter(|l| l.contains(" -> ") && l.split("label=\"").nth(1).is_some_and(|t| t.starts_with(|c: char| c.is_ascii_digit())))
        .count();
    assert_eq!(labelled as i64, ranks, "{dot}");
}

#[test]
fn cypher_export_builds_the_graph_again() {
    let out = ieum(&["export", "--format", "cypher"]);
    assert!(out.status.success(), "{}", stderr_of(&out));
    let script = String::from_utf8(out.stdout).expect("UTF-8");
    let mut copy = Database::new();
    for line in script.lines().filter(|l| !l.starts_with("//") && !l.trim().is_empty()) {
        copy.execute(line.trim_end_matches(';')).unwrap_or_else(|e| panic!("{e}\n{line}"));
    }
    let original = ieum::bundled::database().expect("the bundled graph");
    let sig = |db: &Database| signature(&subgraph::whole(db), |n| n.properties.get("id").map(typed).unwrap_or_default());
    assert_eq!(sig(&copy), sig(&original), "labels, properties with their types and relationships are the same");
}
