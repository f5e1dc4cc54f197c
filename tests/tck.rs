//! The openCypher TCK runner: one libtest-mimic trial per expanded TCK scenario.
//!
//! The contract is `../shared/tck/README.md` (Gherkin subset, scenario ids, value grammar,
//! comparison rules, error triples, side-effect counting, named graphs, parameters and
//! procedures).
//!
//! ```sh
//! IEUM_TCK_DIR=../shared/tck cargo test --test tck                          # everything
//! IEUM_TCK_DIR=../shared/tck cargo test --test tck -- clauses/match/        # one folder
//! IEUM_TCK_DIR=../shared/tck IEUM_TCK_ALL=1 cargo test --test tck -- 'Match1.feature [2]'
//! ```
//!
//! Environment:
//! - `IEUM_TCK_DIR`: the folder holding `features/` and `graphs/`. Unset: the test prints
//!   `TCK skipped: IEUM_TCK_DIR not set` and passes with zero trials. Set but without
//!   `features/`: the run fails.
//! - `IEUM_TCK_ALL=1`: a failing scenario that is not listed in `tests/tck_harness/passing.txt` fails
//!   its trial (with the full message) instead of being reported as ignored/known failing.
//! - `IEUM_TCK_BLESS=1`: after a whole-suite, unfiltered run, rewrite `tests/tck_harness/passing.txt`
//!   with the ids of the scenarios that passed.
//! - `IEUM_TCK_COUNT=1` (or `2` for per-file counts and the step vocabulary): only parse the
//!   features and print scenario counts; runs nothing. With `IEUM_TCK_DUMP=<text>` it also
//!   prints the expanded steps of the scenarios whose id contains the text.
//! - `IEUM_TCK_TIMEOUT=<seconds>`: the per-scenario deadline passed to the engine (default
//!   10). A scenario still running at three times that is abandoned and fails.
//! - `IEUM_TCK_ANY_GRAPH=<name>`: load that named graph (e.g. `binary-tree-1`, as upstream
//!   did) for `Given any graph`; by default `any graph` is the empty graph.
//!
//! Every listed scenario that fails is a failed trial. An unlisted scenario still runs; if it
//! fails it is reported as ignored ("known failing") and never fails the run. Per-folder
//! totals (`clauses/match 212/381`) are printed after libtest's summary.

#[path = "tck_harness/gherkin.rs"]
mod gherkin;
#[path = "tck_harness/values.rs"]
mod values;

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use gherkin::{Arg, Scenario, Step};
use ieum::procedures::{Field, Procedure};
use ieum::value::ValueType;
use ieum::{Database, Entities, Error, Params, Phase, QueryOptions, QueryResult, Value};
use libtest_mimic::{Arguments, Completion, Trial};
use values::Val;

const PASSING: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tck_harness/passing.txt");

