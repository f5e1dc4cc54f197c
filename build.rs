//! Embeds the bundled knowledge graph (`graph-data/nodes/*.csv`,
//! `graph-data/relationships/*.csv`) and the hashes of the lines it cites
//! (`graph-data/lines.csv`) into the binary.

use std::fmt::Write as _;
use std::path::Path;

fn list(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "csv")).collect())
        .unwrap_or_default();
    files.sort();
    files
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("graph-data");
    let mut code = String::new();
    for (name, sub) in [("NODES", "nodes"), ("RELATIONSHIPS", "relationships")] {
        let dir = root.join(sub);
        println!("cargo:rerun-if-changed={}", dir.display());
        let _ = writeln!(code, "pub static {name}: &[(&str, &str)] = &[");
        for f in list(&dir) {
            println!("cargo:rerun-if-changed={}", f.display());
            let file = f.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            let _ = writeln!(code, "    ({:?}, include_str!({:?})),", format!("graph-data/{sub}/{file}"), f.display().to_string());
        }
        code.push_str("];\n");
    }
    let lines = root.join("lines.csv");
    println!("cargo:rerun-if-changed={}", lines.display());
    let _ = writeln!(code, "pub static LINES: &str = include_str!({:?});", lines.display().to_string());
    let out = Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR is set by cargo")).join("bundled_files.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
