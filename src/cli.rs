//! The command line: argument parsing (clap lives only here), opening the database a
//! command asks for, running statements and scripts, and choosing exit codes.
//!
//! Exit codes: 0 success, 1 a statement failed, 2 the command itself could not run (bad
//! arguments, unreadable file, database that cannot be opened).

use std::io::{self, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::{Args, CommandFactory, Parser, Subcommand};

use crate::db::{Database, Params, QueryOptions};
use crate::error::Error;
use crate::render::Format;
use crate::render::output_file::{OutputFile, SharedOutput};
pub use crate::session::Session;
use crate::value::Value;

const EXAMPLES: &str = "Examples:
  ieum                                          open the REPL on the bundled biotech graph
  ieum query 'MATCH (c:Company) RETURN c.name LIMIT 5'
  ieum query --memory 'RETURN 1 + 1 AS two'
  ieum query --format json -p name=\"'Celltrion'\" 'MATCH (c {name: $name}) RETURN c'
  ieum run --memory load.cypher queries.cypher  run files in order in one session
  cat script.cypher | ieum run --memory -       read statements from standard input
  ieum export --query 'MATCH p = (:Company {name: \"Celltrion\"})--() RETURN p' -o c.svg
  ieum export --format cypher -o graph.cypher   a script that Neo4j, Memgraph and FalkorDB run
  ieum run --db ./kg -                          run statements on a database directory as they arrive
  ieum import --db ./kg --nodes n.csv --relationships r.csv
  ieum sources --documents ./seeds 'MATCH p = (:Product {name: \"Remsima\"})-[:APPROVED_BY]->() RETURN p'
  ieum run --continue-on-error --params-file p.json q.cypher   go on past failures (exit code 1)
  ieum completions bash > ~/.local/share/bash-completion/completions/ieum";

#[derive(Parser, Debug)]
#[command(name = "ieum", version, about = "An embedded knowledge-graph store with a query language (a subset of openCypher with implementation extensions).", after_help = EXAMPLES)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Args, Debug, Clone)]
pub struct GlobalArgs {
    /// Start from an empty in-memory graph instead of the bundled one.
    #[arg(long, global = true)]
    pub memory: bool,
    /// Output format: table, vertical, csv, tsv, markdown, json, jsonl, dot or graphml (dot
    /// and graphml draw the subgraph a result mentions); for `export`: dot (default),
    /// graphml, json, csv or cypher.
    #[arg(long, short = 'f', global = true, default_value = "table")]
    pub format: Format,
    /// Fit tables into N columns, cutting long cells with `…` (0: never cut). By default
    /// tables fit the terminal, and output to a file or pipe is not cut.
    #[arg(long, global = true, value_name = "N")]
    pub max_width: Option<usize>,
    /// Show at most N rows of a table or vertical listing, then how many more there were
    /// (`all`: every row). By default 1000 on a terminal, every row in a file or pipe.
    #[arg(long, global = true, value_name = "N|all", value_parser = parse_max_rows)]
    pub max_rows: Option<MaxRows>,
    /// Do not send output longer than the screen through the pager ($PAGER, else
    /// `less -FRX`). The pager is only used when standard output is a terminal.
    #[arg(long, global = true)]
    pub no_pager: bool,
    /// A query parameter, NAME=VALUE with the value in literal syntax (e.g. n=3, s='x',
    /// l=[1,2]); repeatable.
    #[arg(long = "param", short = 'p', global = true, value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// Write results to this file instead of standard output.
    #[arg(long, short = 'o', global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Stop any statement running longer than this (e.g. 500ms, 10s, 2m).
    #[arg(long, global = true, value_parser = parse_duration, value_name = "DURATION")]
    pub timeout: Option<Duration>,
    /// The largest value (string, list, map, collected group) one statement may build, in
    /// bytes, with an optional unit: K, M or G (powers of 1024). A statement needing more
    /// fails with MemoryLimitExceeded.
    #[arg(long, global = true, value_parser = parse_bytes, value_name = "BYTES", default_value = "256M")]
    pub value_limit: usize,
    /// Refuse every write (with --db: open without writing anything to the directory).
    #[arg(long, global = true)]
    pub read_only: bool,
    /// Open the database directory at PATH (created empty if it does not exist) instead of
    /// the bundled in-memory graph.
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Query parameters from a JSON object, e.g. {"name": "Celltrion", "year": 2020}.
    #[arg(long, global = true, value_name = "FILE")]
    pub params_file: Option<PathBuf>,
    /// Keep no REPL history file.
    #[arg(long, global = true)]
    pub no_history: bool,
    /// The directory of the source documents, whose cited lines `ieum sources` and
    /// `:sources` print (default: $IEUM_DOCUMENTS).
    #[arg(long, global = true, value_name = "DIR")]
    pub documents: Option<PathBuf>,
    /// Report, on standard error, the time spent opening the database and each statement's
    /// parse, plan, execute and print time, one `timing:` line of `key=value` fields each.
    #[arg(long, global = true)]
    pub timing: bool,
    /// The directory `LOAD CSV` reads `file:///...` URLs from (default: the working directory).
    #[arg(long, global = true, value_name = "DIR")]
    pub import_dir: Option<PathBuf>,
    /// Run without the planner's optimizations (for comparing plans).
    #[arg(long, global = true, hide = true)]
    pub no_optimize: bool,
}

/// What `ieum import` reads.
#[derive(Args, Debug, Clone)]
pub struct ImportArgs {
    /// Node files: `FILE`, `FILE,FILE...` (a first file with only a header row heads the
    /// rest), or `Label[:Label...]=FILE[,FILE...]` to give every node those labels besides
    /// its `:LABEL` cell. A header names `id:ID` (in an ID space: `id:ID(Company)`),
    /// `:LABEL` and properties `name:type` (string, int, long, float, double, boolean; `[]`
    /// for arrays). Repeatable; several values after one `--nodes` (as a shell glob gives
    /// them) are read as if each had its own `--nodes`.
    #[arg(long, value_name = "[LABELS=]FILES", num_args = 1..)]
    pub nodes: Vec<String>,
    /// Relationship files: `FILE[,FILE...]` or `TYPE=FILE[,FILE...]` (the type of rows
    /// without a `:TYPE` cell). A header names `:START_ID`, `:END_ID` (with the ID spaces
    /// of the nodes, `:START_ID(Company)`), `:TYPE` and properties. Ids may name nodes the
    /// database holds already (found by their id property). Repeatable, and like
    /// `--nodes` takes several values.
    #[arg(long, value_name = "[TYPE=]FILES", num_args = 1..)]
    pub relationships: Vec<String>,
    /// The field separator (one character; `\t` for tabs).
    #[arg(long, default_value = ",", value_parser = parse_char)]
    pub delimiter: u8,
    /// Separates array items and the labels of a `:LABEL` cell.
    #[arg(long, default_value = ";", value_parser = parse_char)]
    pub array_delimiter: u8,
    /// The quote character.
    #[arg(long, default_value = "\"", value_parser = parse_char)]
    pub quote: u8,
    /// How ids compare: `string` (`007` and `7` differ) or `integer`.
    #[arg(long, default_value = "string", value_parser = parse_id_type)]
    pub id_type: crate::import::IdType,
    /// Leave out a node whose id is taken (earlier in the files, or by a node the database
    /// holds) instead of refusing the import; each is reported.
    #[arg(long)]
    pub skip_duplicate_nodes: bool,
    /// Leave out a relationship whose start or end id no node has instead of refusing the
    /// import; each is reported.
    #[arg(long)]
    pub skip_bad_relationships: bool,
}

fn parse_char(s: &str) -> Result<u8, String> {
    match s {
        "\\t" | "\t" | "tab" | "TAB" => Ok(b'\t'),
        _ if s.len() == 1 && s.is_ascii() => Ok(s.as_bytes()[0]),
        _ => Err(format!("'{s}' is not one ASCII character")),
    }
}

fn parse_id_type(s: &str) -> Result<crate::import::IdType, String> {
    match s.to_ascii_lowercase().as_str() {
        "string" => Ok(crate::import::IdType::String),
        "integer" | "int" => Ok(crate::import::IdType::Integer),
        _ => Err(format!("'{s}' is not an id type: use string or integer")),
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Open the interactive shell (the default when no command is given).
    Repl,
    /// Run one or more `;`-separated statements given on the command line.
    Query {
        /// The statements.
        text: String,
        /// Go on after a failed statement (the exit code is still 1).
        #[arg(long)]
        continue_on_error: bool,
    },
    /// Run query files in order in one session (`-` reads standard input).
    Run {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Go on after a failed statement (the exit code is still 1).
        #[arg(long)]
        continue_on_error: bool,
    },
    /// Run `;`-separated statements and print the evidence behind each result: per document,
    /// every relationship with its `evidence` and cited lines (and every cited property),
    /// with the text of those lines when the documents are given (--documents DIR or
    /// $IEUM_DOCUMENTS).
    Sources {
        /// The statements.
        text: String,
    },
    /// Export the whole graph, or the subgraph a query touches, as dot, graphml, json,
    /// cypher, csv (a directory, -o DIR) or a picture (svg, png, pdf); see docs/export.md.
    Export(ExportArgs),
    /// Load admin-import CSV files into the database directory given with --db (new, or
    /// holding data already), saved as one snapshot; see docs/import.md.
    Import(ImportArgs),
    /// Create a database directory holding the bundled graph (to work on it durably with
    /// --db DIR).
    Init {
        /// The new database directory (it must not exist, or be empty).
        dir: PathBuf,
        /// Start from the bundled knowledge graph (without it the database is empty).
        #[arg(long)]
        from_bundled: bool,
    },
    /// Print a completion script for a shell (bash, zsh, fish, elvish, powershell).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Export the nodes and relationships this query's results mention (default: all).
    #[arg(long, short = 'q', value_name = "TEXT")]
    pub query: Option<String>,
    /// Add every relationship between the exported nodes.
    #[arg(long)]
    pub induced: bool,
    /// Render the DOT with Graphviz: svg, png or pdf (also chosen by `-o FILE.svg`,
    /// `.png`, `.pdf`).
    #[arg(long, value_name = "FORMAT")]
    pub render: Option<String>,
    /// The property shown as a node's title in DOT (default name).
    #[arg(long, value_name = "KEY")]
    pub node_label: Option<String>,
    /// The property shown on DOT edges instead of the relationship type (the type where an
    /// edge lacks it).
    #[arg(long, value_name = "KEY")]
    pub edge_label: Option<String>,
    /// Write an empty graph when there is nothing to export, instead of failing.
    #[arg(long)]
    pub allow_empty: bool,
    /// Show all properties on DOT nodes and edges.
    #[arg(long)]
    pub properties: bool,
    /// A DOT style file (rules like `node Company shape=box fillcolor="#9fc5e8"`).
    #[arg(long, value_name = "FILE")]
    pub style: Option<PathBuf>,
    /// DOT layout direction: LR, RL, TB or BT.
    #[arg(long, value_name = "DIR")]
    pub rankdir: Option<String>,
    /// Group DOT nodes in boxes by label.
    #[arg(long)]
    pub cluster: bool,
}

/// `--max-rows`: a number of rows, or every row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MaxRows(pub Option<usize>);

fn parse_max_rows(s: &str) -> Result<MaxRows, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "all" | "0" => Ok(MaxRows(None)),
        n => n.parse::<usize>().map(|n| MaxRows(Some(n))).map_err(|_| format!("'{s}' is not a number of rows (or `all`)")),
    }
}

