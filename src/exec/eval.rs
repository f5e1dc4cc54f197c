//! Expression evaluation over a row, with openCypher's null propagation and three-valued
//! logic. Operators and functions live in [`super::operators`] and [`super::functions`];
//! this file dispatches and handles what needs the row or the graph (variables, properties,
//! comprehensions, sub-patterns).

use std::sync::Arc;

use super::budget;
use super::operators::{self, CmpOp};
use super::{Context, Flow, Row};
use crate::error::ExecError;
use crate::plan::{CExpr, MapProjItem};
use crate::store::{Graph, PropRef};
use crate::syntax::ast::{BinaryOp, Quantifier, UnaryOp};
use crate::value::{Map, Value};

/// Evaluates expressions against one graph for one statement.
pub struct Eval<'a> {
    pub g: &'a Graph,
    pub ctx: &'a Context<'a>,
    /// What the existence checks of the running stage found, by check (see
    /// [`crate::plan::MatchStep::Exists`]).
    pub(crate) exists: std::cell::RefCell<std::collections::HashMap<usize, super::matcher::ExistsState>>,
    /// This evaluator runs part of a stage on a thread of its own: the scan step at this
    /// address takes only nodes whose slots lie in the range.
    pub(crate) share: Option<(usize, std::ops::Range<u32>)>,
}

impl<'a> Eval<'a> {
    pub fn new(g: &'a Graph, ctx: &'a Context<'a>) -> Self {
        Eval { g, ctx, exists: Default::default(), share: None }
    }

    /// Evaluates a predicate: true only when the value is `true` (null and false drop the
    /// row); a non-boolean is a type error.
    pub fn truthy(&self, e: &CExpr, row: &mut Row) -> Result<bool, ExecError> {
        match self.eval(e, row)? {
            Value::Bool(b) => Ok(b),
            Value::Null => Ok(false),
            other => {
                Err(ExecError::type_error("InvalidArgumentType", format!("a predicate must be a boolean, not {}", other.value_type())))
            }
        }
    }

