//! Reports and returns: the councillors' workforce report (one self-contained HTML file, see
//! [`html`]), the same tables as an XLSX workbook ([`xlsx`]), the quarterly agency data and
//! the cool-off check ([`agency`]), and publication safety ([`safety`]).
//!
//! [`build`] computes every table of the report once from a [`Workforce`]; the HTML and the
//! workbook only render what it holds, so the two always agree. Every figure comes from the
//! metrics, HR and published modules; nothing here recomputes them.

pub mod agency;
pub mod bundled;
pub mod html;
pub mod safety;
pub mod xlsx;

use crate::error::Result;
use crate::hr::caseload::{caseload_distribution, CaseloadGroup, CaseloadOptions};
use crate::hr::casework::er_cases;
use crate::hr::sickness::{sickness_by_month, sickness_summary};
use crate::io::LoadReport;
use crate::metrics::{end_of_month, start_of_month, Summary};
use crate::model::Date;
use crate::options::Options;
use crate::published::{
    comparators, ComparatorRequest, Indicators, Measure, Neighbours, OwnFigures,
};
use crate::table::{Column, Display, Table};
use crate::timeline::{year_ending, Scope, Workforce};
use chrono::{Datelike, Months};
use safety::{Masked, RowGroups, Suppression};

/// What the report shows and how.
#[derive(Clone, Debug)]
pub struct ReportRequest {
    /// The CSWW year end (30 September); the report covers the year ending then.
    pub year_end: Date,
    /// The unit reported (with its descendants); default the whole council.
    pub unit: Option<String>,
    /// The council's name for the title; default the top unit's name.
    pub council: Option<String>,
    /// The council's DfE code (3-digit) or name, for comparators; `None`: England only.
    pub la: Option<String>,
    /// A note shown beside the comparators (for example when comparing "as if" another
    /// council).
    pub la_note: Option<String>,
    /// Other councils to list in the comparator table.
    pub named: Vec<String>,
    /// DfE's indicators; `None`: the release shipped with the library.
    pub indicators: Option<Indicators>,
    /// Statistical neighbours; `None`: the shipped grouping for the year.
    pub neighbours: Option<Neighbours>,
    /// Where the indicators came from, for the notes; `None`: the shipped release.
    pub dfe_source: Option<String>,
    /// The load report of the data folder (rejected rows are shown).
    pub load: Option<LoadReport>,
    /// The data's as-of date; `None`: the latest date in the data.
    pub as_of: Option<Date>,
    /// Metric options.
    pub options: Options,
    /// Suppress small numbers for publication; `None`: no suppression (internal report).
    pub publication: Option<Suppression>,
    /// Months in the trend charts (default 24).
    pub trend_months: u32,
    /// The cool-off period in months (default 3).
    pub cool_off_months: u32,
}

impl ReportRequest {
    /// A request for the year ending `year_end`, with the defaults.
    pub fn new(year_end: Date) -> Self {
        ReportRequest {
            year_end,
            unit: None,
            council: None,
            la: None,
            la_note: None,
            named: Vec::new(),
            indicators: None,
            neighbours: None,
            dfe_source: None,
            load: None,
            as_of: None,
            options: Options::default(),
            publication: None,
            trend_months: 24,
            cool_off_months: agency::DEFAULT_COOL_OFF_MONTHS,
        }
    }
}

/// One line of a chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Legend text.
    pub name: String,
    /// One value per x position; `None` leaves a gap.
    pub values: Vec<Option<f64>>,
    /// Drawn dashed (reference lines such as England).
    pub dashed: bool,
}

/// A chart, drawn as inline SVG by [`html`].
#[derive(Clone, Debug, PartialEq)]
pub enum Chart {
    /// Lines over months.
    Line {
        /// Title.
        title: String,
        /// Axis unit (`%`).
        unit: String,
        /// The months (month ends).
        x: Vec<Date>,
        /// The lines.
        series: Vec<Series>,
    },
    /// Horizontal bars, one per label, with optional reference lines.
    Bars {
        /// Title.
        title: String,
        /// Value unit (`%`, `FTE`, `cases`).
        unit: String,
        /// `(label, value)`; `None` is shown as "not shown".
        items: Vec<(String, Option<f64>)>,
        /// `(label, value)` drawn as vertical lines across the bars.
        references: Vec<(String, f64)>,
    },
    /// Vertical columns, stacked when there are several series.
    Columns {
        /// Title.
        title: String,
        /// Value unit.
        unit: String,
        /// Category labels.
        categories: Vec<String>,
        /// `(name, values per category)`.
        series: Vec<(String, Vec<Option<f64>>)>,
    },
    /// Box plots: minimum, lower quartile, median, upper quartile, maximum per label.
    Boxes {
        /// Title.
        title: String,
        /// Value unit.
        unit: String,
        /// `(label, [min, q1, median, q3, max])`.
        items: Vec<(String, [f64; 5])>,
    },
}

impl Chart {
    /// The chart's title.
    pub fn title(&self) -> &str {
        match self {
            Chart::Line { title, .. }
            | Chart::Bars { title, .. }
            | Chart::Columns { title, .. }
            | Chart::Boxes { title, .. } => title,
        }
    }
}

/// How a figure is computed, shown beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct Definition {
    /// The figure.
    pub figure: String,
    /// What it means.
    pub definition: String,
    /// Its numerator.
    pub numerator: String,
    /// Its denominator (empty for counts).
    pub denominator: String,
}

/// A table of the report: a sheet of the workbook and a table of the HTML.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportTable {
    /// Sheet name (at most 31 characters).
    pub sheet: String,
    /// Title.
    pub title: String,
    /// The figures, with suppressed cells marked.
    pub data: Masked,
    /// Shown folded away in the HTML (long or technical tables).
    pub collapsed: bool,
}

/// A section of the report.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    /// Anchor id.
    pub id: String,
    /// Heading.
    pub title: String,
    /// A sentence or two on what the figures say.
    pub summary: String,
    /// Charts.
    pub charts: Vec<Chart>,
    /// Tables.
    pub tables: Vec<ReportTable>,
    /// How the figures are computed.
    pub definitions: Vec<Definition>,
    /// A note (for example why a section is empty).
    pub note: Option<String>,
}

