//! How DOT output looks: Graphviz attributes per node label and per relationship type.
//!
//! A built-in sheet gives every label of the bundled graph its own shape and fill colour;
//! a style file (`--style FILE`) adds to it and overrides it, one rule a line:
//!
//! ```text
//! # comments start with '#'
//! node Company  shape=box fillcolor="#9fc5e8"
//! node *        fontname=Helvetica          # every node, before its label's rule
//! edge PARTNERS_WITH color="#cc0000" style=dashed
//! edge *        color=gray40
//! ```
//!
//! A rule names `node` or `edge`, a label or type (double-quoted when it holds spaces or
//! quotes; `*` for all), then `key=value` pairs; a value is a bare word or a double-quoted
//! string with `\"` and `\\` escapes. A `#` at the start of a word begins a comment.
//! Only the keys listed in [`NODE_KEYS`] and [`EDGE_KEYS`] are accepted, and record
//! shapes are refused because they would read node text as field syntax. A node takes
//! the `node *` attributes, then those of its first label that has a rule; a later rule
//! for the same key wins.

use std::collections::BTreeMap;

use super::ExportError;

/// Attributes a `node` rule may set.
pub const NODE_KEYS: &[&str] =
    &["shape", "color", "fillcolor", "fontcolor", "fontname", "fontsize", "style", "penwidth", "width", "height", "peripheries"];
/// Attributes an `edge` rule may set.
pub const EDGE_KEYS: &[&str] =
    &["color", "fontcolor", "fontname", "fontsize", "style", "penwidth", "arrowhead", "arrowtail", "arrowsize", "dir"];

/// (label, shape, fill colour) for the bundled graph's labels.
const BUILT_IN: &[(&str, &str, &str)] = &[
    ("BusinessModel", "cds", "#c6dbef"),
    ("Cluster", "doubleoctagon", "#d0e0e3"),
    ("Company", "box", "#9fc5e8"),
    ("Department", "box3d", "#b4a7d6"),
    ("Disease", "diamond", "#ea9999"),
    ("Document", "note", "#eeeeee"),
    ("Facility", "cylinder", "#cccccc"),
    ("Figure", "rect", "#f3f3f3"),
    ("GovernmentAgency", "hexagon", "#ffe599"),
    ("Hospital", "house", "#f4cccc"),
    ("Industry", "septagon", "#b7e1cd"),
    ("Law", "octagon", "#e6b8af"),
    ("Organization", "pentagon", "#d5a6bd"),
    ("Person", "egg", "#ffd966"),
    ("Place", "ellipse", "#d9ead3"),
    ("Plan", "note", "#fff2cc"),
    ("Product", "component", "#b6d7a8"),
    ("Programme", "trapezium", "#f9cb9c"),
    ("Project", "parallelogram", "#fce5cd"),
    ("Publication", "folder", "#e0e0e0"),
    ("Ranking", "invhouse", "#ffe0b2"),
    ("ResearchInstitute", "tab", "#c9daf8"),
    ("Standard", "tripleoctagon", "#ead1dc"),
    ("TechnologyArea", "ellipse", "#a2c4c9"),
    ("University", "folder", "#d9d2e9"),
];

/// Graphviz attributes as (key, value), in the order they were set.
pub type Attrs = Vec<(String, String)>;

/// Attributes per label and per type, with `*` defaults.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StyleSheet {
    pub nodes: BTreeMap<String, Attrs>,
    pub edges: BTreeMap<String, Attrs>,
}

fn set(attrs: &mut Attrs, key: &str, value: &str) {
    match attrs.iter_mut().find(|(k, _)| k == key) {
        Some(slot) => slot.1 = value.to_string(),
        None => attrs.push((key.to_string(), value.to_string())),
    }
}

impl StyleSheet {
    /// No rules at all: Graphviz defaults.
    pub fn empty() -> Self {
        Self::default()
    }

    /// The built-in sheet: filled nodes, a shape and colour per bundled label.
    pub fn built_in() -> Self {
        let mut s = Self::default();
        let all = s.nodes.entry("*".to_string()).or_default();
        set(all, "style", "filled");
        set(all, "fillcolor", "#ffffff");
        set(all, "fontname", "Helvetica");
        set(all, "fontsize", "10");
        let edges = s.edges.entry("*".to_string()).or_default();
        set(edges, "fontname", "Helvetica");
        set(edges, "fontsize", "8");
        set(edges, "color", "#555555");
        for (label, shape, fill) in BUILT_IN {
            let a = s.nodes.entry(label.to_string()).or_default();
            set(a, "shape", shape);
            set(a, "fillcolor", fill);
        }
        s
    }

    /// The attributes `node *` gives every node.
    pub fn node_defaults(&self) -> &[(String, String)] {
        self.nodes.get("*").map_or(&[], |a| a.as_slice())
    }

