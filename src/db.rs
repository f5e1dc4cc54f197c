//! The front door: [`Database`] holds a graph and answers statements.
//!
//! One statement's path reads top to bottom in [`Database::execute_with`]:
//! parse → plan (bind names, check, build operators) → optimize → execute in a transaction
//! → commit (or roll back) → materialize the result.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use crate::error::Error;
use crate::exec;
use crate::plan;
use crate::procedures::{Procedure, Procedures};
use crate::result::{Entities, QueryResult};
use crate::store::{Graph, Tx, disk};
use crate::syntax::{self, ast::Statement};
use crate::value::Value;

/// Where [`Database::execute_streaming`] sends a reading query's rows.
pub trait RowSink {
    /// The column names, before any row.
    fn begin(&mut self, columns: &[String]) -> std::io::Result<()>;
    /// One row; `entities` holds the labels and properties of what the row mentions.
    fn row(&mut self, row: &[Value], entities: &Entities) -> std::io::Result<()>;
}

/// What [`Database::execute_streaming`] did with a statement.
#[derive(Debug)]
pub enum Outcome {
    /// The rows went to the sink as they were produced.
    Streamed { columns: Vec<String>, rows: u64, timing: crate::result::Timing },
    /// The statement ran whole (a write, `EXPLAIN`, `PROFILE`, `SHOW`): its full result.
    Whole(QueryResult),
}

/// Why [`Database::execute_streaming`] failed: the statement, or writing its output.
#[derive(Debug)]
pub enum StreamError {
    Query(Error),
    Output(std::io::Error),
}

impl From<Error> for StreamError {
    fn from(e: Error) -> Self {
        StreamError::Query(e)
    }
}

/// Query parameters (`$name`), by name.
pub type Params = BTreeMap<String, Value>;

/// How to run one statement.
#[derive(Clone, Debug)]
pub struct QueryOptions {
    pub params: Params,
    /// Set to true (e.g. from a Ctrl-C handler) to stop the statement; it then fails with
    /// category `Cancelled` and changes nothing.
    pub cancel: Option<Arc<AtomicBool>>,
    /// Stop with `Cancelled` once this instant has passed.
    pub deadline: Option<Instant>,
    /// Run the optimizer's passes (on by default; tests run both ways).
    pub optimize: bool,
    /// Refuse writes.
    pub read_only: bool,
}

impl Default for QueryOptions {
    fn default() -> Self {
        QueryOptions { params: Params::new(), cancel: None, deadline: None, optimize: true, read_only: false }
    }
}

pub use crate::store::ChangeSink;

/// An in-memory graph database.
///
/// ```
/// use ieum::Database;
/// let mut db = Database::new();
/// db.execute("CREATE (:Company {name: 'Celltrion'})-[:MANUFACTURES]->(:Product {name: 'Remsima'})").unwrap();
/// let r = db.execute("MATCH (c:Company)-[:MANUFACTURES]->(p) RETURN c.name AS company, p.name AS product").unwrap();
/// assert_eq!(r.columns, ["company", "product"]);
/// assert_eq!(r.rows[0][1], ieum::Value::from("Remsima"));
/// ```
#[derive(Default)]
pub struct Database {
    graph: Graph,
    procedures: Procedures,
    sink: Option<Box<dyn ChangeSink>>,
    /// The graph was changed through [`Database::graph_mut`], past the log: the next
    /// checkpoint must write a snapshot even if the log is empty.
    unlogged: bool,
    /// Where `LOAD CSV` finds `file:///` paths (none: the working directory).
    import_dir: Option<std::path::PathBuf>,
}

/// Statements longer than this get no hints (see [`Database::hints`]).
const HINTS_MAX_BYTES: usize = 64 << 10;

impl Database {
    /// An empty in-memory database.
    pub fn new() -> Self {
        Self::default()
    }

    /// A database over an existing graph.
    pub fn from_graph(graph: Graph) -> Self {
        Database { graph, ..Self::default() }
    }

    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// Mutable access for loaders (import, snapshot); bypasses the change log.
    pub fn graph_mut(&mut self) -> &mut Graph {
        self.unlogged = true;
        &mut self.graph
    }

