//! The graph: a petgraph `StableGraph` holds every node and relationship (the graph of
//! record: which entities exist and what each relationship joins), and beside it the store
//! keeps what queries read, in compact arrays indexed by the same slots petgraph uses:
//!
//! - labels: a label-set id per node ([`super::labels`]), and per label the nodes with it;
//! - properties: a column per key ([`super::columns`]), for nodes and for relationships;
//! - relationship types: one symbol per relationship slot;
//! - adjacency: both directions in compressed sparse rows grouped by type
//!   ([`super::adjacency`]), plus the relationships added since they were built;
//! - equality indexes on (label, key) ([`super::index`]), and exact label and type counts.
//!
//! A slot is petgraph's index of the entity, reused after a deletion; values and results
//! hold slots ([`NodeId`], [`RelId`]). `id()` and the write-ahead log use public ids, which
//! are never reused ([`super::ids`]).
//!
//! The raw mutations below keep all of it in step. Statements do not call them directly:
//! they go through [`super::tx::Tx`], which records how to undo each one.

use std::collections::{BTreeSet, HashMap, HashSet};

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableGraph};
use petgraph::visit::{EdgeIndexable, EdgeRef, IntoEdgeReferences, NodeIndexable};

use super::adjacency::{Adjacency, Entry};
use super::bits::Bits;
use super::columns::{Columns, PropRef};
use super::ids::IdMap;
use super::index::{EqIndex, indexable};
use super::interner::{Interner, Sym};
use super::labels::{LabelIndex, LabelSetId, LabelSets};
use crate::value::{NodeId, RelId, Value};

/// The graph of record's type: no weights, since everything else lives beside it.
pub type Record = StableGraph<(), (), petgraph::Directed, u32>;

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

/// Relationships of one type, as planning statistics: how many, and between how many
/// distinct start and end nodes (as of the last rebuild of the adjacency arrays).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TypeStats {
    pub count: u64,
    pub starts: u64,
    pub ends: u64,
}

#[derive(Clone, Debug, Default)]
pub struct Graph {
    pg: Record,
    pub(crate) names: Interner,
    node_ids: IdMap,
    rel_ids: IdMap,
    label_sets: LabelSets,
    /// Label set of each node slot.
    node_labels: Vec<LabelSetId>,
    /// Live nodes per label set.
    set_counts: Vec<usize>,
    labels: LabelIndex,
    node_props: Columns,
    /// Type (symbol number) of each relationship slot.
    rel_types: Vec<u32>,
    rel_props: Columns,
    out: Adjacency,
    inc: Adjacency,
    /// Relationship slots whose bulk adjacency entries are gone (removed since the build).
    base_dead: Bits,
    dead_count: usize,
    /// Self-loops per node slot.
    loops: HashMap<u32, u32>,
    type_counts: HashMap<Sym, usize>,
    type_stats: HashMap<Sym, TypeStats>,
    /// Per relationship type, the labels that every start node and every end node of its
    /// relationships carries: a pattern's label check on a node reached along that type can
    /// then be skipped. Kept exact or smaller through every change.
    endpoint_labels: HashMap<Sym, EndpointLabels>,
    /// Entities marked deleted by the running statement (removed when it commits).
    marked_nodes: HashSet<u32>,
    marked_rels: HashSet<u32>,
    next_node: u64,
    next_rel: u64,
    indexes: HashMap<(Sym, Sym), EqIndex>,
    /// Uniqueness constraints on (label, key).
    pub(crate) unique: BTreeSet<(Sym, Sym)>,
}

/// The entity was deleted by the running statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deleted;

/// The labels every start node and every end node of a relationship type carries.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EndpointLabels {
    pub starts: Vec<Sym>,
    pub ends: Vec<Sym>,
}

/// A node, read through the store.
#[derive(Clone, Copy)]
pub struct NodeRef<'g> {
    g: &'g Graph,
    slot: u32,
}

impl<'g> NodeRef<'g> {
    pub fn id(&self) -> NodeId {
        NodeId(self.slot)
    }

    /// The id `id()` reports and the log records.
    pub fn public_id(&self) -> u64 {
        self.g.node_ids.public(self.slot)
    }

    /// Labels, in the order they were given.
    pub fn labels(&self) -> &'g [Sym] {
        self.g.label_sets.get(self.g.node_labels[self.slot as usize])
    }

    #[inline]
    pub fn has_label(&self, l: Sym) -> bool {
        self.labels().contains(&l)
    }

    #[inline]
    pub fn prop(&self, key: Sym) -> Option<PropRef<'g>> {
        self.g.node_props.get(key, self.slot)
    }

    pub fn props(&self) -> impl Iterator<Item = (Sym, PropRef<'g>)> + 'g {
        self.g.node_props.props_of(self.slot)
    }

    pub fn keys(&self) -> impl Iterator<Item = Sym> + 'g {
        self.g.node_props.keys_of(self.slot)
    }

    /// Deleted by the running statement (still readable until it commits).
    pub fn deleted(&self) -> bool {
        !self.g.marked_nodes.is_empty() && self.g.marked_nodes.contains(&self.slot)
    }
}

/// A relationship, read through the store.
#[derive(Clone, Copy)]
pub struct RelRef<'g> {
    g: &'g Graph,
    slot: u32,
}

impl<'g> RelRef<'g> {
    pub fn id(&self) -> RelId {
        RelId(self.slot)
    }

    pub fn public_id(&self) -> u64 {
        self.g.rel_ids.public(self.slot)
    }

    pub fn rel_type(&self) -> Sym {
        Sym(self.g.rel_types[self.slot as usize])
    }

    #[inline]
    pub fn prop(&self, key: Sym) -> Option<PropRef<'g>> {
        self.g.rel_props.get(key, self.slot)
    }

    pub fn props(&self) -> impl Iterator<Item = (Sym, PropRef<'g>)> + 'g {
        self.g.rel_props.props_of(self.slot)
    }

    pub fn keys(&self) -> impl Iterator<Item = Sym> + 'g {
        self.g.rel_props.keys_of(self.slot)
    }

    /// Start and end node.
    pub fn ends(&self) -> (NodeId, NodeId) {
        let (a, b) = self.g.pg.edge_endpoints(EdgeIndex::new(self.slot as usize)).unwrap_or_default();
        (NodeId(a.index() as u32), NodeId(b.index() as u32))
    }

    pub fn deleted(&self) -> bool {
        !self.g.marked_rels.is_empty() && self.g.marked_rels.contains(&self.slot)
    }
}

/// An index's (label, key).
pub type IndexKey = (Sym, Sym);

/// A saved index: (value hash, node slot) pairs, sorted.
pub type IndexArray = Vec<(u64, u32)>;

/// Adjacency arrays of one direction: row offsets and entries.
pub type Rows = (Vec<u32>, Vec<Entry>);

/// A graph's arrays borrowed for writing a snapshot (see [`Graph::bulk`]).
pub struct Bulk<'g> {
    pub names: &'g [std::sync::Arc<str>],
    pub label_sets: &'g [Box<[Sym]>],
    pub node_labels: &'g [LabelSetId],
    pub node_ids: Option<&'g [u64]>,
    pub next_node: u64,
    pub node_props: &'g Columns,
    pub rel_types: &'g [u32],
    pub rel_ids: Option<&'g [u64]>,
    pub next_rel: u64,
    pub rel_props: &'g Columns,
    pub out: (&'g [u32], &'g [Entry]),
    pub inc: (&'g [u32], &'g [Entry]),
    pub label_lists: &'g HashMap<Sym, Vec<u32>>,
    pub indexes: Vec<(IndexKey, &'g [(u64, u32)])>,
    pub unique: Vec<(Sym, Sym)>,
    pub type_stats: &'g HashMap<Sym, TypeStats>,
    pub endpoint_labels: &'g HashMap<Sym, EndpointLabels>,
}

