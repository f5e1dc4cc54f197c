//! A running session of the command line or the REPL: the database, the parameters and
//! options statements run with, where results go, and the running of scripts statement by
//! statement with errors that name `origin:line:column`.
//!
//! The command line (`cli.rs`) builds a session from its arguments; the REPL (`repl/`) keeps
//! one for as long as it runs and changes its options with meta-commands.
//!
//! Results reach the output through a [`render::ResultWriter`] of the session's format,
//! over the session's output wrapped so that Ctrl-C stops it (and, on a terminal, in the
//! pager): [`Session::print`] drives one over a finished result with
//! [`render::write_result`]. A writer needs no more than the columns first, then each row
//! as it is produced, then the counters, so rows can equally be handed to it one by one as
//! an executor yields them.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::db::{Database, Params, QueryOptions};
use crate::error::{Error, Position};
use crate::progress::Progress;
use crate::render::output::{Interruptible, Pager, pager_command};
use crate::render::{self, Format, Options};
use crate::result::QueryResult;
use crate::syntax::{Splitter, split_statements};
use crate::value::{Map, Value};

/// Rows a table shows on a terminal unless told otherwise.
pub const DEFAULT_MAX_ROWS: usize = 1000;

/// The database, options and output of one run of `ieum`.
pub struct Session {
    pub db: Database,
    pub params: Params,
    pub format: Format,
    pub timeout: Option<Duration>,
    pub read_only: bool,
    pub optimize: bool,
    /// Where results go (standard output, or a file).
    pub out: Box<dyn Write>,
    /// Set (by a Ctrl-C handler) to cancel the running statement; cleared before each one.
    pub cancel: Option<Arc<AtomicBool>>,
    /// Print the elapsed time after each table.
    pub timing: bool,
    /// `--timing`: a `timing:` line on stderr for each statement, for scripts to read.
    pub report_timing: bool,
    /// Statements run so far (numbers the `timing:` lines).
    pub statements: u64,
    /// Write the rows of reading queries in CSV, TSV, JSON and JSON Lines as they are
    /// produced, without gathering them (batch runs; [`Session::last`] then holds no rows).
    pub stream: bool,
    /// The result of the last statement that succeeded (for `:export` and `:sources`).
    pub last: Option<QueryResult>,
    /// The terminal results go to, as (columns, rows); None when they go to a file or a
    /// pipe. Tables are fitted to its width, long results cut to `max_rows` and paged.
    pub screen: Option<(usize, usize)>,
    /// `--max-width` / `:set max-width`: fit tables into this many columns wherever they
    /// go (0: never cut, even on a terminal); None: the terminal's width, no limit elsewhere.
    pub max_width: Option<usize>,
    /// Rows a table or vertical listing shows on a terminal (None: all).
    pub max_rows: Option<usize>,
    /// `max_rows` was asked for (`--max-rows`, `:set rows`): it then applies to files too.
    pub max_rows_set: bool,
    /// Page output longer than the screen (`--no-pager`, `:set pager off`).
    pub pager: bool,
    /// How to see the rows a cut result did not show (follows "… N more rows not shown").
    pub more_hint: String,
    /// How many statements changed the graph (the REPL refreshes its completions then).
    pub writes: u64,
    /// Where `:sources` reads the source documents from (None: `$IEUM_DOCUMENTS`, if set).
    pub documents: Option<std::path::PathBuf>,
}

impl Session {
    /// A session over `db` with default options, writing to standard output.
    pub fn new(db: Database) -> Self {
        Session {
            db,
            params: Params::new(),
            format: Format::Table,
            timeout: None,
            read_only: false,
            optimize: true,
            out: Box::new(io::BufWriter::new(io::stdout())),
            cancel: None,
            timing: true,
            report_timing: false,
            statements: 0,
            stream: false,
            last: None,
            screen: None,
            max_width: None,
            max_rows: Some(DEFAULT_MAX_ROWS),
            max_rows_set: false,
            pager: true,
            more_hint: "; --max-rows all shows every row, and output to a file or pipe is never cut".to_string(),
            writes: 0,
            documents: None,
        }
    }

