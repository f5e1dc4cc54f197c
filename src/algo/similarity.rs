//! Node similarity: the Jaccard index of neighbour sets, for every pair of nodes that share
//! a neighbour, keeping the most similar few per node.

use std::cmp::Ordering;

use super::projection::{Accepts, Adjacency, Direction, Merge};
use super::{output, prepare, whole_graph};
use crate::error::ExecError;
use crate::exec::Context;
use crate::procedures::Procedure;
use crate::store::Graph;
use crate::value::{Value, ValueType};

pub(super) fn procedures() -> Vec<Procedure> {
    vec![whole_graph(
        "algo.nodeSimilarity",
        vec![output("node1", ValueType::Node), output("node2", ValueType::Node), output("similarity", ValueType::Float)],
        node_similarity_proc,
    )]
}

fn node_similarity_proc(g: &Graph, args: &[Value], ctx: &Context<'_>) -> Result<Vec<Vec<Value>>, ExecError> {
    let (p, mut cfg) = prepare("algo.nodeSimilarity", g, args, Accepts { direction: Some(Direction::Out), weight: false }, ctx)?;
    let top_k = cfg.int("topK", 10, 1)? as usize;
    let cutoff = cfg.float("similarityCutoff", 0.0, |c| (0.0..=1.0).contains(&c), "a number in [0, 1]")?;
    cfg.finish()?;
    let reverse = match p.direction {
        Direction::Out => Direction::In,
        Direction::In => Direction::Out,
        Direction::Both => Direction::Both,
    };
    let neighbours = p.simple(p.direction, Merge::Min);
    let back = p.simple(reverse, Merge::Min);
    let pairs = jaccard(&neighbours, &back, top_k, cutoff, ctx)?;
    Ok(pairs.into_iter().map(|(a, b, s)| vec![p.node_value(a), p.node_value(b), Value::Float(s)]).collect())
}

/// For each node u (in index order), the `top_k` other nodes v with the highest Jaccard
/// index |N(u) ∩ N(v)| / |N(u) ∪ N(v)| at least `cutoff` (most similar first, ties by index),
/// where N is given by `neighbours` and `back` is its reverse. Only pairs that share a
/// neighbour are considered, by walking back from each neighbour.
pub(super) fn jaccard(
    neighbours: &Adjacency,
    back: &Adjacency,
    top_k: usize,
    cutoff: f64,
    ctx: &Context<'_>,
) -> Result<Vec<(usize, usize, f64)>, ExecError> {
    let n = neighbours.node_count();
    let mut common = vec![0u32; n];
    let mut touched = Vec::new();
    let mut out = Vec::new();
    let mut scored: Vec<(usize, f64)> = Vec::new();
    for u in 0..n {
        touched.clear();
        for &w in neighbours.targets(u) {
            ctx.tick()?;
            for &v in back.targets(w as usize) {
                let v = v as usize;
                if v != u {
                    if common[v] == 0 {
                        touched.push(v);
                    }
                    common[v] += 1;
                }
            }
        }
        scored.clear();
        let du = neighbours.degree(u) as f64;
        for &v in &touched {
            let c = common[v] as f64;
            common[v] = 0;
            let s = c / (du + neighbours.degree(v) as f64 - c);
            if s >= cutoff {
                scored.push((v, s));
            }
        }
        let by_score = |a: &(usize, f64), b: &(usize, f64)| b.1.partial_cmp(&a.1).unwrap_or(Ordering::Equal).then(a.0.cmp(&b.0));
        if scored.len() > top_k {
            scored.select_nth_unstable_by(top_k - 1, by_score);
            scored.truncate(top_k);
        }
        scored.sort_unstable_by(by_score);
        out.extend(scored.iter().map(|&(v, s)| (u, v, s)));
    }
    Ok(out)
}
