//! One integration-test binary: each module is a group of tests.
mod published_comparators;
mod published_indicators;
mod published_neighbours;
mod published_ofsted;
mod published_stability;
