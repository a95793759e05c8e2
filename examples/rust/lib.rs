//! Examples of the workforce library: run `cargo run -p workforce-examples --example csww_report`.
