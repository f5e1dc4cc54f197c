//! The durable store through the library: random graphs (with deletions, so ids have holes)
//! survive a snapshot, a log replay and both together exactly; damaged files give clear
//! errors naming the file; one writer at a time.

use std::fs;
use std::path::Path;

use ieum::{Database, Value};
use proptest::prelude::*;

mod support;
use support::listing;

/// One random step of a workload; node numbers may name nodes that are gone.
#[derive(Clone, Debug)]
enum Op {
    Node(u8, i64),
    Rel(u8, u8, i64),
    Delete(u8),
    Set(u8, i64),
    Unset(u8),
    Label(u8, u8),
    Unlabel(u8, u8),
    Index(u8),
    Checkpoint,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0u8..4, any::<i64>()).prop_map(|(l, v)| Op::Node(l, v)),
        3 => (0u8..24, 0u8..24, -5i64..5).prop_map(|(a, b, w)| Op::Rel(a, b, w)),
        2 => (0u8..24).prop_map(Op::Delete),
        2 => (0u8..24, any::<i64>()).prop_map(|(n, v)| Op::Set(n, v)),
        1 => (0u8..24).prop_map(Op::Unset),
        1 => (0u8..24, 0u8..4).prop_map(|(n, l)| Op::Label(n, l)),
        1 => (0u8..24, 0u8..4).prop_map(|(n, l)| Op::Unlabel(n, l)),
        1 => (0u8..4).prop_map(Op::Index),
        1 => Just(Op::Checkpoint),
    ]
}

fn statement(op: &Op) -> Option<String> {
    Some(match op {
        Op::Node(l, v) => format!("CREATE (:L{l} {{v: {v}, s: 'n{v}', f: {}.5, l: [1, 'x']}})", v % 100),
        Op::Rel(a, b, w) => format!("MATCH (a), (b) WHERE id(a) = {a} AND id(b) = {b} CREATE (a)-[:R{} {{w: {w}}}]->(b)", w.rem_euclid(2)),
        Op::Delete(n) => format!("MATCH (n) WHERE id(n) = {n} DETACH DELETE n"),
        Op::Set(n, v) => format!("MATCH (n) WHERE id(n) = {n} SET n.v = {v}, n.t = true"),
        Op::Unset(n) => format!("MATCH (n) WHERE id(n) = {n} REMOVE n.v"),
        Op::Label(n, l) => format!("MATCH (n) WHERE id(n) = {n} SET n:L{l}"),
        Op::Unlabel(n, l) => format!("MATCH (n) WHERE id(n) = {n} REMOVE n:L{l}"),
        Op::Index(l) => format!("CREATE INDEX IF NOT EXISTS FOR (n:L{l}) ON (n.v)"),
        Op::Checkpoint => return None,
    })
}

/// Runs the workload on `db`, checkpointing where it says so when `checkpoints` is set.
fn run(db: &mut Database, ops: &[Op], checkpoints: bool) {
    for op in ops {
        match statement(op) {
            Some(s) => {
                db.execute(&s).unwrap_or_else(|e| panic!("{s}: {e}"));
            }
            None if checkpoints => {
                db.checkpoint().unwrap();
            }
            None => {}
        }
    }
}

/// Nodes (public id, labels as a set, properties) and relationships (public id, type,
/// start, end, properties), by public id.
type Contents = (Vec<(u64, Vec<String>, String)>, Vec<(u64, String, u64, u64, String)>);

/// What must survive: every entity (by its public id: slots are the store's business and
/// change when a snapshot compacts them) and what an indexed lookup finds.
fn state(db: &mut Database) -> (Contents, Vec<Vec<Value>>) {
    let c = db.contents();
    let mut nodes: Vec<_> = c
        .nodes
        .values()
        .map(|n| {
            let mut labels: Vec<String> = n.labels.iter().map(|l| l.to_string()).collect();
            labels.sort();
            (n.id, labels, format!("{:?}", n.properties))
        })
        .collect();
    nodes.sort_by_key(|n| n.0);
    let mut rels: Vec<_> = c.rels.values().map(|r| (r.id, r.rel_type.to_string(), r.start, r.end, format!("{:?}", r.properties))).collect();
    rels.sort_by_key(|r| r.0);
    let probe = db.execute("MATCH (n:L1) WHERE n.v IS NOT NULL RETURN n.v ORDER BY n.v").unwrap().rows;
    ((nodes, rels), probe)
}

