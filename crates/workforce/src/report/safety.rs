//! Publication safety: small-number suppression with DfE's symbols, formula-injection-safe
//! text for CSV and XLSX, and HTML escaping.
//!
//! Suppression follows DfE's practice for the CSWW statistics: a headcount of 1 to
//! `threshold − 1` is replaced by `c` (primary suppression); true zeros are shown. So that a
//! suppressed cell cannot be worked out from a total, every group of cells that adds up to a
//! total (a parent unit and its teams, a band table and its `all` row) must then hold no
//! suppressed cell or at least two: where it holds exactly one, the smallest other non-zero part is
//! suppressed too (secondary suppression), repeated until no group has a lone suppressed cell.
//! Columns derived from a suppressed count in the same row (a rate on that count) are
//! suppressed with it.

use crate::table::{Column, Display, Table};
use std::borrow::Cow;

/// DfE's symbol for a suppressed (confidential) figure.
pub const SUPPRESSED: &str = "c";

/// The default threshold: headcounts below 5 are suppressed.
pub const DEFAULT_THRESHOLD: f64 = 5.0;

/// How small numbers are suppressed in tables meant for publication.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Suppression {
    /// Counts `0 < x < threshold` are suppressed (default 5).
    pub threshold: f64,
    /// Apply secondary suppression (default true).
    pub secondary: bool,
    /// Extra columns to treat as counts, beyond the headcount columns (those displayed as
    /// whole numbers).
    pub count_columns: Vec<String>,
    /// `(count column, dependent column)`: the dependent cell of a row is suppressed with the
    /// count (a rate whose numerator or denominator is the count).
    pub linked: Vec<(String, String)>,
}

impl Default for Suppression {
    fn default() -> Self {
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        Suppression {
            threshold: DEFAULT_THRESHOLD,
            secondary: true,
            count_columns: Vec::new(),
            linked: vec![
                pair("leavers_headcount", "turnover_rate_headcount"),
                pair("agency_headcount", "agency_rate_headcount"),
                pair("inpost_headcount", "turnover_rate_headcount"),
                pair("inpost_headcount", "agency_rate_headcount"),
                pair("agency_headcount", "agency_fte"),
                pair("agency_headcount", "agency_rate_fte"),
                pair("leavers_headcount", "leavers_fte"),
                pair("leavers_headcount", "turnover_rate_fte"),
                pair("starters_headcount", "starters_fte"),
                pair("inpost_headcount", "inpost_fte"),
                pair("workers", "caseload"),
                pair("workers", "mean"),
                pair("workers", "median"),
                pair("workers", "min"),
                pair("workers", "max"),
                pair("workers", "q1"),
                pair("workers", "q3"),
                pair("assignments", "fte"),
            ],
        }
    }
}

/// A table with some cells replaced by a symbol. `symbols[c][r]` is the symbol shown instead
/// of cell `(c, r)`; the table itself keeps its values for computing, and every writer shows
/// the symbol.
#[derive(Clone, Debug, PartialEq)]
pub struct Masked {
    /// The table.
    pub table: Table,
    /// Per column, per row: the symbol to show instead of the value.
    pub symbols: Vec<Vec<Option<&'static str>>>,
    /// Cells suppressed because they were small.
    pub primary: usize,
    /// Cells suppressed to protect another.
    pub secondary: usize,
}

impl Masked {
    /// A table with nothing suppressed.
    pub fn plain(table: Table) -> Self {
        let symbols = vec![vec![None; table.num_rows()]; table.num_columns()];
        Masked {
            table,
            symbols,
            primary: 0,
            secondary: 0,
        }
    }
    /// The symbol shown instead of cell `(c, r)`, if any.
    pub fn symbol(&self, c: usize, r: usize) -> Option<&'static str> {
        self.symbols
            .get(c)
            .and_then(|v| v.get(r))
            .copied()
            .flatten()
    }
    /// Cell `(c, r)` as CSV shows it: the symbol, or the unrounded value (text made safe).
    pub fn csv_at(&self, c: usize, r: usize) -> String {
        match self.symbol(c, r) {
            Some(s) => s.to_string(),
            None => match &self.table.columns()[c] {
                Column::Str(v) => spreadsheet_safe(v[r].as_deref().unwrap_or("")).into_owned(),
                col => col.text_at(r),
            },
        }
    }
    /// CSV with a header row; suppressed cells show their symbol.
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(
            self.table
                .names()
                .iter()
                .map(|n| spreadsheet_safe(n).into_owned()),
        )
        .expect("write to memory");
        for r in 0..self.table.num_rows() {
            w.write_record((0..self.table.num_columns()).map(|c| self.csv_at(c, r)))
                .expect("write to memory");
        }
        String::from_utf8(w.into_inner().expect("flush to memory")).expect("utf-8")
    }
}