    pub fn edge_defaults(&self) -> &[(String, String)] {
        self.edges.get("*").map_or(&[], |a| a.as_slice())
    }

    /// The rule of a node's first label that has one.
    pub fn node_attrs<'a>(&'a self, labels: &[std::sync::Arc<str>]) -> &'a [(String, String)] {
        labels.iter().find_map(|l| self.nodes.get(&**l).filter(|_| &**l != "*")).map_or(&[], |a| a.as_slice())
    }

    pub fn edge_attrs(&self, rel_type: &str) -> &[(String, String)] {
        self.edges.get(rel_type).filter(|_| rel_type != "*").map_or(&[], |a| a.as_slice())
    }

    /// Adds the rules of a style file to this sheet; `origin` names the file in errors.
    pub fn apply(&mut self, text: &str, origin: &str) -> Result<(), ExportError> {
        for (i, line) in text.lines().enumerate() {
            let err = |message: String| ExportError::Style { path: origin.to_string(), line: i + 1, message };
            let tokens = tokenize(line).map_err(err)?;
            let mut it = tokens.into_iter();
            let Some(kind) = it.next() else { continue };
            let (table, keys) = match kind.as_str() {
                "node" => (&mut self.nodes, NODE_KEYS),
                "edge" => (&mut self.edges, EDGE_KEYS),
                other => return Err(err(format!("a rule starts with 'node' or 'edge', not '{other}'"))),
            };
            let target = it.next().ok_or_else(|| err(format!("'{kind}' needs a label or type (or *) after it")))?;
            let mut pairs = Vec::new();
            for tok in it {
                let (k, v) = tok.split_once('=').ok_or_else(|| err(format!("'{tok}' is not key=value")))?;
                if !keys.contains(&k) {
                    return Err(err(format!("'{k}' is not a {kind} attribute this file may set; use one of: {}", keys.join(", "))));
                }
                if k == "shape" && v.to_ascii_lowercase().contains("record") {
                    return Err(err(format!("shape '{v}' is not supported: record shapes read node text as fields; use box instead")));
                }
                pairs.push((k.to_string(), v.to_string()));
            }
            let attrs = table.entry(target).or_default();
            for (k, v) in pairs {
                set(attrs, &k, &v);
            }
        }
        Ok(())
    }
}

/// Splits a rule into words; a double-quoted part may hold spaces and `\"`, `\\` escapes,
/// also after `key=`. A `#` at the start of a word starts a comment.
fn tokenize(line: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut has = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '#' if !has => break,
            c if c.is_whitespace() => {
                if has {
                    out.push(std::mem::take(&mut cur));
                    has = false;
                }
            }
            '"' => {
                has = true;
                loop {
                    match chars.next() {
                        None => return Err("a quoted value is not closed (add a '\"')".to_string()),
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(e @ ('"' | '\\')) => cur.push(e),
                            Some(e) => return Err(format!("unknown escape '\\{e}' in a quoted value (use \\\" or \\\\)")),
                            None => return Err("a quoted value is not closed (add a '\"')".to_string()),
                        },
                        Some(ch) => cur.push(ch),
                    }
                }
            }
            c => {
                has = true;
                cur.push(c);
            }
        }
    }
    if has {
        out.push(cur);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn a_file_overrides_the_built_in_sheet() {
        let mut s = StyleSheet::built_in();
        s.apply("# mine\nnode Company shape=ellipse   # round\nnode \"Two words\" color=\"#00ff00\"\nedge * style=dashed\n", "s.txt")
            .unwrap();
        let company = s.node_attrs(&[Arc::from("Company")]);
        assert!(company.contains(&("shape".to_string(), "ellipse".to_string())));
        assert!(company.contains(&("fillcolor".to_string(), "#9fc5e8".to_string())), "the colour is kept");
        assert_eq!(s.node_attrs(&[Arc::from("Nope"), Arc::from("Two words")]), &[("color".to_string(), "#00ff00".to_string())]);
        assert!(s.edge_defaults().contains(&("style".to_string(), "dashed".to_string())));
    }

    #[test]
    fn bad_rules_name_file_and_line() {
        let mut s = StyleSheet::empty();
        let e = s.apply("node A shape=box\nnode B label=x\n", "s.txt").unwrap_err();
        assert!(e.to_string().starts_with("s.txt:2: 'label' is not a node attribute"), "{e}");
        let e = s.apply("node A shape=Mrecord", "s.txt").unwrap_err();
        assert!(e.to_string().contains("record shapes"), "{e}");
        let e = s.apply("node A color=\"#fff", "s.txt").unwrap_err();
        assert!(e.to_string().contains("not closed"), "{e}");
        let e = s.apply("vertex A", "s.txt").unwrap_err();
        assert!(e.to_string().contains("'node' or 'edge'"), "{e}");
    }
}
