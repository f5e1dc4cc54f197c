//! Aggregation: rows grouped by the values of the grouping keys (compared by equivalence),
//! each aggregate folded per group. With no grouping keys and no input, one row comes out
//! (`count(*)` of nothing is 0).

use std::collections::{HashMap, HashSet};

use super::Row;
use super::eval::Eval;
use crate::error::ExecError;
use crate::plan::{AggCall, AggFunc, CExpr};
use crate::value::{Equiv, Value};

/// A float sum with Neumaier's compensation: the rounding error of each addition is kept
/// and added back at the end, so the result hardly depends on the order of the values
/// (a scan's order is the store's business, and the same rows must give the same sum).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct FloatSum {
    sum: f64,
    comp: f64,
}

impl FloatSum {
    pub(crate) fn add(&mut self, x: f64) {
        let t = self.sum + x;
        if self.sum.abs() >= x.abs() {
            self.comp += (self.sum - t) + x;
        } else {
            self.comp += (x - t) + self.sum;
        }
        self.sum = t;
    }

    pub(crate) fn value(&self) -> f64 {
        let v = self.sum + self.comp;
        // infinities and NaN: the plain sum says what happened
        if v.is_finite() { v } else { self.sum }
    }
}

enum State {
    Count(i64),
    SumInt(i64),
    SumFloat(FloatSum),
    Avg {
        sum: FloatSum,
        int_sum: Option<i64>,
        n: u64,
    },
    Extreme(Option<Value>),
    /// The items and the tally of their size.
    Collect(Vec<Value>, super::budget::Tally),
    Numbers(Vec<f64>),
    Percentile {
        values: Vec<Value>,
        p: Option<f64>,
    },
}

struct Acc {
    state: State,
    seen: Option<HashSet<Equiv, foldhash::fast::RandomState>>,
}

impl Acc {
    fn new(call: &AggCall) -> Self {
        let state = match call.func {
            AggFunc::CountStar | AggFunc::Count => State::Count(0),
            AggFunc::Sum => State::SumInt(0),
            AggFunc::Avg => State::Avg { sum: FloatSum::default(), int_sum: Some(0), n: 0 },
            AggFunc::Min | AggFunc::Max => State::Extreme(None),
            AggFunc::Collect => State::Collect(Vec::new(), Default::default()),
            AggFunc::StDev | AggFunc::StDevP => State::Numbers(Vec::new()),
            AggFunc::PercentileDisc | AggFunc::PercentileCont => State::Percentile { values: Vec::new(), p: None },
        };
        Acc { state, seen: call.distinct.then(HashSet::default) }
    }

