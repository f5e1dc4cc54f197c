//! Storage: the in-memory graph and its indexes, statement transactions, and (on disk)
//! snapshots and the write-ahead log. petgraph is used only here.

pub mod graph;
pub mod interner;
pub mod props;
pub mod tx;

pub use graph::{Dir, Graph, NodeRec, RelRec, Step};
pub use interner::Sym;
pub use props::Props;
pub use tx::{Change, Tx, apply_changes};