    pub fn options(&self) -> QueryOptions {
        QueryOptions {
            params: self.params.clone(),
            cancel: self.cancel.clone(),
            deadline: self.timeout.map(|t| Instant::now() + t),
            optimize: self.optimize,
            read_only: self.read_only,
        }
    }

    /// Runs one statement (text without its `;`), keeping its result as [`Session::last`].
    pub fn execute(&mut self, text: &str) -> Result<(QueryResult, Duration), Error> {
        if let Some(c) = &self.cancel {
            c.store(false, Ordering::SeqCst);
        }
        let started = Instant::now();
        let opts = self.options();
        self.statements += 1;
        let r = self.db.execute_with(text, &opts)?;
        if !r.stats.is_empty() {
            self.writes += 1;
        }
        Ok((r, started.elapsed()))
    }

    /// Runs one statement and prints its result: streamed (see [`Session::stream`]) when
    /// that applies, else gathered and then printed. The statement's error is the outer
    /// one; [`Ran::printed`] is that of printing.
    fn run_and_print(&mut self, text: &str) -> Result<Ran, Error> {
        if self.stream && self.screen.is_none() && matches!(self.format, Format::Csv | Format::Tsv | Format::Json | Format::Jsonl) {
            return self.run_streamed(text);
        }
        let (result, elapsed) = self.execute(text)?;
        let printing = Instant::now();
        let printed = self.print(&result, elapsed);
        Ok(Ran { rows: result.rows.len() as u64, result, printed, print_time: printing.elapsed() })
    }

    /// [`Session::run_and_print`] for a row format: a reading query's rows go to the writer
    /// as the executor produces them, and the result kept has the columns but no rows.
    fn run_streamed(&mut self, text: &str) -> Result<Ran, Error> {
        if let Some(c) = &self.cancel {
            c.store(false, Ordering::SeqCst);
        }
        let opts = self.options();
        let wopts = self.writer_options();
        self.statements += 1;
        let started = Instant::now();
        let (format, cancel) = (self.format, self.cancel.clone());
        let stats = crate::result::Stats::default();
        let end = render::End { stats: &stats, plan: None };
        let (outcome, ended) = {
            let mut guarded = Interruptible::new(&mut *self.out, cancel.clone());
            let mut ended = Ok(());
            let outcome = {
                let Some(writer) = render::writer(format, &mut guarded, wopts) else { unreachable!("row formats have a writer") };
                let mut sink = Streamer { writer, cancel: cancel.as_deref(), begun: false };
                let outcome = self.db.execute_streaming(text, &opts, &mut sink);
                let Streamer { mut writer, begun, .. } = sink;
                // rows written before a failure are followed by the end of the format too,
                // so that what was written stays well formed
                if matches!(outcome, Ok(crate::db::Outcome::Streamed { .. }))
                    || (begun && matches!(outcome, Err(crate::db::StreamError::Query(_))))
                {
                    ended = writer.end(&end);
                }
                outcome
            };
            let flushed = guarded.flush();
            (outcome, ended.and(flushed))
        };
        match outcome {
            Ok(crate::db::Outcome::Streamed { columns, rows, timing }) => {
                // the rows were written while the statement ran (its execute time)
                let result = QueryResult { columns, timing, ..QueryResult::default() };
                Ok(Ran { result, rows, printed: ended, print_time: Duration::ZERO })
            }
            Ok(crate::db::Outcome::Whole(result)) => {
                if !result.stats.is_empty() {
                    self.writes += 1;
                }
                let printing = Instant::now();
                let printed = self.print(&result, started.elapsed());
                Ok(Ran { rows: result.rows.len() as u64, result, printed, print_time: printing.elapsed() })
            }
            Err(crate::db::StreamError::Output(e)) => {
                Ok(Ran { result: QueryResult::default(), rows: 0, printed: Err(e), print_time: Duration::ZERO })
            }
            Err(crate::db::StreamError::Query(e)) => Err(e),
        }
    }

