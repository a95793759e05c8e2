//! The import's data-quality report: per-file counts, rejections, warnings, identity matches,
//! resolved duplicates, totals and continuity checks. Written as CSV files and a Markdown page.

use crate::model::{Date, EcoString, Id};
use crate::table::{format_float, Column, Display, Table};
use std::fmt::Write as _;

/// Rows read, accepted and rejected for one file (`rows_read = accepted + rejected`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FileStats {
    /// File name relative to the mapping file.
    pub file: String,
    /// Source name.
    pub source: String,
    /// Data rows read (blank lines are not rows).
    pub rows_read: u64,
    /// Rows used (including rows kept once as a duplicate of another system's row).
    pub accepted: u64,
    /// Rows rejected; each has an [`Issue`] in [`Report::rejections`].
    pub rejected: u64,
    /// Warnings raised on the file's rows.
    pub warnings: u64,
}

/// A rejection or a warning: where, what and why.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Issue {
    /// File name.
    pub file: String,
    /// 1-based line (CSV) or sheet row (XLSX); 0 when the issue concerns no one row.
    pub row: u64,
    /// Source column (or canonical column when no source column applies).
    pub column: String,
    /// The value as read.
    pub value: String,
    /// A stable kind, e.g. `bad_date`, `status_date_conflict`, `fte_above_1`.
    pub kind: String,
    /// A readable explanation.
    pub message: String,
}

/// One source record's identity outcome.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MatchRow {
    /// Canonical person id given.
    pub person_id: Id,
    /// Source name.
    pub source: Id,
    /// The source's own id.
    pub local_id: EcoString,
    /// `matched`, `ambiguous` or `unmatched`.
    pub status: &'static str,
    /// The rule that linked it (`swe_number`, `crosswalk`, `dob_name_gender`, `override`), or
    /// empty.
    pub rule: &'static str,
    /// Confidence of that rule, 0–1.
    pub confidence: Option<f64>,
    /// For ambiguous records: the candidates (`source:id`), `;`-separated.
    pub candidates: String,
}

/// Two records of one contract (or overlapping records) in two systems and how it was settled.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Resolution {
    /// Person concerned.
    pub person_id: String,
    /// The record kept: `file:row`.
    pub kept: String,
    /// The other record: `file:row`.
    pub other: String,
    /// `duplicate` (kept once) or `overlap` (the earlier record trimmed).
    pub action: String,
    /// The rule applied, in words.
    pub rule: String,
}

/// One total of the imported data, kept for the next run's continuity checks.
#[derive(Clone, Debug, PartialEq)]
pub struct Total {
    /// `all` or `csww`.
    pub scope: String,
    /// `inpost_headcount`, `starters_headcount` or `leavers_headcount`.
    pub measure: String,
    /// The stock date or the year end.
    pub period_end: Date,
    /// The figure.
    pub value: f64,
}

/// A total compared with the previous run's.
#[derive(Clone, Debug, PartialEq)]
pub struct Continuity {
    /// Scope.
    pub scope: String,
    /// Measure.
    pub measure: String,
    /// Period end.
    pub period_end: Date,
    /// Previous run's figure.
    pub previous: f64,
    /// This run's figure (0 when absent).
    pub current: f64,
    /// `(current − previous) ÷ previous`, missing when previous is 0.
    pub change: Option<f64>,
    /// True when the change exceeds the threshold.
    pub flagged: bool,
}

/// Everything the import did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Reference date of the extract.
    pub as_of: Option<Date>,
    /// Per file counts.
    pub files: Vec<FileStats>,
    /// Rejected rows.
    pub rejections: Vec<Issue>,
    /// Warnings.
    pub warnings: Vec<Issue>,
    /// Identity outcomes.
    pub matches: Vec<MatchRow>,
    /// Records found in two systems and how they were settled.
    pub resolutions: Vec<Resolution>,
    /// Totals of the result.
    pub totals: Vec<Total>,
    /// Comparison with the previous run (empty without one).
    pub continuity: Vec<Continuity>,
    /// The continuity threshold used.
    pub continuity_threshold: f64,
}

fn csv_of(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header).expect("write to memory");
    for r in rows {
        w.write_record(&r).expect("write to memory");
    }
    String::from_utf8(w.into_inner().expect("flush")).expect("utf-8")
}

fn opt_f(x: Option<f64>) -> String {
    x.map(format_float).unwrap_or_default()
}

impl Report {
    /// One row per source file, as `files.csv`: `file, source, rows_read, accepted, rejected,
    /// warnings`.
    pub fn files_table(&self) -> Table {
        let s = |f: &dyn Fn(&FileStats) -> &str| {
            Column::Str(self.files.iter().map(|r| Some(f(r).to_string())).collect())
        };
        let n = |f: &dyn Fn(&FileStats) -> u64| {
            Column::Int(self.files.iter().map(|r| Some(f(r) as i64)).collect())
        };
        Table::new()
            .with("file", s(&|r| &r.file), Display::Plain)
            .with("source", s(&|r| &r.source), Display::Plain)
            .with("rows_read", n(&|r| r.rows_read), Display::Plain)
            .with("accepted", n(&|r| r.accepted), Display::Plain)
            .with("rejected", n(&|r| r.rejected), Display::Plain)
            .with("warnings", n(&|r| r.warnings), Display::Plain)
    }

