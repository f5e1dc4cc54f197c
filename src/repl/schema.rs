//! What the graph holds, for people: the labels with their property keys and the
//! relationship patterns between them, with counts (`:schema`, `:schema LABEL`,
//! `:schema --dot`, and the names tab completion offers) and the size of the graph
//! (`:stats`). The documents behind a result (`:sources`) are `crate::evidence`'s.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use crate::db::Database;
use crate::store::Graph;
use crate::value::{Value, write_key};

/// Names in use in a graph, each with how many entities carry it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Schema {
    pub labels: BTreeMap<String, usize>,
    pub types: BTreeMap<String, usize>,
    /// Property keys of nodes.
    pub node_keys: BTreeMap<String, usize>,
    /// Property keys of relationships.
    pub rel_keys: BTreeMap<String, usize>,
    /// Per label: each property key of its nodes, with how many have it and the types of
    /// its values.
    pub label_keys: BTreeMap<String, BTreeMap<String, KeyUse>>,
    /// Per relationship type: the same for its relationships' keys.
    pub type_keys: BTreeMap<String, BTreeMap<String, KeyUse>>,
    /// `(start labels, type, end labels)` with how many relationships follow it; labels are
    /// written `:A:B` (empty for a node without labels).
    pub patterns: BTreeMap<(String, String, String), usize>,
    /// Nodes and relationships in the graph.
    pub node_count: usize,
    pub rel_count: usize,
}

/// How a property key is used under one label or type.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyUse {
    pub count: usize,
    pub types: BTreeSet<String>,
}

/// The type of a property value as the schema shows it: `String`, `Integer`,
/// `List<String>`, ...
fn type_of(v: &Value) -> String {
    match v {
        Value::List(items) => {
            let kinds: BTreeSet<String> = items.iter().map(|x| x.value_type().to_string()).collect();
            match kinds.len() {
                0 => "List".to_string(),
                1 => format!("List<{}>", kinds.iter().next().map_or("", |k| k.as_str())),
                _ => "List<mixed>".to_string(),
            }
        }
        other => other.value_type().to_string(),
    }
}

/// The labels of a node as a pattern writes them: `:A:B`.
fn label_text(g: &Graph, labels: &[crate::store::Sym]) -> String {
    labels.iter().map(|l| format!(":{}", quoted_key(g.name(*l)))).collect()
}

impl Schema {
    /// Reads the names in use in `g` (one pass over every node and relationship).
    pub fn of(g: &Graph) -> Schema {
        let name = |s| g.name(s).to_string();
        let node_keys = g.node_keys_in_use().map(|(k, n)| (name(k), n)).collect();
        let rel_keys = g.rel_keys_in_use().map(|(k, n)| (name(k), n)).collect();
        let mut label_keys: BTreeMap<String, BTreeMap<String, KeyUse>> = BTreeMap::new();
        for id in g.node_ids() {
            let Some(n) = g.node(id) else { continue };
            for (k, v) in n.props() {
                let t = type_of(&v.to_value());
                for l in n.labels() {
                    let u = label_keys.entry(name(*l)).or_default().entry(name(k)).or_default();
                    u.count += 1;
                    u.types.insert(t.clone());
                }
            }
        }
        let mut type_keys: BTreeMap<String, BTreeMap<String, KeyUse>> = BTreeMap::new();
        let mut patterns = BTreeMap::new();
        let labels_of = |id| g.node(id).map(|n| label_text(g, n.labels())).unwrap_or_default();
        for id in g.rel_ids() {
            let Some(r) = g.rel(id) else { continue };
            for (k, v) in r.props() {
                let u = type_keys.entry(name(r.rel_type())).or_default().entry(name(k)).or_default();
                u.count += 1;
                u.types.insert(type_of(&v.to_value()));
            }
            let (start, end) = r.ends();
            *patterns.entry((labels_of(start), name(r.rel_type()), labels_of(end))).or_insert(0) += 1;
        }
        Schema {
            labels: g.labels_in_use().map(|(l, n)| (name(l), n)).collect(),
            types: g.types_in_use().map(|(t, n)| (name(t), n)).collect(),
            node_keys,
            rel_keys,
            label_keys,
            type_keys,
            patterns,
            node_count: g.node_count(),
            rel_count: g.rel_count(),
        }
    }

