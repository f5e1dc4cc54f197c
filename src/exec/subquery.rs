//! Running `CALL { ... }` subqueries and `FOREACH`: the body runs once per input row,
//! starting from a copy of it; its result rows extend the input row. With
//! `IN TRANSACTIONS`, input rows go in batches, each committed on its own.

use std::collections::HashSet;

use super::{Access, Context, Eval, Row, count_value, run_stages_from};
use crate::error::{Category, ExecError};
use crate::plan::{Batching, SubqueryPlan};
use crate::store::Tx;
use crate::syntax::ast::OnError;
use crate::value::{Equiv, Value};

/// How many rows a batch of `IN TRANSACTIONS` takes when `OF n ROWS` is not written.
const DEFAULT_BATCH: usize = 1000;

pub(super) fn run(
    sq: &SubqueryPlan,
    rows: Vec<Row>,
    slots: usize,
    acc: &mut Access<'_, '_>,
    ctx: &Context<'_>,
    read_only: bool,
) -> Result<Vec<Row>, ExecError> {
    // the body runs once per row: no threads of its own
    let inner = ctx.fork();
    let result = match &sq.batch {
        None => {
            let mut out = Vec::with_capacity(rows.len());
            for row in rows {
                apply(sq, row, slots, acc, &inner, read_only, &mut out)?;
            }
            Ok(out)
        }
        Some(b) => match acc {
            Access::Tx(tx) => batched(sq, b, rows, slots, tx, ctx, &inner, read_only),
            Access::Read(_) => Err(ExecError::new(
                Category::SyntaxError,
                "InvalidClauseComposition",
                "CALL { ... } IN TRANSACTIONS cannot run inside a subquery expression",
            )),
        },
    };
    ctx.absorb(inner.row_counts());
    result
}

/// Runs the body on one row, adding the rows it makes to `out`.
fn apply(
    sq: &SubqueryPlan,
    row: Row,
    slots: usize,
    acc: &mut Access<'_, '_>,
    ctx: &Context<'_>,
    read_only: bool,
    out: &mut Vec<Row>,
) -> Result<(), ExecError> {
    let mut results: Vec<Vec<Value>> = Vec::new();
    for part in &sq.parts {
        let produced = run_stages_from(&part.stages, vec![row.clone()], slots, acc, ctx, read_only)?;
        if sq.outputs.is_empty() {
            continue;
        }
        results.extend(produced.into_iter().map(|mut r| part.outputs.iter().map(|s| std::mem::take(&mut r[*s])).collect::<Vec<_>>()));
    }
    if sq.outputs.is_empty() {
        // a unit subquery: the row goes on once, whatever the body did
        out.push(row);
        return Ok(());
    }
    if sq.distinct_union {
        let mut seen = HashSet::new();
        results.retain(|r| seen.insert(r.iter().cloned().map(Equiv).collect::<Vec<_>>()));
    }
    if results.is_empty() && sq.optional {
        out.push(with_nulls(sq, row));
        return Ok(());
    }
    for values in results {
        let mut r = row.clone();
        for (s, v) in sq.outputs.iter().zip(values) {
            r[*s] = v;
        }
        out.push(r);
    }
    Ok(())
}

/// The row with null for every returned variable (a failed batch, `OPTIONAL CALL`).
fn with_nulls(sq: &SubqueryPlan, mut row: Row) -> Row {
    for s in &sq.outputs {
        row[*s] = Value::Null;
    }
    row
}

