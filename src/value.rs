//! Values of the query language and the comparisons openCypher defines on them:
//! equality (three-valued), ordering comparison (`<`, possibly null), the total order used
//! by ORDER BY, and equivalence (used by DISTINCT and grouping, where null equals null).
//!
//! Nodes and relationships are held by id; their labels, types and properties live in the
//! store (or, for a finished result, in [`crate::result::Entities`]). Strings, lists and maps
//! are reference counted so copying a row never copies their contents.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::temporal::Temporal;

/// A node: its slot in the store, valid while the node exists (the id `id()` reports is
/// the store's public id of it, which is never reused).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct NodeId(pub u32);

/// A relationship: its slot in the store (see [`NodeId`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct RelId(pub u32);

/// A walk through the graph: `nodes.len() == rels.len() + 1`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PathValue {
    pub nodes: Vec<NodeId>,
    pub rels: Vec<RelId>,
}

/// String-keyed map with a stable (sorted) key order.
pub type Map = BTreeMap<Arc<str>, Value>;

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    String(Arc<str>),
    List(Arc<Vec<Value>>),
    Map(Arc<Map>),
    Node(NodeId),
    Rel(RelId),
    Path(Arc<PathValue>),
    /// A date, time, date-time or duration (behind a pointer: it is the largest kind of
    /// value, and the rarest in a graph, so the others need not be as large).
    Temporal(Arc<Temporal>),
}

/// The type names used in messages and by the `valueType` style of reporting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    Null,
    Boolean,
    Integer,
    Float,
    String,
    List,
    Map,
    Node,
    Relationship,
    Path,
    Date,
    LocalTime,
    Time,
    LocalDateTime,
    DateTime,
    Duration,
}

impl fmt::Display for ValueType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ValueType::Null => "Null",
            ValueType::Boolean => "Boolean",
            ValueType::Integer => "Integer",
            ValueType::Float => "Float",
            ValueType::String => "String",
            ValueType::List => "List",
            ValueType::Map => "Map",
            ValueType::Node => "Node",
            ValueType::Relationship => "Relationship",
            ValueType::Path => "Path",
            ValueType::Date => "Date",
            ValueType::LocalTime => "LocalTime",
            ValueType::Time => "Time",
            ValueType::LocalDateTime => "LocalDateTime",
            ValueType::DateTime => "DateTime",
            ValueType::Duration => "Duration",
        })
    }
}

impl Value {
    pub fn temporal(t: Temporal) -> Value {
        Value::Temporal(Arc::new(t))
    }

