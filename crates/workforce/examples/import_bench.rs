//! Import speed: `cargo run --release -p workforce --example import_bench -- [ROWS] [DIR]`.
//!
//! Writes a system-A-like HR export of ROWS rows (default 1,000,000: UK dates, weekly hours,
//! grade and leaving-reason codes, cost centres mapped to units) and its mapping file into DIR
//! (default a temporary folder), then times the import: reading, mapping, validation, identity,
//! the cross-system checks and the totals. `benches/python/import_pandas.py DIR` does the same
//! mapping with pandas on the same file.

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

fn main() {
    let mut args = std::env::args().skip(1);
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
    let t = Instant::now();
    let imp = workforce::import::import_file(&dir.join("import.toml")).unwrap();
    let secs = t.elapsed().as_secs_f64();
    let st = &imp.report.files[0];
    println!(
        "{} rows ({} accepted, {} rejected, {} warnings) in {:.3} s: {:.0} rows/s",
        st.rows_read,
        st.accepted,
        st.rejected,
        imp.report.warnings.len(),
        secs,
        st.rows_read as f64 / secs
    );
}
