//! ieum's `algo.*` procedures against networkx.
//!
//! `tests/algo/bundled.json` (the bundled graph) and `tests/algo/generated.json` (a seeded
//! random graph of 405 nodes and 1,927 relationships, stored in the file) hold networkx's
//! results for each case; `tests/algo/make_fixtures.py` made them, and each file's
//! `command` field says how. The test needs neither Python nor networkx.
//!
//! Tolerances (also in docs/algorithms.md):
//! - exact: components, label propagation (the same partition), triangle counts, k-hop
//!   distances, the set of nodes reached and of similar pairs;
//! - |ieum − networkx| ≤ 1e-9 · max(1, |networkx|) for values computed exactly up to
//!   floating-point rounding: degree, betweenness, closeness, clustering coefficient,
//!   Jaccard similarity, path lengths;
//! - |ieum − networkx| ≤ 1e-6 for PageRank (both iterate until the change is small;
//!   networkx was run to 1e-14);
//! - Louvain: the modularity of ieum's partition is at least the best networkx reaches over
//!   ten seeds minus 0.01 (Louvain's result depends on the order nodes are visited, and
//!   networkx visits them in a random order; modularity is the quantity both optimise).
//!   The test's own modularity formula is first checked on networkx's partition.
//!
//! Paths are checked for what makes them right, not for being the same path as
//! networkx's (ties are common): they start and end at the right nodes, every step is a
//! projected relationship followed in the projection's direction, and the weights along
//! the path add up to the reported distance, which equals networkx's.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use ieum::{Database, Params, QueryOptions, Value};
use serde_json::Value as Json;

const EXACT_TOLERANCE: f64 = 1e-9;
const PAGERANK_TOLERANCE: f64 = 1e-6;
const LOUVAIN_MODULARITY_SLACK: f64 = 0.01;

fn fixture(name: &str) -> Json {
    let path = format!("{}/tests/algo/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A JSON value as a query parameter.
fn to_value(j: &Json) -> Value {
    match j {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().expect("a number")),
        },
        Json::String(s) => Value::str(s),
        Json::Array(items) => Value::list(items.iter().map(to_value).collect()),
        Json::Object(m) => Value::map(m.iter().map(|(k, v)| (k.as_str().into(), to_value(v))).collect()),
    }
}

fn run(db: &mut Database, query: &str, params: &[(&str, Value)]) -> Vec<Vec<Value>> {
    let params: Params = params.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    match db.execute_with(query, &QueryOptions { params, ..QueryOptions::default() }) {
        Ok(r) => r.rows,
        Err(e) => panic!("{query}\nfailed: {e}"),
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        other => panic!("expected a string, got {other}"),
    }
}

fn float(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("expected a number, got {v}"))
}

/// The generated graph in a fresh database, nodes created in the fixture's order.
fn generated_db(fx: &Json) -> Database {
    let mut db = Database::new();
    let graph = &fx["graph"];
    run(&mut db, "CREATE INDEX FOR (n:N) ON (n.id)", &[]);
    run(
        &mut db,
        "UNWIND $nodes AS n CREATE (x:N {id: n.id, lat: n.lat, lon: n.lon, kind: n.labels[1]})",
        &[("nodes", to_value(&graph["nodes"]))],
    );
    run(&mut db, "MATCH (x:N {kind: 'A'}) SET x:A REMOVE x.kind", &[]);
    run(&mut db, "MATCH (x:N {kind: 'B'}) SET x:B REMOVE x.kind", &[]);
    for ty in ["LINK", "OTHER"] {
        let q = format!(
            "UNWIND $rels AS r WITH r WHERE r.type = '{ty}' MATCH (a:N {{id: r.start}}), (b:N {{id: r.end}}) CREATE (a)-[x:{ty}]->(b) SET x = r.props"
        );
        run(&mut db, &q, &[("rels", to_value(&graph["relationships"]))]);
    }
    let rels = run(&mut db, "MATCH ()-[r]->() RETURN count(r)", &[]);
    assert_eq!(rels[0][0], Value::Int(graph["relationships"].as_array().unwrap().len() as i64));
    db
}

/// The reference computed on nodes in ieum's node id order: check that it still is.
fn check_node_order(db: &mut Database, fx: &Json, name: &str) {
    let ids: Vec<String> = run(db, "MATCH (n) RETURN n.id ORDER BY id(n)", &[]).iter().map(|r| text(&r[0])).collect();
    let expected: Vec<String> = fx["node_order"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    assert!(
        ids == expected,
        "{name}: the fixture lists the nodes in another order than ieum's node ids now have; label propagation depends on it. \
         Regenerate the fixture: {}",
        fx["command"]
    );
}

fn close(actual: f64, expected: f64, tolerance: f64, relative: bool) -> bool {
    let scale = if relative { expected.abs().max(1.0) } else { 1.0 };
    (actual - expected).abs() <= tolerance * scale
}

/// What one case is about, for messages.
fn label(c: &Json) -> String {
    format!("{}({})", c["procedure"].as_str().unwrap(), c["config"])
}

fn expected_scores(c: &Json) -> BTreeMap<String, f64> {
    c["expected"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.as_f64().unwrap())).collect()
}

