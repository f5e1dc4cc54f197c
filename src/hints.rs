//! Warnings about names a reading query uses that the graph does not hold: a label or
//! relationship type in a `MATCH` pattern with no node or relationship carrying it, or a
//! property key read from a matched node or relationship that no element has ever had.
//! Such a query runs (and finds nothing), so a misspelling would go unnoticed; each warning
//! names the closest name in the graph when there is a likely one.
//!
//! Only queries without write clauses are checked: a query that creates a label may also
//! match on it.

use std::collections::HashSet;

use crate::store::Graph;
use crate::syntax::ast::{BinaryOp, Clause, Expr, ExprKind, Ident, Literal, Pattern, Projection, Query, SingleQuery, Span};

/// One warning: what is unknown, and where it is written in the statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Hint {
    pub message: String,
    pub span: Span,
}

/// The warnings for `q` run against `g` (empty for a query that writes).
pub fn unknown_names(q: &Query, g: &Graph) -> Vec<Hint> {
    let parts: Vec<&SingleQuery> = std::iter::once(&q.first).chain(q.unions.iter().map(|u| &u.query)).collect();
    let writes = parts.iter().flat_map(|p| &p.clauses).any(not_plain_read);
    if writes {
        return Vec::new();
    }
    let labels: Vec<&str> = g.labels_in_use().map(|(s, _)| &**g.name(s)).collect();
    let types: Vec<&str> = g.types_in_use().map(|(s, _)| &**g.name(s)).collect();
    let mut hints = Vec::new();
    let mut seen = HashSet::new();
    let mut report = |kind: &str, ident: &Ident, known: &[&str], hints: &mut Vec<Hint>| {
        if known.contains(&ident.name.as_str()) || !seen.insert((kind.to_string(), ident.name.clone())) {
            return;
        }
        let mut message = format!("the graph has no {kind} `{}`", ident.name);
        if let Some(c) = suggestion(&ident.name, known) {
            message.push_str(&format!("; did you mean `{c}`?"));
        }
        hints.push(Hint { message, span: ident.span });
    };
    // variables bound to matched nodes and relationships, whose keys are checked
    let mut elements: HashSet<&str> = HashSet::new();
    let mut exprs: Vec<&Expr> = Vec::new();
    for part in &parts {
        for clause in &part.clauses {
            match clause {
                Clause::Match(m) => {
                    pattern_names(&m.pattern, &mut elements, &mut exprs, &mut |kind, id| {
                        let known = if kind == "label" { &labels } else { &types };
                        report(kind, id, known, &mut hints)
                    });
                    exprs.extend(&m.where_);
                }
                Clause::Unwind(u) => exprs.push(&u.expr),
                Clause::With(w) => {
                    projection_exprs(&w.projection, &mut exprs);
                    exprs.extend(&w.where_);
                }
                Clause::Return(r) => projection_exprs(&r.projection, &mut exprs),
                _ => {}
            }
        }
    }
    // keys: every name ever interned that is not a label or type in use
    let keys: Vec<&str> = g.names().all().iter().map(|n| &**n).filter(|n| !labels.contains(n) && !types.contains(n)).collect();
    let mut read_keys: Vec<&Ident> = Vec::new();
    for e in exprs {
        e.walk(&mut |x| {
            if let ExprKind::Property(target, key) = &x.kind
                && let ExprKind::Variable(v) = &target.kind
                && elements.contains(v.as_str())
            {
                read_keys.push(key);
            }
        });
    }
    for key in read_keys {
        if g.sym(&key.name).is_none() {
            report("property key", key, &keys, &mut hints);
        }
    }
    hints
}

/// Whether a clause writes, or reads something other than the graph's patterns (a
/// procedure, a subquery, a file): queries holding one are not checked.
fn not_plain_read(c: &Clause) -> bool {
    matches!(
        c,
        Clause::Create(_)
            | Clause::Merge(_)
            | Clause::Set(_)
            | Clause::Remove(_)
            | Clause::Delete(_)
            | Clause::Call(_)
            | Clause::Subquery(_)
            | Clause::Foreach(_)
            | Clause::LoadCsv(_)
    )
}

/// The known name `name` most likely stands for: one that differs only in case (names are
/// case-sensitive, so `company` finds nothing when the label is `Company`), else the
/// closest by edit distance.
fn suggestion<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let lower = name.to_lowercase();
    known.iter().copied().find(|k| k.to_lowercase() == lower).or_else(|| crate::suggest::closest(name, known.iter().copied()))
}

/// How many nodes [`unmatched_values`] looks at for one label and key, at most: the hint
/// must stay cheap on a large graph.
const SCAN_LIMIT: usize = 200_000;

