//! Compiling expressions: names to slots and symbols, parameters to values, aggregate calls
//! to slots filled by the aggregation stage, sub-patterns to match plans. Errors that can be
//! seen without running (unknown variables and functions, misplaced aggregates, operands of
//! the wrong literal type) are reported here with their span.

use std::sync::Arc;

use super::build::Planner;
use super::scope::{Scope, Var, VarKind};
use super::{AggCall, AggFunc, CExpr, MapProjItem};
use crate::error::{Category, PlanError};
use crate::exec::functions;
use crate::syntax::ast::{BinaryOp, Expr, ExprKind, Literal, MapProjectionItem, UnaryOp};
use crate::value::{Map, Value, ValueType};

/// Whether `name` (any case) is an aggregate function.
pub fn is_aggregate_name(name: &str) -> bool {
    agg_func(name).is_some()
}

fn agg_func(name: &str) -> Option<AggFunc> {
    Some(match name.to_ascii_lowercase().as_str() {
        "count" => AggFunc::Count,
        "sum" => AggFunc::Sum,
        "avg" => AggFunc::Avg,
        "min" => AggFunc::Min,
        "max" => AggFunc::Max,
        "collect" => AggFunc::Collect,
        "stdev" => AggFunc::StDev,
        "stdevp" => AggFunc::StDevP,
        "percentiledisc" => AggFunc::PercentileDisc,
        "percentilecont" => AggFunc::PercentileCont,
        _ => return None,
    })
}

/// Whether the expression contains an aggregate call (outside sub-queries).
pub fn contains_aggregate(e: &Expr) -> bool {
    let mut found = false;
    e.walk(&mut |x| match &x.kind {
        ExprKind::CountStar => found = true,
        ExprKind::FunctionCall { name, .. } if is_aggregate_name(&name.name) => found = true,
        _ => {}
    });
    found
}

/// The type of a literal expression, when it is one (used for compile-time type errors).
pub(super) fn literal_type(e: &Expr) -> Option<ValueType> {
    match &e.kind {
        ExprKind::Literal(Literal::Null) => Some(ValueType::Null),
        ExprKind::Literal(Literal::Bool(_)) => Some(ValueType::Boolean),
        ExprKind::Literal(Literal::Integer(_)) => Some(ValueType::Integer),
        ExprKind::Literal(Literal::Float(_)) => Some(ValueType::Float),
        ExprKind::Literal(Literal::String(_)) => Some(ValueType::String),
        ExprKind::List(_) | ExprKind::ListComprehension { .. } => Some(ValueType::List),
        ExprKind::Map(_) => Some(ValueType::Map),
        _ => None,
    }
}

/// The type an expression is known to have before running: that of a literal, or of a
/// variable bound to one.
fn static_type(e: &Expr, scope: &Scope) -> Option<ValueType> {
    match &e.kind {
        ExprKind::Variable(v) => match scope.get(v)?.kind {
            VarKind::NotGraph(t) => Some(t),
            _ => None,
        },
        _ => literal_type(e),
    }
}

fn literal_value(l: &Literal) -> Value {
    match l {
        Literal::Null => Value::Null,
        Literal::Bool(b) => Value::Bool(*b),
        Literal::Integer(i) => Value::Int(*i),
        Literal::Float(f) => Value::Float(*f),
        Literal::String(s) => Value::str(s),
    }
}