fn check_scores(db: &mut Database, c: &Json) {
    let proc_ = c["procedure"].as_str().unwrap();
    let config = to_value(&c["config"]);
    let (column, tolerance, relative) = match proc_ {
        "algo.triangleCount" => ("triangles", 0.0, false),
        "algo.clusteringCoefficient" => ("coefficient", EXACT_TOLERANCE, true),
        "algo.pageRank" => ("score", PAGERANK_TOLERANCE, false),
        "algo.kHop" => ("distance", 0.0, false),
        _ => ("score", EXACT_TOLERANCE, true),
    };
    let rows = if proc_ == "algo.kHop" {
        let q = "MATCH (s {id: $source}) CALL algo.kHop(s, $k, $config) YIELD node, distance RETURN node.id, distance";
        run(db, q, &[("source", to_value(&c["source"])), ("k", to_value(&c["k"])), ("config", config)])
    } else {
        let q = format!("CALL {proc_}($config) YIELD node, {column} RETURN node.id, {column}");
        run(db, &q, &[("config", config)])
    };
    let actual: BTreeMap<String, f64> = rows.iter().map(|r| (text(&r[0]), float(&r[1]))).collect();
    assert_eq!(actual.len(), rows.len(), "{}: a node appears twice", label(c));
    let expected = expected_scores(c);
    let keys = |m: &BTreeMap<String, f64>| m.keys().cloned().collect::<BTreeSet<_>>();
    assert_eq!(keys(&actual), keys(&expected), "{}: not the same nodes", label(c));
    for (node, &want) in &expected {
        let got = actual[node];
        assert!(close(got, want, tolerance, relative), "{}: node {node}: ieum {got}, networkx {want}", label(c));
    }
}

fn groups(rows: &[Vec<Value>]) -> BTreeSet<BTreeSet<String>> {
    let mut by: BTreeMap<i64, BTreeSet<String>> = BTreeMap::new();
    for r in rows {
        let Value::Int(g) = r[1] else { panic!("a group id is an integer, got {}", r[1]) };
        by.entry(g).or_default().insert(text(&r[0]));
    }
    by.into_values().collect()
}

fn partition_of(j: &Json) -> BTreeSet<BTreeSet<String>> {
    j.as_array().unwrap().iter().map(|s| s.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect()).collect()
}

fn group_rows(db: &mut Database, c: &Json) -> Vec<Vec<Value>> {
    let proc_ = c["procedure"].as_str().unwrap();
    let column = if proc_ == "algo.wcc" || proc_ == "algo.scc" { "component" } else { "community" };
    let q = format!("CALL {proc_}($config) YIELD node, {column} RETURN node.id, {column}");
    let rows = run(db, &q, &[("config", to_value(&c["config"]))]);
    // a group is named by the smallest node id among its members
    let ids: HashMap<String, i64> = run(db, "MATCH (n) RETURN n.id, id(n)", &[])
        .iter()
        .map(|r| (text(&r[0]), if let Value::Int(i) = r[1] { i } else { panic!() }))
        .collect();
    let mut smallest: HashMap<i64, i64> = HashMap::new();
    for r in &rows {
        let Value::Int(g) = r[1] else { panic!() };
        let id = ids[&text(&r[0])];
        let e = smallest.entry(g).or_insert(id);
        *e = (*e).min(id);
    }
    for (g, s) in smallest {
        assert_eq!(g, s, "{}: group {g} is not named by its smallest member's id ({s})", label(c));
    }
    rows
}

fn check_partition(db: &mut Database, c: &Json) {
    let rows = group_rows(db, c);
    let expected = partition_of(&c["expected"]);
    let actual = groups(&rows);
    assert!(actual == expected, "{}: ieum's partition differs from networkx's\nieum: {actual:?}\nnetworkx: {expected:?}", label(c));
}

/// Modularity of a partition of an undirected weighted graph:
/// Σ_c [ L_c / m − γ (d_c / 2m)² ], L_c the weight inside c, d_c the total degree of c.
fn modularity(edges: &[(String, String, f64)], nodes: &[String], community: &HashMap<String, usize>, resolution: f64) -> f64 {
    let m: f64 = edges.iter().map(|e| e.2).sum();
    let mut inside: HashMap<usize, f64> = HashMap::new();
    let mut degree: HashMap<usize, f64> = HashMap::new();
    for n in nodes {
        degree.entry(community[n]).or_default();
    }
    for (a, b, w) in edges {
        let (ca, cb) = (community[a], community[b]);
        if ca == cb {
            *inside.entry(ca).or_default() += w;
        }
        *degree.entry(ca).or_default() += w;
        *degree.entry(cb).or_default() += w;
    }
    degree.iter().map(|(c, d)| inside.get(c).copied().unwrap_or(0.0) / m - resolution * (d / (2.0 * m)).powi(2)).sum()
}

