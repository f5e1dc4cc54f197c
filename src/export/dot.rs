//! Graphviz DOT: a [`Dot`] value formats a subgraph without copying it.
//!
//! Every ID and attribute value is a double-quoted string, so no name can collide with a
//! DOT keyword or need a grammar of its own. Inside the quotes `"` and `\` are escaped,
//! `&` is written as `&amp;` (Graphviz decodes HTML entities in labels), line breaks become
//! `\n`, a tab becomes a space, and other control characters are shown as their Unicode
//! control pictures (U+2400 block; U+FFFD for the rest), so any text yields a file that
//! Graphviz accepts. Record shapes are never used, so `<>{}|` need no escaping.
//!
//! Nodes are written in id order (`"n<id>"`), then relationships in id order; within a
//! label, the properties appear in key order. The same graph always gives the same bytes.

use std::collections::BTreeMap;
use std::fmt::{self, Display, Formatter, Write as _};

use super::ExportError;
use super::style::StyleSheet;
use crate::render::truncate;
use crate::result::{Entities, NodeEntity};
use crate::value::{Map, Value};

/// Longest property value shown in a label, in terminal columns.
pub const MAX_VALUE_WIDTH: usize = 60;

/// How to draw the graph.
#[derive(Clone, Debug)]
pub struct DotOptions {
    /// The property shown as a node's title (falls back to `name`, then `#<id>`).
    pub node_label: String,
    /// The property shown as an edge's label instead of its type (the type when an edge
    /// lacks it).
    pub edge_label: Option<String>,
    /// Show every property under the title (and under the type on edges).
    pub properties: bool,
    /// Graphviz `rankdir`: LR, RL, TB or BT.
    pub rankdir: Option<String>,
    /// Draw the nodes of each (first) label inside a box of their own.
    pub cluster: bool,
    pub style: StyleSheet,
}

impl Default for DotOptions {
    fn default() -> Self {
        DotOptions {
            node_label: "name".to_string(),
            edge_label: None,
            properties: false,
            rankdir: None,
            cluster: false,
            style: StyleSheet::built_in(),
        }
    }
}

/// Checks a `--rankdir` value and returns it in Graphviz's spelling.
pub fn parse_rankdir(s: &str) -> Result<String, ExportError> {
    let up = s.trim().to_ascii_uppercase();
    match up.as_str() {
        "LR" | "RL" | "TB" | "BT" => Ok(up),
        _ => Err(ExportError::Usage(format!("rankdir '{s}' is not one of LR, RL, TB, BT"))),
    }
}

/// A string escaped for the inside of a DOT double-quoted string.
pub struct Escaped<'a>(pub &'a str);

impl Display for Escaped<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let mut chars = self.0.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' => f.write_str("\\\"")?,
                '\\' => f.write_str("\\\\")?,
                '&' => f.write_str("&amp;")?,
                '\n' => f.write_str("\\n")?,
                '\r' => {
                    if chars.peek() != Some(&'\n') {
                        f.write_str("\\n")?;
                    }
                }
                '\t' => f.write_char(' ')?,
                c if (c as u32) < 0x20 => f.write_char(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}'))?,
                '\u{7f}' => f.write_char('\u{2421}')?,
                c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => f.write_char('\u{FFFD}')?,
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// The DOT text of a subgraph: `format!("{}", Dot::new(&entities, &options))`.
pub struct Dot<'a> {
    graph: &'a Entities,
    opts: &'a DotOptions,
}

impl<'a> Dot<'a> {
    pub fn new(graph: &'a Entities, opts: &'a DotOptions) -> Self {
        Dot { graph, opts }
    }
}

/// A value as a label shows it: strings as they are, other values in literal notation.
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.to_string(),
        other => other.to_string(),
    }
}

fn write_attrs(f: &mut Formatter<'_>, attrs: &[(String, String)]) -> fmt::Result {
    for (k, v) in attrs {
        write!(f, ", \"{}\"=\"{}\"", Escaped(k), Escaped(v))?;
    }
    Ok(())
}

/// Property lines under a title, skipping `skip`.
fn property_lines(props: &Map, skip: Option<&str>, out: &mut String) {
    for (k, v) in props.iter().filter(|(k, _)| Some(&***k) != skip) {
        let _ = write!(out, "\n{k}: {}", truncate(&value_text(v), MAX_VALUE_WIDTH));
    }
}