    fn issues_table(list: &[Issue]) -> Table {
        let s = |f: &dyn Fn(&Issue) -> &str| {
            Column::Str(list.iter().map(|i| Some(f(i).to_string())).collect())
        };
        Table::new()
            .with("file", s(&|i| &i.file), Display::Plain)
            .with(
                "row",
                Column::Int(list.iter().map(|i| Some(i.row as i64)).collect()),
                Display::Plain,
            )
            .with("column", s(&|i| &i.column), Display::Plain)
            .with("value", s(&|i| &i.value), Display::Plain)
            .with("kind", s(&|i| &i.kind), Display::Plain)
            .with("message", s(&|i| &i.message), Display::Plain)
    }

    /// Rejected rows, as `rejections.csv`: `file, row, column, value, kind, message`.
    pub fn rejections_table(&self) -> Table {
        Self::issues_table(&self.rejections)
    }

    /// Rows kept with a doubtful value, as `warnings.csv`.
    pub fn warnings_table(&self) -> Table {
        Self::issues_table(&self.warnings)
    }

    /// Identity matching, as `matches.csv`: `person_id, source, local_id, status, rule,
    /// confidence, candidates`.
    pub fn matches_table(&self) -> Table {
        let s = |f: &dyn Fn(&MatchRow) -> &str| {
            Column::Str(
                self.matches
                    .iter()
                    .map(|m| Some(f(m).to_string()))
                    .collect(),
            )
        };
        Table::new()
            .with("person_id", s(&|m| &m.person_id), Display::Plain)
            .with("source", s(&|m| &m.source), Display::Plain)
            .with("local_id", s(&|m| &m.local_id), Display::Plain)
            .with("status", s(&|m| m.status), Display::Plain)
            .with("rule", s(&|m| m.rule), Display::Plain)
            .with(
                "confidence",
                Column::Float(self.matches.iter().map(|m| m.confidence).collect()),
                Display::Plain,
            )
            .with("candidates", s(&|m| &m.candidates), Display::Plain)
    }

    /// Number of warnings of a kind.
    pub fn count_warnings(&self, kind: &str) -> usize {
        self.warnings.iter().filter(|w| w.kind == kind).count()
    }
    /// Number of rejections of a kind.
    pub fn count_rejections(&self, kind: &str) -> usize {
        self.rejections.iter().filter(|w| w.kind == kind).count()
    }
    /// Stats of a file.
    pub fn file(&self, name: &str) -> Option<&FileStats> {
        self.files.iter().find(|f| f.file == name)
    }

    /// `files.csv`.
    pub fn files_csv(&self) -> String {
        csv_of(
            &[
                "file",
                "source",
                "rows_read",
                "accepted",
                "rejected",
                "warnings",
            ],
            self.files.iter().map(|f| {
                vec![
                    f.file.clone(),
                    f.source.clone(),
                    f.rows_read.to_string(),
                    f.accepted.to_string(),
                    f.rejected.to_string(),
                    f.warnings.to_string(),
                ]
            }),
        )
    }

    fn issues_csv(list: &[Issue]) -> String {
        csv_of(
            &["file", "row", "column", "value", "kind", "message"],
            list.iter().map(|i| {
                vec![
                    i.file.clone(),
                    i.row.to_string(),
                    i.column.clone(),
                    i.value.clone(),
                    i.kind.clone(),
                    i.message.clone(),
                ]
            }),
        )
    }

    /// `rejections.csv`.
    pub fn rejections_csv(&self) -> String {
        Self::issues_csv(&self.rejections)
    }
    /// `warnings.csv`.
    pub fn warnings_csv(&self) -> String {
        Self::issues_csv(&self.warnings)
    }
    /// `matches.csv`.
    pub fn matches_csv(&self) -> String {
        csv_of(
            &[
                "person_id",
                "source",
                "local_id",
                "status",
                "rule",
                "confidence",
                "candidates",
            ],
            self.matches.iter().map(|m| {
                vec![
                    m.person_id.to_string(),
                    m.source.to_string(),
                    m.local_id.to_string(),
                    m.status.to_string(),
                    m.rule.to_string(),
                    opt_f(m.confidence),
                    m.candidates.clone(),
                ]
            }),
        )
    }
    /// `resolutions.csv`.
    pub fn resolutions_csv(&self) -> String {
        csv_of(
            &["person_id", "kept", "other", "action", "rule"],
            self.resolutions.iter().map(|r| {
                vec![
                    r.person_id.clone(),
                    r.kept.clone(),
                    r.other.clone(),
                    r.action.clone(),
                    r.rule.clone(),
                ]
            }),
        )
    }
    /// `totals.csv`.
    pub fn totals_csv(&self) -> String {
        csv_of(
            &["scope", "measure", "period_end", "value"],
            self.totals.iter().map(|t| {
                vec![
                    t.scope.clone(),
                    t.measure.clone(),
                    t.period_end.to_string(),
                    format_float(t.value),
                ]
            }),
        )
    }
    /// `continuity.csv`.
    pub fn continuity_csv(&self) -> String {
        csv_of(
            &[
                "scope",
                "measure",
                "period_end",
                "previous",
                "current",
                "change",
                "flagged",
            ],
            self.continuity.iter().map(|c| {
                vec![
                    c.scope.clone(),
                    c.measure.clone(),
                    c.period_end.to_string(),
                    format_float(c.previous),
                    format_float(c.current),
                    opt_f(c.change),
                    c.flagged.to_string(),
                ]
            }),
        )
    }