fn check_modularity(db: &mut Database, c: &Json) {
    let e = &c["expected"];
    let nodes: Vec<String> = e["nodes"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_string()).collect();
    let edges: Vec<(String, String, f64)> = e["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t[0].as_str().unwrap().to_string(), t[1].as_str().unwrap().to_string(), t[2].as_f64().unwrap()))
        .collect();
    let resolution = e["resolution"].as_f64().unwrap();
    let reference_q = e["modularity"].as_f64().unwrap();
    let membership = |parts: &BTreeSet<BTreeSet<String>>| -> HashMap<String, usize> {
        parts.iter().enumerate().flat_map(|(i, p)| p.iter().map(move |n| (n.clone(), i))).collect()
    };
    // the formula here agrees with networkx's on networkx's own partition
    let nx_parts = partition_of(&e["partition"]);
    let q_check = modularity(&edges, &nodes, &membership(&nx_parts), resolution);
    assert!(close(q_check, reference_q, 1e-9, false), "{}: test formula {q_check} vs networkx {reference_q}", label(c));
    let rows = group_rows(db, c);
    let parts = groups(&rows);
    let covered: BTreeSet<String> = parts.iter().flatten().cloned().collect();
    assert_eq!(covered, nodes.iter().cloned().collect(), "{}: not the same nodes", label(c));
    let q = modularity(&edges, &nodes, &membership(&parts), resolution);
    assert!(
        q >= reference_q - LOUVAIN_MODULARITY_SLACK,
        "{}: ieum's partition has modularity {q}, networkx's best {reference_q}",
        label(c)
    );
    eprintln!("{}: modularity ieum {q:.6}, networkx {reference_q:.6}, {} communities", label(c), parts.len());
}

/// Checks a path row: (end node id, distance, node ids, [start id, end id, properties] per
/// relationship).
fn check_path(c: &Json, source: &str, row: &[Value]) {
    let config = &c["config"];
    let weight_key = config["weight"].as_str();
    let direction = config["direction"].as_str().unwrap_or("OUT");
    let types: Option<Vec<&str>> = config["types"].as_array().map(|t| t.iter().map(|x| x.as_str().unwrap()).collect());
    let Value::List(nodes) = &row[2] else { panic!("node list") };
    let Value::List(rels) = &row[3] else { panic!("relationship list") };
    let nodes: Vec<String> = nodes.iter().map(text).collect();
    assert_eq!(nodes.first().map(String::as_str), Some(source), "{}: the path starts elsewhere", label(c));
    assert_eq!(nodes.last(), Some(&text(&row[0])), "{}: the path ends elsewhere", label(c));
    assert_eq!(rels.len() + 1, nodes.len());
    let mut total = 0.0;
    for (i, r) in rels.iter().enumerate() {
        let Value::List(r) = r else { panic!() };
        let (start, end) = (text(&r[0]), text(&r[1]));
        let (a, b) = (&nodes[i], &nodes[i + 1]);
        let ok = match direction {
            "OUT" => (&start, &end) == (a, b),
            "IN" => (&start, &end) == (b, a),
            _ => (&start, &end) == (a, b) || (&start, &end) == (b, a),
        };
        assert!(ok, "{}: step {i} of the path ({a} to {b}) goes against relationship {start}->{end}", label(c));
        if let Some(types) = &types {
            assert!(types.contains(&text(&r[2]).as_str()), "{}: the path uses a relationship of another type", label(c));
        }
        let Value::Map(props) = &r[3] else { panic!() };
        total += match weight_key {
            Some(k) => props.get(k).map(float).unwrap_or(1.0),
            None => 1.0,
        };
    }
    let distance = float(&row[1]);
    assert!(close(total, distance, EXACT_TOLERANCE, true), "{}: the path weighs {total}, the distance is {distance}", label(c));
}

const PATH_RETURN: &str = "RETURN node.id, distance, [n IN nodes(path) | n.id], \
     [r IN relationships(path) | [startNode(r).id, endNode(r).id, type(r), properties(r)]]";

fn check_distances(db: &mut Database, c: &Json) {
    let source = c["source"].as_str().unwrap();
    let config = to_value(&c["config"]);
    let q = format!("MATCH (s {{id: $source}}) CALL algo.dijkstra(s, null, $config) YIELD node, distance, path {PATH_RETURN}");
    let rows = run(db, &q, &[("source", Value::str(source)), ("config", config.clone())]);
    let expected = expected_scores(c);
    let actual: BTreeMap<String, f64> = rows.iter().map(|r| (text(&r[0]), float(&r[1]))).collect();
    assert_eq!(actual.keys().collect::<Vec<_>>(), expected.keys().collect::<Vec<_>>(), "{}: not the same nodes reached", label(c));
    for row in &rows {
        let node = text(&row[0]);
        assert!(close(float(&row[1]), expected[&node], EXACT_TOLERANCE, true), "{}: distance to {node}", label(c));
        check_path(c, source, row);
    }
    let distances: Vec<f64> = rows.iter().map(|r| float(&r[1])).collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "{}: rows are not nearest first", label(c));
    let pairs: Vec<Json> = c["pairs"].as_array().unwrap().iter().map(|p| serde_json::json!([source, p[0], p[1]])).collect();
    check_pairs(db, c, "algo.dijkstra", &pairs, &config);
}

