//! One integration-test binary: each module is a group of tests.
mod import_public;
mod rules;
