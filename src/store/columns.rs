//! Property storage: one column per property key over the slots of nodes (or of
//! relationships). A key most entities carry is a dense typed array (integers, floats,
//! booleans, or strings as one byte buffer with offsets) with a presence bitmap; a rare key
//! is a sorted map from slot to value; a key whose values mix types is an array of values.
//! Dense arrays cost 8–12 bytes a value and no allocation per entity, and a scan of one key
//! reads one array.
//!
//! Columns change shape as they fill: a sparse key becomes dense once it is common, and a
//! typed column takes any value by becoming an array of values.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::bits::Bits;
use super::interner::Sym;
use crate::value::Value;

/// A property value read without copying it out of its column.
#[derive(Clone, Copy, Debug)]
pub enum PropRef<'a> {
    Int(i64),
    Float(f64),
    Bool(bool),
    Str(&'a str),
    Other(&'a Value),
}

impl PropRef<'_> {
    /// Equivalence (as DISTINCT and indexes use it) with a value, without copying strings.
    pub fn equivalent(self, v: &Value) -> bool {
        match (self, v) {
            (PropRef::Str(a), Value::String(b)) => a == &**b,
            (PropRef::Str(_), _) => false,
            (PropRef::Int(a), Value::Int(b)) => a == *b,
            (PropRef::Other(x), v) => x.equivalent(v),
            _ => self.to_value().equivalent(v),
        }
    }

    /// Whether `self = v` is true (not false, not null).
    pub fn equals(self, v: &Value) -> bool {
        match (self, v) {
            (PropRef::Str(a), Value::String(b)) => a == &**b,
            (PropRef::Str(_), _) => false,
            (PropRef::Int(a), Value::Int(b)) => a == *b,
            (PropRef::Other(x), v) => x.cypher_eq(v) == Some(true),
            _ => self.to_value().cypher_eq(v) == Some(true),
        }
    }

    pub fn to_value(self) -> Value {
        match self {
            PropRef::Int(i) => Value::Int(i),
            PropRef::Float(f) => Value::Float(f),
            PropRef::Bool(b) => Value::Bool(b),
            PropRef::Str(s) => Value::String(Arc::from(s)),
            PropRef::Other(v) => v.clone(),
        }
    }
}

/// One key's values over the slots.
#[derive(Clone, Debug)]
pub enum Column {
    Sparse(BTreeMap<u32, Value>),
    Int {
        vals: Vec<i64>,
        has: Bits,
    },
    Float {
        vals: Vec<f64>,
        has: Bits,
    },
    Bool {
        vals: Bits,
        has: Bits,
    },
    /// Strings: `start[slot]..start[slot] + len[slot]` of `bytes`. Replaced strings leave
    /// their old bytes behind until the column is rewritten.
    Str {
        start: Vec<u64>,
        len: Vec<u32>,
        bytes: Vec<u8>,
        has: Bits,
        waste: usize,
    },
    /// Values of mixed types; null where absent.
    Any(Vec<Value>),
}

/// Which form a value takes in a typed column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Int,
    Float,
    Bool,
    Str,
    Any,
}

pub fn kind_of(v: &Value) -> Kind {
    match v {
        Value::Int(_) => Kind::Int,
        Value::Float(_) => Kind::Float,
        Value::Bool(_) => Kind::Bool,
        Value::String(_) => Kind::Str,
        _ => Kind::Any,
    }
}

impl Column {
    /// A dense column of `kind` for `slots` slots, all absent.
    fn dense(kind: Kind, slots: usize) -> Column {
        match kind {
            Kind::Int => Column::Int { vals: vec![0; slots], has: Bits::filled(slots, false) },
            Kind::Float => Column::Float { vals: vec![0.0; slots], has: Bits::filled(slots, false) },
            Kind::Bool => Column::Bool { vals: Bits::filled(slots, false), has: Bits::filled(slots, false) },
            Kind::Str => {
                Column::Str { start: vec![0; slots], len: vec![0; slots], bytes: Vec::new(), has: Bits::filled(slots, false), waste: 0 }
            }
            Kind::Any => Column::Any(vec![Value::Null; slots]),
        }
    }

