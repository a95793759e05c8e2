//! One integration-test binary: each module is a group of tests.
mod hr_sickness;
mod hr_stability;
mod hr_survival;
mod properties;
mod rules;