/// Parses `500ms`, `10s`, `2m`, `1h` or a plain number of seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let (num, unit) = s.find(|c: char| !c.is_ascii_digit() && c != '.').map_or((s, "s"), |i| (&s[..i], &s[i..]));
    let n: f64 = num.parse().map_err(|_| format!("'{s}' is not a duration such as 500ms, 10s or 2m"))?;
    let secs = match unit {
        "ms" => n / 1000.0,
        "s" => n,
        "m" => n * 60.0,
        "h" => n * 3600.0,
        _ => return Err(format!("unknown unit '{unit}' in '{s}': use ms, s, m or h")),
    };
    if !secs.is_finite() || secs < 0.0 {
        return Err(format!("'{s}' is not a valid duration"));
    }
    if secs > MAX_TIMEOUT_SECS {
        return Err(format!("'{s}' is longer than the longest time limit, 365 days (leave --timeout out for none)"));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// The longest duration [`parse_duration`] accepts.
const MAX_TIMEOUT_SECS: f64 = 365.0 * 24.0 * 3600.0;

/// Parses a byte count: `1048576`, `64K`, `512M`, `1G` (powers of 1024; `KiB`, `MB` and
/// the like are read the same way).
pub fn parse_bytes(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = (&t[..split], t[split..].trim());
    let n: usize = num.parse().map_err(|_| format!("'{s}' is not a byte count such as 1048576, 64K, 512M or 1G"))?;
    let shift = match unit.to_ascii_uppercase().trim_end_matches('B').trim_end_matches('I') {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        "T" => 40,
        _ => return Err(format!("unknown unit '{unit}' in '{s}': use K, M or G")),
    };
    n.checked_mul(1 << shift).filter(|&b| b > 0).ok_or_else(|| format!("'{s}' is not a byte count between 1 and {}", usize::MAX))
}

/// Parses `NAME=VALUE` with VALUE in literal syntax, evaluated by the engine itself.
pub fn parse_param(spec: &str) -> Result<(String, Value), String> {
    let (name, text) = spec.split_once('=').ok_or_else(|| format!("parameter '{spec}' must look like NAME=VALUE"))?;
    let name = name.trim().trim_start_matches('$');
    if name.is_empty() {
        return Err(format!("parameter '{spec}' has no name"));
    }
    let value = literal(text)?;
    Ok((name.to_string(), value))
}

/// Evaluates a literal (number, string, list, map, boolean, null) with the engine.
pub fn literal(text: &str) -> Result<Value, String> {
    let mut scratch = Database::new();
    let r = scratch.execute(&format!("RETURN {text} AS v")).map_err(|e| literal_error(text, &e))?;
    Ok(r.rows.into_iter().next().and_then(|r| r.into_iter().next()).unwrap_or(Value::Null))
}

/// Why `text` is not a literal, in the user's terms (the query it was wrapped in is not
/// theirs to see).
fn literal_error(text: &str, e: &crate::error::Error) -> String {
    let kinds = "a number, 'quoted text', a list such as [1, 2], a map such as {k: 1}, true, false or null";
    match e {
        crate::error::Error::Syntax(_) => format!("'{text}' is not a literal value: expected {kinds}"),
        e if e.code() == "UndefinedVariable" => format!("'{text}' is not a literal value (text needs quotes: '{text}')"),
        e => format!("'{text}' is not a literal value: {e}"),
    }
}

/// Opens the database the arguments ask for.
fn open(g: &GlobalArgs) -> Result<Database, String> {
    let mut db = if let Some(path) = &g.db {
        Database::open(path, g.read_only).map_err(|e| e.headline())?
    } else if g.memory {
        Database::new()
    } else {
        crate::bundled::database().map_err(|e| format!("cannot load the bundled graph: {e}"))?
    };
    if let Some(dir) = &g.import_dir {
        if !dir.is_dir() {
            return Err(format!("--import-dir {}: not a directory", dir.display()));
        }
        db.set_import_dir(Some(dir.clone()));
    }
    Ok(db)
}

/// The parameters of `--params-file` (a JSON object), then those of `--param`, which win.
fn params(g: &GlobalArgs) -> Result<Params, String> {
    let mut params = match &g.params_file {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| cannot_read(path, &e))?;
            crate::session::params_from_json(&text, &path.display().to_string()).map_err(|e| format!("InputError (BadParameters): {e}"))?
        }
        None => Params::new(),
    };
    for p in &g.params {
        let (k, v) = parse_param(p)?;
        params.insert(k, v);
    }
    Ok(params)
}

