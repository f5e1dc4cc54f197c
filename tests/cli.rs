//! The command line as a user runs it: the real binary, its output streams and exit codes.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn ieum(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ieum")).args(args).env("NO_COLOR", "1").output().expect("the ieum binary runs")
}

fn ieum_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ieum"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the ieum binary runs");
    child.stdin.take().expect("stdin is piped").write_all(input.as_bytes()).expect("stdin accepts the script");
    child.wait_with_output().expect("the ieum binary finishes")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn query_prints_a_table() {
    let out = ieum(&["query", "--memory", "RETURN 1 + 1 AS two"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("two"), "{stdout}");
    assert!(stdout.lines().any(|l| l.contains("│ 2") || l.contains(" 2 │")), "{stdout}");
    assert!(text(&out.stderr).contains("1 row"));
}

#[test]
fn json_is_one_line_per_statement() {
    let out = ieum(&["query", "--memory", "--format", "json", "CREATE (n:T {x: 1.5}) RETURN n; RETURN 2 AS b, 'x' AS c"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{stdout}");
    let first: serde_json::Value = serde_json::from_str(lines[0]).expect("valid JSON");
    assert_eq!(first["columns"][0], "n");
    assert_eq!(first["rows"][0][0]["$node"]["labels"][0], "T");
    assert_eq!(first["rows"][0][0]["$node"]["properties"]["x"], 1.5);
    assert_eq!(first["stats"]["nodes_created"], 1);
    assert_eq!(first["stats"]["properties_set"], 1);
    let second: serde_json::Value = serde_json::from_str(lines[1]).expect("valid JSON");
    assert_eq!(second["rows"], serde_json::json!([[2, "x"]]));
}

#[test]
fn csv_parses_back() {
    let out = ieum(&["query", "--memory", "--format", "csv", "UNWIND ['a,b', 'say \"hi\"', '셀트리온'] AS s RETURN s, size(s) AS n"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let rows: Vec<Vec<String>> = rdr.records().map(|r| r.expect("valid CSV").iter().map(String::from).collect()).collect();
    assert_eq!(rows, vec![vec!["a,b", "3"], vec!["say \"hi\"", "8"], vec!["셀트리온", "4"]]);
}

#[test]
fn parameters_take_literal_syntax() {
    let out = ieum(&[
        "query",
        "--memory",
        "--format",
        "json",
        "-p",
        "name='Celltrion'",
        "-p",
        "xs=[1, 2, 3]",
        "RETURN $name AS n, size($xs) AS k",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let v: serde_json::Value = serde_json::from_str(text(&out.stdout).trim()).expect("valid JSON");
    assert_eq!(v["rows"], serde_json::json!([["Celltrion", 3]]));
}

#[test]
fn a_syntax_error_has_a_position_and_exit_code_1() {
    let out = ieum(&["query", "--memory", "RETURN 1 +"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.starts_with("error: SyntaxError"), "{err}");
    assert!(err.contains("<query>:1:"), "{err}");
}

#[test]
fn run_stops_at_the_first_error_and_names_file_line_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("script.cypher");
    std::fs::write(&file, "// setup\nCREATE (:A);\n\nMATCH (a:A)\nRETURN b;\nRETURN 'never' AS x;\n").expect("write script");
    let out = ieum(&["run", "--memory", file.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("UndefinedVariable"), "{err}");
    assert!(err.contains(&format!("{}:5:8", file.display())), "{err}");
    assert!(!text(&out.stdout).contains("never"));
}

#[test]
fn continue_on_error_runs_the_rest_and_still_fails() {
    let out = ieum_stdin(&["run", "--memory", "--continue-on-error", "-"], "RETURN nope;\nRETURN 'after' AS x\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("after"), "the statement without a final ';' still runs");
    assert!(text(&out.stderr).contains("<stdin>:1:8"), "{}", text(&out.stderr));
}

#[test]
fn writes_then_reads_in_one_session() {
    let out = ieum_stdin(
        &["run", "--memory", "--format", "csv", "-"],
        "CREATE (:Company {name: 'Celltrion'})-[:MANUFACTURES]->(:Product {name: 'Remsima'});\nMATCH (c:Company)-[:MANUFACTURES]->(p) RETURN c.name AS c, p.name AS p;",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "c,p\nCelltrion,Remsima\n");
}

#[test]
fn bad_arguments_exit_2() {
    let out = ieum(&["query", "--memory", "--timeout", "soon", "RETURN 1"]);
    assert_eq!(out.status.code(), Some(2));
    let out = ieum(&["run", "--memory", "/definitely/not/here.cypher"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("/definitely/not/here.cypher"));
}

#[test]
fn timeout_stops_a_runaway_query() {
    let out =
        ieum(&["query", "--memory", "--timeout", "200ms", "UNWIND range(1, 1000000) AS x UNWIND range(1, 1000000) AS y RETURN count(*)"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("Cancelled"), "{}", text(&out.stderr));
}

#[test]
fn unwind_of_a_huge_range_streams_instead_of_being_refused() {
    // counted, not built: a hundred million elements start at once and stop at the limit
    let out = ieum(&["query", "--memory", "--format", "csv", "UNWIND range(1, 100000000) AS x RETURN x LIMIT 3"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "x\n1\n2\n3\n");
    let out = ieum(&["query", "--memory", "--timeout", "200ms", "UNWIND range(1, 100000000) AS x RETURN sum(x)"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("Cancelled"), "{}", text(&out.stderr));
    let out = ieum(&["query", "--memory", "--format", "csv", "UNWIND range(10, 1, -4) AS x RETURN collect(x) AS c"]);
    assert_eq!(text(&out.stdout), "c\n\"[10, 6, 2]\"\n", "{}", text(&out.stderr));
    // building such a list outside UNWIND is still refused, with a clear error
    let out = ieum(&["query", "--memory", "RETURN size(range(1, 100000000))"]);
    assert!(text(&out.stderr).contains("at most"), "{}", text(&out.stderr));
}

#[test]
fn deep_but_allowed_nesting_runs_and_deeper_is_refused_never_a_crash() {
    let run = |q: String| ieum_stdin(&["run", "--memory", "--format", "csv", "-"], &q);
    let cases = format!("RETURN {}1{} AS v;", "CASE WHEN true THEN ".repeat(490), " END".repeat(490));
    let out = run(cases);
    assert_eq!(text(&out.stdout), "v\n1\n", "{}", text(&out.stderr));
    let ands = format!("RETURN {} AS v;", vec!["true"; 490].join(" AND "));
    let out = run(ands);
    assert_eq!(text(&out.stdout), "v\ntrue\n", "{}", text(&out.stderr));
    let cases = format!("RETURN {}1{};", "CASE WHEN true THEN ".repeat(3000), " END".repeat(3000));
    let out = run(cases);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("nested too deeply"), "{}", text(&out.stderr));
    let withs = format!("{} RETURN x;", vec!["WITH 1 AS x"; 20_000].join(" "));
    let out = run(withs);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("at most 1000 are allowed"), "{}", text(&out.stderr));
}

#[test]
fn pipes_and_files_get_everything_uncut_unless_asked() {
    let long = "셀트리온 ".repeat(40);
    let q = format!("UNWIND range(1, 3000) AS x RETURN x, '{long}' AS text");
    // a pager that would mark its output, and a pipe: no pager, no row limit, no cut
    let out = Command::new(env!("CARGO_BIN_EXE_ieum"))
        .args(["query", "--memory", &q])
        .env("PAGER", "sed s/^/PAGED/")
        .output()
        .expect("the ieum binary runs");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(!stdout.contains("PAGED"), "no pager on a pipe");
    assert_eq!(stdout.lines().filter(|l| l.starts_with('│')).count(), 3001, "the header and every row");
    assert!(stdout.contains(long.trim_end()) && !stdout.contains('…'), "cells are not cut");
    // asked for: a width and a row limit
    let out = ieum(&["query", "--memory", "--max-width", "40", "--max-rows", "10", &q]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.lines().filter(|l| l.starts_with(['│', '┌', '├', '└'])).all(|l| unicode_width::UnicodeWidthStr::width(l) <= 40),
        "{stdout}"
    );
    assert!(stdout.contains('…') && stdout.contains("… 2,990 more rows not shown; --max-rows all"), "{stdout}");
    let bad = ieum(&["query", "--memory", "--max-rows", "many", "RETURN 1"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn vertical_tsv_and_markdown() {
    let q = "RETURN 'Celltrion' AS name, 1991 AS founded, 'a|b' AS pipe";
    let out = ieum(&["query", "--memory", "--format", "vertical", q]);
    assert_eq!(text(&out.stdout), "─[ row 1 ]─────────\nname    │ Celltrion\nfounded │ 1991\npipe    │ a|b\n");
    assert!(text(&out.stderr).contains("1 row"));
    let out = ieum(&["query", "--memory", "--format", "tsv", q]);
    assert_eq!(text(&out.stdout), "name\tfounded\tpipe\nCelltrion\t1991\ta|b\n");
    let out = ieum(&["query", "--memory", "--format", "markdown", q]);
    assert_eq!(text(&out.stdout), "| name | founded | pipe |\n| --- | --- | --- |\n| Celltrion | 1991 | a\\|b |\n");
    let out = ieum(&["query", "--memory", "--format", "png", q]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("ieum export --render png"), "{}", text(&out.stderr));
}

#[test]
fn show_indexes_and_constraints() {
    let out = ieum(&[
        "query",
        "--memory",
        "--format",
        "json",
        "CREATE INDEX FOR (n:Company) ON (n.name); CREATE CONSTRAINT FOR (n:Product) REQUIRE n.id IS UNIQUE; SHOW INDEXES; show constraint; WITH 1 AS show RETURN show AS indexes",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("JSON")).collect();
    assert_eq!(lines[2]["columns"], serde_json::json!(["name", "type", "entityType", "labelsOrTypes", "properties", "owningConstraint"]));
    assert_eq!(
        lines[2]["rows"],
        serde_json::json!([
            ["index_Company_name", "RANGE", "NODE", ["Company"], ["name"], null],
            ["index_Product_id", "RANGE", "NODE", ["Product"], ["id"], "constraint_Product_id"]
        ])
    );
    assert_eq!(lines[3]["rows"], serde_json::json!([["constraint_Product_id", "UNIQUENESS", "NODE", ["Product"], ["id"]]]));
    assert_eq!(lines[4]["rows"], serde_json::json!([[1]]), "`show` is still a name");
    let bad = ieum(&["query", "--memory", "SHOW INDEXS"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(text(&bad.stderr).starts_with("error: "), "{}", text(&bad.stderr));
}

/// `--timing`: one `timing: open_ms=…` line, then one line per statement with its number,
/// the line it starts on, each phase in milliseconds and its row count; results unchanged.
#[test]
fn timing_lines_for_scripts() {
    let script = "UNWIND range(1, 5) AS x RETURN x;\n\n// the second statement\nRETURN 1 AS one;\n";
    let out = ieum_stdin(&["run", "--memory", "--timing", "--format", "csv", "-"], script);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "x\n1\n2\n3\n4\n5\none\n1\n");
    let stderr = text(&out.stderr);
    let lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("timing: ")).collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    let fields = |line: &str| -> Vec<(String, String)> {
        line["timing: ".len()..]
            .split(' ')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or_else(|| panic!("not key=value: {kv}"));
                (k.to_string(), v.to_string())
            })
            .collect()
    };
    let open = fields(lines[0]);
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].0, "open_ms");
    assert!(open[0].1.parse::<f64>().is_ok_and(|ms| ms >= 0.0), "{}", lines[0]);
    for (i, (line, starts, rows)) in [(lines[1], "1", "5"), (lines[2], "4", "1")].into_iter().enumerate() {
        let f = fields(line);
        let keys: Vec<&str> = f.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["statement", "line", "parse_ms", "plan_ms", "execute_ms", "print_ms", "rows"], "{line}");
        assert_eq!(f[0].1, (i + 1).to_string());
        assert_eq!(f[1].1, starts, "{line}");
        assert_eq!(f[6].1, rows, "{line}");
        for (k, v) in &f[2..6] {
            assert!(v.parse::<f64>().is_ok_and(|ms| ms >= 0.0), "{k}={v}");
        }
    }
    // without the flag there are no timing lines
    let quiet = ieum_stdin(&["run", "--memory", "--format", "csv", "-"], script);
    assert!(!text(&quiet.stderr).contains("timing:"), "{}", text(&quiet.stderr));
}

#[test]
fn row_formats_stream_rows_before_a_later_failure() {
    // the third row divides by zero: with streaming the two rows before it are already
    // written, and the error follows them
    let q = "UNWIND [1, 2, 0, 4] AS x RETURN 10 / x AS y";
    let csv = ieum(&["query", "--memory", "--format", "csv", q]);
    assert!(!csv.status.success());
    assert_eq!(text(&csv.stdout), "y\n10\n5\n");
    assert!(text(&csv.stderr).contains("error: ArgumentError (DivisionByZero)"), "{}", text(&csv.stderr));
    // JSON written before the failure is closed, so that it stays a valid document
    let json = ieum(&["query", "--memory", "--format", "json", q]);
    assert!(!json.status.success());
    let doc: serde_json::Value = serde_json::from_str(&text(&json.stdout)).expect("valid JSON after a failure");
    assert_eq!(doc["rows"], serde_json::json!([[10], [5]]), "{doc}");
}

#[test]
fn profile_reports_rows_and_time_per_stage() {
    let q = "PROFILE UNWIND range(1, 10) AS x WITH x WHERE x % 2 = 0 RETURN x ORDER BY x DESC LIMIT 2";
    let out = ieum(&["query", "--memory", q]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let plan = text(&out.stdout);
    let line =
        |start: &str| plan.lines().find(|l| l.starts_with(start)).unwrap_or_else(|| panic!("no {start} line in\n{plan}")).to_string();
    assert!(line("Unwind").contains("[rows: 10]"), "{plan}");
    assert!(line("Filter").contains("[rows: 5]"), "{plan}");
    for stage in ["Sort", "Limit"] {
        let l = line(stage);
        let ms = l.split("time: ").nth(1).and_then(|t| t.strip_suffix(" ms]")).unwrap_or_else(|| panic!("no time in {l}"));
        assert!(ms.parse::<f64>().is_ok_and(|v| v >= 0.0), "{l}");
    }
    assert!(line("Limit").contains("[rows: 2,"), "{plan}");
}

#[test]
fn bundled_graph_copies_into_a_database_with_one_flag_per_kind() {
    // the README's way: export the bundled graph to CSV, import every file (as a shell glob
    // lists them) after a single --nodes and a single --relationships
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("kg-csv");
    let out = ieum(&["export", "--format", "csv", "-o", csv.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let files = |sub: &str| -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(csv.join(sub)).unwrap().map(|e| e.unwrap().path().to_string_lossy().into_owned()).collect();
        v.sort();
        v
    };
    let (nodes, rels) = (files("nodes"), files("relationships"));
    assert!(nodes.len() > 1 && rels.len() > 1);
    let db = dir.path().join("kg");
    let mut args = vec!["import".to_string(), "--db".into(), db.to_string_lossy().into_owned(), "--nodes".into()];
    args.extend(nodes);
    args.push("--relationships".into());
    args.extend(rels);
    let out = ieum(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let q = "MATCH (n) RETURN count(n) AS n; MATCH ()-[r]->() RETURN count(r) AS r";
    let copied = ieum(&["query", "--db", db.to_str().unwrap(), "--format", "csv", q]);
    let bundled = ieum(&["query", "--format", "csv", q]);
    assert_eq!(text(&copied.stdout), text(&bundled.stdout));
}

#[test]
fn a_value_over_the_budget_fails_cleanly_and_the_session_goes_on() {
    let over = [
        "RETURN size(reduce(s = 'x', i IN range(1, 40) | s + s))",
        "RETURN size(reduce(l = [1], i IN range(1, 40) | l + l))",
        "RETURN size(reduce(l = [1], i IN range(1, 64) | [l, l]))",
        "RETURN size(replace(replace(replace(replace('xxxxxxxxxxxxxxxx', 'x', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'), 'x', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'), 'x', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'), 'x', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'))",
        "RETURN size([i IN range(1, 1000000) | 'abcdefghijklmnopqrstuvwxyz'])",
        "UNWIND range(1, 1000000) AS i RETURN size(collect('abcdefghijklmnopqrstuvwxyz' + i))",
        "RETURN size(range(1, 2000000))",
    ];
    for q in over {
        let script = format!("{q}; RETURN 1 + 1 AS after");
        let out = ieum(&["query", "--memory", "--value-limit", "16M", "--continue-on-error", "--format", "csv", &script]);
        let err = text(&out.stderr);
        assert!(err.contains("error: ArgumentError (MemoryLimitExceeded): "), "{q}: {err}");
        // a streamed statement may have written its header before failing
        assert!(text(&out.stdout).ends_with("after\n2\n"), "{q}: {err}");
        assert_eq!(out.status.code(), Some(1));
    }
    // the default budget stops the doubling string too, long before memory runs out
    let out = ieum(&["query", "--memory", "RETURN size(reduce(s = 'x', i IN range(1, 40) | s + s))"]);
    assert!(text(&out.stderr).contains("MemoryLimitExceeded"), "{}", text(&out.stderr));
    let out = ieum(&["query", "--memory", "--value-limit", "lots", "RETURN 1"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

#[test]
fn the_time_limit_reaches_inside_reduce_quantifiers_and_comprehensions() {
    let slow = [
        "RETURN reduce(x = 0, i IN range(1, 3000) | x + size([j IN range(1, 3000) WHERE j > i]))",
        "RETURN any(i IN range(1, 3000) WHERE all(j IN range(1, 3000) WHERE j > 0) AND i < 0)",
        "RETURN single(i IN range(1, 3000) WHERE none(j IN range(1, 3000) WHERE j < 0) AND i < 0)",
    ];
    for q in slow {
        let started = std::time::Instant::now();
        let out = ieum(&["query", "--memory", "--timeout", "200ms", q]);
        assert!(text(&out.stderr).contains("error: Cancelled (Timeout)"), "{q}: {}", text(&out.stderr));
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{q} took {:?}", started.elapsed());
    }
    let out = ieum(&["query", "--memory", "--timeout", "18446744073709551615s", "RETURN 1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("longer than the longest time limit"), "{}", text(&out.stderr));
}

#[test]
fn a_statement_without_its_semicolon_on_stdin_is_bounded() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ieum"))
        .args(["run", "--memory", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the ieum binary runs");
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let feeder = std::thread::spawn(move || {
        let block = vec![b'a'; 1 << 20];
        // stops early when ieum gives up and closes its end
        (0..300).try_for_each(|_| stdin.write_all(&block)).is_err()
    });
    let out = child.wait_with_output().expect("the ieum binary finishes");
    assert!(feeder.join().unwrap_or(false), "ieum stopped reading before the input ended");
    let err = text(&out.stderr);
    assert!(err.starts_with("error: InputError (StdinFailed): <stdin>: a statement is longer than 256 MiB"), "{err}");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_output_file_is_replaced_only_by_a_finished_result_and_never_through_a_link() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("out.csv");
    let path = file.to_str().expect("UTF-8 path");
    std::fs::write(&file, "precious\n").expect("the file is written");
    let out = ieum(&["query", "--memory", "--format", "csv", "-o", path, "RETURN syntax error"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("was left as it was"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&file).expect("the file is there"), "precious\n");
    let out = ieum(&["query", "--memory", "--format", "csv", "-o", path, "RETURN 1 AS x"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&file).expect("the file is there"), "x\n1\n");
    let link = dir.path().join("link.dot");
    std::os::unix::fs::symlink(&file, &link).expect("a link");
    for args in [
        vec!["query", "--memory", "-o", link.to_str().expect("UTF-8"), "RETURN 2"],
        vec!["export", "--memory", "-q", "CREATE (n:X) RETURN n", "-o", link.to_str().expect("UTF-8")],
    ] {
        let out = ieum(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.starts_with("error: OutputError (") && err.contains("symbolic link"), "{err}");
    }
    assert_eq!(std::fs::read_to_string(&file).expect("the file is there"), "x\n1\n");
    let names: Vec<_> = std::fs::read_dir(dir.path()).expect("listed").map(|e| e.expect("entry").file_name()).collect();
    assert_eq!(names.len(), 2, "no temporary file is left: {names:?}");
}

#[test]
fn errors_of_files_and_input_have_the_one_form_and_a_comment_left_open_is_an_error() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let missing = dir.path().join("missing.cypher");
    let bad_json = dir.path().join("p.json");
    std::fs::write(&bad_json, "1,2").expect("written");
    let not_dir = dir.path().join("file");
    std::fs::write(&not_dir, "x").expect("written");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["run", "--memory", missing.to_str().expect("UTF-8")], "error: InputError (CannotRead): "),
        (vec!["query", "--memory", "--params-file", bad_json.to_str().expect("UTF-8"), "RETURN 1"], "error: InputError (BadParameters): "),
        (vec!["query", "--db", not_dir.to_str().expect("UTF-8"), "RETURN 1"], "error: StorageError (CorruptFile): "),
        (vec!["query", "--memory", "RETURN 1; /* never closed\nRETURN 2"], "error: SyntaxError (UnexpectedSyntax): unterminated comment"),
    ];
    for (args, start) in cases {
        let out = ieum(&args);
        let err = text(&out.stderr);
        assert!(err.lines().any(|l| l.starts_with(start)), "{args:?}: {err}");
        assert!(!err.contains("Os {") && !err.contains("kind:"), "{err}");
        assert_ne!(out.status.code(), Some(0), "{args:?}");
    }
    let out = ieum_stdin(&["run", "--memory", "-"], "RETURN 1;\n/* open\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("--> <stdin>:2:1"), "{}", text(&out.stderr));
}

#[test]
fn a_statement_of_millions_of_tokens_is_refused_before_parsing() {
    let script = format!("RETURN {};", vec!["1"; 3_000_000].join("+"));
    let started = std::time::Instant::now();
    let out = ieum_stdin(&["run", "--memory", "-"], &script);
    let err = text(&out.stderr);
    assert!(
        err.starts_with("error: SyntaxError (UnexpectedSyntax): the statement has more than 500000 tokens"),
        "{}",
        &err[..err.len().min(300)]
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "took {:?}", started.elapsed());
}

#[test]
fn a_missing_or_older_log_is_reported_when_the_database_opens() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let db = dir.path().join("db");
    let db_arg = db.to_str().expect("UTF-8 path");
    let out = ieum(&["query", "--db", db_arg, "CREATE (:A)"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let old_log = std::fs::read(db.join("wal.ieum")).expect("the log is there");
    // a later save makes the log of the first generation stale
    let out = ieum(&["query", "--db", db_arg, "CREATE (:B)"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    std::fs::write(db.join("wal.ieum"), &old_log).expect("written");
    let out = ieum(&["query", "--db", db_arg, "--format", "csv", "MATCH (n) RETURN count(*) AS n"]);
    assert_eq!(text(&out.stdout), "n\n2\n");
    assert!(text(&out.stderr).contains("wal.ieum: the log is of generation"), "{}", text(&out.stderr));
    std::fs::remove_file(db.join("wal.ieum")).expect("removed");
    for read_only in [true, false] {
        let mut args = vec!["query", "--db", db_arg, "--format", "csv", "MATCH (n) RETURN count(*) AS n"];
        if read_only {
            args.push("--read-only");
        }
        let out = ieum(&args);
        assert_eq!(text(&out.stdout), "n\n2\n");
        assert!(text(&out.stderr).contains("the write-ahead log is missing"), "{}", text(&out.stderr));
    }
}
