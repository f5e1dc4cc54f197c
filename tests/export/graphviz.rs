//! Feeds DOT text to the real Graphviz `dot -Tsvg` and counts what the SVG drew.
//!
//! Without `dot` on PATH the check prints `skipped: Graphviz dot not found` and passes,
//! unless `IEUM_REQUIRE_GRAPHVIZ=1` (set by CI), which turns the absence into a failure.

use std::io::Write;
use std::process::{Command, Stdio};

fn required() -> bool {
    std::env::var("IEUM_REQUIRE_GRAPHVIZ").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Renders `dot_text` to SVG; `None` when Graphviz is absent (and not required).
pub fn svg(dot_text: &str, what: &str) -> Option<String> {
    let child = Command::new("dot").arg("-Tsvg").stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            assert!(!required(), "IEUM_REQUIRE_GRAPHVIZ is set but Graphviz `dot` is not on PATH (install graphviz)");
            println!("skipped: Graphviz dot not found ({what})");
            return None;
        }
        Err(e) => panic!("cannot run Graphviz dot: {e}"),
    };
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = dot_text.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("dot finishes");
    writer.join().expect("writer thread").expect("dot reads its input");
    assert!(out.status.success(), "dot rejected {what}: {}\n{dot_text}", String::from_utf8_lossy(&out.stderr));
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Checks that Graphviz accepts `dot_text` and draws exactly `nodes` nodes and `edges` edges.
pub fn check(dot_text: &str, nodes: usize, edges: usize, what: &str) {
    if let Some(svg) = svg(dot_text, what) {
        let n = svg.matches("class=\"node\"").count();
        let e = svg.matches("class=\"edge\"").count();
        assert_eq!((n, e), (nodes, edges), "nodes and edges Graphviz drew for {what}");
    }
}
