//! Connected components: weakly connected (petgraph's union-find) and strongly connected
//! (petgraph's Kosaraju, iterative: a long cycle does not exhaust the stack). A component is named by the smallest node id among its members.

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::unionfind::UnionFind;

use super::projection::{Accepts, Direction, Merge, Projection};
use super::{node_rows, output, prepare, smallest_member_ids, whole_graph};
use crate::error::ExecError;
use crate::exec::Context;
use crate::procedures::Procedure;
use crate::store::Graph;
use crate::value::{Value, ValueType};

pub(super) fn procedures() -> Vec<Procedure> {
    let cols = || vec![output("node", ValueType::Node), output("component", ValueType::Integer)];
    vec![whole_graph("algo.wcc", cols(), wcc_proc), whole_graph("algo.scc", cols(), scc_proc)]
}

fn wcc_proc(g: &Graph, args: &[Value], ctx: &Context<'_>) -> Result<Vec<Vec<Value>>, ExecError> {
    let (p, cfg) = prepare("algo.wcc", g, args, Accepts { direction: None, weight: false }, ctx)?;
    cfg.finish()?;
    let groups = weakly_connected(&p, ctx)?;
    Ok(node_rows(&p, smallest_member_ids(&p, &groups)))
}

/// A group number per node: nodes joined by relationships, whatever their direction,
/// share one.
pub(super) fn weakly_connected(p: &Projection, ctx: &Context<'_>) -> Result<Vec<usize>, ExecError> {
    let mut uf = UnionFind::<usize>::new(p.node_count());
    for e in &p.edges {
        ctx.tick()?;
        uf.union(e.from as usize, e.to as usize);
    }
    Ok(uf.into_labeling())
}

fn scc_proc(g: &Graph, args: &[Value], ctx: &Context<'_>) -> Result<Vec<Vec<Value>>, ExecError> {
    let (p, cfg) = prepare("algo.scc", g, args, Accepts { direction: None, weight: false }, ctx)?;
    cfg.finish()?;
    let groups = strongly_connected(&p, ctx)?;
    Ok(node_rows(&p, smallest_member_ids(&p, &groups)))
}

/// A group number per node: nodes that reach each other along relationships in their
/// direction share one.
pub(super) fn strongly_connected(p: &Projection, ctx: &Context<'_>) -> Result<Vec<usize>, ExecError> {
    let adj = p.simple(Direction::Out, Merge::Min);
    let n = adj.node_count();
    let mut pg = DiGraph::<(), ()>::with_capacity(n, adj.entry_count());
    for _ in 0..n {
        pg.add_node(());
    }
    for u in 0..n {
        ctx.tick()?;
        for &v in adj.targets(u) {
            pg.add_edge(NodeIndex::new(u), NodeIndex::new(v as usize), ());
        }
    }
    let mut group = vec![0; n];
    for (c, members) in kosaraju_scc(&pg).into_iter().enumerate() {
        for m in members {
            group[m.index()] = c;
        }
    }
    Ok(group)
}
