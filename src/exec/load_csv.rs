//! `LOAD CSV [WITH HEADERS] FROM 'file:///...' AS row [FIELDTERMINATOR ';']`: one row per
//! record of a local file, as a list of strings, or, with headers, as a map from the
//! header's names. Empty fields are null. Only local files are read: `file:///x.csv` names
//! `x.csv` in the import directory (`--import-dir`), or, without one, in the working
//! directory (an absolute path is tried when no such relative file exists).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Eval, Flow, Row, Sink, push};
use crate::error::{Category, ExecError};
use crate::plan::{LoadCsvPlan, Op};
use crate::value::{Map, Value};

pub(super) fn rows(ev: &Eval<'_>, l: &LoadCsvPlan, rest: &[Op], row: &mut Row, sink: &mut Sink<'_>) -> Result<Flow, ExecError> {
    let url = match ev.eval(&l.url, row)? {
        Value::String(s) => s,
        other => {
            return Err(ExecError::type_error("InvalidArgumentType", format!("LOAD CSV FROM needs a string, not {}", other.value_type()))
                .at(l.span));
        }
    };
    let path = resolve(&url, ev.ctx.import_dir).map_err(|e| e.at(l.span))?;
    let file = std::fs::File::open(&path).map_err(|e| {
        ExecError::new(Category::ArgumentError, "CsvFileNotFound", format!("LOAD CSV cannot read {}: {e}", path.display())).at(l.span)
    })?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(l.terminator).from_reader(file);
    let mut header: Option<Vec<Arc<str>>> = None;
    let shown: Arc<str> = Arc::from(path.display().to_string());
    let mut record = csv::StringRecord::new();
    loop {
        ev.ctx.tick()?;
        let more = reader.read_record(&mut record).map_err(|e| {
            ExecError::new(Category::ArgumentError, "CsvParseError", format!("LOAD CSV cannot parse {}: {e}", path.display())).at(l.span)
        })?;
        if !more {
            return Ok(Flow::Continue);
        }
        let field = |s: &str| if s.is_empty() { Value::Null } else { Value::String(s.into()) };
        let value = if l.headers {
            match &header {
                None => {
                    header = Some(record.iter().map(Arc::from).collect());
                    continue;
                }
                Some(names) => {
                    let mut m = Map::new();
                    for (i, name) in names.iter().enumerate() {
                        m.insert(name.clone(), record.get(i).map_or(Value::Null, field));
                    }
                    Value::map(m)
                }
            }
        } else {
            Value::list(record.iter().map(field).collect())
        };
        row[l.slot] = value;
        let line = record.position().map_or(0, |p| p.line() as i64);
        *ev.ctx.csv_position.borrow_mut() = Some((shown.clone(), line));
        if push(ev, rest, row, sink)? == Flow::Stop {
            return Ok(Flow::Stop);
        }
    }
}

/// The local path a `LOAD CSV` URL names; remote URLs are refused.
fn resolve(url: &str, import_dir: Option<&Path>) -> Result<PathBuf, ExecError> {
    let lower = url.to_ascii_lowercase();
    let rest = if let Some(r) = lower.strip_prefix("file://") {
        &url[url.len() - r.len()..]
    } else if let Some(r) = lower.strip_prefix("file:") {
        &url[url.len() - r.len()..]
    } else if lower.contains("://") {
        return Err(ExecError::new(
            Category::ArgumentError,
            "RemoteUrlRefused",
            format!("LOAD CSV reads local files only (file:///...); {url} is refused"),
        ));
    } else {
        url
    };
    let decoded = percent_decode(rest);
    let relative = decoded.trim_start_matches('/');
    match import_dir {
        Some(dir) => {
            if Path::new(relative).components().any(|c| matches!(c, std::path::Component::ParentDir)) {
                return Err(ExecError::new(
                    Category::ArgumentError,
                    "CsvFileOutsideImportDir",
                    format!("LOAD CSV cannot read {decoded}: it lies outside the import directory {}", dir.display()),
                ));
            }
            Ok(dir.join(relative))
        }
        None => {
            let local = PathBuf::from(relative);
            if !local.exists() && Path::new(&decoded).is_absolute() && Path::new(&decoded).exists() {
                return Ok(PathBuf::from(decoded));
            }
            Ok(local)
        }
    }
}

/// Decodes `%XX` escapes (invalid ones are kept as written).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(h) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(h, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_resolve_to_local_paths() {
        let dir = Path::new("/data/import");
        assert_eq!(resolve("file:///people.csv", Some(dir)).ok(), Some(dir.join("people.csv")));
        assert_eq!(resolve("file:///a%20b.csv", Some(dir)).ok(), Some(dir.join("a b.csv")));
        assert_eq!(resolve("file:///x.csv", None).ok(), Some(PathBuf::from("x.csv")));
        assert!(resolve("https://example.com/x.csv", None).is_err_and(|e| e.code == "RemoteUrlRefused"));
        assert!(resolve("file:///../etc/passwd", Some(dir)).is_err_and(|e| e.code == "CsvFileOutsideImportDir"));
    }
}
