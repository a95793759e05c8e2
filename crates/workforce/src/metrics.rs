//! The measures: the DfE CSWW summary, the same measures for any date, period, team or job
//! family, monthly series, agency breakdowns and `explain`.
//!
//! Every figure is a [`Figure`]: numerator, denominator and the unrounded value. Rates are
//! percentages (0–100), unrounded and uncapped; a rate with a zero or missing denominator is
//! missing, never 0. All stock and flow counting is done by [`crate::timeline`].

use crate::cases::OpenCases;
use crate::error::{Error, Result};
use crate::model::Date;
use crate::options::{
    AbsenceDenominator, AgencyScope, Basis, Options, TurnoverDenominator, VacancyDenominator,
};
use crate::table::{Column, Display, Table};
use crate::timeline::{year_ending, Cases, Contribution, Flow, Scope, Stock, UnitSel, Workforce};
use chrono::{Datelike, Duration};

/// The DfE CSWW columns, in the order of DfE's indicators file.
pub const CSWW_COLUMNS: [&str; 22] = [
    "inpost_fte",
    "inpost_headcount",
    "starters_fte",
    "starters_headcount",
    "leavers_fte",
    "leavers_headcount",
    "turnover_rate_fte",
    "turnover_rate_headcount",
    "agency_fte",
    "agency_headcount",
    "agency_rate_fte",
    "agency_rate_headcount",
    "agency_cover_fte",
    "agency_cover_rate_fte",
    "vacancy_fte",
    "vacancy_rate_fte",
    "vacancy_agency_cover_rate_fte",
    "case_holders_fte",
    "cases",
    "caseload_fte",
    "working_days_lost_fte",
    "absence_rate_fte",
];

/// How a column displays: headcounts and cases whole, the rest (rates on a headcount basis
/// included) to 1 dp.
pub fn column_display(name: &str) -> Display {
    let count = name.ends_with("headcount") || name == "cases" || name.ends_with("_count");
    if count && !name.contains("_rate") {
        Display::Whole
    } else {
        Display::OneDp
    }
}

/// One figure: its parts and its unrounded value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figure {
    /// The numerator (for a count, the count itself).
    pub numerator: Option<f64>,
    /// The denominator; `None` for counts.
    pub denominator: Option<f64>,
    /// The value: the count, or `100 × numerator ÷ denominator` for a rate (a plain ratio for
    /// caseload). `None` when a part is missing or the denominator is zero.
    pub value: Option<f64>,
}

impl Figure {
    /// A count.
    pub fn count(x: f64) -> Self {
        Figure {
            numerator: Some(x),
            denominator: None,
            value: Some(x),
        }
    }
    /// A missing figure (an input it needs is absent).
    pub fn missing() -> Self {
        Figure {
            numerator: None,
            denominator: None,
            value: None,
        }
    }
    /// A percentage `100 × n ÷ d`; missing when `d` is zero.
    pub fn rate(n: f64, d: f64) -> Self {
        Figure {
            numerator: Some(n),
            denominator: Some(d),
            value: if d != 0.0 { Some(100.0 * n / d) } else { None },
        }
    }
    /// A plain ratio `n ÷ d`; missing when `d` is zero.
    pub fn ratio(n: f64, d: f64) -> Self {
        Figure {
            numerator: Some(n),
            denominator: Some(d),
            value: if d != 0.0 { Some(n / d) } else { None },
        }
    }
}

/// The CSWW measures for one unit over one period (a year for the CSWW summary).
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// The unit (`*` for all of several roots).
    pub org_unit_id: String,
    /// First day of the period.
    pub period_start: Date,
    /// Last day of the period; stocks are taken on it.
    pub period_end: Date,
    /// The figures, in [`CSWW_COLUMNS`] order.
    pub figures: Vec<(&'static str, Figure)>,
}

impl Summary {
    /// A figure by its DfE column name.
    pub fn get(&self, name: &str) -> Option<Figure> {
        self.figures
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| *f)
    }
    /// A value by its DfE column name.
    pub fn value(&self, name: &str) -> Option<f64> {
        self.get(name).and_then(|f| f.value)
    }
}

fn month_ends_in(from: Date, to: Date) -> Vec<Date> {
    let mut out = Vec::new();
    let mut d = end_of_month(from);
    while d <= to {
        out.push(d);
        d = end_of_month(d + Duration::days(1));
    }
    out
}

/// The last day of `d`'s month.
pub fn end_of_month(d: Date) -> Date {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    Date::from_ymd_opt(y, m, 1).expect("valid month") - Duration::days(1)
}

/// The first day of `d`'s month.
pub fn start_of_month(d: Date) -> Date {
    d.with_day(1).expect("day 1 exists")
}

