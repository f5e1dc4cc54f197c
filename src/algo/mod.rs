//! Graph algorithms callable as procedures: `CALL algo.pageRank({types: ['PARTNERS_WITH']})
//! YIELD node, score`. Each call projects the graph ([`projection`]: the nodes with some
//! labels, the relationships of some types, an optional weight) and runs one algorithm on
//! the projection; the rows stream on through the rest of the query.
//!
//! One file per family: [`centrality`], [`components`], [`community`], [`triangles`],
//! [`paths`], [`similarity`]. The settings every procedure shares are read in
//! [`projection::Spec::read`], the others by each procedure; `docs/algorithms.md` lists
//! them all.

mod centrality;
mod community;
mod components;
pub mod config;
mod paths;
pub mod projection;
mod similarity;
mod triangles;

use crate::error::ExecError;
use crate::exec::Context;
use crate::procedures::{Field, Procedure};
use crate::store::Graph;
use crate::value::{NodeId, Value, ValueType};
use config::{Config, wrong_type};
use projection::{Accepts, Projection, Spec};

/// The built-in `algo.*` procedures.
pub fn procedures() -> Vec<Procedure> {
    [centrality::procedures(), components::procedures(), community::procedures(), triangles::procedures(), paths::procedures()]
        .into_iter()
        .flatten()
        .chain(similarity::procedures())
        .collect()
}

/// The optional last argument of every algorithm: the configuration map.
fn config_field() -> Field {
    Field::optional("config", Some(ValueType::Map), Value::map(Default::default()))
}

fn output(name: &str, ty: ValueType) -> Field {
    Field::new(name, Some(ty), false)
}

/// A procedure over the whole projection, taking only `config`.
fn whole_graph(name: &str, outputs: Vec<Field>, run: crate::procedures::NativeFn) -> Procedure {
    Procedure::native(name, vec![config_field()], outputs, run)
}

/// Reads the configuration (the last argument), projects the graph, and hands the rest of
/// the configuration to the algorithm's own settings.
fn prepare(proc_: &'static str, g: &Graph, args: &[Value], accepts: Accepts, ctx: &Context<'_>) -> Result<(Projection, Config), ExecError> {
    let mut cfg = Config::new(proc_, args.last().unwrap_or(&Value::Null))?;
    let spec = Spec::read(g, &mut cfg, accepts)?;
    let p = projection::project(g, &spec, ctx)?;
    Ok((p, cfg))
}

/// Rows of (node, value) in node order.
fn node_rows(p: &Projection, values: impl IntoIterator<Item = Value>) -> Vec<Vec<Value>> {
    values.into_iter().enumerate().map(|(i, v)| vec![p.node_value(i), v]).collect()
}

/// A node argument; `None` for null when `nullable`.
fn node_arg(proc_: &str, name: &str, v: &Value, nullable: bool) -> Result<Option<NodeId>, ExecError> {
    match v {
        Value::Node(id) => Ok(Some(*id)),
        Value::Null if nullable => Ok(None),
        other => Err(wrong_type(proc_, &format!("argument `{name}`"), "a node", other)),
    }
}

/// The dense index of a node argument, or an error saying it is not projected.
fn index_arg(proc_: &str, name: &str, p: &Projection, id: NodeId) -> Result<usize, ExecError> {
    p.index_of(id).map(|i| i as usize).ok_or_else(|| {
        config::invalid(
            proc_,
            format!(
                "argument `{name}` (node {}) is not in the projected graph: it was deleted or has none of the `labels`",
                p.public_of(id)
            ),
        )
    })
}

/// A community or component id for each node: the smallest node id among its members.
fn smallest_member_ids(p: &Projection, group: &[usize]) -> Vec<Value> {
    let mut smallest = vec![u64::MAX; group.len()];
    for (i, &c) in group.iter().enumerate() {
        smallest[c] = smallest[c].min(p.public_id(i));
    }
    group.iter().map(|&c| Value::Int(smallest[c] as i64)).collect()
}

/// A small deterministic random number generator (SplitMix64), for sampling.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer below `n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((self.next() as u128 * n as u128) >> 64) as usize
    }
}

/// `k` distinct indices below `n`, chosen with `seed`, in ascending order.
fn sample(n: usize, k: usize, seed: u64) -> Vec<usize> {
    let mut all: Vec<usize> = (0..n).collect();
    let mut rng = SplitMix(seed);
    for i in 0..k.min(n) {
        let j = i + rng.below(n - i);
        all.swap(i, j);
    }
    all.truncate(k.min(n));
    all.sort_unstable();
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_are_distinct_sorted_and_repeatable() {
        let s = sample(1000, 100, 42);
        assert_eq!(s.len(), 100);
        assert!(s.windows(2).all(|w| w[0] < w[1]) && s.iter().all(|&i| i < 1000));
        assert_eq!(s, sample(1000, 100, 42));
        assert_ne!(s, sample(1000, 100, 43));
        assert_eq!(sample(5, 9, 1), vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn great_circle_distance() {
        // Seoul City Hall to Busan City Hall: about 325 km
        let d = paths::haversine_km((37.5663, 126.9779), (35.1798, 129.0750));
        assert!((d - 325.0).abs() < 3.0, "{d}");
        assert_eq!(paths::haversine_km((10.0, 20.0), (10.0, 20.0)), 0.0);
    }
}
