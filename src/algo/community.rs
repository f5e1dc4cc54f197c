//! Community detection: Louvain (modularity optimisation) and semi-synchronous label
//! propagation. Both treat relationships as undirected; a community is named by the
//! smallest node id among its members.

use std::cmp::Reverse;

use super::projection::{Accepts, Adjacency, Direction, Merge};
use super::{node_rows, output, prepare, smallest_member_ids, whole_graph};
use crate::error::ExecError;
use crate::exec::Context;
use crate::procedures::Procedure;
use crate::store::Graph;
use crate::value::{Value, ValueType};

pub(super) fn procedures() -> Vec<Procedure> {
    let cols = || vec![output("node", ValueType::Node), output("community", ValueType::Integer)];
    vec![whole_graph("algo.louvain", cols(), louvain_proc), whole_graph("algo.labelPropagation", cols(), label_propagation_proc)]
}

fn louvain_proc(g: &Graph, args: &[Value], ctx: &Context<'_>) -> Result<Vec<Vec<Value>>, ExecError> {
    let (p, mut cfg) = prepare("algo.louvain", g, args, Accepts { direction: None, weight: true }, ctx)?;
    let resolution = cfg.float("resolution", 1.0, |r| r > 0.0 && r.is_finite(), "a number > 0")?;
    let max_levels = cfg.int("maxLevels", 10, 1)? as usize;
    let tolerance = cfg.float("tolerance", 1e-7, |t| t >= 0.0, "a number ≥ 0")?;
    cfg.finish()?;
    let adj = p.simple(Direction::Both, Merge::Sum);
    let groups = louvain(&adj, resolution, max_levels, tolerance, ctx)?;
    Ok(node_rows(&p, smallest_member_ids(&p, &groups)))
}

/// One level of the Louvain hierarchy: an undirected weighted graph whose nodes are the
/// communities of the level below, with the weight inside each as a self-loop.
struct Level {
    /// Neighbour lists without self entries, (neighbour, weight).
    adj: Vec<Vec<(u32, f64)>>,
    /// Weight of each node's self-loop (counted once).
    loops: Vec<f64>,
}

impl Level {
    /// Weighted degree: a self-loop counts twice.
    fn degrees(&self) -> Vec<f64> {
        self.adj.iter().zip(&self.loops).map(|(a, l)| a.iter().map(|e| e.1).sum::<f64>() + 2.0 * l).collect()
    }

    /// Modularity of the partition `comm` (community numbers below the node count).
    fn modularity(&self, comm: &[usize], resolution: f64) -> f64 {
        let k = self.degrees();
        let m2: f64 = k.iter().sum();
        if m2 <= 0.0 {
            return 0.0;
        }
        let n = self.adj.len();
        let (mut inside, mut total) = (vec![0.0; n], vec![0.0; n]);
        for u in 0..n {
            total[comm[u]] += k[u];
            inside[comm[u]] += 2.0 * self.loops[u];
            for &(v, w) in &self.adj[u] {
                if comm[v as usize] == comm[u] {
                    inside[comm[u]] += w;
                }
            }
        }
        (0..n).map(|c| inside[c] / m2 - resolution * (total[c] / m2).powi(2)).sum()
    }
}