    /// Runs every statement of `script`, printing results. Errors go to stderr with
    /// `origin:line:column`. Returns the number of failed statements. A progress bar is
    /// drawn on stderr for long scripts when stderr is a terminal.
    pub fn run_script(&mut self, script: &str, origin: &str, continue_on_error: bool) -> io::Result<usize> {
        self.run_script_at(script, origin, 1, continue_on_error)
    }

    /// [`Session::run_script`] for a `script` that begins on line `first_line` of `origin`,
    /// so that errors name the line of the whole input.
    pub fn run_script_at(&mut self, script: &str, origin: &str, first_line: usize, continue_on_error: bool) -> io::Result<usize> {
        let statements = split_statements(script);
        let progress = Progress::for_script(script.len(), statements.len());
        let mut failed = 0;
        for st in statements {
            progress.set(st.offset);
            // before running: planning records the names a statement uses
            let warnings = self.warnings(st.text, script, origin, st.offset, first_line);
            match progress.suspend(|| self.run_and_print(st.text)) {
                Ok(ran) => {
                    let mut warnings = warnings;
                    if ran.rows == 0 && !ran.result.columns.is_empty() && ran.result.plan.is_none() {
                        warnings.push_str(&no_match_text(&self.db, st.text, script, origin, st.offset, first_line));
                    }
                    progress.suspend(|| eprint!("{warnings}"));
                    if self.report_timing {
                        let line = first_line + script[..st.offset].matches('\n').count() + leading_lines(st.text);
                        progress.suspend(|| self.say_timing(line, &ran));
                    }
                    let (r, printed) = (ran.result, ran.printed);
                    self.last = Some(r);
                    if stopped_printing(printed)? {
                        break;
                    }
                }
                Err(e) => {
                    failed += 1;
                    let e = e.shift(st.offset);
                    let text = error_report_at(&e, script, origin, st.offset, first_line);
                    progress.suspend(|| eprintln!("{text}"));
                    let cancelled = self.cancel.as_ref().is_some_and(|c| c.load(Ordering::SeqCst));
                    if !continue_on_error || cancelled {
                        break;
                    }
                }
            }
        }
        progress.finish();
        Ok(failed)
    }

    /// The `--timing` line of the statement just run, which began on `line`: its phases in
    /// milliseconds, as `key=value` fields that scripts can split on spaces.
    fn say_timing(&self, line: usize, ran: &Ran) {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let t = ran.result.timing;
        eprintln!(
            "timing: statement={} line={line} parse_ms={:.3} plan_ms={:.3} execute_ms={:.3} print_ms={:.3} rows={}",
            self.statements,
            ms(t.parse),
            ms(t.plan),
            ms(t.execute),
            ms(ran.print_time),
            ran.rows
        );
    }

    /// The warnings (see [`crate::hints`]) for `statement`, which starts at byte `offset` of
    /// `script`, each naming `origin:line:column`; empty when there are none.
    fn warnings(&self, statement: &str, script: &str, origin: &str, offset: usize, first_line: usize) -> String {
        warnings_text(&self.db, statement, script, origin, offset, first_line)
    }

    /// The limits of the formats for people, from the settings and where output goes.
    pub fn writer_options(&self) -> Options {
        let max_width = match self.max_width {
            Some(0) => None,
            Some(n) => Some(n),
            None => self.screen.map(|(cols, _)| cols),
        };
        let max_rows = if self.screen.is_some() || self.max_rows_set { self.max_rows } else { None };
        // rows cut where they were asked to be: the hint does not promise uncut output
        let more_hint = match (self.screen, self.more_hint.split_once(", and output to a file or pipe")) {
            (None, Some((first, _))) => first.to_string(),
            _ => self.more_hint.clone(),
        };
        Options { max_width, max_rows, more_hint }
    }

