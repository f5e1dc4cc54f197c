//! Snapshot files: the whole graph in one checksummed file, the base that the write-ahead
//! log is replayed onto. This is the only module that knows the bincode encoding.
//!
//! The file is a set of sections, most of them the store's own arrays byte for byte
//! (little-endian): label set per node, type per relationship, the adjacency arrays of
//! both directions, property columns, per-label node lists and index arrays. Opening reads
//! each section straight into the array it fills and checks it, instead of decoding and
//! rebuilding the graph; only the small metadata section (names, label sets, column
//! layout) and columns of mixed values are bincode.
//!
//! Layout: a 40-byte header — magic `IEUMSNAP`, format version (u32), number of sections
//! (u32), file length (u64), offset of the section table (u64), CRC-32 of the table (u32),
//! CRC-32 of the header's first 36 bytes (u32) — then the sections, one after the other,
//! each starting at a multiple of 8 (the zero bytes between them are checked too), then the
//! table: one 32-byte entry per section — tag (u32), 4 zero bytes, offset (u64), length
//! (u64), CRC-32 of the section (u32), 4 zero bytes. The last section is the metadata. Writing goes to a temporary file that is synced and
//! renamed over the old one, then the directory is synced, so a crash leaves either the
//! old or the new snapshot.
//!
//! Every way a file can be damaged or forged (empty, truncated, wrong magic, newer version,
//! bad checksum, sizes that do not add up, references out of range) is an error naming the
//! file, never a panic or an allocation the file cannot back.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::Arc;

use bytemuck::Pod;
use serde::{Deserialize, Serialize};

use super::adjacency::Entry;
use super::bits::Bits;
use super::columns::{Column, Columns};
use super::faults;
use super::graph::{Bulk, EndpointLabels, Graph, Parts, TypeStats};
use super::interner::{Interner, Sym};
use super::labels::LabelSets;
use super::tx::Change;
use crate::error::StoreError;
use crate::value::Value;

/// The first bytes of every snapshot file.
pub const MAGIC: &[u8; 8] = b"IEUMSNAP";
/// The format this build writes (and the newest it reads).
pub const VERSION: u32 = 2;
const HEADER: usize = 40;
const ENTRY: usize = 32;

/// What the metadata section says about the rest.
#[derive(Serialize, Deserialize)]
struct Meta {
    generation: u64,
    next_node: u64,
    next_rel: u64,
    names: Vec<Arc<str>>,
    label_sets: Vec<Vec<u32>>,
    nodes: u64,
    rels: u64,
    /// Section numbers of the fixed arrays.
    node_labels: u32,
    node_ids: Option<u32>,
    rel_types: u32,
    rel_ids: Option<u32>,
    /// Offsets and entries, outgoing then incoming.
    adjacency: [u32; 4],
    /// (label, section of its sorted node slots).
    label_lists: Vec<(u32, u32)>,
    node_columns: Vec<ColumnMeta>,
    rel_columns: Vec<ColumnMeta>,
    /// (label, key, section of hashes, section of slots).
    indexes: Vec<(u32, u32, u32, u32)>,
    unique: Vec<(u32, u32)>,
    /// (type, count, distinct starts, distinct ends).
    type_stats: Vec<(u32, u64, u64, u64)>,
    /// (type, labels of every start node, labels of every end node).
    endpoint_labels: Vec<(u32, Vec<u32>, Vec<u32>)>,
}

/// A property column: its key, form and sections.
#[derive(Serialize, Deserialize)]
struct ColumnMeta {
    key: u32,
    kind: ColumnKind,
    /// Length of the dense arrays (slots covered).
    len: u64,
    sections: Vec<u32>,
}

#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq, Debug)]
enum ColumnKind {
    /// values (i64), presence bits
    Int,
    /// values (f64), presence bits
    Float,
    /// value bits, presence bits
    Bool,
    /// starts (u64), lengths (u32), bytes, presence bits
    Str,
    /// (slot, value) pairs, bincode
    Values,
}

fn config() -> impl bincode::config::Config {
    bincode::config::standard()
}

/// Wraps an I/O error with the path it happened on.
pub(crate) fn io_err(path: &Path) -> impl Fn(io::Error) -> StoreError + '_ {
    move |source| StoreError::Io { path: path.display().to_string(), source }
}

