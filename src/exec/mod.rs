//! Execution: runs a plan's stages over rows of slots, evaluates expressions, applies
//! writes through the statement's transaction, and materializes results.
//!
//! A row is a vector with one slot per variable of the query. Streaming stages push one
//! row at a time through their operators (nested loops, no intermediate collections); a
//! LIMIT downstream stops them early. Writes, aggregation, sorting and DISTINCT take all
//! their input rows first.

mod aggregate;
pub mod budget;
mod chain;
mod eval;
pub mod functions;
mod load_csv;
mod matcher;
pub mod operators;
mod parallel;
mod regex_cache;
mod selectors;
mod subquery;
pub mod temporal;
mod type_check;
mod write;

use std::cell::{Cell, RefCell};
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

pub use eval::Eval;

use crate::db::Params;
use crate::error::{Error, ExecError, PlanError};
use crate::plan::{CExpr, CallPlan, Op, PartPlan, Plan, Stage};
use crate::procedures::Procedures;
use crate::result::{Entities, EntityRef, NodeEntity, QueryResult, RelEntity};
use crate::store::{Change, Graph, Sym, Tx};
use crate::syntax::ast::{self, Statement};
use crate::value::{Equiv, Map, Value};

/// A row: one value per slot.
pub type Row = Vec<Value>;

/// Whether a producer should go on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Stop,
}

/// What a running statement needs besides the graph.
pub struct Context<'a> {
    pub params: &'a Params,
    pub procedures: &'a Procedures,
    cancel: Option<Arc<AtomicBool>>,
    deadline: Option<Instant>,
    ticks: Cell<u32>,
    pub(crate) regex: RefCell<operators::RegexCache>,
    /// Whether stages may run on several threads (off when the optimizer is: tests compare
    /// the plain way of running with the fast ones).
    pub parallel: bool,
    /// PROFILE: count the rows entering each operator (by its address).
    pub profiling: bool,
    pub(crate) counts: RefCell<crate::plan::RowCounts>,
    times: RefCell<crate::plan::StageTimes>,
    /// Where `IN TRANSACTIONS` batches are made durable (none: in memory only).
    pub(crate) sink: RefCell<Option<Box<dyn crate::store::ChangeSink>>>,
    /// The directory `LOAD CSV` reads `file:///` paths from (none: the working directory).
    pub import_dir: Option<&'a std::path::Path>,
    /// The file and line number of the `LOAD CSV` row being processed.
    pub(crate) csv_position: RefCell<Option<(Arc<str>, i64)>>,
}

impl<'a> Context<'a> {
    pub fn new(params: &'a Params, procedures: &'a Procedures, cancel: Option<Arc<AtomicBool>>, deadline: Option<Instant>) -> Self {
        temporal::start_statement_clock();
        Context {
            params,
            procedures,
            cancel,
            deadline,
            ticks: Cell::new(0),
            regex: RefCell::new(operators::RegexCache::default()),
            parallel: true,
            profiling: false,
            counts: RefCell::new(Default::default()),
            times: RefCell::new(Default::default()),
            sink: RefCell::new(None),
            import_dir: None,
            csv_position: RefCell::new(None),
        }
    }

    /// Batches committed by `IN TRANSACTIONS` go to `sink`.
    pub fn set_sink(&mut self, sink: Option<Box<dyn crate::store::ChangeSink>>) {
        self.sink = RefCell::new(sink);
    }

    /// Gives the change sink back once the statement is done.
    pub fn take_sink(&self) -> Option<Box<dyn crate::store::ChangeSink>> {
        self.sink.borrow_mut().take()
    }

    /// Called in every loop that may run long: checks for cancellation now and then.
    #[inline]
    pub fn tick(&self) -> Result<(), ExecError> {
        let t = self.ticks.get().wrapping_add(1);
        self.ticks.set(t);
        // every 256 ticks: a tick may stand for work proportional to a path's length, and a
        // cancelled statement should stop within a few milliseconds
        if t.is_multiple_of(256) { self.check() } else { Ok(()) }
    }

