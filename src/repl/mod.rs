//! The interactive shell. On a terminal it reads entries with a line editor (rustyline,
//! used only in this module and `helper.rs`): completion, highlighting, hints, history with
//! Ctrl-R, continuation lines until the `;`, Ctrl-C to cancel a running statement or clear
//! the line, Ctrl-D to leave. With piped input it reads the same entries line by line and
//! stops at the first failure, so that `ieum < script` behaves like a batch run.
//!
//! The work itself is done by [`shell::Shell`], which knows nothing of terminals.

pub mod complete;
mod helper;
pub mod highlight;
pub mod history;
mod interrupt;
pub mod lex;
pub mod meta;
pub mod schema;
pub mod shell;

use std::cell::RefCell;
use std::io::{self, BufRead, IsTerminal, Write};
use std::rc::Rc;

use rustyline::config::{BellStyle, ColorMode, CompletionType, Config, EditMode};
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{Editor, EventHandler, KeyCode, KeyEvent, Modifiers};

use crate::session::Session;
use complete::Vocabulary;
use helper::{EnterKey, ReplHelper};
use schema::Schema;
use shell::{Control, Shell, is_complete};

const PROMPT: &str = "ieum> ";

/// How the shell starts.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReplOptions {
    /// Keep no history file.
    pub no_history: bool,
}

/// Runs the shell until `:quit`, Ctrl-D or the end of input; returns the exit code (for
/// piped input, 1 when a statement failed).
pub fn run(session: Session, options: ReplOptions) -> i32 {
    let mut shell = Shell::new(session);
    if !io::stdin().is_terminal() {
        shell.stop_on_error = true;
        shell.screen = terminal_size();
        return piped(shell, io::stdin().lock());
    }
    shell.session.cancel = interrupt::flag();
    match interactive(&mut shell, options) {
        Ok(()) => {
            shell.finish();
            0
        }
        Err(e) => {
            shell.finish();
            eprintln!("error: the terminal failed: {e}");
            2
        }
    }
}

/// How errors in piped input name their origin.
const STDIN: &str = "<stdin>";

/// Reads entries from `input` line by line: a line starting with `:` (between statements)
/// is a meta-command; other lines gather until a statement ends with `;`; a last statement
/// without `;` still runs.
pub fn piped(mut shell: Shell, input: impl BufRead) -> i32 {
    let mut buffer = String::new();
    // the line of the input that the entry in `buffer` begins on
    let mut first_line = 1;
    for (index, line) in input.lines().enumerate() {
        if buffer.is_empty() {
            first_line = index + 1;
        }
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: <stdin>: {e}");
                shell.failed += 1;
                break;
            }
        };
        if buffer.trim().is_empty() && line.trim_start().starts_with(':') {
            buffer.clear();
            if shell.entry_at(&line, STDIN, index + 1) == Control::Quit {
                shell.finish();
                return i32::from(shell.failed > 0);
            }
            continue;
        }
        buffer.push_str(&line);
        buffer.push('\n');
        if is_complete(&buffer) {
            let entry = std::mem::take(&mut buffer);
            if shell.entry_at(&entry, STDIN, first_line) == Control::Quit {
                shell.finish();
                return i32::from(shell.failed > 0);
            }
        }
    }
    shell.entry_at(&buffer, STDIN, first_line);
    shell.finish();
    i32::from(shell.failed > 0)
}

/// The size of the terminal standard output goes to, as (columns, rows); None when it is
/// not a terminal.
pub fn terminal_size() -> Option<(usize, usize)> {
    if !io::stdout().is_terminal() {
        return None;
    }
    console::Term::stdout().size_checked().map(|(rows, cols)| (usize::from(cols), usize::from(rows)))
}

fn colour_allowed() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
}

fn vocabulary(shell: &Shell) -> Vocabulary {
    let mut v = Vocabulary::from_schema(&Schema::of(shell.session.db.graph()));
    v.params = shell.session.params.keys().cloned().collect();
    v
}

fn interactive(shell: &mut Shell, options: ReplOptions) -> rustyline::Result<()> {
    let config = Config::builder()
        .edit_mode(EditMode::Emacs)
        .completion_type(CompletionType::List)
        .history_ignore_dups(true)?
        .history_ignore_space(true)
        .max_history_size(10_000)?
        .auto_add_history(false)
        .bell_style(BellStyle::None)
        .color_mode(if colour_allowed() { ColorMode::Enabled } else { ColorMode::Disabled })
        .build();
    let words = Rc::new(RefCell::new(vocabulary(shell)));
    let mut editor: Editor<ReplHelper, DefaultHistory> = Editor::with_config(config)?;
    editor.set_helper(Some(ReplHelper::new(words.clone())));
    editor.bind_sequence(KeyEvent(KeyCode::Enter, Modifiers::NONE), EventHandler::Conditional(Box::new(EnterKey)));
    let history = if options.no_history { None } else { history::path() };
    if let Some(path) = &history {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if path.exists()
            && let Err(e) = editor.load_history(path)
        {
            eprintln!("warning: cannot read the history in {}: {e}", path.display());
        }
    }
    let g = shell.session.db.graph();
    let _ = writeln!(
        shell.console,
        "ieum {}: {} nodes, {} relationships. End statements with `;`. :help for help.",
        env!("CARGO_PKG_VERSION"),
        g.node_count(),
        g.rel_count()
    );
    let mut writes = shell.session.writes;
    loop {
        match editor.readline(PROMPT) {
            Ok(entry) => {
                shell.screen = editor.dimensions().map(|(columns, rows)| (usize::from(columns), usize::from(rows)));
                if !entry.trim().is_empty() {
                    editor.add_history_entry(entry.as_str())?;
                    if let Some(path) = &history
                        && let Err(e) = editor.append_history(path)
                    {
                        eprintln!("warning: cannot write the history to {}: {e}", path.display());
                    }
                }
                if shell.entry(&entry) == Control::Quit {
                    break;
                }
                if shell.session.writes != writes {
                    writes = shell.session.writes;
                    *words.borrow_mut() = vocabulary(shell);
                } else {
                    words.borrow_mut().params = shell.session.params.keys().cloned().collect();
                }
            }
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
