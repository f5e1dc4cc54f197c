//! Parses and runs one statement against a small graph: any text must give a result or an
//! error, never a panic, an abort or a hang past the time limit.
#![no_main]

use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    ieum::exec::budget::set_value_limit(16 << 20);
    let mut db = ieum::Database::new();
    let _ = db.execute("CREATE (:A {n: 1, s: 'x'})-[:R {w: 2}]->(:B {n: 2, l: [1, 2]})");
    let options = ieum::QueryOptions { deadline: Some(Instant::now() + Duration::from_millis(200)), ..Default::default() };
    let _ = db.execute_with(text, &options);
});