/// A damaged-file error naming `path`.
pub(crate) fn corrupt(path: &Path, message: impl Into<String>) -> StoreError {
    StoreError::Corrupt { path: path.display().to_string(), message: message.into() }
}

/// Appends sections to the file body, remembering where each went.
struct SectionWriter<W: Write> {
    out: W,
    at: u64,
    table: Vec<(u32, u64, u64, u32)>,
}

impl<W: Write> SectionWriter<W> {
    /// Writes one section from byte slices; returns its number.
    fn section(&mut self, tag: u32, parts: &[&[u8]]) -> io::Result<u32> {
        let pad = (8 - self.at % 8) % 8;
        self.out.write_all(&[0u8; 8][..pad as usize])?;
        self.at += pad;
        let start = self.at;
        let mut crc = crc32fast::Hasher::new();
        for p in parts {
            self.out.write_all(p)?;
            crc.update(p);
            self.at += p.len() as u64;
        }
        self.table.push((tag, start, self.at - start, crc.finalize()));
        Ok(self.table.len() as u32 - 1)
    }

    fn array<T: Pod>(&mut self, tag: u32, v: &[T]) -> io::Result<u32> {
        self.section(tag, &[bytemuck::cast_slice(v)])
    }

    fn bits(&mut self, b: &Bits, len: usize) -> io::Result<u32> {
        let mut b = b.clone();
        b.resize(len);
        self.array(TAG_BITS, b.words())
    }
}

const TAG_META: u32 = 1;
const TAG_NODE_LABELS: u32 = 2;
const TAG_NODE_IDS: u32 = 3;
const TAG_REL_TYPES: u32 = 4;
const TAG_REL_IDS: u32 = 5;
const TAG_ADJ_OFF: u32 = 6;
const TAG_ADJ_ENTRIES: u32 = 7;
const TAG_LABEL_LIST: u32 = 8;
const TAG_COLUMN: u32 = 9;
const TAG_BITS: u32 = 10;
const TAG_INDEX: u32 = 11;

/// Writes a snapshot of `graph` to `path` atomically: temporary file, sync, rename, sync of
/// the directory.
pub fn write(path: &Path, graph: &Graph, generation: u64) -> Result<(), StoreError> {
    let compacted;
    let bulk = match graph.bulk() {
        Some(b) => b,
        None => {
            compacted = Graph::from_parts(graph.to_parts()).map_err(|m| corrupt(path, format!("cannot compact the graph: {m}")))?;
            compacted.bulk().ok_or_else(|| corrupt(path, "the compacted graph is not in bulk form"))?
        }
    };
    let tmp = path.with_extension("tmp");
    let err = io_err(&tmp);
    let file = faults::step("create the temporary snapshot").and_then(|_| File::create(&tmp)).map_err(&err)?;
    let result = faults::step("write the snapshot")
        .map_err(&err)
        .and_then(|_| write_to(&file, &bulk, generation, &tmp))
        .and_then(|_| faults::step("sync the snapshot").and_then(|_| file.sync_all()).map_err(&err));
    drop(file);
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    if let Err(e) = faults::step("rename the snapshot").and_then(|_| fs::rename(&tmp, path)) {
        let _ = fs::remove_file(&tmp);
        return Err(io_err(path)(e));
    }
    sync_dir(path)
}

