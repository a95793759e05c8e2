//! Import speed: `cargo run --release -p workforce --example import_bench -- [ROWS] [DIR]`.
//!
//! Writes a system-A-like HR export of ROWS rows (default 1,000,000: UK dates, weekly hours,
//! grade and leaving-reason codes, cost centres mapped to units) and its mapping file into DIR
//! (default a temporary folder), then times the import: reading, mapping, validation, identity,
//! the cross-system checks and the totals. `benches/python/import_pandas.py DIR` does the same
//! mapping with pandas on the same file.
//!
//! `import_bench council [PEOPLE] [DIR]` instead generates a council of PEOPLE people (default
//! 20,000; the demo council's options otherwise), writes it as its legacy exports (two HR
//! systems with a migration, the agency provider, absences, cases, posts) and times importing
//! them: identity across systems and the same contract in two systems at scale.

use std::io::Write as _;
use std::time::Instant;

const MAPPING: &str = r#"
[import]
as_of = "2024-03-31"
standard_hours = 37
[org]
unit = [{ id = "LA", name = "Council" }, { id = "T0", name = "Team 0", parent = "LA" }, { id = "T1", name = "Team 1", parent = "LA" }, { id = "T2", name = "Team 2", parent = "LA" }, { id = "T3", name = "Team 3", parent = "LA" }]
map = [{ code = "CC100", unit = "T0" }, { code = "CC101", unit = "T1" }, { code = "CC102", unit = "T2" }, { code = "CC103", unit = "T3" }]
[[source]]
name = "hr_a"
kind = "employees"
file = "hr_a.csv"
date_formats = ["dd/mm/yyyy"]
id_prefix = "A"
[source.columns]
person_id = "Payroll No"
contract_id = "Contract No"
date_of_birth = "DOB"
gender = "Sex"
org_code = "Cost Centre"
grade = "Grade"
csww_role = "Grade"
job_family = "Grade"
weekly_hours = "Hours"
start_date = "Start"
end_date = "Leaving Date"
reason_leave = "Leaving Reason"
[source.codes.csww_role]
"SW2" = 5
"SW3" = 4
"BS1" = ""
[source.codes.job_family]
"SW2" = "social_work"
"SW3" = "social_work"
"BS1" = "business_support"
[source.codes.reason_leave]
"RES" = 1
"RET" = 5
"" = ""
"#;

/// CPU seconds (user + system) this process has used so far, from `/proc/self/stat` (Linux;
/// 0 elsewhere). On a shared machine, wall-clock time includes waiting for a core; CPU time
/// does not.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which is in parentheses): utime and stime are the 12th
    // and 13th, in clock ticks (100 a second on Linux).
    let rest = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}

/// Times an import: wall clock and CPU.
fn timed(config: &std::path::Path) -> (workforce::import::Import, f64, f64) {
    let (t, c) = (Instant::now(), cpu_seconds());
    let imp = workforce::import::import_file(config).unwrap();
    (imp, t.elapsed().as_secs_f64(), cpu_seconds() - c)
}

fn council(mut args: impl Iterator<Item = String>) {
    let people: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let dir = match args.next() {
        Some(d) => std::path::PathBuf::from(d),
        None => {
            std::env::temp_dir().join(format!("workforce-import-council-{}", std::process::id()))
        }
    };
    let opts = workforce::generate::GenerateOptions {
        people,
        ..workforce::generate::GenerateOptions::demo()
    };
    let ds = workforce::generate::generate(&opts).unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    workforce::import::legacy_export::write_legacy_exports(&ds, &dir, &Default::default()).unwrap();
    let (imp, secs, cpu) = timed(&dir.join("import.toml"));
    let rows: u64 = imp.report.files.iter().map(|f| f.rows_read).sum();
    println!(
        "{rows} rows in {} files ({} rejected, {} warnings, {} people) in {secs:.3} s: {:.0} rows/s; \
         CPU {cpu:.2} s: {:.0} rows per CPU second",
        imp.report.files.len(),
        imp.report.rejections.len(),
        imp.report.warnings.len(),
        imp.dataset.people.len(),
        rows as f64 / secs,
        rows as f64 / cpu.max(0.01)
    );
}

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("council") {
        args.next();
        return council(args);
    }
    let rows: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let tmp;
    let dir = match args.next() {
        Some(d) => std::path::PathBuf::from(d),
        None => {
            tmp =
                std::env::temp_dir().join(format!("workforce-import-bench-{}", std::process::id()));
            tmp.clone()
        }
    };
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("hr_a.csv");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(
        f,
        "Payroll No,Contract No,DOB,Sex,Cost Centre,Grade,Hours,Start,Leaving Date,Leaving Reason"
    )
    .unwrap();
    let grades = ["SW2", "SW3", "BS1"];
    for i in 0..rows {
        let person = i / 2;
        let (sy, sm, sd) = (2005 + (i * 7) % 18, 1 + (i * 5) % 12, 1 + (i * 3) % 28);
        let leaves = i % 3 == 0;
        let end = if leaves {
            format!(
                "{:02}/{:02}/{}",
                1 + (i * 11) % 28,
                1 + (i * 13) % 12,
                sy + 1 + i % 4
            )
        } else {
            String::new()
        };
        writeln!(
            f,
            "{person},{i},{:02}/{:02}/{},{},CC10{},{},{},{:02}/{:02}/{},{},{}",
            1 + person % 28,
            1 + person % 12,
            1960 + person % 35,
            if person % 2 == 0 { "F" } else { "M" },
            i % 4,
            grades[i % 3],
            [37.0, 18.5, 30.0][i % 3],
            sd,
            sm,
            sy,
            end,
            if leaves { ["RES", "RET"][i % 2] } else { "" },
        )
        .unwrap();
    }
    f.flush().unwrap();
    drop(f);
    std::fs::write(dir.join("import.toml"), MAPPING).unwrap();
    let (imp, secs, cpu) = timed(&dir.join("import.toml"));
    let st = &imp.report.files[0];
    println!(
        "{} rows ({} accepted, {} rejected, {} warnings) in {:.3} s: {:.0} rows/s; \
         CPU {cpu:.2} s: {:.0} rows per CPU second",
        st.rows_read,
        st.accepted,
        st.rejected,
        imp.report.warnings.len(),
        secs,
        st.rows_read as f64 / secs,
        st.rows_read as f64 / cpu.max(0.01)
    );
}
