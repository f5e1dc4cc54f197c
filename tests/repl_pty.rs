//! The REPL driven through a pseudo-terminal as a person would drive it: a statement over
//! two lines, Tab completion of a label, recalling history with the up arrow, Ctrl-C
//! cancelling a runaway query (and the next query working), Ctrl-D to leave.
//!
//! Every wait is for output with a generous timeout, never a bare sleep, so the test holds
//! on a slow machine; it needs no terminal of its own (the pty is made here).
#![cfg(unix)]

use std::process::Command;
use std::time::{Duration, Instant};

use rexpect::session::{Options, PtySession, spawn_with_options};

const TIMEOUT_MS: u64 = 60_000;

fn start(history: &std::path::Path, colour: bool, args: &[&str]) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ieum"));
    cmd.args(args);
    cmd.env("TERM", "xterm").env("IEUM_HISTORY", history).env_remove("XDG_DATA_HOME");
    if colour {
        cmd.env_remove("NO_COLOR");
    } else {
        cmd.env("NO_COLOR", "1");
    }
    let opts = Options::new().timeout_ms(Some(TIMEOUT_MS)).strip_ansi_escape_codes(!colour);
    let mut p = spawn_with_options(cmd, opts).expect("the REPL starts in a pty");
    p.exp_string("End statements with").expect("the banner");
    p.exp_string("ieum> ").expect("the first prompt");
    p
}

/// Types `text` (the writer is buffered: flush so that the REPL sees it now).
fn type_in(p: &mut PtySession, text: &str) -> Result<(), rexpect::error::Error> {
    let mut rest = text;
    while !rest.is_empty() {
        let n = p.send(rest)?;
        rest = &rest[n..];
    }
    p.flush()
}

/// Reads what the REPL prints for up to `wait`, into `seen`, until `needle` appears.
fn read_for(p: &mut PtySession, seen: &mut String, needle: &str, wait: Duration) -> bool {
    let until = Instant::now() + wait;
    while Instant::now() < until {
        if seen.contains(needle) {
            return true;
        }
        match p.try_read() {
            Some(c) => seen.push(c),
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    }
    seen.contains(needle)
}

/// Sends Ctrl-C until the running statement reports that it was cancelled, then waits for
/// the prompt. A Ctrl-C that arrives before the editor has handed the terminal back is read
/// as a key instead, so it is sent again after a pause.
fn cancel(p: &mut PtySession) {
    let mut seen = String::new();
    for _ in 0..10 {
        p.send_control('c').expect("Ctrl-C is sent");
        if read_for(p, &mut seen, "Cancelled", Duration::from_secs(3)) {
            let after = seen.split_once("Cancelled").map(|(_, a)| a.to_string()).unwrap_or_default();
            if !after.contains("ieum> ") {
                p.exp_string("ieum> ").expect("the prompt after the cancel");
            }
            return;
        }
    }
    panic!("Ctrl-C did not cancel the running statement; the REPL printed: {seen}");
}

#[test]
fn a_person_at_the_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let history = dir.path().join("history");
    let mut p = start(&history, false, &[]);

    // a statement over two lines, with a label completed by Tab
    type_in(&mut p, "MATCH (c:Compa").expect("typing");
    type_in(&mut p, "\t").expect("Tab");
    p.exp_string("Company").expect("Tab completes the label Company");
    type_in(&mut p, ")\r").expect("Enter before the `;`");
    type_in(&mut p, "RETURN count(c) AS companies;\r").expect("the second line");
    p.exp_string("companies").expect("the result's header");
    p.exp_string("1 row").expect("the summary");
    p.exp_string("ieum> ").expect("the prompt again");

    // the up arrow recalls the statement; Enter runs it again
    type_in(&mut p, "\x1b[A").expect("up arrow");
    p.exp_string("AS companies;").expect("the recalled statement");
    type_in(&mut p, "\r").expect("Enter");
    p.exp_string("1 row").expect("the recalled statement runs");
    p.exp_string("ieum> ").expect("the prompt again");

    // Ctrl-C cancels a runaway query and the session goes on
    type_in(&mut p, "UNWIND range(1, 100000) AS x UNWIND range(1, 100000) AS y WITH x, y WHERE x + y < 0 RETURN x;\r")
        .expect("a long query");
    p.exp_string("RETURN x;").expect("the query is echoed");
    cancel(&mut p);
    type_in(&mut p, "RETURN 40 + 2 AS answer;\r").expect("the next query");
    p.exp_string("42").expect("the next query works");
    p.exp_string("ieum> ").expect("the prompt again");

    // Ctrl-C at the prompt clears the line; Ctrl-D leaves
    type_in(&mut p, "RETURN 'never").expect("typing");
    p.send_control('c').expect("Ctrl-C");
    p.exp_string("ieum> ").expect("a fresh prompt");
    p.send_control('d').expect("Ctrl-D");
    p.exp_eof().expect("the REPL leaves");
    let status = p.process_mut().wait().expect("the exit status");
    let shown = format!("{status:?}");
    assert!(shown.starts_with("Exited(") && shown.ends_with(", 0)"), "exit code 0: {shown}");

    let kept = std::fs::read_to_string(&history).expect("the history file is written");
    assert!(kept.contains("RETURN count(c) AS companies;"), "{kept}");
    assert!(!kept.contains("never"), "a cleared line is not history: {kept}");
}

#[test]
fn colour_meta_commands_and_no_history() {
    let dir = tempfile::tempdir().expect("temp dir");
    let history = dir.path().join("history");
    let mut p = start(&history, true, &["repl", "--no-history"]);
    type_in(&mut p, "RETURN 1;").expect("typing");
    // the keyword is drawn bold blue while it is being edited
    p.exp_string("\x1b[1;34mRETURN").expect("a highlighted keyword");
    type_in(&mut p, "\r").expect("Enter");
    p.exp_string("1 row").expect("the result");
    type_in(&mut p, ":shema\r").expect("a misspelt command");
    p.exp_string("did you mean `:schema`?").expect("a suggestion");
    type_in(&mut p, ":quit\r").expect(":quit");
    p.exp_eof().expect("the REPL leaves");
    assert!(!history.exists(), "--no-history keeps no history file");
}