/// Louvain: move each node (in index order) to the neighbouring community that raises
/// modularity most, until no move helps; then merge each community into one node and
/// repeat on the smaller graph, until a level gains less than `tolerance` or `max_levels`
/// levels are done. Returns a community number per node.
pub(super) fn louvain(
    adj: &Adjacency,
    resolution: f64,
    max_levels: usize,
    tolerance: f64,
    ctx: &Context<'_>,
) -> Result<Vec<usize>, ExecError> {
    let n = adj.node_count();
    let first = Level {
        adj: (0..n).map(|u| adj.targets(u).iter().copied().zip(adj.weights(u).iter().copied()).collect()).collect(),
        loops: vec![0.0; n],
    };
    let mut level = Level { adj: first.adj.clone(), loops: first.loops.clone() };
    // community of each original node, as a node of the current level
    let mut member: Vec<usize> = (0..n).collect();
    let mut q = level.modularity(&member, resolution);
    for _ in 0..max_levels {
        let comm = move_nodes(&level, (0..level.adj.len()).collect(), resolution, ctx)?;
        let (renumbered, count) = renumber(&comm);
        let q_next = level.modularity(&renumbered, resolution);
        if count == level.adj.len() || q_next - q < tolerance {
            if q_next > q {
                for m in member.iter_mut() {
                    *m = renumbered[*m];
                }
            }
            break;
        }
        q = q_next;
        for m in member.iter_mut() {
            *m = renumbered[*m];
        }
        level = aggregate(&level, &renumbered, count, ctx)?;
    }
    // refinement: single nodes may still gain by moving between the final communities
    let refined = move_nodes(&first, member.clone(), resolution, ctx)?;
    if first.modularity(&refined, resolution) > first.modularity(&member, resolution) {
        member = renumber(&refined).0;
    }
    Ok(member)
}

