//! DfE's published CSWW indicators and statistical neighbour groupings, shipped inside the
//! library (Open Government Licence v3.0; source and commit in `data/dfe/README.md`) so that
//! comparators work offline. A newer release read with [`Indicators::read`] replaces them.

use crate::published::{Indicators, Neighbours};
use std::sync::OnceLock;

/// Release label of the shipped indicators file.
pub const INDICATORS_RELEASE: &str = "csww_indicators_2017_to_2025";
/// The shipped indicators file (CSV text as DfE published it).
pub const INDICATORS_CSV: &str = include_str!("../../data/dfe/csww_indicators_2017_to_2025.csv");
/// The shipped 2021 statistical neighbour groupings (CSV text).
pub const NEIGHBOURS_2021_CSV: &str =
    include_str!("../../data/dfe/New_Statistical_Neighbour_Groupings_April_2021.csv");
/// The shipped 2025 statistical neighbour model (CSV text).
pub const NEIGHBOURS_2025_CSV: &str = include_str!("../../data/dfe/sn_model_2025_wide.csv");
/// Where the shipped files come from, for a report's notes.
pub const SOURCE: &str = "DfE children's social work workforce indicators 2017 to 2025 and \
statistical neighbour groupings (2021, 2025), from dfe-analytical-services/CSC_outcomes_and_enablers \
at commit 2f5d11a4; Open Government Licence v3.0, © Crown copyright";

/// The shipped indicators.
pub fn indicators() -> Indicators {
    Indicators::from_reader(
        INDICATORS_CSV.as_bytes(),
        INDICATORS_RELEASE,
        INDICATORS_RELEASE,
    )
    .expect("the shipped indicators file reads")
}

/// The shipped 2021 statistical neighbour groupings.
pub fn neighbours_2021() -> Neighbours {
    Neighbours::from_reader(
        NEIGHBOURS_2021_CSV.as_bytes(),
        "New_Statistical_Neighbour_Groupings_April_2021.csv",
        "New_Statistical_Neighbour_Groupings_April_2021",
    )
    .expect("the shipped 2021 neighbours file reads")
}

/// The shipped 2025 statistical neighbour model.
pub fn neighbours_2025() -> Neighbours {
    Neighbours::from_reader(
        NEIGHBOURS_2025_CSV.as_bytes(),
        "sn_model_2025_wide.csv",
        "sn_model_2025_wide",
    )
    .expect("the shipped 2025 neighbours file reads")
}

/// The shipped grouping in force for a reporting year: the 2025 model from 2025, the 2021
/// groupings before.
pub fn neighbours_for_year(year: i32) -> Neighbours {
    if year >= 2025 {
        neighbours_2025()
    } else {
        neighbours_2021()
    }
}

/// The shipped indicators, read once per process and shared: reports built one after another
/// (a notebook, a service) do not read the 1,463 rows again.
pub fn shared_indicators() -> &'static Indicators {
    static SHIPPED: OnceLock<Indicators> = OnceLock::new();
    SHIPPED.get_or_init(indicators)
}

/// [`neighbours_for_year`], read once per process and shared.
pub fn shared_neighbours_for_year(year: i32) -> &'static Neighbours {
    static MODEL_2021: OnceLock<Neighbours> = OnceLock::new();
    static MODEL_2025: OnceLock<Neighbours> = OnceLock::new();
    if year >= 2025 {
        MODEL_2025.get_or_init(neighbours_2025)
    } else {
        MODEL_2021.get_or_init(neighbours_2021)
    }
}