    /// A context for another thread running part of the same statement: the same
    /// parameters, procedures, cancellation and deadline, its own counters and caches.
    pub(crate) fn fork(&self) -> Context<'a> {
        Context {
            params: self.params,
            procedures: self.procedures,
            cancel: self.cancel.clone(),
            deadline: self.deadline,
            ticks: Cell::new(0),
            regex: RefCell::new(operators::RegexCache::default()),
            parallel: false,
            profiling: self.profiling,
            counts: RefCell::new(Default::default()),
            times: RefCell::new(Default::default()),
            sink: RefCell::new(None),
            import_dir: self.import_dir,
            csv_position: RefCell::new(None),
        }
    }

    /// Counts a row entering the operator at `at` (PROFILE only).
    #[inline]
    pub(crate) fn count<T>(&self, at: *const T, n: u64) {
        if self.profiling {
            *self.counts.borrow_mut().entry(at as usize).or_default() += n;
        }
    }

    /// Adds the counts of a forked context (another thread of the same statement).
    pub(crate) fn absorb(&self, other: crate::plan::RowCounts) {
        if self.profiling {
            let mut mine = self.counts.borrow_mut();
            for (k, v) in other {
                *mine.entry(k).or_default() += v;
            }
        }
    }

    /// The rows counted so far, by operator.
    pub fn row_counts(&self) -> crate::plan::RowCounts {
        self.counts.borrow().clone()
    }

    /// Adds the wall time spent in the stage at `at` (PROFILE only).
    fn time(&self, at: *const Stage, since: Option<Instant>) {
        if let Some(t) = since {
            *self.times.borrow_mut().entry(at as usize).or_default() += t.elapsed();
        }
    }

    /// The wall time of each stage run so far, by stage.
    pub fn stage_times(&self) -> crate::plan::StageTimes {
        self.times.borrow().clone()
    }

    fn check(&self) -> Result<(), ExecError> {
        if self.cancel.as_ref().is_some_and(|c| c.load(Ordering::Relaxed)) {
            return Err(ExecError::cancelled());
        }
        if self.deadline.is_some_and(|d| Instant::now() >= d) {
            return Err(ExecError::timeout());
        }
        Ok(())
    }
}

/// Runs a plan; returns the result rows (one value per column).
pub fn run(plan: &Plan, tx: &mut Tx<'_>, ctx: &Context<'_>) -> Result<Vec<Row>, ExecError> {
    let mut all = Vec::new();
    for part in &plan.parts {
        let rows = run_part(part, plan.slots, tx, ctx, !plan.writes)?;
        if part.outputs.is_empty() {
            // A query without RETURN produces no rows.
            continue;
        }
        all.extend(rows.into_iter().map(|mut r| part.outputs.iter().map(|s| std::mem::take(&mut r[*s])).collect::<Row>()));
    }
    ctx.check()?;
    if plan.distinct_union {
        let mut seen = HashSet::new();
        all.retain(|r| seen.insert(r.iter().cloned().map(Equiv).collect::<Vec<_>>()));
    }
    Ok(all)
}

/// Whether [`run_streaming`] hands `plan`'s rows over as they are produced: a plan of one
/// part that ends in a stream of operators (no sort, aggregation or DISTINCT at the end).
pub fn streams(plan: &Plan) -> bool {
    matches!(plan.parts.as_slice(), [part] if !plan.distinct_union && !part.outputs.is_empty() && matches!(part.stages.last(), Some(Stage::Stream { .. })))
}

