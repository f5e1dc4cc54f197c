//! One statement's changes to the graph, applied as they happen and recorded so that they
//! can be undone (on error or cancel) or logged (on commit).
//!
//! Deletions only mark entities while the statement runs: readers skip marked entities, a
//! result can still show them, and a node deleted while it still has relationships is
//! refused at commit, as openCypher asks. Commit removes them for good and turns the record
//! into [`Change`]s, the logical form that the write-ahead log stores and replays.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::graph::{Graph, NodeRef, RelRef};
use super::interner::Sym;
use crate::error::{Category, ExecError};
use crate::result::Stats;
use crate::value::{NodeId, RelId, Value};

/// Properties as (key, value) pairs.
pub type Pairs = Vec<(Sym, Value)>;

/// What a statement did, in a form that does not depend on this process's interned names
/// or slots (entities are named by public id): replaying these on the graph as it was
/// before the statement gives the graph after it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Change {
    CreateNode {
        id: u64,
        labels: Vec<Arc<str>>,
        props: Vec<(Arc<str>, Value)>,
    },
    CreateRel {
        id: u64,
        rel_type: Arc<str>,
        start: u64,
        end: u64,
        props: Vec<(Arc<str>, Value)>,
    },
    /// `value` null removes the property.
    SetNodeProp {
        id: u64,
        key: Arc<str>,
        value: Value,
    },
    SetRelProp {
        id: u64,
        key: Arc<str>,
        value: Value,
    },
    AddLabel {
        id: u64,
        label: Arc<str>,
    },
    RemoveLabel {
        id: u64,
        label: Arc<str>,
    },
    DeleteRel {
        id: u64,
    },
    DeleteNode {
        id: u64,
    },
    CreateIndex {
        label: Arc<str>,
        key: Arc<str>,
        unique: bool,
    },
    DropIndex {
        label: Arc<str>,
        key: Arc<str>,
    },
}

#[derive(Clone, Debug)]
enum Op {
    CreateNode { id: NodeId, labels: Vec<Sym>, props: Pairs },
    CreateRel { id: RelId, rel_type: Sym, start: NodeId, end: NodeId, props: Pairs },
    NodeProp { id: NodeId, key: Sym, old: Option<Value>, new: Value },
    RelProp { id: RelId, key: Sym, old: Option<Value>, new: Value },
    AddLabel { id: NodeId, label: Sym },
    RemoveLabel { id: NodeId, label: Sym },
    DeleteNode { id: NodeId },
    DeleteRel { id: RelId },
}

/// A statement's view of the graph while it runs.
pub struct Tx<'g> {
    graph: &'g mut Graph,
    ops: Vec<Op>,
    start_ids: (u64, u64),
    read_only: bool,
    /// What the batches committed so far (`IN TRANSACTIONS`) changed.
    committed: crate::result::Stats,
}

impl<'g> Tx<'g> {
    pub fn new(graph: &'g mut Graph) -> Self {
        let start_ids = graph.next_ids();
        Tx { graph, ops: Vec::new(), start_ids, read_only: false, committed: Default::default() }
    }

    /// A transaction that refuses every write.
    pub fn read_only(graph: &'g mut Graph) -> Self {
        let mut tx = Self::new(graph);
        tx.read_only = true;
        tx
    }

    pub fn graph(&self) -> &Graph {
        self.graph
    }

