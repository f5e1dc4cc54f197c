//! The `algo.*` procedures on a generated graph of 100,000 nodes and 1,000,000 weighted
//! relationships, built through the query language: each node links to ten others, eight
//! of them (on average) inside its block of 1,000 nodes and the rest anywhere, so that
//! there are communities to find. Each measurement is a whole statement: projection,
//! algorithm and the rows counted.
//!
//! ```sh
//! cargo bench --bench algorithms
//! ```

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use ieum::{Database, Value};

const NODES: i64 = 100_000;
const RELS: i64 = 1_000_000;

fn graph() -> Database {
    let started = Instant::now();
    let mut db = Database::new();
    db.execute(&format!("UNWIND range(0, {}) AS i CREATE (:Node {{id: i}})", NODES - 1)).expect("nodes");
    db.execute("CREATE INDEX FOR (n:Node) ON (n.id)").expect("index");
    // relationship i starts at node i / 10; a multiplicative hash picks its end and weight
    db.execute(&format!(
        "UNWIND range(0, {}) AS i
         WITH i, i / 10 AS a, (i * 2654435761) % 1000003 AS h
         WITH i, a, h, CASE WHEN h % 10 < 8 THEN (a / 1000) * 1000 + (i * 7919 + 13) % 1000 ELSE (i * 104729 + 7) % {NODES} END AS b
         MATCH (x:Node {{id: a}}), (y:Node {{id: b}})
         CREATE (x)-[:LINK {{w: 1 + h % 9}}]->(y)",
        RELS - 1
    ))
    .expect("relationships");
    eprintln!("built {NODES} nodes and {RELS} relationships in {:.1} s", started.elapsed().as_secs_f64());
    db
}

fn count(db: &mut Database, q: &str) -> Value {
    let r = db.execute(q).unwrap_or_else(|e| panic!("{q}: {e}"));
    r.rows.into_iter().next().and_then(|r| r.into_iter().next()).unwrap_or(Value::Null)
}

fn benches(c: &mut Criterion) {
    let mut db = graph();
    let mut g = c.benchmark_group("algorithms_1m");
    g.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    let source = "MATCH (s:Node {id: 12345})";
    let cases: &[(&str, String)] = &[
        ("degree", "CALL algo.degree({direction: 'BOTH'}) YIELD node RETURN count(*)".into()),
        ("pageRank", "CALL algo.pageRank() YIELD node RETURN count(*)".into()),
        ("pageRank_weighted", "CALL algo.pageRank({weight: 'w'}) YIELD node RETURN count(*)".into()),
        ("betweenness_sampled_100", "CALL algo.betweenness({samplingSize: 100}) YIELD node RETURN count(*)".into()),
        ("closeness_sampled_100", "CALL algo.closeness({samplingSize: 100}) YIELD node RETURN count(*)".into()),
        ("wcc", "CALL algo.wcc() YIELD node RETURN count(*)".into()),
        ("scc", "CALL algo.scc() YIELD node RETURN count(*)".into()),
        ("louvain", "CALL algo.louvain() YIELD node RETURN count(*)".into()),
        ("labelPropagation", "CALL algo.labelPropagation() YIELD node RETURN count(*)".into()),
        ("triangleCount", "CALL algo.triangleCount() YIELD node RETURN count(*)".into()),
        ("clusteringCoefficient", "CALL algo.clusteringCoefficient() YIELD node RETURN count(*)".into()),
        ("dijkstra_single_source", format!("{source} CALL algo.dijkstra(s, null, {{weight: 'w'}}) YIELD node RETURN count(*)")),
        (
            "dijkstra_pair",
            format!("{source} MATCH (t:Node {{id: 98765}}) CALL algo.dijkstra(s, t, {{weight: 'w'}}) YIELD distance RETURN distance"),
        ),
        ("kHop_3", format!("{source} CALL algo.kHop(s, 3, {{direction: 'BOTH'}}) YIELD node RETURN count(*)")),
        ("nodeSimilarity_top10", "CALL algo.nodeSimilarity() YIELD node1 RETURN count(*)".into()),
    ];
    for (name, q) in cases {
        let started = Instant::now();
        let n = count(&mut db, q);
        eprintln!("{name}: {n} ({:.2} s once)", started.elapsed().as_secs_f64());
        g.bench_function(*name, |b| b.iter(|| count(&mut db, q)));
    }
    g.finish();
}

criterion_group!(algorithms, benches);
criterion_main!(algorithms);
