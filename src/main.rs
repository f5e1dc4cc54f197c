fn main() {
    std::process::exit(ieum::cli::main());
}
