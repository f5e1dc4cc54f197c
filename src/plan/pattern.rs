//! Planning patterns: declaring their variables, choosing where to start each pattern part
//! (a bound node, an index seek, the smallest label, or every node), walking its chain in
//! both directions from there, and placing each predicate right after the step that binds
//! the last variable it needs.

use super::build::{Planner, already_bound};
use super::scope::{Scope, Var, VarKind};
use super::{CExpr, CreateNode, CreatePart, CreateRel, Hop, MatchPlan, MatchStep, NodeCheck, PathStep, PropCheck, SetOp, Write};
use crate::error::PlanError;
use crate::store::{Dir, Sym};
use crate::syntax::ast::{
    self, BinaryOp, Direction, Expr, ExprKind, NodePattern, PathKind, Pattern, PatternElement, PatternPart, RelPattern,
};

/// Fixed property keys with their expressions, and an optional whole-map expression.
type CreateProps = (Vec<(Sym, CExpr)>, Option<CExpr>);

/// A pattern part with its variables resolved to slots.
struct PartSlots {
    nodes: Vec<usize>,
    rels: Vec<usize>,
    path: Option<usize>,
}

/// A predicate waiting for its variables.
struct Pending {
    expr: CExpr,
    needs: Vec<usize>,
    placed: bool,
}