/// Everything a graph is made of, in bulk: what an import produces and a snapshot holds.
/// [`Graph::from_parts`] checks it and assembles the graph.
#[derive(Default)]
pub struct Parts {
    pub names: Interner,
    pub label_sets: LabelSets,
    pub node_labels: Vec<LabelSetId>,
    /// Public ids of the nodes, ascending (`None`: the slot numbers).
    pub node_ids: Option<Vec<u64>>,
    pub next_node: u64,
    pub node_props: Columns,
    pub rel_types: Vec<u32>,
    pub rel_ids: Option<Vec<u64>>,
    pub next_rel: u64,
    pub rel_props: Columns,
    /// Relationship ends in slot order, when the adjacency arrays are not given.
    pub rel_ends: Option<(Vec<u32>, Vec<u32>)>,
    /// Saved adjacency arrays (offsets and entries, out then in).
    pub adjacency: Option<(Rows, Rows)>,
    /// Saved per-label node lists.
    pub label_lists: Option<HashMap<Sym, Vec<u32>>>,
    /// Indexes, with their saved arrays when there are any.
    pub indexes: Vec<(IndexKey, Option<IndexArray>)>,
    pub unique: Vec<(Sym, Sym)>,
    pub type_stats: HashMap<Sym, TypeStats>,
    /// Saved endpoint labels (`None`: computed when assembling).
    pub endpoint_labels: Option<HashMap<Sym, EndpointLabels>>,
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

    /// The graph of record.
    pub fn record(&self) -> &Record {
        &self.pg
    }

    // ----- counts and scans --------------------------------------------------------------

    pub fn node_count(&self) -> usize {
        self.pg.node_count()
    }

    pub fn rel_count(&self) -> usize {
        self.pg.edge_count()
    }

    /// One past the highest node slot in use (the size of arrays indexed by node slot).
    pub fn node_bound(&self) -> usize {
        self.pg.node_bound()
    }

    pub fn rel_bound(&self) -> usize {
        self.pg.edge_bound()
    }

