//! One integration-test binary: each module is a group of tests.

mod census_common;
mod census_export;
mod census_pseudo;
mod census_read;
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
