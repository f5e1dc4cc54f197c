//! How long opening a snapshot of a 1,000,000-relationship graph takes: 100,000 nodes with
//! a label and two properties, 1,000,000 relationships of three types with one property
//! each, and an equality index. Run with `cargo bench --bench snapshot_open`.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use ieum::import::{Data, Group, Options, run};
use ieum::store::{Graph, snapshot};

const NODES: u64 = 100_000;
const RELS: u64 = 1_000_000;

fn build(dir: &Path) -> Graph {
    let (nodes, rels) = (dir.join("nodes.csv"), dir.join("rels.csv"));
    let mut text = String::from("id:ID,:LABEL,name,n:int\n");
    for i in 0..NODES {
        let _ = writeln!(text, "{i},Company,company {i},{i}");
    }
    std::fs::write(&nodes, &text).expect("temporary directory is writable");
    text = String::from(":START_ID,:END_ID,:TYPE,w:int\n");
    let mut x = 88172645463325252u64;
    for i in 0..RELS {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let _ = writeln!(text, "{},{},{},{}", i % NODES, x % NODES, ["SUPPLIES", "OWNS", "PARTNERS_WITH"][(i % 3) as usize], i % 100);
    }
    std::fs::write(&rels, &text).expect("temporary directory is writable");
    let mut g = Graph::new();
    let groups = |p: &Path| vec![Group::file(p.display().to_string(), Data::File(p.to_path_buf()))];
    let report = run(&mut g, &groups(&nodes), &groups(&rels), &Options::default(), &mut |_| {}).expect("generated CSV imports");
    assert_eq!(report.rejected, 0);
    let (label, key) = (g.intern("Company"), g.intern("name"));
    g.create_index(label, key);
    g
}

fn open_snapshot(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("snapshot.ieum");
    let graph = build(dir.path());
    assert_eq!(graph.rel_count() as u64, RELS);
    snapshot::write(&path, &graph, 0).expect("snapshot written");
    drop(graph);
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    eprintln!("snapshot of {NODES} nodes and {RELS} relationships: {:.1} MB", size as f64 / 1e6);
    let mut group = c.benchmark_group("snapshot");
    group.sample_size(10);
    group.bench_function("open 1M relationships", |b| {
        // the graph is dropped outside the timing: opening is what is measured
        b.iter_with_large_drop(|| {
            let (g, _) = snapshot::read(&path).expect("snapshot reads back");
            black_box(g)
        })
    });
    group.finish();
}

criterion_group!(benches, open_snapshot);
criterion_main!(benches);
