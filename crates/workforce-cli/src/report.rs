//! `workforce report`, `workforce agency-return` and `workforce cool-off`.
//!
//! ```text
//! workforce report DIR --year-end 2021-09-30 [--la 839] [--with Dorset ...] [--dfe FILE]
//!     [--neighbours FILE] [--unit ID] [--publication [--threshold 5]] [--xlsx FILE]
//!     --out report.html
//! workforce agency-return DIR --date 2021-09-30 [--unit ID] [--format table|csv|json]
//! workforce cool-off DIR --from 2020-10-01 --to 2021-09-30 [--months 3] [--format ...]
//! ```

use crate::options::OptionArgs;
use crate::{print, Format};
use std::path::{Path, PathBuf};
use workforce::published::{Indicators, Neighbours};
use workforce::report::{self, agency, html, safety::Suppression, xlsx, ReportRequest};
use workforce::{Date, Error, Workforce};

/// Arguments of `workforce report`.
#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// The canonical data folder.
    pub dir: PathBuf,
    /// The CSWW year end the report covers (30 September).
    #[arg(long = "year-end", value_parser = crate::date_arg, value_name = "DATE")]
    pub year_end: Date,
    /// The council's DfE code (e.g. 839) or name, for region and statistical neighbours.
    #[arg(long, value_name = "CODE")]
    pub la: Option<String>,
    /// Other councils to list beside it (by code or name; needs --la).
    #[arg(long = "with", value_name = "NAME_OR_CODE", requires = "la")]
    pub with: Vec<String>,
    /// A newer DfE CSWW indicators file (default: the release shipped with workforce).
    #[arg(long, value_name = "FILE")]
    pub dfe: Option<PathBuf>,
    /// A statistical neighbour file (default: the shipped grouping for the year).
    #[arg(long, value_name = "FILE")]
    pub neighbours: Option<PathBuf>,
    /// Report one org unit, by its id in org_units.csv (with the units below it).
    #[arg(long)]
    pub unit: Option<String>,
    /// The council's name in the title (default: the top unit's name).
    #[arg(long)]
    pub title: Option<String>,
    /// The data's as-of date (default: the latest date in the data).
    #[arg(long = "as-of", value_parser = crate::date_arg, value_name = "DATE")]
    pub as_of: Option<Date>,
    /// Suppress small numbers for publication (DfE symbol c) and leave out lists of people.
    #[arg(long)]
    pub publication: bool,
    /// Suppression threshold: counts below it are suppressed (with --publication).
    #[arg(long, default_value_t = safety_default(), requires = "publication")]
    pub threshold: f64,
    /// The cool-off period in months.
    #[arg(long, default_value_t = agency::DEFAULT_COOL_OFF_MONTHS)]
    pub cool_off_months: u32,
    /// Also write the tables as an XLSX workbook.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    /// The HTML file to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    #[command(flatten)]
    pub opts: OptionArgs,
}

const fn safety_default() -> f64 {
    workforce::report::safety::DEFAULT_THRESHOLD
}

/// Run `workforce report`.
pub fn run(args: &ReportArgs) -> Result<(), Error> {
    let options = args.opts.resolve()?;
    let (wf, load) = crate::load(&args.dir)?;
    if !load.rejections.is_empty() {
        eprintln!(
            "warning: {} row(s) rejected while reading {}; the report counts them",
            load.rejections.len(),
            args.dir.display()
        );
    }
    let mut req = ReportRequest::new(args.year_end);
    req.options = options;
    req.unit = args.unit.clone();
    req.council = args.title.clone();
    req.la = args.la.clone();
    req.named = args.with.clone();
    req.as_of = args.as_of;
    req.load = Some(load);
    req.cool_off_months = args.cool_off_months;
    if let Some(path) = &args.dfe {
        req.indicators = Some(Indicators::read(path)?);
        req.dfe_source = Some(path.display().to_string());
    }
    if let Some(path) = &args.neighbours {
        req.neighbours = Some(Neighbours::read(path)?);
    }
    if args.publication {
        req.publication = Some(Suppression {
            threshold: args.threshold,
            ..Suppression::default()
        });
    }
    let rep = report::build(&wf, &req)?;
    write_html(&rep, &args.out)?;
    eprintln!("wrote {}", args.out.display());
    if let Some(x) = &args.xlsx {
        xlsx::write(&rep, x)?;
        eprintln!("wrote {}", x.display());
    }
    Ok(())
}