/// Runs a read-only plan, handing each result row (one value per column) to `sink` as soon
/// as it is produced rather than gathering them; `sink` returns [`Flow::Stop`] to end the
/// statement early. Plans that do not [`streams`] are run whole and then handed over.
/// Returns the number of rows handed over.
pub fn run_streaming(plan: &Plan, tx: &mut Tx<'_>, ctx: &Context<'_>, sink: &mut dyn FnMut(&Graph, Row) -> Flow) -> Result<u64, ExecError> {
    let mut handed = 0u64;
    if !streams(plan) {
        for row in run(plan, tx, ctx)? {
            handed += 1;
            if sink(tx.graph(), row) == Flow::Stop {
                break;
            }
        }
        return Ok(handed);
    }
    let part = &plan.parts[0];
    let (last, before) = part.stages.split_last().expect("a streaming plan has a last stage");
    let Stage::Stream { ops, cap } = last else { unreachable!("checked by `streams`") };
    let input = run_stages(before, plan.slots, tx, ctx, true)?;
    let ev = Eval::new(tx.graph(), ctx);
    let cap = match cap {
        Some(e) => Some(count_value(&ev, e, "LIMIT")?),
        None => None,
    };
    if cap == Some(0) {
        return Ok(0);
    }
    for mut row in input {
        let flow = push(&ev, ops, &mut row, &mut |r| {
            ev.ctx.tick()?;
            handed += 1;
            let out: Row = part.outputs.iter().map(|s| r[*s].clone()).collect();
            Ok(if sink(ev.g, out) == Flow::Stop || cap.is_some_and(|c| handed >= c as u64) { Flow::Stop } else { Flow::Continue })
        })?;
        if flow == Flow::Stop {
            break;
        }
    }
    ctx.check()?;
    Ok(handed)
}

fn run_part(part: &PartPlan, slots: usize, tx: &mut Tx<'_>, ctx: &Context<'_>, read_only: bool) -> Result<Vec<Row>, ExecError> {
    run_stages(&part.stages, slots, tx, ctx, read_only)
}

fn run_stages(stages: &[Stage], slots: usize, tx: &mut Tx<'_>, ctx: &Context<'_>, read_only: bool) -> Result<Vec<Row>, ExecError> {
    run_stages_from(stages, vec![vec![Value::Null; slots]], slots, &mut Access::Tx(tx), ctx, read_only)
}

