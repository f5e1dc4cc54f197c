//! Paths: weighted shortest paths with Dijkstra (one target, or every node reachable) and
//! A* with a great-circle heuristic, both by petgraph; and the k-hop neighbourhood of a
//! node, by breadth-first search through the store.

use std::collections::HashMap;
use std::sync::Arc;

use petgraph::graph::{DiGraph, NodeIndex};

use super::config::{Config, invalid};
use super::projection::{self, Accepts, Adjacency, Direction, Local, Merge, Projection, Spec};
use super::{config_field, index_arg, node_arg, output, prepare};
use crate::error::ExecError;
use crate::exec::Context;
use crate::procedures::{Field, Procedure};
use crate::store::Graph;
use crate::value::{NodeId, PathValue, Value, ValueType};

pub(super) fn procedures() -> Vec<Procedure> {
    let node = |name: &str| Field::new(name, Some(ValueType::Node), false);
    let path_cols = || vec![output("node", ValueType::Node), output("distance", ValueType::Float), output("path", ValueType::Path)];
    vec![
        Procedure::native(
            "algo.dijkstra",
            vec![node("source"), Field::optional("target", Some(ValueType::Node), Value::Null), config_field()],
            path_cols(),
            dijkstra_proc,
        ),
        Procedure::native("algo.aStar", vec![node("source"), node("target"), config_field()], path_cols(), astar_proc),
        Procedure::native(
            "algo.kHop",
            vec![node("source"), Field::new("k", Some(ValueType::Integer), false), config_field()],
            vec![output("node", ValueType::Node), output("distance", ValueType::Integer)],
            k_hop_proc,
        ),
    ]
}

const PATHS: Accepts = Accepts { direction: Some(Direction::Out), weight: true };

/// The projection as a petgraph graph (one edge per pair of nodes, the lightest), with each
/// edge's cost: its weight, or 1 when unweighted.
fn petgraph_of(adj: &Adjacency, ctx: &Context<'_>) -> Result<DiGraph<(), f64>, ExecError> {
    let n = adj.node_count();
    let mut pg = DiGraph::with_capacity(n, adj.entry_count());
    for _ in 0..n {
        pg.add_node(());
    }
    for u in 0..n {
        ctx.tick()?;
        for (v, w) in adj.edges(u) {
            pg.add_edge(NodeIndex::new(u), NodeIndex::new(v), w);
        }
    }
    Ok(pg)
}

/// A path value along dense indices, taking for each step the relationship `adj` keeps.
fn path_value(p: &Projection, adj: &Adjacency, indices: &[usize]) -> Value {
    let nodes = indices.iter().map(|&i| p.node(i)).collect();
    let rels = indices.windows(2).map(|w| adj.entry_rel(adj.find(w[0], w[1]).expect("consecutive path nodes are adjacent"))).collect();
    Value::Path(Arc::new(PathValue { nodes, rels }))
}

fn path_row(p: &Projection, adj: &Adjacency, distance: f64, indices: &[usize]) -> Vec<Value> {
    let last = *indices.last().expect("a path has a node");
    vec![p.node_value(last), Value::Float(distance), path_value(p, adj, indices)]
}

/// Reads the node arguments and the configuration shared by Dijkstra and A*.
fn endpoints(
    proc_: &'static str,
    g: &Graph,
    args: &[Value],
    ctx: &Context<'_>,
) -> Result<(Projection, Config, usize, Option<usize>), ExecError> {
    let source = node_arg(proc_, "source", &args[0], false)?.expect("not nullable");
    let target = node_arg(proc_, "target", &args[1], true)?;
    let (p, cfg) = prepare(proc_, g, args, PATHS, ctx)?;
    let s = index_arg(proc_, "source", &p, source)?;
    let t = target.map(|t| index_arg(proc_, "target", &p, t)).transpose()?;
    Ok((p, cfg, s, t))
}

fn dijkstra_proc(g: &Graph, args: &[Value], ctx: &Context<'_>) -> Result<Vec<Vec<Value>>, ExecError> {
    let (p, cfg, s, t) = endpoints("algo.dijkstra", g, args, ctx)?;
    cfg.finish()?;
    let adj = p.simple(p.direction, Merge::Min);
    let pg = petgraph_of(&adj, ctx)?;
    if let Some(t) = t {
        let found = petgraph::algo::astar(&pg, NodeIndex::new(s), |x| x.index() == t, |e| *e.weight(), |_| 0.0);
        return Ok(found.map(|(d, path)| path_row(&p, &adj, d, &path.iter().map(|x| x.index()).collect::<Vec<_>>())).into_iter().collect());
    }
    let dist = petgraph::algo::dijkstra(&pg, NodeIndex::new(s), None, |e| *e.weight());
    let mut dist_of = vec![f64::INFINITY; adj.node_count()];
    for (x, d) in &dist {
        dist_of[x.index()] = *d;
    }
    let parent = shortest_path_tree(&adj, s, &dist_of, ctx)?;
    let mut reached: Vec<usize> = dist.keys().map(|x| x.index()).collect();
    reached.sort_unstable_by(|&a, &b| dist_of[a].total_cmp(&dist_of[b]).then(a.cmp(&b)));
    let mut rows = Vec::with_capacity(reached.len());
    for v in reached {
        ctx.tick()?;
        let mut indices = vec![v];
        while let Some(&u) = parent.get(indices.last().expect("not empty")) {
            indices.push(u);
        }
        indices.reverse();
        rows.push(path_row(&p, &adj, dist_of[v], &indices));
    }
    Ok(rows)
}