    /// Every live node, in slot order.
    pub fn node_ids(&self) -> impl Iterator<Item = NodeId> + '_ {
        self.pg.node_indices().map(|ix| NodeId(ix.index() as u32)).filter(|n| !self.is_marked_node(n.0))
    }

    /// Every live relationship, in slot order.
    pub fn rel_ids(&self) -> impl Iterator<Item = RelId> + '_ {
        self.pg.edge_indices().map(|ix| RelId(ix.index() as u32)).filter(|r| !self.is_marked_rel(r.0))
    }

    #[inline]
    fn is_marked_node(&self, slot: u32) -> bool {
        !self.marked_nodes.is_empty() && self.marked_nodes.contains(&slot)
    }

    #[inline]
    fn is_marked_rel(&self, slot: u32) -> bool {
        !self.marked_rels.is_empty() && self.marked_rels.contains(&slot)
    }

    /// Live nodes carrying `label`.
    pub fn nodes_with_label(&self, label: Sym) -> impl Iterator<Item = NodeId> + '_ {
        self.labels.candidates(label).filter(move |&s| self.node(NodeId(s)).is_some_and(|n| n.has_label(label))).map(NodeId)
    }

    /// Whether the running statement has marked nodes deleted.
    pub fn has_marked_nodes(&self) -> bool {
        !self.marked_nodes.is_empty()
    }

    pub fn label_count(&self, label: Sym) -> usize {
        self.labels.count(label)
    }

    pub fn type_count(&self, t: Sym) -> usize {
        self.type_counts.get(&t).copied().unwrap_or(0)
    }

    /// Planning statistics of a relationship type (zero when unknown).
    pub fn type_stats(&self, t: Sym) -> TypeStats {
        let mut s = self.type_stats.get(&t).copied().unwrap_or_default();
        let now = self.type_count(t) as u64;
        if s.count != now {
            // changed since the statistics were taken: scale them
            let scale = |x: u64| if s.count == 0 { now.min(1) } else { (x * now).div_ceil(s.count) };
            s = TypeStats { count: now, starts: scale(s.starts).max(now.min(1)), ends: scale(s.ends).max(now.min(1)) };
        }
        s
    }

    /// Whether every node reached from any node along a relationship of one of `types` in
    /// direction `dir` carries all of `labels` (so that a check of them can be skipped).
    /// Never true while a statement has marked entities deleted.
    pub fn labels_guaranteed(&self, types: &[Sym], dir: Dir, labels: &[Sym]) -> bool {
        if labels.is_empty() {
            return true;
        }
        if types.is_empty() || !self.marked_nodes.is_empty() {
            return false;
        }
        types.iter().all(|t| match self.endpoint_labels.get(t) {
            // no relationship of this type: nothing is reached along it
            None => self.type_count(*t) == 0,
            Some(e) => {
                let has = |side: &[Sym]| labels.iter().all(|l| side.contains(l));
                match dir {
                    Dir::Out => has(&e.ends),
                    Dir::In => has(&e.starts),
                    Dir::Both => has(&e.ends) && has(&e.starts),
                }
            }
        })
    }

    /// Labels in use with their node counts.
    pub fn labels_in_use(&self) -> impl Iterator<Item = (Sym, usize)> + '_ {
        self.labels.counts()
    }

    /// Relationship types in use with their counts.
    pub fn types_in_use(&self) -> impl Iterator<Item = (Sym, usize)> + '_ {
        self.type_counts.iter().filter(|(_, n)| **n > 0).map(|(t, n)| (*t, *n))
    }

    /// Property keys in use on nodes, with how many nodes have each.
    pub fn node_keys_in_use(&self) -> impl Iterator<Item = (Sym, usize)> + '_ {
        self.node_props.keys()
    }

    /// Property keys in use on relationships.
    pub fn rel_keys_in_use(&self) -> impl Iterator<Item = (Sym, usize)> + '_ {
        self.rel_props.keys()
    }

    // ----- lookups -----------------------------------------------------------------------

    #[inline]
    fn node_live(&self, slot: u32) -> bool {
        self.pg.contains_node(NodeIndex::new(slot as usize))
    }

    #[inline]
    fn rel_live(&self, slot: u32) -> bool {
        self.pg.edge_weight(EdgeIndex::new(slot as usize)).is_some()
    }

    /// A live node.
    #[inline]
    pub fn node(&self, id: NodeId) -> Option<NodeRef<'_>> {
        (self.node_live(id.0) && !self.is_marked_node(id.0)).then_some(NodeRef { g: self, slot: id.0 })
    }

    /// A node, even one deleted by the running statement.
    #[inline]
    pub fn node_any(&self, id: NodeId) -> Option<NodeRef<'_>> {
        self.node_live(id.0).then_some(NodeRef { g: self, slot: id.0 })
    }

    /// A live relationship.
    #[inline]
    pub fn rel(&self, id: RelId) -> Option<RelRef<'_>> {
        (self.rel_live(id.0) && !self.is_marked_rel(id.0)).then_some(RelRef { g: self, slot: id.0 })
    }

    pub fn rel_any(&self, id: RelId) -> Option<RelRef<'_>> {
        self.rel_live(id.0).then_some(RelRef { g: self, slot: id.0 })
    }

    /// A property of a node a running statement holds (`Err` when the statement deleted
    /// it): the fast read, as a statement only ever holds nodes that exist or that it has
    /// marked deleted.
    #[inline]
    pub fn held_node_prop(&self, id: NodeId, key: Sym) -> Result<Option<PropRef<'_>>, Deleted> {
        if self.is_marked_node(id.0) {
            return Err(Deleted);
        }
        Ok(self.node_props.get(key, id.0))
    }

    /// [`Self::held_node_prop`] for a relationship.
    #[inline]
    pub fn held_rel_prop(&self, id: RelId, key: Sym) -> Result<Option<PropRef<'_>>, Deleted> {
        if self.is_marked_rel(id.0) {
            return Err(Deleted);
        }
        Ok(self.rel_props.get(key, id.0))
    }

    /// Whether live node `id` carries `label`.
    pub fn has_label(&self, id: NodeId, label: Sym) -> bool {
        self.node(id).is_some_and(|n| n.has_label(label))
    }

    /// A property of a live node (`None` when absent or the node is not live).
    pub fn node_prop(&self, id: NodeId, key: Sym) -> Option<Value> {
        self.node(id).and_then(|n| n.prop(key)).map(PropRef::to_value)
    }

    /// The type of a live relationship.
    pub fn rel_type(&self, id: RelId) -> Option<Sym> {
        self.rel(id).map(|r| r.rel_type())
    }

    /// A property of a live relationship (`None` when absent or not live).
    pub fn rel_prop(&self, id: RelId, key: Sym) -> Option<Value> {
        self.rel(id).and_then(|r| r.prop(key)).map(PropRef::to_value)
    }

    /// Start and end node of a relationship (also a deleted one, until commit).
    pub fn rel_ends(&self, id: RelId) -> Option<(NodeId, NodeId)> {
        self.rel_any(id).map(|r| r.ends())
    }

    /// The node with public id `id`, if it is live.
    pub fn node_by_public(&self, id: u64) -> Option<NodeId> {
        self.node_ids.slot(id).map(NodeId).filter(|n| self.node(*n).is_some())
    }

    pub fn rel_by_public(&self, id: u64) -> Option<RelId> {
        self.rel_ids.slot(id).map(RelId).filter(|r| self.rel(*r).is_some())
    }

    /// The public id of a node slot (also a deleted one, until commit).
    pub fn node_public(&self, id: NodeId) -> u64 {
        self.node_ids.public(id.0)
    }

    pub fn rel_public(&self, id: RelId) -> u64 {
        self.rel_ids.public(id.0)
    }

    /// Steps from `node` along live relationships in direction `dir`, restricted to `types`
    /// when it is not empty. A self-loop is reported once, also for `Dir::Both`.
    pub fn steps<'a>(&'a self, node: NodeId, dir: Dir, types: &'a [Sym]) -> Steps<'a> {
        Steps {
            g: self,
            node: node.0,
            types,
            dir,
            phase: if dir == Dir::In { 2 } else { 0 },
            ti: 0,
            cur: &[],
            base: true,
            outgoing: true,
            check_dead: self.dead_count > 0,
            check_marked: !self.marked_rels.is_empty(),
        }
    }

    /// The number of live relationships at `node` going `dir` with one of
    /// `types`, when it is known without reading them: no relationship is marked deleted or
    /// gone from the bulk arrays, and, with `without_loops`, the node has no self-loop.
    /// `None`: count them with [`Self::steps`].
    pub fn known_degree(&self, node: NodeId, dir: Dir, types: &[Sym], without_loops: bool) -> Option<usize> {
        if self.dead_count > 0 || !self.marked_rels.is_empty() || (without_loops && self.loops.contains_key(&node.0)) {
            return None;
        }
        let adj = match dir {
            Dir::Out => &self.out,
            Dir::In => &self.inc,
            // a node without self-loops: its relationships either way, each seen once
            Dir::Both if !self.loops.contains_key(&node.0) => {
                let out = self.known_degree(node, Dir::Out, types, false)?;
                return Some(out + self.known_degree(node, Dir::In, types, false)?);
            }
            Dir::Both => return None,
        };
        let added = adj.added(node.0);
        if types.is_empty() {
            return Some(adj.base(node.0).len() + added.len());
        }
        let mut n = 0;
        for (i, t) in types.iter().enumerate() {
            if !types[..i].contains(t) {
                n += adj.base_typed(node.0, t.0).len();
            }
        }
        Some(n + added.iter().filter(|e| types.contains(&Sym(e.ty))).count())
    }

    /// When nothing has changed since the adjacency arrays were built (no relationship
    /// added, removed or marked deleted), node `node`'s relationships of type `ty` going
    /// `dir` (not `Both`) as one slice of the arrays: the fastest way to walk them.
    #[inline]
    pub fn settled_run(&self, node: NodeId, dir: Dir, ty: Sym) -> Option<&[Entry]> {
        if self.dead_count > 0 || !self.marked_rels.is_empty() || self.out.added_len() > 0 {
            return None;
        }
        match dir {
            Dir::Out => Some(self.out.base_typed(node.0, ty.0)),
            Dir::In => Some(self.inc.base_typed(node.0, ty.0)),
            Dir::Both => None,
        }
    }

    /// Number of live relationships at `node` in direction `dir` with one of `types` (any
    /// when empty).
    pub fn degree(&self, node: NodeId, dir: Dir, types: &[Sym]) -> usize {
        if dir != Dir::Both
            && let Some(n) = self.known_degree(node, dir, types, false)
        {
            return n;
        }
        self.steps(node, dir, types).count()
    }

    /// Whether the node has any live relationship.
    pub fn has_rels(&self, node: NodeId) -> bool {
        self.steps(node, Dir::Both, &[]).next().is_some()
    }

    // ----- indexes -----------------------------------------------------------------------

    pub fn has_index(&self, label: Sym, key: Sym) -> bool {
        self.indexes.contains_key(&(label, key))
    }

    /// Nodes with `label` whose `key` equals `value`, through the index; `None` when there
    /// is no index on (label, key).
    pub fn index_lookup(&self, label: Sym, key: Sym, value: &Value) -> Option<Vec<NodeId>> {
        let idx = self.indexes.get(&(label, key))?;
        if !indexable(value) {
            return Some(Vec::new());
        }
        let mut out: Vec<NodeId> = idx
            .candidates(value)
            .filter(|&s| self.node(NodeId(s)).is_some_and(|n| n.has_label(label) && n.prop(key).is_some_and(|v| v.equivalent(value))))
            .map(NodeId)
            .collect();
        if idx.added_len() > 0 && out.len() > 1 {
            out.sort_unstable();
            out.dedup();
        }
        Some(out)
    }

    /// Creates an equality index on (label, key), filling it from the current nodes.
    /// Returns false when it already existed.
    pub fn create_index(&mut self, label: Sym, key: Sym) -> bool {
        if self.indexes.contains_key(&(label, key)) {
            return false;
        }
        let idx = self.build_index(label, key);
        self.indexes.insert((label, key), idx);
        true
    }

    fn build_index(&self, label: Sym, key: Sym) -> EqIndex {
        EqIndex::build(self.nodes_with_label(label).filter_map(|n| self.node_props.get(key, n.0).map(|v| (n.0, v.to_value()))))
    }

    pub fn drop_index(&mut self, label: Sym, key: Sym) -> bool {
        self.indexes.remove(&(label, key)).is_some()
    }

    pub fn index_list(&self) -> impl Iterator<Item = (Sym, Sym)> + '_ {
        self.indexes.keys().copied()
    }

    /// Uniqueness constraints, as (label, key).
    pub fn unique_constraints(&self) -> impl Iterator<Item = (Sym, Sym)> + '_ {
        self.unique.iter().copied()
    }

    fn index_add(&mut self, slot: u32, labels: &[Sym], key: Sym, v: &Value) {
        for &l in labels {
            if let Some(idx) = self.indexes.get_mut(&(l, key)) {
                idx.add(slot, v);
            }
        }
    }

    fn index_remove(&mut self, slot: u32, labels: &[Sym], key: Sym, v: &Value) {
        for &l in labels {
            if let Some(idx) = self.indexes.get_mut(&(l, key)) {
                idx.remove(slot, v);
            }
        }
    }

    // ----- raw mutations (callers: tx, log replay, loading) ------------------------------

    pub(crate) fn next_ids(&self) -> (u64, u64) {
        (self.next_node, self.next_rel)
    }

    pub(crate) fn reset_next_ids(&mut self, node: u64, rel: u64) {
        self.next_node = node;
        self.next_rel = rel;
    }

    /// Adds a node with the next public id.
    pub(crate) fn add_node(&mut self, labels: &[Sym], props: Vec<(Sym, Value)>) -> Result<NodeId, String> {
        let id = self.next_node;
        self.add_node_with_id(id, labels, props)
    }

    /// Adds a node with a given public id (replayed from the log); refuses an id in use.
    pub(crate) fn add_node_with_id(&mut self, public: u64, labels: &[Sym], props: Vec<(Sym, Value)>) -> Result<NodeId, String> {
        if self.node_by_public(public).is_some() {
            return Err(format!("node {public} exists already"));
        }
        if self.pg.node_count() >= u32::MAX as usize - 1 {
            return Err("the graph holds as many nodes as it can (2^32)".into());
        }
        let next = public.checked_add(1).ok_or("node id out of range")?;
        let ix = self.pg.add_node(());
        let slot = ix.index() as u32;
        self.node_ids.assign(slot, public);
        let ls = self.label_sets.intern(labels);
        let s = slot as usize;
        if self.node_labels.len() <= s {
            self.node_labels.resize(s + 1, 0);
        }
        self.node_labels[s] = ls;
        self.count_set(ls, true);
        self.node_props.set_slots(s + 1);
        let labels = self.label_sets.get(ls).to_vec();
        for &l in &labels {
            self.labels.on_add(slot, l);
        }
        for (k, v) in props {
            if v.is_null() {
                continue;
            }
            self.index_add(slot, &labels, k, &v);
            self.node_props.set(k, slot, v);
        }
        self.next_node = self.next_node.max(next);
        Ok(NodeId(slot))
    }

    /// Adds a relationship with the next public id; fails when an end node is not live.
    pub(crate) fn add_rel(&mut self, ty: Sym, start: NodeId, end: NodeId, props: Vec<(Sym, Value)>) -> Result<RelId, String> {
        let id = self.next_rel;
        self.add_rel_with_id(id, ty, start, end, props)
    }

    pub(crate) fn add_rel_with_id(
        &mut self,
        public: u64,
        ty: Sym,
        start: NodeId,
        end: NodeId,
        props: Vec<(Sym, Value)>,
    ) -> Result<RelId, String> {
        if !self.node_live(start.0) || !self.node_live(end.0) {
            return Err("a relationship needs two existing nodes".into());
        }
        if self.rel_by_public(public).is_some() {
            return Err(format!("relationship {public} exists already"));
        }
        if self.pg.edge_count() >= u32::MAX as usize - 1 {
            return Err("the graph holds as many relationships as it can (2^32)".into());
        }
        let next = public.checked_add(1).ok_or("relationship id out of range")?;
        let ix = self.pg.add_edge(NodeIndex::new(start.0 as usize), NodeIndex::new(end.0 as usize), ());
        let slot = ix.index() as u32;
        self.rel_ids.assign(slot, public);
        let s = slot as usize;
        if self.rel_types.len() <= s {
            self.rel_types.resize(s + 1, 0);
        }
        self.rel_types[s] = ty.0;
        self.rel_props.set_slots(s + 1);
        for (k, v) in props {
            self.rel_props.set(k, slot, v);
        }
        self.out.push(start.0, Entry { ty: ty.0, other: end.0, rel: slot });
        self.inc.push(end.0, Entry { ty: ty.0, other: start.0, rel: slot });
        if start == end {
            *self.loops.entry(start.0).or_default() += 1;
        }
        let first = self.type_counts.get(&ty).is_none_or(|c| *c == 0);
        *self.type_counts.entry(ty).or_default() += 1;
        let (sl, el) = (self.label_sets.get(self.node_labels[start.0 as usize]), self.label_sets.get(self.node_labels[end.0 as usize]));
        let e = self.endpoint_labels.entry(ty).or_default();
        if first {
            *e = EndpointLabels { starts: sl.to_vec(), ends: el.to_vec() };
        } else {
            e.starts.retain(|l| sl.contains(l));
            e.ends.retain(|l| el.contains(l));
        }
        self.next_rel = self.next_rel.max(next);
        Ok(RelId(slot))
    }

    /// Physically removes a node; its relationships must be gone already (they are removed
    /// here too, for safety).
    pub(crate) fn remove_node(&mut self, id: NodeId) -> bool {
        if !self.node_live(id.0) {
            return false;
        }
        let rels: Vec<RelId> = self.steps(id, Dir::Both, &[]).map(|s| s.rel).collect();
        for r in rels {
            self.remove_rel(r);
        }
        let slot = id.0;
        let labels = self.node_any(id).map(|n| n.labels().to_vec()).unwrap_or_default();
        for (k, v) in self.node_props.clear(slot) {
            self.index_remove(slot, &labels, k, &v);
        }
        for &l in &labels {
            self.labels.on_remove(slot, l);
        }
        self.count_set(self.node_labels[slot as usize], false);
        self.node_labels[slot as usize] = 0;
        self.marked_nodes.remove(&slot);
        self.node_ids.release(slot);
        self.pg.remove_node(NodeIndex::new(slot as usize));
        true
    }

    /// Physically removes a relationship.
    pub(crate) fn remove_rel(&mut self, id: RelId) -> bool {
        let slot = id.0;
        let Some((a, b)) = self.pg.edge_endpoints(EdgeIndex::new(slot as usize)) else { return false };
        let (a, b) = (a.index() as u32, b.index() as u32);
        let ty = Sym(self.rel_types[slot as usize]);
        let in_added = self.out.remove_added(a, slot);
        self.inc.remove_added(b, slot);
        if !in_added {
            self.base_dead.set(slot as usize, true);
            self.dead_count += 1;
        }
        if a == b
            && let Some(c) = self.loops.get_mut(&a)
        {
            *c -= 1;
            if *c == 0 {
                self.loops.remove(&a);
            }
        }
        if let Some(c) = self.type_counts.get_mut(&ty) {
            *c -= 1;
        }
        self.rel_props.clear(slot);
        self.marked_rels.remove(&slot);
        self.rel_ids.release(slot);
        self.pg.remove_edge(EdgeIndex::new(slot as usize));
        true
    }

    /// Sets (or, with null, removes) a node property; returns the old value.
    pub(crate) fn set_node_prop(&mut self, id: NodeId, key: Sym, value: Value) -> Option<Value> {
        if !self.node_live(id.0) {
            return None;
        }
        let labels = self.node_any(id).map(|n| n.labels().to_vec()).unwrap_or_default();
        let old = self.node_props.set(key, id.0, value.clone());
        if let Some(o) = &old {
            self.index_remove(id.0, &labels, key, o);
        }
        self.index_add(id.0, &labels, key, &value);
        old
    }

    pub(crate) fn set_rel_prop(&mut self, id: RelId, key: Sym, value: Value) -> Option<Value> {
        if !self.rel_live(id.0) {
            return None;
        }
        self.rel_props.set(key, id.0, value)
    }

    /// Adds a label; false when the node already had it.
    pub(crate) fn add_label(&mut self, id: NodeId, label: Sym) -> bool {
        let Some(n) = self.node_any(id) else { return false };
        if n.has_label(label) {
            return false;
        }
        let slot = id.0 as usize;
        self.count_set(self.node_labels[slot], false);
        self.node_labels[slot] = self.label_sets.with(self.node_labels[slot], label);
        self.count_set(self.node_labels[slot], true);
        self.labels.on_add(id.0, label);
        let props: Vec<(Sym, Value)> = self.node_props.props_of(id.0).map(|(k, v)| (k, v.to_value())).collect();
        for (k, v) in props {
            self.index_add(id.0, &[label], k, &v);
        }
        true
    }

    /// Removes a label; false when the node did not have it.
    pub(crate) fn remove_label(&mut self, id: NodeId, label: Sym) -> bool {
        let Some(n) = self.node_any(id) else { return false };
        if !n.has_label(label) {
            return false;
        }
        let slot = id.0 as usize;
        // the types this node starts or ends no longer guarantee the label
        let mut runs: Vec<(Sym, bool)> = self
            .steps(id, Dir::Both, &[])
            .map(|s| (self.rel_types.get(s.rel.0 as usize).map_or(Sym(0), |t| Sym(*t)), s.outgoing))
            .collect();
        runs.sort_unstable();
        runs.dedup();
        for (t, outgoing) in runs {
            if let Some(e) = self.endpoint_labels.get_mut(&t) {
                let side = if outgoing { &mut e.starts } else { &mut e.ends };
                side.retain(|l| *l != label);
            }
        }
        // a self-loop is reported once, as outgoing: it ends here too
        if self.loops.contains_key(&id.0) {
            for e in self.endpoint_labels.values_mut() {
                e.ends.retain(|l| *l != label);
            }
        }
        self.count_set(self.node_labels[slot], false);
        self.node_labels[slot] = self.label_sets.without(self.node_labels[slot], label);
        self.count_set(self.node_labels[slot], true);
        self.labels.on_remove(id.0, label);
        let props: Vec<(Sym, Value)> = self.node_props.props_of(id.0).map(|(k, v)| (k, v.to_value())).collect();
        for (k, v) in props {
            self.index_remove(id.0, &[label], k, &v);
        }
        true
    }

    pub(crate) fn set_node_deleted(&mut self, id: NodeId, deleted: bool) {
        if self.node_live(id.0) {
            if deleted {
                self.marked_nodes.insert(id.0);
            } else {
                self.marked_nodes.remove(&id.0);
            }
        }
    }

    pub(crate) fn set_rel_deleted(&mut self, id: RelId, deleted: bool) {
        if self.rel_live(id.0) {
            if deleted {
                self.marked_rels.insert(id.0);
            } else {
                self.marked_rels.remove(&id.0);
            }
        }
    }

    fn count_set(&mut self, ls: LabelSetId, up: bool) {
        let i = ls as usize;
        if self.set_counts.len() <= i {
            self.set_counts.resize(i + 1, 0);
        }
        if up {
            self.set_counts[i] += 1;
        } else {
            self.set_counts[i] = self.set_counts[i].saturating_sub(1);
        }
    }

    /// Every label set with nodes: its labels and how many live nodes have exactly it
    /// (nodes marked deleted by the running statement included).
    pub fn label_set_counts(&self) -> impl Iterator<Item = (&[Sym], usize)> + '_ {
        self.set_counts.iter().enumerate().filter(|(_, n)| **n > 0).map(|(i, n)| (self.label_sets.get(i as LabelSetId), *n))
    }

    // ----- bulk form ---------------------------------------------------------------------

    /// Folds the relationships added since the adjacency arrays were built (and drops the
    /// removed ones) once they are many, so that walks stay on the compact arrays. Indexes
    /// and label lists are rebuilt on the same occasion. Nothing observable changes.
    pub fn maintain(&mut self) {
        let base = self.out.entries().len();
        let pending = self.out.added_len() + self.dead_count;
        if pending == 0 || pending < 1024 + base / 4 {
            return;
        }
        self.rebuild();
    }

    /// Rebuilds the adjacency arrays, label lists, index arrays and statistics from the
    /// graph of record and the columns.
    pub fn rebuild(&mut self) {
        let nodes = self.pg.node_bound();
        let mut outs = Vec::with_capacity(self.pg.edge_count());
        let mut ins = Vec::with_capacity(self.pg.edge_count());
        for e in self.pg.edge_references() {
            let (a, b, r) = (e.source().index() as u32, e.target().index() as u32, e.id().index() as u32);
            let ty = self.rel_types[r as usize];
            outs.push((a, Entry { ty, other: b, rel: r }));
            ins.push((b, Entry { ty, other: a, rel: r }));
        }
        self.out = Adjacency::build(nodes, &outs);
        drop(outs);
        self.inc = Adjacency::build(nodes, &ins);
        drop(ins);
        self.type_stats = type_stats_of(&self.out, &self.inc, nodes);
        self.endpoint_labels = endpoint_labels_of(&self.out, &self.inc, nodes, &self.label_sets, &self.node_labels);
        self.base_dead = Bits::new();
        self.dead_count = 0;
        let slots: Vec<(u32, LabelSetId)> = self.pg.node_indices().map(|ix| (ix.index() as u32, self.node_labels[ix.index()])).collect();
        self.labels = LabelIndex::build(&self.label_sets, slots.into_iter());
        let keys: Vec<(Sym, Sym)> = self.indexes.keys().copied().collect();
        for (l, k) in keys {
            let idx = self.build_index(l, k);
            self.indexes.insert((l, k), idx);
        }
    }

    /// Assembles a graph from its parts, checking every reference (the parts may come from
    /// a damaged or crafted file).
    pub fn from_parts(p: Parts) -> Result<Graph, String> {
        let n = p.node_labels.len();
        let m = p.rel_types.len();
        if n >= u32::MAX as usize || m >= u32::MAX as usize {
            return Err("too many entities".into());
        }
        let names = p.names.len();
        let sym_ok = |s: u32| (s as usize) < names;
        if p.label_sets.all().iter().flatten().any(|l| !sym_ok(l.0)) {
            return Err("a label set names a label that does not exist".into());
        }
        let sets = p.label_sets.all().len();
        if p.node_labels.iter().any(|&ls| ls as usize >= sets) {
            return Err("a node refers to a label set that does not exist".into());
        }
        if p.rel_types.iter().any(|&t| !sym_ok(t)) {
            return Err("a relationship has a type that does not exist".into());
        }
        for (k, _) in p.node_props.columns().chain(p.rel_props.columns()) {
            if !sym_ok(k.0) {
                return Err("a property key does not exist".into());
            }
        }
        if p.node_props.slots() > n || p.rel_props.slots() > m {
            return Err("a property column is longer than its table".into());
        }
        let node_ids = IdMap::from_parts(n, p.node_ids)?;
        let rel_ids = IdMap::from_parts(m, p.rel_ids)?;
        if n > 0 && node_ids.public(n as u32 - 1) >= p.next_node {
            return Err("a node id is beyond the id counter".into());
        }
        if m > 0 && rel_ids.public(m as u32 - 1) >= p.next_rel {
            return Err("a relationship id is beyond the id counter".into());
        }
        // relationship ends: from the saved out-adjacency, or given
        let types = &p.rel_types;
        let (out, inc, pg, loops) = match (p.adjacency, p.rel_ends) {
            (Some(((o_off, o_e), (i_off, i_e))), _) => std::thread::scope(|scope| {
                // the incoming arrays are checked on another thread while the outgoing ones
                // give every relationship's ends and the graph of record is built from them
                let inc = scope.spawn(move || Adjacency::from_arrays(n, i_off, i_e));
                let out = Adjacency::from_arrays(n, o_off, o_e)?;
                let (starts, ends) = ends_from(&out, types, n)?;
                let inc = inc.join().unwrap_or_else(|e| std::panic::resume_unwind(e))?;
                let (checked, (pg, loops)) = std::thread::scope(|s2| {
                    let check = s2.spawn(|| check_incoming(&out, &inc, types, n));
                    let built = record_of(n, &starts, &ends);
                    (check.join().unwrap_or_else(|e| std::panic::resume_unwind(e)), built)
                });
                checked?;
                Ok::<_, String>((out, inc, pg, loops))
            })?,
            (None, Some((starts, ends))) => {
                if starts.len() != m || ends.len() != m || starts.iter().chain(&ends).any(|&x| x as usize >= n) {
                    return Err("a relationship joins a node that does not exist".into());
                }
                let (out, inc) = std::thread::scope(|scope| {
                    let inc = scope.spawn(|| {
                        let ins: Vec<(u32, Entry)> =
                            (0..m).map(|r| (ends[r], Entry { ty: types[r], other: starts[r], rel: r as u32 })).collect();
                        Adjacency::build(n, &ins)
                    });
                    let outs: Vec<(u32, Entry)> =
                        (0..m).map(|r| (starts[r], Entry { ty: types[r], other: ends[r], rel: r as u32 })).collect();
                    let out = Adjacency::build(n, &outs);
                    (out, inc.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                });
                let (pg, loops) = record_of(n, &starts, &ends);
                (out, inc, pg, loops)
            }
            (None, None) if m == 0 => {
                let (pg, loops) = record_of(n, &[], &[]);
                (Adjacency::build(n, &[]), Adjacency::build(n, &[]), pg, loops)
            }
            (None, None) => return Err("the relationships' ends are missing".into()),
        };
        let mut counts = vec![0usize; names];
        for &t in &p.rel_types {
            counts[t as usize] += 1;
        }
        let type_counts: HashMap<Sym, usize> =
            counts.iter().enumerate().filter(|(_, c)| **c > 0).map(|(t, c)| (Sym(t as u32), *c)).collect();
        let labels = match p.label_lists {
            Some(lists) => {
                let mut expect: HashMap<Sym, usize> = HashMap::new();
                for &ls in &p.node_labels {
                    for &l in p.label_sets.get(ls) {
                        *expect.entry(l).or_default() += 1;
                    }
                }
                for (l, v) in &lists {
                    if v.windows(2).any(|w| w[0] >= w[1]) || v.last().is_some_and(|&s| s as usize >= n) {
                        return Err("a label list is out of order or out of range".into());
                    }
                    if v.iter().any(|&s| !p.label_sets.get(p.node_labels[s as usize]).contains(l)) || expect.get(l) != Some(&v.len()) {
                        return Err("a label list disagrees with the nodes' labels".into());
                    }
                }
                if expect.keys().any(|l| !lists.contains_key(l)) {
                    return Err("a label list is missing".into());
                }
                LabelIndex::from_lists(lists)
            }
            None => LabelIndex::build(&p.label_sets, p.node_labels.iter().enumerate().map(|(s, &ls)| (s as u32, ls))),
        };
        let mut set_counts = vec![0usize; p.label_sets.all().len()];
        for &ls in &p.node_labels {
            set_counts[ls as usize] += 1;
        }
        let mut g = Graph {
            pg,
            set_counts,
            names: p.names,
            node_ids,
            rel_ids,
            label_sets: p.label_sets,
            node_labels: p.node_labels,
            labels,
            node_props: p.node_props,
            rel_types: p.rel_types,
            rel_props: p.rel_props,
            out,
            inc,
            base_dead: Bits::new(),
            dead_count: 0,
            loops,
            type_counts,
            type_stats: p.type_stats,
            endpoint_labels: HashMap::new(),
            marked_nodes: HashSet::new(),
            marked_rels: HashSet::new(),
            next_node: p.next_node,
            next_rel: p.next_rel,
            indexes: HashMap::new(),
            unique: BTreeSet::new(),
        };
        g.node_props.set_slots(n);
        g.rel_props.set_slots(m);
        for ((l, k), saved) in p.indexes {
            if !sym_ok(l.0) || !sym_ok(k.0) {
                return Err("an index names a label or key that does not exist".into());
            }
            let idx = match saved {
                Some(a) => {
                    if a.iter().any(|(_, s)| *s as usize >= n) {
                        return Err("an index refers to a node that does not exist".into());
                    }
                    EqIndex::from_sorted(a)?
                }
                None => g.build_index(l, k),
            };
            g.indexes.insert((l, k), idx);
        }
        for (l, k) in p.unique {
            if !g.indexes.contains_key(&(l, k)) {
                return Err("a uniqueness constraint has no index".into());
            }
            g.unique.insert((l, k));
        }
        if g.type_stats.is_empty() && m > 0 {
            g.type_stats = type_stats_of(&g.out, &g.inc, n);
        }
        g.endpoint_labels = match p.endpoint_labels {
            Some(e) => {
                if e.values().flat_map(|x| x.starts.iter().chain(&x.ends)).chain(e.keys()).any(|l| !sym_ok(l.0)) {
                    return Err("endpoint labels name a label that does not exist".into());
                }
                e
            }
            None => endpoint_labels_of(&g.out, &g.inc, n, &g.label_sets, &g.node_labels),
        };
        Ok(g)
    }

    /// The graph's parts in bulk form with slots renumbered densely in public-id order
    /// (what a snapshot saves). Entities marked deleted are kept: snapshots are taken
    /// between statements, when there are none.
    pub fn to_parts(&self) -> Parts {
        // new slot order: live nodes by public id
        let mut nodes: Vec<u32> = self.pg.node_indices().map(|ix| ix.index() as u32).collect();
        if nodes.windows(2).any(|w| self.node_ids.public(w[0]) > self.node_ids.public(w[1])) {
            nodes.sort_unstable_by_key(|&s| self.node_ids.public(s));
        }
        let mut new_node = vec![u32::MAX; self.pg.node_bound()];
        for (i, &s) in nodes.iter().enumerate() {
            new_node[s as usize] = i as u32;
        }
        let mut rels: Vec<u32> = self.pg.edge_indices().map(|ix| ix.index() as u32).collect();
        if rels.windows(2).any(|w| self.rel_ids.public(w[0]) > self.rel_ids.public(w[1])) {
            rels.sort_unstable_by_key(|&s| self.rel_ids.public(s));
        }
        let mut new_rel = vec![u32::MAX; self.pg.edge_bound()];
        for (i, &s) in rels.iter().enumerate() {
            new_rel[s as usize] = i as u32;
        }
        let identity_nodes = nodes.iter().enumerate().all(|(i, &s)| s as usize == i);
        let identity_rels = rels.iter().enumerate().all(|(i, &s)| s as usize == i);
        let node_ids: Vec<u64> = nodes.iter().map(|&s| self.node_ids.public(s)).collect();
        let rel_ids: Vec<u64> = rels.iter().map(|&s| self.rel_ids.public(s)).collect();
        let node_labels: Vec<LabelSetId> = nodes.iter().map(|&s| self.node_labels[s as usize]).collect();
        let rel_types: Vec<u32> = rels.iter().map(|&s| self.rel_types[s as usize]).collect();
        let gather = |cols: &Columns, order: &[u32], identity: bool| -> Columns {
            Columns::from_columns(
                order.len(),
                cols.columns().map(|(k, c)| {
                    let col = if identity {
                        c.clone()
                    } else {
                        super::columns::Column::build(
                            order.len(),
                            order.iter().enumerate().filter_map(|(i, &s)| c.get(s as usize).map(|v| (i as u32, v.to_value()))),
                        )
                    };
                    (k, col)
                }),
            )
        };
        let node_props = gather(&self.node_props, &nodes, identity_nodes);
        let rel_props = gather(&self.rel_props, &rels, identity_rels);
        let bulk_current =
            identity_nodes && identity_rels && self.out.added_len() == 0 && self.dead_count == 0 && self.out.base_nodes() == nodes.len();
        let (adjacency, label_lists, indexes) = if bulk_current {
            let adj =
                ((self.out.offsets().to_vec(), self.out.entries().to_vec()), (self.inc.offsets().to_vec(), self.inc.entries().to_vec()));
            let lists = self.labels.exact_lists().cloned();
            let idx = self.indexes.iter().map(|(k, i)| (*k, if i.added_len() == 0 { Some(i.base().to_vec()) } else { None })).collect();
            (Some(adj), lists, idx)
        } else {
            (None, None, self.indexes.keys().map(|k| (*k, None)).collect())
        };
        let rel_ends = adjacency.is_none().then(|| {
            let mut starts = Vec::with_capacity(rels.len());
            let mut ends = Vec::with_capacity(rels.len());
            for &r in &rels {
                let (a, b) = self.pg.edge_endpoints(EdgeIndex::new(r as usize)).unwrap_or_default();
                starts.push(new_node[a.index()]);
                ends.push(new_node[b.index()]);
            }
            (starts, ends)
        });
        Parts {
            names: self.names.clone(),
            label_sets: self.label_sets.clone(),
            node_labels,
            node_ids: (!identity_nodes || node_ids.iter().enumerate().any(|(i, &p)| p != i as u64)).then_some(node_ids),
            next_node: self.next_node,
            node_props,
            rel_types,
            rel_ids: (!identity_rels || rel_ids.iter().enumerate().any(|(i, &p)| p != i as u64)).then_some(rel_ids),
            next_rel: self.next_rel,
            rel_props,
            rel_ends,
            adjacency,
            label_lists,
            indexes,
            unique: self.unique.iter().copied().collect(),
            type_stats: self.type_stats.clone(),
            endpoint_labels: Some(self.endpoint_labels.clone()),
        }
    }

    /// The graph's arrays, borrowed, when they are exactly what a snapshot saves: slots
    /// dense and in public-id order, nothing added to or removed from the adjacency arrays,
    /// label lists and index arrays current, no statement running. `None`: write the
    /// snapshot from [`Self::to_parts`] instead.
    pub fn bulk(&self) -> Option<Bulk<'_>> {
        let (n, m) = (self.pg.node_count(), self.pg.edge_count());
        let clean = n == self.pg.node_bound()
            && m == self.pg.edge_bound()
            && self.node_ids.is_clean()
            && self.rel_ids.is_clean()
            && self.out.added_len() == 0
            && self.dead_count == 0
            && self.out.base_nodes() == n
            && self.inc.base_nodes() == n
            && self.marked_nodes.is_empty()
            && self.marked_rels.is_empty()
            && self.indexes.values().all(|i| i.added_len() == 0);
        if !clean {
            return None;
        }
        let label_lists = self.labels.exact_lists()?;
        Some(Bulk {
            names: self.names.all(),
            label_sets: self.label_sets.all(),
            node_labels: &self.node_labels[..n],
            node_ids: self.node_ids.appended().map(|v| &v[..n]),
            next_node: self.next_node,
            node_props: &self.node_props,
            rel_types: &self.rel_types[..m],
            rel_ids: self.rel_ids.appended().map(|v| &v[..m]),
            next_rel: self.next_rel,
            rel_props: &self.rel_props,
            out: (offsets_or_zero(self.out.offsets()), self.out.entries()),
            inc: (offsets_or_zero(self.inc.offsets()), self.inc.entries()),
            label_lists,
            indexes: self.indexes.iter().map(|(k, i)| (*k, i.base())).collect(),
            unique: self.unique.iter().copied().collect(),
            type_stats: &self.type_stats,
            endpoint_labels: &self.endpoint_labels,
        })
    }

    /// Approximate bytes held by the store's arrays (for `:stats`).
    pub fn heap_bytes(&self) -> usize {
        self.out.heap_bytes() + self.inc.heap_bytes() + self.node_labels.len() * 4 + self.rel_types.len() * 4
    }
}