/// What stages run against: the statement's transaction, or only the graph (the body of a
/// subquery in an expression, which cannot write).
pub(crate) enum Access<'x, 'g> {
    Tx(&'x mut Tx<'g>),
    Read(&'x Graph),
}

impl Access<'_, '_> {
    pub(crate) fn graph(&self) -> &Graph {
        match self {
            Access::Tx(tx) => tx.graph(),
            Access::Read(g) => g,
        }
    }
}

fn read_only_body() -> ExecError {
    ExecError::new(crate::error::Category::SyntaxError, "InvalidClauseComposition", "a subquery in an expression cannot update the graph")
}

/// Runs stages on the given input rows.
pub(crate) fn run_stages_from(
    stages: &[Stage],
    mut rows: Vec<Row>,
    slots: usize,
    acc: &mut Access<'_, '_>,
    ctx: &Context<'_>,
    read_only: bool,
) -> Result<Vec<Row>, ExecError> {
    let mut stages = stages.iter().peekable();
    while let Some(stage) = stages.next() {
        let began = ctx.profiling.then(Instant::now);
        // A stream that feeds an aggregation hands each row straight to the grouper.
        if let (Stage::Stream { ops, cap: None }, Some(agg @ Stage::Aggregate { keys, aggs, per_row })) = (stage, stages.peek()) {
            let stages_next_key: *const Stage = *agg;
            stages.next();
            if read_only
                && ctx.parallel
                && rows.len() == 1
                && let Some(split) = parallel::split(acc.graph(), ops)
            {
                let row = rows.pop().unwrap_or_default();
                rows = parallel::aggregate(acc.graph(), ctx, ops, keys, aggs, per_row.as_ref(), row, slots, split)?;
                ctx.count(stages_next_key, rows.len() as u64);
                ctx.time(stages_next_key, began);
                ctx.check()?;
                continue;
            }
            let ev = Eval::new(acc.graph(), ctx);
            let mut grouper = aggregate::Grouper::new(keys, aggs);
            let mut input = rows.into_iter();
            while let Some(mut row) = input.next() {
                let pushed = push(&ev, ops, &mut row, &mut |r| {
                    ev.ctx.tick()?;
                    add_row(&ev, &mut grouper, per_row.as_ref(), r)
                });
                if let Err(e) = pushed {
                    grouper.abandon();
                    discard(input);
                    return Err(e);
                }
            }
            rows = grouper.finish(slots);
            ctx.count(stages_next_key, rows.len() as u64);
            ctx.time(stages_next_key, began);
            ctx.check()?;
            continue;
        }
        rows = match stage {
            Stage::Stream { ops, cap } => {
                let ev = Eval::new(acc.graph(), ctx);
                let cap = match cap {
                    Some(e) => Some(count_value(&ev, e, "LIMIT")?),
                    None => None,
                };
                stream(&ev, ops, rows, cap)?
            }
            Stage::Write(w) => match acc {
                Access::Tx(tx) => write::apply(w, rows, tx, ctx)?,
                Access::Read(_) => return Err(read_only_body()),
            },
            Stage::SelectPaths { path, k, groups } => selectors::select(rows, *path, *k, *groups),
            Stage::Subquery(sq) => subquery::run(sq, rows, slots, acc, ctx, read_only)?,
            Stage::Aggregate { keys, aggs, per_row } => {
                let ev = Eval::new(acc.graph(), ctx);
                let mut grouper = aggregate::Grouper::new(keys, aggs);
                for mut row in rows {
                    ev.ctx.tick()?;
                    add_row(&ev, &mut grouper, per_row.as_ref(), &mut row)?;
                }
                grouper.finish(slots)
            }
            Stage::StoreCount { source, slot, keys, aggs } => {
                let ev = Eval::new(acc.graph(), ctx);
                let g = acc.graph();
                let mut grouper = aggregate::Grouper::new(keys, aggs);
                let mut row = vec![Value::Null; slots];
                match source {
                    crate::plan::CountSource::LabelSets { require } => {
                        for (labels, n) in g.label_set_counts() {
                            if require.iter().all(|l| labels.contains(l)) {
                                row[*slot] = Value::list(labels.iter().map(|l| Value::String(g.name(*l).clone())).collect());
                                grouper.add_weighted(&ev, &mut row, n as i64)?;
                            }
                        }
                    }
                    crate::plan::CountSource::Types { types } => {
                        let mut all: Vec<(Sym, usize)> = g.types_in_use().filter(|(t, _)| types.is_empty() || types.contains(t)).collect();
                        all.sort_unstable();
                        for (t, n) in all {
                            row[*slot] = Value::String(g.name(t).clone());
                            grouper.add_weighted(&ev, &mut row, n as i64)?;
                        }
                    }
                }
                grouper.finish(slots)
            }
            Stage::ChainCount { start, branches, slots } => {
                let ev = Eval::new(acc.graph(), ctx);
                let mut out = Vec::with_capacity(rows.len());
                for mut row in rows {
                    let n = ev.chain_count(start, branches, &mut row)?;
                    for s in slots {
                        row[*s] = Value::Int(n);
                    }
                    out.push(row);
                }
                out
            }
            Stage::Distinct(slots) => {
                let mut seen = HashSet::new();
                rows.retain(|r| seen.insert(slots.iter().map(|s| Equiv(r[*s].clone())).collect::<Vec<_>>()));
                rows
            }
            Stage::Sort(keys) => {
                let ev = Eval::new(acc.graph(), ctx);
                // followed by LIMIT: only the first rows need to be in order
                let top = match stages.peek() {
                    Some(Stage::Slice { skip, limit: Some(limit) }) => {
                        let skip = match skip {
                            Some(e) => count_value(&ev, e, "SKIP")?,
                            None => 0,
                        };
                        Some(skip.saturating_add(count_value(&ev, limit, "LIMIT")?))
                    }
                    _ => None,
                };
                let mut keyed = Vec::with_capacity(rows.len());
                for (i, mut r) in rows.into_iter().enumerate() {
                    let mut k = Vec::with_capacity(keys.len());
                    for key in keys {
                        k.push(ev.eval(&key.expr, &mut r)?);
                    }
                    keyed.push((k, i, r));
                }
                // the input position breaks ties, as a stable sort would
                let order = |(a, ia, _): &(Vec<Value>, usize, Row), (b, ib, _): &(Vec<Value>, usize, Row)| {
                    for ((x, y), key) in a.iter().zip(b).zip(keys) {
                        let o = x.order_cmp(y);
                        let o = if key.descending { o.reverse() } else { o };
                        if o != std::cmp::Ordering::Equal {
                            return o;
                        }
                    }
                    ia.cmp(ib)
                };
                match top {
                    Some(k) if k < keyed.len() => {
                        if k == 0 {
                            keyed.clear();
                        } else {
                            keyed.select_nth_unstable_by(k - 1, order);
                            keyed.truncate(k);
                        }
                        keyed.sort_unstable_by(order);
                    }
                    _ => keyed.sort_unstable_by(order),
                }
                keyed.into_iter().map(|(_, _, r)| r).collect()
            }
            Stage::Slice { skip, limit } => {
                let ev = Eval::new(acc.graph(), ctx);
                let skip = match skip {
                    Some(e) => count_value(&ev, e, "SKIP")?,
                    None => 0,
                };
                let limit = match limit {
                    Some(e) => Some(count_value(&ev, e, "LIMIT")?),
                    None => None,
                };
                rows.into_iter().skip(skip).take(limit.unwrap_or(usize::MAX)).collect()
            }
        };
        ctx.count(stage, rows.len() as u64);
        ctx.time(stage, began);
        ctx.check()?;
    }
    Ok(rows)
}

/// Feeds one row to an aggregation: as itself, or, when the aggregation counts a hop, as
/// the number of that hop's matches from it (none: the row is not there at all).
pub(crate) fn add_row(
    ev: &Eval<'_>,
    grouper: &mut aggregate::Grouper<'_>,
    per_row: Option<&crate::plan::CountHop>,
    row: &mut Row,
) -> Result<Flow, ExecError> {
    match per_row {
        None => grouper.add(ev, row)?,
        Some(hop) => {
            let n = ev.count_hop(&hop.hop, hop.follows_same_way, row)?;
            if n > 0 {
                grouper.add_weighted(ev, row, n)?;
            }
        }
    }
    Ok(Flow::Continue)
}

/// Evaluates a SKIP or LIMIT expression: a non-negative integer.
pub(crate) fn count_value(ev: &Eval<'_>, e: &CExpr, what: &str) -> Result<usize, ExecError> {
    let mut empty = Vec::new();
    match ev.eval(e, &mut empty)? {
        Value::Int(i) if i >= 0 => Ok(i as usize),
        Value::Int(_) => {
            Err(ExecError::new(crate::error::Category::SyntaxError, "NegativeIntegerArgument", format!("{what} cannot be negative")))
        }
        Value::Float(f) if f.fract() == 0.0 && f >= 0.0 => {
            Err(ExecError::new(crate::error::Category::SyntaxError, "InvalidArgumentType", format!("{what} needs an integer, not a float")))
        }
        other => Err(ExecError::new(
            crate::error::Category::SyntaxError,
            "InvalidArgumentType",
            format!("{what} needs an integer, not {}", other.value_type()),
        )),
    }
}

fn stream(ev: &Eval<'_>, ops: &[Op], input: Vec<Row>, cap: Option<usize>) -> Result<Vec<Row>, ExecError> {
    let mut out = Vec::new();
    if cap == Some(0) {
        return Ok(out);
    }
    let mut input = input.into_iter();
    while let Some(mut row) = input.next() {
        let pushed = push(ev, ops, &mut row, &mut |r| {
            out.push(r.clone());
            Ok(if cap.is_some_and(|c| out.len() >= c) { Flow::Stop } else { Flow::Continue })
        });
        let flow = match pushed {
            Ok(flow) => flow,
            Err(e) => {
                discard((out, input));
                return Err(e);
            }
        };
        if flow == Flow::Stop {
            break;
        }
    }
    Ok(out)
}

/// Drops rows a failed (typically cancelled) statement had gathered. Millions of rows take
/// a noticeable time to free, so a large batch is freed on a thread of its own and the
/// statement reports its error at once.
pub(crate) fn discard<T: Send + 'static>(rows: T) {
    if std::mem::needs_drop::<T>() {
        let freeing = std::thread::Builder::new().name("ieum-free".into()).spawn(move || drop(rows));
        // without a thread, the rows are freed here (the error is only reported later)
        drop(freeing);
    }
}