/// A parent for every reached node but `s`, along entries that lie on a shortest path
/// (`dist[u] + w == dist[v]`), found breadth-first from `s` so that the tree has no cycle
/// even where weights are zero.
fn shortest_path_tree(adj: &Adjacency, s: usize, dist: &[f64], ctx: &Context<'_>) -> Result<HashMap<usize, usize>, ExecError> {
    let mut parent = HashMap::new();
    let mut queue = std::collections::VecDeque::from([s]);
    let mut seen = vec![false; adj.node_count()];
    seen[s] = true;
    while let Some(u) = queue.pop_front() {
        ctx.tick()?;
        for (v, w) in adj.edges(u) {
            if !seen[v] && dist[u] + w == dist[v] {
                seen[v] = true;
                parent.insert(v, u);
                queue.push_back(v);
            }
        }
    }
    Ok(parent)
}

/// Great-circle distance in kilometres between two (latitude, longitude) points in degrees.
pub(super) fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6371.0088;
    let (la1, lo1, la2, lo2) = (a.0.to_radians(), a.1.to_radians(), b.0.to_radians(), b.1.to_radians());
    let h = ((la2 - la1) / 2.0).sin().powi(2) + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

fn astar_proc(g: &Graph, args: &[Value], ctx: &Context<'_>) -> Result<Vec<Vec<Value>>, ExecError> {
    const NAME: &str = "algo.aStar";
    if args[1].is_null() {
        return Err(invalid(NAME, "argument `target` is null; A* needs a target node"));
    }
    let (p, mut cfg, s, t) = endpoints(NAME, g, args, ctx)?;
    let t = t.expect("target checked");
    let lat_key = cfg.string("latitude")?.unwrap_or_else(|| "latitude".into());
    let lon_key = cfg.string("longitude")?.unwrap_or_else(|| "longitude".into());
    cfg.finish()?;
    if !p.weighted {
        return Err(invalid(
            NAME,
            "needs `weight`: a relationship property in kilometres, at least the great-circle distance between its ends",
        ));
    }
    let coords = coordinates(g, &p, &lat_key, &lon_key)?;
    let adj = p.simple(p.direction, Merge::Min);
    let pg = petgraph_of(&adj, ctx)?;
    let goal = coords[t];
    let estimate = |x: NodeIndex| match (coords[x.index()], goal) {
        (Some(a), Some(b)) => haversine_km(a, b),
        _ => 0.0,
    };
    let found = petgraph::algo::astar(&pg, NodeIndex::new(s), |x| x.index() == t, |e| *e.weight(), estimate);
    Ok(found.map(|(d, path)| path_row(&p, &adj, d, &path.iter().map(|x| x.index()).collect::<Vec<_>>())).into_iter().collect())
}

/// (latitude, longitude) of every projected node that has both as numbers.
fn coordinates(g: &Graph, p: &Projection, lat_key: &str, lon_key: &str) -> Result<Vec<Option<(f64, f64)>>, ExecError> {
    let lat = p.node_numbers(g, lat_key);
    let lon = p.node_numbers(g, lon_key);
    if lat.iter().all(Option::is_none) || lon.iter().all(Option::is_none) {
        return Err(invalid(
            "algo.aStar",
            format!(
                "no projected node has numeric `{lat_key}` and `{lon_key}`; name the coordinate properties with `latitude` and `longitude`"
            ),
        ));
    }
    Ok(lat.into_iter().zip(lon).map(|(a, b)| a.zip(b)).collect())
}

fn k_hop_proc(g: &Graph, args: &[Value], ctx: &Context<'_>) -> Result<Vec<Vec<Value>>, ExecError> {
    const NAME: &str = "algo.kHop";
    let source = node_arg(NAME, "source", &args[0], false)?.expect("not nullable");
    let k = match &args[1] {
        Value::Int(k) if *k >= 0 => *k as u64,
        other => return Err(invalid(NAME, format!("argument `k` must be an integer ≥ 0, not {other}"))),
    };
    let mut cfg = Config::new(NAME, &args[2])?;
    let spec = Spec::read(g, &mut cfg, Accepts { direction: Some(Direction::Out), weight: false })?;
    cfg.finish()?;
    let local = projection::Local::new(g, &spec);
    if !local.contains(source) {
        return Err(invalid(NAME, format!("argument `source` (node {}) has none of the `labels`", source.0)));
    }
    let found = k_hop(&local, source, k, ctx)?;
    Ok(found.into_iter().map(|(n, d)| vec![Value::Node(n), Value::Int(d as i64)]).collect())
}

/// The nodes at 1 to `k` hops from `source` with their hop count, nearest first (then by
/// id).
pub(super) fn k_hop(local: &Local<'_>, source: NodeId, k: u64, ctx: &Context<'_>) -> Result<Vec<(NodeId, u64)>, ExecError> {
    let mut dist: HashMap<NodeId, u64> = HashMap::from([(source, 0)]);
    let mut frontier = vec![source];
    let mut out = Vec::new();
    let mut buf = Vec::new();
    for hop in 1..=k {
        let mut next = Vec::new();
        for &u in &frontier {
            ctx.tick()?;
            buf.clear();
            local.neighbours(u, &mut buf);
            for &v in &buf {
                if let std::collections::hash_map::Entry::Vacant(e) = dist.entry(v) {
                    e.insert(hop);
                    next.push(v);
                }
            }
        }
        if next.is_empty() {
            break;
        }
        next.sort_unstable();
        out.extend(next.iter().map(|&v| (v, hop)));
        frontier = next;
    }
    Ok(out)
}