    /// Folds in `weight` equal rows (more than one only for counts, see [`Grouper::add_weighted`]).
    fn add(&mut self, func: AggFunc, args: &[Value], weight: i64) -> Result<(), ExecError> {
        if func == AggFunc::CountStar {
            if let State::Count(n) = &mut self.state {
                *n += weight;
            }
            return Ok(());
        }
        let v = &args[0];
        if v.is_null() {
            return Ok(());
        }
        if let Some(seen) = &mut self.seen
            && !seen.insert(Equiv(v.clone()))
        {
            return Ok(());
        }
        match &mut self.state {
            State::Count(n) => *n += weight,
            State::SumInt(s) => match v {
                Value::Int(i) => {
                    *s = s.checked_add(*i).ok_or_else(|| ExecError::argument("IntegerOverflow", "sum() overflowed the integer range"))?;
                }
                Value::Float(f) => {
                    let mut sum = FloatSum::default();
                    sum.add(*s as f64);
                    sum.add(*f);
                    self.state = State::SumFloat(sum);
                }
                other => return Err(not_number("sum", other)),
            },
            State::SumFloat(s) => match v {
                Value::Int(i) => s.add(*i as f64),
                Value::Float(f) => s.add(*f),
                other => return Err(not_number("sum", other)),
            },
            State::Avg { sum, int_sum, n } => {
                match v {
                    Value::Int(i) => {
                        sum.add(*i as f64);
                        *int_sum = int_sum.and_then(|s| s.checked_add(*i));
                    }
                    Value::Float(f) => {
                        sum.add(*f);
                        *int_sum = None;
                    }
                    other => return Err(not_number("avg", other)),
                }
                *n += 1;
            }
            State::Extreme(cur) => {
                let better = match cur {
                    None => true,
                    Some(c) => {
                        let o = extreme_cmp(v, c);
                        if func == AggFunc::Min { o.is_lt() } else { o.is_gt() }
                    }
                };
                if better {
                    *cur = Some(v.clone());
                }
            }
            State::Collect(items, tally) => {
                tally.add("collect()", v)?;
                items.push(v.clone());
            }
            State::Numbers(xs) => match v.as_f64() {
                Some(x) => xs.push(x),
                None => return Err(not_number("stDev", v)),
            },
            State::Percentile { values, p } => {
                if v.as_f64().is_none() {
                    return Err(not_number("percentile", v));
                }
                values.push(v.clone());
                if p.is_none() {
                    let q = args
                        .get(1)
                        .and_then(Value::as_f64)
                        .ok_or_else(|| ExecError::argument("InvalidArgumentType", "the percentile must be a number"))?;
                    if !(0.0..=1.0).contains(&q) {
                        return Err(ExecError::argument(
                            "NumberOutOfRange",
                            format!("the percentile must be between 0.0 and 1.0, not {q}"),
                        ));
                    }
                    *p = Some(q);
                }
            }
        }
        Ok(())
    }

    /// Folds in what another accumulator of the same call gathered over other rows (a
    /// stage run on several threads): the same as if this one had seen those rows after
    /// its own.
    fn merge(&mut self, other: Acc, func: AggFunc) -> Result<(), ExecError> {
        if self.seen.is_some() {
            // DISTINCT: the other's values again, so that each counts once overall
            if let (State::Percentile { p: mine @ None, .. }, State::Percentile { p: theirs, .. }) = (&mut self.state, &other.state) {
                *mine = *theirs;
            }
            let values: Vec<Value> = match other.state {
                State::Collect(items, _) => items,
                _ => other.seen.into_iter().flatten().map(|e| e.0).collect(),
            };
            for v in values {
                self.add(func, std::slice::from_ref(&v), 1)?;
            }
            return Ok(());
        }
        let state = std::mem::replace(&mut self.state, State::Count(0));
        self.state = match (state, other.state) {
            (State::Count(a), State::Count(b)) => State::Count(a + b),
            (State::SumInt(a), State::SumInt(b)) => {
                State::SumInt(a.checked_add(b).ok_or_else(|| ExecError::argument("IntegerOverflow", "sum() overflowed the integer range"))?)
            }
            (State::SumInt(a), State::SumFloat(mut b)) | (State::SumFloat(mut b), State::SumInt(a)) => {
                b.add(a as f64);
                State::SumFloat(b)
            }
            (State::SumFloat(mut a), State::SumFloat(b)) => {
                a.add(b.sum);
                a.add(b.comp);
                State::SumFloat(a)
            }
            (State::Avg { sum: mut s1, int_sum: i1, n: n1 }, State::Avg { sum: s2, int_sum: i2, n: n2 }) => {
                s1.add(s2.sum);
                s1.add(s2.comp);
                let int_sum = match (i1, i2) {
                    (Some(a), Some(b)) => a.checked_add(b),
                    _ => None,
                };
                State::Avg { sum: s1, int_sum, n: n1 + n2 }
            }
            (State::Extreme(a), State::Extreme(b)) => State::Extreme(match (a, b) {
                (None, x) | (x, None) => x,
                (Some(x), Some(y)) => {
                    let o = extreme_cmp(&y, &x);
                    let better = if func == AggFunc::Min { o.is_lt() } else { o.is_gt() };
                    Some(if better { y } else { x })
                }
            }),
            (State::Collect(mut a, mut tally), State::Collect(b, _)) => {
                for v in &b {
                    tally.add("collect()", v)?;
                }
                a.extend(b);
                State::Collect(a, tally)
            }
            (State::Numbers(mut a), State::Numbers(b)) => {
                a.extend(b);
                State::Numbers(a)
            }
            (State::Percentile { values: mut a, p: pa }, State::Percentile { values: b, p: pb }) => {
                a.extend(b);
                State::Percentile { values: a, p: pa.or(pb) }
            }
            (mine, _) => mine,
        };
        Ok(())
    }

