//! Comparator tables: a council against England, its region, its statistical neighbours and
//! other groups or councils (`metrics.md` §1.2, §9 item 12).

use super::csww::{Area, IndicatorRow, Indicators};
use super::measure::Measure;
use super::neighbours::Neighbours;
use super::rates::dfe_working_days;
use crate::error::Error;
use crate::table::{Column, Display, Table};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How a group of authorities is summarised (§9 item 12).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComparatorAggregate {
    /// Simple mean of the members' published rates (LAIT, the BCP report).
    Mean,
    /// Median of the members' published rates (DfE dashboard).
    Median,
    /// Σ numerator ÷ Σ denominator over members with both parts published (and a positive
    /// denominator).
    Pooled,
}

impl ComparatorAggregate {
    /// All three, in table order: DfE's median first, then the mean and the pooled ratio.
    pub const ALL: [ComparatorAggregate; 3] = [
        ComparatorAggregate::Median,
        ComparatorAggregate::Mean,
        ComparatorAggregate::Pooled,
    ];

    /// `mean`, `median` or `pooled`.
    pub fn as_str(self) -> &'static str {
        match self {
            ComparatorAggregate::Mean => "mean",
            ComparatorAggregate::Median => "median",
            ComparatorAggregate::Pooled => "pooled",
        }
    }

    /// Parse `mean`, `median` or `pooled`.
    pub fn parse(s: &str) -> crate::Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "mean" => Ok(ComparatorAggregate::Mean),
            "median" => Ok(ComparatorAggregate::Median),
            "pooled" => Ok(ComparatorAggregate::Pooled),
            other => Err(Error::invalid_argument(format!(
                "comparator_aggregate must be mean, median or pooled, got {other:?}"
            ))),
        }
    }
}

/// A summarised figure and how many authorities it used.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Aggregate {
    /// The figure (unrounded); `None` when no member had what it needs.
    pub value: Option<f64>,
    /// Members used: with a published value (mean, median), or with both parts published
    /// and a positive denominator (pooled).
    pub n: usize,
}

/// Summarise `measure` over `rows` (the caller removes duplicates).
pub fn aggregate(
    rows: &[&IndicatorRow],
    measure: Measure,
    how: ComparatorAggregate,
    working_days: f64,
) -> Aggregate {
    match how {
        ComparatorAggregate::Mean | ComparatorAggregate::Median => {
            let mut v: Vec<f64> = rows.iter().filter_map(|r| r.rate(measure)).collect();
            let n = v.len();
            let value = if n == 0 {
                None
            } else if how == ComparatorAggregate::Mean {
                Some(v.iter().sum::<f64>() / n as f64)
            } else {
                v.sort_by(f64::total_cmp);
                Some(if n % 2 == 1 {
                    v[n / 2]
                } else {
                    (v[n / 2 - 1] + v[n / 2]) / 2.0
                })
            };
            Aggregate { value, n }
        }
        ComparatorAggregate::Pooled => {
            let p = measure.parts();
            let (mut num, mut den, mut n) = (0.0, 0.0, 0);
            for r in rows {
                if let (Some(a), Some(b)) = (r.value(p[0]), r.value(p[1])) {
                    let (x, y) = measure.fraction(a, b, working_days);
                    // A member with a zero denominator (Isles of Scilly: 0 in post) adds
                    // nothing and is not counted.
                    if y > 0.0 {
                        num += x;
                        den += y;
                        n += 1;
                    }
                }
            }
            let value = (n > 0 && den > 0.0).then(|| measure.scale() * num / den);
            Aggregate { value, n }
        }
    }
}

/// A named group of authorities to summarise (for example "Good+ LAs").
#[derive(Clone, Debug, PartialEq)]
pub struct ComparatorGroup {
    /// Label; each row is labelled `"{label} ({aggregate})"`.
    pub label: String,
    /// Members by old or new code; codes that resolve to the same row count once.
    pub members: Vec<String>,
}

/// The council's own figures, when the caller computed them from its data.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct OwnFigures {
    /// Row label.
    pub label: String,
    /// Figures by measure (unrounded).
    pub values: BTreeMap<Measure, f64>,
}

impl OwnFigures {
    /// Take the figures from row `row` of a table whose columns are named after the measures
    /// (`turnover_rate_fte`, …); other columns are ignored, missing values left out.
    pub fn from_table_row(
        table: &Table,
        row: usize,
        label: impl Into<String>,
    ) -> crate::Result<Self> {
        if row >= table.num_rows() {
            return Err(Error::invalid_argument(format!(
                "row {row} is past the end of a table of {} rows",
                table.num_rows()
            )));
        }
        let values = Measure::ALL
            .into_iter()
            .filter_map(|m| table.f64(m.name(), row).map(|v| (m, v)))
            .collect();
        Ok(OwnFigures {
            label: label.into(),
            values,
        })
    }
}

