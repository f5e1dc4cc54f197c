//! The schema procedures `db.labels`, `db.relationshipTypes`, `db.propertyKeys`,
//! `db.schema.visualization` and `db.indexes`, with the yield columns Neo4j gives them.
//!
//! Everything this module reads from the store goes through [`Schema::read`].

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::{Field, Procedure};
use crate::error::ExecError;
use crate::exec::Context;
use crate::store::Graph;
use crate::value::{Map, Value, ValueType};

/// The built-in `db.*` procedures.
pub fn procedures() -> Vec<Procedure> {
    use ValueType::{Float, Integer, List, String as Str};
    let out = |name: &str, ty| Field::new(name, Some(ty), false);
    vec![
        Procedure::native("db.labels", vec![], vec![out("label", Str)], labels),
        Procedure::native("db.relationshipTypes", vec![], vec![out("relationshipType", Str)], relationship_types),
        Procedure::native("db.propertyKeys", vec![], vec![out("propertyKey", Str)], property_keys),
        Procedure::native("db.schema.visualization", vec![], vec![out("nodes", List), out("relationships", List)], visualization),
        Procedure::native(
            "db.indexes",
            vec![],
            vec![
                out("id", Integer),
                out("name", Str),
                out("state", Str),
                out("populationPercent", Float),
                out("uniqueness", Str),
                out("type", Str),
                out("entityType", Str),
                out("labelsOrTypes", List),
                out("properties", List),
                out("provider", Str),
            ],
            indexes,
        ),
    ]
}

/// What the schema procedures report, read from the store in one place.
#[derive(Default)]
struct Schema {
    labels: BTreeSet<Arc<str>>,
    types: BTreeSet<Arc<str>>,
    keys: BTreeSet<Arc<str>>,
    /// (start label, type, end label) of every relationship, for every label of each end.
    patterns: BTreeSet<(Arc<str>, Arc<str>, Arc<str>)>,
    /// (label, key, unique), sorted.
    indexes: Vec<(Arc<str>, Arc<str>, bool)>,
}

impl Schema {
    fn read(g: &Graph, ctx: &Context<'_>, with_keys: bool, with_patterns: bool) -> Result<Schema, ExecError> {
        let name = |s| g.name(s).clone();
        let mut s = Schema {
            labels: g.labels_in_use().map(|(l, _)| name(l)).collect(),
            types: g.types_in_use().map(|(t, _)| name(t)).collect(),
            ..Schema::default()
        };
        let unique: BTreeSet<_> = g.unique_constraints().collect();
        s.indexes = g.index_list().map(|(l, k)| (name(l), name(k), unique.contains(&(l, k)))).collect();
        s.indexes.sort();
        if with_keys {
            ctx.tick()?;
            let syms: BTreeSet<_> = g.node_keys_in_use().chain(g.rel_keys_in_use()).map(|(k, _)| k).collect();
            s.keys = syms.into_iter().map(name).collect();
        }
        if with_patterns {
            let mut syms = BTreeSet::new();
            for id in g.rel_ids() {
                ctx.tick()?;
                let Some(r) = g.rel(id) else { continue };
                let (start, end) = r.ends();
                let (Some(a), Some(b)) = (g.node(start), g.node(end)) else { continue };
                for &la in a.labels() {
                    for &lb in b.labels() {
                        syms.insert((la, r.rel_type(), lb));
                    }
                }
            }
            s.patterns = syms.into_iter().map(|(a, t, b)| (name(a), name(t), name(b))).collect();
        }
        Ok(s)
    }
}

fn strings(names: BTreeSet<Arc<str>>) -> Vec<Vec<Value>> {
    names.into_iter().map(|n| vec![Value::String(n)]).collect()
}

fn labels(g: &Graph, _: &[Value], ctx: &Context<'_>) -> Result<Vec<Vec<Value>>, ExecError> {
    Ok(strings(Schema::read(g, ctx, false, false)?.labels))
}

fn relationship_types(g: &Graph, _: &[Value], ctx: &Context<'_>) -> Result<Vec<Vec<Value>>, ExecError> {
    Ok(strings(Schema::read(g, ctx, false, false)?.types))
}

fn property_keys(g: &Graph, _: &[Value], ctx: &Context<'_>) -> Result<Vec<Vec<Value>>, ExecError> {
    Ok(strings(Schema::read(g, ctx, true, false)?.keys))
}

fn string_list<'a>(items: impl IntoIterator<Item = &'a Arc<str>>) -> Value {
    Value::list(items.into_iter().map(|s| Value::String(s.clone())).collect())
}

/// One row: `nodes`, a map per label in use (`name`, `indexes`, `constraints`, the
/// properties Neo4j gives its virtual schema nodes), and `relationships`, a map per
/// (start label, type, end label) seen (`type`, `start`, `end`: label names).
fn visualization(g: &Graph, _: &[Value], ctx: &Context<'_>) -> Result<Vec<Vec<Value>>, ExecError> {
    let s = Schema::read(g, ctx, false, true)?;
    // label → (indexed keys, constraint descriptions)
    type PerLabel<'a> = BTreeMap<&'a Arc<str>, (Vec<&'a Arc<str>>, Vec<String>)>;
    let mut per_label: PerLabel<'_> = s.labels.iter().map(|l| (l, Default::default())).collect();
    for (label, key, unique) in &s.indexes {
        if let Some((idx, cons)) = per_label.get_mut(label) {
            idx.push(key);
            if *unique {
                cons.push(format!("Constraint( UNIQUE, :{label}({key}) )"));
            }
        }
    }
    let nodes = per_label
        .into_iter()
        .map(|(label, (idx, cons))| {
            let mut m = Map::new();
            m.insert("name".into(), Value::String(label.clone()));
            m.insert("indexes".into(), string_list(idx));
            m.insert("constraints".into(), Value::list(cons.iter().map(|c| Value::str(c)).collect()));
            Value::map(m)
        })
        .collect();
    let rels = s
        .patterns
        .iter()
        .map(|(a, t, b)| {
            let mut m = Map::new();
            m.insert("type".into(), Value::String(t.clone()));
            m.insert("start".into(), Value::String(a.clone()));
            m.insert("end".into(), Value::String(b.clone()));
            Value::map(m)
        })
        .collect();
    Ok(vec![vec![Value::list(nodes), Value::list(rels)]])
}

/// One row per equality index, in (label, key) order, numbered from 1. ieum's indexes have
/// no names of their own: `name` is `index_<Label>_<key>`.
fn indexes(g: &Graph, _: &[Value], ctx: &Context<'_>) -> Result<Vec<Vec<Value>>, ExecError> {
    let s = Schema::read(g, ctx, false, false)?;
    Ok(s.indexes
        .iter()
        .enumerate()
        .map(|(i, (label, key, unique))| {
            vec![
                Value::Int(i as i64 + 1),
                Value::String(format!("index_{label}_{key}").into()),
                Value::str("ONLINE"),
                Value::Float(100.0),
                Value::str(if *unique { "UNIQUE" } else { "NONUNIQUE" }),
                Value::str("EQUALITY"),
                Value::str("NODE"),
                string_list([label]),
                string_list([key]),
                Value::str("ieum-equality-1.0"),
            ]
        })
        .collect())
}
