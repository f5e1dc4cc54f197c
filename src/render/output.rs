//! Where printed results go on their way to the terminal: a writer that stops at Ctrl-C,
//! and a pager that takes over once the output is longer than the screen.

use std::io::{self, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Passes writes through until `flag` is set, then fails every write with
/// [`super::interrupted`], so that a writer in the middle of a long result stops at once.
pub struct Interruptible<'a> {
    inner: &'a mut dyn Write,
    flag: Option<Arc<AtomicBool>>,
}

impl<'a> Interruptible<'a> {
    pub fn new(inner: &'a mut dyn Write, flag: Option<Arc<AtomicBool>>) -> Self {
        Interruptible { inner, flag }
    }

    fn check(&self) -> io::Result<()> {
        if self.flag.as_ref().is_some_and(|f| f.load(Ordering::SeqCst)) { Err(super::interrupted()) } else { Ok(()) }
    }
}

impl Write for Interruptible<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.check()?;
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.check()?;
        self.inner.flush()
    }
}

/// The pager command: `$PAGER` when set (empty: none), else `less -FRX` when `less` is on
/// the PATH.
pub fn pager_command() -> Option<String> {
    if let Some(p) = std::env::var_os("PAGER") {
        let p = p.to_string_lossy().trim().to_string();
        return (!p.is_empty()).then_some(p);
    }
    let on_path = std::env::var_os("PATH").is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join("less").is_file()));
    on_path.then(|| "less -FRX".to_string())
}

/// Holds output back until it is longer than the screen: then starts the pager and sends
/// everything through it; output that fits is written to `direct` as it is.
pub struct Pager<'a> {
    direct: &'a mut dyn Write,
    command: String,
    /// Lines (of the terminal's width) that fit on the screen.
    screen_rows: usize,
    screen_cols: usize,
    held: Vec<u8>,
    lines: usize,
    /// Columns used on the current line.
    column: usize,
    child: Option<(Child, ChildStdin)>,
    /// The pager could not be started: write directly from now on.
    failed: bool,
}

impl<'a> Pager<'a> {
    /// A pager over a screen of `rows` x `cols`, writing short output to `direct`.
    pub fn new(direct: &'a mut dyn Write, command: String, rows: usize, cols: usize) -> Self {
        Pager {
            direct,
            command,
            screen_rows: rows.saturating_sub(1).max(1),
            screen_cols: cols.max(1),
            held: Vec::new(),
            lines: 0,
            column: 0,
            child: None,
            failed: false,
        }
    }

    /// Whether the pager has taken over.
    pub fn paging(&self) -> bool {
        self.child.is_some()
    }

    fn count(&mut self, buf: &[u8]) {
        for ch in String::from_utf8_lossy(buf).chars() {
            if ch == '\n' {
                self.lines += 1;
                self.column = 0;
            } else {
                self.column += unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
                if self.column > self.screen_cols {
                    self.lines += 1;
                    self.column -= self.screen_cols;
                }
            }
        }
    }

    fn start(&mut self) -> io::Result<()> {
        let spawned = Command::new("sh").arg("-c").arg(&self.command).stdin(Stdio::piped()).spawn();
        match spawned {
            Ok(mut child) => {
                let Some(stdin) = child.stdin.take() else {
                    self.failed = true;
                    return self.release();
                };
                self.child = Some((child, stdin));
                let held = std::mem::take(&mut self.held);
                self.child.as_mut().map_or(Ok(()), |(_, stdin)| stdin.write_all(&held))
            }
            Err(e) => {
                eprintln!("warning: cannot start the pager `{}`: {e}; printing directly", self.command);
                self.failed = true;
                self.release()
            }
        }
    }

    fn release(&mut self) -> io::Result<()> {
        let held = std::mem::take(&mut self.held);
        self.direct.write_all(&held)
    }

    /// Ends the output: writes what was held back, or closes the pager's input and waits
    /// until the person leaves it.
    pub fn finish(mut self) -> io::Result<()> {
        match self.child.take() {
            Some((mut child, stdin)) => {
                drop(stdin);
                child.wait()?;
                Ok(())
            }
            None => {
                self.release()?;
                self.direct.flush()
            }
        }
    }
}

impl Write for Pager<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some((_, stdin)) = &mut self.child {
            return stdin.write(buf);
        }
        if self.failed {
            return self.direct.write(buf);
        }
        self.held.extend_from_slice(buf);
        self.count(buf);
        if self.lines >= self.screen_rows {
            self.start()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.child {
            Some((_, stdin)) => stdin.flush(),
            None if self.failed => self.direct.flush(),
            // held back until it is known whether the output fits
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_output_is_written_directly() {
        let mut out = Vec::new();
        let mut p = Pager::new(&mut out, "false".to_string(), 10, 80);
        p.write_all(b"one\ntwo\n").unwrap();
        assert!(!p.paging());
        p.finish().unwrap();
        assert_eq!(out, b"one\ntwo\n");
    }

    #[test]
    fn long_output_goes_through_the_pager() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("paged.txt");
        let mut out = Vec::new();
        let mut p = Pager::new(&mut out, format!("cat > '{}'", target.display()), 5, 80);
        for i in 0..20 {
            writeln!(p, "line {i}").unwrap();
        }
        assert!(p.paging());
        p.finish().unwrap();
        assert!(out.is_empty(), "nothing went around the pager");
        let paged = std::fs::read_to_string(&target).unwrap();
        assert_eq!(paged.lines().count(), 20, "{paged}");
    }

    #[test]
    fn a_flag_stops_writing() {
        let mut out = Vec::new();
        let flag = Arc::new(AtomicBool::new(false));
        let mut w = Interruptible::new(&mut out, Some(flag.clone()));
        w.write_all(b"a").unwrap();
        flag.store(true, Ordering::SeqCst);
        assert!(super::super::is_interrupted(&w.write_all(b"b").unwrap_err()));
        assert_eq!(out, b"a");
    }
}
