//! Crash safety and multi-process behaviour of the real `ieum` binary: a writer fed
//! statements one at a time through `ieum run --db DIR -` is killed (SIGKILL) at random
//! moments, with checkpoints happening along the way; after each kill every acknowledged
//! statement is there and no statement is there in part. Also: a second writer is refused
//! naming the first, read-only leaves the directory byte-identical, and `ieum import`.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use ieum::{Database, Value};

mod support;
use support::listing;

fn ieum() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ieum"))
}

fn writer(db: &Path) -> Child {
    ieum()
        .args(["run", "--format", "json", "--db"])
        .arg(db)
        .arg("-")
        // small, so that checkpoints happen (and get killed) during the test
        .env("IEUM_CHECKPOINT_BYTES", "4000")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// A small pseudo-random generator (xorshift), seeded from the clock.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// The `k` of every `:T` node, and whether each has its `:U` partner and relationship.
fn committed(db: &Path) -> Vec<(i64, bool)> {
    // Killed before it had written its first snapshot: nothing can have been committed (the
    // caller checks that nothing was acknowledged either).
    if !db.join("snapshot.ieum").exists() && !db.join("wal.ieum").exists() {
        return Vec::new();
    }
    let mut d = Database::open(db, true).unwrap_or_else(|e| panic!("reopening after a kill: {e}"));
    let r = d.execute("MATCH (t:T) OPTIONAL MATCH (t)-[:NEXT]->(u:U {k: t.k}) RETURN t.k, u IS NOT NULL ORDER BY t.k").unwrap();
    r.rows
        .iter()
        .map(|row| match (&row[0], &row[1]) {
            (Value::Int(k), Value::Bool(b)) => (*k, *b),
            other => panic!("unexpected row {other:?}"),
        })
        .collect()
}

#[test]
fn acknowledged_statements_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let seed = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64) | 1;
    eprintln!("crash test seed {seed}");
    let mut rng = Rng(seed);
    let started = Instant::now();
    let mut acked = 0i64;
    let mut rounds = 0;
    while rounds < 30 && started.elapsed() < Duration::from_secs(40) {
        rounds += 1;
        let mut child = writer(&db);
        let mut stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let kill_after = rng.below(60);
        let mut line = String::new();
        for i in 0..kill_after {
            let k = acked;
            // one statement, three changes: all or none of them must survive
            let pad = "x".repeat(rng.below(300) as usize);
            let sent = writeln!(stdin, "CREATE (:T {{k: {k}, pad: '{pad}'}})-[:NEXT]->(:U {{k: {k}}});").and_then(|_| stdin.flush());
            if sent.is_err() {
                break;
            }
            if i + 1 == kill_after && rng.below(2) == 0 {
                // kill while the statement is in flight
                break;
            }
            line.clear();
            if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            assert!(line.contains("\"nodes_created\": 2"), "unexpected output {line}");
            acked += 1;
        }
        std::thread::sleep(Duration::from_micros(rng.below(3000)));
        child.kill().unwrap();
        child.wait().unwrap();
        let found = committed(&db);
        assert!(found.iter().all(|(_, whole)| *whole), "a statement survived in part: {found:?}");
        let ks: Vec<i64> = found.iter().map(|(k, _)| *k).collect();
        // every acknowledged statement is there; at most the one in flight besides
        assert!(ks.len() as i64 == acked || ks.len() as i64 == acked + 1, "round {rounds}: {} acknowledged, found {}", acked, ks.len());
        assert_eq!(ks, (0..ks.len() as i64).collect::<Vec<_>>(), "round {rounds}: statements are missing or repeated");
        acked = ks.len() as i64;
    }
    assert!(rounds >= 10, "only {rounds} rounds ran");
    assert!(acked > 0, "no statement was ever acknowledged");
}

#[test]
fn a_second_writer_process_is_refused_naming_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let mut first = writer(&db);
    let mut stdin = first.stdin.take().unwrap();
    let mut stdout = BufReader::new(first.stdout.take().unwrap());
    writeln!(stdin, "CREATE (:T {{k: 0}});").unwrap();
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let out = ieum().args(["query", "--db"]).arg(&db).arg("CREATE (:Other)").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(&format!("process {}", first.id())), "{err}");
    // a reader is welcome meanwhile, and sees what was committed
    let out = ieum().args(["query", "--read-only", "-f", "csv", "--db"]).arg(&db).arg("MATCH (t:T) RETURN count(*) AS n").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().last(), Some("1"));
    drop(stdin);
    assert!(first.wait().unwrap().success());
}

