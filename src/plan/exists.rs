//! Optimizer pass: stop at the first match where only its existence matters.
//!
//! In `MATCH (c)-[:M]->(:P)-[:A]->(:R {name: 'FDA'}), (c)-[:M]->(:P)-[:A]->(:R {name: 'EMA'})
//! RETURN count(DISTINCT c.name)` nothing after the MATCH reads anything but `c`, and it
//! reads it in a way that duplicates do not change (a DISTINCT aggregate, `min`, `max`,
//! grouping, `RETURN DISTINCT`). Once the steps that bind `c` have run, the rest of the
//! pattern only has to exist: it is replaced by an existence check
//! ([`MatchStep::Exists`]) that emits each value of the variables read downstream at most
//! once, and that finds the completions from a value once, remembering them.
//!
//! Relationship uniqueness ties the rest of the pattern to the relationships bound before:
//! the check keeps, per value, the relationships each completion uses, and a completion
//! counts for a row only if it shares none with the row's.

use super::pattern::slots_used;
use super::{AggFunc, MatchPlan, MatchStep, NodeCheck, Op, PathStep, Plan, Stage};

/// Applies the pass to the last MATCH of every stream that feeds a DISTINCT or an
/// aggregation that duplicates do not change.
pub fn check_existence(plan: &mut Plan) {
    for part in &mut plan.parts {
        for i in 0..part.stages.len().saturating_sub(1) {
            let (before, after) = part.stages.split_at_mut(i + 1);
            let Stage::Stream { ops, cap: None } = &mut before[i] else { continue };
            // what the next stage reads, if duplicates do not matter to it
            let mut read: Vec<usize> = match &after[0] {
                Stage::Distinct(slots) => slots.clone(),
                Stage::Aggregate { keys, aggs, per_row: None } => {
                    let insensitive = aggs.iter().all(|a| a.distinct || matches!(a.func, AggFunc::Min | AggFunc::Max));
                    if !insensitive {
                        continue;
                    }
                    let mut r: Vec<usize> = keys.iter().flat_map(|(e, _)| slots_used(e)).collect();
                    r.extend(aggs.iter().flat_map(|a| a.args.iter().flat_map(slots_used)));
                    r
                }
                _ => continue,
            };
            // the ops after the last MATCH of the stream, and what they read
            let Some(mi) = ops.iter().rposition(|o| matches!(o, Op::Match(_))) else { continue };
            let (head, tail) = ops.split_at_mut(mi + 1);
            let mut tail_ok = true;
            for op in tail.iter() {
                match op {
                    Op::Project(items) => {
                        // a projected slot stands for what its expression reads
                        let written: Vec<usize> = items.iter().map(|(_, s)| *s).collect();
                        read.retain(|s| !written.contains(s));
                        read.extend(items.iter().flat_map(|(e, _)| slots_used(e)));
                    }
                    Op::Filter(e) => read.extend(slots_used(e)),
                    _ => tail_ok = false,
                }
            }
            if !tail_ok {
                continue;
            }
            read.sort_unstable();
            read.dedup();
            let Some(Op::Match(m)) = head.last_mut() else { continue };
            rewrite(m, &read);
        }
    }
}

