//! Compiled regular expressions of one statement (one per thread running it), by pattern
//! text, so that `=~` compiles each pattern once however many rows it meets, bounded by an
//! estimate of their memory so that patterns built per row cannot pile up.

use std::collections::HashMap;

use regex::{Regex, RegexBuilder};

use crate::error::ExecError;

/// The compiled-size limits tried in turn: a pattern is compiled under the smallest that
/// holds it, and that limit (plus its search cache) is what it is counted as taking.
const TIERS: [usize; 3] = [256 << 10, 2 << 20, 10 << 20];
/// The lazy DFA's cache per pattern.
const DFA_BYTES: usize = 2 << 20;

#[derive(Debug, Default)]
pub struct RegexCache {
    compiled: HashMap<String, Regex>,
    /// Estimated bytes held by the compiled patterns.
    bytes: usize,
}

impl RegexCache {
    /// Beyond this estimate the cache starts over.
    pub const MAX_BYTES: usize = 64 << 20;

    pub fn new() -> Self {
        Self::default()
    }

    /// The compiled form of `pattern`, anchored so that it must match the whole string.
    pub fn get(&mut self, pattern: &str) -> Result<&Regex, ExecError> {
        if !self.compiled.contains_key(pattern) {
            let (re, cost) = compile(pattern)?;
            if self.bytes + cost > Self::MAX_BYTES {
                self.compiled.clear();
                self.bytes = 0;
            }
            self.bytes += cost;
            self.compiled.insert(pattern.to_owned(), re);
        }
        Ok(&self.compiled[pattern])
    }

    /// Estimated bytes held.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    pub fn len(&self) -> usize {
        self.compiled.len()
    }

    pub fn is_empty(&self) -> bool {
        self.compiled.is_empty()
    }
}

/// Compiles `pattern` under the smallest limit that holds it; returns it and its cost.
fn compile(pattern: &str) -> Result<(Regex, usize), ExecError> {
    let anchored = format!(r"\A(?:{pattern})\z");
    let mut last = None;
    for limit in TIERS {
        match RegexBuilder::new(&anchored).size_limit(limit).dfa_size_limit(DFA_BYTES).build() {
            Ok(re) => return Ok((re, limit + DFA_BYTES + pattern.len())),
            Err(e @ regex::Error::CompiledTooBig(_)) => last = Some(e),
            Err(e) => return Err(invalid(pattern, &e)),
        }
    }
    Err(invalid(pattern, &last.unwrap_or(regex::Error::CompiledTooBig(TIERS[2]))))
}

fn invalid(pattern: &str, e: &regex::Error) -> ExecError {
    let detail = e.to_string();
    let last = detail.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
    ExecError::argument("InvalidRegex", format!("invalid regular expression '{pattern}': {last}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_built_per_row_stay_within_the_byte_bound() {
        let mut cache = RegexCache::new();
        for i in 0..12 {
            let re = cache.get(&format!(r"\w{{200}}{i}")).map(|r| r.is_match("x"));
            assert_eq!(re.ok(), Some(false));
            assert!(cache.bytes() <= RegexCache::MAX_BYTES);
        }
        assert!(cache.len() < 12, "the cache started over");
        assert!(cache.get("a(").is_err());
    }
}