    pub fn eval(&self, e: &CExpr, row: &mut Row) -> Result<Value, ExecError> {
        Ok(match e {
            CExpr::Const(v) => v.clone(),
            CExpr::CsvPosition(file) => match &*self.ctx.csv_position.borrow() {
                Some((path, _)) if *file => Value::String(path.clone()),
                Some((_, line)) => Value::Int(*line),
                None => Value::Null,
            },
            CExpr::Slot(s) => row[*s].clone(),
            CExpr::Spanned(inner, span) => return self.eval(inner, row).map_err(|err| err.at(*span)),
            CExpr::Prop(base, key, sym) => {
                // a property of a variable: read in place, without copying the variable
                if let CExpr::Slot(s) = **base {
                    match &row[s] {
                        Value::Node(id) => {
                            return self
                                .g
                                .held_node_prop(*id, *sym)
                                .map(|p| p.map_or(Value::Null, |v| v.to_value()))
                                .map_err(|_| deleted_access());
                        }
                        Value::Rel(id) => {
                            return self
                                .g
                                .held_rel_prop(*id, *sym)
                                .map(|p| p.map_or(Value::Null, |v| v.to_value()))
                                .map_err(|_| deleted_access());
                        }
                        _ => {}
                    }
                }
                let b = self.eval(base, row)?;
                match &b {
                    Value::Node(id) => match self.g.node_any(*id) {
                        Some(n) if !n.deleted() => n.prop(*sym).map_or(Value::Null, |v| v.to_value()),
                        _ => return Err(deleted_access()),
                    },
                    Value::Rel(id) => match self.g.rel_any(*id) {
                        Some(r) if !r.deleted() => r.prop(*sym).map_or(Value::Null, |v| v.to_value()),
                        _ => return Err(deleted_access()),
                    },
                    Value::Map(m) => m.get(&**key).cloned().unwrap_or(Value::Null),
                    Value::Null => Value::Null,
                    Value::Temporal(t) => super::temporal::access::component(t, key)?,
                    _ => operators::property(&b, key, self.g)?,
                }
            }
            CExpr::Index(a, b) => {
                let a = self.eval(a, row)?;
                let b = self.eval(b, row)?;
                operators::index(&a, &b, self.g)?
            }
            CExpr::Slice(a, from, to) => {
                let a = self.eval(a, row)?;
                let from = from.as_ref().map(|x| self.eval(x, row)).transpose()?;
                let to = to.as_ref().map(|x| self.eval(x, row)).transpose()?;
                operators::slice(&a, from.as_ref(), to.as_ref())?
            }
            CExpr::Unary(op, x) => {
                let v = self.eval(x, row)?;
                match op {
                    UnaryOp::Not => operators::not(&v)?,
                    UnaryOp::Neg => operators::neg(&v)?,
                    UnaryOp::Plus => match v {
                        Value::Int(_) | Value::Float(_) | Value::Null => v,
                        other => {
                            return Err(ExecError::type_error(
                                "InvalidArgumentType",
                                format!("unary + needs a number, not {}", other.value_type()),
                            ));
                        }
                    },
                }
            }
            CExpr::Binary(op, a, b) => self.binary(*op, a, b, row)?,
            CExpr::IsType(x, ty, negated) => {
                let v = self.eval(x, row)?;
                Value::Bool(super::type_check::has_type(&v, ty) != *negated)
            }
            CExpr::IsNull(x, negated) => {
                let v = self.eval(x, row)?;
                Value::Bool(v.is_null() != *negated)
            }
            CExpr::HasLabels(x, labels) => match self.eval(x, row)? {
                Value::Node(id) => match self.g.node_any(id) {
                    Some(n) => Value::Bool(labels.iter().all(|l| n.has_label(*l))),
                    None => return Err(deleted_access()),
                },
                Value::Null => Value::Null,
                other => {
                    return Err(ExecError::type_error(
                        "InvalidArgumentType",
                        format!("only nodes have labels, not {}", other.value_type()),
                    ));
                }
            },
            CExpr::Call(info, args) => {
                let mut vals = Vec::with_capacity(args.len());
                for a in args {
                    vals.push(self.eval(a, row)?);
                }
                info.call(&vals, self.g)?
            }
            CExpr::List(items) => {
                let mut out = Vec::with_capacity(items.len());
                let mut tally = budget::Tally::default();
                for x in items {
                    let v = self.eval(x, row)?;
                    if matches!(v, Value::List(_) | Value::Map(_)) {
                        tally.add("a list", &v)?;
                    }
                    out.push(v);
                }
                Value::list(out)
            }
            CExpr::Map(entries) => {
                let mut m = Map::new();
                for (k, x) in entries {
                    let v = self.eval(x, row)?;
                    m.insert(k.clone(), v);
                }
                Value::map(m)
            }
            CExpr::Case { subject, whens, else_ } => {
                let subject = subject.as_ref().map(|s| self.eval(s, row)).transpose()?;
                for (w, t) in whens {
                    let hit = match &subject {
                        Some(s) => s.cypher_eq(&self.eval(w, row)?) == Some(true),
                        None => matches!(self.eval(w, row)?, Value::Bool(true)),
                    };
                    if hit {
                        return self.eval(t, row);
                    }
                }
                match else_ {
                    Some(e) => self.eval(e, row)?,
                    None => Value::Null,
                }
            }
            CExpr::ListComp { slot, list, filter, map } => {
                let items = match self.list_operand(list, row)? {
                    Some(items) => items,
                    None => return Ok(Value::Null),
                };
                let mut out = Vec::with_capacity(items.len());
                let mut tally = budget::Tally::default();
                for it in items.iter() {
                    self.ctx.tick()?;
                    row[*slot] = it.clone();
                    if let Some(f) = filter
                        && !matches!(self.eval(f, row)?, Value::Bool(true))
                    {
                        continue;
                    }
                    let v = match map {
                        Some(m) => self.eval(m, row)?,
                        None => it.clone(),
                    };
                    tally.add("a list comprehension", &v)?;
                    out.push(v);
                }
                Value::list(out)
            }
            CExpr::Quantified { quantifier, slot, list, filter } => {
                let items = match self.list_operand(list, row)? {
                    Some(items) => items,
                    None => return Ok(Value::Null),
                };
                let (mut trues, mut nulls) = (0usize, 0usize);
                for it in items.iter() {
                    self.ctx.tick()?;
                    row[*slot] = it.clone();
                    match self.eval(filter, row)? {
                        Value::Bool(true) => trues += 1,
                        Value::Bool(false) => {}
                        Value::Null => nulls += 1,
                        other => {
                            return Err(ExecError::type_error(
                                "InvalidArgumentType",
                                format!("a quantifier predicate must be a boolean, not {}", other.value_type()),
                            ));
                        }
                    }
                }
                let falses = items.len() - trues - nulls;
                match quantifier {
                    Quantifier::All if falses > 0 => Value::Bool(false),
                    Quantifier::All if nulls > 0 => Value::Null,
                    Quantifier::All => Value::Bool(true),
                    Quantifier::Any if trues > 0 => Value::Bool(true),
                    Quantifier::Any if nulls > 0 => Value::Null,
                    Quantifier::Any => Value::Bool(false),
                    Quantifier::None if trues > 0 => Value::Bool(false),
                    Quantifier::None if nulls > 0 => Value::Null,
                    Quantifier::None => Value::Bool(true),
                    Quantifier::Single if trues > 1 => Value::Bool(false),
                    Quantifier::Single if nulls > 0 => Value::Null,
                    Quantifier::Single => Value::Bool(trues == 1),
                }
            }
            CExpr::Reduce { acc, init, slot, list, expr } => {
                let start = self.eval(init, row)?;
                let items = match self.list_operand(list, row)? {
                    Some(items) => items,
                    None => return Ok(Value::Null),
                };
                row[*acc] = start;
                for it in items.iter() {
                    self.ctx.tick()?;
                    row[*slot] = it.clone();
                    let next = self.eval(expr, row)?;
                    row[*acc] = next;
                }
                std::mem::take(&mut row[*acc])
            }
            CExpr::PatternComp { matcher, map } => {
                let mut out = Vec::new();
                let mut tally = budget::Tally::default();
                self.match_plan(matcher, row, &mut |r| {
                    let v = self.eval(map, r)?;
                    tally.add("a pattern comprehension", &v)?;
                    out.push(v);
                    Ok(Flow::Continue)
                })?;
                Value::list(out)
            }
            CExpr::Subquery(sq) => super::subquery::eval(self, sq, row)?,
            CExpr::Exists(matcher) => {
                let mut found = false;
                self.match_plan(matcher, row, &mut |_| {
                    found = true;
                    Ok(Flow::Stop)
                })?;
                Value::Bool(found)
            }
            CExpr::MapProjection { base, items } => {
                let b = self.eval(base, row)?;
                if b.is_null() {
                    return Ok(Value::Null);
                }
                let mut m = Map::new();
                for it in items {
                    match it {
                        MapProjItem::Property(key, sym) => {
                            let v = self.eval(&CExpr::Prop(Box::new(CExpr::Const(b.clone())), key.clone(), *sym), row)?;
                            m.insert(key.clone(), v);
                        }
                        MapProjItem::Entry(key, e) => {
                            let v = self.eval(e, row)?;
                            m.insert(key.clone(), v);
                        }
                        MapProjItem::AllProperties => {
                            for (k, v) in self.all_properties(&b)? {
                                m.insert(k, v);
                            }
                        }
                    }
                }
                Value::map(m)
            }
        })
    }

