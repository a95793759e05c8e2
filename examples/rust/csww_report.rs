//! The CSWW table a council sends its scrutiny committee, from a data folder (or the demo).
//!
//! ```sh
//! cargo run -p workforce-examples --example csww_report -- [DATA_DIR] [YEAR_END]
//! ```

use workforce::io::{read_dir, LoadOptions};
use workforce::{Date, Options, Workforce};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let data = match args.next() {
        Some(dir) => {
            let (data, report) = read_dir(dir.as_ref(), &LoadOptions::default())?;
            eprintln!("{report}");
            data
        }
        None => workforce::generate::demo(),
    };
    let year_end: Date = args.next().as_deref().unwrap_or("2021-09-30").parse()?;
    let wf = Workforce::new(data)?;
    let o = Options::default();
    let t = wf.csww(&[year_end], None, true, &o)?;
    println!("{}", t.to_text(o.rounding));
    // Each figure can be taken apart: the leavers and the in-post contracts behind turnover.
    let (from, to) = workforce::timeline::year_ending(year_end);
    let why = wf.explain(
        "turnover_rate_fte",
        from,
        to,
        None,
        &workforce::Scope::Csww,
        &o,
    )?;
    let leavers = (0..why.num_rows())
        .filter(|&r| why.text("role", r).as_deref() == Some("numerator"))
        .count();
    println!(
        "turnover numerator: {leavers} leaver contract(s); run `workforce explain` for the list"
    );
    Ok(())
}