/// `IN TRANSACTIONS`: commits what came before, then runs and commits the input rows batch by
/// batch. A failed batch is undone; then `ON ERROR` decides: stop the statement (`FAIL`,
/// the batches before stay committed), go on with the next batch (`CONTINUE`) or skip the
/// remaining ones (`BREAK`); rows of batches not done go on with null results.
#[allow(clippy::too_many_arguments)]
fn batched(
    sq: &SubqueryPlan,
    b: &Batching,
    rows: Vec<Row>,
    slots: usize,
    tx: &mut Tx<'_>,
    ctx: &Context<'_>,
    inner: &Context<'_>,
    read_only: bool,
) -> Result<Vec<Row>, ExecError> {
    let sink_refuses = ctx.sink.borrow().as_ref().is_some_and(|s| s.check_writable().is_err());
    if tx.is_read_only() || sink_refuses {
        return Err(ExecError::new(
            Category::StorageError,
            "ReadOnly",
            "CALL { ... } IN TRANSACTIONS commits batches and cannot run on a read-only database",
        ));
    }
    let size = match &b.rows {
        Some(e) => {
            let ev = Eval::new(tx.graph(), ctx);
            count_value(&ev, e, "IN TRANSACTIONS OF ... ROWS")?
        }
        None => DEFAULT_BATCH,
    };
    if size == 0 {
        return Err(ExecError::new(
            Category::ArgumentError,
            "InvalidArgumentValue",
            "IN TRANSACTIONS OF n ROWS needs a positive number of rows",
        ));
    }
    commit(tx, ctx)?;
    let mut out = Vec::with_capacity(rows.len());
    let mut broken = false;
    let mut input = rows.into_iter().peekable();
    while input.peek().is_some() {
        let batch: Vec<Row> = input.by_ref().take(size).collect();
        if broken {
            out.extend(batch.into_iter().map(|r| with_nulls(sq, r)));
            continue;
        }
        let mut produced = Vec::new();
        let mut failed = None;
        for r in &batch {
            if let Err(e) = apply(sq, r.clone(), slots, &mut Access::Tx(&mut *tx), inner, read_only, &mut produced) {
                failed = Some(e);
                break;
            }
        }
        let failed = match failed {
            None => commit(tx, ctx).err(),
            e => e,
        };
        match failed {
            None => out.append(&mut produced),
            Some(e) => {
                tx.rollback();
                match b.on_error {
                    OnError::Fail => return Err(e),
                    OnError::Continue => {}
                    OnError::Break => broken = true,
                }
                out.extend(batch.into_iter().map(|r| with_nulls(sq, r)));
            }
        }
        ctx.check()?;
    }
    Ok(out)
}

/// Commits the transaction's changes so far as one batch.
fn commit(tx: &mut Tx<'_>, ctx: &Context<'_>) -> Result<(), ExecError> {
    let mut sink = ctx.sink.borrow_mut();
    tx.commit_batch(sink.as_deref_mut().map(|s| s as &mut dyn crate::store::ChangeSink)).map_err(|e| match e {
        crate::Error::Exec(e) => e,
        other => ExecError::new(Category::StorageError, "CommitFailed", format!("a batch could not be committed: {other}")),
    })
}

/// Evaluates `EXISTS`, `COUNT` or `COLLECT` over a subquery from `row`.
pub(super) fn eval(ev: &Eval<'_>, sq: &crate::plan::ExprSubquery, row: &Row) -> Result<Value, ExecError> {
    use crate::syntax::ast::SubqueryKind;
    let mut count = 0i64;
    let mut collected = Vec::new();
    let mut seen = HashSet::new();
    for part in &sq.parts {
        let rows = run_stages_from(&part.stages, vec![row.clone()], row.len(), &mut Access::Read(ev.g), ev.ctx, true)?;
        for mut r in rows {
            if sq.distinct_union && !seen.insert(part.outputs.iter().map(|s| Equiv(r[*s].clone())).collect::<Vec<_>>()) {
                continue;
            }
            match sq.kind {
                SubqueryKind::Exists => return Ok(Value::Bool(true)),
                SubqueryKind::Count => count += 1,
                SubqueryKind::Collect => collected.push(part.outputs.first().map_or(Value::Null, |s| std::mem::take(&mut r[*s]))),
            }
        }
    }
    Ok(match sq.kind {
        SubqueryKind::Exists => Value::Bool(false),
        SubqueryKind::Count => Value::Int(count),
        SubqueryKind::Collect => Value::list(collected),
    })
}