/// A headline figure for the summary cards.
#[derive(Clone, Debug, PartialEq)]
pub struct Headline {
    /// Label.
    pub label: String,
    /// The council's value.
    pub value: Option<f64>,
    /// England's published value for the year.
    pub england: Option<f64>,
    /// `%` or empty.
    pub unit: String,
    /// Higher is worse (turnover, agency, vacancy, caseload, absence).
    pub higher_is_worse: bool,
}

/// The report: everything the HTML and the workbook show.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// The council's name.
    pub council: String,
    /// The unit reported (`None`: the whole council).
    pub unit: Option<String>,
    /// First day of the reporting year.
    pub period_start: Date,
    /// The year end.
    pub year_end: Date,
    /// The data's as-of date.
    pub as_of: Date,
    /// The options used (JSON).
    pub options_json: String,
    /// The comparator council code, when comparing.
    pub la: Option<String>,
    /// A note on the comparator council.
    pub la_note: Option<String>,
    /// Headline cards.
    pub headlines: Vec<Headline>,
    /// The sections, in order.
    pub sections: Vec<Section>,
    /// Rows rejected while loading the data (0 when no load report was given).
    pub rejected_rows: u64,
    /// Sources of published figures.
    pub sources: Vec<String>,
    /// Small numbers suppressed (publication mode).
    pub publication: Option<Suppression>,
    /// The library version that made the report.
    pub version: String,
}

impl Report {
    /// Every table of the report, in order.
    pub fn tables(&self) -> impl Iterator<Item = &ReportTable> {
        self.sections.iter().flat_map(|s| s.tables.iter())
    }
    /// A table by sheet name.
    pub fn table(&self, sheet: &str) -> Option<&ReportTable> {
        self.tables().find(|t| t.sheet == sheet)
    }
    /// Every chart of the report.
    pub fn charts(&self) -> impl Iterator<Item = &Chart> {
        self.sections.iter().flat_map(|s| s.charts.iter())
    }
}

/// A human label for a column name.
pub fn column_label(name: &str) -> String {
    let known = [
        ("org_unit_id", "Unit"),
        ("name", "Team"),
        ("team_name", "Team"),
        ("inpost_fte", "In post (FTE)"),
        ("inpost_headcount", "In post (headcount)"),
        ("starters_fte", "Starters (FTE)"),
        ("starters_headcount", "Starters (headcount)"),
        ("leavers_fte", "Leavers (FTE)"),
        ("leavers_headcount", "Leavers (headcount)"),
        ("turnover_rate_fte", "Turnover rate (FTE, %)"),
        ("turnover_rate_headcount", "Turnover rate (headcount, %)"),
        ("turnover_rate_12m", "Turnover, rolling 12 months (%)"),
        ("agency_fte", "Agency (FTE)"),
        ("agency_headcount", "Agency (headcount)"),
        ("agency_rate_fte", "Agency rate (FTE, %)"),
        ("agency_rate_headcount", "Agency rate (headcount, %)"),
        ("agency_rate", "Agency rate (%)"),
        ("agency_cover_fte", "Agency covering vacancies (FTE)"),
        ("agency_cover_rate_fte", "Agency covering vacancies (%)"),
        (
            "agency_over_establishment_fte",
            "Agency over establishment (FTE)",
        ),
        ("vacancy_fte", "Vacancies (FTE)"),
        ("vacancy_rate_fte", "Vacancy rate (FTE, %)"),
        ("vacancy_rate", "Vacancy rate (%)"),
        (
            "vacancy_agency_cover_rate_fte",
            "Vacancies covered by agency (%)",
        ),
        ("case_holders_fte", "Case holders (FTE)"),
        ("cases", "Cases"),
        ("caseload_fte", "Caseload (cases per FTE)"),
        ("working_days_lost_fte", "Working days lost (FTE)"),
        ("absence_rate_fte", "Sickness absence rate (%)"),
        ("sickness_rate", "Sickness rate (%)"),
        ("month_end", "Month"),
        ("year_end", "Year end"),
        ("england_turnover_rate_fte", "England turnover (%)"),
        ("england_agency_rate_fte", "England agency rate (%)"),
        ("band", "Length of assignment"),
        ("assignments", "Agency workers"),
        ("fte", "FTE"),
        ("short_term_days", "Short-term days lost (FTE)"),
        ("long_term_days", "Long-term days lost (FTE)"),
        ("days_lost_fte", "Days lost (FTE)"),
        ("short_term_spells", "Short-term spells"),
        ("long_term_spells", "Long-term spells"),
        ("people", "People"),
        ("average_fte", "Average FTE"),
        ("days_lost_per_fte", "Days lost per FTE"),
        ("available_fte_days", "Available FTE days"),
        ("percent_working_days_lost", "Working days lost (%)"),
        ("denominator", "Denominator"),
        ("group", "Unit"),
        ("workers", "Case holders"),
        ("nq_workers", "Newly qualified"),
        ("capacity", "Capacity"),
        ("caseload", "Caseload"),
        ("q1", "Lower quartile"),
        ("q3", "Upper quartile"),
        ("case_type", "Case type"),
        ("open_at_start", "Open at start"),
        ("opened", "Opened"),
        ("closed", "Closed"),
        ("open_at_end", "Open at end"),
        ("active", "Active in year"),
        ("comparator", "Comparator"),
        ("source", "Source"),
        ("figure", "Figure"),
        ("measure", "DfE column"),
        ("value", "Value"),
        ("numerator", "Numerator"),
        ("denominator_value", "Denominator"),
        ("period_start", "From"),
        ("period_end", "To"),
        ("started", "Started"),
        ("ended", "Ended"),
        ("in_post_start", "In post at start"),
        ("in_post_end", "In post at end"),
        ("agency_fte_end", "Agency FTE at end"),
        ("agency_turnover", "Agency turnover (%)"),
        ("conversions", "Converted to permanent"),
        ("mean_completed_weeks", "Mean weeks (completed)"),
        ("person_id", "Person"),
        ("left_date", "Left permanent post"),
        ("contract_id", "Contract"),
        ("left_unit", "Left unit"),
        ("contract_type", "Contract type"),
        ("assignment_id", "Assignment"),
        ("agency", "Agency"),
        ("agency_unit", "Agency unit"),
        ("agency_start", "Agency start"),
        ("gap_days", "Days between"),
        ("file", "File"),
        ("present", "Present"),
        ("rows_read", "Rows read"),
        ("rows_accepted", "Rows accepted"),
        ("rows_rejected", "Rows rejected"),
        ("warnings", "Warnings"),
    ];
    known
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, l)| l.to_string())
        .unwrap_or_else(|| {
            let s = name.replace('_', " ");
            let mut c = s.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect(),
                None => s,
            }
        })
}

