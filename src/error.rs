//! The one error type a caller of [`crate::Database`] sees, wrapping the error of each layer,
//! and its rendering with line, column, the source line and a caret.
//!
//! Every error reports three things a conformance test or a script can rely on: a
//! [`Category`] (the openCypher error type), a detail code (a stable name such as
//! `UndefinedVariable`) and a [`Phase`]. Messages are free to improve; codes are not.

use std::fmt;

use crate::syntax::SyntaxError;
use crate::syntax::ast::Span;

/// The openCypher error types, plus ieum's own for storage and I/O.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    SyntaxError,
    SemanticError,
    TypeError,
    ArgumentError,
    EntityNotFound,
    ConstraintVerificationFailed,
    ProcedureError,
    ParameterMissing,
    /// A query stopped by the user or by `--timeout`.
    Cancelled,
    /// A damaged or unreadable database file, a held lock, an I/O failure.
    StorageError,
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// When the error was found: before any row was produced, or while executing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Compile,
    Runtime,
}

/// An error found while checking a parsed query against the rules of the language
/// (scoping, types known statically, clause composition).
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct PlanError {
    pub category: Category,
    pub code: &'static str,
    pub message: String,
    pub span: Span,
}

impl PlanError {
    /// A compile-time error of category SyntaxError, the usual case.
    pub fn syntax(code: &'static str, message: impl Into<String>, span: Span) -> Self {
        PlanError { category: Category::SyntaxError, code, message: message.into(), span }
    }
}

/// An error found while executing.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ExecError {
    pub category: Category,
    pub code: &'static str,
    pub message: String,
    /// The expression being evaluated, when known.
    pub span: Option<Span>,
}

impl ExecError {
    pub fn new(category: Category, code: &'static str, message: impl Into<String>) -> Self {
        ExecError { category, code, message: message.into(), span: None }
    }

    pub fn type_error(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Category::TypeError, code, message)
    }

    pub fn argument(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(Category::ArgumentError, code, message)
    }

    /// Attaches a span unless one is already set (the innermost blame wins).
    pub fn at(mut self, span: Span) -> Self {
        self.span.get_or_insert(span);
        self
    }

    pub fn cancelled() -> Self {
        Self::new(Category::Cancelled, "Cancelled", "the query was cancelled")
    }

    pub fn timeout() -> Self {
        Self::new(Category::Cancelled, "Timeout", "the query ran past its time limit")
    }
}

/// An error of the storage layer: files, locks, formats.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    /// A file is not what it should be (bad magic, checksum, truncated, newer format).
    #[error("{path}: {message}")]
    Corrupt { path: String, message: String },
    /// Another process holds the database's write lock.
    #[error("{0}")]
    Locked(String),
    /// A write was attempted on a database opened read-only.
    #[error("the database is open read-only")]
    ReadOnly,
    /// An import file has a bad row or header.
    #[error("{path}:{line}: {message}")]
    Import { path: String, line: u64, message: String },
    /// A write, sync or rename that makes a statement or a checkpoint durable failed: what
    /// reached the disk is unknown, so the database refuses writes until it is reopened.
    #[error("{path}: {source}; the database refuses writes until it is reopened")]
    WriteFailed { path: String, source: std::io::Error },
    /// An earlier write failed (see [`StoreError::WriteFailed`]).
    #[error("{0}")]
    WritesRefused(String),
}

/// Any error of ieum.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Syntax(#[from] SyntaxError),
    #[error(transparent)]
    Plan(#[from] PlanError),
    #[error(transparent)]
    Exec(#[from] ExecError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Error {
    pub fn category(&self) -> Category {
        match self {
            Error::Syntax(_) => Category::SyntaxError,
            Error::Plan(e) => e.category,
            Error::Exec(e) => e.category,
            Error::Store(_) => Category::StorageError,
        }
    }

    /// The stable detail code, e.g. `UndefinedVariable`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Syntax(e) => e.code,
            Error::Plan(e) => e.code,
            Error::Exec(e) => e.code,
            Error::Store(StoreError::Io { .. }) => "Io",
            Error::Store(StoreError::Corrupt { .. }) => "CorruptFile",
            Error::Store(StoreError::Locked(_)) => "Locked",
            Error::Store(StoreError::ReadOnly) => "ReadOnly",
            Error::Store(StoreError::Import { .. }) => "ImportFailed",
            Error::Store(StoreError::WriteFailed { .. }) => "WriteFailed",
            Error::Store(StoreError::WritesRefused(_)) => "WritesRefused",
        }
    }

    pub fn phase(&self) -> Phase {
        match self {
            Error::Syntax(_) | Error::Plan(_) => Phase::Compile,
            Error::Exec(_) | Error::Store(_) => Phase::Runtime,
        }
    }

    /// Where in the statement text the error points, if anywhere.
    pub fn span(&self) -> Option<Span> {
        match self {
            Error::Syntax(e) => Some(e.span),
            Error::Plan(e) => Some(e.span),
            Error::Exec(e) => e.span,
            Error::Store(_) => None,
        }
    }

    /// Moves the span by `offset` bytes (statement text to script text).
    pub fn shift(mut self, offset: usize) -> Self {
        match &mut self {
            Error::Syntax(e) => e.span = e.span.shifted(offset),
            Error::Plan(e) => e.span = e.span.shifted(offset),
            Error::Exec(e) => e.span = e.span.map(|s| s.shifted(offset)),
            Error::Store(_) => {}
        }
        self
    }

    /// `Category (Code): message`: the first line of a report, without the `error: `.
    pub fn headline(&self) -> String {
        format!("{} ({}): {}", self.category(), self.code(), self)
    }

    /// A report for people: `error: Category (Code): message`, then, when the error has a
    /// position in `source`, `--> origin:line:column`, the source line and a caret.
    pub fn render(&self, source: &str, origin: &str) -> String {
        self.render_at(source, origin, 1)
    }

    /// [`Error::render`] for a `source` that begins on line `first_line` of `origin` (an
    /// entry read from the middle of piped input). A long line is shown as a window of
    /// [`SNIPPET_CHARS`] characters around the error, with `…` where it was cut.
    pub fn render_at(&self, source: &str, origin: &str, first_line: usize) -> String {
        let mut out = format!("error: {}", self.headline());
        if let Some(span) = self.span().filter(|s| s.start <= source.len()) {
            let pos = Position::of(source, span.start);
            let line_no = pos.line + first_line.saturating_sub(1);
            let full_line = source[pos.line_start..].lines().next().unwrap_or("");
            let (line_text, column_byte) = snippet_window(full_line, pos.column_byte);
            let width = span.end.saturating_sub(span.start).clamp(1, line_text.len().saturating_sub(column_byte).max(1));
            // the caret stands under the error in terminal columns: two for a wide character
            let pad: String = line_text[..column_byte]
                .chars()
                .map(|c| match c {
                    '\t' => "\t",
                    c if unicode_width::UnicodeWidthChar::width(c) == Some(2) => "  ",
                    _ => " ",
                })
                .collect();
            let gutter = line_no.to_string().len();
            out.push_str(&format!(
                "\n{:gutter$}--> {origin}:{}:{}\n{:gutter$} |\n{} | {}\n{:gutter$} | {}{}",
                "",
                line_no,
                pos.column,
                "",
                line_no,
                line_text,
                "",
                pad,
                "^".repeat(
                    line_text[column_byte..]
                        .chars()
                        .take(width.min(SNIPPET_CHARS))
                        .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(1).max(1))
                        .sum::<usize>()
                        .max(1)
                ),
            ));
        }
        out
    }
}

