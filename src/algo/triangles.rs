//! Triangles and the local clustering coefficient, on the projection taken as a simple
//! undirected graph (direction, parallel relationships and self-loops do not count).

use super::projection::{Accepts, Adjacency, Direction, Merge};
use super::{node_rows, output, prepare, whole_graph};
use crate::error::ExecError;
use crate::exec::Context;
use crate::procedures::Procedure;
use crate::store::Graph;
use crate::value::{Value, ValueType};

pub(super) fn procedures() -> Vec<Procedure> {
    vec![
        whole_graph("algo.triangleCount", vec![output("node", ValueType::Node), output("triangles", ValueType::Integer)], triangle_proc),
        whole_graph(
            "algo.clusteringCoefficient",
            vec![output("node", ValueType::Node), output("coefficient", ValueType::Float)],
            clustering_proc,
        ),
    ]
}

const UNDIRECTED: Accepts = Accepts { direction: None, weight: false };

fn triangle_proc(g: &Graph, args: &[Value], ctx: &Context<'_>) -> Result<Vec<Vec<Value>>, ExecError> {
    let (p, cfg) = prepare("algo.triangleCount", g, args, UNDIRECTED, ctx)?;
    cfg.finish()?;
    let adj = p.simple(Direction::Both, Merge::Sum);
    let t = triangles(&adj, ctx)?;
    Ok(node_rows(&p, t.into_iter().map(|x| Value::Int(x as i64))))
}

fn clustering_proc(g: &Graph, args: &[Value], ctx: &Context<'_>) -> Result<Vec<Vec<Value>>, ExecError> {
    let (p, cfg) = prepare("algo.clusteringCoefficient", g, args, UNDIRECTED, ctx)?;
    cfg.finish()?;
    let adj = p.simple(Direction::Both, Merge::Sum);
    let t = triangles(&adj, ctx)?;
    let coefficients = t.iter().enumerate().map(|(u, &t)| {
        let d = adj.degree(u) as f64;
        Value::Float(if d < 2.0 { 0.0 } else { 2.0 * t as f64 / (d * (d - 1.0)) })
    });
    Ok(node_rows(&p, coefficients))
}

/// The number of triangles at each node of a simple undirected graph. Each triangle is
/// found once, from its lowest-ranked corner (rank: degree, then index), by intersecting
/// the sorted lists of higher-ranked neighbours: O(m^1.5).
pub(super) fn triangles(adj: &Adjacency, ctx: &Context<'_>) -> Result<Vec<u64>, ExecError> {
    let n = adj.node_count();
    let rank = |u: usize| (adj.degree(u), u);
    let higher: Vec<Vec<u32>> = (0..n).map(|u| adj.targets(u).iter().copied().filter(|&v| rank(v as usize) > rank(u)).collect()).collect();
    let mut count = vec![0u64; n];
    for u in 0..n {
        for &v in &higher[u] {
            ctx.tick()?;
            let (a, b) = (&higher[u], &higher[v as usize]);
            let (mut i, mut j) = (0, 0);
            while i < a.len() && j < b.len() {
                match a[i].cmp(&b[j]) {
                    std::cmp::Ordering::Less => i += 1,
                    std::cmp::Ordering::Greater => j += 1,
                    std::cmp::Ordering::Equal => {
                        count[u] += 1;
                        count[v as usize] += 1;
                        count[a[i] as usize] += 1;
                        i += 1;
                        j += 1;
                    }
                }
            }
        }
    }
    Ok(count)
}
