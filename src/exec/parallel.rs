//! A scan that feeds an aggregation, run on two threads: each takes half of the scanned
//! nodes (by slot, so each half keeps the scan's order) into a grouper of its own, and the
//! second grouper is folded into the first, which gives what one thread would have: the
//! same groups in the same order, and `collect` lists in scan order.

use std::ops::Range;

use super::aggregate::Grouper;
use super::eval::Eval;
use super::{Context, Row, add_row, push};
use crate::error::ExecError;
use crate::plan::{AggCall, CExpr, CountHop, MatchStep, Op};
use crate::store::Graph;

/// Fewer nodes than this are scanned on one thread: starting another costs more.
const MIN_NODES: usize = 16_384;

/// Where to cut a stream's first scan: the address of the scan step and the first slot of
/// the second half; `None` when the stream does not start with a large scan.
pub fn split(g: &Graph, ops: &[Op]) -> Option<(usize, u32)> {
    if std::thread::available_parallelism().map_or(1, |n| n.get()) < 2 {
        return None;
    }
    let Some(Op::Match(m)) = ops.first() else { return None };
    let step = m.steps.first()?;
    let MatchStep::Scan { label, .. } = step else { return None };
    let mid = match label {
        Some(l) => {
            let mut slots: Vec<u32> = g.nodes_with_label(*l).map(|n| n.0).collect();
            if slots.len() < MIN_NODES {
                return None;
            }
            let half = slots.len() / 2;
            *slots.select_nth_unstable(half).1
        }
        None => {
            if g.node_count() < MIN_NODES {
                return None;
            }
            (g.node_bound() / 2) as u32
        }
    };
    Some((step as *const MatchStep as usize, mid))
}

/// Runs the stream on two threads, each half of the scan into its own grouper.
#[allow(clippy::too_many_arguments)]
pub fn aggregate(
    g: &Graph,
    ctx: &Context<'_>,
    ops: &[Op],
    keys: &[(CExpr, usize)],
    aggs: &[AggCall],
    per_row: Option<&CountHop>,
    row: Row,
    slots: usize,
    (at, mid): (usize, u32),
) -> Result<Vec<Row>, ExecError> {
    let half = |range: Range<u32>, ctx: &Context<'_>, mut row: Row| -> Result<Grouper<'_>, ExecError> {
        let mut ev = Eval::new(g, ctx);
        ev.share = Some((at, range));
        let mut grouper = Grouper::new(keys, aggs);
        let pushed = push(&ev, ops, &mut row, &mut |r| {
            ev.ctx.tick()?;
            add_row(&ev, &mut grouper, per_row, r)
        });
        match pushed {
            Ok(_) => Ok(grouper),
            Err(e) => {
                grouper.abandon();
                Err(e)
            }
        }
    };
    let second_row = row.clone();
    let ctx2 = ctx.fork();
    let (first, second) = std::thread::scope(|s| {
        let half = &half;
        let other = s.spawn(move || {
            let r = half(mid..u32::MAX, &ctx2, second_row);
            (r, ctx2.row_counts())
        });
        let first = half(0..mid, ctx, row);
        (first, other.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    });
    let (second, counts) = second;
    ctx.absorb(counts);
    let mut first = first?;
    first.merge(second?)?;
    Ok(first.finish(slots))
}
