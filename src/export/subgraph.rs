//! The subgraph an export writes: the nodes and relationships a query result mentions
//! (anywhere in its rows, also inside paths, lists and maps), closed under relationship
//! ends, optionally widened to the induced subgraph of the returned nodes; or the whole
//! graph.
//!
//! The result already carries its entities de-duplicated and in id order
//! ([`QueryResult::entities`]); this module only completes them from the live graph.

use crate::db::Database;
use crate::exec::materialize;
use crate::result::{Entities, NodeEntity, QueryResult};
use crate::store::Dir;
use crate::value::Value;

/// The subgraph of `result`. Every relationship's start and end node is included, so the
/// subgraph is a graph on its own. With `induced`, every live relationship between two of
/// its nodes is added as well.
pub fn of_result(result: &QueryResult, db: &Database, induced: bool) -> Entities {
    let mut sub = result.entities.clone();
    let g = db.graph();
    let mut extra: Vec<Value> = Vec::new();
    for r in sub.rels.values() {
        for end in [r.start_slot, r.end_slot] {
            if !sub.nodes.contains_key(&end) {
                extra.push(Value::Node(end));
            }
        }
    }
    if induced {
        for &id in sub.nodes.keys() {
            for step in g.steps(id, Dir::Out, &[]) {
                if sub.nodes.contains_key(&step.other) && !sub.rels.contains_key(&step.rel) {
                    extra.push(Value::Rel(step.rel));
                }
            }
        }
    }
    let more = materialize(g, &[extra]);
    sub.nodes.extend(more.nodes);
    sub.rels.extend(more.rels);
    // An end node deleted by the statement itself is gone from the graph: keep the edge
    // drawable with a bare node of that id.
    let missing: Vec<_> = sub
        .rels
        .values()
        .flat_map(|r| [(r.start_slot, r.start), (r.end_slot, r.end)])
        .filter(|(n, _)| !sub.nodes.contains_key(n))
        .collect();
    for (slot, id) in missing {
        sub.nodes.insert(slot, NodeEntity { id, slot, labels: Vec::new(), properties: Default::default() });
    }
    sub
}

/// Every node and relationship of the database.
pub fn whole(db: &Database) -> Entities {
    db.contents()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Database {
        let mut db = Database::new();
        db.execute("CREATE (a:A {name: 'a'})-[:R]->(b:B {name: 'b'})-[:S]->(c:C {name: 'c'}), (a)-[:T]->(c)").unwrap();
        db
    }

    #[test]
    fn a_bare_relationship_brings_its_ends() {
        let mut db = db();
        let r = db.execute("MATCH ()-[r:R]->() RETURN r").unwrap();
        let sub = of_result(&r, &db, false);
        assert_eq!((sub.nodes.len(), sub.rels.len()), (2, 1));
    }

    #[test]
    fn induced_adds_relationships_between_returned_nodes() {
        let mut db = db();
        let r = db.execute("MATCH (n) WHERE n.name IN ['a', 'c'] RETURN collect(n) AS ns").unwrap();
        assert_eq!((of_result(&r, &db, false).nodes.len(), of_result(&r, &db, false).rels.len()), (2, 0));
        let sub = of_result(&r, &db, true);
        assert_eq!((sub.nodes.len(), sub.rels.len()), (2, 1));
        assert_eq!(&*sub.rels.values().next().unwrap().rel_type, "T");
    }

    #[test]
    fn paths_inside_maps_count_once() {
        let mut db = db();
        let r = db.execute("MATCH p = (:A)-[*1..2]->(:C) RETURN {paths: collect(p)} AS m, p").unwrap();
        let sub = of_result(&r, &db, false);
        assert_eq!((sub.nodes.len(), sub.rels.len()), (3, 3));
        assert_eq!(whole(&db).rels.len(), 3);
    }
}
