//! The table form: an aligned grid with a header, measured in terminal columns. Rows are
//! kept (as text) up to the row limit so that the columns can be sized; rows past the limit
//! are only counted, and the table ends with how many were not shown.

use std::io::{self, Write};

use super::text::{clean, truncate, width};
use super::{End, Options, ResultWriter, cell_text, more_rows};
use crate::result::Entities;
use crate::value::Value;

/// The narrowest a column is made to fit a table into a width.
pub const MIN_COLUMN_WIDTH: usize = 8;

pub struct TableWriter<'w> {
    out: &'w mut dyn Write,
    opts: Options,
    header: Vec<String>,
    cells: Vec<Vec<String>>,
    numeric: Vec<Vec<bool>>,
    hidden: u64,
}

impl<'w> TableWriter<'w> {
    pub fn new(out: &'w mut dyn Write, opts: Options) -> Self {
        TableWriter { out, opts, header: Vec::new(), cells: Vec::new(), numeric: Vec::new(), hidden: 0 }
    }
}

/// Narrows the widest columns until borders and cells fit in `max` terminal columns.
fn fit(widths: &mut [usize], max: usize) {
    let total = |w: &[usize]| w.iter().sum::<usize>() + 3 * w.len() + 1;
    while total(widths) > max {
        let Some(widest) = widths.iter_mut().filter(|w| **w > MIN_COLUMN_WIDTH).max_by_key(|w| **w) else { break };
        *widest -= 1;
    }
}

fn rule(widths: &[usize], l: char, m: char, r: char) -> String {
    let mut s = String::new();
    s.push(l);
    for (i, w) in widths.iter().enumerate() {
        if i > 0 {
            s.push(m);
        }
        s.push_str(&"─".repeat(w + 2));
    }
    s.push(r);
    s.push('\n');
    s
}

fn line(cells: &[String], widths: &[usize], numeric: &[bool]) -> String {
    let mut s = String::from("│");
    for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
        let pad = " ".repeat(w.saturating_sub(width(c)));
        if numeric.get(i).copied().unwrap_or(false) {
            s.push_str(&format!(" {pad}{c} │"));
        } else {
            s.push_str(&format!(" {c}{pad} │"));
        }
    }
    s.push('\n');
    s
}

impl ResultWriter for TableWriter<'_> {
    fn begin(&mut self, columns: &[String]) -> io::Result<()> {
        self.header = columns.iter().map(|c| clean(c)).collect();
        Ok(())
    }

    fn row(&mut self, row: &[Value], ents: &Entities) -> io::Result<()> {
        if self.opts.max_rows.is_some_and(|m| self.cells.len() >= m) {
            self.hidden += 1;
            return Ok(());
        }
        self.cells.push(row.iter().map(|v| clean(&cell_text(v, ents))).collect());
        self.numeric.push(row.iter().map(|v| matches!(v, Value::Int(_) | Value::Float(_))).collect());
        Ok(())
    }

    fn end(&mut self, end: &End) -> io::Result<()> {
        if let Some(plan) = end.plan {
            writeln!(self.out, "{plan}")?;
        }
        if self.header.is_empty() {
            return Ok(());
        }
        let mut widths: Vec<usize> = self.header.iter().map(|c| width(c)).collect();
        for row in &self.cells {
            for (w, c) in widths.iter_mut().zip(row) {
                *w = (*w).max(width(c));
            }
        }
        if let Some(max) = self.opts.max_width {
            fit(&mut widths, max);
        }
        let cut = |row: &[String]| -> Vec<String> { row.iter().zip(&widths).map(|(c, w)| truncate(c, *w)).collect() };
        self.out.write_all(rule(&widths, '┌', '┬', '┐').as_bytes())?;
        self.out.write_all(line(&cut(&self.header), &widths, &[]).as_bytes())?;
        self.out.write_all(rule(&widths, '├', '┼', '┤').as_bytes())?;
        for (row, numeric) in self.cells.iter().zip(&self.numeric) {
            self.out.write_all(line(&cut(row), &widths, numeric).as_bytes())?;
        }
        self.out.write_all(rule(&widths, '└', '┴', '┘').as_bytes())?;
        if self.hidden > 0 {
            writeln!(self.out, "{}", more_rows(self.hidden, &self.opts.more_hint))?;
        }
        Ok(())
    }
}
