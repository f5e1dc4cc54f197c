//! The shell behind the prompt, free of any terminal: it takes complete entries (statements
//! or one meta-command), runs them on the session and says whether to go on. The line
//! editor (`mod.rs`) and the piped-input loop both drive it, and tests call it directly.

use std::io::{self, Write};
use std::path::Path;

use super::meta::{self, COMMANDS};
use super::schema::{self, Schema};
use crate::render::{self, Format};
use crate::session::Session;
use crate::syntax::split_statements;

/// What to do after an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    Continue,
    Quit,
}

/// The REPL's state around its session.
pub struct Shell {
    pub session: Session,
    /// Where meta-commands print (the terminal; results may go to an `:output` file).
    pub console: Box<dyn Write>,
    /// Statements that failed so far.
    pub failed: usize,
    /// Stop at the first failed statement (for piped input).
    pub stop_on_error: bool,
    /// Width of the terminal, set by the line editor before each entry; tables are fitted
    /// to it unless results go to a file.
    pub terminal_width: Option<usize>,
    /// Results go to an `:output` file.
    redirected: bool,
    /// Where `:output off` sends results back to.
    stdout: fn() -> Box<dyn Write>,
    /// How many `:read` files are being run, one inside another.
    reading: usize,
}

/// How deeply `:read` files may read other files (a file that reads itself stops here).
const MAX_READ_DEPTH: usize = 16;

/// The entries of a script file, each with the line it begins on: a line starting with `:`
/// between statements is a meta-command; other lines gather until a statement ends.
fn script_entries(text: &str) -> Vec<(String, usize)> {
    let mut entries = Vec::new();
    let mut buffer = String::new();
    let mut first_line = 1;
    for (index, line) in text.lines().enumerate() {
        if buffer.trim().is_empty() {
            buffer.clear();
            if line.trim().is_empty() {
                continue;
            }
            first_line = index + 1;
            if line.trim_start().starts_with(':') {
                entries.push((line.to_string(), first_line));
                continue;
            }
        }
        buffer.push_str(line);
        buffer.push('\n');
        if is_complete(&buffer) {
            entries.push((std::mem::take(&mut buffer), first_line));
        }
    }
    if !buffer.trim().is_empty() {
        entries.push((buffer, first_line));
    }
    entries
}

fn real_stdout() -> Box<dyn Write> {
    Box::new(io::BufWriter::new(io::stdout()))
}

/// Whether `entry` is ready to run: a meta-command line, nothing but blank space and
/// comments, or text whose last statement ends with `;`.
pub fn is_complete(entry: &str) -> bool {
    if entry.trim_start().starts_with(':') {
        return true;
    }
    split_statements(entry).last().is_none_or(|s| s.terminated)
}

impl Shell {
    pub fn new(session: Session) -> Self {
        Shell {
            session,
            console: Box::new(io::stdout()),
            failed: 0,
            stop_on_error: false,
            terminal_width: None,
            redirected: false,
            stdout: real_stdout,
            reading: 0,
        }
    }

    /// Runs one entry: a meta-command (a line starting with `:`) or statements.
    pub fn entry(&mut self, text: &str) -> Control {
        self.entry_at(text, "<input>", 1)
    }

