//! Clause by clause, from a query to stages: scoping of WITH and RETURN, aggregation with
//! implicit grouping keys, ORDER BY / SKIP / LIMIT, writes, UNION.

use std::collections::HashSet;

use super::expr::contains_aggregate;
use super::scope::{Scope, Var, VarKind};
use super::{AggCall, CExpr, CallPlan, Op, PartPlan, Plan, SetOp, SortKey, Stage, Write};
use crate::db::Params;
use crate::error::{Category, PlanError};
use crate::procedures::Procedures;
use crate::store::{Graph, Sym};
use crate::syntax::ast::{self, Clause, Expr, ExprKind, Projection, RemoveItem, SetItem, Span};

/// A projection item: its column name, its expression (none for a `*` variable), the
/// variable `*` stands for, and its span.
type Item<'e> = (String, Option<&'e Expr>, Option<Var>, Span);

/// The output slots and column names of a standalone CALL.
type CallColumns = (Vec<usize>, Vec<String>);

pub(crate) struct Planner<'a> {
    pub graph: &'a mut Graph,
    pub procedures: &'a Procedures,
    pub params: &'a Params,
    pub optimize: bool,
    pub slots: usize,
    /// Open while compiling projection items: aggregate calls found go here.
    pub aggs: Option<Vec<AggCall>>,
    /// The scope aggregate arguments are compiled in (the rows entering the aggregation).
    pub agg_scope: Option<Scope>,
    /// While compiling aggregating items: the grouping-key expressions and the slots that
    /// hold their values, so `me.age + count(*)` reads the key `me.age` instead of `me`.
    pub group_keys: Vec<(Expr, usize)>,
    pub writes: bool,
    /// The variables of the last RETURN planned (for the kinds of a subquery's results).
    pub last_return: Option<Scope>,
    /// How many subqueries (CALL, FOREACH) enclose the clauses being planned.
    pub nesting: usize,
    /// Above zero while planning the body of a subquery in an expression, which may end
    /// without RETURN (`COUNT { MATCH ... }`).
    pub open_end: usize,
    /// Variable names by slot, for EXPLAIN.
    pub names: Vec<Option<String>>,
}

/// Stages being built for one query part, with the streaming operators not yet closed
/// into a stage.
#[derive(Default)]
pub(super) struct Builder {
    pub(super) stages: Vec<Stage>,
    pub(super) ops: Vec<Op>,
}

impl Builder {
    pub(super) fn flush(&mut self) {
        if !self.ops.is_empty() {
            self.stages.push(Stage::Stream { ops: std::mem::take(&mut self.ops), cap: None });
        }
    }

    pub(super) fn stage(&mut self, s: Stage) {
        self.flush();
        self.stages.push(s);
    }
}

impl<'a> Planner<'a> {
    pub fn new(graph: &'a mut Graph, procedures: &'a Procedures, params: &'a Params, optimize: bool) -> Self {
        Planner {
            graph,
            procedures,
            params,
            optimize,
            slots: 0,
            aggs: None,
            agg_scope: None,
            group_keys: Vec::new(),
            writes: false,
            nesting: 0,
            open_end: 0,
            last_return: None,
            names: Vec::new(),
        }
    }

    /// Remembers the names of the variables in `scope` for the slots they live in (for
    /// EXPLAIN); a slot keeps the first name it had.
    pub(super) fn note_names(&mut self, scope: &Scope) {
        for (name, var) in scope.iter() {
            if self.names.len() <= var.slot {
                self.names.resize(var.slot + 1, None);
            }
            self.names[var.slot].get_or_insert_with(|| name.to_string());
        }
    }

    pub fn new_slot(&mut self) -> usize {
        self.slots += 1;
        self.slots - 1
    }

    pub fn sym(&mut self, name: &str) -> Sym {
        self.graph.intern(name)
    }