    /// A column holding `values` (slot, value; nulls skipped) for `slots` slots, in the
    /// form that suits them.
    pub fn build(slots: usize, values: impl IntoIterator<Item = (u32, Value)>) -> Column {
        let values: Vec<(u32, Value)> = values.into_iter().filter(|(_, v)| !v.is_null()).collect();
        if !dense_enough(values.len(), slots) {
            return Column::Sparse(values.into_iter().collect());
        }
        let kind = common_kind(values.iter().map(|(_, v)| v));
        let mut c = Column::dense(kind, slots);
        if let Column::Str { bytes, .. } = &mut c {
            bytes.reserve(values.iter().map(|(_, v)| if let Value::String(s) = v { s.len() } else { 0 }).sum());
        }
        for (s, v) in values {
            c.put(s as usize, v);
        }
        c
    }

    /// Number of values present.
    pub fn count(&self) -> usize {
        match self {
            Column::Sparse(m) => m.len(),
            Column::Int { has, .. } | Column::Float { has, .. } | Column::Bool { has, .. } | Column::Str { has, .. } => has.count_ones(),
            Column::Any(v) => v.iter().filter(|v| !v.is_null()).count(),
        }
    }

    pub fn is_sparse(&self) -> bool {
        matches!(self, Column::Sparse(_))
    }

    #[inline]
    pub fn get(&self, slot: usize) -> Option<PropRef<'_>> {
        match self {
            Column::Sparse(m) => m.get(&(slot as u32)).map(PropRef::Other),
            Column::Int { vals, has } => has.get(slot).then(|| PropRef::Int(vals[slot])),
            Column::Float { vals, has } => has.get(slot).then(|| PropRef::Float(vals[slot])),
            Column::Bool { vals, has } => has.get(slot).then(|| PropRef::Bool(vals.get(slot))),
            Column::Str { start, len, bytes, has, .. } => has.get(slot).then(|| {
                let a = start[slot] as usize;
                // the bytes were written from a `str`, so they are valid UTF-8
                PropRef::Str(std::str::from_utf8(&bytes[a..a + len[slot] as usize]).unwrap_or(""))
            }),
            Column::Any(v) => v.get(slot).filter(|v| !v.is_null()).map(PropRef::Other),
        }
    }

    pub fn has(&self, slot: usize) -> bool {
        match self {
            Column::Sparse(m) => m.contains_key(&(slot as u32)),
            Column::Int { has, .. } | Column::Float { has, .. } | Column::Bool { has, .. } | Column::Str { has, .. } => has.get(slot),
            Column::Any(v) => v.get(slot).is_some_and(|v| !v.is_null()),
        }
    }

    /// Removes the value at `slot`; returns it.
    fn take(&mut self, slot: usize) -> Option<Value> {
        let old = self.get(slot).map(PropRef::to_value);
        match self {
            Column::Sparse(m) => {
                m.remove(&(slot as u32));
            }
            Column::Str { has, len, waste, .. } => {
                if has.get(slot) {
                    *waste += len[slot] as usize;
                }
                has.set(slot, false)
            }
            Column::Int { has, .. } | Column::Float { has, .. } | Column::Bool { has, .. } => has.set(slot, false),
            Column::Any(v) => {
                if let Some(x) = v.get_mut(slot) {
                    *x = Value::Null;
                }
            }
        }
        old
    }

    /// Writes a non-null value at `slot` of a dense column whose kind accepts it, growing
    /// it when needed; returns false when the kind does not fit (the caller converts).
    fn put(&mut self, slot: usize, v: Value) -> bool {
        match (self, v) {
            (Column::Sparse(m), v) => {
                m.insert(slot as u32, v);
            }
            (Column::Int { vals, has }, Value::Int(i)) => {
                grow(vals, slot, 0);
                vals[slot] = i;
                has.set(slot, true);
            }
            (Column::Float { vals, has }, Value::Float(f)) => {
                grow(vals, slot, 0.0);
                vals[slot] = f;
                has.set(slot, true);
            }
            (Column::Bool { vals, has }, Value::Bool(b)) => {
                vals.set(slot, b);
                has.set(slot, true);
            }
            (Column::Str { start, len, bytes, has, .. }, Value::String(s)) => {
                grow(start, slot, 0);
                grow(len, slot, 0);
                start[slot] = bytes.len() as u64;
                len[slot] = s.len() as u32;
                bytes.extend_from_slice(s.as_bytes());
                has.set(slot, true);
            }
            (Column::Any(vals), v) => {
                grow(vals, slot, Value::Null);
                vals[slot] = v;
            }
            _ => return false,
        }
        true
    }

    /// Every (slot, value) present, in slot order.
    pub fn entries(&self) -> Box<dyn Iterator<Item = (u32, PropRef<'_>)> + '_> {
        match self {
            Column::Sparse(m) => Box::new(m.iter().map(|(s, v)| (*s, PropRef::Other(v)))),
            Column::Int { has, .. } | Column::Float { has, .. } | Column::Bool { has, .. } | Column::Str { has, .. } => {
                Box::new(has.ones().filter_map(move |s| self.get(s).map(|v| (s as u32, v))))
            }
            Column::Any(v) => Box::new(v.iter().enumerate().filter(|(_, v)| !v.is_null()).map(|(s, v)| (s as u32, PropRef::Other(v)))),
        }
    }

    /// Whether most of a string column's bytes are no longer referenced (replaced or
    /// removed strings), so that rewriting it pays.
    fn wasteful(&self) -> bool {
        matches!(self, Column::Str { waste, bytes, .. } if *waste > (1 << 20) && *waste * 2 > bytes.len())
    }
}

