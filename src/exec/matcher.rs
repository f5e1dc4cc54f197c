//! Pattern matching: the steps of a [`MatchPlan`] run as nested loops over the graph,
//! binding slots of the row and handing every complete match to a continuation.
//!
//! Within one MATCH a relationship is used at most once (openCypher's relationship
//! isomorphism); variable-length hops never repeat a relationship either.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;

use super::eval::Eval;
use super::{Flow, Row};
use crate::error::ExecError;
use crate::plan::{Hop, MatchPlan, MatchStep, NodeCheck, PathStep, PropCheck};
use crate::store::Dir;
use crate::store::{PropRef, Sym};
use crate::value::{Equiv, NodeId, PathValue, RelId, Value};

/// The nodes and relationships of a path found by a search.
type Trail = (Vec<NodeId>, Vec<RelId>);

type Cont<'k> = dyn FnMut(&mut Row) -> Result<Flow, ExecError> + 'k;

impl Eval<'_> {
    /// Calls `k` once per match of `m`, with the pattern's slots bound in `row`.
    pub fn match_plan(&self, m: &MatchPlan, row: &mut Row, k: &mut Cont<'_>) -> Result<Flow, ExecError> {
        self.steps(&m.steps, row, k)
    }

    fn steps(&self, steps: &[MatchStep], row: &mut Row, k: &mut Cont<'_>) -> Result<Flow, ExecError> {
        let Some((step, rest)) = steps.split_first() else { return k(row) };
        self.ctx.count(step, 1);
        match step {
            MatchStep::Scan { slot, check, label } => {
                // the scan gives live nodes with `label`: a check of that label alone is done
                let done = check.props.is_empty()
                    && check.prop_map.is_none()
                    && match label {
                        Some(l) => check.labels.iter().all(|x| x == l),
                        None => check.labels.is_empty(),
                    };
                let share = self.share.as_ref().filter(|(at, _)| *at == step as *const MatchStep as usize).map(|(_, r)| r.clone());
                let mut visit = |id: NodeId, row: &mut Row| -> Result<Flow, ExecError> {
                    if share.as_ref().is_some_and(|r| !r.contains(&id.0)) {
                        return Ok(Flow::Continue);
                    }
                    self.ctx.tick()?;
                    if done || self.node_ok(id, check, row)? {
                        row[*slot] = Value::Node(id);
                        return self.steps(rest, row, k);
                    }
                    Ok(Flow::Continue)
                };
                match label {
                    Some(l) => {
                        for id in self.g.nodes_with_label(*l) {
                            if visit(id, row)? == Flow::Stop {
                                return Ok(Flow::Stop);
                            }
                        }
                    }
                    None => {
                        for id in self.g.node_ids() {
                            if visit(id, row)? == Flow::Stop {
                                return Ok(Flow::Stop);
                            }
                        }
                    }
                }
                Ok(Flow::Continue)
            }
            MatchStep::IndexSeek { slot, label, key, value, check } => {
                let v = self.eval(value, row)?;
                let Some(ids) = self.g.index_lookup(*label, *key, &v) else {
                    return Ok(Flow::Continue);
                };
                for id in ids {
                    self.ctx.tick()?;
                    if self.node_ok(id, check, row)? {
                        row[*slot] = Value::Node(id);
                        if self.steps(rest, row, k)? == Flow::Stop {
                            return Ok(Flow::Stop);
                        }
                    }
                }
                Ok(Flow::Continue)
            }
            MatchStep::Bound { slot, check } => match &row[*slot] {
                Value::Node(id) => {
                    let id = *id;
                    if self.node_ok(id, check, row)? { self.steps(rest, row, k) } else { Ok(Flow::Continue) }
                }
                Value::Null => Ok(Flow::Continue),
                other => {
                    Err(ExecError::type_error("InvalidArgumentType", format!("a pattern node must be a node, not {}", other.value_type())))
                }
            },
            MatchStep::Expand(hop) => match hop.var_len {
                None => self.expand_one(hop, rest, row, k),
                Some((min, max)) => {
                    let Some(start) = self.start_node(row, hop.from)? else { return Ok(Flow::Continue) };
                    let mut trail = Vec::new();
                    self.expand_var(hop, rest, row, k, start, min, max, &mut trail)
                }
            },
            MatchStep::Shortest { hop, path, all } => self.shortest(hop, *path, *all, rest, row, k),
            MatchStep::Filter(e) => {
                if self.truthy(e, row)? {
                    self.steps(rest, row, k)
                } else {
                    Ok(Flow::Continue)
                }
            }
            MatchStep::Exists { key, steps: suffix, avoid, rels } => self.exists_step(step, key, suffix, avoid, rels, rest, row, k),
            MatchStep::BindPath { slot, start, steps: path } => {
                row[*slot] = self.build_path(row, *start, path)?;
                self.steps(rest, row, k)
            }
        }
    }

    /// Runs the rest of a pattern as an existence check (see [`MatchStep::Exists`]).
    #[allow(clippy::too_many_arguments)]
    fn exists_step(
        &self,
        step: &MatchStep,
        key: &[usize],
        suffix: &[MatchStep],
        avoid: &[usize],
        rels: &[usize],
        rest: &[MatchStep],
        row: &mut Row,
        k: &mut Cont<'_>,
    ) -> Result<Flow, ExecError> {
        let id = step as *const MatchStep as usize;
        let values: Vec<Equiv> = key.iter().map(|s| Equiv(row[*s].clone())).collect();
        // the relationships of this row the completions must not use
        let mut taken: Vec<RelId> = Vec::new();
        for s in avoid {
            collect_rels(&row[*s], &mut taken);
        }
        let known = {
            let states = self.exists.borrow();
            match states.get(&id) {
                Some(st) if st.emitted.contains(&values) => return Ok(Flow::Continue),
                Some(st) => st.found.get(&values).map(|c| c.answers(&taken)),
                None => None,
            }
        };
        let answer = match known {
            Some(Some(a)) => a,
            _ => {
                // find the completions from this value once, ignoring this row's relationships
                let mut probe = row.clone();
                for s in avoid {
                    probe[*s] = Value::Null;
                }
                let limit = if avoid.is_empty() { 1 } else { COMPLETIONS_KEPT };
                let mut found = Completions::default();
                self.steps(suffix, &mut probe, &mut |r| {
                    let mut used = Vec::new();
                    for s in rels {
                        collect_rels(&r[*s], &mut used);
                    }
                    found.list.push(used);
                    if found.list.len() >= limit {
                        found.complete = false;
                        return Ok(Flow::Stop);
                    }
                    Ok(Flow::Continue)
                })?;
                let answer = match found.answers(&taken) {
                    Some(a) => a,
                    None => {
                        // too many completions were kept to be sure: look with this row
                        let mut hit = false;
                        let mut probe = row.clone();
                        self.steps(suffix, &mut probe, &mut |_| {
                            hit = true;
                            Ok(Flow::Stop)
                        })?;
                        hit
                    }
                };
                self.exists.borrow_mut().entry(id).or_default().found.insert(values.clone(), found);
                answer
            }
        };
        if !answer {
            return Ok(Flow::Continue);
        }
        self.exists.borrow_mut().entry(id).or_default().emitted.insert(values);
        self.steps(rest, row, k)
    }

    fn start_node(&self, row: &Row, slot: usize) -> Result<Option<NodeId>, ExecError> {
        match &row[slot] {
            Value::Node(id) => Ok(Some(*id)),
            Value::Null => Ok(None),
            other => {
                Err(ExecError::type_error("InvalidArgumentType", format!("a pattern node must be a node, not {}", other.value_type())))
            }
        }
    }

    /// Whether node `id` is live and has the labels and properties of `check`.
    fn node_ok(&self, id: NodeId, check: &NodeCheck, row: &mut Row) -> Result<bool, ExecError> {
        let Some(n) = self.g.node(id) else { return Ok(false) };
        if !check.labels.iter().all(|l| n.has_label(*l)) {
            return Ok(false);
        }
        self.props_ok(|k| n.prop(k), &check.props, check.prop_map.as_ref(), row)
    }

    fn props_ok<'g>(
        &self,
        props: impl Fn(Sym) -> Option<PropRef<'g>>,
        checks: &[PropCheck],
        map: Option<&crate::plan::CExpr>,
        row: &mut Row,
    ) -> Result<bool, ExecError> {
        for c in checks {
            let want = self.eval(&c.value, row)?;
            match props(c.key) {
                Some(have) if have.equals(&want) => {}
                _ => return Ok(false),
            }
        }
        if let Some(m) = map {
            match self.eval(m, row)? {
                Value::Map(m) => {
                    for (k, want) in m.iter() {
                        let have = self.g.sym(k).and_then(&props);
                        match have {
                            Some(have) if have.equals(want) => {}
                            _ => return Ok(false),
                        }
                    }
                }
                Value::Null => return Ok(false),
                other => {
                    return Err(ExecError::type_error(
                        "InvalidArgumentType",
                        format!("pattern properties must be a map, not {}", other.value_type()),
                    ));
                }
            }
        }
        Ok(true)
    }

    /// Whether relationship `r` is distinct from those bound earlier in the same MATCH.
    fn rel_unused(&self, r: RelId, hop: &Hop, row: &Row) -> bool {
        hop.distinct_from.iter().all(|s| match &row[*s] {
            Value::Rel(x) => *x != r,
            Value::List(items) => !items.iter().any(|v| matches!(v, Value::Rel(x) if *x == r)),
            _ => true,
        })
    }

    fn rel_ok(&self, r: RelId, hop: &Hop, row: &mut Row) -> Result<bool, ExecError> {
        if hop.props.is_empty() && hop.prop_map.is_none() {
            return Ok(true);
        }
        let Some(rec) = self.g.rel(r) else { return Ok(false) };
        self.props_ok(|k| rec.prop(k), &hop.props, hop.prop_map.as_ref(), row)
    }

    /// Whether the node reached is the right one: the bound one, or one passing the checks.
    fn arrive_ok(&self, other: NodeId, hop: &Hop, row: &mut Row) -> Result<bool, ExecError> {
        self.arrive_ok_with(other, hop, row, false)
    }

    /// [`Self::arrive_ok`], told whether the node's labels are known to pass (see
    /// [`Self::labels_known`]).
    fn arrive_ok_with(&self, other: NodeId, hop: &Hop, row: &mut Row, labels_known: bool) -> Result<bool, ExecError> {
        if labels_known {
            return Ok(true);
        }
        if hop.to_bound {
            match &row[hop.to] {
                Value::Node(n) if *n == other => {}
                _ => return Ok(false),
            }
            if hop.to_check.is_empty() {
                return Ok(true);
            }
        }
        self.node_ok(other, &hop.to_check, row)
    }

    /// Whether every node a hop can reach passes its node check without looking at it: the
    /// planner found its labels guaranteed, or there is nothing to check and no node is
    /// marked deleted. (A relationship's end nodes always exist.)
    fn labels_known(&self, hop: &Hop) -> bool {
        hop.labels_known || (!hop.to_bound && hop.to_check.is_empty() && !self.g.has_marked_nodes())
    }

    fn expand_one(&self, hop: &Hop, rest: &[MatchStep], row: &mut Row, k: &mut Cont<'_>) -> Result<Flow, ExecError> {
        let Some(from) = self.start_node(row, hop.from)? else { return Ok(Flow::Continue) };
        let known = self.labels_known(hop);
        for step in self.g.steps(from, hop.dir, &hop.types) {
            self.ctx.tick()?;
            if !self.rel_unused(step.rel, hop, row)
                || !self.rel_ok(step.rel, hop, row)?
                || !self.arrive_ok_with(step.other, hop, row, known)?
            {
                continue;
            }
            row[hop.rel] = Value::Rel(step.rel);
            row[hop.to] = Value::Node(step.other);
            if self.steps(rest, row, k)? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        Ok(Flow::Continue)
    }

    /// How many matches a single-length hop has from the row, without binding them: what
    /// [`Self::expand_one`] would hand on, counted (the optimizer's count of a last hop).
    /// With `follows_same_way` (see [`crate::plan::CountHop`]) and nothing else to check,
    /// the node's degree answers unless it has a self-loop.
    pub fn count_hop(&self, hop: &Hop, follows_same_way: bool, row: &mut Row) -> Result<i64, ExecError> {
        let Some(from) = self.start_node(row, hop.from)? else { return Ok(0) };
        let known = self.labels_known(hop);
        let plain = hop.props.is_empty() && hop.prop_map.is_none();
        if known && plain && (hop.distinct_from.is_empty() || follows_same_way) {
            self.ctx.tick()?;
            if let Some(n) = self.g.known_degree(from, hop.dir, &hop.types, !hop.distinct_from.is_empty()) {
                return Ok(n as i64);
            }
        }
        let mut n = 0;
        for step in self.g.steps(from, hop.dir, &hop.types) {
            self.ctx.tick()?;
            if self.rel_unused(step.rel, hop, row)
                && (plain || self.rel_ok(step.rel, hop, row)?)
                && self.arrive_ok_with(step.other, hop, row, known)?
            {
                n += 1;
            }
        }
        Ok(n)
    }

    /// Depth-first walk of every trail from `at` with length in `min..=max`.
    #[allow(clippy::too_many_arguments)]
    fn expand_var(
        &self,
        hop: &Hop,
        rest: &[MatchStep],
        row: &mut Row,
        k: &mut Cont<'_>,
        at: NodeId,
        min: u64,
        max: Option<u64>,
        trail: &mut Vec<RelId>,
    ) -> Result<Flow, ExecError> {
        self.ctx.tick()?;
        let depth = trail.len() as u64;
        if depth >= min && self.arrive_ok(at, hop, row)? {
            let mut rels: Vec<Value> = trail.iter().map(|r| Value::Rel(*r)).collect();
            if hop.reversed {
                rels.reverse();
            }
            row[hop.rel] = Value::List(Arc::new(rels));
            row[hop.to] = Value::Node(at);
            if self.steps(rest, row, k)? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        if max.is_some_and(|m| depth >= m) {
            return Ok(Flow::Continue);
        }
        for step in self.g.steps(at, hop.dir, &hop.types) {
            // checked per step: on a long trail each `contains` below costs its length
            self.ctx.tick()?;
            if trail.contains(&step.rel) || !self.rel_unused(step.rel, hop, row) || !self.rel_ok(step.rel, hop, row)? {
                continue;
            }
            trail.push(step.rel);
            let flow = self.expand_var(hop, rest, row, k, step.other, min, max, trail);
            trail.pop();
            if flow? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        Ok(Flow::Continue)
    }

    /// Breadth-first search for the shortest path(s) between two bound nodes.
    fn shortest(
        &self,
        hop: &Hop,
        path_slot: usize,
        all: bool,
        rest: &[MatchStep],
        row: &mut Row,
        k: &mut Cont<'_>,
    ) -> Result<Flow, ExecError> {
        let (Some(from), Some(to)) = (self.start_node(row, hop.from)?, self.start_node(row, hop.to)?) else {
            return Ok(Flow::Continue);
        };
        let (min, max) = hop.var_len.unwrap_or((1, Some(1)));
        let filter_count = rest.iter().take_while(|s| matches!(s, MatchStep::Filter(_))).count();
        let (filters, rest) = rest.split_at(filter_count);
        let mut found: Vec<(Vec<NodeId>, Vec<RelId>)> = Vec::new();
        if from == to && min == 0 {
            found.push((vec![from], Vec::new()));
        } else if !all && filters.is_empty() && min <= 1 && from != to {
            // one shortest path, nothing to check on it: search from both ends
            found.extend(self.meet_in_middle(hop, from, to, max, row)?);
        } else {
            // Predecessors at the depth each node was first reached (all of them, for
            // allShortestPaths).
            let mut depth_of: HashMap<NodeId, u64> = HashMap::from([(from, 0)]);
            let mut preds: HashMap<NodeId, Vec<(NodeId, RelId)>> = HashMap::new();
            let mut frontier = VecDeque::from([from]);
            let mut depth = 0;
            let mut reached = false;
            while !frontier.is_empty() && !reached && max.is_none_or(|m| depth < m) {
                depth += 1;
                let mut next = VecDeque::new();
                for node in frontier.drain(..) {
                    for step in self.g.steps(node, hop.dir, &hop.types) {
                        self.ctx.tick()?;
                        if !self.rel_ok(step.rel, hop, row)? {
                            continue;
                        }
                        match depth_of.get(&step.other) {
                            Some(&d) if d < depth => continue,
                            Some(_) => {}
                            None => {
                                depth_of.insert(step.other, depth);
                                next.push_back(step.other);
                            }
                        }
                        preds.entry(step.other).or_default().push((node, step.rel));
                        if step.other == to && depth >= min {
                            reached = true;
                        }
                    }
                }
                frontier = next;
            }
            if reached {
                let mut paths = Vec::new();
                collect_paths(&preds, from, to, &mut vec![to], &mut Vec::new(), &mut paths, all || !filters.is_empty());
                found = paths;
            }
            if reached && !filters.is_empty() {
                // The WHERE of the MATCH is part of the search: keep the shortest paths that
                // pass it, searching longer trails when none of the shortest ones does.
                found = self.passing(found, filters, hop, path_slot, row, all)?;
                let cap = max.unwrap_or(self.g.rel_count() as u64);
                while found.is_empty() && depth < cap {
                    depth += 1;
                    let mut longer = Vec::new();
                    self.trails(hop, row, from, to, depth, &mut (vec![from], Vec::new()), &mut longer)?;
                    found = self.passing(longer, filters, hop, path_slot, row, all)?;
                }
            }
        }
        for (nodes, rels) in found {
            row[hop.rel] = Value::list(rels.iter().map(|r| Value::Rel(*r)).collect());
            row[path_slot] = Value::Path(Arc::new(PathValue { nodes, rels }));
            if self.steps(rest, row, k)? == Flow::Stop {
                return Ok(Flow::Stop);
            }
            if !all {
                break;
            }
        }
        Ok(Flow::Continue)
    }

    /// A shortest path from `from` to `to` (distinct) of at most `max` relationships, by
    /// breadth-first search from both ends, a whole level at a time of the smaller side.
    /// The first node reached by both searches lies on a shortest path: a node the other
    /// side had reached at a smaller depth would have been met one level earlier.
    fn meet_in_middle(&self, hop: &Hop, from: NodeId, to: NodeId, max: Option<u64>, row: &mut Row) -> Result<Option<Trail>, ExecError> {
        type Seen = HashMap<u32, (u32, u32), foldhash::fast::RandomState>;
        let mut fwd: Seen = HashMap::default();
        let mut bwd: Seen = HashMap::default();
        fwd.insert(from.0, (from.0, u32::MAX));
        bwd.insert(to.0, (to.0, u32::MAX));
        let (mut ff, mut bf) = (vec![from.0], vec![to.0]);
        let back = match hop.dir {
            Dir::Out => Dir::In,
            Dir::In => Dir::Out,
            Dir::Both => Dir::Both,
        };
        let mut depth = 0u64;
        let meet = 'search: loop {
            if ff.is_empty() || bf.is_empty() || max.is_some_and(|m| depth >= m) {
                return Ok(None);
            }
            depth += 1;
            let forward = ff.len() <= bf.len();
            let (front, seen, other, dir) = if forward { (&mut ff, &mut fwd, &bwd, hop.dir) } else { (&mut bf, &mut bwd, &fwd, back) };
            let mut next = Vec::new();
            for x in std::mem::take(front) {
                for s in self.g.steps(NodeId(x), dir, &hop.types) {
                    self.ctx.tick()?;
                    let y = s.other.0;
                    if seen.contains_key(&y) || !self.rel_ok(s.rel, hop, row)? {
                        continue;
                    }
                    seen.insert(y, (x, s.rel.0));
                    if other.contains_key(&y) {
                        break 'search y;
                    }
                    next.push(y);
                }
            }
            *front = next;
        };
        // from `from` to the meeting node, then on to `to`
        let mut nodes = vec![NodeId(meet)];
        let mut rels = Vec::new();
        let mut at = meet;
        while at != from.0 {
            let (p, r) = fwd[&at];
            nodes.push(NodeId(p));
            rels.push(RelId(r));
            at = p;
        }
        nodes.reverse();
        rels.reverse();
        let mut at = meet;
        while at != to.0 {
            let (p, r) = bwd[&at];
            nodes.push(NodeId(p));
            rels.push(RelId(r));
            at = p;
        }
        Ok(Some((nodes, rels)))
    }

    /// Binds each path in turn and keeps those that pass every filter (only the first for
    /// `shortestPath`).
    fn passing(
        &self,
        paths: Vec<Trail>,
        filters: &[MatchStep],
        hop: &Hop,
        path_slot: usize,
        row: &mut Row,
        all: bool,
    ) -> Result<Vec<Trail>, ExecError> {
        let mut kept = Vec::new();
        'paths: for (nodes, rels) in paths {
            row[hop.rel] = Value::list(rels.iter().map(|r| Value::Rel(*r)).collect());
            row[path_slot] = Value::Path(Arc::new(PathValue { nodes: nodes.clone(), rels: rels.clone() }));
            for f in filters {
                if let MatchStep::Filter(e) = f
                    && !self.truthy(e, row)?
                {
                    continue 'paths;
                }
            }
            kept.push((nodes, rels));
            if !all {
                break;
            }
        }
        Ok(kept)
    }

    /// Every trail (no relationship twice) of exactly `len` hops from `at`, the end of
    /// `trail`, to `to`, along relationships that match `hop`.
    #[allow(clippy::too_many_arguments)]
    fn trails(
        &self,
        hop: &Hop,
        row: &mut Row,
        at: NodeId,
        to: NodeId,
        len: u64,
        trail: &mut Trail,
        out: &mut Vec<Trail>,
    ) -> Result<(), ExecError> {
        if trail.1.len() as u64 == len {
            if at == to {
                out.push(trail.clone());
            }
            return Ok(());
        }
        for step in self.g.steps(at, hop.dir, &hop.types) {
            self.ctx.tick()?;
            if trail.1.contains(&step.rel) || !self.rel_ok(step.rel, hop, row)? {
                continue;
            }
            trail.0.push(step.other);
            trail.1.push(step.rel);
            self.trails(hop, row, step.other, to, len, trail, out)?;
            trail.0.pop();
            trail.1.pop();
        }
        Ok(())
    }

    /// Builds a path value from the row; null when any part is null (optional match).
    fn build_path(&self, row: &Row, start: usize, steps: &[PathStep]) -> Result<Value, ExecError> {
        let Value::Node(first) = row[start] else { return Ok(Value::Null) };
        let mut nodes = vec![first];
        let mut rels = Vec::new();
        for s in steps {
            match *s {
                PathStep::One { rel, node } => {
                    let (Value::Rel(r), Value::Node(n)) = (&row[rel], &row[node]) else { return Ok(Value::Null) };
                    rels.push(*r);
                    nodes.push(*n);
                }
                PathStep::Many { rels: slot, node } => {
                    let Value::List(items) = &row[slot] else { return Ok(Value::Null) };
                    for it in items.iter() {
                        let Value::Rel(r) = it else { return Ok(Value::Null) };
                        let last = *nodes.last().unwrap_or(&first);
                        let Some((a, b)) = self.g.rel_ends(*r) else { return Ok(Value::Null) };
                        rels.push(*r);
                        nodes.push(if a == last { b } else { a });
                    }
                    if let Value::Node(n) = &row[node]
                        && nodes.last() != Some(n)
                    {
                        return Ok(Value::Null);
                    }
                }
            }
        }
        Ok(Value::Path(Arc::new(PathValue { nodes, rels })))
    }
}