/// The DfE definition of a CSWW measure: `(label, definition, numerator, denominator)`.
pub fn csww_definition(measure: &str) -> Option<Definition> {
    let d = |f: &str, def: &str, n: &str, den: &str| Definition {
        figure: f.into(),
        definition: def.into(),
        numerator: n.into(),
        denominator: den.into(),
    };
    Some(match measure {
        "turnover_rate_fte" => d(
            "Turnover rate (FTE)",
            "Social workers (FTE) who left during the year as a percentage of those in post at \
             the year end (DfE CSWW).",
            "FTE of leavers: service spells ending 1 October to 30 September",
            "FTE in post on 30 September",
        ),
        "turnover_rate_headcount" => d(
            "Turnover rate (headcount)",
            "Leavers (people) as a percentage of people in post at the year end.",
            "Leavers (headcount)",
            "People in post on 30 September",
        ),
        "agency_rate_fte" => d(
            "Agency rate (FTE)",
            "Agency social workers as a percentage of all social workers (agency and \
             employed), on 30 September.",
            "Agency FTE in post",
            "Agency FTE + employed FTE in post",
        ),
        "agency_cover_rate_fte" => d(
            "Agency covering vacancies",
            "Agency FTE covering a vacant post as a percentage of all agency FTE.",
            "Agency FTE covering vacancies",
            "Agency FTE in post",
        ),
        "vacancy_rate_fte" => d(
            "Vacancy rate (FTE)",
            "Vacant FTE as a percentage of vacant and filled FTE, on 30 September.",
            "Vacancy FTE: for each open post, its FTE less the FTE of employees in it",
            "Vacancy FTE + employed FTE in post",
        ),
        "vacancy_agency_cover_rate_fte" => d(
            "Vacancies covered by agency",
            "Agency FTE covering vacancies as a percentage of vacant FTE.",
            "Agency FTE covering vacancies",
            "Vacancy FTE",
        ),
        "caseload_fte" => d(
            "Average caseload",
            "Cases held on 30 September per FTE of case holders.",
            "Cases held by social workers in post",
            "FTE of social workers holding at least one case",
        ),
        "absence_rate_fte" => d(
            "Sickness absence rate",
            "Working days lost to sickness in the year as a percentage of the working days \
             available (FTE in post × 253 working days).",
            "FTE working days lost to sickness in the year",
            "FTE in post on 30 September × working days per year",
        ),
        _ => return None,
    })
}

/// The rates of the headline table, in order.
pub const HEADLINE_RATES: [&str; 8] = [
    "turnover_rate_fte",
    "turnover_rate_headcount",
    "agency_rate_fte",
    "agency_cover_rate_fte",
    "vacancy_rate_fte",
    "vacancy_agency_cover_rate_fte",
    "caseload_fte",
    "absence_rate_fte",
];

/// The latest date recorded in the data (starts and ends of contracts, assignments,
/// absences, ER cases and allocations).
pub fn latest_date(wf: &Workforce) -> Option<Date> {
    let d = wf.data();
    let mut best: Option<Date> = None;
    let mut see = |x: Option<Date>| {
        if let Some(x) = x {
            best = Some(best.map_or(x, |b| b.max(x)));
        }
    };
    for c in &d.contracts {
        see(Some(c.start_date));
        see(c.end_date);
    }
    for a in &d.agency_assignments {
        see(Some(a.start_date));
        see(a.end_date);
    }
    for a in &d.absences {
        see(Some(a.start_date));
        see(a.end_date);
    }
    for c in d.er_cases.iter().flatten() {
        see(Some(c.opened_date));
        see(c.closed_date);
    }
    for c in d.case_allocations.iter().flatten() {
        see(Some(c.start_date));
        see(c.end_date);
    }
    best
}

/// Keep only the given rows of a table.
pub fn select_rows(t: &Table, keep: &[usize]) -> Table {
    let mut out = Table::new();
    for (i, (name, col)) in t.names().iter().zip(t.columns()).enumerate() {
        let c = match col {
            Column::Str(v) => Column::Str(keep.iter().map(|&r| v[r].clone()).collect()),
            Column::Date(v) => Column::Date(keep.iter().map(|&r| v[r]).collect()),
            Column::Float(v) => Column::Float(keep.iter().map(|&r| v[r]).collect()),
            Column::Int(v) => Column::Int(keep.iter().map(|&r| v[r]).collect()),
            Column::Bool(v) => Column::Bool(keep.iter().map(|&r| v[r]).collect()),
        };
        out.push(name.clone(), c, t.display(i));
    }
    out.options_json = t.options_json.clone();
    out
}

/// Keep only the named columns, in that order (names not in the table are skipped).
pub fn select_columns(t: &Table, names: &[&str]) -> Table {
    let mut out = Table::new();
    for n in names {
        if let Some(i) = t.names().iter().position(|x| x == n) {
            out.push(*n, t.columns()[i].clone(), t.display(i));
        }
    }
    out.options_json = t.options_json.clone();
    out
}

struct Ctx<'a> {
    wf: &'a Workforce,
    req: &'a ReportRequest,
    unit: Option<&'a str>,
    from: Date,
    to: Date,
}

impl Ctx<'_> {
    fn mask(&self, t: Table, groups: RowGroups) -> Masked {
        match &self.req.publication {
            Some(s) => s.apply(&t, &groups),
            None => Masked::plain(t),
        }
    }
    fn table(&self, sheet: &str, title: &str, t: Table, groups: RowGroups) -> ReportTable {
        ReportTable {
            sheet: sheet.into(),
            title: title.into(),
            data: self.mask(t, groups),
            collapsed: false,
        }
    }
    /// Is `id` a team (a unit with no unit below it)?
    fn is_team(&self, id: &str) -> bool {
        id != "*"
            && self
                .wf
                .unit_ids()
                .iter()
                .all(|u| self.wf.unit_parent(u) != Some(id))
    }
    fn name(&self, id: &str) -> String {
        if id == "*" {
            return "All".into();
        }
        self.wf.unit_name(id).unwrap_or(id).to_string()
    }
}

/// A chart value: missing when suppressed.
fn shown(m: &Masked, col: &str, r: usize) -> Option<f64> {
    let c = m.table.names().iter().position(|n| n == col)?;
    if m.symbol(c, r).is_some() {
        return None;
    }
    m.table.columns()[c].f64_at(r)
}