fn write_html(rep: &report::Report, path: &Path) -> Result<(), Error> {
    std::fs::write(path, html::render(rep)).map_err(|e| Error::io(path.display(), &e))
}

/// The year (ending 30 September) the demo's report is for.
pub const DEMO_YEAR: i32 = 2021;

/// Write the demo council's report and workbook into `out`, compared as if it were BCP;
/// `load` is the check of its data as a load would report it (the rejected-row counts).
pub fn demo_report(
    wf: &Workforce,
    out: &Path,
    load: workforce::io::LoadReport,
) -> Result<(PathBuf, PathBuf), Error> {
    let mut req = ReportRequest::new(Date::from_ymd_opt(DEMO_YEAR, 9, 30).expect("date"));
    req.council = Some("Demo council".into());
    req.la = Some("839".into());
    req.named = ["Dorset", "Hampshire", "Southampton", "Wiltshire"]
        .map(String::from)
        .to_vec();
    req.la_note = Some(
        "The demo council is invented and has no local authority code. Its own figures are \
         compared as if it were Bournemouth, Christchurch and Poole (LA 839): BCP's region, \
         statistical neighbours and the councils named in BCP's scrutiny report."
            .into(),
    );
    req.load = Some(load);
    let rep = report::build(wf, &req)?;
    let html_path = out.join("report.html");
    let xlsx_path = out.join("workbook.xlsx");
    // The workbook is written on a thread of its own while the page is.
    std::thread::scope(|s| {
        let workbook = s.spawn(|| xlsx::write(&rep, &xlsx_path));
        let page = write_html(&rep, &html_path);
        page.and(crate::joined(workbook.join()))
    })?;
    Ok((html_path, xlsx_path))
}

/// Arguments of `workforce agency-return`.
#[derive(clap::Args, Debug)]
pub struct AgencyReturnArgs {
    /// The canonical data folder.
    pub dir: PathBuf,
    /// Any day of the quarter (figures are taken on the quarter's last day).
    #[arg(long, value_parser = crate::date_arg)]
    pub date: Date,
    /// Org unit id, as in org_units.csv (with its descendants); default the whole council.
    #[arg(long)]
    pub unit: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    #[command(flatten)]
    pub opts: OptionArgs,
}

/// Run `workforce agency-return`: the quarterly agency data.
pub fn run_agency_return(args: &AgencyReturnArgs) -> Result<(), Error> {
    let o = args.opts.resolve()?;
    let wf = crate::open(&args.dir)?;
    let q = agency::quarterly_return(wf, args.date, args.unit.as_deref(), &o)?;
    let parts = [
        ("Agency social workers by unit", &q.by_team),
        ("Assignment lengths", &q.lengths),
        ("Agency assignments in post", &q.assignments),
        ("Started and ended in the quarter", &q.churn),
    ];
    for (i, (title, t)) in parts.into_iter().enumerate() {
        match args.format {
            Format::Table => println!(
                "{}{title}, quarter {} to {}\n",
                if i > 0 { "\n" } else { "" },
                q.quarter_start,
                q.quarter_end
            ),
            _ if i > 0 => println!(),
            _ => {}
        }
        print(t, args.format, o.rounding);
    }
    Ok(())
}

/// Arguments of `workforce cool-off`.
#[derive(clap::Args, Debug)]
pub struct CoolOffArgs {
    /// The canonical data folder.
    pub dir: PathBuf,
    /// First day on which an agency start is checked.
    #[arg(long, value_parser = crate::date_arg)]
    pub from: Date,
    /// Last day on which an agency start is checked.
    #[arg(long, value_parser = crate::date_arg)]
    pub to: Date,
    /// The cool-off period in calendar months.
    #[arg(long, default_value_t = agency::DEFAULT_COOL_OFF_MONTHS)]
    pub months: u32,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    #[command(flatten)]
    pub opts: OptionArgs,
}

/// Run `workforce cool-off`: people who went from a permanent post to agency work within the
/// cool-off period. Exit status stays 0; the list is the finding.
pub fn run_cool_off(args: &CoolOffArgs) -> Result<(), Error> {
    let o = args.opts.resolve()?;
    let wf = crate::open(&args.dir)?;
    let cases = agency::cool_off(wf, args.from, args.to, args.months, &o)?;
    let t = agency::cool_off_table(&cases, args.months, &o);
    if args.format == Format::Table {
        println!(
            "Agency starts from {} to {} within {} months of leaving a permanent social work post: {}\n",
            args.from,
            args.to,
            args.months,
            cases.len()
        );
    }
    print(&t, args.format, o.rounding);
    Ok(())
}
