//! Reading the data rows of one CSV file, in parallel: the rows are cut into pieces that
//! each begin at a record (a newline outside any quoted field, found by counting quotes),
//! each piece is parsed on a thread of its own into typed column builders, and the pieces
//! are joined in order. Property values go straight into typed arrays, never into one
//! allocated value per cell.

use std::ops::Range;
use std::sync::Arc;

use super::header::{Column, Scalar};
use crate::store::bits::Bits;
use crate::store::columns::Column as StoreColumn;
use crate::value::Value;

/// How cells are read.
#[derive(Clone, Copy, Debug)]
pub struct Dialect {
    pub delimiter: u8,
    pub array_delimiter: u8,
    pub quote: u8,
}

/// Cuts `body` into at most `parts` ranges, each starting at a record. Fails with the byte
/// offset of the quote that opens a field the text never closes.
pub fn split(body: &[u8], parts: usize, quote: u8) -> Result<Vec<Range<usize>>, usize> {
    let quotes = memchr::memchr_iter(quote, body).count();
    if quotes % 2 == 1 {
        // the last quote that leaves an odd count behind it opens the unclosed field
        let mut open = 0;
        for (n, at) in memchr::memchr_iter(quote, body).enumerate() {
            if n % 2 == 0 {
                open = at;
            }
        }
        return Err(open);
    }
    let mut out = Vec::with_capacity(parts);
    let (mut start, mut pos) = (0, 0);
    // whether an odd number of quotes lies before `pos`
    let mut odd = false;
    for k in 1..parts.max(1) {
        let target = body.len() * k / parts;
        if target <= pos {
            continue;
        }
        odd ^= memchr::memchr_iter(quote, &body[pos..target]).count() % 2 == 1;
        pos = target;
        while pos < body.len() {
            let b = body[pos];
            if b == quote {
                odd = !odd;
            } else if b == b'\n' && !odd {
                break;
            }
            pos += 1;
        }
        if pos >= body.len() {
            break;
        }
        pos += 1;
        out.push(start..pos);
        start = pos;
    }
    if start < body.len() {
        out.push(start..body.len());
    }
    Ok(out)
}

