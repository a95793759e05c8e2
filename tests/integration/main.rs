//! One integration-test binary: each module is a group of tests.
mod published_comparators;
