//! Optimizer pass: skip label checks the graph guarantees. When every node that a
//! relationship type leads to carries a label (the store keeps, per type, the labels of all
//! its start and end nodes), a pattern's check of that label on a node reached along the
//! type always passes, and the matcher need not look at the node at all. Only for
//! statements that do not write: the guarantee holds for the graph as it is when planned.

use super::{MatchPlan, MatchStep, Op, Plan, Stage, Write};
use crate::store::Graph;

/// Marks every hop of a read-only plan whose end-node check the graph guarantees.
pub fn mark_known_labels(plan: &mut Plan, graph: &Graph) {
    for part in &mut plan.parts {
        for stage in &mut part.stages {
            match stage {
                Stage::Stream { ops, .. } => {
                    for op in ops {
                        if let Op::Match(m) | Op::OptionalMatch(m) = op {
                            mark(m, graph);
                        }
                    }
                }
                Stage::Write(Write::Merge { matcher, .. }) => mark(matcher, graph),
                _ => {}
            }
        }
    }
}

fn mark(m: &mut MatchPlan, graph: &Graph) {
    for step in &mut m.steps {
        if let MatchStep::Expand(hop) = step {
            let check = &hop.to_check;
            hop.labels_known = !hop.to_bound
                && check.props.is_empty()
                && check.prop_map.is_none()
                && graph.labels_guaranteed(&hop.types, hop.dir, &check.labels);
        }
    }
}
