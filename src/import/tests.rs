//! Import: typed columns, ID spaces, groups with labels and types, duplicates and dangling
//! ends (refused or skipped), damage in the files, and imports into a graph with data.

use super::*;

fn text_groups<'a>(files: &[(&'a str, &'a str)]) -> Vec<Group<'a>> {
    files.iter().map(|(n, t)| Group::file(*n, Data::Text(t))).collect()
}

fn run_texts(g: &mut Graph, nodes: &[(&str, &str)], rels: &[(&str, &str)], opts: &Options) -> Report {
    run(g, &text_groups(nodes), &text_groups(rels), opts, &mut |_| {}).unwrap()
}

fn names(g: &Graph, label: &str, key: &str) -> Vec<String> {
    let (l, k) = (g.sym(label).unwrap(), g.sym(key).unwrap());
    let mut v: Vec<String> = g
        .nodes_with_label(l)
        .filter_map(|n| g.node_prop(n, k))
        .map(|v| match v {
            Value::String(s) => s.to_string(),
            other => other.to_string(),
        })
        .collect();
    v.sort();
    v
}

#[test]
fn imports_typed_columns_and_arrays() {
    let mut g = Graph::new();
    let nodes = "id:ID,:LABEL,name,founded:int,aliases:string[],score:float\nc1,Company;Pharma,\"Celltrion, Inc.\",2002,Cell;CT,\nc2,Company,Samsung Biologics,,,1.5\n";
    let rels = ":START_ID,:END_ID,:TYPE,since:int\nc1,c2,PARTNERS_WITH,2020\n";
    let r = import(&mut g, &Sources { nodes: vec![("n.csv", nodes)], relationships: vec![("r.csv", rels)] }).unwrap();
    assert_eq!((r.nodes, r.relationships), (2, 1));
    let (name, founded, aliases) = (g.sym("name").unwrap(), g.sym("founded").unwrap(), g.sym("aliases").unwrap());
    let c1 = g.node_by_public(0).unwrap();
    assert_eq!(g.node_prop(c1, name), Some(Value::str("Celltrion, Inc.")));
    assert_eq!(g.node_prop(c1, aliases), Some(Value::list(vec![Value::str("Cell"), Value::str("CT")])));
    let labels: Vec<&str> = g.node(c1).unwrap().labels().iter().map(|l| &**g.name(*l)).collect();
    assert_eq!(labels, ["Company", "Pharma"], "labels keep the file's order");
    assert!(g.node_prop(g.node_by_public(1).unwrap(), founded).is_none(), "empty cell means missing");
    assert_eq!(g.type_count(g.sym("PARTNERS_WITH").unwrap()), 1);
}

#[test]
fn bad_rows_name_file_and_line_and_add_nothing() {
    let mut g = Graph::new();
    let e = import(&mut g, &Sources { nodes: vec![("n.csv", "id:ID,n:int\na,1\nb,x\n")], relationships: vec![] }).unwrap_err();
    assert_eq!(e.to_string(), "n.csv:3: column n: 'x' is not an integer");
    assert_eq!(g.node_count(), 0);
    let rels = ":START_ID,:END_ID,:TYPE\na,zz,R\n";
    let e = import(&mut g, &Sources { nodes: vec![("n.csv", "id:ID\na\n")], relationships: vec![("r.csv", rels)] }).unwrap_err();
    assert_eq!(e.to_string(), "r.csv:2: no node has id 'zz'");
    assert_eq!(g.node_count(), 0);
}

#[test]
fn damaged_files_are_refused_not_half_read() {
    let mut g = Graph::new();
    // an unterminated quote would otherwise swallow the rest of the file into one cell
    let e = import(&mut g, &Sources { nodes: vec![("n.csv", "id:ID,name\na,\"x\nb,y\nc,z\n")], relationships: vec![] }).unwrap_err();
    assert!(e.to_string().starts_with("n.csv:2:") && e.to_string().contains("never closed"), "{e}");
    let e = import(&mut g, &Sources { nodes: vec![("n.csv", "id:ID,name,name\na,x,y\n")], relationships: vec![] }).unwrap_err();
    assert!(e.to_string().contains("two columns"), "{e}");
    let e = import(&mut g, &Sources { nodes: vec![("n.csv", "id:ID,name\na,x,extra\n")], relationships: vec![] }).unwrap_err();
    assert!(e.to_string().contains("3 fields where the header has 2"), "{e}");
    assert_eq!(g.node_count(), 0);
}

