//! Property tests of export: graphs whose labels, types, property keys and values are
//! random strings full of quotes, backslashes, line breaks, braces, angle brackets,
//! ampersands, Korean, emoji and control characters. Every DOT must be accepted by the
//! real Graphviz with the right number of nodes and edges; GraphML must parse as XML and
//! give the same strings back (less what XML 1.0 cannot carry); JSON must parse to the same
//! strings; CSV must import again, identically when the export reported no warning.

#[path = "export/graphviz.rs"]
mod graphviz;

use proptest::prelude::*;

use ieum::export::csv::{Layout, export as csv_export};
use ieum::export::{DotOptions, ExportFormat, StyleSheet, subgraph, text_of};
use ieum::import::{Sources, import};
use ieum::store::Graph;
use ieum::value::Map;
use ieum::{Database, Entities, Params, QueryOptions, Value};

const PIECES: &[&str] = &[
    "\"",
    "\\",
    "\n",
    "\r",
    "\r\n",
    "\t",
    "{",
    "}",
    "|",
    "<",
    ">",
    "&",
    "&amp;",
    "\\n",
    "\\N",
    ";",
    ":",
    "'",
    "`",
    " ",
    "#",
    "=",
    "[",
    "]",
    "셀트리온",
    "식약처",
    "😀",
    "👩‍🔬",
    "\u{0}",
    "\u{1}",
    "\u{1b}",
    "\u{7f}",
    "\u{85}",
    "\u{feff}",
    "\u{2028}",
    "\u{fffe}",
    "a",
    "Z",
    "0",
    "digraph",
    "node",
    "-- ->",
];

fn text(min: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![3 => proptest::sample::select(PIECES).prop_map(str::to_string), 1 => any::<char>().prop_map(String::from)];
    proptest::collection::vec(piece, min..6).prop_map(|v| v.concat())
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => text(0).prop_map(|s| Value::str(&s)),
        1 => any::<i64>().prop_map(Value::Int),
        1 => any::<f64>().prop_map(Value::Float),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => proptest::collection::vec(text(1), 1..3).prop_map(|v| Value::list(v.iter().map(|s| Value::str(s)).collect())),
    ]
}

/// Properties as generated: (key, value) pairs.
type PropList = Vec<(String, Value)>;

#[derive(Clone, Debug)]
struct Spec {
    nodes: Vec<(String, PropList)>,
    rels: Vec<(usize, usize, String, PropList)>,
}

fn props() -> impl Strategy<Value = Vec<(String, Value)>> {
    proptest::collection::vec((text(1), value()), 0..3)
}

fn spec() -> impl Strategy<Value = Spec> {
    let nodes = proptest::collection::vec((text(1), props()), 1..5);
    nodes.prop_flat_map(|nodes| {
        let n = nodes.len();
        let rels = proptest::collection::vec((0..n, 0..n, text(1), props()), 0..5);
        (Just(nodes), rels).prop_map(|(nodes, rels)| Spec { nodes, rels })
    })
}

