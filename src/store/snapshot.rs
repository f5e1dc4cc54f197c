//! Snapshot files: the whole graph in one checksummed file, the base that the write-ahead
//! log is replayed onto. This is the only module that knows the bincode encoding.
//!
//! Layout: a 24-byte header — magic `IEUMSNAP`, format version (u32 LE), CRC-32 of the body
//! (u32 LE), body length (u64 LE) — then the bincode body. The body is column-shaped (flat
//! vectors of ids, label and property counts, keys and values) so that loading is a few
//! sequential decodes followed by bulk inserts; adjacency and indexes are rebuilt, not
//! stored. Writing goes to a temporary file that is synced and renamed over the old one,
//! then the directory is synced, so a crash leaves either the old or the new snapshot.
//!
//! Every way a file can be damaged (empty, truncated, wrong magic, newer version, bad
//! checksum, a body that does not describe a valid graph) is an error naming the file.

use std::fs::{self, File};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::graph::Graph;
use super::interner::Sym;
use super::props::Props;
use super::tx::Change;
use crate::error::StoreError;
use crate::value::{NodeId, RelId, Value};

/// The first bytes of every snapshot file.
pub const MAGIC: &[u8; 8] = b"IEUMSNAP";
/// The format this build writes (and the newest it reads).
pub const VERSION: u32 = 1;
const HEADER: usize = 24;

/// The snapshot body: flat vectors of the whole graph. Written with the names and values
/// borrowed from the graph (`Body<&[Arc<str>], &Value>`, see [`BodyRef`]) and read back
/// owned (`Body<Vec<Arc<str>>, Value>`); a slice and a vector encode alike, so both forms
/// are the same bytes.
#[derive(Serialize, Deserialize)]
struct Body<Names = Vec<Arc<str>>, V = Value> {
    generation: u64,
    next_node: u64,
    next_rel: u64,
    names: Names,
    node_ids: Vec<u64>,
    node_label_counts: Vec<u32>,
    labels: Vec<u32>,
    node_prop_counts: Vec<u32>,
    rel_ids: Vec<u64>,
    rel_types: Vec<u32>,
    rel_starts: Vec<u64>,
    rel_ends: Vec<u64>,
    rel_prop_counts: Vec<u32>,
    /// Properties of every node (in node order), then of every relationship.
    prop_keys: Vec<u32>,
    prop_values: Vec<V>,
    indexes: Vec<(u32, u32)>,
    unique: Vec<(u32, u32)>,
}

/// The body as written, borrowed from the graph.
type BodyRef<'a> = Body<&'a [Arc<str>], &'a Value>;

fn config() -> impl bincode::config::Config {
    bincode::config::standard()
}

fn body_of(graph: &Graph, generation: u64) -> BodyRef<'_> {
    let mut nodes: Vec<_> = graph.node_records().collect();
    nodes.sort_unstable_by_key(|n| n.id);
    let mut rels: Vec<_> = graph.rel_records().collect();
    // Ordered for a cache-friendly load: in blocks of start nodes (which sit together in
    // memory after loading, as nodes load in id order), and by end node inside a block, so
    // that linking each relationship into both ends' adjacency sweeps memory forwards
    // instead of jumping about. Adjacency order is unspecified, so this changes no answer.
    rels.sort_unstable_by_key(|(r, start, end)| (start.0 >> 10, *end, r.id));
    let (next_node, next_rel) = graph.next_ids();
    let mut b = BodyRef {
        generation,
        next_node,
        next_rel,
        names: graph.names().all(),
        node_ids: Vec::with_capacity(nodes.len()),
        node_label_counts: Vec::with_capacity(nodes.len()),
        labels: Vec::new(),
        node_prop_counts: Vec::with_capacity(nodes.len()),
        rel_ids: Vec::with_capacity(rels.len()),
        rel_types: Vec::with_capacity(rels.len()),
        rel_starts: Vec::with_capacity(rels.len()),
        rel_ends: Vec::with_capacity(rels.len()),
        rel_prop_counts: Vec::with_capacity(rels.len()),
        prop_keys: Vec::new(),
        prop_values: Vec::new(),
        indexes: graph.index_list().map(|(l, k)| (l.0, k.0)).collect(),
        unique: graph.unique_constraints().map(|(l, k)| (l.0, k.0)).collect(),
    };
    b.indexes.sort_unstable();
    for n in nodes {
        b.node_ids.push(n.id.0);
        b.node_label_counts.push(n.labels.len() as u32);
        b.labels.extend(n.labels.iter().map(|l| l.0));
        b.node_prop_counts.push(n.props.len() as u32);
        for (k, v) in n.props.iter() {
            b.prop_keys.push(k.0);
            b.prop_values.push(v);
        }
    }
    for (r, start, end) in rels {
        b.rel_ids.push(r.id.0);
        b.rel_types.push(r.rel_type.0);
        b.rel_starts.push(start.0);
        b.rel_ends.push(end.0);
        b.rel_prop_counts.push(r.props.len() as u32);
        for (k, v) in r.props.iter() {
            b.prop_keys.push(k.0);
            b.prop_values.push(v);
        }
    }
    b
}

