//! The example analyst questions in `queries/` run on the bundled graph.
//!
//! Each `queries/NN-name.cypher` is a script whose statements run in order in one session
//! on a fresh copy of the bundled graph; the CSV output of every statement (as
//! `ieum run --format csv` prints it) is concatenated and compared with
//! `queries/NN-name.csv`. Set `IEUM_BLESS=1` to write the current output as the expected
//! one, then review the diff against the source documents before committing it.

use std::path::{Path, PathBuf};

use ieum::{bundled, render, syntax::split_statements};

fn query_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("queries");
    let rd = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files: Vec<PathBuf> =
        rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "cypher")).collect();
    files.sort();
    files
}

fn run(path: &Path) -> Result<String, String> {
    let script = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut db = bundled::database().map_err(|e| format!("bundled graph: {e}"))?;
    let mut out = String::new();
    for st in split_statements(&script) {
        let r = db.execute(st.text).map_err(|e| e.shift(st.offset).render(&script, &path.display().to_string()))?;
        out.push_str(&render::csv(&r));
    }
    Ok(out)
}

#[test]
fn analyst_queries_give_the_reviewed_answers() {
    let bless = std::env::var_os("IEUM_BLESS").is_some();
    let files = query_files();
    assert!(files.len() >= 25, "expected at least 25 example queries in queries/, found {}", files.len());
    let mut failures = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        if !text.trim_start().starts_with("//") {
            failures.push(format!("{}: must start with a // comment stating the question", f.display()));
        }
        let got = match run(f) {
            Ok(g) => g,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        if got.lines().count() < 2 {
            failures.push(format!("{}: the query returns no rows", f.display()));
        }
        let expected_path = f.with_extension("csv");
        if bless {
            if let Err(e) = std::fs::write(&expected_path, &got) {
                failures.push(format!("{}: {e}", expected_path.display()));
            }
            continue;
        }
        match std::fs::read_to_string(&expected_path) {
            Ok(want) if want == got => {}
            Ok(want) => failures.push(format!("{}: output differs\n--- expected\n{want}--- got\n{got}", f.display())),
            Err(e) => failures.push(format!("{}: {e} (run with IEUM_BLESS=1 to create it)", expected_path.display())),
        }
    }
    assert!(failures.is_empty(), "{} of {} example queries failed:\n{}", failures.len(), files.len(), failures.join("\n"));
}