    /// Prints a result in the session's format; tables and vertical listings end with a
    /// summary line on stderr. Output longer than the screen goes through the pager when
    /// results go to a terminal. Fails with [`render::interrupted`] when Ctrl-C stopped the
    /// printing.
    pub fn print(&mut self, r: &QueryResult, elapsed: Duration) -> io::Result<()> {
        if matches!(self.format, Format::Dot | Format::Graphml | Format::Cypher) {
            if let Some(plan) = &r.plan {
                eprintln!("{plan}");
            }
            let text = match self.format {
                Format::Dot => crate::export::dot_of_result(r, &self.db),
                Format::Cypher => crate::export::cypher_of_result(r, &self.db),
                _ => crate::export::graphml_of_result(r, &self.db),
            };
            self.out.write_all(text.as_bytes())?;
            return self.out.flush();
        }
        let opts = self.writer_options();
        let pager = match self.screen {
            Some((cols, rows)) if self.pager => pager_command().map(|c| (c, cols, rows)),
            _ => None,
        };
        let (format, cancel) = (self.format, self.cancel.clone());
        let printed = match pager {
            Some((command, cols, rows)) => {
                let mut pager = Pager::new(&mut *self.out, command, rows, cols);
                let printed = emit(&mut pager, format, opts, r, cancel);
                // a person who leaves the pager early closes its input: not a failure
                let printed = match printed {
                    Err(e) if e.kind() == io::ErrorKind::BrokenPipe && pager.paging() => Ok(()),
                    other => other,
                };
                printed.and(pager.finish())
            }
            None => emit(&mut *self.out, format, opts, r, cancel),
        };
        printed?;
        self.out.flush()?;
        if format.is_for_people() && !(r.plan.is_some() && r.columns.is_empty()) {
            let summary = summary(r);
            if self.timing {
                eprintln!("{summary} ({:.1} ms)", elapsed.as_secs_f64() * 1000.0);
            } else {
                eprintln!("{summary}");
            }
        }
        Ok(())
    }
}

/// Writes `r` in `format` onto `out`, stopping at once when `cancel` is set.
fn emit(out: &mut dyn Write, format: Format, opts: Options, r: &QueryResult, cancel: Option<Arc<AtomicBool>>) -> io::Result<()> {
    let mut guarded = Interruptible::new(out, cancel.clone());
    if let Some(mut w) = render::writer(format, &mut guarded, opts) {
        render::write_result(w.as_mut(), r, cancel.as_deref())?;
    }
    guarded.flush()
}

/// After printing: Ok(true) when Ctrl-C stopped it (said on stderr; the statements after it
/// do not run), Ok(false) when it went fine, and the error of a failed write.
fn stopped_printing(printed: io::Result<()>) -> io::Result<bool> {
    match printed {
        Ok(()) => Ok(false),
        Err(e) if render::is_interrupted(&e) => {
            eprintln!("\nprinting stopped (Ctrl-C); the statement itself had completed");
            Ok(true)
        }
        Err(e) => Err(e),
    }
}

impl Session {
    /// Runs statements from `input` as they arrive: each one as soon as its `;` has been
    /// read, its result flushed before reading on, so that a printed result means the
    /// statement is committed. Returns the number of failed statements.
    pub fn run_stream(&mut self, input: &mut dyn io::BufRead, origin: &str, continue_on_error: bool) -> io::Result<usize> {
        let mut splitter = Splitter::new();
        let mut failed = 0;
        // bytes of a character cut in two by a read, kept for the next one
        let mut carry: Vec<u8> = Vec::new();
        loop {
            // whatever has arrived, without waiting for a newline
            let chunk = input.fill_buf()?;
            let at_end = chunk.is_empty();
            carry.extend_from_slice(chunk);
            let n = chunk.len();
            input.consume(n);
            let valid = match std::str::from_utf8(&carry) {
                Ok(text) => text.len(),
                Err(e) if e.error_len().is_none() && !at_end => e.valid_up_to(),
                Err(e) => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("not UTF-8 text (at byte {} of this read)", e.valid_up_to()),
                    ));
                }
            };
            splitter.feed(std::str::from_utf8(&carry[..valid]).unwrap_or_default());
            carry.drain(..valid);
            let ready: Vec<_> =
                if at_end { splitter.finish().into_iter().collect() } else { std::iter::from_fn(|| splitter.next_statement()).collect() };
            if splitter.pending_len() > MAX_PENDING_STATEMENT {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("a statement is longer than {} MiB and has no `;` yet: end statements with `;`", MAX_PENDING_STATEMENT >> 20),
                ));
            }
            for st in ready {
                // Errors are rendered against the statement placed at its line and column.
                let prefix = format!("{}{}", "\n".repeat(st.line - 1), " ".repeat(st.column - 1));
                let source = format!("{prefix}{}", st.text);
                let warnings = self.warnings(&st.text, &source, origin, prefix.len(), 1);
                match self.run_and_print(&st.text) {
                    Ok(ran) => {
                        let mut warnings = warnings;
                        if ran.rows == 0 && !ran.result.columns.is_empty() && ran.result.plan.is_none() {
                            warnings.push_str(&no_match_text(&self.db, &st.text, &source, origin, prefix.len(), 1));
                        }
                        eprint!("{warnings}");
                        if self.report_timing {
                            self.say_timing(st.line + leading_lines(&st.text), &ran);
                        }
                        let (r, printed) = (ran.result, ran.printed);
                        self.last = Some(r);
                        if stopped_printing(printed)? {
                            return Ok(failed);
                        }
                    }
                    Err(e) => {
                        failed += 1;
                        eprintln!("{}", error_report(&e.shift(prefix.len()), &source, origin, prefix.len()));
                        if !continue_on_error {
                            return Ok(failed);
                        }
                    }
                }
            }
            if at_end {
                return Ok(failed);
            }
        }
    }
}

