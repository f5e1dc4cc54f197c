//! The adjacency lists against petgraph's own edge lists, through every kind of mutation.

use super::*;

/// What `steps` reported before the adjacency lists: petgraph's own edge lists.
fn petgraph_steps(g: &Graph, node: NodeId, dir: Dir, types: &[Sym]) -> Vec<Step> {
    let Some(ix) = g.node_ix(node) else { return Vec::new() };
    let mut out = Vec::new();
    if dir != Dir::In {
        for e in g.g.edges_directed(ix, PgDirection::Outgoing) {
            out.push((e.weight(), e.target(), true));
        }
    }
    if dir != Dir::Out {
        for e in g.g.edges_directed(ix, PgDirection::Incoming) {
            if dir != Dir::Both || e.source() != e.target() {
                out.push((e.weight(), e.source(), false));
            }
        }
    }
    out.into_iter()
        .filter(|(w, _, _)| !w.deleted && (types.is_empty() || types.contains(&w.rel_type)))
        .map(|(w, other, outgoing)| Step { rel: w.id, other: g.g[other].id, outgoing })
        .collect()
}

fn agree(g: &Graph, types: &[Sym]) {
    for n in 0..g.next_node {
        for dir in [Dir::Out, Dir::In, Dir::Both] {
            let fast: Vec<Step> = g.steps(NodeId(n), dir, types).collect();
            assert_eq!(fast, petgraph_steps(g, NodeId(n), dir, types), "node {n} {dir:?} {types:?}");
            for without_loops in [false, true] {
                if let Some(d) = g.known_degree(NodeId(n), dir, types, without_loops) {
                    assert_eq!(d, fast.len(), "degree of node {n} {dir:?} {types:?}");
                    assert!(!without_loops || fast.iter().all(|s| s.other != NodeId(n)), "node {n} has a self-loop");
                }
            }
        }
    }
}

#[test]
fn adjacency_lists_follow_every_mutation() {
    let mut g = Graph::new();
    let (a, b) = (g.intern("A"), g.intern("B"));
    for _ in 0..6 {
        let id = g.alloc_node_id();
        g.insert_node(id, Vec::new(), Props::default());
    }
    // a deterministic tangle with self-loops, parallel relationships and two types
    let mut rels = Vec::new();
    for i in 0..40u64 {
        let id = g.alloc_rel_id();
        let (s, e) = (NodeId(i % 6), NodeId((i * 5 + i / 7) % 6));
        assert!(g.insert_rel(id, if i % 3 == 0 { a } else { b }, s, e, Props::default()));
        rels.push((id, if i % 3 == 0 { a } else { b }, s, e));
    }
    agree(&g, &[]);
    agree(&g, &[a]);
    agree(&g, &[a, b]);
    // a node with one type only is measured, not read
    let lone = g.alloc_node_id();
    g.insert_node(lone, Vec::new(), Props::default());
    for _ in 0..3 {
        let id = g.alloc_rel_id();
        g.insert_rel(id, a, lone, NodeId(0), Props::default());
    }
    assert_eq!(g.known_degree(lone, Dir::Out, &[a], true), Some(3));
    assert_eq!(g.known_degree(lone, Dir::Out, &[b], true), None);
    agree(&g, &[b]);
    // marked deleted, then some undone (a rollback), then removed (a commit)
    for (id, ..) in rels.iter().step_by(4) {
        g.set_rel_deleted(*id, true);
    }
    agree(&g, &[]);
    for (id, ..) in rels.iter().step_by(8) {
        g.set_rel_deleted(*id, false);
    }
    agree(&g, &[b]);
    for (id, ..) in rels.iter().skip(4).step_by(8) {
        assert!(g.remove_rel(*id).is_some());
    }
    assert_eq!(g.deleted_rels, 0);
    agree(&g, &[]);
    // re-inserted with the same ids (undo of a delete), then a node with all its rels
    for (id, t, s, e) in rels.iter().skip(4).step_by(8) {
        assert!(g.insert_rel(*id, *t, *s, *e, Props::default()));
    }
    agree(&g, &[]);
    g.set_node_deleted(NodeId(2), true);
    assert!(!g.all_nodes_have(&[]));
    assert!(g.remove_node(NodeId(2)).is_some());
    assert!(g.all_nodes_have(&[]));
    agree(&g, &[]);
    agree(&g, &[a]);
    assert_eq!(g.steps(NodeId(2), Dir::Both, &[]).count(), 0);
}
