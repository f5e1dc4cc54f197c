//! Which names are visible at a point of a query, what kind of value each holds, and in
//! which row slot it lives.

use std::collections::BTreeMap;

/// What a variable is known to hold. Mixing kinds (a relationship variable reused as a
/// node) is a compile-time error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VarKind {
    Node,
    Rel,
    /// The relationships of a variable-length pattern.
    RelList,
    Path,
    /// Anything else (projected expressions, UNWIND variables, parameters of lambdas).
    Value,
    /// A value known at compile time not to be a graph element (a projected literal, list
    /// or map): it can never stand for a node or relationship in a pattern.
    NotGraph(crate::value::ValueType),
}

impl VarKind {
    pub fn describe(self) -> &'static str {
        match self {
            VarKind::Node => "a node",
            VarKind::Rel => "a relationship",
            VarKind::RelList => "a list of relationships",
            VarKind::Path => "a path",
            VarKind::Value => "a value",
            VarKind::NotGraph(_) => "a value that is not a node or relationship",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Var {
    pub slot: usize,
    pub kind: VarKind,
}

/// Visible variables, by name, in name order (the order of `RETURN *`).
#[derive(Clone, Debug, Default)]
pub struct Scope {
    vars: BTreeMap<String, Var>,
}

impl Scope {
    pub fn get(&self, name: &str) -> Option<Var> {
        self.vars.get(name).copied()
    }

    pub fn insert(&mut self, name: &str, var: Var) {
        self.vars.insert(name.to_string(), var);
    }

    pub fn remove(&mut self, name: &str) {
        self.vars.remove(name);
    }

    pub fn contains(&self, name: &str) -> bool {
        self.vars.contains_key(name)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, Var)> {
        self.vars.iter().map(|(k, v)| (k.as_str(), *v))
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.vars.keys().map(|k| k.as_str())
    }
}