    pub fn plan(mut self, q: &ast::Query) -> Result<Plan, PlanError> {
        let all = q.unions.first().map(|u| u.all);
        if let Some(u) = q.unions.iter().find(|u| Some(u.all) != all) {
            return Err(PlanError::syntax("InvalidClauseComposition", "UNION and UNION ALL cannot be mixed in one query", u.span));
        }
        let (first, columns) = self.single(&q.first)?;
        let mut parts = vec![first];
        for u in &q.unions {
            let (p, cols) = self.single(&u.query)?;
            if cols != columns {
                return Err(PlanError::syntax("DifferentColumnsInUnion", "all parts of a UNION must return the same column names", u.span));
            }
            parts.push(p);
        }
        let mut names = std::mem::take(&mut self.names);
        names.resize(self.slots, None);
        Ok(Plan { parts, distinct_union: all == Some(false), columns, slots: self.slots, writes: self.writes, names })
    }

    fn single(&mut self, sq: &ast::SingleQuery) -> Result<(PartPlan, Vec<String>), PlanError> {
        self.clauses(&sq.clauses, Scope::default(), Builder::default())
    }

    /// Plans clauses in order, starting from the variables of `scope` and the operators
    /// already in `b`; returns the part and its column names.
    pub(super) fn clauses(&mut self, clauses: &[Clause], mut scope: Scope, mut b: Builder) -> Result<(PartPlan, Vec<String>), PlanError> {
        let mut result = None;
        let n = clauses.len();
        for (i, clause) in clauses.iter().enumerate() {
            self.note_names(&scope);
            let last = i + 1 == n;
            match clause {
                Clause::Match(m) if m.pattern.parts.iter().any(|p| matches!(p.kind, ast::PathKind::Select { .. })) => {
                    let stage = self.selective_match(m, &mut scope)?;
                    b.stage(Stage::Subquery(Box::new(stage)));
                }
                Clause::Match(m) => {
                    if let Some(w) = &m.where_ {
                        self.check_no_aggregate(w)?;
                    }
                    let plan = self.match_clause(&m.pattern, m.where_.as_ref(), &mut scope)?;
                    b.ops.push(if m.optional { Op::OptionalMatch(plan) } else { Op::Match(plan) });
                }
                Clause::Unwind(u) => {
                    self.check_no_aggregate(&u.expr)?;
                    let expr = self.expr(&u.expr, &scope)?;
                    if scope.contains(&u.var.name) {
                        return Err(already_bound(&u.var));
                    }
                    let slot = self.new_slot();
                    scope.insert(&u.var.name, Var { slot, kind: VarKind::Value });
                    b.ops.push(Op::Unwind { expr, slot });
                }
                Clause::With(w) => {
                    let (new_scope, _, _, where_scope) = self.projection(&w.projection, &scope, &mut b, false)?;
                    if let Some(pred) = &w.where_ {
                        self.check_no_aggregate(pred)?;
                        let f = self.expr(pred, &where_scope)?;
                        b.ops.push(Op::Filter(f));
                    }
                    scope = new_scope;
                }
                Clause::Return(r) => {
                    if !last {
                        return Err(PlanError::syntax("InvalidClauseComposition", "RETURN can only be the last clause of a query", r.span));
                    }
                    let (returned, outputs, columns, _) = self.projection(&r.projection, &scope, &mut b, true)?;
                    self.last_return = Some(returned);
                    for (s, c) in outputs.iter().zip(&columns) {
                        if self.names.len() <= *s {
                            self.names.resize(*s + 1, None);
                        }
                        self.names[*s].get_or_insert_with(|| c.clone());
                    }
                    result = Some((outputs, columns));
                }
                Clause::Create(c) => {
                    let parts = self.create_pattern(&c.pattern, &mut scope)?;
                    self.writes = true;
                    b.stage(Stage::Write(Write::Create(parts)));
                }
                Clause::Merge(m) => {
                    let w = self.merge(m, &mut scope)?;
                    self.writes = true;
                    b.stage(Stage::Write(w));
                }
                Clause::Set(s) => {
                    let ops = s.items.iter().map(|it| self.set_item(it, &scope)).collect::<Result<Vec<_>, _>>()?;
                    self.writes = true;
                    b.stage(Stage::Write(Write::Set(ops)));
                }
                Clause::Remove(r) => {
                    let ops = r.items.iter().map(|it| self.remove_item(it, &scope)).collect::<Result<Vec<_>, _>>()?;
                    self.writes = true;
                    b.stage(Stage::Write(Write::Set(ops)));
                }
                Clause::Delete(d) => {
                    let mut exprs = Vec::with_capacity(d.exprs.len());
                    for e in &d.exprs {
                        self.check_no_aggregate(e)?;
                        if matches!(e.kind, ExprKind::Literal(_) | ExprKind::Binary(..) | ExprKind::Unary(..)) {
                            return Err(PlanError::syntax("InvalidDelete", "DELETE takes nodes, relationships or paths", e.span));
                        }
                        exprs.push(self.expr(e, &scope)?);
                    }
                    self.writes = true;
                    b.stage(Stage::Write(Write::Delete { exprs, detach: d.detach }));
                }
                Clause::Call(c) => {
                    let standalone = n == 1;
                    let (plan, cols) = self.call(c, &mut scope, standalone)?;
                    b.ops.push(Op::Call(plan));
                    if let Some(pred) = &c.where_ {
                        self.check_no_aggregate(pred)?;
                        let f = self.expr(pred, &scope)?;
                        b.ops.push(Op::Filter(f));
                    }
                    if standalone {
                        result = Some(cols);
                    }
                }
                Clause::Subquery(c) => {
                    let stage = self.subquery(c, &mut scope)?;
                    if last && !stage.outputs.is_empty() {
                        return Err(PlanError::syntax(
                            "InvalidClauseComposition",
                            "a query cannot end with a CALL subquery that returns values; add RETURN",
                            c.span,
                        ));
                    }
                    b.stage(Stage::Subquery(Box::new(stage)));
                }
                Clause::Foreach(f) => {
                    let stage = self.foreach(f, &scope)?;
                    b.stage(Stage::Subquery(Box::new(stage)));
                }
                Clause::LoadCsv(l) => {
                    let op = self.load_csv(l, &mut scope)?;
                    b.ops.push(op);
                }
            }
        }
        if result.is_none()
            && self.open_end == 0
            && let Some(last) = clauses.last()
            && (matches!(last, Clause::Match(_) | Clause::With(_) | Clause::Unwind(_) | Clause::LoadCsv(_))
                || (matches!(last, Clause::Call(_)) && n > 1))
        {
            return Err(PlanError::syntax("InvalidClauseComposition", "a query cannot end with this clause; add RETURN", last.span()));
        }
        b.flush();
        let (outputs, columns) = result.unwrap_or_default();
        Ok((PartPlan { stages: b.stages, outputs }, columns))
    }