/// The absence rate's numerator and denominator on `basis` over a period with `flow`, the
/// stocks on the day before it (`start`) and on its last day (`end`): days lost (calendar days
/// on the `calendar_days` basis, else working days) and the days available. `ref_days` are the
/// days the `ref_date_fte` basis multiplies the end's FTE by (`working_days_per_year` for a
/// CSWW year, the working days of a month for a month).
pub(crate) fn absence_parts(
    basis: AbsenceDenominator,
    start: &Stock,
    end: &Stock,
    flow: &Flow,
    ref_days: f64,
) -> (f64, f64) {
    match basis {
        AbsenceDenominator::RefDateFte => (flow.working_days_lost_fte, end.inpost_fte * ref_days),
        AbsenceDenominator::AverageFte => (
            flow.working_days_lost_fte,
            (start.inpost_fte + end.inpost_fte) / 2.0 * flow.working_days,
        ),
        AbsenceDenominator::PersonAvailableDays => {
            (flow.working_days_lost_fte, flow.available_fte_days)
        }
        AbsenceDenominator::CalendarDays => (
            flow.calendar_days_lost_fte,
            flow.available_fte_calendar_days,
        ),
    }
}

#[allow(clippy::too_many_arguments)]
fn summarise(
    unit: String,
    from: Date,
    to: Date,
    end: &Stock,
    start: &Stock,
    monthly: &[Stock],
    flow: &Flow,
    has_cases: bool,
    o: &Options,
) -> Summary {
    use Figure as F;
    let inpost = |s: &Stock, b: Basis| {
        if b == Basis::Fte {
            s.inpost_fte
        } else {
            s.inpost_headcount
        }
    };
    let denom = |b: Basis| match o.turnover_denominator {
        TurnoverDenominator::EndStock => inpost(end, b),
        TurnoverDenominator::StartStock => inpost(start, b),
        TurnoverDenominator::AverageStartEnd => (inpost(start, b) + inpost(end, b)) / 2.0,
        TurnoverDenominator::AverageMonthly => {
            if monthly.is_empty() {
                inpost(end, b)
            } else {
                monthly.iter().map(|s| inpost(s, b)).sum::<f64>() / monthly.len() as f64
            }
        }
    };
    let (ag_fte, ag_hc) = match o.agency_scope {
        AgencyScope::All => (end.agency_fte, end.agency_headcount),
        AgencyScope::CoveringVacancies => (end.agency_cover_fte, end.agency_cover_headcount),
    };
    let vac_den = match o.vacancy_denominator {
        VacancyDenominator::VacanciesPlusEmployed => end.vacancy_fte + end.inpost_fte,
        VacancyDenominator::FundedEstablishment => end.establishment_fte,
    };
    let (abs_num, abs_den) = absence_parts(
        o.absence_denominator,
        start,
        end,
        flow,
        o.working_days_per_year,
    );
    let (case_holders, cases, caseload) = if has_cases {
        let den = match o.caseload_basis {
            Basis::Fte => end.case_holders_fte,
            Basis::Headcount => end.case_holders_headcount,
        };
        (
            F::count(end.case_holders_fte),
            F::count(end.cases),
            F::ratio(end.cases, den),
        )
    } else {
        (F::missing(), F::missing(), F::missing())
    };
    let figures = vec![
        ("inpost_fte", F::count(end.inpost_fte)),
        ("inpost_headcount", F::count(end.inpost_headcount)),
        ("starters_fte", F::count(flow.starters_fte)),
        ("starters_headcount", F::count(flow.starters_headcount)),
        ("leavers_fte", F::count(flow.leavers_fte)),
        ("leavers_headcount", F::count(flow.leavers_headcount)),
        (
            "turnover_rate_fte",
            F::rate(flow.leavers_fte, denom(Basis::Fte)),
        ),
        (
            "turnover_rate_headcount",
            F::rate(flow.leavers_headcount, denom(Basis::Headcount)),
        ),
        ("agency_fte", F::count(end.agency_fte)),
        ("agency_headcount", F::count(end.agency_headcount)),
        ("agency_rate_fte", F::rate(ag_fte, ag_fte + end.inpost_fte)),
        (
            "agency_rate_headcount",
            F::rate(ag_hc, ag_hc + end.inpost_headcount),
        ),
        ("agency_cover_fte", F::count(end.agency_cover_fte)),
        (
            "agency_cover_rate_fte",
            F::rate(end.agency_cover_fte, end.agency_fte),
        ),
        ("vacancy_fte", F::count(end.vacancy_fte)),
        ("vacancy_rate_fte", F::rate(end.vacancy_fte, vac_den)),
        (
            "vacancy_agency_cover_rate_fte",
            F::rate(end.agency_cover_fte, end.vacancy_fte),
        ),
        ("case_holders_fte", case_holders),
        ("cases", cases),
        ("caseload_fte", caseload),
        (
            "working_days_lost_fte",
            F::count(flow.working_days_lost_fte),
        ),
        ("absence_rate_fte", F::rate(abs_num, abs_den)),
    ];
    Summary {
        org_unit_id: unit,
        period_start: from,
        period_end: to,
        figures,
    }
}