    /// Every property key, of nodes and relationships.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        let mut all: Vec<&str> = self.node_keys.keys().chain(self.rel_keys.keys()).map(String::as_str).collect();
        all.sort_unstable();
        all.dedup();
        all.into_iter()
    }

    /// The `:schema` report: each label with its node count and property keys (a key that
    /// only some of its nodes have shows how many; a `k_source` twin of a key `k` is folded
    /// into `k (+_source)`), then each relationship pattern `(:A)-[:T]->(:B)` with its count.
    /// Lines are wrapped at `width` columns.
    pub fn report(&self, width: usize) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "Node labels ({}), with their property keys:", self.labels.len());
        if self.labels.is_empty() {
            out.push_str("  (none)\n");
        }
        let empty = BTreeMap::new();
        for (label, n) in &self.labels {
            let _ = writeln!(out, "  :{} ({})", quoted_key(label), crate::render::text::grouped(*n as u64));
            let keys = key_list(self.label_keys.get(label).unwrap_or(&empty), *n);
            wrap_list(&keys, "      ", width, &mut out);
        }
        let _ = writeln!(out, "Relationship patterns ({} over {} types):", self.patterns.len(), self.types.len());
        if self.patterns.is_empty() {
            out.push_str("  (none)\n");
        }
        let shown: Vec<(String, usize)> =
            self.patterns.iter().map(|((a, t, b), n)| (format!("({a})-[:{}]->({b})", quoted_key(t)), *n)).collect();
        let w = shown.iter().map(|(p, _)| p.width()).max().unwrap_or(0);
        for (p, n) in &shown {
            let _ = writeln!(out, "  {p}{}  {n}", " ".repeat(w - p.width()));
        }
        if !self.type_keys.is_empty() {
            out.push_str("Relationship property keys, by type:\n");
            for (t, keys) in &self.type_keys {
                let _ = writeln!(out, "  :{} ({})", quoted_key(t), self.types.get(t).copied().unwrap_or(0));
                wrap_list(&key_list(keys, self.types.get(t).copied().unwrap_or(0)), "      ", width, &mut out);
            }
        }
        let _ = writeln!(
            out,
            "{} nodes, {} relationships. More: :schema LABEL (or TYPE), :schema --dot [FILE]",
            crate::render::text::grouped(self.node_count as u64),
            crate::render::text::grouped(self.rel_count as u64)
        );
        out
    }

    /// `:schema NAME`: one label (its keys with counts and types, the patterns it starts and
    /// ends, its indexes) or one relationship type. None when the graph has neither.
    pub fn detail(&self, name: &str, indexes: &[String]) -> Option<String> {
        let name = name.trim_start_matches(':').trim_matches('`');
        let mut out = String::new();
        let key_table = |keys: &BTreeMap<String, KeyUse>, total: usize, out: &mut String| {
            if keys.is_empty() {
                out.push_str("  (no property keys)\n");
            }
            let w = keys.keys().map(|k| quoted_key(k).width()).max().unwrap_or(0);
            for (k, u) in keys {
                let shown = quoted_key(k);
                let types: Vec<&str> = u.types.iter().map(String::as_str).collect();
                let share = if u.count == total { "all".to_string() } else { format!("{} of {total}", u.count) };
                let _ = writeln!(out, "  {shown}{}  {}  ({share})", " ".repeat(w - shown.width()), types.join(" | "));
            }
        };
        let pattern_lines = |filter: &dyn Fn(&(String, String, String)) -> bool, out: &mut String| {
            let lines: Vec<(String, usize)> = self
                .patterns
                .iter()
                .filter(|(p, _)| filter(p))
                .map(|((a, t, b), n)| (format!("({a})-[:{}]->({b})", quoted_key(t)), *n))
                .collect();
            if lines.is_empty() {
                out.push_str("  (none)\n");
            }
            let w = lines.iter().map(|(p, _)| p.width()).max().unwrap_or(0);
            for (p, n) in lines {
                let _ = writeln!(out, "  {p}{}  {n}", " ".repeat(w - p.width()));
            }
        };
        if let Some(n) = self.labels.get(name) {
            let marker = format!(":{}", quoted_key(name));
            let has = |labels: &str| labels.split(':').skip(1).any(|l| l == quoted_key(name));
            let _ = writeln!(out, "{marker}: {} nodes", crate::render::text::grouped(*n as u64));
            let _ = writeln!(out, "Property keys:");
            key_table(self.label_keys.get(name).unwrap_or(&BTreeMap::new()), *n, &mut out);
            let _ = writeln!(out, "Relationships out:");
            pattern_lines(&|(a, _, _)| has(a), &mut out);
            let _ = writeln!(out, "Relationships in:");
            pattern_lines(&|(_, _, b)| has(b), &mut out);
            let mine: Vec<&String> = indexes.iter().filter(|i| i.starts_with(&format!("{marker}("))).collect();
            if !mine.is_empty() {
                let _ = writeln!(out, "Indexes: {}", mine.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "));
            }
            return Some(out);
        }
        if let Some(n) = self.types.get(name) {
            let _ = writeln!(out, "[:{}]: {} relationships", quoted_key(name), crate::render::text::grouped(*n as u64));
            let _ = writeln!(out, "Property keys:");
            key_table(self.type_keys.get(name).unwrap_or(&BTreeMap::new()), *n, &mut out);
            let _ = writeln!(out, "Patterns:");
            pattern_lines(&|(_, t, _)| t == name, &mut out);
            return Some(out);
        }
        None
    }

    /// The labels and types `:schema NAME` knows, for its error message.
    pub fn names(&self) -> Vec<&str> {
        self.labels.keys().chain(self.types.keys()).map(String::as_str).collect()
    }

    /// The patterns as a Graphviz graph: a node per label set (with its count), an edge per
    /// pattern labelled with its type and count.
    pub fn dot(&self) -> String {
        use crate::export::dot::Escaped;
        let mut out = String::from(
            "digraph \"schema\" {\n  graph [fontname=\"Helvetica\", rankdir=\"LR\"];\n  node [shape=\"box\", style=\"rounded,filled\", fillcolor=\"#e8eef7\", fontname=\"Helvetica\", fontsize=\"10\"];\n  edge [fontname=\"Helvetica\", fontsize=\"8\", color=\"#555555\"];\n",
        );
        let mut sets: BTreeSet<&str> = self.patterns.keys().flat_map(|(a, _, b)| [a.as_str(), b.as_str()]).collect();
        let singles: Vec<String> = self.labels.keys().map(|l| format!(":{}", quoted_key(l))).collect();
        sets.extend(singles.iter().map(String::as_str));
        let ids: BTreeMap<&str, usize> = sets.iter().enumerate().map(|(i, s)| (*s, i)).collect();
        for (set, i) in &ids {
            let count = match set.strip_prefix(':') {
                Some(l) if !l.contains(':') => self.labels.get(l.trim_matches('`')).map(|n| format!("\n{n}")).unwrap_or_default(),
                _ => String::new(),
            };
            let text = if set.is_empty() { "(no label)".to_string() } else { set.to_string() };
            let _ = writeln!(out, "  \"l{i}\" [label=\"{}\"];", Escaped(&format!("{text}{count}")));
        }
        for ((a, t, b), n) in &self.patterns {
            let _ = writeln!(out, "  \"l{}\" -> \"l{}\" [label=\"{}\"];", ids[a.as_str()], ids[b.as_str()], Escaped(&format!("{t} ({n})")));
        }
        out.push_str("}\n");
        out
    }
}