    fn finish(self, func: AggFunc) -> Value {
        match self.state {
            State::Count(n) => Value::Int(n),
            State::SumInt(s) => Value::Int(s),
            State::SumFloat(s) => Value::Float(s.value()),
            State::Avg { n: 0, .. } => Value::Null,
            State::Avg { sum, int_sum, n } => match int_sum {
                // Exact for integers that fit, then one rounding.
                Some(s) => Value::Float(s as f64 / n as f64),
                None => Value::Float(sum.value() / n as f64),
            },
            State::Extreme(v) => v.unwrap_or(Value::Null),
            State::Collect(items, _) => Value::list(items),
            State::Numbers(xs) => {
                let n = xs.len();
                let sample = func == AggFunc::StDev;
                if n == 0 || (sample && n == 1) {
                    return Value::Float(0.0);
                }
                let mean = xs.iter().sum::<f64>() / n as f64;
                let ss: f64 = xs.iter().map(|x| (x - mean) * (x - mean)).sum();
                Value::Float((ss / if sample { (n - 1) as f64 } else { n as f64 }).sqrt())
            }
            State::Percentile { mut values, p } => {
                let Some(p) = p else { return Value::Null };
                values.sort_by(|a, b| a.order_cmp(b));
                let n = values.len();
                if func == AggFunc::PercentileDisc {
                    let idx = if p == 0.0 { 0 } else { ((p * n as f64).ceil() as usize).saturating_sub(1) };
                    values[idx.min(n - 1)].clone()
                } else {
                    let pos = p * (n - 1) as f64;
                    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
                    let (a, b) = (values[lo].as_f64().unwrap_or(0.0), values[hi].as_f64().unwrap_or(0.0));
                    Value::Float(a + (b - a) * (pos - lo as f64))
                }
            }
        }
    }
}

/// min/max compare numbers with numbers and strings with strings; across types, the
/// ORDER BY order decides.
fn extreme_cmp(a: &Value, b: &Value) -> std::cmp::Ordering {
    a.cypher_cmp(b).unwrap_or_else(|| a.order_cmp(b))
}

fn not_number(f: &str, v: &Value) -> ExecError {
    ExecError::type_error("InvalidArgumentType", format!("{f}() needs numbers, not {}", v.value_type()))
}

/// Groups rows by their key values and feeds each group's accumulators, one row at a time,
/// so the rows entering an aggregation are never collected. Keys and accumulators of all
/// groups sit in two flat vectors, in order of the groups' first rows.
pub struct Grouper<'p> {
    keys: &'p [(CExpr, usize)],
    aggs: &'p [AggCall],
    /// Groups by their key, when there is one key (the common case: no vector per row).
    index_one: HashMap<Equiv, usize, foldhash::fast::RandomState>,
    index: HashMap<Vec<Equiv>, usize, foldhash::fast::RandomState>,
    /// `keys.len()` values per group.
    key_values: Vec<Equiv>,
    /// `aggs.len()` accumulators per group.
    accs: Vec<Acc>,
    groups: usize,
    args: Vec<Value>,
}

impl<'p> Grouper<'p> {
    pub fn new(keys: &'p [(CExpr, usize)], aggs: &'p [AggCall]) -> Self {
        let mut g = Grouper {
            keys,
            aggs,
            index_one: HashMap::default(),
            index: HashMap::default(),
            key_values: Vec::new(),
            accs: Vec::new(),
            groups: 0,
            args: Vec::new(),
        };
        if keys.is_empty() {
            // One group, whether or not any row arrives.
            g.new_group(Vec::new());
        }
        g
    }