#[test]
fn id_spaces_keep_equal_ids_apart() {
    let mut g = Graph::new();
    let companies = "id:ID(Company),:LABEL,name\n1,Company,Celltrion\n2,Company,Hanmi\n";
    let products = "id:ID(Product),:LABEL,name\n1,Product,Remsima\n";
    let rels = ":START_ID(Company),:END_ID(Product),:TYPE\n1,1,MANUFACTURES\n";
    let r = run_texts(&mut g, &[("c.csv", companies), ("p.csv", products)], &[("r.csv", rels)], &Options::default());
    assert_eq!((r.nodes, r.relationships, r.rejected), (3, 1, 0));
    let m = g.sym("MANUFACTURES").unwrap();
    let rel = g.rel_ids().next().unwrap();
    let (a, b) = g.rel_ends(rel).unwrap();
    let name = g.sym("name").unwrap();
    assert_eq!(g.rel_type(rel), Some(m));
    assert_eq!((g.node_prop(a, name), g.node_prop(b, name)), (Some(Value::str("Celltrion")), Some(Value::str("Remsima"))));
}

#[test]
fn groups_add_labels_and_types_and_share_a_header_file() {
    let mut g = Graph::new();
    let nodes = Group {
        names: vec!["Company".into(), "Listed".into()],
        files: vec![("h.csv".into(), Data::Text("id:ID,name\n")), ("a.csv".into(), Data::Text("a,Alpha\nb,Beta\n"))],
    };
    let rels = Group { names: vec!["PARTNERS_WITH".into()], files: vec![("r.csv".into(), Data::Text(":START_ID,:END_ID\na,b\n"))] };
    let r = run(&mut g, &[nodes], &[rels], &Options::default(), &mut |_| {}).unwrap();
    assert_eq!((r.nodes, r.relationships, r.rejected), (2, 1, 0), "{:?}", r.problems);
    assert_eq!(names(&g, "Listed", "name"), ["Alpha", "Beta"]);
    assert_eq!(g.type_count(g.sym("PARTNERS_WITH").unwrap()), 1);
}

#[test]
fn duplicates_and_dangling_ends_are_refused_or_skipped() {
    let nodes = "id:ID,name\na,A\na,again\nb,B\n";
    let rels = ":START_ID,:END_ID,:TYPE\na,b,R\na,zz,R\n";
    let mut g = Graph::new();
    let r = run_texts(&mut g, &[("n.csv", nodes)], &[("r.csv", rels)], &Options::default());
    assert_eq!(r.rejected, 2);
    assert_eq!(r.problems[0].to_string(), "n.csv:3: id 'a' is used by an earlier row");
    assert_eq!(g.node_count(), 0, "a refused import changes nothing");
    let opts = Options { skip_duplicate_nodes: true, skip_bad_relationships: true, ..Options::default() };
    let r = run_texts(&mut g, &[("n.csv", nodes)], &[("r.csv", rels)], &opts);
    assert_eq!((r.nodes, r.relationships, r.skipped_nodes, r.skipped_relationships, r.rejected), (2, 1, 1, 1, 0));
    assert_eq!(g.node_count(), 2);
}

#[test]
fn a_second_import_joins_the_nodes_already_there() {
    let mut g = Graph::new();
    run_texts(&mut g, &[("p.csv", "id:ID,:LABEL,name\np1,Person,Ann\np2,Person,Bo\n")], &[], &Options::default());
    // relationships to nodes of the first import, by the id they were imported with
    let r = run_texts(
        &mut g,
        &[("c.csv", "id:ID,:LABEL,name\nc1,Company,Acme\n")],
        &[("w.csv", ":START_ID,:END_ID,:TYPE\np1,c1,WORKS_AT\np2,c1,WORKS_AT\n")],
        &Options::default(),
    );
    assert_eq!((r.nodes, r.relationships, r.rejected), (1, 2, 0), "{:?}", r.problems);
    assert_eq!(g.node_count(), 3);
    let w = g.sym("WORKS_AT").unwrap();
    assert_eq!(g.type_count(w), 2);
    // importing the same people again is caught
    let r = run_texts(&mut g, &[("p.csv", "id:ID,:LABEL,name\np1,Person,Ann\n")], &[], &Options::default());
    assert_eq!(r.rejected, 1);
    assert!(r.problems[0].to_string().contains("holds already"), "{}", r.problems[0]);
    assert_eq!(g.node_count(), 3);
}