/// A label's or type's keys as `name`, `name (3)` when only 3 of `total` have it, and
/// `name (+_source)` or `name (3, +_source)` when a `name_source` twin exists (which is then
/// not listed itself).
fn key_list(keys: &BTreeMap<String, KeyUse>, total: usize) -> Vec<String> {
    keys.iter()
        .filter(|(k, _)| !k.strip_suffix("_source").is_some_and(|base| keys.contains_key(base)))
        .map(|(k, u)| {
            let mut notes = Vec::new();
            if u.count < total {
                notes.push(u.count.to_string());
            }
            if keys.contains_key(&format!("{k}_source")) {
                notes.push("+_source".to_string());
            }
            let name = quoted_key(k);
            if notes.is_empty() { name } else { format!("{name} ({})", notes.join(", ")) }
        })
        .collect()
}

/// Writes `items` comma-separated on lines starting with `indent`, at most `width` columns.
fn wrap_list(items: &[String], indent: &str, width: usize, out: &mut String) {
    if items.is_empty() {
        let _ = writeln!(out, "{indent}(no property keys)");
        return;
    }
    let mut line = indent.to_string();
    for (i, item) in items.iter().enumerate() {
        let piece = if i + 1 < items.len() { format!("{item}, ") } else { item.clone() };
        if line.width() + piece.trim_end().width() > width && !line.trim().is_empty() {
            let _ = writeln!(out, "{}", line.trim_end());
            line = indent.to_string();
        }
        line.push_str(&piece);
    }
    let _ = writeln!(out, "{}", line.trim_end());
}

/// A name as a query would write it (backquoted when needed).
pub fn quoted_key(k: &str) -> String {
    let mut s = String::new();
    let _ = write_key(k, &mut s);
    s
}

