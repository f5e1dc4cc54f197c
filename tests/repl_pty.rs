//! The REPL driven through a pseudo-terminal as a person would drive it: a statement over
//! two lines, Tab completion of a label, recalling history with the up arrow, Ctrl-C
//! cancelling a runaway query (and the next query working), Ctrl-D to leave; long results
//! cut to the row limit, paged, or stopped by Ctrl-C while they print; the vertical form;
//! cypher-shell's `:param {...}`, `exit`, `quit` and `\q`.
//!
//! Every wait is for output with a generous timeout, never a bare sleep, so the test holds
//! on a slow machine; it needs no terminal of its own (the pty is made here).
#![cfg(unix)]

use std::process::Command;
use std::time::{Duration, Instant};

use rexpect::session::{Options, PtySession, spawn_with_options};

const TIMEOUT_MS: u64 = 60_000;

fn start(history: &std::path::Path, colour: bool, args: &[&str]) -> PtySession {
    start_with(history, colour, args, &[("PAGER", "")])
}

/// [`start`] with more environment variables (an empty `PAGER` means no pager).
fn start_with(history: &std::path::Path, colour: bool, args: &[&str], env: &[(&str, &str)]) -> PtySession {
    // a terminal of a known size: 100 columns, 24 rows
    let mut cmd = Command::new("sh");
    cmd.args(["-c", "stty rows 24 cols 100 && exec \"$0\" \"$@\"", env!("CARGO_BIN_EXE_ieum")]).args(args);
    cmd.env("TERM", "xterm").env("IEUM_HISTORY", history).env_remove("XDG_DATA_HOME");
    for (k, v) in env {
        cmd.env(k, v);
    }
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
    if seen.contains(needle) {
        return true;
    }
    // one character at a time: only the end of what was read can complete the needle
    while Instant::now() < until {
        match p.try_read() {
            Some(c) => {
                seen.push(c);
                if seen.ends_with(needle) {
                    return true;
                }
            }
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    }
    false
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

fn exit_code(p: &mut PtySession) -> String {
    let status = p.process_mut().wait().expect("the exit status");
    format!("{status:?}")
}

#[test]
fn long_results_at_the_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let history = dir.path().join("history");
    let mut p = start(&history, false, &["--memory"]);

    // a table shows the first 1,000 rows and says how many more there were
    type_in(&mut p, "UNWIND range(1, 3000) AS x RETURN x;\r").expect("a long query");
    p.exp_string(" 1000 ").expect("row 1000 is shown");
    p.exp_string("2,000 more rows not shown; `:set rows all`").expect("the rows not shown are counted, with how to see them");
    p.exp_string("3,000 rows").expect("the summary counts every row");
    p.exp_string("ieum> ").expect("the prompt");
    type_in(&mut p, ":set rows 5\r").expect(":set rows");
    p.exp_string("rows       5").expect("the new setting");
    type_in(&mut p, "UNWIND range(1, 7) AS x RETURN x;\r").expect("a query");
    p.exp_string(" 2 more rows not shown").expect("the new limit");
    p.exp_string("ieum> ").expect("the prompt");

    // the vertical form: one block per row, values in full
    type_in(&mut p, ":format vertical\r").expect(":format vertical");
    p.exp_string("format: vertical").expect("the format is set");
    type_in(&mut p, "RETURN 'Celltrion' AS name, 1991 AS founded;\r").expect("a query");
    p.exp_string("[ row 1 ]").expect("the block title");
    p.exp_string("name    ").expect("one line per column");
    p.exp_string(" Celltrion\r\nfounded ").expect("one line per column");
    p.exp_string(" 1991\r\n").expect("one line per column");
    p.exp_string("ieum> ").expect("the prompt");

    // Ctrl-C while a long result prints stops the printing, and the session goes on
    type_in(&mut p, ":format csv\r").expect(":format csv");
    p.exp_string("format: csv").expect("the format is set");
    type_in(&mut p, ":set rows all\r").expect(":set rows all");
    p.exp_string("rows       all").expect("the new setting");
    // wide rows (the text is shared, not copied), so that printing all of them takes long
    let pad = "x".repeat(200);
    type_in(&mut p, &format!("UNWIND range(1, 3000000) AS x RETURN x, '{pad}' AS pad;\r")).expect("a huge result");
    p.exp_string("\n2000,x").expect("printing has begun");
    p.send_control('c').expect("Ctrl-C");
    // one search over everything read (reading a large backlog a character at a time is slow)
    let before = p.exp_string("printing stopped (Ctrl-C)").expect("printing stops");
    assert!(!before.contains("\n3000000,"), "the last rows were never printed");
    p.exp_string("ieum> ").expect("the prompt after the stop");
    type_in(&mut p, "RETURN 40 + 2 AS answer;\r").expect("the next query");
    p.exp_string("42").expect("the next query works");
    p.exp_string("ieum> ").expect("the prompt again");
    type_in(&mut p, "quit\r").expect("quit");
    p.exp_eof().expect("`quit` leaves");
    assert!(exit_code(&mut p).ends_with(", 0)"));
}

#[test]
fn output_longer_than_the_screen_is_paged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let history = dir.path().join("history");
    // a pager that marks every line it shows
    let mut p = start_with(&history, false, &["--memory"], &[("PAGER", "sed 's/^/paged: /'")]);
    type_in(&mut p, "RETURN 1 AS one;\r").expect("a short query");
    p.exp_string("1 row").expect("a short result");
    let mut seen = String::new();
    assert!(read_for(&mut p, &mut seen, "ieum> ", Duration::from_secs(30)), "the prompt");
    assert!(!seen.contains("paged:"), "a short result does not go through the pager: {seen}");
    type_in(&mut p, "UNWIND range(1, 200) AS x RETURN x;\r").expect("a long query");
    p.exp_string("paged: ").expect("a long result goes through the pager");
    p.exp_string(" 200 ").expect("all of it");
    p.exp_string("ieum> ").expect("the prompt after the pager");
    type_in(&mut p, ":set pager off\r").expect(":set pager off");
    p.exp_string("pager      off").expect("the pager is off");
    type_in(&mut p, "UNWIND range(1, 200) AS x RETURN x * 2 AS y;\r").expect("a long query");
    let mut seen = String::new();
    assert!(read_for(&mut p, &mut seen, "200 rows", Duration::from_secs(30)), "the result: {seen}");
    assert!(seen.contains(" 400 ") && !seen.contains("paged:"), "printed directly: {seen}");
    type_in(&mut p, "\\q\r").expect("\\q");
    p.exp_eof().expect("`\\q` leaves");
}