    pub fn str(s: &str) -> Value {
        Value::String(Arc::from(s))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Arc::new(items))
    }

    pub fn map(entries: Map) -> Value {
        Value::Map(Arc::new(entries))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn value_type(&self) -> ValueType {
        match self {
            Value::Null => ValueType::Null,
            Value::Bool(_) => ValueType::Boolean,
            Value::Int(_) => ValueType::Integer,
            Value::Float(_) => ValueType::Float,
            Value::String(_) => ValueType::String,
            Value::List(_) => ValueType::List,
            Value::Map(_) => ValueType::Map,
            Value::Node(_) => ValueType::Node,
            Value::Rel(_) => ValueType::Relationship,
            Value::Path(_) => ValueType::Path,
            Value::Temporal(t) => match **t {
                Temporal::Date(_) => ValueType::Date,
                Temporal::LocalTime(_) => ValueType::LocalTime,
                Temporal::Time(_) => ValueType::Time,
                Temporal::LocalDateTime(_) => ValueType::LocalDateTime,
                Temporal::DateTime(_) => ValueType::DateTime,
                Temporal::Duration(_) => ValueType::Duration,
            },
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Value::Int(i) => Some(i as f64),
            Value::Float(f) => Some(f),
            _ => None,
        }
    }

    /// openCypher equality `=`: `None` when the answer is null (a null operand, or lists and
    /// maps whose comparison meets a null before a difference).
    pub fn cypher_eq(&self, other: &Value) -> Option<bool> {
        use Value::*;
        match (self, other) {
            (Null, _) | (_, Null) => None,
            (Bool(a), Bool(b)) => Some(a == b),
            (Int(a), Int(b)) => Some(a == b),
            (Float(a), Float(b)) => Some(a == b),
            (Int(a), Float(b)) | (Float(b), Int(a)) => Some(int_float_cmp(*a, *b) == Some(Ordering::Equal)),
            (String(a), String(b)) => Some(a == b),
            (Node(a), Node(b)) => Some(a == b),
            (Rel(a), Rel(b)) => Some(a == b),
            (Path(a), Path(b)) => Some(a == b),
            (Value::Temporal(a), Value::Temporal(b)) => Some(a == b),
            (List(a), List(b)) => {
                if a.len() != b.len() {
                    return Some(false);
                }
                let mut saw_null = false;
                for (x, y) in a.iter().zip(b.iter()) {
                    match x.cypher_eq(y) {
                        Some(false) => return Some(false),
                        None => saw_null = true,
                        Some(true) => {}
                    }
                }
                if saw_null { None } else { Some(true) }
            }
            (Map(a), Map(b)) => {
                if a.len() != b.len() || a.keys().ne(b.keys()) {
                    return Some(false);
                }
                let mut saw_null = false;
                for (x, y) in a.values().zip(b.values()) {
                    match x.cypher_eq(y) {
                        Some(false) => return Some(false),
                        None => saw_null = true,
                        Some(true) => {}
                    }
                }
                if saw_null { None } else { Some(true) }
            }
            _ => Some(false),
        }
    }

    /// openCypher comparison for `<`, `<=`, `>`, `>=`: `None` (null) when either side is null
    /// or the values are not comparable (different types, NaN involved).
    pub fn cypher_cmp(&self, other: &Value) -> Option<Ordering> {
        use Value::*;
        match (self, other) {
            (Int(a), Int(b)) => Some(a.cmp(b)),
            (Float(a), Float(b)) => a.partial_cmp(b),
            (Int(a), Float(b)) => int_float_cmp(*a, *b),
            (Float(a), Int(b)) => int_float_cmp(*b, *a).map(Ordering::reverse),
            (String(a), String(b)) => Some(a.cmp(b)),
            (Bool(a), Bool(b)) => Some(a.cmp(b)),
            (Value::Temporal(a), Value::Temporal(b)) => a.partial_cmp_same(b),
            (List(a), List(b)) => {
                for (x, y) in a.iter().zip(b.iter()) {
                    match x.cypher_cmp(y)? {
                        Ordering::Equal => {}
                        o => return Some(o),
                    }
                }
                Some(a.len().cmp(&b.len()))
            }
            _ => None,
        }
    }

    /// The total order of ORDER BY (ascending): maps, nodes, relationships, lists, paths,
    /// date-times, local date-times, dates, times, local times, durations, strings,
    /// booleans, numbers (NaN after every other number), then null.
    pub fn order_cmp(&self, other: &Value) -> Ordering {
        use Value::*;
        let (ra, rb) = (self.order_rank(), other.order_rank());
        if ra != rb {
            return ra.cmp(&rb);
        }
        match (self, other) {
            (Map(a), Map(b)) => {
                let mut ia = a.iter();
                let mut ib = b.iter();
                loop {
                    match (ia.next(), ib.next()) {
                        (None, None) => return Ordering::Equal,
                        (None, Some(_)) => return Ordering::Less,
                        (Some(_), None) => return Ordering::Greater,
                        (Some((ka, va)), Some((kb, vb))) => {
                            let o = ka.cmp(kb).then_with(|| va.order_cmp(vb));
                            if o != Ordering::Equal {
                                return o;
                            }
                        }
                    }
                }
            }
            (Node(a), Node(b)) => a.cmp(b),
            (Rel(a), Rel(b)) => a.cmp(b),
            (List(a), List(b)) => {
                for (x, y) in a.iter().zip(b.iter()) {
                    let o = x.order_cmp(y);
                    if o != Ordering::Equal {
                        return o;
                    }
                }
                a.len().cmp(&b.len())
            }
            (Path(a), Path(b)) => a.nodes.cmp(&b.nodes).then_with(|| a.rels.cmp(&b.rels)),
            (String(a), String(b)) => a.cmp(b),
            (Bool(a), Bool(b)) => a.cmp(b),
            (Value::Temporal(a), Value::Temporal(b)) => a.total_cmp(b),
            (a, b) if a.as_f64().is_some() && b.as_f64().is_some() => number_total_cmp(a, b),
            _ => Ordering::Equal,
        }
    }

    fn order_rank(&self) -> u8 {
        match self {
            Value::Map(_) => 0,
            Value::Node(_) => 1,
            Value::Rel(_) => 2,
            Value::List(_) => 3,
            Value::Path(_) => 4,
            Value::Temporal(_) => 5,
            Value::String(_) => 6,
            Value::Bool(_) => 7,
            Value::Int(_) | Value::Float(_) => 8,
            Value::Null => 9,
        }
    }

    /// Equivalence, as DISTINCT and grouping use it: like equality, except that null is
    /// equivalent to null, NaN to NaN, and the answer is never unknown.
    pub fn equivalent(&self, other: &Value) -> bool {
        use Value::*;
        match (self, other) {
            (Null, Null) => true,
            (Float(a), Float(b)) => a == b || (a.is_nan() && b.is_nan()),
            (List(a), List(b)) => a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| x.equivalent(y)),
            (Map(a), Map(b)) => a.len() == b.len() && a.iter().zip(b.iter()).all(|((ka, va), (kb, vb))| ka == kb && va.equivalent(vb)),
            _ => self.cypher_eq(other) == Some(true),
        }
    }

    /// Truth value for WHERE and boolean operators: `Ok(None)` for null, an error message for
    /// non-booleans.
    pub fn truth(&self) -> Result<Option<bool>, ValueType> {
        match self {
            Value::Null => Ok(None),
            Value::Bool(b) => Ok(Some(*b)),
            other => Err(other.value_type()),
        }
    }
}

