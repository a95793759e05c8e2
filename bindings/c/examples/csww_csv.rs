//! The Rust side of the C/Rust comparison in `test.sh`: the CSWW summary of a data folder as
//! CSV, computed by the core library directly. `tests/csww_csv.c` does the same through the
//! C API; the two outputs must be identical.
//!
//! Usage: `csww_csv DIR YEAR_END...` (dates `YYYY-MM-DD`).

use workforce::io::{read_dir, LoadOptions};
use workforce::{Date, Options, Workforce};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (dir, ends) = args
        .split_first()
        .ok_or("usage: csww_csv DIR YEAR_END...")?;
    let ends = ends
        .iter()
        .map(|s| Date::parse_from_str(s, "%Y-%m-%d"))
        .collect::<Result<Vec<_>, _>>()?;
    let (ds, _report) = read_dir(std::path::Path::new(dir), &LoadOptions { strict: false })?;
    let t = Workforce::new(ds)?.csww(&ends, None, true, &Options::default())?;
    print!("{}", t.to_csv());
    Ok(())
}