type Sink<'s> = dyn FnMut(&mut Row) -> Result<Flow, ExecError> + 's;

pub(crate) fn push(ev: &Eval<'_>, ops: &[Op], row: &mut Row, sink: &mut Sink<'_>) -> Result<Flow, ExecError> {
    // PROFILE counts each row entering an operator (the end of the list: leaving the last)
    ev.ctx.count(ops.as_ptr(), 1);
    let Some((op, rest)) = ops.split_first() else { return sink(row) };
    match op {
        Op::Match(m) => ev.match_plan(m, row, &mut |r| push(ev, rest, r, sink)),
        Op::OptionalMatch(m) => {
            let mut found = false;
            let flow = ev.match_plan(m, row, &mut |r| {
                found = true;
                push(ev, rest, r, sink)
            })?;
            if found {
                return Ok(flow);
            }
            for s in &m.binds {
                row[*s] = Value::Null;
            }
            push(ev, rest, row, sink)
        }
        Op::Filter(e) => {
            if ev.truthy(e, row)? {
                push(ev, rest, row, sink)
            } else {
                Ok(Flow::Continue)
            }
        }
        Op::Unwind { expr, slot } => match lazy_range(ev, expr, row)? {
            Some((start, end, step)) => {
                // counted, never built: `UNWIND range(1, 100000000)` streams in constant memory
                let mut v = start;
                while (step > 0 && v <= end) || (step < 0 && v >= end) {
                    ev.ctx.tick()?;
                    row[*slot] = Value::Int(v as i64);
                    if push(ev, rest, row, sink)? == Flow::Stop {
                        return Ok(Flow::Stop);
                    }
                    v += step;
                }
                Ok(Flow::Continue)
            }
            None => unwind_value(ev, expr, *slot, rest, row, sink),
        },
        Op::Project(items) => {
            for (e, s) in items {
                let v = ev.eval(e, row)?;
                row[*s] = v;
            }
            push(ev, rest, row, sink)
        }
        Op::Call(c) => call(ev, c, rest, row, sink),
        Op::LoadCsv(l) => load_csv::rows(ev, l, rest, row, sink),
    }
}