fn main() {
    let args = Arguments::from_args();
    let Some(dir) = std::env::var_os("IEUM_TCK_DIR").filter(|d| !d.is_empty()) else {
        println!("TCK skipped: IEUM_TCK_DIR not set");
        libtest_mimic::run(&args, Vec::new()).exit();
    };
    let tck = PathBuf::from(dir);
    let features = tck.join("features");
    if !features.is_dir() {
        eprintln!("TCK error: IEUM_TCK_DIR={} has no features/ folder", tck.display());
        std::process::exit(2);
    }
    let suite = match load_suite(&features) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("TCK error: {e}");
            std::process::exit(2);
        }
    };
    if let Ok(mode) = std::env::var("IEUM_TCK_COUNT")
        && !mode.is_empty()
        && mode != "0"
    {
        print_counts(&suite, mode == "2");
        if let Ok(filter) = std::env::var("IEUM_TCK_DUMP") {
            dump(&suite.scenarios, &filter);
        }
        return;
    }

    let passing = read_passing();
    let known: HashSet<&str> = suite.scenarios.iter().map(|s| s.id.as_str()).collect();
    let stale: Vec<&String> = passing.iter().filter(|id| !known.contains(id.as_str())).collect();
    if !stale.is_empty() {
        eprintln!("TCK warning: {} ids in tests/tck_harness/passing.txt match no scenario:", stale.len());
        for id in stale.iter().take(20) {
            eprintln!("    {id}");
        }
    }

    let all = env_flag("IEUM_TCK_ALL");
    let timeout = std::env::var("IEUM_TCK_TIMEOUT").ok().and_then(|s| s.parse::<f64>().ok()).filter(|s| *s > 0.0).unwrap_or(10.0);
    let any_graph = std::env::var("IEUM_TCK_ANY_GRAPH").ok().filter(|s| !s.is_empty());
    let ctx = Arc::new(Ctx { tck, timeout: Duration::from_secs_f64(timeout), any_graph });
    let results: Arc<Mutex<BTreeMap<String, (String, bool)>>> = Arc::default();
    install_panic_hook();

    let mut trials = Vec::with_capacity(suite.scenarios.len());
    for scn in suite.scenarios {
        if scn.is_ignored() {
            trials.push(Trial::ignorable_test(scn.id.clone(), || Ok(Completion::ignored_with("@ignore"))).with_ignored_flag(true));
            continue;
        }
        let listed = passing.contains(&scn.id);
        let (ctx, results) = (Arc::clone(&ctx), Arc::clone(&results));
        let name = scn.id.clone();
        trials.push(Trial::ignorable_test(name, move || {
            let scn = Arc::new(scn);
            let verdict = run_isolated(Arc::clone(&scn), ctx);
            let folder = scn.file.rsplit_once('/').map_or("", |(d, _)| d).to_string();
            results.lock().unwrap_or_else(|p| p.into_inner()).insert(scn.id.clone(), (folder, verdict.is_ok()));
            match verdict {
                Ok(()) => Ok(Completion::Completed),
                Err(msg) if listed || all => Err(msg.into()),
                Err(_) => Ok(Completion::ignored_with("known failing (not in tests/tck_harness/passing.txt)")),
            }
        }));
    }

    let conclusion = libtest_mimic::run(&args, trials);
    if !args.list {
        let results = results.lock().unwrap_or_else(|p| p.into_inner());
        report(&results, &passing);
        if env_flag("IEUM_TCK_BLESS") {
            bless(&args, &results);
        }
    }
    conclusion.exit();
}

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0")
}

// ---------------------------------------------------------------------------------------
// Loading, counting, the passing list

struct Suite {
    /// Path under `features/` and its number of expanded scenarios, in path order.
    files: Vec<(String, usize)>,
    scenarios: Vec<Scenario>,
}

fn load_suite(features: &Path) -> Result<Suite, String> {
    let mut paths = Vec::new();
    collect_features(features, features, &mut paths)?;
    paths.sort();
    let mut suite = Suite { files: Vec::new(), scenarios: Vec::new() };
    for (rel, abs) in paths {
        let text = std::fs::read_to_string(&abs).map_err(|e| format!("{}: {e}", abs.display()))?;
        let scenarios = gherkin::parse_feature(&rel, &text)?;
        suite.files.push((rel, scenarios.len()));
        suite.scenarios.extend(scenarios);
    }
    let mut seen = HashSet::new();
    for s in &suite.scenarios {
        if !seen.insert(s.id.as_str()) {
            return Err(format!("duplicate scenario id: {}", s.id));
        }
    }
    Ok(suite)
}

fn collect_features(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        if path.is_dir() {
            collect_features(root, &path, out)?;
        } else if path.extension().is_some_and(|x| x == "feature") {
            let rel = path.strip_prefix(root).expect("under root");
            let rel = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            out.push((rel, path));
        }
    }
    Ok(())
}

fn print_counts(suite: &Suite, verbose: bool) {
    let total = suite.scenarios.len();
    let ignored = suite.scenarios.iter().filter(|s| s.is_ignored()).count();
    let empty = suite.files.iter().filter(|(_, n)| *n == 0).count();
    println!("TCK: {total} scenarios, {} runnable, {ignored} @ignore, in {} files ({empty} empty)", total - ignored, suite.files.len());

    #[derive(Default)]
    struct Area {
        files: usize,
        empty: usize,
        scenarios: usize,
        errors: usize,
        side_effects: usize,
    }
    let mut areas: BTreeMap<&str, Area> = BTreeMap::new();
    let mut folders: BTreeMap<&str, usize> = BTreeMap::new();
    for (file, n) in &suite.files {
        let area = areas.entry(file.split('/').next().unwrap_or("")).or_default();
        area.files += 1;
        area.empty += usize::from(*n == 0);
        *folders.entry(file.rsplit_once('/').map_or("", |(d, _)| d)).or_default() += n;
    }
    let mut steps: BTreeMap<String, usize> = BTreeMap::new();
    for s in &suite.scenarios {
        let area = areas.entry(s.file.split('/').next().unwrap_or("")).or_default();
        area.scenarios += 1;
        area.errors += usize::from(s.steps.iter().any(|st| parse_error_step(&st.text).is_some()));
        area.side_effects += usize::from(s.steps.iter().any(|st| st.text == "the side effects should be:"));
        for st in &s.steps {
            let text = if parse_error_step(&st.text).is_some() {
                "a <ErrorType> should be raised at <phase>: <Detail>".to_string()
            } else if st.text.starts_with("there exists a procedure ") {
                "there exists a procedure <signature>:".to_string()
            } else {
                st.text.clone()
            };
            *steps.entry(text).or_default() += 1;
        }
    }
    println!("\narea: files (empty) / scenarios / expect an error / check a side-effects table");
    for (name, a) in &areas {
        println!("{name} {} ({}) {} {} {}", a.files, a.empty, a.scenarios, a.errors, a.side_effects);
    }
    println!("\nfolder: scenarios");
    for (folder, n) in &folders {
        println!("{folder} {n}");
    }
    let (cells, bad) = check_cells(&suite.scenarios);
    println!("\nvalue cells in result, parameter and procedure tables: {cells}, unparsable: {}", bad.len());
    for b in bad.iter().take(20) {
        println!("    {b}");
    }
    if verbose {
        println!("\nfile: scenarios");
        for (file, n) in &suite.files {
            println!("{file} {n}");
        }
        println!("\nstep text: runs");
        for (text, n) in &steps {
            println!("{text} {n}");
        }
    }
}