/// Passes bytes through while counting them and computing their CRC-32.
struct Summing<W> {
    inner: W,
    crc: crc32fast::Hasher,
    len: u64,
}

impl<W: Write> Write for Summing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.crc.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Wraps an I/O error with the path it happened on.
pub(crate) fn io_err(path: &Path) -> impl Fn(io::Error) -> StoreError + '_ {
    move |source| StoreError::Io { path: path.display().to_string(), source }
}

/// A damaged-file error naming `path`.
pub(crate) fn corrupt(path: &Path, message: impl Into<String>) -> StoreError {
    StoreError::Corrupt { path: path.display().to_string(), message: message.into() }
}

/// Writes a snapshot of `graph` to `path` atomically: temporary file, sync, rename, sync of
/// the directory.
pub fn write(path: &Path, graph: &Graph, generation: u64) -> Result<(), StoreError> {
    let tmp = path.with_extension("tmp");
    let err = io_err(&tmp);
    let mut file = File::create(&tmp).map_err(&err)?;
    file.write_all(&[0u8; HEADER]).map_err(&err)?;
    let (crc, len) = {
        let mut w = Summing { inner: BufWriter::with_capacity(1 << 20, &file), crc: crc32fast::Hasher::new(), len: 0 };
        bincode::serde::encode_into_std_write(body_of(graph, generation), &mut w, config())
            .map_err(|e| StoreError::Io { path: tmp.display().to_string(), source: io::Error::other(e.to_string()) })?;
        w.flush().map_err(&err)?;
        (w.crc.clone().finalize(), w.len)
    };
    let mut header = Vec::with_capacity(HEADER);
    header.extend_from_slice(MAGIC);
    header.extend_from_slice(&VERSION.to_le_bytes());
    header.extend_from_slice(&crc.to_le_bytes());
    header.extend_from_slice(&len.to_le_bytes());
    file.seek(SeekFrom::Start(0)).map_err(&err)?;
    file.write_all(&header).map_err(&err)?;
    file.sync_all().map_err(&err)?;
    drop(file);
    fs::rename(&tmp, path).map_err(io_err(path))?;
    sync_dir(path)
}

/// Syncs the directory holding `path`, so that a rename in it is durable.
pub fn sync_dir(path: &Path) -> Result<(), StoreError> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    File::open(dir).and_then(|d| d.sync_all()).map_err(io_err(dir))
}

/// Reads the snapshot at `path`: the graph and the log generation it was taken at.
pub fn read(path: &Path) -> Result<(Graph, u64), StoreError> {
    let bytes = fs::read(path).map_err(io_err(path))?;
    decode(path, &bytes)
}

/// Checks and decodes snapshot bytes; `path` names the file in errors.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<(Graph, u64), StoreError> {
    if bytes.is_empty() {
        return Err(corrupt(path, "the snapshot file is empty"));
    }
    if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
        return Err(corrupt(path, "not an ieum snapshot (wrong magic bytes at the start of the file)"));
    }
    if bytes.len() < HEADER {
        return Err(corrupt(path, format!("truncated: {} bytes, shorter than the {HEADER}-byte header", bytes.len())));
    }
    let word = |at: usize| u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    let version = word(8);
    if version > VERSION {
        return Err(corrupt(
            path,
            format!(
                "written by a newer ieum (snapshot format {version}; this build reads formats up to {VERSION}): upgrade ieum to open it"
            ),
        ));
    }
    if version == 0 {
        return Err(corrupt(path, "unknown snapshot format 0"));
    }
    let crc = word(12);
    let mut len8 = [0u8; 8];
    len8.copy_from_slice(&bytes[16..24]);
    let len = u64::from_le_bytes(len8);
    let body = &bytes[HEADER..];
    if body.len() as u64 != len {
        return Err(corrupt(
            path,
            format!("truncated or damaged: the header announces {len} bytes of data, the file holds {}", body.len()),
        ));
    }
    if crc32fast::hash(body) != crc {
        return Err(corrupt(path, "checksum mismatch: the file is damaged"));
    }
    let (body, used): (Body, usize) =
        bincode::serde::decode_from_slice(body, config()).map_err(|e| corrupt(path, format!("cannot decode the snapshot: {e}")))?;
    if used as u64 != len {
        return Err(corrupt(path, "trailing bytes after the snapshot data"));
    }
    let generation = body.generation;
    let graph = build(body).map_err(|m| corrupt(path, format!("inconsistent snapshot: {m}")))?;
    Ok((graph, generation))
}

