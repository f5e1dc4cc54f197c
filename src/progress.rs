//! A progress bar on stderr for scripts and loads that take more than a moment (indicatif
//! is used only here). Nothing is drawn when stderr is not a terminal, and nothing before
//! the work has run for half a second, so quick scripts print exactly what they printed
//! before.

use std::cell::OnceCell;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// How long work runs before a bar appears.
const GRACE: Duration = Duration::from_millis(500);

/// Progress through `total` bytes of input.
pub struct Progress {
    total: u64,
    started: Instant,
    enabled: bool,
    bar: OnceCell<ProgressBar>,
}

impl Progress {
    /// Progress through a script of `bytes` bytes holding `statements` statements; a
    /// script of one statement has no progress to show.
    pub fn for_script(bytes: usize, statements: usize) -> Self {
        Progress {
            total: bytes as u64,
            started: Instant::now(),
            enabled: statements > 1 && std::io::stderr().is_terminal(),
            bar: OnceCell::new(),
        }
    }

    /// Reports that the work has reached byte `at`.
    pub fn set(&self, at: usize) {
        if !self.enabled {
            return;
        }
        if self.bar.get().is_none() && self.started.elapsed() < GRACE {
            return;
        }
        let bar = self.bar.get_or_init(|| {
            let style = ProgressStyle::with_template("{spinner} {bytes}/{total_bytes} [{bar:30}] {elapsed}, about {eta} left")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
            ProgressBar::new(self.total).with_style(style)
        });
        bar.set_position(at as u64);
    }

    /// Runs `f` with the bar hidden, so that its output does not mix with the bar.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match self.bar.get() {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}
