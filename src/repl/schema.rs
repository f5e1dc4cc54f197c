//! What the graph holds, for people: the labels, relationship types and property keys with
//! their counts (`:schema`, and the names tab completion offers) and the size of the graph
//! (`:stats`). The documents behind a result (`:sources`) are `crate::evidence`'s.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use crate::db::Database;
use crate::store::Graph;
use crate::value::write_key;

/// Names in use in a graph, each with how many entities carry it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Schema {
    pub labels: BTreeMap<String, usize>,
    pub types: BTreeMap<String, usize>,
    /// Property keys of nodes.
    pub node_keys: BTreeMap<String, usize>,
    /// Property keys of relationships.
    pub rel_keys: BTreeMap<String, usize>,
}

impl Schema {
    /// Reads the names in use in `g` (one pass over every node and relationship).
    pub fn of(g: &Graph) -> Schema {
        let name = |s| g.name(s).to_string();
        let mut node_keys = BTreeMap::new();
        for n in g.node_records() {
            for k in n.props.keys() {
                *node_keys.entry(name(k)).or_insert(0) += 1;
            }
        }
        let mut rel_keys = BTreeMap::new();
        for (r, _, _) in g.rel_records() {
            for k in r.props.keys() {
                *rel_keys.entry(name(k)).or_insert(0) += 1;
            }
        }
        Schema {
            labels: g.labels_in_use().map(|(l, n)| (name(l), n)).collect(),
            types: g.types_in_use().map(|(t, n)| (name(t), n)).collect(),
            node_keys,
            rel_keys,
        }
    }

    /// Every property key, of nodes and relationships.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        let mut all: Vec<&str> = self.node_keys.keys().chain(self.rel_keys.keys()).map(String::as_str).collect();
        all.sort_unstable();
        all.dedup();
        all.into_iter()
    }

    /// The `:schema` report: four sections of `name  count` lines.
    pub fn report(&self) -> String {
        let mut out = String::new();
        for (title, map, prefix) in [
            ("Node labels", &self.labels, ":"),
            ("Relationship types", &self.types, ":"),
            ("Node property keys", &self.node_keys, ""),
            ("Relationship property keys", &self.rel_keys, ""),
        ] {
            let _ = writeln!(out, "{title} ({}):", map.len());
            if map.is_empty() {
                out.push_str("  (none)\n");
            }
            let names: Vec<String> = map.keys().map(|k| format!("{prefix}{}", quoted_key(k))).collect();
            let width = names.iter().map(|k| k.width()).max().unwrap_or(0);
            for (name, n) in names.iter().zip(map.values()) {
                let _ = writeln!(out, "  {name}{}  {n}", " ".repeat(width - name.width()));
            }
        }
        out
    }
}

/// A name as a query would write it (backquoted when needed).
pub fn quoted_key(k: &str) -> String {
    let mut s = String::new();
    let _ = write_key(k, &mut s);
    s
}

/// The `:stats` report.
pub fn stats(db: &Database) -> String {
    let g = db.graph();
    let mut indexes: Vec<String> = g.index_list().map(|(l, k)| format!(":{}({})", quoted_key(g.name(l)), quoted_key(g.name(k)))).collect();
    // the index table is unordered; the report is sorted so that it reads (and diffs) the same
    indexes.sort();
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
        let report = s.report();
        assert!(report.contains("`my key`"), "{report}");
        assert!(report.contains("Node labels (3):"), "{report}");
        let columns: Vec<usize> = report.lines().skip(1).take(3).map(|l| l[..l.rfind(' ').unwrap_or(0)].width()).collect();
        assert_eq!(columns, vec![columns[0]; 3], "counts line up: {report}");
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