/// A session printing to standard output, or to the `-o` file, which the returned handle
/// puts in place once the command is done (see [`finish_output`]).
fn session(g: &GlobalArgs) -> Result<(Session, Option<SharedOutput>), String> {
    let params = params(g)?;
    let file = output_file(g)?;
    let out: Box<dyn Write> = match &file {
        Some(f) => Box::new(f.clone()),
        None => Box::new(io::BufWriter::new(io::stdout())),
    };
    let opening = Instant::now();
    let mut s = Session::new(open(g)?);
    if g.timing {
        eprintln!("timing: open_ms={:.3}", opening.elapsed().as_secs_f64() * 1000.0);
    }
    s.report_timing = g.timing;
    s.stream = true;
    (s.params, s.format, s.timeout, s.read_only, s.optimize, s.out) = (params, g.format, g.timeout, g.read_only, !g.no_optimize, out);
    s.documents = g.documents.clone();
    if g.output.is_none() {
        s.screen = crate::repl::terminal_size();
    }
    s.max_width = g.max_width;
    if let Some(MaxRows(n)) = g.max_rows {
        (s.max_rows, s.max_rows_set) = (n, true);
    }
    s.pager = !g.no_pager;
    Ok((s, file))
}

/// The `-o` file, started under a temporary name; none without `-o`.
fn output_file(g: &GlobalArgs) -> Result<Option<SharedOutput>, String> {
    g.output
        .as_deref()
        .map(|p| OutputFile::create(p).map(SharedOutput::new).map_err(|e| format!("OutputError (CannotWrite): {e}")))
        .transpose()
}