impl Workforce {
    fn selections(&self, unit: Option<&str>, by_unit: bool) -> Result<Vec<UnitSel>> {
        let top = self.resolve_unit(unit)?;
        if !by_unit {
            return Ok(vec![top]);
        }
        let ids = self.unit_ids();
        let mut out = Vec::new();
        match unit {
            None => {
                if top == UnitSel::All {
                    out.push(UnitSel::All);
                }
                for id in ids {
                    out.push(self.resolve_unit(Some(id))?);
                }
            }
            Some(u) => {
                // The unit and its descendants, depth-first.
                let start = ids.iter().position(|x| *x == u).expect("resolved unit");
                let depth = self.unit_depth(u).unwrap_or(0);
                out.push(top);
                for id in &ids[start + 1..] {
                    if self.unit_depth(id).unwrap_or(0) <= depth {
                        break;
                    }
                    out.push(self.resolve_unit(Some(id))?);
                }
            }
        }
        Ok(out)
    }

    /// The CSWW measures (scope, unit) for each period `[from, to]`.
    pub fn summaries(
        &self,
        periods: &[(Date, Date)],
        unit: Option<&str>,
        by_unit: bool,
        scope: &Scope,
        opts: &Options,
    ) -> Result<Vec<Summary>> {
        let mut out = Vec::new();
        self.each_summary(periods, unit, by_unit, scope, opts, |row, s| {
            if out.len() <= row {
                out.resize_with(row + 1, || None);
            }
            out[row] = Some(s);
        })?;
        Ok(out.into_iter().flatten().collect())
    }

    /// [`Workforce::summaries`] handed to `f` one at a time with its row: unit by unit, each
    /// unit's periods in order, so that row `u × periods + k` is unit `u`'s period `k`. They
    /// come in no set order, as each unit is ready, so a caller that tabulates them need not
    /// hold them all, and no thread waits for a large unit before going on.
    fn each_summary(
        &self,
        periods: &[(Date, Date)],
        unit: Option<&str>,
        by_unit: bool,
        scope: &Scope,
        opts: &Options,
        mut f: impl FnMut(usize, Summary) + Send,
    ) -> Result<()> {
        opts.validate()?;
        for (a, b) in periods {
            if b < a {
                return Err(Error::invalid_argument(format!(
                    "period ends ({b}) before it starts ({a})"
                )));
            }
        }
        let sels = self.selections(unit, by_unit)?;
        // Stock dates: the periods' ends (the only dates whose caseload is reported), the day
        // before each start, and (if asked) month ends.
        let n = periods.len();
        let mut dates: Vec<Date> = periods.iter().map(|&(_, b)| b).collect();
        dates.extend(periods.iter().map(|&(a, _)| a - Duration::days(1)));
        let mut monthly_idx = Vec::new();
        if opts.turnover_denominator == TurnoverDenominator::AverageMonthly {
            for &(a, b) in periods {
                let m = month_ends_in(a, b);
                monthly_idx.push((dates.len(), dates.len() + m.len()));
                dates.extend(m);
            }
        }
        // Units are independent: each is computed on any thread, and handed on in order.
        let stocks_with = |open: Option<&OpenCases>, sel| {
            let cases = Cases { dates: n, open };
            self.stocks_sel(sel, scope, &dates, opts, cases, None)
        };
        let flows = |sel| self.flows_sel(sel, scope, periods, opts, None);
        let summaries = |sel: UnitSel, stocks: Vec<Stock>, flows: Vec<Flow>| -> Vec<Summary> {
            periods
                .iter()
                .enumerate()
                .map(|(k, &(a, b))| {
                    let monthly = monthly_idx.get(k).map_or(&[][..], |&(x, y)| &stocks[x..y]);
                    summarise(
                        self.unit_label(sel),
                        a,
                        b,
                        &stocks[k],
                        &stocks[n + k],
                        monthly,
                        &flows[k],
                        self.has_case_allocations(),
                        opts,
                    )
                })
                .collect()
        };
        // The open cases are counted on every thread first. The first selection (the unit asked
        // for, or everything) contains every other and needs the most memory: it runs alone,
        // its flows on one thread and its stocks on another, so that two threads never hold its
        // working vectors and another unit's at once.
        let Some((&first, rest)) = sels.split_first() else {
            return Ok(());
        };
        let open = if self.cases_in_one_pass(&sels) {
            self.open_cases(&dates[..n])?
        } else {
            None
        };
        let (first_stocks, first_flows) = std::thread::scope(|s| {
            let fl = s.spawn(|| flows(first));
            let st = stocks_with(open.as_ref(), first);
            (st, crate::par::join(fl))
        });
        let stocks = |sel| stocks_with(open.as_ref(), sel);
        summaries(first, first_stocks, first_flows)
            .into_iter()
            .enumerate()
            .for_each(|(k, s)| f(k, s));
        let unit_summaries = |&sel: &UnitSel| summaries(sel, stocks(sel), flows(sel));
        // A unit with more than an eighth of the first selection's records is large: large
        // units are computed one at a time, beside the small ones.
        let large = self.records_in(first) / 8;
        let is_large = |&sel: &UnitSel| self.records_in(sel) > large;
        crate::par::map_unordered(rest, is_large, unit_summaries, |u, rows| {
            let at = (u + 1) * n;
            rows.into_iter().enumerate().for_each(|(k, s)| f(at + k, s));
        });
        Ok(())
    }