fn fmt1(x: Option<f64>) -> String {
    x.map(|v| format!("{:.1}", crate::options::round(v, 1, Default::default())))
        .unwrap_or_else(|| "not available".into())
}

/// Build the report.
pub fn build(wf: &Workforce, req: &ReportRequest) -> Result<Report> {
    let opts = &req.options;
    opts.validate()?;
    let (from, to) = year_ending(req.year_end);
    let cx = Ctx {
        wf,
        req,
        unit: req.unit.as_deref(),
        from,
        to,
    };
    let indicators = match &req.indicators {
        Some(i) => i,
        None => bundled::shared_indicators(),
    };
    let neighbours = match &req.neighbours {
        Some(n) => n,
        None => bundled::shared_neighbours_for_year(req.year_end.year()),
    };
    let summary = wf
        .summaries(&[(from, to)], cx.unit, false, &Scope::Csww, opts)?
        .remove(0);
    let top_name = match (&req.council, cx.unit) {
        (Some(c), _) => c.clone(),
        (None, Some(u)) => cx.name(u),
        (None, None) => {
            let roots: Vec<&str> = wf
                .unit_ids()
                .into_iter()
                .filter(|u| wf.unit_parent(u).is_none())
                .collect();
            if roots.len() == 1 {
                cx.name(roots[0])
            } else {
                "The council".into()
            }
        }
    };
    let year = req.year_end.year();
    let national = indicators.national(year);
    let england = |m: &str| national.and_then(|r| r.value(m));

    // The sickness section, the largest, is made on a thread of its own while the sections
    // before it are (joined whatever they give); an earlier section's error is still the one
    // returned.
    let (before, sickness) = std::thread::scope(|s| {
        let sickness = s.spawn(|| sickness_section(&cx));
        let before = (|| -> Result<_> {
            let mut sections = vec![
                headline_section(&cx, &summary, indicators, neighbours, &top_name)?,
                trend_section(&cx, indicators)?,
            ];
            let (agency_sections, quarter) = agency_sections(&cx, england("agency_rate_fte"))?;
            sections.extend(agency_sections);
            sections.push(vacancy_section(&cx, england("vacancy_rate_fte"))?);
            Ok((sections, quarter))
        })();
        (before, crate::par::join(sickness))
    });
    let (mut sections, quarter) = before?;
    sections.push(sickness?);
    sections.push(caseload_section(&cx)?);
    sections.push(casework_section(&cx)?);
    sections.push(compliance_section(&cx, quarter)?);
    sections.push(data_section(&cx));

    let headlines = [
        ("Turnover (FTE)", "turnover_rate_fte", "%"),
        ("Agency workers (FTE)", "agency_rate_fte", "%"),
        ("Vacancies (FTE)", "vacancy_rate_fte", "%"),
        ("Average caseload", "caseload_fte", ""),
        ("Sickness absence", "absence_rate_fte", "%"),
    ]
    .into_iter()
    .map(|(label, m, unit)| Headline {
        label: label.into(),
        value: summary.value(m),
        england: england(m),
        unit: unit.into(),
        higher_is_worse: true,
    })
    .collect();

    let mut sources = vec![match &req.dfe_source {
        Some(s) => format!("DfE CSWW indicators: {s}"),
        None => bundled::SOURCE.to_string(),
    }];
    sources.push(format!("Statistical neighbours: {}", neighbours.model));
    Ok(Report {
        council: top_name,
        unit: req.unit.clone(),
        period_start: from,
        year_end: to,
        as_of: req
            .as_of
            .or_else(|| latest_date(wf))
            .unwrap_or(req.year_end),
        options_json: opts.to_json(),
        la: req.la.clone(),
        la_note: req.la_note.clone(),
        headlines,
        sections,
        rejected_rows: req
            .load
            .as_ref()
            .map_or(0, |l| l.files.iter().map(|f| f.rows_rejected).sum()),
        sources,
        publication: req.publication.clone(),
        version: crate::VERSION.to_string(),
    })
}

fn headline_section(
    cx: &Ctx,
    summary: &Summary,
    indicators: &Indicators,
    neighbours: &Neighbours,
    council: &str,
) -> Result<Section> {
    let req = cx.req;
    let year = req.year_end.year();
    let mut tables = Vec::new();
    let mut note = None;
    // The council's figures with their parts.
    let (mut label, mut meas, mut val, mut num, mut den) = (vec![], vec![], vec![], vec![], vec![]);
    for m in HEADLINE_RATES {
        let f = summary.get(m).unwrap_or(crate::Figure::missing());
        let def = csww_definition(m).expect("defined");
        label.push(Some(def.figure));
        meas.push(Some(m.to_string()));
        val.push(f.value);
        num.push(f.numerator);
        den.push(f.denominator);
    }
    let mut figures = Table::new()
        .with("figure", Column::Str(label), Display::Plain)
        .with("measure", Column::Str(meas), Display::Plain)
        .with("value", Column::Float(val), Display::OneDp)
        .with("numerator", Column::Float(num), Display::OneDp)
        .with("denominator_value", Column::Float(den), Display::OneDp);
    figures.options_json = req.options.to_json();
    // The full CSWW row.
    let csww_row = cx.wf.csww(&[req.year_end], cx.unit, false, &req.options)?;

    let mut summary_text = format!(
        "{council}'s social work turnover was {}% in the year to {}, against {}% for England.",
        fmt1(summary.value("turnover_rate_fte")),
        req.year_end.format("%-d %B %Y"),
        fmt1(
            indicators
                .national(year)
                .and_then(|r| r.value("turnover_rate_fte"))
        ),
    );
    if let Some(la) = &req.la {
        let mut cr = ComparatorRequest::new(la.clone(), year);
        cr.named = req.named.clone();
        cr.own = Some(OwnFigures::from_table_row(
            &csww_row,
            0,
            format!("{council} (own data)"),
        )?);
        cr.measures = vec![
            Measure::TurnoverRateFte,
            Measure::AgencyRateFte,
            Measure::VacancyRateFte,
            Measure::CaseloadFte,
            Measure::AbsenceRateFte,
        ];
        match comparators(indicators, Some(neighbours), &cr) {
            Ok(t) => {
                let names: Vec<&str> = std::iter::once("comparator")
                    .chain(std::iter::once("source"))
                    .chain(cr.measures.iter().map(|m| m.name()))
                    .collect();
                // DfE's comparator for statistical neighbours is their median.
                let median = (0..t.num_rows()).find(|&i| {
                    t.text("comparator", i).as_deref() == Some("Statistical neighbours (median)")
                });
                if let Some(sn) = median.and_then(|i| t.f64("turnover_rate_fte", i)) {
                    summary_text.push_str(&format!(
                        " The median of its statistical neighbours was {}%.",
                        fmt1(Some(sn))
                    ));
                }
                tables.push(cx.table(
                    "comparators",
                    "Headline figures against comparators",
                    select_columns(&t, &names),
                    Vec::new(),
                ));
            }
            Err(e) => note = Some(format!("Comparators are not available: {e}.")),
        }
    } else {
        note = Some(
            "No local authority code was given, so the council is compared with England only \
             (give --la CODE for its region and statistical neighbours)."
                .into(),
        );
        if let Some(r) = indicators.national(year) {
            let ms = ["turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte"];
            let ms2 = ["caseload_fte", "absence_rate_fte"];
            let mut t = Table::new().with(
                "comparator",
                Column::Str(vec![
                    Some(format!("{council} (own data)")),
                    Some("England".into()),
                ]),
                Display::Plain,
            );
            for m in ms.iter().chain(&ms2) {
                t.push(
                    *m,
                    Column::Float(vec![summary.value(m), r.value(m)]),
                    Display::OneDp,
                );
            }
            tables.push(cx.table(
                "comparators",
                "Headline figures against England",
                t,
                Vec::new(),
            ));
        }
    }
    tables.push(cx.table(
        "headline",
        "How the headline rates are made up",
        figures,
        Vec::new(),
    ));
    let mut all = cx.table(
        "csww",
        "All DfE CSWW figures for the year",
        csww_row,
        Vec::new(),
    );
    all.collapsed = true;
    tables.push(all);
    let definitions = HEADLINE_RATES
        .iter()
        .filter_map(|m| csww_definition(m))
        .collect();
    if let Some(n) = &req.la_note {
        note = Some(match note {
            Some(x) => format!("{n} {x}"),
            None => n.clone(),
        });
    }
    Ok(Section {
        id: "headline".into(),
        title: "Headline figures".into(),
        summary: summary_text,
        charts: Vec::new(),
        tables,
        definitions,
        note,
    })
}

