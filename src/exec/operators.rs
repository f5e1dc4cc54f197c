//! The operators of the language, applied to values: arithmetic, boolean connectives with
//! three-valued logic, comparisons, list membership, string predicates, regular expressions,
//! element access, slicing and property access.
//!
//! Every function here is total over [`Value`]: a combination of operand types the language
//! does not define is reported as an [`ExecError`] (category TypeError, code
//! `InvalidArgumentType`) rather than a panic. Integer arithmetic is checked: an overflow is
//! an ArgumentError `IntegerOverflow`, never a wrap.

use std::cmp::Ordering;
use std::sync::Arc;

pub use super::regex_cache::RegexCache;
use crate::error::{Category, ExecError};
use crate::store::{Graph, NodeRef, RelRef};
use crate::value::{NodeId, RelId, Value, ValueType, format_float};

// ----- error constructors ------------------------------------------------------------------

fn type_mismatch(what: &str, a: &Value, b: &Value, hint: &str) -> ExecError {
    ExecError::type_error("InvalidArgumentType", format!("cannot {what} {} and {} ({hint})", a.value_type(), b.value_type()))
}

fn overflow(op: &str, a: i64, b: i64) -> ExecError {
    ExecError::argument("IntegerOverflow", format!("integer overflow: {a} {op} {b} does not fit in a 64-bit integer"))
}

fn not_boolean(op: &str, v: &Value) -> ExecError {
    ExecError::type_error("InvalidArgumentType", format!("{op} expects Boolean operands, but got {}", v.value_type()))
}

/// The error for reading from a node or relationship deleted by the running statement.
pub(crate) fn deleted_entity(what: &str) -> ExecError {
    ExecError::new(Category::EntityNotFound, "DeletedEntityAccess", format!("cannot read {what} of an entity that was deleted"))
}

/// Text of an integer or float as string concatenation and `toString` render it.
pub(crate) fn number_text(v: &Value) -> Option<String> {
    match v {
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) => {
            let mut s = String::new();
            format_float(*f, &mut s).ok()?;
            Some(s)
        }
        _ => None,
    }
}

fn concat_str(a: &str, b: &str) -> Value {
    let mut s = String::with_capacity(a.len() + b.len());
    s.push_str(a);
    s.push_str(b);
    Value::from(s)
}

// ----- arithmetic --------------------------------------------------------------------------

/// The two operands as floats, when both are numbers and at least one is a float.
fn float_pair(a: &Value, b: &Value) -> Option<(f64, f64)> {
    match (a, b) {
        (Value::Int(_), Value::Int(_)) => None,
        _ => Some((a.as_f64()?, b.as_f64()?)),
    }
}

/// `a + b`: numbers, string concatenation (a string and a number concatenate the number's
/// text), and list concatenation (a list and a non-list value append or prepend it).
pub fn add(a: &Value, b: &Value) -> Result<Value, ExecError> {
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        _ if let Some(r) = super::temporal::add(a, b) => r,
        (Value::Int(x), Value::Int(y)) => x.checked_add(*y).map(Value::Int).ok_or_else(|| overflow("+", *x, *y)),
        (Value::List(x), Value::List(y)) => {
            let mut out = Vec::with_capacity(x.len() + y.len());
            out.extend(x.iter().cloned());
            out.extend(y.iter().cloned());
            Ok(Value::list(out))
        }
        (Value::List(x), other) => {
            let mut out = Vec::with_capacity(x.len() + 1);
            out.extend(x.iter().cloned());
            out.push(other.clone());
            Ok(Value::list(out))
        }
        (other, Value::List(y)) => {
            let mut out = Vec::with_capacity(y.len() + 1);
            out.push(other.clone());
            out.extend(y.iter().cloned());
            Ok(Value::list(out))
        }
        (Value::String(x), Value::String(y)) => Ok(concat_str(x, y)),
        (Value::String(x), n @ (Value::Int(_) | Value::Float(_))) => Ok(concat_str(x, &number_text(n).unwrap_or_default())),
        (n @ (Value::Int(_) | Value::Float(_)), Value::String(y)) => Ok(concat_str(&number_text(n).unwrap_or_default(), y)),
        _ => match float_pair(a, b) {
            Some((x, y)) => Ok(Value::Float(x + y)),
            None => Err(type_mismatch("add", a, b, "`+` works on numbers, strings and lists")),
        },
    }
}

/// `a - b` on numbers.
pub fn sub(a: &Value, b: &Value) -> Result<Value, ExecError> {
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        _ if let Some(r) = super::temporal::sub(a, b) => r,
        (Value::Int(x), Value::Int(y)) => x.checked_sub(*y).map(Value::Int).ok_or_else(|| overflow("-", *x, *y)),
        _ => match float_pair(a, b) {
            Some((x, y)) => Ok(Value::Float(x - y)),
            None => Err(type_mismatch("subtract", a, b, "`-` works on numbers")),
        },
    }
}

