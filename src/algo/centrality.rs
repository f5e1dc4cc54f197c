//! Centrality: degree, PageRank, betweenness (Brandes) and closeness.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::projection::{Accepts, Adjacency, Direction, Merge};
use super::{node_rows, output, prepare, sample, whole_graph};
use crate::error::ExecError;
use crate::exec::Context;
use crate::procedures::Procedure;
use crate::store::Graph;
use crate::value::{Value, ValueType};

pub(super) fn procedures() -> Vec<Procedure> {
    let scores = || vec![output("node", ValueType::Node), output("score", ValueType::Float)];
    vec![
        whole_graph("algo.degree", scores(), degree),
        whole_graph("algo.pageRank", scores(), page_rank_proc),
        whole_graph("algo.betweenness", scores(), betweenness_proc),
        whole_graph("algo.closeness", scores(), closeness_proc),
    ]
}

const DIRECTED_WEIGHTED: Accepts = Accepts { direction: Some(Direction::Out), weight: true };

/// `algo.degree`: the number of relationships at each node in the projection's direction
/// (their total weight when weighted); `normalized` divides by n - 1.
fn degree(g: &Graph, args: &[Value], ctx: &Context<'_>) -> Result<Vec<Vec<Value>>, ExecError> {
    let (p, mut cfg) = prepare("algo.degree", g, args, DIRECTED_WEIGHTED, ctx)?;
    let normalized = cfg.bool("normalized", false)?;
    cfg.finish()?;
    let adj = p.adjacency(p.direction);
    let n = adj.node_count();
    let scale = if normalized { 1.0 / (n.max(2) - 1) as f64 } else { 1.0 };
    let scores = (0..n).map(|u| Value::Float(adj.weights(u).iter().fold(0.0, |a, w| a + w) * scale));
    Ok(node_rows(&p, scores))
}

fn page_rank_proc(g: &Graph, args: &[Value], ctx: &Context<'_>) -> Result<Vec<Vec<Value>>, ExecError> {
    let (p, mut cfg) = prepare("algo.pageRank", g, args, DIRECTED_WEIGHTED, ctx)?;
    let damping = cfg.float("dampingFactor", 0.85, |d| (0.0..1.0).contains(&d), "a number in [0, 1)")?;
    let max_iterations = cfg.int("maxIterations", 100, 1)? as usize;
    let tolerance = cfg.float("tolerance", 1e-7, |t| t >= 0.0, "a number ≥ 0")?;
    cfg.finish()?;
    let adj = p.adjacency(p.direction);
    let scores = page_rank(&adj, damping, max_iterations, tolerance, ctx)?;
    Ok(node_rows(&p, scores.into_iter().map(Value::Float)))
}

/// PageRank by power iteration. A walker follows a relationship with probability
/// proportional to its weight, or with probability 1 - `damping` (and always from a node
/// with nothing to follow) jumps to a node chosen uniformly. Scores sum to 1. Stops after
/// `max_iterations` or once the scores change by less than `tolerance` in total.
pub(super) fn page_rank(
    adj: &Adjacency,
    damping: f64,
    max_iterations: usize,
    tolerance: f64,
    ctx: &Context<'_>,
) -> Result<Vec<f64>, ExecError> {
    let n = adj.node_count();
    if n == 0 {
        return Ok(Vec::new());
    }
    let out_weight: Vec<f64> = (0..n).map(|u| adj.weights(u).iter().sum()).collect();
    let uniform = 1.0 / n as f64;
    let mut x = vec![uniform; n];
    let mut next = vec![0.0; n];
    for _ in 0..max_iterations {
        let dangling: f64 = (0..n).filter(|&u| out_weight[u] <= 0.0).map(|u| x[u]).sum();
        next.fill((1.0 - damping) * uniform + damping * dangling * uniform);
        for u in 0..n {
            ctx.tick()?;
            if out_weight[u] > 0.0 {
                let share = damping * x[u] / out_weight[u];
                for (v, w) in adj.edges(u) {
                    next[v] += share * w;
                }
            }
        }
        let change: f64 = x.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut x, &mut next);
        if change < tolerance {
            break;
        }
    }
    Ok(x)
}

/// Single-source shortest paths with reusable buffers: breadth-first when unweighted,
/// Dijkstra otherwise; counts shortest paths (`sigma`) and records the settling order.
pub(super) struct Sssp {
    pub dist: Vec<f64>,
    pub sigma: Vec<f64>,
    /// Settled nodes in order of settling (nondecreasing distance).
    pub order: Vec<u32>,
    /// Position in `order`, `u32::MAX` for unreached nodes.
    pub pos: Vec<u32>,
    heap: BinaryHeap<Reverse<(Dist, u32)>>,
}

/// An f64 distance ordered totally (distances are never NaN).
#[derive(Clone, Copy, PartialEq)]
struct Dist(f64);

impl Eq for Dist {}