/// Row offsets of adjacency arrays; an empty graph's arrays (never built) have the one
/// offset of zero rows.
fn offsets_or_zero(off: &[u32]) -> &[u32] {
    if off.is_empty() { &[0] } else { off }
}

/// Start and end of every relationship slot, read off the outgoing adjacency arrays,
/// checking that they list every relationship exactly once with its type.
fn ends_from(out: &Adjacency, types: &[u32], n: usize) -> Result<(Vec<u32>, Vec<u32>), String> {
    let m = types.len();
    if out.entries().len() != m {
        return Err("the adjacency arrays do not hold every relationship once".into());
    }
    let off = out.offsets();
    let entries = out.entries();
    // relationships numbered in the order of the arrays (an import's order): no scatter
    if entries.iter().enumerate().all(|(i, e)| e.rel as usize == i) {
        let mut starts = Vec::with_capacity(m);
        for node in 0..n {
            starts.resize(off[node + 1] as usize, node as u32);
        }
        let mut ends = Vec::with_capacity(m);
        for (e, t) in entries.iter().zip(types) {
            if e.other as usize >= n || e.ty != *t {
                return Err(format!("relationship slot {} is listed wrongly in the outgoing adjacency", e.rel));
            }
            ends.push(e.other);
        }
        return Ok((starts, ends));
    }
    let mut starts = vec![u32::MAX; m];
    let mut ends = vec![u32::MAX; m];
    for node in 0..n as u32 {
        for e in out.base(node) {
            let r = e.rel as usize;
            if r >= m || e.other as usize >= n || starts[r] != u32::MAX || e.ty != types[r] {
                return Err(format!("relationship slot {r} is listed wrongly in the outgoing adjacency"));
            }
            starts[r] = node;
            ends[r] = e.other;
        }
    }
    Ok((starts, ends))
}

