//! [`crate::plan::Stage::SelectPaths`]: the rows of a GQL path selector.

use std::collections::HashMap;

use super::Row;
use crate::value::{NodeId, Value};

/// Per pair of end nodes of the path in `path` (in the order pairs first appear), the `k`
/// rows with the shortest paths, or with `groups` the rows whose length is among the `k`
/// shortest lengths of the pair. Shorter first; rows of equal length keep their order.
pub(super) fn select(rows: Vec<Row>, path: usize, k: u64, groups: bool) -> Vec<Row> {
    let mut pairs: HashMap<Option<(NodeId, NodeId)>, usize> = HashMap::new();
    let mut grouped: Vec<Vec<(usize, Row)>> = Vec::new();
    for row in rows {
        let (ends, len) = match &row[path] {
            Value::Path(p) => (p.nodes.first().zip(p.nodes.last()).map(|(a, b)| (*a, *b)), p.rels.len()),
            _ => (None, 0),
        };
        let i = *pairs.entry(ends).or_insert_with(|| {
            grouped.push(Vec::new());
            grouped.len() - 1
        });
        grouped[i].push((len, row));
    }
    let mut out = Vec::new();
    for mut g in grouped {
        g.sort_by_key(|(len, _)| *len);
        let mut lengths = 0u64;
        let mut last = None;
        for (taken, (len, row)) in g.into_iter().enumerate() {
            if groups {
                if last != Some(len) {
                    lengths += 1;
                    last = Some(len);
                }
                if lengths > k {
                    break;
                }
            } else if taken as u64 >= k {
                break;
            }
            out.push(row);
        }
    }
    out
}
