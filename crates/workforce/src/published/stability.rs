//! DfE child social worker stability (`la_cla_swcount.csv`): children looked after on
//! 31 March with 3 or more social workers in the year (`metrics.md` §4.1).

use super::csww::{file_label, invalid, Area, Level};
use super::value::Published;
use crate::error::Error;
use crate::table::{Column, Display, Table};
use std::path::Path;

/// The `sw_stability` value of the denominator rows.
pub const TOTAL_CHILDREN: &str = "Total children";
/// The `sw_stability` value of the numerator rows.
pub const THREE_OR_MORE: &str = "3 or more social workers during the year";

/// One published row.
#[derive(Clone, Debug, PartialEq)]
pub struct StabilityRow {
    /// Year ending 31 March (`time_period`).
    pub time_period: i32,
    /// Geographic level.
    pub level: Level,
    /// `region_code`.
    pub region_code: Option<String>,
    /// `region_name`.
    pub region_name: Option<String>,
    /// `old_la_code`.
    pub old_la_code: Option<String>,
    /// `new_la_code`.
    pub new_la_code: Option<String>,
    /// `la_name`.
    pub la_name: Option<String>,
    /// `cla_group` (`CLA on 31 March`).
    pub cla_group: String,
    /// `sw_stability` ([`TOTAL_CHILDREN`] or [`THREE_OR_MORE`]).
    pub sw_stability: String,
    /// `number` (national and regional figures rounded to the nearest 10).
    pub number: Published,
    /// `percentage` (whole numbers).
    pub percentage: Published,
    /// 1-based line in the file.
    pub line: u64,
}

impl StabilityRow {
    fn matches(&self, area: &Area) -> bool {
        let eq = |a: &Option<String>, b: &str| {
            a.as_deref().is_some_and(|x| {
                x.trim().eq_ignore_ascii_case(b.trim())
                    || x.split('/')
                        .any(|p| p.trim().eq_ignore_ascii_case(b.trim()))
            })
        };
        match area {
            Area::National => self.level == Level::National,
            Area::Region(r) => {
                self.level == Level::Regional
                    && (eq(&self.region_code, r) || eq(&self.region_name, r))
            }
            Area::La(c) => {
                self.level == Level::LocalAuthority
                    && (eq(&self.old_la_code, c)
                        || eq(&self.new_la_code, c)
                        || eq(&self.la_name, c))
            }
        }
    }
}

/// The rows of a `la_cla_swcount.csv` file.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Stability {
    rows: Vec<StabilityRow>,
}

const REQUIRED: [&str; 6] = [
    "time_period",
    "geographic_level",
    "cla_group",
    "sw_stability",
    "number",
    "percentage",
];

