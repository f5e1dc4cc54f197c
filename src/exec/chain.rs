//! Counting a pattern's matches by carrying weights along its chains (the plan comes from
//! `plan/chain.rs`): each node reached holds the number of ways it was reached, and the
//! last hop of a chain is counted, not walked, where the store knows the degree.

use std::collections::HashMap;

use super::eval::Eval;
use super::{Flow, Row};
use crate::error::ExecError;
use crate::plan::{Hop, MatchPlan, MatchStep};
use crate::value::{NodeId, Value};

thread_local! {
    /// Node weights between statements: all zero whenever it is not in use.
    static SCRATCH: std::cell::RefCell<Vec<u64>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn overflow() -> ExecError {
    ExecError::argument("IntegerOverflow", "the count does not fit in a 64-bit integer")
}

impl Eval<'_> {
    /// The number of matches of a start step with chains of hops leading away from it.
    pub fn chain_count(&self, start: &MatchStep, branches: &[Vec<Hop>], row: &mut Row) -> Result<i64, ExecError> {
        let slot = match start {
            MatchStep::Scan { slot, .. } | MatchStep::IndexSeek { slot, .. } => *slot,
            _ => return Err(ExecError::new(crate::error::Category::ProcedureError, "PlanError", "a chain count starts with a node scan")),
        };
        let mut anchors: Vec<(NodeId, u64)> = Vec::new();
        let m = MatchPlan { steps: vec![start.clone()], binds: Vec::new() };
        self.match_plan(&m, row, &mut |r| {
            if let Value::Node(n) = r[slot] {
                anchors.push((n, 1));
            }
            Ok(Flow::Continue)
        })?;
        // the longest chain is walked from every start node at once; the others are counted
        // per start node first and enter as its weight
        let main = (0..branches.len()).max_by_key(|&i| branches[i].len()).unwrap_or(0);
        if branches.len() > 1 {
            let mut weighted = Vec::with_capacity(anchors.len());
            for (a, _) in anchors {
                let mut w = 1u64;
                for (i, b) in branches.iter().enumerate() {
                    if i != main && w > 0 {
                        w = w.checked_mul(self.carry(vec![(a, 1)], b)?).ok_or_else(overflow)?;
                    }
                }
                if w > 0 {
                    weighted.push((a, w));
                }
            }
            anchors = weighted;
        }
        let total = match branches.get(main) {
            Some(b) if !anchors.is_empty() => self.carry(anchors, b)?,
            _ => 0,
        };
        i64::try_from(total).map_err(|_| overflow())
    }

    /// The number of ways to walk `hops` from the nodes of `front`, each counted as often
    /// as its weight says.
    fn carry(&self, mut front: Vec<(NodeId, u64)>, hops: &[Hop]) -> Result<u64, ExecError> {
        let bound = self.g.node_bound();
        for (i, hop) in hops.iter().enumerate() {
            let known = hop.labels_known || (hop.to_check.is_empty() && !self.g.has_marked_nodes());
            if i + 1 == hops.len() {
                let mut total = 0u64;
                for &(x, w) in &front {
                    self.ctx.tick()?;
                    let n = match self.g.known_degree(x, hop.dir, &hop.types, false).filter(|_| known) {
                        Some(n) => n as u64,
                        None => {
                            let mut n = 0u64;
                            for s in self.g.steps(x, hop.dir, &hop.types) {
                                if known || self.reached_ok(s.other, hop) {
                                    n += 1;
                                }
                            }
                            n
                        }
                    };
                    total = total.checked_add(n.checked_mul(w).ok_or_else(overflow)?).ok_or_else(overflow)?;
                }
                return Ok(total);
            }
            // the weights of the next nodes: a dense array (kept between statements, as
            // filling a fresh one costs more than the walk) when many nodes are reached
            // how many nodes the hop may reach: its relationships from the frontier
            let reach: usize = front.iter().map(|(x, _)| self.g.known_degree(*x, hop.dir, &hop.types, false).unwrap_or(bound)).sum();
            let dense = reach.saturating_mul(16) >= bound;
            let mut acc_dense = if dense { SCRATCH.with(|s| std::mem::take(&mut *s.borrow_mut())) } else { Vec::new() };
            if dense && acc_dense.len() < bound {
                acc_dense.resize(bound, 0);
            }
            let mut acc: HashMap<u32, u64> = HashMap::new();
            let mut order: Vec<u32> = Vec::new();
            let mut add = |y: u32, w: u64| -> Result<(), ExecError> {
                let cell = if dense { &mut acc_dense[y as usize] } else { acc.entry(y).or_insert(0) };
                if *cell == 0 {
                    order.push(y);
                }
                *cell = cell.checked_add(w).ok_or_else(overflow)?;
                Ok(())
            };
            let mut walked = Ok(());
            for &(x, w) in &front {
                self.ctx.tick()?;
                if let ([t], true) = (hop.types.as_slice(), known)
                    && let Some(run) = self.g.settled_run(x, hop.dir, *t)
                {
                    for e in run {
                        walked = add(e.other, w);
                        if walked.is_err() {
                            break;
                        }
                    }
                } else {
                    for s in self.g.steps(x, hop.dir, &hop.types) {
                        if known || self.reached_ok(s.other, hop) {
                            walked = add(s.other.0, w);
                            if walked.is_err() {
                                break;
                            }
                        }
                    }
                }
                if walked.is_err() {
                    break;
                }
            }
            // the next frontier in slot order, so that the next hop reads the arrays forwards
            if dense {
                front = Vec::with_capacity(order.len());
                for (y, w) in acc_dense.iter_mut().enumerate().take(bound) {
                    if *w > 0 {
                        front.push((NodeId(y as u32), *w));
                        *w = 0;
                    }
                }
                SCRATCH.with(|s| *s.borrow_mut() = acc_dense);
            } else {
                order.sort_unstable();
                front = order.iter().map(|&y| (NodeId(y), acc[&y])).collect();
            }
            walked?;
            if front.is_empty() {
                return Ok(0);
            }
        }
        Ok(front.iter().map(|(_, w)| *w).sum())
    }

    /// Whether a node reached along `hop` passes its label check.
    fn reached_ok(&self, n: NodeId, hop: &Hop) -> bool {
        self.g.node(n).is_some_and(|node| hop.to_check.labels.iter().all(|l| node.has_label(*l)))
    }
}
