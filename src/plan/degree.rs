//! Optimizer pass: count the last hop of a pattern instead of walking it.
//!
//! When a MATCH ends in a single-length expand whose relationship and end node feed
//! nothing but `count(*)` (or `count` of either of them) in the aggregation right after,
//! the rows that expand would produce are never looked at: only how many there are. The
//! pass moves the hop from the match into the aggregation, which then counts, for each row
//! the shortened match produces, the hop's matches from it (a scan of one node's adjacency
//! list, applying the hop's type, property, label and relationship-uniqueness checks), and
//! adds that number instead of one.

use super::{AggCall, AggFunc, CExpr, CountHop, Hop, MatchStep, Op, Plan, Stage};
use crate::store::Dir;

/// Applies the pass to every query part.
pub fn count_last_hops(plan: &mut Plan) {
    for part in &mut plan.parts {
        for i in 1..part.stages.len() {
            let (before, after) = part.stages.split_at_mut(i);
            let (Stage::Stream { ops, cap: None }, Stage::Aggregate { keys, aggs, per_row: per_row @ None }) =
                (&mut before[i - 1], &mut after[0])
            else {
                continue;
            };
            let Some(Op::Match(m)) = ops.last_mut() else { continue };
            let Some(MatchStep::Expand(hop)) = m.steps.last() else { continue };
            if !countable(hop) {
                continue;
            }
            // The slots the hop binds: nothing may read them once it no longer runs.
            let mine: Vec<usize> = if hop.to_bound { vec![hop.rel] } else { vec![hop.rel, hop.to] };
            if !keys.iter().all(|(e, _)| reads_other(e, &mine)) || !aggs.iter().all(|a| count_ok(a, &mine)) {
                continue;
            }
            for a in aggs.iter_mut() {
                // `count(x)` of a bound relationship or node is never null: the same as count(*)
                if a.args.first().and_then(slot_of).is_some_and(|s| mine.contains(&s)) {
                    a.func = AggFunc::CountStar;
                    a.args.clear();
                }
            }
            let follows_same_way = match m.steps.len().checked_sub(2).map(|i| &m.steps[i]) {
                Some(MatchStep::Expand(prev)) => {
                    prev.var_len.is_none()
                        && prev.to == hop.from
                        && prev.dir == hop.dir
                        && hop.dir != Dir::Both
                        && hop.distinct_from == [prev.rel]
                }
                _ => false,
            };
            if let Some(MatchStep::Expand(hop)) = m.steps.pop() {
                *per_row = Some(CountHop { hop, follows_same_way });
            }
        }
    }
}

/// A single-length hop whose checks need nothing from the row it would bind.
fn countable(hop: &Hop) -> bool {
    hop.var_len.is_none()
        && hop.props.iter().all(|p| is_const(&p.value))
        && hop.prop_map.as_ref().is_none_or(is_const)
        && hop.to_check.props.iter().all(|p| is_const(&p.value))
        && hop.to_check.prop_map.as_ref().is_none_or(is_const)
}

fn unspan(e: &CExpr) -> &CExpr {
    match e {
        CExpr::Spanned(inner, _) => unspan(inner),
        other => other,
    }
}

fn is_const(e: &CExpr) -> bool {
    matches!(unspan(e), CExpr::Const(_))
}

fn slot_of(e: &CExpr) -> Option<usize> {
    match unspan(e) {
        CExpr::Slot(s) => Some(*s),
        _ => None,
    }
}

/// A constant, a slot other than `mine`, or a property of one (kept deliberately simple:
/// anything else makes the pass step aside).
fn reads_other(e: &CExpr, mine: &[usize]) -> bool {
    match unspan(e) {
        CExpr::Const(_) => true,
        CExpr::Slot(s) => !mine.contains(s),
        CExpr::Prop(base, ..) => matches!(unspan(base), CExpr::Slot(s) if !mine.contains(s)),
        _ => false,
    }
}

/// `count(*)`, or a non-distinct `count` of one of `mine` or of something [`reads_other`].
fn count_ok(a: &AggCall, mine: &[usize]) -> bool {
    match (a.func, a.args.as_slice()) {
        (AggFunc::CountStar, _) => true,
        (AggFunc::Count, [arg]) if !a.distinct => slot_of(arg).is_some_and(|s| mine.contains(&s)) || reads_other(arg, mine),
        _ => false,
    }
}
