//! Time each phase of an end-to-end CSWW run on a data folder: read, index, compute, format.
//!
//! ```sh
//! cargo run --release -p workforce-examples --example phases -- DATA_DIR
//! ```

use std::time::Instant;
use workforce::io::{read_dir, LoadOptions};
use workforce::{Options, Workforce};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: phases DATA_DIR")?;
    let ye: Vec<workforce::Date> = (2017..=2023)
        .map(|y| workforce::Date::from_ymd_opt(y, 9, 30).unwrap())
        .collect();
    let o = Options::default();
    let t = Instant::now();
    let (data, report) = read_dir(dir.as_ref(), &LoadOptions::default())?;
    let read = t.elapsed();
    let (peak_read, resident_read) = (peak_mb(), resident_mb());
    let rows: u64 = report.files.iter().map(|f| f.rows_read).sum();
    let t = Instant::now();
    let wf = Workforce::new(data)?;
    let index = t.elapsed();
    let (peak_index, resident_index) = (peak_mb(), resident_mb());
    let t = Instant::now();
    let table = wf.csww(&ye, None, true, &o)?;
    let compute = t.elapsed();
    let t = Instant::now();
    let text = table.to_text(o.rounding);
    let format = t.elapsed();
    println!(
        "rows {rows}, read {:.3}s, index {:.3}s, csww (every unit, 7 year ends) {:.3}s, format {:.3}s ({} lines)",
        read.as_secs_f64(),
        index.as_secs_f64(),
        compute.as_secs_f64(),
        format.as_secs_f64(),
        text.lines().count()
    );
    println!(
        "peak memory (MB): after read {peak_read}, after index {peak_index}, at the end {}",
        peak_mb()
    );
    println!("resident memory (MB): after read {resident_read}, after index {resident_index}");
    Ok(())
}

/// The process's peak resident memory so far in MB (Linux `VmHWM`; 0 elsewhere).
fn peak_mb() -> u64 {
    status_mb("VmHWM:")
}

/// The process's resident memory now in MB (Linux `VmRSS`; 0 elsewhere).
fn resident_mb() -> u64 {
    status_mb("VmRSS:")
}

/// A memory figure of `/proc/self/status` in MB.
fn status_mb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(key))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}
