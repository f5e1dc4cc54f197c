//! The meta-commands of the REPL (lines that start with `:`): their table, the help texts,
//! and the parsing of their arguments. The shell (`shell.rs`) carries them out.

use std::fmt::Write as _;

use crate::exec::functions;

/// One meta-command.
pub struct Command {
    pub name: &'static str,
    pub args: &'static str,
    pub help: &'static str,
}

const fn cmd(name: &'static str, args: &'static str, help: &'static str) -> Command {
    Command { name, args, help }
}

/// Every meta-command, in the order `:help` lists them.
pub const COMMANDS: &[Command] = &[
    cmd(":help", "[TOPIC]", "Help on a command, a function, or: keys, functions, syntax"),
    cmd(":schema", "[NAME|--dot [FILE]]", "Labels, keys and relationship patterns; one label or type; a drawing"),
    cmd(":stats", "", "Nodes, relationships, labels, types and indexes"),
    cmd(":sources", "[DIR]", "Evidence behind the last result; cited lines quoted from DIR"),
    cmd(":format", "[FORMAT]", "Output format: table, vertical, csv, tsv, markdown, json, jsonl, ..."),
    cmd(":set", "[NAME VALUE]", "Settings: max-width N|auto|off, rows N|all, pager on|off, timing"),
    cmd(":output", "FILE|off", "Write results to FILE, or back to the terminal (off)"),
    cmd(":param", "NAME => VALUE", "Set $NAME to an expression; :param {a: 1, b: 'x'} sets several"),
    cmd(":params", "[clear]", "List the parameters (or remove them all)"),
    cmd(":timing", "[on|off]", "Show or hide the time each statement took"),
    cmd(":read", "FILE", "Run the statements (and commands) of a query file"),
    cmd(":export", "[FORMAT] FILE", "Last result's subgraph: dot, graphml, json, csv, cypher, svg, png"),
    cmd(":save", "", "Make every change durable (databases opened with --db)"),
    cmd(":quit", "", "Leave the shell (also :exit, exit, quit, \\q, or Ctrl-D)"),
];

/// The command called `name`, accepting `:exit` and `:q` for `:quit`.
pub fn find(name: &str) -> Option<&'static Command> {
    let name = match name {
        ":exit" | ":q" => ":quit",
        ":h" | ":?" => ":help",
        other => other,
    };
    COMMANDS.iter().find(|c| c.name.eq_ignore_ascii_case(name))
}

/// "unknown command `:shema`; did you mean `:schema`?"
pub fn unknown(name: &str) -> String {
    let bare: Vec<&str> = COMMANDS.iter().map(|c| &c.name[1..]).collect();
    match crate::syntax::closest(name.trim_start_matches(':'), bare) {
        Some(s) => format!("unknown command `{name}`; did you mean `:{s}`? (:help lists the commands)"),
        None => format!("unknown command `{name}`; :help lists the commands"),
    }
}

/// Splits `:param name => value` (also `name: value`) into the name and the value text.
pub fn parse_param(args: &str) -> Result<(String, String), String> {
    let usage = "usage: :param NAME => VALUE, e.g. :param company => 'Celltrion'";
    let (name, value) = args.split_once("=>").or_else(|| args.split_once(':')).ok_or_else(|| usage.to_string())?;
    let name = name.trim().trim_start_matches('$').trim_matches('`');
    if name.is_empty() || value.trim().is_empty() {
        return Err(usage.to_string());
    }
    Ok((name.to_string(), value.trim().trim_end_matches(';').trim().to_string()))
}

const GENERAL: &str = "\
Type a statement and end it with `;` to run it; it may span several lines (Enter before the
`;` starts a new line). Lines that start with `:` are commands:
";

