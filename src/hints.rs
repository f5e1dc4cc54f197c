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
use crate::syntax::ast::{Clause, Expr, ExprKind, Ident, Pattern, Projection, Query, SingleQuery, Span};

/// One warning: what is unknown, and where it is written in the statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Hint {
    pub message: String,
    pub span: Span,
}

/// The warnings for `q` run against `g` (empty for a query that writes).
pub fn unknown_names(q: &Query, g: &Graph) -> Vec<Hint> {
    let parts: Vec<&SingleQuery> = std::iter::once(&q.first).chain(q.unions.iter().map(|u| &u.query)).collect();
    let writes = parts.iter().flat_map(|p| &p.clauses).any(|c| {
        matches!(c, Clause::Create(_) | Clause::Merge(_) | Clause::Set(_) | Clause::Remove(_) | Clause::Delete(_) | Clause::Call(_))
    });
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
        if let Some(c) = crate::suggest::closest(&ident.name, known.iter().copied()) {
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
    }
}
