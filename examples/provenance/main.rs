//! Regenerates the derived provenance files of the bundled graph from the source documents:
//! `graph-data/relationships/MENTIONS.csv` and `graph-data/lines.csv`.
//!
//! ```sh
//! cargo run --example provenance -- /path/to/seeds           # rewrite both files
//! cargo run --example provenance -- --check /path/to/seeds   # exit 1 if either is stale
//! ```

mod generate;
mod matcher;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo run --example provenance -- [--check] SEEDS_DIR";

fn main() -> ExitCode {
    let mut check = false;
    let mut seeds: Option<PathBuf> = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--check" => check = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            a if a.starts_with('-') => {
                eprintln!("unknown option {a}\n{USAGE}");
                return ExitCode::from(2);
            }
            a if seeds.is_none() => seeds = Some(PathBuf::from(a)),
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(seeds) = seeds else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match run(&seeds, check) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Writes (or with `check` compares) both files; false when a checked file is stale.
fn run(seeds: &Path, check: bool) -> Result<bool, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("graph-data");
    let g = generate::read(&dir)?;
    let docs = generate::documents(&g, seeds)?;
    let mentions = generate::mentions(&g, &docs);
    let outputs = [
        (dir.join("relationships").join("MENTIONS.csv"), generate::mentions_csv(&mentions)?),
        (dir.join("lines.csv"), generate::lines_csv(&g, &mentions, &docs)?),
    ];
    let mut fresh = true;
    for (path, text) in outputs {
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        if check {
            if old != text {
                eprintln!("{} is out of date: run cargo run --example provenance -- {}", path.display(), seeds.display());
                fresh = false;
            }
        } else if old != text {
            std::fs::write(&path, &text).map_err(|e| format!("{}: {e}", path.display()))?;
            eprintln!("wrote {} ({} rows)", path.display(), text.lines().count() - 1);
        } else {
            eprintln!("{} is up to date", path.display());
        }
    }
    Ok(fresh)
}