#[test]
fn read_only_leaves_the_directory_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let out = ieum().args(["query", "--db"]).arg(&db).arg("CREATE (:A {n: 1}); CREATE (:A {n: 2})").output().unwrap();
    assert!(out.status.success());
    // leave a log with records and no lock file behind, as a killed writer would
    fs::remove_file(db.join("LOCK")).unwrap();
    let mut d = Database::open(&db, false).unwrap();
    d.execute("CREATE (:A {n: 3})").unwrap();
    drop(d);
    fs::remove_file(db.join("LOCK")).unwrap();
    let before = listing(&db);
    let out = ieum().args(["query", "--read-only", "-f", "csv", "--db"]).arg(&db).arg("MATCH (a:A) RETURN count(*) AS n").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().last(), Some("3"));
    let out = ieum().args(["query", "--read-only", "--db"]).arg(&db).arg("CREATE (:A)").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(listing(&db), before);
}

#[test]
fn import_loads_everything_or_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db");
    let nodes = dir.path().join("nodes.csv");
    let rels = dir.path().join("rels.csv");
    fs::write(&nodes, "id:ID,:LABEL,name,founded:int\nc1,Company,Celltrion,2002\nc2,Company,Samsung Biologics,2011\np1,Product,Remsima,\n")
        .unwrap();
    fs::write(&rels, ":START_ID,:END_ID,:TYPE\nc1,p1,MANUFACTURES\n").unwrap();
    let out = ieum().args(["import", "--db"]).arg(&db).arg("--nodes").arg(&nodes).arg("--relationships").arg(&rels).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("imported 3 nodes and 1 relationship into"), "{err}");
    let before = listing(&db);
    fs::write(&rels, ":START_ID,:END_ID,:TYPE,since:int\nc1,p1,MANUFACTURES,2013\nc2,nope,PARTNERS,2020\nc1,c2,PARTNERS,soon\n").unwrap();
    let out = ieum().args(["import", "--db"]).arg(&db).arg("--nodes").arg(&nodes).arg("--relationships").arg(&rels).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let name = rels.display().to_string();
    assert!(err.contains(&format!("{name}:3: no node has id 'nope'")), "{err}");
    assert!(err.contains(&format!("{name}:4: column since")), "{err}");
    // the same nodes again: the database holds them already
    assert!(err.contains(&format!("{}:2: id 'c1' belongs to a node the database holds already", nodes.display())), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    fs::remove_file(db.join("LOCK")).ok();
    let mut after = listing(&db);
    after.retain(|(n, _)| n != "LOCK");
    let mut before = before;
    before.retain(|(n, _)| n != "LOCK");
    assert_eq!(after, before, "a failed import leaves the database as it was");
    let out = ieum()
        .args(["query", "-f", "csv", "--db"])
        .arg(&db)
        .arg("MATCH (c:Company)-[:MANUFACTURES]->(p) RETURN c.name, p.name")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "c.name,p.name\nCelltrion,Remsima");
}

#[test]
fn run_answers_each_statement_before_its_input_ends() {
    let mut child = ieum()
        .args(["run", "--memory", "-f", "json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    // a statement split over two writes, then one more: each answered while stdin stays open
    write!(stdin, "CREATE (:A {{s: 'x;y'}})").unwrap();
    stdin.flush().unwrap();
    assert!(rx.recv_timeout(Duration::from_millis(300)).is_err(), "answered before the `;` arrived");
    // no newline after the `;`: the statement is complete all the same
    write!(stdin, ";").unwrap();
    stdin.flush().unwrap();
    let first = rx.recv_timeout(Duration::from_secs(10)).expect("no answer while input is still open");
    assert!(first.contains("\"nodes_created\": 1"), "{first}");
    writeln!(stdin, "MATCH (a:A) RETURN a.s AS s;").unwrap();
    stdin.flush().unwrap();
    let second = rx.recv_timeout(Duration::from_secs(10)).expect("no answer to the second statement");
    assert!(second.contains("x;y"), "{second}");
    drop(stdin);
    assert!(child.wait().unwrap().success());
}