    /// The CSWW summary for each year end (1 October to 30 September, or any year ending on
    /// the given date), for a unit (default: the whole organisation) and, with `by_unit`, each
    /// unit below it. One row per unit and year end: `org_unit_id, year_end`, then the DfE
    /// columns ([`CSWW_COLUMNS`]), unrounded. Case columns are missing when no case
    /// allocations were supplied.
    pub fn csww(
        &self,
        year_ends: &[Date],
        unit: Option<&str>,
        by_unit: bool,
        opts: &Options,
    ) -> Result<Table> {
        let periods: Vec<(Date, Date)> = year_ends.iter().map(|&d| year_ending(d)).collect();
        let mut table = WideTable::new();
        self.each_summary(&periods, unit, by_unit, &Scope::Csww, opts, |row, s| {
            table.set(row, &s)
        })?;
        Ok(table.finish("year_end", opts))
    }

    /// The same measures as [`Workforce::csww`] for any period and scope, in long form: one
    /// row per unit and measure with `metric, org_unit_id, period_start, period_end, numerator,
    /// denominator, value`.
    pub fn measures(
        &self,
        from: Date,
        to: Date,
        unit: Option<&str>,
        by_unit: bool,
        scope: &Scope,
        opts: &Options,
    ) -> Result<Table> {
        let rows = self.summaries(&[(from, to)], unit, by_unit, scope, opts)?;
        Ok(long_table(&rows, None, opts))
    }

    /// The measures over `[from, to]` for each job family in the data (and the whole workforce),
    /// so a shortage of one profession shows as clearly as another. Long form with a
    /// `job_family` column (`*` for all).
    pub fn by_job_family(
        &self,
        from: Date,
        to: Date,
        unit: Option<&str>,
        opts: &Options,
    ) -> Result<Table> {
        let mut rows = Vec::new();
        let mut fams = Vec::new();
        for fam in self.job_families() {
            let s = self.summaries(
                &[(from, to)],
                unit,
                false,
                &Scope::JobFamily(fam.clone()),
                opts,
            )?;
            fams.extend(std::iter::repeat_n(fam, s.len()));
            rows.extend(s);
        }
        let s = self.summaries(&[(from, to)], unit, false, &Scope::All, opts)?;
        fams.extend(std::iter::repeat_n("*".to_string(), s.len()));
        rows.extend(s);
        Ok(long_table(&rows, Some(("job_family", &fams)), opts))
    }