/// How many completions of an existence check are kept per value: enough that one of them
/// avoids the few relationships a row has bound, short of a contrived graph (which is then
/// searched again for that row).
const COMPLETIONS_KEPT: usize = 8;

/// What an existence check found for one value.
#[derive(Debug)]
pub(crate) struct Completions {
    /// The relationships each completion uses.
    list: Vec<Vec<RelId>>,
    /// Every completion is in `list`.
    complete: bool,
}

impl Default for Completions {
    fn default() -> Self {
        Completions { list: Vec::new(), complete: true }
    }
}

impl Completions {
    /// Whether a completion avoids `taken`; `None` when the kept ones do not tell.
    fn answers(&self, taken: &[RelId]) -> Option<bool> {
        if self.list.iter().any(|c| c.iter().all(|r| !taken.contains(r))) {
            Some(true)
        } else if self.complete {
            Some(false)
        } else {
            None
        }
    }
}

/// The state of one existence check over a stage: the values emitted, and the completions
/// found per value.
#[derive(Debug, Default)]
pub(crate) struct ExistsState {
    emitted: HashSet<Vec<Equiv>, foldhash::fast::RandomState>,
    found: HashMap<Vec<Equiv>, Completions, foldhash::fast::RandomState>,
}

/// The relationships a slot holds (one, or a list of them).
fn collect_rels(v: &Value, out: &mut Vec<RelId>) {
    match v {
        Value::Rel(r) => out.push(*r),
        Value::List(items) => items.iter().for_each(|x| collect_rels(x, out)),
        _ => {}
    }
}

/// Walks predecessor lists back from `at` to `from`, producing paths in walk order.
fn collect_paths(
    preds: &HashMap<NodeId, Vec<(NodeId, RelId)>>,
    from: NodeId,
    at: NodeId,
    nodes: &mut Vec<NodeId>,
    rels: &mut Vec<RelId>,
    out: &mut Vec<(Vec<NodeId>, Vec<RelId>)>,
    all: bool,
) {
    if at == from && !rels.is_empty() {
        let mut n = nodes.clone();
        let mut r = rels.clone();
        n.reverse();
        r.reverse();
        out.push((n, r));
        return;
    }
    for (p, r) in preds.get(&at).into_iter().flatten() {
        if !all && !out.is_empty() {
            return;
        }
        if rels.contains(r) {
            continue;
        }
        nodes.push(*p);
        rels.push(*r);
        collect_paths(preds, from, *p, nodes, rels, out, all);
        nodes.pop();
        rels.pop();
    }
}
