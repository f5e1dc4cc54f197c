//! One statement's changes to the graph, applied as they happen and recorded so that they
//! can be undone (on error or cancel) or logged (on commit).
//!
//! Deletions only mark entities while the statement runs: readers skip marked entities, a
//! result can still show them, and a node deleted while it still has relationships is
//! refused at commit, as openCypher asks. Commit removes them for good and turns the record
//! into [`Change`]s, the logical form that the write-ahead log stores and replays.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::graph::Graph;
use super::interner::Sym;
use super::props::Props;
use crate::error::{Category, ExecError};
use crate::result::Stats;
use crate::value::{NodeId, RelId, Value};

/// What a statement did, in a form that does not depend on this process's interned names:
/// replaying these on the graph as it was before the statement gives the graph after it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Change {
    CreateNode {
        id: NodeId,
        labels: Vec<Arc<str>>,
        props: Vec<(Arc<str>, Value)>,
    },
    CreateRel {
        id: RelId,
        rel_type: Arc<str>,
        start: NodeId,
        end: NodeId,
        props: Vec<(Arc<str>, Value)>,
    },
    /// `value` null removes the property.
    SetNodeProp {
        id: NodeId,
        key: Arc<str>,
        value: Value,
    },
    SetRelProp {
        id: RelId,
        key: Arc<str>,
        value: Value,
    },
    AddLabel {
        id: NodeId,
        label: Arc<str>,
    },
    RemoveLabel {
        id: NodeId,
        label: Arc<str>,
    },
    DeleteRel {
        id: RelId,
    },
    DeleteNode {
        id: NodeId,
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
    CreateNode { id: NodeId, labels: Vec<Sym>, props: Props },
    CreateRel { id: RelId, rel_type: Sym, start: NodeId, end: NodeId, props: Props },
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
}

impl<'g> Tx<'g> {
    pub fn new(graph: &'g mut Graph) -> Self {
        let start_ids = graph.next_ids();
        Tx { graph, ops: Vec::new(), start_ids, read_only: false }
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

    pub fn create_node(&mut self, labels: Vec<Sym>, props: Props) -> Result<NodeId, ExecError> {
        self.check_writable()?;
        let id = self.graph.alloc_node_id();
        self.graph.insert_node(id, labels.clone(), props.clone());
        self.ops.push(Op::CreateNode { id, labels, props });
        Ok(id)
    }

    pub fn create_rel(&mut self, rel_type: Sym, start: NodeId, end: NodeId, props: Props) -> Result<RelId, ExecError> {
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
        let id = self.graph.alloc_rel_id();
        self.graph.insert_rel(id, rel_type, start, end, props.clone());
        self.ops.push(Op::CreateRel { id, rel_type, start, end, props });
        Ok(id)
    }

    /// Sets a node property (null removes it). Writing the value it already has is a no-op.
    pub fn set_node_prop(&mut self, id: NodeId, key: Sym, value: Value) -> Result<(), ExecError> {
        self.check_writable()?;
        let current = self.live_node(id)?.props.get(key);
        if current.is_none() && value.is_null() {
            return Ok(());
        }
        let old = self.graph.set_node_prop(id, key, value.clone());
        self.ops.push(Op::NodeProp { id, key, old, new: value });
        Ok(())
    }

    pub fn set_rel_prop(&mut self, id: RelId, key: Sym, value: Value) -> Result<(), ExecError> {
        self.check_writable()?;
        let current = self.live_rel(id)?.props.get(key);
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
            Some(n) if n.deleted => return Ok(()),
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
            Some(r) if r.deleted => return Ok(()),
            Some(_) => {}
        }
        self.graph.set_rel_deleted(id, true);
        self.ops.push(Op::DeleteRel { id });
        Ok(())
    }

    fn live_node(&self, id: NodeId) -> Result<&super::graph::NodeRec, ExecError> {
        self.graph.node(id).ok_or_else(deleted_access)
    }