fn write_to(file: &File, b: &Bulk<'_>, generation: u64, tmp: &Path) -> Result<(), StoreError> {
    let err = io_err(tmp);
    let n = b.node_labels.len();
    let m = b.rel_types.len();
    let mut w = SectionWriter { out: BufWriter::with_capacity(1 << 20, file), at: HEADER as u64, table: Vec::new() };
    w.out.write_all(&[0u8; HEADER]).map_err(&err)?;
    let body = (|| -> io::Result<Meta> {
        let node_labels = w.array(TAG_NODE_LABELS, b.node_labels)?;
        let node_ids = b.node_ids.map(|v| w.array(TAG_NODE_IDS, v)).transpose()?;
        let rel_types = w.array(TAG_REL_TYPES, b.rel_types)?;
        let rel_ids = b.rel_ids.map(|v| w.array(TAG_REL_IDS, v)).transpose()?;
        let adjacency = [
            w.array(TAG_ADJ_OFF, b.out.0)?,
            w.array(TAG_ADJ_ENTRIES, b.out.1)?,
            w.array(TAG_ADJ_OFF, b.inc.0)?,
            w.array(TAG_ADJ_ENTRIES, b.inc.1)?,
        ];
        let mut lists: Vec<(&Sym, &Vec<u32>)> = b.label_lists.iter().collect();
        lists.sort_unstable_by_key(|(l, _)| **l);
        let mut label_lists = Vec::new();
        for (l, v) in lists {
            label_lists.push((l.0, w.array(TAG_LABEL_LIST, v)?));
        }
        let node_columns = write_columns(&mut w, b.node_props, n)?;
        let rel_columns = write_columns(&mut w, b.rel_props, m)?;
        let mut indexes = Vec::new();
        let mut idx: Vec<_> = b.indexes.clone();
        idx.sort_unstable_by_key(|(k, _)| *k);
        for ((l, k), arr) in idx {
            let hashes: Vec<u64> = arr.iter().map(|(h, _)| *h).collect();
            let slots: Vec<u32> = arr.iter().map(|(_, s)| *s).collect();
            indexes.push((l.0, k.0, w.array(TAG_INDEX, &hashes)?, w.array(TAG_INDEX, &slots)?));
        }
        let mut type_stats: Vec<(u32, u64, u64, u64)> = b.type_stats.iter().map(|(t, s)| (t.0, s.count, s.starts, s.ends)).collect();
        type_stats.sort_unstable();
        let mut endpoint_labels: Vec<(u32, Vec<u32>, Vec<u32>)> = b
            .endpoint_labels
            .iter()
            .map(|(t, e)| (t.0, e.starts.iter().map(|l| l.0).collect(), e.ends.iter().map(|l| l.0).collect()))
            .collect();
        endpoint_labels.sort_unstable();
        Ok(Meta {
            generation,
            next_node: b.next_node,
            next_rel: b.next_rel,
            names: b.names.to_vec(),
            label_sets: b.label_sets.iter().map(|s| s.iter().map(|l| l.0).collect()).collect(),
            nodes: n as u64,
            rels: m as u64,
            node_labels,
            node_ids,
            rel_types,
            rel_ids,
            adjacency,
            label_lists,
            node_columns,
            rel_columns,
            indexes,
            unique: b.unique.iter().map(|(l, k)| (l.0, k.0)).collect(),
            type_stats,
            endpoint_labels,
        })
    })()
    .map_err(&err)?;
    let meta = bincode::serde::encode_to_vec(&body, config())
        .map_err(|e| StoreError::Io { path: tmp.display().to_string(), source: io::Error::other(e.to_string()) })?;
    w.section(TAG_META, &[&meta]).map_err(&err)?;
    let table_off = w.at.next_multiple_of(8);
    let mut table_bytes = Vec::with_capacity(ENTRY * w.table.len());
    for (tag, off, len, crc) in &w.table {
        table_bytes.extend_from_slice(&tag.to_le_bytes());
        table_bytes.extend_from_slice(&[0; 4]);
        table_bytes.extend_from_slice(&off.to_le_bytes());
        table_bytes.extend_from_slice(&len.to_le_bytes());
        table_bytes.extend_from_slice(&crc.to_le_bytes());
        table_bytes.extend_from_slice(&[0; 4]);
    }
    w.out.write_all(&[0u8; 8][..(table_off - w.at) as usize]).map_err(&err)?;
    w.out.write_all(&table_bytes).map_err(&err)?;
    w.out.flush().map_err(&err)?;
    let end = table_off + table_bytes.len() as u64;
    let count = w.table.len() as u32;
    drop(w);
    let mut head = Vec::with_capacity(HEADER);
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&VERSION.to_le_bytes());
    head.extend_from_slice(&count.to_le_bytes());
    head.extend_from_slice(&end.to_le_bytes());
    head.extend_from_slice(&table_off.to_le_bytes());
    head.extend_from_slice(&crc32fast::hash(&table_bytes).to_le_bytes());
    let crc = crc32fast::hash(&head);
    head.extend_from_slice(&crc.to_le_bytes());
    file.write_all_at(&head, 0).map_err(&err)?;
    Ok(())
}

