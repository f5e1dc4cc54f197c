//! Decodes bytes as a snapshot file: a graph or an error naming the file, never a panic or
//! an allocation the bytes cannot back.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ieum::store::snapshot::decode(std::path::Path::new("fuzz.snapshot"), data);
});
