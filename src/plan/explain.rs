//! `EXPLAIN` and `PROFILE`: the plan as indented text, one operator per line, first executed
//! first, naming variables as the query does (`anon_N` for unnamed ones) and showing the
//! filters each step applies and the relationships it must differ from. With a profile,
//! each line also says how many rows the operator produced.

use std::fmt::Write as _;

use super::{CExpr, Hop, MapProjItem, MatchPlan, MatchStep, NodeCheck, Op, Plan, PropCheck, Stage, Write};
use crate::store::{Dir, Graph};
use crate::syntax::ast::{BinaryOp, Quantifier, UnaryOp};

/// Rows each operator produced, by the operator's address (see `exec::Profile`).
pub type RowCounts = std::collections::HashMap<usize, u64>;

/// Wall time spent in each stage, by the stage's address. A stage's time includes the
/// operators that stream rows into it without a stage boundary.
pub type StageTimes = std::collections::HashMap<usize, std::time::Duration>;

/// The plan's text; with a profile, annotated with what a run counted and timed.
pub fn explain(plan: &Plan, g: &Graph, profile: Option<(&RowCounts, &StageTimes)>) -> String {
    let e = Explainer { plan, g, rows: profile.map(|p| p.0), times: profile.map(|p| p.1) };
    let mut out = String::new();
    for (i, part) in plan.parts.iter().enumerate() {
        if i > 0 {
            let _ = writeln!(out, "{}", if plan.distinct_union { "Union" } else { "UnionAll" });
        }
        for stage in &part.stages {
            e.stage(stage, &mut out);
        }
        let _ = writeln!(out, "Produce columns [{}]", plan.columns.join(", "));
    }
    out.trim_end().to_string()
}

/// `1 node`, `n nodes`.
fn nodes(n: usize) -> String {
    if n == 1 { "1 node".to_string() } else { format!("{n} nodes") }
}

struct Explainer<'a> {
    plan: &'a Plan,
    g: &'a Graph,
    rows: Option<&'a RowCounts>,
    times: Option<&'a StageTimes>,
}

