//! Metric options on the command line: a JSON file and flags for the common ones.

use clap::Args;
use std::path::PathBuf;
use workforce::{Error, Options};

/// Options shared by the metric commands. Flags override the file; unset means DfE default.
#[derive(Args, Clone, Debug, Default)]
pub struct OptionArgs {
    /// JSON file of options (field names as in the library's `Options`).
    #[arg(long = "options", value_name = "FILE")]
    file: Option<PathBuf>,
    /// fte | headcount (series and single-figure measures).
    #[arg(long)]
    basis: Option<String>,
    /// end_stock | average_start_end | average_monthly | start_stock.
    #[arg(long)]
    turnover_denominator: Option<String>,
    /// Days between contracts that still count as one service spell.
    #[arg(long)]
    rejoin_grace_days: Option<u32>,
    /// Working days per year in the absence rate (DfE 253).
    #[arg(long)]
    working_days_per_year: Option<f64>,
    /// ref_date_fte | average_fte | person_available_days | calendar_days.
    #[arg(long)]
    absence_denominator: Option<String>,
    /// vacancies_plus_employed | funded_establishment.
    #[arg(long)]
    vacancy_denominator: Option<String>,
    /// all | covering_vacancies.
    #[arg(long)]
    agency_scope: Option<String>,
    /// people | records.
    #[arg(long)]
    agency_headcount: Option<String>,
    /// Count a spell ending on the reference date as in post on it.
    #[arg(long)]
    end_date_inclusive: bool,
    /// Leave casual contracts out.
    #[arg(long)]
    exclude_casual: bool,
    /// Agency length band edges in weeks, comma-separated (default 26,52).
    #[arg(long, value_delimiter = ',')]
    agency_length_bands: Option<Vec<u32>>,
    /// An absence reason that does not count as sickness (repeat for several).
    #[arg(long = "sickness-exclude-reason", value_name = "REASON")]
    sickness_excluded_reasons: Vec<String>,
    /// Link sickness absences at most this many calendar days apart into one spell for the
    /// long-term classification (default 0: no linking).
    #[arg(long)]
    sickness_link_days: Option<u32>,
}

impl OptionArgs {
    /// The options: defaults, then the file, then the flags.
    pub fn resolve(&self) -> Result<Options, Error> {
        let mut v: serde_json::Map<String, serde_json::Value> = match &self.file {
            Some(f) => {
                let text = std::fs::read_to_string(f).map_err(|e| Error::io(f.display(), &e))?;
                serde_json::from_str(&text).map_err(|e| {
                    Error::new(
                        workforce::ErrorKind::Config,
                        format!("not a JSON object of options: {e}"),
                    )
                    .in_file(f.display().to_string())
                })?
            }
            None => serde_json::Map::new(),
        };
        let mut set = |k: &str, val: serde_json::Value| {
            v.insert(k.to_string(), val);
        };
        let s = |x: &Option<String>| x.clone().map(serde_json::Value::String);
        if let Some(x) = s(&self.basis) {
            set("basis", x);
        }
        if let Some(x) = s(&self.turnover_denominator) {
            set("turnover_denominator", x);
        }
        if let Some(x) = self.rejoin_grace_days {
            set("rejoin_grace_days", x.into());
        }
        if let Some(x) = self.working_days_per_year {
            set("working_days_per_year", x.into());
        }
        if let Some(x) = s(&self.absence_denominator) {
            set("absence_denominator", x);
        }
        if let Some(x) = s(&self.vacancy_denominator) {
            set("vacancy_denominator", x);
        }
        if let Some(x) = s(&self.agency_scope) {
            set("agency_scope", x);
        }
        if let Some(x) = s(&self.agency_headcount) {
            set("agency_headcount", x);
        }
        if self.end_date_inclusive {
            set("end_date_inclusive", true.into());
        }
        if self.exclude_casual {
            set("exclude_casual", true.into());
        }
        if let Some(b) = &self.agency_length_bands {
            set("agency_length_bands", b.clone().into());
        }
        if !self.sickness_excluded_reasons.is_empty() {
            set(
                "sickness_excluded_reasons",
                self.sickness_excluded_reasons.clone().into(),
            );
        }
        if let Some(x) = self.sickness_link_days {
            set("sickness_link_days", x.into());
        }
        Options::from_json(&serde_json::Value::Object(v).to_string())
    }
}