    /// [`Shell::entry`] for an entry that begins on line `first_line` of `origin` (piped
    /// input), so that errors name the line of the whole input.
    pub fn entry_at(&mut self, text: &str, origin: &str, first_line: usize) -> Control {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Control::Continue;
        }
        self.session.width = if self.redirected { None } else { self.terminal_width };
        if trimmed.starts_with(':') {
            let failed_before = self.failed;
            return match self.meta(trimmed) {
                // a command that ran statements (`:read`) may have failed in them
                Ok(_) if self.stop_on_error && self.failed > failed_before => Control::Quit,
                Ok(c) => c,
                Err(msg) => {
                    let _ = writeln!(self.console, "error: {msg}");
                    self.failed += 1;
                    if self.stop_on_error { Control::Quit } else { Control::Continue }
                }
            };
        }
        self.run(text, origin, first_line);
        if self.stop_on_error && self.failed > 0 { Control::Quit } else { Control::Continue }
    }

    fn run(&mut self, text: &str, origin: &str, first_line: usize) {
        match self.session.run_script_at(text, origin, first_line, false) {
            Ok(n) => self.failed += n,
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
            Err(e) => {
                self.failed += 1;
                let _ = writeln!(self.console, "error: cannot write the result: {e}");
            }
        }
    }

    /// Leaves the shell: makes changes durable where the database keeps them.
    pub fn finish(&mut self) {
        let _ = self.session.out.flush();
        if let Err(e) = self.session.db.checkpoint() {
            let _ = writeln!(self.console, "error: the changes could not be saved: {e}");
            self.failed += 1;
        }
    }

    fn say(&mut self, text: &str) -> Result<Control, String> {
        let _ = write!(self.console, "{text}");
        if !text.ends_with('\n') {
            let _ = writeln!(self.console);
        }
        let _ = self.console.flush();
        Ok(Control::Continue)
    }

    fn meta(&mut self, line: &str) -> Result<Control, String> {
        let line = line.trim_end_matches(';').trim();
        let (name, args) = line.split_once(char::is_whitespace).map_or((line, ""), |(n, a)| (n, a.trim()));
        let Some(command) = meta::find(name) else {
            return Err(meta::unknown(name));
        };
        let no_args = |_: &mut Shell| if args.is_empty() { Ok(()) } else { Err(format!("{} takes no arguments", command.name)) };
        match command.name {
            ":help" => self.say(&meta::help(Some(args))),
            ":schema" => {
                no_args(self)?;
                self.say(&Schema::of(self.session.db.graph()).report())
            }
            ":stats" => {
                no_args(self)?;
                self.say(&schema::stats(&self.session.db))
            }
            ":sources" => {
                let dir = if args.is_empty() { self.session.documents.clone() } else { Some(args.into()) };
                let docs = crate::evidence::Documents::locate(dir.as_deref())?;
                let text = match &self.session.last {
                    Some(r) => crate::evidence::report(r, self.session.db.graph(), docs.as_ref()),
                    None => "no result yet: run a query first\n".to_string(),
                };
                self.say(&text)
            }
            ":format" if args.is_empty() => self.say(&format!("format: {}", format_name(self.session.format))),
            ":format" => {
                self.session.format = args.parse::<Format>()?;
                self.say(&format!("format: {}", format_name(self.session.format)))
            }
            ":output" => self.output(args),
            ":param" if args.is_empty() => self.say(&self.params_text()),
            ":param" => {
                let (name, value) = meta::parse_param(args)?;
                let v = self.evaluate(&value)?;
                let shown = render::cell_text(&v, &Default::default());
                self.session.params.insert(name.clone(), v);
                self.say(&format!("${name} => {shown}"))
            }
            ":params" if args == "clear" => {
                self.session.params.clear();
                self.say("parameters cleared")
            }
            ":params" => {
                no_args(self)?;
                self.say(&self.params_text())
            }
            ":timing" => {
                match args {
                    "on" => self.session.timing = true,
                    "off" => self.session.timing = false,
                    "" => {}
                    other => return Err(format!("expected :timing on or :timing off, not `{other}`")),
                }
                self.say(&format!("timing: {}", if self.session.timing { "on" } else { "off" }))
            }
            ":read" => {
                if args.is_empty() {
                    return Err("usage: :read FILE".to_string());
                }
                let text = std::fs::read_to_string(args).map_err(|e| format!("{args}: {e}"))?;
                if self.reading >= MAX_READ_DEPTH {
                    return Err(format!("{args}: :read files nest more than {MAX_READ_DEPTH} deep (does a file read itself?)"));
                }
                let entries = script_entries(&text);
                if !entries.iter().any(|(e, _)| e.starts_with(':')) {
                    // statements only: one run, with a progress bar for a long file
                    self.run(&text, args, 1);
                    return Ok(Control::Continue);
                }
                // statements and meta-commands in order, stopping at the first failure
                self.reading += 1;
                let failed_before = self.failed;
                let mut control = Control::Continue;
                for (entry, line) in entries {
                    if self.entry_at(&entry, args, line) == Control::Quit && self.failed == failed_before {
                        control = Control::Quit;
                    }
                    if control == Control::Quit || self.failed > failed_before {
                        break;
                    }
                }
                self.reading -= 1;
                Ok(control)
            }
            ":export" => self.export(args),
            ":save" => {
                no_args(self)?;
                match self.session.db.checkpoint() {
                    Ok(true) => self.say("saved"),
                    Ok(false) => self.say("in-memory session: nothing saved (open with --db PATH to keep changes)"),
                    Err(e) => Err(format!("the changes could not be saved: {e}")),
                }
            }
            ":quit" => Ok(Control::Quit),
            other => Err(format!("{other} is listed but not handled; this is a bug")),
        }
    }

    /// Evaluates a parameter's value as an expression, with the parameters set so far.
    fn evaluate(&mut self, expr: &str) -> Result<crate::Value, String> {
        let mut opts = self.session.options();
        opts.read_only = true;
        let r =
            self.session.db.execute_with(&format!("RETURN {expr} AS value"), &opts).map_err(|e| format!("`{expr}` is not a value: {e}"))?;
        Ok(r.rows.into_iter().next().and_then(|r| r.into_iter().next()).unwrap_or(crate::Value::Null))
    }

    fn params_text(&self) -> String {
        if self.session.params.is_empty() {
            return "no parameters; set one with :param NAME => VALUE".to_string();
        }
        let ents = Default::default();
        self.session.params.iter().map(|(k, v)| format!(":param {k} => {}\n", literal(v, &ents))).collect()
    }

    fn output(&mut self, args: &str) -> Result<Control, String> {
        let _ = self.session.out.flush();
        match args {
            "" => Err("usage: :output FILE, or :output off".to_string()),
            "off" => {
                self.session.out = (self.stdout)();
                self.redirected = false;
                self.say("results go to the terminal")
            }
            path => {
                let f = std::fs::File::create(path).map_err(|e| format!("{path}: {e}"))?;
                self.session.out = Box::new(io::BufWriter::new(f));
                self.redirected = true;
                self.say(&format!("results go to {path} (:output off to stop)"))
            }
        }
    }

    fn export(&mut self, args: &str) -> Result<Control, String> {
        let mut parts = args.splitn(2, char::is_whitespace);
        let (Some(format), Some(path)) = (parts.next().filter(|f| !f.is_empty()), parts.next().map(str::trim).filter(|p| !p.is_empty()))
        else {
            return Err("usage: :export FORMAT FILE, e.g. :export dot graph.dot".to_string());
        };
        let Some(last) = &self.session.last else {
            return Err("no result to export yet: run a query first".to_string());
        };
        let (n, r) = (last.entities.nodes.len(), last.entities.rels.len());
        if format.eq_ignore_ascii_case("csv") && !path.to_ascii_lowercase().ends_with(".csv") {
            // a directory in the admin-import layout, which `ieum import` reads back
            let sub = crate::export::subgraph::of_result(last, &self.session.db, false);
            let warnings = crate::export::command::write_csv_dir(&sub, Path::new(path)).map_err(|e| e.to_string())?;
            for w in warnings.iter().take(20) {
                let _ = writeln!(self.console, "warning: {w}");
            }
            return self.say(&format!("wrote {n} nodes and {r} relationships to the directory {path} (nodes/, relationships/)"));
        }
        let text = crate::export::export_result(format, last, &self.session.db)?;
        std::fs::write(Path::new(path), &text).map_err(|e| format!("{path}: {e}"))?;
        self.say(&format!("wrote {n} nodes and {r} relationships to {path} ({} bytes)", text.len()))
    }

    /// The names of the meta-commands (for completion and tests).
    pub fn commands() -> impl Iterator<Item = &'static str> {
        COMMANDS.iter().map(|c| c.name)
    }
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Table => "table",
        Format::Csv => "csv",
        Format::Json => "json",
        Format::Jsonl => "jsonl",
        Format::Dot => "dot",
        Format::Graphml => "graphml",
    }
}

