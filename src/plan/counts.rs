//! Optimizer pass: counts the store keeps, instead of a scan.
//!
//! `MATCH (n) RETURN labels(n)[0], count(*)` groups every node by something of its labels
//! alone, and the store knows how many nodes carry each combination of labels; likewise
//! `MATCH ()-[r]->() RETURN type(r), count(*)` and the count of relationships per type. The
//! pass turns such a scan and aggregation into one weighted row per label combination (or
//! per type), on which the grouping keys are evaluated with `labels(n)` (or `type(r)`)
//! standing in for the node (or relationship). Only for statements that do not write, and
//! only with `count` aggregates.

use super::{AggCall, AggFunc, CExpr, Dir, MatchStep, Op, Plan, Stage};
use crate::store::Sym;

/// What a [`Stage::StoreCount`] counts.
#[derive(Clone, Debug)]
pub enum CountSource {
    /// Nodes, per label combination, of the combinations that hold all of these labels.
    LabelSets { require: Vec<Sym> },
    /// Relationships, per type, of these types (every type when empty).
    Types { types: Vec<Sym> },
}

/// Applies the pass to every query part of a plan that does not write.
pub fn use_store_counts(plan: &mut Plan) {
    if plan.writes {
        return;
    }
    let mut next_slot = plan.slots;
    for part in &mut plan.parts {
        let [Stage::Stream { ops, cap: None }, Stage::Aggregate { keys, aggs, per_row: None }, ..] = part.stages.as_slice() else {
            continue;
        };
        let [Op::Match(m)] = ops.as_slice() else { continue };
        let (source, var, function, others) = match m.steps.as_slice() {
            [MatchStep::Scan { slot, check, .. }] if check.props.is_empty() && check.prop_map.is_none() => {
                (CountSource::LabelSets { require: check.labels.clone() }, *slot, "labels", Vec::new())
            }
            [MatchStep::Scan { slot: a, check: ca, label: None }, MatchStep::Expand(h)]
                if ca.is_empty()
                    && h.from == *a
                    && h.dir != Dir::Both
                    && h.var_len.is_none()
                    && h.props.is_empty()
                    && h.prop_map.is_none()
                    && h.to_check.is_empty()
                    && !h.to_bound =>
            {
                (CountSource::Types { types: h.types.clone() }, h.rel, "type", vec![*a, h.to])
            }
            _ => continue,
        };
        let slot = next_slot;
        let mut new_keys = Vec::with_capacity(keys.len());
        let mut ok = true;
        for (k, s) in keys {
            match stand_in(k, var, function, slot) {
                Some(e) if !reads(&e, var) && others.iter().all(|o| !reads(&e, *o)) => new_keys.push((e, *s)),
                _ => ok = false,
            }
        }
        let counts_only = aggs.iter().all(|a| match (a.func, a.args.as_slice()) {
            (AggFunc::CountStar, _) => true,
            (AggFunc::Count, [arg]) if !a.distinct => {
                matches!(unspan(arg), CExpr::Slot(s) if *s == var || others.contains(s))
            }
            _ => false,
        });
        if !ok || !counts_only {
            continue;
        }
        let aggs: Vec<AggCall> =
            aggs.iter().map(|a| AggCall { func: AggFunc::CountStar, distinct: false, args: Vec::new(), slot: a.slot }).collect();
        next_slot += 1;
        // EXPLAIN names the stand-in as what it stands for
        if plan.names.len() <= slot {
            plan.names.resize(slot + 1, None);
        }
        let var_name = plan.names.get(var).cloned().flatten().unwrap_or_else(|| format!("anon_{var}"));
        plan.names[slot] = Some(format!("{function}({var_name})"));
        part.stages.splice(0..2, [Stage::StoreCount { source, slot, keys: new_keys, aggs }]);
    }
    plan.slots = next_slot;
}

fn unspan(e: &CExpr) -> &CExpr {
    match e {
        CExpr::Spanned(inner, _) => unspan(inner),
        other => other,
    }
}

/// `e` with every `function(var)` replaced by slot `slot`; `None` for expressions of a kind
/// this pass does not rewrite.
fn stand_in(e: &CExpr, var: usize, function: &str, slot: usize) -> Option<CExpr> {
    let sub = |x: &CExpr| stand_in(x, var, function, slot).map(Box::new);
    Some(match e {
        CExpr::Call(f, args)
            if f.name.eq_ignore_ascii_case(function)
                && matches!(args.as_slice(), [a] if matches!(unspan(a), CExpr::Slot(s) if *s == var)) =>
        {
            CExpr::Slot(slot)
        }
        CExpr::Call(f, args) if !f.aggregate => {
            CExpr::Call(f, args.iter().map(|a| stand_in(a, var, function, slot)).collect::<Option<_>>()?)
        }
        CExpr::Const(v) => CExpr::Const(v.clone()),
        CExpr::CsvPosition(f) => CExpr::CsvPosition(*f),
        CExpr::Slot(s) => CExpr::Slot(*s),
        CExpr::Spanned(x, span) => CExpr::Spanned(sub(x)?, *span),
        CExpr::Index(a, b) => CExpr::Index(sub(a)?, sub(b)?),
        CExpr::Slice(a, from, to) => CExpr::Slice(
            sub(a)?,
            match from {
                Some(x) => Some(sub(x)?),
                None => None,
            },
            match to {
                Some(x) => Some(sub(x)?),
                None => None,
            },
        ),
        CExpr::Unary(op, x) => CExpr::Unary(*op, sub(x)?),
        CExpr::Binary(op, a, b) => CExpr::Binary(*op, sub(a)?, sub(b)?),
        CExpr::IsNull(x, negated) => CExpr::IsNull(sub(x)?, *negated),
        CExpr::IsType(x, t, negated) => CExpr::IsType(sub(x)?, t.clone(), *negated),
        CExpr::List(items) => CExpr::List(items.iter().map(|a| stand_in(a, var, function, slot)).collect::<Option<_>>()?),
        _ => return None,
    })
}

/// Whether `e` reads slot `s`.
fn reads(e: &CExpr, s: usize) -> bool {
    super::pattern::slots_used(e).contains(&s)
}
