//! The abstract syntax tree of ieum's query language (a subset of openCypher with
//! implementation extensions).
//!
//! Every node that an error can blame carries a byte [`Span`] into the statement text it was
//! parsed from. The tree is plain data: binding, planning and execution live elsewhere.

use std::fmt;

/// A byte range `start..end` into the source text of one statement.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// This span moved `offset` bytes to the right (statement text to file text).
    pub fn shifted(self, offset: usize) -> Span {
        Span::new(self.start + offset, self.end + offset)
    }
}

/// A name written in the query (variable, label, type, key, alias), with where it stands.
#[derive(Clone, Debug, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// One statement: what a `;` terminates.
#[derive(Clone, Debug, PartialEq)]
pub enum Statement {
    Query(Query),
    /// `EXPLAIN <query>`: show the plan, run nothing.
    Explain(Query),
    /// `PROFILE <query>`: run and report rows per operator.
    Profile(Query),
    /// `CREATE INDEX [name] [IF NOT EXISTS] FOR (n:Label) ON (n.key, ...)` and the older
    /// `CREATE INDEX ON :Label(key)`.
    CreateIndex(IndexDef),
    /// `DROP INDEX ON :Label(key)` or `DROP INDEX name [IF EXISTS]`.
    DropIndex(DropIndex),
    /// `CREATE CONSTRAINT [name] [IF NOT EXISTS] FOR (n:Label) REQUIRE n.key IS UNIQUE`
    /// (and `REQUIRE (n.key) IS UNIQUE`, `ASSERT n.key IS UNIQUE`).
    CreateConstraint(ConstraintDef),
}

/// What `SHOW ...` lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Show {
    /// `SHOW INDEXES`
    Indexes,
    /// `SHOW CONSTRAINTS`
    Constraints,
}

