//! DfE's published figures: the CSWW indicators, statistical neighbours, Ofsted judgements and
//! child social worker stability, and comparator tables built from them.
//!
//! Published cells are [`Published`] values: a number, or the DfE symbol (`c`, `x`, `z`,
//! `low`, `u`, `:`, `k`, empty) printed instead, which is *missing*, never zero
//! (`metrics.md` §2.12). Rates are recomputed with the pure functions of [`rates`], which the
//! metrics module shares.

pub mod comparators;
pub mod csww;
pub mod measure;
pub mod neighbours;
pub mod ofsted;
pub mod rates;
pub mod stability;
pub mod value;

pub use comparators::{
    aggregate, comparators, Aggregate, ComparatorAggregate, ComparatorGroup, ComparatorRequest,
    OwnFigures,
};
pub use csww::{canonical_column, Area, IndicatorRow, Indicators, Level};
pub use measure::Measure;
pub use neighbours::{Closeness, NeighbourEntry, Neighbours};
pub use ofsted::{Inspection, Judgement, OfstedOutcomes};
pub use rates::{
    absence_rate, agency_cover_rate, agency_rate, caseload, dfe_working_days, percentage,
    turnover_rate, vacancy_agency_cover_rate, vacancy_rate, DFE_WORKING_DAYS,
};
pub use stability::{Stability, StabilityRow};
pub use value::{Published, Symbol};