/// `a * b` on numbers.
pub fn mul(a: &Value, b: &Value) -> Result<Value, ExecError> {
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        _ if let Some(r) = super::temporal::mul(a, b) => r,
        (Value::Int(x), Value::Int(y)) => x.checked_mul(*y).map(Value::Int).ok_or_else(|| overflow("*", *x, *y)),
        _ => match float_pair(a, b) {
            Some((x, y)) => Ok(Value::Float(x * y)),
            None => Err(type_mismatch("multiply", a, b, "`*` works on numbers")),
        },
    }
}

/// `a / b`: integer division truncates toward zero; an integer divided by the integer zero is
/// an ArgumentError `DivisionByZero`; float division follows IEEE 754 (infinity, NaN).
pub fn div(a: &Value, b: &Value) -> Result<Value, ExecError> {
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        _ if let Some(r) = super::temporal::div(a, b) => r,
        (Value::Int(_), Value::Int(0)) => Err(ExecError::argument("DivisionByZero", "division by zero")),
        (Value::Int(x), Value::Int(y)) => x.checked_div(*y).map(Value::Int).ok_or_else(|| overflow("/", *x, *y)),
        _ => match float_pair(a, b) {
            Some((x, y)) => Ok(Value::Float(x / y)),
            None => Err(type_mismatch("divide", a, b, "`/` works on numbers")),
        },
    }
}

/// `a % b`: the remainder of truncating division (its sign is the sign of `a`).
pub fn rem(a: &Value, b: &Value) -> Result<Value, ExecError> {
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        (Value::Int(_), Value::Int(0)) => Err(ExecError::argument("DivisionByZero", "modulo by zero")),
        // i64::MIN % -1 is mathematically 0; only the machine instruction overflows.
        (Value::Int(x), Value::Int(y)) => Ok(Value::Int(x.wrapping_rem(*y))),
        _ => match float_pair(a, b) {
            Some((x, y)) => Ok(Value::Float(x % y)),
            None => Err(type_mismatch("take the remainder of", a, b, "`%` works on numbers")),
        },
    }
}

/// `a ^ b`: always a float.
pub fn pow(a: &Value, b: &Value) -> Result<Value, ExecError> {
    match (a, b) {
        (Value::Null, _) | (_, Value::Null) => Ok(Value::Null),
        _ => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => Ok(Value::Float(x.powf(y))),
            _ => Err(type_mismatch("raise", a, b, "`^` works on numbers")),
        },
    }
}

/// Unary minus.
pub fn neg(a: &Value) -> Result<Value, ExecError> {
    match a {
        Value::Null => Ok(Value::Null),
        Value::Int(x) => x
            .checked_neg()
            .map(Value::Int)
            .ok_or_else(|| ExecError::argument("IntegerOverflow", format!("integer overflow: -({x}) does not fit in a 64-bit integer"))),
        Value::Float(x) => Ok(Value::Float(-x)),
        _ if let Some(r) = super::temporal::neg(a) => r,
        other => Err(ExecError::type_error(
            "InvalidArgumentType",
            format!("cannot negate {} (unary `-` works on numbers and durations)", other.value_type()),
        )),
    }
}

// ----- boolean connectives -----------------------------------------------------------------

fn truth(op: &str, v: &Value) -> Result<Option<bool>, ExecError> {
    v.truth().map_err(|_| not_boolean(op, v))
}

/// `NOT a`: null stays null.
pub fn not(a: &Value) -> Result<Value, ExecError> {
    Ok(truth("NOT", a)?.map(|b| !b).into())
}

/// `a AND b` (Kleene logic: false wins over null).
pub fn and(a: &Value, b: &Value) -> Result<Value, ExecError> {
    let (x, y) = (truth("AND", a)?, truth("AND", b)?);
    Ok(match (x, y) {
        (Some(false), _) | (_, Some(false)) => Value::Bool(false),
        (Some(true), Some(true)) => Value::Bool(true),
        _ => Value::Null,
    })
}

/// `a OR b` (Kleene logic: true wins over null).
pub fn or(a: &Value, b: &Value) -> Result<Value, ExecError> {
    let (x, y) = (truth("OR", a)?, truth("OR", b)?);
    Ok(match (x, y) {
        (Some(true), _) | (_, Some(true)) => Value::Bool(true),
        (Some(false), Some(false)) => Value::Bool(false),
        _ => Value::Null,
    })
}

/// `a XOR b`: null when either side is null.
pub fn xor(a: &Value, b: &Value) -> Result<Value, ExecError> {
    let (x, y) = (truth("XOR", a)?, truth("XOR", b)?);
    Ok(match (x, y) {
        (Some(p), Some(q)) => Value::Bool(p != q),
        _ => Value::Null,
    })
}

// ----- comparison --------------------------------------------------------------------------

/// `a = b`: true, false or null.
pub fn eq(a: &Value, b: &Value) -> Value {
    a.cypher_eq(b).into()
}

/// `a <> b`: true, false or null.
pub fn ne(a: &Value, b: &Value) -> Value {
    a.cypher_eq(b).map(|e| !e).into()
}

/// The ordering comparison operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    fn holds(self, o: Ordering) -> bool {
        match self {
            CmpOp::Lt => o == Ordering::Less,
            CmpOp::Le => o != Ordering::Greater,
            CmpOp::Gt => o == Ordering::Greater,
            CmpOp::Ge => o != Ordering::Less,
        }
    }
}

