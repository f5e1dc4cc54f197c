//! `expr IS [NOT] :: TYPE`: whether a value belongs to a type.

use crate::syntax::ast::TypeSpec;
use crate::temporal::Temporal;
use crate::value::Value;

/// Whether `v` has type `ty`. Null belongs to every type not marked `NOT NULL`; a list
/// belongs to `LIST<T>` when each of its elements belongs to `T`.
pub(super) fn has_type(v: &Value, ty: &TypeSpec) -> bool {
    match ty {
        TypeSpec::NotNull(t) => !v.is_null() && has_type(v, t),
        TypeSpec::Union(ts) => ts.iter().any(|t| has_type(v, t)),
        _ if v.is_null() => true,
        TypeSpec::Any => true,
        TypeSpec::Nothing | TypeSpec::Null => false,
        TypeSpec::PropertyValue => match v {
            // a homogeneous list of scalars
            Value::List(items) => {
                let mut kinds = items.iter().filter(|i| !i.is_null()).map(base_name);
                let first = kinds.next();
                items.iter().all(|i| i.is_null() || is_scalar(i)) && kinds.all(|k| k == first.flatten())
            }
            other => is_scalar(other),
        },
        TypeSpec::List(inner) => matches!(v, Value::List(items) if items.iter().all(|i| has_type(i, inner))),
        TypeSpec::Base(name) => base_name(v) == Some(*name),
    }
}

fn is_scalar(v: &Value) -> bool {
    matches!(v, Value::Bool(_) | Value::Int(_) | Value::Float(_) | Value::String(_) | Value::Temporal(_))
}

/// The name of a value's type without parameters, as in `valueType()`.
pub(super) fn base_name(v: &Value) -> Option<&'static str> {
    Some(match v {
        Value::Null | Value::List(_) => return None,
        Value::Bool(_) => "BOOLEAN",
        Value::Int(_) => "INTEGER",
        Value::Float(_) => "FLOAT",
        Value::String(_) => "STRING",
        Value::Map(_) => "MAP",
        Value::Node(_) => "NODE",
        Value::Rel(_) => "RELATIONSHIP",
        Value::Path(_) => "PATH",
        Value::Temporal(t) => match **t {
            Temporal::Date(_) => "DATE",
            Temporal::LocalTime(_) => "LOCAL TIME",
            Temporal::Time(_) => "ZONED TIME",
            Temporal::LocalDateTime(_) => "LOCAL DATETIME",
            Temporal::DateTime(_) => "ZONED DATETIME",
            Temporal::Duration(_) => "DURATION",
        },
    })
}
