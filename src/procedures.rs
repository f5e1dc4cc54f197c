//! Procedures callable with `CALL`: the built-in ones computed from the graph (the graph
//! algorithms of [`crate::algo`] and the schema procedures of [`introspection`]) and
//! table-backed ones registered by embedders and tests.

pub mod introspection;

use std::collections::HashMap;
use std::fmt;

use crate::error::ExecError;
use crate::exec::Context;
use crate::store::Graph;
use crate::value::{Value, ValueType};

/// A declared argument or output column: name and type (`None` for ANY). An argument with
/// a default may be left out (from the end of the argument list).
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: String,
    pub ty: Option<ValueType>,
    pub nullable: bool,
    pub default: Option<Value>,
}

impl Field {
    pub fn new(name: &str, ty: Option<ValueType>, nullable: bool) -> Self {
        Field { name: name.to_string(), ty, nullable, default: None }
    }

    /// An argument that may be omitted, taking `default` then.
    pub fn optional(name: &str, ty: Option<ValueType>, default: Value) -> Self {
        Field { name: name.to_string(), ty, nullable: true, default: Some(default) }
    }
}

/// Computes a procedure's output rows from the graph and the argument values (one per
/// declared input, defaults filled in). Long loops call [`Context::tick`].
pub type NativeFn = fn(&Graph, &[Value], &Context<'_>) -> Result<Vec<Vec<Value>>, ExecError>;

/// Where a procedure's rows come from.
#[derive(Clone)]
pub enum Body {
    /// A fixed table: each row holds the input values followed by the output values; a call
    /// yields the outputs of the rows whose inputs equal its arguments.
    Table(Vec<Vec<Value>>),
    /// Computed by a Rust function.
    Native(NativeFn),
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Body::Table(rows) => f.debug_tuple("Table").field(rows).finish(),
            Body::Native(_) => f.write_str("Native"),
        }
    }
}

/// A procedure: its signature and its body. A procedure with no outputs is void.
#[derive(Clone, Debug)]
pub struct Procedure {
    /// Dotted name, e.g. `test.my.proc`.
    pub name: String,
    pub inputs: Vec<Field>,
    pub outputs: Vec<Field>,
    pub body: Body,
}

impl Procedure {
    /// A procedure answered from a fixed table (see [`Body::Table`]).
    pub fn table(name: impl Into<String>, inputs: Vec<Field>, outputs: Vec<Field>, rows: Vec<Vec<Value>>) -> Self {
        Procedure { name: name.into(), inputs, outputs, body: Body::Table(rows) }
    }

    /// A procedure computed by `run`.
    pub fn native(name: impl Into<String>, inputs: Vec<Field>, outputs: Vec<Field>, run: NativeFn) -> Self {
        Procedure { name: name.into(), inputs, outputs, body: Body::Native(run) }
    }

    /// How many leading arguments must be given (those before the first with a default).
    pub fn required_inputs(&self) -> usize {
        self.inputs.iter().position(|f| f.default.is_some()).unwrap_or(self.inputs.len())
    }

    /// The output rows for `args` (one value per input).
    pub fn rows(&self, g: &Graph, args: &[Value], ctx: &Context<'_>) -> Result<Vec<Vec<Value>>, ExecError> {
        match &self.body {
            Body::Table(rows) => {
                let n = self.inputs.len();
                Ok(rows
                    .iter()
                    .filter(|r| r[..n].iter().zip(args).all(|(x, y)| x.cypher_eq(y) == Some(true) || (x.is_null() && y.is_null())))
                    .map(|r| r[n..].to_vec())
                    .collect())
            }
            Body::Native(run) => run(g, args, ctx),
        }
    }
}

/// The procedures of a database, by case-insensitive name.
#[derive(Clone, Debug)]
pub struct Procedures {
    by_name: HashMap<String, Procedure>,
}

impl Default for Procedures {
    /// The built-in procedures (`algo.*`, `db.*`); see [`Procedures::builtin`].
    fn default() -> Self {
        Self::builtin()
    }
}

impl Procedures {
    /// No procedures at all.
    pub fn empty() -> Self {
        Procedures { by_name: HashMap::new() }
    }

    /// The graph algorithms (`algo.*`) and the schema procedures (`db.*`).
    pub fn builtin() -> Self {
        let mut p = Self::empty();
        for proc_ in crate::algo::procedures().into_iter().chain(introspection::procedures()) {
            p.register(proc_);
        }
        p
    }

    /// Adds a procedure, replacing one of the same name.
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