/// Rebuilds a graph from a decoded body, checking every reference on the way.
fn build(b: Body) -> Result<Graph, String> {
    let n = b.node_ids.len();
    let m = b.rel_ids.len();
    if b.node_label_counts.len() != n || b.node_prop_counts.len() != n {
        return Err("node columns have different lengths".into());
    }
    if b.rel_types.len() != m || b.rel_starts.len() != m || b.rel_ends.len() != m || b.rel_prop_counts.len() != m {
        return Err("relationship columns have different lengths".into());
    }
    let label_total: u64 = b.node_label_counts.iter().map(|&c| c as u64).sum();
    let prop_total: u64 = b.node_prop_counts.iter().chain(&b.rel_prop_counts).map(|&c| c as u64).sum();
    if label_total != b.labels.len() as u64 {
        return Err("label counts do not match the labels".into());
    }
    if prop_total != b.prop_keys.len() as u64 || b.prop_keys.len() != b.prop_values.len() {
        return Err("property counts do not match the properties".into());
    }
    let mut g = Graph::new();
    for name in &b.names {
        g.intern(name);
    }
    let names = b.names.len();
    if g.names().len() != names {
        return Err("a name is listed twice".into());
    }
    let sym = |s: u32| if (s as usize) < names { Ok(Sym(s)) } else { Err(format!("name number {s} does not exist")) };
    g.reserve(n, m);
    let mut labels = b.labels.into_iter();
    let mut keys = b.prop_keys.into_iter();
    let mut values = b.prop_values.into_iter();
    let mut props = |count: u32| -> Result<Props, String> {
        let mut pairs = Vec::with_capacity(count as usize);
        for (k, v) in keys.by_ref().zip(values.by_ref()).take(count as usize) {
            pairs.push((sym(k)?, v));
        }
        Ok(Props::from_pairs(pairs))
    };
    for i in 0..n {
        let id = NodeId(b.node_ids[i]);
        if id.0 >= b.next_node || g.node_any(id).is_some() {
            return Err(format!("node id {} is repeated or beyond the id counter", id.0));
        }
        let ls = labels.by_ref().take(b.node_label_counts[i] as usize).map(sym).collect::<Result<Vec<_>, _>>()?;
        let p = props(b.node_prop_counts[i])?;
        g.insert_node(id, ls, p);
    }
    for i in 0..m {
        let id = RelId(b.rel_ids[i]);
        if id.0 >= b.next_rel || g.rel_any(id).is_some() {
            return Err(format!("relationship id {} is repeated or beyond the id counter", id.0));
        }
        let t = sym(b.rel_types[i])?;
        let p = props(b.rel_prop_counts[i])?;
        if !g.insert_rel(id, t, NodeId(b.rel_starts[i]), NodeId(b.rel_ends[i]), p) {
            return Err(format!("relationship {} joins a node that does not exist", id.0));
        }
    }
    for (l, k) in b.indexes {
        g.create_index(sym(l)?, sym(k)?);
    }
    for (l, k) in b.unique {
        let (l, k) = (sym(l)?, sym(k)?);
        g.create_index(l, k);
        g.unique.insert((l, k));
    }
    g.set_next_ids(b.next_node, b.next_rel);
    Ok(g)
}

/// Encodes one write-ahead log record's changes (the log shares this module's encoding).
pub fn encode_changes(changes: &[Change]) -> Result<Vec<u8>, String> {
    bincode::serde::encode_to_vec(changes, config()).map_err(|e| e.to_string())
}

/// Decodes what [`encode_changes`] wrote; the whole input must be used.
pub fn decode_changes(bytes: &[u8]) -> Result<Vec<Change>, String> {
    let (changes, used): (Vec<Change>, usize) = bincode::serde::decode_from_slice(bytes, config()).map_err(|e| e.to_string())?;
    if used != bytes.len() {
        return Err(format!("{} bytes left over after the changes", bytes.len() - used));
    }
    Ok(changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Graph {
        let mut g = Graph::new();
        let (person, name, knows) = (g.intern("Person"), g.intern("name"), g.intern("KNOWS"));
        for i in 0..5 {
            let id = g.alloc_node_id();
            g.insert_node(id, vec![person], Props::from_pairs([(name, Value::str(&format!("p{i}")))]));
        }
        let r = g.alloc_rel_id();
        g.insert_rel(r, knows, NodeId(0), NodeId(4), Props::new());
        g.remove_node(NodeId(2));
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
        assert!(h.node(NodeId(2)).is_none());
        assert_eq!(h.node_count(), 4);
        assert_eq!(h.rel_ends(RelId(0)), Some((NodeId(0), NodeId(4))));
        let (person, name) = (h.sym("Person").unwrap(), h.sym("name").unwrap());
        assert_eq!(h.index_lookup(person, name, &Value::str("p3")), Some(&[NodeId(3)][..]));
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