/// Outcome of comparing two values for `<` and friends.
enum Compared {
    Ordered(Ordering),
    /// Comparable types that are not ordered (NaN against a number): every operator is false.
    Unordered,
    /// Incomparable types or a null: the comparison is null.
    Unknown,
}

fn compare(a: &Value, b: &Value) -> Compared {
    let is_nan = |v: &Value| matches!(v, Value::Float(f) if f.is_nan());
    match (a, b) {
        (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) if is_nan(a) || is_nan(b) => Compared::Unordered,
        (Value::List(x), Value::List(y)) => {
            for (p, q) in x.iter().zip(y.iter()) {
                match compare(p, q) {
                    Compared::Ordered(Ordering::Equal) => {}
                    other => return other,
                }
            }
            Compared::Ordered(x.len().cmp(&y.len()))
        }
        _ => match a.cypher_cmp(b) {
            Some(o) => Compared::Ordered(o),
            None => Compared::Unknown,
        },
    }
}

/// `a < b`, `a <= b`, `a > b`, `a >= b`. Values of different types (other than two numbers)
/// compare to null; NaN compared with a number is false.
pub fn cmp(op: CmpOp, a: &Value, b: &Value) -> Value {
    match compare(a, b) {
        Compared::Ordered(o) => Value::Bool(op.holds(o)),
        Compared::Unordered => Value::Bool(false),
        Compared::Unknown => Value::Null,
    }
}

/// `item IN list`: true when an element equals `item`; otherwise null when some element
/// compared as null, else false.
pub fn in_list(item: &Value, list: &Value) -> Result<Value, ExecError> {
    match list {
        Value::Null => Ok(Value::Null),
        Value::List(items) => {
            let mut unknown = false;
            for x in items.iter() {
                match item.cypher_eq(x) {
                    Some(true) => return Ok(Value::Bool(true)),
                    Some(false) => {}
                    None => unknown = true,
                }
            }
            Ok(if unknown { Value::Null } else { Value::Bool(false) })
        }
        other => Err(ExecError::type_error(
            "InvalidArgumentType",
            format!("the right-hand side of IN must be a List, but got {}", other.value_type()),
        )),
    }
}

// ----- string predicates -------------------------------------------------------------------

fn str_pred(a: &Value, b: &Value, f: impl FnOnce(&str, &str) -> bool) -> Value {
    match (a, b) {
        (Value::String(x), Value::String(y)) => Value::Bool(f(x, y)),
        _ => Value::Null,
    }
}

/// `a STARTS WITH b`; null unless both are strings.
pub fn starts_with(a: &Value, b: &Value) -> Value {
    str_pred(a, b, |x, y| x.starts_with(y))
}

/// `a ENDS WITH b`; null unless both are strings.
pub fn ends_with(a: &Value, b: &Value) -> Value {
    str_pred(a, b, |x, y| x.ends_with(y))
}

/// `a CONTAINS b`; null unless both are strings.
pub fn contains(a: &Value, b: &Value) -> Value {
    str_pred(a, b, |x, y| x.contains(y))
}

/// `a =~ b`: whether the whole of string `a` matches the regular expression `b`; null unless
/// both are strings. An invalid pattern is an ArgumentError `InvalidRegex`.
pub fn regex_match(a: &Value, b: &Value, cache: &mut RegexCache) -> Result<Value, ExecError> {
    match (a, b) {
        (Value::String(s), Value::String(p)) => Ok(Value::Bool(cache.get(p)?.is_match(s))),
        _ => Ok(Value::Null),
    }
}

// ----- element access ----------------------------------------------------------------------

/// A live node record; a deleted (or vanished) node is an EntityNotFound `DeletedEntityAccess`.
pub(crate) fn node_rec<'g>(graph: &'g Graph, id: NodeId, what: &str) -> Result<NodeRef<'g>, ExecError> {
    match graph.node_any(id) {
        Some(n) if !n.deleted() => Ok(n),
        _ => Err(deleted_entity(what)),
    }
}

/// A live relationship record; a deleted one is an EntityNotFound `DeletedEntityAccess`.
pub(crate) fn rel_rec<'g>(graph: &'g Graph, id: RelId, what: &str) -> Result<RelRef<'g>, ExecError> {
    match graph.rel_any(id) {
        Some(r) if !r.deleted() => Ok(r),
        _ => Err(deleted_entity(what)),
    }
}

/// The value of property `key` of a node (null when absent).
pub(crate) fn node_prop(graph: &Graph, id: NodeId, key: &str) -> Result<Value, ExecError> {
    let n = node_rec(graph, id, "properties")?;
    Ok(graph.sym(key).and_then(|k| n.prop(k)).map_or(Value::Null, |v| v.to_value()))
}

/// The value of property `key` of a relationship (null when absent).
pub(crate) fn rel_prop(graph: &Graph, id: RelId, key: &str) -> Result<Value, ExecError> {
    let r = rel_rec(graph, id, "properties")?;
    Ok(graph.sym(key).and_then(|k| r.prop(k)).map_or(Value::Null, |v| v.to_value()))
}

