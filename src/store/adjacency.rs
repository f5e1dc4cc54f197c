//! Per-node adjacency lists: the compact copy of petgraph's edge lists that
//! [`super::Graph`] keeps in step with every mutation and walks when stepping from a node
//! (one contiguous read instead of a linked list through the edge storage). Each list also
//! knows, without reading its entries, whether they share one type and how many are
//! self-loops, so a count of them can often be its length.

use super::interner::Sym;
use crate::value::{NodeId, RelId};

/// One relationship in a node's adjacency list.
#[derive(Clone, Copy, Debug)]
pub(super) struct AdjEntry {
    pub rel_type: Sym,
    pub rel: RelId,
    pub other: NodeId,
}

/// One direction of a node's relationships, in insertion order, with what lets a count
/// skip reading the entries: their type when they all have one, and the self-loops.
#[derive(Clone, Debug, Default)]
pub(super) struct AdjList {
    pub entries: Vec<AdjEntry>,
    /// The type of the first entry; `mixed` once another type joined (reset only when
    /// the list empties, so it may stay set after the odd one out is removed).
    rel_type: Option<Sym>,
    mixed: bool,
    pub loops: u32,
}

impl AdjList {
    pub fn push(&mut self, e: AdjEntry, is_loop: bool) {
        match self.rel_type {
            None => self.rel_type = Some(e.rel_type),
            Some(t) if t != e.rel_type => self.mixed = true,
            Some(_) => {}
        }
        self.loops += u32::from(is_loop);
        self.entries.push(e);
    }

    /// Removes relationship `rel`, keeping the order of the others. Searches from the end:
    /// deletions mostly follow the newest-first order of `Graph::steps`.
    pub fn remove(&mut self, rel: RelId, is_loop: bool) {
        if let Some(i) = self.entries.iter().rposition(|e| e.rel == rel) {
            self.entries.remove(i);
            self.loops = self.loops.saturating_sub(u32::from(is_loop));
        }
        if self.entries.is_empty() {
            *self = AdjList::default();
        }
    }

    /// Whether every entry has one of `types` (any, when empty).
    pub fn all_of(&self, types: &[Sym]) -> bool {
        types.is_empty() || self.entries.is_empty() || (!self.mixed && self.rel_type.is_some_and(|t| types.contains(&t)))
    }
}

/// A node's relationships, each direction in insertion order (a self-loop is in both).
#[derive(Clone, Debug, Default)]
pub(super) struct Adj {
    pub out: AdjList,
    pub inc: AdjList,
}
