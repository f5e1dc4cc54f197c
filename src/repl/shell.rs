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
    /// The terminal's size as (columns, rows), set by the line editor before each entry
    /// (or read once for piped input); None when standard output is not a terminal.
    /// Results are fitted to it, cut to the row limit and paged unless they go to a file.
    pub screen: Option<(usize, usize)>,
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

/// `exit`, `quit` and `\q` (with or without a `;`) leave the shell, as they do in other
/// database shells; none of them can start a statement.
pub fn is_quit_word(entry: &str) -> bool {
    let word = entry.trim().trim_end_matches(';').trim_end();
    ["exit", "quit", "\\q"].iter().any(|w| word.eq_ignore_ascii_case(w))
}

/// Whether `entry` is ready to run: a meta-command line, nothing but blank space and
/// comments, or text whose last statement ends with `;`.
pub fn is_complete(entry: &str) -> bool {
    if entry.trim_start().starts_with(':') || is_quit_word(entry.trim()) {
        return true;
    }
    split_statements(entry).last().is_none_or(|s| s.terminated)
}

impl Shell {
    pub fn new(mut session: Session) -> Self {
        session.more_hint = "; `:set rows all` shows every row, `:output FILE` writes them all to a file".to_string();
        Shell {
            session,
            console: Box::new(io::stdout()),
            failed: 0,
            stop_on_error: false,
            screen: None,
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
        self.session.screen = if self.redirected { None } else { self.screen };
        if is_quit_word(trimmed) {
            return Control::Quit;
        }
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
        match self.session.db.checkpoint() {
            Ok(false) if self.session.writes > 0 => {
                let n = self.session.writes;
                let _ = writeln!(
                    self.console,
                    "note: the {} that changed the graph in this session {} not kept: the graph is in memory only (start ieum with --db PATH to keep changes)",
                    crate::render::text::count(n, "statement", "statements"),
                    if n == 1 { "is" } else { "are" }
                );
            }
            Ok(_) => {}
            Err(e) => {
                let _ = writeln!(self.console, "error: {}", e.headline());
                self.failed += 1;
            }
        }
        let _ = self.console.flush();
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
            ":help" => self.page(&meta::help(Some(args))),
            ":schema" => self.schema(args),
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
            ":format" if args.is_empty() => self.say(&format!("format: {}", self.session.format)),
            ":format" => {
                self.session.format = args.parse::<Format>()?;
                self.say(&format!("format: {}", self.session.format))
            }
            ":set" => self.set(args),
            ":output" => self.output(args),
            ":param" if args.is_empty() => self.say(&self.params_text()),
            ":param" | ":params" if args.starts_with('{') => {
                // cypher-shell's form: a map sets every key as a parameter
                let v = self.evaluate(args)?;
                let crate::Value::Map(m) = v else {
                    return Err(format!("`{args}` is not a map; use :param {{name: value, ...}} or :param NAME => VALUE"));
                };
                let ents = Default::default();
                let mut text = String::new();
                for (k, v) in m.iter() {
                    text.push_str(&format!("${k} => {}\n", literal(v, &ents)));
                    self.session.params.insert(k.to_string(), v.clone());
                }
                if text.is_empty() {
                    text = "no parameters in an empty map".to_string();
                }
                self.say(&text)
            }
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
                    Err(e) => Err(e.headline()),
                }
            }
            ":quit" => Ok(Control::Quit),
            other => Err(format!("{other} is listed but not handled; this is a bug")),
        }
    }

    /// Says `text`, through the pager when it is longer than the screen.
    fn page(&mut self, text: &str) -> Result<Control, String> {
        let command = render::output::pager_command();
        match (self.screen, command) {
            (Some((cols, rows)), Some(command)) if self.session.pager && text.lines().count() >= rows => {
                let mut pager = render::output::Pager::new(&mut *self.console, command, rows, cols);
                let written = pager.write_all(text.as_bytes());
                let finished = pager.finish();
                match written.and(finished) {
                    Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(format!("cannot show the text: {e}")),
                    _ => Ok(Control::Continue),
                }
            }
            _ => self.say(text),
        }
    }

    /// `:schema`, `:schema LABEL` (or TYPE), `:schema --dot [FILE]`.
    fn schema(&mut self, args: &str) -> Result<Control, String> {
        let schema = Schema::of(self.session.db.graph());
        let width = self.screen.map_or(100, |(cols, _)| cols.max(40));
        let words: Vec<&str> = args.split_whitespace().collect();
        match words.as_slice() {
            [] => self.page(&schema.report(width)),
            ["--dot"] => self.say(&schema.dot()),
            ["--dot", path] => {
                let ext = Path::new(path).extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
                let bytes = if crate::export::PICTURES.contains(&ext.as_str()) {
                    crate::export::command::render(&schema.dot(), &ext).map_err(|e| e.to_string())?
                } else {
                    schema.dot().into_bytes()
                };
                crate::render::output_file::OutputFile::write_all_to(Path::new(path), &bytes)
                    .map_err(|e| format!("OutputError (WriteFailed): {e}"))?;
                self.say(&format!("wrote the schema ({} patterns) to {path}", schema.patterns.len()))
            }
            [name] => match schema.detail(name, &schema::index_names(self.session.db.graph())) {
                Some(text) => self.page(&text),
                None => {
                    let bare = name.trim_start_matches(':').trim_matches('`');
                    let names = schema.names();
                    let lower = bare.to_lowercase();
                    let guess = names
                        .iter()
                        .find(|n| n.to_lowercase() == lower)
                        .copied()
                        .or_else(|| crate::suggest::closest(bare, names.iter().copied()));
                    Err(match guess {
                        Some(g) => format!("the graph has no label or relationship type `{bare}`; did you mean `{g}`?"),
                        None => format!("the graph has no label or relationship type `{bare}` (:schema lists them)"),
                    })
                }
            },
            _ => Err("usage: :schema, :schema LABEL (or TYPE), :schema --dot [FILE]".to_string()),
        }
    }

    /// `:set` alone lists the settings; `:set NAME VALUE` changes one.
    fn set(&mut self, args: &str) -> Result<Control, String> {
        let (name, value) = args.split_once(char::is_whitespace).map_or((args, ""), |(n, v)| (n, v.trim()));
        let on_off = |v: &str, name: &str| match v.to_ascii_lowercase().as_str() {
            "on" | "true" | "yes" => Ok(true),
            "off" | "false" | "no" => Ok(false),
            _ => Err(format!("expected :set {name} on or :set {name} off, not `{v}`")),
        };
        let s = &mut self.session;
        match name.to_ascii_lowercase().as_str() {
            "" => {
                let text = self.settings_text();
                return self.say(&text);
            }
            _ if value.is_empty() => return Err(format!("usage: :set {name} VALUE (:set alone lists the settings)")),
            "format" => s.format = value.parse::<Format>()?,
            "max-width" | "width" => {
                s.max_width = match value.to_ascii_lowercase().as_str() {
                    "auto" | "terminal" => None,
                    "off" | "none" | "0" => Some(0),
                    n => match n.parse::<usize>() {
                        Ok(n) if n >= 20 => Some(n),
                        _ => {
                            return Err(format!(
                                "expected :set max-width N (20 or more), auto (the terminal's width) or off, not `{value}`"
                            ));
                        }
                    },
                }
            }
            "rows" | "max-rows" => {
                s.max_rows = match value.to_ascii_lowercase().as_str() {
                    "all" | "off" | "0" => None,
                    n => Some(n.parse::<usize>().map_err(|_| format!("expected :set rows N or :set rows all, not `{value}`"))?),
                };
                s.max_rows_set = true;
            }
            "pager" => s.pager = on_off(value, "pager")?,
            "timing" => s.timing = on_off(value, "timing")?,
            "value-limit" => crate::exec::budget::set_value_limit(crate::cli::parse_bytes(value)?),
            other => {
                let known = ["format", "max-width", "rows", "pager", "timing", "value-limit"];
                let hint = crate::suggest::closest(other, known).map(|k| format!("; did you mean `{k}`?")).unwrap_or_default();
                return Err(format!("unknown setting `{other}`{hint} (settings: {})", known.join(", ")));
            }
        }
        let text = self.settings_text();
        let canonical = match name.to_ascii_lowercase().as_str() {
            "width" | "max-width" => "max-width",
            "rows" | "max-rows" => "rows",
            other => other,
        }
        .to_string();
        let line = text.lines().find(|l| l.starts_with(&canonical)).unwrap_or_default().to_string();
        self.say(&line)
    }

    /// The `:set` listing.
    fn settings_text(&self) -> String {
        let s = &self.session;
        let width = match (s.max_width, self.screen) {
            (Some(0), _) => "off (cells are never cut)".to_string(),
            (Some(n), _) => format!("{n} columns"),
            (None, Some((cols, _))) => format!("auto (the terminal's, {cols} columns; files and pipes are not cut)"),
            (None, None) => "auto (the terminal's width; files and pipes are not cut)".to_string(),
        };
        let rows = match (s.max_rows, s.max_rows_set) {
            (None, _) => "all".to_string(),
            (Some(n), true) => format!("{n}"),
            (Some(n), false) => format!("{n} (on the terminal; files and pipes get every row)"),
        };
        let pager = match (s.pager, render::output::pager_command()) {
            (false, _) => "off".to_string(),
            (true, Some(c)) => format!("on ({c}, when output is longer than the screen)"),
            (true, None) => "on, but there is no pager: set $PAGER".to_string(),
        };
        format!(
            "format     {}\nmax-width  {width}\nrows       {rows}\npager      {pager}\ntiming     {}\nvalue-limit {} bytes\n",
            s.format,
            if s.timing { "on" } else { "off" },
            crate::exec::budget::value_limit()
        )
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
                crate::render::output_file::check_target(Path::new(path)).map_err(|e| format!("OutputError (CannotWrite): {e}"))?;
                let f = std::fs::File::create(path).map_err(|e| format!("OutputError (CannotWrite): {path}: {e}"))?;
                self.session.out = Box::new(io::BufWriter::new(f));
                self.redirected = true;
                self.say(&format!("results go to {path} (:output off to stop)"))
            }
        }
    }

    /// `:export [FORMAT] FILE`: the subgraph of the last result, as text, a CSV directory
    /// or a picture drawn by Graphviz; without FORMAT the file's extension chooses.
    fn export(&mut self, args: &str) -> Result<Control, String> {
        use crate::export::{ExportFormat, PICTURES, command};
        let usage = "usage: :export [FORMAT] FILE, e.g. :export graph.svg or :export dot graph.dot (formats: dot, graphml, json, csv, cypher, svg, png, pdf)";
        let words: Vec<&str> = args.splitn(2, char::is_whitespace).map(str::trim).filter(|w| !w.is_empty()).collect();
        let extension = |p: &str| Path::new(p).extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
        let (format, path) = match words.as_slice() {
            [path] => {
                let ext = extension(path).ok_or_else(|| usage.to_string())?;
                if !PICTURES.contains(&ext.as_str()) && ExportFormat::of_extension(&ext).is_none() {
                    return Err(format!("cannot tell the format from `.{ext}`: {usage}"));
                }
                (ext, path.to_string())
            }
            [format, path] => (format.to_ascii_lowercase(), path.to_string()),
            _ => return Err(usage.to_string()),
        };
        if !PICTURES.contains(&format.as_str()) {
            format.parse::<ExportFormat>().map_err(|e| e.to_string())?;
        }
        let Some(last) = &self.session.last else {
            return Err("no result to export yet: run a query first".to_string());
        };
        let sub = crate::export::subgraph::of_result(last, &self.session.db, false);
        if sub.nodes.is_empty() {
            return Err("the last result holds no nodes or relationships, so there is nothing to export (return nodes, relationships or paths, e.g. RETURN n or RETURN p)".to_string());
        }
        let counts = command::counts(&sub);
        let ext = extension(&path);
        if PICTURES.contains(&format.as_str()) {
            if let Some(e) = ext.as_deref().filter(|e| *e != format && (PICTURES.contains(e) || ExportFormat::of_extension(e).is_some())) {
                return Err(format!("{path} is named .{e}, but :export {format} draws {}: name it .{format}", format.to_uppercase()));
            }
            let dot = crate::export::text_of(ExportFormat::Dot, &sub, &crate::export::DotOptions::default());
            let bytes = command::render(&dot, &format).map_err(|e| e.to_string())?;
            crate::render::output_file::OutputFile::write_all_to(Path::new(&path), &bytes)
                .map_err(|e| format!("OutputError (WriteFailed): {e}"))?;
            return self.say(&format!("drew {counts} in {path} ({} bytes)", bytes.len()));
        }
        let parsed: ExportFormat = format.parse().map_err(|e: crate::export::ExportError| e.to_string())?;
        if let Some(e) = ext.as_deref().filter(|e| PICTURES.contains(e)) {
            return Err(format!("{path} is named .{e} but would hold {format} text: use :export {e} {path} to draw a picture"));
        }
        if parsed == ExportFormat::Csv && ext.as_deref() != Some("csv") {
            // a directory in the admin-import layout, which `ieum import` reads back
            let warnings = command::write_csv_dir(&sub, Path::new(&path)).map_err(|e| e.to_string())?;
            for w in warnings.iter().take(20) {
                let _ = writeln!(self.console, "warning: {w}");
            }
            return self.say(&format!("wrote {counts} to the directory {path} (nodes/, relationships/)"));
        }
        let text = match parsed {
            ExportFormat::Cypher => {
                let script = crate::export::cypher::script(&sub);
                for w in script.warnings.iter().take(20) {
                    let _ = writeln!(self.console, "warning: {w}");
                }
                script.text
            }
            other => crate::export::text_of(other, &sub, &crate::export::DotOptions::default()),
        };
        crate::render::output_file::OutputFile::write_all_to(Path::new(&path), text.as_bytes())
            .map_err(|e| format!("OutputError (WriteFailed): {e}"))?;
        self.say(&format!("wrote {counts} to {path} ({} bytes)", text.len()))
    }

    /// The names of the meta-commands (for completion and tests).
    pub fn commands() -> impl Iterator<Item = &'static str> {
        COMMANDS.iter().map(|c| c.name)
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
    fn settings_change_what_printing_does() {
        let mut s = shell();
        assert_eq!(s.session.writer_options().max_rows, None, "no terminal: every row");
        s.screen = Some((80, 24));
        s.entry("RETURN 1;");
        assert_eq!(
            s.session.writer_options(),
            render::Options { max_width: Some(80), max_rows: Some(1000), more_hint: s.session.more_hint.clone() }
        );
        s.entry(":set max-width 50");
        s.entry(":set rows 20");
        s.entry(":set pager off");
        s.entry(":format vertical");
        s.entry("RETURN 1;");
        let o = s.session.writer_options();
        assert_eq!((o.max_width, o.max_rows, s.session.pager, s.session.format), (Some(50), Some(20), false, Format::Vertical));
        s.entry(":set rows all");
        s.entry(":set max-width off");
        let o = s.session.writer_options();
        assert_eq!((o.max_width, o.max_rows), (None, None));
        assert!(s.meta(":set rows many").unwrap_err().contains(":set rows N"));
        assert!(s.meta(":set max-width 5").unwrap_err().contains("20 or more"));
        assert!(s.meta(":set pagr off").unwrap_err().contains("did you mean `pager`?"));
        assert!(s.settings_text().contains("rows       all"), "{}", s.settings_text());
        // results sent to a file are not cut unless asked
        s.session.max_rows_set = false;
        s.session.max_rows = Some(1000);
        s.redirected = true;
        s.entry("RETURN 1;");
        assert_eq!(s.session.writer_options().max_rows, None);
    }

    #[test]
    fn cypher_shell_habits() {
        let mut s = shell();
        assert_eq!(s.entry(":param {a: 1, b: 'x', c: [1, 2]}"), Control::Continue);
        assert_eq!(s.session.params["a"], crate::Value::Int(1));
        assert_eq!(s.session.params["b"], crate::Value::from("x"));
        assert!(s.meta(":param {a: 1").is_err());
        assert!(s.meta(":param [1, 2]").is_err() || !s.session.params.contains_key("[1, 2]"));
        for word in ["exit", "quit", "\\q", "EXIT;", " quit ; "] {
            assert!(is_complete(word), "{word}");
            assert_eq!(s.entry(word), Control::Quit, "{word}");
        }
        assert!(!is_quit_word("exit()"));
    }

    #[test]
    fn schema_takes_a_name_or_draws() {
        let mut s = shell();
        s.entry("CREATE (:Company {name: 'a'})-[:MAKES]->(:Product {name: 'b'});");
        assert!(s.meta(":schema Company").is_ok());
        assert!(s.meta(":schema MAKES").is_ok());
        assert!(s.meta(":schema company").unwrap_err().contains("did you mean `Company`?"));
        let dir = tempfile::tempdir().unwrap();
        let dot = dir.path().join("schema.dot");
        assert!(s.meta(&format!(":schema --dot {}", dot.display())).is_ok());
        assert!(std::fs::read_to_string(&dot).unwrap().contains("MAKES (1)"));
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
        assert!(s.meta(":schema a b").is_err());
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
        // the last result holds text only: nothing to draw
        assert!(s.meta(&format!(":export dot {}", dot.display())).unwrap_err().contains("nothing to export"));
        s.entry("MATCH (t:T) RETURN t;");
        assert!(s.meta(&format!(":export dot {}", dot.display())).is_ok());
        assert!(std::fs::read_to_string(&dot).unwrap().contains(":T"));
        // the format follows the extension; a picture name with a text format is refused
        let script = dir.path().join("g.cypher");
        assert!(s.meta(&format!(":export {}", script.display())).is_ok());
        assert!(std::fs::read_to_string(&script).unwrap().contains("CREATE (n:T"));
        assert!(s.meta(&format!(":export dot {}", dir.path().join("g.png").display())).unwrap_err().contains(":export png"));
        assert!(s.meta(":export notes.txt").unwrap_err().contains("cannot tell the format"));
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
