//! A property set: a small vector of (key, value) pairs sorted by key symbol. Most entities
//! hold a handful of properties, where a sorted vector beats a hash map in both memory and
//! lookup time.

use super::interner::Sym;
use crate::value::Value;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Props(Vec<(Sym, Value)>);

impl Props {
    pub fn new() -> Self {
        Props(Vec::new())
    }

    /// Builds from pairs; later pairs win over earlier ones with the same key; null values
    /// are dropped (a null property does not exist).
    pub fn from_pairs(pairs: impl IntoIterator<Item = (Sym, Value)>) -> Self {
        let mut p = Props::new();
        for (k, v) in pairs {
            p.set(k, v);
        }
        p
    }

    pub fn get(&self, key: Sym) -> Option<&Value> {
        self.0.binary_search_by_key(&key, |(k, _)| *k).ok().map(|i| &self.0[i].1)
    }

    /// Sets `key` to `value` (removing it when `value` is null); returns the old value.
    pub fn set(&mut self, key: Sym, value: Value) -> Option<Value> {
        match self.0.binary_search_by_key(&key, |(k, _)| *k) {
            Ok(i) if value.is_null() => Some(self.0.remove(i).1),
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(_) if value.is_null() => None,
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    pub fn remove(&mut self, key: Sym) -> Option<Value> {
        self.set(key, Value::Null)
    }

    pub fn iter(&self) -> impl Iterator<Item = (Sym, &Value)> {
        self.0.iter().map(|(k, v)| (*k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = Sym> + '_ {
        self.0.iter().map(|(k, _)| *k)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_get_remove_keep_order() {
        let mut p = Props::new();
        p.set(Sym(3), Value::Int(3));
        p.set(Sym(1), Value::Int(1));
        assert_eq!(p.set(Sym(3), Value::Int(4)), Some(Value::Int(3)));
        assert_eq!(p.keys().collect::<Vec<_>>(), vec![Sym(1), Sym(3)]);
        assert_eq!(p.set(Sym(1), Value::Null), Some(Value::Int(1)));
        assert_eq!(p.len(), 1);
        assert_eq!(p.get(Sym(3)), Some(&Value::Int(4)));
    }
}