/// Groups of rows that add up: `(total row, part rows)`.
pub type RowGroups = Vec<(usize, Vec<usize>)>;

impl Suppression {
    /// Is column `i` of `t` a count to check?
    fn is_count(&self, t: &Table, i: usize) -> bool {
        let name = &t.names()[i];
        let numeric = matches!(t.columns()[i], Column::Float(_) | Column::Int(_));
        numeric && (t.display(i) == Display::Whole || self.count_columns.contains(name))
    }

    /// Suppress small counts of `t`. `groups` lists the rows that add up to a total row (for a
    /// by-unit table, each parent and its children); secondary suppression works within them.
    pub fn apply(&self, t: &Table, groups: &RowGroups) -> Masked {
        let mut m = Masked::plain(t.clone());
        let (nc, nr) = (t.num_columns(), t.num_rows());
        let mut primary = 0;
        for c in 0..nc {
            if !self.is_count(t, c) {
                continue;
            }
            for r in 0..nr {
                if let Some(v) = t.columns()[c].f64_at(r) {
                    if v > 0.0 && v < self.threshold {
                        m.symbols[c][r] = Some(SUPPRESSED);
                        primary += 1;
                    }
                }
            }
        }
        let links: Vec<(usize, usize)> = self
            .linked
            .iter()
            .filter_map(|(count, dep)| {
                let ci = t.names().iter().position(|n| n == count)?;
                let di = t.names().iter().position(|n| n == dep)?;
                Some((ci, di))
            })
            .collect();
        let numeric: Vec<usize> = (0..nc)
            .filter(|&c| !matches!(t.columns()[c], Column::Str(_) | Column::Bool(_)))
            .collect();
        loop {
            let mut changed = false;
            // Columns derived from a suppressed count follow it.
            for &(ci, di) in &links {
                for r in 0..nr {
                    if m.symbols[ci][r].is_some() && m.symbols[di][r].is_none() {
                        m.symbols[di][r] = Some(SUPPRESSED);
                        changed = true;
                    }
                }
            }
            if self.secondary {
                for &c in &numeric {
                    for (total, parts) in groups {
                        let n_supp = std::iter::once(total)
                            .chain(parts)
                            .filter(|&&r| m.symbols[c][r].is_some())
                            .count();
                        if n_supp != 1 {
                            continue;
                        }
                        // The smallest other non-zero part (a zero protects nothing when
                        // zeros are shown), then a zero, then the total as a last resort.
                        let value = |r: usize| t.columns()[c].f64_at(r).unwrap_or(0.0);
                        let key = |r: usize| (value(r) == 0.0, value(r));
                        let pick = parts
                            .iter()
                            .copied()
                            .filter(|&r| m.symbols[c][r].is_none())
                            .min_by(|&a, &b| {
                                let (x, y) = (key(a), key(b));
                                x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)).then(a.cmp(&b))
                            })
                            .or_else(|| m.symbols[c][*total].is_none().then_some(*total));
                        if let Some(r) = pick {
                            m.symbols[c][r] = Some(SUPPRESSED);
                            changed = true;
                        }
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let all = m.symbols.iter().flatten().filter(|s| s.is_some()).count();
        let secondary = all - primary;
        m.primary = primary;
        m.secondary = secondary;
        m
    }
}

/// Text made safe for a spreadsheet cell: input starting with `=`, `+`, `-`, `@` (or a tab or
/// carriage return) is prefixed with `'`, so that no spreadsheet reads it as a formula.
pub fn spreadsheet_safe(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{s}")),
        _ => Cow::Borrowed(s),
    }
}

/// Text escaped for HTML content and attribute values.
pub fn html_escape(s: &str) -> Cow<'_, str> {
    if !s.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guards() {
        assert_eq!(spreadsheet_safe("=1+1"), "'=1+1");
        assert_eq!(spreadsheet_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(spreadsheet_safe("-2"), "'-2");
        assert_eq!(spreadsheet_safe("MASH"), "MASH");
        assert_eq!(html_escape("<b>&'\""), "&lt;b&gt;&amp;&#39;&quot;");
    }
}