/// The number of lines (newlines) in `bytes`.
pub fn lines_in(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

/// One property column of the rows read so far, typed as its header says.
#[derive(Debug)]
pub enum Builder {
    Int {
        vals: Vec<i64>,
        has: Bits,
    },
    Float {
        vals: Vec<f64>,
        has: Bits,
    },
    Bool {
        vals: Bits,
        has: Bits,
    },
    Str {
        bytes: Vec<u8>,
        start: Vec<u64>,
        len: Vec<u32>,
        has: Bits,
    },
    /// Arrays: (row, value).
    Values(Vec<(u32, Value)>),
}

/// A cell read according to its column.
pub enum Cell<'r> {
    Absent,
    Int(i64),
    Float(f64),
    Bool(bool),
    Str(&'r str),
    Value(Value),
}

impl Builder {
    pub fn new(ty: Scalar, array: bool) -> Builder {
        if array {
            return Builder::Values(Vec::new());
        }
        match ty {
            Scalar::Int => Builder::Int { vals: Vec::new(), has: Bits::new() },
            Scalar::Float => Builder::Float { vals: Vec::new(), has: Bits::new() },
            Scalar::Bool => Builder::Bool { vals: Bits::new(), has: Bits::new() },
            Scalar::String => Builder::Str { bytes: Vec::new(), start: Vec::new(), len: Vec::new(), has: Bits::new() },
        }
    }

    /// An empty builder of the same kind.
    pub fn empty_like(&self) -> Builder {
        match self {
            Builder::Int { .. } => Builder::new(Scalar::Int, false),
            Builder::Float { .. } => Builder::new(Scalar::Float, false),
            Builder::Bool { .. } => Builder::new(Scalar::Bool, false),
            Builder::Str { .. } => Builder::new(Scalar::String, false),
            Builder::Values(_) => Builder::Values(Vec::new()),
        }
    }

    /// Appends row `row`'s cell (rows come in order, one call each).
    pub fn push(&mut self, row: usize, cell: Cell<'_>) {
        match (self, cell) {
            (Builder::Int { vals, has }, c) => {
                vals.push(if let Cell::Int(i) = c {
                    has.set(row, true);
                    i
                } else {
                    0
                });
            }
            (Builder::Float { vals, has }, c) => {
                vals.push(if let Cell::Float(f) = c {
                    has.set(row, true);
                    f
                } else {
                    0.0
                });
            }
            (Builder::Bool { vals, has }, Cell::Bool(b)) => {
                vals.set(row, b);
                has.set(row, true);
            }
            (Builder::Bool { .. }, _) => {}
            (Builder::Str { bytes, start, len, has }, c) => {
                start.push(bytes.len() as u64);
                match c {
                    Cell::Str(s) => {
                        bytes.extend_from_slice(s.as_bytes());
                        len.push(s.len() as u32);
                        has.set(row, true);
                    }
                    _ => len.push(0),
                }
            }
            (Builder::Values(v), Cell::Value(x)) => v.push((row as u32, x)),
            (Builder::Values(_), _) => {}
        }
    }

    /// Takes back whatever was pushed for row `row` (a row found bad halfway through).
    pub fn truncate(&mut self, row: usize) {
        match self {
            Builder::Int { vals, has } => {
                vals.truncate(row);
                has.resize(row.min(has.len()));
            }
            Builder::Float { vals, has } => {
                vals.truncate(row);
                has.resize(row.min(has.len()));
            }
            Builder::Bool { vals, has } => {
                vals.resize(row.min(vals.len()));
                has.resize(row.min(has.len()));
            }
            Builder::Str { bytes, start, len, has } => {
                if let Some(&s) = start.get(row) {
                    bytes.truncate(s as usize);
                }
                start.truncate(row);
                len.truncate(row);
                has.resize(row.min(has.len()));
            }
            Builder::Values(v) => v.retain(|(r, _)| (*r as usize) < row),
        }
    }

    /// Appends `other`, whose first row is row `base` of the joined column (rows between
    /// are empty).
    pub fn append(&mut self, other: Builder, base: usize) {
        let shift = |dst: &mut Bits, src: &Bits| {
            for i in src.ones() {
                dst.set(base + i, true);
            }
        };
        match (self, other) {
            (Builder::Int { vals, has }, Builder::Int { vals: v2, has: h2 }) => {
                vals.resize(base, 0);
                vals.extend(v2);
                shift(has, &h2);
            }
            (Builder::Float { vals, has }, Builder::Float { vals: v2, has: h2 }) => {
                vals.resize(base, 0.0);
                vals.extend(v2);
                shift(has, &h2);
            }
            (Builder::Bool { vals, has }, Builder::Bool { vals: v2, has: h2 }) => {
                shift(vals, &v2);
                shift(has, &h2);
            }
            (Builder::Str { bytes, start, len, has }, Builder::Str { bytes: b2, start: s2, len: l2, has: h2 }) => {
                let off = bytes.len() as u64;
                start.resize(base, off);
                len.resize(base, 0);
                bytes.extend(b2);
                start.extend(s2.into_iter().map(|s| s + off));
                len.extend(l2);
                shift(has, &h2);
            }
            (Builder::Values(v), Builder::Values(v2)) => v.extend(v2.into_iter().map(|(r, x)| (r + base as u32, x))),
            _ => {}
        }
    }

    /// Keeps only the rows of `order` (new row i = old row `order[i]`).
    pub fn gather(self, order: &[u32]) -> Builder {
        let pick = |has: &Bits| {
            let mut b = Bits::filled(order.len(), false);
            for (i, &o) in order.iter().enumerate() {
                if has.get(o as usize) {
                    b.set(i, true);
                }
            }
            b
        };
        match self {
            Builder::Int { vals, has } => {
                Builder::Int { vals: order.iter().map(|&o| vals.get(o as usize).copied().unwrap_or(0)).collect(), has: pick(&has) }
            }
            Builder::Float { vals, has } => {
                Builder::Float { vals: order.iter().map(|&o| vals.get(o as usize).copied().unwrap_or(0.0)).collect(), has: pick(&has) }
            }
            Builder::Bool { vals, has } => Builder::Bool { vals: pick(&vals), has: pick(&has) },
            Builder::Str { bytes, start, len, has } => {
                let mut nb = Vec::with_capacity(bytes.len());
                let (mut ns, mut nl) = (Vec::with_capacity(order.len()), Vec::with_capacity(order.len()));
                for &o in order {
                    let o = o as usize;
                    ns.push(nb.len() as u64);
                    // rows past the end of a column (a later file without the key) are empty
                    let l = if has.get(o) { len[o] } else { 0 };
                    if l > 0 {
                        nb.extend_from_slice(&bytes[start[o] as usize..start[o] as usize + l as usize]);
                    }
                    nl.push(l);
                }
                Builder::Str { bytes: nb, start: ns, len: nl, has: pick(&has) }
            }
            Builder::Values(v) => {
                let mut back = vec![u32::MAX; order.iter().map(|&o| o as usize + 1).max().unwrap_or(0)];
                for (i, &o) in order.iter().enumerate() {
                    back[o as usize] = i as u32;
                }
                let mut out: Vec<(u32, Value)> =
                    v.into_iter().filter_map(|(r, x)| back.get(r as usize).filter(|&&i| i != u32::MAX).map(|&i| (i, x))).collect();
                out.sort_unstable_by_key(|(r, _)| *r);
                Builder::Values(out)
            }
        }
    }

    /// The store's column for `rows` rows, in the form that suits how full it is.
    pub fn into_column(self, rows: usize) -> StoreColumn {
        let count = match &self {
            Builder::Int { has, .. } | Builder::Float { has, .. } | Builder::Bool { has, .. } | Builder::Str { has, .. } => {
                has.count_ones()
            }
            Builder::Values(v) => v.len(),
        };
        let dense = count >= 32 && count * 8 >= rows;
        let fit = |has: &mut Bits| has.resize(rows);
        match self {
            Builder::Int { mut vals, mut has } if dense => {
                vals.resize(rows, 0);
                fit(&mut has);
                StoreColumn::Int { vals, has }
            }
            Builder::Float { mut vals, mut has } if dense => {
                vals.resize(rows, 0.0);
                fit(&mut has);
                StoreColumn::Float { vals, has }
            }
            Builder::Bool { mut vals, mut has } if dense => {
                fit(&mut vals);
                fit(&mut has);
                StoreColumn::Bool { vals, has }
            }
            Builder::Str { bytes, mut start, mut len, mut has } if dense => {
                start.resize(rows, bytes.len() as u64);
                len.resize(rows, 0);
                fit(&mut has);
                StoreColumn::Str { start, len, bytes, has, waste: 0 }
            }
            other => StoreColumn::build(rows, other.values()),
        }
    }

    /// Every (row, value) present.
    pub fn values(self) -> Vec<(u32, Value)> {
        match self {
            Builder::Int { vals, has } => has.ones().map(|i| (i as u32, Value::Int(vals[i]))).collect(),
            Builder::Float { vals, has } => has.ones().map(|i| (i as u32, Value::Float(vals[i]))).collect(),
            Builder::Bool { vals, has } => has.ones().map(|i| (i as u32, Value::Bool(vals.get(i)))).collect(),
            Builder::Str { bytes, start, len, has } => has
                .ones()
                .map(|i| {
                    let b = &bytes[start[i] as usize..start[i] as usize + len[i] as usize];
                    (i as u32, Value::String(Arc::from(std::str::from_utf8(b).unwrap_or(""))))
                })
                .collect(),
            Builder::Values(v) => v,
        }
    }
}

/// Reads a cell of a property column.
pub fn cell<'r>(text: &'r str, ty: Scalar, array: bool, dialect: &Dialect) -> Result<Cell<'r>, String> {
    if text.is_empty() {
        return Ok(Cell::Absent);
    }
    if array {
        let items = text
            .split(dialect.array_delimiter as char)
            .map(|x| match scalar(x, ty)? {
                Cell::Int(i) => Ok(Value::Int(i)),
                Cell::Float(f) => Ok(Value::Float(f)),
                Cell::Bool(b) => Ok(Value::Bool(b)),
                Cell::Str(s) => Ok(Value::str(s)),
                _ => Ok(Value::Null),
            })
            .collect::<Result<Vec<_>, String>>()?;
        return Ok(Cell::Value(Value::list(items)));
    }
    scalar(text, ty)
}

