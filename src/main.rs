//! The `dossier` command line.
fn main() {}