    /// Interns a name (labels, types and keys written by the statement).
    pub fn intern(&mut self, name: &str) -> Sym {
        self.graph.intern(name)
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Commits the changes made so far on their own (a batch of `IN TRANSACTIONS`): checks
    /// them, hands them to `sink` to make them durable, and makes them final; a later
    /// rollback no longer undoes them.
    pub fn commit_batch(&mut self, sink: Option<&mut (dyn super::ChangeSink + '_)>) -> Result<(), crate::Error> {
        let (changes, stats) = self.prepare()?;
        if let (false, Some(sink)) = (changes.is_empty(), sink) {
            sink.commit(&changes)?;
        }
        self.finish();
        self.committed.add(&stats);
        self.start_ids = self.graph.next_ids();
        Ok(())
    }

    /// The counters of the batches committed with [`Self::commit_batch`].
    pub fn committed_stats(&self) -> crate::result::Stats {
        self.committed
    }

    pub fn has_changes(&self) -> bool {
        !self.ops.is_empty()
    }

    fn check_writable(&self) -> Result<(), ExecError> {
        if self.read_only {
            Err(ExecError::new(Category::StorageError, "ReadOnly", "the database is open read-only; writes are refused"))
        } else {
            Ok(())
        }
    }

    /// Creates a node; null properties are dropped, a repeated key keeps its last value.
    pub fn create_node(&mut self, labels: Vec<Sym>, props: Pairs) -> Result<NodeId, ExecError> {
        self.check_writable()?;
        let props = dedup_props(props);
        let id = self.graph.add_node(&labels, props.clone()).map_err(store_full)?;
        self.ops.push(Op::CreateNode { id, labels, props });
        Ok(id)
    }

    pub fn create_rel(&mut self, rel_type: Sym, start: NodeId, end: NodeId, props: Pairs) -> Result<RelId, ExecError> {
        self.check_writable()?;
        for n in [start, end] {
            if self.graph.node(n).is_none() {
                return Err(ExecError::new(
                    Category::EntityNotFound,
                    "DeletedEntityAccess",
                    "cannot create a relationship to a deleted node",
                ));
            }
        }
        let props = dedup_props(props);
        let id = self.graph.add_rel(rel_type, start, end, props.clone()).map_err(store_full)?;
        self.ops.push(Op::CreateRel { id, rel_type, start, end, props });
        Ok(id)
    }

    /// Sets a node property (null removes it). Writing the value it already has is a no-op.
    pub fn set_node_prop(&mut self, id: NodeId, key: Sym, value: Value) -> Result<(), ExecError> {
        self.check_writable()?;
        let current = self.live_node(id)?.prop(key);
        if current.is_none() && value.is_null() {
            return Ok(());
        }
        let old = self.graph.set_node_prop(id, key, value.clone());
        self.ops.push(Op::NodeProp { id, key, old, new: value });
        Ok(())
    }

    pub fn set_rel_prop(&mut self, id: RelId, key: Sym, value: Value) -> Result<(), ExecError> {
        self.check_writable()?;
        let current = self.live_rel(id)?.prop(key);
        if current.is_none() && value.is_null() {
            return Ok(());
        }
        let old = self.graph.set_rel_prop(id, key, value.clone());
        self.ops.push(Op::RelProp { id, key, old, new: value });
        Ok(())
    }

    pub fn add_label(&mut self, id: NodeId, label: Sym) -> Result<(), ExecError> {
        self.check_writable()?;
        self.live_node(id)?;
        if self.graph.add_label(id, label) {
            self.ops.push(Op::AddLabel { id, label });
        }
        Ok(())
    }

    pub fn remove_label(&mut self, id: NodeId, label: Sym) -> Result<(), ExecError> {
        self.check_writable()?;
        self.live_node(id)?;
        if self.graph.remove_label(id, label) {
            self.ops.push(Op::RemoveLabel { id, label });
        }
        Ok(())
    }

    /// Marks a node deleted; with `detach`, its relationships too. Deleting a node twice is
    /// a no-op.
    pub fn delete_node(&mut self, id: NodeId, detach: bool) -> Result<(), ExecError> {
        self.check_writable()?;
        match self.graph.node_any(id) {
            None => return Ok(()),
            Some(n) if n.deleted() => return Ok(()),
            Some(_) => {}
        }
        if detach {
            let rels: Vec<RelId> = self.graph.steps(id, super::graph::Dir::Both, &[]).map(|s| s.rel).collect();
            for r in rels {
                self.delete_rel(r)?;
            }
        }
        self.graph.set_node_deleted(id, true);
        self.ops.push(Op::DeleteNode { id });
        Ok(())
    }

    pub fn delete_rel(&mut self, id: RelId) -> Result<(), ExecError> {
        self.check_writable()?;
        match self.graph.rel_any(id) {
            None => return Ok(()),
            Some(r) if r.deleted() => return Ok(()),
            Some(_) => {}
        }
        self.graph.set_rel_deleted(id, true);
        self.ops.push(Op::DeleteRel { id });
        Ok(())
    }

    fn live_node(&self, id: NodeId) -> Result<NodeRef<'_>, ExecError> {
        self.graph.node(id).ok_or_else(deleted_access)
    }

    fn live_rel(&self, id: RelId) -> Result<RelRef<'_>, ExecError> {
        self.graph.rel(id).ok_or_else(deleted_access)
    }