/// The longest statement read from a stream before its `;` arrives.
pub const MAX_PENDING_STATEMENT: usize = 256 << 20;

/// A statement run and printed by [`Session::run_and_print`].
struct Ran {
    /// Its result (without rows when they were streamed).
    result: QueryResult,
    /// How many rows it returned.
    rows: u64,
    /// How printing went (the Ctrl-C stop is an error here, see [`stopped_printing`]).
    printed: io::Result<()>,
    /// The time spent printing after the statement ran (streamed rows: only the end).
    print_time: Duration,
}

/// Hands streamed rows to a result writer, stopping at Ctrl-C.
struct Streamer<'w, 'c> {
    writer: Box<dyn render::ResultWriter + 'w>,
    cancel: Option<&'c AtomicBool>,
    begun: bool,
}

impl crate::db::RowSink for Streamer<'_, '_> {
    fn begin(&mut self, columns: &[String]) -> io::Result<()> {
        self.begun = true;
        self.writer.begin(columns)
    }

    fn row(&mut self, row: &[Value], entities: &crate::result::Entities) -> io::Result<()> {
        if self.cancel.is_some_and(|c| c.load(Ordering::SeqCst)) {
            return Err(render::interrupted());
        }
        self.writer.row(row, entities)
    }
}

/// The line breaks before the first word of a statement's text (past blank space and
/// comments).
fn leading_lines(text: &str) -> usize {
    let mut rest = text;
    loop {
        let trimmed = rest.trim_start();
        let skipped = if let Some(after) = trimmed.strip_prefix("//") {
            after.find('\n').map_or("", |i| &after[i..])
        } else if let Some(after) = trimmed.strip_prefix("/*") {
            after.find("*/").map_or("", |i| &after[i + 2..])
        } else {
            trimmed
        };
        if skipped.len() == rest.len() {
            break;
        }
        rest = skipped;
    }
    text[..text.len() - rest.len()].matches('\n').count()
}

/// The warnings of [`Database::hints`] for `statement`, which starts at byte `offset` of
/// `script` (line `first_line` of `origin`), each naming `origin:line:column`.
pub fn warnings_text(db: &Database, statement: &str, script: &str, origin: &str, offset: usize, first_line: usize) -> String {
    hints_text(db.hints(statement), script, origin, offset, first_line)
}

/// For a statement that returned no rows: the values it asked for that no node has (see
/// [`crate::hints::unmatched_values`]), as warnings naming `origin:line:column`.
pub fn no_match_text(db: &Database, statement: &str, script: &str, origin: &str, offset: usize, first_line: usize) -> String {
    let hints = match crate::syntax::parse_statement(statement) {
        Ok(crate::syntax::ast::Statement::Query(q)) => crate::hints::unmatched_values(&q, db.graph()),
        _ => Vec::new(),
    };
    hints_text(hints, script, origin, offset, first_line)
}

