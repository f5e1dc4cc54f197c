//! How long it takes to build the bundled knowledge graph from the CSV text compiled into
//! the binary (what `ieum` does at start-up), and to answer a first query on it.
//!
//! `cargo bench --bench bundled_load`

use criterion::{Criterion, criterion_group, criterion_main};

fn load(c: &mut Criterion) {
    c.bench_function("bundled graph: import and index", |b| {
        b.iter(|| ieum::bundled::database().map(|db| db.graph().node_count()).unwrap_or(0))
    });
    c.bench_function("bundled graph: load and count nodes", |b| {
        b.iter(|| {
            let mut db = match ieum::bundled::database() {
                Ok(db) => db,
                Err(e) => panic!("bundled graph: {e}"),
            };
            db.execute("MATCH (n) RETURN count(n)").map(|r| r.rows.len()).unwrap_or(0)
        })
    });
}

criterion_group!(benches, load);
criterion_main!(benches);
