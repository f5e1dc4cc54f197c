//! "Did you mean ...?" suggestions: the closest candidate by edit distance.

/// The keyword closest to `word` (case-insensitive), if it is a likely misspelling; a
/// two-word keyword ("ORDER BY") is compared by its first word.
pub(crate) fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    crate::suggest::closest_by(word, candidates, |c| c.split(' ').next().unwrap_or(c))
}

#[cfg(test)]
mod tests {
    use super::*;

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