fn hints_text(hints: Vec<crate::hints::Hint>, script: &str, origin: &str, offset: usize, first_line: usize) -> String {
    let mut out = String::new();
    for h in hints {
        let p = Position::of(script, offset + h.span.start);
        let line = p.line + first_line.saturating_sub(1);
        out.push_str(&format!("warning: {}\n --> {origin}:{line}:{}\n", h.message, p.column));
    }
    out
}

/// `3 rows, 1 node created`, or `no changes, no rows`.
pub fn summary(r: &QueryResult) -> String {
    let mut parts = Vec::new();
    if !r.columns.is_empty() {
        parts.push(render::text::count(r.rows.len() as u64, "row", "rows"));
    }
    let stats = r.stats.summary();
    if !stats.is_empty() {
        parts.push(stats);
    }
    if parts.is_empty() { "no changes, no rows".to_string() } else { parts.join(", ") }
}

/// The report of a failed statement of `script`. Errors without a position of their own
/// (most runtime errors) point at the start of the statement, so that every report names
/// `origin:line:column`.
pub fn error_report(e: &Error, script: &str, origin: &str, statement_offset: usize) -> String {
    error_report_at(e, script, origin, statement_offset, 1)
}

/// [`error_report`] for a `script` that begins on line `first_line` of `origin`.
pub fn error_report_at(e: &Error, script: &str, origin: &str, statement_offset: usize, first_line: usize) -> String {
    let mut text = e.render_at(script, origin, first_line);
    if e.span().is_none() {
        let rest = &script[statement_offset.min(script.len())..];
        let lead = rest.len() - crate::syntax::strip_comments(rest).trim_start().len();
        let p = Position::of(script, statement_offset + lead);
        let line = p.line + first_line.saturating_sub(1);
        text.push_str(&format!("\n --> {origin}:{line}:{} (the statement that failed starts here)", p.column));
    }
    text
}

/// Parameters from a JSON object (`--params-file`): numbers with a fraction or exponent
/// become floats, other numbers integers; arrays lists; objects maps.
pub fn params_from_json(text: &str, origin: &str) -> Result<Params, String> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("{origin}:{}:{}: {e}", e.line(), e.column()))?;
    match v {
        serde_json::Value::Object(m) => Ok(m.into_iter().map(|(k, v)| (k, value_from_json(v))).collect()),
        other => Err(format!("{origin}: parameters must be a JSON object such as {{\"name\": \"Celltrion\"}}, not {other}")),
    }
}

fn value_from_json(v: serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Int(i),
            None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        serde_json::Value::String(s) => Value::from(s),
        serde_json::Value::Array(items) => Value::list(items.into_iter().map(value_from_json).collect()),
        serde_json::Value::Object(m) => Value::map(m.into_iter().map(|(k, v)| (k.into(), value_from_json(v))).collect::<Map>()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_parameters_keep_their_types() {
        let p = params_from_json(r#"{"n": 3, "x": 1.5, "s": "셀트리온", "l": [1, null], "m": {"k": true}}"#, "p.json").unwrap();
        assert_eq!(p["n"], Value::Int(3));
        assert_eq!(p["x"], Value::Float(1.5));
        assert_eq!(p["s"], Value::from("셀트리온"));
        assert_eq!(p["l"], Value::list(vec![Value::Int(1), Value::Null]));
        assert!(matches!(&p["m"], Value::Map(m) if m.len() == 1));
        assert!(params_from_json("[1]", "p.json").unwrap_err().contains("JSON object"));
        assert!(params_from_json("{", "p.json").unwrap_err().starts_with("p.json:1:"));
    }

    #[test]
    fn errors_without_a_span_point_at_their_statement() {
        let script = "RETURN 1;\n  // note\n  RETURN 2";
        let st = split_statements(script)[1];
        let e = Error::Exec(crate::error::ExecError::cancelled());
        let report = error_report(&e, script, "f.cypher", st.offset);
        assert!(report.contains("--> f.cypher:3:3"), "{report}");
    }
}