/// `UNWIND expr`: one row per element of a list, none for null, the value itself otherwise.
fn unwind_value(ev: &Eval<'_>, expr: &CExpr, slot: usize, rest: &[Op], row: &mut Row, sink: &mut Sink<'_>) -> Result<Flow, ExecError> {
    match ev.eval(expr, row)? {
        Value::List(items) => {
            for it in items.iter() {
                ev.ctx.tick()?;
                row[slot] = it.clone();
                if push(ev, rest, row, sink)? == Flow::Stop {
                    return Ok(Flow::Stop);
                }
            }
            Ok(Flow::Continue)
        }
        Value::Null => Ok(Flow::Continue),
        other => {
            row[slot] = other;
            push(ev, rest, row, sink)
        }
    }
}

/// The bounds of `UNWIND range(start, end[, step])` with integer arguments and a step that
/// is not zero, so that the range is counted rather than built; None for anything else
/// (which is evaluated, and refused or accepted, as usual).
fn lazy_range(ev: &Eval<'_>, expr: &CExpr, row: &mut Row) -> Result<Option<(i128, i128, i128)>, ExecError> {
    let mut expr = expr;
    while let CExpr::Spanned(inner, _) = expr {
        expr = inner;
    }
    let CExpr::Call(f, args) = expr else { return Ok(None) };
    if f.name != "range" || !(2..=3).contains(&args.len()) {
        return Ok(None);
    }
    let mut ints = [0i128, 0, 1];
    for (i, a) in args.iter().enumerate() {
        match ev.eval(a, row)? {
            Value::Int(x) => ints[i] = i128::from(x),
            _ => return Ok(None),
        }
    }
    Ok((ints[2] != 0).then_some((ints[0], ints[1], ints[2])))
}