    fn live_rel(&self, id: RelId) -> Result<&super::graph::RelRec, ExecError> {
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
        let pairs = |p: &Props, g: &Graph| p.iter().map(|(k, v)| (names(k, g), v.clone())).collect::<Vec<_>>();
        for op in &self.ops {
            let g = &*self.graph;
            changes.push(match op {
                Op::CreateNode { id, labels, props } => {
                    stats.nodes_created += 1;
                    stats.labels_added += labels.len() as u64;
                    stats.properties_set += props.len() as u64;
                    Change::CreateNode { id: *id, labels: labels.iter().map(|l| names(*l, g)).collect(), props: pairs(props, g) }
                }
                Op::CreateRel { id, rel_type, start, end, props } => {
                    stats.relationships_created += 1;
                    stats.properties_set += props.len() as u64;
                    Change::CreateRel { id: *id, rel_type: names(*rel_type, g), start: *start, end: *end, props: pairs(props, g) }
                }
                Op::NodeProp { id, key, new, .. } => {
                    stats.properties_set += 1;
                    Change::SetNodeProp { id: *id, key: names(*key, g), value: new.clone() }
                }
                Op::RelProp { id, key, new, .. } => {
                    stats.properties_set += 1;
                    Change::SetRelProp { id: *id, key: names(*key, g), value: new.clone() }
                }
                Op::AddLabel { id, label } => {
                    stats.labels_added += 1;
                    Change::AddLabel { id: *id, label: names(*label, g) }
                }
                Op::RemoveLabel { id, label } => {
                    stats.labels_removed += 1;
                    Change::RemoveLabel { id: *id, label: names(*label, g) }
                }
                Op::DeleteNode { id } => {
                    stats.nodes_deleted += 1;
                    Change::DeleteNode { id: *id }
                }
                Op::DeleteRel { id } => {
                    stats.relationships_deleted += 1;
                    Change::DeleteRel { id: *id }
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
                    format!("cannot delete node {} because it still has relationships; use DETACH DELETE to delete them too", id.0),
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
                if let Some(v) = node.props.get(key) {
                    let holders = self.graph.index_lookup(label, key, v).unwrap_or(&[]);
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

/// Applies logged changes to a graph (write-ahead log replay, imports). Fails on a change
/// that does not fit the graph (an unknown id), naming it.
pub fn apply_changes(graph: &mut Graph, changes: &[Change]) -> Result<(), String> {
    for c in changes {
        match c {
            Change::CreateNode { id, labels, props } => {
                if graph.node_any(*id).is_some() {
                    return Err(format!("node {} created twice", id.0));
                }
                let labels = labels.iter().map(|l| graph.intern(l)).collect();
                let props = Props::from_pairs(props.iter().map(|(k, v)| (graph.intern(k), v.clone())).collect::<Vec<_>>());
                graph.insert_node(*id, labels, props);
            }
            Change::CreateRel { id, rel_type, start, end, props } => {
                let t = graph.intern(rel_type);
                let props = Props::from_pairs(props.iter().map(|(k, v)| (graph.intern(k), v.clone())).collect::<Vec<_>>());
                if !graph.insert_rel(*id, t, *start, *end, props) {
                    return Err(format!("relationship {} joins a missing node", id.0));
                }
            }
            Change::SetNodeProp { id, key, value } => {
                let k = graph.intern(key);
                graph.node_any(*id).ok_or_else(|| format!("unknown node {}", id.0))?;
                graph.set_node_prop(*id, k, value.clone());
            }
            Change::SetRelProp { id, key, value } => {
                let k = graph.intern(key);
                graph.rel_any(*id).ok_or_else(|| format!("unknown relationship {}", id.0))?;
                graph.set_rel_prop(*id, k, value.clone());
            }
            Change::AddLabel { id, label } => {
                let l = graph.intern(label);
                graph.node_any(*id).ok_or_else(|| format!("unknown node {}", id.0))?;
                graph.add_label(*id, l);
            }
            Change::RemoveLabel { id, label } => {
                let l = graph.intern(label);
                graph.node_any(*id).ok_or_else(|| format!("unknown node {}", id.0))?;
                graph.remove_label(*id, l);
            }
            Change::DeleteRel { id } => {
                graph.remove_rel(*id).ok_or_else(|| format!("unknown relationship {}", id.0))?;
            }
            Change::DeleteNode { id } => {
                graph.remove_node(*id).ok_or_else(|| format!("unknown node {}", id.0))?;
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