fn write_columns<W: Write>(w: &mut SectionWriter<W>, cols: &Columns, slots: usize) -> io::Result<Vec<ColumnMeta>> {
    let mut out = Vec::new();
    for (k, c) in cols.columns() {
        let (kind, len, sections) = match c {
            Column::Int { vals, has } => {
                let len = vals.len().min(slots);
                (ColumnKind::Int, len, vec![w.array(TAG_COLUMN, &vals[..len])?, w.bits(has, len)?])
            }
            Column::Float { vals, has } => {
                let len = vals.len().min(slots);
                (ColumnKind::Float, len, vec![w.array(TAG_COLUMN, &vals[..len])?, w.bits(has, len)?])
            }
            Column::Bool { vals, has } => {
                let len = has.len().min(slots);
                (ColumnKind::Bool, len, vec![w.bits(vals, len)?, w.bits(has, len)?])
            }
            Column::Str { start, len: lens, bytes, has, waste } => {
                let len = start.len().min(slots);
                if *waste == 0 {
                    let s = vec![
                        w.array(TAG_COLUMN, &start[..len])?,
                        w.array(TAG_COLUMN, &lens[..len])?,
                        w.section(TAG_COLUMN, &[bytes])?,
                        w.bits(has, len)?,
                    ];
                    (ColumnKind::Str, len, s)
                } else {
                    // leave the replaced strings behind
                    let mut nb = Vec::with_capacity(bytes.len() - waste);
                    let mut ns = vec![0u64; len];
                    for i in has.ones().take_while(|&i| i < len) {
                        ns[i] = nb.len() as u64;
                        nb.extend_from_slice(&bytes[start[i] as usize..start[i] as usize + lens[i] as usize]);
                    }
                    let s = vec![
                        w.array(TAG_COLUMN, &ns)?,
                        w.array(TAG_COLUMN, &lens[..len])?,
                        w.section(TAG_COLUMN, &[&nb])?,
                        w.bits(has, len)?,
                    ];
                    (ColumnKind::Str, len, s)
                }
            }
            Column::Sparse(_) | Column::Any(_) => {
                let pairs: Vec<(u32, Value)> = c.entries().filter(|(s, _)| (*s as usize) < slots).map(|(s, v)| (s, v.to_value())).collect();
                let blob = bincode::serde::encode_to_vec(&pairs, config()).map_err(|e| io::Error::other(e.to_string()))?;
                (ColumnKind::Values, slots, vec![w.section(TAG_COLUMN, &[&blob])?])
            }
        };
        out.push(ColumnMeta { key: k.0, kind, len: len as u64, sections });
    }
    Ok(out)
}

/// Syncs the directory holding `path`, so that a rename in it is durable.
pub fn sync_dir(path: &Path) -> Result<(), StoreError> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    faults::step("sync the directory").and_then(|_| File::open(dir)).and_then(|d| d.sync_all()).map_err(io_err(dir))
}

/// Reads the snapshot at `path`: the graph and the log generation it was taken at.
pub fn read(path: &Path) -> Result<(Graph, u64), StoreError> {
    let file = File::open(path).map_err(io_err(path))?;
    let file_len = file.metadata().map_err(io_err(path))?.len();
    let mut r = Reader { file: Source::File(&file), path, len: file_len, table: Vec::new() };
    r.decode()
}

/// Checks and decodes snapshot bytes; `path` names the file in errors.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<(Graph, u64), StoreError> {
    let mut r = Reader { file: Source::Bytes(bytes), path, len: bytes.len() as u64, table: Vec::new() };
    r.decode()
}

enum Source<'a> {
    File(&'a File),
    Bytes(&'a [u8]),
}

struct Reader<'a> {
    file: Source<'a>,
    path: &'a Path,
    len: u64,
    /// (tag, offset, length, crc) per section.
    table: Vec<(u32, u64, u64, u32)>,
}

