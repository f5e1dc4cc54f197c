//! Reading the evidence behind a result as a user does: `ieum sources` and the shell's
//! `:sources`, without the documents (they say how to point at them), with a directory of
//! documents that no longer match the graph (the changed lines are flagged), and, when
//! `IEUM_SEEDS_DIR` or `IEUM_DOCUMENTS` names the real documents, with the cited lines
//! quoted.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// Runs the binary with `IEUM_DOCUMENTS` set to `documents` (or removed), feeding `input`.
fn ieum(args: &[&str], documents: Option<&str>, input: &str) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ieum"));
    cmd.args(args).env("NO_COLOR", "1").env("IEUM_HISTORY", "").stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    match documents {
        Some(d) => cmd.env("IEUM_DOCUMENTS", d),
        None => cmd.env_remove("IEUM_DOCUMENTS"),
    };
    let mut child = cmd.spawn().expect("the ieum binary runs");
    child.stdin.take().expect("stdin is piped").write_all(input.as_bytes()).expect("stdin accepts the input");
    child.wait_with_output().expect("the ieum binary finishes")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const PROJECT_H: &str = "MATCH (:Hospital {name: 'Korea University Medical Center'})-[r:RUNS]->(:Project {name: 'Project H'}) RETURN r";
const ARTICLE: &str = "004_b47be45cc7ce1e0d.txt";

#[test]
fn without_documents_the_facts_are_listed_and_the_way_to_the_text_is_told() {
    let out = ieum(&["sources", PROJECT_H], None, "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with(&format!("{ARTICLE} — AI Aging Prediction")), "{stdout}");
    assert!(stdout.contains("(Korea University Medical Center)-[:RUNS]->(Project H)  (lines 10, 12, 21, 25; inferred)"), "{stdout}");
    assert!(stdout.contains("      basis: the article presents Project H"), "{stdout}");
    assert!(stdout.contains("point ieum at the source documents with --documents DIR or IEUM_DOCUMENTS=DIR"), "{stdout}");
    assert!(!stdout.contains(" │ "), "no line is quoted: {stdout}");
}

#[test]
fn a_document_that_changed_is_flagged_not_trusted() {
    let dir = tempfile::tempdir().expect("temp dir");
    // lines 1-24 empty, then a line 25 that is not the one the graph was built from
    let mut doc = "\n".repeat(24);
    doc.push_str("Project H is run by somebody else entirely.\n");
    std::fs::write(dir.path().join(ARTICLE), doc).expect("write the document");
    let d = dir.path().to_str().expect("utf-8 temp path");
    let out = ieum(&["sources", "--documents", d, PROJECT_H], None, "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("    !   25 │ Project H is run by somebody else entirely."), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "differ from the documents the graph was built from ({ARTICLE}:10, {ARTICLE}:12, {ARTICLE}:21, {ARTICLE}:25)"
        )),
        "{stdout}"
    );
    // the same from the environment, and from the shell with the directory as argument
    let env = text(&ieum(&["sources", PROJECT_H], Some(d), "").stdout);
    assert_eq!(env, stdout);
    let shell = ieum(&[], None, &format!("{PROJECT_H};\n:sources {d}\n"));
    assert!(shell.status.success(), "{}", text(&shell.stderr));
    assert!(text(&shell.stdout).contains("    !   25 │ Project H is run by somebody else entirely."), "{}", text(&shell.stdout));
}

#[test]
fn a_missing_document_or_directory_is_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path().to_str().expect("utf-8 temp path");
    let out = ieum(&["sources", "--documents", d, PROJECT_H], None, "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains(&format!("(the lines cannot be shown: {ARTICLE} is not in {d})")), "{}", text(&out.stdout));
    let missing = dir.path().join("nowhere");
    let out = ieum(&["sources", "--documents", missing.to_str().expect("utf-8"), PROJECT_H], None, "");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("nowhere: not a directory"), "{}", text(&out.stderr));
    let shell = ieum(&[], None, &format!("{PROJECT_H};\n:sources {}\n", missing.display()));
    assert!(text(&shell.stdout).contains("not a directory"), "{}", text(&shell.stdout));
}

#[test]
fn a_failing_statement_stops_with_its_error() {
    let out = ieum(&["sources", "MATCH (n) RETURN m"], None, "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("error: "), "{}", text(&out.stderr));
    let nothing = ieum(&["sources", "RETURN 1 AS one"], None, "");
    assert!(text(&nothing.stdout).contains("holds no relationships"), "{}", text(&nothing.stdout));
}

#[test]
fn with_the_documents_the_cited_lines_are_quoted_and_verified() {
    let Some(dir) = ["IEUM_DOCUMENTS", "IEUM_SEEDS_DIR"].iter().find_map(std::env::var_os).filter(|d| !d.is_empty()).map(PathBuf::from)
    else {
        println!("IEUM_SEEDS_DIR and IEUM_DOCUMENTS unset: skipped quoting the real documents");
        return;
    };
    let d = dir.to_str().expect("utf-8 documents path");
    let query = "MATCH p = (:Company)-[:MANUFACTURES|DEVELOPS]->(:Product)-[:APPROVED_BY]->() RETURN p";
    let out = ieum(&["sources", "--documents", d, query], None, "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("(Remsima)-[:APPROVED_BY]->(U.S. Food and Drug Administration)  (lines 924, 925, 926; stated)"), "{stdout}");
    // the line as the document has it (read here, not kept in the repository)
    let paper = std::fs::read_to_string(dir.join("003_2a02298950b49935.txt")).expect("document 003 is in the documents directory");
    let line = paper.split('\n').nth(925).expect("line 926").trim();
    assert!(stdout.contains(&format!("       926 │ {line}\n")), "{stdout}");
    assert!(stdout.contains("(Cartistem)-[:APPROVED_BY]->(Ministry of Food and Drug Safety)  (line 8; inferred)"), "{stdout}");
    assert!(!stdout.contains("warning"), "the documents match the graph: {stdout}");
    assert!(!stdout.contains(" ? ") && !stdout.contains(" ! "), "every cited line has its hash: {stdout}");
}
