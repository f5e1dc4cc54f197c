//! From syntax tree to an executable plan.
//!
//! [`plan_query`] binds every variable to a row slot (reporting unknown, clashing and
//! misused names with their span), compiles expressions with names resolved once, orders
//! each pattern from its cheapest anchor, places each predicate at the earliest point where
//! its variables are bound, and splits the query into stages: streaming pipelines (match,
//! filter, unwind, project) separated by the operators that need all their input first
//! (writes, aggregation, sorting, DISTINCT).

mod build;
mod chain;
mod counts;
mod degree;
mod exists;
mod explain;
mod expr;
mod guarantees;
mod pattern;
mod scope;
mod selectors;
mod subquery;

use std::sync::Arc;

use crate::db::Params;
use crate::error::PlanError;
use crate::procedures::Procedures;
use crate::store::{Dir, Graph, Sym};
use crate::syntax::ast::{self, BinaryOp, Quantifier, Span, UnaryOp};
use crate::value::Value;

pub use counts::CountSource;
pub use explain::{RowCounts, StageTimes};
pub use expr::is_aggregate_name;

/// A compiled expression: variables are slots, names are symbols, parameters are values.
#[derive(Clone, Debug)]
pub enum CExpr {
    Const(Value),
    Slot(usize),
    /// `expr.key`; the symbol is the key's interned form (used for nodes and relationships).
    Prop(Box<CExpr>, Arc<str>, Sym),
    Index(Box<CExpr>, Box<CExpr>),
    Slice(Box<CExpr>, Option<Box<CExpr>>, Option<Box<CExpr>>),
    Unary(UnaryOp, Box<CExpr>),
    Binary(BinaryOp, Box<CExpr>, Box<CExpr>),
    IsNull(Box<CExpr>, bool),
    /// `expr IS [NOT] :: TYPE` (negated when the flag is set).
    IsType(Box<CExpr>, Arc<ast::TypeSpec>, bool),
    HasLabels(Box<CExpr>, Vec<Sym>),
    /// A scalar function, resolved when planning.
    Call(&'static crate::exec::functions::FunctionInfo, Vec<CExpr>),
    List(Vec<CExpr>),
    Map(Vec<(Arc<str>, CExpr)>),
    Case {
        subject: Option<Box<CExpr>>,
        whens: Vec<(CExpr, CExpr)>,
        else_: Option<Box<CExpr>>,
    },
    /// `[x IN list WHERE f | m]`; `slot` is where `x` lives while evaluating.
    ListComp {
        slot: usize,
        list: Box<CExpr>,
        filter: Option<Box<CExpr>>,
        map: Option<Box<CExpr>>,
    },
    Quantified {
        quantifier: Quantifier,
        slot: usize,
        list: Box<CExpr>,
        filter: Box<CExpr>,
    },
    Reduce {
        acc: usize,
        init: Box<CExpr>,
        slot: usize,
        list: Box<CExpr>,
        expr: Box<CExpr>,
    },
    /// Rows of a sub-pattern: `[p = pattern WHERE f | m]`.
    PatternComp {
        matcher: Box<MatchPlan>,
        map: Box<CExpr>,
    },
    /// Whether a sub-pattern has at least one match.
    Exists(Box<MatchPlan>),
    /// `EXISTS`, `COUNT` or `COLLECT` over a subquery run from the row.
    Subquery(Box<ExprSubquery>),
    /// `n {.a, k: e, .*}`: base, then entries (`None` key with `.*`).
    MapProjection {
        base: Box<CExpr>,
        items: Vec<MapProjItem>,
    },
    /// `linenumber()` (false) or `file()` (true): where the current `LOAD CSV` row comes from.
    CsvPosition(bool),
    /// Placeholder carrying the span of an expression for error positions.
    Spanned(Box<CExpr>, Span),
}

#[derive(Clone, Debug)]
pub enum MapProjItem {
    Property(Arc<str>, Sym),
    Entry(Arc<str>, CExpr),
    AllProperties,
}

/// Property constraint of a node or relationship pattern.
#[derive(Clone, Debug)]
pub struct PropCheck {
    pub key: Sym,
    pub value: CExpr,
}

/// Node checks applied when a node is bound or reached.
#[derive(Clone, Debug, Default)]
pub struct NodeCheck {
    pub labels: Vec<Sym>,
    pub props: Vec<PropCheck>,
    /// A map-valued expression (a parameter) whose every entry must match.
    pub prop_map: Option<CExpr>,
}

impl NodeCheck {
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty() && self.props.is_empty() && self.prop_map.is_none()
    }
}

