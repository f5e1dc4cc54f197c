//! A growable bit vector: which slots of a property column hold a value, which entries of
//! the bulk adjacency arrays are still live. Reading past the end gives `false`.

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bits {
    words: Vec<u64>,
    len: usize,
}

impl Bits {
    pub fn new() -> Self {
        Self::default()
    }

    /// `len` bits, all set to `value`.
    pub fn filled(len: usize, value: bool) -> Self {
        let mut words = vec![if value { u64::MAX } else { 0 }; len.div_ceil(64)];
        if value
            && !len.is_multiple_of(64)
            && let Some(last) = words.last_mut()
        {
            *last = (1u64 << (len % 64)) - 1;
        }
        Bits { words, len }
    }

    /// Rebuilds from the words of [`Self::words`] (snapshot loading); bits past `len` are
    /// cleared, so that damaged input cannot make counts disagree.
    pub fn from_words(mut words: Vec<u64>, len: usize) -> Option<Self> {
        if words.len() != len.div_ceil(64) {
            return None;
        }
        if !len.is_multiple_of(64)
            && let Some(last) = words.last_mut()
        {
            *last &= (1u64 << (len % 64)) - 1;
        }
        Some(Bits { words, len })
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn words(&self) -> &[u64] {
        &self.words
    }

    #[inline]
    pub fn get(&self, i: usize) -> bool {
        i < self.len && self.words[i / 64] >> (i % 64) & 1 == 1
    }

    /// Sets bit `i`, growing the vector (with clear bits) when `i` is past the end.
    pub fn set(&mut self, i: usize, value: bool) {
        if i >= self.len {
            if !value {
                return;
            }
            self.resize(i + 1);
        }
        let w = &mut self.words[i / 64];
        if value {
            *w |= 1 << (i % 64);
        } else {
            *w &= !(1 << (i % 64));
        }
    }

    pub fn resize(&mut self, len: usize) {
        if len < self.len {
            self.words.truncate(len.div_ceil(64));
            if !len.is_multiple_of(64)
                && let Some(last) = self.words.last_mut()
            {
                *last &= (1u64 << (len % 64)) - 1;
            }
        } else {
            self.words.resize(len.div_ceil(64), 0);
        }
        self.len = len;
    }

    pub fn count_ones(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The indexes of the set bits, in order.
    pub fn ones(&self) -> impl Iterator<Item = usize> + '_ {
        self.words.iter().enumerate().flat_map(|(wi, &w)| {
            let mut w = w;
            std::iter::from_fn(move || {
                if w == 0 {
                    return None;
                }
                let b = w.trailing_zeros() as usize;
                w &= w - 1;
                Some(wi * 64 + b)
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_get_grow_shrink_count() {
        let mut b = Bits::new();
        assert!(!b.get(10));
        b.set(70, true);
        b.set(3, true);
        assert_eq!(b.len(), 71);
        assert!(b.get(70) && b.get(3) && !b.get(4));
        assert_eq!(b.ones().collect::<Vec<_>>(), vec![3, 70]);
        b.set(1000, false);
        assert_eq!(b.len(), 71, "clearing past the end does not grow");
        b.resize(10);
        assert_eq!(b.count_ones(), 1);
        let f = Bits::filled(130, true);
        assert_eq!(f.count_ones(), 130);
        assert!(!f.get(130));
        let again = Bits::from_words(vec![u64::MAX, u64::MAX, u64::MAX], 130).unwrap();
        assert_eq!(again, f);
        assert!(Bits::from_words(vec![0], 130).is_none());
    }
}