/// What a comparator table shows.
#[derive(Clone, Debug, PartialEq)]
pub struct ComparatorRequest {
    /// The council, by old or new code or name.
    pub la: String,
    /// Reporting year.
    pub year: i32,
    /// Release to read; `None` for the most recently loaded that has the year.
    pub release: Option<String>,
    /// Measures (columns); default [`Measure::COMPARATOR_DEFAULT`].
    pub measures: Vec<Measure>,
    /// Group summaries to show; default all three. One entry gives a single figure per group.
    pub aggregates: Vec<ComparatorAggregate>,
    /// Other councils to list, by code or name.
    pub named: Vec<String>,
    /// Extra groups, after the statistical neighbours.
    pub groups: Vec<ComparatorGroup>,
    /// The council's own figures, shown instead of its published row.
    pub own: Option<OwnFigures>,
    /// Working days per year for the pooled absence rate; `None` for DfE's figure for the
    /// year ([`super::rates::dfe_working_days`]: 253, or 254 in years with 29 February).
    pub working_days: Option<f64>,
}

impl ComparatorRequest {
    /// A request for `la` in `year` with the defaults.
    pub fn new(la: impl Into<String>, year: i32) -> Self {
        ComparatorRequest {
            la: la.into(),
            year,
            release: None,
            measures: Measure::COMPARATOR_DEFAULT.to_vec(),
            aggregates: ComparatorAggregate::ALL.to_vec(),
            named: Vec::new(),
            groups: Vec::new(),
            own: None,
            working_days: None,
        }
    }
}

struct OutRow {
    label: String,
    code: Option<String>,
    kind: &'static str,
    source: &'static str,
    values: Vec<Option<f64>>,
    ns: Vec<Option<i64>>,
}