/// One relationship hop of a pattern, walked from `from` to `to`.
#[derive(Clone, Debug)]
pub struct Hop {
    pub from: usize,
    pub to: usize,
    /// Where the relationship (or, for variable length, the list of relationships) goes.
    pub rel: usize,
    pub dir: Dir,
    pub types: Vec<Sym>,
    pub props: Vec<PropCheck>,
    pub prop_map: Option<CExpr>,
    /// `Some((min, max))` for variable length.
    pub var_len: Option<(u64, Option<u64>)>,
    /// Whether `to` is already bound (then the hop only checks that it arrives there).
    pub to_bound: bool,
    pub to_check: NodeCheck,
    /// Relationship slots bound earlier in the same MATCH: this hop's relationships must
    /// differ from theirs.
    pub distinct_from: Vec<usize>,
    /// Walked against the written order: a variable-length list is reversed before binding.
    pub reversed: bool,
    /// Every node this hop can reach passes `to_check` (its labels are guaranteed by the
    /// relationship types, see `Graph::labels_guaranteed`), so it is not looked at. Set by
    /// the optimizer for statements that do not write.
    pub labels_known: bool,
}

/// A hop an aggregation counts instead of a match walking it (see `degree.rs`).
#[derive(Clone, Debug)]
pub struct CountHop {
    pub hop: Hop,
    /// The only relationship the hop must differ from is the one the previous hop walked
    /// the same way (out or in) into `hop.from`: it can be one of this hop's relationships
    /// only if it is a self-loop.
    pub follows_same_way: bool,
}

/// A step of a pattern match. Steps run as nested loops in order.
#[derive(Clone, Debug)]
pub enum MatchStep {
    /// Bind `slot` to every node with all of `check.labels` (from the smallest label set),
    /// or to every node when there are no labels.
    Scan {
        slot: usize,
        check: NodeCheck,
        label: Option<Sym>,
    },
    /// Bind `slot` through the equality index on (label, key).
    IndexSeek {
        slot: usize,
        label: Sym,
        key: Sym,
        value: CExpr,
        check: NodeCheck,
    },
    /// `slot` is already bound (earlier clause or part): check it is a node matching.
    Bound {
        slot: usize,
        check: NodeCheck,
    },
    Expand(Hop),
    /// `shortestPath` / `allShortestPaths` between two bound nodes.
    Shortest {
        hop: Hop,
        path: usize,
        all: bool,
    },
    Filter(CExpr),
    /// The rest of a pattern, as an existence check (see `exists.rs`): the row goes on, at
    /// most once per value of the `key` slots, when `steps` match from it without using a
    /// relationship of the `avoid` slots; `rels` are the slots of the relationships the
    /// steps bind.
    Exists {
        key: Vec<usize>,
        steps: Vec<MatchStep>,
        avoid: Vec<usize>,
        rels: Vec<usize>,
    },
    /// Builds a path value into `slot` from node and relationship slots in walk order.
    BindPath {
        slot: usize,
        start: usize,
        steps: Vec<PathStep>,
    },
}

#[derive(Clone, Copy, Debug)]
pub enum PathStep {
    /// A single relationship in `rel`, arriving at the node in `node`.
    One { rel: usize, node: usize },
    /// A list of relationships in `rels` (variable length), arriving at `node`.
    Many { rels: usize, node: usize },
}