/// Parses every value cell of every result, parameter and procedure table (a self-check of
/// the table parser and the value grammar). Returns the cell count and the failures.
fn check_cells(scenarios: &[Scenario]) -> (usize, Vec<String>) {
    let (mut cells, mut bad) = (0, Vec::new());
    for s in scenarios {
        for st in &s.steps {
            let Arg::Table(rows) = &st.arg else { continue };
            let is_result = st.text.starts_with("the result should be");
            let is_param = st.text == "parameters are:";
            let is_proc = st.text.starts_with("there exists a procedure ");
            let skip = if is_result || is_proc { 1 } else { 0 };
            if !(is_result || is_param || is_proc) {
                continue;
            }
            for row in rows.iter().skip(skip) {
                let row = if is_param { &row[row.len().min(1)..] } else { &row[..] };
                for cell in row {
                    cells += 1;
                    if let Err(e) = values::parse(cell) {
                        bad.push(format!("{}:{}: {e}", s.file, st.line));
                    }
                }
            }
        }
    }
    (cells, bad)
}

/// Prints the expanded steps of the scenarios whose id contains `filter`.
fn dump(scenarios: &[Scenario], filter: &str) {
    for s in scenarios.iter().filter(|s| s.id.contains(filter)) {
        println!("=== {} (line {}, tags {:?})\n    name: {}", s.id, s.line, s.tags, s.name);
        for st in &s.steps {
            println!("  {} {}", st.keyword, st.text);
            match &st.arg {
                Arg::None => {}
                Arg::DocString(d) => println!("    \"\"\"\n{}\n    \"\"\"", indent(d)),
                Arg::Table(rows) => {
                    for r in rows {
                        println!("    {r:?}");
                    }
                }
            }
        }
    }
}

fn read_passing() -> BTreeSet<String> {
    match std::fs::read_to_string(PASSING) {
        Ok(text) => text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(String::from).collect(),
        Err(e) => {
            eprintln!("TCK warning: cannot read {PASSING}: {e}; treating every scenario as known failing");
            BTreeSet::new()
        }
    }
}

fn report(results: &BTreeMap<String, (String, bool)>, passing: &BTreeSet<String>) {
    if results.is_empty() {
        return;
    }
    let mut folders: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (folder, ok) in results.values() {
        let e = folders.entry(folder).or_default();
        e.0 += usize::from(*ok);
        e.1 += 1;
    }
    let width = folders.keys().map(|f| f.len()).max().unwrap_or(0).max(5);
    println!("\nTCK totals (passed/run):");
    for (folder, (p, n)) in &folders {
        println!("{folder:width$} {p}/{n}");
    }
    let (p, n) = folders.values().fold((0, 0), |(a, b), (p, n)| (a + p, b + n));
    println!("{:width$} {p}/{n}", "total");

    let regressed: Vec<&String> = results.iter().filter(|(id, (_, ok))| !ok && passing.contains(*id)).map(|(id, _)| id).collect();
    let unlisted: Vec<&String> = results.iter().filter(|(id, (_, ok))| *ok && !passing.contains(*id)).map(|(id, _)| id).collect();
    let known = results.iter().filter(|(id, (_, ok))| !ok && !passing.contains(*id)).count();
    println!("known failing (not listed): {known}");
    if !regressed.is_empty() {
        println!("listed in tests/tck_harness/passing.txt but failing: {}", regressed.len());
        for id in &regressed {
            println!("    {id}");
        }
    }
    if !unlisted.is_empty() {
        println!("passing but not listed in tests/tck_harness/passing.txt: {} (IEUM_TCK_BLESS=1 on a full run adds them)", unlisted.len());
        for id in unlisted.iter().take(30) {
            println!("    {id}");
        }
        if unlisted.len() > 30 {
            println!("    … and {} more", unlisted.len() - 30);
        }
    }
}