#[test]
fn cypher_shell_habits_and_a_word_at_leaving() {
    let dir = tempfile::tempdir().expect("temp dir");
    let history = dir.path().join("history");
    let mut p = start(&history, false, &[]);
    type_in(&mut p, ":param {company: 'Celltrion', year: 2013}\r").expect(":param with a map");
    p.exp_string("$year => 2013").expect("each key becomes a parameter");
    type_in(&mut p, "MATCH (c:company {name: $company}) RETURN c.name;\r").expect("a query with a slip");
    p.exp_string("did you mean `Company`?").expect("the label in the wrong case is pointed out");
    p.exp_string("ieum> ").expect("the prompt");
    type_in(&mut p, "MATCH (c:Company {name: 'Samsung Biologic'}) RETURN c.name;\r").expect("a name that matches nothing");
    p.exp_string("did you mean 'Samsung Biologics'?").expect("the likely name");
    p.exp_string("ieum> ").expect("the prompt");
    type_in(&mut p, "CREATE (:Company {name: 'New Bio'});\r").expect("a write");
    p.exp_string("1 node created").expect("the write");
    p.exp_string("ieum> ").expect("the prompt");
    type_in(&mut p, "exit\r").expect("exit");
    p.exp_string("not kept: the graph is in memory only").expect("the dropped change is mentioned");
    p.exp_eof().expect("`exit` leaves");
    assert!(exit_code(&mut p).ends_with(", 0)"));
}