fn grow<T: Clone>(v: &mut Vec<T>, slot: usize, fill: T) {
    if slot >= v.len() {
        v.resize(slot + 1, fill);
    }
}

/// Whether `count` values over `slots` slots are worth a dense array.
fn dense_enough(count: usize, slots: usize) -> bool {
    count >= 32 && count * 8 >= slots
}

fn common_kind<'a>(mut values: impl Iterator<Item = &'a Value>) -> Kind {
    let Some(first) = values.next() else { return Kind::Any };
    let k = kind_of(first);
    if k != Kind::Any && values.all(|v| kind_of(v) == k) { k } else { Kind::Any }
}

/// The columns of one kind of entity (nodes or relationships), by key.
#[derive(Clone, Debug, Default)]
pub struct Columns {
    /// Indexed by the key's symbol number.
    cols: Vec<Option<Column>>,
    /// Values present per key.
    counts: Vec<usize>,
    /// Number of slots (the bound that density is measured against).
    slots: usize,
}

impl Columns {
    pub fn new() -> Self {
        Self::default()
    }

    /// From whole columns (bulk loading); `slots` is the number of slots.
    pub fn from_columns(slots: usize, cols: impl IntoIterator<Item = (Sym, Column)>) -> Self {
        let mut c = Columns { slots, ..Self::default() };
        for (k, col) in cols {
            let i = k.0 as usize;
            if c.cols.len() <= i {
                c.cols.resize_with(i + 1, || None);
                c.counts.resize(i + 1, 0);
            }
            c.counts[i] = col.count();
            c.cols[i] = Some(col);
        }
        c
    }

    /// Makes room for slots up to `slots` (dense columns grow lazily as values arrive).
    pub fn set_slots(&mut self, slots: usize) {
        self.slots = self.slots.max(slots);
    }

    pub fn slots(&self) -> usize {
        self.slots
    }

    pub fn column(&self, key: Sym) -> Option<&Column> {
        self.cols.get(key.0 as usize).and_then(|c| c.as_ref())
    }

