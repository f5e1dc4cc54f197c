//! GraphML, the XML graph format that Gephi, yEd, Cytoscape and NetworkX read.
//!
//! The layout follows the one Neo4j's APOC library writes and reads: a node's labels are
//! the data `labels` (`:A:B`), a relationship's type the data `label`. Every property key
//! gets a typed `<key>` per domain (node or edge): `boolean`, `long`, `double` or `string`,
//! chosen from the values the key holds. Lists and maps have no GraphML type: they are
//! JSON text in a `string` key whose `<desc>` says `json`. A key whose values mix types is
//! a `string` key with `<desc>mixed</desc>`: strings as they are, other values as JSON.
//!
//! Text is XML-escaped (`& < > " '`, and tab, newline and carriage return as character
//! references so parsers keep them); characters XML 1.0 cannot carry at all (other
//! control characters, U+FFFE, U+FFFF) are written as U+FFFD.

use std::collections::BTreeMap;
use std::fmt::{self, Display, Formatter, Write as _};

use super::json::json;
use crate::result::Entities;
use crate::value::{Map, Value};

/// A string escaped for XML text and attribute values.
pub struct Xml<'a>(pub &'a str);

impl Display for Xml<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&apos;")?,
                '\t' => f.write_str("&#9;")?,
                '\n' => f.write_str("&#10;")?,
                '\r' => f.write_str("&#13;")?,
                c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => f.write_char('\u{FFFD}')?,
                c => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

/// The GraphML type of a property key, from all its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyType {
    Boolean,
    Long,
    Double,
    String,
    Json,
    Mixed,
}

impl KeyType {
    fn of(v: &Value) -> KeyType {
        match v {
            Value::Bool(_) => KeyType::Boolean,
            Value::Int(_) => KeyType::Long,
            Value::Float(_) => KeyType::Double,
            Value::String(_) => KeyType::String,
            _ => KeyType::Json,
        }
    }

    fn attr_type(self) -> &'static str {
        match self {
            KeyType::Boolean => "boolean",
            KeyType::Long => "long",
            KeyType::Double => "double",
            KeyType::String | KeyType::Json | KeyType::Mixed => "string",
        }
    }

    fn desc(self) -> Option<&'static str> {
        match self {
            KeyType::Json => Some("json"),
            KeyType::Mixed => Some("mixed"),
            _ => None,
        }
    }
}

/// Property keys of one domain: name → (key id, type).
fn keys<'a>(maps: impl Iterator<Item = &'a Map>, prefix: &str) -> BTreeMap<&'a str, (String, KeyType)> {
    let mut types: BTreeMap<&str, KeyType> = BTreeMap::new();
    for m in maps {
        for (k, v) in m {
            let t = KeyType::of(v);
            types
                .entry(k)
                .and_modify(|old| {
                    if *old != t {
                        *old = KeyType::Mixed
                    }
                })
                .or_insert(t);
        }
    }
    types.into_iter().enumerate().map(|(i, (k, t))| (k, (format!("{prefix}{i}"), t))).collect()
}

fn data_text(v: &Value, t: KeyType) -> String {
    match (v, t) {
        (Value::String(s), _) => s.to_string(),
        (Value::Bool(b), KeyType::Boolean) => b.to_string(),
        (Value::Int(i), KeyType::Long) => i.to_string(),
        (Value::Float(x), KeyType::Double) if x.is_nan() => "NaN".to_string(),
        (Value::Float(x), KeyType::Double) if x.is_infinite() => (if *x > 0.0 { "INF" } else { "-INF" }).to_string(),
        (Value::Float(x), KeyType::Double) => format!("{x:?}"),
        (other, _) => json(other),
    }
}

/// The GraphML document of a subgraph: `GraphMl(&entities).to_string()`.
pub struct GraphMl<'a>(pub &'a Entities);

fn write_key(f: &mut Formatter<'_>, id: &str, domain: &str, name: &str, t: KeyType) -> fmt::Result {
    write!(f, "  <key id=\"{}\" for=\"{domain}\" attr.name=\"{}\" attr.type=\"{}\"", Xml(id), Xml(name), t.attr_type())?;
    match t.desc() {
        Some(d) => writeln!(f, "><desc>{d}</desc></key>"),
        None => f.write_str("/>\n"),
    }
}

fn write_data(f: &mut Formatter<'_>, props: &Map, keys: &BTreeMap<&str, (String, KeyType)>) -> fmt::Result {
    for (k, v) in props {
        if let Some((id, t)) = keys.get(&**k) {
            write!(f, "<data key=\"{id}\">{}</data>", Xml(&data_text(v, *t)))?;
        }
    }
    Ok(())
}

impl Display for GraphMl<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let g = self.0;
        let node_keys = keys(g.nodes.values().map(|n| &n.properties), "n");
        let edge_keys = keys(g.rels.values().map(|r| &r.properties), "e");
        f.write_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
        f.write_str("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n")?;
        write_key(f, "labels", "node", "labels", KeyType::String)?;
        for (name, (id, t)) in &node_keys {
            write_key(f, id, "node", name, *t)?;
        }
        write_key(f, "label", "edge", "label", KeyType::String)?;
        for (name, (id, t)) in &edge_keys {
            write_key(f, id, "edge", name, *t)?;
        }
        f.write_str("  <graph id=\"G\" edgedefault=\"directed\">\n")?;
        for n in g.nodes.values() {
            let labels: String = n.labels.iter().map(|l| format!(":{l}")).collect();
            write!(f, "    <node id=\"n{}\" labels=\"{}\"><data key=\"labels\">{}</data>", n.id, Xml(&labels), Xml(&labels))?;
            write_data(f, &n.properties, &node_keys)?;
            f.write_str("</node>\n")?;
        }
        for r in g.rels.values() {
            write!(
                f,
                "    <edge id=\"e{}\" source=\"n{}\" target=\"n{}\" label=\"{}\"><data key=\"label\">{}</data>",
                r.id,
                r.start,
                r.end,
                Xml(&r.rel_type),
                Xml(&r.rel_type)
            )?;
            write_data(f, &r.properties, &edge_keys)?;
            f.write_str("</edge>\n")?;
        }
        f.write_str("  </graph>\n</graphml>\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escapes_markup_and_keeps_line_breaks() {
        assert_eq!(
            Xml("<a href='x'>&\"\n\r\t\u{1}</a>").to_string(),
            "&lt;a href=&apos;x&apos;&gt;&amp;&quot;&#10;&#13;&#9;\u{FFFD}&lt;/a&gt;"
        );
    }

    #[test]
    fn key_types_follow_the_values() {
        let mut db = crate::Database::new();
        db.execute("CREATE ({a: 1, b: 1.5, c: true, d: 's', e: [1, 2], f: 1}), ({f: 'x'})").unwrap();
        let doc = GraphMl(&db.contents()).to_string();
        for want in [
            "attr.name=\"a\" attr.type=\"long\"/>",
            "attr.name=\"b\" attr.type=\"double\"/>",
            "attr.name=\"c\" attr.type=\"boolean\"/>",
            "attr.name=\"d\" attr.type=\"string\"/>",
            "attr.name=\"e\" attr.type=\"string\"><desc>json</desc>",
            "attr.name=\"f\" attr.type=\"string\"><desc>mixed</desc>",
            "<data key=\"n4\">[1, 2]</data>",
        ] {
            assert!(doc.contains(want), "{want} missing in\n{doc}");
        }
    }
}
