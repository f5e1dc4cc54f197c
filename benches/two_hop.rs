//! Two-hop queries over a generated graph of 100,000 people and 1,000,000 `KNOWS`
//! relationships (a deterministic pseudo-random wiring), built through the query language.
//!
//! ```sh
//! cargo bench --bench two_hop
//! ```

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use ieum::{Database, Params, QueryOptions, Value};

const PEOPLE: i64 = 100_000;
const KNOWS: i64 = 1_000_000;

fn graph() -> Database {
    let started = Instant::now();
    let mut db = Database::new();
    db.execute(&format!("UNWIND range(0, {}) AS i CREATE (:Person {{id: i}})", PEOPLE - 1)).expect("people");
    db.execute("CREATE INDEX FOR (p:Person) ON (p.id)").expect("index");
    // Each person knows ten others; who they are is spread by a multiplicative hash.
    db.execute(&format!(
        "UNWIND range(0, {}) AS i
         MATCH (a:Person {{id: i / 10}}), (b:Person {{id: (i * 7919 + 104729) % {PEOPLE}}})
         CREATE (a)-[:KNOWS]->(b)",
        KNOWS - 1
    ))
    .expect("relationships");
    eprintln!("built {PEOPLE} nodes and {KNOWS} relationships in {:.1} s", started.elapsed().as_secs_f64());
    db
}

fn run(db: &mut Database, q: &str, id: i64) -> Value {
    let mut params = Params::new();
    params.insert("id".into(), Value::Int(id));
    let opts = QueryOptions { params, ..QueryOptions::default() };
    let r = db.execute_with(q, &opts).expect("query runs");
    r.rows.into_iter().next().and_then(|r| r.into_iter().next()).unwrap_or(Value::Null)
}

fn benches(c: &mut Criterion) {
    let mut db = graph();
    let mut g = c.benchmark_group("two_hop_1m");
    g.sample_size(20);
    let anchored = "MATCH (a:Person {id: $id})-[:KNOWS]->()-[:KNOWS]->(c) RETURN count(c)";
    let mut id = 0;
    g.bench_function("anchored_count", |b| {
        b.iter(|| {
            id = (id + 7) % PEOPLE;
            black_box(run(&mut db, anchored, id))
        })
    });
    let distinct = "MATCH (a:Person {id: $id})-[:KNOWS]->()-[:KNOWS]->(c) RETURN count(DISTINCT c)";
    g.bench_function("anchored_count_distinct", |b| {
        b.iter(|| {
            id = (id + 7) % PEOPLE;
            black_box(run(&mut db, distinct, id))
        })
    });
    let whole = "MATCH (:Person)-[:KNOWS]->(:Person)-[:KNOWS]->(:Person) RETURN count(*)";
    g.bench_function("whole_graph_count", |b| b.iter(|| black_box(run(&mut db, whole, 0))));
    g.finish();
}

criterion_group!(two_hop, benches);
criterion_main!(two_hop);