    /// Keys with at least one value, with their counts.
    pub fn keys(&self) -> impl Iterator<Item = (Sym, usize)> + '_ {
        self.counts.iter().enumerate().filter(|(_, n)| **n > 0).map(|(k, n)| (Sym(k as u32), *n))
    }

    #[inline]
    pub fn get(&self, key: Sym, slot: u32) -> Option<PropRef<'_>> {
        self.column(key)?.get(slot as usize)
    }

    /// Sets `key` of `slot` to `value` (null removes it); returns the old value.
    pub fn set(&mut self, key: Sym, slot: u32, value: Value) -> Option<Value> {
        let i = key.0 as usize;
        if self.cols.len() <= i {
            self.cols.resize_with(i + 1, || None);
            self.counts.resize(i + 1, 0);
        }
        let s = slot as usize;
        self.slots = self.slots.max(s + 1);
        let col = self.cols[i].get_or_insert_with(|| Column::Sparse(BTreeMap::new()));
        let old = col.take(s);
        if old.is_some() {
            self.counts[i] -= 1;
        }
        if value.is_null() {
            return old;
        }
        if !col.put(s, value.clone()) {
            // a typed column meets another type: it becomes a column of values
            let mut any = vec![Value::Null; self.slots];
            for (x, v) in col.entries() {
                any[x as usize] = v.to_value();
            }
            any[s] = value;
            *col = Column::Any(any);
        }
        self.counts[i] += 1;
        if col.is_sparse() && dense_enough(self.counts[i], self.slots) {
            if let Column::Sparse(m) = std::mem::replace(col, Column::Any(Vec::new())) {
                *col = Column::build(self.slots, m);
            }
        } else if col.wasteful() {
            let rebuilt = Column::build(self.slots, col.entries().map(|(x, v)| (x, v.to_value())).collect::<Vec<_>>());
            *col = rebuilt;
        }
        old
    }

    /// The keys `slot` has a value for, in key order.
    pub fn keys_of(&self, slot: u32) -> impl Iterator<Item = Sym> + '_ {
        self.cols
            .iter()
            .enumerate()
            .filter_map(move |(k, c)| c.as_ref().filter(|c| self.counts[k] > 0 && c.has(slot as usize)).map(|_| Sym(k as u32)))
    }

    /// Every property of `slot`, in key order.
    pub fn props_of(&self, slot: u32) -> impl Iterator<Item = (Sym, PropRef<'_>)> + '_ {
        self.cols.iter().enumerate().filter_map(move |(k, c)| {
            if self.counts.get(k).copied().unwrap_or(0) == 0 {
                return None;
            }
            c.as_ref().and_then(|c| c.get(slot as usize)).map(|v| (Sym(k as u32), v))
        })
    }

    /// Removes every property of `slot`; returns them.
    pub fn clear(&mut self, slot: u32) -> Vec<(Sym, Value)> {
        let keys: Vec<Sym> = self.keys_of(slot).collect();
        keys.into_iter().filter_map(|k| self.set(k, slot, Value::Null).map(|v| (k, v))).collect()
    }

    /// Columns (non-empty), by key.
    pub fn columns(&self) -> impl Iterator<Item = (Sym, &Column)> + '_ {
        self.cols.iter().enumerate().filter_map(|(k, c)| c.as_ref().filter(|_| self.counts[k] > 0).map(|c| (Sym(k as u32), c)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_keys_become_dense_and_types_mix() {
        let mut c = Columns::new();
        let k = Sym(3);
        c.set_slots(100);
        for s in 0..40 {
            c.set(k, s, Value::Int(s as i64));
        }
        assert!(matches!(c.column(k), Some(Column::Int { .. })));
        assert!(matches!(c.get(k, 7), Some(PropRef::Int(7))));
        assert_eq!(c.set(k, 7, Value::str("seven")), Some(Value::Int(7)));
        assert!(matches!(c.column(k), Some(Column::Any(_))));
        assert_eq!(c.get(k, 7).map(PropRef::to_value), Some(Value::str("seven")));
        assert_eq!(c.set(k, 7, Value::Null), Some(Value::str("seven")));
        assert!(c.get(k, 7).is_none());
        assert_eq!(c.keys().collect::<Vec<_>>(), vec![(k, 39)]);
    }

    #[test]
    fn strings_are_replaced_and_listed() {
        let (a, b) = (Sym(0), Sym(1));
        let col = Column::build(50, (0..50).map(|s| (s, Value::str(&format!("n{s}")))));
        let mut c = Columns::from_columns(50, [(a, col)]);
        c.set(a, 3, Value::str("three"));
        c.set(b, 3, Value::Bool(true));
        assert_eq!(c.get(a, 3).map(PropRef::to_value), Some(Value::str("three")));
        assert!(matches!(c.get(a, 4), Some(PropRef::Str("n4"))));
        assert_eq!(c.keys_of(3).collect::<Vec<_>>(), vec![a, b]);
        assert_eq!(c.clear(3).len(), 2);
        assert_eq!(c.keys_of(3).count(), 0);
    }
}
