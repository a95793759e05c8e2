//! `workforce import --config import.toml --out DIR [--previous DIR]`: read the legacy exports a
//! mapping file describes and write the canonical data folder plus `DIR/import_report/`.

use std::path::PathBuf;

/// Arguments of `workforce import`.
#[derive(clap::Args, Debug, Clone)]
pub struct ImportArgs {
    /// The mapping file (TOML) describing the sources; see docs/import.md.
    #[arg(long, short = 'c')]
    pub config: PathBuf,
    /// Output folder: the canonical CSV files and `import_report/`.
    #[arg(long, short = 'o')]
    pub out: PathBuf,
    /// A previous run's output folder, for continuity checks (headcount or leavers moving by
    /// more than the configured share).
    #[arg(long)]
    pub previous: Option<PathBuf>,
    /// Fail (exit non-zero) when any row was rejected.
    #[arg(long)]
    pub strict: bool,
    /// Print nothing but errors.
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// Run the import.
pub fn run(args: &ImportArgs) -> Result<(), workforce::Error> {
    let mut imp = workforce::import::import_file(&args.config)?;
    workforce::import::write_output(&mut imp, &args.out, args.previous.as_deref())?;
    let r = &imp.report;
    if !args.quiet {
        for f in &r.files {
            eprintln!(
                "{}: {} rows read, {} accepted, {} rejected, {} warnings",
                f.file, f.rows_read, f.accepted, f.rejected, f.warnings
            );
        }
        let count = |s: &str| r.matches.iter().filter(|m| m.status == s).count();
        eprintln!(
            "people: {} ({} source records: {} matched, {} ambiguous, {} unmatched); {} contracts, {} agency assignments, {} absences",
            imp.dataset.people.len(),
            r.matches.len(),
            count("matched"),
            count("ambiguous"),
            count("unmatched"),
            imp.dataset.contracts.len(),
            imp.dataset.agency_assignments.len(),
            imp.dataset.absences.len()
        );
        let flagged = r.continuity.iter().filter(|c| c.flagged).count();
        if flagged > 0 {
            eprintln!("continuity: {flagged} figures moved more than the threshold");
        }
        eprintln!(
            "wrote {} (report: {})",
            args.out.display(),
            args.out.join("import_report").join("report.md").display()
        );
    }
    if args.strict && !r.rejections.is_empty() {
        return Err(workforce::Error::new(
            workforce::ErrorKind::InvalidData,
            format!(
                "{} rows rejected (--strict); see {}",
                r.rejections.len(),
                args.out.join("import_report/rejections.csv").display()
            ),
        ));
    }
    Ok(())
}
