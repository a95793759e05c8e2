//! One integration-test binary: each module is a group of tests.

mod generate_check;
mod generate_demo;
mod generate_edge_cases;
mod generate_valid;
