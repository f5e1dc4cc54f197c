//! The write-ahead log: one checksummed record per committed statement, holding the
//! statement's logical [`Change`]s (never its text, so `rand()` and timestamps replay the
//! same), synced before the statement reports success.
//!
//! Layout: a 24-byte header — magic `IEUMWAL\0`, format version (u32 LE), generation (u64
//! LE: the snapshot this log continues), CRC-32 of those 20 bytes — then records. A record
//! is its payload length (u32 LE), the CRC-32 of that length, the CRC-32 of the payload,
//! and the payload (the changes, encoded by [`super::snapshot::encode_changes`]).
//!
//! Recovery: a record cut short at the end of the file, or a last record whose payload
//! fails its checksum, is what a crash in the middle of an append leaves; it is dropped
//! with a warning and cut off before the next append. Damage anywhere else is an error that
//! names the file and the byte offset, and nothing is changed on disk.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use super::faults;
use super::snapshot::{corrupt, decode_changes, encode_changes, io_err, sync_dir};
use super::tx::Change;
use crate::error::StoreError;

pub const MAGIC: &[u8; 8] = b"IEUMWAL\0";
pub const VERSION: u32 = 1;
/// Bytes before the first record.
pub const HEADER: u64 = 24;
const RECORD_HEADER: usize = 12;

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn header(generation: u64) -> Vec<u8> {
    let mut h = Vec::with_capacity(HEADER as usize);
    h.extend_from_slice(MAGIC);
    h.extend_from_slice(&VERSION.to_le_bytes());
    h.extend_from_slice(&generation.to_le_bytes());
    let crc = crc32fast::hash(&h);
    h.extend_from_slice(&crc.to_le_bytes());
    h
}

/// What reading a log found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovered {
    /// The generation written in the log's header.
    pub generation: u64,
    /// Records applied.
    pub records: usize,
    /// Bytes up to the end of the last good record.
    pub valid_len: u64,
    /// Size of the file as found.
    pub file_len: u64,
    /// Set when a torn last record was dropped: a warning for the user.
    pub torn: Option<String>,
    /// The log was already folded into the snapshot (older generation): nothing applied.
    pub stale: bool,
}

/// Reads the log at `path`, which continues the snapshot of generation `snapshot_gen`,
/// handing each record's changes to `apply`. A log of an older generation was already
/// folded into the snapshot, so none of its records are applied.
pub fn replay(path: &Path, snapshot_gen: u64, mut apply: impl FnMut(Vec<Change>) -> Result<(), String>) -> Result<Recovered, StoreError> {
    let bytes = fs::read(path).map_err(io_err(path))?;
    if bytes.is_empty() {
        return Err(corrupt(
            path,
            "the log file is empty (a log starts with a 24-byte header); if the snapshot is all you need, move this file away",
        ));
    }
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(corrupt(path, "not an ieum write-ahead log (wrong magic bytes at the start of the file)"));
    }
    if bytes.len() < HEADER as usize {
        return Err(corrupt(path, format!("truncated: {} bytes, shorter than the {HEADER}-byte header", bytes.len())));
    }
    let version = u32_at(&bytes, 8);
    if version > VERSION {
        return Err(corrupt(
            path,
            format!("written by a newer ieum (log format {version}; this build reads formats up to {VERSION}): upgrade ieum to open it"),
        ));
    }
    if crc32fast::hash(&bytes[..20]) != u32_at(&bytes, 20) || version == 0 {
        return Err(corrupt(path, "the log header is damaged (checksum mismatch at offset 0)"));
    }
    let mut g8 = [0u8; 8];
    g8.copy_from_slice(&bytes[12..20]);
    let generation = u64::from_le_bytes(g8);
    let file_len = bytes.len() as u64;
    let mut found = Recovered { generation, records: 0, valid_len: HEADER, file_len, torn: None, stale: false };
    if generation < snapshot_gen {
        found.stale = true;
        return Ok(found);
    }
    if generation > snapshot_gen {
        return Err(corrupt(
            path,
            format!(
                "the log continues snapshot generation {generation} but the snapshot is generation {snapshot_gen}: the snapshot file is older than its log"
            ),
        ));
    }
    let mut at = HEADER as usize;
    while at < bytes.len() {
        let rest = &bytes[at..];
        let torn = |what: &str| {
            Some(format!(
                "{}: dropped an incomplete last record at byte offset {at} ({what}, {} bytes): a write was interrupted",
                path.display(),
                rest.len()
            ))
        };
        if rest.len() < RECORD_HEADER {
            found.torn = torn("its header is cut short");
            break;
        }
        let len = u32_at(rest, 0) as usize;
        if crc32fast::hash(&rest[..4]) != u32_at(rest, 4) {
            if rest.iter().all(|&b| b == 0) {
                found.torn = torn("zeroed");
                break;
            }
            return Err(corrupt(path, format!("damaged record header at byte offset {at}; the files were left as they are")));
        }
        let end = RECORD_HEADER + len;
        if rest.len() < end {
            found.torn = torn("its data is cut short");
            break;
        }
        let payload = &rest[RECORD_HEADER..end];
        if crc32fast::hash(payload) != u32_at(rest, 8) {
            if rest.len() == end {
                found.torn = torn("its data fails the checksum");
                break;
            }
            return Err(corrupt(path, format!("damaged record at byte offset {at} (checksum mismatch); the files were left as they are")));
        }
        let changes = decode_changes(payload).map_err(|m| corrupt(path, format!("cannot decode the record at byte offset {at}: {m}")))?;
        apply(changes).map_err(|m| corrupt(path, format!("the record at byte offset {at} does not fit the graph: {m}")))?;
        at += end;
        found.records += 1;
        found.valid_len = at as u64;
    }
    Ok(found)
}

