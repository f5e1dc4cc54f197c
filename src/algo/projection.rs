//! The one place the algorithms read the store: a projection of the graph (the nodes with
//! some labels, the relationships of some types between them, an optional numeric weight)
//! onto dense indices `0..n` in ascending node id order, with compressed adjacency lists,
//! and a local view for traversals that start at one node and should not read the rest.
//!
//! Only these `Graph` methods are used: `sym`, `node_ids`, `nodes_with_label`, `has_label`,
//! `node_prop`, `rel_ids`, `rel_ends`, `rel_type`, `rel_prop`, `steps`.

use std::collections::HashMap;
use std::sync::Arc;

use super::config::{Config, invalid, wrong_type};
use crate::error::ExecError;
use crate::exec::Context;
use crate::store::{Dir, Graph, Sym};
use crate::value::{NodeId, RelId, Value};

/// Which way an algorithm follows relationships.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// From start node to end node.
    Out,
    /// From end node to start node.
    In,
    /// Both ways (as if undirected).
    Both,
}

impl Direction {
    fn parse(cfg: &Config, v: Value) -> Result<Direction, ExecError> {
        let s = cfg.expect_string("direction", v)?;
        match s.to_ascii_uppercase().as_str() {
            "OUT" | "OUTGOING" | "NATURAL" => Ok(Direction::Out),
            "IN" | "INCOMING" | "REVERSE" => Ok(Direction::In),
            "BOTH" | "UNDIRECTED" => Ok(Direction::Both),
            _ => Err(invalid(cfg.proc_name(), format!("configuration key `direction` must be 'OUT', 'IN' or 'BOTH', not '{s}'"))),
        }
    }

    fn dir(self) -> Dir {
        match self {
            Direction::Out => Dir::Out,
            Direction::In => Dir::In,
            Direction::Both => Dir::Both,
        }
    }
}

/// What an algorithm accepts from the projection settings.
#[derive(Clone, Copy, Debug)]
pub struct Accepts {
    /// The default direction of a directed algorithm; `None`: the algorithm treats
    /// relationships as undirected and refuses `direction`.
    pub direction: Option<Direction>,
    /// Whether `weight` and `defaultWeight` are accepted.
    pub weight: bool,
}

/// The projection settings of one call, resolved against the graph's names.
#[derive(Clone, Debug)]
pub struct Spec {
    /// `None`: every node; a list (perhaps empty): the nodes with one of these labels.
    labels: Option<Vec<Sym>>,
    /// `None`: every relationship; a list (perhaps empty): those of these types.
    types: Option<Vec<Sym>>,
    weight: Option<(Sym, Arc<str>)>,
    default_weight: f64,
    pub direction: Direction,
    proc_: &'static str,
}

impl Spec {
    /// Reads `labels` (or `nodeLabels`), `types` (or `relationshipTypes`), `weight` (or
    /// `relationshipWeightProperty`), `defaultWeight` and `direction` from the configuration.
    pub fn read(g: &Graph, cfg: &mut Config, accepts: Accepts) -> Result<Spec, ExecError> {
        let proc_ = cfg.proc_name();
        let names = |cfg: &Config, key: &str, v: Value, what: &str| -> Result<Vec<Sym>, ExecError> {
            cfg.strings(key, v)?
                .iter()
                .map(|n| g.sym(n).ok_or_else(|| invalid(proc_, format!("configuration key `{key}`: the graph has no {what} `{n}`"))))
                .collect()
        };
        let labels = match cfg.take_one_of(&["labels", "nodeLabels"])? {
            Some((key, v)) => Some(names(cfg, key, v, "label")?),
            None => None,
        };
        let types = match cfg.take_one_of(&["types", "relationshipTypes"])? {
            Some((key, v)) => Some(names(cfg, key, v, "relationship type")?),
            None => None,
        };
        let (mut weight, mut default_weight) = (None, 1.0);
        if accepts.weight {
            if let Some((key, v)) = cfg.take_one_of(&["weight", "relationshipWeightProperty"])? {
                let name = cfg.expect_string(key, v)?;
                let sym =
                    g.sym(&name).ok_or_else(|| invalid(proc_, format!("configuration key `{key}`: the graph has no property `{name}`")))?;
                weight = Some((sym, name));
            }
            let given = cfg.take("defaultWeight");
            if let Some(v) = given {
                if weight.is_none() {
                    return Err(invalid(proc_, "configuration key `defaultWeight` needs `weight`, the property it stands in for"));
                }
                default_weight = match v.as_f64() {
                    Some(x) if x.is_finite() && x >= 0.0 => x,
                    Some(_) => return Err(invalid(proc_, format!("configuration key `defaultWeight` must be a number ≥ 0, not {v}"))),
                    None => return Err(wrong_type(proc_, "configuration key `defaultWeight`", "a number", &v)),
                };
            }
        }
        let direction = match accepts.direction {
            Some(default) => match cfg.take("direction") {
                Some(v) => Direction::parse(cfg, v)?,
                None => default,
            },
            None => Direction::Both,
        };
        Ok(Spec { labels, types, weight, default_weight, direction, proc_ })
    }

