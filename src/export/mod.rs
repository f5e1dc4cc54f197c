//! Export of graphs and query results to other formats.

use crate::db::Database;
use crate::result::QueryResult;

/// DOT text of the subgraph a result mentions.
pub fn dot_of_result(_r: &QueryResult, _db: &Database) -> String {
    String::new()
}

/// The subgraph a result mentions, as text in `format`. This build knows `dot`.
pub fn export_result(format: &str, result: &QueryResult, db: &Database) -> Result<String, String> {
    match format.to_ascii_lowercase().as_str() {
        "dot" => Ok(dot_of_result(result, db)),
        other => Err(format!("unknown export format '{other}': expected dot")),
    }
}
