//! The questions a graph user asks of the movies graph (co-actors, paths between people,
//! recommendations, aggregations), answered by ieum and by an independent oracle: a small
//! parser of the same load script and plain Rust loops over the parsed graph. The two must
//! agree row for row.
//!
//! Reads `$IEUM_DATASETS_DIR/movies/movies.cypher`; without the variable the tests say they
//! are skipped and pass.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::path::PathBuf;
use std::process::Command;

use ieum::syntax::split_statements;
use ieum::{Database, Params, QueryOptions, Value};
use regex::Regex;

fn script() -> Option<String> {
    let Some(dir) = std::env::var_os("IEUM_DATASETS_DIR").filter(|d| !d.is_empty()) else {
        println!("movies tests skipped: IEUM_DATASETS_DIR not set");
        return None;
    };
    let path = PathBuf::from(dir).join("movies/movies.cypher");
    Some(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// The movies graph as the oracle sees it.
#[derive(Default)]
struct Oracle {
    /// variable name in the script -> (label, properties as text)
    nodes: HashMap<String, (String, HashMap<String, String>)>,
    /// (start variable, type, end variable, properties)
    rels: Vec<(String, String, String, HashMap<String, String>)>,
}

impl Oracle {
    fn parse(script: &str) -> Oracle {
        let node = Regex::new(r"^CREATE \((\w+):(\w+) \{(.*)\}\)").expect("node regex");
        let rel = Regex::new(r"^(?:CREATE )?\((\w+)\)-\[:(\w+)(?: \{(.*)\})?\]->\((\w+)\)").expect("rel regex");
        let prop = Regex::new(r#"(\w+):\s*('(?:[^'\\]|\\.)*'|"[^"]*"|-?\d+|\[[^\]]*\])"#).expect("prop regex");
        let props = |text: &str| -> HashMap<String, String> {
            prop.captures_iter(text).map(|c| (c[1].to_string(), c[2].trim_matches(|ch| ch == '\'' || ch == '"').to_string())).collect()
        };
        let mut o = Oracle::default();
        for line in script.lines() {
            let line = line.trim();
            if let Some(c) = node.captures(line) {
                o.nodes.insert(c[1].to_string(), (c[2].to_string(), props(&c[3])));
            } else if let Some(c) = rel.captures(line) {
                o.rels.push((c[1].to_string(), c[2].to_string(), c[4].to_string(), props(c.get(3).map_or("", |m| m.as_str()))));
            }
        }
        o
    }

    fn name(&self, var: &str) -> String {
        let (_, p) = &self.nodes[var];
        p.get("name").or_else(|| p.get("title")).cloned().unwrap_or_default()
    }

    fn var_of(&self, name: &str) -> String {
        self.nodes.iter().find(|(_, (_, p))| p.get("name").is_some_and(|n| n == name)).map(|(v, _)| v.clone()).expect("person exists")
    }

    fn out(&self, ty: &str) -> impl Iterator<Item = (usize, &str, &str)> {
        self.rels.iter().enumerate().filter(move |(_, r)| r.1 == ty).map(|(i, r)| (i, r.0.as_str(), r.2.as_str()))
    }

    /// Breadth-first distances over every relationship, ignoring direction.
    fn distances(&self, from: &str) -> HashMap<String, usize> {
        let mut adj: HashMap<&str, Vec<&str>> = HashMap::new();
        for (a, _, b, _) in &self.rels {
            adj.entry(a).or_default().push(b);
            adj.entry(b).or_default().push(a);
        }
        let mut dist = HashMap::from([(from.to_string(), 0)]);
        let mut queue = VecDeque::from([from.to_string()]);
        while let Some(n) = queue.pop_front() {
            let d = dist[&n];
            for &m in adj.get(n.as_str()).into_iter().flatten() {
                if !dist.contains_key(m) {
                    dist.insert(m.to_string(), d + 1);
                    queue.push_back(m.to_string());
                }
            }
        }
        dist
    }
}

fn load(script: &str) -> Database {
    let mut db = Database::new();
    for st in split_statements(script) {
        db.execute(st.text).unwrap_or_else(|e| panic!("loading movies.cypher: {e}"));
    }
    db
}

fn rows(db: &mut Database, q: &str, params: &[(&str, Value)]) -> Vec<Vec<Value>> {
    let mut p = Params::new();
    for (k, v) in params {
        p.insert((*k).to_string(), v.clone());
    }
    let opts = QueryOptions { params: p, ..QueryOptions::default() };
    db.execute_with(q, &opts).unwrap_or_else(|e| panic!("{q}: {e}")).rows
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        other => format!("{other:?}"),
    }
}

fn int(v: &Value) -> i64 {
    match v {
        Value::Int(i) => *i,
        other => panic!("expected an integer, got {other:?}"),
    }
}

const PEOPLE: [&str; 6] = ["Tom Hanks", "Keanu Reeves", "Meg Ryan", "Kevin Bacon", "Jack Nicholson", "Hugo Weaving"];

#[test]
fn the_graph_loads_whole() {
    let Some(s) = script() else { return };
    let o = Oracle::parse(&s);
    let mut db = load(&s);
    assert_eq!(o.nodes.len(), 171);
    assert_eq!(o.rels.len(), 253);
    let per_type = rows(&mut db, "MATCH ()-[r]->() RETURN type(r), count(*)", &[]);
    let got: BTreeMap<String, i64> = per_type.iter().map(|r| (text(&r[0]), int(&r[1]))).collect();
    let mut want: BTreeMap<String, i64> = BTreeMap::new();
    for (_, t, _, _) in &o.rels {
        *want.entry(t.clone()).or_default() += 1;
    }
    assert_eq!(got, want);
}

#[test]
fn co_actors() {
    let Some(s) = script() else { return };
    let o = Oracle::parse(&s);
    let mut db = load(&s);
    for person in PEOPLE {
        let me = o.var_of(person);
        let my_movies: BTreeSet<&str> = o.out("ACTED_IN").filter(|(_, a, _)| *a == me).map(|(_, _, m)| m).collect();
        let want: BTreeSet<String> =
            o.out("ACTED_IN").filter(|(_, a, m)| *a != me && my_movies.contains(m)).map(|(_, a, _)| o.name(a)).collect();
        let got: BTreeSet<String> = rows(
            &mut db,
            "MATCH (p:Person {name: $name})-[:ACTED_IN]->(:Movie)<-[:ACTED_IN]-(co:Person) RETURN DISTINCT co.name",
            &[("name", Value::from(person))],
        )
        .iter()
        .map(|r| text(&r[0]))
        .collect();
        assert_eq!(got, want, "co-actors of {person}");
    }
}

#[test]
fn shortest_paths_between_people() {
    let Some(s) = script() else { return };
    let o = Oracle::parse(&s);
    let mut db = load(&s);
    for from in ["Kevin Bacon", "Tom Hanks"] {
        let dist = o.distances(&o.var_of(from));
        for to in PEOPLE.iter().filter(|p| **p != from) {
            let got = rows(
                &mut db,
                "MATCH p = shortestPath((a:Person {name: $a})-[*]-(b:Person {name: $b})) RETURN length(p)",
                &[("a", Value::from(from)), ("b", Value::from(*to))],
            );
            let want: Vec<Vec<Value>> = dist.get(&o.var_of(to)).map(|d| vec![vec![Value::Int(*d as i64)]]).unwrap_or_default();
            assert_eq!(got, want, "shortest path {from} - {to}");
        }
    }
}

#[test]
fn co_co_actor_recommendations() {
    let Some(s) = script() else { return };
    let o = Oracle::parse(&s);
    let mut db = load(&s);
    let acted: Vec<(usize, &str, &str)> = o.out("ACTED_IN").collect();
    for person in ["Tom Hanks", "Keanu Reeves"] {
        let me = o.var_of(person);
        let co_actors: BTreeSet<&str> =
            acted.iter().filter(|(_, a, m)| *a != me && acted.iter().any(|(_, b, n)| *b == me && n == m)).map(|(_, a, _)| *a).collect();
        // Every match of the four-relationship pattern, each relationship used once.
        let mut want: BTreeMap<String, i64> = BTreeMap::new();
        for &(r1, a, m) in acted.iter().filter(|(_, a, _)| *a == me) {
            for &(r2, co, _) in acted.iter().filter(|(_, _, x)| *x == m) {
                for &(r3, _, m2) in acted.iter().filter(|(_, x, _)| *x == co) {
                    for &(r4, coco, _) in acted.iter().filter(|(_, _, x)| *x == m2) {
                        let ids = BTreeSet::from([r1, r2, r3, r4]);
                        if ids.len() == 4 && coco != a && !co_actors.contains(coco) {
                            *want.entry(o.name(coco)).or_default() += 1;
                        }
                    }
                }
            }
        }
        let got: BTreeMap<String, i64> = rows(
            &mut db,
            "MATCH (me:Person {name: $name})-[:ACTED_IN]->(m)<-[:ACTED_IN]-(co)-[:ACTED_IN]->(m2)<-[:ACTED_IN]-(coco)
             WHERE me <> coco AND NOT (me)-[:ACTED_IN]->()<-[:ACTED_IN]-(coco)
             RETURN coco.name AS name, count(*) AS strength ORDER BY strength DESC, name",
            &[("name", Value::from(person))],
        )
        .iter()
        .map(|r| (text(&r[0]), int(&r[1])))
        .collect();
        assert_eq!(got, want, "recommendations for {person}");
    }
}

#[test]
fn aggregations_per_movie_and_director() {
    let Some(s) = script() else { return };
    let o = Oracle::parse(&s);
    let mut db = load(&s);
    // Cast size and the birth-year range of each movie's actors (people without `born` skipped).
    let mut want: BTreeMap<String, (i64, Option<i64>, Option<i64>)> = BTreeMap::new();
    for (_, a, m) in o.out("ACTED_IN") {
        let e = want.entry(o.name(m)).or_insert((0, None, None));
        e.0 += 1;
        if let Some(b) = o.nodes[a].1.get("born").and_then(|b| b.parse::<i64>().ok()) {
            e.1 = Some(e.1.map_or(b, |x: i64| x.min(b)));
            e.2 = Some(e.2.map_or(b, |x: i64| x.max(b)));
        }
    }
    let got: BTreeMap<String, (i64, Option<i64>, Option<i64>)> =
        rows(&mut db, "MATCH (p:Person)-[:ACTED_IN]->(m:Movie) RETURN m.title, count(p), min(p.born), max(p.born)", &[])
            .iter()
            .map(|r| {
                let opt = |v: &Value| if v.is_null() { None } else { Some(int(v)) };
                (text(&r[0]), (int(&r[1]), opt(&r[2]), opt(&r[3])))
            })
            .collect();
    assert_eq!(got, want);

    let mut directed: BTreeMap<String, i64> = BTreeMap::new();
    for (_, d, _) in o.out("DIRECTED") {
        *directed.entry(o.name(d)).or_default() += 1;
    }
    let got: BTreeMap<String, i64> = rows(&mut db, "MATCH (d:Person)-[:DIRECTED]->(m:Movie) RETURN d.name, count(m)", &[])
        .iter()
        .map(|r| (text(&r[0]), int(&r[1])))
        .collect();
    assert_eq!(got, directed);

    // Reviews per person, zero included (OPTIONAL MATCH).
    let people = o.nodes.iter().filter(|(_, (l, _))| l == "Person").count();
    let reviews = rows(&mut db, "MATCH (p:Person) OPTIONAL MATCH (p)-[r:REVIEWED]->() RETURN p.name, count(r) AS n", &[]);
    assert_eq!(reviews.len(), people);
    let total: i64 = reviews.iter().map(|r| int(&r[1])).sum();
    assert_eq!(total, o.out("REVIEWED").count() as i64);
}

#[test]
fn variable_length_neighbourhoods() {
    let Some(s) = script() else { return };
    let o = Oracle::parse(&s);
    let mut db = load(&s);
    for person in PEOPLE {
        let me = o.var_of(person);
        // Over ACTED_IN only, in both directions: people at most four steps away.
        let mut adj: HashMap<&str, Vec<&str>> = HashMap::new();
        for (_, a, m) in o.out("ACTED_IN") {
            adj.entry(a).or_default().push(m);
            adj.entry(m).or_default().push(a);
        }
        let mut dist: HashMap<&str, usize> = HashMap::from([(me.as_str(), 0)]);
        let mut queue = VecDeque::from([me.as_str()]);
        while let Some(n) = queue.pop_front() {
            for &m in adj.get(n).into_iter().flatten() {
                if !dist.contains_key(m) {
                    dist.insert(m, dist[n] + 1);
                    queue.push_back(m);
                }
            }
        }
        let want: BTreeSet<String> =
            dist.iter().filter(|(v, d)| **d <= 4 && **v != me && o.nodes[**v].0 == "Person").map(|(v, _)| o.name(v)).collect();
        let got: BTreeSet<String> = rows(
            &mut db,
            "MATCH (k:Person {name: $name})-[:ACTED_IN*1..4]-(x:Person) WHERE x <> k RETURN DISTINCT x.name",
            &[("name", Value::from(person))],
        )
        .iter()
        .map(|r| text(&r[0]))
        .collect();
        assert_eq!(got, want, "people within four ACTED_IN steps of {person}");
    }
}

#[test]
fn loads_with_ieum_run_memory() {
    let Some(dir) = std::env::var_os("IEUM_DATASETS_DIR").filter(|d| !d.is_empty()) else {
        println!("movies tests skipped: IEUM_DATASETS_DIR not set");
        return;
    };
    let file = PathBuf::from(dir).join("movies/movies.cypher");
    let query = std::env::temp_dir().join(format!("ieum-movies-{}.cypher", std::process::id()));
    std::fs::write(&query, "MATCH (m:Movie) RETURN count(m) AS movies;\nMATCH (p:Person) RETURN count(p) AS people;\n").expect("temp file");
    let out = Command::new(env!("CARGO_BIN_EXE_ieum"))
        .args(["run", "--memory", "--format", "json"])
        .arg(&file)
        .arg(&query)
        .output()
        .expect("the ieum binary runs");
    let _ = std::fs::remove_file(&query);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("one JSON object per line")).collect();
    let counts: Vec<&serde_json::Value> = lines.iter().rev().take(2).collect();
    assert_eq!(counts[1]["rows"], serde_json::json!([[38]]));
    assert_eq!(counts[0]["rows"], serde_json::json!([[133]]));
}
