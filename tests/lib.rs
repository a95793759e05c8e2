//! Helpers shared by the integration tests: paths to shared data and test fixtures.
use std::path::PathBuf;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The `shared/` folder beside the checkout (`../shared`).
pub fn shared() -> PathBuf {
    root().parent().unwrap().join("shared")
}

/// A fixture folder under `tests/data/`.
pub fn fixture(name: &str) -> PathBuf {
    root().join("tests").join("data").join(name)
}