/// The comparator table for a council and year.
///
/// Rows, in order: the council (published, or `own` when given), England, the council's
/// region, its statistical neighbours (`Statistical neighbours (median)`, `(mean)`, `(pooled)`,
/// as `aggregates` asks; all three by default, DfE's median first), each extra group
/// likewise, then each named council. Columns:
/// `comparator`, `code`, `kind` (`council`, `national`, `region`, `neighbours`, `group`,
/// `named`), `source` (`published`, `supplied`, `aggregate`), then per measure its value
/// (unrounded) and `{measure}_n`, the number of authorities a group figure used.
///
/// Neighbours missing from the year, or whose codes resolve to a row already counted or to the
/// council's own row (joint returns: 318 is a neighbour of 314, both in row `314 / 318`), are
/// left out; a neighbour whose value is suppressed is left out of that
/// measure only.
pub fn comparators(
    data: &Indicators,
    neighbours: Option<&Neighbours>,
    req: &ComparatorRequest,
) -> crate::Result<Table> {
    let working_days = req
        .working_days
        .unwrap_or_else(|| dfe_working_days(req.year));
    if !(working_days > 0.0 && working_days.is_finite()) {
        return Err(Error::invalid_argument(
            "working_days must be a positive number",
        ));
    }
    let find = |area: &Area| match &req.release {
        Some(r) => data.find_in(r, req.year, area),
        None => data.find(req.year, area),
    };
    // Members and named councils: a code the year does not use is mapped through its DfE code.
    let find_la = |code: &str| {
        find(&Area::La(code.to_string())).or_else(|| {
            let old = data.resolve_la(code)?;
            find(&Area::La(old))
        })
    };
    let la_code = data.resolve_la_in(&req.la, Some(req.year)).ok_or_else(|| {
        Error::invalid_argument(format!(
            "no local authority {:?} in the published data",
            req.la
        ))
    })?;
    let council = find(&Area::La(la_code.clone())).ok_or_else(|| {
        Error::missing_data(format!(
            "no published row for local authority {la_code} in {}",
            req.year
        ))
    })?;
    let measures = &req.measures;
    let mut out: Vec<OutRow> = Vec::new();
    let published = |r: &IndicatorRow, label: String, kind: &'static str| OutRow {
        label,
        code: Some(r.code()),
        kind,
        source: "published",
        values: measures.iter().map(|m| r.rate(*m)).collect(),
        ns: vec![None; measures.len()],
    };
    match &req.own {
        Some(own) => out.push(OutRow {
            label: if own.label.is_empty() {
                format!("{} (own data)", council.name())
            } else {
                own.label.clone()
            },
            code: Some(council.code()),
            kind: "council",
            source: "supplied",
            values: measures
                .iter()
                .map(|m| own.values.get(m).copied())
                .collect(),
            ns: vec![None; measures.len()],
        }),
        None => out.push(published(council, council.name(), "council")),
    }
    if let Some(r) = find(&Area::National) {
        out.push(published(r, "England".into(), "national"));
    }
    if let Some(r) = council
        .region_code
        .as_ref()
        .and_then(|c| find(&Area::Region(c.clone())))
    {
        out.push(published(r, r.name(), "region"));
    }
    let push_group =
        |out: &mut Vec<OutRow>, label: &str, kind: &'static str, members: &[String]| {
            let mut rows: Vec<&IndicatorRow> = Vec::new();
            for m in members {
                if let Some(r) = find_la(m) {
                    if !std::ptr::eq(r, council) && !rows.iter().any(|x| std::ptr::eq(*x, r)) {
                        rows.push(r);
                    }
                }
            }
            for how in &req.aggregates {
                let aggs: Vec<Aggregate> = measures
                    .iter()
                    .map(|m| aggregate(&rows, *m, *how, working_days))
                    .collect();
                out.push(OutRow {
                    label: format!("{label} ({})", how.as_str()),
                    code: None,
                    kind,
                    source: "aggregate",
                    values: aggs.iter().map(|a| a.value).collect(),
                    ns: aggs.iter().map(|a| Some(a.n as i64)).collect(),
                });
            }
        };
    let mut options = serde_json::json!({
        "la": la_code,
        "year": req.year,
        "release": req.release.clone().unwrap_or_else(|| council.release.clone()),
        "comparator_aggregate": req.aggregates.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
        "working_days_per_year": working_days,
    });
    if let Some(nb) = neighbours {
        let list = nb.neighbours(&la_code).ok_or_else(|| {
            Error::missing_data(format!(
                "local authority {la_code} is not in the statistical neighbour grouping {}",
                nb.model
            ))
        })?;
        let codes: Vec<String> = list.into_iter().map(|(c, _)| c).collect();
        options["neighbour_model"] = nb.model.clone().into();
        options["neighbours"] = codes.clone().into();
        push_group(&mut out, "Statistical neighbours", "neighbours", &codes);
    }
    for g in &req.groups {
        push_group(&mut out, &g.label, "group", &g.members);
    }
    for name in &req.named {
        let code = data.resolve_la_in(name, Some(req.year)).ok_or_else(|| {
            Error::invalid_argument(format!("no local authority {name:?} in the published data"))
        })?;
        match find_la(&code) {
            Some(r) => out.push(published(r, r.name(), "named")),
            None => out.push(OutRow {
                label: name.clone(),
                code: Some(code),
                kind: "named",
                source: "published",
                values: vec![None; measures.len()],
                ns: vec![None; measures.len()],
            }),
        }
    }
    let strs = |f: &dyn Fn(&OutRow) -> Option<String>| Column::Str(out.iter().map(f).collect());
    let mut t = Table::new()
        .with(
            "comparator",
            strs(&|r| Some(r.label.clone())),
            Display::Plain,
        )
        .with("code", strs(&|r| r.code.clone()), Display::Plain)
        .with("kind", strs(&|r| Some(r.kind.to_string())), Display::Plain)
        .with(
            "source",
            strs(&|r| Some(r.source.to_string())),
            Display::Plain,
        );
    for (i, m) in measures.iter().enumerate() {
        t.push(
            m.name(),
            Column::Float(out.iter().map(|r| r.values[i]).collect()),
            Display::OneDp,
        );
        t.push(
            format!("{}_n", m.name()),
            Column::Int(out.iter().map(|r| r.ns[i]).collect()),
            Display::Plain,
        );
    }
    t.options_json = options.to_string();
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::published::csww::Level;
    use crate::published::value::Published;

    fn row(leavers: &str, inpost: &str, rate: &str) -> IndicatorRow {
        let mut values = BTreeMap::new();
        for (k, v) in [
            ("leavers_fte", leavers),
            ("inpost_fte", inpost),
            ("turnover_rate_fte", rate),
        ] {
            values.insert(k.to_string(), Published::parse(v).unwrap());
        }
        IndicatorRow {
            release: "r".into(),
            time_period: 2021,
            level: Level::LocalAuthority,
            country_code: None,
            country_name: None,
            region_code: None,
            region_name: None,
            old_la_code: Some("1".into()),
            new_la_code: None,
            la_name: None,
            line: 2,
            values,
        }
    }

    #[test]
    fn mean_median_pooled() {
        let rows = [
            row("10", "100", "10"),
            row("30", "100", "30"),
            row("x", "50", "x"),
            row("0", "0", "z"),
            row("5", "10", "u"),
        ];
        let refs: Vec<&IndicatorRow> = rows.iter().collect();
        let m = Measure::TurnoverRateFte;
        let a = |how| aggregate(&refs, m, how, 253.0);
        assert_eq!(
            a(ComparatorAggregate::Mean),
            Aggregate {
                value: Some(20.0),
                n: 2
            }
        );
        assert_eq!(
            a(ComparatorAggregate::Median),
            Aggregate {
                value: Some(20.0),
                n: 2
            }
        );
        // Pooled: rows with both parts and a positive denominator: 45 / 210.
        let p = a(ComparatorAggregate::Pooled);
        assert_eq!(p.n, 3);
        assert!((p.value.unwrap() - 100.0 * 45.0 / 210.0).abs() < 1e-12);
        let odd: Vec<&IndicatorRow> = refs[..2].iter().chain([&refs[0]]).copied().collect();
        assert_eq!(a(ComparatorAggregate::Median).n, 2);
        assert_eq!(
            aggregate(&odd, m, ComparatorAggregate::Median, 253.0).value,
            Some(10.0)
        );
        assert_eq!(
            aggregate(&[], m, ComparatorAggregate::Mean, 253.0),
            Aggregate { value: None, n: 0 }
        );
        assert_eq!(
            aggregate(&[], m, ComparatorAggregate::Pooled, 253.0).value,
            None
        );
    }
}