    /// Monthly series from the month of `from` to the month of `to`: for each month end, in
    /// post (FTE, headcount), starters and leavers in the month, rolling 12-month turnover,
    /// agency rate and vacancy rate at the month end, and the sickness rate of the month on
    /// `absence_denominator`'s basis: FTE days lost ÷ (FTE in post at the month end × working
    /// days in the month) by default; the average of the FTE in post the day before the month
    /// and at its end (`average_fte`); the FTE working days in post (`person_available_days`);
    /// or FTE calendar days lost ÷ FTE calendar days in post (`calendar_days`).
    pub fn series(
        &self,
        from: Date,
        to: Date,
        unit: Option<&str>,
        scope: &Scope,
        opts: &Options,
    ) -> Result<Table> {
        opts.validate()?;
        if to < from {
            return Err(Error::invalid_argument(format!(
                "--to ({to}) is before --from ({from})"
            )));
        }
        let sel = self.resolve_unit(unit)?;
        let ends = month_ends_in(start_of_month(from), end_of_month(to));
        let months: Vec<(Date, Date)> = ends.iter().map(|&e| (start_of_month(e), e)).collect();
        let rolling: Vec<(Date, Date)> = ends.iter().map(|&e| year_ending_month(e)).collect();
        let mut stock_dates = ends.clone();
        let rolling_start = stock_dates.len();
        if opts.turnover_denominator != TurnoverDenominator::EndStock {
            stock_dates.extend(rolling.iter().map(|&(a, _)| a - Duration::days(1)));
        }
        // The day before the first month, for the average-FTE sickness denominator (the day
        // before each later month is the month end before it).
        let before_first = stock_dates.len();
        stock_dates.extend(months.first().map(|&(a, _)| a - Duration::days(1)));
        let stocks = self.stocks_sel(
            sel,
            scope,
            &stock_dates,
            opts,
            Cases::all(&stock_dates),
            None,
        );
        let mflows = self.flows_sel(sel, scope, &months, opts, None);
        let rflows = self.flows_sel(sel, scope, &rolling, opts, None);
        let n = ends.len();
        let basis_in = |s: &Stock| {
            if opts.basis == Basis::Fte {
                s.inpost_fte
            } else {
                s.inpost_headcount
            }
        };
        let basis_leave = |f: &Flow| {
            if opts.basis == Basis::Fte {
                f.leavers_fte
            } else {
                f.leavers_headcount
            }
        };
        let mut turnover = Vec::with_capacity(n);
        let mut agency = Vec::with_capacity(n);
        let mut vacancy = Vec::with_capacity(n);
        let mut sickness = Vec::with_capacity(n);
        for i in 0..n {
            let end = &stocks[i];
            let den = match opts.turnover_denominator {
                TurnoverDenominator::EndStock => basis_in(end),
                TurnoverDenominator::StartStock => basis_in(&stocks[rolling_start + i]),
                TurnoverDenominator::AverageStartEnd => {
                    (basis_in(end) + basis_in(&stocks[rolling_start + i])) / 2.0
                }
                TurnoverDenominator::AverageMonthly => {
                    let lo = i.saturating_sub(11);
                    if i >= 11 {
                        stocks[lo..=i].iter().map(basis_in).sum::<f64>() / 12.0
                    } else {
                        basis_in(end)
                    }
                }
            };
            turnover.push(Figure::rate(basis_leave(&rflows[i]), den).value);
            let (ag, emp) = match (opts.basis, opts.agency_scope) {
                (Basis::Fte, AgencyScope::All) => (end.agency_fte, end.inpost_fte),
                (Basis::Fte, AgencyScope::CoveringVacancies) => {
                    (end.agency_cover_fte, end.inpost_fte)
                }
                (Basis::Headcount, AgencyScope::All) => {
                    (end.agency_headcount, end.inpost_headcount)
                }
                (Basis::Headcount, AgencyScope::CoveringVacancies) => {
                    (end.agency_cover_headcount, end.inpost_headcount)
                }
            };
            agency.push(Figure::rate(ag, ag + emp).value);
            let vden = match opts.vacancy_denominator {
                VacancyDenominator::VacanciesPlusEmployed => end.vacancy_fte + end.inpost_fte,
                VacancyDenominator::FundedEstablishment => end.establishment_fte,
            };
            vacancy.push(Figure::rate(end.vacancy_fte, vden).value);
            let m = &mflows[i];
            let before = if i == 0 {
                &stocks[before_first]
            } else {
                &stocks[i - 1]
            };
            let (lost, available) =
                absence_parts(opts.absence_denominator, before, end, m, m.working_days);
            sickness.push(Figure::rate(lost, available).value);
        }
        let label = self.unit_label(sel);
        let mut t = Table::new()
            .with(
                "org_unit_id",
                Column::Str(vec![Some(label); n]),
                Display::Plain,
            )
            .with(
                "month_end",
                Column::Date(ends.iter().map(|&d| Some(d)).collect()),
                Display::Plain,
            )
            .with(
                "inpost_fte",
                Column::Float(stocks[..n].iter().map(|s| Some(s.inpost_fte)).collect()),
                Display::OneDp,
            )
            .with(
                "inpost_headcount",
                Column::Float(
                    stocks[..n]
                        .iter()
                        .map(|s| Some(s.inpost_headcount))
                        .collect(),
                ),
                Display::Whole,
            )
            .with(
                "starters_fte",
                Column::Float(mflows.iter().map(|f| Some(f.starters_fte)).collect()),
                Display::OneDp,
            )
            .with(
                "starters_headcount",
                Column::Float(mflows.iter().map(|f| Some(f.starters_headcount)).collect()),
                Display::Whole,
            )
            .with(
                "leavers_fte",
                Column::Float(mflows.iter().map(|f| Some(f.leavers_fte)).collect()),
                Display::OneDp,
            )
            .with(
                "leavers_headcount",
                Column::Float(mflows.iter().map(|f| Some(f.leavers_headcount)).collect()),
                Display::Whole,
            )
            .with("turnover_rate_12m", Column::Float(turnover), Display::OneDp)
            .with(
                "agency_fte",
                Column::Float(stocks[..n].iter().map(|s| Some(s.agency_fte)).collect()),
                Display::OneDp,
            )
            .with("agency_rate", Column::Float(agency), Display::OneDp)
            .with(
                "vacancy_fte",
                Column::Float(stocks[..n].iter().map(|s| Some(s.vacancy_fte)).collect()),
                Display::OneDp,
            )
            .with("vacancy_rate", Column::Float(vacancy), Display::OneDp)
            .with(
                "working_days_lost_fte",
                Column::Float(
                    mflows
                        .iter()
                        .map(|f| Some(f.working_days_lost_fte))
                        .collect(),
                ),
                Display::OneDp,
            )
            .with("sickness_rate", Column::Float(sickness), Display::OneDp);
        t.options_json = opts.to_json();
        Ok(t)
    }

