//! A database directory on disk: a snapshot, the write-ahead log that continues it, and a
//! lock file that lets one process at a time write.
//!
//! ```text
//! PATH/snapshot.ieum   the graph as of the last checkpoint (see snapshot.rs)
//! PATH/wal.ieum        statements committed since then (see wal.rs)
//! PATH/LOCK            the writer's process id; locked while a writer has it open
//! ```
//!
//! Opening reads the snapshot and replays the log. [`Disk`] is then the database's
//! [`ChangeSink`]: each committed statement is appended to the log and synced before it is
//! acknowledged, and a checkpoint folds the log into a new snapshot. Both files carry a
//! generation number, bumped at each checkpoint, so that a crash between writing the new
//! snapshot and resetting the log never replays a log twice. A read-only open writes
//! nothing at all: no lock file, no truncation, no checkpoint.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use super::graph::Graph;
use super::snapshot::{corrupt, io_err};
use super::tx::{Change, apply_changes};
use super::wal::{self, Wal};
use super::{ChangeSink, snapshot};
use crate::error::{Error, StoreError};

pub const SNAPSHOT: &str = "snapshot.ieum";
pub const WAL: &str = "wal.ieum";
pub const LOCK: &str = "LOCK";
/// A log longer than this is folded into a new snapshot after the statement that passed it.
pub const CHECKPOINT_BYTES: u64 = 64 << 20;

/// How to open a database directory.
#[derive(Clone, Copy, Debug)]
pub struct DiskOptions {
    pub read_only: bool,
    /// Log size that triggers a checkpoint.
    pub checkpoint_bytes: u64,
}

impl Default for DiskOptions {
    /// Writable, checkpointing at [`CHECKPOINT_BYTES`] or at the byte count in the
    /// environment variable `IEUM_CHECKPOINT_BYTES` (for tests and tuning).
    fn default() -> Self {
        let checkpoint_bytes = std::env::var("IEUM_CHECKPOINT_BYTES").ok().and_then(|v| v.parse().ok()).unwrap_or(CHECKPOINT_BYTES);
        DiskOptions { read_only: false, checkpoint_bytes }
    }
}

/// An open database directory.
pub struct Disk {
    dir: PathBuf,
    generation: u64,
    /// None when read-only.
    wal: Option<Wal>,
    /// Held (and locked) for as long as the database is open for writing.
    _lock: Option<File>,
    checkpoint_bytes: u64,
    /// Why writes are refused: a write, sync or rename of the log or of a checkpoint
    /// failed, so what is on disk is unknown (a failed sync cannot be retried safely) and
    /// acknowledging more statements could lose them. Cleared only by reopening.
    refused: Option<String>,
}

/// Opens the database directory at `dir`, creating an empty database there if it does not
/// exist (unless read-only). Returns the graph and the store to log its changes to.
pub fn open(dir: &Path, opts: DiskOptions) -> Result<(Graph, Disk), StoreError> {
    let snap = dir.join(SNAPSHOT);
    let log = dir.join(WAL);
    let exists = match fs::metadata(dir) {
        Ok(m) if m.is_dir() => true,
        Ok(_) => return Err(corrupt(dir, "not a directory: a database is a directory; choose another path")),
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(io_err(dir)(e)),
    };
    let has_snapshot = exists && snap.exists();
    if !has_snapshot {
        if exists && log.exists() {
            return Err(corrupt(&snap, "the snapshot is missing but its log is there; restore the snapshot from a backup"));
        }
        if exists && has_foreign_files(dir)? {
            return Err(corrupt(dir, format!("not an ieum database (it holds files but no {SNAPSHOT}); use a new or empty directory")));
        }
        if opts.read_only {
            return Err(corrupt(dir, "no database here, and a read-only open cannot create one"));
        }
    }
    if opts.read_only {
        return open_read_only(dir, &snap, &log);
    }
    fs::create_dir_all(dir).map_err(io_err(dir))?;
    let lock = take_lock(dir)?;
    for tmp in [snap.with_extension("tmp"), log.with_extension("tmp")] {
        match fs::remove_file(&tmp) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(io_err(&tmp)(e)),
            _ => {}
        }
    }
    if !has_snapshot {
        snapshot::write(&snap, &Graph::new(), 0)?;
    }
    let (mut graph, generation) = snapshot::read(&snap)?;
    let wal = if log.exists() {
        let found = wal::replay(&log, generation, |changes| apply_changes(&mut graph, &changes))?;
        graph.maintain();
        warn(&log, &found, generation);
        if found.stale { Wal::create(&log, generation)? } else { Wal::open(&log, found.valid_len, found.file_len)? }
    } else {
        if has_snapshot {
            eprintln!("{}", missing_log(&log));
        }
        Wal::create(&log, generation)?
    };
    let disk = Disk {
        dir: dir.to_path_buf(),
        generation,
        wal: Some(wal),
        _lock: Some(lock),
        checkpoint_bytes: opts.checkpoint_bytes,
        refused: None,
    };
    Ok((graph, disk))
}