/// Puts the `-o` file in place when the command's output is to be kept (else the file is
/// left as it was, and the user told so).
fn finish_output(file: Option<SharedOutput>, keep: bool) -> Result<(), String> {
    if let Some(note) = file.map(|f| f.finish(keep)).transpose()?.flatten() {
        eprintln!("{note}");
    }
    Ok(())
}

/// Ends a session whose process is about to exit: output is flushed, and the graph is left
/// to the operating system, which takes its memory back at once, where freeing a large
/// graph piece by piece takes a noticeable time. Everything durable is on disk already.
fn leave(mut s: Session) {
    let _ = s.out.flush();
    std::mem::forget(std::mem::take(&mut s.db));
}

/// Runs the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("error: {msg}");
            2
        }
    }
}

fn run(cli: Cli) -> Result<i32, String> {
    let g = cli.global.clone();
    crate::exec::budget::set_value_limit(g.value_limit);
    match cli.command {
        None | Some(Command::Repl) => {
            let (s, file) = session(&g)?;
            let code = crate::repl::run(s, crate::repl::ReplOptions { no_history: g.no_history });
            finish_output(file, true)?;
            Ok(code)
        }
        Some(Command::Completions { shell }) => {
            clap_complete::generate(shell, &mut Cli::command(), "ieum", &mut io::stdout());
            Ok(0)
        }
        Some(Command::Query { text, continue_on_error }) => {
            let (mut s, file) = session(&g)?;
            let failed = s.run_script(&text, "<query>", continue_on_error).or_else(ignore_broken_pipe)?;
            s.db.checkpoint().map_err(|e| e.headline())?;
            leave(s);
            finish_output(file, failed == 0 || continue_on_error)?;
            Ok(if failed > 0 { 1 } else { 0 })
        }
        Some(Command::Run { files, continue_on_error }) => {
            let (mut s, file) = session(&g)?;
            let mut failed = 0;
            for f in &files {
                if f.as_os_str() == "-" {
                    let stdin = io::stdin();
                    failed += s
                        .run_stream(&mut stdin.lock(), "<stdin>", continue_on_error)
                        .or_else(ignore_broken_pipe)
                        .map_err(|e| format!("InputError (StdinFailed): <stdin>: {e}"))?;
                } else {
                    let text = std::fs::read_to_string(f).map_err(|e| cannot_read(f, &e))?;
                    failed += s.run_script(&text, &f.display().to_string(), continue_on_error).or_else(ignore_broken_pipe)?;
                }
                if failed > 0 && !continue_on_error {
                    break;
                }
            }
            s.db.checkpoint().map_err(|e| e.headline())?;
            leave(s);
            finish_output(file, failed == 0 || continue_on_error)?;
            Ok(if failed > 0 { 1 } else { 0 })
        }
        Some(Command::Sources { text }) => sources_command(&g, &text),
        Some(Command::Export(a)) => {
            let options = QueryOptions {
                params: params(&g)?,
                deadline: g.timeout.map(|t| Instant::now() + t),
                read_only: g.read_only,
                ..QueryOptions::default()
            };
            let req = crate::export::command::Request {
                format: g.format,
                query: a.query,
                options,
                output: g.output.clone(),
                induced: a.induced,
                render: a.render,
                node_label: a.node_label,
                edge_label: a.edge_label,
                properties: a.properties,
                style: a.style,
                rankdir: a.rankdir,
                cluster: a.cluster,
                allow_empty: a.allow_empty,
            };
            match crate::export::command::run(&mut open(&g)?, &req) {
                Ok(summary) => {
                    eprintln!("{summary}");
                    Ok(0)
                }
                Err(crate::export::ExportError::Query(msg) | crate::export::ExportError::Empty(msg)) => {
                    eprintln!("{msg}");
                    Ok(1)
                }
                Err(e) => Err(e.headline()),
            }
        }
        Some(Command::Import(args)) => {
            let path = g.db.as_ref().ok_or("`ieum import` needs --db PATH: the database directory to load into")?;
            if g.read_only {
                return Err("`ieum import` writes to the database; drop --read-only".to_string());
            }
            import_command(path, &args)
        }
        Some(Command::Init { dir, from_bundled }) => init_command(&dir, from_bundled),
    }
}

