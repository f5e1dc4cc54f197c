//! The bundled knowledge graph of South Korea's biotech ecosystem, compiled into the
//! binary from `graph-data/` so that `ieum` opens on it from any directory.

use crate::db::Database;
use crate::error::StoreError;
use crate::import::{Sources, import};

mod files {
    include!(concat!(env!("OUT_DIR"), "/bundled_files.rs"));
}

/// Compiled-in CSV files: (path under the repository, contents).
pub type Files = &'static [(&'static str, &'static str)];

/// The CSV files of the bundled graph: (node files, relationship files).
pub fn files() -> (Files, Files) {
    (files::NODES, files::RELATIONSHIPS)
}

/// The stored hashes of the document lines the bundled graph cites (`graph-data/lines.csv`:
/// `file,line,crc32`), read by [`crate::evidence::LineHashes::bundled`].
pub fn line_hashes() -> &'static str {
    files::LINES
}

/// A fresh in-memory database holding the bundled graph, with an equality index on
/// `name` and `id` for every label.
pub fn database() -> Result<Database, StoreError> {
    let mut db = Database::new();
    let g = db.graph_mut();
    import(g, &Sources { nodes: files::NODES.to_vec(), relationships: files::RELATIONSHIPS.to_vec() })?;
    let labels: Vec<_> = g.labels_in_use().map(|(l, _)| l).collect();
    for key in ["name", "id"] {
        let k = g.intern(key);
        for &l in &labels {
            g.create_index(l, k);
        }
    }
    Ok(db)
}
