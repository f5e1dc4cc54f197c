//! The TCK's value language (result, parameter and procedure tables): parsing, structural
//! comparison, rendering, and conversion from and to engine values.
//!
//! Nodes compare by labels and properties, relationships by type and properties, paths by
//! start node and steps (direction, relationship, node). Integers and floats are distinct;
//! floats compare exactly, and NaN matches NaN.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::Arc;

use ieum::{Entities, Value};

#[derive(Clone, Debug)]
pub struct NodeV {
    pub labels: BTreeSet<String>,
    pub props: BTreeMap<String, Val>,
}

#[derive(Clone, Debug)]
pub struct RelV {
    pub ty: String,
    pub props: BTreeMap<String, Val>,
}

/// Direction of a path step relative to the walk order.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Dir {
    Out,
    In,
    /// A self-loop in an engine path: either way is correct.
    Either,
}

#[derive(Clone, Debug)]
pub enum Val {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Val>),
    Map(BTreeMap<String, Val>),
    Node(NodeV),
    Rel(RelV),
    Path(NodeV, Vec<(Dir, RelV, NodeV)>),
    /// An engine value the harness could not convert (e.g. an id missing from the entities).
    Opaque(String),
}

// ---------------------------------------------------------------------------------------
// Parsing

/// Parses one cell of a TCK table.
pub fn parse(text: &str) -> Result<Val, String> {
    let mut p = Parser { s: text.chars().collect(), pos: 0 };
    let v = p.value().map_err(|e| format!("cannot parse value `{text}`: {e}"))?;
    p.ws();
    if p.pos != p.s.len() {
        return Err(format!("cannot parse value `{text}`: trailing text at {}", p.pos));
    }
    Ok(v)
}