/// Checks that the incoming arrays describe the same relationships as the outgoing ones:
/// each relationship once, and the same multiset of (relationship, start, end, type) both
/// ways, compared by a sum of hashes keyed at random for this process (so that no file can
/// be made to pass it by design), in two sequential passes.
fn check_incoming(out: &Adjacency, inc: &Adjacency, types: &[u32], n: usize) -> Result<(), String> {
    use std::hash::BuildHasher;
    let m = types.len();
    if inc.entries().len() != m {
        return Err("the adjacency arrays do not hold every relationship once".into());
    }
    let key = foldhash::fast::RandomState::default();
    let mix = |r: u32, s: u32, e: u32, t: u32| key.hash_one((r, s, e, t));
    let mut sum_out = 0u64;
    for node in 0..n as u32 {
        for e in out.base(node) {
            sum_out = sum_out.wrapping_add(mix(e.rel, node, e.other, e.ty));
        }
    }
    let mut seen = Bits::filled(m, false);
    let mut sum_in = 0u64;
    for node in 0..n as u32 {
        for e in inc.base(node) {
            let r = e.rel as usize;
            if r >= m || seen.get(r) {
                return Err(format!("relationship slot {r} is listed wrongly in the incoming adjacency"));
            }
            seen.set(r, true);
            sum_in = sum_in.wrapping_add(mix(e.rel, e.other, node, e.ty));
        }
    }
    if sum_in != sum_out {
        return Err("the incoming adjacency does not describe the same relationships as the outgoing one".into());
    }
    Ok(())
}