/// Position `i` (negative counts from the end) of a sequence of length `len`, if inside.
fn list_position(len: usize, i: i64) -> Option<usize> {
    let len = len as i128;
    let i = i as i128;
    let p = if i < 0 { len + i } else { i };
    (0..len).contains(&p).then_some(p as usize)
}

/// `container[idx]`: a list element (negative indexes count from the end, out of range is
/// null), a map value, or a node's or relationship's property by name.
pub fn index(container: &Value, idx: &Value, graph: &Graph) -> Result<Value, ExecError> {
    match container {
        Value::Null => Ok(Value::Null),
        Value::List(items) => match idx {
            Value::Null => Ok(Value::Null),
            Value::Int(i) => Ok(list_position(items.len(), *i).map_or(Value::Null, |p| items[p].clone())),
            other => Err(ExecError::type_error(
                "InvalidArgumentType",
                format!("a list index must be an Integer, but got {}", other.value_type()),
            )),
        },
        Value::Map(_) | Value::Node(_) | Value::Rel(_) => match idx {
            Value::Null => Ok(Value::Null),
            Value::String(key) => property(container, key, graph),
            other => Err(ExecError::type_error(
                "MapElementAccessByNonString",
                format!("a {} can only be indexed by a String key, but got {}", container.value_type(), other.value_type()),
            )),
        },
        other => Err(ExecError::type_error(
            "InvalidArgumentType",
            format!("cannot index into {}; `[]` works on lists, maps, nodes and relationships", other.value_type()),
        )),
    }
}

fn slice_bound(v: Option<&Value>) -> Result<Option<Option<i64>>, ExecError> {
    match v {
        None => Ok(Some(None)),
        Some(Value::Null) => Ok(None),
        Some(Value::Int(i)) => Ok(Some(Some(*i))),
        Some(other) => Err(ExecError::type_error(
            "InvalidArgumentType",
            format!("a list slice bound must be an Integer, but got {}", other.value_type()),
        )),
    }
}

/// `list[from..to]`: `None` for an omitted bound; negative bounds count from the end; bounds
/// outside the list are clamped; a null bound gives null.
pub fn slice(list: &Value, from: Option<&Value>, to: Option<&Value>) -> Result<Value, ExecError> {
    let items = match list {
        Value::Null => return Ok(Value::Null),
        Value::List(items) => items,
        other => {
            return Err(ExecError::type_error(
                "InvalidArgumentType",
                format!("cannot slice {}; `[from..to]` works on lists", other.value_type()),
            ));
        }
    };
    let (Some(from), Some(to)) = (slice_bound(from)?, slice_bound(to)?) else {
        return Ok(Value::Null);
    };
    let len = items.len() as i128;
    let clamp = |i: i64| {
        let i = i as i128;
        (if i < 0 { len + i } else { i }).clamp(0, len) as usize
    };
    let start = from.map_or(0, clamp);
    let end = to.map_or(items.len(), clamp);
    if start >= end {
        return Ok(Value::list(Vec::new()));
    }
    if start == 0 && end == items.len() {
        return Ok(Value::List(Arc::clone(items)));
    }
    Ok(Value::list(items[start..end].to_vec()))
}

/// `container.key`: a map value, or a node's or relationship's property; null when absent or
/// when the container is null. Reading a property of an entity deleted by the running
/// statement is an EntityNotFound `DeletedEntityAccess`.
pub fn property(container: &Value, key: &str, graph: &Graph) -> Result<Value, ExecError> {
    match container {
        Value::Null => Ok(Value::Null),
        Value::Map(m) => Ok(m.get(key).cloned().unwrap_or(Value::Null)),
        Value::Node(id) => node_prop(graph, *id, key),
        Value::Rel(id) => rel_prop(graph, *id, key),
        Value::Temporal(t) => super::temporal::access::component(t, key),
        other => Err(ExecError::type_error(
            "InvalidArgumentType",
            format!(
                "cannot read property `{key}` of {}; only maps, nodes and relationships have properties",
                type_phrase(other.value_type())
            ),
        )),
    }
}