impl Reader<'_> {
    fn bad(&self, m: impl Into<String>) -> StoreError {
        corrupt(self.path, m)
    }

    fn read_at(&self, buf: &mut [u8], at: u64) -> Result<(), StoreError> {
        match &self.file {
            Source::File(f) => f.read_exact_at(buf, at).map_err(io_err(self.path)),
            Source::Bytes(b) => {
                let end = at.checked_add(buf.len() as u64).filter(|&e| e <= b.len() as u64).ok_or_else(|| self.bad("truncated"))?;
                buf.copy_from_slice(&b[at as usize..end as usize]);
                Ok(())
            }
        }
    }

    /// Checks that the bytes from `from` to `to` (a few, between sections) are zero.
    fn zeros(&self, from: u64, to: u64) -> Result<(), StoreError> {
        if to < from || to - from >= 8 {
            return Err(self.bad("a section is out of place"));
        }
        let mut pad = [0u8; 8];
        let pad = &mut pad[..(to - from) as usize];
        self.read_at(pad, from)?;
        if pad.iter().any(|&b| b != 0) {
            return Err(self.bad("checksum mismatch: damaged bytes between sections"));
        }
        Ok(())
    }

    fn decode(&mut self) -> Result<(Graph, u64), StoreError> {
        if self.len == 0 {
            return Err(self.bad("the snapshot file is empty"));
        }
        let mut head = [0u8; HEADER];
        let got = (self.len as usize).min(HEADER);
        self.read_at(&mut head[..got], 0)?;
        if got < MAGIC.len() || &head[..MAGIC.len()] != MAGIC {
            return Err(self.bad("not an ieum snapshot (wrong magic bytes at the start of the file)"));
        }
        let word = |b: &[u8], at: usize| u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
        let long = |b: &[u8], at: usize| {
            let mut x = [0u8; 8];
            x.copy_from_slice(&b[at..at + 8]);
            u64::from_le_bytes(x)
        };
        if got >= 12 {
            let version = word(&head, 8);
            if version > VERSION {
                return Err(self.bad(format!(
                    "written by a newer ieum (snapshot format {version}; this build reads formats up to {VERSION}): upgrade ieum to open it"
                )));
            }
            if version < VERSION {
                return Err(self.bad(format!(
                    "snapshot format {version} is older than this build reads ({VERSION}); open it with the ieum that wrote it and export it (`ieum export --format csv`), then import the files"
                )));
            }
        }
        if got < HEADER {
            return Err(self.bad(format!("truncated: {} bytes, shorter than the {HEADER}-byte header", self.len)));
        }
        if crc32fast::hash(&head[..36]) != word(&head, 36) {
            return Err(self.bad("the header is damaged (checksum mismatch)"));
        }
        let count = word(&head, 12) as u64;
        let announced = long(&head, 16);
        if announced != self.len {
            return Err(self.bad(format!("truncated or damaged: the header announces {announced} bytes, the file holds {}", self.len)));
        }
        let table_off = long(&head, 24);
        let table_len = count
            .checked_mul(ENTRY as u64)
            .filter(|&t| table_off >= HEADER as u64 && table_off.checked_add(t) == Some(self.len))
            .ok_or_else(|| self.bad("the section table does not fit in the file"))?;
        let mut table = vec![0u8; table_len as usize];
        self.read_at(&mut table, table_off)?;
        if crc32fast::hash(&table) != word(&head, 32) {
            return Err(self.bad("the section table is damaged (checksum mismatch)"));
        }
        // sections follow one another from the header to the table, with only zero padding
        // (to a multiple of 8) between them: every byte of the file is checked
        let mut at = HEADER as u64;
        for e in table.chunks_exact(ENTRY) {
            let (tag, off, len, crc) = (word(e, 0), long(e, 8), long(e, 16), word(e, 24));
            if off != at.next_multiple_of(8) || off.checked_add(len).is_none_or(|end| end > table_off) {
                return Err(self.bad("a section is out of place"));
            }
            self.zeros(at, off)?;
            self.table.push((tag, off, len, crc));
            at = off + len;
        }
        self.zeros(at, table_off)?;
        let Some(&(TAG_META, ..)) = self.table.last() else {
            return Err(self.bad("the metadata section is missing"));
        };
        let meta_bytes: Vec<u8> = self.array((self.table.len() - 1) as u32, TAG_META)?;
        let meta: Meta = self.bincode(&meta_bytes)?;
        let generation = meta.generation;
        let parts = self.parts(meta)?;
        let graph = Graph::from_parts(parts).map_err(|m| self.bad(format!("inconsistent snapshot: {m}")))?;
        Ok((graph, generation))
    }

    /// Section `i`, checked against its tag and checksum, as an array of `T`.
    fn array<T: Pod>(&self, i: u32, tag: u32) -> Result<Vec<T>, StoreError> {
        let &(t, off, len, crc) = self.table.get(i as usize).ok_or_else(|| self.bad(format!("section {i} does not exist")))?;
        if t != tag {
            return Err(self.bad(format!("section {i} is not of the expected kind")));
        }
        let size = std::mem::size_of::<T>() as u64;
        if len % size != 0 {
            return Err(self.bad(format!("section {i} is not a whole number of values")));
        }
        // the length is within the file (checked with the table), so this allocation is backed
        let mut v: Vec<T> = vec![T::zeroed(); (len / size) as usize];
        self.read_at(bytemuck::cast_slice_mut(&mut v), off)?;
        if crc32fast::hash(bytemuck::cast_slice(&v)) != crc {
            return Err(self.bad(format!("checksum mismatch in section {i}: the file is damaged")));
        }
        Ok(v)
    }

    fn array_len<T: Pod>(&self, i: u32, tag: u32, len: u64) -> Result<Vec<T>, StoreError> {
        let v = self.array::<T>(i, tag)?;
        if v.len() as u64 != len {
            return Err(self.bad(format!("section {i} has {} values where {len} are expected", v.len())));
        }
        Ok(v)
    }

    fn bits(&self, i: u32, len: u64) -> Result<Bits, StoreError> {
        let words = self.array::<u64>(i, TAG_BITS)?;
        Bits::from_words(words, len as usize).ok_or_else(|| self.bad(format!("section {i} has the wrong number of bits")))
    }

    fn bincode<T: serde::de::DeserializeOwned>(&self, bytes: &[u8]) -> Result<T, StoreError> {
        // no length in the data may claim more memory than a generous multiple of its size
        let cap = bytes.len().saturating_mul(64).max(1 << 16);
        let (v, used): (T, usize) = decode_limited(bytes, cap).map_err(|e| self.bad(format!("cannot decode the snapshot: {e}")))?;
        if used != bytes.len() {
            return Err(self.bad("trailing bytes after the snapshot data"));
        }
        Ok(v)
    }

    fn parts(&self, meta: Meta) -> Result<Parts, StoreError> {
        let bad = |m: &str| self.bad(format!("inconsistent snapshot: {m}"));
        let (n, m) = (meta.nodes, meta.rels);
        if n >= u32::MAX as u64 || m >= u32::MAX as u64 {
            return Err(bad("too many entities"));
        }
        let mut names = Interner::default();
        for name in &meta.names {
            names.intern(name);
        }
        if names.len() != meta.names.len() {
            return Err(bad("a name is listed twice"));
        }
        let mut label_sets = LabelSets::default();
        for (i, s) in meta.label_sets.iter().enumerate() {
            let syms: Vec<Sym> = s.iter().map(|&l| Sym(l)).collect();
            if label_sets.intern(&syms) as usize != i {
                return Err(bad("the label sets are not distinct"));
            }
        }
        // the arrays on this thread, the columns, lists and indexes on another
        let (arrays, rest) = std::thread::scope(|scope| {
            let rest = scope.spawn(|| -> Result<_, StoreError> {
                let mut label_lists = HashMap::new();
                for (l, s) in &meta.label_lists {
                    if label_lists.insert(Sym(*l), self.array::<u32>(*s, TAG_LABEL_LIST)?).is_some() {
                        return Err(bad("a label list is repeated"));
                    }
                }
                let node_props = self.columns(&meta.node_columns, n)?;
                let rel_props = self.columns(&meta.rel_columns, m)?;
                let mut indexes = Vec::new();
                for &(l, k, hs, ss) in &meta.indexes {
                    let hashes = self.array::<u64>(hs, TAG_INDEX)?;
                    let slots = self.array_len::<u32>(ss, TAG_INDEX, hashes.len() as u64)?;
                    indexes.push(((Sym(l), Sym(k)), Some(hashes.into_iter().zip(slots).collect())));
                }
                Ok((label_lists, node_props, rel_props, indexes))
            });
            let arrays = (|| -> Result<_, StoreError> {
                let node_labels = self.array_len::<u32>(meta.node_labels, TAG_NODE_LABELS, n)?;
                let node_ids = meta.node_ids.map(|s| self.array_len::<u64>(s, TAG_NODE_IDS, n)).transpose()?;
                let rel_types = self.array_len::<u32>(meta.rel_types, TAG_REL_TYPES, m)?;
                let rel_ids = meta.rel_ids.map(|s| self.array_len::<u64>(s, TAG_REL_IDS, m)).transpose()?;
                let [oo, oe, io_, ie] = meta.adjacency;
                let adjacency = (
                    (self.array_len::<u32>(oo, TAG_ADJ_OFF, n + 1)?, self.array_len::<Entry>(oe, TAG_ADJ_ENTRIES, m)?),
                    (self.array_len::<u32>(io_, TAG_ADJ_OFF, n + 1)?, self.array_len::<Entry>(ie, TAG_ADJ_ENTRIES, m)?),
                );
                Ok((node_labels, node_ids, rel_types, rel_ids, adjacency))
            })();
            (arrays, rest.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
        });
        let (node_labels, node_ids, rel_types, rel_ids, adjacency) = arrays?;
        let (label_lists, node_props, rel_props, indexes) = rest?;
        Ok(Parts {
            names,
            label_sets,
            node_labels,
            node_ids,
            next_node: meta.next_node,
            node_props,
            rel_types,
            rel_ids,
            next_rel: meta.next_rel,
            rel_props,
            rel_ends: None,
            adjacency: Some(adjacency),
            label_lists: Some(label_lists),
            indexes,
            unique: meta.unique.iter().map(|&(l, k)| (Sym(l), Sym(k))).collect(),
            type_stats: meta.type_stats.iter().map(|&(t, count, starts, ends)| (Sym(t), TypeStats { count, starts, ends })).collect(),
            endpoint_labels: Some(
                meta.endpoint_labels
                    .iter()
                    .map(|(t, s, e)| {
                        let syms = |v: &Vec<u32>| v.iter().map(|&l| Sym(l)).collect();
                        (Sym(*t), EndpointLabels { starts: syms(s), ends: syms(e) })
                    })
                    .collect(),
            ),
        })
    }

    fn columns(&self, metas: &[ColumnMeta], slots: u64) -> Result<Columns, StoreError> {
        let mut cols = Vec::new();
        let mut keys = std::collections::HashSet::new();
        for c in metas {
            if !keys.insert(c.key) {
                return Err(self.bad("inconsistent snapshot: a property column is repeated"));
            }
            if c.len > slots {
                return Err(self.bad("inconsistent snapshot: a property column is longer than its table"));
            }
            let sec = |i: usize| c.sections.get(i).copied().ok_or_else(|| self.bad("inconsistent snapshot: a column section is missing"));
            let col = match c.kind {
                ColumnKind::Int => Column::Int { vals: self.array_len(sec(0)?, TAG_COLUMN, c.len)?, has: self.bits(sec(1)?, c.len)? },
                ColumnKind::Float => Column::Float { vals: self.array_len(sec(0)?, TAG_COLUMN, c.len)?, has: self.bits(sec(1)?, c.len)? },
                ColumnKind::Bool => Column::Bool { vals: self.bits(sec(0)?, c.len)?, has: self.bits(sec(1)?, c.len)? },
                ColumnKind::Str => {
                    let start: Vec<u64> = self.array_len(sec(0)?, TAG_COLUMN, c.len)?;
                    let len: Vec<u32> = self.array_len(sec(1)?, TAG_COLUMN, c.len)?;
                    let bytes: Vec<u8> = self.array(sec(2)?, TAG_COLUMN)?;
                    let has = self.bits(sec(3)?, c.len)?;
                    // the whole buffer is UTF-8 and every string starts and ends on a character
                    let text = std::str::from_utf8(&bytes).map_err(|_| self.bad("inconsistent snapshot: a string is not UTF-8"))?;
                    for i in has.ones() {
                        let ok = start[i].checked_add(u64::from(len[i])).is_some_and(|e| {
                            e <= bytes.len() as u64 && text.is_char_boundary(start[i] as usize) && text.is_char_boundary(e as usize)
                        });
                        if !ok {
                            return Err(self.bad("inconsistent snapshot: a string lies outside its column"));
                        }
                    }
                    Column::Str { start, len, bytes, has, waste: 0 }
                }
                ColumnKind::Values => {
                    let blob: Vec<u8> = self.array(sec(0)?, TAG_COLUMN)?;
                    let pairs: Vec<(u32, Value)> = self.bincode(&blob)?;
                    if pairs.iter().any(|(s, _)| u64::from(*s) >= slots) || pairs.windows(2).any(|w| w[0].0 >= w[1].0) {
                        return Err(self.bad("inconsistent snapshot: a property value is out of place"));
                    }
                    Column::build(slots as usize, pairs)
                }
            };
            cols.push((Sym(c.key), col));
        }
        Ok(Columns::from_columns(slots as usize, cols))
    }
}