    /// Agency assignments in post on `date` by length band (edges `opts.agency_length_bands`
    /// weeks; default 0–26, 27–52, over 52): `band, assignments, fte`.
    pub fn agency_length_bands(
        &self,
        date: Date,
        unit: Option<&str>,
        scope: &Scope,
        opts: &Options,
    ) -> Result<Table> {
        opts.validate()?;
        let items = self.agency_in_post(unit, scope, date, opts)?;
        let edges = &opts.agency_length_bands;
        let mut labels = Vec::new();
        let mut lo = 0u32;
        for &e in edges {
            labels.push(if lo == 0 {
                format!("0-{e} weeks")
            } else {
                format!("{}-{e} weeks", lo + 1)
            });
            lo = e;
        }
        labels.push(format!("over {lo} weeks"));
        let mut count = vec![0.0; labels.len()];
        let mut fte = vec![0.0; labels.len()];
        for (idx, weeks) in items {
            // A band "0–26 weeks" holds lengths up to and including 26 whole weeks.
            let w = weeks.ceil() as u32;
            let b = edges.iter().position(|&e| w <= e).unwrap_or(edges.len());
            count[b] += 1.0;
            fte[b] += self.data().agency_assignments[idx].fte;
        }
        let mut t = Table::new()
            .with(
                "band",
                Column::Str(labels.into_iter().map(Some).collect()),
                Display::Plain,
            )
            .with(
                "assignments",
                Column::Float(count.into_iter().map(Some).collect()),
                Display::Whole,
            )
            .with(
                "fte",
                Column::Float(fte.into_iter().map(Some).collect()),
                Display::OneDp,
            );
        t.options_json = opts.to_json();
        Ok(t)
    }

    /// Agency share by unit on `date`: for the unit and each unit below it, employed and agency
    /// FTE and headcount, agency rate (FTE and headcount), agency covering vacancies and agency
    /// over establishment (agency FTE not covering a vacancy).
    pub fn agency_by_unit(
        &self,
        date: Date,
        unit: Option<&str>,
        scope: &Scope,
        opts: &Options,
    ) -> Result<Table> {
        opts.validate()?;
        let sels = self.selections(unit, true)?;
        let mut ids = Vec::new();
        let mut names = Vec::new();
        let mut cols: [Vec<Option<f64>>; 8] = Default::default();
        let open = self.open_cases(&[date])?;
        let cases = Cases {
            dates: 1,
            open: open.as_ref(),
        };
        for sel in sels {
            let s = &self.stocks_sel(sel, scope, &[date], opts, cases, None)[0];
            let id = self.unit_label(sel);
            names.push(Some(self.unit_name(&id).unwrap_or("All").to_string()));
            ids.push(Some(id));
            cols[0].push(Some(s.inpost_fte));
            cols[1].push(Some(s.agency_fte));
            cols[2].push(Figure::rate(s.agency_fte, s.agency_fte + s.inpost_fte).value);
            cols[3].push(Some(s.inpost_headcount));
            cols[4].push(Some(s.agency_headcount));
            cols[5].push(
                Figure::rate(s.agency_headcount, s.agency_headcount + s.inpost_headcount).value,
            );
            cols[6].push(Some(s.agency_cover_fte));
            cols[7].push(Some(s.agency_fte - s.agency_cover_fte));
        }
        let names_cols = [
            ("inpost_fte", Display::OneDp),
            ("agency_fte", Display::OneDp),
            ("agency_rate_fte", Display::OneDp),
            ("inpost_headcount", Display::Whole),
            ("agency_headcount", Display::Whole),
            ("agency_rate_headcount", Display::OneDp),
            ("agency_cover_fte", Display::OneDp),
            ("agency_over_establishment_fte", Display::OneDp),
        ];
        let mut t = Table::new()
            .with("org_unit_id", Column::Str(ids), Display::Plain)
            .with("name", Column::Str(names), Display::Plain);
        for ((n, d), c) in names_cols.into_iter().zip(cols) {
            t.push(n, Column::Float(c), d);
        }
        t.options_json = opts.to_json();
        Ok(t)
    }

