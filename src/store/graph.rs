//! The graph itself: a petgraph `StableGraph` of node and relationship records, with
//! interned names, stable public ids, and the indexes the planner chooses from (label →
//! nodes, type → count, and equality indexes on (label, key)).
//!
//! Public ids ([`NodeId`], [`RelId`]) are never reused and are independent of petgraph's
//! slot indexes, so a log of changes replays to the same ids whatever petgraph does with
//! freed slots. The id → slot maps are dense vectors: one load per lookup.
//!
//! Beside petgraph's own edge lists (the graph of record) each node keeps a compact
//! adjacency list per direction, `(type, relationship, other node)` in insertion order,
//! which [`Graph::steps`] walks: one contiguous read per node instead of a linked list
//! through the edge storage. Every raw mutation below keeps both in step, so rollbacks,
//! snapshot loading and log replay (which go through the same mutations) do too.
//!
//! This module offers raw mutations that keep every index in step. Statements do not call
//! them directly: they go through [`super::tx::Tx`], which records how to undo each one.

use std::collections::{BTreeSet, HashMap};

use petgraph::Direction as PgDirection;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};

use super::adjacency::{Adj, AdjEntry};
use super::interner::{Interner, Sym};
use super::props::Props;
use crate::value::{Equiv, NodeId, RelId, Value};

const NONE: u32 = u32::MAX;

#[derive(Clone, Debug)]
pub struct NodeRec {
    pub id: NodeId,
    /// Sorted, without duplicates.
    pub labels: Vec<Sym>,
    pub props: Props,
    /// Deleted by the running statement; physically removed when it commits.
    pub deleted: bool,
}

impl NodeRec {
    pub fn has_label(&self, l: Sym) -> bool {
        self.labels.binary_search(&l).is_ok()
    }
}

#[derive(Clone, Debug)]
pub struct RelRec {
    pub id: RelId,
    pub rel_type: Sym,
    pub props: Props,
    pub deleted: bool,
}

/// Which way to walk from a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Out,
    In,
    Both,
}

/// One step from a node: the relationship, the node at its other end, and whether the
/// relationship points away from the node we started at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub rel: RelId,
    pub other: NodeId,
    pub outgoing: bool,
}

type ValueIndex = HashMap<Equiv, Vec<NodeId>>;

#[derive(Clone, Debug, Default)]
pub struct Graph {
    g: StableGraph<NodeRec, RelRec, petgraph::Directed, u32>,
    pub(crate) names: Interner,
    node_slot: Vec<u32>,
    rel_slot: Vec<u32>,
    /// Adjacency lists by node id (empty for ids without a node).
    adj: Vec<Adj>,
    /// Relationships marked deleted by the running statement and not yet removed: while
    /// there are none, [`Self::steps`] need not look at relationship records at all.
    deleted_rels: usize,
    /// Nodes marked deleted and not yet removed.
    deleted_nodes: usize,
    next_node: u64,
    next_rel: u64,
    by_label: HashMap<Sym, BTreeSet<NodeId>>,
    type_count: HashMap<Sym, usize>,
    /// Equality indexes: (label, key) → value → nodes.
    indexes: HashMap<(Sym, Sym), ValueIndex>,
    /// Uniqueness constraints on (label, key).
    pub(crate) unique: BTreeSet<(Sym, Sym)>,
}

impl Graph {
    pub fn new() -> Self {
        Self::default()
    }

    // ----- names -------------------------------------------------------------------------

    pub fn intern(&mut self, name: &str) -> Sym {
        self.names.intern(name)
    }

    pub fn sym(&self, name: &str) -> Option<Sym> {
        self.names.get(name)
    }

    pub fn name(&self, s: Sym) -> &std::sync::Arc<str> {
        self.names.name(s)
    }

    pub fn names(&self) -> &Interner {
        &self.names
    }

    // ----- counts and scans --------------------------------------------------------------

    pub fn node_count(&self) -> usize {
        self.g.node_count()
    }

    pub fn rel_count(&self) -> usize {
        self.g.edge_count()
    }

    /// Ids of every live node, in slot order.
    pub fn node_ids(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.g.node_weights().filter(|n| !n.deleted).map(|n| n.id)
    }

