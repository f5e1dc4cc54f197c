//! The line editor's helper (rustyline is used only in `repl/`): completion, hints,
//! highlighting and the check that a statement is complete, each delegating to the
//! terminal-free modules beside this one; and the Enter key, which inside an unfinished
//! statement starts a continuation line.

use std::borrow::Cow;
use std::cell::RefCell;
use std::rc::Rc;

use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::{Hint, Hinter, HistoryHinter};
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Cmd, ConditionalEventHandler, Context, Event, EventContext, Helper, RepeatCount};

use super::complete::{Completion, Vocabulary, complete};
use super::highlight::{self, CONTINUATION};
use super::shell::is_complete;
use crate::exec::functions;

/// Everything the editor asks about the text being typed.
pub struct ReplHelper {
    pub vocabulary: Rc<RefCell<Vocabulary>>,
    files: FilenameCompleter,
    history: HistoryHinter,
}

impl ReplHelper {
    pub fn new(vocabulary: Rc<RefCell<Vocabulary>>) -> Self {
        ReplHelper { vocabulary, files: FilenameCompleter::new(), history: HistoryHinter::new() }
    }
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, ctx: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        match complete(line, pos, &self.vocabulary.borrow()) {
            Completion::Names(start, choices) => {
                Ok((start, choices.into_iter().map(|c| Pair { display: c.display, replacement: c.replacement }).collect()))
            }
            Completion::Files => self.files.complete(line, pos, ctx),
        }
    }
}

/// A hint: the rest of a history entry (accepted with the right arrow), or the arguments
/// of the function being called (shown only).
pub struct ReplHint {
    text: String,
    accept: bool,
}

impl Hint for ReplHint {
    fn display(&self) -> &str {
        &self.text
    }

    fn completion(&self) -> Option<&str> {
        self.accept.then_some(self.text.as_str())
    }
}

/// `string, start[, length])` when the text ends with `substring(`.
fn signature_hint(line: &str) -> Option<String> {
    let call = line.strip_suffix('(')?;
    let name_start = call.char_indices().rev().find(|(_, c)| !(c.is_alphanumeric() || *c == '_')).map_or(0, |(i, c)| i + c.len_utf8());
    let f = functions::lookup(&call[name_start..])?;
    let args = f.signature.split_once('(')?.1;
    let args = args.split(" | ").next().unwrap_or(args);
    (!args.is_empty()).then(|| args.to_string())
}

impl Hinter for ReplHelper {
    type Hint = ReplHint;

    fn hint(&self, line: &str, pos: usize, ctx: &Context<'_>) -> Option<ReplHint> {
        if pos < line.len() {
            return None;
        }
        if let Some(text) = signature_hint(line) {
            return Some(ReplHint { text, accept: false });
        }
        self.history.hint(line, pos, ctx).map(|text| ReplHint { text, accept: true })
    }
}

impl Highlighter for ReplHelper {
    fn highlight<'l>(&self, line: &'l str, pos: usize) -> Cow<'l, str> {
        Cow::Owned(highlight::highlight(line, pos, true))
    }

    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(&'s self, prompt: &'p str, _default: bool) -> Cow<'b, str> {
        Cow::Owned(format!("{}{prompt}\x1b[0m", highlight::PROMPT))
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        Cow::Owned(format!("{}{hint}\x1b[0m", highlight::HINT))
    }

    fn highlight_char(&self, _line: &str, _pos: usize, kind: CmdKind) -> bool {
        kind != CmdKind::ForcedRefresh
    }
}

impl Validator for ReplHelper {
    fn validate(&self, ctx: &mut ValidationContext<'_>) -> rustyline::Result<ValidationResult> {
        Ok(if is_complete(ctx.input()) { ValidationResult::Valid(None) } else { ValidationResult::Incomplete })
    }
}

impl Helper for ReplHelper {}

/// Enter: runs a complete entry; inside an unfinished statement starts a new line indented
/// under the prompt (drawn as the `->` continuation marker).
pub struct EnterKey;

impl ConditionalEventHandler for EnterKey {
    fn handle(&self, _evt: &Event, _n: RepeatCount, _positive: bool, ctx: &EventContext<'_>) -> Option<Cmd> {
        if is_complete(ctx.line()) { Some(Cmd::AcceptLine) } else { Some(Cmd::Insert(1, format!("\n{CONTINUATION}"))) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_signatures_as_hints() {
        assert_eq!(signature_hint("RETURN substring(").as_deref(), Some("string, start[, length])"));
        assert_eq!(signature_hint("RETURN count(").as_deref(), Some("expression)"));
        assert_eq!(signature_hint("RETURN nosuchfn("), None);
        assert_eq!(signature_hint("RETURN ("), None);
        assert_eq!(signature_hint("RETURN　…toUpper(").as_deref(), Some("string)"));
    }
}