    /// A readable Markdown page.
    pub fn to_markdown(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "# Import report\n");
        if let Some(d) = self.as_of {
            let _ = writeln!(s, "Extract date (as of): {d}\n");
        }
        let _ = writeln!(s, "## Files\n");
        let _ = writeln!(
            s,
            "| file | source | rows read | accepted | rejected | warnings |\n|---|---|---:|---:|---:|---:|"
        );
        for f in &self.files {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} |",
                md(&f.file),
                md(&f.source),
                f.rows_read,
                f.accepted,
                f.rejected,
                f.warnings
            );
        }
        let mut kinds: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
        for w in &self.rejections {
            *kinds.entry(("rejection", &w.kind)).or_default() += 1;
        }
        for w in &self.warnings {
            *kinds.entry(("warning", &w.kind)).or_default() += 1;
        }
        let _ = writeln!(s, "\n## Issues by kind\n");
        if kinds.is_empty() {
            let _ = writeln!(s, "None.");
        } else {
            let _ = writeln!(s, "| type | kind | count |\n|---|---|---:|");
            for ((t, k), n) in &kinds {
                let _ = writeln!(s, "| {t} | {} | {n} |", md(k));
            }
        }
        for (title, list) in [
            ("Rejected rows", &self.rejections),
            ("Warnings", &self.warnings),
        ] {
            let _ = writeln!(s, "\n## {title} ({})\n", list.len());
            if list.is_empty() {
                let _ = writeln!(s, "None.");
                continue;
            }
            let _ = writeln!(
                s,
                "| file | row | column | value | kind | message |\n|---|---:|---|---|---|---|"
            );
            const MAX: usize = 500;
            for i in list.iter().take(MAX) {
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} | {} | {} |",
                    md(&i.file),
                    i.row,
                    md(&i.column),
                    md(&i.value),
                    md(&i.kind),
                    md(&i.message)
                );
            }
            if list.len() > MAX {
                let _ = writeln!(
                    s,
                    "\n… {} more: see the CSV file for the full list.",
                    list.len() - MAX
                );
            }
        }
        let count = |st: &str| self.matches.iter().filter(|m| m.status == st).count();
        let _ = writeln!(
            s,
            "\n## Identity\n\n{} source records: {} matched, {} ambiguous, {} unmatched (see `matches.csv`).",
            self.matches.len(),
            count("matched"),
            count("ambiguous"),
            count("unmatched")
        );
        let mut rules: std::collections::BTreeMap<&str, usize> = Default::default();
        for m in self.matches.iter().filter(|m| m.status == "matched") {
            *rules.entry(m.rule).or_default() += 1;
        }
        for (r, n) in rules {
            let _ = writeln!(s, "- {n} linked by `{r}`");
        }
        let _ = writeln!(
            s,
            "\n## Records in two systems ({})\n",
            self.resolutions.len()
        );
        if self.resolutions.is_empty() {
            let _ = writeln!(s, "None.");
        } else {
            let _ = writeln!(
                s,
                "| person | kept | other | action | rule |\n|---|---|---|---|---|"
            );
            for r in &self.resolutions {
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} | {} |",
                    md(&r.person_id),
                    md(&r.kept),
                    md(&r.other),
                    r.action,
                    md(&r.rule)
                );
            }
        }
        let _ = writeln!(s, "\n## Totals\n");
        let _ = writeln!(
            s,
            "| scope | measure | period end | value |\n|---|---|---|---:|"
        );
        for t in &self.totals {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                t.scope,
                t.measure,
                t.period_end,
                format_float(t.value)
            );
        }
        if !self.continuity.is_empty() {
            let flagged = self.continuity.iter().filter(|c| c.flagged).count();
            let _ = writeln!(
                s,
                "\n## Continuity with the previous run\n\n{flagged} of {} figures changed by more than {}%.\n",
                self.continuity.len(),
                format_float(self.continuity_threshold * 100.0)
            );
            let _ = writeln!(
                s,
                "| scope | measure | period end | previous | current | change | flag |\n|---|---|---|---:|---:|---:|---|"
            );
            for c in &self.continuity {
                let _ = writeln!(
                    s,
                    "| {} | {} | {} | {} | {} | {} | {} |",
                    c.scope,
                    c.measure,
                    c.period_end,
                    format_float(c.previous),
                    format_float(c.current),
                    c.change
                        .map(|x| format!("{:+.1}%", x * 100.0))
                        .unwrap_or_else(|| "–".into()),
                    if c.flagged { "**check**" } else { "" }
                );
            }
        }
        s
    }
}

fn md(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}