fn open_read_only(dir: &Path, snap: &Path, log: &Path) -> Result<(Graph, Disk), StoreError> {
    // A writer may checkpoint between our reading the snapshot and the log (the log then
    // looks newer than the snapshot, or is briefly missing): read both again until they
    // match, for up to about a second.
    let mut attempts = 0;
    loop {
        let (mut graph, generation) = snapshot::read(snap)?;
        let disk = Disk { dir: dir.to_path_buf(), generation, wal: None, _lock: None, checkpoint_bytes: u64::MAX, refused: None };
        let found =
            if log.exists() { wal::replay(log, generation, |changes| apply_changes(&mut graph, &changes)).map(Some) } else { Ok(None) };
        // a stale log is also what a reader sees between the writer's two renames
        let racing = match &found {
            Ok(None) => false,
            Ok(Some(f)) => f.stale,
            Err(_) => wal::generation(log).is_some_and(|g| g > generation),
        };
        if racing && attempts < 50 {
            attempts += 1;
            std::thread::sleep(std::time::Duration::from_millis(20));
            continue;
        }
        match found? {
            Some(found) => warn(log, &found, generation),
            None => eprintln!("{}", missing_log(log)),
        }
        graph.maintain();
        return Ok((graph, disk));
    }
}

fn missing_log(log: &Path) -> String {
    format!(
        "warning: {}: the write-ahead log is missing; opening the last snapshot alone (statements committed after it, if any, are lost)",
        log.display()
    )
}

fn warn(log: &Path, found: &wal::Recovered, generation: u64) {
    if let Some(w) = &found.torn {
        eprintln!("warning: {w}");
    }
    if found.stale {
        eprintln!(
            "warning: {}: the log is of generation {} but the snapshot of generation {generation}; its records were already saved in the snapshot, so the log was set aside",
            log.display(),
            found.generation
        );
    }
}

/// Whether `dir` holds anything besides what ieum itself leaves in a database directory.
fn has_foreign_files(dir: &Path) -> Result<bool, StoreError> {
    for entry in fs::read_dir(dir).map_err(io_err(dir))? {
        let name = entry.map_err(io_err(dir))?.file_name();
        let ours = [LOCK, "snapshot.tmp", "wal.tmp"];
        if !ours.iter().any(|o| name == *o) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Locks `dir/LOCK` and writes our process id into it; refuses when another process holds
/// the lock, naming it.
fn take_lock(dir: &Path) -> Result<File, StoreError> {
    let path = dir.join(LOCK);
    let err = io_err(&path);
    let mut file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path).map_err(&err)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            let mut text = String::new();
            let _ = file.read_to_string(&mut text);
            let holder = match text.trim().parse::<u32>() {
                Ok(pid) => format!("process {pid}"),
                Err(_) => "another process".to_string(),
            };
            return Err(StoreError::Locked(format!(
                "the database {} is open for writing by {holder} (lock file {}); close it there, or open this one with --read-only",
                dir.display(),
                path.display()
            )));
        }
        Err(fs::TryLockError::Error(e)) => return Err(err(e)),
    }
    file.set_len(0).map_err(&err)?;
    file.write_all(format!("{}\n", std::process::id()).as_bytes()).map_err(&err)?;
    Ok(file)
}

impl Disk {
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn is_read_only(&self) -> bool {
        self.wal.is_none()
    }

    /// The generation of the current snapshot.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Writes `graph` as the new snapshot and starts an empty log after it.
    fn fold(&mut self, graph: &Graph) -> Result<(), StoreError> {
        let next =
            self.generation.checked_add(1).ok_or_else(|| corrupt(&self.dir.join(SNAPSHOT), "the generation counter is exhausted"))?;
        snapshot::write(&self.dir.join(SNAPSHOT), graph, next)?;
        // From here on the old log is stale (its generation is older than the snapshot's);
        // a crash before the reset below just means it is reset at the next open.
        self.generation = next;
        self.wal = Some(Wal::create(&self.dir.join(WAL), next)?);
        Ok(())
    }

    /// Turns a failure to write into the refusal of every later write.
    fn refuse(&mut self, e: StoreError) -> Error {
        let e = match e {
            StoreError::Io { path, source } => StoreError::WriteFailed { path, source },
            other => other,
        };
        self.refused = Some(e.to_string());
        e.into()
    }

    fn refused(&self) -> Result<(), Error> {
        match &self.refused {
            Some(why) => Err(StoreError::WritesRefused(format!(
                "writes are refused since an earlier write failed ({why}); reopen the database to go on"
            ))
            .into()),
            None => Ok(()),
        }
    }
}

impl ChangeSink for Disk {
    fn commit(&mut self, changes: &[Change]) -> Result<(), Error> {
        self.check_writable()?;
        if changes.is_empty() {
            return Ok(());
        }
        let Some(wal) = self.wal.as_mut() else { return Err(StoreError::ReadOnly.into()) };
        match wal.append(changes) {
            Ok(()) => Ok(()),
            Err(e @ StoreError::Corrupt { .. }) if !wal.is_poisoned() => Err(e.into()),
            Err(e) => Err(self.refuse(e)),
        }
    }

    fn check_writable(&self) -> Result<(), Error> {
        if self.wal.is_none() {
            return Err(StoreError::ReadOnly.into());
        }
        self.refused()
    }

    fn wants_checkpoint(&self) -> bool {
        self.refused.is_none() && self.wal.as_ref().is_some_and(|w| w.size() > self.checkpoint_bytes)
    }

    fn checkpoint(&mut self, graph: &Graph, force: bool) -> Result<bool, Error> {
        match &self.wal {
            None => Ok(false),
            Some(_) if self.refused.is_some() => self.refused().map(|_| true),
            Some(w) if !w.has_records() && !force => Ok(true),
            Some(_) => match self.fold(graph) {
                Ok(()) => Ok(true),
                Err(e) => Err(self.refuse(e)),
            },
        }
    }
}
