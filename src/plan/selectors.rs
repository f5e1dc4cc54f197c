//! GQL path selectors in MATCH (`SHORTEST k [GROUPS]`, `ANY SHORTEST`, `ALL SHORTEST`,
//! `ANY k`) and `shortestPath(...)` used as a value.
//!
//! A selective MATCH is planned as a subquery run per incoming row: the pattern is matched
//! (with the breadth-first search of `shortestPath` when it has one relationship and one
//! path per pair is asked for, else by enumerating its matches), then
//! [`Stage::SelectPaths`] keeps, per pair of end nodes, the shortest ones; the MATCH's
//! WHERE applies to the selected paths.

use super::build::Planner;
use super::scope::Scope;
use super::{CExpr, Op, PartPlan, Stage, SubqueryPlan};
use crate::error::PlanError;
use crate::syntax::ast::{self, Ident, PathKind, Pattern, PatternElement, PatternPart, Span};
use crate::value::Value;

impl Planner<'_> {
    pub(super) fn selective_match(&mut self, m: &ast::Match, scope: &mut Scope) -> Result<SubqueryPlan, PlanError> {
        let [part] = m.pattern.parts.as_slice() else {
            return Err(PlanError::syntax(
                "UnsupportedFeature",
                "a path selector in a MATCH of several comma-separated patterns is not supported by ieum",
                m.pattern.span,
            ));
        };
        let PathKind::Select { k, groups } = part.kind else { unreachable!("checked by the caller") };
        let mut p = part.clone();
        let named = p.var.is_some();
        let path_name = p.var.get_or_insert_with(|| Ident { name: format!(" path@{}", part.span.start), span: part.span }).name.clone();
        let fast = k == 1 && part.element.chain.len() == 1;
        p.kind = match (fast, groups) {
            (true, false) => PathKind::Shortest,
            (true, true) => PathKind::AllShortest,
            (false, _) => PathKind::Normal,
        };
        let mut inner = scope.clone();
        let plan = self.match_clause(&Pattern { parts: vec![p], span: m.pattern.span }, None, &mut inner)?;
        let path = inner.get(&path_name).map(|v| v.slot).unwrap_or_else(|| self.new_slot());
        let mut stages = vec![Stage::Stream { ops: vec![Op::Match(plan)], cap: None }];
        if !fast {
            stages.push(Stage::SelectPaths { path, k, groups });
        }
        if let Some(w) = &m.where_ {
            self.check_no_aggregate(w)?;
            let f = self.expr(w, &inner)?;
            stages.push(Stage::Stream { ops: vec![Op::Filter(f)], cap: None });
        }
        if !named {
            inner.remove(&path_name);
        }
        let outputs: Vec<usize> = inner.iter().filter(|(n, _)| !scope.contains(n)).map(|(_, v)| v.slot).collect();
        *scope = inner;
        let body = PartPlan { stages, outputs: outputs.clone() };
        Ok(SubqueryPlan { parts: vec![body], distinct_union: false, outputs, optional: m.optional, batch: None, span: m.span })
    }

    /// `shortestPath(pattern)` as a value: the first shortest path, or null;
    /// `allShortestPaths(pattern)`: the list of them.
    pub(super) fn shortest_path_value(&mut self, all: bool, el: &PatternElement, scope: &Scope, span: Span) -> Result<CExpr, PlanError> {
        let var = Ident { name: format!(" shortest@{}", span.start), span };
        let kind = if all { PathKind::AllShortest } else { PathKind::Shortest };
        let part = PatternPart { var: Some(var.clone()), kind, element: el.clone(), span };
        let mut inner = scope.clone();
        let saved = self.aggs.take();
        let planned = self.match_clause(&Pattern { parts: vec![part], span }, None, &mut inner);
        self.aggs = saved;
        let matcher = planned?;
        let slot = inner.get(&var.name).map(|v| v.slot).unwrap_or_else(|| self.new_slot());
        let paths = CExpr::PatternComp { matcher: Box::new(matcher), map: Box::new(CExpr::Slot(slot)) };
        Ok(if all { paths } else { CExpr::Index(Box::new(paths), Box::new(CExpr::Const(Value::Int(0)))) })
    }
}