fn scalar(text: &str, ty: Scalar) -> Result<Cell<'_>, String> {
    let t = text.trim();
    match ty {
        Scalar::String => Ok(Cell::Str(text)),
        Scalar::Int => t.parse::<i64>().map(Cell::Int).map_err(|_| format!("'{text}' is not an integer")),
        Scalar::Float => t.parse::<f64>().map(Cell::Float).map_err(|_| format!("'{text}' is not a number")),
        Scalar::Bool => match t.to_ascii_lowercase().as_str() {
            "true" => Ok(Cell::Bool(true)),
            "false" => Ok(Cell::Bool(false)),
            _ => Err(format!("'{text}' is not true or false")),
        },
    }
}

/// A bad row: its line and what is wrong.
pub type Problem = (u64, String);

/// Reads the records of `piece` (which starts on line `first_line` of its file) and hands
/// each to `f` with its line; returns the rows that the reader itself refused.
pub fn records(
    piece: &[u8],
    first_line: u64,
    columns: usize,
    dialect: &Dialect,
    mut f: impl FnMut(&csv::StringRecord, u64),
) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut rdr =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(dialect.delimiter).quote(dialect.quote).from_reader(piece);
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                let line = first_line + rec.position().map_or(1, |p| p.line()) - 1;
                if rec.len() == 1 && rec.get(0).is_some_and(|c| c.is_empty()) {
                    continue; // a blank line
                }
                if rec.len() != columns {
                    problems.push((line, format!("the row has {} fields where the header has {columns}", rec.len())));
                    continue;
                }
                f(&rec, line);
            }
            Err(e) => {
                let line = first_line + e.position().map_or(1, |p| p.line()) - 1;
                let message = match e.kind() {
                    csv::ErrorKind::Utf8 { .. } => "the row is not valid UTF-8 text".to_string(),
                    _ => e.to_string(),
                };
                problems.push((line, message));
            }
        }
    }
    problems
}

