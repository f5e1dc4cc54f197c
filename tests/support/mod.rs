//! Helpers shared by the storage test binaries.

use std::fs;
use std::path::Path;

/// Every file of `dir` with its bytes, by name: what "the directory did not change" compares.
pub fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}