#[test]
fn big_files_are_read_in_pieces_with_exact_lines() {
    // over a mebibyte, so that it is cut into pieces, with a quoted newline here and there
    let mut nodes = String::from("id:ID,name,n:int\n");
    for i in 0..40_000 {
        if i % 97 == 0 {
            nodes.push_str(&format!("n{i},\"multi\nline {i}\",{i}\n"));
        } else {
            nodes.push_str(&format!("n{i},name number {i} with some padding text,{i}\n"));
        }
    }
    nodes.push_str("bad,x,notanumber\n");
    let mut g = Graph::new();
    let opts = Options { threads: 4, ..Options::default() };
    let r = run_texts(&mut g, &[("n.csv", &nodes)], &[], &opts);
    assert_eq!(r.rejected, 1);
    let expected_line = 1 + 40_000 + 40_000usize.div_ceil(97) as u64 + 1;
    assert_eq!(r.problems[0].to_string(), format!("n.csv:{expected_line}: column n: 'notanumber' is not an integer"));
    let ok = nodes.rsplit_once("bad,").map(|(a, _)| a.to_string()).unwrap_or_default();
    let r = run_texts(&mut g, &[("n.csv", &ok)], &[], &opts);
    assert_eq!((r.nodes, r.rejected), (40_000, 0));
    let n = g.sym("n").unwrap();
    let sum: i64 = g.node_ids().filter_map(|x| g.node_prop(x, n)).map(|v| if let Value::Int(i) = v { i } else { 0 }).sum();
    assert_eq!(sum, (0..40_000).sum::<i64>());
    let name = g.sym("name").unwrap();
    assert_eq!(g.node_prop(g.node_by_public(97).unwrap(), name), Some(Value::str("multi\nline 97")));
}

#[test]
fn keys_that_only_some_files_have() {
    let mut g = Graph::new();
    let nodes = [("a.csv", "id:ID,x,n:int\na,1,1\nb,2,2\n"), ("b.csv", "id:ID,y\nc,3\n")];
    let rels = [("r.csv", ":START_ID,:END_ID,:TYPE,w\na,b,R,heavy\n"), ("s.csv", ":START_ID,:END_ID,:TYPE\nb,c,S\nc,a,S\n")];
    let r = run_texts(&mut g, &nodes, &rels, &Options::default());
    assert_eq!((r.nodes, r.relationships, r.rejected), (3, 3, 0));
    let (x, y, w) = (g.sym("x").unwrap(), g.sym("y").unwrap(), g.sym("w").unwrap());
    let c = g.node_by_public(2).unwrap();
    assert_eq!((g.node_prop(c, x), g.node_prop(c, y)), (None, Some(Value::str("3"))));
    let heavy: Vec<_> = g.rel_ids().filter_map(|r| g.rel_prop(r, w)).collect();
    assert_eq!(heavy, vec![Value::str("heavy")]);
}

#[test]
fn relationships_alone_find_the_nodes_the_database_holds() {
    let mut g = Graph::new();
    run_texts(&mut g, &[("p.csv", "id:ID,name\np1,Ann\np2,Bo\n")], &[], &Options::default());
    let spaced = [("c.csv", "id:ID(Company),:LABEL,name\n1,Company,Acme\n"), ("d.csv", "id:ID(Product),:LABEL,name\n1,Product,Pill\n")];
    run_texts(&mut g, &spaced, &[], &Options::default());
    // no node file in this import names an ID space: its ids are those already held
    let r = run_texts(&mut g, &[], &[("k.csv", ":START_ID,:END_ID,:TYPE\np1,p2,KNOWS\n")], &Options::default());
    assert_eq!((r.relationships, r.rejected), (1, 0), "{:?}", r.problems);
    let r = run_texts(&mut g, &[], &[("m.csv", ":START_ID(Company),:END_ID(Product),:TYPE\n1,1,MAKES\n")], &Options::default());
    assert_eq!((r.relationships, r.rejected), (1, 0), "{:?}", r.problems);
    // an id that no node has is refused, naming the ID space searched
    let r = run_texts(&mut g, &[], &[("m.csv", ":START_ID(Company),:END_ID(Product),:TYPE\n1,2,MAKES\n")], &Options::default());
    assert_eq!(r.rejected, 1);
    assert!(r.problems[0].to_string().contains("no node has id '2' in ID space Product"), "{}", r.problems[0]);
    assert_eq!(g.type_count(g.sym("MAKES").unwrap()), 1);
}