fn bless(args: &Arguments, results: &BTreeMap<String, (String, bool)>) {
    if args.filter.is_some() || !args.skip.is_empty() || args.ignored || args.exact {
        eprintln!("TCK: IEUM_TCK_BLESS ignored: bless only on a whole-suite, unfiltered run");
        return;
    }
    let ids: Vec<&str> = results.iter().filter(|(_, (_, ok))| *ok).map(|(id, _)| id.as_str()).collect();
    let mut text = ids.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    match std::fs::write(PASSING, text) {
        Ok(()) => println!("TCK: blessed {} passing scenarios into tests/tck_harness/passing.txt", ids.len()),
        Err(e) => {
            eprintln!("TCK error: cannot write {PASSING}: {e}");
            std::process::exit(2);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Running one scenario in its own thread, with panics caught and a hard time limit

struct Ctx {
    tck: PathBuf,
    timeout: Duration,
    any_graph: Option<String>,
}

thread_local! {
    static IN_SCENARIO: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Panics on scenario threads are recorded (message, location, backtrace if enabled) for the
/// failure message instead of being printed; other panics go to the default hook.
fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !IN_SCENARIO.with(Cell::get) {
            return default(info);
        }
        let payload = info.payload();
        let msg = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("(non-string payload)");
        let mut text = format!("engine panicked: {msg}");
        if let Some(loc) = info.location() {
            let _ = write!(text, "\n  at {}:{}:{}", loc.file(), loc.line(), loc.column());
        }
        let bt = std::backtrace::Backtrace::capture();
        if bt.status() == std::backtrace::BacktraceStatus::Captured {
            let _ = write!(text, "\n{bt}");
        }
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(text));
    }));
}

fn run_isolated(scn: Arc<Scenario>, ctx: Arc<Ctx>) -> Result<(), String> {
    let soft_limit = ctx.timeout;
    let hard_limit = soft_limit * 3;
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new().name("tck-scenario".into()).stack_size(64 << 20).spawn(move || {
        IN_SCENARIO.with(|f| f.set(true));
        let verdict = std::panic::catch_unwind(AssertUnwindSafe(|| run_scenario(&scn, &ctx))).unwrap_or_else(|_| {
            let report = LAST_PANIC.with(|p| p.borrow_mut().take()).unwrap_or_else(|| "engine panicked".into());
            Err(format!("{}\n{report}", header(&scn)))
        });
        let _ = tx.send(verdict);
    });
    if let Err(e) = spawned {
        return Err(format!("cannot start a thread for the scenario: {e}"));
    }
    match rx.recv_timeout(hard_limit) {
        Ok(verdict) => verdict,
        Err(RecvTimeoutError::Timeout) => {
            Err(format!("scenario still running after {:.0?} (the deadline of {:.0?} was not honoured); abandoned", hard_limit, soft_limit))
        }
        Err(RecvTimeoutError::Disconnected) => Err("the scenario thread ended without a verdict".into()),
    }
}

fn header(scn: &Scenario) -> String {
    let mut h = format!("{}:{}: {}", scn.file, scn.line, scn.id);
    if !scn.id.contains(&scn.name) {
        let _ = write!(h, "\n  (expanded name: {})", scn.name);
    }
    h
}

fn run_scenario(scn: &Scenario, ctx: &Ctx) -> Result<(), String> {
    let mut run =
        Run { ctx, db: Database::new(), params: Params::new(), deadline: Instant::now() + ctx.timeout, before: None, outcome: None };
    for step in &scn.steps {
        run.step(step).map_err(|msg| format!("{}\nstep at line {}: {} {}\n{msg}", header(scn), step.line, step.keyword, step.text))?;
    }
    if run.outcome.is_none() {
        return Err(format!("{}\nthe scenario never executes a query", header(scn)));
    }
    Ok(())
}

struct Outcome {
    label: &'static str,
    query: String,
    result: Result<QueryResult, Error>,
}

