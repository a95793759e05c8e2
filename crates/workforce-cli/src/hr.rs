//! `workforce hr ...`: the HR measures beyond the census (retention curves, stability,
//! sickness, caseloads, children's changes of social worker, casework, pay, leavers, agency
//! churn, cost, recruitment). Each subcommand reads a canonical data folder and prints one
//! table: aligned and rounded (`--format table`), or unrounded CSV or JSON with the options.

use std::path::PathBuf;
use workforce::hr::{
    agency, caseload, casework, cost, leavers, pay, recruitment, sickness, stability, survival,
};
use workforce::io::{read_dir, LoadOptions};
use workforce::options::DayUnit;
use workforce::{Date, Error, Options, Scope, Table, Workforce};

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
    /// Org unit (with its descendants); default the whole organisation.
    #[arg(long)]
    pub unit: Option<String>,
    /// Scope: `csww`, `all` or `family:NAME`.
    #[arg(long, default_value = "csww")]
    pub scope: String,
    /// Metric options (JSON file), e.g. `{"rejoin_grace_days": 7}`.
    #[arg(long, value_name = "FILE")]
    pub options: Option<PathBuf>,
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
        #[arg(long)]
        from: Date,
        /// Last day observed.
        #[arg(long)]
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
        #[arg(long)]
        from: Option<Date>,
        /// Period end, or the date of the tenure table.
        #[arg(long)]
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
        #[arg(long)]
        from: Date,
        /// Period end (month end for long-term, window end for Bradford).
        #[arg(long)]
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
        #[arg(long)]
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
        #[arg(long)]
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
        #[arg(long)]
        from: Date,
        /// Period end.
        #[arg(long)]
        to: Date,
    },
    /// Pay by source system for the same title and grade, with the gap.
    Pay {
        #[command(flatten)]
        common: Common,
        /// Contracts in post on this date (default: every contract).
        #[arg(long)]
        date: Option<Date>,
    },
    /// Leavers by reason, destination, team, role, length of service.
    Leavers {
        #[command(flatten)]
        common: Common,
        /// Period start.
        #[arg(long)]
        from: Date,
        /// Period end.
        #[arg(long)]
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
        #[arg(long)]
        from: Date,
        /// Period end.
        #[arg(long)]
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
        #[arg(long)]
        from: Option<Date>,
        /// Period end (monthly).
        #[arg(long)]
        to: Option<Date>,
        /// The date (premium, what-if).
        #[arg(long)]
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
        #[arg(long)]
        before: Date,
        /// The later date.
        #[arg(long)]
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

fn need(d: Option<Date>, name: &str) -> Result<Date, Error> {
    d.ok_or_else(|| Error::invalid_argument(format!("{name} is required for this view")))
}

/// Compute the table of an HR subcommand on an indexed workforce.
pub fn table(cmd: &HrCommand, wf: &Workforce, o: &Options) -> Result<Table, Error> {
    let c = common(cmd);
    let unit = c.unit.as_deref();
    let scope = Scope::parse(&c.scope);
    match cmd {
        HrCommand::Survival {
            from,
            to,
            group_by,
            time_unit,
            conf_type,
            conf_level,
            medians,
            ..
        } => {
            let tu = match time_unit {
                TimeUnitArg::Days => survival::TimeUnit::Days,
                TimeUnitArg::Weeks => survival::TimeUnit::Weeks,
                TimeUnitArg::Months => survival::TimeUnit::Months,
                TimeUnitArg::Years => survival::TimeUnit::Years,
            };
            let km = survival::KmOptions {
                conf_level: *conf_level,
                conf_type: match conf_type {
                    ConfArg::Log => survival::ConfType::Log,
                    ConfArg::LogLog => survival::ConfType::LogLog,
                    ConfArg::Plain => survival::ConfType::Plain,
                },
            };
            let g = survival::SpellGroup::parse(group_by)?;
            survival::employment_survival(wf, *from, *to, unit, &scope, g, tu, &km, *medians, o)
        }
        HrCommand::Stability {
            view,
            from,
            to,
            by_unit,
            bands,
            window_days,
            ..
        } => match view {
            StabilityView::Index => {
                stability::stability_index(wf, *from, *to, unit, *by_unit, &scope, o)
            }
            StabilityView::Tenure => stability::tenure_bands(wf, *to, unit, &scope, bands, o),
            StabilityView::LeaverTenure => stability::leaver_time_in_post(
                wf,
                need(*from, "--from")?,
                *to,
                unit,
                *by_unit,
                &scope,
                o,
            ),
            StabilityView::Movers => {
                stability::internal_movers(wf, need(*from, "--from")?, *to, unit, &scope, o)
            }
            StabilityView::Conversions => stability::agency_conversions(
                wf,
                need(*from, "--from")?,
                *to,
                unit,
                &scope,
                *window_days,
                o,
            ),
        },
        HrCommand::Sickness {
            view,
            from,
            to,
            by_unit,
            window_days,
            bradford_days,
            ..
        } => match view {
            SicknessView::Summary => {
                sickness::sickness_summary(wf, *from, *to, unit, *by_unit, &scope, o)
            }
            SicknessView::Month => {
                sickness::sickness_by_month(wf, *from, *to, unit, *by_unit, &scope, o)
            }
            SicknessView::LongTerm => sickness::long_term_at(wf, *to, unit, *by_unit, &scope, o),
            SicknessView::Bradford => {
                let days = match bradford_days {
                    DaysArg::Calendar => DayUnit::Calendar,
                    DaysArg::Working => DayUnit::Working,
                };
                sickness::bradford(wf, *to, *window_days, days, unit, &scope, o)
            }
            SicknessView::Reason => sickness::sickness_by_reason(wf, *from, *to, unit, &scope, o),
        },
        HrCommand::Caseload {
            date,
            group_by,
            exclude_managers,
            nq_weight,
            per_fte,
            include_zero,
            ..
        } => {
            let g = match group_by {
                CaseloadBy::None => caseload::CaseloadGroup::None,
                CaseloadBy::Team => caseload::CaseloadGroup::Team,
                CaseloadBy::Role => caseload::CaseloadGroup::Role,
            };
            let cl = caseload::CaseloadOptions {
                exclude_managers: *exclude_managers,
                nq_weight: *nq_weight,
                per_fte: *per_fte,
                include_zero: *include_zero,
            };
            caseload::caseload_distribution(wf, *date, unit, &scope, g, &cl, o)
        }
        HrCommand::ChildChanges {
            year_end,
            count,
            cohort,
            threshold,
            ..
        } => {
            let cc = caseload::ChildChangeOptions {
                count: match count {
                    CountArg::Distinct => caseload::ChangeCount::DistinctWorkers,
                    CountArg::Changes => caseload::ChangeCount::Changes,
                },
                cohort: match cohort {
                    CohortArg::Cla => caseload::ChildCohort::LookedAfterAtEnd,
                    CohortArg::Allocated => caseload::ChildCohort::AllocatedInYear,
                },
                threshold: *threshold,
            };
            caseload::child_sw_changes(wf, *year_end, &cc, o)
        }
        HrCommand::Casework { from, to, .. } => casework::er_cases(wf, *from, *to, unit, &scope, o),
        HrCommand::Pay { date, .. } => pay::pay_by_source(wf, *date, unit, &scope, o),
        HrCommand::Leavers {
            from,
            to,
            by,
            bands,
            ..
        } => {
            let by: Vec<leavers::LeaverBy> = by
                .iter()
                .map(|b| match b {
                    LeaverByArg::Reason => leavers::LeaverBy::Reason,
                    LeaverByArg::Destination => leavers::LeaverBy::Destination,
                    LeaverByArg::Team => leavers::LeaverBy::Team,
                    LeaverByArg::Role => leavers::LeaverBy::Role,
                    LeaverByArg::Service => leavers::LeaverBy::LengthOfService,
                })
                .collect();
            leavers::leavers_by(wf, *from, *to, unit, &scope, &by, bands, o)
        }
        HrCommand::AgencyChurn {
            from,
            to,
            period,
            lengths,
            ..
        } => {
            if *lengths {
                return agency::completed_lengths(wf, *from, *to, unit, &scope, o);
            }
            let p = match period {
                PeriodArg::Month => agency::Period::Month,
                PeriodArg::Quarter => agency::Period::Quarter,
                PeriodArg::Year => agency::Period::Year,
            };
            agency::agency_churn(wf, *from, *to, p, unit, &scope, o)
        }
        HrCommand::Cost {
            view,
            from,
            to,
            date,
            convert,
            hours_per_week,
            on_cost_rate,
            ..
        } => {
            let co = cost::CostOptions {
                hours_per_week: *hours_per_week,
                on_cost_rate: *on_cost_rate,
            };
            match view {
                CostView::Monthly => cost::monthly_cost(
                    wf,
                    need(*from, "--from")?,
                    need(*to, "--to")?,
                    unit,
                    &scope,
                    &co,
                    o,
                ),
                CostView::Premium => {
                    cost::agency_premium(wf, need(*date, "--date")?, unit, &scope, &co, o)
                }
                CostView::WhatIf => {
                    cost::what_if_convert(wf, need(*date, "--date")?, convert, unit, &scope, &co, o)
                }
            }
        }
        HrCommand::Recruitment {
            before,
            after,
            exclude_unknown_type,
            ..
        } => recruitment::recruitment_effect(wf, *before, *after, unit, !exclude_unknown_type, o),
    }
}

/// Run an HR subcommand: read the data folder, compute, print.
pub fn run(cmd: &HrCommand) -> Result<(), Error> {
    let c = common(cmd);
    let (data, load) = read_dir(&c.dir, &LoadOptions { strict: c.strict })?;
    if !load.rejections.is_empty() {
        eprintln!(
            "{} input rows rejected while reading {}; see `workforce check`",
            load.rejections.len(),
            c.dir.display()
        );
    }
    let wf = Workforce::new(data)?;
    let opts = match &c.options {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| Error::io(path.display(), &e))?;
            Options::from_json(&text)?
        }
        None => Options::default(),
    };
    let t = table(cmd, &wf, &opts)?;
    match c.format {
        Format::Table => print!("{}", t.to_text(opts.rounding)),
        Format::Csv => print!("{}", t.to_csv()),
        Format::Json => println!("{}", t.to_json()),
    }
    Ok(())
}
