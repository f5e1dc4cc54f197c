//! The value budget: how large (in bytes, estimated) one value built by a statement may
//! grow — a string, a list, a map, a collected group. Checked where values grow (string and
//! list `+`, list literals, comprehensions, `replace`, `collect`) before the memory is
//! taken, so that a statement that would need more fails with `MemoryLimitExceeded` and
//! the session goes on.
//!
//! The limit is one setting for the process (`--value-limit`, `:set value-limit`), read by
//! every thread of every statement.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::ExecError;
use crate::value::Value;

/// The default limit: 256 MiB (building a string of that size briefly takes twice as much).
pub const DEFAULT_VALUE_LIMIT: usize = 256 << 20;

/// Bytes counted for a value besides its contents (the slot holding it).
pub const SLOT: usize = 16;

static LIMIT: AtomicUsize = AtomicUsize::new(DEFAULT_VALUE_LIMIT);

/// Sets the largest value a statement may build, in bytes.
pub fn set_value_limit(bytes: usize) {
    LIMIT.store(bytes, Ordering::Relaxed);
}

/// The largest value a statement may build, in bytes.
pub fn value_limit() -> usize {
    LIMIT.load(Ordering::Relaxed)
}

/// The error for a value of (at least) `bytes` bytes built by `what`.
pub fn exceeded(what: &str, bytes: usize) -> ExecError {
    let limit = value_limit();
    let shown = if bytes == usize::MAX { format!("more than {limit}") } else { bytes.to_string() };
    ExecError::argument(
        "MemoryLimitExceeded",
        format!(
            "{what} would build a value of {shown} bytes, over the limit of {limit} bytes (change it with --value-limit or :set value-limit)"
        ),
    )
}

/// Fails when `bytes` is over the limit.
pub fn check(what: &str, bytes: usize) -> Result<(), ExecError> {
    if bytes > value_limit() { Err(exceeded(what, bytes)) } else { Ok(()) }
}

/// The estimated size of `v` in bytes, or `usize::MAX` as soon as it is known to exceed the
/// limit (so that a value sharing its parts many times over is not walked for long).
pub fn size(v: &Value) -> usize {
    let limit = value_limit();
    let mut total = 0usize;
    add_size(v, limit, &mut total);
    total
}

fn add_size(v: &Value, limit: usize, total: &mut usize) {
    *total = total.saturating_add(SLOT);
    match v {
        Value::String(s) => *total = total.saturating_add(s.len()),
        Value::List(items) => {
            for it in items.iter() {
                if *total > limit {
                    break;
                }
                add_size(it, limit, total);
            }
        }
        Value::Map(m) => {
            for (k, it) in m.iter() {
                if *total > limit {
                    break;
                }
                *total = total.saturating_add(k.len());
                add_size(it, limit, total);
            }
        }
        _ => {}
    }
    if *total > limit {
        *total = usize::MAX;
    }
}

/// A running total of the values added to something being built (a list, a group).
#[derive(Clone, Copy, Debug, Default)]
pub struct Tally(usize);

impl Tally {
    /// Counts `v` in; fails when the total passes the limit.
    pub fn add(&mut self, what: &str, v: &Value) -> Result<(), ExecError> {
        self.0 = self.0.saturating_add(size(v));
        check(what, self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_parts_stop_the_count_at_the_limit() {
        // 2^64 elements if walked in full, built in 64 steps by sharing
        let mut v = Value::list(vec![Value::Int(1)]);
        for _ in 0..64 {
            v = Value::list(vec![v.clone(), v]);
        }
        assert_eq!(size(&v), usize::MAX);
        assert_eq!(size(&Value::from("abc")), SLOT + 3);
    }
}