    fn new_group(&mut self, key: Vec<Equiv>) -> usize {
        self.key_values.extend(key);
        self.accs.extend(self.aggs.iter().map(Acc::new));
        self.groups += 1;
        self.groups - 1
    }

    /// The group of a key, made when new.
    fn group_of(&mut self, key: Vec<Equiv>) -> usize {
        if key.len() == 1 {
            if let Some(&i) = self.index_one.get(&key[0]) {
                return i;
            }
            let k = key[0].clone();
            let i = self.new_group(key);
            self.index_one.insert(k, i);
            i
        } else {
            if let Some(&i) = self.index.get(&key) {
                return i;
            }
            let i = self.new_group(key.clone());
            self.index.insert(key, i);
            i
        }
    }

    pub fn add(&mut self, ev: &Eval<'_>, row: &mut Row) -> Result<(), ExecError> {
        self.add_weighted(ev, row, 1)
    }

    /// Adds `weight` copies of `row` (at least one); the optimizer uses this with count
    /// aggregates only.
    pub fn add_weighted(&mut self, ev: &Eval<'_>, row: &mut Row, weight: i64) -> Result<(), ExecError> {
        let gi = if self.keys.is_empty() {
            0
        } else if let [(e, _)] = self.keys {
            let key = Equiv(ev.eval(e, row)?);
            match self.index_one.get(&key) {
                Some(&i) => i,
                None => self.group_of(vec![key]),
            }
        } else {
            let mut key = Vec::with_capacity(self.keys.len());
            for (e, _) in self.keys {
                key.push(Equiv(ev.eval(e, row)?));
            }
            self.group_of(key)
        };
        let n = self.aggs.len();
        for (call, acc) in self.aggs.iter().zip(self.accs[gi * n..(gi + 1) * n].iter_mut()) {
            self.args.clear();
            for a in &call.args {
                self.args.push(ev.eval(a, row)?);
            }
            acc.add(call.func, &self.args, weight)?;
        }
        Ok(())
    }

    /// Folds in the groups another grouper of the same aggregation gathered from rows that
    /// come after this one's.
    pub fn merge(&mut self, other: Grouper<'p>) -> Result<(), ExecError> {
        let (k, n) = (self.keys.len(), self.aggs.len());
        let mut theirs = other.accs.into_iter();
        let mut keys = other.key_values.into_iter();
        for _ in 0..other.groups {
            let key: Vec<Equiv> = keys.by_ref().take(k).collect();
            let gi = if k == 0 { 0 } else { self.group_of(key) };
            for (call, mine) in self.aggs.iter().zip(self.accs[gi * n..(gi + 1) * n].iter_mut()) {
                if let Some(acc) = theirs.next() {
                    mine.merge(acc, call.func)?;
                }
            }
        }
        Ok(())
    }

    /// Gives up the groups without finishing them (a cancelled statement), dropping them
    /// off the caller's thread: see [`super::discard`].
    pub fn abandon(self) {
        super::discard((self.index_one, self.index, self.key_values, self.accs, self.args));
    }

    /// One row per group, `slots` wide, with the keys and aggregate values in their slots.
    pub fn finish(self, slots: usize) -> Vec<Row> {
        let (k, n) = (self.keys.len(), self.aggs.len());
        let mut out = Vec::with_capacity(self.groups);
        let mut keys = self.key_values.into_iter();
        let mut accs = self.accs.into_iter();
        for _ in 0..self.groups {
            let mut row = vec![Value::Null; slots];
            for ((_, slot), v) in self.keys.iter().zip(keys.by_ref().take(k)) {
                row[*slot] = v.0;
            }
            for (call, acc) in self.aggs.iter().zip(accs.by_ref().take(n)) {
                row[call.slot] = acc.finish(call.func);
            }
            out.push(row);
        }
        out
    }
}