    /// Checks the statement's end state (deleted nodes without relationships, unique keys)
    /// and returns its changes and their counters. Nothing is final yet: after logging the
    /// changes, call [`Self::finish`]; on error, [`Self::rollback`].
    pub fn prepare(&self) -> Result<(Vec<Change>, Stats), ExecError> {
        self.check_constraints()?;
        let mut stats = Stats::default();
        let mut changes = Vec::with_capacity(self.ops.len());
        let names = |s: Sym, g: &Graph| g.name(s).clone();
        let pairs = |p: &Pairs, g: &Graph| p.iter().map(|(k, v)| (names(*k, g), v.clone())).collect::<Vec<_>>();
        for op in &self.ops {
            let g = &*self.graph;
            changes.push(match op {
                Op::CreateNode { id, labels, props } => {
                    stats.nodes_created += 1;
                    stats.labels_added += labels.len() as u64;
                    stats.properties_set += props.len() as u64;
                    Change::CreateNode {
                        id: g.node_public(*id),
                        labels: labels.iter().map(|l| names(*l, g)).collect(),
                        props: pairs(props, g),
                    }
                }
                Op::CreateRel { id, rel_type, start, end, props } => {
                    stats.relationships_created += 1;
                    stats.properties_set += props.len() as u64;
                    Change::CreateRel {
                        id: g.rel_public(*id),
                        rel_type: names(*rel_type, g),
                        start: g.node_public(*start),
                        end: g.node_public(*end),
                        props: pairs(props, g),
                    }
                }
                Op::NodeProp { id, key, new, .. } => {
                    stats.properties_set += 1;
                    Change::SetNodeProp { id: g.node_public(*id), key: names(*key, g), value: new.clone() }
                }
                Op::RelProp { id, key, new, .. } => {
                    stats.properties_set += 1;
                    Change::SetRelProp { id: g.rel_public(*id), key: names(*key, g), value: new.clone() }
                }
                Op::AddLabel { id, label } => {
                    stats.labels_added += 1;
                    Change::AddLabel { id: g.node_public(*id), label: names(*label, g) }
                }
                Op::RemoveLabel { id, label } => {
                    stats.labels_removed += 1;
                    Change::RemoveLabel { id: g.node_public(*id), label: names(*label, g) }
                }
                Op::DeleteNode { id } => {
                    stats.nodes_deleted += 1;
                    Change::DeleteNode { id: g.node_public(*id) }
                }
                Op::DeleteRel { id } => {
                    stats.relationships_deleted += 1;
                    Change::DeleteRel { id: g.rel_public(*id) }
                }
            });
        }
        Ok((changes, stats))
    }

    /// Makes the statement final: removes deleted entities for good.
    pub fn finish(&mut self) {
        // Relationships first, so that node removal finds them gone.
        for op in &self.ops {
            if let Op::DeleteRel { id } = op {
                self.graph.remove_rel(*id);
            }
        }
        for op in &self.ops {
            if let Op::DeleteNode { id } = op {
                self.graph.remove_node(*id);
            }
        }
        self.ops.clear();
    }