    pub fn weighted(&self) -> bool {
        self.weight.is_some()
    }
}

/// One projected relationship.
#[derive(Clone, Copy, Debug)]
pub struct Edge {
    pub from: u32,
    pub to: u32,
    pub weight: f64,
    pub rel: RelId,
}

/// Node id → dense index.
enum Index {
    Dense(Vec<u32>),
    Sparse(HashMap<NodeId, u32>),
}

const ABSENT: u32 = u32::MAX;

/// The projected graph: nodes in ascending id order and every projected relationship once.
pub struct Projection {
    nodes: Vec<NodeId>,
    /// The public id (`id()`) of each node.
    public: Vec<u64>,
    index: Index,
    pub edges: Vec<Edge>,
    pub weighted: bool,
    pub direction: Direction,
}

/// Projects the graph as `spec` says.
pub fn project(g: &Graph, spec: &Spec, ctx: &Context<'_>) -> Result<Projection, ExecError> {
    let mut nodes: Vec<NodeId> = match &spec.labels {
        None => g.node_ids().collect(),
        Some(labels) => labels.iter().flat_map(|&l| g.nodes_with_label(l)).collect(),
    };
    nodes.sort_unstable_by_key(|n| g.node_public(*n));
    nodes.dedup();
    let public: Vec<u64> = nodes.iter().map(|n| g.node_public(*n)).collect();
    if nodes.len() >= ABSENT as usize {
        return Err(ExecError::argument("InvalidArgumentValue", "the projected graph has too many nodes (at most 2^32 - 2)"));
    }
    let index = match nodes.iter().max() {
        Some(max) if (max.0 as usize) < 4 * nodes.len() + 1024 => {
            let mut v = vec![ABSENT; max.0 as usize + 1];
            for (i, n) in nodes.iter().enumerate() {
                v[n.0 as usize] = i as u32;
            }
            Index::Dense(v)
        }
        _ => Index::Sparse(nodes.iter().enumerate().map(|(i, n)| (*n, i as u32)).collect()),
    };
    let mut p = Projection { nodes, public, index, edges: Vec::new(), weighted: spec.weighted(), direction: spec.direction };
    let weight_of = |rel: RelId| -> Result<f64, ExecError> {
        let Some((key, name)) = &spec.weight else { return Ok(1.0) };
        match g.rel_prop(rel, *key) {
            None => Ok(spec.default_weight),
            Some(v) => match v.as_f64() {
                Some(x) if x.is_finite() && x >= 0.0 => Ok(x),
                _ => Err(invalid(spec.proc_, format!("relationship {} has `{name}` = {v}; a weight must be a finite number ≥ 0", rel.0))),
            },
        }
    };
    let mut edges = Vec::new();
    if spec.types.as_ref().is_some_and(|t| t.is_empty()) {
        // no type wanted: no relationship
    } else if spec.labels.is_none() {
        for rel in g.rel_ids() {
            ctx.tick()?;
            if let Some(types) = &spec.types
                && !g.rel_type(rel).is_some_and(|t| types.contains(&t))
            {
                continue;
            }
            let Some((a, b)) = g.rel_ends(rel) else { continue };
            if let (Some(from), Some(to)) = (p.index_of(a), p.index_of(b)) {
                edges.push(Edge { from, to, weight: weight_of(rel)?, rel });
            }
        }
    } else {
        for (from, &a) in p.nodes.iter().enumerate() {
            for s in g.steps(a, Dir::Out, spec.types.as_deref().unwrap_or(&[])) {
                ctx.tick()?;
                if let Some(to) = p.index_of(s.other) {
                    edges.push(Edge { from: from as u32, to, weight: weight_of(s.rel)?, rel: s.rel });
                }
            }
        }
    }
    edges.sort_unstable_by_key(|e| e.rel);
    p.edges = edges;
    Ok(p)
}