/// The local moving phase: a community per node of `level`.
fn move_nodes(level: &Level, start: Vec<usize>, resolution: f64, ctx: &Context<'_>) -> Result<Vec<usize>, ExecError> {
    let n = level.adj.len();
    let k = level.degrees();
    let m2: f64 = k.iter().sum();
    let mut comm = start;
    if m2 <= 0.0 {
        return Ok(comm);
    }
    let mut tot = vec![0.0; n];
    for u in 0..n {
        tot[comm[u]] += k[u];
    }
    let mut weight_to = vec![0.0; n];
    let mut seen = vec![usize::MAX; n];
    let mut touched = Vec::new();
    // every pass that moves a node raises modularity; the cap only guards against rounding
    for _pass in 0..1000 {
        let mut moved = false;
        for u in 0..n {
            ctx.tick()?;
            touched.clear();
            for &(v, w) in &level.adj[u] {
                let c = comm[v as usize];
                if seen[c] != u {
                    seen[c] = u;
                    weight_to[c] = 0.0;
                    touched.push(c);
                }
                weight_to[c] += w;
            }
            let own = comm[u];
            tot[own] -= k[u];
            let gain = |c: usize, w_to: f64| w_to - resolution * tot[c] * k[u] / m2;
            let own_weight = if seen[own] == u { weight_to[own] } else { 0.0 };
            let (mut best, mut best_gain) = (own, gain(own, own_weight));
            for &c in &touched {
                let gc = gain(c, weight_to[c]);
                if gc > best_gain + 1e-12 * (gc.abs() + best_gain.abs()) {
                    best = c;
                    best_gain = gc;
                }
            }
            tot[best] += k[u];
            if best != own {
                comm[u] = best;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    Ok(comm)
}

/// Community numbers 0..count in order of first appearance, and the count.
fn renumber(comm: &[usize]) -> (Vec<usize>, usize) {
    let mut map = vec![usize::MAX; comm.len()];
    let mut count = 0;
    let out = comm
        .iter()
        .map(|&c| {
            if map[c] == usize::MAX {
                map[c] = count;
                count += 1;
            }
            map[c]
        })
        .collect();
    (out, count)
}

/// The graph of communities: weights between communities added up, weight inside each
/// kept as its self-loop.
fn aggregate(level: &Level, comm: &[usize], count: usize, ctx: &Context<'_>) -> Result<Level, ExecError> {
    let mut loops = vec![0.0; count];
    let mut pairs: Vec<(u32, u32, f64)> = Vec::new();
    for u in 0..level.adj.len() {
        ctx.tick()?;
        let cu = comm[u];
        loops[cu] += level.loops[u];
        for &(v, w) in &level.adj[u] {
            let cv = comm[v as usize];
            if cu == cv {
                // each undirected relationship appears in both lists
                loops[cu] += w / 2.0;
            } else {
                pairs.push((cu as u32, cv as u32, w));
            }
        }
    }
    pairs.sort_unstable_by_key(|&(a, b, _)| (a, b));
    let mut adj = vec![Vec::new(); count];
    for (a, b, w) in pairs {
        let list: &mut Vec<(u32, f64)> = &mut adj[a as usize];
        match list.last_mut() {
            Some(last) if last.0 == b => last.1 += w,
            _ => list.push((b, w)),
        }
    }
    Ok(Level { adj, loops })
}

fn label_propagation_proc(g: &Graph, args: &[Value], ctx: &Context<'_>) -> Result<Vec<Vec<Value>>, ExecError> {
    let (p, mut cfg) = prepare("algo.labelPropagation", g, args, Accepts { direction: None, weight: false }, ctx)?;
    let max_iterations = cfg.int("maxIterations", 100, 1)? as usize;
    cfg.finish()?;
    let adj = p.simple(Direction::Both, Merge::Sum);
    let labels = label_propagation(&adj, max_iterations, ctx)?;
    Ok(node_rows(&p, smallest_member_ids(&p, &labels)))
}

/// Semi-synchronous label propagation (Cordasco and Gargano). Every node starts with its
/// own label (its index). Nodes are coloured greedily (highest degree first, ties by index)
/// so that neighbours differ; each round updates the nodes of one colour after another, all
/// of a colour at once, to the label most frequent among the neighbours. On a tie a node
/// keeps its label if it is among the most frequent, else takes the highest. Stops when
/// every node's label is among its most frequent ones, or after `max_iterations` rounds.
/// Deterministic. Returns a label (a node index) per node.
pub(super) fn label_propagation(adj: &Adjacency, max_iterations: usize, ctx: &Context<'_>) -> Result<Vec<usize>, ExecError> {
    let n = adj.node_count();
    let classes = greedy_colouring(adj);
    let mut label: Vec<usize> = (0..n).collect();
    let mut count = vec![0usize; n];
    let mut touched = Vec::new();
    // The labels most frequent among u's neighbours, in `best` (empty for an isolated node).
    let mut most_frequent = |u: usize, label: &[usize], best: &mut Vec<usize>| {
        best.clear();
        touched.clear();
        let mut top = 0;
        for &v in adj.targets(u) {
            let l = label[v as usize];
            if count[l] == 0 {
                touched.push(l);
            }
            count[l] += 1;
            top = top.max(count[l]);
        }
        for &l in &touched {
            if count[l] == top {
                best.push(l);
            }
            count[l] = 0;
        }
    };
    let mut best = Vec::new();
    for _ in 0..max_iterations {
        let mut done = true;
        for u in 0..n {
            ctx.tick()?;
            most_frequent(u, &label, &mut best);
            if !best.is_empty() && !best.contains(&label[u]) {
                done = false;
                break;
            }
        }
        if done {
            break;
        }
        for class in &classes {
            for &u in class {
                ctx.tick()?;
                most_frequent(u, &label, &mut best);
                match best.len() {
                    0 => {}
                    1 => label[u] = best[0],
                    _ if best.contains(&label[u]) => {}
                    _ => label[u] = *best.iter().max().expect("not empty"),
                }
            }
        }
    }
    Ok(label)
}

/// Greedy colouring, highest degree first (ties by index): each node takes the smallest
/// colour none of its coloured neighbours has. Returns the nodes of each colour.
fn greedy_colouring(adj: &Adjacency) -> Vec<Vec<usize>> {
    let n = adj.node_count();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&u| Reverse(adj.degree(u)));
    let mut colour = vec![usize::MAX; n];
    let mut taken = vec![usize::MAX; n + 1];
    let mut classes: Vec<Vec<usize>> = Vec::new();
    for u in order {
        for &v in adj.targets(u) {
            let c = colour[v as usize];
            if c != usize::MAX {
                taken[c] = u;
            }
        }
        let c = (0..).find(|&c| taken[c] != u).expect("a free colour exists");
        colour[u] = c;
        if c == classes.len() {
            classes.push(Vec::new());
        }
        classes[c].push(u);
    }
    classes
}