/// For a reading query that returned no rows: the string values it asks nodes to have
/// (`(c:Company {name: 'x'})`, `WHERE c.name = 'x'`) that no node of that label has, each
/// with the closest value there is, so that "Samsung Biologic" points to "Samsung
/// Biologics". Empty for a query that writes.
pub fn unmatched_values(q: &Query, g: &Graph) -> Vec<Hint> {
    let parts: Vec<&SingleQuery> = std::iter::once(&q.first).chain(q.unions.iter().map(|u| &u.query)).collect();
    let mut asked: Vec<(Option<String>, String, String, Span)> = Vec::new();
    for part in &parts {
        for clause in &part.clauses {
            match clause {
                Clause::Match(m) => {
                    let mut labels_of: Vec<(&str, Option<&str>)> = Vec::new();
                    for p in &m.pattern.parts {
                        for n in p.element.nodes() {
                            let label = n.labels.first().map(|l| l.name.as_str());
                            if let Some(v) = &n.var {
                                labels_of.push((v.name.as_str(), label));
                            }
                            if let Some(Expr { kind: ExprKind::Map(entries), .. }) = &n.props {
                                for (k, e) in entries {
                                    if let ExprKind::Literal(Literal::String(text)) = &e.kind {
                                        asked.push((label.map(String::from), k.name.clone(), text.clone(), e.span));
                                    }
                                }
                            }
                        }
                    }
                    if let Some(w) = &m.where_ {
                        w.walk(&mut |x| {
                            if let ExprKind::Binary(BinaryOp::Eq, a, b) = &x.kind {
                                for (prop, lit) in [(a, b), (b, a)] {
                                    if let (ExprKind::Property(target, key), ExprKind::Literal(Literal::String(text))) =
                                        (&prop.kind, &lit.kind)
                                        && let ExprKind::Variable(v) = &target.kind
                                        && let Some((_, label)) = labels_of.iter().find(|(name, _)| name == v)
                                    {
                                        asked.push((label.map(String::from), key.name.clone(), text.clone(), lit.span));
                                    }
                                }
                            }
                        });
                    }
                }
                c if not_plain_read(c) => {
                    return Vec::new();
                }
                _ => {}
            }
        }
    }
    let mut hints = Vec::new();
    for (label, key, text, span) in asked {
        let Some(k) = g.sym(&key) else { continue };
        let nodes: Box<dyn Iterator<Item = crate::value::NodeId>> = match &label {
            Some(l) => match g.sym(l) {
                Some(l) => Box::new(g.nodes_with_label(l)),
                None => continue,
            },
            None => Box::new(g.node_ids()),
        };
        let mut values: Vec<String> = Vec::new();
        let mut found = false;
        for id in nodes.take(SCAN_LIMIT) {
            if let Some(crate::value::Value::String(v)) = g.node_prop(id, k) {
                if *v == *text {
                    found = true;
                    break;
                }
                values.push(v.to_string());
            }
        }
        if found || values.is_empty() {
            continue;
        }
        values.sort();
        values.dedup();
        let whose = label.as_ref().map_or("node".to_string(), |l| format!(":{l} node"));
        let mut message = format!("no {whose} has {key} {}", crate::render::quoted(&text));
        if let Some(best) = closest_value(&text, &values) {
            message.push_str(&format!("; did you mean {}?", crate::render::quoted(best)));
        }
        hints.push(Hint { message, span });
    }
    hints
}

/// The value `text` most likely stands for: the same but for case, the closest by edit
/// distance, or else the shortest value that contains it (or that it contains) ignoring case.
fn closest_value<'v>(text: &str, values: &'v [String]) -> Option<&'v str> {
    let lower = text.to_lowercase();
    if let Some(v) = values.iter().find(|v| v.to_lowercase() == lower) {
        return Some(v);
    }
    if let Some(v) = crate::suggest::closest(text, values.iter().map(String::as_str)) {
        return Some(v);
    }
    if lower.chars().count() < 3 {
        return None;
    }
    values
        .iter()
        .filter(|v| {
            let l = v.to_lowercase();
            l.contains(&lower) || (l.chars().count() >= 3 && lower.contains(&l))
        })
        .min_by_key(|v| (v.chars().count(), v.as_str()))
        .map(String::as_str)
}