    /// Opens the database directory at `path` (creating an empty database there if there is
    /// none, unless `read_only`): the snapshot, then the write-ahead log replayed onto it.
    /// Every committed write is logged and synced before it is acknowledged.
    pub fn open(path: impl AsRef<std::path::Path>, read_only: bool) -> Result<Database, Error> {
        let (graph, store) = disk::open(path.as_ref(), disk::DiskOptions { read_only, ..Default::default() })?;
        let mut db = Database::from_graph(graph);
        db.set_change_sink(Box::new(store));
        Ok(db)
    }

    /// Folds the write-ahead log into a new snapshot. True when the database is on disk and
    /// saved; false for an in-memory (or read-only) database, where there is nothing to save.
    pub fn checkpoint(&mut self) -> Result<bool, Error> {
        match &mut self.sink {
            Some(sink) => {
                let saved = sink.checkpoint(&self.graph, self.unlogged)?;
                self.unlogged &= !saved;
                Ok(saved)
            }
            None => Ok(false),
        }
    }

    /// Where committed changes go from now on (the write-ahead log of an on-disk database).
    pub fn set_change_sink(&mut self, sink: Box<dyn ChangeSink>) {
        self.sink = Some(sink);
    }

    pub fn take_change_sink(&mut self) -> Option<Box<dyn ChangeSink>> {
        self.sink.take()
    }

    /// The directory `LOAD CSV` reads `file:///...` paths from (by default the working
    /// directory).
    pub fn set_import_dir(&mut self, dir: Option<std::path::PathBuf>) {
        self.import_dir = dir;
    }

    /// Makes a procedure callable with `CALL`.
    pub fn register_procedure(&mut self, procedure: Procedure) {
        self.procedures.register(procedure);
    }

    /// Runs one statement with no parameters.
    pub fn execute(&mut self, statement: &str) -> Result<QueryResult, Error> {
        self.execute_with(statement, &QueryOptions::default())
    }

    /// Runs one statement like [`Database::execute_with`], but a reading query hands its
    /// rows to `sink` as they are produced, so that no memory is needed for them: the
    /// result is then [`Outcome::Streamed`]. Statements that write, and `EXPLAIN`,
    /// `PROFILE` and `SHOW`, run whole ([`Outcome::Whole`]). The first output error stops
    /// the statement and is returned as [`StreamError::Output`].
    pub fn execute_streaming(&mut self, statement: &str, options: &QueryOptions, sink: &mut dyn RowSink) -> Result<Outcome, StreamError> {
        let started = Instant::now();
        let query = match syntax::parse_show(statement) {
            Some(_) => None,
            None => match syntax::parse_statement(statement).map_err(Error::from)? {
                Statement::Query(q) => Some(q),
                _ => None,
            },
        };
        let parse = started.elapsed();
        let Some(q) = query else { return Ok(Outcome::Whole(self.execute_with(statement, options)?)) };
        let planning = Instant::now();
        let plan = plan::plan_query(&q, &mut self.graph, &self.procedures, &options.params, options.optimize).map_err(Error::from)?;
        if !plan.is_read_only() {
            let mut r = self.run_planned(plan, options, false, planning.elapsed())?;
            r.timing.parse = parse;
            return Ok(Outcome::Whole(r));
        }
        let planned = planning.elapsed();
        let executing = Instant::now();
        sink.begin(plan.columns()).map_err(StreamError::Output)?;
        let mut tx = Tx::read_only(&mut self.graph);
        let mut ctx = exec::Context::new(&options.params, &self.procedures, options.cancel.clone(), options.deadline);
        ctx.parallel = options.optimize;
        let mut failed = None;
        let handed = {
            let mut hand = |g: &Graph, row: exec::Row| {
                let entities = exec::materialize(g, std::slice::from_ref(&row));
                match sink.row(&row, &entities) {
                    Ok(()) => exec::Flow::Continue,
                    Err(e) => {
                        failed = Some(e);
                        exec::Flow::Stop
                    }
                }
            };
            exec::run_streaming(&plan, &mut tx, &ctx, &mut hand)
        };
        tx.finish();
        if let Some(e) = failed {
            return Err(StreamError::Output(e));
        }
        let rows = handed.map_err(Error::from)?;
        let timing = crate::result::Timing { parse, plan: planned, execute: executing.elapsed() };
        Ok(Outcome::Streamed { columns: plan.columns().to_vec(), rows, timing })
    }

