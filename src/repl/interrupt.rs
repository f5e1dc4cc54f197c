//! Ctrl-C while a statement runs: a SIGINT handler, installed once per process, that sets
//! the flag the running statement polls (it then stops with `Cancelled`). While the line
//! editor reads a line the terminal is in raw mode, so Ctrl-C reaches the editor as a key
//! instead, and clears the line.

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock};

/// The process-wide cancel flag, with the handler installed on first use. None when the
/// handler cannot be installed (Ctrl-C then ends the process, as it would without it).
pub fn flag() -> Option<Arc<AtomicBool>> {
    static FLAG: OnceLock<Option<Arc<AtomicBool>>> = OnceLock::new();
    FLAG.get_or_init(|| {
        let flag = Arc::new(AtomicBool::new(false));
        signal_hook::flag::register(signal_hook::consts::SIGINT, flag.clone()).ok().map(|_| flag)
    })
    .clone()
}