    /// The records behind a figure: for `metric` (a CSWW column name) over `[from, to]`, every
    /// record that adds to its numerator or denominator, with what it adds:
    /// `role, part, table, id, person_id, value`.
    pub fn explain(
        &self,
        metric: &str,
        from: Date,
        to: Date,
        unit: Option<&str>,
        scope: &Scope,
        opts: &Options,
    ) -> Result<Table> {
        opts.validate()?;
        let (num, den): (&[&str], &[&str]) = match metric {
            "inpost_fte" | "inpost_headcount" => (&["inpost"], &[]),
            "starters_fte" | "starters_headcount" => (&["starters"], &[]),
            "leavers_fte" | "leavers_headcount" => (&["leavers"], &[]),
            "turnover_rate_fte" | "turnover_rate_headcount" => (&["leavers"], &["inpost"]),
            "agency_fte" | "agency_headcount" => (&["agency"], &[]),
            "agency_rate_fte" | "agency_rate_headcount" => match opts.agency_scope {
                AgencyScope::All => (&["agency"], &["agency", "inpost"]),
                AgencyScope::CoveringVacancies => (&["agency_cover"], &["agency_cover", "inpost"]),
            },
            "agency_cover_fte" => (&["agency_cover"], &[]),
            "agency_cover_rate_fte" => (&["agency_cover"], &["agency"]),
            "vacancy_fte" => (&["vacancy"], &[]),
            "vacancy_rate_fte" => match opts.vacancy_denominator {
                VacancyDenominator::VacanciesPlusEmployed => (&["vacancy"], &["vacancy", "inpost"]),
                VacancyDenominator::FundedEstablishment => (&["vacancy"], &["establishment"]),
            },
            "vacancy_agency_cover_rate_fte" => (&["agency_cover"], &["vacancy"]),
            "case_holders_fte" => (&["case_holders"], &[]),
            "cases" => (&["cases"], &[]),
            "caseload_fte" => (&["cases"], &["case_holders"]),
            "working_days_lost_fte" => (&["working_days_lost"], &[]),
            "absence_rate_fte" => (&["working_days_lost"], &["inpost"]),
            other => {
                return Err(Error::invalid_argument(format!(
                    "unknown metric {other:?}; expected one of {}",
                    CSWW_COLUMNS.join(", ")
                )))
            }
        };
        if to < from {
            return Err(Error::invalid_argument(format!(
                "period ends ({to}) before it starts ({from})"
            )));
        }
        let sel = self.resolve_unit(unit)?;
        let mut contribs: Vec<Contribution> = Vec::new();
        self.stocks_sel(
            sel,
            scope,
            &[to],
            opts,
            Cases::all(&[to]),
            Some(&mut contribs),
        );
        self.flows_sel(sel, scope, &[(from, to)], opts, Some(&mut contribs));
        let headcount = metric.ends_with("headcount");
        let mut rows: Vec<(&str, Contribution)> = Vec::new();
        for (role, parts) in [("numerator", num), ("denominator", den)] {
            for c in &contribs {
                if parts.contains(&c.part) {
                    let mut c = c.clone();
                    if headcount {
                        c.value = 1.0;
                    }
                    rows.push((role, c));
                }
            }
        }
        let mut t = Table::new()
            .with(
                "role",
                Column::Str(rows.iter().map(|(r, _)| Some(r.to_string())).collect()),
                Display::Plain,
            )
            .with(
                "part",
                Column::Str(rows.iter().map(|(_, c)| Some(c.part.to_string())).collect()),
                Display::Plain,
            )
            .with(
                "table",
                Column::Str(
                    rows.iter()
                        .map(|(_, c)| Some(c.table.to_string()))
                        .collect(),
                ),
                Display::Plain,
            )
            .with(
                "id",
                Column::Str(rows.iter().map(|(_, c)| Some(c.id.to_string())).collect()),
                Display::Plain,
            )
            .with(
                "person_id",
                Column::Str(
                    rows.iter()
                        .map(|(_, c)| c.person_id.map(String::from))
                        .collect(),
                ),
                Display::Plain,
            )
            .with(
                "value",
                Column::Float(rows.iter().map(|(_, c)| Some(c.value)).collect()),
                Display::Plain,
            );
        t.options_json = opts.to_json();
        Ok(t)
    }
}

