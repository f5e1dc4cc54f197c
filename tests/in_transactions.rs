//! `CALL { ... } IN TRANSACTIONS` on a database directory: each batch is durable on its own,
//! so the batches committed before a failing one survive a reopening.

use ieum::Database;
use ieum::value::Value;

fn count(db: &mut Database, label: &str) -> Value {
    db.execute(&format!("MATCH (n:{label}) RETURN count(n) AS c")).unwrap().rows[0][0].clone()
}

#[test]
fn committed_batches_survive_a_later_failure_and_a_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    {
        let mut db = Database::open(&path, false).unwrap();
        let err = db.execute("UNWIND range(1, 10) AS i CALL (i) { CREATE (:B {i: 10 / (i - 7)}) } IN TRANSACTIONS OF 3 ROWS").unwrap_err();
        assert_eq!(err.code(), "DivisionByZero");
        // batches 1-3 and 4-6 were committed; the one holding i = 7 was undone
        assert_eq!(count(&mut db, "B"), Value::Int(6));
    }
    let mut reopened = Database::open(&path, true).unwrap();
    assert_eq!(count(&mut reopened, "B"), Value::Int(6));
}

#[test]
fn batches_report_what_they_changed_and_refuse_a_read_only_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    {
        let mut db = Database::open(&path, false).unwrap();
        let r = db.execute("UNWIND range(1, 5) AS i CALL (i) { CREATE (:B {i: i}) } IN TRANSACTIONS OF 2 ROWS").unwrap();
        assert_eq!(r.stats.nodes_created, 5);
    }
    let mut ro = Database::open(&path, true).unwrap();
    let err = ro.execute("UNWIND range(1, 5) AS i CALL (i) { CREATE (:B {i: i}) } IN TRANSACTIONS").unwrap_err();
    assert_eq!(err.code(), "ReadOnly");
    assert_eq!(count(&mut ro, "B"), Value::Int(5));
}
