//! `workforce hr ...`: the HR measures beyond the census (retention curves, stability,
//! sickness, caseloads, children's changes of social worker, casework, pay, leavers, agency
//! churn, cost, recruitment). Each subcommand reads a canonical data folder and prints one
//! table: aligned and rounded (`--format table`), or unrounded CSV or JSON with the options.

use crate::options::OptionArgs;
use clap::ValueEnum;
use serde_json::{json, Value};
use std::path::PathBuf;
use workforce::hr::request::{self, Dialect};
use workforce::hr::{sickness, stability};
use workforce::io::{open_dir, LoadOptions};
use workforce::{Date, Error, Options, Table, Workforce};

/// Output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An aligned table, rounded for reading.
    #[default]
    Table,
    /// CSV, unrounded.
    Csv,
    /// JSON with the options used, unrounded.
    Json,
}

/// Arguments every HR subcommand takes.
#[derive(clap::Args, Debug, Clone)]
pub struct Common {
    /// The canonical data folder.
    pub dir: PathBuf,
    /// Org unit id, as in org_units.csv (with its descendants); default the whole organisation.
    #[arg(long)]
    pub unit: Option<String>,
    /// Scope: `csww`, `all` or `family:NAME`.
    #[arg(long, default_value = "csww")]
    pub scope: String,
    /// Metric options: a JSON file (`--options`, e.g. `{"rejoin_grace_days": 7}`) and flags
    /// for the common ones, as the other metric commands take them.
    #[command(flatten)]
    pub opts: OptionArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
    /// Fail on the first rejected input row instead of leaving it out.
    #[arg(long)]
    pub strict: bool,
}

/// Survival time unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TimeUnitArg {
    /// Days.
    Days,
    /// Weeks.
    Weeks,
    /// Months.
    Months,
    /// Years.
    Years,
}

/// Confidence interval transformation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ConfArg {
    /// On log S (R's default).
    Log,
    /// On log(−log S) (lifelines' default).
    LogLog,
    /// On S.
    Plain,
}

/// Which stability table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum StabilityView {
    /// Stability index (headcount) and FTE stability rate.
    Index,
    /// In post on `--to` by length of service.
    Tenure,
    /// Time in post of the leavers of `--from`..`--to`.
    LeaverTenure,
    /// Internal moves in `--from`..`--to`.
    Movers,
    /// Agency-to-permanent conversions in `--from`..`--to`.
    Conversions,
}

/// Which sickness table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SicknessView {
    /// Short/long spells, days lost per FTE, % working days lost.
    Summary,
    /// % working days lost by month (and unit with `--by-unit`).
    Month,
    /// Long-term sickness at the month end of `--to`.
    LongTerm,
    /// Bradford factor per person over the window ending on `--to`.
    Bradford,
    /// Spells by reason.
    Reason,
}

/// Day unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DaysArg {
    /// Calendar days.
    Calendar,
    /// Working days.
    Working,
}

/// Caseload grouping.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CaseloadBy {
    /// One row.
    None,
    /// By team.
    Team,
    /// By census role.
    Role,
}

/// What is counted per child.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CountArg {
    /// Distinct social workers (DfE).
    Distinct,
    /// Changes of social worker (Children's Commissioner).
    Changes,
}

/// Which children.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CohortArg {
    /// Looked after on the year end (DfE).
    Cla,
    /// Every child allocated in the year.
    Allocated,
}

/// Leaver breakdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LeaverByArg {
    /// Census ReasonLeave.
    Reason,
    /// Census LeaverDestination.
    Destination,
    /// Team.
    Team,
    /// Census role.
    Role,
    /// Length of service.
    Service,
    /// Leaver category of ReasonLeave (the `leaver_categories` option); every category
    /// gets a row when it is the only breakdown.
    Category,
}

/// Period length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PeriodArg {
    /// Months.
    Month,
    /// Quarters.
    Quarter,
    /// Years.
    Year,
}

/// Which cost table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CostView {
    /// Monthly pay bill and agency spend, `--from`..`--to`.
    Monthly,
    /// Agency premium per assignment in post on `--date`.
    Premium,
    /// Saving and agency-rate change if `--convert` assignments became permanent.
    WhatIf,
}

