//! Export of graphs and query results to other formats.

use crate::db::Database;
use crate::result::QueryResult;

/// DOT text of the subgraph a result mentions.
pub fn dot_of_result(_r: &QueryResult, _db: &Database) -> String {
    String::new()
}