/// Compares an integer with a float exactly (no rounding of large integers).
fn int_float_cmp(i: i64, f: f64) -> Option<Ordering> {
    if f.is_nan() {
        return None;
    }
    if f >= 9.223_372_036_854_776e18 {
        return Some(Ordering::Less);
    }
    if f < -9.223_372_036_854_776e18 {
        return Some(Ordering::Greater);
    }
    let t = f.trunc();
    let ti = t as i64;
    match i.cmp(&ti) {
        Ordering::Equal => 0.0f64.partial_cmp(&(f - t)),
        o => Some(o),
    }
}

fn number_total_cmp(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x.cmp(y),
        _ => {
            let nan_a = matches!(a, Value::Float(f) if f.is_nan());
            let nan_b = matches!(b, Value::Float(f) if f.is_nan());
            match (nan_a, nan_b) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => a.cypher_cmp(b).unwrap_or(Ordering::Equal),
            }
        }
    }
}

/// A value wrapped so that it hashes and compares by equivalence: the key type of DISTINCT,
/// grouping and hash joins.
#[derive(Clone, Debug)]
pub struct Equiv(pub Value);

impl PartialEq for Equiv {
    fn eq(&self, other: &Self) -> bool {
        self.0.equivalent(&other.0)
    }
}

impl Eq for Equiv {}

impl Hash for Equiv {
    fn hash<H: Hasher>(&self, state: &mut H) {
        hash_equiv(&self.0, state)
    }
}

fn hash_equiv<H: Hasher>(v: &Value, state: &mut H) {
    match v {
        Value::Null => 0u8.hash(state),
        Value::Bool(b) => {
            1u8.hash(state);
            b.hash(state)
        }
        // Integers and integral floats that are equal must hash alike.
        Value::Int(i) => {
            2u8.hash(state);
            i.hash(state)
        }
        Value::Float(f) => {
            if f.fract() == 0.0 && *f >= -9.2e18 && *f <= 9.2e18 {
                2u8.hash(state);
                (*f as i64).hash(state)
            } else if f.is_nan() {
                3u8.hash(state)
            } else {
                4u8.hash(state);
                f.to_bits().hash(state)
            }
        }
        Value::String(s) => {
            5u8.hash(state);
            s.hash(state)
        }
        Value::List(l) => {
            6u8.hash(state);
            l.len().hash(state);
            for x in l.iter() {
                hash_equiv(x, state);
            }
        }
        Value::Map(m) => {
            7u8.hash(state);
            for (k, x) in m.iter() {
                k.hash(state);
                hash_equiv(x, state);
            }
        }
        Value::Node(n) => {
            8u8.hash(state);
            n.hash(state)
        }
        Value::Rel(r) => {
            9u8.hash(state);
            r.hash(state)
        }
        Value::Path(p) => {
            10u8.hash(state);
            p.hash(state)
        }
        Value::Temporal(t) => {
            11u8.hash(state);
            t.hash(state)
        }
    }
}

impl PartialEq for Value {
    /// Structural equality for tests and caches: equivalence (null equals null).
    fn eq(&self, other: &Self) -> bool {
        self.equivalent(other)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}
impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Float(f)
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::str(s)
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(Arc::from(s))
    }
}
impl From<Option<bool>> for Value {
    fn from(b: Option<bool>) -> Self {
        b.map_or(Value::Null, Value::Bool)
    }
}