/// "an Integer", "a List", ... for messages.
pub(crate) fn type_phrase(t: ValueType) -> String {
    let name = t.to_string();
    let article = if matches!(t, ValueType::Integer) { "an" } else { "a" };
    match t {
        ValueType::Null => "null".to_owned(),
        _ => format!("{article} {name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Map;

    fn int(i: i64) -> Value {
        Value::Int(i)
    }
    fn flt(f: f64) -> Value {
        Value::Float(f)
    }
    fn s(x: &str) -> Value {
        Value::str(x)
    }
    fn list(items: Vec<Value>) -> Value {
        Value::list(items)
    }
    fn code(r: Result<Value, ExecError>) -> (Category, &'static str) {
        let e = r.expect_err("expected an error");
        (e.category, e.code)
    }
    fn is_float(v: &Value, expected: f64) -> bool {
        matches!(v, Value::Float(f) if f.to_bits() == expected.to_bits())
    }

    #[test]
    fn integer_arithmetic_is_checked() {
        assert_eq!(add(&int(2), &int(3)).unwrap(), int(5));
        assert_eq!(code(add(&int(i64::MAX), &int(1))), (Category::ArgumentError, "IntegerOverflow"));
        assert_eq!(code(sub(&int(i64::MIN), &int(1))), (Category::ArgumentError, "IntegerOverflow"));
        assert_eq!(code(mul(&int(i64::MAX / 2 + 1), &int(2))), (Category::ArgumentError, "IntegerOverflow"));
        assert_eq!(code(neg(&int(i64::MIN))), (Category::ArgumentError, "IntegerOverflow"));
        assert_eq!(code(div(&int(i64::MIN), &int(-1))), (Category::ArgumentError, "IntegerOverflow"));
        assert_eq!(rem(&int(i64::MIN), &int(-1)).unwrap(), int(0));
        assert_eq!(neg(&int(i64::MAX)).unwrap(), int(-i64::MAX));
        assert_eq!(sub(&int(i64::MIN + 1), &int(1)).unwrap(), int(i64::MIN));
    }

    #[test]
    fn division_and_remainder() {
        assert_eq!(div(&int(7), &int(2)).unwrap(), int(3));
        assert_eq!(div(&int(-7), &int(2)).unwrap(), int(-3));
        assert_eq!(rem(&int(-7), &int(2)).unwrap(), int(-1));
        assert_eq!(rem(&int(7), &int(-2)).unwrap(), int(1));
        assert_eq!(code(div(&int(1), &int(0))), (Category::ArgumentError, "DivisionByZero"));
        assert_eq!(code(rem(&int(1), &int(0))), (Category::ArgumentError, "DivisionByZero"));
        assert!(is_float(&div(&int(1), &flt(0.0)).unwrap(), f64::INFINITY));
        assert!(is_float(&div(&flt(-1.0), &int(0)).unwrap(), f64::NEG_INFINITY));
        assert!(matches!(div(&flt(0.0), &flt(0.0)).unwrap(), Value::Float(f) if f.is_nan()));
        assert!(is_float(&rem(&flt(7.5), &int(2)).unwrap(), 1.5));
        // Precedence2 [1]: 4 / 2 + 3 % 2 etc. rely on truncating integer division.
        assert_eq!(div(&int(12), &int(4)).unwrap(), int(3));
    }

    #[test]
    fn mixing_integers_and_floats_gives_floats() {
        assert!(is_float(&add(&int(1), &flt(0.5)).unwrap(), 1.5));
        assert!(is_float(&sub(&flt(0.5), &int(1)).unwrap(), -0.5));
        assert!(is_float(&mul(&int(3), &flt(1.5)).unwrap(), 4.5));
        assert!(is_float(&div(&int(3), &flt(2.0)).unwrap(), 1.5));
        assert!(is_float(&neg(&flt(0.0)).unwrap(), -0.0));
    }

    #[test]
    fn power_is_always_float() {
        assert!(is_float(&pow(&int(2), &int(3)).unwrap(), 8.0));
        assert!(is_float(&pow(&int(4), &flt(0.5)).unwrap(), 2.0));
        // Precedence2 [4]: (-3) ^ 2 = 9.0
        assert!(is_float(&pow(&int(-3), &int(2)).unwrap(), 9.0));
        assert!(is_float(&pow(&int(2), &int(-1)).unwrap(), 0.5));
        assert_eq!(pow(&Value::Null, &int(2)).unwrap(), Value::Null);
    }

    #[test]
    fn null_propagates_through_arithmetic() {
        for f in [add, sub, mul, div, rem, pow] {
            assert!(f(&Value::Null, &int(1)).unwrap().is_null());
            assert!(f(&int(1), &Value::Null).unwrap().is_null());
            // Null wins even over a type error.
            assert!(f(&Value::Bool(true), &Value::Null).unwrap().is_null());
        }
        assert!(neg(&Value::Null).unwrap().is_null());
        assert!(add(&list(vec![int(1)]), &Value::Null).unwrap().is_null());
    }

    #[test]
    fn type_errors_name_the_types() {
        let e = add(&int(1), &Value::Bool(true)).unwrap_err();
        assert_eq!((e.category, e.code), (Category::TypeError, "InvalidArgumentType"));
        assert!(e.message.contains("Integer") && e.message.contains("Boolean"), "{}", e.message);
        assert_eq!(code(mul(&s("a"), &int(2))), (Category::TypeError, "InvalidArgumentType"));
        assert_eq!(code(sub(&s("a"), &s("b"))), (Category::TypeError, "InvalidArgumentType"));
        assert_eq!(code(neg(&s("a"))), (Category::TypeError, "InvalidArgumentType"));
        assert_eq!(code(pow(&Value::Bool(true), &int(1))), (Category::TypeError, "InvalidArgumentType"));
        assert_eq!(code(add(&s("a"), &Value::Bool(true))), (Category::TypeError, "InvalidArgumentType"));
    }

    #[test]
    fn string_and_list_concatenation() {
        assert_eq!(add(&s("nam"), &s("e")).unwrap(), s("name"));
        assert_eq!(add(&s("n"), &int(1)).unwrap(), s("n1"));
        assert_eq!(add(&flt(1.5), &s("x")).unwrap(), s("1.5x"));
        assert_eq!(add(&s("v"), &flt(2.0)).unwrap(), s("v2.0"));
        // List4
        assert_eq!(add(&list(vec![int(1), int(10)]), &list(vec![int(4)])).unwrap(), list(vec![int(1), int(10), int(4)]));
        assert_eq!(
            add(&list(vec![Value::Bool(false), Value::Bool(true)]), &Value::Bool(false)).unwrap(),
            list(vec![Value::Bool(false), Value::Bool(true), Value::Bool(false)])
        );
        assert_eq!(add(&int(0), &list(vec![int(1)])).unwrap(), list(vec![int(0), int(1)]));
        assert_eq!(add(&s("a"), &list(vec![int(1)])).unwrap(), list(vec![s("a"), int(1)]));
        // Precedence3: [[1], [2, 3]] + [8, 9] appends the list's elements
        assert_eq!(
            add(&list(vec![list(vec![int(1)])]), &list(vec![int(8), int(9)])).unwrap(),
            list(vec![list(vec![int(1)]), int(8), int(9)])
        );
    }

    #[test]
    fn three_valued_logic_truth_tables() {
        let t = Value::Bool(true);
        let f = Value::Bool(false);
        let n = Value::Null;
        let vals = [&t, &f, &n];
        // Expected results indexed like `vals` (row = a, column = b).
        let and_table = [[Some(true), Some(false), None], [Some(false), Some(false), Some(false)], [None, Some(false), None]];
        let or_table = [[Some(true), Some(true), Some(true)], [Some(true), Some(false), None], [Some(true), None, None]];
        let xor_table = [[Some(false), Some(true), None], [Some(true), Some(false), None], [None, None, None]];
        for (i, a) in vals.iter().enumerate() {
            for (j, b) in vals.iter().enumerate() {
                assert_eq!(and(a, b).unwrap(), Value::from(and_table[i][j]), "{a} AND {b}");
                assert_eq!(or(a, b).unwrap(), Value::from(or_table[i][j]), "{a} OR {b}");
                assert_eq!(xor(a, b).unwrap(), Value::from(xor_table[i][j]), "{a} XOR {b}");
            }
        }
        assert_eq!(not(&t).unwrap(), f);
        assert_eq!(not(&f).unwrap(), t);
        assert!(not(&n).unwrap().is_null());
    }

    #[test]
    fn boolean_operators_reject_non_booleans() {
        assert_eq!(code(and(&int(123), &Value::Bool(true))), (Category::TypeError, "InvalidArgumentType"));
        assert_eq!(code(and(&Value::Bool(false), &s("x"))), (Category::TypeError, "InvalidArgumentType"));
        assert_eq!(code(or(&Value::Null, &flt(1.0))), (Category::TypeError, "InvalidArgumentType"));
        assert_eq!(code(xor(&list(vec![]), &Value::Null)), (Category::TypeError, "InvalidArgumentType"));
        assert_eq!(code(not(&Value::map(Map::new()))), (Category::TypeError, "InvalidArgumentType"));
    }

    #[test]
    fn equality_and_comparison() {
        assert_eq!(eq(&int(1), &flt(1.0)), Value::Bool(true));
        assert_eq!(eq(&s("1"), &int(1)), Value::Bool(false));
        assert!(eq(&Value::Null, &Value::Null).is_null());
        assert_eq!(ne(&int(1), &int(2)), Value::Bool(true));
        assert!(ne(&int(1), &Value::Null).is_null());
        let nan = flt(f64::NAN);
        // Comparison1 [8]
        assert_eq!(eq(&nan, &nan), Value::Bool(false));
        assert_eq!(ne(&nan, &nan), Value::Bool(true));
        // Comparison2 [5]: NaN against numbers is false, against strings null.
        for op in [CmpOp::Lt, CmpOp::Le, CmpOp::Gt, CmpOp::Ge] {
            assert_eq!(cmp(op, &nan, &int(1)), Value::Bool(false));
            assert_eq!(cmp(op, &nan, &flt(1.0)), Value::Bool(false));
            assert_eq!(cmp(op, &nan, &nan), Value::Bool(false));
            assert!(cmp(op, &nan, &s("a")).is_null());
            assert!(cmp(op, &s("1"), &int(1)).is_null());
        }
        assert_eq!(cmp(CmpOp::Lt, &int(1), &flt(2.5)), Value::Bool(true));
        assert_eq!(cmp(CmpOp::Le, &int(1), &flt(1.0)), Value::Bool(true));
        assert_eq!(cmp(CmpOp::Lt, &int(1), &flt(1.0)), Value::Bool(false));
        assert_eq!(cmp(CmpOp::Gt, &s("xx"), &s("x")), Value::Bool(true));
        assert_eq!(cmp(CmpOp::Lt, &Value::Bool(false), &Value::Bool(true)), Value::Bool(true));
        // Comparison2 [4]: lists
        let l = |v: Vec<Value>| list(v);
        assert_eq!(cmp(CmpOp::Ge, &l(vec![int(1), int(0)]), &l(vec![int(1)])), Value::Bool(true));
        assert!(cmp(CmpOp::Ge, &l(vec![int(1), int(2)]), &l(vec![int(1), Value::Null])).is_null());
        assert!(cmp(CmpOp::Ge, &l(vec![int(1), s("a")]), &l(vec![int(1), Value::Null])).is_null());
        assert_eq!(cmp(CmpOp::Ge, &l(vec![int(1), int(2)]), &l(vec![int(3), Value::Null])), Value::Bool(false));
        assert!(cmp(CmpOp::Lt, &Value::map(Map::new()), &Value::map(Map::new())).is_null());
        assert!(cmp(CmpOp::Lt, &Value::Null, &int(1)).is_null());
    }

    #[test]
    fn in_list_is_three_valued() {
        let l = |v: Vec<Value>| list(v);
        assert_eq!(in_list(&int(3), &l(vec![int(1), Value::Null, int(3)])).unwrap(), Value::Bool(true));
        assert!(in_list(&int(4), &l(vec![int(1), Value::Null, int(3)])).unwrap().is_null());
        assert!(in_list(&Value::Null, &l(vec![Value::Null])).unwrap().is_null());
        assert_eq!(in_list(&Value::Null, &l(vec![])).unwrap(), Value::Bool(false));
        assert_eq!(in_list(&int(1), &l(vec![s("1"), int(2)])).unwrap(), Value::Bool(false));
        assert_eq!(in_list(&l(vec![int(1), int(2)]), &l(vec![int(1), l(vec![int(1), int(2)])])).unwrap(), Value::Bool(true));
        assert!(in_list(&l(vec![int(1), int(2)]), &l(vec![l(vec![Value::Null, int(2)]), l(vec![int(1), int(3)])])).unwrap().is_null());
        assert_eq!(in_list(&l(vec![int(1), int(2)]), &l(vec![l(vec![Value::Null, s("foo")])])).unwrap(), Value::Bool(false));
        assert_eq!(in_list(&l(vec![]), &l(vec![])).unwrap(), Value::Bool(false));
        assert!(in_list(&int(1), &Value::Null).unwrap().is_null());
        assert_eq!(code(in_list(&int(1), &int(123))), (Category::TypeError, "InvalidArgumentType"));
    }

    #[test]
    fn string_predicates() {
        assert_eq!(starts_with(&s("ABCDEF"), &s("ABC")), Value::Bool(true));
        assert_eq!(starts_with(&s("ABCDEF"), &s("")), Value::Bool(true));
        assert_eq!(ends_with(&s("ABCDEF"), &s("DEF")), Value::Bool(true));
        assert_eq!(ends_with(&s("AB"), &s("ABCDEF")), Value::Bool(false));
        assert_eq!(contains(&s("Foo\nFoo"), &s("\n")), Value::Bool(true));
        assert!(contains(&s("a"), &Value::Null).is_null());
        assert!(contains(&int(1), &int(1)).is_null());
        assert!(starts_with(&list(vec![]), &s("")).is_null());
    }

    #[test]
    fn regex_matches_the_whole_string() {
        let mut cache = RegexCache::new();
        assert_eq!(regex_match(&s("abc"), &s("a.c"), &mut cache).unwrap(), Value::Bool(true));
        assert_eq!(regex_match(&s("xabcx"), &s("a.c"), &mut cache).unwrap(), Value::Bool(false));
        assert_eq!(regex_match(&s("ab"), &s("a|ab"), &mut cache).unwrap(), Value::Bool(true));
        assert_eq!(regex_match(&s("ab\n"), &s("ab"), &mut cache).unwrap(), Value::Bool(false));
        assert_eq!(regex_match(&s("ABC"), &s("(?i)abc"), &mut cache).unwrap(), Value::Bool(true));
        assert_eq!(regex_match(&s("한국어"), &s("한.어"), &mut cache).unwrap(), Value::Bool(true));
        assert!(regex_match(&int(1), &s("1"), &mut cache).unwrap().is_null());
        assert!(regex_match(&s("1"), &Value::Null, &mut cache).unwrap().is_null());
        assert_eq!(cache.len(), 5);
        assert_eq!(code(regex_match(&s("a"), &s("(a"), &mut cache)), (Category::ArgumentError, "InvalidRegex"));
        assert_eq!(cache.len(), 5);
    }

    #[test]
    fn list_indexing() {
        let g = Graph::new();
        let l = list(vec![int(1), int(2), int(3)]);
        assert_eq!(index(&l, &int(0), &g).unwrap(), int(1));
        assert_eq!(index(&l, &int(-1), &g).unwrap(), int(3));
        assert_eq!(index(&l, &int(-3), &g).unwrap(), int(1));
        assert!(index(&l, &int(-4), &g).unwrap().is_null());
        assert!(index(&l, &int(3), &g).unwrap().is_null());
        assert!(index(&l, &int(i64::MIN), &g).unwrap().is_null());
        assert!(index(&l, &Value::Null, &g).unwrap().is_null());
        assert!(index(&Value::Null, &int(0), &g).unwrap().is_null());
        for bad in [Value::Bool(true), flt(4.7), s("1"), list(vec![int(1)])] {
            assert_eq!(code(index(&l, &bad, &g)), (Category::TypeError, "InvalidArgumentType"));
        }
        // List1 [6], Map2 [8]: indexing a non-list
        for bad in [Value::Bool(true), int(123), flt(4.7), s("1")] {
            assert_eq!(code(index(&bad, &int(0), &g)), (Category::TypeError, "InvalidArgumentType"));
        }
    }

    #[test]
    fn map_indexing() {
        let g = Graph::new();
        let mut m = Map::new();
        m.insert(Arc::from("name"), s("Apa"));
        m.insert(Arc::from("Name"), s("Pontus"));
        let m = Value::map(m);
        assert_eq!(index(&m, &s("name"), &g).unwrap(), s("Apa"));
        assert_eq!(index(&m, &s("Name"), &g).unwrap(), s("Pontus"));
        assert!(index(&m, &s("nAMe"), &g).unwrap().is_null());
        assert!(index(&m, &Value::Null, &g).unwrap().is_null());
        // Map2 [6], [7]
        assert_eq!(code(index(&m, &int(0), &g)), (Category::TypeError, "MapElementAccessByNonString"));
        assert_eq!(code(index(&m, &flt(12.3), &g)), (Category::TypeError, "MapElementAccessByNonString"));
        assert_eq!(property(&m, "name", &g).unwrap(), s("Apa"));
        assert!(property(&m, "missing", &g).unwrap().is_null());
        assert!(property(&Value::Null, "x", &g).unwrap().is_null());
        // Map1 [6]
        for bad in [int(123), flt(42.45), Value::Bool(true), s("string"), list(vec![int(123)])] {
            assert_eq!(code(property(&bad, "num", &g)), (Category::TypeError, "InvalidArgumentType"));
        }
    }

    #[test]
    fn slicing() {
        let l = list((1..=5).map(int).collect());
        let sl = |a: Option<Value>, b: Option<Value>| slice(&l, a.as_ref(), b.as_ref()).unwrap();
        assert_eq!(sl(Some(int(1)), Some(int(3))), list(vec![int(2), int(3)]));
        assert_eq!(sl(Some(int(3)), None), list(vec![int(4), int(5)]));
        assert_eq!(sl(None, Some(int(2))), list(vec![int(1), int(2)]));
        assert_eq!(sl(Some(int(0)), Some(int(0))), list(vec![]));
        assert_eq!(sl(Some(int(-3)), Some(int(-1))), list(vec![int(3), int(4)]));
        assert_eq!(sl(Some(int(3)), Some(int(1))), list(vec![]));
        assert_eq!(sl(Some(int(-10)), Some(int(10))), l);
        assert_eq!(sl(Some(int(i64::MIN)), Some(int(i64::MAX))), l);
        assert_eq!(sl(None, None), l);
        assert!(sl(Some(Value::Null), Some(int(3))).is_null());
        assert!(sl(None, Some(Value::Null)).is_null());
        assert!(slice(&Value::Null, Some(&int(1)), None).unwrap().is_null());
        assert_eq!(code(slice(&l, Some(&flt(1.0)), None)), (Category::TypeError, "InvalidArgumentType"));
        assert_eq!(code(slice(&s("abc"), Some(&int(1)), None)), (Category::TypeError, "InvalidArgumentType"));
    }

    #[test]
    fn entity_properties() {
        let mut g = Graph::new();
        let name = g.intern("name");
        let num = g.intern("num");
        let t = g.intern("T");
        let a = g.add_node(&[], [(name, s("Apa"))].to_vec()).unwrap();
        let b = g.add_node(&[], Vec::new()).unwrap();
        let r = g.add_rel(t, a, b, [(num, int(42))].to_vec()).unwrap();

        assert_eq!(property(&Value::Node(a), "name", &g).unwrap(), s("Apa"));
        assert!(property(&Value::Node(a), "missing", &g).unwrap().is_null());
        assert!(property(&Value::Node(b), "name", &g).unwrap().is_null());
        assert_eq!(property(&Value::Rel(r), "num", &g).unwrap(), int(42));
        // Graph7: n['nam' + 'e']
        let key = add(&s("nam"), &s("e")).unwrap();
        assert_eq!(index(&Value::Node(a), &key, &g).unwrap(), s("Apa"));
        assert_eq!(index(&Value::Rel(r), &s("num"), &g).unwrap(), int(42));
        assert_eq!(code(index(&Value::Node(a), &int(1), &g)), (Category::TypeError, "MapElementAccessByNonString"));

        // Return2 [15], [17]
        g.set_node_deleted(a, true);
        g.set_rel_deleted(r, true);
        assert_eq!(code(property(&Value::Node(a), "name", &g)), (Category::EntityNotFound, "DeletedEntityAccess"));
        assert_eq!(code(property(&Value::Rel(r), "num", &g)), (Category::EntityNotFound, "DeletedEntityAccess"));
        assert_eq!(code(index(&Value::Node(a), &s("name"), &g)), (Category::EntityNotFound, "DeletedEntityAccess"));
    }
}
