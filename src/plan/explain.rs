//! `EXPLAIN`: the plan as indented text, one operator per line, first executed first.

use std::fmt::Write as _;

use super::{CExpr, Hop, MatchPlan, MatchStep, NodeCheck, Op, Plan, Stage, Write};
use crate::store::{Dir, Graph};

pub fn explain(plan: &Plan, g: &Graph) -> String {
    let mut out = String::new();
    for (i, part) in plan.parts.iter().enumerate() {
        if i > 0 {
            let _ = writeln!(out, "{}", if plan.distinct_union { "Union" } else { "UnionAll" });
        }
        for stage in &part.stages {
            stage_text(stage, g, &mut out);
        }
        let _ = writeln!(out, "Produce columns [{}]", plan.columns.join(", "));
    }
    out.trim_end().to_string()
}

fn stage_text(stage: &Stage, g: &Graph, out: &mut String) {
    match stage {
        Stage::Stream { ops, cap } => {
            for op in ops {
                op_text(op, g, out);
            }
            if cap.is_some() {
                out.push_str("  (stops early once LIMIT is reached)\n");
            }
        }
        Stage::Write(w) => {
            let name = match w {
                Write::Create(_) => "Create",
                Write::Merge { .. } => "Merge",
                Write::Set(_) => "SetProperties",
                Write::Delete { detach: true, .. } => "DetachDelete",
                Write::Delete { .. } => "Delete",
            };
            let _ = writeln!(out, "{name}");
        }
        Stage::Aggregate { keys, aggs, per_row } => {
            if let Some(super::CountHop { hop: h, .. }) = per_row {
                let _ = writeln!(out, "{}{}", if h.to_bound { "CountExpandInto" } else { "CountExpand" }, hop_text(h, g));
            }
            let _ = writeln!(
                out,
                "Aggregate (keys: {}, aggregates: {})",
                keys.len(),
                aggs.iter().map(|a| format!("{:?}", a.func)).collect::<Vec<_>>().join(", ")
            );
        }
        Stage::StoreCount { source, keys, .. } => {
            let what = match source {
                super::CountSource::LabelSets { require } => format!(
                    "nodes per label combination{}",
                    if require.is_empty() {
                        String::new()
                    } else {
                        format!(" with {}", require.iter().map(|l| format!(":{}", g.name(*l))).collect::<String>())
                    }
                ),
                super::CountSource::Types { types } if types.is_empty() => "relationships per type".to_string(),
                super::CountSource::Types { types } => {
                    format!("relationships of {}", types.iter().map(|t| format!(":{}", g.name(*t))).collect::<Vec<_>>().join("|"))
                }
            };
            let _ = writeln!(out, "StoreCount ({what}, from the store's counts)");
            let _ = writeln!(out, "Aggregate (keys: {}, weighted rows)", keys.len());
        }
        Stage::ChainCount { start, branches, .. } => {
            match_text(&super::MatchPlan { steps: vec![start.clone()], binds: Vec::new() }, g, "", out);
            for b in branches {
                for h in b {
                    let _ = writeln!(out, "CountChain{}", hop_text(h, g));
                }
            }
            out.push_str("Aggregate (the count, from weights carried along the chains)\n");
        }
        Stage::Distinct(_) => out.push_str("Distinct\n"),
        Stage::Sort(keys) => {
            let _ = writeln!(out, "Sort ({} key{})", keys.len(), if keys.len() == 1 { "" } else { "s" });
        }
        Stage::Slice { skip, limit } => {
            let _ = writeln!(
                out,
                "{}",
                match (skip, limit) {
                    (Some(_), Some(_)) => "Skip + Limit",
                    (Some(_), None) => "Skip",
                    _ => "Limit",
                }
            );
        }
    }
}

fn op_text(op: &Op, g: &Graph, out: &mut String) {
    match op {
        Op::Match(m) => match_text(m, g, "", out),
        Op::OptionalMatch(m) => {
            out.push_str("Optional\n");
            match_text(m, g, "  ", out);
        }
        Op::Filter(_) => out.push_str("Filter\n"),
        Op::Unwind { .. } => out.push_str("Unwind\n"),
        Op::Project(items) => {
            let _ = writeln!(out, "Project ({} item{})", items.len(), if items.len() == 1 { "" } else { "s" });
        }
        Op::Call(c) => {
            let _ = writeln!(out, "ProcedureCall {}", c.procedure);
        }
    }
}

fn labels(c: &NodeCheck, g: &Graph) -> String {
    c.labels.iter().map(|l| format!(":{}", g.name(*l))).collect()
}

fn match_text(m: &MatchPlan, g: &Graph, indent: &str, out: &mut String) {
    for s in &m.steps {
        out.push_str(indent);
        let _ = match s {
            MatchStep::Scan { slot, label: Some(l), check } => {
                writeln!(out, "NodeByLabelScan #{slot}:{} ({} nodes){}", g.name(*l), g.label_count(*l), props_note(check))
            }
            MatchStep::Scan { slot, label: None, check } => {
                writeln!(out, "AllNodesScan #{slot} ({} nodes){}", g.node_count(), props_note(check))
            }
            MatchStep::IndexSeek { slot, label, key, .. } => writeln!(out, "NodeIndexSeek #{slot}:{}({})", g.name(*label), g.name(*key)),
            MatchStep::Bound { slot, check } => writeln!(out, "Argument #{slot}{}", labels(check, g)),
            MatchStep::Expand(h) => writeln!(out, "{}{}", if h.to_bound { "ExpandInto" } else { "Expand" }, hop_text(h, g)),
            MatchStep::Shortest { hop, all, .. } => {
                writeln!(out, "{} (#{})..(#{})", if *all { "AllShortestPaths" } else { "ShortestPath" }, hop.from, hop.to)
            }
            MatchStep::Filter(CExpr::Const(_)) => Ok(()),
            MatchStep::Filter(_) => writeln!(out, "Filter"),
            MatchStep::BindPath { slot, .. } => writeln!(out, "ProjectPath #{slot}"),
            MatchStep::Exists { key, steps, .. } => {
                let keys: Vec<String> = key.iter().map(|k| format!("#{k}")).collect();
                let _ = writeln!(out, "SemiApply (once per {}; the rest only has to exist)", keys.join(", "));
                let inner = format!("{indent}  ");
                match_text(&MatchPlan { steps: steps.clone(), binds: Vec::new() }, g, &inner, out);
                Ok(())
            }
        };
    }
}

/// ` (#from)-[#rel:TYPES*len]->(#to:Labels)`.
fn hop_text(h: &Hop, g: &Graph) -> String {
    let arrow = match h.dir {
        Dir::Out => ("-", "->"),
        Dir::In => ("<-", "-"),
        Dir::Both => ("-", "-"),
    };
    let types: Vec<&str> = h.types.iter().map(|t| &**g.name(*t)).collect();
    let len = match h.var_len {
        Some((min, Some(max))) => format!("*{min}..{max}"),
        Some((min, None)) => format!("*{min}.."),
        None => String::new(),
    };
    format!(
        " (#{}){}[#{}{}{}]{}(#{}{})",
        h.from,
        arrow.0,
        h.rel,
        if types.is_empty() { String::new() } else { format!(":{}", types.join("|")) },
        len,
        arrow.1,
        h.to,
        labels(&h.to_check, g)
    )
}

fn props_note(c: &NodeCheck) -> String {
    if c.props.is_empty() && c.prop_map.is_none() { String::new() } else { " + property filter".to_string() }
}