    pub(super) fn check_no_aggregate(&self, e: &Expr) -> Result<(), PlanError> {
        if contains_aggregate(e) {
            Err(PlanError::syntax("InvalidAggregation", "aggregate functions are allowed only in RETURN and WITH items", e.span))
        } else {
            Ok(())
        }
    }

    /// WITH or RETURN. Returns the new scope, the output slots, the column names and the
    /// scope a following WHERE sees (that of ORDER BY: the new names, plus the old ones
    /// while the rows still carry them, i.e. without DISTINCT or aggregation).
    fn projection(
        &mut self,
        p: &Projection,
        scope: &Scope,
        b: &mut Builder,
        is_return: bool,
    ) -> Result<(Scope, Vec<usize>, Vec<String>, Scope), PlanError> {
        // The items, with `*` expanded to the visible variables.
        let mut items: Vec<Item<'_>> = Vec::new();
        if p.star {
            if scope.names().all(|n| n.starts_with(' ')) && p.items.is_empty() {
                return Err(PlanError::syntax("NoVariablesInScope", "`*` needs at least one variable in scope", Span::default()));
            }
            // names the parser made up (starting with a space) are not the query's
            for (name, v) in scope.iter().filter(|(n, _)| !n.starts_with(' ')) {
                items.push((name.to_string(), None, Some(v), Span::default()));
            }
        }
        for it in &p.items {
            let name = match (&it.alias, &it.expr.kind) {
                (Some(a), _) => a.name.clone(),
                (None, ExprKind::Variable(v)) => v.clone(),
                (None, _) if !is_return => {
                    return Err(PlanError::syntax("NoExpressionAlias", "an expression in WITH must be aliased with AS", it.span));
                }
                (None, _) => it.text.clone(),
            };
            items.push((name, Some(&it.expr), None, it.span));
        }
        let mut seen = HashSet::new();
        for (name, _, _, span) in &items {
            if !seen.insert(name.as_str()) {
                return Err(PlanError::syntax("ColumnNameConflict", format!("column name `{name}` is used more than once"), *span));
            }
        }
        let aggregating = items.iter().any(|(_, e, _, _)| e.is_some_and(contains_aggregate));
        let mut new_scope = Scope::default();
        let mut outputs = Vec::with_capacity(items.len());
        let columns: Vec<String> = items.iter().map(|(n, ..)| n.clone()).collect();

        if !aggregating {
            let mut proj = Vec::with_capacity(items.len());
            for (name, e, var, _) in &items {
                let (cexpr, kind) = match (e, var) {
                    (_, Some(v)) => (CExpr::Slot(v.slot), v.kind),
                    (Some(e), None) => (self.expr(e, scope)?, self.kind_of(e, scope)),
                    (None, None) => unreachable_item(),
                };
                let slot = self.new_slot();
                proj.push((cexpr, slot));
                new_scope.insert(name, Var { slot, kind });
                outputs.push(slot);
            }
            b.ops.push(Op::Project(proj));
            // ORDER BY sees the new names, and the old ones unless DISTINCT hid them.
            let mut order_scope = if p.distinct { Scope::default() } else { scope.clone() };
            for (n, v) in new_scope.iter() {
                order_scope.insert(n, v);
            }
            let sort = self.sort_keys(p, &order_scope, &items, &outputs)?;
            if p.distinct {
                b.stage(Stage::Distinct(outputs.clone()));
            }
            self.finish_projection(p, b, sort)?;
            return Ok((new_scope, outputs, columns, order_scope));
        } else {
            // Grouping keys: the items without aggregates.
            let mut keys = Vec::new();
            let mut key_vars: Scope = Scope::default();
            let mut agg_items = Vec::new();
            let mut group_keys = Vec::new();
            for (name, e, var, _) in &items {
                let slot = self.new_slot();
                outputs.push(slot);
                match (e, var) {
                    (Some(e), None) if contains_aggregate(e) => agg_items.push((name.clone(), *e, slot)),
                    (_, Some(v)) => {
                        keys.push((CExpr::Slot(v.slot), slot));
                        key_vars.insert(name, Var { slot, kind: v.kind });
                        new_scope.insert(name, Var { slot, kind: v.kind });
                    }
                    (Some(e), None) => {
                        let kind = self.kind_of(e, scope);
                        keys.push((self.expr(e, scope)?, slot));
                        group_keys.push(((*e).clone(), slot));
                        if let ExprKind::Variable(v) = &e.kind {
                            key_vars.insert(v, Var { slot, kind });
                        }
                        new_scope.insert(name, Var { slot, kind });
                    }
                    (None, None) => unreachable_item(),
                }
            }
            // Aggregate items see only grouping-key variables (at their new slots), and
            // property lookups on them that are keys themselves.
            self.aggs = Some(Vec::new());
            self.agg_scope = Some(scope.clone());
            self.group_keys = group_keys;
            let mut proj = Vec::new();
            for (name, e, slot) in &agg_items {
                self.check_ambiguous(e, &items, &key_vars)?;
                let c = self.expr(e, &key_vars)?;
                proj.push((c, *slot));
                new_scope.insert(name, Var { slot: *slot, kind: VarKind::Value });
            }
            let mut order_scope = key_vars.clone();
            for (n, v) in new_scope.iter() {
                order_scope.insert(n, v);
            }
            let sort = self.sort_keys(p, &order_scope, &items, &outputs);
            self.agg_scope = None;
            self.group_keys.clear();
            let sort = sort?;
            let aggs = self.aggs.take().unwrap_or_default();
            b.stage(Stage::Aggregate { keys, aggs, per_row: None });
            b.ops.push(Op::Project(proj));
            if p.distinct {
                b.stage(Stage::Distinct(outputs.clone()));
            }
            self.finish_projection(p, b, sort)?;
        }
        let where_scope = new_scope.clone();
        Ok((new_scope, outputs, columns, where_scope))
    }