/// How parallel relationships between two nodes combine in a simple graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Merge {
    /// Keep the lightest (and its relationship): for paths.
    Min,
    /// Add the weights up: for communities.
    Sum,
}

impl Projection {
    pub fn node_count(&self) -> usize {
        self.nodes.len()
    }

    /// The node at dense index `i`.
    pub fn node(&self, i: usize) -> NodeId {
        self.nodes[i]
    }

    /// The public id of the node at dense index `i`.
    pub fn public_id(&self, i: usize) -> u64 {
        self.public[i]
    }

    pub fn node_value(&self, i: usize) -> Value {
        Value::Node(self.nodes[i])
    }

    /// The public id of a node slot that may not be in the projection (for messages).
    pub fn public_of(&self, id: NodeId) -> String {
        match self.index_of(id) {
            Some(i) => self.public[i as usize].to_string(),
            None => format!("in slot {}", id.0),
        }
    }

    pub fn index_of(&self, id: NodeId) -> Option<u32> {
        match &self.index {
            Index::Dense(v) => v.get(id.0 as usize).copied().filter(|&i| i != ABSENT),
            Index::Sparse(m) => m.get(&id).copied(),
        }
    }

    /// Every relationship as an adjacency entry, following `dir` (a self-loop appears once,
    /// also for `Both`).
    pub fn adjacency(&self, dir: Direction) -> Adjacency {
        let mut entries = Vec::with_capacity(self.edges.len() * if dir == Direction::Both { 2 } else { 1 });
        for e in &self.edges {
            if dir != Direction::In {
                entries.push((e.from, e.to, e.weight, e.rel));
            }
            if dir == Direction::In || (dir == Direction::Both && e.from != e.to) {
                entries.push((e.to, e.from, e.weight, e.rel));
            }
        }
        Adjacency::build(self.nodes.len(), entries, None)
    }

    /// At most one entry per pair of distinct nodes, following `dir`; self-loops dropped.
    pub fn simple(&self, dir: Direction, merge: Merge) -> Adjacency {
        let mut entries = Vec::with_capacity(self.edges.len() * if dir == Direction::Both { 2 } else { 1 });
        for e in self.edges.iter().filter(|e| e.from != e.to) {
            if dir != Direction::In {
                entries.push((e.from, e.to, e.weight, e.rel));
            }
            if dir != Direction::Out {
                entries.push((e.to, e.from, e.weight, e.rel));
            }
        }
        Adjacency::build(self.nodes.len(), entries, Some(merge))
    }

    /// A numeric property of every projected node (`None` where absent or not a number).
    pub fn node_numbers(&self, g: &Graph, key: &str) -> Vec<Option<f64>> {
        let Some(sym) = g.sym(key) else { return vec![None; self.nodes.len()] };
        self.nodes.iter().map(|&n| g.node_prop(n, sym).and_then(|v| v.as_f64())).collect()
    }
}

/// Compressed adjacency lists over dense indices, each list sorted by (neighbour,
/// relationship id).
pub struct Adjacency {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
    rels: Vec<RelId>,
}

