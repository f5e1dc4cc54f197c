//! Planning of `CALL { ... }` subqueries (scoped, optional, batched with `IN TRANSACTIONS`),
//! of `FOREACH`, which is a unit subquery over the elements of a list, and of `LOAD CSV`.
//!
//! A subquery's body is planned with the same slots as the query around it: the variables
//! it imports keep their slots, so the body runs on a copy of each outer row.

use super::build::{Builder, Planner, already_bound};
use super::scope::{Scope, Var, VarKind};
use super::{Batching, ExprSubquery, LoadCsvPlan, Op, SubqueryPlan};
use crate::error::PlanError;
use crate::syntax::ast::{self, Clause, ExprKind, ImportScope};

impl Planner<'_> {
    /// `[OPTIONAL] CALL [(vars)] { query } [IN TRANSACTIONS ...]`: the returned variables are
    /// added to `scope`.
    pub(super) fn subquery(&mut self, c: &ast::SubqueryCall, scope: &mut Scope) -> Result<SubqueryPlan, PlanError> {
        let batch = match &c.in_transactions {
            Some(t) => {
                if self.nesting > 0 {
                    return Err(PlanError::syntax(
                        "InvalidClauseComposition",
                        "CALL { ... } IN TRANSACTIONS cannot be nested in another subquery or in FOREACH",
                        t.span,
                    ));
                }
                let rows = t.rows.as_ref().map(|e| self.count_expr(e, "IN TRANSACTIONS OF ... ROWS")).transpose()?;
                // batches are committed: the statement runs in a writable transaction
                self.writes = true;
                Some(Batching { rows, on_error: t.on_error })
            }
            None => None,
        };
        let q = &c.query;
        let all = q.unions.first().map(|u| u.all);
        if let Some(u) = q.unions.iter().find(|u| Some(u.all) != all) {
            return Err(PlanError::syntax("InvalidClauseComposition", "UNION and UNION ALL cannot be mixed in one query", u.span));
        }
        let singles: Vec<(&ast::SingleQuery, ast::Span)> =
            std::iter::once((&q.first, q.span)).chain(q.unions.iter().map(|u| (&u.query, u.span))).collect();
        let mut parts = Vec::new();
        let mut columns: Option<Vec<String>> = None;
        let mut returned = Scope::default();
        self.nesting += 1;
        let planned = (|| {
            for (sq, span) in singles {
                let inner = self.imports(c, sq, scope)?;
                self.last_return = None;
                let (part, cols) = self.clauses(&sq.clauses, inner, Builder::default())?;
                match &columns {
                    Some(first) if *first != cols => {
                        return Err(PlanError::syntax(
                            "DifferentColumnsInUnion",
                            "all parts of a UNION must return the same column names",
                            span,
                        ));
                    }
                    Some(_) => {}
                    None => {
                        returned = self.last_return.take().unwrap_or_default();
                        columns = Some(cols);
                    }
                }
                parts.push(part);
            }
            Ok(())
        })();
        self.nesting -= 1;
        planned?;
        let columns = columns.unwrap_or_default();
        let outputs = parts.first().map(|p| p.outputs.clone()).unwrap_or_default();
        for (name, slot) in columns.iter().zip(&outputs) {
            if scope.contains(name) {
                return Err(PlanError::syntax(
                    "VariableAlreadyBound",
                    format!("variable `{name}` is already defined outside the subquery; return it under another name"),
                    c.span,
                ));
            }
            let kind = returned.get(name).map_or(VarKind::Value, |v| v.kind);
            scope.insert(name, Var { slot: *slot, kind });
        }
        Ok(SubqueryPlan { parts, distinct_union: all == Some(false), outputs, optional: c.optional, batch, span: c.span })
    }

    /// The variables a subquery part starts with: those of its scope clause, or, without
    /// one, those of a leading importing `WITH` (plain variables, or `*`).
    fn imports(&self, c: &ast::SubqueryCall, sq: &ast::SingleQuery, outer: &Scope) -> Result<Scope, PlanError> {
        let mut inner = Scope::default();
        match &c.scope {
            Some(ImportScope::All) => return Ok(outer.clone()),
            Some(ImportScope::Vars(vars)) => {
                for v in vars {
                    match outer.get(&v.name) {
                        Some(var) => inner.insert(&v.name, var),
                        None => return Err(self.undefined(&v.name, v.span, outer)),
                    }
                }
                return Ok(inner);
            }
            None => {}
        }
        let Some(Clause::With(w)) = sq.clauses.first() else { return Ok(inner) };
        let p = &w.projection;
        let importing = w.where_.is_none()
            && !p.distinct
            && p.order_by.is_empty()
            && p.skip.is_none()
            && p.limit.is_none()
            && p.items.iter().all(|it| matches!(&it.expr.kind, ExprKind::Variable(v) if it.alias.as_ref().is_none_or(|a| a.name == *v)));
        if !importing {
            return Ok(inner);
        }
        if p.star {
            return Ok(outer.clone());
        }
        for it in &p.items {
            if let ExprKind::Variable(v) = &it.expr.kind
                && let Some(var) = outer.get(v)
            {
                inner.insert(v, var);
            }
        }
        Ok(inner)
    }

    /// `FOREACH (x IN list | clauses)`: a unit subquery whose body starts by unwinding the list.
    pub(super) fn foreach(&mut self, f: &ast::Foreach, scope: &Scope) -> Result<SubqueryPlan, PlanError> {
        for c in &f.clauses {
            if !matches!(
                c,
                Clause::Create(_) | Clause::Merge(_) | Clause::Set(_) | Clause::Remove(_) | Clause::Delete(_) | Clause::Foreach(_)
            ) {
                return Err(PlanError::syntax(
                    "InvalidClauseComposition",
                    "FOREACH can only contain CREATE, MERGE, SET, REMOVE, DELETE and FOREACH",
                    c.span(),
                ));
            }
        }
        self.check_no_aggregate(&f.list)?;
        let list = self.expr(&f.list, scope)?;
        if scope.contains(&f.var.name) {
            return Err(already_bound(&f.var));
        }
        let slot = self.new_slot();
        let mut inner = scope.clone();
        inner.insert(&f.var.name, Var { slot, kind: VarKind::Value });
        let mut b = Builder::default();
        b.ops.push(Op::Unwind { expr: list, slot });
        self.nesting += 1;
        let planned = self.clauses(&f.clauses, inner, b);
        self.nesting -= 1;
        let (part, _) = planned?;
        self.writes = true;
        Ok(SubqueryPlan { parts: vec![part], distinct_union: false, outputs: Vec::new(), optional: false, batch: None, span: f.span })
    }

    /// `LOAD CSV [WITH HEADERS] FROM url AS var [FIELDTERMINATOR sep]`.
    pub(super) fn load_csv(&mut self, l: &ast::LoadCsv, scope: &mut Scope) -> Result<Op, PlanError> {
        self.check_no_aggregate(&l.url)?;
        let url = self.expr(&l.url, scope)?;
        if scope.contains(&l.var.name) {
            return Err(already_bound(&l.var));
        }
        let terminator = match &l.terminator {
            None => b',',
            Some((t, span)) => match t.as_bytes() {
                [b] if b.is_ascii() => *b,
                _ if t == "\\t" => b'\t',
                _ => {
                    return Err(PlanError::syntax("InvalidArgumentValue", "FIELDTERMINATOR must be a single ASCII character", *span));
                }
            },
        };
        let slot = self.new_slot();
        scope.insert(&l.var.name, Var { slot, kind: VarKind::Value });
        Ok(Op::LoadCsv(LoadCsvPlan { url, headers: l.headers, terminator, slot, span: l.span }))
    }
}

