//! Public ids and slots. Inside the store an entity is its slot: petgraph's index of it,
//! dense and reused after a deletion. Outside, `id()` and the write-ahead log name entities
//! by a public id that is never reused. This map joins the two.
//!
//! Slots are appended in the order of their public ids (imports number their entities in
//! order, new entities take the next id, snapshots keep that order), so the public ids of
//! appended slots form a sorted array — or no array at all while every slot's id equals its
//! index, which is the usual case. Only a slot that petgraph hands out again after a
//! deletion needs an entry in the small maps of reassigned slots.

use std::collections::HashMap;

#[derive(Clone, Debug, Default)]
pub struct IdMap {
    /// Public id of each appended slot, ascending; `None` while it equals the slot index.
    appended: Option<Vec<u64>>,
    /// Number of appended slots.
    len: usize,
    /// Slots reassigned after a deletion: slot → public id, and back.
    reused: HashMap<u32, u64>,
    reused_back: HashMap<u64, u32>,
}

impl IdMap {
    /// A map for `len` slots whose public ids are `ids` (ascending), or the slot indexes
    /// themselves when `ids` is `None`.
    pub fn from_parts(len: usize, ids: Option<Vec<u64>>) -> Result<Self, String> {
        if let Some(v) = &ids {
            if v.len() != len {
                return Err("the id column has the wrong length".into());
            }
            if v.windows(2).any(|w| w[0] >= w[1]) {
                return Err("public ids are not in ascending order".into());
            }
        }
        let appended = ids.filter(|v| v.iter().enumerate().any(|(i, &p)| p != i as u64));
        Ok(IdMap { appended, len, reused: HashMap::new(), reused_back: HashMap::new() })
    }

    /// Public ids of the appended slots when they are not the identity (for snapshots).
    pub fn appended(&self) -> Option<&[u64]> {
        self.appended.as_deref()
    }

    /// Whether no slot was reassigned: every public id is the appended one.
    pub fn is_clean(&self) -> bool {
        self.reused.is_empty()
    }

    /// Number of appended slots.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Records that slot `slot` now holds the entity with public id `id`.
    pub fn assign(&mut self, slot: u32, id: u64) {
        let s = slot as usize;
        if s == self.len {
            let last = match &self.appended {
                Some(v) => v.last().copied(),
                None => self.len.checked_sub(1).map(|x| x as u64),
            };
            if last.is_none_or(|l| id > l) {
                match &mut self.appended {
                    Some(v) => v.push(id),
                    None if id == slot as u64 => {}
                    None => {
                        let mut v: Vec<u64> = (0..self.len as u64).collect();
                        v.push(id);
                        self.appended = Some(v);
                    }
                }
                self.len += 1;
                return;
            }
            // out of order (a replayed id below an appended one): keep it as a reassignment
            self.push_placeholder();
        }
        if let Some(old) = self.reused.insert(slot, id) {
            self.reused_back.remove(&old);
        }
        self.reused_back.insert(id, slot);
    }

    /// Appends a slot whose own public id is unusable (it is recorded as reassigned).
    fn push_placeholder(&mut self) {
        let v = self.appended.get_or_insert_with(|| (0..self.len as u64).collect());
        // Any value keeps the array sorted if it is the largest so far; lookups of it are
        // refused because the slot's current id is in the reassigned map.
        let next = v.last().map_or(0, |l| l + 1);
        v.push(next);
        self.len += 1;
    }

    /// Forgets a reassignment of `slot` (the entity there was removed).
    pub fn release(&mut self, slot: u32) {
        if let Some(old) = self.reused.remove(&slot) {
            self.reused_back.remove(&old);
        }
    }

    /// The public id of the entity in `slot`.
    #[inline]
    pub fn public(&self, slot: u32) -> u64 {
        if !self.reused.is_empty()
            && let Some(&id) = self.reused.get(&slot)
        {
            return id;
        }
        match &self.appended {
            None => slot as u64,
            Some(v) => v.get(slot as usize).copied().unwrap_or(u64::MAX),
        }
    }

    /// The slot that holds (or held) public id `id`; the caller checks that it is live.
    pub fn slot(&self, id: u64) -> Option<u32> {
        if let Some(&s) = self.reused_back.get(&id) {
            return Some(s);
        }
        let s = match &self.appended {
            None => (id < self.len as u64).then_some(id as u32)?,
            Some(v) => v.binary_search(&id).ok()? as u32,
        };
        (self.public(s) == id).then_some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_until_an_id_differs() {
        let mut m = IdMap::default();
        for i in 0..3 {
            m.assign(i, i as u64);
        }
        assert!(m.appended().is_none());
        m.assign(3, 10);
        assert_eq!(m.appended(), Some(&[0, 1, 2, 10][..]));
        assert_eq!(m.slot(10), Some(3));
        assert_eq!(m.slot(3), None);
        assert_eq!(m.public(1), 1);
    }

    #[test]
    fn reassigned_slots_answer_with_their_new_id() {
        let mut m = IdMap::from_parts(4, Some(vec![5, 6, 7, 8])).unwrap();
        m.assign(1, 20);
        assert_eq!(m.public(1), 20);
        assert_eq!(m.slot(20), Some(1));
        assert_eq!(m.slot(6), None, "the old id of a reassigned slot is gone");
        m.release(1);
        assert_eq!(m.slot(20), None);
        // an id smaller than the last appended one still gets a slot
        m.assign(4, 2);
        assert_eq!(m.slot(2), Some(4));
        assert_eq!(m.public(4), 2);
        assert!(IdMap::from_parts(2, Some(vec![3, 1])).is_err());
    }
}