    /// Runs one statement (text without its terminating `;`).
    pub fn execute_with(&mut self, statement: &str, options: &QueryOptions) -> Result<QueryResult, Error> {
        if let Some(what) = syntax::parse_show(statement) {
            return Ok(self.show(what));
        }
        let started = Instant::now();
        let ast = syntax::parse_statement(statement)?;
        // a long parse cannot be stopped midway, but it does count against the time limit
        if options.cancel.as_ref().is_some_and(|c| c.load(std::sync::atomic::Ordering::Relaxed)) {
            return Err(crate::error::ExecError::cancelled().into());
        }
        if options.deadline.is_some_and(|d| Instant::now() >= d) {
            return Err(crate::error::ExecError::timeout().into());
        }
        let parse = started.elapsed();
        let mut result = match ast {
            Statement::Query(q) => self.run_query(&q, options, false),
            Statement::Profile(q) => self.run_query(&q, options, true),
            Statement::Explain(q) => {
                let t = Instant::now();
                let plan = plan::plan_query(&q, &mut self.graph, &self.procedures, &options.params, options.optimize)?;
                let timing = crate::result::Timing { plan: t.elapsed(), ..Default::default() };
                Ok(QueryResult { plan: Some(plan.explain(&self.graph)), timing, ..QueryResult::default() })
            }
            other => {
                if let Some(sink) = &self.sink {
                    sink.check_writable()?;
                }
                let changes = exec::schema_command(&mut self.graph, &other)?;
                if let Some(sink) = &mut self.sink {
                    sink.commit(&changes)?;
                }
                Ok(QueryResult::default())
            }
        };
        if let Ok(r) = &mut result {
            r.timing.parse = parse;
        }
        result
    }

    /// `SHOW INDEXES` and `SHOW CONSTRAINTS`: one row per index (or uniqueness constraint),
    /// sorted, in the columns Neo4j uses for them.
    fn show(&self, what: syntax::ast::Show) -> QueryResult {
        let g = &self.graph;
        let unique: std::collections::BTreeSet<_> = g.unique_constraints().collect();
        let pairs: Vec<_> = match what {
            syntax::ast::Show::Indexes => g.index_list().collect(),
            syntax::ast::Show::Constraints => unique.iter().copied().collect(),
        };
        let mut rows: Vec<Vec<Value>> = pairs
            .into_iter()
            .map(|(l, k)| {
                let (label, key) = (g.name(l).clone(), g.name(k).clone());
                let name =
                    Value::from(format!("{}_{label}_{key}", if what == syntax::ast::Show::Indexes { "index" } else { "constraint" }));
                let kind = match what {
                    syntax::ast::Show::Indexes => "RANGE",
                    syntax::ast::Show::Constraints => "UNIQUENESS",
                };
                let mut row = vec![
                    name,
                    Value::from(kind),
                    Value::from("NODE"),
                    Value::list(vec![Value::String(label.clone())]),
                    Value::list(vec![Value::String(key.clone())]),
                ];
                if what == syntax::ast::Show::Indexes {
                    row.push(if unique.contains(&(l, k)) { Value::from(format!("constraint_{label}_{key}")) } else { Value::Null });
                }
                row
            })
            .collect();
        rows.sort_by(|a, b| a[0].to_string().cmp(&b[0].to_string()));
        let mut columns: Vec<String> = ["name", "type", "entityType", "labelsOrTypes", "properties"].map(String::from).to_vec();
        if what == syntax::ast::Show::Indexes {
            columns.push("owningConstraint".to_string());
        }
        QueryResult { columns, rows, ..QueryResult::default() }
    }

