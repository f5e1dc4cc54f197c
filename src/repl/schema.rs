//! What the graph holds, for people: the labels, relationship types and property keys with
//! their counts (`:schema`, and the names tab completion offers), the size of the graph
//! (`:stats`), and the documents behind the relationships of a result (`:sources`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use crate::db::Database;
use crate::result::QueryResult;
use crate::store::Graph;
use crate::value::{NodeId, Value, write_key};

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

/// A short name for a node: its `name` property, else its id property, else `#id`.
fn node_name(g: &Graph, id: NodeId) -> String {
    let rec = g.node(id);
    for key in ["name", "title", "id"] {
        if let (Some(rec), Some(k)) = (rec, g.sym(key))
            && let Some(Value::String(s)) = rec.props.get(k)
        {
            return s.to_string();
        }
    }
    format!("#{}", id.0)
}

/// The titles of the `Document` nodes, by their `file` property.
fn document_titles(g: &Graph) -> BTreeMap<String, String> {
    let (Some(label), Some(file), Some(title)) = (g.sym("Document"), g.sym("file"), g.sym("title")) else {
        return BTreeMap::new();
    };
    g.nodes_with_label(label)
        .filter_map(|id| {
            let rec = g.node(id)?;
            match (rec.props.get(file), rec.props.get(title)) {
                (Some(Value::String(f)), Some(Value::String(t))) => Some((f.to_string(), t.to_string())),
                _ => None,
            }
        })
        .collect()
}

/// The `:sources` report: for every relationship of the result, the fact it states and the
/// document and lines (its `source` and `lines` properties) that support it.
pub fn sources(r: &QueryResult, db: &Database) -> String {
    if r.entities.rels.is_empty() {
        return "the last result holds no relationships: return some (e.g. MATCH p = (a)-[r]->(b) RETURN r) to see their sources\n"
            .to_string();
    }
    let g = db.graph();
    let titles = document_titles(g);
    let mut by_doc: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for rel in r.entities.rels.values() {
        let fact = format!("({})-[:{}]->({})", node_name(g, rel.start), quoted_key(&rel.rel_type), node_name(g, rel.end));
        let source = match rel.properties.get("source") {
            Some(Value::String(s)) => s.to_string(),
            Some(other) => other.to_string(),
            None => "(no source recorded)".to_string(),
        };
        let lines = match rel.properties.get("lines") {
            Some(Value::List(items)) => {
                let nums: Vec<String> = items.iter().map(|v| v.to_string()).collect();
                format!("line{} {}", if nums.len() == 1 { "" } else { "s" }, nums.join(", "))
            }
            Some(other) => format!("lines {other}"),
            None => "no lines recorded".to_string(),
        };
        by_doc.entry(source).or_default().push(format!("{fact}  ({lines})"));
    }
    let mut out = String::new();
    for (doc, facts) in by_doc {
        match titles.get(&doc) {
            Some(t) => {
                let _ = writeln!(out, "{doc} — {t}");
            }
            None => {
                let _ = writeln!(out, "{doc}");
            }
        }
        for f in facts {
            let _ = writeln!(out, "  {f}");
        }
    }
    out
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

    #[test]
    fn sources_group_facts_by_document() {
        let mut db = Database::new();
        db.execute("CREATE (:Document {file: 'a.txt', title: 'Report A'})").unwrap();
        let r = db
            .execute(
                "CREATE (c:Company {name: '셀트리온'})-[r:MAKES {source: 'a.txt', lines: [3, 4]}]->(p:Product {name: 'Remsima'}) RETURN r",
            )
            .unwrap();
        let text = sources(&r, &db);
        assert!(text.starts_with("a.txt — Report A\n"), "{text}");
        assert!(text.contains("(셀트리온)-[:MAKES]->(Remsima)  (lines 3, 4)"), "{text}");
        let none = db.execute("RETURN 1 AS x").unwrap();
        assert!(sources(&none, &db).contains("no relationships"));
    }
}
