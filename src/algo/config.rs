//! The configuration map of an algorithm procedure: typed getters with errors that name
//! the procedure and the key, and a final check that refuses keys nobody asked for.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::error::ExecError;
use crate::value::Value;

/// The entries of a `config` argument still to be read.
pub struct Config {
    proc_: &'static str,
    entries: BTreeMap<Arc<str>, Value>,
    /// Every key asked for, in order: the valid keys, for the unknown-key message.
    asked: Vec<&'static str>,
}

/// An argument error naming the procedure.
pub fn invalid(proc_: &str, message: impl std::fmt::Display) -> ExecError {
    ExecError::argument("InvalidArgumentValue", format!("{proc_}: {message}"))
}

/// A type error naming the procedure.
pub fn wrong_type(proc_: &str, what: &str, expected: &str, v: &Value) -> ExecError {
    ExecError::type_error("InvalidArgumentType", format!("{proc_}: {what} must be {expected}, not {}", v.value_type()))
}

impl Config {
    /// Reads argument `config` of `proc_`: a map, or null for no settings.
    pub fn new(proc_: &'static str, v: &Value) -> Result<Config, ExecError> {
        let entries = match v {
            Value::Null => BTreeMap::new(),
            Value::Map(m) => m.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), v.clone())).collect(),
            other => return Err(wrong_type(proc_, "argument `config`", "a map such as {types: ['KNOWS']}", other)),
        };
        Ok(Config { proc_, entries, asked: Vec::new() })
    }

    pub fn proc_name(&self) -> &'static str {
        self.proc_
    }

    /// The value of `key` (a null value counts as absent).
    pub fn take(&mut self, key: &'static str) -> Option<Value> {
        self.asked.push(key);
        self.entries.remove(key)
    }

    /// The first of several spellings of one setting that is present; two at once is an error.
    pub fn take_one_of(&mut self, keys: &[&'static str]) -> Result<Option<(&'static str, Value)>, ExecError> {
        let mut found: Option<(&'static str, Value)> = None;
        for &k in keys {
            if let Some(v) = self.take(k) {
                if let Some((first, _)) = &found {
                    return Err(invalid(self.proc_, format!("`{first}` and `{k}` name the same setting; give one of them")));
                }
                found = Some((k, v));
            }
        }
        Ok(found)
    }

    fn what(&self, key: &str) -> String {
        format!("configuration key `{key}`")
    }

    pub fn float(&mut self, key: &'static str, default: f64, ok: impl Fn(f64) -> bool, expected: &str) -> Result<f64, ExecError> {
        match self.take(key) {
            None => Ok(default),
            Some(v) => match v.as_f64() {
                Some(x) if ok(x) => Ok(x),
                Some(_) => Err(invalid(self.proc_, format!("{} must be {expected}, not {v}", self.what(key)))),
                None => Err(wrong_type(self.proc_, &self.what(key), expected, &v)),
            },
        }
    }

    pub fn int(&mut self, key: &'static str, default: i64, min: i64) -> Result<i64, ExecError> {
        Ok(self.opt_int(key, min)?.unwrap_or(default))
    }

    pub fn opt_int(&mut self, key: &'static str, min: i64) -> Result<Option<i64>, ExecError> {
        let expected = format!("an integer of at least {min}");
        match self.take(key) {
            None => Ok(None),
            Some(Value::Int(i)) if i >= min => Ok(Some(i)),
            Some(v @ Value::Int(_)) => Err(invalid(self.proc_, format!("{} must be {expected}, not {v}", self.what(key)))),
            Some(v) => Err(wrong_type(self.proc_, &self.what(key), &expected, &v)),
        }
    }

    pub fn bool(&mut self, key: &'static str, default: bool) -> Result<bool, ExecError> {
        match self.take(key) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(b),
            Some(v) => Err(wrong_type(self.proc_, &self.what(key), "a boolean", &v)),
        }
    }

    /// A string setting under `key`.
    pub fn string(&mut self, key: &'static str) -> Result<Option<Arc<str>>, ExecError> {
        match self.take(key) {
            None => Ok(None),
            Some(v) => self.expect_string(key, v).map(Some),
        }
    }

    pub fn expect_string(&self, key: &str, v: Value) -> Result<Arc<str>, ExecError> {
        match v {
            Value::String(s) => Ok(s),
            v => Err(wrong_type(self.proc_, &self.what(key), "a string", &v)),
        }
    }

    /// A list of strings (a single string counts as a list of one).
    pub fn strings(&self, key: &str, v: Value) -> Result<Vec<Arc<str>>, ExecError> {
        let expected = "a list of strings";
        match v {
            Value::String(s) => Ok(vec![s]),
            Value::List(items) => items
                .iter()
                .map(|i| match i {
                    Value::String(s) => Ok(s.clone()),
                    other => Err(wrong_type(self.proc_, &format!("each item of {}", self.what(key)), "a string", other)),
                })
                .collect(),
            v => Err(wrong_type(self.proc_, &self.what(key), expected, &v)),
        }
    }

    /// Fails on any key not asked for, suggesting the closest valid one.
    pub fn finish(self) -> Result<(), ExecError> {
        let Some(key) = self.entries.keys().next() else { return Ok(()) };
        let mut valid = self.asked.clone();
        valid.sort_unstable();
        valid.dedup();
        let hint = valid
            .iter()
            .find(|v| v.eq_ignore_ascii_case(key))
            .copied()
            .or_else(|| crate::suggest::closest(key, valid.iter().copied()))
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        let list = valid.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ");
        let known = if list.is_empty() { "it takes no settings".to_string() } else { format!("its keys are {list}") };
        Err(invalid(self.proc_, format!("unknown configuration key `{key}`{hint}; {known}")))
    }
}
