//! Procedures callable with `CALL`: the built-in schema procedures and table-backed ones
//! registered by embedders and tests.

use std::collections::HashMap;

use crate::value::{Value, ValueType};

/// A declared argument or output column: name and type (`None` for ANY).
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: String,
    pub ty: Option<ValueType>,
    pub nullable: bool,
}

/// A procedure answered from a fixed table: each row holds the input values followed by
/// the output values; a call yields the outputs of the rows whose inputs equal its
/// arguments. A procedure with no outputs is void.
#[derive(Clone, Debug, PartialEq)]
pub struct Procedure {
    /// Dotted name, e.g. `test.my.proc`.
    pub name: String,
    pub inputs: Vec<Field>,
    pub outputs: Vec<Field>,
    pub rows: Vec<Vec<Value>>,
}

#[derive(Clone, Debug, Default)]
pub struct Procedures {
    by_name: HashMap<String, Procedure>,
}

impl Procedures {
    pub fn register(&mut self, p: Procedure) {
        self.by_name.insert(p.name.to_lowercase(), p);
    }

    pub fn get(&self, name: &str) -> Option<&Procedure> {
        self.by_name.get(&name.to_lowercase())
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.by_name.values().map(|p| p.name.as_str())
    }
}
