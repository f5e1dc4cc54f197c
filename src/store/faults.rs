//! Fault injection for the durable path: every write, sync, truncation and rename that a
//! commit or a checkpoint makes first passes through [`step`], which a test can arm to fail
//! the N-th step from now. Disarmed (always, outside tests that arm it), a step costs one
//! thread-local read.
//!
//! The plan is per thread: the steps of a commit or checkpoint run on the thread that
//! called it, so tests running side by side do not see each other's faults.

use std::cell::Cell;
use std::io;

thread_local! {
    /// Steps taken since the last [`arm`] or [`count`].
    static TAKEN: Cell<u64> = const { Cell::new(0) };
    /// Fail the step with this number (counted from 0), if any.
    static FAIL_AT: Cell<Option<u64>> = const { Cell::new(None) };
}

/// Makes step number `n` (from 0) from now on fail with an I/O error, once.
pub fn arm(n: u64) {
    TAKEN.with(|t| t.set(0));
    FAIL_AT.with(|f| f.set(Some(n)));
}

/// Disarms and starts counting steps from zero.
pub fn count() {
    TAKEN.with(|t| t.set(0));
    FAIL_AT.with(|f| f.set(None));
}

/// Steps taken since [`arm`] or [`count`].
pub fn taken() -> u64 {
    TAKEN.with(Cell::get)
}

/// One step of the durable path (`what` names it in the injected error); fails when armed
/// for this step.
pub fn step(what: &str) -> io::Result<()> {
    let n = TAKEN.with(|t| {
        let n = t.get();
        t.set(n + 1);
        n
    });
    if FAIL_AT.with(Cell::get) == Some(n) {
        FAIL_AT.with(|f| f.set(None));
        return Err(io::Error::other(format!("injected failure of step {n} ({what})")));
    }
    Ok(())
}
