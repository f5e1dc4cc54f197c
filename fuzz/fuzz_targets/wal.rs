//! Replays bytes as a write-ahead log onto an empty graph: records applied, a torn end
//! dropped, or an error naming the file, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile_dir() else { return };
    let path = dir.join("wal.ieum");
    if std::fs::write(&path, data).is_err() {
        return;
    }
    let mut graph = ieum::store::Graph::new();
    let _ = ieum::store::wal::replay(&path, 0, |changes| ieum::store::apply_changes(&mut graph, &changes));
    let _ = std::fs::remove_dir_all(&dir);
});

/// A fresh directory of this process under the system's temporary directory.
fn tempfile_dir() -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("ieum-fuzz-wal-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}
