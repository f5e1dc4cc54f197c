//! Equality indexes on (label, key): which nodes carry a given value. The bulk of an index
//! is one sorted array of (value hash, node slot) pairs, saved with the snapshot so that
//! opening a database does not rebuild it; values set since it was built wait in a small
//! hash map. Both only propose candidates: the graph checks each against the node's current
//! label and value, so an entry left behind by a change or a deletion is never an answer.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use crate::value::{Equiv, Value};

/// Whether a value can be found through an index (null and NaN equal nothing).
pub fn indexable(v: &Value) -> bool {
    !matches!(v, Value::Null) && !matches!(v, Value::Float(f) if f.is_nan())
}

/// A hash of a value that is the same in every process and on every run (it is saved in
/// snapshots), and equal for equivalent values (1 and 1.0 alike): FNV-1a over the value's
/// equivalence-preserving encoding.
pub fn stable_hash(v: &Value) -> u64 {
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    Equiv(v.clone()).hash(&mut h);
    h.0
}

struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct EqIndex {
    /// (hash, slot), sorted.
    base: Vec<(u64, u32)>,
    /// Values set since the build.
    added: HashMap<Equiv, Vec<u32>>,
    added_len: usize,
}

impl EqIndex {
    /// An index of the given (slot, value) pairs.
    pub fn build(values: impl IntoIterator<Item = (u32, Value)>) -> Self {
        let mut base: Vec<(u64, u32)> = values.into_iter().filter(|(_, v)| indexable(v)).map(|(s, v)| (stable_hash(&v), s)).collect();
        base.sort_unstable();
        EqIndex { base, added: HashMap::new(), added_len: 0 }
    }

    /// From a saved array; it must be sorted.
    pub fn from_sorted(base: Vec<(u64, u32)>) -> Result<Self, String> {
        if base.windows(2).any(|w| w[0] > w[1]) {
            return Err("index entries are not sorted".into());
        }
        Ok(EqIndex { base, added: HashMap::new(), added_len: 0 })
    }

    pub fn base(&self) -> &[(u64, u32)] {
        &self.base
    }

    pub fn added_len(&self) -> usize {
        self.added_len
    }

    /// Candidate slots for `value` (possibly stale, possibly repeated).
    pub fn candidates(&self, value: &Value) -> impl Iterator<Item = u32> + '_ {
        let h = stable_hash(value);
        let lo = self.base.partition_point(|(x, _)| *x < h);
        let hi = lo + self.base[lo..].partition_point(|(x, _)| *x == h);
        let added = if self.added_len == 0 { None } else { self.added.get(&Equiv(value.clone())) };
        self.base[lo..hi].iter().map(|(_, s)| *s).chain(added.into_iter().flatten().copied())
    }

    /// Records that `slot` now has `value`.
    pub fn add(&mut self, slot: u32, value: &Value) {
        if indexable(value) {
            self.added.entry(Equiv(value.clone())).or_default().push(slot);
            self.added_len += 1;
        }
    }

    /// Records that `slot` no longer has `value` (only the added part forgets it; a bulk
    /// entry is refused by the check against the node).
    pub fn remove(&mut self, slot: u32, value: &Value) {
        let key = Equiv(value.clone());
        if let Some(list) = self.added.get_mut(&key) {
            let before = list.len();
            list.retain(|s| *s != slot);
            self.added_len -= before - list.len();
            if list.is_empty() {
                self.added.remove(&key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_numbers_hash_alike_and_candidates_include_additions() {
        assert_eq!(stable_hash(&Value::Int(3)), stable_hash(&Value::Float(3.0)));
        assert_ne!(stable_hash(&Value::str("a")), stable_hash(&Value::str("b")));
        let mut idx = EqIndex::build([(0, Value::str("x")), (1, Value::str("y")), (2, Value::Null)]);
        assert_eq!(idx.candidates(&Value::str("x")).collect::<Vec<_>>(), vec![0]);
        idx.add(7, &Value::str("x"));
        assert_eq!(idx.candidates(&Value::str("x")).collect::<Vec<_>>(), vec![0, 7]);
        idx.remove(7, &Value::str("x"));
        assert_eq!(idx.added_len(), 0);
        assert_eq!(idx.base().len(), 2, "null is not indexed");
        assert!(EqIndex::from_sorted(vec![(2, 0), (1, 1)]).is_err());
    }
}