/// How many characters of a source line an error report shows at most.
pub const SNIPPET_CHARS: usize = 100;

/// The part of `line` shown in a report: all of it when short, else a window of about
/// [`SNIPPET_CHARS`] characters that holds byte `at`, with `…` marking each cut. Returns
/// the text and where `at` falls in it.
fn snippet_window(line: &str, at: usize) -> (std::borrow::Cow<'_, str>, usize) {
    let chars = line.chars().count();
    if chars <= SNIPPET_CHARS {
        return (line.into(), at);
    }
    let at_char = line[..at].chars().count();
    let start = at_char.saturating_sub(SNIPPET_CHARS / 4).min(chars - SNIPPET_CHARS);
    let body: String = line.chars().skip(start).take(SNIPPET_CHARS).collect();
    let lead = if start > 0 { "…" } else { "" };
    let tail = if start + SNIPPET_CHARS < chars { "…" } else { "" };
    let column: usize = lead.len() + body.chars().take(at_char - start).map(char::len_utf8).sum::<usize>();
    (format!("{lead}{body}{tail}").into(), column)
}

/// A 1-based line and column (in characters) of a byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    line_start: usize,
    column_byte: usize,
}

impl Position {
    pub fn of(source: &str, offset: usize) -> Position {
        let mut offset = offset.min(source.len());
        while !source.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &source[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Position {
            line: before.matches('\n').count() + 1,
            column: source[line_start..offset].chars().count() + 1,
            line_start,
            column_byte: offset - line_start,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caret_counts_wide_characters_as_two_columns() {
        let src = "RETURN '한국' + nope";
        let e = Error::Plan(PlanError::syntax("UndefinedVariable", "x", Span::new(18, 22)));
        let text = e.render(src, "q");
        let caret = text.lines().nth(4).unwrap_or_default();
        // "N | " then padding: 8 columns for `RETURN '`, 4 for 한국, 4 for `' + `
        assert_eq!(caret, format!("  | {}^^^^", " ".repeat(16)), "{text}");
    }

    #[test]
    fn long_lines_are_cut_around_the_error() {
        let src = format!("RETURN {}1 +;", "(".repeat(5000));
        let e = Error::Syntax(SyntaxError::new("UnexpectedSyntax", "x", Span::new(5010, 5011)));
        let text = e.render_at(&src, "<stdin>", 7);
        assert!(text.contains("--> <stdin>:7:5011"), "{text}");
        assert!(text.len() < 600, "{text}");
        let shown = text.lines().nth(3).unwrap_or_default();
        let caret = text.lines().nth(4).unwrap_or_default();
        // the caret stands under the `;` the span points at
        let col = caret.chars().position(|c| c == '^').unwrap_or(0);
        assert_eq!(shown.chars().nth(col), Some(';'), "{text}");
        assert!(shown.contains('…'));
    }

    #[test]
    fn render_points_at_the_span() {
        let src = "MATCH (n)\nRETURN m";
        let e = Error::Plan(PlanError::syntax("UndefinedVariable", "variable `m` is not defined", Span::new(17, 18)));
        let text = e.render(src, "q.cypher");
        assert!(text.starts_with("error: SyntaxError (UndefinedVariable): variable `m` is not defined"), "{text}");
        assert!(text.contains("q.cypher:2:8"), "{text}");
        assert!(text.ends_with("|        ^"), "{text}");
    }

    #[test]
    fn position_counts_characters_not_bytes() {
        let p = Position::of("RETURN '한국' + x", 18);
        assert_eq!((p.line, p.column), (1, 15));
    }
}