fn next_ids(db: &mut Database) -> Vec<Vec<Value>> {
    db.execute("CREATE (a)-[r:NEXT]->(a) RETURN id(a), id(r)").unwrap().rows
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn snapshot_and_log_together_restore_the_graph_exactly(ops in prop::collection::vec(op(), 1..60), checkpoints in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let mut reference = Database::new();
        run(&mut reference, &ops, false);
        {
            let mut db = Database::open(&path, false).unwrap();
            run(&mut db, &ops, checkpoints);
            // dropped without a checkpoint: whatever is not in a snapshot is in the log
        }
        let mut reopened = Database::open(&path, false).unwrap();
        prop_assert_eq!(state(&mut reopened), state(&mut reference));
        // the same after folding everything into a snapshot
        reopened.checkpoint().unwrap();
        drop(reopened);
        let mut again = Database::open(&path, true).unwrap();
        prop_assert_eq!(state(&mut again), state(&mut reference));
        drop(again);
        let mut writable = Database::open(&path, false).unwrap();
        prop_assert_eq!(next_ids(&mut writable), next_ids(&mut reference));
    }
}

/// A database with a snapshot and two logged statements after it.
fn sample(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("db");
    let mut db = Database::open(&path, false).unwrap();
    db.execute("CREATE (:A {n: 1})-[:R]->(:B {n: 2})").unwrap();
    db.checkpoint().unwrap();
    db.execute("CREATE (:C {n: 3})").unwrap();
    db.execute("CREATE (:C {n: 4})").unwrap();
    path
}

fn count(db: &mut Database) -> i64 {
    match db.execute("MATCH (n) RETURN count(*)").unwrap().rows[0][0] {
        Value::Int(n) => n,
        ref v => panic!("count is {v:?}"),
    }
}

fn open_err(path: &Path) -> String {
    match Database::open(path, false) {
        Ok(_) => panic!("opened a damaged database"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn damaged_snapshots_are_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample(dir.path());
    let snap = path.join("snapshot.ieum");
    let good = fs::read(&snap).unwrap();
    let mut future = good.clone();
    future[8] = 200;
    let mut flipped = good.clone();
    let mid = good.len() / 2 + 12;
    flipped[mid] ^= 0x10;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", vec![]),
        ("truncated", good[..good.len() - 5].to_vec()),
        ("truncated", good[..12].to_vec()),
        ("magic", b"PK\x03\x04 this is a zip file, not a snapshot".to_vec()),
        ("newer ieum", future),
        ("checksum", flipped),
    ];
    for (what, bytes) in cases {
        fs::write(&snap, &bytes).unwrap();
        let before = listing(&path);
        let msg = open_err(&path);
        assert!(msg.contains(&snap.display().to_string()) && msg.contains(what), "{what}: {msg}");
        assert_eq!(listing(&path), before, "{what}: the files must be left as they are");
        assert!(Database::open(&path, true).is_err());
    }
}

#[test]
fn a_torn_last_record_is_dropped_and_cut_off_at_the_next_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample(dir.path());
    let wal = path.join("wal.ieum");
    let full = fs::read(&wal).unwrap();
    // cut the last record in its middle, as a crash during the append would
    fs::write(&wal, &full[..full.len() - 3]).unwrap();
    let before = listing(&path);
    assert_eq!(count(&mut Database::open(&path, true).unwrap()), 3, "the torn statement is dropped");
    assert_eq!(listing(&path), before, "read-only changes nothing, not even the torn tail");
    let mut db = Database::open(&path, false).unwrap();
    assert_eq!(count(&mut db), 3);
    db.execute("CREATE (:D)").unwrap();
    drop(db);
    let mut db = Database::open(&path, false).unwrap();
    assert_eq!(count(&mut db), 4, "the next write replaced the torn record");
}

