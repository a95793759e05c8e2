//! `workforce`: children's social care workforce figures from the terminal.
//!
//! Exit codes: 0 success; 1 an error (message on stderr); 2 bad usage; 3 `validate` found
//! rejected rows.

mod census;
mod compare;
mod hr;
mod import;
mod options;
mod report;

use clap::{Parser, Subcommand, ValueEnum};
use options::OptionArgs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;
use workforce::io::{LoadOptions, LoadReport};
use workforce::report::{select_columns, select_rows};
use workforce::{Date, Error, Scope, Table, Workforce};

#[derive(Parser)]
#[command(
    name = "workforce",
    version,
    about = "Children's social care workforce figures: DfE CSWW measures and more"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compute the demo council's figures (no input needed) and write them to a folder.
    Demo {
        /// Folder for the demo data and result tables.
        #[arg(long, default_value = "workforce-demo")]
        out: PathBuf,
    },
    /// Check a data folder and print the load report.
    Validate {
        /// The canonical data folder.
        dir: PathBuf,
        /// Treat any rejected row as an error.
        #[arg(long)]
        strict: bool,
        /// Print every rejection and warning, not only the first 20.
        #[arg(long)]
        all: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// The DfE CSWW summary: one row per unit and year end.
    Csww {
        dir: PathBuf,
        /// Year end (repeatable), e.g. 2021-09-30.
        #[arg(long = "year-end", value_parser = crate::date_arg, required = true)]
        year_end: Vec<Date>,
        /// Org unit id, as in org_units.csv (with the units below it); default the whole
        /// organisation.
        #[arg(long)]
        unit: Option<String>,
        /// One row for the unit and each unit below it.
        #[arg(long)]
        by_unit: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        #[command(flatten)]
        opts: OptionArgs,
    },
    /// The same measures for any period and scope, in long form.
    Measures {
        dir: PathBuf,
        #[arg(long, value_parser = crate::date_arg)]
        from: Date,
        #[arg(long, value_parser = crate::date_arg)]
        to: Date,
        /// Org unit id, as in org_units.csv (with the units below it); default the whole
        /// organisation.
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        by_unit: bool,
        /// `csww`, `all`, or `family:NAME`.
        #[arg(long, default_value = "csww")]
        scope: String,
        /// One block per job family instead (ignores --scope and --by-unit).
        #[arg(long)]
        by_job_family: bool,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        #[command(flatten)]
        opts: OptionArgs,
    },
    /// Monthly series: in post, starters, leavers, rolling turnover, agency, vacancy, sickness.
    Series {
        dir: PathBuf,
        #[arg(long, value_parser = crate::date_arg)]
        from: Date,
        #[arg(long, value_parser = crate::date_arg)]
        to: Date,
        /// Org unit id, as in org_units.csv (with the units below it); default the whole
        /// organisation.
        #[arg(long)]
        unit: Option<String>,
        #[arg(long, default_value = "csww")]
        scope: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        #[command(flatten)]
        opts: OptionArgs,
    },
    /// Agency on a date: share by unit and assignment length bands.
    Agency {
        dir: PathBuf,
        #[arg(long, value_parser = crate::date_arg)]
        date: Date,
        /// Org unit id, as in org_units.csv (with the units below it); default the whole
        /// organisation.
        #[arg(long)]
        unit: Option<String>,
        #[arg(long, default_value = "csww")]
        scope: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        #[command(flatten)]
        opts: OptionArgs,
    },
    /// The records behind a figure's numerator and denominator.
    Explain {
        dir: PathBuf,
        /// A CSWW column name, e.g. turnover_rate_fte.
        #[arg(long)]
        metric: String,
        /// The CSWW year ending on this date (or give --from and --to).
        #[arg(long = "year-end", value_parser = crate::date_arg, conflicts_with_all = ["from", "to"])]
        year_end: Option<Date>,
        #[arg(long, value_parser = crate::date_arg, requires = "to")]
        from: Option<Date>,
        #[arg(long, value_parser = crate::date_arg, requires = "from")]
        to: Option<Date>,
        /// Org unit id, as in org_units.csv (with the units below it); default the whole
        /// organisation.
        #[arg(long)]
        unit: Option<String>,
        #[arg(long, default_value = "csww")]
        scope: String,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        #[command(flatten)]
        opts: OptionArgs,
    },
    /// The annual CSWW census XML return for a year.
    Census(census::CensusArgs),
    /// A council's figures beside England, its region and statistical neighbours (DfE files).
    Compare(compare::CompareArgs),
    /// The councillors' report: one self-contained HTML file (and optionally an XLSX workbook).
    Report(report::ReportArgs),
    /// The quarterly agency data: agency social workers by team, FTE, assignment lengths.
    AgencyReturn(report::AgencyReturnArgs),
    /// Agency starts within N months (default 3) of leaving a permanent social work post.
    CoolOff(report::CoolOffArgs),
    /// Import legacy HR, payroll and agency exports into a canonical data folder.
    Import(import::ImportArgs),
    /// HR measures beyond the census: retention, stability, sickness, caseloads, pay, cost...
    Hr {
        #[command(subcommand)]
        cmd: hr::HrCommand,
    },
    /// Write a generated council in the canonical format.
    Generate {
        #[arg(long, default_value_t = 600)]
        people: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
    },
}