    /// Ids of every live relationship.
    pub fn rel_ids(&self) -> impl Iterator<Item = RelId> + '_ {
        self.g.edge_weights().filter(|r| !r.deleted).map(|r| r.id)
    }

    /// Live nodes carrying `label`, in id order.
    pub fn nodes_with_label(&self, label: Sym) -> impl Iterator<Item = NodeId> + '_ {
        self.by_label.get(&label).into_iter().flatten().copied().filter(|id| self.node(*id).is_some())
    }

    /// Whether every node is live and carries all of `labels`: a label check on any node
    /// reached along a relationship then always passes.
    pub fn all_nodes_have(&self, labels: &[Sym]) -> bool {
        self.deleted_nodes == 0 && labels.iter().all(|l| self.label_count(*l) == self.g.node_count())
    }

    pub fn label_count(&self, label: Sym) -> usize {
        self.by_label.get(&label).map_or(0, |s| s.len())
    }

    pub fn type_count(&self, t: Sym) -> usize {
        self.type_count.get(&t).copied().unwrap_or(0)
    }

    /// Labels in use with their node counts.
    pub fn labels_in_use(&self) -> impl Iterator<Item = (Sym, usize)> + '_ {
        self.by_label.iter().filter(|(_, s)| !s.is_empty()).map(|(l, s)| (*l, s.len()))
    }

    /// Relationship types in use with their counts.
    pub fn types_in_use(&self) -> impl Iterator<Item = (Sym, usize)> + '_ {
        self.type_count.iter().filter(|(_, n)| **n > 0).map(|(t, n)| (*t, *n))
    }

    // ----- lookups -----------------------------------------------------------------------

    fn node_ix(&self, id: NodeId) -> Option<NodeIndex<u32>> {
        match self.node_slot.get(id.0 as usize) {
            Some(&s) if s != NONE => Some(NodeIndex::new(s as usize)),
            _ => None,
        }
    }

    fn rel_ix(&self, id: RelId) -> Option<EdgeIndex<u32>> {
        match self.rel_slot.get(id.0 as usize) {
            Some(&s) if s != NONE => Some(EdgeIndex::new(s as usize)),
            _ => None,
        }
    }

    /// A live node.
    pub fn node(&self, id: NodeId) -> Option<&NodeRec> {
        self.node_any(id).filter(|n| !n.deleted)
    }

    /// A node, even one deleted by the running statement.
    pub fn node_any(&self, id: NodeId) -> Option<&NodeRec> {
        self.node_ix(id).and_then(|ix| self.g.node_weight(ix))
    }

    /// A live relationship.
    pub fn rel(&self, id: RelId) -> Option<&RelRec> {
        self.rel_any(id).filter(|r| !r.deleted)
    }

    pub fn rel_any(&self, id: RelId) -> Option<&RelRec> {
        self.rel_ix(id).and_then(|ix| self.g.edge_weight(ix))
    }

    /// Whether live node `id` carries `label`.
    pub fn has_label(&self, id: NodeId, label: Sym) -> bool {
        self.node(id).is_some_and(|n| n.has_label(label))
    }

    /// A property of a live node (`None` when absent or the node is not live).
    pub fn node_prop(&self, id: NodeId, key: Sym) -> Option<Value> {
        self.node(id).and_then(|n| n.props.get(key).cloned())
    }

    /// The type of a live relationship.
    pub fn rel_type(&self, id: RelId) -> Option<Sym> {
        self.rel(id).map(|r| r.rel_type)
    }

    /// A property of a live relationship (`None` when absent or not live).
    pub fn rel_prop(&self, id: RelId, key: Sym) -> Option<Value> {
        self.rel(id).and_then(|r| r.props.get(key).cloned())
    }

    /// Start and end node of a relationship (also a deleted one, until commit).
    pub fn rel_ends(&self, id: RelId) -> Option<(NodeId, NodeId)> {
        let (a, b) = self.g.edge_endpoints(self.rel_ix(id)?)?;
        Some((self.g[a].id, self.g[b].id))
    }

    /// Steps from `node` along live relationships in direction `dir`, restricted to `types`
    /// when it is not empty. A self-loop is reported once, also for `Dir::Both`.
    pub fn steps<'a>(&'a self, node: NodeId, dir: Dir, types: &'a [Sym]) -> impl Iterator<Item = Step> + 'a {
        let (out, inc): (&[AdjEntry], &[AdjEntry]) = match self.adj.get(node.0 as usize) {
            Some(a) => (if dir == Dir::In { &[] } else { &a.out.entries }, if dir == Dir::Out { &[] } else { &a.inc.entries }),
            None => (&[], &[]),
        };
        let both = dir == Dir::Both;
        let check_deleted = self.deleted_rels > 0;
        // newest first, the order petgraph's own edge lists have
        let outs = out.iter().rev().map(|e| (e, true));
        let ins = inc.iter().rev().filter(move |e| !both || e.other != node).map(|e| (e, false));
        outs.chain(ins).filter_map(move |(e, outgoing)| {
            if !types.is_empty() && !types.contains(&e.rel_type) {
                return None;
            }
            if check_deleted && self.rel(e.rel).is_none() {
                return None;
            }
            Some(Step { rel: e.rel, other: e.other, outgoing })
        })
    }

    /// The number of live relationships at `node` going `dir` (not `Both`) with one of
    /// `types`, when it is known without reading them: no relationship is marked deleted,
    /// all of the node's relationships that way have a wanted type, and, with
    /// `without_loops`, the node has no self-loop. `None`: count them with [`Self::steps`].
    pub fn known_degree(&self, node: NodeId, dir: Dir, types: &[Sym], without_loops: bool) -> Option<usize> {
        if self.deleted_rels > 0 {
            return None;
        }
        let a = self.adj.get(node.0 as usize)?;
        let list = match dir {
            Dir::Out => &a.out,
            Dir::In => &a.inc,
            Dir::Both => return None,
        };
        (list.all_of(types) && (!without_loops || list.loops == 0)).then_some(list.entries.len())
    }

    /// Number of live relationships at `node` in direction `dir` with one of `types` (any
    /// when empty).
    pub fn degree(&self, node: NodeId, dir: Dir, types: &[Sym]) -> usize {
        self.steps(node, dir, types).count()
    }

    /// Relationships between two nodes (either direction) exist.
    pub fn has_rels(&self, node: NodeId) -> bool {
        self.steps(node, Dir::Both, &[]).next().is_some()
    }

    // ----- indexes -----------------------------------------------------------------------

    pub fn has_index(&self, label: Sym, key: Sym) -> bool {
        self.indexes.contains_key(&(label, key))
    }

    /// Nodes with `label` whose `key` equals `value`, through the index; `None` when there
    /// is no index on (label, key).
    pub fn index_lookup(&self, label: Sym, key: Sym, value: &Value) -> Option<&[NodeId]> {
        let idx = self.indexes.get(&(label, key))?;
        Some(idx.get(&Equiv(value.clone())).map_or(&[][..], |v| v.as_slice()))
    }

    /// Creates an equality index on (label, key), filling it from the current nodes.
    /// Returns false when it already existed.
    pub fn create_index(&mut self, label: Sym, key: Sym) -> bool {
        if self.indexes.contains_key(&(label, key)) {
            return false;
        }
        let mut idx = ValueIndex::new();
        for id in self.by_label.get(&label).into_iter().flatten() {
            if let Some(v) = self.node_any(*id).and_then(|n| n.props.get(key))
                && indexable(v)
            {
                idx.entry(Equiv(v.clone())).or_default().push(*id);
            }
        }
        self.indexes.insert((label, key), idx);
        true
    }

    pub fn drop_index(&mut self, label: Sym, key: Sym) -> bool {
        self.indexes.remove(&(label, key)).is_some()
    }

    pub fn index_list(&self) -> impl Iterator<Item = (Sym, Sym)> + '_ {
        self.indexes.keys().copied()
    }

    fn index_add(&mut self, id: NodeId, label: Sym, key: Sym, v: &Value) {
        if let Some(idx) = self.indexes.get_mut(&(label, key))
            && indexable(v)
        {
            idx.entry(Equiv(v.clone())).or_default().push(id);
        }
    }

    fn index_remove(&mut self, id: NodeId, label: Sym, key: Sym, v: &Value) {
        if let Some(idx) = self.indexes.get_mut(&(label, key)) {
            let k = Equiv(v.clone());
            if let Some(list) = idx.get_mut(&k) {
                list.retain(|x| *x != id);
                if list.is_empty() {
                    idx.remove(&k);
                }
            }
        }
    }

    // ----- raw mutations (callers: tx, snapshot loading) ---------------------------------

    pub(crate) fn next_ids(&self) -> (u64, u64) {
        (self.next_node, self.next_rel)
    }

    pub(crate) fn set_next_ids(&mut self, node: u64, rel: u64) {
        self.next_node = self.next_node.max(node);
        self.next_rel = self.next_rel.max(rel);
    }

    pub(crate) fn reset_next_ids(&mut self, node: u64, rel: u64) {
        self.next_node = node;
        self.next_rel = rel;
    }

    /// Makes room for `nodes` more nodes and `rels` more relationships (bulk loading).
    pub(crate) fn reserve(&mut self, nodes: usize, rels: usize) {
        self.g.reserve_nodes(nodes);
        self.g.reserve_edges(rels);
        self.node_slot.reserve(nodes);
        self.rel_slot.reserve(rels);
        self.adj.reserve(nodes);
    }

    /// Uniqueness constraints, as (label, key).
    pub fn unique_constraints(&self) -> impl Iterator<Item = (Sym, Sym)> + '_ {
        self.unique.iter().copied()
    }

    pub(crate) fn alloc_node_id(&mut self) -> NodeId {
        let id = NodeId(self.next_node);
        self.next_node += 1;
        id
    }

    pub(crate) fn alloc_rel_id(&mut self) -> RelId {
        let id = RelId(self.next_rel);
        self.next_rel += 1;
        id
    }

    /// Inserts a node with a given id (fresh from [`Self::alloc_node_id`] or replayed).
    pub(crate) fn insert_node(&mut self, id: NodeId, mut labels: Vec<Sym>, props: Props) {
        labels.sort_unstable();
        labels.dedup();
        for &l in &labels {
            self.by_label.entry(l).or_default().insert(id);
            for (k, v) in props.iter() {
                self.index_add(id, l, k, v);
            }
        }
        let ix = self.g.add_node(NodeRec { id, labels, props, deleted: false });
        let i = id.0 as usize;
        if self.node_slot.len() <= i {
            self.node_slot.resize(i + 1, NONE);
        }
        self.node_slot[i] = ix.index() as u32;
        if self.adj.len() <= i {
            self.adj.resize_with(i + 1, Adj::default);
        }
        self.adj[i] = Adj::default();
        self.next_node = self.next_node.max(id.0 + 1);
    }

    /// Inserts a relationship with a given id; false when an end node does not exist.
    pub(crate) fn insert_rel(&mut self, id: RelId, rel_type: Sym, start: NodeId, end: NodeId, props: Props) -> bool {
        let (Some(a), Some(b)) = (self.node_ix(start), self.node_ix(end)) else {
            return false;
        };
        let ix = self.g.add_edge(a, b, RelRec { id, rel_type, props, deleted: false });
        let i = id.0 as usize;
        if self.rel_slot.len() <= i {
            self.rel_slot.resize(i + 1, NONE);
        }
        self.rel_slot[i] = ix.index() as u32;
        if let Some(a) = self.adj.get_mut(start.0 as usize) {
            a.out.push(AdjEntry { rel_type, rel: id, other: end }, start == end);
        }
        if let Some(a) = self.adj.get_mut(end.0 as usize) {
            a.inc.push(AdjEntry { rel_type, rel: id, other: start }, start == end);
        }
        *self.type_count.entry(rel_type).or_default() += 1;
        self.next_rel = self.next_rel.max(id.0 + 1);
        true
    }

    /// Physically removes a node and every relationship at it.
    pub(crate) fn remove_node(&mut self, id: NodeId) -> Option<NodeRec> {
        let ix = self.node_ix(id)?;
        let rels: Vec<RelId> = self
            .g
            .edges_directed(ix, PgDirection::Outgoing)
            .chain(self.g.edges_directed(ix, PgDirection::Incoming))
            .map(|e| e.weight().id)
            .collect();
        for r in rels {
            self.remove_rel(r);
        }
        let rec = self.g.remove_node(ix)?;
        if rec.deleted {
            self.deleted_nodes = self.deleted_nodes.saturating_sub(1);
        }
        for &l in &rec.labels {
            if let Some(s) = self.by_label.get_mut(&l) {
                s.remove(&id);
            }
            for (k, v) in rec.props.iter() {
                self.index_remove(id, l, k, v);
            }
        }
        self.node_slot[id.0 as usize] = NONE;
        if let Some(a) = self.adj.get_mut(id.0 as usize) {
            *a = Adj::default();
        }
        Some(rec)
    }

    /// Physically removes a relationship.
    pub(crate) fn remove_rel(&mut self, id: RelId) -> Option<(RelRec, NodeId, NodeId)> {
        let ix = self.rel_ix(id)?;
        let (a, b) = self.g.edge_endpoints(ix)?;
        let (a, b) = (self.g[a].id, self.g[b].id);
        let rec = self.g.remove_edge(ix)?;
        if let Some(c) = self.type_count.get_mut(&rec.rel_type) {
            *c -= 1;
        }
        if rec.deleted {
            self.deleted_rels = self.deleted_rels.saturating_sub(1);
        }
        if let Some(adj) = self.adj.get_mut(a.0 as usize) {
            adj.out.remove(id, a == b);
        }
        if let Some(adj) = self.adj.get_mut(b.0 as usize) {
            adj.inc.remove(id, a == b);
        }
        self.rel_slot[id.0 as usize] = NONE;
        Some((rec, a, b))
    }

    /// Sets (or, with null, removes) a node property; returns the old value.
    pub(crate) fn set_node_prop(&mut self, id: NodeId, key: Sym, value: Value) -> Option<Value> {
        let ix = self.node_ix(id)?;
        let labels = self.g[ix].labels.clone();
        let old = self.g[ix].props.set(key, value.clone());
        for l in labels {
            if let Some(o) = &old {
                self.index_remove(id, l, key, o);
            }
            self.index_add(id, l, key, &value);
        }
        old
    }

    pub(crate) fn set_rel_prop(&mut self, id: RelId, key: Sym, value: Value) -> Option<Value> {
        let ix = self.rel_ix(id)?;
        self.g[ix].props.set(key, value)
    }

    /// Adds a label; false when the node already had it.
    pub(crate) fn add_label(&mut self, id: NodeId, label: Sym) -> bool {
        let Some(ix) = self.node_ix(id) else { return false };
        let rec = &mut self.g[ix];
        match rec.labels.binary_search(&label) {
            Ok(_) => false,
            Err(i) => {
                rec.labels.insert(i, label);
                let props: Vec<(Sym, Value)> = rec.props.iter().map(|(k, v)| (k, v.clone())).collect();
                self.by_label.entry(label).or_default().insert(id);
                for (k, v) in props {
                    self.index_add(id, label, k, &v);
                }
                true
            }
        }
    }

    /// Removes a label; false when the node did not have it.
    pub(crate) fn remove_label(&mut self, id: NodeId, label: Sym) -> bool {
        let Some(ix) = self.node_ix(id) else { return false };
        let rec = &mut self.g[ix];
        match rec.labels.binary_search(&label) {
            Err(_) => false,
            Ok(i) => {
                rec.labels.remove(i);
                let props: Vec<(Sym, Value)> = rec.props.iter().map(|(k, v)| (k, v.clone())).collect();
                if let Some(s) = self.by_label.get_mut(&label) {
                    s.remove(&id);
                }
                for (k, v) in props {
                    self.index_remove(id, label, k, &v);
                }
                true
            }
        }
    }

    pub(crate) fn set_node_deleted(&mut self, id: NodeId, deleted: bool) {
        if let Some(ix) = self.node_ix(id) {
            let rec = &mut self.g[ix];
            match (rec.deleted, deleted) {
                (false, true) => self.deleted_nodes += 1,
                (true, false) => self.deleted_nodes = self.deleted_nodes.saturating_sub(1),
                _ => {}
            }
            rec.deleted = deleted;
        }
    }

    pub(crate) fn set_rel_deleted(&mut self, id: RelId, deleted: bool) {
        if let Some(ix) = self.rel_ix(id) {
            let rec = &mut self.g[ix];
            match (rec.deleted, deleted) {
                (false, true) => self.deleted_rels += 1,
                (true, false) => self.deleted_rels = self.deleted_rels.saturating_sub(1),
                _ => {}
            }
            rec.deleted = deleted;
        }
    }

    /// Every node record (for snapshots and whole-graph export), live ones only.
    pub fn node_records(&self) -> impl Iterator<Item = &NodeRec> {
        self.g.node_weights().filter(|n| !n.deleted)
    }

    /// Every live relationship record with its end node ids.
    pub fn rel_records(&self) -> impl Iterator<Item = (&RelRec, NodeId, NodeId)> {
        self.g.edge_references().filter(|e| !e.weight().deleted).map(|e| (e.weight(), self.g[e.source()].id, self.g[e.target()].id))
    }
}

/// Null and NaN never equal anything, so they are never looked up.
fn indexable(v: &Value) -> bool {
    !matches!(v, Value::Null) && !matches!(v, Value::Float(f) if f.is_nan())
}

#[cfg(test)]
mod tests;