/// The graph of record of `n` nodes and the relationships `starts[r]` → `ends[r]`, in slot
/// order, with the self-loops counted per node.
fn record_of(n: usize, starts: &[u32], ends: &[u32]) -> (Record, HashMap<u32, u32>) {
    let mut pg = Record::with_capacity(n, starts.len());
    for _ in 0..n {
        pg.add_node(());
    }
    let mut loops = HashMap::new();
    for (&a, &b) in starts.iter().zip(ends) {
        pg.add_edge(NodeIndex::new(a as usize), NodeIndex::new(b as usize), ());
        if a == b {
            *loops.entry(a).or_insert(0) += 1;
        }
    }
    (pg, loops)
}

/// Per type: count and distinct start and end nodes, read off the adjacency arrays (whose
/// rows are grouped by type).
fn type_stats_of(out: &Adjacency, inc: &Adjacency, n: usize) -> HashMap<Sym, TypeStats> {
    let mut stats: HashMap<Sym, TypeStats> = HashMap::new();
    for node in 0..n as u32 {
        let mut last = None;
        for e in out.base(node) {
            let s = stats.entry(Sym(e.ty)).or_default();
            s.count += 1;
            if last != Some(e.ty) {
                s.starts += 1;
                last = Some(e.ty);
            }
        }
        let mut last = None;
        for e in inc.base(node) {
            if last != Some(e.ty) {
                stats.entry(Sym(e.ty)).or_default().ends += 1;
                last = Some(e.ty);
            }
        }
    }
    stats
}