#[derive(Clone, Debug, PartialEq)]
pub struct IndexDef {
    pub name: Option<Ident>,
    pub if_not_exists: bool,
    pub label: Ident,
    pub keys: Vec<Ident>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum DropIndex {
    ByName { name: Ident, if_exists: bool },
    BySchema { label: Ident, keys: Vec<Ident> },
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConstraintDef {
    pub name: Option<Ident>,
    pub if_not_exists: bool,
    pub label: Ident,
    pub keys: Vec<Ident>,
    pub span: Span,
}

/// `single_query (UNION [ALL] single_query)*`.
#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    pub first: SingleQuery,
    pub unions: Vec<Union>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Union {
    pub all: bool,
    pub query: SingleQuery,
    /// The span of the `UNION [ALL]` keywords.
    pub span: Span,
}

/// A sequence of clauses.
#[derive(Clone, Debug, PartialEq)]
pub struct SingleQuery {
    pub clauses: Vec<Clause>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Clause {
    Match(Match),
    Unwind(Unwind),
    With(With),
    Return(Return),
    Create(Create),
    Merge(Merge),
    Set(SetClause),
    Remove(Remove),
    Delete(Delete),
    Call(Call),
    /// `CALL { ... }` and its scoped, optional and batched forms.
    Subquery(SubqueryCall),
    /// `FOREACH (x IN list | clauses)`.
    Foreach(Foreach),
    /// `LOAD CSV ...`.
    LoadCsv(LoadCsv),
}

impl Clause {
    pub fn span(&self) -> Span {
        match self {
            Clause::Match(c) => c.span,
            Clause::Unwind(c) => c.span,
            Clause::With(c) => c.span,
            Clause::Return(c) => c.span,
            Clause::Create(c) => c.span,
            Clause::Merge(c) => c.span,
            Clause::Set(c) => c.span,
            Clause::Remove(c) => c.span,
            Clause::Delete(c) => c.span,
            Clause::Call(c) => c.span,
            Clause::Subquery(c) => c.span,
            Clause::Foreach(c) => c.span,
            Clause::LoadCsv(c) => c.span,
        }
    }
}

/// `[OPTIONAL] MATCH pattern [WHERE expr]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    pub optional: bool,
    pub pattern: Pattern,
    pub where_: Option<Expr>,
    pub span: Span,
}

/// `UNWIND expr AS var`.
#[derive(Clone, Debug, PartialEq)]
pub struct Unwind {
    pub expr: Expr,
    pub var: Ident,
    pub span: Span,
}

/// `WITH projection [WHERE expr]`.
#[derive(Clone, Debug, PartialEq)]
pub struct With {
    pub projection: Projection,
    pub where_: Option<Expr>,
    pub span: Span,
}

/// `RETURN projection`.
#[derive(Clone, Debug, PartialEq)]
pub struct Return {
    pub projection: Projection,
    pub span: Span,
}

/// The common body of WITH and RETURN:
/// `[DISTINCT] (* | item, ...) [ORDER BY ...] [SKIP expr] [LIMIT expr]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Projection {
    pub distinct: bool,
    /// `*` was written (possibly followed by more items: `RETURN *, n.x AS y`).
    pub star: bool,
    pub items: Vec<ProjectionItem>,
    pub order_by: Vec<SortItem>,
    pub skip: Option<Expr>,
    pub limit: Option<Expr>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProjectionItem {
    pub expr: Expr,
    pub alias: Option<Ident>,
    /// The exact source text of `expr` (spacing and case kept): the column name of an
    /// unaliased item.
    pub text: String,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SortItem {
    pub expr: Expr,
    pub descending: bool,
    pub span: Span,
}

/// `CREATE pattern`.
#[derive(Clone, Debug, PartialEq)]
pub struct Create {
    pub pattern: Pattern,
    pub span: Span,
}

/// `MERGE part [ON CREATE SET ...] [ON MATCH SET ...]` (any number of each, in order).
#[derive(Clone, Debug, PartialEq)]
pub struct Merge {
    pub part: PatternPart,
    pub actions: Vec<MergeAction>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MergeAction {
    pub on_create: bool,
    pub items: Vec<SetItem>,
    pub span: Span,
}

/// `SET item, ...`.
#[derive(Clone, Debug, PartialEq)]
pub struct SetClause {
    pub items: Vec<SetItem>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SetItem {
    /// `target.key = value`; `target` is any expression (usually a variable).
    Property { target: Expr, key: Ident, value: Expr, span: Span },
    /// `var = map` (replace all properties).
    Replace { var: Ident, value: Expr, span: Span },
    /// `var += map` (add or overwrite properties).
    Merge { var: Ident, value: Expr, span: Span },
    /// `var:Label:Other`.
    Labels { var: Ident, labels: Vec<Ident>, span: Span },
}

/// `REMOVE item, ...`.
#[derive(Clone, Debug, PartialEq)]
pub struct Remove {
    pub items: Vec<RemoveItem>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RemoveItem {
    /// `target.key`.
    Property { target: Expr, key: Ident, span: Span },
    /// `var:Label:Other`.
    Labels { var: Ident, labels: Vec<Ident>, span: Span },
}

/// `[DETACH] DELETE expr, ...`.
#[derive(Clone, Debug, PartialEq)]
pub struct Delete {
    pub detach: bool,
    pub exprs: Vec<Expr>,
    pub span: Span,
}

/// `CALL ns.name(args) [YIELD a [AS b], ... [WHERE expr]]`; `args` is `None` when the
/// parentheses are omitted (standalone call taking arguments from parameters).
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// Dotted name, e.g. `db.labels`.
    pub procedure: Ident,
    pub args: Option<Vec<Expr>>,
    /// `None`: no YIELD. `Some(items)` with `yield_star` false: those items.
    pub yields: Option<Vec<YieldItem>>,
    /// `YIELD *`.
    pub yield_star: bool,
    pub where_: Option<Expr>,
    pub span: Span,
}

/// `[OPTIONAL] CALL [(vars) | (*)] { query } [IN TRANSACTIONS ...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct SubqueryCall {
    pub optional: bool,
    /// `None`: no scope clause (variables come in through a leading `WITH`).
    pub scope: Option<ImportScope>,
    pub query: Box<Query>,
    pub in_transactions: Option<InTransactions>,
    pub span: Span,
}

/// The variables a scoped subquery imports.
#[derive(Clone, Debug, PartialEq)]
pub enum ImportScope {
    /// `CALL (*)`
    All,
    /// `CALL (a, b)`; `CALL ()` imports nothing.
    Vars(Vec<Ident>),
}

/// `IN TRANSACTIONS [OF n ROWS] [ON ERROR CONTINUE|BREAK|FAIL]`.
#[derive(Clone, Debug, PartialEq)]
pub struct InTransactions {
    pub rows: Option<Expr>,
    pub on_error: OnError,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnError {
    Continue,
    Break,
    Fail,
}

/// `FOREACH (var IN list | clauses)`.
#[derive(Clone, Debug, PartialEq)]
pub struct Foreach {
    pub var: Ident,
    pub list: Expr,
    pub clauses: Vec<Clause>,
    pub span: Span,
}

/// `LOAD CSV [WITH HEADERS] FROM url AS var [FIELDTERMINATOR sep]`.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadCsv {
    pub headers: bool,
    pub url: Expr,
    pub var: Ident,
    pub terminator: Option<(String, Span)>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct YieldItem {
    pub field: Ident,
    pub alias: Option<Ident>,
}

/// Comma-separated pattern parts.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    pub parts: Vec<PatternPart>,
    pub span: Span,
}

/// `[var =] [shortestPath(] element [)]`.
#[derive(Clone, Debug, PartialEq)]
pub struct PatternPart {
    pub var: Option<Ident>,
    pub kind: PathKind,
    pub element: PatternElement,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathKind {
    Normal,
    /// `shortestPath(...)` (implementation extension).
    Shortest,
    /// `allShortestPaths(...)` (implementation extension).
    AllShortest,
    /// A GQL path selector: `SHORTEST k [GROUPS]`, `ANY SHORTEST` (k = 1), `ALL SHORTEST`
    /// (k = 1, groups), `ANY k`: per pair of end nodes, the `k` shortest paths, or with
    /// `groups` all the paths of the `k` shortest lengths.
    Select {
        k: u64,
        groups: bool,
    },
}

/// A chain `(a)-[r]->(b)<-[s]-(c)...`. Redundant parentheses around a chain are dropped.
#[derive(Clone, Debug, PartialEq)]
pub struct PatternElement {
    pub start: NodePattern,
    pub chain: Vec<(RelPattern, NodePattern)>,
    pub span: Span,
}

/// `(var:Label:Other {props})` or `(var:Label $param)`.
#[derive(Clone, Debug, PartialEq)]
pub struct NodePattern {
    pub var: Option<Ident>,
    pub labels: Vec<Ident>,
    /// A label expression that is not a plain conjunction (`:A|B`, `:!A`); MATCH moves it
    /// into its WHERE.
    pub label_expr: Option<LabelExpr>,
    /// `(n WHERE predicate)`; MATCH moves it into its WHERE.
    pub where_: Option<Box<Expr>>,
    /// A map literal or a parameter.
    pub props: Option<Expr>,
    pub span: Span,
}

/// A label expression of a node pattern.
#[derive(Clone, Debug, PartialEq)]
pub enum LabelExpr {
    Label(Ident),
    /// `%`: any label.
    Any(Span),
    Not(Box<LabelExpr>),
    And(Vec<LabelExpr>),
    Or(Vec<LabelExpr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// `-[]->`
    Outgoing,
    /// `<-[]-`
    Incoming,
    /// `-[]-` (or `<-[]->`)
    Both,
}

/// `-[var:T1|T2 *min..max {props}]->`.
#[derive(Clone, Debug, PartialEq)]
pub struct RelPattern {
    pub var: Option<Ident>,
    pub types: Vec<Ident>,
    pub direction: Direction,
    /// `Some` when `*` was written.
    pub length: Option<RangeSpec>,
    pub props: Option<Expr>,
    /// `-[r WHERE predicate]->`; MATCH moves it into its WHERE.
    pub where_: Option<Box<Expr>>,
    pub span: Span,
}

/// `*` → both None; `*3` → min = max = 3; `*2..` → min 2; `*..4` → max 4; `*2..4`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RangeSpec {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Null,
    Bool(bool),
    Integer(i64),
    Float(f64),
    String(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    Not,
    Neg,
    Plus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    Or,
    Xor,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    In,
    StartsWith,
    EndsWith,
    Contains,
    /// `=~`
    Regex,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Quantifier {
    All,
    Any,
    None,
    Single,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Literal(Literal),
    /// `$name` or `$0`.
    Parameter(String),
    Variable(String),
    List(Vec<Expr>),
    /// `{key: expr, ...}` in written order.
    Map(Vec<(Ident, Expr)>),
    /// `expr.key`
    Property(Box<Expr>, Ident),
    /// `expr[index]`
    Index(Box<Expr>, Box<Expr>),
    /// `expr[from..to]`, either bound optional.
    Slice(Box<Expr>, Option<Box<Expr>>, Option<Box<Expr>>),
    Unary(UnaryOp, Box<Expr>),
    /// Chained comparisons `a < b < c` are desugared by the parser into
    /// `a < b AND b < c`.
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    /// `expr IS NULL` (negated: `IS NOT NULL`).
    IsNull {
        expr: Box<Expr>,
        negated: bool,
    },
    /// `expr IS [NOT] :: TYPE` (also `expr :: TYPE`).
    IsType {
        expr: Box<Expr>,
        ty: TypeSpec,
        negated: bool,
    },
    /// `expr:Label:Other` used as a predicate.
    HasLabels(Box<Expr>, Vec<Ident>),
    /// `name(args)`, `ns.name(args)`, `count(DISTINCT x)`. `name` keeps the written case and
    /// dots; lookup is case-insensitive.
    FunctionCall {
        name: Ident,
        distinct: bool,
        args: Vec<Expr>,
    },
    /// `count(*)`
    CountStar,
    /// `CASE [subject] WHEN a THEN b ... [ELSE c] END`
    Case {
        subject: Option<Box<Expr>>,
        whens: Vec<(Expr, Expr)>,
        else_: Option<Box<Expr>>,
    },
    /// `[var IN list WHERE filter | map]`
    ListComprehension {
        var: Ident,
        list: Box<Expr>,
        filter: Option<Box<Expr>>,
        map: Option<Box<Expr>>,
    },
    /// `all(var IN list WHERE pred)` and friends.
    Quantified {
        quantifier: Quantifier,
        var: Ident,
        list: Box<Expr>,
        filter: Option<Box<Expr>>,
    },
    /// `reduce(acc = init, var IN list | expr)`
    Reduce {
        acc: Ident,
        init: Box<Expr>,
        var: Ident,
        list: Box<Expr>,
        expr: Box<Expr>,
    },
    /// `[path = (a)-->(b) WHERE filter | map]`
    PatternComprehension {
        path_var: Option<Ident>,
        pattern: Box<PatternElement>,
        filter: Option<Box<Expr>>,
        map: Box<Expr>,
    },
    /// A relationship pattern used as a boolean, e.g. `WHERE (a)-[:KNOWS]->()`.
    PatternPredicate(Box<PatternElement>),
    /// `EXISTS { MATCH ... [WHERE ...] }` or `EXISTS { pattern [WHERE ...] }`.
    Exists(Box<ExistsSubquery>),
    /// `EXISTS { query }`, `COUNT { query }` (also `COUNT { pattern [WHERE ...] }`) and
    /// `COLLECT { query }`: a read-only subquery run for each row, seeing its variables.
    Subquery {
        kind: SubqueryKind,
        query: Box<Query>,
    },
    /// `shortestPath(...)` (or `allShortestPaths(...)`, a list) used as a value.
    ShortestPath {
        all: bool,
        element: Box<PatternElement>,
    },
    /// `var {.key, key: expr, other, .*}`
    MapProjection {
        var: Ident,
        items: Vec<MapProjectionItem>,
    },
}

/// A type of a type predicate (`IS :: LIST<INTEGER> NOT NULL`). Every type holds null
/// unless wrapped in `NotNull`.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeSpec {
    /// `ANY`, `ANY VALUE`
    Any,
    /// `NOTHING`
    Nothing,
    /// `NULL`
    Null,
    /// `PROPERTY VALUE`: a value a property can hold.
    PropertyValue,
    /// A type without parameters, by the name `valueType()` gives it: `INTEGER`,
    /// `LOCAL DATETIME`, `NODE`, ...
    Base(&'static str),
    /// `LIST<T>`
    List(Box<TypeSpec>),
    /// `A | B`, `ANY<A | B>`
    Union(Vec<TypeSpec>),
    /// `T NOT NULL`
    NotNull(Box<TypeSpec>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubqueryKind {
    /// Whether the body has a row.
    Exists,
    /// How many rows the body has.
    Count,
    /// The list of the values of the body's only column.
    Collect,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ExistsSubquery {
    pub pattern: Pattern,
    pub where_: Option<Expr>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum MapProjectionItem {
    /// `.key`
    Property(Ident),
    /// `key: expr`
    Literal(Ident, Expr),
    /// `other` (a variable, keyed by its name)
    Variable(Ident),
    /// `.*`
    AllProperties(Span),
}

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Self {
        Expr { kind, span }
    }

    /// Calls `f` on this expression and every sub-expression, outer first. Does not descend
    /// into patterns (their property maps are visited, their structure is not).
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Expr)) {
        f(self);
        match &self.kind {
            ExprKind::Literal(_) | ExprKind::Parameter(_) | ExprKind::Variable(_) | ExprKind::CountStar | ExprKind::Subquery { .. } => {}
            ExprKind::List(items) => items.iter().for_each(|e| e.walk(f)),
            ExprKind::Map(items) => items.iter().for_each(|(_, e)| e.walk(f)),
            ExprKind::Property(e, _) | ExprKind::HasLabels(e, _) => e.walk(f),
            ExprKind::IsNull { expr, .. } | ExprKind::IsType { expr, .. } => expr.walk(f),
            ExprKind::Unary(_, e) => e.walk(f),
            ExprKind::Index(a, b) | ExprKind::Binary(_, a, b) => {
                a.walk(f);
                b.walk(f);
            }
            ExprKind::Slice(a, b, c) => {
                a.walk(f);
                if let Some(b) = b {
                    b.walk(f);
                }
                if let Some(c) = c {
                    c.walk(f);
                }
            }
            ExprKind::FunctionCall { args, .. } => args.iter().for_each(|e| e.walk(f)),
            ExprKind::Case { subject, whens, else_ } => {
                if let Some(s) = subject {
                    s.walk(f);
                }
                for (w, t) in whens {
                    w.walk(f);
                    t.walk(f);
                }
                if let Some(e) = else_ {
                    e.walk(f);
                }
            }
            ExprKind::ListComprehension { list, filter, map, .. } => {
                list.walk(f);
                if let Some(x) = filter {
                    x.walk(f);
                }
                if let Some(x) = map {
                    x.walk(f);
                }
            }
            ExprKind::Quantified { list, filter, .. } => {
                list.walk(f);
                if let Some(x) = filter {
                    x.walk(f);
                }
            }
            ExprKind::Reduce { init, list, expr, .. } => {
                init.walk(f);
                list.walk(f);
                expr.walk(f);
            }
            ExprKind::PatternComprehension { pattern, filter, map, .. } => {
                pattern.walk_exprs(f);
                if let Some(x) = filter {
                    x.walk(f);
                }
                map.walk(f);
            }
            ExprKind::PatternPredicate(p) => p.walk_exprs(f),
            ExprKind::ShortestPath { element, .. } => element.walk_exprs(f),
            ExprKind::Exists(sub) => {
                for part in &sub.pattern.parts {
                    part.element.walk_exprs(f);
                }
                if let Some(w) = &sub.where_ {
                    w.walk(f);
                }
            }
            ExprKind::MapProjection { items, .. } => {
                for item in items {
                    if let MapProjectionItem::Literal(_, e) = item {
                        e.walk(f);
                    }
                }
            }
        }
    }
}

impl PatternElement {
    /// The node patterns in order.
    pub fn nodes(&self) -> impl Iterator<Item = &NodePattern> {
        std::iter::once(&self.start).chain(self.chain.iter().map(|(_, n)| n))
    }

    /// The relationship patterns in order.
    pub fn rels(&self) -> impl Iterator<Item = &RelPattern> {
        self.chain.iter().map(|(r, _)| r)
    }

    /// Visits the property-map expressions of every node and relationship pattern.
    pub fn walk_exprs<'a>(&'a self, f: &mut dyn FnMut(&'a Expr)) {
        for n in self.nodes() {
            if let Some(p) = &n.props {
                p.walk(f);
            }
        }
        for r in self.rels() {
            if let Some(p) = &r.props {
                p.walk(f);
            }
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Direction::Outgoing => "->",
            Direction::Incoming => "<-",
            Direction::Both => "--",
        })
    }
}