struct Run<'a> {
    ctx: &'a Ctx,
    db: Database,
    params: Params,
    deadline: Instant,
    /// Graph contents just before `executing query:`.
    before: Option<Entities>,
    outcome: Option<Outcome>,
}

struct ExpectedError<'a> {
    ty: &'a str,
    phase: &'a str,
    detail: &'a str,
}

/// `a|an <Type> should be raised at <phase>: <Detail>`
fn parse_error_step(text: &str) -> Option<ExpectedError<'_>> {
    let rest = text.strip_prefix("a ").or_else(|| text.strip_prefix("an "))?;
    let (ty, rest) = rest.split_once(" should be raised at ")?;
    let (phase, detail) = rest.split_once(": ")?;
    Some(ExpectedError { ty: ty.trim(), phase: phase.trim(), detail: detail.trim() })
}

const EFFECT_KEYS: [&str; 8] = ["+nodes", "-nodes", "+relationships", "-relationships", "+labels", "-labels", "+properties", "-properties"];

impl Run<'_> {
    fn exec(&mut self, query: &str) -> Result<QueryResult, Error> {
        let opts = QueryOptions { params: self.params.clone(), deadline: Some(self.deadline), ..QueryOptions::default() };
        self.db.execute_with(query, &opts)
    }

    fn step(&mut self, step: &Step) -> Result<(), String> {
        let text = step.text.as_str();
        match text {
            "an empty graph" => Ok(()),
            "any graph" => match self.ctx.any_graph.clone() {
                Some(name) => self.load_graph(&name),
                None => Ok(()),
            },
            "having executed:" => {
                let q = docstring(step)?;
                match self.exec(q) {
                    Ok(_) => Ok(()),
                    Err(e) => Err(format!(
                        "setup query failed (a harness/setup failure, not an expected error)\nsetup query:\n{}\n{}",
                        indent(q),
                        describe_error(&e, q)
                    )),
                }
            }
            "parameters are:" => self.parameters(step),
            "executing query:" | "executing control query:" => {
                let q = docstring(step)?;
                let label = if text == "executing query:" {
                    self.before = Some(self.db.contents());
                    "query"
                } else {
                    "control query"
                };
                let result = self.exec(q);
                self.outcome = Some(Outcome { label, query: q.to_string(), result });
                Ok(())
            }
            "the result should be empty" => self.check_empty(),
            "the result should be, in any order:" => self.check_rows(step, false, false),
            "the result should be, in order:" => self.check_rows(step, true, false),
            "the result should be (ignoring element order for lists):" => self.check_rows(step, false, true),
            "the result should be, in order (ignoring element order for lists):" => self.check_rows(step, true, true),
            "no side effects" => self.check_side_effects(&BTreeMap::new()),
            "the side effects should be:" => {
                let mut expected = BTreeMap::new();
                for row in table(step)? {
                    let [key, count] = row.as_slice() else {
                        return Err(format!("side-effects row {row:?} does not have two cells"));
                    };
                    let key = EFFECT_KEYS.iter().find(|k| **k == key.as_str()).ok_or_else(|| format!("unknown side-effect key `{key}`"))?;
                    let count: i64 = count.parse().map_err(|_| format!("bad side-effect count `{count}`"))?;
                    expected.insert(*key, count);
                }
                self.check_side_effects(&expected)
            }
            _ => {
                if let Some(name) = text.strip_prefix("the ").and_then(|t| t.strip_suffix(" graph")) {
                    self.load_graph(name)
                } else if let Some(sig) = text.strip_prefix("there exists a procedure ").and_then(|t| t.strip_suffix(':')) {
                    self.procedure(sig.trim(), step)
                } else if let Some(expected) = parse_error_step(text) {
                    self.check_error(&expected)
                } else {
                    Err("unsupported step (the runner does not know this step text)".into())
                }
            }
        }
    }

    fn load_graph(&mut self, name: &str) -> Result<(), String> {
        let path = self.ctx.tck.join("graphs").join(name).join(format!("{name}.cypher"));
        let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read named graph {}: {e}", path.display()))?;
        for piece in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            if let Err(e) = self.exec(piece) {
                return Err(format!("loading the {name} graph failed (setup failure)\n{}", describe_error(&e, piece)));
            }
        }
        Ok(())
    }

    fn parameters(&mut self, step: &Step) -> Result<(), String> {
        for row in table(step)? {
            let [name, value] = row.as_slice() else {
                return Err(format!("parameter row {row:?} does not have two cells"));
            };
            let value = values::to_engine(&values::parse(value)?)?;
            self.params.insert(name.clone(), value);
        }
        Ok(())
    }

    fn procedure(&mut self, signature: &str, step: &Step) -> Result<(), String> {
        let (name, inputs, outputs) = parse_signature(signature)?;
        let rows = table(step)?;
        let (head, body) = rows.split_first().ok_or("procedure table without a header row")?;
        let names: Vec<&str> = inputs.iter().chain(&outputs).map(|f| f.name.as_str()).collect();
        if *head != names {
            return Err(format!("procedure table header {head:?} does not match the signature's fields {names:?}"));
        }
        let mut table_rows = Vec::new();
        for row in body {
            if row.len() != head.len() {
                return Err(format!("procedure table row {row:?} has {} cells, header has {}", row.len(), head.len()));
            }
            table_rows.push(row.iter().map(|c| values::parse(c).and_then(|v| values::to_engine(&v))).collect::<Result<Vec<_>, _>>()?);
        }
        self.db.register_procedure(Procedure::table(name, inputs, outputs, table_rows));
        Ok(())
    }

    fn outcome(&self) -> Result<&Outcome, String> {
        self.outcome.as_ref().ok_or_else(|| "no query was executed before this step".to_string())
    }

    fn check_empty(&self) -> Result<(), String> {
        let o = self.outcome()?;
        match &o.result {
            Ok(r) if r.rows.is_empty() => Ok(()),
            Ok(r) => Err(format!("{}expected an empty result\nactual:\n{}", query_block(o), render_table(&r.columns, &actual_rows(r)))),
            Err(e) => Err(format!("{}expected an empty result, but the query failed:\n{}", query_block(o), describe_error(e, &o.query))),
        }
    }

    fn check_rows(&self, step: &Step, ordered: bool, unordered_lists: bool) -> Result<(), String> {
        let rows = table(step)?;
        let (head, body) = rows.split_first().ok_or("result table without a header row")?;
        let mut expected = Vec::with_capacity(body.len());
        for row in body {
            if row.len() != head.len() {
                return Err(format!("expected row {row:?} has {} cells, header has {}", row.len(), head.len()));
            }
            expected.push(row.iter().map(|c| values::parse(c)).collect::<Result<Vec<_>, _>>()?);
        }
        let mode = match (ordered, unordered_lists) {
            (false, false) => "in any order",
            (true, false) => "in order",
            (false, true) => "in any order, ignoring element order for lists",
            (true, true) => "in order, ignoring element order for lists",
        };
        let o = self.outcome()?;
        let r = match &o.result {
            Ok(r) => r,
            Err(e) => {
                return Err(format!(
                    "{}expected ({mode}):\n{}\nbut the query failed:\n{}",
                    query_block(o),
                    render_table(head, &expected),
                    describe_error(e, &o.query)
                ));
            }
        };
        let actual = actual_rows(r);
        let row_eq = |e: &Vec<Val>, a: &Vec<Val>| e.len() == a.len() && e.iter().zip(a).all(|(x, y)| values::equal(x, y, unordered_lists));
        let mut detail = String::new();
        if r.columns != *head {
            let _ = write!(detail, "columns differ: expected {head:?}, actual {:?}", r.columns);
        } else if let Some(bad) = actual.iter().position(|row| row.len() != r.columns.len()) {
            let _ = write!(detail, "actual row {} has {} values for {} columns", bad + 1, actual[bad].len(), r.columns.len());
        } else if ordered {
            if expected.len() != actual.len() {
                let _ = write!(detail, "expected {} rows, got {}", expected.len(), actual.len());
            } else if let Some(i) = expected.iter().zip(&actual).position(|(e, a)| !row_eq(e, a)) {
                let _ = write!(detail, "first difference at row {}", i + 1);
            }
        } else if let Some((missing, extra)) = values::multiset_diff(&expected, &actual, row_eq) {
            let pick = |rows: &[Vec<Val>], idx: &[usize]| idx.iter().map(|&i| rows[i].clone()).collect::<Vec<_>>();
            if !missing.is_empty() {
                let _ = write!(detail, "missing rows (expected, not found):\n{}\n", render_table(head, &pick(&expected, &missing)));
            }
            if !extra.is_empty() {
                let _ = write!(detail, "unexpected rows (found, not expected):\n{}\n", render_table(&r.columns, &pick(&actual, &extra)));
            }
        }
        if detail.is_empty() {
            return Ok(());
        }
        Err(format!(
            "{}expected ({mode}):\n{}\nactual:\n{}\n{}",
            query_block(o),
            render_table(head, &expected),
            render_table(&r.columns, &actual),
            detail.trim_end()
        ))
    }

    fn check_error(&self, exp: &ExpectedError) -> Result<(), String> {
        let phase_ok: fn(Phase) -> bool = match exp.phase {
            "compile time" => |p| p == Phase::Compile,
            "runtime" => |p| p == Phase::Runtime,
            "any time" => |_| true,
            other => return Err(format!("unknown phase `{other}` in the error step")),
        };
        let o = self.outcome()?;
        let wanted = format!("{} at {}: {}", exp.ty, exp.phase, exp.detail);
        let e = match &o.result {
            Ok(r) => {
                return Err(format!(
                    "{}expected error: {wanted}\nbut the query succeeded; result:\n{}",
                    query_block(o),
                    render_table(&r.columns, &actual_rows(r))
                ));
            }
            Err(e) => e,
        };
        let ty_ok = exp.ty == "Error" || exp.ty == format!("{:?}", e.category());
        let detail_ok = exp.detail == "*" || exp.detail == e.code();
        if !(ty_ok && phase_ok(e.phase()) && detail_ok) {
            return Err(format!("{}expected error: {wanted}\nactual error:   {}", query_block(o), describe_error(e, &o.query)));
        }
        // Upstream also required a failed query to leave the graph untouched.
        let effects = self.side_effects()?;
        if effects.values().any(|n| *n != 0) {
            return Err(format!(
                "{}the query failed as expected ({wanted}), but it changed the graph: {}",
                query_block(o),
                render_effects(&effects)
            ));
        }
        Ok(())
    }

    fn side_effects(&self) -> Result<BTreeMap<&'static str, i64>, String> {
        let before = self.before.as_ref().ok_or("no `executing query:` step before the side-effects check")?;
        Ok(diff_contents(before, &self.db.contents()))
    }

    fn check_side_effects(&self, expected: &BTreeMap<&'static str, i64>) -> Result<(), String> {
        let actual = self.side_effects()?;
        if EFFECT_KEYS.iter().all(|k| expected.get(k).copied().unwrap_or(0) == actual[k]) {
            return Ok(());
        }
        let o = self.outcome()?;
        let full: BTreeMap<&'static str, i64> = EFFECT_KEYS.iter().map(|k| (*k, expected.get(k).copied().unwrap_or(0))).collect();
        Err(format!("{}side effects differ\nexpected: {}\nactual:   {}", query_block(o), render_effects(&full), render_effects(&actual)))
    }
}