fn pattern_names<'a>(p: &'a Pattern, elements: &mut HashSet<&'a str>, exprs: &mut Vec<&'a Expr>, names: &mut dyn FnMut(&str, &'a Ident)) {
    for part in &p.parts {
        for n in part.element.nodes() {
            elements.extend(n.var.as_ref().map(|v| v.name.as_str()));
            n.labels.iter().for_each(|l| names("label", l));
            exprs.extend(&n.props);
        }
        for r in part.element.rels() {
            elements.extend(r.var.as_ref().map(|v| v.name.as_str()));
            r.types.iter().for_each(|t| names("relationship type", t));
            exprs.extend(&r.props);
        }
    }
}

fn projection_exprs<'a>(p: &'a Projection, exprs: &mut Vec<&'a Expr>) {
    exprs.extend(p.items.iter().map(|i| &i.expr));
    exprs.extend(p.order_by.iter().map(|s| &s.expr));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::Database;
    use crate::syntax::ast::Statement;

    fn hints(db: &Database, text: &str) -> Vec<String> {
        match crate::syntax::parse_statement(text) {
            Ok(Statement::Query(q)) => unknown_names(&q, db.graph()).into_iter().map(|h| h.message).collect(),
            other => panic!("not a query: {other:?}"),
        }
    }

    #[test]
    fn misspelt_labels_types_and_keys_are_named_with_a_suggestion() {
        let mut db = Database::new();
        db.execute("CREATE (:Company {name: 'Celltrion'})-[:MANUFACTURES]->(:Product {name: 'Remsima'})").unwrap();
        let h = hints(&db, "MATCH (c:Compnay)-[:MANUFACTURE]->(p) WHERE c.nmae = 'x' RETURN p.name");
        assert_eq!(
            h,
            [
                "the graph has no label `Compnay`; did you mean `Company`?",
                "the graph has no relationship type `MANUFACTURE`; did you mean `MANUFACTURES`?",
                "the graph has no property key `nmae`; did you mean `name`?",
            ]
        );
        assert!(hints(&db, "MATCH (c:Company)-[:MANUFACTURES]->(p) RETURN c.name, p.name").is_empty());
        // keys of maps and names a writing query introduces are not checked
        assert!(hints(&db, "WITH {zzz: 1} AS m RETURN m.zzz").is_empty());
        assert!(hints(&db, "MATCH (c:Newlabel) SET c.zzz = 1 RETURN c.zzz").is_empty());
        assert_eq!(hints(&db, "MATCH (x:Qqqqqqq) RETURN x"), ["the graph has no label `Qqqqqqq`"]);
        // names differ in case only: the one in the graph is meant
        assert_eq!(
            hints(&db, "MATCH (c:company)-[:manufactures]->() RETURN c.NAME"),
            [
                "the graph has no label `company`; did you mean `Company`?",
                "the graph has no relationship type `manufactures`; did you mean `MANUFACTURES`?",
                "the graph has no property key `NAME`; did you mean `name`?",
            ]
        );
    }

    fn unmatched(db: &Database, text: &str) -> Vec<String> {
        match crate::syntax::parse_statement(text) {
            Ok(Statement::Query(q)) => unmatched_values(&q, db.graph()).into_iter().map(|h| h.message).collect(),
            other => panic!("not a query: {other:?}"),
        }
    }

    #[test]
    fn values_that_match_nothing_point_to_the_likely_one() {
        let mut db = Database::new();
        db.execute("CREATE (:Company {name: 'Samsung Biologics'}), (:Company {name: 'Celltrion'}), (:Product {name: 'Remsima'})").unwrap();
        assert_eq!(
            unmatched(&db, "MATCH (c:Company {name: 'Samsung Biologic'}) RETURN c"),
            ["no :Company node has name 'Samsung Biologic'; did you mean 'Samsung Biologics'?"]
        );
        assert_eq!(
            unmatched(&db, "MATCH (c:Company) WHERE c.name = 'celltrion' RETURN c"),
            ["no :Company node has name 'celltrion'; did you mean 'Celltrion'?"]
        );
        assert_eq!(
            unmatched(&db, "MATCH (c) WHERE 'Samsung' = c.name RETURN c"),
            ["no node has name 'Samsung'; did you mean 'Samsung Biologics'?"]
        );
        assert_eq!(unmatched(&db, "MATCH (c:Company {name: 'Zzzzzz'}) RETURN c"), ["no :Company node has name 'Zzzzzz'"]);
        // a value that is there, another label's value, unknown keys and writes give nothing
        assert!(unmatched(&db, "MATCH (c:Company {name: 'Celltrion'}) RETURN c").is_empty());
        assert!(unmatched(&db, "MATCH (c:Company {nope: 'x'}) RETURN c").is_empty());
        assert!(unmatched(&db, "MATCH (c:Company {name: 'x'}) SET c.y = 1 RETURN c").is_empty());
    }
}