/// Per type, the labels all its start and all its end nodes carry, read off the adjacency
/// arrays.
fn endpoint_labels_of(
    out: &Adjacency,
    inc: &Adjacency,
    n: usize,
    sets: &LabelSets,
    node_labels: &[LabelSetId],
) -> HashMap<Sym, EndpointLabels> {
    // per type: the labels met so far at starts and at ends (None before the first)
    type Met = (Option<Vec<Sym>>, Option<Vec<Sym>>);
    let mut acc: HashMap<Sym, Met> = HashMap::new();
    let meet = |side: &mut Option<Vec<Sym>>, labels: &[Sym]| match side {
        None => *side = Some(labels.to_vec()),
        Some(v) => v.retain(|l| labels.contains(l)),
    };
    for node in 0..n as u32 {
        let labels = sets.get(node_labels.get(node as usize).copied().unwrap_or(0));
        let mut last = None;
        for e in out.base(node) {
            if last != Some(e.ty) {
                meet(&mut acc.entry(Sym(e.ty)).or_default().0, labels);
                last = Some(e.ty);
            }
        }
        let mut last = None;
        for e in inc.base(node) {
            if last != Some(e.ty) {
                meet(&mut acc.entry(Sym(e.ty)).or_default().1, labels);
                last = Some(e.ty);
            }
        }
    }
    acc.into_iter().map(|(t, (s, e))| (t, EndpointLabels { starts: s.unwrap_or_default(), ends: e.unwrap_or_default() })).collect()
}