/// Splits `[NAMES=]FILE[,FILE...]`: names separated by `:`, files by `,`. A value that is
/// an existing file is a file, whatever it contains.
fn group_arg(value: &str) -> (Vec<String>, Vec<PathBuf>) {
    if std::path::Path::new(value).exists() {
        return (Vec::new(), vec![PathBuf::from(value)]);
    }
    let (names, files) = match value.split_once('=') {
        Some((n, f)) if !n.contains('/') => (n.split(':').map(str::trim).filter(|x| !x.is_empty()).map(String::from).collect(), f),
        _ => (Vec::new(), value),
    };
    (names, files.split(',').filter(|f| !f.is_empty()).map(PathBuf::from).collect())
}

/// `ieum import`: reads the files into the database at `path` (a progress bar on a
/// terminal) and saves the result as a snapshot, or, when a row is refused, lists the bad
/// rows and saves nothing.
fn import_command(path: &std::path::Path, a: &ImportArgs) -> Result<i32, String> {
    use crate::import::{Data, Group};
    if a.nodes.is_empty() && a.relationships.is_empty() {
        return Err("`ieum import` needs --nodes FILE (and --relationships FILE): see `ieum import --help`".into());
    }
    let groups = |values: &[String]| -> Vec<Group<'static>> {
        values
            .iter()
            .map(|v| {
                let (names, files) = group_arg(v);
                Group { names, files: files.into_iter().map(|f| (f.display().to_string(), Data::File(f))).collect() }
            })
            .collect()
    };
    let (nodes, rels) = (groups(&a.nodes), groups(&a.relationships));
    let mut db = Database::open(path, false).map_err(|e| e.headline())?;
    let total: u64 = nodes.iter().chain(&rels).flat_map(|g| &g.files).filter_map(|(n, _)| std::fs::metadata(n).ok()).map(|m| m.len()).sum();
    let bar = indicatif::ProgressBar::with_draw_target(Some(total), indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} ({eta} left)") {
        bar.set_style(style);
    }
    let opts = crate::import::Options {
        delimiter: a.delimiter,
        array_delimiter: a.array_delimiter,
        quote: a.quote,
        id_type: a.id_type,
        skip_duplicate_nodes: a.skip_duplicate_nodes,
        skip_bad_relationships: a.skip_bad_relationships,
        ..crate::import::Options::default()
    };
    let started = Instant::now();
    let report = crate::import::run(db.graph_mut(), &nodes, &rels, &opts, &mut |done| bar.set_position(done));
    bar.finish_and_clear();
    let report = report.map_err(|e| format!("{}; nothing was imported", Error::from(e).headline()))?;
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let shown = report.problems.len();
    let refused = report.rejected > 0;
    for e in &report.problems {
        eprintln!("{}: {e}", if refused { "refused" } else { "skipped" });
    }
    let listed = report.rejected + report.skipped_nodes + report.skipped_relationships;
    if listed > shown {
        eprintln!("... and {} more", listed - shown);
    }
    if refused {
        eprintln!("{} refused; nothing was imported", plural(report.rejected, "row"));
        std::mem::forget(db);
        return Ok(1);
    }
    db.checkpoint().map_err(|e| e.headline())?;
    let mut skipped = Vec::new();
    if report.skipped_nodes > 0 {
        skipped.push(format!("{} skipped", plural(report.skipped_nodes, "duplicate node")));
    }
    if report.skipped_relationships > 0 {
        skipped.push(format!("{} skipped", plural(report.skipped_relationships, "relationship")));
    }
    eprintln!(
        "imported {} and {} into {} ({:.1} s){}",
        plural(report.nodes, "node"),
        plural(report.relationships, "relationship"),
        path.display(),
        started.elapsed().as_secs_f64(),
        if skipped.is_empty() { String::new() } else { format!("; {}", skipped.join(", ")) }
    );
    std::mem::forget(db);
    Ok(0)
}