fn call(ev: &Eval<'_>, c: &CallPlan, rest: &[Op], row: &mut Row, sink: &mut Sink<'_>) -> Result<Flow, ExecError> {
    let args = c.args.iter().map(|a| ev.eval(a, row)).collect::<Result<Vec<_>, _>>()?;
    let rows = procedure_rows(ev, &c.procedure, &args).map_err(|e| e.at(c.span))?;
    for out in rows {
        for (col, slot) in &c.yields {
            row[*slot] = out.get(*col).cloned().unwrap_or(Value::Null);
        }
        if push(ev, rest, row, sink)? == Flow::Stop {
            return Ok(Flow::Stop);
        }
    }
    Ok(Flow::Continue)
}

/// The output rows of a procedure for the given arguments.
fn procedure_rows(ev: &Eval<'_>, name: &str, args: &[Value]) -> Result<Vec<Vec<Value>>, ExecError> {
    let Some(p) = ev.ctx.procedures.get(name) else {
        return Err(ExecError::new(crate::error::Category::ProcedureError, "ProcedureNotFound", format!("there is no procedure `{name}`")));
    };
    for (a, f) in args.iter().zip(&p.inputs) {
        if let (Some(t), false) = (f.ty, a.is_null()) {
            let ok = a.value_type() == t || (t == crate::value::ValueType::Float && matches!(a, Value::Int(_)));
            if !ok {
                return Err(ExecError::type_error(
                    "InvalidArgumentType",
                    format!("argument `{}` of {} must be {t}, not {}", f.name, p.name, a.value_type()),
                ));
            }
        }
    }
    p.rows(ev.g, args, ev.ctx)
}

/// The labels, types and properties of every entity mentioned in `rows`.
pub fn materialize(g: &Graph, rows: &[Row]) -> Entities {
    let mut out = Entities::default();
    for r in rows {
        for v in r {
            QueryResult::visit_entities(v, &mut |e| match e {
                EntityRef::Node(id) => {
                    if !out.nodes.contains_key(&id)
                        && let Some(n) = node_entity(g, id)
                    {
                        out.nodes.insert(id, n);
                    }
                }
                EntityRef::Rel(id) => {
                    if !out.rels.contains_key(&id)
                        && let Some(r) = rel_entity(g, id)
                    {
                        out.rels.insert(id, r);
                    }
                }
            });
        }
    }
    out
}

/// Every live node and relationship.
pub fn materialize_all(g: &Graph) -> Entities {
    let mut out = Entities::default();
    for n in g.node_ids() {
        if let Some(e) = node_entity(g, n) {
            out.nodes.insert(n, e);
        }
    }
    for r in g.rel_ids() {
        if let Some(e) = rel_entity(g, r) {
            out.rels.insert(r, e);
        }
    }
    out
}

fn props_map<'g>(g: &Graph, p: impl Iterator<Item = (crate::store::Sym, crate::store::PropRef<'g>)>) -> Map {
    p.map(|(k, v)| (g.name(k).clone(), v.to_value())).collect()
}

