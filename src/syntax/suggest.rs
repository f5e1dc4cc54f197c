//! "Did you mean ...?" suggestions: the closest candidate by edit distance.

/// Levenshtein distance between two strings, compared case-insensitively, by characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = prev[j] + usize::from(ca != cb);
            cur[j + 1] = substitution.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `word` (case-insensitive), if it is close enough to be a likely
/// misspelling: at most 2 edits, and at most 1 for words of three letters or fewer. A word
/// equal to a candidate (ignoring case) is not a misspelling and gives no suggestion.
pub(crate) fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let len = word.chars().count();
    if len < 2 {
        return None;
    }
    let limit = if len <= 3 { 1 } else { 2 };
    let mut best: Option<(usize, &'c str)> = None;
    for c in candidates {
        // compare with the first word of multi-word keywords ("ORDER BY" -> "ORDER")
        let head = c.split(' ').next().unwrap_or(c);
        let d = edit_distance(word, head);
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
        assert_eq!(edit_distance("RETRUN", "return"), 2);
        assert_eq!(edit_distance("MACH", "MATCH"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("매치", "매치"), 0);
    }

    #[test]
    fn closest_keyword() {
        let kws = ["MATCH", "RETURN", "CREATE", "ORDER BY"];
        assert_eq!(closest("RETRUN", kws), Some("RETURN"));
        assert_eq!(closest("mtach", kws), Some("MATCH"));
        assert_eq!(closest("ordr", kws), Some("ORDER BY"));
        assert_eq!(closest("banana", kws), None);
        assert_eq!(closest("x", kws), None);
        assert_eq!(closest("return", kws), None);
    }
}