/// Decodes with an allocation limit of `cap` bytes.
fn decode_limited<T: serde::de::DeserializeOwned>(bytes: &[u8], cap: usize) -> Result<(T, usize), bincode::error::DecodeError> {
    // bincode's limit is a type-level constant; pick the smallest power of two above `cap`
    macro_rules! with {
        ($($bits:literal)*) => {
            $( if cap <= (1usize << $bits) {
                return bincode::serde::decode_from_slice(bytes, bincode::config::standard().with_limit::<{ 1usize << $bits }>());
            } )*
        };
    }
    with!(16 18 20 22 24 26 28 30 32 34 36 38);
    bincode::serde::decode_from_slice(bytes, bincode::config::standard().with_limit::<{ 1usize << 40 }>())
}

/// Encodes one write-ahead log record's changes (the log shares this module's encoding).
pub fn encode_changes(changes: &[Change]) -> Result<Vec<u8>, String> {
    bincode::serde::encode_to_vec(changes, config()).map_err(|e| e.to_string())
}

/// Decodes what [`encode_changes`] wrote; the whole input must be used, and no length in it
/// may claim far more memory than the record's size.
pub fn decode_changes(bytes: &[u8]) -> Result<Vec<Change>, String> {
    let cap = bytes.len().saturating_mul(64).max(1 << 16);
    let (changes, used): (Vec<Change>, usize) = decode_limited(bytes, cap).map_err(|e| e.to_string())?;
    if used != bytes.len() {
        return Err(format!("{} bytes left over after the changes", bytes.len() - used));
    }
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::NodeId;

    fn sample() -> Graph {
        let mut g = Graph::new();
        let (person, name, knows) = (g.intern("Person"), g.intern("name"), g.intern("KNOWS"));
        let ids: Vec<NodeId> = (0..5).map(|i| g.add_node(&[person], vec![(name, Value::str(&format!("p{i}")))]).unwrap()).collect();
        g.add_rel(knows, ids[0], ids[4], Vec::new()).unwrap();
        g.remove_node(ids[2]);
        g.create_index(person, name);
        g
    }

    #[test]
    fn round_trip_keeps_ids_counters_and_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("snapshot");
        let g = sample();
        write(&path, &g, 7).unwrap();
        let (h, generation) = read(&path).unwrap();
        assert_eq!(generation, 7);
        assert_eq!(h.next_ids(), g.next_ids());
        assert!(h.node_by_public(2).is_none());
        assert_eq!(h.node_count(), 4);
        let r = h.rel_by_public(0).unwrap();
        let (a, b) = h.rel_ends(r).unwrap();
        assert_eq!((h.node_public(a), h.node_public(b)), (0, 4));
        let (person, name) = (h.sym("Person").unwrap(), h.sym("name").unwrap());
        let found = h.index_lookup(person, name, &Value::str("p3")).unwrap();
        assert_eq!(found.iter().map(|n| h.node_public(*n)).collect::<Vec<_>>(), vec![3]);
        // a second write of the reloaded graph (already compact) gives the same graph
        write(&path, &h, 8).unwrap();
        let (again, _) = read(&path).unwrap();
        assert_eq!(again.node_count(), 4);
        assert_eq!(again.node_by_public(4).map(|n| again.node_public(n)), Some(4));
    }

    #[test]
    fn damage_is_reported_with_the_file_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("snap");
        write(&path, &sample(), 0).unwrap();
        let good = fs::read(&path).unwrap();
        let msg = |bytes: &[u8]| decode(&path, bytes).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(msg(&[]).contains("empty"));
        assert!(msg(&good[..good.len() - 3]).contains("truncated"));
        assert!(msg(b"NOTASNAPSHOTATALL_______").contains("magic"));
        let mut newer = good.clone();
        newer[8] = 9;
        assert!(msg(&newer).contains("newer ieum"));
        let mut flipped = good.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0x40;
        assert!(msg(&flipped).contains("checksum"));
        assert!(msg(&flipped).starts_with(&path.display().to_string()));
    }
}