#[test]
fn damage_inside_the_log_is_an_error_with_file_and_offset() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample(dir.path());
    let wal = path.join("wal.ieum");
    let good = fs::read(&wal).unwrap();
    // the first record starts right after the 24-byte header; damage its payload
    let mut bytes = good.clone();
    bytes[24 + 12 + 2] ^= 0xff;
    fs::write(&wal, &bytes).unwrap();
    let before = listing(&path);
    let msg = open_err(&path);
    assert!(msg.contains(&wal.display().to_string()) && msg.contains("offset 24"), "{msg}");
    assert_eq!(listing(&path), before);
    // the record header's length too
    let mut bytes = good.clone();
    bytes[24] ^= 0x01;
    fs::write(&wal, &bytes).unwrap();
    assert!(open_err(&path).contains("offset 24"));
    for (what, bytes) in [
        ("empty", vec![]),
        ("magic", b"garbage that is long enough for a header".to_vec()),
        ("newer ieum", {
            let mut b = good.clone();
            b[8] = 7;
            b
        }),
    ] {
        fs::write(&wal, &bytes).unwrap();
        let msg = open_err(&path);
        assert!(msg.contains(&wal.display().to_string()) && msg.contains(what), "{what}: {msg}");
    }
}

#[test]
fn a_log_already_folded_into_the_snapshot_is_not_replayed_twice() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample(dir.path());
    let old_log = fs::read(path.join("wal.ieum")).unwrap();
    let mut db = Database::open(&path, false).unwrap();
    db.checkpoint().unwrap();
    drop(db);
    // as if the process died after renaming the new snapshot, before resetting the log
    fs::write(path.join("wal.ieum"), old_log).unwrap();
    let mut db = Database::open(&path, false).unwrap();
    assert_eq!(count(&mut db), 4);
}

#[test]
fn one_writer_at_a_time_and_read_only_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample(dir.path());
    let writer = Database::open(&path, false).unwrap();
    let msg = open_err(&path);
    assert!(msg.contains(&format!("process {}", std::process::id())) && msg.contains("--read-only"), "{msg}");
    drop(writer);
    let before = listing(&path);
    let mut reader = Database::open(&path, true).unwrap();
    assert_eq!(count(&mut reader), 4);
    let e = reader.execute("CREATE (:X)").unwrap_err();
    assert_eq!(e.code(), "ReadOnly");
    assert_eq!(count(&mut reader), 4, "the refused write was undone");
    assert!(reader.execute("CREATE INDEX FOR (n:X) ON (n.k)").is_err());
    assert!(!reader.checkpoint().unwrap());
    drop(reader);
    assert_eq!(listing(&path), before);
}

#[test]
fn a_directory_that_is_not_a_database_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let msg = open_err(dir.path());
    assert!(msg.contains("not an ieum database"), "{msg}");
    assert_eq!(listing(dir.path()).len(), 1);
    let missing = dir.path().join("nothing-here");
    assert!(Database::open(&missing, true).is_err());
    assert!(!missing.exists(), "read-only does not create a database");
}

/// Runs statements `CREATE (:F {k: i})` for i in 0..12 with a checkpoint after every
/// third; returns the numbers acknowledged and the error codes seen, in order.
fn faulty_workload(db: &mut Database) -> (Vec<i64>, Vec<&'static str>) {
    let (mut acked, mut codes) = (Vec::new(), Vec::new());
    for i in 0..12 {
        match db.execute(&format!("CREATE (:F {{k: {i}}})")) {
            Ok(_) => acked.push(i),
            Err(e) => codes.push(e.code()),
        }
        if i % 3 == 2
            && let Err(e) = db.checkpoint()
        {
            codes.push(e.code());
        }
    }
    (acked, codes)
}

