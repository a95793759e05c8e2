//! `workforce census DIR --year-end 2021-09-30 --la 839 --out FILE [--pseudonymise KEYFILE]`:
//! write the CSWW census XML return for a collection year from the canonical data folder.

use std::path::PathBuf;
use workforce::census::{self, ExportOptions, LaSettings};
use workforce::io::{open_dir, LoadOptions};
use workforce::{Date, Error, Options};

/// Arguments of `workforce census`.
#[derive(clap::Args, Debug, Clone)]
pub struct CensusArgs {
    /// The canonical data folder.
    pub dir: PathBuf,
    /// The census reference date, 30 September of the collection year (2021 to 2025).
    #[arg(long = "year-end", value_parser = crate::date_arg, value_name = "DATE")]
    pub year_end: Date,
    /// The 3-digit (old) LA number written to the header, e.g. 839.
    #[arg(long, value_name = "CODE")]
    pub la: String,
    /// The XML file to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Write the pseudonymised variant for regional partners: SWE numbers replaced by
    /// HMAC-SHA256 with the key in this file, dates of birth reduced to the month.
    #[arg(long, value_name = "KEYFILE")]
    pub pseudonymise: Option<PathBuf>,
    /// The LA-level pay and allowance answers (JSON), required from 2025.
    #[arg(long, value_name = "FILE")]
    pub settings: Option<PathBuf>,
    /// Metric options (JSON), e.g. `{"rejoin_grace_days": 7}`.
    #[arg(long, value_name = "FILE")]
    pub options: Option<PathBuf>,
    /// Write the export report (records left out or incomplete) to this file as JSON.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Fail on the first rejected input row instead of leaving it out.
    #[arg(long)]
    pub strict: bool,
}

/// Run `workforce census`.
pub fn run(args: &CensusArgs) -> Result<(), Error> {
    let (wf, load) = open_dir(
        &args.dir,
        &LoadOptions {
            strict: args.strict,
        },
    )?;
    if !load.rejections.is_empty() {
        eprintln!(
            "warning: {} row(s) rejected while reading {}; run `workforce validate {}` for the list",
            load.rejections.len(),
            args.dir.display(),
            args.dir.display()
        );
    }
    let mut opts = ExportOptions::new(args.year_end, args.la.clone());
    if let Some(path) = &args.settings {
        opts.settings = Some(LaSettings::from_file(path)?);
    }
    if let Some(path) = &args.options {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path.display(), &e))?;
        opts.options = Options::from_json(&text)?;
    }
    let (mut ret, report) = census::build(&wf, &opts)?;
    if let Some(keyfile) = &args.pseudonymise {
        let key = census::read_key_file(keyfile)?;
        census::pseudonymise(&mut ret, &key)?;
    }
    let xml = census::to_xml(&ret)?;
    std::fs::write(&args.out, xml).map_err(|e| Error::io(args.out.display(), &e))?;
    if let Some(path) = &args.report {
        std::fs::write(path, report.to_json()).map_err(|e| Error::io(path.display(), &e))?;
    }
    eprint!("{}", report.to_text());
    eprintln!("written {}", args.out.display());
    Ok(())
}