/// The property columns of a header (named id columns included), as (column index, type,
/// array) in header order.
pub fn property_columns(cols: &[Column]) -> Vec<(usize, Scalar, bool)> {
    cols.iter()
        .enumerate()
        .filter_map(|(i, c)| match c {
            Column::Prop { ty, array, .. } => Some((i, *ty, *array)),
            Column::Id { name: Some(_), .. } => Some((i, Scalar::String, false)),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_start_at_records_even_inside_quotes() {
        let body = b"a,1\nb,\"x\ny\"\nc,3\nd,4\n";
        for parts in 1..6 {
            let r = split(body, parts, b'"').unwrap();
            assert_eq!(r.first().map(|x| x.start), Some(0));
            assert_eq!(r.last().map(|x| x.end), Some(body.len()));
            for w in r.windows(2) {
                assert_eq!(w[0].end, w[1].start);
            }
            for x in &r {
                let starts = &body[x.start..];
                assert!([b'a', b'b', b'c', b'd'].contains(&starts[0]), "{parts}: {:?}", String::from_utf8_lossy(starts));
            }
        }
        assert_eq!(split(b"a,1\nb,\"open\nc,3\n", 2, b'"'), Err(6));
    }

    #[test]
    fn builders_join_pieces_and_pick_rows() {
        let d = Dialect { delimiter: b',', array_delimiter: b';', quote: b'"' };
        let mut a = Builder::new(Scalar::String, false);
        a.push(0, cell("x", Scalar::String, false, &d).unwrap());
        a.push(1, Cell::Absent);
        let mut b = Builder::new(Scalar::String, false);
        b.push(0, cell("yy", Scalar::String, false, &d).unwrap());
        a.append(b, 2);
        let joined = a;
        let col = joined.gather(&[2, 0, 1]).into_column(3);
        assert_eq!(col.get(0).map(|v| v.to_value()), Some(Value::str("yy")));
        assert_eq!(col.get(1).map(|v| v.to_value()), Some(Value::str("x")));
        assert!(col.get(2).is_none());
        assert!(cell("x", Scalar::Int, false, &d).is_err());
        assert!(matches!(cell("1;2", Scalar::Int, true, &d), Ok(Cell::Value(Value::List(_)))));
    }
}