/// `ieum init DIR [--from-bundled]`: a new database directory.
fn init_command(dir: &std::path::Path, from_bundled: bool) -> Result<i32, String> {
    if dir.exists() && std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?.next().is_some() {
        return Err(format!("{} exists and is not empty: `ieum init` makes a new database", dir.display()));
    }
    let mut db = Database::open(dir, false).map_err(|e| e.headline())?;
    if from_bundled {
        let bundled = crate::bundled::database().map_err(|e| crate::Error::from(e).headline())?;
        *db.graph_mut() = bundled.graph().clone();
    }
    db.checkpoint().map_err(|e| e.headline())?;
    let g = db.graph();
    eprintln!("created {} with {} nodes and {} relationships", dir.display(), g.node_count(), g.rel_count());
    Ok(0)
}

/// `ieum sources`: runs the statements, then prints the evidence report of each result
/// (see [`crate::evidence::report`]); a failed statement stops the rest (exit code 1).
fn sources_command(g: &GlobalArgs, text: &str) -> Result<i32, String> {
    let docs = crate::evidence::Documents::locate(g.documents.as_deref())?;
    let mut db = open(g)?;
    let options = QueryOptions {
        params: params(g)?,
        deadline: g.timeout.map(|t| Instant::now() + t),
        read_only: g.read_only,
        ..QueryOptions::default()
    };
    let file = output_file(g)?;
    let mut out: Box<dyn Write> = match &file {
        Some(f) => Box::new(f.clone()),
        None => Box::new(io::BufWriter::new(io::stdout())),
    };
    let statements = crate::syntax::split_statements(text);
    for (i, st) in statements.iter().enumerate() {
        let result = match db.execute_with(st.text, &options) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{}", e.shift(st.offset).render(text, "<query>"));
                finish_output(file, false)?;
                return Ok(1);
            }
        };
        let report = crate::evidence::report(&result, db.graph(), docs.as_ref());
        let sep = if i > 0 { "\n" } else { "" };
        if let Err(e) = write!(out, "{sep}{report}").and_then(|_| out.flush()) {
            return ignore_broken_pipe(e).map(|_| 0);
        }
    }
    finish_output(file, true)?;
    Ok(0)
}

/// The error for an input file that cannot be read.
fn cannot_read(path: &std::path::Path, e: &io::Error) -> String {
    format!("InputError (CannotRead): {}: {e}", path.display())
}

/// A closed pipe (`ieum ... | head`) is not a failure.
fn ignore_broken_pipe(e: io::Error) -> Result<usize, String> {
    if e.kind() == io::ErrorKind::BrokenPipe { Ok(0) } else { Err(e.to_string()) }
}

/// Renders an error for a statement given on its own.
pub fn render_error(e: &Error, text: &str, origin: &str) -> String {
    e.render(text, origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_literals_are_explained_without_the_wrapping_query() {
        let e = parse_param("x=[1,").unwrap_err();
        assert!(e.contains("expected a number") && !e.contains("AS v") && !e.contains("'v'"), "{e}");
        let e = parse_param("x=한국").unwrap_err();
        assert!(e.contains("text needs quotes: '한국'"), "{e}");
        assert_eq!(parse_param("x='한국'"), Ok(("x".to_string(), Value::from("한국"))));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert_eq!(parse_duration("3").unwrap(), Duration::from_secs(3));
        assert!(parse_duration("abc").is_err());
        assert!(parse_duration("5y").is_err());
    }
}