/// The `workforce hr` subcommands.
#[derive(clap::Subcommand, Debug, Clone)]
pub enum HrCommand {
    /// Kaplan–Meier retention curves of employment spells.
    Survival {
        #[command(flatten)]
        common: Common,
        /// First day observed.
        #[arg(long, value_parser = crate::date_arg)]
        from: Date,
        /// Last day observed.
        #[arg(long, value_parser = crate::date_arg)]
        to: Date,
        /// Grouping: none, team, role, source_system, start_year, contract_type.
        #[arg(long, default_value = "none")]
        group_by: String,
        /// Time unit.
        #[arg(long, value_enum, default_value = "months")]
        time_unit: TimeUnitArg,
        /// Confidence interval transformation.
        #[arg(long, value_enum, default_value = "log")]
        conf_type: ConfArg,
        /// Confidence level.
        #[arg(long, default_value_t = 0.95)]
        conf_level: f64,
        /// One row per group with the median survival and its CI instead of the curves.
        #[arg(long)]
        medians: bool,
    },
    /// Stability index, tenure, leavers' time in post, internal movers, conversions.
    Stability {
        #[command(flatten)]
        common: Common,
        /// Which table.
        #[arg(long, value_enum, default_value = "index")]
        view: StabilityView,
        /// Period start (default: one year before `--to` for the index).
        #[arg(long, value_parser = crate::date_arg)]
        from: Option<Date>,
        /// Period end, or the date of the tenure table.
        #[arg(long, value_parser = crate::date_arg)]
        to: Date,
        /// Also each unit below `--unit`.
        #[arg(long)]
        by_unit: bool,
        /// Length-of-service band edges in years.
        #[arg(long, value_delimiter = ',', default_value = "1,2,5,10")]
        bands: Vec<f64>,
        /// Conversion window in days.
        #[arg(long, default_value_t = stability::DEFAULT_CONVERSION_WINDOW_DAYS)]
        window_days: u32,
    },
    /// Sickness: spells, days lost per FTE, by month, long-term, Bradford, reasons.
    Sickness {
        #[command(flatten)]
        common: Common,
        /// Which table.
        #[arg(long, value_enum, default_value = "summary")]
        view: SicknessView,
        /// Period start.
        #[arg(long, value_parser = crate::date_arg)]
        from: Date,
        /// Period end (month end for long-term, window end for Bradford).
        #[arg(long, value_parser = crate::date_arg)]
        to: Date,
        /// Also each unit below `--unit`.
        #[arg(long)]
        by_unit: bool,
        /// Bradford window in days.
        #[arg(long, default_value_t = sickness::DEFAULT_BRADFORD_WINDOW_DAYS)]
        window_days: u32,
        /// Bradford day unit.
        #[arg(long, value_enum, default_value = "calendar")]
        bradford_days: DaysArg,
    },
    /// Cases per worker on a date: min, quartiles, max, by team or role.
    Caseload {
        #[command(flatten)]
        common: Common,
        /// The date.
        #[arg(long, value_parser = crate::date_arg)]
        date: Date,
        /// Grouping.
        #[arg(long, value_enum, default_value = "none")]
        group_by: CaseloadBy,
        /// Leave out managers (roles 1–3).
        #[arg(long)]
        exclude_managers: bool,
        /// Capacity weight of newly qualified workers (e.g. 0.6).
        #[arg(long)]
        nq_weight: Option<f64>,
        /// Cases per FTE instead of per person.
        #[arg(long)]
        per_fte: bool,
        /// Include workers holding no case.
        #[arg(long)]
        include_zero: bool,
    },
    /// Children with 1, 2, 3 or more social workers in the year to 31 March.
    ChildChanges {
        #[command(flatten)]
        common: Common,
        /// The year end (31 March).
        #[arg(long, value_parser = crate::date_arg)]
        year_end: Date,
        /// Distinct workers or changes.
        #[arg(long, value_enum, default_value = "distinct")]
        count: CountArg,
        /// The cohort.
        #[arg(long, value_enum, default_value = "cla")]
        cohort: CohortArg,
        /// The top band ("3 or more").
        #[arg(long, default_value_t = 3)]
        threshold: u32,
    },
    /// Employee-relations cases by type and status.
    Casework {
        #[command(flatten)]
        common: Common,
        /// Period start.
        #[arg(long, value_parser = crate::date_arg)]
        from: Date,
        /// Period end.
        #[arg(long, value_parser = crate::date_arg)]
        to: Date,
    },
    /// Pay by source system for the same title and grade, with the gap.
    Pay {
        #[command(flatten)]
        common: Common,
        /// Contracts in post on this date (default: every contract).
        #[arg(long, value_parser = crate::date_arg)]
        date: Option<Date>,
    },
    /// Leavers by reason, destination, team, role, length of service.
    Leavers {
        #[command(flatten)]
        common: Common,
        /// Period start.
        #[arg(long, value_parser = crate::date_arg)]
        from: Date,
        /// Period end.
        #[arg(long, value_parser = crate::date_arg)]
        to: Date,
        /// Breakdowns, comma-separated.
        #[arg(long, value_enum, value_delimiter = ',', default_value = "reason")]
        by: Vec<LeaverByArg>,
        /// Length-of-service band edges in years.
        #[arg(long, value_delimiter = ',', default_value = "1,2,5,10")]
        bands: Vec<f64>,
    },
    /// Agency assignments started and ended per period, turnover, conversions.
    AgencyChurn {
        #[command(flatten)]
        common: Common,
        /// Period start.
        #[arg(long, value_parser = crate::date_arg)]
        from: Date,
        /// Period end.
        #[arg(long, value_parser = crate::date_arg)]
        to: Date,
        /// Period length.
        #[arg(long, value_enum, default_value = "month")]
        period: PeriodArg,
        /// Lengths of completed assignments by band instead.
        #[arg(long)]
        lengths: bool,
    },
    /// Pay bill and agency spend, agency premium, what-if conversions.
    Cost {
        #[command(flatten)]
        common: Common,
        /// Which table.
        #[arg(long, value_enum, default_value = "monthly")]
        view: CostView,
        /// Period start (monthly).
        #[arg(long, value_parser = crate::date_arg)]
        from: Option<Date>,
        /// Period end (monthly).
        #[arg(long, value_parser = crate::date_arg)]
        to: Option<Date>,
        /// The date (premium, what-if).
        #[arg(long, value_parser = crate::date_arg)]
        date: Option<Date>,
        /// Agency assignment ids to convert (what-if), comma-separated.
        #[arg(long, value_delimiter = ',')]
        convert: Vec<String>,
        /// Hours of a full-time week.
        #[arg(long, default_value_t = 37.0)]
        hours_per_week: f64,
        /// Employer on-costs as a fraction of pay.
        #[arg(long, default_value_t = 0.0)]
        on_cost_rate: f64,
    },
    /// Change in permanent qualified headcount between two dates, by role.
    Recruitment {
        #[command(flatten)]
        common: Common,
        /// The earlier date.
        #[arg(long, value_parser = crate::date_arg)]
        before: Date,
        /// The later date.
        #[arg(long, value_parser = crate::date_arg)]
        after: Date,
        /// Count contracts of unknown type as temporary rather than permanent.
        #[arg(long)]
        exclude_unknown_type: bool,
    },
}