impl PartialOrd for Dist {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Dist {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

const UNREACHED: u32 = u32::MAX;

impl Sssp {
    pub fn new(n: usize) -> Self {
        Sssp { dist: vec![f64::INFINITY; n], sigma: vec![0.0; n], order: Vec::new(), pos: vec![UNREACHED; n], heap: BinaryHeap::new() }
    }

    /// Runs from `s`, after clearing what the previous run touched.
    pub fn run(&mut self, adj: &Adjacency, s: usize, weighted: bool, ctx: &Context<'_>) -> Result<(), ExecError> {
        for &v in &self.order {
            let v = v as usize;
            self.dist[v] = f64::INFINITY;
            self.sigma[v] = 0.0;
            self.pos[v] = UNREACHED;
        }
        self.order.clear();
        self.dist[s] = 0.0;
        self.sigma[s] = 1.0;
        if weighted { self.dijkstra(adj, s, ctx) } else { self.bfs(adj, s, ctx) }
    }

    fn bfs(&mut self, adj: &Adjacency, s: usize, ctx: &Context<'_>) -> Result<(), ExecError> {
        self.pos[s] = 0;
        self.order.push(s as u32);
        let mut head = 0;
        while head < self.order.len() {
            ctx.tick()?;
            let v = self.order[head] as usize;
            head += 1;
            let next = self.dist[v] + 1.0;
            for &w in adj.targets(v) {
                let w = w as usize;
                if self.pos[w] == UNREACHED {
                    self.pos[w] = self.order.len() as u32;
                    self.order.push(w as u32);
                    self.dist[w] = next;
                }
                if self.dist[w] == next {
                    self.sigma[w] += self.sigma[v];
                }
            }
        }
        Ok(())
    }

    fn dijkstra(&mut self, adj: &Adjacency, s: usize, ctx: &Context<'_>) -> Result<(), ExecError> {
        self.heap.clear();
        self.heap.push(Reverse((Dist(0.0), s as u32)));
        while let Some(Reverse((Dist(d), v))) = self.heap.pop() {
            ctx.tick()?;
            let v = v as usize;
            if self.pos[v] != UNREACHED || d > self.dist[v] {
                continue;
            }
            self.pos[v] = self.order.len() as u32;
            self.order.push(v as u32);
            for (w, wt) in adj.edges(v) {
                if self.pos[w] != UNREACHED {
                    continue;
                }
                let nd = d + wt;
                if nd < self.dist[w] {
                    self.dist[w] = nd;
                    self.sigma[w] = self.sigma[v];
                    self.heap.push(Reverse((Dist(nd), w as u32)));
                } else if nd == self.dist[w] {
                    self.sigma[w] += self.sigma[v];
                }
            }
        }
        Ok(())
    }