    fn check_constraints(&self) -> Result<(), ExecError> {
        for op in &self.ops {
            if let Op::DeleteNode { id } = op
                && self.graph.has_rels(*id)
            {
                return Err(ExecError::new(
                    Category::ConstraintVerificationFailed,
                    "DeleteConnectedNode",
                    format!(
                        "cannot delete node {} because it still has relationships; use DETACH DELETE to delete them too",
                        self.graph.node_public(*id)
                    ),
                ));
            }
        }
        if self.graph.unique.is_empty() {
            return Ok(());
        }
        for op in &self.ops {
            let id = match op {
                Op::CreateNode { id, .. } | Op::NodeProp { id, .. } | Op::AddLabel { id, .. } => *id,
                _ => continue,
            };
            let Some(node) = self.graph.node(id) else { continue };
            for &(label, key) in &self.graph.unique {
                if !node.has_label(label) {
                    continue;
                }
                if let Some(v) = node.prop(key).map(|v| v.to_value()) {
                    let holders = self.graph.index_lookup(label, key, &v).unwrap_or_default();
                    if holders.iter().filter(|n| self.graph.node(**n).is_some()).count() > 1 {
                        return Err(ExecError::new(
                            Category::ConstraintVerificationFailed,
                            "UniquenessViolation",
                            format!("another :{} node already has {} = {}", self.graph.name(label), self.graph.name(key), v),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// Undoes every change of the statement, leaving the graph as it was before it.
    pub fn rollback(&mut self) {
        while let Some(op) = self.ops.pop() {
            match op {
                Op::CreateNode { id, .. } => {
                    self.graph.remove_node(id);
                }
                Op::CreateRel { id, .. } => {
                    self.graph.remove_rel(id);
                }
                Op::NodeProp { id, key, old, .. } => {
                    self.graph.set_node_prop(id, key, old.unwrap_or(Value::Null));
                }
                Op::RelProp { id, key, old, .. } => {
                    self.graph.set_rel_prop(id, key, old.unwrap_or(Value::Null));
                }
                Op::AddLabel { id, label } => {
                    self.graph.remove_label(id, label);
                }
                Op::RemoveLabel { id, label } => {
                    self.graph.add_label(id, label);
                }
                Op::DeleteNode { id } => self.graph.set_node_deleted(id, false),
                Op::DeleteRel { id } => self.graph.set_rel_deleted(id, false),
            }
        }
        let (n, r) = self.start_ids;
        self.graph.reset_next_ids(n, r);
    }
}

fn deleted_access() -> ExecError {
    ExecError::new(Category::EntityNotFound, "DeletedEntityAccess", "the entity was deleted earlier in this statement")
}

/// Applies logged changes to a graph (write-ahead log replay). Fails on a change that does
/// not fit the graph (an unknown id), naming it.
pub fn apply_changes(graph: &mut Graph, changes: &[Change]) -> Result<(), String> {
    let node = |g: &Graph, id: u64| g.node_by_public(id).ok_or_else(|| format!("unknown node {id}"));
    let rel = |g: &Graph, id: u64| g.rel_by_public(id).ok_or_else(|| format!("unknown relationship {id}"));
    for c in changes {
        match c {
            Change::CreateNode { id, labels, props } => {
                let labels: Vec<Sym> = labels.iter().map(|l| graph.intern(l)).collect();
                let props = props.iter().map(|(k, v)| (graph.intern(k), v.clone())).collect();
                graph.add_node_with_id(*id, &labels, dedup_props(props))?;
            }
            Change::CreateRel { id, rel_type, start, end, props } => {
                let t = graph.intern(rel_type);
                let props = props.iter().map(|(k, v)| (graph.intern(k), v.clone())).collect();
                let (s, e) = (node(graph, *start)?, node(graph, *end)?);
                graph.add_rel_with_id(*id, t, s, e, dedup_props(props)).map_err(|m| format!("relationship {id}: {m}"))?;
            }
            Change::SetNodeProp { id, key, value } => {
                let k = graph.intern(key);
                let n = node(graph, *id)?;
                graph.set_node_prop(n, k, value.clone());
            }
            Change::SetRelProp { id, key, value } => {
                let k = graph.intern(key);
                let r = rel(graph, *id)?;
                graph.set_rel_prop(r, k, value.clone());
            }
            Change::AddLabel { id, label } => {
                let l = graph.intern(label);
                let n = node(graph, *id)?;
                graph.add_label(n, l);
            }
            Change::RemoveLabel { id, label } => {
                let l = graph.intern(label);
                let n = node(graph, *id)?;
                graph.remove_label(n, l);
            }
            Change::DeleteRel { id } => {
                let r = rel(graph, *id)?;
                graph.remove_rel(r);
            }
            Change::DeleteNode { id } => {
                let n = node(graph, *id)?;
                graph.remove_node(n);
            }
            Change::CreateIndex { label, key, unique } => {
                let (l, k) = (graph.intern(label), graph.intern(key));
                graph.create_index(l, k);
                if *unique {
                    graph.unique.insert((l, k));
                }
            }
            Change::DropIndex { label, key } => {
                let (l, k) = (graph.intern(label), graph.intern(key));
                graph.drop_index(l, k);
                graph.unique.remove(&(l, k));
            }
        }
    }
    Ok(())
}

/// Drops null values and keeps the last value of a repeated key (a null property does not
/// exist; a map literal's later entry wins).
pub fn dedup_props(props: Pairs) -> Pairs {
    let mut out: Pairs = Vec::with_capacity(props.len());
    for (k, v) in props {
        match out.iter().position(|(x, _)| *x == k) {
            Some(i) if v.is_null() => {
                out.remove(i);
            }
            Some(i) => out[i].1 = v,
            None if v.is_null() => {}
            None => out.push((k, v)),
        }
    }
    out
}

fn store_full(message: String) -> ExecError {
    ExecError::new(Category::StorageError, "StoreFull", message)
}
