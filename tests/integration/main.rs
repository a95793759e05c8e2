//! One integration-test binary: each module is a group of tests.

mod io_common;
mod io_fuzz;
mod io_read;
mod io_rules;
mod properties;
mod published_comparators;
mod published_indicators;
mod published_neighbours;
mod published_ofsted;
mod published_stability;
mod rules;