/// The eight side-effect counters between two snapshots (README, "Side effects").
fn diff_contents(before: &Entities, after: &Entities) -> BTreeMap<&'static str, i64> {
    fn count_new<K: Ord, V>(a: &BTreeMap<K, V>, b: &BTreeMap<K, V>) -> i64 {
        a.keys().filter(|k| !b.contains_key(k)).count() as i64
    }
    fn labels(e: &Entities) -> BTreeSet<&str> {
        e.nodes.values().flat_map(|n| n.labels.iter().map(|l| &**l)).collect()
    }
    fn props(e: &Entities, sign: i64, into: &mut BTreeMap<(char, u64, String, String), i64>) {
        for n in e.nodes.values() {
            for (k, v) in &n.properties {
                *into.entry(('n', n.id, k.to_string(), value_key(v))).or_default() += sign;
            }
        }
        for r in e.rels.values() {
            for (k, v) in &r.properties {
                *into.entry(('r', r.id, k.to_string(), value_key(v))).or_default() += sign;
            }
        }
    }
    let (lb, la) = (labels(before), labels(after));
    let mut triples = BTreeMap::new();
    props(after, 1, &mut triples);
    props(before, -1, &mut triples);
    BTreeMap::from([
        ("+nodes", count_new(&after.nodes, &before.nodes)),
        ("-nodes", count_new(&before.nodes, &after.nodes)),
        ("+relationships", count_new(&after.rels, &before.rels)),
        ("-relationships", count_new(&before.rels, &after.rels)),
        ("+labels", la.difference(&lb).count() as i64),
        ("-labels", lb.difference(&la).count() as i64),
        ("+properties", triples.values().filter(|n| **n > 0).sum()),
        ("-properties", -triples.values().filter(|n| **n < 0).sum::<i64>()),
    ])
}

