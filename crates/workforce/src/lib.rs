//! # workforce
//!
//! One trusted source for a council children's services workforce figures.
//!
//! The library reads the canonical data folder (see `data-format.md`), applies the time rules
//! once, and computes the DfE children's social work workforce (CSWW) measures and the HR
//! measures around them, each with its numerator, denominator, options and the records behind it.
//!
//! ```
//! use workforce::{generate, Options, Scope, Workforce};
//!
//! let wf = Workforce::new(generate::demo()).unwrap(); // or io::read_dir(folder, ..)
//! let year_end = "2021-09-30".parse().unwrap();
//! let table = wf.csww(&[year_end], None, false, &Options::default()).unwrap();
//! let turnover = table.f64("turnover_rate_fte", 0).unwrap(); // unrounded, a percentage
//! assert!((30.0..40.0).contains(&turnover));
//!
//! // The records behind it: leavers' contracts (numerator), in-post contracts (denominator).
//! let (from, to) = workforce::timeline::year_ending(year_end);
//! let why = wf.explain("turnover_rate_fte", from, to, None, &Scope::Csww, &Options::default()).unwrap();
//! assert!(why.num_rows() > 0);
//! ```
//!
//! Layers (also [`import`] for legacy exports, [`census`], [`hr`] and [`report`] above the
//! metrics): [`model`] (plain data) ← [`io`] (files) ← [`timeline`] (time rules) ←
//! [`metrics`] (measures) ← [`table`] (results); [`published`] reads DfE's published files.

#![warn(missing_docs)]

pub mod calendar;
mod cases;
pub mod census;
pub mod error;
pub mod generate;
pub mod hr;
pub mod id;
pub mod import;
pub mod io;
pub mod metrics;
#[allow(missing_docs)]
pub mod model;
pub mod options;
mod par;
pub mod published;
pub mod report;
pub mod table;
pub mod timeline;

pub use error::{Error, ErrorKind, Location, Result};
pub use id::Id;
pub use metrics::{Figure, Summary};
pub use model::{Dataset, Date};
pub use options::Options;
pub use table::{Column, Table};
pub use timeline::{Scope, Workforce};

/// The library version (the workspace version).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