/// The plan of one pattern (a MATCH clause, a MERGE, or a sub-pattern in an expression).
#[derive(Clone, Debug, Default)]
pub struct MatchPlan {
    pub steps: Vec<MatchStep>,
    /// Slots this pattern binds (set to null by OPTIONAL MATCH when nothing matches).
    pub binds: Vec<usize>,
}

#[derive(Clone, Debug)]
pub struct SortKey {
    pub expr: CExpr,
    pub descending: bool,
}

/// An aggregate function call.
#[derive(Clone, Debug)]
pub struct AggCall {
    pub func: AggFunc,
    pub distinct: bool,
    pub args: Vec<CExpr>,
    /// Where the result goes in the output row.
    pub slot: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AggFunc {
    CountStar,
    Count,
    Sum,
    Avg,
    Min,
    Max,
    Collect,
    StDev,
    StDevP,
    PercentileDisc,
    PercentileCont,
}

/// Streaming operators: each takes one row and produces zero or more.
#[derive(Clone, Debug)]
pub enum Op {
    Match(MatchPlan),
    OptionalMatch(MatchPlan),
    Filter(CExpr),
    Unwind {
        expr: CExpr,
        slot: usize,
    },
    /// Evaluate each expression into its slot.
    Project(Vec<(CExpr, usize)>),
    Call(CallPlan),
    /// `LOAD CSV`: one row per record of a local file, into `slot`.
    LoadCsv(LoadCsvPlan),
}

#[derive(Clone, Debug)]
pub struct LoadCsvPlan {
    pub url: CExpr,
    pub headers: bool,
    pub terminator: u8,
    pub slot: usize,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct CallPlan {
    pub procedure: String,
    pub args: Vec<CExpr>,
    /// (output column index, slot) pairs to bind.
    pub yields: Vec<(usize, usize)>,
    pub span: Span,
}

/// A write clause, applied row by row after all its input rows exist.
#[derive(Clone, Debug)]
pub enum Write {
    Create(Vec<CreatePart>),
    Merge { part: CreatePart, matcher: MatchPlan, on_create: Vec<SetOp>, on_match: Vec<SetOp> },
    Set(Vec<SetOp>),
    Delete { exprs: Vec<CExpr>, detach: bool },
}

/// What CREATE (or MERGE when nothing matched) makes for one pattern part.
#[derive(Clone, Debug)]
pub struct CreatePart {
    pub nodes: Vec<CreateNode>,
    pub rels: Vec<CreateRel>,
    pub path: Option<(usize, usize, Vec<PathStep>)>,
}

#[derive(Clone, Debug)]
pub struct CreateNode {
    pub slot: usize,
    /// Already bound: nothing to create.
    pub bound: bool,
    pub labels: Vec<Sym>,
    pub props: Vec<(Sym, CExpr)>,
    pub prop_map: Option<CExpr>,
}

#[derive(Clone, Debug)]
pub struct CreateRel {
    pub slot: usize,
    pub start: usize,
    pub end: usize,
    pub rel_type: Sym,
    pub props: Vec<(Sym, CExpr)>,
    pub prop_map: Option<CExpr>,
}

#[derive(Clone, Debug)]
pub enum SetOp {
    Property { target: CExpr, key: Sym, value: CExpr, span: Span },
    Replace { target: CExpr, value: CExpr, span: Span },
    Merge { target: CExpr, value: CExpr, span: Span },
    AddLabels { target: CExpr, labels: Vec<Sym> },
    RemoveLabels { target: CExpr, labels: Vec<Sym> },
    RemoveProperty { target: CExpr, key: Sym },
}

#[derive(Clone, Debug)]
pub enum Stage {
    /// Runs the operators on every input row. With `cap`, stops after that many output
    /// rows (a LIMIT downstream needs no more).
    Stream {
        ops: Vec<Op>,
        cap: Option<CExpr>,
    },
    Write(Write),
    Aggregate {
        keys: Vec<(CExpr, usize)>,
        aggs: Vec<AggCall>,
        /// Set by the optimizer (only with count aggregates): each input row stands for as
        /// many rows as this hop has matches from it.
        per_row: Option<CountHop>,
    },
    /// Counts the store keeps, grouped (see `counts.rs`): one row per label combination or
    /// per type, its labels or type in `slot`, standing for as many rows as it counts.
    StoreCount {
        source: CountSource,
        slot: usize,
        keys: Vec<(CExpr, usize)>,
        aggs: Vec<AggCall>,
    },
    /// The count of a MATCH's matches, found without producing them (see `chain.rs`): one
    /// row with the count in each of `slots`.
    ChainCount {
        start: MatchStep,
        branches: Vec<Vec<Hop>>,
        slots: Vec<usize>,
    },
    Distinct(Vec<usize>),
    Sort(Vec<SortKey>),
    /// `CALL { ... }` (and FOREACH): the body runs once per input row (see `subquery.rs`).
    Subquery(Box<SubqueryPlan>),
    /// A GQL path selector: per pair of end nodes of the path in `path`, the `k` shortest
    /// rows, or with `groups` the rows of the `k` shortest lengths (see `selectors.rs`).
    SelectPaths {
        path: usize,
        k: u64,
        groups: bool,
    },
    /// SKIP and LIMIT.
    Slice {
        skip: Option<CExpr>,
        limit: Option<CExpr>,
    },
}

/// A read-only subquery in an expression (see `subquery.rs`).
#[derive(Clone, Debug)]
pub struct ExprSubquery {
    pub kind: ast::SubqueryKind,
    pub parts: Vec<PartPlan>,
    pub distinct_union: bool,
    /// The outer slots the body may read.
    pub reads: Vec<usize>,
}

/// A subquery run once per input row, starting from that row.
#[derive(Clone, Debug)]
pub struct SubqueryPlan {
    pub parts: Vec<PartPlan>,
    pub distinct_union: bool,
    /// The slots of the outer row that receive the returned columns (those of the first
    /// part); empty for a unit subquery, which passes each input row on once.
    pub outputs: Vec<usize>,
    /// `OPTIONAL CALL`: a row without results goes on with nulls.
    pub optional: bool,
    pub batch: Option<Batching>,
    pub span: Span,
}

/// `IN TRANSACTIONS`: input rows in batches of `rows`, each committed on its own.
#[derive(Clone, Debug)]
pub struct Batching {
    pub rows: Option<CExpr>,
    pub on_error: ast::OnError,
}

/// The plan of one query part (between UNIONs).
#[derive(Clone, Debug)]
pub struct PartPlan {
    pub stages: Vec<Stage>,
    /// The slots of the result columns, in order.
    pub outputs: Vec<usize>,
}

#[derive(Clone, Debug)]
pub struct Plan {
    pub parts: Vec<PartPlan>,
    /// UNION (without ALL): remove duplicate rows.
    pub distinct_union: bool,
    pub columns: Vec<String>,
    pub slots: usize,
    pub writes: bool,
    /// The variable living in each slot, where it has a name (for EXPLAIN).
    pub names: Vec<Option<String>>,
}

impl Plan {
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    pub fn is_read_only(&self) -> bool {
        !self.writes
    }

    pub fn explain(&self, graph: &Graph) -> String {
        explain::explain(self, graph, None)
    }

    /// The plan's text with the rows each operator produced in a run.
    pub fn profile(&self, graph: &Graph, rows: &RowCounts, times: &StageTimes) -> String {
        explain::explain(self, graph, Some((rows, times)))
    }
}

/// Plans a query against the graph's names and indexes.
pub fn plan_query(
    query: &ast::Query,
    graph: &mut Graph,
    procedures: &Procedures,
    params: &Params,
    optimize: bool,
) -> Result<Plan, PlanError> {
    let mut plan = build::Planner::new(graph, procedures, params, optimize).plan(query)?;
    if optimize {
        if !plan.writes {
            guarantees::mark_known_labels(&mut plan, graph);
        }
        counts::use_store_counts(&mut plan);
        exists::check_existence(&mut plan);
        chain::count_chains(&mut plan);
        degree::count_last_hops(&mut plan);
    }
    Ok(plan)
}