    /// In an item mixing aggregates with other expressions, every variable outside the
    /// aggregate calls must be a grouping key.
    fn check_ambiguous(&self, e: &Expr, items: &[Item<'_>], key_vars: &Scope) -> Result<(), PlanError> {
        let key_texts: Vec<&Expr> = items.iter().filter_map(|(_, e, _, _)| *e).filter(|e| !contains_aggregate(e)).collect();
        let mut bad = None;
        check_outside_aggregates(e, &mut |x| {
            // Only a grouping key that is a variable or a property of one may be reused
            // next to an aggregate; a compound key (`a.x + b.y`) may not.
            let simple = matches!(&x.kind, ExprKind::Variable(_))
                || matches!(&x.kind, ExprKind::Property(base, _) if matches!(base.kind, ExprKind::Variable(_)));
            if simple && key_texts.iter().any(|k| same_expr(k, x)) {
                return false;
            }
            if let ExprKind::Variable(v) = &x.kind
                && !key_vars.contains(v)
                && bad.is_none()
            {
                bad = Some(x.span);
            }
            true
        });
        match bad {
            Some(span) => Err(PlanError::syntax(
                "AmbiguousAggregationExpression",
                "an expression mixing aggregates with other values may only use grouping keys outside the aggregate",
                span,
            )),
            None => Ok(()),
        }
    }

    /// ORDER BY keys. An expression written exactly like a projected item reads that item's
    /// value; others are compiled in `order_scope`.
    fn sort_keys(&mut self, p: &Projection, order_scope: &Scope, items: &[Item<'_>], outputs: &[usize]) -> Result<Vec<SortKey>, PlanError> {
        let mut keys = Vec::with_capacity(p.order_by.len());
        for s in &p.order_by {
            let projected = items.iter().zip(outputs).find(|((_, e, _, _), _)| e.is_some_and(|e| same_expr(e, &s.expr)));
            let expr = match projected {
                Some((_, slot)) => CExpr::Slot(*slot),
                None => {
                    if self.aggs.is_none() && contains_aggregate(&s.expr) {
                        return Err(PlanError::syntax(
                            "InvalidAggregation",
                            "ORDER BY can use aggregates only when the projection aggregates",
                            s.expr.span,
                        ));
                    }
                    self.expr(&s.expr, order_scope)?
                }
            };
            keys.push(SortKey { expr, descending: s.descending });
        }
        Ok(keys)
    }

    fn finish_projection(&mut self, p: &Projection, b: &mut Builder, sort: Vec<SortKey>) -> Result<(), PlanError> {
        let skip = p.skip.as_ref().map(|e| self.count_expr(e, "SKIP")).transpose()?;
        let limit = p.limit.as_ref().map(|e| self.count_expr(e, "LIMIT")).transpose()?;
        if !sort.is_empty() {
            b.stage(Stage::Sort(sort));
        }
        if skip.is_some() || limit.is_some() {
            // A LIMIT right after a stream lets the stream stop early.
            b.flush();
            if let (Some(Stage::Stream { cap, .. }), Some(l)) = (b.stages.last_mut(), &limit) {
                *cap = Some(match &skip {
                    Some(s) => CExpr::Binary(ast::BinaryOp::Add, Box::new(s.clone()), Box::new(l.clone())),
                    None => l.clone(),
                });
            }
            b.stage(Stage::Slice { skip, limit });
        }
        Ok(())
    }

    /// SKIP and LIMIT take a constant expression (no variables).
    pub(super) fn count_expr(&mut self, e: &Expr, what: &str) -> Result<CExpr, PlanError> {
        let mut uses_var = false;
        e.walk(&mut |x| {
            if matches!(
                x.kind,
                ExprKind::Variable(_)
                    | ExprKind::PatternPredicate(_)
                    | ExprKind::CountStar
                    | ExprKind::Exists(_)
                    | ExprKind::Subquery { .. }
                    | ExprKind::ShortestPath { .. }
                    | ExprKind::PatternComprehension { .. }
            ) {
                uses_var = true;
            }
        });
        if uses_var || contains_aggregate(e) {
            return Err(PlanError::syntax("NonConstantExpression", format!("{what} needs a constant expression"), e.span));
        }
        if let ExprKind::Literal(ast::Literal::Integer(i)) = e.kind
            && i < 0
        {
            return Err(PlanError::syntax("NegativeIntegerArgument", format!("{what} cannot be negative"), e.span));
        }
        if let ExprKind::Literal(ast::Literal::Float(_)) = e.kind {
            return Err(PlanError::syntax("InvalidArgumentType", format!("{what} needs an integer"), e.span));
        }
        self.no_agg(|pl| pl.expr(e, &Scope::default()))
    }

    /// What kind of value an expression holds, as far as it can be told statically.
    pub(super) fn kind_of(&self, e: &Expr, scope: &Scope) -> VarKind {
        match &e.kind {
            ExprKind::Variable(v) => scope.get(v).map_or(VarKind::Value, |v| v.kind),
            ExprKind::Literal(ast::Literal::Null) => VarKind::Value,
            ExprKind::Literal(_) | ExprKind::List(_) | ExprKind::Map(_) => {
                super::expr::literal_type(e).map_or(VarKind::Value, VarKind::NotGraph)
            }
            _ => VarKind::Value,
        }
    }

    fn set_item(&mut self, item: &SetItem, scope: &Scope) -> Result<SetOp, PlanError> {
        Ok(match item {
            SetItem::Property { target, key, value, span } => {
                self.check_no_aggregate(value)?;
                let target = self.expr(target, scope)?;
                SetOp::Property { target, key: self.sym(&key.name), value: self.expr(value, scope)?, span: *span }
            }
            SetItem::Replace { var, value, span } => {
                self.check_no_aggregate(value)?;
                SetOp::Replace { target: self.var_expr(var, scope)?, value: self.expr(value, scope)?, span: *span }
            }
            SetItem::Merge { var, value, span } => {
                self.check_no_aggregate(value)?;
                SetOp::Merge { target: self.var_expr(var, scope)?, value: self.expr(value, scope)?, span: *span }
            }
            SetItem::Labels { var, labels, .. } => {
                let target = self.var_expr(var, scope)?;
                SetOp::AddLabels { target, labels: labels.iter().map(|l| self.sym(&l.name)).collect() }
            }
        })
    }

    fn remove_item(&mut self, item: &RemoveItem, scope: &Scope) -> Result<SetOp, PlanError> {
        Ok(match item {
            RemoveItem::Property { target, key, .. } => {
                let target = self.expr(target, scope)?;
                SetOp::RemoveProperty { target, key: self.sym(&key.name) }
            }
            RemoveItem::Labels { var, labels, .. } => {
                let target = self.var_expr(var, scope)?;
                SetOp::RemoveLabels { target, labels: labels.iter().map(|l| self.sym(&l.name)).collect() }
            }
        })
    }

    pub(super) fn var_expr(&self, var: &ast::Ident, scope: &Scope) -> Result<CExpr, PlanError> {
        match scope.get(&var.name) {
            Some(v) => Ok(CExpr::Slot(v.slot)),
            None => Err(self.undefined(&var.name, var.span, scope)),
        }
    }

    fn call(&mut self, c: &ast::Call, scope: &mut Scope, standalone: bool) -> Result<(CallPlan, CallColumns), PlanError> {
        let Some(proc_) = self.procedures.get(&c.procedure.name).cloned() else {
            return Err(PlanError {
                category: Category::ProcedureError,
                code: "ProcedureNotFound",
                message: format!("there is no procedure `{}`", c.procedure.name),
                span: c.procedure.span,
            });
        };
        let args = match &c.args {
            Some(args) => {
                let (required, all) = (proc_.required_inputs(), proc_.inputs.len());
                if args.len() < required || args.len() > all {
                    let takes = if required == all { format!("{all}") } else { format!("{required} to {all}") };
                    return Err(PlanError::syntax(
                        "InvalidNumberOfArguments",
                        format!("{} takes {takes} argument(s), {} given", proc_.name, args.len()),
                        c.span,
                    ));
                }
                let mut out = Vec::new();
                for a in args {
                    if contains_aggregate(a) {
                        return Err(PlanError::syntax("InvalidAggregation", "aggregates cannot be procedure arguments", a.span));
                    }
                    out.push(self.expr(a, scope)?);
                }
                // omitted trailing arguments take their defaults
                out.extend(proc_.inputs[args.len()..].iter().map(|f| CExpr::Const(f.default.clone().unwrap_or_default())));
                out
            }
            None if standalone => {
                let mut out = Vec::new();
                for f in &proc_.inputs {
                    match self.params.get(&f.name).or(f.default.as_ref()) {
                        Some(v) => out.push(CExpr::Const(v.clone())),
                        None => {
                            return Err(PlanError {
                                category: Category::ParameterMissing,
                                code: "MissingParameter",
                                message: format!("parameter ${} was not given", f.name),
                                span: c.span,
                            });
                        }
                    }
                }
                out
            }
            None => {
                return Err(PlanError::syntax(
                    "InvalidArgumentPassingMode",
                    "a procedure called inside a query needs its arguments in parentheses",
                    c.span,
                ));
            }
        };
        let mut yields = Vec::new();
        let mut outputs = Vec::new();
        let mut columns = Vec::new();
        match &c.yields {
            None if !standalone && !proc_.outputs.is_empty() => {
                return Err(PlanError::syntax("UndefinedVariable", "a procedure called inside a query must YIELD its outputs", c.span));
            }
            None => {
                for (i, f) in proc_.outputs.iter().enumerate() {
                    let slot = self.new_slot();
                    yields.push((i, slot));
                    outputs.push(slot);
                    columns.push(f.name.clone());
                }
            }
            Some(items) => {
                for it in items {
                    let Some(i) = proc_.outputs.iter().position(|f| f.name == it.field.name) else {
                        return Err(PlanError::syntax(
                            "UndefinedVariable",
                            format!("procedure {} has no output `{}`", proc_.name, it.field.name),
                            it.field.span,
                        ));
                    };
                    let name = it.alias.as_ref().unwrap_or(&it.field);
                    if scope.contains(&name.name) {
                        return Err(already_bound(name));
                    }
                    let slot = self.new_slot();
                    scope.insert(&name.name, Var { slot, kind: VarKind::Value });
                    yields.push((i, slot));
                    outputs.push(slot);
                    columns.push(name.name.clone());
                }
            }
        }
        if c.yield_star {
            for (i, f) in proc_.outputs.iter().enumerate() {
                let slot = self.new_slot();
                scope.insert(&f.name, Var { slot, kind: VarKind::Value });
                yields.push((i, slot));
                outputs.push(slot);
                columns.push(f.name.clone());
            }
        }
        let plan = CallPlan { procedure: proc_.name.clone(), args, yields, span: c.span };
        Ok((plan, (outputs, columns)))
    }
}

fn unreachable_item() -> ! {
    panic!("projection item without expression or variable")
}

pub(super) fn already_bound(id: &ast::Ident) -> PlanError {
    PlanError::syntax("VariableAlreadyBound", format!("variable `{}` is already defined", id.name), id.span)
}

/// Visits the sub-expressions of `e` that lie outside aggregate calls; `f` returns false
/// to stop descending into a sub-expression.
fn check_outside_aggregates(e: &Expr, f: &mut dyn FnMut(&Expr) -> bool) {
    match &e.kind {
        ExprKind::CountStar => {}
        ExprKind::FunctionCall { name, .. } if super::expr::is_aggregate_name(&name.name) => {}
        _ => {
            if !f(e) {
                return;
            }
            for child in children(e) {
                check_outside_aggregates(child, f);
            }
        }
    }
}

/// The direct sub-expressions of `e` that an aggregate item can mix with aggregates.
fn children(e: &Expr) -> Vec<&Expr> {
    let mut out = Vec::new();
    match &e.kind {
        ExprKind::Property(b, _) | ExprKind::HasLabels(b, _) | ExprKind::Unary(_, b) => out.push(&**b),
        ExprKind::IsNull { expr, .. } => out.push(&**expr),
        ExprKind::Binary(_, a, b) | ExprKind::Index(a, b) => {
            out.push(&**a);
            out.push(&**b);
        }
        ExprKind::List(items) | ExprKind::FunctionCall { args: items, .. } => out.extend(items.iter()),
        ExprKind::Map(items) => out.extend(items.iter().map(|(_, v)| v)),
        ExprKind::Case { subject, whens, else_ } => {
            out.extend(subject.as_deref());
            for (w, t) in whens {
                out.push(w);
                out.push(t);
            }
            out.extend(else_.as_deref());
        }
        _ => {}
    }
    out
}

/// Structural equality of two expressions, ignoring spans.
pub(super) fn same_expr(a: &Expr, b: &Expr) -> bool {
    fn strip(e: &Expr) -> String {
        format!("{:?}", e.kind).split("span: Span").map(|s| s.split_once('}').map_or(s, |(_, r)| r)).collect()
    }
    strip(a) == strip(b)
}