/// The rolling 12 months ending on month end `e`.
fn year_ending_month(e: Date) -> (Date, Date) {
    year_ending(e)
}

/// One row per summary: `org_unit_id`, the period end (named `date_name`), then the DfE columns.
pub fn wide_table(rows: &[Summary], date_name: &str, opts: &Options) -> Table {
    let mut table = WideTable::new();
    rows.iter().for_each(|r| table.push(r));
    table.finish(date_name, opts)
}

/// The columns of a [`wide_table`], filled one summary at a time.
struct WideTable {
    units: Vec<Option<String>>,
    ends: Vec<Option<Date>>,
    /// One column per [`CSWW_COLUMNS`] entry.
    values: Vec<Vec<Option<f64>>>,
}

impl WideTable {
    fn new() -> WideTable {
        WideTable {
            units: Vec::new(),
            ends: Vec::new(),
            values: vec![Vec::new(); CSWW_COLUMNS.len()],
        }
    }

    /// Appends a summary's row; its figures are in [`CSWW_COLUMNS`] order.
    fn push(&mut self, r: &Summary) {
        self.set(self.units.len(), r);
    }

    /// Fills row `row` with a summary's figures (in [`CSWW_COLUMNS`] order), adding empty
    /// rows up to it if the table is shorter.
    fn set(&mut self, row: usize, r: &Summary) {
        if self.units.len() <= row {
            let rows = row + 1;
            self.units.resize(rows, None);
            self.ends.resize(rows, None);
            self.values.iter_mut().for_each(|c| c.resize(rows, None));
        }
        self.units[row] = Some(r.org_unit_id.clone());
        self.ends[row] = Some(r.period_end);
        for (col, (_, fig)) in self.values.iter_mut().zip(&r.figures) {
            col[row] = fig.value;
        }
    }

    fn finish(self, date_name: &str, opts: &Options) -> Table {
        let mut t = Table::new()
            .with("org_unit_id", Column::Str(self.units), Display::Plain)
            .with(date_name, Column::Date(self.ends), Display::Plain);
        for (name, col) in CSWW_COLUMNS.iter().zip(self.values) {
            t.push(*name, Column::Float(col), column_display(name));
        }
        t.options_json = opts.to_json();
        t
    }
}

/// Whether a CSWW measure is a flow over the period (or a rate with a flow numerator) rather
/// than a stock on its last day.
fn is_flow(metric: &str) -> bool {
    matches!(
        metric,
        "starters_fte"
            | "starters_headcount"
            | "leavers_fte"
            | "leavers_headcount"
            | "turnover_rate_fte"
            | "turnover_rate_headcount"
            | "working_days_lost_fte"
            | "absence_rate_fte"
    )
}

/// Long form: `metric, org_unit_id, period_start, period_end, numerator, denominator, value`
/// (plus one breakdown column when given). Stocks have `period_start = period_end`, the date.
pub fn long_table(rows: &[Summary], breakdown: Option<(&str, &[String])>, opts: &Options) -> Table {
    let mut metric = Vec::new();
    let mut unit = Vec::new();
    let mut ps = Vec::new();
    let mut pe = Vec::new();
    let mut num = Vec::new();
    let mut den = Vec::new();
    let mut val = Vec::new();
    let mut brk = Vec::new();
    for (k, r) in rows.iter().enumerate() {
        for (name, f) in &r.figures {
            metric.push(Some(name.to_string()));
            unit.push(Some(r.org_unit_id.clone()));
            ps.push(Some(if is_flow(name) {
                r.period_start
            } else {
                r.period_end
            }));
            pe.push(Some(r.period_end));
            num.push(f.numerator);
            den.push(f.denominator);
            val.push(f.value);
            if let Some((_, b)) = breakdown {
                brk.push(Some(b[k].clone()));
            }
        }
    }
    let mut t = Table::new()
        .with("metric", Column::Str(metric), Display::Plain)
        .with("org_unit_id", Column::Str(unit), Display::Plain);
    if let Some((name, _)) = breakdown {
        t.push(name, Column::Str(brk), Display::Plain);
    }
    t.push("period_start", Column::Date(ps), Display::Plain);
    t.push("period_end", Column::Date(pe), Display::Plain);
    t.push("numerator", Column::Float(num), Display::OneDp);
    t.push("denominator", Column::Float(den), Display::OneDp);
    t.push("value", Column::Float(val), Display::OneDp);
    t.options_json = opts.to_json();
    t
}