impl Explainer<'_> {
    fn var(&self, slot: usize) -> String {
        match self.plan.names.get(slot) {
            Some(Some(n)) => n.clone(),
            _ => format!("anon_{slot}"),
        }
    }

    /// Ends an operator's line, with the rows it produced when profiled: the rows counted
    /// entering what comes after it, at address `next`.
    fn end(&self, next: Option<usize>, line: String, out: &mut String) {
        match (self.rows, next) {
            (Some(r), Some(at)) => {
                let n = r.get(&at).copied().unwrap_or(0);
                match self.times.and_then(|t| t.get(&at)) {
                    Some(d) => {
                        let _ = writeln!(out, "{line}  [rows: {n}, time: {:.3} ms]", d.as_secs_f64() * 1000.0);
                    }
                    None => {
                        let _ = writeln!(out, "{line}  [rows: {n}]");
                    }
                }
            }
            _ => {
                let _ = writeln!(out, "{line}");
            }
        }
    }

    fn stage(&self, stage: &Stage, out: &mut String) {
        match stage {
            Stage::Stream { ops, cap } => {
                for (j, op) in ops.iter().enumerate() {
                    // what an op produces enters the next one (or leaves the list)
                    self.op(op, Some(ops.as_ptr().wrapping_add(j + 1) as usize), out);
                }
                if cap.is_some() {
                    out.push_str("  (stops early once LIMIT is reached)\n");
                }
                if let Some(d) = self.times.and_then(|t| t.get(&(stage as *const Stage as usize))) {
                    let _ = writeln!(out, "  (time of this pipeline: {:.3} ms)", d.as_secs_f64() * 1000.0);
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
                self.end(Some(stage as *const Stage as usize), name.to_string(), out);
            }
            Stage::Aggregate { keys, aggs, per_row } => {
                if let Some(super::CountHop { hop: h, .. }) = per_row {
                    let _ = writeln!(out, "{}{}", if h.to_bound { "CountExpandInto" } else { "CountExpand" }, self.hop(h));
                }
                let keys: Vec<String> = keys.iter().map(|(e, s)| format!("{} AS {}", self.expr(e), self.var(*s))).collect();
                let aggs: Vec<String> = aggs.iter().map(|a| format!("{} AS {}", self.agg(a), self.var(a.slot))).collect();
                let line = if keys.is_empty() {
                    format!("Aggregate ({})", aggs.join(", "))
                } else {
                    format!("Aggregate (grouping {}; {})", keys.join(", "), aggs.join(", "))
                };
                self.end(Some(stage as *const Stage as usize), line, out);
            }
            Stage::StoreCount { source, keys, aggs, .. } => {
                let what = match source {
                    super::CountSource::LabelSets { require } if require.is_empty() => "nodes per label combination".to_string(),
                    super::CountSource::LabelSets { require } => {
                        format!(
                            "nodes per label combination with {}",
                            require.iter().map(|l| format!(":{}", self.g.name(*l))).collect::<String>()
                        )
                    }
                    super::CountSource::Types { types } if types.is_empty() => "relationships per type".to_string(),
                    super::CountSource::Types { types } => {
                        format!("relationships of {}", types.iter().map(|t| format!(":{}", self.g.name(*t))).collect::<Vec<_>>().join("|"))
                    }
                };
                let _ = writeln!(out, "StoreCount ({what}, from the store's counts)");
                let keys: Vec<String> = keys.iter().map(|(e, s)| format!("{} AS {}", self.expr(e), self.var(*s))).collect();
                let aggs: Vec<String> = aggs.iter().map(|a| format!("count(*) AS {}", self.var(a.slot))).collect();
                let line = if keys.is_empty() {
                    format!("Aggregate ({}, weighted rows)", aggs.join(", "))
                } else {
                    format!("Aggregate (grouping {}; {}, weighted rows)", keys.join(", "), aggs.join(", "))
                };
                self.end(Some(stage as *const Stage as usize), line, out);
            }
            Stage::ChainCount { start, branches, slots } => {
                self.match_steps(std::slice::from_ref(start), "", None, out);
                for b in branches {
                    for h in b {
                        let _ = writeln!(out, "CountChain{}", self.hop(h));
                    }
                }
                let names: Vec<String> = slots.iter().map(|s| format!("count(*) AS {}", self.var(*s))).collect();
                self.end(
                    Some(stage as *const Stage as usize),
                    format!("Aggregate ({}, from weights carried along the chains)", names.join(", ")),
                    out,
                );
            }
            Stage::Distinct(slots) => {
                let names: Vec<String> = slots.iter().map(|s| self.var(*s)).collect();
                self.end(Some(stage as *const Stage as usize), format!("Distinct ({})", names.join(", ")), out);
            }
            Stage::Sort(keys) => {
                let keys: Vec<String> =
                    keys.iter().map(|k| format!("{}{}", self.expr(&k.expr), if k.descending { " DESC" } else { "" })).collect();
                self.end(Some(stage as *const Stage as usize), format!("Sort ({})", keys.join(", ")), out);
            }
            Stage::Subquery(sq) => {
                let kind = match (&sq.batch, sq.optional) {
                    (Some(_), _) => "SubqueryInTransactions",
                    (None, true) => "OptionalSubquery",
                    (None, false) => "Subquery",
                };
                let _ = writeln!(out, "{kind} {{");
                for (i, part) in sq.parts.iter().enumerate() {
                    if i > 0 {
                        let _ = writeln!(out, "  {}", if sq.distinct_union { "Union" } else { "UnionAll" });
                    }
                    let mut inner = String::new();
                    for st in &part.stages {
                        self.stage(st, &mut inner);
                    }
                    for line in inner.lines() {
                        let _ = writeln!(out, "  {line}");
                    }
                }
                let names: Vec<String> = sq.outputs.iter().map(|s| self.var(*s)).collect();
                self.end(Some(stage as *const Stage as usize), format!("}} returning ({})", names.join(", ")), out);
            }
            Stage::SelectPaths { path, k, groups } => {
                let line =
                    format!("SelectPaths (per end nodes of {}: shortest {k}{})", self.var(*path), if *groups { " groups" } else { "" });
                self.end(Some(stage as *const Stage as usize), line, out);
            }
            Stage::Slice { skip, limit } => {
                let mut parts = Vec::new();
                if let Some(s) = skip {
                    parts.push(format!("Skip {}", self.expr(s)));
                }
                if let Some(l) = limit {
                    parts.push(format!("Limit {}", self.expr(l)));
                }
                self.end(Some(stage as *const Stage as usize), parts.join(" + "), out);
            }
        }
    }

    fn op(&self, op: &Op, next: Option<usize>, out: &mut String) {
        match op {
            Op::Match(m) => self.match_steps(&m.steps, "", next, out),
            Op::OptionalMatch(m) => {
                self.end(next, "Optional".to_string(), out);
                self.match_steps(&m.steps, "  ", None, out);
            }
            Op::Filter(e) => self.end(next, format!("Filter ({})", self.expr(e)), out),
            Op::Unwind { expr, slot } => self.end(next, format!("Unwind ({} AS {})", self.expr(expr), self.var(*slot)), out),
            Op::Project(items) => {
                let items: Vec<String> = items
                    .iter()
                    .map(|(e, s)| {
                        let (text, name) = (self.expr(e), self.var(*s));
                        if text == name { name } else { format!("{text} AS {name}") }
                    })
                    .collect();
                self.end(next, format!("Project ({})", items.join(", ")), out);
            }
            Op::Call(c) => self.end(next, format!("ProcedureCall {}", c.procedure), out),
            Op::LoadCsv(l) => self.end(next, format!("LoadCsv ({} AS {})", self.expr(&l.url), self.var(l.slot)), out),
        }
    }

    /// The steps of a pattern; `after`: where the rows of the last one go.
    fn match_steps(&self, steps: &[MatchStep], indent: &str, after: Option<usize>, out: &mut String) {
        for (i, s) in steps.iter().enumerate() {
            let next = match steps.get(i + 1) {
                Some(n) => Some(n as *const MatchStep as usize),
                None => after,
            };
            let line = match s {
                MatchStep::Scan { slot, label: Some(l), check } => format!(
                    "{indent}NodeByLabelScan ({}{}) ({}){}",
                    self.var(*slot),
                    self.labels(check),
                    nodes(self.g.label_count(*l)),
                    self.node_filter(*slot, check)
                ),
                MatchStep::Scan { slot, label: None, check } => {
                    format!("{indent}AllNodesScan ({}) ({}){}", self.var(*slot), nodes(self.g.node_count()), self.node_filter(*slot, check))
                }
                MatchStep::IndexSeek { slot, label, key, value, check } => {
                    // the seek's own equality is not repeated as a filter
                    let rest: Vec<PropCheck> = check.props.iter().filter(|p| p.key != *key).cloned().collect();
                    format!(
                        "{indent}NodeIndexSeek ({}:{} {{{}: {}}}){}",
                        self.var(*slot),
                        self.g.name(*label),
                        self.g.name(*key),
                        self.expr(value),
                        self.prop_filter(&self.var(*slot), &rest, check.prop_map.as_ref())
                    )
                }
                MatchStep::Bound { slot, check } => {
                    format!("{indent}Argument ({}{}){}", self.var(*slot), self.labels(check), self.node_filter(*slot, check))
                }
                MatchStep::Expand(h) => format!("{indent}{}{}", if h.to_bound { "ExpandInto" } else { "Expand" }, self.hop(h)),
                MatchStep::Shortest { hop, all, path } => format!(
                    "{indent}{} {} = ({})..({})",
                    if *all { "AllShortestPaths" } else { "ShortestPath" },
                    self.var(*path),
                    self.var(hop.from),
                    self.var(hop.to)
                ),
                MatchStep::Filter(CExpr::Const(_)) => continue,
                MatchStep::Filter(e) => format!("{indent}Filter ({})", self.expr(e)),
                MatchStep::BindPath { slot, .. } => format!("{indent}ProjectPath ({})", self.var(*slot)),
                MatchStep::Exists { key, steps, .. } => {
                    let keys: Vec<String> = key.iter().map(|k| self.var(*k)).collect();
                    self.end(next, format!("{indent}SemiApply (once per {}; the rest only has to exist)", keys.join(", ")), out);
                    self.match_steps(steps, &format!("{indent}  "), None, out);
                    continue;
                }
            };
            self.end(next, line, out);
        }
    }

    fn labels(&self, c: &NodeCheck) -> String {
        c.labels.iter().map(|l| format!(":{}", self.g.name(*l))).collect()
    }

    /// ` where n.k = v AND ...` for a node's property checks.
    fn node_filter(&self, slot: usize, c: &NodeCheck) -> String {
        self.prop_filter(&self.var(slot), &c.props, c.prop_map.as_ref())
    }

    fn prop_filter(&self, var: &str, props: &[PropCheck], map: Option<&CExpr>) -> String {
        let mut conds: Vec<String> = props.iter().map(|p| format!("{var}.{} = {}", self.g.name(p.key), self.expr(&p.value))).collect();
        if let Some(m) = map {
            conds.push(format!("{var} matches {}", self.expr(m)));
        }
        if conds.is_empty() { String::new() } else { format!(" where {}", conds.join(" AND ")) }
    }

    /// ` (a)-[r:T*1..3]->(b:L) where ..., unique from r1, r2`.
    fn hop(&self, h: &Hop) -> String {
        let arrow = match h.dir {
            Dir::Out => ("-", "->"),
            Dir::In => ("<-", "-"),
            Dir::Both => ("-", "-"),
        };
        let types: Vec<&str> = h.types.iter().map(|t| &**self.g.name(*t)).collect();
        let len = match h.var_len {
            Some((min, Some(max))) => format!("*{min}..{max}"),
            Some((min, None)) => format!("*{min}.."),
            None => String::new(),
        };
        let rel = self.var(h.rel);
        let mut text = format!(
            " ({}){}[{}{}{}]{}({}{})",
            self.var(h.from),
            arrow.0,
            rel,
            if types.is_empty() { String::new() } else { format!(":{}", types.join("|")) },
            len,
            arrow.1,
            self.var(h.to),
            self.labels(&h.to_check)
        );
        text.push_str(&self.prop_filter(&rel, &h.props, h.prop_map.as_ref()));
        let node = self.prop_filter(&self.var(h.to), &h.to_check.props, h.to_check.prop_map.as_ref());
        if !node.is_empty() {
            text.push_str(if text.contains(" where ") { &node[6..] } else { &node });
        }
        if h.labels_known && !h.to_check.labels.is_empty() {
            text.push_str(" (labels guaranteed by the type)");
        }
        if !h.distinct_from.is_empty() {
            let others: Vec<String> = h.distinct_from.iter().map(|s| self.var(*s)).collect();
            let _ = write!(text, ", {rel} unique from {}", others.join(", "));
        }
        text
    }

    fn agg(&self, a: &super::AggCall) -> String {
        use super::AggFunc::*;
        let name = match a.func {
            CountStar => return "count(*)".to_string(),
            Count => "count",
            Sum => "sum",
            Avg => "avg",
            Min => "min",
            Max => "max",
            Collect => "collect",
            StDev => "stDev",
            StDevP => "stDevP",
            PercentileDisc => "percentileDisc",
            PercentileCont => "percentileCont",
        };
        let args: Vec<String> = a.args.iter().map(|x| self.expr(x)).collect();
        format!("{name}({}{})", if a.distinct { "DISTINCT " } else { "" }, args.join(", "))
    }

    /// An expression as the query would write it (roughly: sub-patterns are summarized).
    fn expr(&self, e: &CExpr) -> String {
        match e {
            CExpr::Const(v) => v.to_string(),
            CExpr::CsvPosition(file) => if *file { "file()" } else { "linenumber()" }.to_string(),
            CExpr::Slot(s) => self.var(*s),
            CExpr::Spanned(x, _) => self.expr(x),
            CExpr::Prop(b, key, _) => format!("{}.{key}", self.atom(b)),
            CExpr::Index(a, b) => format!("{}[{}]", self.atom(a), self.expr(b)),
            CExpr::Slice(a, from, to) => format!(
                "{}[{}..{}]",
                self.atom(a),
                from.as_ref().map(|x| self.expr(x)).unwrap_or_default(),
                to.as_ref().map(|x| self.expr(x)).unwrap_or_default()
            ),
            CExpr::Unary(op, x) => match op {
                UnaryOp::Not => format!("NOT {}", self.atom(x)),
                UnaryOp::Neg => format!("-{}", self.atom(x)),
                UnaryOp::Plus => format!("+{}", self.atom(x)),
            },
            CExpr::Binary(op, a, b) => format!("{} {} {}", self.atom(a), binary(*op), self.atom(b)),
            CExpr::IsNull(x, negated) => format!("{} IS {}NULL", self.atom(x), if *negated { "NOT " } else { "" }),
            CExpr::IsType(x, _, negated) => format!("{} IS {}:: type", self.atom(x), if *negated { "NOT " } else { "" }),
            CExpr::HasLabels(x, labels) => {
                format!("{}{}", self.atom(x), labels.iter().map(|l| format!(":{}", self.g.name(*l))).collect::<String>())
            }
            CExpr::Call(f, args) => format!("{}({})", f.name, args.iter().map(|a| self.expr(a)).collect::<Vec<_>>().join(", ")),
            CExpr::List(items) => format!("[{}]", items.iter().map(|a| self.expr(a)).collect::<Vec<_>>().join(", ")),
            CExpr::Map(entries) => {
                format!("{{{}}}", entries.iter().map(|(k, v)| format!("{k}: {}", self.expr(v))).collect::<Vec<_>>().join(", "))
            }
            CExpr::Case { .. } => "CASE ... END".to_string(),
            CExpr::ListComp { slot, list, .. } => format!("[{} IN {} ...]", self.var(*slot), self.expr(list)),
            CExpr::Quantified { quantifier, slot, list, filter } => {
                let q = match quantifier {
                    Quantifier::All => "all",
                    Quantifier::Any => "any",
                    Quantifier::None => "none",
                    Quantifier::Single => "single",
                };
                format!("{q}({} IN {} WHERE {})", self.var(*slot), self.expr(list), self.expr(filter))
            }
            CExpr::Reduce { .. } => "reduce(...)".to_string(),
            CExpr::PatternComp { .. } => "[pattern comprehension]".to_string(),
            CExpr::Exists(m) => format!("exists({})", self.pattern_summary(m)),
            CExpr::Subquery(sq) => format!("{:?} {{ subquery }}", sq.kind).to_uppercase(),
            CExpr::MapProjection { base, items } => {
                let items: Vec<String> = items
                    .iter()
                    .map(|i| match i {
                        MapProjItem::Property(k, _) => format!(".{k}"),
                        MapProjItem::Entry(k, e) => format!("{k}: {}", self.expr(e)),
                        MapProjItem::AllProperties => ".*".to_string(),
                    })
                    .collect();
                format!("{} {{{}}}", self.atom(base), items.join(", "))
            }
        }
    }

    /// An operand, in parentheses when it is an operation itself.
    fn atom(&self, e: &CExpr) -> String {
        let inner = match e {
            CExpr::Spanned(x, _) => x,
            other => other,
        };
        match inner {
            CExpr::Binary(..) | CExpr::Unary(..) | CExpr::IsNull(..) | CExpr::IsType(..) => format!("({})", self.expr(inner)),
            _ => self.expr(inner),
        }
    }

    fn pattern_summary(&self, m: &MatchPlan) -> String {
        let hops: Vec<String> = m
            .steps
            .iter()
            .filter_map(|s| match s {
                MatchStep::Expand(h) => Some(self.hop(h)),
                _ => None,
            })
            .collect();
        hops.join("").trim().to_string()
    }
}

fn binary(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Or => "OR",
        BinaryOp::Xor => "XOR",
        BinaryOp::And => "AND",
        BinaryOp::Eq => "=",
        BinaryOp::Ne => "<>",
        BinaryOp::Lt => "<",
        BinaryOp::Le => "<=",
        BinaryOp::Gt => ">",
        BinaryOp::Ge => ">=",
        BinaryOp::Add => "+",
        BinaryOp::Sub => "-",
        BinaryOp::Mul => "*",
        BinaryOp::Div => "/",
        BinaryOp::Mod => "%",
        BinaryOp::Pow => "^",
        BinaryOp::In => "IN",
        BinaryOp::StartsWith => "STARTS WITH",
        BinaryOp::EndsWith => "ENDS WITH",
        BinaryOp::Contains => "CONTAINS",
        BinaryOp::Regex => "=~",
    }
}
