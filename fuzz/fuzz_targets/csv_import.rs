//! Imports bytes as a node file (and, after a NUL byte, a relationship file): a report or an
//! error naming the file and line, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (nodes, rels) = text.split_once('\0').unwrap_or((text, ":START_ID,:END_ID,:TYPE\n"));
    let mut graph = ieum::store::Graph::new();
    let sources = ieum::import::Sources { nodes: vec![("nodes.csv", nodes)], relationships: vec![("rels.csv", rels)] };
    let _ = ieum::import::import(&mut graph, &sources);
});