/// The indexes as `:Label(key)`, sorted (the index table is unordered; the list is sorted
/// so that it reads, and diffs, the same every time).
pub fn index_names(g: &Graph) -> Vec<String> {
    let mut indexes: Vec<String> = g.index_list().map(|(l, k)| format!(":{}({})", quoted_key(g.name(l)), quoted_key(g.name(k)))).collect();
    indexes.sort();
    indexes
}

/// The `:stats` report.
pub fn stats(db: &Database) -> String {
    let g = db.graph();
    let indexes = index_names(g);
    format!(
        "nodes: {}\nrelationships: {}\nlabels: {}\nrelationship types: {}\nindexes: {}{}\n",
        g.node_count(),
        g.rel_count(),
        g.labels_in_use().count(),
        g.types_in_use().count(),
        indexes.len(),
        if indexes.is_empty() { String::new() } else { format!(" ({})", indexes.join(", ")) }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_counts_names() {
        let mut db = Database::new();
        db.execute("CREATE (:A {x: 1})-[:T {w: 2}]->(:A:B:한국 {x: 2, `my key`: 3})").unwrap();
        let s = Schema::of(db.graph());
        assert_eq!(s.labels.get("A"), Some(&2));
        assert_eq!(s.labels.get("B"), Some(&1));
        assert_eq!(s.types.get("T"), Some(&1));
        assert_eq!(s.node_keys.get("x"), Some(&2));
        assert_eq!(s.rel_keys.get("w"), Some(&1));
        assert_eq!(s.keys().collect::<Vec<_>>(), vec!["my key", "w", "x"]);
        let report = s.report(100);
        assert!(report.contains("`my key` (1)"), "{report}");
        assert!(report.contains("Node labels (3), with their property keys:\n  :A (2)\n      `my key` (1), x\n"), "{report}");
        assert!(report.contains("(:A)-[:T]->(:A:B:한국)  1"), "{report}");
        assert!(report.contains(":T (1)\n      w\n"), "{report}");
    }

    #[test]
    fn source_twins_fold_into_their_key_and_lines_wrap() {
        let mut db = Database::new();
        db.execute("CREATE (:Company {name: 'a', rd: 1.5, rd_source: 'doc', alpha: 1, beta: 2, gamma: 3, delta: 4})").unwrap();
        db.execute("CREATE (:Company {name: 'b'})").unwrap();
        let report = Schema::of(db.graph()).report(30);
        assert!(report.contains("rd (1, +_source)") && !report.contains("rd_source"), "{report}");
        assert!(report.contains("2 nodes, 0 relationships."), "{report}");
        let key_lines: Vec<&str> = report.lines().skip(2).take_while(|l| l.starts_with("      ")).collect();
        assert!(key_lines.len() > 1 && key_lines.iter().all(|l| l.width() <= 30), "{report}");
    }

    #[test]
    fn one_label_or_type_in_detail() {
        let mut db = Database::new();
        db.execute("CREATE (c:Company {name: 'a', founded: 1991})-[:MAKES {since: 2013}]->(:Product {name: 'p', tags: ['x']}), (:Company {name: 'b'})").unwrap();
        db.execute("CREATE INDEX FOR (n:Company) ON (n.name)").unwrap();
        let s = Schema::of(db.graph());
        let text = s.detail("Company", &[":Company(name)".to_string()]).unwrap();
        assert!(text.starts_with(":Company: 2 nodes\n"), "{text}");
        assert!(text.contains("founded  Integer  (1 of 2)") && text.contains("name     String  (all)"), "{text}");
        assert!(text.contains("Relationships out:\n  (:Company)-[:MAKES]->(:Product)  1\nRelationships in:\n  (none)"), "{text}");
        assert!(text.contains("Indexes: :Company(name)"), "{text}");
        assert!(s.detail(":Product", &[]).unwrap().contains("tags  List<String>"));
        assert!(s.detail("MAKES", &[]).unwrap().contains("since  Integer  (all)"));
        assert!(s.detail("Nope", &[]).is_none());
        let dot = s.dot();
        assert!(dot.contains("[label=\"MAKES (1)\"]") && dot.contains(":Company\\n2"), "{dot}");
    }

    #[test]
    fn stats_list_indexes_in_order() {
        let mut db = Database::new();
        for (l, k) in [("Z", "b"), ("A", "z"), ("M", "a"), ("A", "b")] {
            db.execute(&format!("CREATE INDEX FOR (n:{l}) ON (n.{k})")).unwrap();
        }
        let report = stats(&db);
        assert!(report.contains("indexes: 4 (:A(b), :A(z), :M(a), :Z(b))"), "{report}");
    }
}
