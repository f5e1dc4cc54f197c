//! What a statement returns: column names, rows of values, the counters of what it changed,
//! and the labels, types and properties of every node and relationship the rows mention
//! (so that a result can be printed, exported or compared without the store).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::value::{Map, NodeId, RelId, Value};

/// Counters of the changes a statement made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub nodes_created: u64,
    pub nodes_deleted: u64,
    pub relationships_created: u64,
    pub relationships_deleted: u64,
    pub properties_set: u64,
    pub labels_added: u64,
    pub labels_removed: u64,
}

impl Stats {
    pub fn is_empty(&self) -> bool {
        *self == Stats::default()
    }

    pub fn add(&mut self, other: &Stats) {
        self.nodes_created += other.nodes_created;
        self.nodes_deleted += other.nodes_deleted;
        self.relationships_created += other.relationships_created;
        self.relationships_deleted += other.relationships_deleted;
        self.properties_set += other.properties_set;
        self.labels_added += other.labels_added;
        self.labels_removed += other.labels_removed;
    }

    /// `2 nodes created, 1 property set`, or an empty string.
    pub fn summary(&self) -> String {
        let parts = [
            (self.nodes_created, "node", "created"),
            (self.nodes_deleted, "node", "deleted"),
            (self.relationships_created, "relationship", "created"),
            (self.relationships_deleted, "relationship", "deleted"),
            (self.properties_set, "property", "set"),
            (self.labels_added, "label", "added"),
            (self.labels_removed, "label", "removed"),
        ];
        parts
            .iter()
            .filter(|(n, _, _)| *n > 0)
            .map(|(n, what, verb)| {
                let plural = match (*n, *what) {
                    (1, w) => w.to_string(),
                    (_, "property") => "properties".to_string(),
                    (_, w) => format!("{w}s"),
                };
                format!("{n} {plural} {verb}")
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// A node as a result shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeEntity {
    /// The public id (what `id()` gives).
    pub id: u64,
    /// Where the node is in the store while it exists (the key rows refer to it by).
    pub slot: NodeId,
    pub labels: Vec<Arc<str>>,
    pub properties: Map,
}

/// A relationship as a result shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct RelEntity {
    /// The public id (what `id()` gives).
    pub id: u64,
    pub slot: RelId,
    pub rel_type: Arc<str>,
    /// Public ids of the start and end node.
    pub start: u64,
    pub end: u64,
    /// Slots of the start and end node (the keys of [`Entities::nodes`]).
    pub start_slot: NodeId,
    pub end_slot: NodeId,
    pub properties: Map,
}

/// The nodes and relationships a result mentions, by id, in id order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entities {
    pub nodes: BTreeMap<NodeId, NodeEntity>,
    pub rels: BTreeMap<RelId, RelEntity>,
}

impl Entities {
    pub fn node(&self, id: NodeId) -> Option<&NodeEntity> {
        self.nodes.get(&id)
    }

    pub fn rel(&self, id: RelId) -> Option<&RelEntity> {
        self.rels.get(&id)
    }
}

/// The outcome of one statement.
#[derive(Clone, Debug, Default)]
pub struct QueryResult {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
    pub stats: Stats,
    /// Every node and relationship mentioned in `rows` (also inside lists, maps and paths).
    pub entities: Entities,
    /// For `EXPLAIN` (and `PROFILE`): the plan as text.
    pub plan: Option<String>,
    /// How long the statement took, by phase.
    pub timing: Timing,
}

/// Where a statement's time went.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Timing {
    /// Reading the text into a syntax tree.
    pub parse: std::time::Duration,
    /// Binding, checking and optimizing the plan.
    pub plan: std::time::Duration,
    /// Running it, gathering the result and committing.
    pub execute: std::time::Duration,
}

impl QueryResult {
    /// Calls `f` on every node and relationship id mentioned in `value`, at any depth.
    pub fn visit_entities(value: &Value, f: &mut impl FnMut(EntityRef)) {
        match value {
            Value::Node(n) => f(EntityRef::Node(*n)),
            Value::Rel(r) => f(EntityRef::Rel(*r)),
            Value::Path(p) => {
                p.nodes.iter().for_each(|n| f(EntityRef::Node(*n)));
                p.rels.iter().for_each(|r| f(EntityRef::Rel(*r)));
            }
            Value::List(items) => items.iter().for_each(|v| Self::visit_entities(v, f)),
            Value::Map(m) => m.values().for_each(|v| Self::visit_entities(v, f)),
            _ => {}
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntityRef {
    Node(NodeId),
    Rel(RelId),
}