fn numbers(db: &mut Database) -> Vec<i64> {
    let r = db.execute("MATCH (f:F) RETURN f.k ORDER BY f.k").unwrap();
    r.rows.iter().map(|row| if let Value::Int(k) = row[0] { k } else { -1 }).collect()
}

#[test]
fn a_failed_write_sync_or_rename_at_any_step_loses_no_acknowledged_statement() {
    use ieum::store::faults;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("count");
    let mut db = Database::open(&path, false).unwrap();
    faults::count();
    let (acked, codes) = faulty_workload(&mut db);
    let steps = faults::taken();
    assert!(codes.is_empty() && acked.len() == 12 && steps > 40, "{codes:?} {steps}");
    drop(db);
    for n in 0..steps {
        let path = dir.path().join(format!("db{n}"));
        let mut db = Database::open(&path, false).unwrap();
        faults::arm(n);
        let (acked, codes) = faulty_workload(&mut db);
        faults::count();
        // the failing step says so; every later write is refused, none acknowledged
        assert_eq!(codes.first(), Some(&"WriteFailed"), "step {n}: {codes:?}");
        assert!(codes[1..].iter().all(|c| *c == "WritesRefused"), "step {n}: {codes:?}");
        assert!(acked.windows(2).all(|w| w[1] == w[0] + 1) && acked.first().is_none_or(|&k| k == 0), "step {n}: {acked:?}");
        assert!(db.execute("MATCH (f:F) RETURN count(*)").is_ok(), "reads still work");
        drop(db);
        let mut db = Database::open(&path, false).unwrap();
        let found = numbers(&mut db);
        // the statement whose write failed may or may not have reached the disk
        let unacked_failed = acked.len() as i64;
        assert!(
            found == acked || (found.len() == acked.len() + 1 && found[..acked.len()] == acked[..] && found[acked.len()] == unacked_failed),
            "step {n}: acknowledged {acked:?}, found {found:?}"
        );
        assert!(!path.join("snapshot.tmp").exists() && !path.join("wal.tmp").exists(), "step {n}: a temporary file is left");
        db.execute("CREATE (:F {k: 100})").expect("writes work again after reopening");
    }
}

#[test]
fn a_reader_opening_during_checkpoints_sees_a_consistent_pair() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample(dir.path());
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        let writer = s.spawn(|| {
            let mut db = Database::open(&path, false).unwrap();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                db.execute("CREATE (:W)").unwrap();
                db.checkpoint().unwrap();
            }
        });
        for _ in 0..60 {
            let mut reader = Database::open(&path, true).unwrap_or_else(|e| panic!("{}", e.headline()));
            assert!(count(&mut reader) >= 4);
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        writer.join().unwrap();
    });
}

/// A log of generation 0 holding one record per change list, with valid checksums.
fn forged_log(records: &[Vec<ieum::store::Change>]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(b"IEUMWAL\0");
    out.extend_from_slice(&1u32.to_le_bytes());
    out.extend_from_slice(&0u64.to_le_bytes());
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    for changes in records {
        let payload = ieum::store::snapshot::encode_changes(changes).unwrap();
        let len = (payload.len() as u32).to_le_bytes();
        out.extend_from_slice(&len);
        out.extend_from_slice(&crc32fast::hash(&len).to_le_bytes());
        out.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
        out.extend_from_slice(&payload);
    }
    out
}