/// The iterator of [`Graph::steps`]: the bulk entries of each wanted type, then the added
/// ones, outgoing first.
pub struct Steps<'a> {
    g: &'a Graph,
    node: u32,
    types: &'a [Sym],
    dir: Dir,
    /// 0: outgoing bulk, 1: outgoing added, 2: incoming bulk, 3: incoming added, 4: done.
    phase: u8,
    /// Next type to look up in a bulk phase.
    ti: usize,
    cur: &'a [Entry],
    /// Whether `cur` holds bulk entries (else added ones), and outgoing ones.
    base: bool,
    outgoing: bool,
    check_dead: bool,
    check_marked: bool,
}

impl Steps<'_> {
    /// Moves to the next run of entries; false when there is none.
    fn advance(&mut self) -> bool {
        loop {
            let adj = if self.phase < 2 { &self.g.out } else { &self.g.inc };
            match self.phase {
                0 | 2 => {
                    if self.types.is_empty() {
                        if self.ti == 0 {
                            self.ti = 1;
                            self.cur = adj.base(self.node);
                            self.base = true;
                            self.outgoing = self.phase == 0;
                            return true;
                        }
                    } else {
                        while self.ti < self.types.len() {
                            let t = self.types[self.ti];
                            self.ti += 1;
                            if self.types[..self.ti - 1].contains(&t) {
                                continue;
                            }
                            self.cur = adj.base_typed(self.node, t.0);
                            self.base = true;
                            self.outgoing = self.phase == 0;
                            return true;
                        }
                    }
                    self.phase += 1;
                    self.ti = 0;
                }
                1 | 3 => {
                    self.outgoing = self.phase == 1;
                    self.phase = if self.phase == 1 && self.dir == Dir::Both { 2 } else { 4 };
                    self.cur = adj.added(self.node);
                    self.base = false;
                    return true;
                }
                _ => return false,
            }
        }
    }
}

impl Iterator for Steps<'_> {
    type Item = Step;

    #[inline]
    fn next(&mut self) -> Option<Step> {
        loop {
            while let Some((e, rest)) = self.cur.split_first() {
                self.cur = rest;
                if !self.base && !self.types.is_empty() && !self.types.contains(&Sym(e.ty)) {
                    continue;
                }
                let outgoing = self.outgoing;
                if !outgoing && self.dir == Dir::Both && e.other == self.node {
                    continue;
                }
                if self.base && self.check_dead && self.g.base_dead.get(e.rel as usize) {
                    continue;
                }
                if self.check_marked && self.g.marked_rels.contains(&e.rel) {
                    continue;
                }
                return Some(Step { rel: RelId(e.rel), other: NodeId(e.other), outgoing });
            }
            if !self.advance() {
                return None;
            }
        }
    }
}

#[cfg(test)]
mod tests;