/// A text key that tells property values apart by type and value (`Int(1)` ≠ `Float(1.0)`).
fn value_key(v: &Value) -> String {
    format!("{v:?}")
}

fn render_effects(effects: &BTreeMap<&'static str, i64>) -> String {
    let parts: Vec<String> =
        EFFECT_KEYS.iter().filter(|k| effects.get(*k).is_some_and(|n| *n != 0)).map(|k| format!("{k} {}", effects[k])).collect();
    if parts.is_empty() { "none".into() } else { parts.join(", ") }
}

// ---------------------------------------------------------------------------------------
// Step arguments, procedures, rendering

fn docstring(step: &Step) -> Result<&str, String> {
    match &step.arg {
        Arg::DocString(d) => Ok(d),
        _ => Err("this step needs a docstring argument".into()),
    }
}

fn table(step: &Step) -> Result<&[Vec<String>], String> {
    match &step.arg {
        Arg::Table(t) => Ok(t),
        _ => Err("this step needs a table argument".into()),
    }
}

/// `qualified.name(arg :: TYPE?, …) :: (out :: TYPE?, …)`
fn parse_signature(sig: &str) -> Result<(String, Vec<Field>, Vec<Field>), String> {
    let bad = || format!("cannot parse procedure signature `{sig}`");
    let (name, rest) = sig.split_once('(').ok_or_else(bad)?;
    let (inputs, rest) = rest.split_once(')').ok_or_else(bad)?;
    let outputs = rest
        .trim()
        .strip_prefix("::")
        .map(str::trim)
        .and_then(|r| r.strip_prefix('('))
        .and_then(|r| r.strip_suffix(')'))
        .ok_or_else(bad)?;
    let fields = |list: &str| -> Result<Vec<Field>, String> {
        list.split(',')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(|f| {
                let (name, ty) = f.split_once("::").ok_or_else(bad)?;
                let (ty, nullable) = parse_type(ty.trim());
                Ok(Field::new(name.trim(), ty, nullable))
            })
            .collect()
    };
    Ok((name.trim().to_string(), fields(inputs)?, fields(outputs)?))
}

