//! Markdown (GitHub-flavoured) tables, for pasting into documents and issues: `|` in a cell
//! is escaped, line breaks become `<br>`, null is an empty cell. Rows are written as they
//! come (cells are not padded), so any number of rows streams.

use std::io::{self, Write};

use super::{End, ResultWriter, cell_text};
use crate::result::Entities;
use crate::value::Value;

pub struct MarkdownWriter<'w> {
    out: &'w mut dyn Write,
}

impl<'w> MarkdownWriter<'w> {
    pub fn new(out: &'w mut dyn Write) -> Self {
        MarkdownWriter { out }
    }
}

fn cell(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '|' => out.push_str("\\|"),
            '\\' => out.push_str("\\\\"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("<br>"),
            '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn line(cells: impl Iterator<Item = String>) -> String {
    let mut s = String::from("|");
    for c in cells {
        s.push(' ');
        s.push_str(&c);
        s.push_str(" |");
    }
    s.push('\n');
    s
}

impl ResultWriter for MarkdownWriter<'_> {
    fn begin(&mut self, columns: &[String]) -> io::Result<()> {
        if columns.is_empty() {
            return Ok(());
        }
        self.out.write_all(line(columns.iter().map(|c| cell(c))).as_bytes())?;
        self.out.write_all(line(columns.iter().map(|_| "---".to_string())).as_bytes())
    }

    fn row(&mut self, row: &[Value], ents: &Entities) -> io::Result<()> {
        let cells = row.iter().map(|v| if v.is_null() { String::new() } else { cell(&cell_text(v, ents)) });
        self.out.write_all(line(cells).as_bytes())
    }

    fn end(&mut self, end: &End) -> io::Result<()> {
        if let Some(plan) = end.plan {
            writeln!(self.out, "\n```text\n{}\n```", plan.trim_end())?;
        }
        Ok(())
    }
}