impl Dot<'_> {
    fn node_text(&self, n: &NodeEntity) -> String {
        let opts = self.opts;
        let (key, title) = [opts.node_label.as_str(), "name"]
            .into_iter()
            .find_map(|k| n.properties.get(k).map(|v| (Some(k), value_text(v))))
            .unwrap_or((None, format!("#{}", n.id)));
        let mut text = title;
        if !n.labels.is_empty() {
            text.push('\n');
            for l in &n.labels {
                text.push(':');
                text.push_str(l);
            }
        }
        if opts.properties {
            property_lines(&n.properties, key, &mut text);
        }
        text
    }

    fn write_node(&self, f: &mut Formatter<'_>, n: &NodeEntity, indent: &str) -> fmt::Result {
        write!(f, "{indent}\"n{}\" [label=\"{}\"", n.id, Escaped(&self.node_text(n)))?;
        write_attrs(f, self.opts.style.node_attrs(&n.labels))?;
        f.write_str("];\n")
    }
}

impl Display for Dot<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let opts = self.opts;
        f.write_str("digraph \"ieum\" {\n")?;
        f.write_str("  graph [fontname=\"Helvetica\"")?;
        if let Some(r) = &opts.rankdir {
            write!(f, ", rankdir=\"{}\"", Escaped(r))?;
        }
        if opts.cluster {
            // The classic ranker fails ("trouble in init_rank") on many edges between clusters.
            f.write_str(", newrank=\"true\"")?;
        }
        f.write_str("];\n")?;
        for (what, attrs) in [("node", opts.style.node_defaults()), ("edge", opts.style.edge_defaults())] {
            if !attrs.is_empty() {
                write!(f, "  {what} [")?;
                for (i, (k, v)) in attrs.iter().enumerate() {
                    write!(f, "{}\"{}\"=\"{}\"", if i > 0 { ", " } else { "" }, Escaped(k), Escaped(v))?;
                }
                f.write_str("];\n")?;
            }
        }
        if opts.cluster {
            let mut groups: BTreeMap<&str, Vec<&NodeEntity>> = BTreeMap::new();
            let mut loose = Vec::new();
            for n in self.graph.nodes.values() {
                match n.labels.first() {
                    Some(l) => groups.entry(l).or_default().push(n),
                    None => loose.push(n),
                }
            }
            for (i, (label, nodes)) in groups.iter().enumerate() {
                writeln!(
                    f,
                    "  subgraph \"cluster_{i}\" {{\n    label=\"{}\";\n    style=\"rounded\";\n    color=\"#999999\";",
                    Escaped(label)
                )?;
                for n in nodes {
                    self.write_node(f, n, "    ")?;
                }
                f.write_str("  }\n")?;
            }
            for n in loose {
                self.write_node(f, n, "  ")?;
            }
        } else {
            for n in self.graph.nodes.values() {
                self.write_node(f, n, "  ")?;
            }
        }
        for r in self.graph.rels.values() {
            let chosen = opts.edge_label.as_deref().and_then(|k| r.properties.get(k).map(|v| (k, value_text(v))));
            let mut text = match &chosen {
                Some((_, v)) => truncate(v, MAX_VALUE_WIDTH),
                None => r.rel_type.to_string(),
            };
            if opts.properties {
                property_lines(&r.properties, chosen.map(|(k, _)| k), &mut text);
            }
            write!(f, "  \"n{}\" -> \"n{}\" [label=\"{}\"", r.start, r.end, Escaped(&text))?;
            write_attrs(f, opts.style.edge_attrs(&r.rel_type))?;
            f.write_str("];\n")?;
        }
        f.write_str("}\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_dot_quoted_strings_need() {
        let s = Escaped("a\"b\\c\r\nd\re&f\tg\u{0}h\u{7f}\u{85}<>{}|셀트리온😀").to_string();
        assert_eq!(s, "a\\\"b\\\\c\\nd\\ne&amp;f g\u{2400}h\u{2421}\u{FFFD}<>{}|셀트리온😀");
    }

    #[test]
    fn rankdir_is_checked() {
        assert_eq!(parse_rankdir("lr").unwrap(), "LR");
        assert!(parse_rankdir("sideways").is_err());
    }
}
