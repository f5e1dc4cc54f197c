//! Labels of nodes. Each node refers to one *label set*: a distinct combination of labels,
//! kept in the order they were first given (so `labels(n)` answers in the order a file or a
//! `CREATE` wrote them), stored once however many nodes share it.
//!
//! For scans by label, each label keeps the sorted slots of the nodes that had it when the
//! bulk arrays were last built, plus the slots that gained it since. A slot listed there may
//! have lost the label or been deleted since: scans check the node itself, and counts are
//! kept exactly apart from the lists.

use std::collections::{BTreeSet, HashMap};

use super::interner::Sym;

/// The id of a label set; 0 is the empty set.
pub type LabelSetId = u32;

#[derive(Clone, Debug)]
pub struct LabelSets {
    sets: Vec<Box<[Sym]>>,
    ids: HashMap<Box<[Sym]>, LabelSetId>,
}

impl Default for LabelSets {
    fn default() -> Self {
        let empty: Box<[Sym]> = Box::new([]);
        LabelSets { sets: vec![empty.clone()], ids: HashMap::from([(empty, 0)]) }
    }
}

impl LabelSets {
    /// The id of the set holding `labels` in this order (duplicates dropped).
    pub fn intern(&mut self, labels: &[Sym]) -> LabelSetId {
        let mut uniq: Vec<Sym> = Vec::with_capacity(labels.len());
        for &l in labels {
            if !uniq.contains(&l) {
                uniq.push(l);
            }
        }
        if let Some(&id) = self.ids.get(uniq.as_slice()) {
            return id;
        }
        let id = self.sets.len() as LabelSetId;
        let b: Box<[Sym]> = uniq.into_boxed_slice();
        self.sets.push(b.clone());
        self.ids.insert(b, id);
        id
    }

    #[inline]
    pub fn get(&self, id: LabelSetId) -> &[Sym] {
        self.sets.get(id as usize).map_or(&[], |s| s)
    }

    /// The set of `id` with `label` added at the end.
    pub fn with(&mut self, id: LabelSetId, label: Sym) -> LabelSetId {
        let mut v = self.get(id).to_vec();
        v.push(label);
        self.intern(&v)
    }

    /// The set of `id` without `label`.
    pub fn without(&mut self, id: LabelSetId, label: Sym) -> LabelSetId {
        let v: Vec<Sym> = self.get(id).iter().copied().filter(|l| *l != label).collect();
        self.intern(&v)
    }

    /// Every set, in id order (for snapshots).
    pub fn all(&self) -> &[Box<[Sym]>] {
        &self.sets
    }
}

/// Nodes by label: candidate lists for scans, and exact counts.
#[derive(Clone, Debug, Default)]
pub struct LabelIndex {
    /// Sorted slots that had the label when the lists were built.
    base: HashMap<Sym, Vec<u32>>,
    /// Slots that gained the label since, not in `base`.
    added: HashMap<Sym, BTreeSet<u32>>,
    counts: HashMap<Sym, usize>,
}

impl LabelIndex {
    /// Lists built from the label set of every live slot.
    pub fn build(sets: &LabelSets, slots: impl Iterator<Item = (u32, LabelSetId)>) -> Self {
        let mut base: HashMap<Sym, Vec<u32>> = HashMap::new();
        for (slot, ls) in slots {
            for &l in sets.get(ls) {
                base.entry(l).or_default().push(slot);
            }
        }
        for v in base.values_mut() {
            if v.windows(2).any(|w| w[0] > w[1]) {
                v.sort_unstable();
            }
        }
        let counts = base.iter().map(|(l, v)| (*l, v.len())).collect();
        LabelIndex { base, added: HashMap::new(), counts }
    }

    /// From saved lists (snapshot loading).
    pub fn from_lists(lists: HashMap<Sym, Vec<u32>>) -> Self {
        let counts = lists.iter().map(|(l, v)| (*l, v.len())).collect();
        LabelIndex { base: lists, added: HashMap::new(), counts }
    }

    pub fn base_lists(&self) -> &HashMap<Sym, Vec<u32>> {
        &self.base
    }

    /// The lists, when they hold exactly the nodes with each label (nothing was added or
    /// removed since they were built).
    pub fn exact_lists(&self) -> Option<&HashMap<Sym, Vec<u32>>> {
        let exact = self.added.values().all(|s| s.is_empty()) && self.base.iter().all(|(l, v)| self.count(*l) == v.len());
        exact.then_some(&self.base)
    }

    pub fn count(&self, label: Sym) -> usize {
        self.counts.get(&label).copied().unwrap_or(0)
    }

    pub fn counts(&self) -> impl Iterator<Item = (Sym, usize)> + '_ {
        self.counts.iter().filter(|(_, n)| **n > 0).map(|(l, n)| (*l, *n))
    }

    /// Candidate slots for `label` (check each against the node).
    pub fn candidates(&self, label: Sym) -> impl Iterator<Item = u32> + '_ {
        let base = self.base.get(&label).map_or(&[][..], |v| v.as_slice());
        base.iter().copied().chain(self.added.get(&label).into_iter().flatten().copied())
    }

    /// Number of candidate slots (an upper bound of the count, for planning).
    pub fn candidate_len(&self, label: Sym) -> usize {
        self.base.get(&label).map_or(0, |v| v.len()) + self.added.get(&label).map_or(0, |s| s.len())
    }

    pub fn on_add(&mut self, slot: u32, label: Sym) {
        *self.counts.entry(label).or_default() += 1;
        let in_base = self.base.get(&label).is_some_and(|v| v.binary_search(&slot).is_ok());
        if !in_base {
            self.added.entry(label).or_default().insert(slot);
        }
    }

    pub fn on_remove(&mut self, slot: u32, label: Sym) {
        if let Some(c) = self.counts.get_mut(&label) {
            *c = c.saturating_sub(1);
        }
        if let Some(s) = self.added.get_mut(&label) {
            s.remove(&slot);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_keep_first_order_and_share_ids() {
        let mut s = LabelSets::default();
        let (a, b) = (Sym(1), Sym(2));
        let ab = s.intern(&[a, b, a]);
        assert_eq!(s.get(ab), &[a, b]);
        let ba = s.intern(&[b, a]);
        assert_ne!(ab, ba, "order is kept");
        let just_a = s.intern(&[a]);
        assert_eq!(s.with(just_a, b), ab);
        assert_eq!(s.without(ab, a), s.intern(&[b]));
        assert_eq!(s.intern(&[]), 0);
    }

    #[test]
    fn candidates_do_not_repeat_a_slot() {
        let mut sets = LabelSets::default();
        let a = Sym(1);
        let la = sets.intern(&[a]);
        let mut idx = LabelIndex::build(&sets, [(0, la), (2, la)].into_iter());
        idx.on_remove(2, a);
        idx.on_add(2, a);
        idx.on_add(5, a);
        assert_eq!(idx.candidates(a).collect::<Vec<_>>(), vec![0, 2, 5]);
        assert_eq!(idx.count(a), 3);
    }
}
