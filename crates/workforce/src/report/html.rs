//! The report as one self-contained HTML file: inline CSS, charts as inline SVG, no script and
//! no network access. All input text is escaped.

// SVG and HTML fragments end in a newline for readable output.
#![allow(clippy::write_with_newline, clippy::needless_range_loop)]

use super::safety::{html_escape as esc, Masked, SUPPRESSED};
use super::{column_label, Chart, Definition, Report, ReportTable, Section};
use crate::table::Column;
use std::fmt::Write as _;

const CSS: &str = r#"
*{box-sizing:border-box}
body{margin:0;font-family:"Segoe UI",Arial,Helvetica,sans-serif;color:#0b0c0c;background:#f3f2f1;line-height:1.45}
header{background:#0b3d60;color:#fff;padding:28px 0 24px}
.wrap{max-width:1080px;margin:0 auto;padding:0 28px}
header h1{margin:0 0 6px;font-size:30px;font-weight:700}
header p{margin:2px 0;color:#dfe9f2;font-size:15px}
.banner{color:#0b0c0c;background:#fff4e5;border-left:6px solid #f47738;padding:10px 16px;margin:18px 0 0;font-size:15px}
nav{background:#fff;border-bottom:1px solid #d0d4d7}
nav a{display:inline-block;padding:10px 12px 10px 0;margin-right:8px;color:#1d70b8;font-size:14px;text-decoration:none}
main{padding:8px 0 40px}
.cards{display:grid;grid-template-columns:repeat(5,1fr);gap:14px;margin:22px 0 8px}
.card{background:#fff;border-top:5px solid #1d70b8;padding:14px 16px 12px}
.card .label{font-size:14px;color:#505a5f}
.card .value{font-size:34px;font-weight:700;margin:4px 0 2px}
.card .cmp{font-size:14px}
.card.worse{border-top-color:#d4351c}.card.better{border-top-color:#00703c}
.worse .cmp b{color:#d4351c}.better .cmp b{color:#00703c}
section{background:#fff;margin:22px 0;padding:22px 26px 16px}
section h2{margin:0 0 8px;font-size:23px}
section h3{font-size:17px;margin:20px 0 6px}
p.summary{font-size:17px;margin:0 0 12px;max-width:820px}
.note{background:#f3f2f1;border-left:5px solid #b1b4b6;padding:8px 12px;font-size:14px;margin:8px 0}
figure{margin:12px 0 6px}
figcaption{font-weight:600;font-size:15px;margin-bottom:4px}
svg{display:block;max-width:100%;height:auto}
svg text{font-family:inherit;font-size:12px;fill:#0b0c0c}
table{border-collapse:collapse;font-size:14px;margin:4px 0 10px;min-width:50%}
th,td{padding:5px 10px;white-space:nowrap;border-bottom:1px solid #e1e3e5;text-align:left;vertical-align:top}
th{background:#f3f2f1;font-weight:600;border-bottom:2px solid #b1b4b6;white-space:normal;max-width:130px;vertical-align:bottom}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tr.total td{font-weight:700;background:#f8f8f8}
td.supp{color:#6f777b;font-style:italic}
.scroll{overflow-x:auto}
details{margin:10px 0 4px;font-size:14px}
details.table>summary{font-size:16px;margin:16px 0 6px}
summary{cursor:pointer;color:#1d70b8;font-weight:600}
dl{margin:8px 0}
dt{font-weight:700;margin-top:8px}
dd{margin:2px 0 0 16px}
pre{white-space:pre-wrap;background:#f3f2f1;padding:10px;font-size:12px}
footer{color:#505a5f;font-size:13px;padding:0 0 40px}
@media print{body{background:#fff}section{page-break-inside:avoid;margin:8px 0;padding:8px 0}nav{display:none}}
"#;

const BLUE: &str = "#1d70b8";
const GREY: &str = "#505a5f";
const PALETTE: [&str; 4] = ["#1d70b8", "#f47738", "#00703c", "#912b88"];

/// Render the report.
pub fn render(report: &Report) -> String {
    let mut h = String::with_capacity(256 * 1024);
    let year = report.year_end.format("%-d %B %Y").to_string();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} — children's social work workforce, year ending {}</title>\n<style>{CSS}</style>\n\
         </head>\n<body>\n<header><div class=\"wrap\">\n<h1>{} — children's social work workforce</h1>\n\
         <p>Year {} to {} · data as of {} · DfE CSWW definitions{}</p>\n",
        esc(&report.council),
        year,
        esc(&report.council),
        report.period_start.format("%-d %B %Y"),
        year,
        report.as_of.format("%-d %B %Y"),
        if report.publication.is_some() {
            " · small numbers suppressed for publication"
        } else {
            ""
        }
    );
    if let Some(n) = &report.la_note {
        let _ = write!(h, "<div class=\"banner\">{}</div>\n", esc(n));
    }
    h.push_str("</div></header>\n<nav><div class=\"wrap\">");
    for s in &report.sections {
        let _ = write!(h, "<a href=\"#{}\">{}</a>", esc(&s.id), esc(&s.title));
    }
    h.push_str("</div></nav>\n<main><div class=\"wrap\">\n<div class=\"cards\">\n");
    for c in &report.headlines {
        let v = c.value.map(|x| format!("{x:.1}{}", c.unit));
        let class = match (c.value, c.england) {
            (Some(a), Some(b)) if (a > b) == c.higher_is_worse && (a - b).abs() >= 0.05 => " worse",
            (Some(a), Some(b)) if (a - b).abs() >= 0.05 => " better",
            _ => "",
        };
        let cmp = match c.england {
            Some(e) => format!("England <b>{e:.1}{}</b>", c.unit),
            None => "England not published".into(),
        };
        let _ = write!(
            h,
            "<div class=\"card{class}\"><div class=\"label\">{}</div><div class=\"value\">{}</div>\
             <div class=\"cmp\">{cmp}</div></div>\n",
            esc(&c.label),
            v.unwrap_or_else(|| "–".into())
        );
    }
    h.push_str("</div>\n");
    for s in &report.sections {
        section(&mut h, report, s);
    }
    h.push_str("</div></main>\n<footer><div class=\"wrap\">\n");
    let _ = write!(
        h,
        "<p>Made by workforce {} from the council's records. Sources: {}.</p>\n\
         <p>{} input row(s) were rejected when the data was loaded. Figures are rounded for \
         reading (half away from zero); the workbook holds them unrounded.{}</p>\n",
        esc(&report.version),
        report
            .sources
            .iter()
            .map(|s| esc(s).into_owned())
            .collect::<Vec<_>>()
            .join("; "),
        report.rejected_rows,
        match &report.publication {
            Some(p) => format!(
                " Numbers from 1 to {} are shown as <i>{SUPPRESSED}</i>, with other cells \
                 suppressed where they would reveal them.",
                p.threshold - 1.0
            ),
            None => String::new(),
        }
    );
    h.push_str("</div></footer>\n</body>\n</html>\n");
    h
}

fn section(h: &mut String, report: &Report, s: &Section) {
    let _ = write!(
        h,
        "<section id=\"{}\">\n<h2>{}</h2>\n<p class=\"summary\">{}</p>\n",
        esc(&s.id),
        esc(&s.title),
        esc(&s.summary)
    );
    if let Some(n) = &s.note {
        let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(n));
    }
    for c in &s.charts {
        let _ = write!(
            h,
            "<figure><figcaption>{}</figcaption>\n{}</figure>\n",
            esc(c.title()),
            svg(c)
        );
    }
    for t in &s.tables {
        table(h, t);
    }
    h.push_str("<details><summary>How these figures are calculated</summary>\n<dl>\n");
    for d in &s.definitions {
        definition(h, d);
    }
    let _ = write!(
        h,
        "<dt>Data</dt><dd>Records as of {}; year {} to {}; {} input row(s) rejected when \
         loading.</dd>\n",
        report.as_of, report.period_start, report.year_end, report.rejected_rows
    );
    let opts = s
        .tables
        .iter()
        .map(|t| t.data.table.options_json.as_str())
        .find(|o| !o.is_empty())
        .unwrap_or(&report.options_json);
    let pretty = serde_json::from_str::<serde_json::Value>(opts)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| opts.to_string());
    let _ = write!(
        h,
        "<dt>Options used</dt><dd><pre>{}</pre></dd>\n</dl></details>\n</section>\n",
        esc(&pretty)
    );
}

fn definition(h: &mut String, d: &Definition) {
    let _ = write!(
        h,
        "<dt>{}</dt><dd>{}<br>Numerator: {}",
        esc(&d.figure),
        esc(&d.definition),
        esc(&d.numerator)
    );
    if !d.denominator.is_empty() {
        let _ = write!(h, "<br>Denominator: {}", esc(&d.denominator));
    }
    h.push_str("</dd>\n");
}

fn table(h: &mut String, t: &ReportTable) {
    let m: &Masked = &t.data;
    let tb = &m.table;
    if t.collapsed {
        let _ = write!(
            h,
            "<details class=\"table\"><summary>{} ({} rows)</summary>\n",
            esc(&t.title),
            t.data.table.num_rows()
        );
    } else {
        let _ = writeln!(h, "<h3>{}</h3>", esc(&t.title));
    }
    h.push_str("<div class=\"scroll\"><table>\n<thead><tr>");
    let numeric: Vec<bool> = tb
        .columns()
        .iter()
        .map(|c| matches!(c, Column::Float(_) | Column::Int(_)))
        .collect();
    for (i, n) in tb.names().iter().enumerate() {
        let _ = write!(
            h,
            "<th{} title=\"{}\">{}</th>",
            if numeric[i] { " class=\"n\"" } else { "" },
            esc(n),
            esc(&column_label(n))
        );
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    if tb.num_rows() == 0 {
        let _ = writeln!(
            h,
            "<tr><td colspan=\"{}\">None.</td></tr>",
            tb.num_columns().max(1)
        );
    }
    let rounding = crate::options::Rounding::HalfAwayFromZero;
    for r in 0..tb.num_rows() {
        let first = tb
            .columns()
            .first()
            .map(|c| c.text_at(r))
            .unwrap_or_default();
        let total = first.ends_with("(all)") || first == "total" || first == "all";
        h.push_str(if total {
            "<tr class=\"total\">"
        } else {
            "<tr>"
        });
        for c in 0..tb.num_columns() {
            if let Some(sym) = m.symbol(c, r) {
                let _ = write!(h, "<td class=\"n supp\" title=\"suppressed\">{sym}</td>");
                continue;
            }
            let text = match &tb.columns()[c] {
                Column::Bool(v) => match v[r] {
                    Some(true) => "yes".into(),
                    Some(false) => "no".into(),
                    None => "–".into(),
                },
                Column::Str(v) if tb.names()[c] == "case_type" => {
                    v[r].clone().unwrap_or_default().replace('_', " ")
                }
                Column::Date(v) => v[r]
                    .map(|d| d.format("%-d %b %Y").to_string())
                    .unwrap_or_else(|| "–".into()),
                _ => tb.display_at(c, r, rounding),
            };
            let _ = write!(
                h,
                "<td{}>{}</td>",
                if numeric[c] { " class=\"n\"" } else { "" },
                esc(&text)
            );
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table></div>\n");
    if t.collapsed {
        h.push_str("</details>\n");
    }
}

/// A "nice" axis maximum and step for values up to `max`.
fn nice_axis(max: f64) -> (f64, f64) {
    let max = if max.is_finite() && max > 0.0 {
        max
    } else {
        1.0
    };
    let raw = max / 5.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|k| k * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    ((max / step).ceil() * step, step)
}

/// A unit suffix for a value: `%` sticks to the number; other units are left to the axis.
fn suffix(unit: &str) -> &str {
    if unit == "%" {
        "%"
    } else {
        ""
    }
}

fn num(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// The chart as an inline SVG element.
pub fn svg(c: &Chart) -> String {
    match c {
        Chart::Line {
            title,
            unit,
            x,
            series,
        } => line_chart(title, unit, x, series),
        Chart::Bars {
            title,
            unit,
            items,
            references,
        } => bars(title, unit, items, references),
        Chart::Columns {
            title,
            unit,
            categories,
            series,
        } => columns(title, unit, categories, series),
        Chart::Boxes { title, unit, items } => boxes(title, unit, items),
    }
}

fn open_svg(w: f64, h: f64, title: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" \
         height=\"{h}\" role=\"img\" aria-label=\"{t}\"><title>{t}</title>\n",
        t = esc(title)
    )
}

/// Horizontal grid lines from `left` to `right` with their labels (value and `unit`), every
/// `step` from 0 up to `ymax`; `py` maps a value to its y.
fn y_grid(
    s: &mut String,
    (ymax, step): (f64, f64),
    (left, right): (f64, f64),
    py: impl Fn(f64) -> f64,
    unit: &str,
) {
    let mut v = 0.0;
    while v <= ymax + 1e-9 {
        let _ = write!(
            s,
            "<line x1=\"{left}\" x2=\"{right}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#e1e3e5\"/>\
             <text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}{}</text>\n",
            left - 6.0,
            py(v) + 4.0,
            num(v),
            esc(unit),
            y = py(v)
        );
        v += step;
    }
}

fn line_chart(title: &str, unit: &str, x: &[crate::Date], series: &[super::Series]) -> String {
    let (w, hgt) = (940.0, 300.0);
    let (l, r, t, b) = (52.0, 110.0, 16.0, 40.0);
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().flatten())
        .fold(0.0f64, |a, &v| a.max(v));
    let (ymax, step) = nice_axis(max * 1.08);
    let n = x.len().max(2);
    let px = |i: usize| l + (w - l - r) * i as f64 / (n - 1) as f64;
    let py = |v: f64| t + (hgt - t - b) * (1.0 - v / ymax);
    let mut s = open_svg(w, hgt, title);
    y_grid(&mut s, (ymax, step), (l, w - r), py, unit);
    let every = (x.len() / 8).max(1);
    for (i, d) in x.iter().enumerate() {
        if i % every == 0 || i + 1 == x.len() {
            let _ = write!(
                s,
                "<text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                px(i),
                hgt - b + 18.0,
                d.format("%b %y")
            );
        }
    }
    s.push('\n');
    for (k, se) in series.iter().enumerate() {
        let colour = if se.dashed {
            GREY
        } else {
            PALETTE[k % PALETTE.len()]
        };
        let mut d = String::new();
        let mut pen = false;
        for (i, v) in se.values.iter().enumerate() {
            match v {
                Some(v) => {
                    let _ = write!(
                        d,
                        "{}{:.1},{:.1} ",
                        if pen { "L" } else { "M" },
                        px(i),
                        py(*v)
                    );
                    pen = true;
                }
                None => pen = false,
            }
        }
        let _ = write!(
            s,
            "<path d=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{}\"{}/>\n",
            d.trim_end(),
            if se.dashed { 2 } else { 3 },
            if se.dashed {
                " stroke-dasharray=\"6 4\""
            } else {
                ""
            }
        );
        if let Some((i, v)) = se
            .values
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, v)| v.map(|v| (i, v)))
        {
            let _ = write!(
                s,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{colour}\"/>\
                 <text x=\"{:.1}\" y=\"{:.1}\" fill=\"{colour}\" style=\"fill:{colour};font-weight:600\">{} {}{}</text>\n",
                px(i),
                py(v),
                px(i) + 8.0,
                py(v) + 4.0 + if se.dashed { 12.0 } else { -4.0 },
                esc(&se.name),
                num((v * 10.0).round() / 10.0),
                esc(unit)
            );
        }
    }
    s.push_str("</svg>\n");
    s
}

fn bars(
    title: &str,
    unit: &str,
    items: &[(String, Option<f64>)],
    refs: &[(String, f64)],
) -> String {
    let row = 28.0;
    let (l, r, t, b) = (230.0, 80.0, if refs.is_empty() { 10.0 } else { 36.0 }, 34.0);
    let w = 940.0;
    let hgt = t + b + row * items.len().max(1) as f64;
    let max = items
        .iter()
        .filter_map(|i| i.1)
        .chain(refs.iter().map(|r| r.1))
        .fold(0.0f64, f64::max);
    let (xmax, step) = nice_axis(max * 1.05);
    let px = |v: f64| l + (w - l - r) * v / xmax;
    let mut s = open_svg(w, hgt, title);
    let mut v = 0.0;
    while v <= xmax + 1e-9 {
        let _ = write!(
            s,
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{t}\" y2=\"{}\" stroke=\"#e1e3e5\"/>\
             <text x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\">{}{}</text>\n",
            hgt - b,
            hgt - b + 16.0,
            num(v),
            suffix(unit),
            x = px(v)
        );
        v += step;
    }
    if suffix(unit).is_empty() {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" style=\"fill:#505a5f\">{}</text>\n",
            w - r,
            hgt - 2.0,
            esc(unit)
        );
    }
    for (k, (label, val)) in items.iter().enumerate() {
        let y = t + row * k as f64;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            l - 8.0,
            y + row / 2.0 + 4.0,
            esc(label)
        );
        match val {
            Some(v) => {
                let _ = write!(
                    s,
                    "<rect x=\"{l}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{BLUE}\"/>\
                     <text x=\"{:.1}\" y=\"{:.1}\">{}{}</text>\n",
                    y + 4.0,
                    (px(*v) - l).max(0.0),
                    row - 8.0,
                    px(*v) + 5.0,
                    y + row / 2.0 + 4.0,
                    num((v * 10.0).round() / 10.0),
                    suffix(unit)
                );
            }
            None => {
                let _ = write!(
                    s,
                    "<text x=\"{}\" y=\"{:.1}\" style=\"fill:#6f777b;font-style:italic\">not shown</text>\n",
                    l + 4.0,
                    y + row / 2.0 + 4.0
                );
            }
        }
    }
    let top = refs.iter().map(|r| r.1).fold(f64::MIN, f64::max);
    for (k, (label, v)) in refs.iter().enumerate() {
        let colour = if k == 0 { "#d4351c" } else { GREY };
        // The larger reference is labelled to the right of its line, the others to the left.
        let (dx, anchor) = if *v >= top {
            (4.0, "start")
        } else {
            (-4.0, "end")
        };
        let _ = write!(
            s,
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{}\" y2=\"{}\" stroke=\"{colour}\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>\
             <text x=\"{:.1}\" y=\"{}\" text-anchor=\"{anchor}\" style=\"fill:{colour};font-weight:600\">{} {}{}</text>\n",
            t - 14.0,
            hgt - b,
            px(*v) + dx,
            t - 16.0,
            esc(label),
            num((v * 10.0).round() / 10.0),
            suffix(unit),
            x = px(*v)
        );
    }
    s.push_str("</svg>\n");
    s
}

fn columns(
    title: &str,
    unit: &str,
    cats: &[String],
    series: &[(String, Vec<Option<f64>>)],
) -> String {
    let (w, hgt) = (940.0, 300.0);
    let (l, r, t, b) = (52.0, 20.0, 34.0, 40.0);
    let n = cats.len().max(1);
    let totals: Vec<f64> = (0..cats.len())
        .map(|i| {
            series
                .iter()
                .filter_map(|s| s.1.get(i).copied().flatten())
                .sum()
        })
        .collect();
    let (ymax, step) = nice_axis(totals.iter().copied().fold(0.0, f64::max) * 1.08);
    let band = (w - l - r) / n as f64;
    let bw = band * 0.62;
    let py = |v: f64| t + (hgt - t - b) * (1.0 - v / ymax);
    let mut s = open_svg(w, hgt, title);
    y_grid(&mut s, (ymax, step), (l, w - r), py, "");
    for (i, c) in cats.iter().enumerate() {
        let x = l + band * i as f64 + (band - bw) / 2.0;
        let mut base = 0.0;
        for (k, (_, vals)) in series.iter().enumerate() {
            if let Some(v) = vals.get(i).copied().flatten() {
                let _ = write!(
                    s,
                    "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"{bw:.1}\" height=\"{:.1}\" fill=\"{}\"/>",
                    py(base + v),
                    (py(base) - py(base + v)).max(0.0),
                    PALETTE[k % PALETTE.len()]
                );
                base += v;
            }
        }
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\
             <text x=\"{:.1}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
            x + bw / 2.0,
            py(base) - 5.0,
            if n <= 16 {
                num((base * 10.0).round() / 10.0)
            } else {
                String::new()
            },
            x + bw / 2.0,
            hgt - b + 18.0,
            esc(c)
        );
    }
    if series.len() > 1 {
        let mut x = l;
        for (k, (name, _)) in series.iter().enumerate() {
            let _ = write!(
                s,
                "<rect x=\"{x:.1}\" y=\"6\" width=\"14\" height=\"14\" fill=\"{}\"/>\
                 <text x=\"{:.1}\" y=\"18\">{}</text>",
                PALETTE[k % PALETTE.len()],
                x + 20.0,
                esc(name)
            );
            x += 30.0 + 8.0 * name.chars().count() as f64;
        }
    }
    let _ = write!(
        s,
        "<text x=\"{}\" y=\"18\" text-anchor=\"end\" style=\"fill:#505a5f\">{}</text>",
        w - r,
        esc(unit)
    );
    s.push_str("</svg>\n");
    s
}

fn boxes(title: &str, unit: &str, items: &[(String, [f64; 5])]) -> String {
    let row = 30.0;
    let (l, r, t, b) = (230.0, 30.0, 12.0, 30.0);
    let w = 940.0;
    let hgt = t + b + row * items.len().max(1) as f64;
    let max = items.iter().map(|i| i.1[4]).fold(0.0f64, f64::max);
    let (xmax, step) = nice_axis(max * 1.05);
    let px = |v: f64| l + (w - l - r) * v / xmax;
    let mut s = open_svg(w, hgt, title);
    let mut v = 0.0;
    while v <= xmax + 1e-9 {
        let _ = write!(
            s,
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{t}\" y2=\"{}\" stroke=\"#e1e3e5\"/>\
             <text x=\"{x:.1}\" y=\"{}\" text-anchor=\"middle\">{} {}</text>\n",
            hgt - b,
            hgt - b + 16.0,
            num(v),
            if v == 0.0 {
                esc(unit).into_owned()
            } else {
                String::new()
            },
            x = px(v)
        );
        v += step;
    }
    for (k, (label, q)) in items.iter().enumerate() {
        let y = t + row * k as f64;
        let mid = y + row / 2.0;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>\
             <line x1=\"{:.1}\" x2=\"{:.1}\" y1=\"{mid:.1}\" y2=\"{mid:.1}\" stroke=\"{GREY}\"/>\
             <rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#cfe0f1\" stroke=\"{BLUE}\"/>\
             <line x1=\"{m:.1}\" x2=\"{m:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#0b0c0c\" stroke-width=\"2.5\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\">{}</text>\n",
            l - 8.0,
            mid + 4.0,
            esc(label),
            px(q[0]),
            px(q[4]),
            px(q[1]),
            y + 6.0,
            (px(q[3]) - px(q[1])).max(1.0),
            row - 12.0,
            y + 4.0,
            y + row - 4.0,
            px(q[4]) + 6.0,
            mid + 4.0,
            num((q[2] * 10.0).round() / 10.0),
            m = px(q[2])
        );
    }
    s.push_str("</svg>\n");
    s
}
