//! The `ieum` binary: the command line of [`ieum::cli`], run on a thread with a large stack.
//!
//! Statements nest as deeply as the parser allows (`ieum::syntax::parser::MAX_NESTING`), and
//! planning and evaluation recurse once per level; the main thread's default stack is too
//! small for that in every build, so the work runs where the stack is ample (the memory is
//! reserved, and only the part used is ever committed).

/// jemalloc, configured at build time (`.cargo/config.toml`) to use transparent huge pages:
/// opening a large database fills arrays of hundreds of megabytes, and with 4 KiB pages the
/// kernel's work of handing out and zeroing every page costs as much as reading the file.
#[cfg(all(unix, not(target_env = "musl")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Stack of the thread that runs the command line.
const STACK_BYTES: usize = 512 * 1024 * 1024;

fn main() {
    let code = match std::thread::Builder::new().name("ieum".into()).stack_size(STACK_BYTES).spawn(ieum::cli::main) {
        Ok(handle) => handle.join().unwrap_or(101),
        // no thread to be had: run here, with the stack there is
        Err(_) => ieum::cli::main(),
    };
    std::process::exit(code);
}