impl Stability {
    /// Read a file.
    pub fn read(path: impl AsRef<Path>) -> crate::Result<Self> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|e| Error::io(file_label(path), &e))?;
        Self::from_reader(file, &file_label(path))
    }

    /// Read CSV text from `reader`; `file` names it in errors.
    pub fn from_reader<R: std::io::Read>(reader: R, file: &str) -> crate::Result<Self> {
        let mut rdr = csv::ReaderBuilder::new().from_reader(reader);
        let csv_err = |e: csv::Error| {
            if let csv::ErrorKind::Io(io) = e.kind() {
                return Error::io(file, io);
            }
            invalid(
                file,
                e.position().map(|p| p.line()),
                None,
                None,
                format!("malformed CSV: {e}"),
            )
        };
        let headers: Vec<String> = rdr
            .headers()
            .map_err(csv_err)?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
            .collect();
        for req in REQUIRED {
            if !headers.iter().any(|h| h == req) {
                return Err(invalid(
                    file,
                    Some(1),
                    Some(req),
                    None,
                    format!("required column `{req}` is missing"),
                ));
            }
        }
        let col = |n: &str| headers.iter().position(|h| h == n);
        let mut rows = Vec::new();
        for rec in rdr.records() {
            let rec = rec.map_err(csv_err)?;
            let line = rec.position().map_or(0, |p| p.line());
            if rec.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let text = |n: &str| col(n).and_then(|i| rec.get(i)).map(str::trim).unwrap_or("");
            let opt = |n: &str| Some(text(n)).filter(|s| !s.is_empty()).map(str::to_string);
            let tp = text("time_period");
            let time_period = tp.parse().map_err(|_| {
                invalid(
                    file,
                    Some(line),
                    Some("time_period"),
                    Some(tp),
                    "time_period is not a year",
                )
            })?;
            let gl = text("geographic_level");
            let level = Level::parse(gl).ok_or_else(|| {
                invalid(
                    file,
                    Some(line),
                    Some("geographic_level"),
                    Some(gl),
                    "unknown geographic level",
                )
            })?;
            let num = |n: &str| {
                Published::parse(text(n)).ok_or_else(|| {
                    invalid(
                        file,
                        Some(line),
                        Some(n),
                        Some(text(n)),
                        "not a number or a DfE symbol (c, x, z, low, u, :, k)",
                    )
                })
            };
            rows.push(StabilityRow {
                time_period,
                level,
                region_code: opt("region_code"),
                region_name: opt("region_name"),
                old_la_code: opt("old_la_code"),
                new_la_code: opt("new_la_code"),
                la_name: opt("la_name"),
                cla_group: text("cla_group").to_string(),
                sw_stability: text("sw_stability").to_string(),
                number: num("number")?,
                percentage: num("percentage")?,
                line,
            });
        }
        Ok(Stability { rows })
    }

    /// Every row, in file order.
    pub fn rows(&self) -> &[StabilityRow] {
        &self.rows
    }

    /// The row for `area`, `year`, `cla_group` and `sw_stability`.
    pub fn find(
        &self,
        year: i32,
        area: &Area,
        cla_group: &str,
        sw_stability: &str,
    ) -> Option<&StabilityRow> {
        self.rows.iter().find(|r| {
            r.time_period == year
                && r.cla_group.eq_ignore_ascii_case(cla_group)
                && r.sw_stability.eq_ignore_ascii_case(sw_stability)
                && r.matches(area)
        })
    }

    /// Children with 3 or more social workers for an authority (by old or new code or name),
    /// its region and England in `year`, one row per area and `cla_group`. Columns: `area`,
    /// `code`, `level`, `cla_group`, `total_children`, `three_or_more`, `percentage`
    /// (published, whole numbers) and `percentage_recomputed` (100 × three_or_more ÷
    /// total_children, unrounded). Suppressed cells are missing.
    pub fn table(&self, la: &str, year: i32) -> crate::Result<Table> {
        let own = self
            .rows
            .iter()
            .find(|r| r.time_period == year && r.matches(&Area::La(la.to_string())))
            .ok_or_else(|| {
                Error::missing_data(format!(
                    "no stability figures for local authority {la:?} in {year}"
                ))
            })?;
        let mut groups: Vec<&str> = Vec::new();
        for r in self.rows.iter().filter(|r| r.time_period == year) {
            if !groups.contains(&r.cla_group.as_str()) {
                groups.push(&r.cla_group);
            }
        }
        let mut areas = vec![(
            Area::La(la.to_string()),
            own.la_name.clone(),
            own.old_la_code.clone(),
            Level::LocalAuthority,
        )];
        if let Some(rc) = &own.region_code {
            let name = self
                .rows
                .iter()
                .find(|r| r.level == Level::Regional && r.region_code.as_deref() == Some(rc))
                .and_then(|r| r.region_name.clone());
            areas.push((
                Area::Region(rc.clone()),
                name,
                Some(rc.clone()),
                Level::Regional,
            ));
        }
        areas.push((
            Area::National,
            Some("England".into()),
            Some("E92000001".into()),
            Level::National,
        ));
        let (mut a, mut c, mut l, mut g, mut tot, mut three, mut pct, mut re) = (
            vec![],
            vec![],
            vec![],
            vec![],
            vec![],
            vec![],
            vec![],
            vec![],
        );
        for (area, name, code, level) in &areas {
            for group in &groups {
                let t = self.find(year, area, group, TOTAL_CHILDREN);
                let n = self.find(year, area, group, THREE_OR_MORE);
                if t.is_none() && n.is_none() {
                    continue;
                }
                let tv = t.and_then(|r| r.number.value());
                let nv = n.and_then(|r| r.number.value());
                a.push(name.clone());
                c.push(code.clone());
                l.push(Some(level.as_str().to_string()));
                g.push(Some(group.to_string()));
                tot.push(tv);
                three.push(nv);
                pct.push(n.and_then(|r| r.percentage.value()));
                re.push(super::rates::percentage(nv, tv));
            }
        }
        let mut table = Table::new()
            .with("area", Column::Str(a), Display::Plain)
            .with("code", Column::Str(c), Display::Plain)
            .with("level", Column::Str(l), Display::Plain)
            .with("cla_group", Column::Str(g), Display::Plain)
            .with("total_children", Column::Float(tot), Display::Whole)
            .with("three_or_more", Column::Float(three), Display::Whole)
            .with("percentage", Column::Float(pct), Display::Whole)
            .with("percentage_recomputed", Column::Float(re), Display::OneDp);
        table.options_json = serde_json::json!({ "la": la, "year": year }).to_string();
        Ok(table)
    }
}