fn backtick(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

fn map(props: &[(String, Value)]) -> Value {
    Value::map(props.iter().map(|(k, v)| (k.as_str().into(), v.clone())).collect::<Map>())
}

fn build(spec: &Spec) -> Database {
    let mut db = Database::new();
    let run = |db: &mut Database, q: &str, params: Params| db.execute_with(q, &QueryOptions { params, ..QueryOptions::default() });
    for (label, props) in &spec.nodes {
        let q = format!("CREATE (n:{}) SET n = $props", backtick(label));
        run(&mut db, &q, Params::from([("props".to_string(), map(props))])).unwrap_or_else(|e| panic!("{q}: {e}"));
    }
    for (a, b, t, props) in &spec.rels {
        let q = format!("MATCH (a), (b) WHERE id(a) = $a AND id(b) = $b CREATE (a)-[r:{}]->(b) SET r = $props", backtick(t));
        let params = Params::from([
            ("a".to_string(), Value::Int(*a as i64)),
            ("b".to_string(), Value::Int(*b as i64)),
            ("props".to_string(), map(props)),
        ]);
        run(&mut db, &q, params).unwrap_or_else(|e| panic!("{q}: {e}"));
    }
    db
}

/// What XML 1.0 can carry of a string (the rest becomes U+FFFD).
fn xml_safe(s: &str) -> String {
    s.chars()
        .map(|c| if ((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}' || c == '\u{ffff}' { '\u{fffd}' } else { c })
        .collect()
}

fn strings(g: &Entities) -> Vec<String> {
    let mut out = Vec::new();
    for n in g.nodes.values() {
        out.extend(n.labels.iter().map(|l| l.to_string()));
        for (k, v) in &n.properties {
            out.push(k.to_string());
            if let Value::String(s) = v {
                out.push(s.to_string());
            }
        }
    }
    for r in g.rels.values() {
        out.push(r.rel_type.to_string());
        out.extend(r.properties.keys().map(|k| k.to_string()));
    }
    out
}

fn typed_sig(g: &Entities) -> (Vec<String>, Vec<String>) {
    let node = |n: &ieum::NodeEntity| {
        let mut labels: Vec<_> = n.labels.iter().map(|l| l.to_string()).collect();
        labels.sort();
        format!("{labels:?} {:?}", n.properties)
    };
    let mut nodes: Vec<String> = g.nodes.values().map(node).collect();
    let mut rels: Vec<String> = g
        .rels
        .values()
        .map(|r| format!("{} -{:?} {:?}-> {}", node(&g.nodes[&r.start_slot]), r.rel_type, r.properties, node(&g.nodes[&r.end_slot])))
        .collect();
    nodes.sort();
    rels.sort();
    (nodes, rels)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_graph_gives_valid_dot(spec in spec(), properties in any::<bool>(), cluster in any::<bool>(), plain in any::<bool>()) {
        let db = build(&spec);
        let g = subgraph::whole(&db);
        let style = if plain { StyleSheet::empty() } else { StyleSheet::built_in() };
        let key = spec.nodes[0].1.first().map_or("name".to_string(), |(k, _)| k.clone());
        let opts = DotOptions { node_label: key, edge_label: None, properties, rankdir: Some("LR".into()), cluster, style };
        let dot = text_of(ExportFormat::Dot, &g, &opts);
        graphviz::check(&dot, g.nodes.len(), g.rels.len(), "a random graph");
    }

    #[test]
    fn any_graph_gives_parsable_graphml_and_json(spec in spec()) {
        let db = build(&spec);
        let g = subgraph::whole(&db);
        let xml = text_of(ExportFormat::Graphml, &g, &DotOptions::default());
        let doc = roxmltree::Document::parse(&xml).map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
        let mut found: Vec<String> = Vec::new();
        for n in doc.descendants() {
            if n.has_tag_name("data") {
                found.push(n.text().unwrap_or("").to_string());
            }
            if let Some(name) = n.attribute("attr.name") {
                found.push(name.to_string());
            }
        }
        for s in strings(&g) {
            let safe = xml_safe(&s);
            let hit = found.iter().any(|f| f.contains(&safe));
            prop_assert!(hit, "{:?} not found in the GraphML", s);
        }
        prop_assert_eq!(doc.descendants().filter(|n| n.has_tag_name("node")).count(), g.nodes.len());
        prop_assert_eq!(doc.descendants().filter(|n| n.has_tag_name("edge")).count(), g.rels.len());
        let json: serde_json::Value = serde_json::from_str(&text_of(ExportFormat::Json, &g, &DotOptions::default())).map_err(|e| TestCaseError::fail(e.to_string()))?;
        for (n, j) in g.nodes.values().zip(json["nodes"].as_array().into_iter().flatten()) {
            for (k, v) in &n.properties {
                if let Value::String(s) = v {
                    prop_assert_eq!(j["properties"][&**k].as_str(), Some(&**s));
                }
            }
            prop_assert_eq!(j["labels"][0].as_str(), n.labels.first().map(|l| &**l));
        }
    }

    #[test]
    fn any_graph_reimports_from_csv(spec in spec()) {
        let db = build(&spec);
        let g = subgraph::whole(&db);
        let ex = csv_export(&g, Layout::PerLabel);
        let (nodes, rels): (Vec<_>, Vec<_>) = ex.files.iter().partition(|f| !f.text.starts_with(":START_ID"));
        let src = Sources {
            nodes: nodes.iter().map(|f| (f.path.as_str(), f.text.as_str())).collect(),
            relationships: rels.iter().map(|f| (f.path.as_str(), f.text.as_str())).collect(),
        };
        let mut back = Graph::new();
        import(&mut back, &src).map_err(|e| TestCaseError::fail(format!("{e}\n{:#?}", ex.files)))?;
        let back = Database::from_graph(back).contents();
        prop_assert_eq!((back.nodes.len(), back.rels.len()), (g.nodes.len(), g.rels.len()));
        if ex.warnings.is_empty() {
            prop_assert_eq!(typed_sig(&back), typed_sig(&g), "{:#?}", ex.files);
        }
    }
}
