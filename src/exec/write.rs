//! Write clauses, applied row by row once all input rows exist: CREATE, MERGE, SET,
//! REMOVE, DELETE. Values are computed with the graph borrowed for reading, then applied
//! through the transaction, which records how to undo them.

use std::sync::Arc;

use super::eval::Eval;
use super::{Context, Flow, Row};
use crate::error::ExecError;
use crate::plan::{CExpr, CreatePart, PathStep, SetOp, Write};
use crate::store::{Pairs, Sym, Tx};
use crate::value::{PathValue, Value};

pub fn apply(w: &Write, rows: Vec<Row>, tx: &mut Tx<'_>, ctx: &Context<'_>) -> Result<Vec<Row>, ExecError> {
    let mut out = Vec::with_capacity(rows.len());
    for mut row in rows {
        ctx.tick()?;
        match w {
            Write::Create(parts) => {
                for p in parts {
                    create(p, &mut row, tx, ctx)?;
                }
                out.push(row);
            }
            Write::Merge { part, matcher, on_create, on_match } => {
                let mut found = Vec::new();
                {
                    let ev = Eval::new(tx.graph(), ctx);
                    let mut probe = row.clone();
                    ev.match_plan(matcher, &mut probe, &mut |r| {
                        found.push(r.clone());
                        Ok(Flow::Continue)
                    })?;
                }
                if found.is_empty() {
                    refuse_null_properties(part, &mut row, &Eval::new(tx.graph(), ctx))?;
                    create(part, &mut row, tx, ctx)?;
                    for op in on_create {
                        set(op, &mut row, tx, ctx)?;
                    }
                    out.push(row);
                } else {
                    for mut r in found {
                        for op in on_match {
                            set(op, &mut r, tx, ctx)?;
                        }
                        out.push(r);
                    }
                }
            }
            Write::Set(ops) => {
                for op in ops {
                    set(op, &mut row, tx, ctx)?;
                }
                out.push(row);
            }
            Write::Delete { exprs, detach } => {
                for e in exprs {
                    let v = Eval::new(tx.graph(), ctx).eval(e, &mut row)?;
                    delete(&v, *detach, tx)?;
                }
                out.push(row);
            }
        }
    }
    Ok(out)
}

fn delete(v: &Value, detach: bool, tx: &mut Tx<'_>) -> Result<(), ExecError> {
    match v {
        Value::Null => Ok(()),
        Value::Node(id) => tx.delete_node(*id, detach),
        Value::Rel(id) => tx.delete_rel(*id),
        Value::Path(p) => {
            for r in &p.rels {
                tx.delete_rel(*r)?;
            }
            for n in &p.nodes {
                tx.delete_node(*n, detach)?;
            }
            Ok(())
        }
        Value::List(items) => items.iter().try_for_each(|x| delete(x, detach, tx)),
        other => Err(ExecError::type_error(
            "InvalidArgumentType",
            format!("DELETE takes nodes, relationships or paths, not {}", other.value_type()),
        )),
    }
}

