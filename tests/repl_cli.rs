//! The shell and batch command line as scripts use them: the real binary with piped input,
//! its output streams and exit codes.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn ieum(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ieum"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("IEUM_HISTORY", "")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the ieum binary runs");
    child.stdin.take().expect("stdin is piped").write_all(input.as_bytes()).expect("stdin accepts the input");
    child.wait_with_output().expect("the ieum binary finishes")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn version_help_and_completions() {
    let out = ieum(&["--version"], "");
    assert!(out.status.success());
    assert_eq!(text(&out.stdout).trim(), format!("ieum {}", env!("CARGO_PKG_VERSION")));
    let help = text(&ieum(&["--help"], "").stdout);
    for needle in ["Examples:", "repl", "--params-file", "--no-history", "completions"] {
        assert!(help.contains(needle), "--help mentions {needle}: {help}");
    }
    let out = ieum(&["completions", "bash"], "");
    assert!(out.status.success());
    let script = text(&out.stdout);
    assert!(script.contains("_ieum()") && script.contains("--params-file"), "{script}");
    assert_eq!(ieum(&["completions", "tcsh"], "").status.code(), Some(2));
}

#[test]
fn piped_input_runs_statements_and_meta_commands() {
    let script = ":format csv\nUNWIND ['셀트리온', 'a,b'] AS name\nRETURN name;\n:param n => 20 + 1\nRETURN $n AS n";
    let out = ieum(&["--memory"], script);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "format: csv\nname\n셀트리온\n\"a,b\"\n$n => 21\nn\n21\n");
}