fn trend_section(cx: &Ctx, indicators: &Indicators) -> Result<Section> {
    let req = cx.req;
    let months = req.trend_months.max(2);
    let first = start_of_month(
        req.year_end
            .checked_sub_months(Months::new(months - 1))
            .unwrap_or(req.year_end),
    );
    let series = cx.wf.series(
        first,
        end_of_month(req.year_end),
        cx.unit,
        &Scope::Csww,
        &req.options,
    )?;
    let n = series.num_rows();
    let ends: Vec<Date> = match series.column("month_end") {
        Some(Column::Date(v)) => v.iter().flatten().copied().collect(),
        _ => Vec::new(),
    };
    // England's published figure for the CSWW year holding each month (October to September).
    let nat = |m: &str| -> Vec<Option<f64>> {
        ends.iter()
            .map(|d| {
                let y = if d.month() >= 10 {
                    d.year() + 1
                } else {
                    d.year()
                };
                indicators.national(y).and_then(|r| r.value(m))
            })
            .collect()
    };
    let nat_turn = nat("turnover_rate_fte");
    let nat_ag = nat("agency_rate_fte");
    let mut t = select_columns(
        &series,
        &[
            "month_end",
            "inpost_fte",
            "leavers_fte",
            "turnover_rate_12m",
            "agency_fte",
            "agency_rate",
            "vacancy_rate",
            "sickness_rate",
        ],
    );
    t.push(
        "england_turnover_rate_fte",
        Column::Float(nat_turn.clone()),
        Display::OneDp,
    );
    t.push(
        "england_agency_rate_fte",
        Column::Float(nat_ag.clone()),
        Display::OneDp,
    );
    let col = |name: &str| -> Vec<Option<f64>> { (0..n).map(|r| series.f64(name, r)).collect() };
    let last_turn = col("turnover_rate_12m").last().copied().flatten();
    let first_turn = col("turnover_rate_12m").first().copied().flatten();
    let summary = format!(
        "Rolling 12-month turnover moved from {}% to {}% over the {} months to {}; the agency \
         rate ended at {}%. The dashed lines are England's published figures for each CSWW year.",
        fmt1(first_turn),
        fmt1(last_turn),
        n,
        req.year_end.format("%B %Y"),
        fmt1(col("agency_rate").last().copied().flatten()),
    );
    let charts = vec![
        Chart::Line {
            title: "Social worker turnover, rolling 12 months".into(),
            unit: "%".into(),
            x: ends.clone(),
            series: vec![
                Series {
                    name: "Council".into(),
                    values: col("turnover_rate_12m"),
                    dashed: false,
                },
                Series {
                    name: "England".into(),
                    values: nat_turn,
                    dashed: true,
                },
            ],
        },
        Chart::Line {
            title: "Agency rate at each month end".into(),
            unit: "%".into(),
            x: ends,
            series: vec![
                Series {
                    name: "Council".into(),
                    values: col("agency_rate"),
                    dashed: false,
                },
                Series {
                    name: "England".into(),
                    values: nat_ag,
                    dashed: true,
                },
            ],
        },
    ];
    let d = |f: &str, def: &str, n: &str, den: &str| Definition {
        figure: f.into(),
        definition: def.into(),
        numerator: n.into(),
        denominator: den.into(),
    };
    Ok(Section {
        id: "trends".into(),
        title: "Monthly trends".into(),
        summary,
        charts,
        tables: vec![ReportTable {
            collapsed: true,
            ..cx.table("trends", "Monthly figures", t, Vec::new())
        }],
        definitions: vec![
            d(
                "Turnover, rolling 12 months",
                "Leavers in the 12 months to each month end as a percentage of FTE in post at \
                 the month end (the CSWW turnover rate on a rolling year).",
                "FTE of leavers in the 12 months to the month end",
                "FTE in post at the month end",
            ),
            d(
                "Agency rate",
                "Agency FTE as a percentage of agency and employed FTE at the month end.",
                "Agency FTE in post",
                "Agency FTE + employed FTE in post",
            ),
            d(
                "Sickness rate",
                "FTE working days lost to sickness in the month as a percentage of the working \
                 days available in it.",
                "FTE working days lost in the month",
                "FTE in post at the month end × working days in the month",
            ),
        ],
        note: None,
    })
}