/// A date argument: `YYYY-MM-DD`, with a message that says which of form or day is wrong.
pub(crate) fn date_arg(s: &str) -> Result<Date, String> {
    if let Ok(d) = Date::parse_from_str(s, "%Y-%m-%d") {
        return Ok(d);
    }
    let parts: Vec<&str> = s.split('-').collect();
    let numeric = parts.len() == 3
        && parts[0].len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    Err(if numeric {
        format!("{s} is not a day of the calendar")
    } else {
        format!("{s:?} is not a date in YYYY-MM-DD form (e.g. 2021-09-30)")
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Aligned, rounded for reading.
    Table,
    /// CSV, unrounded.
    Csv,
    /// JSON, unrounded, with the options used.
    Json,
}

fn print(t: &Table, format: Format, rounding: workforce::options::Rounding) {
    match format {
        Format::Table => print!("{}", t.to_text(rounding)),
        Format::Csv => print!("{}", t.to_csv()),
        Format::Json => println!("{}", t.to_json()),
    }
}

/// A spinner on stderr while long work runs (only on a terminal).
struct Progress(
    Option<std::thread::JoinHandle<()>>,
    std::sync::Arc<std::sync::atomic::AtomicBool>,
);

impl Progress {
    fn start(message: String) -> Self {
        use std::io::IsTerminal;
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        if !std::io::stderr().is_terminal() {
            return Progress(None, stop);
        }
        let flag = stop.clone();
        let h = std::thread::spawn(move || {
            let frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
            let mut i = 0;
            std::thread::sleep(Duration::from_millis(200));
            while !flag.load(std::sync::atomic::Ordering::Relaxed) {
                eprint!("\r{} {message}", frames[i % frames.len()]);
                i += 1;
                std::thread::sleep(Duration::from_millis(80));
            }
            if i > 0 {
                eprint!("\r\x1b[2K");
            }
        });
        Progress(Some(h), stop)
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.1.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(h) = self.0.take() {
            let _ = h.join();
        }
    }
}

/// Reads and indexes a folder, with a progress line.
fn load(dir: &Path) -> Result<(Workforce, LoadReport), Error> {
    let _p = Progress::start(format!("reading and indexing {}", dir.display()));
    workforce::io::open_dir(dir, &LoadOptions::default())
}

/// Load a folder for computing: rejected rows are reported on stderr, then left out.
///
/// The data is leaked on purpose: the process ends right after printing, and freeing millions
/// of small records one by one takes longer than the operating system needs to reclaim them.
fn open(dir: &Path) -> Result<&'static Workforce, Error> {
    let (wf, report) = load(dir)?;
    if !report.rejections.is_empty() {
        eprintln!(
            "warning: {} row(s) rejected while reading {}; run `workforce validate {}` for the list",
            report.rejections.len(),
            dir.display(),
            dir.display()
        );
    }
    Ok(Box::leak(Box::new(wf)))
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Demo { out } => demo(&out)?,
        Command::Validate {
            dir,
            strict,
            all,
            format,
        } => {
            let (_, report) = workforce::io::read_dir(&dir, &LoadOptions { strict })?;
            let rounding = workforce::options::Rounding::HalfAwayFromZero;
            match format {
                Format::Table => {
                    print!("{}", report.summary_table().to_text(rounding));
                    for (title, t) in [
                        ("Rejected rows", report.rejections_table()),
                        ("Warnings", report.warnings_table()),
                    ] {
                        if t.num_rows() > 0 {
                            println!("\n{title} ({}):", t.num_rows());
                            let shown = if all {
                                t.num_rows()
                            } else {
                                t.num_rows().min(20)
                            };
                            let text = t.to_text(rounding);
                            let lines: Vec<&str> = text.lines().collect();
                            for l in &lines[..(shown + 2).min(lines.len())] {
                                println!("{l}");
                            }
                            if shown < t.num_rows() {
                                println!(
                                    "... {} more (use --all or --format csv)",
                                    t.num_rows() - shown
                                );
                            }
                        }
                    }
                }
                Format::Csv => {
                    print!("{}", report.summary_table().to_csv());
                    println!();
                    print!("{}", report.rejections_table().to_csv());
                }
                Format::Json => println!("{}", report.rejections_table().to_json()),
            }
            if !report.rejections.is_empty() {
                eprintln!("{} row(s) rejected", report.rejections.len());
                return Ok(ExitCode::from(3));
            }
        }
        Command::Csww {
            dir,
            year_end,
            unit,
            by_unit,
            format,
            opts,
        } => {
            let o = opts.resolve()?;
            let wf = open(&dir)?;
            let t = {
                let _p = Progress::start("computing".into());
                wf.csww(&year_end, unit.as_deref(), by_unit, &o)?
            };
            print(&t, format, o.rounding);
        }
        Command::Measures {
            dir,
            from,
            to,
            unit,
            by_unit,
            scope,
            by_job_family,
            format,
            opts,
        } => {
            let o = opts.resolve()?;
            let wf = open(&dir)?;
            let t = if by_job_family {
                wf.by_job_family(from, to, unit.as_deref(), &o)?
            } else {
                wf.measures(
                    from,
                    to,
                    unit.as_deref(),
                    by_unit,
                    &Scope::parse(&scope),
                    &o,
                )?
            };
            print(&t, format, o.rounding);
        }
        Command::Series {
            dir,
            from,
            to,
            unit,
            scope,
            format,
            opts,
        } => {
            let o = opts.resolve()?;
            let wf = open(&dir)?;
            let t = wf.series(from, to, unit.as_deref(), &Scope::parse(&scope), &o)?;
            print(&t, format, o.rounding);
        }
        Command::Agency {
            dir,
            date,
            unit,
            scope,
            format,
            opts,
        } => {
            let o = opts.resolve()?;
            let wf = open(&dir)?;
            let scope = Scope::parse(&scope);
            let by = wf.agency_by_unit(date, unit.as_deref(), &scope, &o)?;
            let bands = wf.agency_length_bands(date, unit.as_deref(), &scope, &o)?;
            if format == Format::Table {
                println!("Agency share by unit on {date}\n");
            }
            print(&by, format, o.rounding);
            if format == Format::Table {
                println!("\nAgency assignment lengths on {date}\n");
            } else {
                println!();
            }
            print(&bands, format, o.rounding);
        }
        Command::Explain {
            dir,
            metric,
            year_end,
            from,
            to,
            unit,
            scope,
            format,
            opts,
        } => {
            let o = opts.resolve()?;
            let (from, to) = match (year_end, from, to) {
                (Some(ye), _, _) => workforce::timeline::year_ending(ye),
                (None, Some(f), Some(t)) => (f, t),
                _ => {
                    return Err(Error::invalid_argument(
                        "give --year-end, or --from and --to",
                    ))
                }
            };
            let wf = open(&dir)?;
            let t = wf.explain(
                &metric,
                from,
                to,
                unit.as_deref(),
                &Scope::parse(&scope),
                &o,
            )?;
            print(&t, format, o.rounding);
        }
        Command::Compare(args) => compare::run(&args)?,
        Command::Census(args) => census::run(&args)?,
        Command::Report(args) => report::run(&args)?,
        Command::AgencyReturn(args) => report::run_agency_return(&args)?,
        Command::CoolOff(args) => report::run_cool_off(&args)?,
        Command::Hr { cmd } => hr::run(&cmd)?,
        Command::Import(args) => import::run(&args)?,
        Command::Generate { people, seed, out } => {
            let opts = workforce::generate::GenerateOptions {
                people,
                seed,
                ..Default::default()
            };
            let data = {
                let _p = Progress::start(format!("generating {people} people"));
                workforce::generate::generate(&opts)?
            };
            let _p = Progress::start(format!("writing {}", out.display()));
            workforce::io::write_dir(&data, &out)?;
            drop(_p);
            eprintln!(
                "wrote {} ({} contracts, {} absences)",
                out.display(),
                data.contracts.len(),
                data.absences.len()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn write_table(dir: &Path, name: &str, t: &Table) -> Result<(), Error> {
    let path = dir.join(name);
    std::fs::write(&path, t.to_csv()).map_err(|e| Error::io(path.display(), &e))
}

/// The demo: the embedded council's figures, printed and written to `out`.
fn demo(out: &Path) -> Result<(), Error> {
    // The DfE figures the report compares with are read while the council is generated (the
    // report waits for them if it gets there first).
    std::thread::spawn(|| {
        workforce::report::bundled::shared_indicators();
        workforce::report::bundled::shared_neighbours_for_year(report::DEMO_YEAR);
    });
    std::fs::create_dir_all(out).map_err(|e| Error::io(out.display(), &e))?;
    let data = workforce::generate::demo();
    // The data is checked as a load would (for the report's rejected-row counts) while it is
    // indexed. Then the data folder is written, the report built and the tables computed and
    // printed, each on a thread of its own.
    let copy = data.clone();
    let checked = std::thread::spawn(move || workforce::io::check(copy).1);
    let wf = Workforce::new(data)?;
    let data_dir = out.join("data");
    let (report, written) = std::thread::scope(|s| {
        let writer = s.spawn(|| workforce::io::write_dir(wf.data(), &data_dir));
        let built = s.spawn(|| report::demo_report(&wf, out, joined(checked.join())));
        let tables = demo_tables(&wf);
        let built = joined(built.join());
        (tables.and_then(|t| Ok((t, built?))), joined(writer.join()))
    });
    written?;
    let (tables, (html, xlsx)) = report?;
    let results = out.join("results");
    std::fs::create_dir_all(&results).map_err(|e| Error::io(results.display(), &e))?;
    for (name, table) in &tables {
        write_table(&results, name, table)?;
    }
    println!(
        "\nWrote the demo data to {} and the result tables (CSV, unrounded) to {}.",
        data_dir.display(),
        results.display()
    );
    println!(
        "Wrote the report for councillors to {} and its tables to {}.",
        html.display(),
        xlsx.display()
    );
    println!(
        "Try: workforce csww {} --year-end 2021-09-30 --by-unit",
        data_dir.display()
    );
    // The process ends here: its memory goes back at once, not record by record.
    std::mem::forget(wf);
    Ok(())
}

/// The result of a joined thread, its panic passed on.
fn joined<T>(result: std::thread::Result<T>) -> T {
    result.unwrap_or_else(|p| std::panic::resume_unwind(p))
}

/// The demo's tables, printed: the CSWW table of five years, the agency share by team and the
/// assignment lengths in 2021, the monthly trend. Returned with the CSWW table by unit for
/// 2021, each under its file name in the results folder.
fn demo_tables(wf: &Workforce) -> Result<Vec<(&'static str, Table)>, Error> {
    let rounding = workforce::options::Rounding::HalfAwayFromZero;
    let o = workforce::Options::default();
    let ye = |y| Date::from_ymd_opt(y, 9, 30).expect("valid date");
    let year_ends = [ye(2019), ye(2020), ye(2021), ye(2022), ye(2023)];
    let csww = wf.csww(&year_ends, None, false, &o)?;
    let focus = ye(2021);
    let teams = wf.agency_by_unit(focus, None, &Scope::Csww, &o)?;
    let bands = wf.agency_length_bands(focus, None, &Scope::Csww, &o)?;
    let series = wf.series(
        Date::from_ymd_opt(2020, 10, 1).expect("date"),
        ye(2022),
        None,
        &Scope::Csww,
        &o,
    )?;
    let by_unit = wf.csww(&[focus], None, true, &o)?;

    println!("Demo council: children's social work workforce (DfE CSWW definitions)\n");
    let headline = select_columns(
        &csww,
        &[
            "year_end",
            "inpost_fte",
            "starters_fte",
            "leavers_fte",
            "turnover_rate_fte",
            "agency_rate_fte",
            "vacancy_rate_fte",
            "caseload_fte",
            "absence_rate_fte",
        ],
    );
    print!("{}", headline.to_text(rounding));
    println!("\nAgency share by team, 30 September 2021\n");
    let staffed = |r: usize| {
        teams.f64("inpost_fte", r).unwrap_or(0.0) + teams.f64("agency_fte", r).unwrap_or(0.0) > 0.0
    };
    let is_team = |r: usize| {
        let id = teams.text("org_unit_id", r).unwrap_or_default();
        wf.unit_ids()
            .iter()
            .all(|u| wf.unit_parent(u) != Some(id.as_str()))
    };
    let team_rows: Vec<usize> = (0..teams.num_rows())
        .filter(|&r| staffed(r) && is_team(r))
        .collect();
    let shown = select_columns(
        &select_rows(&teams, &team_rows),
        &[
            "name",
            "inpost_fte",
            "agency_fte",
            "agency_rate_fte",
            "agency_over_establishment_fte",
        ],
    );
    print!("{}", shown.to_text(rounding));
    println!("\nAgency assignment lengths, 30 September 2021\n");
    print!("{}", bands.to_text(rounding));
    println!("\nMonthly trend (rolling 12-month turnover)\n");
    print!(
        "{}",
        select_columns(
            &series,
            &[
                "month_end",
                "inpost_fte",
                "leavers_fte",
                "turnover_rate_12m",
                "agency_rate",
                "vacancy_rate",
                "sickness_rate"
            ]
        )
        .to_text(rounding)
    );

    Ok(vec![
        ("csww.csv", csww),
        ("csww_by_unit_2021.csv", by_unit),
        ("agency_by_team_2021.csv", teams),
        ("agency_length_bands_2021.csv", bands),
        ("monthly_series.csv", series),
    ])
}

/// Die quietly when the reader of our output goes away (`workforce csww ... | head`), as other
/// command-line tools do, instead of failing on the next write.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default at start-up, before any thread.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Serve every block of 1 MiB or more straight from the system and give it back when freed.
/// glibc otherwise raises that threshold to 32 MiB as large blocks are freed, and the read's
/// per-thread parts then leave tens of MB of freed memory in its heaps (the peak of a
/// 200,000-person run falls by about 60 MB).
fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` changes an allocator setting; called at start-up, before any thread.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

fn main() -> ExitCode {
    restore_sigpipe();
    tune_allocator();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