/// The generation in the header of the log at `path`, if it can be read and is intact.
pub fn generation(path: &Path) -> Option<u64> {
    let mut head = [0u8; HEADER as usize];
    File::open(path).and_then(|f| f.read_exact_at(&mut head, 0)).ok()?;
    let intact = &head[..MAGIC.len()] == MAGIC && crc32fast::hash(&head[..20]) == u32_at(&head, 20);
    intact.then(|| u64::from_le_bytes(head[12..20].try_into().unwrap_or_default()))
}

/// An open log that records are appended to.
pub struct Wal {
    path: PathBuf,
    file: File,
    /// End of the last good record: where the next one goes.
    len: u64,
    /// Bytes after `len` (a torn record) that must be cut off before the next append.
    dirty_tail: bool,
    /// A failed append could not be undone: refuse further writes.
    poisoned: bool,
}

impl Wal {
    /// Creates an empty log of `generation` at `path`, atomically replacing any old one.
    pub fn create(path: &Path, generation: u64) -> Result<Wal, StoreError> {
        let tmp = path.with_extension("tmp");
        let err = io_err(&tmp);
        let written = (|| {
            faults::step("create the temporary log")?;
            let mut f = File::create(&tmp)?;
            faults::step("write the log header")?;
            f.write_all(&header(generation))?;
            faults::step("sync the log")?;
            f.sync_all()
        })();
        if let Err(e) = written {
            let _ = fs::remove_file(&tmp);
            return Err(err(e));
        }
        if let Err(e) = faults::step("rename the log").and_then(|_| fs::rename(&tmp, path)) {
            let _ = fs::remove_file(&tmp);
            return Err(io_err(path)(e));
        }
        sync_dir(path)?;
        Self::open(path, HEADER, HEADER)
    }

    /// Opens an existing log for appending after [`replay`] found it good up to `valid_len`.
    pub fn open(path: &Path, valid_len: u64, file_len: u64) -> Result<Wal, StoreError> {
        let file = OpenOptions::new().read(true).write(true).open(path).map_err(io_err(path))?;
        Ok(Wal { path: path.to_path_buf(), file, len: valid_len, dirty_tail: file_len > valid_len, poisoned: false })
    }

    /// Bytes in the log (header and good records).
    pub fn size(&self) -> u64 {
        self.len
    }

    /// Whether a failed append could not be taken back.
    pub fn is_poisoned(&self) -> bool {
        self.poisoned
    }

    /// Whether any record follows the header.
    pub fn has_records(&self) -> bool {
        self.len > HEADER
    }

    /// Appends one record and syncs it to disk.
    pub fn append(&mut self, changes: &[Change]) -> Result<(), StoreError> {
        if self.poisoned {
            return Err(corrupt(&self.path, "an earlier write to the log failed and could not be undone; reopen the database"));
        }
        let payload = encode_changes(changes).map_err(|m| corrupt(&self.path, format!("cannot encode a record: {m}")))?;
        let len = u32::try_from(payload.len()).map_err(|_| corrupt(&self.path, "one statement changed more than 4 GiB of data"))?;
        let mut rec = Vec::with_capacity(RECORD_HEADER + payload.len());
        rec.extend_from_slice(&len.to_le_bytes());
        rec.extend_from_slice(&crc32fast::hash(&len.to_le_bytes()).to_le_bytes());
        rec.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
        rec.extend_from_slice(&payload);
        let err = io_err(&self.path);
        let written = (|| {
            if self.dirty_tail {
                faults::step("cut the torn end of the log")?;
                self.file.set_len(self.len)?;
                self.dirty_tail = false;
            }
            faults::step("append to the log")?;
            self.file.write_all_at(&rec, self.len)?;
            faults::step("sync the log")?;
            self.file.sync_data()
        })();
        match written {
            Ok(()) => {
                self.len += rec.len() as u64;
                Ok(())
            }
            Err(e) => {
                // Take the record back so that the log matches the graph, which undoes the
                // statement; if even that fails, stop writing.
                let undone = faults::step("take back a failed append").and_then(|_| self.file.set_len(self.len));
                if undone.and_then(|_| self.file.sync_data()).is_err() {
                    self.poisoned = true;
                }
                Err(err(e))
            }
        }
    }
}