    /// Warnings about labels, types and keys a reading statement names that the graph does
    /// not hold (see [`crate::hints`]); none for a statement that does not parse.
    pub fn hints(&self, statement: &str) -> Vec<crate::hints::Hint> {
        // a statement this long is data, not a query to check for typos: parsing it twice
        // would double the time it takes
        if statement.len() > HINTS_MAX_BYTES {
            return Vec::new();
        }
        match syntax::parse_statement(statement) {
            Ok(Statement::Query(q) | Statement::Profile(q) | Statement::Explain(q)) => crate::hints::unknown_names(&q, &self.graph),
            _ => Vec::new(),
        }
    }

    fn run_query(&mut self, q: &syntax::ast::Query, options: &QueryOptions, profile: bool) -> Result<QueryResult, Error> {
        let planning = Instant::now();
        let plan = plan::plan_query(q, &mut self.graph, &self.procedures, &options.params, options.optimize)?;
        self.run_planned(plan, options, profile, planning.elapsed())
    }

    fn run_planned(
        &mut self,
        plan: plan::Plan,
        options: &QueryOptions,
        profile: bool,
        planned: std::time::Duration,
    ) -> Result<QueryResult, Error> {
        let executing = Instant::now();
        // the change sink goes with the statement (batches of IN TRANSACTIONS commit to it)
        let sink = self.sink.take();
        let mut tx = if options.read_only || plan.is_read_only() { Tx::read_only(&mut self.graph) } else { Tx::new(&mut self.graph) };
        let mut ctx = exec::Context::new(&options.params, &self.procedures, options.cancel.clone(), options.deadline);
        ctx.parallel = options.optimize;
        ctx.profiling = profile;
        ctx.import_dir = self.import_dir.as_deref();
        ctx.set_sink(sink);
        let outcome = exec::run(&plan, &mut tx, &ctx).and_then(|rows| {
            let entities = exec::materialize(tx.graph(), &rows);
            let (changes, mut stats) = tx.prepare()?;
            stats.add(&tx.committed_stats());
            Ok((rows, entities, changes, stats))
        });
        let mut batch_sink = ctx.take_sink();
        let outcome = outcome.map_err(Error::from).and_then(|ok| {
            // Durable before acknowledged: log first, then make final in memory.
            if let (false, Some(sink)) = (ok.2.is_empty(), batch_sink.as_mut()) {
                sink.commit(&ok.2)?;
            }
            Ok(ok)
        });
        let (counts, times) = (ctx.row_counts(), ctx.stage_times());
        drop(ctx);
        self.sink = batch_sink;
        let committed = tx.committed_stats();
        match outcome {
            Ok((rows, entities, _changes, stats)) => {
                tx.finish();
                if !stats.is_empty() {
                    self.graph.maintain();
                }
                let plan_text = profile.then(|| plan.profile(&self.graph, &counts, &times));
                self.checkpoint_if_due();
                let timing = crate::result::Timing { plan: planned, execute: executing.elapsed(), ..Default::default() };
                Ok(QueryResult { columns: plan.columns().to_vec(), rows, stats, entities, plan: plan_text, timing })
            }
            Err(e) => {
                tx.rollback();
                if !committed.is_empty() {
                    // batches of IN TRANSACTIONS stay committed
                    self.graph.maintain();
                    self.checkpoint_if_due();
                }
                Err(e)
            }
        }
    }

    /// Checkpoints when the log has grown past its threshold. The statement is already
    /// durable in the log; a failure here makes the store refuse later writes.
    fn checkpoint_if_due(&mut self) {
        if self.sink.as_ref().is_some_and(|s| s.wants_checkpoint())
            && let Err(e) = self.checkpoint()
        {
            eprintln!("warning: the automatic checkpoint failed: {}", e.headline());
        }
    }

    /// Every node and relationship, materialized (for export and for comparing states).
    pub fn contents(&self) -> Entities {
        exec::materialize_all(&self.graph)
    }
}