#[test]
fn piped_input_stops_at_the_first_failure_with_exit_code_1() {
    let out = ieum(&["repl", "--memory"], "RETURN 1 AS a;\nRETURN nope;\nRETURN 'after' AS b;\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("<stdin>:2:8"), "{}", text(&out.stderr));
    assert!(!text(&out.stdout).contains("after"));
    let out = ieum(&["--memory"], ":shema\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("did you mean `:schema`?"), "{}", text(&out.stdout));
}

#[test]
fn the_bundled_graph_has_sources_for_its_relationships() {
    let out = ieum(&[], "MATCH (c:Company {name: 'Celltrion'})-[r:MANUFACTURES]->(p) RETURN r;\n:sources\n:schema\n:stats\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("(Celltrion)-[:MANUFACTURES]->(Remsima)  (line"), "{stdout}");
    assert!(stdout.contains(".txt — "), "documents are named with their titles: {stdout}");
    assert!(stdout.contains("Node labels ("), "{stdout}");
    assert!(stdout.contains("relationships: "), "{stdout}");
}

#[test]
fn params_file_gives_typed_parameters() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("p.json");
    std::fs::write(&file, r#"{"name": "셀트리온", "year": 2020, "xs": [1.5, 2]}"#).expect("write params");
    let out = ieum(
        &[
            "query",
            "--memory",
            "--format",
            "json",
            "--params-file",
            file.to_str().expect("utf-8"),
            "RETURN $name AS n, $year + 1 AS y, $xs AS xs",
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(text(&out.stdout).trim()).expect("valid JSON");
    assert_eq!(v["rows"], serde_json::json!([["셀트리온", 2021, [1.5, 2]]]));
    std::fs::write(&file, "[1, 2]").expect("write params");
    let out = ieum(&["query", "--memory", "--params-file", file.to_str().expect("utf-8"), "RETURN 1"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("JSON object"), "{}", text(&out.stderr));
}

#[test]
fn run_names_the_file_of_each_error_and_continues_when_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("a.cypher");
    let b = dir.path().join("b.cypher");
    std::fs::write(&a, "CREATE (:T {v: 1});\n").expect("write a");
    std::fs::write(&b, "MATCH (t:T)\n  RETURN t.v / 0 AS boom;\nMATCH (t:T) RETURN t.v AS v").expect("write b");
    let (a, b) = (a.to_str().expect("utf-8"), b.to_str().expect("utf-8"));
    let out = ieum(&["run", "--memory", "--format", "csv", a, b], "");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains(&format!("{b}:")), "the error names the second file: {err}");
    assert!(err.contains(&format!("{b}:2:")) || err.contains(&format!("{b}:1:1")), "with a line and column: {err}");
    assert!(!text(&out.stdout).contains("v\n1"), "stops at the failure");
    let out = ieum(&["run", "--memory", "--format", "csv", "--continue-on-error", a, b], "");
    assert_eq!(out.status.code(), Some(1), "a failure still fails the run");
    assert!(text(&out.stdout).ends_with("v\n1\n"), "the last statement, without `;`, runs: {}", text(&out.stdout));
}

#[test]
fn jsonl_and_tables_for_wide_text() {
    let out = ieum(&["query", "--memory", "--format", "jsonl", "UNWIND ['셀트리온', 'ab'] AS s RETURN s, size(s) AS n"], "");
    assert!(out.status.success());
    let rows: Vec<serde_json::Value> =
        text(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("each line is a JSON object")).collect();
    assert_eq!(rows, vec![serde_json::json!({"s": "셀트리온", "n": 4}), serde_json::json!({"s": "ab", "n": 2})]);
    let out = ieum(&["query", "--memory", "UNWIND ['셀트리온헬스케어', 'x'] AS name RETURN name, 1 AS n"], "");
    let table = text(&out.stdout);
    let widths: Vec<usize> = table.lines().map(unicode_width::UnicodeWidthStr::width).collect();
    assert!(widths.len() == 6 && widths.iter().all(|w| *w == widths[0]), "{table}");
    assert!(text(&out.stderr).contains("2 rows ("), "the summary has the row count and time");
}

#[test]
fn plans_ride_in_the_json_line_of_their_statement() {
    let out = ieum(&["query", "--memory", "--format", "json", "PROFILE UNWIND [1, 2] AS x RETURN x; EXPLAIN RETURN 1; RETURN 3 AS y"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).expect("every line is JSON")).collect();
    assert_eq!(lines.len(), 3, "one line per statement: {stdout}");
    assert_eq!(lines[0]["rows"], serde_json::json!([[1], [2]]));
    assert!(lines[0]["plan"].as_str().is_some_and(|p| p.contains("Unwind")), "{stdout}");
    assert!(lines[1]["plan"].as_str().is_some_and(|p| !p.is_empty()) && lines[1]["rows"] == serde_json::json!([]), "{stdout}");
    assert!(lines[2].get("plan").is_none() && lines[2]["rows"] == serde_json::json!([[3]]), "{stdout}");
    assert!(!text(&out.stderr).contains("Unwind"), "nothing of the plan on stderr: {}", text(&out.stderr));
    // formats whose every line is a row keep the plan on stderr
    let out = ieum(&["query", "--memory", "--format", "csv", "EXPLAIN UNWIND [1] AS x RETURN x"], "");
    assert!(text(&out.stdout).is_empty() || !text(&out.stdout).contains("Unwind"), "{}", text(&out.stdout));
    assert!(text(&out.stderr).contains("Unwind"), "{}", text(&out.stderr));
}

#[test]
fn piped_errors_name_the_line_of_the_whole_input() {
    let script = "RETURN 1 AS a;\n:format csv\n\nUNWIND [1, 2] AS x\n  RETURN x / 0;\n";
    let out = ieum(&["--memory"], script);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("<stdin>:5:10"), "{}", text(&out.stderr));
    let out = ieum(&["--memory"], "RETURN 1 AS a;\nRETURN 'open\n");
    assert!(text(&out.stderr).contains("<stdin>:2:8"), "{}", text(&out.stderr));
}

#[test]
fn a_misspelt_first_keyword_gets_a_suggestion() {
    let out = ieum(&["--memory"], "MTACH (n) RETURN n;\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("did you mean MATCH?"), "{}", text(&out.stderr));
}

#[test]
fn unknown_labels_types_and_keys_are_warned_about_with_a_suggestion() {
    let out = ieum(&[], "MATCH (c:Compnay)-[:MANUFACTURE]->(p)\nWHERE c.nmae = 'x' RETURN p;\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("no label `Compnay`; did you mean `Company`?\n --> <stdin>:1:10"), "{err}");
    assert!(err.contains("did you mean `MANUFACTURES`?"), "{err}");
    assert!(err.contains("no property key `nmae`; did you mean `name`?\n --> <stdin>:2:9"), "{err}");
    let out = ieum(&[], "MATCH (c:Company) RETURN c.name LIMIT 1;\n");
    assert!(!text(&out.stderr).contains("warning"), "{}", text(&out.stderr));
}

#[test]
fn a_failure_inside_read_stops_piped_input() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("m.cypher");
    std::fs::write(&file, ":format csv\n\nRETURN '한' AS k;\n// note\nRETURN nope;\nRETURN 'not run' AS z;\n")
        .expect("the script is written");
    let out = ieum(&["--memory"], &format!(":read {}\nRETURN 'after' AS a;\n", file.display()));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "format: csv\nk\n한\n");
    assert!(text(&out.stderr).contains("m.cypher:5:8"), "{}", text(&out.stderr));
}

#[test]
fn set_value_limit_changes_the_budget_of_later_statements() {
    let input = ":set value-limit 4K\nRETURN size(reduce(s = 'x', i IN range(1, 10) | s + s)) AS n;\n:set value-limit 1K\n:set\nRETURN size(reduce(s = 'x', i IN range(1, 11) | s + s)) AS n;\n";
    let out = ieum(&["--memory", "--format", "csv"], input);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(stdout.contains("value-limit 4096 bytes") && stdout.contains("n\n1024\n"), "{stdout}{stderr}");
    assert!(stdout.contains("value-limit 1024 bytes"), "{stdout}");
    assert!(stderr.contains("error: ArgumentError (MemoryLimitExceeded): `+` would build a value of 2048 bytes"), "{stderr}");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn output_refuses_to_write_through_a_symbolic_link() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let target = dir.path().join("target.txt");
    std::fs::write(&target, "kept\n").expect("written");
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink(&target, &link).expect("a link");
    let out = ieum(&["--memory"], &format!(":output {}\nRETURN 1;\n", link.display()));
    // the shell reports on its console: standard output when input is piped
    let said = text(&out.stdout);
    assert!(said.contains("error: OutputError (CannotWrite): ") && said.contains("symbolic link"), "{said}");
    assert_eq!(std::fs::read_to_string(&target).expect("still there"), "kept\n");
}