/// A value in literal notation (strings quoted), as `:params` shows it.
fn literal(v: &crate::Value, ents: &crate::result::Entities) -> String {
    let mut s = String::new();
    render::write_value(v, ents, &mut s);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Database;

    fn shell() -> Shell {
        let mut s = Shell::new(Session::new(Database::new()));
        s.console = Box::new(io::sink());
        s.session.out = Box::new(io::sink());
        s
    }

    #[test]
    fn entries_are_complete_at_a_semicolon() {
        assert!(is_complete("RETURN 1;"));
        assert!(is_complete("  :help"));
        assert!(is_complete("// just a comment"));
        assert!(!is_complete("MATCH (n)\nRETURN n"));
        assert!(!is_complete("RETURN ';"));
        assert!(!is_complete("RETURN 1; RETURN 2"));
        assert!(!is_complete("RETURN 1 /* ; */"));
    }

    #[test]
    fn parameters_are_expressions() {
        let mut s = shell();
        assert_eq!(s.entry(":param year => 2000 + 20"), Control::Continue);
        assert_eq!(s.entry(":param later => $year + 1"), Control::Continue);
        assert_eq!(s.session.params["later"], crate::Value::Int(2021));
        assert!(s.params_text().contains(":param later => 2021"));
        s.entry(":params clear");
        assert!(s.session.params.is_empty());
    }

    #[test]
    fn statements_use_the_session_and_count_failures() {
        let mut s = shell();
        s.entry("CREATE (:A {x: 1});");
        s.entry(":param x => 1");
        s.entry("MATCH (a:A {x: $x}) RETURN a;");
        assert_eq!(s.session.last.as_ref().map(|r| r.rows.len()), Some(1));
        assert_eq!(s.failed, 0);
        s.entry("RETURN nope;");
        assert_eq!(s.failed, 1);
        s.stop_on_error = true;
        assert_eq!(s.entry("RETURN nope;"), Control::Quit);
    }

    #[test]
    fn format_timing_quit_and_unknown_commands() {
        let mut s = shell();
        s.entry(":format json");
        assert_eq!(s.session.format, Format::Json);
        assert!(s.meta(":format yaml").is_err());
        s.entry(":timing off");
        assert!(!s.session.timing);
        assert_eq!(s.entry(":quit"), Control::Quit);
        assert_eq!(s.entry(":exit"), Control::Quit);
        assert!(s.meta(":shema").unwrap_err().contains(":schema"));
        assert!(s.meta(":schema extra").is_err());
        assert!(Shell::commands().any(|c| c == ":sources"));
    }

    #[test]
    fn output_read_and_export_use_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.csv");
        let script = dir.path().join("s.cypher");
        std::fs::write(&script, "CREATE (:T {v: '셀'});\nMATCH (t:T) RETURN t.v AS v").unwrap();
        let mut s = shell();
        s.entry(":format csv");
        s.entry(&format!(":output {}", out.display()));
        s.entry(&format!(":read {}", script.display()));
        s.entry(":output off");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "v\n셀\n");
        assert!(s.meta(":export dot").is_err());
        assert!(s.meta(":export yaml x.yaml").unwrap_err().contains("unknown export format"));
        let dot = dir.path().join("g.dot");
        assert!(s.meta(&format!(":export dot {}", dot.display())).is_ok());
        assert!(dot.exists());
        assert!(s.meta(":read /no/such/file.cypher").unwrap_err().contains("/no/such/file.cypher"));
    }

    #[test]
    fn read_runs_meta_commands_and_statements_and_stops_at_a_failure() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.csv");
        let script = dir.path().join("s.cypher");
        let text =
            format!(":format csv\n:output {}\nUNWIND [1, 2] AS x\nRETURN x;\n:output off\nRETURN 1/0;\n:param late => 1\n", out.display());
        std::fs::write(&script, text).unwrap();
        let mut s = shell();
        assert_eq!(s.entry(&format!(":read {}", script.display())), Control::Continue);
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "x\n1\n2\n");
        assert_eq!(s.failed, 1);
        assert!(!s.session.params.contains_key("late"), "the entry after the failure did not run");
        // a file that reads itself stops at the nesting limit instead of overflowing the stack
        let selfish = dir.path().join("me.cypher");
        std::fs::write(&selfish, format!(":read {}\n", selfish.display())).unwrap();
        assert_eq!(s.entry(&format!(":read {}", selfish.display())), Control::Continue);
        assert_eq!(s.failed, 2);
        assert_eq!(
            script_entries("RETURN 1;\n\n:help\nRETURN\n 2"),
            [("RETURN 1;\n".to_string(), 1), (":help".to_string(), 3), ("RETURN\n 2\n".to_string(), 4)]
        );
    }

    #[test]
    fn csv_export_to_a_directory_writes_the_admin_import_files() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = shell();
        s.entry("CREATE (a:Company {name: '셀트리온'})-[r:MAKES]->(p:Product {name: 'Remsima'}) RETURN a, r, p;");
        let out = dir.path().join("graph");
        assert!(s.meta(&format!(":export csv {}", out.display())).is_ok());
        let company = std::fs::read_to_string(out.join("nodes/Company.csv")).unwrap();
        assert!(company.contains("셀트리온"), "{company}");
        let makes = std::fs::read_to_string(out.join("relationships/MAKES.csv")).unwrap();
        assert!(makes.starts_with(":START_ID,:END_ID,:TYPE"), "{makes}");
        // a second export into the same, now full, directory is refused
        assert!(s.meta(&format!(":export csv {}", out.display())).unwrap_err().contains("not empty"));
        // a path ending in .csv keeps the single-file text
        let one = dir.path().join("one.csv");
        assert!(s.meta(&format!(":export csv {}", one.display())).is_ok());
        assert!(std::fs::read_to_string(one).unwrap().contains(":START_ID,:END_ID,:TYPE"));
    }
}