/// Cuts `m` after the step that binds the last of the `read` slots it binds, if the rest
/// reads only those slots and the relationships it must differ from.
fn rewrite(m: &mut MatchPlan, read: &[usize]) {
    if m.steps.iter().any(|s| matches!(s, MatchStep::Exists { .. } | MatchStep::Shortest { .. })) {
        return;
    }
    let mut bound: Vec<usize> = Vec::new();
    let mut cut = None;
    for (i, s) in m.steps.iter().enumerate() {
        bound.extend(binds(s));
        if read.iter().all(|r| !m.binds.contains(r) || bound.contains(r)) {
            cut = Some(i + 1);
            break;
        }
    }
    let Some(cut) = cut else { return };
    if cut >= m.steps.len() {
        return;
    }
    let suffix = &m.steps[cut..];
    let mut own: Vec<usize> = Vec::new();
    let mut outside: Vec<usize> = Vec::new();
    for s in suffix {
        outside.extend(reads(s).into_iter().filter(|r| !own.contains(r)));
        own.extend(binds(s));
    }
    outside.sort_unstable();
    outside.dedup();
    // relationships of the prefix the suffix must avoid
    let prefix_rels: Vec<usize> = suffix
        .iter()
        .flat_map(|s| match s {
            MatchStep::Expand(h) => h.distinct_from.clone(),
            _ => Vec::new(),
        })
        .filter(|r| !own.contains(r))
        .collect();
    let key: Vec<usize> = read.iter().copied().filter(|r| bound.contains(r) || !m.binds.contains(r)).collect();
    // the suffix may read the key and the prefix's relationships, nothing else of the row
    if outside.iter().any(|s| !key.contains(s) && !prefix_rels.contains(s)) {
        return;
    }
    let rels: Vec<usize> = suffix
        .iter()
        .filter_map(|s| match s {
            MatchStep::Expand(h) => Some(h.rel),
            _ => None,
        })
        .collect();
    let mut prefix_rels = prefix_rels;
    prefix_rels.sort_unstable();
    prefix_rels.dedup();
    let suffix: Vec<MatchStep> = m.steps.drain(cut..).collect();
    m.steps.push(MatchStep::Exists { key, steps: suffix, avoid: prefix_rels, rels });
}

/// The slots a step binds.
fn binds(s: &MatchStep) -> Vec<usize> {
    match s {
        MatchStep::Scan { slot, .. } | MatchStep::IndexSeek { slot, .. } | MatchStep::BindPath { slot, .. } => vec![*slot],
        MatchStep::Bound { .. } | MatchStep::Filter(_) => Vec::new(),
        MatchStep::Expand(h) => {
            if h.to_bound {
                vec![h.rel]
            } else {
                vec![h.rel, h.to]
            }
        }
        MatchStep::Shortest { hop, path, .. } => vec![hop.rel, *path],
        MatchStep::Exists { .. } => Vec::new(),
    }
}

/// The slots a step reads.
fn reads(s: &MatchStep) -> Vec<usize> {
    let check = |c: &NodeCheck| -> Vec<usize> {
        let mut v: Vec<usize> = c.props.iter().flat_map(|p| slots_used(&p.value)).collect();
        if let Some(m) = &c.prop_map {
            v.extend(slots_used(m));
        }
        v
    };
    match s {
        MatchStep::Scan { check: c, .. } => check(c),
        MatchStep::IndexSeek { value, check: c, .. } => {
            let mut v = slots_used(value);
            v.extend(check(c));
            v
        }
        MatchStep::Bound { slot, check: c } => {
            let mut v = vec![*slot];
            v.extend(check(c));
            v
        }
        MatchStep::Expand(h) | MatchStep::Shortest { hop: h, .. } => {
            let mut v = vec![h.from];
            if h.to_bound || matches!(s, MatchStep::Shortest { .. }) {
                v.push(h.to);
            }
            v.extend(h.props.iter().flat_map(|p| slots_used(&p.value)));
            if let Some(m) = &h.prop_map {
                v.extend(slots_used(m));
            }
            v.extend(check(&h.to_check));
            v.extend(h.distinct_from.iter().copied());
            v
        }
        MatchStep::Filter(e) => slots_used(e),
        MatchStep::BindPath { start, steps, .. } => {
            let mut v = vec![*start];
            for p in steps {
                match p {
                    PathStep::One { rel, node } => v.extend([*rel, *node]),
                    PathStep::Many { rels, node } => v.extend([*rels, *node]),
                }
            }
            v
        }
        MatchStep::Exists { key, avoid, .. } => {
            let mut v = key.clone();
            v.extend(avoid.iter().copied());
            v
        }
    }
}