fn node_entity(g: &Graph, id: crate::value::NodeId) -> Option<NodeEntity> {
    let n = g.node_any(id)?;
    Some(NodeEntity {
        id: n.public_id(),
        slot: id,
        labels: n.labels().iter().map(|l| g.name(*l).clone()).collect(),
        properties: props_map(g, n.props()),
    })
}

fn rel_entity(g: &Graph, id: crate::value::RelId) -> Option<RelEntity> {
    let r = g.rel_any(id)?;
    let (start, end) = g.rel_ends(id)?;
    Some(RelEntity {
        id: r.public_id(),
        slot: id,
        rel_type: g.name(r.rel_type()).clone(),
        start: g.node_public(start),
        end: g.node_public(end),
        start_slot: start,
        end_slot: end,
        properties: props_map(g, r.props()),
    })
}

/// Runs an index or constraint statement; returns the changes to log.
pub fn schema_command(g: &mut Graph, stmt: &Statement) -> Result<Vec<Change>, Error> {
    let mut changes = Vec::new();
    match stmt {
        Statement::CreateIndex(def) => {
            let label = g.intern(&def.label.name);
            for k in &def.keys {
                let key = g.intern(&k.name);
                if g.create_index(label, key) {
                    changes.push(Change::CreateIndex { label: g.name(label).clone(), key: g.name(key).clone(), unique: false });
                } else if !def.if_not_exists && def.name.is_none() {
                    return Err(PlanError::syntax(
                        "IndexAlreadyExists",
                        format!("an index on :{}({}) already exists", def.label.name, k.name),
                        def.span,
                    )
                    .into());
                }
            }
        }
        Statement::CreateConstraint(def) => {
            let label = g.intern(&def.label.name);
            for k in &def.keys {
                let key = g.intern(&k.name);
                g.create_index(label, key);
                let holders: Vec<_> = g.nodes_with_label(label).filter_map(|n| g.node_prop(n, key)).collect();
                let mut seen = HashSet::new();
                if holders.into_iter().any(|v| !seen.insert(Equiv(v))) {
                    return Err(ExecError::new(
                        crate::error::Category::ConstraintVerificationFailed,
                        "UniquenessViolation",
                        format!("existing :{} nodes share a value of {}", def.label.name, k.name),
                    )
                    .into());
                }
                if g.unique.insert((label, key)) {
                    changes.push(Change::CreateIndex { label: g.name(label).clone(), key: g.name(key).clone(), unique: true });
                }
            }
        }
        Statement::DropIndex(d) => match d {
            ast::DropIndex::BySchema { label, keys } => {
                let l = g.intern(&label.name);
                for k in keys {
                    let key = g.intern(&k.name);
                    if g.drop_index(l, key) {
                        g.unique.remove(&(l, key));
                        changes.push(Change::DropIndex { label: g.name(l).clone(), key: g.name(key).clone() });
                    }
                }
            }
            ast::DropIndex::ByName { name, if_exists } => {
                if !if_exists {
                    return Err(PlanError::syntax(
                        "IndexNotFound",
                        format!("there is no index named `{}`; drop by schema with DROP INDEX ON :Label(key)", name.name),
                        name.span,
                    )
                    .into());
                }
            }
        },
        Statement::Query(_) | Statement::Explain(_) | Statement::Profile(_) => {}
    }
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discarded_rows_are_freed_off_the_calling_thread() {
        let held = Arc::new(());
        let rows: Vec<Arc<()>> = (0..1000).map(|_| Arc::clone(&held)).collect();
        discard(rows);
        // freed by the other thread soon after; wait for it rather than for a fixed time
        let mut spins = 0u64;
        while Arc::strong_count(&held) > 1 && spins < 50_000_000 {
            std::thread::yield_now();
            spins += 1;
        }
        assert_eq!(Arc::strong_count(&held), 1);
    }
}
