//! ieum (이음, "connection") is an embedded property-graph store with a query language: a
//! subset of openCypher with implementation extensions, over an in-memory petgraph graph,
//! with optional durable storage on disk.
//!
//! The front door is [`Database`]. See the README for the language and the command line.

pub mod algo;
pub mod bundled;
pub mod cli;
pub mod db;
pub mod error;
pub mod evidence;
pub mod exec;
pub mod export;
pub mod hints;
pub mod import;
pub mod plan;
pub mod procedures;
pub mod progress;
pub mod render;
pub mod repl;
pub mod result;
pub mod session;
pub mod store;
pub mod suggest;
pub mod syntax;
pub mod temporal;
pub mod value;

pub use db::{Database, Params, QueryOptions};
pub use error::{Category, Error, Phase};
pub use result::{Entities, NodeEntity, QueryResult, RelEntity, Stats, Timing};
pub use value::{NodeId, PathValue, RelId, Value};
