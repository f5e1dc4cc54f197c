//! Text to syntax tree: the pest grammar in `grammar/cypher.pest`, the AST it builds, and the
//! splitting of a script into `;`-terminated statements.
//!
//! pest is used only here. Everything downstream sees [`ast`] types and [`SyntaxError`].

pub mod ast;
pub mod keywords;
mod parser;
mod split;
mod suggest;
mod unsupported;

pub use parser::{parse_show, parse_statement};
pub use split::{Splitter, Statement as StatementPiece, StatementText, split_statements, strip_comments};
pub(crate) use suggest::closest;

use ast::Span;

/// A statement that does not follow the grammar, or a literal that cannot be represented.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct SyntaxError {
    /// Stable detail code, e.g. `UnexpectedSyntax`, `InvalidNumberLiteral`, `IntegerOverflow`,
    /// `InvalidUnicodeLiteral`.
    pub code: &'static str,
    /// Plain-words description.
    pub message: String,
    /// Where, in the statement text that was parsed.
    pub span: Span,
    /// What the grammar would have accepted at `span.start` (keywords and token names),
    /// for messages and "did you mean" suggestions.
    pub expected: Vec<String>,
}

impl SyntaxError {
    pub fn new(code: &'static str, message: impl Into<String>, span: Span) -> Self {
        SyntaxError { code, message: message.into(), span, expected: Vec::new() }
    }
}