struct Parser {
    s: Vec<char>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.s.get(self.pos).copied()
    }

    fn ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    /// Skips whitespace, then consumes `c` if it is next.
    fn eat(&mut self, c: char) -> bool {
        self.ws();
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        if self.eat(c) { Ok(()) } else { Err(format!("expected `{c}` at {}", self.pos)) }
    }

    fn eat_word(&mut self, w: &str) -> bool {
        let n = w.chars().count();
        let end = self.pos + n;
        if end <= self.s.len() && self.s[self.pos..end].iter().copied().eq(w.chars()) {
            let boundary = self.s.get(end).is_none_or(|c| !is_name_char(*c));
            if boundary {
                self.pos = end;
                return true;
            }
        }
        false
    }

    fn name(&mut self) -> Result<String, String> {
        self.ws();
        let start = self.pos;
        while self.peek().is_some_and(is_name_char) {
            self.pos += 1;
        }
        if start == self.pos {
            return Err(format!("expected a name at {start}"));
        }
        Ok(self.s[start..self.pos].iter().collect())
    }

    fn value(&mut self) -> Result<Val, String> {
        self.ws();
        match self.peek() {
            None => Err("unexpected end".into()),
            Some('(') => Ok(Val::Node(self.node()?)),
            Some('[') => {
                let save = self.pos;
                self.pos += 1;
                let is_rel = self.eat(':');
                self.pos = save;
                if is_rel { Ok(Val::Rel(self.rel()?)) } else { self.list() }
            }
            Some('<') => self.path(),
            Some('{') => Ok(Val::Map(self.map()?)),
            Some('\'') => self.string(),
            Some(c) if c == '-' || c == '.' || c.is_ascii_digit() => self.number(),
            Some(_) => {
                for (w, v) in [("true", Val::Bool(true)), ("false", Val::Bool(false)), ("null", Val::Null), ("NaN", Val::Float(f64::NAN))] {
                    if self.eat_word(w) {
                        return Ok(v);
                    }
                }
                Err(format!("unexpected character at {}", self.pos))
            }
        }
    }

    fn node(&mut self) -> Result<NodeV, String> {
        self.expect('(')?;
        let mut labels = BTreeSet::new();
        while self.eat(':') {
            labels.insert(self.name()?);
        }
        self.ws();
        let props = if self.peek() == Some('{') { self.map()? } else { BTreeMap::new() };
        self.expect(')')?;
        Ok(NodeV { labels, props })
    }

    fn rel(&mut self) -> Result<RelV, String> {
        self.expect('[')?;
        self.expect(':')?;
        let ty = self.name()?;
        self.ws();
        let props = if self.peek() == Some('{') { self.map()? } else { BTreeMap::new() };
        self.expect(']')?;
        Ok(RelV { ty, props })
    }

    fn path(&mut self) -> Result<Val, String> {
        self.expect('<')?;
        let start = self.node()?;
        let mut steps = Vec::new();
        loop {
            if self.eat('>') {
                return Ok(Val::Path(start, steps));
            }
            let (dir, rel) = if self.eat('<') {
                self.expect('-')?;
                let rel = self.rel()?;
                self.expect('-')?;
                (Dir::In, rel)
            } else {
                self.expect('-')?;
                let rel = self.rel()?;
                self.expect('-')?;
                self.expect('>')?;
                (Dir::Out, rel)
            };
            steps.push((dir, rel, self.node()?));
        }
    }

    fn list(&mut self) -> Result<Val, String> {
        self.expect('[')?;
        let mut items = Vec::new();
        if self.eat(']') {
            return Ok(Val::List(items));
        }
        loop {
            items.push(self.value()?);
            if self.eat(']') {
                return Ok(Val::List(items));
            }
            self.expect(',')?;
        }
    }

    fn map(&mut self) -> Result<BTreeMap<String, Val>, String> {
        self.expect('{')?;
        let mut m = BTreeMap::new();
        if self.eat('}') {
            return Ok(m);
        }
        loop {
            let k = self.name()?;
            self.expect(':')?;
            let v = self.value()?;
            if m.insert(k.clone(), v).is_some() {
                return Err(format!("duplicate key `{k}`"));
            }
            if self.eat('}') {
                return Ok(m);
            }
            self.expect(',')?;
        }
    }

    fn string(&mut self) -> Result<Val, String> {
        self.expect('\'')?;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return Err("unterminated string".into()),
                Some('\'') => {
                    self.pos += 1;
                    return Ok(Val::Str(out));
                }
                Some('\\') if matches!(self.s.get(self.pos + 1), Some('\'' | '\\')) => {
                    out.push(self.s[self.pos + 1]);
                    self.pos += 2;
                }
                Some(c) => {
                    out.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    fn number(&mut self) -> Result<Val, String> {
        let start = self.pos;
        let digits = |p: &mut Parser| {
            let s = p.pos;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.pos += 1;
            }
            p.pos - s
        };
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        let int_digits = digits(self);
        let mut is_float = false;
        if self.peek() == Some('.') && self.s.get(self.pos + 1).is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
            digits(self);
            is_float = true;
        }
        if int_digits == 0 && !is_float {
            return Err(format!("malformed number at {start}"));
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            let save = self.pos;
            self.pos += 1;
            if matches!(self.peek(), Some('-' | '+')) {
                self.pos += 1;
            }
            if digits(self) > 0 {
                is_float = true;
            } else {
                self.pos = save;
            }
        }
        let text: String = self.s[start..self.pos].iter().collect();
        if is_float {
            text.parse::<f64>().map(Val::Float).map_err(|e| format!("bad float `{text}`: {e}"))
        } else {
            text.parse::<i64>().map(Val::Int).map_err(|e| format!("bad integer `{text}`: {e}"))
        }
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

// ---------------------------------------------------------------------------------------
// Comparison

/// Structural equality of an expected value and an actual one. With `unordered_lists`,
/// every list (at any depth) is compared as a multiset.
pub fn equal(exp: &Val, act: &Val, unordered_lists: bool) -> bool {
    let eq = |a: &Val, b: &Val| equal(a, b, unordered_lists);
    match (exp, act) {
        (Val::Null, Val::Null) => true,
        (Val::Bool(a), Val::Bool(b)) => a == b,
        (Val::Int(a), Val::Int(b)) => a == b,
        (Val::Float(a), Val::Float(b)) => a == b || (a.is_nan() && b.is_nan()),
        (Val::Str(a), Val::Str(b)) => a == b,
        (Val::List(a), Val::List(b)) => {
            if unordered_lists {
                multiset_diff(a, b, eq).is_none()
            } else {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| eq(x, y))
            }
        }
        (Val::Map(a), Val::Map(b)) => maps_equal(a, b, unordered_lists),
        (Val::Node(a), Val::Node(b)) => nodes_equal(a, b, unordered_lists),
        (Val::Rel(a), Val::Rel(b)) => rels_equal(a, b, unordered_lists),
        (Val::Path(sa, a), Val::Path(sb, b)) => {
            nodes_equal(sa, sb, unordered_lists)
                && a.len() == b.len()
                && a.iter().zip(b).all(|((da, ra, na), (db, rb, nb))| {
                    (da == db || *da == Dir::Either || *db == Dir::Either)
                        && rels_equal(ra, rb, unordered_lists)
                        && nodes_equal(na, nb, unordered_lists)
                })
        }
        _ => false,
    }
}

