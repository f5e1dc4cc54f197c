//! The store's derived arrays against the graph of record, through every kind of mutation
//! and across rebuilds.

use super::*;

/// The steps petgraph's own edge lists give (the expected answer, as a sorted list).
fn record_steps(g: &Graph, node: NodeId, dir: Dir, types: &[Sym]) -> Vec<(u32, u32, bool)> {
    use petgraph::Direction;
    let ix = NodeIndex::new(node.0 as usize);
    let mut out = Vec::new();
    if !g.pg.contains_node(ix) {
        return out;
    }
    if dir != Dir::In {
        for e in g.pg.edges_directed(ix, Direction::Outgoing) {
            out.push((e.id().index() as u32, e.target().index() as u32, true));
        }
    }
    if dir != Dir::Out {
        for e in g.pg.edges_directed(ix, Direction::Incoming) {
            if dir != Dir::Both || e.source() != e.target() {
                out.push((e.id().index() as u32, e.source().index() as u32, false));
            }
        }
    }
    out.retain(|(r, _, _)| !g.marked_rels.contains(r) && (types.is_empty() || types.contains(&Sym(g.rel_types[*r as usize]))));
    out.sort_unstable();
    out
}

fn agree(g: &Graph, types: &[Sym]) {
    for n in 0..g.node_bound() as u32 {
        for dir in [Dir::Out, Dir::In, Dir::Both] {
            let mut fast: Vec<(u32, u32, bool)> = g.steps(NodeId(n), dir, types).map(|s| (s.rel.0, s.other.0, s.outgoing)).collect();
            fast.sort_unstable();
            assert_eq!(fast, record_steps(g, NodeId(n), dir, types), "node {n} {dir:?} {types:?}");
            for without_loops in [false, true] {
                if let Some(d) = g.known_degree(NodeId(n), dir, types, without_loops) {
                    assert_eq!(d, fast.len(), "degree of node {n} {dir:?} {types:?}");
                    assert!(!without_loops || fast.iter().all(|s| s.1 != n), "node {n} has a self-loop");
                }
            }
        }
    }
}

fn check_all(g: &Graph, a: Sym, b: Sym) {
    agree(g, &[]);
    agree(g, &[a]);
    agree(g, &[b, a]);
    agree(g, &[a, a]);
}

#[test]
fn adjacency_follows_every_mutation_and_rebuild() {
    let mut g = Graph::new();
    let (a, b) = (g.intern("A"), g.intern("B"));
    let nodes: Vec<NodeId> = (0..6).map(|_| g.add_node(&[], Vec::new()).unwrap()).collect();
    // a deterministic tangle with self-loops, parallel relationships and two types
    let mut rels = Vec::new();
    for i in 0..40usize {
        let (s, e) = (nodes[i % 6], nodes[(i * 5 + i / 7) % 6]);
        let t = if i % 3 == 0 { a } else { b };
        rels.push(g.add_rel(t, s, e, Vec::new()).unwrap());
    }
    check_all(&g, a, b);
    g.rebuild();
    check_all(&g, a, b);
    // deletions from the bulk arrays, additions beside them, a reused slot
    for r in rels.iter().step_by(3) {
        g.remove_rel(*r);
    }
    check_all(&g, a, b);
    for i in 0..10usize {
        g.add_rel(a, nodes[i % 6], nodes[(i + 1) % 6], Vec::new()).unwrap();
    }
    check_all(&g, a, b);
    g.set_rel_deleted(rels[1], true);
    check_all(&g, a, b);
    g.set_rel_deleted(rels[1], false);
    let gone: Vec<RelId> = g.steps(nodes[2], Dir::Both, &[]).map(|s| s.rel).collect();
    for r in gone {
        g.remove_rel(r);
    }
    assert!(g.remove_node(nodes[2]));
    let again = g.add_node(&[b], Vec::new()).unwrap();
    assert_eq!(again, nodes[2], "petgraph hands the slot out again");
    assert_ne!(g.node_public(again), 2, "but the public id is new");
    g.add_rel(b, again, nodes[0], Vec::new()).unwrap();
    check_all(&g, a, b);
    g.rebuild();
    check_all(&g, a, b);
}

#[test]
fn labels_properties_and_indexes_follow_changes() {
    let mut g = Graph::new();
    let (person, name, age) = (g.intern("Person"), g.intern("name"), g.intern("age"));
    let p: Vec<NodeId> =
        (0..50).map(|i| g.add_node(&[person], vec![(name, Value::str(&format!("p{i}"))), (age, Value::Int(i))]).unwrap()).collect();
    g.create_index(person, name);
    let find = |g: &Graph, v: &str| g.index_lookup(person, name, &Value::str(v)).unwrap();
    assert_eq!(find(&g, "p7"), vec![p[7]]);
    g.set_node_prop(p[7], name, Value::str("seven"));
    assert!(find(&g, "p7").is_empty());
    assert_eq!(find(&g, "seven"), vec![p[7]]);
    g.remove_label(p[8], person);
    assert!(find(&g, "p8").is_empty());
    assert_eq!(g.label_count(person), 49);
    g.add_label(p[8], person);
    assert_eq!(find(&g, "p8"), vec![p[8]]);
    assert_eq!(g.nodes_with_label(person).count(), 50);
    g.remove_node(p[9]);
    assert!(find(&g, "p9").is_empty());
    assert_eq!(g.nodes_with_label(person).count(), 49);
    g.rebuild();
    assert_eq!(find(&g, "seven"), vec![p[7]]);
    assert_eq!(g.node_prop(p[10], age), Some(Value::Int(10)));
    assert_eq!(g.node(p[10]).unwrap().keys().collect::<Vec<_>>(), vec![name, age]);
}

#[test]
fn parts_round_trip_through_compaction() {
    let mut g = Graph::new();
    let (l, t, k) = (g.intern("L"), g.intern("T"), g.intern("k"));
    let n: Vec<NodeId> = (0..20).map(|i| g.add_node(&[l], vec![(k, Value::Int(i))]).unwrap()).collect();
    for i in 0..19 {
        g.add_rel(t, n[i], n[i + 1], vec![(k, Value::Float(i as f64))]).unwrap();
    }
    let r: Vec<RelId> = g.steps(n[5], Dir::Both, &[]).map(|s| s.rel).collect();
    for x in r {
        g.remove_rel(x);
    }
    g.remove_node(n[5]);
    let h = Graph::from_parts(g.to_parts()).unwrap();
    assert_eq!(h.node_count(), 19);
    assert_eq!(h.rel_count(), 17);
    assert!(h.bulk().is_some(), "a rebuilt graph is in bulk form");
    for id in [0u64, 4, 6, 19] {
        let x = h.node_by_public(id).unwrap();
        assert_eq!(h.node_prop(x, k), Some(Value::Int(id as i64)));
    }
    assert!(h.node_by_public(5).is_none());
    let six = h.node_by_public(6).unwrap();
    let out: Vec<u64> = h.steps(six, Dir::Out, &[]).map(|s| h.node_public(s.other)).collect();
    assert_eq!(out, vec![7]);
}