/// The top row and the staffed teams of a by-unit table, with team names; and the row groups.
fn teams_of(cx: &Ctx, t: &Table, staffed: &dyn Fn(usize) -> bool) -> (Table, RowGroups) {
    let keep: Vec<usize> = (0..t.num_rows())
        .filter(|&r| {
            let id = t.text("org_unit_id", r).unwrap_or_default();
            r == 0 || (cx.is_team(&id) && staffed(r))
        })
        .collect();
    let mut out = select_rows(t, &keep);
    let names: Vec<Option<String>> = (0..out.num_rows())
        .map(|r| {
            let id = out.text("org_unit_id", r).unwrap_or_default();
            Some(if r == 0 {
                format!("{} (all)", cx.name(&id))
            } else {
                cx.name(&id)
            })
        })
        .collect();
    let mut with_name = Table::new().with("team_name", Column::Str(names), Display::Plain);
    for (i, (n, c)) in out.names().iter().zip(out.columns()).enumerate() {
        if n != "name" && n != "team" {
            with_name.push(n.clone(), c.clone(), out.display(i));
        }
    }
    with_name.options_json = std::mem::take(&mut out.options_json);
    let groups = if with_name.num_rows() > 1 {
        vec![(0, (1..with_name.num_rows()).collect())]
    } else {
        Vec::new()
    };
    (with_name, groups)
}

