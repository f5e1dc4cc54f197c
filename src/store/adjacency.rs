//! Adjacency: for one direction, every node's relationships as `(type, other node,
//! relationship)` entries. The bulk of them sit in two flat arrays (compressed sparse rows):
//! node `n`'s entries are `entries[off[n]..off[n + 1]]`, sorted by type, so the entries of
//! one type are one contiguous run found by binary search and a degree is a subtraction.
//! Relationships added since those arrays were built wait in small per-node lists until the
//! next rebuild folds them in; relationships removed since are skipped by the caller (see
//! `Graph::base_dead`).

use std::collections::HashMap;

use bytemuck::{Pod, Zeroable};

/// One relationship seen from one of its ends.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Pod, Zeroable)]
#[repr(C)]
pub struct Entry {
    /// The relationship type's symbol number.
    pub ty: u32,
    /// Slot of the node at the other end.
    pub other: u32,
    /// Slot of the relationship.
    pub rel: u32,
}

#[derive(Clone, Debug, Default)]
pub struct Adjacency {
    /// `off[n]..off[n + 1]` are node `n`'s entries in `entries`; empty before the first
    /// build. Nodes past the end have no bulk entries.
    off: Vec<u32>,
    entries: Vec<Entry>,
    /// Entries added since the arrays were built, per node slot, in insertion order.
    added: HashMap<u32, Vec<Entry>>,
    added_len: usize,
}

impl Adjacency {
    /// Bulk arrays from every node's entries: `items` holds (node slot, entry) pairs in any
    /// order, for nodes below `nodes`.
    pub fn build(nodes: usize, items: &[(u32, Entry)]) -> Self {
        let mut off = vec![0u32; nodes + 1];
        for (n, _) in items {
            off[*n as usize + 1] += 1;
        }
        for i in 0..nodes {
            off[i + 1] += off[i];
        }
        let mut fill = off.clone();
        let mut entries = vec![Entry::default(); items.len()];
        for (n, e) in items {
            let at = &mut fill[*n as usize];
            entries[*at as usize] = *e;
            *at += 1;
        }
        for n in 0..nodes {
            let r = &mut entries[off[n] as usize..off[n + 1] as usize];
            if r.windows(2).any(|w| w[0] > w[1]) {
                r.sort_unstable();
            }
        }
        Adjacency { off, entries, added: HashMap::new(), added_len: 0 }
    }

    /// From saved arrays; checks that they describe rows over `nodes` nodes.
    pub fn from_arrays(nodes: usize, off: Vec<u32>, entries: Vec<Entry>) -> Result<Self, String> {
        if off.len() != nodes + 1 || off.first() != Some(&0) || off.last().map(|&l| l as usize) != Some(entries.len()) {
            return Err("adjacency offsets do not cover the entries".into());
        }
        if off.windows(2).any(|w| w[0] > w[1]) {
            return Err("adjacency offsets go backwards".into());
        }
        for n in 0..nodes {
            if entries[off[n] as usize..off[n + 1] as usize].windows(2).any(|w| w[0] > w[1]) {
                return Err(format!("the adjacency entries of node slot {n} are not sorted"));
            }
        }
        Ok(Adjacency { off, entries, added: HashMap::new(), added_len: 0 })
    }

    pub fn offsets(&self) -> &[u32] {
        &self.off
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Number of nodes the bulk arrays cover.
    pub fn base_nodes(&self) -> usize {
        self.off.len().saturating_sub(1)
    }

    /// Node `n`'s bulk entries.
    #[inline]
    pub fn base(&self, n: u32) -> &[Entry] {
        let n = n as usize;
        if n + 1 < self.off.len() { &self.entries[self.off[n] as usize..self.off[n + 1] as usize] } else { &[] }
    }

    /// Node `n`'s bulk entries of type `ty`.
    #[inline]
    pub fn base_typed(&self, n: u32, ty: u32) -> &[Entry] {
        let all = self.base(n);
        if all.len() <= 16 {
            // a short row: a scan beats a binary search
            let lo = all.iter().position(|e| e.ty >= ty).unwrap_or(all.len());
            let hi = lo + all[lo..].iter().take_while(|e| e.ty == ty).count();
            return &all[lo..hi];
        }
        let lo = all.partition_point(|e| e.ty < ty);
        let hi = lo + all[lo..].partition_point(|e| e.ty == ty);
        &all[lo..hi]
    }

    /// Node `n`'s entries added since the build.
    #[inline]
    pub fn added(&self, n: u32) -> &[Entry] {
        if self.added_len == 0 {
            return &[];
        }
        self.added.get(&n).map_or(&[], |v| v.as_slice())
    }

    pub fn added_len(&self) -> usize {
        self.added_len
    }

    pub fn push(&mut self, n: u32, e: Entry) {
        self.added.entry(n).or_default().push(e);
        self.added_len += 1;
    }

    /// Removes relationship `rel` from node `n`'s added entries; false when it is not there
    /// (it is a bulk entry).
    pub fn remove_added(&mut self, n: u32, rel: u32) -> bool {
        let Some(list) = self.added.get_mut(&n) else { return false };
        let Some(i) = list.iter().rposition(|e| e.rel == rel) else { return false };
        list.remove(i);
        if list.is_empty() {
            self.added.remove(&n);
        }
        self.added_len -= 1;
        true
    }

    /// Bytes held (for statistics).
    pub fn heap_bytes(&self) -> usize {
        self.off.len() * 4 + self.entries.len() * std::mem::size_of::<Entry>() + self.added_len * std::mem::size_of::<Entry>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(ty: u32, other: u32, rel: u32) -> Entry {
        Entry { ty, other, rel }
    }

    #[test]
    fn rows_sorted_by_type_and_typed_runs() {
        let items = [(1, e(5, 0, 0)), (0, e(2, 1, 1)), (1, e(3, 2, 2)), (1, e(5, 2, 3))];
        let a = Adjacency::build(3, &items);
        assert_eq!(a.base(0), &[e(2, 1, 1)]);
        assert_eq!(a.base(1), &[e(3, 2, 2), e(5, 0, 0), e(5, 2, 3)]);
        assert_eq!(a.base_typed(1, 5).len(), 2);
        assert_eq!(a.base_typed(1, 4).len(), 0);
        assert!(a.base(2).is_empty() && a.base(9).is_empty());
        let again = Adjacency::from_arrays(3, a.offsets().to_vec(), a.entries().to_vec()).unwrap();
        assert_eq!(again.base(1), a.base(1));
        assert!(Adjacency::from_arrays(3, vec![0, 1, 2], vec![]).is_err());
        assert!(Adjacency::from_arrays(2, vec![0, 2, 2], vec![e(5, 0, 0), e(3, 0, 1)]).is_err());
    }

    #[test]
    fn added_entries_come_and_go() {
        let mut a = Adjacency::default();
        a.push(4, e(1, 2, 9));
        a.push(4, e(1, 3, 10));
        assert_eq!(a.added(4).len(), 2);
        assert!(a.remove_added(4, 9));
        assert!(!a.remove_added(4, 9));
        assert_eq!(a.added_len(), 1);
    }
}