impl Planner<'_> {
    /// `EXISTS { query }`, `COUNT { ... }`, `COLLECT { query }`: the body sees every variable
    /// of `scope`; it is planned apart from the expression around it.
    pub(super) fn expr_subquery(
        &mut self,
        kind: ast::SubqueryKind,
        q: &ast::Query,
        scope: &Scope,
        span: ast::Span,
    ) -> Result<ExprSubquery, PlanError> {
        let all = q.unions.first().map(|u| u.all);
        if let Some(u) = q.unions.iter().find(|u| Some(u.all) != all) {
            return Err(PlanError::syntax("InvalidClauseComposition", "UNION and UNION ALL cannot be mixed in one query", u.span));
        }
        // the expression being compiled may be an aggregating projection's: its state waits
        let saved = (self.aggs.take(), self.agg_scope.take(), std::mem::take(&mut self.group_keys), self.last_return.take());
        self.nesting += 1;
        self.open_end += 1;
        let planned = (|| {
            let mut parts = Vec::new();
            let mut columns: Option<Vec<String>> = None;
            for sq in std::iter::once(&q.first).chain(q.unions.iter().map(|u| &u.query)) {
                let (part, cols) = self.clauses(&sq.clauses, scope.clone(), Builder::default())?;
                if columns.as_ref().is_some_and(|c| *c != cols) {
                    return Err(PlanError::syntax(
                        "DifferentColumnsInUnion",
                        "all parts of a UNION must return the same column names",
                        span,
                    ));
                }
                columns = Some(cols);
                parts.push(part);
            }
            Ok((parts, columns.unwrap_or_default()))
        })();
        self.open_end -= 1;
        self.nesting -= 1;
        (self.aggs, self.agg_scope, self.group_keys, self.last_return) = saved;
        let (parts, columns) = planned?;
        if kind == ast::SubqueryKind::Collect && columns.len() != 1 {
            return Err(PlanError::syntax("InvalidSubqueryReturn", "COLLECT { ... } must end with a RETURN of exactly one column", span));
        }
        let reads = scope.iter().map(|(_, v)| v.slot).collect();
        Ok(ExprSubquery { kind, parts, distinct_union: all == Some(false), reads })
    }
}