    /// Whether the entry `v` → `w` of weight `wt` lies on a shortest path from the source.
    #[inline]
    fn on_shortest(&self, v: usize, w: usize, wt: f64, weighted: bool) -> bool {
        let pw = self.pos[w];
        pw != UNREACHED && pw > self.pos[v] && self.dist[w] == self.dist[v] + if weighted { wt } else { 1.0 }
    }
}

fn betweenness_proc(g: &Graph, args: &[Value], ctx: &Context<'_>) -> Result<Vec<Vec<Value>>, ExecError> {
    let (p, mut cfg) = prepare("algo.betweenness", g, args, DIRECTED_WEIGHTED, ctx)?;
    let normalized = cfg.bool("normalized", false)?;
    let sampling = cfg.opt_int("samplingSize", 1)?.map(|k| k as usize);
    let seed = cfg.int("samplingSeed", 0, i64::MIN)? as u64;
    cfg.finish()?;
    let adj = p.simple(p.direction, Merge::Min);
    let n = adj.node_count();
    let sources = match sampling {
        Some(k) if k < n => Some(sample(n, k, seed)),
        _ => None,
    };
    let undirected = p.direction == Direction::Both;
    let scores = betweenness(&adj, p.weighted, sources.as_deref(), undirected, normalized, ctx)?;
    Ok(node_rows(&p, scores.into_iter().map(Value::Float)))
}

/// Betweenness centrality by Brandes' accumulation: for each source, the share of
/// shortest paths from it through each other node. `sources`: only these sources (a
/// sample), with each node's sum scaled up by (n - 1) / (number of sources other than
/// itself). Undirected graphs count each pair of nodes once. `normalized` divides by the
/// number of ordered pairs of other nodes, (n - 1)(n - 2).
pub(super) fn betweenness(
    adj: &Adjacency,
    weighted: bool,
    sources: Option<&[usize]>,
    undirected: bool,
    normalized: bool,
    ctx: &Context<'_>,
) -> Result<Vec<f64>, ExecError> {
    let n = adj.node_count();
    let mut bc = vec![0.0; n];
    let mut sp = Sssp::new(n);
    let mut delta = vec![0.0; n];
    let all: Vec<usize>;
    let sources = match sources {
        Some(s) => s,
        None => {
            all = (0..n).collect();
            &all
        }
    };
    for &s in sources {
        sp.run(adj, s, weighted, ctx)?;
        for &v in sp.order.iter().rev() {
            let v = v as usize;
            let mut d = 0.0;
            for (w, wt) in adj.edges(v) {
                if sp.on_shortest(v, w, wt, weighted) {
                    d += sp.sigma[v] / sp.sigma[w] * (1.0 + delta[w]);
                }
            }
            delta[v] = d;
            if v != s {
                bc[v] += d;
            }
        }
        for &v in &sp.order {
            delta[v as usize] = 0.0;
        }
    }
    if n < 3 {
        return Ok(vec![0.0; n]);
    }
    let pairs_per_source = (n - 1) as f64;
    let correction = if undirected && !normalized { 2.0 } else { 1.0 };
    let is_source = {
        let mut f = vec![false; n];
        for &s in sources {
            f[s] = true;
        }
        f
    };
    let k = sources.len() as f64;
    for (v, b) in bc.iter_mut().enumerate() {
        // the sources that could count v: every source but v itself
        let others = if is_source[v] { k - 1.0 } else { k };
        if others <= 0.0 {
            *b = 0.0;
            continue;
        }
        let full = *b * pairs_per_source / others;
        *b = if normalized { full / (pairs_per_source * (n - 2) as f64) } else { full / correction };
    }
    Ok(bc)
}

fn closeness_proc(g: &Graph, args: &[Value], ctx: &Context<'_>) -> Result<Vec<Vec<Value>>, ExecError> {
    let (p, mut cfg) = prepare("algo.closeness", g, args, DIRECTED_WEIGHTED, ctx)?;
    let wf = cfg.bool("wassermanFaust", true)?;
    let sampling = cfg.opt_int("samplingSize", 1)?.map(|k| k as usize);
    let seed = cfg.int("samplingSeed", 0, i64::MIN)? as u64;
    cfg.finish()?;
    let n = p.node_count();
    let scores = match sampling {
        Some(k) if k < n => {
            // distances to the sampled pivots: searched from the pivots the other way round
            let reverse = match p.direction {
                Direction::Out => Direction::In,
                Direction::In => Direction::Out,
                Direction::Both => Direction::Both,
            };
            let adj = p.simple(reverse, Merge::Min);
            closeness_sampled(&adj, p.weighted, &sample(n, k, seed), wf, ctx)?
        }
        _ => closeness(&p.simple(p.direction, Merge::Min), p.weighted, wf, ctx)?,
    };
    Ok(node_rows(&p, scores.into_iter().map(Value::Float)))
}

/// Closeness centrality: (r / total distance) to the r nodes reachable from each node,
/// times r / (n - 1) with the Wasserman–Faust correction (`wf`) so that nodes reaching
/// little of the graph do not score high; 0 for a node that reaches nothing.
pub(super) fn closeness(adj: &Adjacency, weighted: bool, wf: bool, ctx: &Context<'_>) -> Result<Vec<f64>, ExecError> {
    let n = adj.node_count();
    let mut sp = Sssp::new(n);
    let mut out = vec![0.0; n];
    for (u, c) in out.iter_mut().enumerate() {
        sp.run(adj, u, weighted, ctx)?;
        let total: f64 = sp.order.iter().map(|&v| sp.dist[v as usize]).sum();
        let reached = (sp.order.len() - 1) as f64;
        *c = closeness_score(reached, total, n, wf);
    }
    Ok(out)
}

fn closeness_score(reached: f64, total: f64, n: usize, wf: bool) -> f64 {
    if total <= 0.0 || n < 2 {
        return 0.0;
    }
    let c = reached / total;
    if wf { c * reached / (n - 1) as f64 } else { c }
}

/// Closeness estimated from sampled pivots (Eppstein and Wang): each node's count of
/// reachable nodes and total distance are extrapolated from its distances to the pivots.
/// `reverse` follows relationships against the projection's direction.
fn closeness_sampled(reverse: &Adjacency, weighted: bool, pivots: &[usize], wf: bool, ctx: &Context<'_>) -> Result<Vec<f64>, ExecError> {
    let n = reverse.node_count();
    let mut sp = Sssp::new(n);
    let mut reached = vec![0.0; n];
    let mut total = vec![0.0; n];
    for &s in pivots {
        sp.run(reverse, s, weighted, ctx)?;
        for &v in &sp.order[1..] {
            reached[v as usize] += 1.0;
            total[v as usize] += sp.dist[v as usize];
        }
    }
    let is_pivot = {
        let mut f = vec![false; n];
        for &s in pivots {
            f[s] = true;
        }
        f
    };
    let k = pivots.len() as f64;
    Ok((0..n)
        .map(|v| {
            let others = if is_pivot[v] { k - 1.0 } else { k };
            if others <= 0.0 {
                return 0.0;
            }
            let scale = (n - 1) as f64 / others;
            closeness_score(reached[v] * scale, total[v] * scale, n, wf)
        })
        .collect())
}
