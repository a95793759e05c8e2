//! `workforce compare`: a council's published CSWW figures against England, its region, its
//! statistical neighbours (mean, median, pooled), Good+ authorities and named councils.
//!
//! ```text
//! workforce compare [--dfe csww_indicators_2017_to_2025.csv] \
//!     [--neighbours New_Statistical_Neighbour_Groupings_April_2021.csv] --la 839 --year 2021 \
//!     [--ofsted LA_Inspection_Outcomes_as_at_31_March_2025.ods] [--ofsted-date 2022-07-01] \
//!     [--with Dorset --with Hampshire ...] [--aggregate mean] [--format table|csv|json]
//! ```

use std::path::PathBuf;
use workforce::options::Rounding;
use workforce::published::{
    comparators, ComparatorAggregate, ComparatorRequest, Indicators, Measure, Neighbours,
    OfstedOutcomes,
};
use workforce::report::bundled;
use workforce::{Date, Error};

/// Output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An aligned table, rounded half away from zero for reading.
    #[default]
    Table,
    /// CSV, unrounded.
    Csv,
    /// JSON with the options used, unrounded.
    Json,
}

/// Arguments of `workforce compare`.
#[derive(Clone, Debug, clap::Args)]
pub struct CompareArgs {
    /// DfE CSWW indicators file (current or headline-measures layout); repeat to load several
    /// releases, the last given winning where they overlap (default: the release shipped with
    /// workforce).
    #[arg(long = "dfe", value_name = "FILE")]
    pub dfe: Vec<PathBuf>,
    /// Statistical neighbour grouping (the 2021 file or the 2025 wide model; default: the
    /// shipped grouping for the year).
    #[arg(long, value_name = "FILE")]
    pub neighbours: Option<PathBuf>,
    /// The council: 3-digit DfE code, ONS code or name.
    #[arg(long, value_name = "CODE_OR_NAME")]
    pub la: String,
    /// Reporting year (ending 30 September).
    #[arg(long)]
    pub year: i32,
    /// Release label to read (a file stem); default the last loaded that has the year.
    #[arg(long)]
    pub release: Option<String>,
    /// Ofsted local authority inspection outcomes (.ods): adds a "Good+ LAs" group.
    #[arg(long, value_name = "FILE")]
    pub ofsted: Option<PathBuf>,
    /// Judgements published on or before this date count (default 30 September of --year).
    #[arg(long, value_name = "YYYY-MM-DD", requires = "ofsted")]
    pub ofsted_date: Option<String>,
    /// Other councils to list, by code or name.
    #[arg(long = "with", value_name = "NAME_OR_CODE", num_args = 1.., action = clap::ArgAction::Append)]
    pub with: Vec<String>,
    /// Group summary: median (DfE's), mean or pooled; repeat for several (default all three).
    #[arg(long = "aggregate", value_name = "mean|median|pooled")]
    pub aggregate: Vec<String>,
    /// Measures to show (indicator column names); default the six headline rates.
    #[arg(long = "measure", value_name = "NAME")]
    pub measure: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Build the comparator table the arguments ask for and render it.
pub fn render(args: &CompareArgs) -> Result<String, Error> {
    let mut data = Indicators::new();
    if args.dfe.is_empty() {
        data.merge(bundled::indicators());
    }
    for path in &args.dfe {
        data.merge(Indicators::read(path)?);
    }
    let neighbours = match &args.neighbours {
        Some(path) => Neighbours::read(path)?,
        None => bundled::neighbours_for_year(args.year),
    };
    let mut req = ComparatorRequest::new(args.la.clone(), args.year);
    req.release = args.release.clone();
    req.named = args.with.clone();
    if !args.aggregate.is_empty() {
        req.aggregates = args
            .aggregate
            .iter()
            .map(|a| ComparatorAggregate::parse(a))
            .collect::<Result<_, _>>()?;
    }
    if !args.measure.is_empty() {
        req.measures = args
            .measure
            .iter()
            .map(|m| {
                Measure::from_name(m)
                    .ok_or_else(|| Error::invalid_argument(format!("unknown measure {m:?}")))
            })
            .collect::<Result<_, _>>()?;
    }
    if let Some(path) = &args.ofsted {
        let date = match &args.ofsted_date {
            Some(d) => Date::parse_from_str(d, "%Y-%m-%d").map_err(|e| {
                Error::invalid_argument(format!("--ofsted-date {d:?} is not YYYY-MM-DD: {e}"))
            })?,
            None => Date::from_ymd_opt(args.year, 9, 30)
                .ok_or_else(|| Error::invalid_argument(format!("bad year {}", args.year)))?,
        };
        let ofsted = OfstedOutcomes::read(path)?;
        req.groups.push(ofsted.good_plus_group(date));
    }
    let table = comparators(&data, Some(&neighbours), &req)?;
    Ok(match args.format {
        Format::Table => table.to_text(Rounding::HalfAwayFromZero),
        Format::Csv => table.to_csv(),
        Format::Json => table.to_json(),
    })
}

/// Run `workforce compare`: print the comparator table to standard output.
pub fn run(args: &CompareArgs) -> Result<(), Error> {
    print!("{}", render(args)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(clap::Parser)]
    struct Cli {
        #[command(flatten)]
        args: CompareArgs,
    }

    fn shared(p: &str) -> String {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
        root.join(p).display().to_string()
    }

    #[test]
    fn scrutiny_report_table() {
        let dfe = shared("dfe_csww/csww_indicators_2017_to_2025.csv");
        if !std::path::Path::new(&dfe).exists() {
            return; // shared data not beside this checkout
        }
        let sn = shared("dfe_csww/New_Statistical_Neighbour_Groupings_April_2021.csv");
        let ods = shared("dfe_csc/LA_Inspection_Outcomes_as_at_31_March_2025.ods");
        let cli = Cli::try_parse_from([
            "compare",
            "--dfe",
            &dfe,
            "--neighbours",
            &sn,
            "--la",
            "839",
            "--year",
            "2021",
            "--ofsted",
            &ods,
            "--ofsted-date",
            "2022-07-01",
            "--with",
            "Dorset",
            "Hampshire",
            "--with",
            "Southampton",
            "--aggregate",
            "mean",
            "--measure",
            "turnover_rate_fte",
            "--format",
            "csv",
        ])
        .unwrap();
        let out = render(&cli.args).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 1 + 8, "{out}");
        assert!(lines[1]
            .starts_with("\"Bournemouth, Christchurch and Poole\",839,council,published,36,"));
        assert!(
            lines[4].starts_with("Statistical neighbours (mean),"),
            "{out}"
        );
        assert!(lines[5].starts_with("Good+ LAs (mean),"), "{out}");
        assert!(
            lines[8].starts_with("Southampton,852,named,published,5.4,"),
            "{out}"
        );
        let bad = Cli::try_parse_from([
            "compare",
            "--dfe",
            &dfe,
            "--la",
            "839",
            "--year",
            "2021",
            "--measure",
            "nope",
        ])
        .unwrap();
        assert!(render(&bad.args).unwrap_err().is_invalid_argument());
    }

    #[test]
    fn shipped_files_by_default() {
        let cli = Cli::try_parse_from([
            "compare", "--la", "839", "--year", "2021", "--with", "Dorset", "--format", "csv",
        ])
        .unwrap();
        let out = render(&cli.args).unwrap();
        assert!(
            out.lines()
                .nth(1)
                .unwrap()
                .starts_with("\"Bournemouth, Christchurch and Poole\",839,council,published,36,"),
            "{out}"
        );
        assert!(out.contains("\nStatistical neighbours (mean),"), "{out}");
        assert!(out.contains("\nDorset,838,named,"), "{out}");
    }
}
