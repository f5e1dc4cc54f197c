//! The schema procedures (`db.labels`, `db.relationshipTypes`, `db.propertyKeys`,
//! `db.schema.visualization`, `db.indexes`) checked against what queries over the same
//! graph say, and procedure arguments with defaults.

use std::collections::BTreeSet;

use ieum::procedures::{Field, Procedure};
use ieum::value::ValueType;
use ieum::{Database, Value};

fn rows(db: &mut Database, q: &str) -> Vec<Vec<Value>> {
    db.execute(q).unwrap_or_else(|e| panic!("{q}: {e}")).rows
}

fn strings(db: &mut Database, q: &str) -> Vec<String> {
    rows(db, q)
        .into_iter()
        .map(|r| match &r[0] {
            Value::String(s) => s.to_string(),
            other => panic!("{q}: not a string: {other}"),
        })
        .collect()
}

fn set(v: Vec<String>) -> BTreeSet<String> {
    v.into_iter().collect()
}

#[test]
fn labels_types_and_keys_are_those_in_use() {
    let mut db = ieum::bundled::database().unwrap();
    let labels = strings(&mut db, "CALL db.labels() YIELD label RETURN label");
    assert_eq!(set(labels.clone()), set(strings(&mut db, "MATCH (n) UNWIND labels(n) AS l RETURN DISTINCT l")));
    assert!(labels.windows(2).all(|w| w[0] < w[1]), "sorted, each once");
    // standalone, with and without parentheses: Neo4j's column name
    for q in ["CALL db.labels()", "CALL db.labels"] {
        let r = db.execute(q).unwrap();
        assert_eq!(r.columns, ["label"]);
        assert_eq!(r.rows.len(), labels.len());
    }
    let types = strings(&mut db, "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType");
    assert_eq!(set(types), set(strings(&mut db, "MATCH ()-[r]->() RETURN DISTINCT type(r)")));
    assert_eq!(db.execute("CALL db.relationshipTypes").unwrap().columns, ["relationshipType"]);
    let keys = strings(&mut db, "CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey");
    let used = strings(&mut db, "MATCH (n) UNWIND keys(n) AS k RETURN k UNION MATCH ()-[r]->() UNWIND keys(r) AS k RETURN k");
    assert_eq!(set(keys), set(used));
    assert_eq!(db.execute("CALL db.propertyKeys").unwrap().columns, ["propertyKey"]);
    // YIELD ... WHERE, and a label no node carries any more
    let c = strings(&mut db, "CALL db.labels() YIELD label WHERE label STARTS WITH 'C' RETURN label");
    assert!(c.contains(&"Company".to_string()) && c.iter().all(|l| l.starts_with('C')));
    rows(&mut db, "MATCH (s:Standard) DETACH DELETE s");
    assert!(!strings(&mut db, "CALL db.labels() YIELD label RETURN label").contains(&"Standard".to_string()));
}

#[test]
fn schema_visualization_lists_labels_and_their_connections() {
    let mut db = ieum::bundled::database().unwrap();
    let r = db.execute("CALL db.schema.visualization()").unwrap();
    assert_eq!(r.columns, ["nodes", "relationships"]);
    assert_eq!(r.rows.len(), 1);
    let names = strings(&mut db, "CALL db.schema.visualization() YIELD nodes UNWIND nodes AS n RETURN n.name");
    assert_eq!(set(names), set(strings(&mut db, "CALL db.labels() YIELD label RETURN label")));
    let triples = strings(
        &mut db,
        "CALL db.schema.visualization() YIELD relationships UNWIND relationships AS r RETURN r.start + ' ' + r.type + ' ' + r.end",
    );
    let seen =
        strings(&mut db, "MATCH (a)-[r]->(b) UNWIND labels(a) AS la UNWIND labels(b) AS lb RETURN DISTINCT la + ' ' + type(r) + ' ' + lb");
    assert_eq!(triples.len(), seen.len());
    assert_eq!(set(triples), set(seen));
    let indexed = strings(
        &mut db,
        "CALL db.schema.visualization() YIELD nodes UNWIND nodes AS n WITH n WHERE n.name = 'Company' UNWIND n.indexes AS k RETURN k",
    );
    assert_eq!(set(indexed), set(vec!["id".into(), "name".into()]));
}

#[test]
fn indexes_are_listed_with_neo4j_columns() {
    let mut db = Database::new();
    assert!(rows(&mut db, "CALL db.indexes()").is_empty());
    rows(&mut db, "CREATE INDEX FOR (p:Person) ON (p.name)");
    rows(&mut db, "CREATE CONSTRAINT FOR (c:Company) REQUIRE c.id IS UNIQUE");
    let r = db.execute("CALL db.indexes()").unwrap();
    assert_eq!(
        r.columns,
        ["id", "name", "state", "populationPercent", "uniqueness", "type", "entityType", "labelsOrTypes", "properties", "provider"]
    );
    let got = rows(
        &mut db,
        "CALL db.indexes() YIELD labelsOrTypes, properties, uniqueness, state, entityType RETURN labelsOrTypes[0], properties[0], uniqueness, state, entityType",
    );
    let s = |x: &str| Value::str(x);
    assert_eq!(
        got,
        [
            vec![s("Company"), s("id"), s("UNIQUE"), s("ONLINE"), s("NODE")],
            vec![s("Person"), s("name"), s("NONUNIQUE"), s("ONLINE"), s("NODE")],
        ]
    );
    let bundled = ieum::bundled::database().unwrap().execute("CALL db.indexes() YIELD name RETURN count(*)").unwrap();
    let mut db = ieum::bundled::database().unwrap();
    let labels = rows(&mut db, "CALL db.labels() YIELD label RETURN count(*)");
    // the bundled graph indexes `name` and `id` for every label
    assert_eq!(bundled.rows[0][0], Value::Int(2 * if let Value::Int(n) = labels[0][0] { n } else { panic!() }));
}

#[test]
fn arguments_with_defaults_may_be_left_out() {
    let mut db = Database::new();
    let table = vec![
        vec![Value::Int(1), Value::str("x"), Value::str("one, x")],
        vec![Value::Int(1), Value::str("y"), Value::str("one, y")],
        vec![Value::Int(2), Value::str("x"), Value::str("two, x")],
    ];
    db.register_procedure(Procedure::table(
        "test.pick",
        vec![Field::new("n", Some(ValueType::Integer), false), Field::optional("which", Some(ValueType::String), Value::str("x"))],
        vec![Field::new("out", Some(ValueType::String), false)],
        table,
    ));
    let out = |db: &mut Database, q: &str| rows(db, q).into_iter().map(|r| r[0].clone()).collect::<Vec<_>>();
    assert_eq!(out(&mut db, "CALL test.pick(1) YIELD out RETURN out"), [Value::str("one, x")]);
    assert_eq!(out(&mut db, "CALL test.pick(1, 'y') YIELD out RETURN out"), [Value::str("one, y")]);
    assert_eq!(out(&mut db, "CALL test.pick(2)"), [Value::str("two, x")]);
    let err = db.execute("CALL test.pick()").unwrap_err();
    assert_eq!(err.code(), "InvalidNumberOfArguments");
    assert!(err.to_string().contains("takes 1 to 2 argument(s), 0 given"), "{err}");
    // standalone without parentheses: parameters by name, defaults for the others
    let params = [("n".to_string(), Value::Int(2))].into_iter().collect();
    let r = db.execute_with("CALL test.pick", &ieum::QueryOptions { params, ..Default::default() }).unwrap();
    assert_eq!(r.rows, [vec![Value::str("two, x")]]);
}
