//! The vertical (expanded) form: one block per row, one `column │ value` line per column,
//! values in full (long ones wrapped at the width in force, line breaks kept), for rows too
//! wide for a table.

use std::io::{self, Write};

use super::text::{width, wrap};
use super::{End, Options, ResultWriter, cell_text, more_rows};
use crate::result::Entities;
use crate::value::Value;

/// The narrowest value column wrapping leaves.
const MIN_VALUE_WIDTH: usize = 16;

pub struct VerticalWriter<'w> {
    out: &'w mut dyn Write,
    opts: Options,
    columns: Vec<String>,
    key_width: usize,
    shown: u64,
    hidden: u64,
}

impl<'w> VerticalWriter<'w> {
    pub fn new(out: &'w mut dyn Write, opts: Options) -> Self {
        VerticalWriter { out, opts, columns: Vec::new(), key_width: 0, shown: 0, hidden: 0 }
    }
}

impl ResultWriter for VerticalWriter<'_> {
    fn begin(&mut self, columns: &[String]) -> io::Result<()> {
        self.columns = columns.iter().map(|c| super::text::clean(c)).collect();
        self.key_width = self.columns.iter().map(|c| width(c)).max().unwrap_or(0);
        Ok(())
    }

    fn row(&mut self, row: &[Value], ents: &Entities) -> io::Result<()> {
        if self.opts.max_rows.is_some_and(|m| self.shown >= m as u64) {
            self.hidden += 1;
            return Ok(());
        }
        self.shown += 1;
        let kw = self.key_width;
        let value_width = self.opts.max_width.map(|m| m.saturating_sub(kw + 3).max(MIN_VALUE_WIDTH));
        let mut block = Vec::new();
        for (c, v) in self.columns.iter().zip(row) {
            let text = cell_text(v, ents);
            let lines = match value_width {
                Some(w) => wrap(&text, w),
                None => text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l).replace('\t', " ")).collect(),
            };
            for (i, l) in lines.into_iter().enumerate() {
                let key = if i == 0 { c.as_str() } else { "" };
                block.push((key, l));
            }
        }
        let widest = block.iter().map(|(_, l)| width(l)).max().unwrap_or(0);
        let mut rule_width = kw + 3 + widest;
        if let Some(m) = self.opts.max_width {
            rule_width = rule_width.min(m);
        }
        let title = format!("─[ row {} ]", self.shown);
        let fill = rule_width.saturating_sub(width(&title)).max(2);
        let mut text = format!("{title}{}\n", "─".repeat(fill));
        for (key, l) in block {
            let pad = " ".repeat(kw - width(key));
            text.push_str(&format!("{key}{pad} │ {l}\n"));
        }
        self.out.write_all(text.as_bytes())
    }

    fn end(&mut self, end: &End) -> io::Result<()> {
        if self.hidden > 0 {
            writeln!(self.out, "{}", more_rows(self.hidden, &self.opts.more_hint))?;
        }
        if let Some(plan) = end.plan {
            writeln!(self.out, "{plan}")?;
        }
        Ok(())
    }
}