#[test]
fn forged_ids_in_the_log_are_refused_or_kept_sparse_never_a_crash() {
    use ieum::store::Change;
    let node = |id: u64| Change::CreateNode { id, labels: vec!["L".into()], props: Vec::new() };
    let rel = |id: u64, start: u64, end: u64| Change::CreateRel { id, rel_type: "R".into(), start, end, props: Vec::new() };
    let cases: Vec<Vec<Change>> = vec![
        vec![node(1 << 40)],
        vec![node(u64::MAX - 1)],
        vec![node(u64::MAX)],
        vec![node(0), node(1), rel(u64::MAX, 0, 1)],
        vec![node(0), rel(0, 0, 1 << 40)],
        vec![Change::DeleteNode { id: 1 << 40 }],
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, changes) in cases.into_iter().enumerate() {
        let path = dir.path().join(format!("db{i}"));
        drop(Database::open(&path, false).unwrap());
        fs::write(path.join("wal.ieum"), forged_log(&[changes])).unwrap();
        match Database::open(&path, false) {
            Err(e) => {
                let msg = e.headline();
                assert!(msg.starts_with("StorageError (CorruptFile): ") && msg.contains("wal.ieum"), "case {i}: {msg}");
            }
            Ok(mut db) => {
                // whatever was accepted takes little memory and the next id does not wrap
                let created = db.execute("CREATE (n:New) RETURN id(n)");
                if let Err(e) = &created {
                    assert_eq!(e.category(), ieum::Category::StorageError, "case {i}: {}", e.headline());
                }
                db.checkpoint().unwrap();
                drop(db);
                let mut db = Database::open(&path, false).unwrap();
                assert!(db.execute("MATCH (n) RETURN count(*)").is_ok());
            }
        }
    }
}

/// Makes every checksum of snapshot `bytes` right again (sections, table, header), as a
/// forger would.
fn rechecksum(bytes: &mut [u8]) {
    let word = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
    let long = |b: &[u8], at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap());
    let (count, table) = (word(bytes, 12) as usize, long(bytes, 24) as usize);
    for i in 0..count {
        let e = table + 32 * i;
        let (off, len) = (long(bytes, e + 8) as usize, long(bytes, e + 16) as usize);
        let crc = crc32fast::hash(&bytes[off..off + len]);
        bytes[e + 24..e + 28].copy_from_slice(&crc.to_le_bytes());
    }
    let crc = crc32fast::hash(&bytes[table..table + 32 * count]);
    bytes[32..36].copy_from_slice(&crc.to_le_bytes());
    let crc = crc32fast::hash(&bytes[..36]);
    bytes[36..40].copy_from_slice(&crc.to_le_bytes());
}

#[test]
fn forged_snapshots_with_right_checksums_are_refused_never_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let mut db = Database::open(&path, false).unwrap();
    db.execute("CREATE (:A {n: 1, s: 'text', l: [1, 2, 3], m: ['x', 'yz'], d: date('2024-01-02')})-[:R {w: 0.5}]->(:B {n: 2, s: 'more'})")
        .unwrap();
    db.execute("CREATE (:C {n: 3}), (:C {flag: true})").unwrap();
    db.execute("MATCH (c:C {n: 3}) DETACH DELETE c").unwrap();
    db.execute("CREATE INDEX FOR (n:A) ON (n.n)").unwrap();
    db.checkpoint().unwrap();
    drop(db);
    let good = fs::read(path.join("snapshot.ieum")).unwrap();
    let table = u64::from_le_bytes(good[24..32].try_into().unwrap()) as usize;
    let snap = path.join("snapshot.ieum");
    let (mut refused, mut accepted) = (0, 0);
    // every byte of every section, set to values that make lengths and ids huge or odd
    for at in 40..table {
        for v in [0x00u8, 0x01, 0x7f, 0x80, 0xfb, 0xfc, 0xfd, 0xff] {
            if good[at] == v {
                continue;
            }
            let mut bad = good.clone();
            bad[at] = v;
            if v >= 0xfb {
                // a bincode length or id prefix followed by all ones: the largest values
                let end = (at + 9).min(table);
                bad[at + 1..end].fill(0xff);
            }
            rechecksum(&mut bad);
            match ieum::store::snapshot::decode(&snap, &bad) {
                Ok(_) => accepted += 1,
                Err(e) => {
                    assert!(e.to_string().starts_with(&snap.display().to_string()), "{e}");
                    refused += 1;
                }
            }
        }
    }
    assert!(refused > 0 && accepted + refused > 1000, "{refused} refused, {accepted} accepted");
}
