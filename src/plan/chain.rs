//! Optimizer pass: count a pattern's matches without producing them.
//!
//! `MATCH (c:Company)-[:MANUFACTURES]->(p:Product)-[:TREATS]->(d:Disease) RETURN count(*)`
//! needs only how many matches there are. When a MATCH is a start node with chains of
//! single hops leading away from it, and nothing but `count(*)` (or `count` of its
//! variables, which are never null) reads it, the count is a sum over the start nodes of
//! the product of each chain's count, and a chain's count is found by carrying weights
//! along it: every node reached holds the number of ways to reach it, so a node reached a
//! thousand ways is walked from once, not a thousand times. The work is the number of
//! relationships walked, not the number of matches.
//!
//! Relationship uniqueness (a relationship is used once per match) would make the count
//! depend on which relationships each match used; the pass applies only when the hops'
//! types are pairwise disjoint, where no match can use one relationship twice.

use super::{AggFunc, CExpr, Hop, MatchStep, Op, Plan, Stage};

/// Applies the pass to every query part.
pub fn count_chains(plan: &mut Plan) {
    for part in &mut plan.parts {
        // only a MATCH that reads nothing from earlier clauses: the first stage
        let [Stage::Stream { ops, cap: None }, Stage::Aggregate { keys, aggs, per_row: None }, ..] = part.stages.as_slice() else {
            continue;
        };
        let [Op::Match(m)] = ops.as_slice() else { continue };
        if !keys.is_empty() || aggs.is_empty() {
            continue;
        }
        let Some((start, branches)) = shape(&m.steps) else { continue };
        let bound: Vec<usize> = m.binds.clone();
        let counts_only = aggs.iter().all(|a| match (a.func, a.args.as_slice()) {
            (AggFunc::CountStar, _) => true,
            (AggFunc::Count, [arg]) if !a.distinct => matches!(unspan(arg), CExpr::Slot(s) if bound.contains(s)),
            _ => false,
        });
        if !counts_only {
            continue;
        }
        let slots = aggs.iter().map(|a| a.slot).collect();
        let stage = Stage::ChainCount { start, branches, slots };
        part.stages.splice(0..2, [stage]);
    }
}

fn unspan(e: &CExpr) -> &CExpr {
    match e {
        CExpr::Spanned(inner, _) => unspan(inner),
        other => other,
    }
}

/// The start step and the chains of a pattern of that shape, or `None`.
fn shape(steps: &[MatchStep]) -> Option<(MatchStep, Vec<Vec<Hop>>)> {
    let (first, rest) = steps.split_first()?;
    let anchor = match first {
        MatchStep::Scan { slot, check, .. } if check.props.is_empty() && check.prop_map.is_none() => *slot,
        MatchStep::IndexSeek { slot, value, check, .. } if is_const(value) && check.props.iter().all(|p| is_const(&p.value)) => {
            if check.prop_map.is_some() {
                return None;
            }
            *slot
        }
        _ => return None,
    };
    let mut branches: Vec<Vec<Hop>> = Vec::new();
    let mut types = Vec::new();
    for s in rest {
        let MatchStep::Expand(h) = s else { return None };
        let simple = h.var_len.is_none()
            && h.props.is_empty()
            && h.prop_map.is_none()
            && !h.to_bound
            && h.to_check.props.is_empty()
            && h.to_check.prop_map.is_none()
            && !h.types.is_empty();
        if !simple || h.types.iter().any(|t| types.contains(t)) {
            return None;
        }
        types.extend(h.types.iter().copied());
        let continues = branches.last().and_then(|b| b.last()).is_some_and(|prev| prev.to == h.from);
        if continues {
            branches.last_mut()?.push(h.clone());
        } else if h.from == anchor {
            branches.push(vec![h.clone()]);
        } else {
            return None;
        }
    }
    if branches.is_empty() {
        return None;
    }
    Some((first.clone(), branches))
}

fn is_const(e: &CExpr) -> bool {
    matches!(unspan(e), CExpr::Const(_))
}
