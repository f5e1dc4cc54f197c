//! CSV (RFC 4180, with a header row) and TSV (a header row, then tab-separated cells with
//! `\t`, `\n`, `\r` and `\\` escaped, as PostgreSQL's text format and most tools read it).
//! Strings are written raw, other values in literal notation, null as an empty cell.

use std::io::{self, Write};

use super::{End, ResultWriter, cell_text};
use crate::result::Entities;
use crate::value::Value;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delimiter {
    Comma,
    Tab,
}

pub struct DelimitedWriter<'w> {
    out: &'w mut dyn Write,
    kind: Delimiter,
}

impl<'w> DelimitedWriter<'w> {
    pub fn new(out: &'w mut dyn Write, kind: Delimiter) -> Self {
        DelimitedWriter { out, kind }
    }

    fn field(&self, s: &str, line: &mut String) {
        match self.kind {
            Delimiter::Comma => {
                if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
                    line.push('"');
                    line.push_str(&s.replace('"', "\"\""));
                    line.push('"');
                } else {
                    line.push_str(s);
                }
            }
            Delimiter::Tab => {
                for c in s.chars() {
                    match c {
                        '\\' => line.push_str("\\\\"),
                        '\t' => line.push_str("\\t"),
                        '\n' => line.push_str("\\n"),
                        '\r' => line.push_str("\\r"),
                        c => line.push(c),
                    }
                }
            }
        }
    }

    fn separator(&self) -> char {
        match self.kind {
            Delimiter::Comma => ',',
            Delimiter::Tab => '\t',
        }
    }
}

impl ResultWriter for DelimitedWriter<'_> {
    fn begin(&mut self, columns: &[String]) -> io::Result<()> {
        if columns.is_empty() {
            return Ok(());
        }
        let mut line = String::new();
        for (i, c) in columns.iter().enumerate() {
            if i > 0 {
                line.push(self.separator());
            }
            self.field(c, &mut line);
        }
        line.push('\n');
        self.out.write_all(line.as_bytes())
    }

    fn row(&mut self, row: &[Value], ents: &Entities) -> io::Result<()> {
        let mut line = String::new();
        for (i, v) in row.iter().enumerate() {
            if i > 0 {
                line.push(self.separator());
            }
            if !v.is_null() {
                self.field(&cell_text(v, ents), &mut line);
            }
        }
        line.push('\n');
        self.out.write_all(line.as_bytes())
    }

    fn end(&mut self, _end: &End) -> io::Result<()> {
        Ok(())
    }

    fn carries_plan(&self) -> bool {
        false
    }
}