/// Checks that a value can be stored as a property: a scalar, or a list of scalars.
fn storable(v: &Value) -> Result<(), ExecError> {
    let bad = |what: &str| Err(ExecError::type_error("InvalidPropertyType", format!("{what} cannot be stored as a property value")));
    match v {
        Value::Map(_) => bad("a map"),
        Value::Node(_) | Value::Rel(_) | Value::Path(_) => bad("a graph element"),
        Value::List(items) => {
            for x in items.iter() {
                match x {
                    Value::List(_) => return bad("a nested list"),
                    Value::Map(_) | Value::Node(_) | Value::Rel(_) | Value::Path(_) => return bad("a list holding maps or graph elements"),
                    _ => {}
                }
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// MERGE cannot create what it could never match again: a property whose value is null.
fn refuse_null_properties(part: &CreatePart, row: &mut Row, ev: &Eval<'_>) -> Result<(), ExecError> {
    let props = part.nodes.iter().flat_map(|n| n.props.iter()).chain(part.rels.iter().flat_map(|r| r.props.iter()));
    for (key, e) in props {
        if ev.eval(e, row)?.is_null() {
            return Err(ExecError::new(
                crate::error::Category::SemanticError,
                "MergeReadOwnWrites",
                format!("MERGE cannot use a null value for property `{}`", ev.g.name(*key)),
            ));
        }
    }
    Ok(())
}

/// A property to write: its key (interned, or a name not yet interned) and its value.
type NewProp = (Result<Sym, Arc<str>>, Value);

/// Evaluates the properties of something to create.
fn eval_props(ev: &Eval<'_>, props: &[(Sym, CExpr)], map: Option<&CExpr>, row: &mut Row) -> Result<Vec<NewProp>, ExecError> {
    let mut out = Vec::new();
    for (k, e) in props {
        let v = ev.eval(e, row)?;
        storable(&v)?;
        out.push((Ok(*k), v));
    }
    if let Some(m) = map {
        match ev.eval(m, row)? {
            Value::Map(m) => {
                for (k, v) in m.iter() {
                    storable(v)?;
                    out.push((Err(k.clone()), v.clone()));
                }
            }
            Value::Null => {}
            other => {
                return Err(ExecError::type_error("InvalidArgumentType", format!("properties must be a map, not {}", other.value_type())));
            }
        }
    }
    Ok(out)
}

fn to_props(tx: &mut Tx<'_>, pairs: Vec<(Result<Sym, Arc<str>>, Value)>) -> Pairs {
    pairs.into_iter().map(|(k, v)| (k.unwrap_or_else(|name| tx.intern(&name)), v)).collect()
}

fn create(part: &CreatePart, row: &mut Row, tx: &mut Tx<'_>, ctx: &Context<'_>) -> Result<(), ExecError> {
    for n in &part.nodes {
        if n.bound {
            match &row[n.slot] {
                Value::Node(_) => continue,
                Value::Null => {
                    return Err(ExecError::type_error("InvalidArgumentType", "cannot create a relationship to a node that is null"));
                }
                other => return Err(ExecError::type_error("InvalidArgumentType", format!("expected a node, not {}", other.value_type()))),
            }
        }
        let pairs = eval_props(&Eval::new(tx.graph(), ctx), &n.props, n.prop_map.as_ref(), row)?;
        let props = to_props(tx, pairs);
        let id = tx.create_node(n.labels.clone(), props)?;
        row[n.slot] = Value::Node(id);
    }
    for r in &part.rels {
        let pairs = eval_props(&Eval::new(tx.graph(), ctx), &r.props, r.prop_map.as_ref(), row)?;
        let props = to_props(tx, pairs);
        let (Value::Node(a), Value::Node(b)) = (&row[r.start], &row[r.end]) else {
            return Err(ExecError::type_error("InvalidArgumentType", "a relationship can only be created between two nodes"));
        };
        let id = tx.create_rel(r.rel_type, *a, *b, props)?;
        row[r.slot] = Value::Rel(id);
    }
    if let Some((slot, start, steps)) = &part.path {
        let Value::Node(first) = row[*start] else { return Ok(()) };
        let mut nodes = vec![first];
        let mut rels = Vec::new();
        for s in steps {
            if let PathStep::One { rel, node } = s
                && let (Value::Rel(r), Value::Node(n)) = (&row[*rel], &row[*node])
            {
                rels.push(*r);
                nodes.push(*n);
            }
        }
        row[*slot] = Value::Path(Arc::new(PathValue { nodes, rels }));
    }
    Ok(())
}

/// What a SET or REMOVE item targets.
enum Target {
    Node(crate::value::NodeId),
    Rel(crate::value::RelId),
    Nothing,
}

fn target(ev: &Eval<'_>, e: &CExpr, row: &mut Row) -> Result<Target, ExecError> {
    match ev.eval(e, row)? {
        Value::Node(id) => Ok(Target::Node(id)),
        Value::Rel(id) => Ok(Target::Rel(id)),
        Value::Null => Ok(Target::Nothing),
        other => Err(ExecError::type_error(
            "InvalidArgumentType",
            format!("only nodes and relationships have properties to set, not {}", other.value_type()),
        )),
    }
}

fn set_prop(tx: &mut Tx<'_>, t: &Target, key: Sym, v: Value) -> Result<(), ExecError> {
    match t {
        Target::Node(id) => tx.set_node_prop(*id, key, v),
        Target::Rel(id) => tx.set_rel_prop(*id, key, v),
        Target::Nothing => Ok(()),
    }
}

fn set(op: &SetOp, row: &mut Row, tx: &mut Tx<'_>, ctx: &Context<'_>) -> Result<(), ExecError> {
    match op {
        SetOp::Property { target: t, key, value, span } => {
            let ev = Eval::new(tx.graph(), ctx);
            let t = target(&ev, t, row)?;
            let v = ev.eval(value, row)?;
            storable(&v).map_err(|e| e.at(*span))?;
            set_prop(tx, &t, *key, v)
        }
        SetOp::Replace { target: t, value, span } | SetOp::Merge { target: t, value, span } => {
            let replace = matches!(op, SetOp::Replace { .. });
            let ev = Eval::new(tx.graph(), ctx);
            let t = target(&ev, t, row)?;
            let v = ev.eval(value, row)?;
            let entries = match &v {
                Value::Map(_) | Value::Node(_) | Value::Rel(_) => ev.all_properties(&v)?,
                Value::Null => Vec::new(),
                other => {
                    return Err(ExecError::type_error(
                        "InvalidArgumentType",
                        format!("SET needs a map of properties, not {}", other.value_type()),
                    )
                    .at(*span));
                }
            };
            let existing: Vec<Sym> = match &t {
                Target::Node(id) => ev.g.node(*id).map(|n| n.keys().collect()).unwrap_or_default(),
                Target::Rel(id) => ev.g.rel(*id).map(|r| r.keys().collect()).unwrap_or_default(),
                Target::Nothing => return Ok(()),
            };
            for (_, x) in &entries {
                storable(x).map_err(|e| e.at(*span))?;
            }
            let entries: Vec<(Sym, Value)> = entries.into_iter().map(|(k, x)| (tx.intern(&k), x)).collect();
            if replace {
                for k in existing {
                    if !entries.iter().any(|(e, _)| *e == k) {
                        set_prop(tx, &t, k, Value::Null)?;
                    }
                }
            }
            for (k, x) in entries {
                set_prop(tx, &t, k, x)?;
            }
            Ok(())
        }
        SetOp::AddLabels { target: t, labels } | SetOp::RemoveLabels { target: t, labels } => {
            let add = matches!(op, SetOp::AddLabels { .. });
            let ev = Eval::new(tx.graph(), ctx);
            match ev.eval(t, row)? {
                Value::Node(id) => {
                    for l in labels {
                        if add { tx.add_label(id, *l)? } else { tx.remove_label(id, *l)? }
                    }
                    Ok(())
                }
                Value::Null => Ok(()),
                other => Err(ExecError::type_error("InvalidArgumentType", format!("only nodes have labels, not {}", other.value_type()))),
            }
        }
        SetOp::RemoveProperty { target: t, key } => {
            let ev = Eval::new(tx.graph(), ctx);
            let t = target(&ev, t, row)?;
            set_prop(tx, &t, *key, Value::Null)
        }
    }
}