fn common(cmd: &HrCommand) -> &Common {
    match cmd {
        HrCommand::Survival { common, .. }
        | HrCommand::Stability { common, .. }
        | HrCommand::Sickness { common, .. }
        | HrCommand::Caseload { common, .. }
        | HrCommand::ChildChanges { common, .. }
        | HrCommand::Casework { common, .. }
        | HrCommand::Pay { common, .. }
        | HrCommand::Leavers { common, .. }
        | HrCommand::AgencyChurn { common, .. }
        | HrCommand::Cost { common, .. }
        | HrCommand::Recruitment { common, .. } => common,
    }
}

/// The name of a value as the CLI spells it (`LogLog` → `"log-log"`), which `run` takes too.
fn name(v: impl ValueEnum) -> Value {
    v.to_possible_value()
        .expect("no skipped values")
        .get_name()
        .into()
}

/// A number; as text when JSON cannot hold it (`inf`, `NaN`), for the measure to check.
fn num(x: f64) -> Value {
    serde_json::Number::from_f64(x).map_or_else(|| x.to_string().into(), Value::Number)
}

fn nums(xs: &[f64]) -> Value {
    xs.iter().copied().map(num).collect()
}

/// The measure and arguments of an HR subcommand for [`request::run_as`].
fn to_request(cmd: &HrCommand) -> (&'static str, Value) {
    let (measure, mut args) = match cmd {
        HrCommand::Survival {
            from,
            to,
            group_by,
            time_unit,
            conf_type,
            conf_level,
            medians,
            ..
        } => (
            "survival",
            json!({"from": from, "to": to, "group_by": group_by, "time_unit": name(*time_unit),
                "conf_type": name(*conf_type), "conf_level": num(*conf_level), "medians": medians}),
        ),
        HrCommand::Stability {
            view,
            from,
            to,
            by_unit,
            bands,
            window_days,
            ..
        } => (
            "stability",
            json!({"view": name(*view), "from": from, "to": to, "by_unit": by_unit,
                "bands": nums(bands), "window_days": window_days}),
        ),
        HrCommand::Sickness {
            view,
            from,
            to,
            by_unit,
            window_days,
            bradford_days,
            ..
        } => (
            "sickness",
            json!({"view": name(*view), "from": from, "to": to, "by_unit": by_unit,
                "window_days": window_days, "bradford_days": name(*bradford_days)}),
        ),
        HrCommand::Caseload {
            date,
            group_by,
            exclude_managers,
            nq_weight,
            per_fte,
            include_zero,
            ..
        } => (
            "caseload",
            json!({"date": date, "group_by": name(*group_by), "exclude_managers": exclude_managers,
                "nq_weight": nq_weight.map(num), "per_fte": per_fte, "include_zero": include_zero}),
        ),
        HrCommand::ChildChanges {
            year_end,
            count,
            cohort,
            threshold,
            ..
        } => (
            "child_changes",
            json!({"year_end": year_end, "count": name(*count), "cohort": name(*cohort),
                "threshold": threshold}),
        ),
        HrCommand::Casework { from, to, .. } => ("casework", json!({"from": from, "to": to})),
        HrCommand::Pay { date, .. } => ("pay", json!({ "date": date })),
        HrCommand::Leavers {
            from,
            to,
            by,
            bands,
            ..
        } => (
            "leavers",
            json!({"from": from, "to": to, "by": by.iter().copied().map(name).collect::<Value>(),
                "bands": nums(bands)}),
        ),
        HrCommand::AgencyChurn {
            from,
            to,
            period,
            lengths,
            ..
        } => (
            "agency_churn",
            json!({"from": from, "to": to, "period": name(*period), "lengths": lengths}),
        ),
        HrCommand::Cost {
            view,
            from,
            to,
            date,
            convert,
            hours_per_week,
            on_cost_rate,
            ..
        } => (
            "cost",
            json!({"view": name(*view), "from": from, "to": to, "date": date, "convert": convert,
                "hours_per_week": num(*hours_per_week), "on_cost_rate": num(*on_cost_rate)}),
        ),
        HrCommand::Recruitment {
            before,
            after,
            exclude_unknown_type,
            ..
        } => (
            "recruitment",
            json!({"before": before, "after": after, "exclude_unknown_type": exclude_unknown_type}),
        ),
    };
    let c = common(cmd);
    args["unit"] = json!(c.unit);
    args["scope"] = json!(c.scope);
    (measure, args)
}

/// Compute the table of an HR subcommand on an indexed workforce.
pub fn table(cmd: &HrCommand, wf: &Workforce, o: &Options) -> Result<Table, Error> {
    let (measure, args) = to_request(cmd);
    request::run_as(wf, measure, &args, o, Dialect::Cli)
}

/// Run an HR subcommand: read the data folder, compute, print.
pub fn run(cmd: &HrCommand) -> Result<(), Error> {
    let c = common(cmd);
    let (wf, load) = open_dir(&c.dir, &LoadOptions { strict: c.strict })?;
    if !load.rejections.is_empty() {
        eprintln!(
            "warning: {} row(s) rejected while reading {}; run `workforce validate {}` for the list",
            load.rejections.len(),
            c.dir.display(),
            c.dir.display()
        );
    }
    let opts = c.opts.resolve()?;
    let t = table(cmd, &wf, &opts)?;
    match c.format {
        Format::Table => print!("{}", t.to_text(opts.rounding)),
        Format::Csv => print!("{}", t.to_csv()),
        Format::Json => println!("{}", t.to_json()),
    }
    Ok(())
}