const KEYS: &str = "\
Keys:
  Tab          complete labels (after `:`), relationship types (after `[:`), property keys
               (after `.`), parameters (after `$`), variables, keywords, functions, commands
  Up, Down     walk through the history; Ctrl-R searches it
  Right        accept the grey hint
  Ctrl-C       cancel the running statement, stop a result while it prints, or clear
               the line being typed
  Ctrl-D       leave the shell (on an empty line); so do :quit, exit, quit and \\q
History is kept in $IEUM_HISTORY, or else in ieum/history under the user's data directory
($XDG_DATA_HOME or ~/.local/share); --no-history turns it off.
";

const SYNTAX: &str = "\
The language is a subset of openCypher with implementation extensions. A few examples:
  MATCH (c:Company)-[:MANUFACTURES]->(p:Product) RETURN c.name, p.name LIMIT 5;
  MATCH (c:Company {name: $company}) RETURN c;
  MATCH p = (a)-[*1..3]-(b:Disease) RETURN p LIMIT 3;
  CREATE (:Company {name: '셀트리온'});
  EXPLAIN MATCH (n:Company) RETURN count(n);
";

/// The text of `:help [topic]`.
pub fn help(topic: Option<&str>) -> String {
    let mut out = String::new();
    match topic.map(str::trim) {
        None | Some("") => {
            out.push_str(GENERAL);
            let width = COMMANDS.iter().map(|c| c.name.len() + c.args.len() + 1).max().unwrap_or(0);
            for c in COMMANDS {
                let _ = writeln!(out, "  {:width$}  {}", format!("{} {}", c.name, c.args), c.help);
            }
            out.push_str("More: :help keys, :help functions, :help syntax, :help COMMAND, :help FUNCTION\n");
        }
        Some("keys") => out.push_str(KEYS),
        Some("syntax") => out.push_str(SYNTAX),
        Some("functions") => {
            let width = functions::all().iter().map(|f| f.signature.len()).max().unwrap_or(0);
            for f in functions::all() {
                let _ = writeln!(out, "  {:width$}  {}", f.signature, f.description);
            }
        }
        Some(t) => {
            let as_command = if t.starts_with(':') { t.to_string() } else { format!(":{t}") };
            if let Some(c) = find(&as_command) {
                let _ = writeln!(out, "{} {}\n  {}", c.name, c.args, c.help);
            } else if let Some(f) = functions::lookup(t) {
                let kind = if f.aggregate { "aggregate function" } else { "function" };
                let _ = writeln!(out, "{}\n  {} ({kind}, {})", f.signature, f.description, f.arity_text());
            } else {
                let _ = writeln!(out, "no help on `{t}`; try :help, :help keys, :help functions or :help syntax");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_commands_and_suggests_close_ones() {
        assert_eq!(find(":exit").map(|c| c.name), Some(":quit"));
        assert_eq!(find(":SCHEMA").map(|c| c.name), Some(":schema"));
        assert!(find(":nope").is_none());
        assert!(unknown(":shema").contains("did you mean `:schema`?"), "{}", unknown(":shema"));
        assert!(!unknown(":zzzzzz").contains("did you mean"));
    }

    #[test]
    fn param_arguments() {
        assert_eq!(parse_param("year => 2020").unwrap(), ("year".to_string(), "2020".to_string()));
        assert_eq!(parse_param("$name => 'a => b';").unwrap(), ("name".to_string(), "'a => b'".to_string()));
        assert_eq!(parse_param("x: [1, 2]").unwrap(), ("x".to_string(), "[1, 2]".to_string()));
        assert!(parse_param("year").is_err());
        assert!(parse_param("=> 3").is_err());
    }

    #[test]
    fn help_topics() {
        assert!(help(None).contains(":sources"));
        assert!(help(None).lines().all(|l| l.len() <= 100), "help fits a terminal: {}", help(None));
        assert!(help(Some("substring")).contains("substring(string, start[, length])"));
        assert!(help(Some("schema")).starts_with(":schema"));
        assert!(help(Some("keys")).contains("Ctrl-R"));
        assert!(help(Some("qwerty")).contains("no help on"));
    }
}
