//! Storage: the in-memory graph and its indexes, statement transactions, and (on disk)
//! snapshots and the write-ahead log. petgraph is used only here.

pub mod adjacency;
pub mod bits;
pub mod columns;
pub mod disk;
pub mod faults;
pub mod graph;
pub mod ids;
pub mod index;
pub mod interner;
pub mod labels;
pub mod snapshot;
pub mod tx;
pub mod wal;

pub use columns::PropRef;
pub use graph::{Dir, Graph, NodeRef, RelRef, Step};
pub use interner::Sym;
pub use tx::{Change, Pairs, Tx, apply_changes};

/// Receives the changes of every committed write statement: the write-ahead log of an
/// on-disk database ([`disk::Disk`]).
pub trait ChangeSink: Send {
    /// Makes the changes durable; an error fails the statement, which is then undone.
    fn commit(&mut self, changes: &[Change]) -> Result<(), crate::Error>;

    /// Fails when writes will be refused (checked before schema commands, which cannot be
    /// undone once applied).
    fn check_writable(&self) -> Result<(), crate::Error> {
        Ok(())
    }

    /// Whether the log has grown enough that a checkpoint is due.
    fn wants_checkpoint(&self) -> bool {
        false
    }

    /// Folds everything logged so far into a snapshot of `graph` (also when nothing was
    /// logged, with `force`: the graph was changed past the log). Returns false when there
    /// is nowhere to save to (read-only).
    fn checkpoint(&mut self, graph: &Graph, force: bool) -> Result<bool, crate::Error> {
        let _ = (graph, force);
        Ok(false)
    }
}
