//! "Did you mean ...?": edit distance between names and the closest candidate to a
//! misspelled one. Every layer that suggests a name (keywords, variables, functions,
//! labels, meta-commands) goes through here so the rules are the same everywhere.

/// Optimal-string-alignment distance, ignoring case: an insertion, a deletion, a
/// substitution or a swap of two adjacent characters each cost one.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1).min(d[i * w + j - 1] + 1).min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

/// The most edits a name of `len` characters may be away from a candidate and still be
/// taken as a misspelling of it: none below two characters, one up to three, else two.
pub fn edit_limit(len: usize) -> usize {
    match len {
        0 | 1 => 0,
        2 | 3 => 1,
        _ => 2,
    }
}

/// The candidate closest to `word` (ignoring case) within [`edit_limit`]. A candidate equal
/// to `word` (ignoring case) is not a misspelling and is never suggested. Ties go to the
/// first candidate.
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    closest_by(word, candidates, |c| c)
}

/// Like [`closest`], comparing `word` with `key(candidate)` instead of the candidate itself
/// (e.g. the first word of a two-word keyword).
pub fn closest_by<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>, key: impl Fn(&'c str) -> &'c str) -> Option<&'c str> {
    let limit = edit_limit(word.chars().count());
    let mut best: Option<(usize, &'c str)> = None;
    for c in candidates {
        let d = distance(word, key(c));
        if d == 0 || d > limit {
            continue;
        }
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("length", "lenght"), 1);
        assert_eq!(distance("RETRUN", "return"), 1);
        assert_eq!(distance("MACH", "MATCH"), 1);
        assert_eq!(distance("매치", "매치"), 0);
    }

    #[test]
    fn closest_names() {
        assert_eq!(closest("nmae", ["name", "born"]), Some("name"));
        assert_eq!(closest("xyz", ["name", "born"]), None);
        assert_eq!(closest("name", ["name", "born"]), None);
        assert_eq!(closest("x", ["y"]), None);
        assert_eq!(closest_by("ordr", ["MATCH", "ORDER BY"], |c| c.split(' ').next().unwrap_or(c)), Some("ORDER BY"));
    }
}