fn maps_equal(a: &BTreeMap<String, Val>, b: &BTreeMap<String, Val>, unordered_lists: bool) -> bool {
    a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| equal(v, w, unordered_lists)))
}

fn nodes_equal(a: &NodeV, b: &NodeV, unordered_lists: bool) -> bool {
    a.labels == b.labels && maps_equal(&a.props, &b.props, unordered_lists)
}

fn rels_equal(a: &RelV, b: &RelV, unordered_lists: bool) -> bool {
    a.ty == b.ty && maps_equal(&a.props, &b.props, unordered_lists)
}

/// Matches `expected` against `actual` as multisets. `None` when they are equal; otherwise
/// the indices of the unmatched expected items and of the unmatched actual items.
/// Greedy matching is exact because the equality used is an equivalence relation.
pub fn multiset_diff<T>(expected: &[T], actual: &[T], eq: impl Fn(&T, &T) -> bool) -> Option<(Vec<usize>, Vec<usize>)> {
    let mut used = vec![false; actual.len()];
    let mut missing = Vec::new();
    for (i, e) in expected.iter().enumerate() {
        match (0..actual.len()).find(|&j| !used[j] && eq(e, &actual[j])) {
            Some(j) => used[j] = true,
            None => missing.push(i),
        }
    }
    let extra: Vec<usize> = (0..actual.len()).filter(|&j| !used[j]).collect();
    if missing.is_empty() && extra.is_empty() { None } else { Some((missing, extra)) }
}

// ---------------------------------------------------------------------------------------
// Rendering (in the TCK's own notation)

pub fn render(v: &Val) -> String {
    let mut s = String::new();
    render_into(v, &mut s);
    s
}

fn render_into(v: &Val, out: &mut String) {
    match v {
        Val::Null => out.push_str("null"),
        Val::Bool(b) => write!(out, "{b}").unwrap(),
        Val::Int(i) => write!(out, "{i}").unwrap(),
        Val::Float(f) => out.push_str(&render_float(*f)),
        Val::Str(s) => {
            out.push('\'');
            for c in s.chars() {
                match c {
                    '\'' => out.push_str("\\'"),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\t' => out.push_str("\\t"),
                    '\r' => out.push_str("\\r"),
                    _ => out.push(c),
                }
            }
            out.push('\'');
        }
        Val::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                render_into(item, out);
            }
            out.push(']');
        }
        Val::Map(m) => render_map(m, out),
        Val::Node(n) => render_node(n, out),
        Val::Rel(r) => render_rel(r, out),
        Val::Path(start, steps) => {
            out.push('<');
            render_node(start, out);
            for (dir, rel, node) in steps {
                out.push_str(if *dir == Dir::In { "<-" } else { "-" });
                render_rel(rel, out);
                out.push_str(if *dir == Dir::Out { "->" } else { "-" });
                render_node(node, out);
            }
            out.push('>');
        }
        Val::Opaque(s) => write!(out, "«{s}»").unwrap(),
    }
}

fn render_float(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 { "Infinity".into() } else { "-Infinity".into() }
    } else {
        // `{:?}` gives the shortest text that reads back to the same f64, always with a
        // `.` or an exponent, so floats stay distinguishable from integers.
        format!("{f:?}")
    }
}

fn render_map(m: &BTreeMap<String, Val>, out: &mut String) {
    out.push('{');
    for (i, (k, v)) in m.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write!(out, "{k}: ").unwrap();
        render_into(v, out);
    }
    out.push('}');
}

fn render_node(n: &NodeV, out: &mut String) {
    out.push('(');
    for l in &n.labels {
        write!(out, ":{l}").unwrap();
    }
    if !n.props.is_empty() {
        if !n.labels.is_empty() {
            out.push(' ');
        }
        render_map(&n.props, out);
    }
    out.push(')');
}

fn render_rel(r: &RelV, out: &mut String) {
    write!(out, "[:{}", r.ty).unwrap();
    if !r.props.is_empty() {
        out.push(' ');
        render_map(&r.props, out);
    }
    out.push(']');
}