impl Adjacency {
    fn build(n: usize, mut entries: Vec<(u32, u32, f64, RelId)>, merge: Option<Merge>) -> Adjacency {
        entries.sort_unstable_by_key(|&(from, to, _, rel)| (from, to, rel));
        if let Some(merge) = merge {
            entries.dedup_by(|later, kept| {
                if (later.0, later.1) != (kept.0, kept.1) {
                    return false;
                }
                match merge {
                    Merge::Min if later.2 < kept.2 => {
                        kept.2 = later.2;
                        kept.3 = later.3;
                    }
                    Merge::Min => {}
                    Merge::Sum => kept.2 += later.2,
                }
                true
            });
        }
        let mut offsets = vec![0usize; n + 1];
        for e in &entries {
            offsets[e.0 as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        Adjacency {
            offsets,
            targets: entries.iter().map(|e| e.1).collect(),
            weights: entries.iter().map(|e| e.2).collect(),
            rels: entries.iter().map(|e| e.3).collect(),
        }
    }

    pub fn node_count(&self) -> usize {
        self.offsets.len() - 1
    }

    pub fn entry_count(&self) -> usize {
        self.targets.len()
    }

    fn range(&self, u: usize) -> std::ops::Range<usize> {
        self.offsets[u]..self.offsets[u + 1]
    }

    pub fn targets(&self, u: usize) -> &[u32] {
        &self.targets[self.range(u)]
    }

    pub fn weights(&self, u: usize) -> &[f64] {
        &self.weights[self.range(u)]
    }

    pub fn rels(&self, u: usize) -> &[RelId] {
        &self.rels[self.range(u)]
    }

    pub fn degree(&self, u: usize) -> usize {
        self.offsets[u + 1] - self.offsets[u]
    }

    /// (neighbour, weight) pairs of `u`.
    pub fn edges(&self, u: usize) -> impl Iterator<Item = (usize, f64)> + '_ {
        let r = self.range(u);
        self.targets[r.clone()].iter().zip(&self.weights[r]).map(|(&t, &w)| (t as usize, w))
    }

    /// The entry index of `u` → `v`, if any (a binary search in `u`'s list).
    pub fn find(&self, u: usize, v: usize) -> Option<usize> {
        let r = self.range(u);
        let start = r.start;
        let list = &self.targets[r];
        let i = list.partition_point(|&t| (t as usize) < v);
        (i < list.len() && list[i] as usize == v).then_some(start + i)
    }

    pub fn entry_weight(&self, e: usize) -> f64 {
        self.weights[e]
    }

    pub fn entry_rel(&self, e: usize) -> RelId {
        self.rels[e]
    }
}

/// Traversals from one node through the store, under the same label, type and direction
/// filters as a projection, reading only the nodes they reach.
pub struct Local<'g> {
    g: &'g Graph,
    labels: Option<Vec<Sym>>,
    types: Option<Vec<Sym>>,
    dir: Dir,
}

impl<'g> Local<'g> {
    pub fn new(g: &'g Graph, spec: &Spec) -> Self {
        Local { g, labels: spec.labels.clone(), types: spec.types.clone(), dir: spec.direction.dir() }
    }

    /// Whether `id` passes the label filter.
    pub fn contains(&self, id: NodeId) -> bool {
        self.labels.as_ref().is_none_or(|labels| labels.iter().any(|&l| self.g.has_label(id, l)))
    }

    /// The neighbours of `id` (each once) that pass the filters, appended to `out`.
    pub fn neighbours(&self, id: NodeId, out: &mut Vec<NodeId>) {
        let start = out.len();
        let types = match &self.types {
            Some(t) if t.is_empty() => return,
            Some(t) => t.as_slice(),
            None => &[],
        };
        out.extend(self.g.steps(id, self.dir, types).map(|s| s.other).filter(|&o| o != id && self.contains(o)));
        out[start..].sort_unstable();
        let mut w = start;
        for r in start..out.len() {
            if r == start || out[r] != out[w - 1] {
                out[w] = out[r];
                w += 1;
            }
        }
        out.truncate(w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries() -> Vec<(u32, u32, f64, RelId)> {
        // 0→1 twice (weights 5 and 2), 0→2, 2→0
        vec![(0, 1, 5.0, RelId(10)), (2, 0, 1.0, RelId(11)), (0, 2, 3.0, RelId(12)), (0, 1, 2.0, RelId(13))]
    }

    #[test]
    fn adjacency_lists_are_sorted_and_merged_as_asked() {
        let multi = Adjacency::build(3, entries(), None);
        assert_eq!(multi.targets(0), [1, 1, 2]);
        assert_eq!(multi.rels(0), [RelId(10), RelId(13), RelId(12)]);
        assert_eq!(multi.degree(1), 0);
        let min = Adjacency::build(3, entries(), Some(Merge::Min));
        assert_eq!(min.targets(0), [1, 2]);
        assert_eq!(min.weights(0), [2.0, 3.0]);
        assert_eq!(min.rels(0), [RelId(13), RelId(12)]);
        assert_eq!(min.find(0, 2).map(|e| min.entry_rel(e)), Some(RelId(12)));
        assert_eq!(min.find(1, 0), None);
        let sum = Adjacency::build(3, entries(), Some(Merge::Sum));
        assert_eq!(sum.weights(0), [7.0, 3.0]);
        assert_eq!(sum.targets(2), [0]);
    }
}
