//! Whatever the input, a statement either answers or fails with an error; it never panics
//! and never leaves a failed statement's changes behind. Random statements are stitched
//! from the language's own tokens (so many of them parse and run) and from raw characters.

use std::time::{Duration, Instant};

use ieum::{Database, QueryOptions};
use proptest::prelude::*;

const TOKENS: &[&str] = &[
    "MATCH",
    "OPTIONAL MATCH",
    "WHERE",
    "RETURN",
    "WITH",
    "UNWIND",
    "AS",
    "CREATE",
    "MERGE",
    "SET",
    "REMOVE",
    "DELETE",
    "DETACH DELETE",
    "ORDER BY",
    "SKIP",
    "LIMIT",
    "DISTINCT",
    "UNION",
    "ALL",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "AND",
    "OR",
    "XOR",
    "NOT",
    "IN",
    "IS NULL",
    "IS NOT NULL",
    "STARTS WITH",
    "CONTAINS",
    "=~",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    ".",
    "..",
    "|",
    "-",
    "->",
    "<-",
    "-->",
    "--",
    "*",
    "+",
    "/",
    "%",
    "^",
    "=",
    "<>",
    "<",
    ">=",
    "n",
    "m",
    "r",
    "p",
    "x",
    ":A",
    ":B",
    ":T",
    "name",
    "0",
    "1",
    "-1",
    "2.5",
    "9223372036854775807",
    "'s'",
    "'한국'",
    "null",
    "true",
    "$p",
    "count(*)",
    "collect(",
    "size(",
    "range(",
    "shortestPath(",
    "toInteger(",
    "labels(",
    "nodes(",
    "reduce(",
    "exists",
    "date(",
    "duration(",
    "{name: 'x'}",
    "[1, 2, 3]",
    ";",
    "//",
    "/*",
    "`",
    "\\",
    "\"",
];

fn statement() -> impl Strategy<Value = String> {
    let token = prop::sample::select(TOKENS).prop_map(str::to_string);
    let raw = "[ -~가-힣\\n]{0,3}";
    prop::collection::vec(prop_oneof![8 => token, 1 => raw], 1..24).prop_map(|parts| parts.join(" "))
}

fn database() -> Database {
    let mut db = Database::new();
    db.execute("CREATE (:A {name: 'a', n: 1})-[:T {w: 2}]->(:B {name: 'b'})-[:T]->(:A:B {name: '한국'}), (:A)").expect("seed graph");
    db
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn random_statements_never_panic(text in statement()) {
        let mut db = database();
        let before = db.contents();
        let opts = QueryOptions { deadline: Some(Instant::now() + Duration::from_millis(200)), ..QueryOptions::default() };
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| db.execute_with(&text, &opts)));
        match outcome {
            Err(_) => prop_assert!(false, "panicked on: {text}"),
            Ok(Err(e)) => {
                // A failed statement leaves the graph as it was and can be shown to the user.
                prop_assert!(db.contents() == before, "a failed statement changed the graph: {text}");
                let shown = e.render(&text, "<query>");
                prop_assert!(shown.starts_with("error: "), "{shown}");
            }
            Ok(Ok(_)) => {}
        }
    }
}