impl Planner<'_> {
    /// Compiles `e` in `scope`. Aggregates are allowed only while an aggregate sink is open
    /// (projection items); elsewhere they are an `InvalidAggregation` error.
    pub(super) fn expr(&mut self, e: &Expr, scope: &Scope) -> Result<CExpr, PlanError> {
        let span = e.span;
        if self.aggs.is_some()
            && !matches!(e.kind, ExprKind::Variable(_))
            && let Some((_, slot)) = self.group_keys.iter().find(|(k, _)| super::build::same_expr(k, e))
        {
            return Ok(CExpr::Slot(*slot));
        }
        Ok(match &e.kind {
            ExprKind::Literal(l) => CExpr::Const(literal_value(l)),
            ExprKind::Parameter(name) => match self.params.get(name) {
                Some(v) => CExpr::Const(v.clone()),
                None => {
                    return Err(PlanError {
                        category: Category::ParameterMissing,
                        code: "MissingParameter",
                        message: format!("parameter ${name} was not given"),
                        span,
                    });
                }
            },
            ExprKind::Variable(name) => match scope.get(name) {
                Some(v) => CExpr::Slot(v.slot),
                None => return Err(self.undefined(name, span, scope)),
            },
            ExprKind::List(items) => {
                let items = items.iter().map(|x| self.expr(x, scope)).collect::<Result<Vec<_>, _>>()?;
                if items.iter().all(|x| matches!(x, CExpr::Const(_))) {
                    CExpr::Const(Value::list(items.into_iter().map(|x| if let CExpr::Const(v) = x { v } else { Value::Null }).collect()))
                } else {
                    CExpr::List(items)
                }
            }
            ExprKind::Map(entries) => {
                let mut out = Vec::with_capacity(entries.len());
                for (k, v) in entries {
                    out.push((Arc::from(k.name.as_str()), self.expr(v, scope)?));
                }
                if out.iter().all(|(_, x)| matches!(x, CExpr::Const(_))) {
                    let mut m = Map::new();
                    for (k, x) in out {
                        if let CExpr::Const(v) = x {
                            m.insert(k, v);
                        }
                    }
                    CExpr::Const(Value::map(m))
                } else {
                    CExpr::Map(out)
                }
            }
            ExprKind::Property(base, key) => {
                if let Some(t) = static_type(base, scope).filter(|t| !matches!(t, ValueType::Map | ValueType::Null)) {
                    return Err(PlanError {
                        category: Category::TypeError,
                        code: "InvalidArgumentType",
                        message: format!("cannot read property `{}` of {t}; only maps, nodes and relationships have properties", key.name),
                        span: base.span,
                    });
                }
                let b = self.expr(base, scope)?;
                let sym = self.graph.intern(&key.name);
                CExpr::Prop(Box::new(b), Arc::from(key.name.as_str()), sym)
            }
            ExprKind::Index(a, b) => {
                if let (Some(t), ExprKind::Map(_)) = (literal_type(b), &a.kind)
                    && t != ValueType::String
                    && t != ValueType::Null
                {
                    return Err(PlanError::syntax(
                        "InvalidArgumentType",
                        format!("a map can only be indexed by a string, not by {t}"),
                        b.span,
                    ));
                }
                CExpr::Spanned(Box::new(CExpr::Index(Box::new(self.expr(a, scope)?), Box::new(self.expr(b, scope)?))), span)
            }
            ExprKind::Slice(a, from, to) => {
                let a = self.expr(a, scope)?;
                let from = from.as_ref().map(|x| self.expr(x, scope)).transpose()?.map(Box::new);
                let to = to.as_ref().map(|x| self.expr(x, scope)).transpose()?.map(Box::new);
                CExpr::Spanned(Box::new(CExpr::Slice(Box::new(a), from, to)), span)
            }
            ExprKind::Unary(op, x) => {
                if *op == UnaryOp::Not {
                    self.check_boolean_operand(x)?;
                }
                let inner = self.expr(x, scope)?;
                CExpr::Spanned(Box::new(CExpr::Unary(*op, Box::new(inner))), span)
            }
            ExprKind::Binary(op, a, b) => {
                if matches!(op, BinaryOp::And | BinaryOp::Or | BinaryOp::Xor) {
                    self.check_boolean_operand(a)?;
                    self.check_boolean_operand(b)?;
                }
                if *op == BinaryOp::In
                    && let Some(t) = static_type(b, scope).filter(|t| !matches!(t, ValueType::List | ValueType::Null))
                {
                    return Err(PlanError::syntax(
                        "InvalidArgumentType",
                        format!("the right-hand side of IN must be a list, not {t}"),
                        b.span,
                    ));
                }
                let a = self.expr(a, scope)?;
                let b = self.expr(b, scope)?;
                CExpr::Spanned(Box::new(CExpr::Binary(*op, Box::new(a), Box::new(b))), span)
            }
            ExprKind::IsNull { expr, negated } => CExpr::IsNull(Box::new(self.expr(expr, scope)?), *negated),
            ExprKind::IsType { expr, ty, negated } => CExpr::IsType(Box::new(self.expr(expr, scope)?), Arc::new(ty.clone()), *negated),
            ExprKind::HasLabels(x, labels) => {
                let syms = labels.iter().map(|l| self.graph.intern(&l.name)).collect();
                CExpr::HasLabels(Box::new(self.expr(x, scope)?), syms)
            }
            ExprKind::CountStar => self.aggregate(AggFunc::CountStar, false, &[], span, scope)?,
            ExprKind::FunctionCall { name, distinct, args } => {
                if let Some(f) = agg_func(&name.name) {
                    return self.aggregate(f, *distinct, args, span, scope);
                }
                let lower = name.name.to_ascii_lowercase();
                if args.is_empty() && (lower == "linenumber" || lower == "file") {
                    return Ok(CExpr::CsvPosition(lower == "file"));
                }
                // `normalize(s, NFKC)`: the form is written as a bare word
                if lower == "normalize"
                    && let [s, form] = args.as_slice()
                    && let ExprKind::Variable(v) = &form.kind
                    && !scope.contains(v)
                    && ["NFC", "NFD", "NFKC", "NFKD"].iter().any(|f| f.eq_ignore_ascii_case(v))
                {
                    let form = Expr::new(ExprKind::Literal(Literal::String(v.to_ascii_uppercase())), form.span);
                    let call = ExprKind::FunctionCall { name: name.clone(), distinct: false, args: vec![s.clone(), form] };
                    return self.expr(&Expr::new(call, span), scope);
                }
                if lower == "exists" && args.len() == 1 {
                    // exists(n.prop) is the old spelling of `n.prop IS NOT NULL`; exists(pattern)
                    // asks whether the pattern matches.
                    return match &args[0].kind {
                        ExprKind::PatternPredicate(_) => self.expr(&args[0], scope),
                        _ => Ok(CExpr::IsNull(Box::new(self.expr(&args[0], scope)?), true)),
                    };
                }
                let Some(info) = functions::lookup(&name.name) else {
                    let hint = functions::suggest(&name.name).map(|s| format!("; did you mean {s}?")).unwrap_or_default();
                    return Err(PlanError::syntax("UnknownFunction", format!("unknown function '{}'{hint}", name.name), name.span));
                };
                if args.len() < info.min_args || args.len() > info.max_args {
                    return Err(PlanError::syntax(
                        "InvalidNumberOfArguments",
                        format!("{} takes {} argument(s), {} given", info.name, arity_text(info.min_args, info.max_args), args.len()),
                        span,
                    ));
                }
                let args = args.iter().map(|x| self.expr(x, scope)).collect::<Result<Vec<_>, _>>()?;
                CExpr::Spanned(Box::new(CExpr::Call(info, args)), span)
            }
            ExprKind::Case { subject, whens, else_ } => {
                let subject = subject.as_ref().map(|x| self.expr(x, scope)).transpose()?.map(Box::new);
                let mut ws = Vec::with_capacity(whens.len());
                for (w, t) in whens {
                    ws.push((self.expr(w, scope)?, self.expr(t, scope)?));
                }
                let else_ = else_.as_ref().map(|x| self.expr(x, scope)).transpose()?.map(Box::new);
                CExpr::Case { subject, whens: ws, else_ }
            }
            ExprKind::ListComprehension { var, list, filter, map } => {
                let list = Box::new(self.expr(list, scope)?);
                let (inner, slot) = self.local_scope(scope, &var.name);
                let filter = filter.as_ref().map(|x| self.no_agg(|p| p.expr(x, &inner))).transpose()?.map(Box::new);
                let map = map.as_ref().map(|x| self.expr(x, &inner)).transpose()?.map(Box::new);
                CExpr::ListComp { slot, list, filter, map }
            }
            ExprKind::Quantified { quantifier, var, list, filter } => {
                let list = Box::new(self.expr(list, scope)?);
                let (inner, slot) = self.local_scope(scope, &var.name);
                let filter = match filter {
                    Some(x) => self.no_agg(|p| p.expr(x, &inner))?,
                    None => CExpr::Const(Value::Bool(true)),
                };
                CExpr::Quantified { quantifier: *quantifier, slot, list, filter: Box::new(filter) }
            }
            ExprKind::Reduce { acc, init, var, list, expr } => {
                let init = Box::new(self.expr(init, scope)?);
                let list = Box::new(self.expr(list, scope)?);
                let (inner, acc_slot) = self.local_scope(scope, &acc.name);
                let (inner, slot) = self.local_scope(&inner, &var.name);
                let body = Box::new(self.no_agg(|p| p.expr(expr, &inner))?);
                CExpr::Reduce { acc: acc_slot, init, slot, list, expr: body }
            }
            ExprKind::PatternComprehension { path_var, pattern, filter, map } => {
                let (matcher, inner) = self.sub_pattern(pattern, path_var.as_ref(), filter.as_deref(), scope)?;
                let map = self.no_agg(|p| p.expr(map, &inner))?;
                CExpr::PatternComp { matcher: Box::new(matcher), map: Box::new(map) }
            }
            ExprKind::PatternPredicate(pattern) => {
                // A pattern used as a predicate may only refer to variables already bound.
                let named = pattern.nodes().filter_map(|n| n.var.as_ref()).chain(pattern.rels().filter_map(|r| r.var.as_ref()));
                for v in named {
                    if !scope.contains(&v.name) {
                        return Err(self.undefined(&v.name, v.span, scope));
                    }
                }
                let (matcher, _) = self.sub_pattern(pattern, None, None, scope)?;
                CExpr::Exists(Box::new(matcher))
            }
            ExprKind::Exists(sub) => {
                let matcher = self.exists_subquery(sub, scope)?;
                CExpr::Exists(Box::new(matcher))
            }
            ExprKind::ShortestPath { all, element } => self.shortest_path_value(*all, element, scope, e.span)?,
            ExprKind::Subquery { kind, query } => CExpr::Subquery(Box::new(self.expr_subquery(*kind, query, scope, e.span)?)),
            ExprKind::MapProjection { var, items } => {
                let Some(v) = scope.get(&var.name) else {
                    return Err(self.undefined(&var.name, var.span, scope));
                };
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(match item {
                        MapProjectionItem::Property(k) => MapProjItem::Property(Arc::from(k.name.as_str()), self.graph.intern(&k.name)),
                        MapProjectionItem::Literal(k, x) => MapProjItem::Entry(Arc::from(k.name.as_str()), self.expr(x, scope)?),
                        MapProjectionItem::Variable(name) => {
                            let Some(w) = scope.get(&name.name) else {
                                return Err(self.undefined(&name.name, name.span, scope));
                            };
                            MapProjItem::Entry(Arc::from(name.name.as_str()), CExpr::Slot(w.slot))
                        }
                        MapProjectionItem::AllProperties(_) => MapProjItem::AllProperties,
                    });
                }
                CExpr::MapProjection { base: Box::new(CExpr::Slot(v.slot)), items: out }
            }
        })
    }

    /// A literal operand of a boolean operator must be a boolean (or null).
    fn check_boolean_operand(&self, e: &Expr) -> Result<(), PlanError> {
        match literal_type(e) {
            Some(t) if t != ValueType::Boolean && t != ValueType::Null => {
                Err(PlanError::syntax("InvalidArgumentType", format!("a boolean operator needs boolean operands, not {t}"), e.span))
            }
            _ => Ok(()),
        }
    }

    fn aggregate(
        &mut self,
        func: AggFunc,
        distinct: bool,
        args: &[Expr],
        span: crate::syntax::ast::Span,
        scope: &Scope,
    ) -> Result<CExpr, PlanError> {
        if self.aggs.is_none() {
            return Err(PlanError::syntax("InvalidAggregation", "aggregate functions are allowed only in RETURN and WITH items", span));
        }
        if args.iter().any(contains_aggregate) {
            return Err(PlanError::syntax("NestedAggregation", "an aggregate function cannot be used inside another", span));
        }
        let expected = match func {
            AggFunc::CountStar => 0,
            AggFunc::PercentileDisc | AggFunc::PercentileCont => 2,
            _ => 1,
        };
        if args.len() != expected {
            return Err(PlanError::syntax(
                "InvalidNumberOfArguments",
                format!("this aggregate takes {expected} argument(s), {} given", args.len()),
                span,
            ));
        }
        let input_scope = self.agg_scope.clone();
        let arg_scope = input_scope.as_ref().unwrap_or(scope);
        let args = self.no_agg(|p| args.iter().map(|x| p.expr(x, arg_scope)).collect::<Result<Vec<_>, _>>())?;
        let slot = self.new_slot();
        if let Some(aggs) = &mut self.aggs {
            aggs.push(AggCall { func, distinct, args, slot });
        }
        Ok(CExpr::Slot(slot))
    }

    /// Runs `f` with aggregates forbidden.
    pub(super) fn no_agg<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T, PlanError>) -> Result<T, PlanError> {
        let saved = self.aggs.take();
        let r = f(self);
        self.aggs = saved;
        r
    }

    /// A copy of `scope` with `name` bound to a fresh slot.
    fn local_scope(&mut self, scope: &Scope, name: &str) -> (Scope, usize) {
        let slot = self.new_slot();
        let mut inner = scope.clone();
        inner.insert(name, Var { slot, kind: VarKind::Value });
        (inner, slot)
    }

    pub(super) fn undefined(&self, name: &str, span: crate::syntax::ast::Span, scope: &Scope) -> PlanError {
        let hint = crate::suggest::closest(name, scope.names()).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
        PlanError::syntax("UndefinedVariable", format!("variable `{name}` is not defined{hint}"), span)
    }
}

fn arity_text(min: usize, max: usize) -> String {
    if min == max {
        min.to_string()
    } else if max == usize::MAX {
        format!("at least {min}")
    } else {
        format!("{min} to {max}")
    }
}