fn check_pairs(db: &mut Database, c: &Json, proc_: &str, pairs: &[Json], config: &Value) {
    let q = format!("MATCH (s {{id: $source}}), (t {{id: $target}}) CALL {proc_}(s, t, $config) YIELD node, distance, path {PATH_RETURN}");
    for p in pairs {
        let (s, t) = (p[0].as_str().unwrap(), p[1].as_str().unwrap());
        let rows = run(db, &q, &[("source", Value::str(s)), ("target", Value::str(t)), ("config", config.clone())]);
        match p[2].as_f64() {
            None => assert!(rows.is_empty(), "{}: {s} to {t}: networkx finds no path, ieum does", label(c)),
            Some(want) => {
                assert_eq!(rows.len(), 1, "{}: {s} to {t}: one row expected", label(c));
                let got = float(&rows[0][1]);
                assert!(close(got, want, EXACT_TOLERANCE, true), "{}: {s} to {t}: ieum {got}, networkx {want}", label(c));
                check_path(c, s, &rows[0]);
            }
        }
    }
}

fn check_similarity(db: &mut Database, c: &Json) {
    let q = "CALL algo.nodeSimilarity($config) YIELD node1, node2, similarity RETURN node1.id, node2.id, similarity";
    let rows = run(db, q, &[("config", to_value(&c["config"]))]);
    let actual: BTreeMap<(String, String), f64> = rows.iter().map(|r| ((text(&r[0]), text(&r[1])), float(&r[2]))).collect();
    let expected: BTreeMap<(String, String), f64> = c["expected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| ((t[0].as_str().unwrap().to_string(), t[1].as_str().unwrap().to_string()), t[2].as_f64().unwrap()))
        .collect();
    assert_eq!(actual.len(), rows.len(), "{}: a pair appears twice", label(c));
    assert_eq!(actual.keys().collect::<Vec<_>>(), expected.keys().collect::<Vec<_>>(), "{}: not the same pairs", label(c));
    for (pair, &want) in &expected {
        assert!(close(actual[pair], want, EXACT_TOLERANCE, true), "{}: {pair:?}: ieum {}, networkx {want}", label(c), actual[pair]);
    }
}

fn check_all(db: &mut Database, fx: &Json, name: &str) {
    check_node_order(db, fx, name);
    let cases = fx["cases"].as_array().unwrap();
    assert!(!cases.is_empty());
    for c in cases {
        match c["kind"].as_str().unwrap() {
            "scores" => check_scores(db, c),
            "partition" => check_partition(db, c),
            "modularity" => check_modularity(db, c),
            "distances" => check_distances(db, c),
            "pairs" => {
                let pairs = c["expected"].as_array().unwrap().clone();
                check_pairs(db, c, c["procedure"].as_str().unwrap(), &pairs, &to_value(&c["config"]));
            }
            "similarity" => check_similarity(db, c),
            other => panic!("{name}: unknown case kind {other}"),
        }
    }
}

#[test]
fn bundled_graph_matches_networkx() {
    let fx = fixture("bundled.json");
    let mut db = ieum::bundled::database().unwrap();
    check_all(&mut db, &fx, "bundled.json");
}

#[test]
fn generated_graph_matches_networkx() {
    let fx = fixture("generated.json");
    let mut db = generated_db(&fx);
    check_all(&mut db, &fx, "generated.json");
}

// ----- behaviour beyond the reference results ---------------------------------------------

fn try_run(db: &mut Database, query: &str) -> Result<Vec<Vec<Value>>, ieum::Error> {
    db.execute(query).map(|r| r.rows)
}

fn bundled() -> Database {
    ieum::bundled::database().unwrap()
}

/// (node id property, value) pairs of a `RETURN node.id, value` result, sorted.
fn pairs(rows: &[Vec<Value>]) -> Vec<(String, Value)> {
    let mut v: Vec<(String, Value)> = rows.iter().map(|r| (text(&r[0]), r[1].clone())).collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

#[test]
fn configuration_defaults_are_the_same_however_given() {
    let mut db = bundled();
    let q = |arg: &str| format!("CALL algo.pageRank({arg}) YIELD node, score RETURN node.id, score");
    let none = pairs(&run(&mut db, &q(""), &[]));
    assert_eq!(none.len(), db.graph().node_count());
    assert_eq!(pairs(&run(&mut db, &q("{}"), &[])), none);
    assert_eq!(pairs(&run(&mut db, &q("null"), &[])), none);
    assert_eq!(pairs(&run(&mut db, &q("{direction: 'OUT', dampingFactor: 0.85}"), &[])), none);
    // standalone, without parentheses: every column, defaults for the arguments
    let r = db.execute("CALL algo.pageRank").unwrap();
    assert_eq!(r.columns, ["node", "score"]);
    let n = db.graph().node_count();
    assert_eq!(r.rows.len(), n);
    // an empty list selects nothing (not everything)
    assert!(run(&mut db, "CALL algo.pageRank({labels: []}) YIELD node RETURN node", &[]).is_empty());
    let isolated = run(&mut db, "CALL algo.degree({types: [], direction: 'BOTH'}) YIELD score RETURN count(*), max(score)", &[]);
    assert_eq!(isolated, [vec![Value::Int(n as i64), Value::Float(0.0)]]);
    let hop = "MATCH (s {id: 'celltrion'}) CALL algo.kHop(s, 2, {types: []}) YIELD node RETURN count(*)";
    assert_eq!(run(&mut db, hop, &[]), [vec![Value::Int(0)]]);
    let total: f64 = none.iter().map(|(_, s)| float(s)).sum();
    assert!((total - 1.0).abs() < 1e-9, "PageRank scores sum to 1, not {total}");
}

#[test]
fn rows_flow_into_the_rest_of_the_query() {
    let mut db = bundled();
    let all = run(&mut db, "CALL algo.pageRank() YIELD node, score WHERE node:Company RETURN node.name, score", &[]);
    let companies = run(&mut db, "MATCH (n:Company) RETURN count(*)", &[]);
    assert_eq!(Value::Int(all.len() as i64), companies[0][0], "YIELD ... WHERE keeps the companies only");
    let mut scores: Vec<f64> = all.iter().map(|r| float(&r[1])).collect();
    scores.sort_by(|a, b| b.total_cmp(a));
    let top = run(
        &mut db,
        "CALL algo.pageRank() YIELD node, score WHERE node:Company RETURN node.name AS name, score ORDER BY score DESC LIMIT 3",
        &[],
    );
    assert_eq!(top.len(), 3);
    assert_eq!(top.iter().map(|r| float(&r[1])).collect::<Vec<_>>(), scores[..3].to_vec());
    // aliases, aggregation over the yielded rows, and a write of the scores
    let sizes = run(&mut db, "CALL algo.wcc({types: 'PART_OF'}) YIELD component AS c RETURN c, count(*) AS n ORDER BY n DESC LIMIT 1", &[]);
    assert!(matches!(sizes[0][1], Value::Int(n) if n > 1));
    run(&mut db, "CALL algo.degree({direction: 'BOTH'}) YIELD node, score SET node.degree = score", &[]);
    let check = run(&mut db, "MATCH (n) WHERE n.degree <> toFloat(size([(n)--() | 1])) RETURN count(*)", &[]);
    assert_eq!(check[0][0], Value::Int(0));
}

#[test]
fn degree_counts_what_patterns_count() {
    let mut db = bundled();
    for (config, pattern) in [
        ("{}", "(node)-->()"),
        ("{direction: 'IN'}", "(node)<--()"),
        ("{direction: 'BOTH'}", "(node)--()"),
        ("{direction: 'BOTH', types: ['PART_OF', 'LOCATED_IN']}", "(node)-[:PART_OF|LOCATED_IN]-()"),
        ("{labels: ['Company', 'Hospital'], direction: 'BOTH'}", "(node)--(m) WHERE m:Company OR m:Hospital"),
    ] {
        let q = format!(
            "CALL algo.degree({config}) YIELD node, score WITH node, score WHERE score <> toFloat(size([{pattern} | 1])) RETURN count(*)"
        );
        assert_eq!(run(&mut db, &q, &[])[0][0], Value::Int(0), "{config}");
    }
    let filtered = run(&mut db, "CALL algo.degree({labels: ['Company', 'Hospital']}) YIELD node RETURN count(*)", &[]);
    let expected = run(&mut db, "MATCH (n) WHERE n:Company OR n:Hospital RETURN count(*)", &[]);
    assert_eq!(filtered, expected);
}

#[test]
fn k_hop_and_unweighted_dijkstra_agree_with_patterns() {
    let mut db = bundled();
    for (source, config, arrow) in
        [("korea-university-medical-center", "{}", "-[*1..3]->"), ("celltrion", "{direction: 'BOTH'}", "-[*1..3]-")]
    {
        let by_proc = run(
            &mut db,
            &format!("MATCH (s {{id: $s}}) CALL algo.kHop(s, 3, {config}) YIELD node, distance RETURN node.id, distance"),
            &[("s", Value::str(source))],
        );
        let by_pattern = run(
            &mut db,
            &format!("MATCH p = (s {{id: $s}}){arrow}(x) WHERE x <> s RETURN x.id, min(length(p))"),
            &[("s", Value::str(source))],
        );
        assert_eq!(pairs(&by_proc), pairs(&by_pattern), "{source} {config}");
        let hops: Vec<i64> = by_proc.iter().map(|r| if let Value::Int(d) = r[1] { d } else { panic!() }).collect();
        assert!(hops.windows(2).all(|w| w[0] <= w[1]), "nearest first");
    }
    let q = "MATCH (a:Company), (b:Hospital) WHERE a.id < 'd'
             MATCH p = shortestPath((a)-[*..10]-(b))
             CALL algo.dijkstra(a, b, {direction: 'BOTH'}) YIELD distance
             RETURN a.id, b.id, length(p), distance";
    let rows = run(&mut db, q, &[]);
    assert!(rows.len() > 20);
    for r in rows {
        assert_eq!(float(&r[2]), float(&r[3]), "{} to {}", r[0], r[1]);
    }
}

#[test]
fn every_procedure_runs_on_an_empty_graph() {
    let mut db = Database::new();
    for p in [
        "algo.degree",
        "algo.pageRank",
        "algo.betweenness",
        "algo.closeness",
        "algo.wcc",
        "algo.scc",
        "algo.louvain",
        "algo.labelPropagation",
        "algo.triangleCount",
        "algo.clusteringCoefficient",
        "algo.nodeSimilarity",
    ] {
        let r = db.execute(&format!("CALL {p}()")).unwrap_or_else(|e| panic!("{p}: {e}"));
        assert!(r.rows.is_empty(), "{p}");
    }
}

#[test]
fn self_loops_and_parallel_relationships() {
    let mut db = Database::new();
    run(
        &mut db,
        "CREATE (a:X {id: 'a'}), (b:X {id: 'b'}), (c:X {id: 'c'}), (d:X {id: 'd'}),
                (a)-[:R]->(b), (a)-[:R]->(b), (b)-[:R]->(c), (c)-[:R]->(a), (a)-[:R]->(a), (c)-[:R]->(d)",
        &[],
    );
    let tri = pairs(&run(&mut db, "CALL algo.triangleCount() YIELD node, triangles RETURN node.id, triangles", &[]));
    assert_eq!(tri.iter().map(|(_, t)| t.clone()).collect::<Vec<_>>(), [1, 1, 1, 0].map(Value::Int));
    let cc = pairs(&run(&mut db, "CALL algo.clusteringCoefficient() YIELD node, coefficient RETURN node.id, coefficient", &[]));
    // c has neighbours a, b and d: one link among the three pairs
    assert_eq!(cc.iter().map(|(_, c)| float(c)).collect::<Vec<_>>(), [1.0, 1.0, 1.0 / 3.0, 0.0]);
    // degree counts every relationship, the self-loop once, as patterns do
    let out = pairs(&run(&mut db, "CALL algo.degree() YIELD node, score RETURN node.id, score", &[]));
    assert_eq!(out.iter().map(|(_, s)| float(s)).collect::<Vec<_>>(), [3.0, 1.0, 2.0, 0.0]);
    // a shortest path never goes round the self-loop; parallel relationships are one step
    let d =
        run(&mut db, "MATCH (a {id: 'a'}), (d {id: 'd'}) CALL algo.dijkstra(a, d) YIELD distance, path RETURN distance, length(path)", &[]);
    assert_eq!(d, [vec![Value::Float(3.0), Value::Int(3)]]);
    let scc = run(&mut db, "CALL algo.scc() YIELD component RETURN count(DISTINCT component)", &[]);
    assert_eq!(scc[0][0], Value::Int(2));
}

#[test]
fn sampling_estimates_the_exact_values() {
    let fx = fixture("generated.json");
    let mut db = generated_db(&fx);
    for proc_ in ["algo.betweenness", "algo.closeness"] {
        let scores = |db: &mut Database, config: &str| -> BTreeMap<String, f64> {
            let q = format!("CALL {proc_}({config}) YIELD node, score RETURN node.id, score");
            run(db, &q, &[]).iter().map(|r| (text(&r[0]), float(&r[1]))).collect()
        };
        let exact = scores(&mut db, "{}");
        assert_eq!(scores(&mut db, "{samplingSize: 405}"), exact, "{proc_}: a sample of every node is exact");
        let half = scores(&mut db, "{samplingSize: 200, samplingSeed: 7}");
        assert_eq!(scores(&mut db, "{samplingSize: 200, samplingSeed: 7}"), half, "{proc_}: a seed gives one sample");
        assert_ne!(scores(&mut db, "{samplingSize: 200, samplingSeed: 8}"), half, "{proc_}: another seed, another sample");
        let total = |m: &BTreeMap<String, f64>| m.values().sum::<f64>();
        let err = (total(&half) - total(&exact)).abs() / total(&exact);
        assert!(err < 0.1, "{proc_}: the estimate's total is off by {:.1}%", err * 100.0);
    }
}

#[test]
fn a_long_algorithm_can_be_cancelled() {
    let mut db = Database::new();
    run(&mut db, "UNWIND range(0, 19999) AS i CREATE (:P {id: i})", &[]);
    run(&mut db, "CREATE INDEX FOR (p:P) ON (p.id)", &[]);
    run(&mut db, "UNWIND range(0, 59999) AS i MATCH (a:P {id: i % 20000}), (b:P {id: (i * 7919 + 13) % 20000}) CREATE (a)-[:R]->(b)", &[]);
    let started = std::time::Instant::now();
    let options = QueryOptions { deadline: Some(started + std::time::Duration::from_millis(20)), ..QueryOptions::default() };
    let err = db.execute_with("CALL algo.betweenness() YIELD node RETURN count(*)", &options).unwrap_err();
    assert_eq!(err.category(), ieum::Category::Cancelled);
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "stopped after {:?}", started.elapsed());
}

/// (category, code, message) of a failing statement; the error points into the statement.
fn failure(db: &mut Database, q: &str) -> (ieum::Category, &'static str, String) {
    match try_run(db, q) {
        Ok(rows) => panic!("{q}: expected an error, got {} rows", rows.len()),
        Err(e) => {
            assert!(e.span().is_some_and(|s| s.end <= q.len()), "{q}: the error has no position: {e}");
            (e.category(), e.code(), e.to_string())
        }
    }
}

#[test]
fn bad_arguments_are_explained() {
    use ieum::Category::{ArgumentError, SyntaxError, TypeError};
    let mut db = bundled();
    run(&mut db, "CREATE (:Odd {id: 'o1'})-[:ODD {w: -2}]->(:Odd {id: 'o2'})-[:ODD2 {w: 'heavy'}]->(:Odd {id: 'o3'})", &[]);
    let cases: &[(&str, ieum::Category, &[&str])] = &[
        ("CALL algo.pageRank({labelz: ['Company']})", ArgumentError, &["unknown configuration key `labelz`", "did you mean `labels`"]),
        ("CALL algo.pageRank({dampingFactor: 'high'})", TypeError, &["`dampingFactor`", "String"]),
        ("CALL algo.pageRank({dampingFactor: 1.5})", ArgumentError, &["`dampingFactor`", "[0, 1)"]),
        ("CALL algo.pageRank({maxIterations: 0})", ArgumentError, &["`maxIterations`", "at least 1"]),
        ("CALL algo.pageRank({labels: ['Compny']})", ArgumentError, &["no label `Compny`"]),
        ("CALL algo.pageRank({types: 'PARTNER_WITH'})", ArgumentError, &["no relationship type `PARTNER_WITH`"]),
        ("CALL algo.pageRank({labels: [1]})", TypeError, &["`labels`", "a string"]),
        ("CALL algo.pageRank({labels: 'A', nodeLabels: 'B'})", ArgumentError, &["`labels` and `nodeLabels`"]),
        ("CALL algo.pageRank({direction: 'SIDEWAYS'})", ArgumentError, &["'OUT', 'IN' or 'BOTH'", "SIDEWAYS"]),
        ("CALL algo.pageRank({weight: 'nonexistent_key'})", ArgumentError, &["no property `nonexistent_key`"]),
        ("CALL algo.pageRank({defaultWeight: 2})", ArgumentError, &["`defaultWeight` needs `weight`"]),
        ("CALL algo.pageRank({types: 'ODD', weight: 'w'})", ArgumentError, &["`w` = -2", "≥ 0"]),
        ("CALL algo.pageRank(3)", TypeError, &["config", "Map"]),
        ("CALL algo.wcc({direction: 'OUT'})", ArgumentError, &["unknown configuration key `direction`"]),
        ("CALL algo.triangleCount({weight: 'w'})", ArgumentError, &["unknown configuration key `weight`"]),
        (
            "MATCH (o {id: 'o2'}) CALL algo.dijkstra(o, null, {types: 'ODD2', weight: 'w'}) YIELD node RETURN node",
            ArgumentError,
            &["'heavy'"],
        ),
        ("CALL algo.dijkstra(null) YIELD node RETURN node", TypeError, &["`source`", "a node", "Null"]),
        ("CALL algo.dijkstra(1) YIELD node RETURN node", TypeError, &["source", "Node"]),
        (
            "MATCH (c:Company {id: 'celltrion'}) CALL algo.dijkstra(c, null, {labels: 'Hospital'}) YIELD node RETURN node",
            ArgumentError,
            &["`source`", "not in the projected graph"],
        ),
        ("MATCH (c {id: 'celltrion'}) CALL algo.kHop(c, -1) YIELD node RETURN node", ArgumentError, &["`k`", "≥ 0"]),
        (
            "MATCH (c {id: 'celltrion'}) CALL algo.kHop(c, 2, {labels: 'Hospital'}) YIELD node RETURN node",
            ArgumentError,
            &["none of the `labels`"],
        ),
        (
            "MATCH (a {id: 'celltrion'}), (b {id: 'moderna'}) CALL algo.aStar(a, b) YIELD node RETURN node",
            ArgumentError,
            &["needs `weight`"],
        ),
        (
            "MATCH (a {id: 'celltrion'}), (b {id: 'moderna'}) CALL algo.aStar(a, b, {weight: 'year'}) YIELD node RETURN node",
            ArgumentError,
            &["`latitude`", "`longitude`"],
        ),
        ("CALL algo.dijkstra() YIELD node RETURN node", SyntaxError, &["takes 1 to 3 argument(s), 0 given"]),
        ("CALL algo.pageRank({}, 1) YIELD node RETURN node", SyntaxError, &["takes 0 to 1 argument(s), 2 given"]),
        ("CALL algo.pageRank() YIELD node, rank RETURN node", SyntaxError, &["no output `rank`"]),
        ("CALL algo.nodeSimilarity({topK: 0})", ArgumentError, &["`topK`"]),
        ("CALL algo.louvain({resolution: -1})", ArgumentError, &["`resolution`"]),
    ];
    for (q, category, words) in cases {
        let (cat, _code, message) = failure(&mut db, q);
        assert_eq!(cat, *category, "{q}: {message}");
        for w in *words {
            assert!(message.contains(w), "{q}: the message does not say {w:?}: {message}");
        }
    }
}

/// The examples of docs/algorithms.md: each ```cypher block runs (its statements in order,
/// on a fresh copy of the bundled graph) and must print what the ```csv block after it
/// shows. `IEUM_BLESS=1` writes the current output into the document instead.
#[test]
fn documented_examples_show_their_real_output() {
    let path = format!("{}/docs/algorithms.md", env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = doc.lines().collect();
    // (language, first content line, closing fence line)
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(lang) = lines[i].strip_prefix("```").filter(|l| !l.is_empty()) {
            let end = (i + 1..lines.len()).find(|&j| lines[j] == "```").unwrap_or_else(|| panic!("{path}:{}: unclosed block", i + 1));
            blocks.push((lang.to_string(), i + 1, end));
            i = end + 1;
        } else {
            i += 1;
        }
    }
    let bless = std::env::var_os("IEUM_BLESS").is_some();
    let mut replaced: Vec<(usize, usize, String)> = Vec::new();
    let mut failures = Vec::new();
    let mut examples = 0;
    for (k, (lang, start, end)) in blocks.iter().enumerate() {
        if lang != "cypher" {
            continue;
        }
        let (next_lang, out_start, out_end) =
            blocks.get(k + 1).unwrap_or_else(|| panic!("{path}:{start}: no ```csv block after the example"));
        assert_eq!(next_lang, "csv", "{path}:{start}: the example is not followed by a ```csv block");
        assert!(lines[end + 1..out_start - 1].iter().all(|l| l.trim().is_empty()), "{path}:{start}: text between example and output");
        let script = lines[*start..*end].join("\n");
        let mut db = bundled();
        let mut out = String::new();
        for st in ieum::syntax::split_statements(&script) {
            match db.execute(st.text) {
                Ok(r) => out.push_str(&ieum::render::csv(&r)),
                Err(e) => panic!("{path}:{start}: {}", e.shift(st.offset).render(&script, &path)),
            }
        }
        examples += 1;
        let shown = lines[*out_start..*out_end].iter().map(|l| format!("{l}\n")).collect::<String>();
        if shown != out {
            if bless {
                replaced.push((*out_start, *out_end, out));
            } else {
                failures.push(format!("{path}:{start}: the example prints\n{out}but the document shows\n{shown}"));
            }
        }
    }
    assert!(examples >= 15, "{path}: only {examples} examples");
    if bless && !replaced.is_empty() {
        let mut text = String::new();
        let mut line = 0;
        for (from, to, out) in replaced {
            for l in &lines[line..from] {
                text.push_str(l);
                text.push('\n');
            }
            text.push_str(&out);
            line = to;
        }
        for l in &lines[line..] {
            text.push_str(l);
            text.push('\n');
        }
        std::fs::write(&path, text).unwrap();
    }
    assert!(failures.is_empty(), "{}\n(IEUM_BLESS=1 writes the current output; review the diff)", failures.join("\n"));
}
