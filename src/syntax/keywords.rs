//! The reserved words of the grammar, as written in queries (for completion, highlighting
//! and suggestions). A test checks the list against the `kw_*` rules of the grammar.

/// Every keyword, in the spelling a query would use.
pub const KEYWORDS: &[&str] = &[
    "ALL",
    "allShortestPaths",
    "AND",
    "ANY",
    "AS",
    "ASC",
    "ASCENDING",
    "ASSERT",
    "BREAK",
    "BY",
    "CALL",
    "CASE",
    "COLLECT",
    "CONSTRAINT",
    "CONTAINS",
    "CONTINUE",
    "count",
    "CREATE",
    "CSV",
    "DELETE",
    "DESC",
    "DESCENDING",
    "DETACH",
    "DISTINCT",
    "DROP",
    "ELSE",
    "END",
    "ENDS",
    "ERROR",
    "EXISTS",
    "EXPLAIN",
    "FAIL",
    "false",
    "FIELDTERMINATOR",
    "FOR",
    "FOREACH",
    "FROM",
    "GROUPS",
    "HEADERS",
    "IF",
    "IN",
    "INDEX",
    "IS",
    "LIMIT",
    "LOAD",
    "MATCH",
    "MERGE",
    "NONE",
    "NOT",
    "null",
    "OF",
    "ON",
    "OPTIONAL",
    "OR",
    "ORDER",
    "PATH",
    "PATHS",
    "PROFILE",
    "reduce",
    "REMOVE",
    "REQUIRE",
    "RETURN",
    "ROWS",
    "SET",
    "SHORTEST",
    "shortestPath",
    "SINGLE",
    "SKIP",
    "STARTS",
    "THEN",
    "TRANSACTIONS",
    "true",
    "UNION",
    "UNIQUE",
    "UNWIND",
    "WHEN",
    "WHERE",
    "WITH",
    "XOR",
    "YIELD",
];

/// Whether `word` is a keyword, ignoring case.
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_keyword_rule_of_the_grammar_is_listed() {
        let grammar = include_str!("../../grammar/cypher.pest");
        let rules: Vec<&str> = grammar.lines().filter_map(|l| l.strip_prefix("kw_")).collect();
        assert!(rules.len() > 40, "the grammar has kw_ rules");
        for line in rules {
            let word = line.split('"').nth(1).unwrap_or_default();
            assert!(is_keyword(word), "keyword {word} of the grammar is missing from KEYWORDS");
        }
        assert_eq!(KEYWORDS.len(), grammar.lines().filter(|l| l.starts_with("kw_")).count());
    }
}