    fn binary(&self, op: BinaryOp, a: &CExpr, b: &CExpr, row: &mut Row) -> Result<Value, ExecError> {
        // a variable's property compared with a constant: compared in place
        if let (CExpr::Prop(base, _, sym), CExpr::Const(c)) = (a, b)
            && let CExpr::Slot(s) = **base
            && let Some(v) = self.compare_in_place(op, &row[s], *sym, c)
        {
            return v;
        }
        let l = self.eval(a, row)?;
        let r = self.eval(b, row)?;
        if op == BinaryOp::Add {
            grows_within_budget(&l, &r)?;
        }
        Ok(match op {
            BinaryOp::And => operators::and(&l, &r)?,
            BinaryOp::Or => operators::or(&l, &r)?,
            BinaryOp::Xor => operators::xor(&l, &r)?,
            BinaryOp::Eq => operators::eq(&l, &r),
            BinaryOp::Ne => operators::ne(&l, &r),
            BinaryOp::Lt => operators::cmp(CmpOp::Lt, &l, &r),
            BinaryOp::Le => operators::cmp(CmpOp::Le, &l, &r),
            BinaryOp::Gt => operators::cmp(CmpOp::Gt, &l, &r),
            BinaryOp::Ge => operators::cmp(CmpOp::Ge, &l, &r),
            BinaryOp::Add => operators::add(&l, &r)?,
            BinaryOp::Sub => operators::sub(&l, &r)?,
            BinaryOp::Mul => operators::mul(&l, &r)?,
            BinaryOp::Div => operators::div(&l, &r)?,
            BinaryOp::Mod => operators::rem(&l, &r)?,
            BinaryOp::Pow => operators::pow(&l, &r)?,
            BinaryOp::In => operators::in_list(&l, &r)?,
            BinaryOp::StartsWith => operators::starts_with(&l, &r),
            BinaryOp::EndsWith => operators::ends_with(&l, &r),
            BinaryOp::Contains => operators::contains(&l, &r),
            BinaryOp::Regex => operators::regex_match(&l, &r, &mut self.ctx.regex.borrow_mut())?,
        })
    }