/// A declared type: `None` stands for ANY (also used for NUMBER and anything unknown).
fn parse_type(ty: &str) -> (Option<ValueType>, bool) {
    let upper = ty.to_ascii_uppercase();
    if let Some(rest) = upper.strip_prefix("LIST") {
        return (Some(ValueType::List), rest.trim_start().starts_with('?'));
    }
    let nullable = upper.ends_with('?');
    let base = upper.trim_end_matches('?').trim();
    let vt = match base {
        "INTEGER" | "INT" => Some(ValueType::Integer),
        "FLOAT" => Some(ValueType::Float),
        "STRING" => Some(ValueType::String),
        "BOOLEAN" => Some(ValueType::Boolean),
        "MAP" => Some(ValueType::Map),
        "NODE" => Some(ValueType::Node),
        "RELATIONSHIP" => Some(ValueType::Relationship),
        "PATH" => Some(ValueType::Path),
        _ => None,
    };
    (vt, nullable)
}

fn actual_rows(r: &QueryResult) -> Vec<Vec<Val>> {
    r.rows.iter().map(|row| row.iter().map(|v| values::from_engine(v, &r.entities)).collect()).collect()
}

fn query_block(o: &Outcome) -> String {
    format!("{}:\n{}\n", o.label, indent(&o.query))
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
}

fn describe_error(e: &Error, query: &str) -> String {
    let phase = match e.phase() {
        Phase::Compile => "compile time",
        Phase::Runtime => "runtime",
    };
    let rendered = std::panic::catch_unwind(AssertUnwindSafe(|| e.render(query, "query"))).unwrap_or_else(|_| format!("{e}"));
    format!("{:?} at {phase}: {}\n{}", e.category(), e.code(), indent(&rendered))
}

/// An aligned `| a | b |` table, indented by four spaces.
fn render_table(head: &[String], rows: &[Vec<Val>]) -> String {
    let cells: Vec<Vec<String>> =
        std::iter::once(head.to_vec()).chain(rows.iter().map(|r| r.iter().map(values::render).collect())).collect();
    let ncols = cells.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> =
        (0..ncols).map(|c| cells.iter().filter_map(|r| r.get(c)).map(|s| s.chars().count()).max().unwrap_or(0)).collect();
    let mut out = Vec::new();
    for row in &cells {
        let mut line = String::from("    |");
        for (c, cell) in row.iter().enumerate() {
            let pad = widths[c] - cell.chars().count();
            let _ = write!(line, " {cell}{} |", " ".repeat(pad));
        }
        out.push(line);
    }
    if rows.is_empty() {
        out.push("    (no rows)".into());
    }
    out.join("\n")
}