/// Formats a float the way the language prints it: always with a `.` or an exponent.
pub fn format_float(f: f64, out: &mut impl fmt::Write) -> fmt::Result {
    if f.is_nan() {
        return out.write_str("NaN");
    }
    if f.is_infinite() {
        return out.write_str(if f > 0.0 { "Infinity" } else { "-Infinity" });
    }
    let s = format!("{f:?}");
    out.write_str(&s)
}

/// Writes `s` as a single-quoted string literal.
pub fn write_quoted(s: &str, out: &mut impl fmt::Write) -> fmt::Result {
    out.write_char('\'')?;
    for c in s.chars() {
        match c {
            '\'' => out.write_str("\\'")?,
            '\\' => out.write_str("\\\\")?,
            '\n' => out.write_str("\\n")?,
            '\t' => out.write_str("\\t")?,
            '\r' => out.write_str("\\r")?,
            c => out.write_char(c)?,
        }
    }
    out.write_char('\'')
}

/// Whether `key` can be written bare in a map literal.
pub fn is_plain_name(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_') && chars.all(|c| c.is_alphanumeric() || c == '_')
}

pub fn write_key(key: &str, out: &mut impl fmt::Write) -> fmt::Result {
    if is_plain_name(key) { out.write_str(key) } else { write!(out, "`{}`", key.replace('`', "``")) }
}

/// Literal notation; nodes, relationships and paths show their ids only (the result layer
/// renders them with labels and properties).
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(x) => format_float(*x, f),
            Value::String(s) => write_quoted(s, f),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{x}")?;
                }
                f.write_str("]")
            }
            Value::Map(m) => {
                f.write_str("{")?;
                for (i, (k, x)) in m.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write_key(k, f)?;
                    write!(f, ": {x}")?;
                }
                f.write_str("}")
            }
            Value::Node(n) => write!(f, "(#{})", n.0),
            Value::Rel(r) => write!(f, "[#{}]", r.0),
            Value::Path(p) => {
                write!(f, "<(#{})", p.nodes[0].0)?;
                for (r, n) in p.rels.iter().zip(p.nodes.iter().skip(1)) {
                    write!(f, "-[#{}]-(#{})", r.0, n.0)?;
                }
                f.write_str(">")
            }
            Value::Temporal(t) => write!(f, "{t}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn int_float_equality_is_exact() {
        assert_eq!(Value::Int(1).cypher_eq(&Value::Float(1.0)), Some(true));
        assert_eq!(Value::Int(i64::MAX).cypher_eq(&Value::Float(i64::MAX as f64)), Some(false));
        assert_eq!(Value::Int(2).cypher_cmp(&Value::Float(2.5)), Some(Ordering::Less));
        assert_eq!(Value::Float(-2.5).cypher_cmp(&Value::Int(-2)), Some(Ordering::Less));
    }

    #[test]
    fn null_in_lists_makes_equality_unknown() {
        let a = Value::list(vec![Value::Int(1), Value::Null]);
        let b = Value::list(vec![Value::Int(1), Value::Int(2)]);
        let c = Value::list(vec![Value::Int(2), Value::Null]);
        assert_eq!(a.cypher_eq(&b), None);
        assert_eq!(a.cypher_eq(&c), Some(false));
    }

    #[test]
    fn order_puts_null_last_and_nan_after_numbers() {
        let mut v = [Value::Null, Value::Float(f64::NAN), Value::Int(3), Value::str("a"), Value::Float(1.5)];
        v.sort_by(|a, b| a.order_cmp(b));
        assert!(matches!(v[0], Value::String(_)));
        assert!(matches!(v[1], Value::Float(x) if x == 1.5));
        assert!(matches!(v[2], Value::Int(3)));
        assert!(matches!(v[3], Value::Float(x) if x.is_nan()));
        assert!(v[4].is_null());
    }

    #[test]
    fn equivalent_numbers_hash_alike() {
        use std::collections::HashSet;
        let set: HashSet<Equiv> = [Value::Int(1), Value::Float(1.0), Value::Null, Value::Null].into_iter().map(Equiv).collect();
        assert_eq!(set.len(), 2);
    }

    #[test]
    fn floats_print_with_a_point() {
        assert_eq!(Value::Float(1.0).to_string(), "1.0");
        assert_eq!(Value::Float(1e300).to_string(), "1e300");
        assert_eq!(Value::str("it's").to_string(), r"'it\'s'");
    }
}