fn agency_sections(cx: &Ctx, england: Option<f64>) -> Result<(Vec<Section>, agency::AgencyReturn)> {
    let req = cx.req;
    let q = agency::quarterly_return(cx.wf, req.year_end, cx.unit, &req.options)?;
    // Agency as at the year end (the quarterly return's quarter end may differ only when the
    // year end is not a quarter end).
    let by = cx
        .wf
        .agency_by_unit(req.year_end, cx.unit, &Scope::Csww, &req.options)?;
    let staffed = |r: usize| {
        by.f64("inpost_fte", r).unwrap_or(0.0) + by.f64("agency_fte", r).unwrap_or(0.0) > 0.0
    };
    let (teams, groups) = teams_of(cx, &by, &staffed);
    let teams = select_columns(
        &teams,
        &[
            "team_name",
            "org_unit_id",
            "inpost_fte",
            "agency_fte",
            "agency_rate_fte",
            "inpost_headcount",
            "agency_headcount",
            "agency_cover_fte",
            "agency_over_establishment_fte",
        ],
    );
    let share = cx.table("agency_by_team", "Agency share by team", teams, groups);
    let mut items = Vec::new();
    for r in 1..share.data.table.num_rows() {
        items.push((
            share.data.table.text("team_name", r).unwrap_or_default(),
            shown(&share.data, "agency_rate_fte", r),
        ));
    }
    let council_rate = shown(&share.data, "agency_rate_fte", 0);
    let mut refs = Vec::new();
    if let Some(c) = council_rate {
        refs.push(("Council".to_string(), c));
    }
    if let Some(e) = england {
        refs.push(("England".to_string(), e));
    }
    let worst = items
        .iter()
        .filter_map(|(l, v)| v.map(|v| (l.clone(), v)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    let summary = match worst {
        Some((l, v)) => format!(
            "On {} agency workers were {}% of the social work workforce (FTE); the highest share \
             was in {l} ({}%).",
            req.year_end.format("%-d %B %Y"),
            fmt1(council_rate),
            fmt1(Some(v))
        ),
        None => "No team had social workers in post on the year end.".into(),
    };
    let d = |f: &str, def: &str, n: &str, den: &str| Definition {
        figure: f.into(),
        definition: def.into(),
        numerator: n.into(),
        denominator: den.into(),
    };
    let share_section = Section {
        id: "agency-teams".into(),
        title: "Agency share by team".into(),
        summary,
        charts: vec![Chart::Bars {
            title: format!("Agency rate by team, {}", req.year_end.format("%-d %B %Y")),
            unit: "%".into(),
            items,
            references: refs,
        }],
        tables: vec![share],
        definitions: vec![d(
            "Agency rate (FTE)",
            "Agency FTE in post in the team as a percentage of agency and employed FTE in \
             post in it. Over establishment: agency FTE not covering a vacancy.",
            "Agency FTE in post",
            "Agency FTE + employed FTE in post",
        )],
        note: None,
    };
    let bands = cx
        .wf
        .agency_length_bands(req.year_end, cx.unit, &Scope::Csww, &req.options)?;
    let bands_t = cx.table(
        "agency_lengths",
        "Agency assignment lengths",
        bands,
        Vec::new(),
    );
    let total: f64 = (0..bands_t.data.table.num_rows())
        .filter_map(|r| bands_t.data.table.f64("assignments", r))
        .sum();
    let long = bands_t
        .data
        .table
        .f64(
            "assignments",
            bands_t.data.table.num_rows().saturating_sub(1),
        )
        .unwrap_or(0.0);
    let lengths_section = Section {
        id: "agency-lengths".into(),
        title: "Agency assignment lengths".into(),
        summary: format!(
            "{} agency assignments were in post on {}; {} of them had lasted more than a year.",
            total,
            req.year_end.format("%-d %B %Y"),
            long
        ),
        charts: vec![Chart::Columns {
            title: "Agency workers by length of assignment".into(),
            unit: "workers".into(),
            categories: (0..bands_t.data.table.num_rows())
                .map(|r| bands_t.data.table.text("band", r).unwrap_or_default())
                .collect(),
            series: vec![(
                "Agency workers".into(),
                (0..bands_t.data.table.num_rows())
                    .map(|r| shown(&bands_t.data, "assignments", r))
                    .collect(),
            )],
        }],
        tables: vec![bands_t],
        definitions: vec![d(
            "Length of assignment",
            &format!(
                "Agency assignments in post on the year end by weeks from their start to the \
                 year end (bands {:?} weeks; a band holds lengths up to its edge in whole weeks).",
                req.options.agency_length_bands
            ),
            "Assignments in post",
            "",
        )],
        note: None,
    };
    Ok((vec![share_section, lengths_section], q))
}

fn vacancy_section(cx: &Ctx, england: Option<f64>) -> Result<Section> {
    let req = cx.req;
    let t = cx.wf.csww(&[req.year_end], cx.unit, true, &req.options)?;
    let staffed = |r: usize| {
        t.f64("inpost_fte", r).unwrap_or(0.0) + t.f64("vacancy_fte", r).unwrap_or(0.0) > 0.0
    };
    let (teams, groups) = teams_of(cx, &t, &staffed);
    let teams = select_columns(
        &teams,
        &[
            "team_name",
            "org_unit_id",
            "inpost_fte",
            "vacancy_fte",
            "vacancy_rate_fte",
            "agency_cover_fte",
            "vacancy_agency_cover_rate_fte",
        ],
    );
    let tt = cx.table("vacancy_by_team", "Vacancies by team", teams, groups);
    let items: Vec<(String, Option<f64>)> = (1..tt.data.table.num_rows())
        .map(|r| {
            (
                tt.data.table.text("team_name", r).unwrap_or_default(),
                shown(&tt.data, "vacancy_rate_fte", r),
            )
        })
        .collect();
    let mut refs = Vec::new();
    if let Some(c) = shown(&tt.data, "vacancy_rate_fte", 0) {
        refs.push(("Council".to_string(), c));
    }
    if let Some(e) = england {
        refs.push(("England".to_string(), e));
    }
    Ok(Section {
        id: "vacancies".into(),
        title: "Vacancies by team".into(),
        summary: format!(
            "{} FTE of social work posts were vacant on {}, a vacancy rate of {}%.",
            fmt1(shown(&tt.data, "vacancy_fte", 0)),
            req.year_end.format("%-d %B %Y"),
            fmt1(shown(&tt.data, "vacancy_rate_fte", 0)),
        ),
        charts: vec![Chart::Bars {
            title: "Vacancy rate by team".into(),
            unit: "%".into(),
            items,
            references: refs,
        }],
        tables: vec![tt],
        definitions: vec![csww_definition("vacancy_rate_fte").expect("defined")],
        note: None,
    })
}

fn sickness_section(cx: &Ctx) -> Result<Section> {
    let req = cx.req;
    let scope = Scope::Csww;
    let monthly = sickness_by_month(cx.wf, cx.from, cx.to, cx.unit, false, &scope, &req.options)?;
    let mut monthly_t = cx.table(
        "sickness_by_month",
        "Sickness by month",
        select_columns(
            &monthly,
            &[
                "month_end",
                "short_term_days",
                "long_term_days",
                "days_lost_fte",
                "percent_working_days_lost",
            ],
        ),
        Vec::new(),
    );
    monthly_t.collapsed = true;
    let by = sickness_summary(cx.wf, cx.from, cx.to, cx.unit, true, &scope, &req.options)?;
    let staffed = |r: usize| by.f64("average_fte", r).unwrap_or(0.0) > 0.0;
    let (teams, groups) = teams_of(cx, &by, &staffed);
    let teams_t = cx.table(
        "sickness_by_team",
        "Sickness by team over the year",
        select_columns(
            &teams,
            &[
                "team_name",
                "org_unit_id",
                "short_term_spells",
                "long_term_spells",
                "short_term_days",
                "long_term_days",
                "days_lost_fte",
                "average_fte",
                "days_lost_per_fte",
                "percent_working_days_lost",
            ],
        ),
        groups,
    );
    let m = &monthly_t.data;
    let cats: Vec<String> = (0..m.table.num_rows())
        .map(|r| match m.table.column("month_end") {
            Some(Column::Date(v)) => v[r]
                .map(|d| d.format("%b %y").to_string())
                .unwrap_or_default(),
            _ => String::new(),
        })
        .collect();
    let short: Vec<Option<f64>> = (0..m.table.num_rows())
        .map(|r| shown(m, "short_term_days", r))
        .collect();
    let long: Vec<Option<f64>> = (0..m.table.num_rows())
        .map(|r| shown(m, "long_term_days", r))
        .collect();
    let ts: f64 = short.iter().flatten().sum();
    let tl: f64 = long.iter().flatten().sum();
    let th = req.options.long_term_threshold;
    Ok(Section {
        id: "sickness".into(),
        title: "Sickness absence".into(),
        summary: format!(
            "{} FTE working days were lost to sickness in the year: {} to short-term and {} to \
             long-term absence (spells longer than {th} days), {}% of the working days available.",
            fmt1(Some(ts + tl)),
            fmt1(Some(ts)),
            fmt1(Some(tl)),
            fmt1(shown(&teams_t.data, "percent_working_days_lost", 0)),
        ),
        charts: vec![Chart::Columns {
            title: "Working days lost to sickness each month (FTE)".into(),
            unit: "days".into(),
            categories: cats,
            series: vec![("Short-term".into(), short), ("Long-term".into(), long)],
        }],
        tables: vec![monthly_t, teams_t],
        definitions: vec![
            Definition {
                figure: "Working days lost (FTE)".into(),
                definition: format!(
                    "Working days of sickness absence weighted by the person's FTE on each \
                     day (or the recorded figure pro-rated). A spell is long-term when it lasts \
                     more than {th} {:?} days.",
                    req.options.long_term_unit
                )
                .to_lowercase(),
                numerator: "FTE working days lost".into(),
                denominator: String::new(),
            },
            Definition {
                figure: "Working days lost (%)".into(),
                definition: "Working days lost as a percentage of the FTE working days \
                             available."
                    .into(),
                numerator: "FTE working days lost".into(),
                denominator: "Σ over contracts of FTE × working days in the period".into(),
            },
        ],
        note: None,
    })
}

fn caseload_section(cx: &Ctx) -> Result<Section> {
    let req = cx.req;
    let mut sec = Section {
        id: "caseloads".into(),
        title: "Caseloads".into(),
        summary: String::new(),
        charts: Vec::new(),
        tables: Vec::new(),
        definitions: vec![Definition {
            figure: "Caseload".into(),
            definition: "Cases held on the year end per social worker holding at least one case \
                         (agency workers included), by team: the box shows the middle half of \
                         workers' caseloads, the line the median, the whiskers the lowest and \
                         highest."
                .into(),
            numerator: "Cases open on the year end".into(),
            denominator: "Case holders in post".into(),
        }],
        note: None,
    };
    if !cx.wf.has_case_allocations() {
        sec.note = Some("No case allocations were supplied (case_allocations.csv).".into());
        sec.summary = "Caseloads need case allocations, which were not supplied.".into();
        return Ok(sec);
    }
    let t = caseload_distribution(
        cx.wf,
        req.year_end,
        cx.unit,
        &Scope::Csww,
        CaseloadGroup::Team,
        &CaseloadOptions::default(),
        &req.options,
    )?;
    let names: Vec<Option<String>> = (0..t.num_rows())
        .map(|r| Some(cx.name(&t.text("group", r).unwrap_or_default())))
        .collect();
    let mut t2 = Table::new().with("team_name", Column::Str(names), Display::Plain);
    for (i, (n, c)) in t.names().iter().zip(t.columns()).enumerate() {
        t2.push(n.clone(), c.clone(), t.display(i));
    }
    t2.options_json = t.options_json.clone();
    let tt = cx.table("caseloads", "Caseload distribution by team", t2, Vec::new());
    let m = &tt.data;
    let mut items = Vec::new();
    for r in 0..m.table.num_rows() {
        let q: Vec<Option<f64>> = ["min", "q1", "median", "q3", "max"]
            .iter()
            .map(|c| shown(m, c, r))
            .collect();
        if q.iter().all(Option::is_some) {
            let q: Vec<f64> = q.into_iter().flatten().collect();
            items.push((
                m.table.text("team_name", r).unwrap_or_default(),
                [q[0], q[1], q[2], q[3], q[4]],
            ));
        }
    }
    let workers: f64 = (0..m.table.num_rows())
        .filter_map(|r| m.table.f64("workers", r))
        .sum();
    let cases: f64 = (0..m.table.num_rows())
        .filter_map(|r| m.table.f64("cases", r))
        .sum();
    sec.summary = format!(
        "On {} {} social workers held {} cases, {} cases each on average.",
        req.year_end.format("%-d %B %Y"),
        workers,
        cases,
        fmt1((workers > 0.0).then(|| cases / workers))
    );
    sec.charts.push(Chart::Boxes {
        title: "Cases per worker by team".into(),
        unit: "cases".into(),
        items,
    });
    sec.tables.push(tt);
    Ok(sec)
}

fn casework_section(cx: &Ctx) -> Result<Section> {
    let req = cx.req;
    let mut sec = Section {
        id: "casework".into(),
        title: "Employee relations casework".into(),
        summary: String::new(),
        charts: Vec::new(),
        tables: Vec::new(),
        definitions: vec![Definition {
            figure: "Cases".into(),
            definition: "Employee relations cases of social workers by type: open at the \
                         start of the year, opened and closed in it, open at its end."
                .into(),
            numerator: "ER cases".into(),
            denominator: String::new(),
        }],
        note: None,
    };
    if cx.wf.data().er_cases.is_none() {
        sec.note = Some("No employee relations cases were supplied (er_cases.csv).".into());
        sec.summary = "Casework needs er_cases.csv, which was not supplied.".into();
        return Ok(sec);
    }
    let t = er_cases(cx.wf, cx.from, cx.to, cx.unit, &Scope::Csww, &req.options)?;
    let n = t.num_rows();
    let groups = if n > 1 {
        vec![(n - 1, (0..n - 1).collect())]
    } else {
        Vec::new()
    };
    let tt = cx.table("casework", "Employee relations cases", t, groups);
    let m = &tt.data;
    let rows: Vec<usize> = (0..n.saturating_sub(1)).collect();
    let label = |r: usize| {
        let t = m.table.text("case_type", r).unwrap_or_default();
        let t = t.replace("_term", "-term").replace('_', " ");
        let mut c = t.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    };
    sec.summary = format!(
        "{} cases were open at the year end and {} were active during the year.",
        fmt0(shown(m, "open_at_end", n.saturating_sub(1))),
        fmt0(shown(m, "active", n.saturating_sub(1))),
    );
    sec.charts.push(Chart::Bars {
        title: "Cases active during the year, by type".into(),
        unit: "cases".into(),
        items: rows
            .iter()
            .map(|&r| (label(r), shown(m, "active", r)))
            .collect(),
        references: Vec::new(),
    });
    sec.tables.push(tt);
    Ok(sec)
}

fn fmt0(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.0}"))
        .unwrap_or_else(|| "a suppressed number of".into())
}

fn compliance_section(cx: &Ctx, q: agency::AgencyReturn) -> Result<Section> {
    let req = cx.req;
    let months = req.cool_off_months;
    let cases = agency::cool_off(cx.wf, cx.from, cx.to, months, &req.options)?;
    let mut tables = vec![cx.table(
        "agency_quarter",
        &format!(
            "Agency starts and ends, quarter {} to {}",
            q.quarter_start, q.quarter_end
        ),
        q.churn,
        Vec::new(),
    )];
    let n = cases.len();
    let note = if req.publication.is_some() {
        Some("The list of people is left out of a report for publication.".to_string())
    } else {
        tables.push(cx.table(
            "cool_off",
            &format!("Agency starts within {months} months of leaving a permanent post"),
            agency::cool_off_table(&cases, months, &req.options),
            Vec::new(),
        ));
        None
    };
    Ok(Section {
        id: "compliance".into(),
        title: "Agency rules: quarterly data and cool-off".into(),
        summary: format!(
            "{n} {} started an agency assignment with the council within {months} months of \
             leaving a permanent social work post with it during the year (DfE's agency rules \
             from October 2024 expect a cool-off period).",
            if n == 1 { "person" } else { "people" }
        ),
        charts: Vec::new(),
        tables,
        definitions: vec![Definition {
            figure: "Cool-off check".into(),
            definition: format!(
                "People whose employee social work service spell ended (last contract permanent, \
                 or of unrecorded type) and who started an agency assignment with the council on \
                 or after that day and within {months} calendar months, where the assignment \
                 started in the year."
            ),
            numerator: "People and assignments listed".into(),
            denominator: String::new(),
        }],
        note,
    })
}

fn data_section(cx: &Ctx) -> Section {
    let mut tables = Vec::new();
    let mut summary = "The figures follow DfE's CSWW definitions unless the options say \
                       otherwise."
        .to_string();
    if let Some(l) = &cx.req.load {
        let rejected: u64 = l.files.iter().map(|f| f.rows_rejected).sum();
        summary = format!(
            "{summary} {rejected} input row(s) were rejected while loading the data and are \
             left out of every figure."
        );
        tables.push(ReportTable {
            sheet: "load_report".into(),
            title: "Rows read, accepted and rejected per file".into(),
            data: Masked::plain(l.summary_table()),
            collapsed: false,
        });
    }
    Section {
        id: "data".into(),
        title: "About the data".into(),
        summary,
        charts: Vec::new(),
        tables,
        definitions: Vec::new(),
        note: None,
    }
}