    /// `holder.key op constant` for numbers and strings, without copying the property;
    /// `None` when it takes the general way (other operators, types or holders).
    fn compare_in_place(&self, op: BinaryOp, holder: &Value, key: crate::store::Sym, c: &Value) -> Option<Result<Value, ExecError>> {
        use std::cmp::Ordering;
        let prop = match holder {
            Value::Node(id) => self.g.held_node_prop(*id, key),
            Value::Rel(id) => self.g.held_rel_prop(*id, key),
            _ => return None,
        };
        let p = match prop {
            Ok(Some(p)) => p,
            Ok(None) => {
                return matches!(op, BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge)
                    .then_some(Ok(Value::Null));
            }
            Err(_) => return Some(Err(deleted_access())),
        };
        let ord: Option<Ordering> = match (p, c) {
            (PropRef::Int(x), Value::Int(y)) => Some(x.cmp(y)),
            (PropRef::Float(x), Value::Float(y)) if !x.is_nan() && !y.is_nan() => x.partial_cmp(y),
            (PropRef::Str(x), Value::String(y)) => Some(x.cmp(&**y)),
            _ => return None,
        };
        let o = ord?;
        let b = match op {
            BinaryOp::Eq => o == Ordering::Equal,
            BinaryOp::Ne => o != Ordering::Equal,
            BinaryOp::Lt => o == Ordering::Less,
            BinaryOp::Le => o != Ordering::Greater,
            BinaryOp::Gt => o == Ordering::Greater,
            BinaryOp::Ge => o != Ordering::Less,
            BinaryOp::StartsWith => match (p, c) {
                (PropRef::Str(x), Value::String(y)) => x.starts_with(&**y),
                _ => return None,
            },
            _ => return None,
        };
        Some(Ok(Value::Bool(b)))
    }

    /// The items of a list operand; `None` for null; a type error otherwise.
    fn list_operand(&self, e: &CExpr, row: &mut Row) -> Result<Option<Arc<Vec<Value>>>, ExecError> {
        match self.eval(e, row)? {
            Value::List(items) => Ok(Some(items)),
            Value::Null => Ok(None),
            other => Err(ExecError::type_error("InvalidArgumentType", format!("expected a list, not {}", other.value_type()))),
        }
    }

    /// The properties of a node, relationship or map, as name-value pairs.
    pub fn all_properties(&self, v: &Value) -> Result<Vec<(Arc<str>, Value)>, ExecError> {
        match v {
            Value::Node(id) => {
                let n = self.g.node(*id).ok_or_else(deleted_access)?;
                Ok(n.props().map(|(k, v)| (self.g.name(k).clone(), v.to_value())).collect())
            }
            Value::Rel(id) => {
                let r = self.g.rel(*id).ok_or_else(deleted_access)?;
                Ok(r.props().map(|(k, v)| (self.g.name(k).clone(), v.to_value())).collect())
            }
            Value::Map(m) => Ok(m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
            Value::Null => Ok(Vec::new()),
            other => Err(ExecError::type_error(
                "InvalidArgumentType",
                format!("expected a node, relationship or map, not {}", other.value_type()),
            )),
        }
    }
}

/// Checks that `l + r` builds a string or list within the value budget, before building it.
fn grows_within_budget(l: &Value, r: &Value) -> Result<(), ExecError> {
    let both = match (l, r) {
        (Value::String(a), Value::String(b)) => a.len().saturating_add(b.len()),
        (Value::List(_), _) | (_, Value::List(_)) => budget::size(l).saturating_add(budget::size(r)),
        // a string and a number: the number's text is short
        (Value::String(s), _) | (_, Value::String(s)) => s.len().saturating_add(32),
        _ => return Ok(()),
    };
    budget::check("`+`", both)
}

pub(super) fn deleted_access() -> ExecError {
    ExecError::new(crate::error::Category::EntityNotFound, "DeletedEntityAccess", "the entity was deleted earlier in this statement")
}