// ---------------------------------------------------------------------------------------
// Conversion

/// Converts an engine value, looking up nodes and relationships in the result's entities.
pub fn from_engine(v: &Value, ents: &Entities) -> Val {
    match v {
        Value::Null => Val::Null,
        Value::Bool(b) => Val::Bool(*b),
        Value::Int(i) => Val::Int(*i),
        Value::Float(f) => Val::Float(*f),
        Value::String(s) => Val::Str(s.to_string()),
        Value::List(items) => Val::List(items.iter().map(|x| from_engine(x, ents)).collect()),
        Value::Map(m) => Val::Map(m.iter().map(|(k, x)| (k.to_string(), from_engine(x, ents))).collect()),
        Value::Node(id) => match node_of(*id, ents) {
            Some(n) => Val::Node(n),
            None => Val::Opaque(format!("node {} missing from QueryResult.entities", id.0)),
        },
        Value::Rel(id) => match rel_of(*id, ents) {
            Some(r) => Val::Rel(r),
            None => Val::Opaque(format!("relationship {} missing from QueryResult.entities", id.0)),
        },
        Value::Path(p) => path_of(p, ents),
        // The TCK writes temporal values as the strings `toString` gives.
        Value::Temporal(t) => Val::Str(t.to_string()),
    }
}

fn props_of(props: &BTreeMap<Arc<str>, Value>, ents: &Entities) -> BTreeMap<String, Val> {
    props.iter().map(|(k, v)| (k.to_string(), from_engine(v, ents))).collect()
}

fn node_of(id: ieum::NodeId, ents: &Entities) -> Option<NodeV> {
    let n = ents.nodes.get(&id)?;
    Some(NodeV { labels: n.labels.iter().map(|l| l.to_string()).collect(), props: props_of(&n.properties, ents) })
}

fn rel_of(id: ieum::RelId, ents: &Entities) -> Option<RelV> {
    let r = ents.rels.get(&id)?;
    Some(RelV { ty: r.rel_type.to_string(), props: props_of(&r.properties, ents) })
}

fn path_of(p: &ieum::PathValue, ents: &Entities) -> Val {
    if p.nodes.len() != p.rels.len() + 1 {
        return Val::Opaque(format!("malformed path: {} nodes, {} relationships", p.nodes.len(), p.rels.len()));
    }
    let Some(start) = node_of(p.nodes[0], ents) else {
        return Val::Opaque(format!("path node {} missing from QueryResult.entities", p.nodes[0].0));
    };
    let mut steps = Vec::new();
    for (i, rid) in p.rels.iter().enumerate() {
        let (from, to) = (p.nodes[i], p.nodes[i + 1]);
        let (Some(rel), Some(node), Some(ent)) = (rel_of(*rid, ents), node_of(to, ents), ents.rels.get(rid)) else {
            return Val::Opaque(format!("path step {i} (relationship {}, node {}) missing from QueryResult.entities", rid.0, to.0));
        };
        let dir = if ent.start_slot == ent.end_slot && ent.start_slot == from && from == to {
            Dir::Either
        } else if ent.start_slot == from && ent.end_slot == to {
            Dir::Out
        } else if ent.end_slot == from && ent.start_slot == to {
            Dir::In
        } else {
            return Val::Opaque(format!("path step {i}: relationship {} does not connect nodes {} and {}", rid.0, from.0, to.0));
        };
        steps.push((dir, rel, node));
    }
    Val::Path(start, steps)
}

/// Converts a table value into an engine value (for parameters and procedure tables).
pub fn to_engine(v: &Val) -> Result<Value, String> {
    Ok(match v {
        Val::Null => Value::Null,
        Val::Bool(b) => Value::Bool(*b),
        Val::Int(i) => Value::Int(*i),
        Val::Float(f) => Value::Float(*f),
        Val::Str(s) => Value::String(Arc::from(s.as_str())),
        Val::List(items) => Value::List(Arc::new(items.iter().map(to_engine).collect::<Result<_, _>>()?)),
        Val::Map(m) => {
            let mut out = BTreeMap::new();
            for (k, x) in m {
                out.insert(Arc::from(k.as_str()), to_engine(x)?);
            }
            Value::Map(Arc::new(out))
        }
        other => return Err(format!("{} cannot be passed as a value", render(other))),
    })
}
