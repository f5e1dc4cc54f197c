//! Node-link JSON, the shape D3, NetworkX (`node_link_graph`) and many web viewers read:
//!
//! ```text
//! {"nodes": [
//! {"id": 0, "labels": ["Company"], "properties": {"name": "Celltrion"}}
//! ], "links": [
//! {"id": 0, "source": 0, "target": 1, "type": "MANUFACTURES", "properties": {}}
//! ]}
//! ```
//!
//! One node or link a line, in id order. Property values follow the JSON contract of
//! [`crate::render`]: integers as integers, floats always with a `.` or an exponent,
//! non-finite floats as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.

use std::fmt::{self, Display, Formatter};

use crate::render::json_value;
use crate::result::Entities;
use crate::value::{Map, Value};

/// The node-link JSON of a subgraph: `NodeLink(&entities).to_string()`.
pub struct NodeLink<'a>(pub &'a Entities);

/// A value as JSON text, following the contract of [`crate::render`].
pub(crate) fn json(v: &Value) -> String {
    let mut out = String::new();
    json_value(v, &Entities::default(), &mut out);
    out
}

fn props(m: &Map) -> String {
    json(&Value::map(m.clone()))
}

impl Display for NodeLink<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str("{\"nodes\": [")?;
        for (i, n) in self.0.nodes.values().enumerate() {
            let labels = Value::list(n.labels.iter().map(|l| Value::String(l.clone())).collect());
            write!(
                f,
                "{}\n{{\"id\": {}, \"labels\": {}, \"properties\": {}}}",
                if i > 0 { "," } else { "" },
                n.id,
                json(&labels),
                props(&n.properties)
            )?;
        }
        f.write_str("\n], \"links\": [")?;
        for (i, r) in self.0.rels.values().enumerate() {
            write!(
                f,
                "{}\n{{\"id\": {}, \"source\": {}, \"target\": {}, \"type\": {}, \"properties\": {}}}",
                if i > 0 { "," } else { "" },
                r.id,
                r.start,
                r.end,
                json(&Value::String(r.rel_type.clone())),
                props(&r.properties)
            )?;
        }
        f.write_str("\n]}\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_as_nodes_and_links() {
        let mut db = crate::Database::new();
        db.execute("CREATE (:A {name: 'x\"y', n: 1.0})-[:R {w: 2}]->(:B)").unwrap();
        let text = NodeLink(&db.contents()).to_string();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["nodes"][0]["properties"]["name"], "x\"y");
        assert_eq!(v["nodes"][0]["labels"][0], "A");
        assert_eq!(v["links"][0]["type"], "R");
        assert_eq!(v["links"][0]["target"], v["nodes"][1]["id"]);
        assert_eq!(v["links"][0]["properties"]["w"], 2);
    }
}