impl Planner<'_> {
    /// Plans `MATCH pattern WHERE pred`, adding the pattern's variables to `scope`.
    pub(super) fn match_clause(&mut self, pattern: &Pattern, where_: Option<&Expr>, scope: &mut Scope) -> Result<MatchPlan, PlanError> {
        let outer: Vec<usize> = scope.iter().map(|(_, v)| v.slot).collect();
        let parts = self.declare_pattern(pattern, scope)?;
        let mut pending = Vec::new();
        if let Some(w) = where_ {
            for c in conjuncts(w) {
                let expr = self.expr(c, scope)?;
                pending.push(Pending { needs: slots_used(&expr), expr, placed: false });
            }
        }
        let mut index_hints = Vec::new();
        if let Some(w) = where_ {
            for c in conjuncts(w) {
                if let Some(h) = self.equality_hint(c, scope) {
                    index_hints.push(h);
                }
            }
        }
        self.plan_parts(&pattern.parts, &parts, outer, pending, &index_hints, scope)
    }

    /// Assigns slots to the variables of every part, checking kinds and re-declarations.
    fn declare_pattern(&mut self, pattern: &Pattern, scope: &mut Scope) -> Result<Vec<PartSlots>, PlanError> {
        let mut out = Vec::new();
        let mut rels_here: Vec<String> = Vec::new();
        for part in &pattern.parts {
            if let Some(p) = &part.var
                && scope.contains(&p.name)
            {
                return Err(already_bound(p));
            }
            if let Some(r) = part.element.rels().find(|r| r.where_.is_some()) {
                return Err(label_expr_here(r.span));
            }
            let mut nodes = Vec::new();
            let mut rels = Vec::new();
            for n in part.element.nodes() {
                nodes.push(self.declare(n.var.as_ref(), VarKind::Node, scope)?);
            }
            for r in part.element.rels() {
                let kind = if r.length.is_some() { VarKind::RelList } else { VarKind::Rel };
                if let Some(v) = &r.var {
                    if rels_here.contains(&v.name) {
                        return Err(PlanError::syntax(
                            "RelationshipUniquenessViolation",
                            format!("relationship variable `{}` is used twice in one pattern", v.name),
                            v.span,
                        ));
                    }
                    rels_here.push(v.name.clone());
                }
                rels.push(self.declare(r.var.as_ref(), kind, scope)?);
            }
            let path = match &part.var {
                Some(p) => {
                    if scope.contains(&p.name) {
                        return Err(already_bound(p));
                    }
                    let slot = self.new_slot();
                    scope.insert(&p.name, Var { slot, kind: VarKind::Path });
                    Some(slot)
                }
                None => None,
            };
            out.push(PartSlots { nodes, rels, path });
        }
        Ok(out)
    }

    /// The slot of a pattern variable: its existing one (kinds must agree), a new one, or a
    /// fresh anonymous one.
    fn declare(&mut self, var: Option<&ast::Ident>, kind: VarKind, scope: &mut Scope) -> Result<usize, PlanError> {
        let Some(id) = var else { return Ok(self.new_slot()) };
        match scope.get(&id.name) {
            Some(v) if v.kind == kind || (v.kind == VarKind::Value && matches!(kind, VarKind::Node | VarKind::RelList)) => Ok(v.slot),
            Some(v) => Err(PlanError::syntax(
                "VariableTypeConflict",
                format!("variable `{}` is {}, it cannot be used as {}", id.name, v.kind.describe(), kind.describe()),
                id.span,
            )),
            None => {
                let slot = self.new_slot();
                scope.insert(&id.name, Var { slot, kind });
                Ok(slot)
            }
        }
    }

    /// `n.key = expr` (or reversed) where `expr` does not use `n`: a candidate index seek.
    fn equality_hint(&mut self, e: &Expr, scope: &Scope) -> Option<(usize, Sym, CExpr)> {
        let ExprKind::Binary(BinaryOp::Eq, a, b) = &e.kind else { return None };
        for (lhs, rhs) in [(a, b), (b, a)] {
            if let ExprKind::Property(base, key) = &lhs.kind
                && let ExprKind::Variable(v) = &base.kind
            {
                let var = scope.get(v)?;
                let value = self.expr(rhs, scope).ok()?;
                if slots_used(&value).contains(&var.slot) {
                    continue;
                }
                let key = self.graph.intern(&key.name);
                return Some((var.slot, key, value));
            }
        }
        None
    }

    fn plan_parts(
        &mut self,
        parts: &[PatternPart],
        slots: &[PartSlots],
        outer: Vec<usize>,
        mut pending: Vec<Pending>,
        hints: &[(usize, Sym, CExpr)],
        scope: &Scope,
    ) -> Result<MatchPlan, PlanError> {
        let mut bound: Vec<usize> = outer.clone();
        let mut steps = Vec::new();
        let mut rels_in_clause: Vec<usize> = Vec::new();
        let mut done = vec![false; parts.len()];
        for _ in 0..parts.len() {
            // Next part: one touching what is bound, else the first left (in order when not
            // optimizing).
            let next = if self.optimize {
                (0..parts.len())
                    .find(|&i| !done[i] && slots[i].nodes.iter().any(|s| bound.contains(s)))
                    .or_else(|| (0..parts.len()).filter(|&i| !done[i]).min_by_key(|&i| self.part_cost(&parts[i], &slots[i], hints)))
            } else {
                (0..parts.len()).find(|&i| !done[i])
            };
            let Some(i) = next else { break };
            done[i] = true;
            self.plan_part(&parts[i], &slots[i], &mut bound, &mut steps, &mut rels_in_clause, &mut pending, hints, scope)?;
        }
        for p in pending.iter_mut().filter(|p| !p.placed) {
            p.placed = true;
            steps.push(MatchStep::Filter(p.expr.clone()));
        }
        let binds = bound.into_iter().filter(|s| !outer.contains(s)).collect();
        Ok(MatchPlan { steps, binds })
    }

    #[allow(clippy::too_many_arguments)]
    fn plan_part(
        &mut self,
        part: &PatternPart,
        ps: &PartSlots,
        bound: &mut Vec<usize>,
        steps: &mut Vec<MatchStep>,
        rels_in_clause: &mut Vec<usize>,
        pending: &mut [Pending],
        hints: &[(usize, Sym, CExpr)],
        scope: &Scope,
    ) -> Result<(), PlanError> {
        let el = &part.element;
        let node_pats: Vec<&NodePattern> = el.nodes().collect();
        let rel_pats: Vec<&RelPattern> = el.rels().collect();
        let mut checks = Vec::with_capacity(node_pats.len());
        for n in &node_pats {
            checks.push(self.node_check(n, scope)?);
        }

        if part.kind != PathKind::Normal {
            return self.plan_shortest(part, ps, &checks, bound, steps, pending, scope);
        }

        // Anchor: a bound node, else the cheapest start.
        let anchor = match ps.nodes.iter().position(|s| bound.contains(s)) {
            Some(i) => i,
            None if self.optimize => self.cheapest_anchor(&ps.nodes, &checks, hints),
            None => 0,
        };
        let first = self.start_step(ps.nodes[anchor], checks[anchor].clone(), bound, hints);
        steps.push(first);
        if !bound.contains(&ps.nodes[anchor]) {
            bound.push(ps.nodes[anchor]);
        }
        self.place(steps, pending, bound);

        // Walk right from the anchor, then left.
        let order: Vec<(usize, bool)> = (anchor..rel_pats.len()).map(|i| (i, true)).chain((0..anchor).rev().map(|i| (i, false))).collect();
        for (ri, rightward) in order {
            let r = rel_pats[ri];
            let (from, to) = if rightward { (ps.nodes[ri], ps.nodes[ri + 1]) } else { (ps.nodes[ri + 1], ps.nodes[ri]) };
            let to_idx = if rightward { ri + 1 } else { ri };
            let written = match r.direction {
                Direction::Outgoing => Dir::Out,
                Direction::Incoming => Dir::In,
                Direction::Both => Dir::Both,
            };
            let dir = match (written, rightward) {
                (Dir::Out, false) => Dir::In,
                (Dir::In, false) => Dir::Out,
                (d, _) => d,
            };
            let (props, prop_map) = self.prop_checks(r.props.as_ref(), scope)?;
            let types = r.types.iter().map(|t| self.graph.intern(&t.name)).collect();
            let rel_slot = ps.rels[ri];
            let rel_bound = bound.contains(&rel_slot);
            let var_len = r.length.map(|l| (l.min.unwrap_or(1), l.max));
            let hop = Hop {
                from,
                to,
                rel: rel_slot,
                dir,
                types,
                props,
                prop_map,
                var_len,
                to_bound: bound.contains(&to),
                to_check: checks[to_idx].clone(),
                distinct_from: rels_in_clause.clone(),
                reversed: !rightward,
                labels_known: false,
            };
            if rel_bound {
                // A relationship bound by an earlier clause: expand and keep only it.
                let fresh = self.new_slot();
                let mut hop = hop;
                hop.rel = fresh;
                steps.push(MatchStep::Expand(hop));
                let same = CExpr::Binary(BinaryOp::Eq, Box::new(CExpr::Slot(fresh)), Box::new(CExpr::Slot(rel_slot)));
                steps.push(MatchStep::Filter(same));
                rels_in_clause.push(fresh);
            } else {
                steps.push(MatchStep::Expand(hop));
                rels_in_clause.push(rel_slot);
                bound.push(rel_slot);
            }
            if !bound.contains(&to) {
                bound.push(to);
            }
            self.place(steps, pending, bound);
        }
        if let Some(p) = ps.path {
            steps.push(MatchStep::BindPath { slot: p, start: ps.nodes[0], steps: path_steps(ps, &rel_pats) });
            bound.push(p);
            self.place(steps, pending, bound);
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn plan_shortest(
        &mut self,
        part: &PatternPart,
        ps: &PartSlots,
        checks: &[NodeCheck],
        bound: &mut Vec<usize>,
        steps: &mut Vec<MatchStep>,
        pending: &mut [Pending],
        scope: &Scope,
    ) -> Result<(), PlanError> {
        let rels: Vec<&RelPattern> = part.element.rels().collect();
        if rels.len() != 1 {
            return Err(PlanError::syntax("InvalidShortestPath", "shortestPath needs a pattern with exactly one relationship", part.span));
        }
        let r = rels[0];
        for (i, &slot) in [ps.nodes[0], ps.nodes[1]].iter().enumerate() {
            if !bound.contains(&slot) {
                steps.push(self.start_step(slot, checks[i].clone(), bound, &[]));
                bound.push(slot);
            } else if !checks[i].is_empty() {
                steps.push(MatchStep::Bound { slot, check: checks[i].clone() });
            }
        }
        self.place(steps, pending, bound);
        let dir = match r.direction {
            Direction::Outgoing => Dir::Out,
            Direction::Incoming => Dir::In,
            Direction::Both => Dir::Both,
        };
        let (props, prop_map) = self.prop_checks(r.props.as_ref(), scope)?;
        let types = r.types.iter().map(|t| self.graph.intern(&t.name)).collect();
        let var_len = r.length.map(|l| (l.min.unwrap_or(1), l.max)).unwrap_or((1, Some(1)));
        let path = ps.path.unwrap_or_else(|| self.new_slot());
        let hop = Hop {
            from: ps.nodes[0],
            to: ps.nodes[1],
            rel: ps.rels[0],
            dir,
            types,
            props,
            prop_map,
            var_len: Some(var_len),
            to_bound: true,
            to_check: NodeCheck::default(),
            distinct_from: Vec::new(),
            reversed: false,
            labels_known: false,
        };
        steps.push(MatchStep::Shortest { hop, path, all: part.kind == PathKind::AllShortest });
        bound.push(ps.rels[0]);
        bound.push(path);
        self.place(steps, pending, bound);
        Ok(())
    }

    /// The estimated number of start nodes of a part (its cheapest anchor).
    fn part_cost(&mut self, part: &PatternPart, ps: &PartSlots, hints: &[(usize, Sym, CExpr)]) -> usize {
        let mut checks = Vec::new();
        for n in part.element.nodes() {
            let labels = n.labels.iter().map(|l| self.graph.intern(&l.name)).collect();
            let props = match n.props.as_ref().map(|p| &p.kind) {
                Some(ExprKind::Map(entries)) => entries
                    .iter()
                    .filter(|(_, v)| matches!(v.kind, ExprKind::Literal(_) | ExprKind::Parameter(_)))
                    .map(|(k, _)| PropCheck { key: self.graph.intern(&k.name), value: CExpr::Const(crate::value::Value::Null) })
                    .collect(),
                _ => Vec::new(),
            };
            checks.push(NodeCheck { labels, props, prop_map: None });
        }
        let i = self.cheapest_anchor(&ps.nodes, &checks, hints);
        self.anchor_cost(&ps.nodes, &checks, hints, i)
    }

    /// Adds every pending predicate whose variables are now all bound (when optimizing;
    /// otherwise predicates wait for the end of the pattern).
    fn place(&self, steps: &mut Vec<MatchStep>, pending: &mut [Pending], bound: &[usize]) {
        if !self.optimize {
            return;
        }
        for p in pending.iter_mut().filter(|p| !p.placed) {
            if p.needs.iter().all(|s| bound.contains(s)) {
                p.placed = true;
                steps.push(MatchStep::Filter(p.expr.clone()));
            }
        }
    }

    /// The step that binds the first node of a part.
    fn start_step(&mut self, slot: usize, check: NodeCheck, bound: &[usize], hints: &[(usize, Sym, CExpr)]) -> MatchStep {
        if bound.contains(&slot) {
            return MatchStep::Bound { slot, check };
        }
        if self.optimize {
            // An index seek on an inline property or a WHERE equality.
            for &label in &check.labels {
                for p in &check.props {
                    if self.graph.has_index(label, p.key) && slots_used(&p.value).iter().all(|s| bound.contains(s)) {
                        return MatchStep::IndexSeek { slot, label, key: p.key, value: p.value.clone(), check };
                    }
                }
                for (s, key, value) in hints {
                    if *s == slot && self.graph.has_index(label, *key) && slots_used(value).iter().all(|x| bound.contains(x)) {
                        return MatchStep::IndexSeek { slot, label, key: *key, value: value.clone(), check };
                    }
                }
            }
            let label = check.labels.iter().copied().min_by_key(|l| self.graph.label_count(*l));
            return MatchStep::Scan { slot, check, label };
        }
        let label = check.labels.first().copied();
        MatchStep::Scan { slot, check, label }
    }

    /// Index of the node to start from: indexed equality first, then the smallest label.
    fn cheapest_anchor(&self, nodes: &[usize], checks: &[NodeCheck], hints: &[(usize, Sym, CExpr)]) -> usize {
        (0..nodes.len()).min_by_key(|&i| self.anchor_cost(nodes, checks, hints, i)).unwrap_or(0)
    }

    /// Estimated number of nodes a start at node `i` would scan.
    fn anchor_cost(&self, nodes: &[usize], checks: &[NodeCheck], hints: &[(usize, Sym, CExpr)], i: usize) -> usize {
        let c = &checks[i];
        for &l in &c.labels {
            if c.props.iter().any(|p| self.graph.has_index(l, p.key) && slots_used(&p.value).is_empty()) {
                return 1;
            }
            if hints.iter().any(|(s, k, v)| *s == nodes[i] && self.graph.has_index(l, *k) && slots_used(v).is_empty()) {
                return 1;
            }
        }
        c.labels.iter().map(|l| self.graph.label_count(*l)).min().map_or(self.graph.node_count() + 1, |n| n + 1)
    }

    fn node_check(&mut self, n: &NodePattern, scope: &Scope) -> Result<NodeCheck, PlanError> {
        if n.label_expr.is_some() || n.where_.is_some() {
            return Err(label_expr_here(n.span));
        }
        let labels = n.labels.iter().map(|l| self.graph.intern(&l.name)).collect();
        let (props, prop_map) = self.prop_checks(n.props.as_ref(), scope)?;
        Ok(NodeCheck { labels, props, prop_map })
    }

    /// Inline properties of a pattern: a map literal gives one check per key; a parameter
    /// gives a whole-map check.
    fn prop_checks(&mut self, props: Option<&Expr>, scope: &Scope) -> Result<(Vec<PropCheck>, Option<CExpr>), PlanError> {
        match props.map(|p| &p.kind) {
            None => Ok((Vec::new(), None)),
            Some(ExprKind::Map(entries)) => {
                let mut out = Vec::with_capacity(entries.len());
                for (k, v) in entries {
                    if super::expr::contains_aggregate(v) {
                        return Err(PlanError::syntax("InvalidAggregation", "aggregates are not allowed in pattern properties", v.span));
                    }
                    out.push(PropCheck { key: self.graph.intern(&k.name), value: self.expr(v, scope)? });
                }
                Ok((out, None))
            }
            Some(ExprKind::Parameter(_)) => {
                let p = props.map(|p| p.span).unwrap_or_default();
                Err(PlanError::syntax(
                    "InvalidParameterUse",
                    "a parameter cannot stand for the properties of a pattern in MATCH; write {key: $param.key}",
                    p,
                ))
            }
            Some(_) => {
                let e = props.expect("checked above");
                Ok((Vec::new(), Some(self.expr(e, scope)?)))
            }
        }
    }

    /// A pattern inside an expression (pattern predicate or comprehension): its new
    /// variables are local. Returns the plan and the scope seen by the comprehension's
    /// WHERE and projection.
    pub(super) fn sub_pattern(
        &mut self,
        el: &PatternElement,
        path_var: Option<&ast::Ident>,
        filter: Option<&Expr>,
        scope: &Scope,
    ) -> Result<(MatchPlan, Scope), PlanError> {
        let part = PatternPart { var: path_var.cloned(), kind: PathKind::Normal, element: el.clone(), span: el.span };
        let pattern = Pattern { parts: vec![part], span: el.span };
        let mut inner = scope.clone();
        let saved = self.aggs.take();
        let r = self.match_clause(&pattern, filter, &mut inner);
        self.aggs = saved;
        Ok((r?, inner))
    }

    pub(super) fn exists_subquery(&mut self, sub: &ast::ExistsSubquery, scope: &Scope) -> Result<MatchPlan, PlanError> {
        let mut inner = scope.clone();
        let saved = self.aggs.take();
        let r = self.match_clause(&sub.pattern, sub.where_.as_ref(), &mut inner);
        self.aggs = saved;
        r
    }

    /// CREATE: what to make for each part, declaring new variables.
    pub(super) fn create_pattern(&mut self, pattern: &Pattern, scope: &mut Scope) -> Result<Vec<CreatePart>, PlanError> {
        let mut out = Vec::new();
        for part in &pattern.parts {
            out.push(self.create_part(part, scope, true)?);
        }
        Ok(out)
    }

    fn create_part(&mut self, part: &PatternPart, scope: &mut Scope, strict: bool) -> Result<CreatePart, PlanError> {
        if let Some(p) = &part.var
            && scope.contains(&p.name)
        {
            return Err(already_bound(p));
        }
        let mut nodes = Vec::new();
        let mut node_slots = Vec::new();
        if let Some(r) = part.element.rels().find(|r| r.where_.is_some()) {
            return Err(label_expr_here(r.span));
        }
        for n in part.element.nodes() {
            if n.label_expr.is_some() || n.where_.is_some() {
                return Err(label_expr_here(n.span));
            }
            let labels: Vec<Sym> = n.labels.iter().map(|l| self.graph.intern(&l.name)).collect();
            let existing = n.var.as_ref().and_then(|v| scope.get(&v.name));
            if let (Some(v), Some(id)) = (existing, &n.var) {
                if v.kind != VarKind::Node && v.kind != VarKind::Value {
                    return Err(PlanError::syntax(
                        "VariableTypeConflict",
                        format!("variable `{}` is {}, not a node", id.name, v.kind.describe()),
                        id.span,
                    ));
                }
                let newly_declared = nodes.iter().any(|c: &CreateNode| c.slot == v.slot && !c.bound);
                if (!labels.is_empty() || n.props.is_some()) && (strict || !newly_declared) {
                    return Err(already_bound(id));
                }
                // A lone bound node (`MATCH (a) CREATE (a)`) would create nothing.
                if part.element.rels().next().is_none() {
                    return Err(already_bound(id));
                }
                node_slots.push(v.slot);
                if !newly_declared {
                    nodes.push(CreateNode { slot: v.slot, bound: true, labels: Vec::new(), props: Vec::new(), prop_map: None });
                }
                continue;
            }
            let (props, prop_map) = self.create_props(n.props.as_ref(), scope)?;
            let slot = self.new_slot();
            if let Some(id) = &n.var {
                scope.insert(&id.name, Var { slot, kind: VarKind::Node });
            }
            node_slots.push(slot);
            nodes.push(CreateNode { slot, bound: false, labels, props, prop_map });
        }
        let mut rels = Vec::new();
        let mut rel_slots = Vec::new();
        for (i, r) in part.element.rels().enumerate() {
            if let Some(v) = &r.var
                && scope.contains(&v.name)
            {
                return Err(already_bound(v));
            }
            if r.length.is_some() {
                return Err(PlanError::syntax("CreatingVarLength", "CREATE and MERGE cannot make variable-length relationships", r.span));
            }
            if r.types.len() != 1 {
                return Err(PlanError::syntax("NoSingleRelationshipType", "a relationship to create needs exactly one type", r.span));
            }
            let (start, end) = match r.direction {
                Direction::Outgoing => (node_slots[i], node_slots[i + 1]),
                Direction::Incoming => (node_slots[i + 1], node_slots[i]),
                Direction::Both if !strict => (node_slots[i], node_slots[i + 1]),
                Direction::Both => {
                    return Err(PlanError::syntax("RequiresDirectedRelationship", "a relationship to create needs a direction", r.span));
                }
            };
            let (props, prop_map) = self.create_props(r.props.as_ref(), scope)?;
            let slot = self.new_slot();
            if let Some(v) = &r.var {
                scope.insert(&v.name, Var { slot, kind: VarKind::Rel });
            }
            rel_slots.push(slot);
            let rel_type = self.graph.intern(&r.types[0].name);
            rels.push(CreateRel { slot, start, end, rel_type, props, prop_map });
        }
        let path = match &part.var {
            Some(p) => {
                let slot = self.new_slot();
                scope.insert(&p.name, Var { slot, kind: VarKind::Path });
                let steps = rel_slots.iter().zip(node_slots.iter().skip(1)).map(|(r, n)| PathStep::One { rel: *r, node: *n }).collect();
                Some((slot, node_slots[0], steps))
            }
            None => None,
        };
        Ok(CreatePart { nodes, rels, path })
    }

    /// The properties of something to create: fixed keys with their expressions, and a map
    /// expression (`CREATE (n $props)`) when the properties come as one value.
    fn create_props(&mut self, props: Option<&Expr>, scope: &Scope) -> Result<CreateProps, PlanError> {
        match props {
            None => Ok((Vec::new(), None)),
            Some(Expr { kind: ExprKind::Map(entries), .. }) => {
                let mut out = Vec::new();
                for (k, v) in entries {
                    if super::expr::contains_aggregate(v) {
                        return Err(PlanError::syntax("InvalidAggregation", "aggregates are not allowed in pattern properties", v.span));
                    }
                    out.push((self.graph.intern(&k.name), self.expr(v, scope)?));
                }
                Ok((out, None))
            }
            Some(e) => Ok((Vec::new(), Some(self.expr(e, scope)?))),
        }
    }

    /// MERGE: match the whole part, or create it.
    pub(super) fn merge(&mut self, m: &ast::Merge, scope: &mut Scope) -> Result<Write, PlanError> {
        if let Some(p) = &m.part.var
            && scope.contains(&p.name)
        {
            return Err(already_bound(p));
        }
        let lone = m.part.element.rels().next().is_none();
        for n in m.part.element.nodes() {
            if let (Some(v), true) = (&n.var, lone || !n.labels.is_empty() || n.props.is_some())
                && scope.contains(&v.name)
            {
                return Err(already_bound(v));
            }
            if let Some(Expr { kind: ExprKind::Parameter(_), span }) = &n.props {
                return Err(PlanError::syntax(
                    "InvalidParameterUse",
                    "a parameter cannot stand for the properties of a MERGE pattern",
                    *span,
                ));
            }
        }
        for r in m.part.element.rels() {
            if let Some(v) = &r.var
                && scope.contains(&v.name)
            {
                return Err(already_bound(v));
            }
            if r.length.is_some() {
                return Err(PlanError::syntax("CreatingVarLength", "MERGE cannot make variable-length relationships", r.span));
            }
            if r.types.len() != 1 {
                return Err(PlanError::syntax("NoSingleRelationshipType", "a relationship to merge needs exactly one type", r.span));
            }
            if let Some(Expr { kind: ExprKind::Parameter(_), span }) = &r.props {
                return Err(PlanError::syntax(
                    "InvalidParameterUse",
                    "a parameter cannot stand for the properties of a MERGE pattern",
                    *span,
                ));
            }
        }
        // Plan the match in a scratch scope, then the creation with the same slots.
        let mut match_scope = scope.clone();
        let pattern = Pattern { parts: vec![m.part.clone()], span: m.part.span };
        let matcher = self.match_clause(&pattern, None, &mut match_scope)?;
        let mut part = self.create_part(&m.part, scope, false)?;
        // Creation must write into the slots the matcher binds, so later clauses see one
        // variable whichever way MERGE went.
        for n in &mut part.nodes {
            if n.bound {
                continue;
            }
            if let Some((name, _)) = scope.iter().find(|(_, v)| v.slot == n.slot)
                && let Some(v) = match_scope.get(name)
            {
                n.slot = v.slot;
            }
        }
        let renames: Vec<(usize, usize)> =
            scope.iter().filter_map(|(name, v)| match_scope.get(name).filter(|w| w.slot != v.slot).map(|w| (v.slot, w.slot))).collect();
        rename_create_part(&mut part, &renames);
        for (name, _) in scope.clone().iter() {
            if let Some(v) = match_scope.get(name) {
                scope.insert(name, v);
            }
        }
        let mut on_create = Vec::new();
        let mut on_match = Vec::new();
        for a in &m.actions {
            for it in &a.items {
                let op = self.merge_set_item(it, scope)?;
                if a.on_create { on_create.push(op) } else { on_match.push(op) }
            }
        }
        Ok(Write::Merge { part, matcher, on_create, on_match })
    }

    fn merge_set_item(&mut self, it: &ast::SetItem, scope: &Scope) -> Result<SetOp, PlanError> {
        let clause = ast::SetClause { items: vec![it.clone()], span: ast::Span::default() };
        let mut ops = Vec::new();
        for item in &clause.items {
            ops.push(match item {
                ast::SetItem::Property { target, key, value, span } => SetOp::Property {
                    target: self.expr(target, scope)?,
                    key: self.graph.intern(&key.name),
                    value: self.expr(value, scope)?,
                    span: *span,
                },
                ast::SetItem::Replace { var, value, span } => {
                    SetOp::Replace { target: self.var_expr(var, scope)?, value: self.expr(value, scope)?, span: *span }
                }
                ast::SetItem::Merge { var, value, span } => {
                    SetOp::Merge { target: self.var_expr(var, scope)?, value: self.expr(value, scope)?, span: *span }
                }
                ast::SetItem::Labels { var, labels, .. } => SetOp::AddLabels {
                    target: self.var_expr(var, scope)?,
                    labels: labels.iter().map(|l| self.graph.intern(&l.name)).collect(),
                },
            });
        }
        Ok(ops.remove(0))
    }
}

fn rename_create_part(part: &mut CreatePart, renames: &[(usize, usize)]) {
    let map = |s: &mut usize| {
        if let Some((_, to)) = renames.iter().find(|(from, _)| from == s) {
            *s = *to;
        }
    };
    for n in &mut part.nodes {
        map(&mut n.slot);
    }
    for r in &mut part.rels {
        map(&mut r.slot);
        map(&mut r.start);
        map(&mut r.end);
    }
    if let Some((slot, start, steps)) = &mut part.path {
        map(slot);
        map(start);
        for st in steps {
            match st {
                PathStep::One { rel, node } | PathStep::Many { rels: rel, node } => {
                    map(rel);
                    map(node);
                }
            }
        }
    }
}

fn path_steps(ps: &PartSlots, rels: &[&RelPattern]) -> Vec<PathStep> {
    rels.iter()
        .enumerate()
        .map(|(i, r)| {
            let node = ps.nodes[i + 1];
            if r.length.is_some() { PathStep::Many { rels: ps.rels[i], node } } else { PathStep::One { rel: ps.rels[i], node } }
        })
        .collect()
}

/// The conjuncts of a predicate: `a AND b AND c` → [a, b, c].
pub fn conjuncts(e: &Expr) -> Vec<&Expr> {
    match &e.kind {
        ExprKind::Binary(BinaryOp::And, a, b) => {
            let mut v = conjuncts(a);
            v.extend(conjuncts(b));
            v
        }
        _ => vec![e],
    }
}

/// Every slot an expression reads (including local variables of comprehensions).
pub fn slots_used(e: &CExpr) -> Vec<usize> {
    let mut out = Vec::new();
    collect_slots(e, &mut out);
    out.sort_unstable();
    out.dedup();
    out
}

fn collect_slots(e: &CExpr, out: &mut Vec<usize>) {
    match e {
        CExpr::Const(_) | CExpr::CsvPosition(_) => {}
        CExpr::Slot(s) => out.push(*s),
        CExpr::Prop(a, _, _)
        | CExpr::Unary(_, a)
        | CExpr::IsNull(a, _)
        | CExpr::IsType(a, _, _)
        | CExpr::HasLabels(a, _)
        | CExpr::Spanned(a, _) => collect_slots(a, out),
        CExpr::Index(a, b) | CExpr::Binary(_, a, b) => {
            collect_slots(a, out);
            collect_slots(b, out);
        }
        CExpr::Slice(a, b, c) => {
            collect_slots(a, out);
            if let Some(b) = b {
                collect_slots(b, out);
            }
            if let Some(c) = c {
                collect_slots(c, out);
            }
        }
        CExpr::Call(_, args) | CExpr::List(args) => args.iter().for_each(|a| collect_slots(a, out)),
        CExpr::Map(entries) => entries.iter().for_each(|(_, a)| collect_slots(a, out)),
        CExpr::Case { subject, whens, else_ } => {
            if let Some(s) = subject {
                collect_slots(s, out);
            }
            for (w, t) in whens {
                collect_slots(w, out);
                collect_slots(t, out);
            }
            if let Some(e) = else_ {
                collect_slots(e, out);
            }
        }
        CExpr::ListComp { slot, list, filter, map } => {
            collect_slots(list, out);
            let mut inner = Vec::new();
            if let Some(f) = filter {
                collect_slots(f, &mut inner);
            }
            if let Some(m) = map {
                collect_slots(m, &mut inner);
            }
            out.extend(inner.into_iter().filter(|s| s != slot));
        }
        CExpr::Quantified { slot, list, filter, .. } => {
            collect_slots(list, out);
            let mut inner = Vec::new();
            collect_slots(filter, &mut inner);
            out.extend(inner.into_iter().filter(|s| s != slot));
        }
        CExpr::Reduce { acc, init, slot, list, expr } => {
            collect_slots(init, out);
            collect_slots(list, out);
            let mut inner = Vec::new();
            collect_slots(expr, &mut inner);
            out.extend(inner.into_iter().filter(|s| s != slot && s != acc));
        }
        CExpr::PatternComp { matcher, map } => {
            let mut inner = Vec::new();
            match_slots(matcher, &mut inner);
            collect_slots(map, &mut inner);
            out.extend(inner.into_iter().filter(|s| !matcher.binds.contains(s)));
        }
        CExpr::Exists(matcher) => {
            let mut inner = Vec::new();
            match_slots(matcher, &mut inner);
            out.extend(inner.into_iter().filter(|s| !matcher.binds.contains(s)));
        }
        CExpr::Subquery(sq) => out.extend(sq.reads.iter().copied()),
        CExpr::MapProjection { base, items } => {
            collect_slots(base, out);
            for it in items {
                if let super::MapProjItem::Entry(_, e) = it {
                    collect_slots(e, out);
                }
            }
        }
    }
}

fn match_slots(m: &MatchPlan, out: &mut Vec<usize>) {
    let check = |c: &NodeCheck, out: &mut Vec<usize>| {
        for p in &c.props {
            collect_slots(&p.value, out);
        }
        if let Some(p) = &c.prop_map {
            collect_slots(p, out);
        }
    };
    for s in &m.steps {
        match s {
            MatchStep::Scan { slot, check: c, .. } => {
                out.push(*slot);
                check(c, out);
            }
            MatchStep::IndexSeek { slot, value, check: c, .. } => {
                out.push(*slot);
                collect_slots(value, out);
                check(c, out);
            }
            MatchStep::Bound { slot, check: c } => {
                out.push(*slot);
                check(c, out);
            }
            MatchStep::Expand(h) | MatchStep::Shortest { hop: h, .. } => {
                out.push(h.from);
                out.push(h.to);
                for p in &h.props {
                    collect_slots(&p.value, out);
                }
                check(&h.to_check, out);
                out.extend(h.distinct_from.iter().copied());
            }
            MatchStep::Filter(e) => collect_slots(e, out),
            MatchStep::BindPath { start, .. } => out.push(*start),
            MatchStep::Exists { key, steps, avoid, .. } => {
                out.extend(key.iter().chain(avoid).copied());
                match_slots(&MatchPlan { steps: steps.clone(), binds: Vec::new() }, out);
            }
        }
    }
}

/// A label expression other than a conjunction, where only MATCH (and EXISTS, COUNT) take one.
fn label_expr_here(span: crate::syntax::ast::Span) -> PlanError {
    PlanError::syntax(
        "UnsupportedFeature",
        "a label expression with |, ! or %, or a WHERE inside a node or relationship pattern, outside MATCH, EXISTS { } and COUNT { } is not supported by ieum",
        span,
    )
}
