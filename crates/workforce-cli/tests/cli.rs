//! The `workforce` binary end to end: commands, formats, errors and exit codes.

use std::path::Path;
use std::process::{Command, Output};

fn wf(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_workforce"))
        .args(args)
        .output()
        .expect("run workforce")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn demo_folder(tmp: &Path) -> String {
    let out = tmp.join("demo");
    let o = wf(&["demo", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    out.join("data").to_str().unwrap().to_string()
}

#[test]
fn demo_prints_the_story_and_writes_its_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("demo");
    let o = wf(&["demo", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("turnover_rate_fte"), "{text}");
    assert!(text.contains("2021-09-30"));
    assert!(text.contains("MASH") && text.contains("Assessment"));
    for f in [
        "csww.csv",
        "agency_by_team_2021.csv",
        "agency_length_bands_2021.csv",
        "monthly_series.csv",
    ] {
        assert!(out.join("results").join(f).exists(), "{f}");
    }
    assert!(out.join("data").join("contracts.csv").exists());
}

#[test]
fn csww_csv_has_dfe_columns_and_matches_the_library() {
    let tmp = tempfile::tempdir().unwrap();
    let data = demo_folder(tmp.path());
    let o = wf(&[
        "csww",
        &data,
        "--year-end",
        "2021-09-30",
        "--year-end",
        "2022-09-30",
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let header = text.lines().next().unwrap();
    let want = format!(
        "org_unit_id,year_end,{}",
        workforce::metrics::CSWW_COLUMNS.join(",")
    );
    assert_eq!(header, want);
    assert_eq!(text.lines().count(), 3);
    // The same figures as the library on the same folder, unrounded.
    let (ds, _) = workforce::io::read_dir(data.as_ref(), &Default::default()).unwrap();
    let t = workforce::Workforce::new(ds)
        .unwrap()
        .csww(
            &["2021-09-30".parse().unwrap(), "2022-09-30".parse().unwrap()],
            None,
            false,
            &Default::default(),
        )
        .unwrap();
    assert_eq!(text, t.to_csv());
}

#[test]
fn csww_table_rounds_and_json_records_options() {
    let tmp = tempfile::tempdir().unwrap();
    let data = demo_folder(tmp.path());
    let o = wf(&["csww", &data, "--year-end", "2021-09-30", "--by-unit"]);
    assert!(o.status.success());
    assert!(stdout(&o).lines().count() > 10);
    let o = wf(&[
        "csww",
        &data,
        "--year-end",
        "2021-09-30",
        "--format",
        "json",
        "--rejoin-grace-days",
        "7",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["options"]["rejoin_grace_days"], 7);
    assert!(v["rows"][0]["turnover_rate_fte"].as_f64().unwrap() > 0.0);
}

#[test]
fn other_commands_run_on_the_demo() {
    let tmp = tempfile::tempdir().unwrap();
    let data = demo_folder(tmp.path());
    for args in [
        vec!["validate", &data],
        vec![
            "series",
            &data,
            "--from",
            "2021-01-01",
            "--to",
            "2021-12-31",
            "--format",
            "csv",
        ],
        vec![
            "measures",
            &data,
            "--from",
            "2021-04-01",
            "--to",
            "2022-03-31",
            "--scope",
            "all",
        ],
        vec![
            "measures",
            &data,
            "--from",
            "2021-04-01",
            "--to",
            "2022-03-31",
            "--by-job-family",
        ],
        vec!["agency", &data, "--date", "2021-09-30"],
        vec![
            "explain",
            &data,
            "--metric",
            "turnover_rate_fte",
            "--year-end",
            "2021-09-30",
        ],
    ] {
        let o = wf(&args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert!(!stdout(&o).is_empty(), "{args:?}");
    }
    let o = wf(&[
        "series",
        &data,
        "--from",
        "2021-01-01",
        "--to",
        "2021-12-31",
        "--format",
        "csv",
    ]);
    assert_eq!(stdout(&o).lines().count(), 13);
}

#[test]
fn generate_writes_a_folder_that_validates() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("gen");
    let o = wf(&[
        "generate",
        "--people",
        "300",
        "--seed",
        "3",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = wf(&["validate", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn errors_have_clear_messages_and_exit_codes() {
    let tmp = tempfile::tempdir().unwrap();
    // Missing folder: exit 1 naming it.
    let o = wf(&["csww", "/no/such/folder", "--year-end", "2021-09-30"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/no/such/folder"), "{}", stderr(&o));
    // Bad usage: exit 2.
    assert_eq!(wf(&["csww"]).status.code(), Some(2));
    assert_eq!(
        wf(&["csww", "x", "--year-end", "2021-13-45"]).status.code(),
        Some(2)
    );
    // A malformed date says what is wrong with it.
    let o = wf(&["csww", "x", "--year-end", "2021-02-30"]);
    assert!(
        stderr(&o).contains("2021-02-30 is not a day of the calendar"),
        "{}",
        stderr(&o)
    );
    let o = wf(&["series", "x", "--from", "30/09/2021", "--to", "2021-09-30"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("\"30/09/2021\" is not a date in YYYY-MM-DD form"),
        "{}",
        stderr(&o)
    );
    // A file given for the data folder, or a folder that does not exist.
    let o = wf(&["validate", "/no/such/folder"]);
    assert!(stderr(&o).contains("no such folder"), "{}", stderr(&o));
    let file = tmp.path().join("people.csv");
    std::fs::write(&file, "person_id\n").unwrap();
    let o = wf(&["validate", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("is a file, not a data folder"),
        "{}",
        stderr(&o)
    );
    // A rejected row: validate exits 3 and names file, row and column.
    let data = demo_folder(tmp.path());
    let contracts = Path::new(&data).join("contracts.csv");
    let mut text = std::fs::read_to_string(&contracts).unwrap();
    let first = text.lines().nth(1).unwrap().to_string();
    let broken = first.replacen(",20", ",2O", 1);
    text = text.replacen(&first, &broken, 1);
    std::fs::write(&contracts, text).unwrap();
    let o = wf(&["validate", &data]);
    assert_eq!(o.status.code(), Some(3), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(
        out.contains("contracts.csv") && out.contains("Rejected rows"),
        "{out}"
    );
    // Strict mode turns it into an error with the location.
    let o = wf(&["validate", &data, "--strict"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("contracts.csv, row 2"),
        "{}",
        stderr(&o)
    );
    // The other commands leave the row out and say where to see it.
    for args in [
        vec!["csww", &data, "--year-end", "2021-09-30"],
        vec!["hr", "pay", &data],
    ] {
        let o = wf(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("1 row(s) rejected")
                && stderr(&o).contains(&format!("run `workforce validate {data}`")),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    // An unknown unit or metric is an argument error.
    let o = wf(&["csww", &data, "--year-end", "2021-09-30", "--unit", "NOPE"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("NOPE"));
    let o = wf(&[
        "explain",
        &data,
        "--metric",
        "nonsense",
        "--year-end",
        "2021-09-30",
    ]);
    assert!(stderr(&o).contains("unknown metric"));
    // Bad options file.
    let opts = tmp.path().join("o.json");
    std::fs::write(&opts, r#"{"turnover_denominator": "sideways"}"#).unwrap();
    let o = wf(&[
        "csww",
        &data,
        "--year-end",
        "2021-09-30",
        "--options",
        opts.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("turnover_denominator") || stderr(&o).contains("sideways"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn hr_subcommands_match_the_request_dispatcher() {
    use serde_json::json;
    use workforce::hr::request::run;
    let tmp = tempfile::tempdir().unwrap();
    let data = demo_folder(tmp.path());
    let (ds, _) = workforce::io::read_dir(Path::new(&data), &Default::default()).unwrap();
    let lib = workforce::Workforce::new(ds).unwrap();
    let o = workforce::Options::default();
    let cases = [
        (
            "survival --from 2019-10-01 --to 2021-09-30 --group-by team --conf-type log-log",
            json!({"from": "2019-10-01", "to": "2021-09-30", "group_by": "team",
                "conf_type": "log_log"}),
        ),
        (
            "stability --view tenure --to 2021-09-30 --bands 1,3",
            json!({"view": "tenure", "to": "2021-09-30", "bands": [1, 3]}),
        ),
        (
            "caseload --date 2021-09-30 --nq-weight 0.6 --group-by role",
            json!({"date": "2021-09-30", "nq_weight": 0.6, "group_by": "role"}),
        ),
        (
            "leavers --from 2020-10-01 --to 2021-09-30 --by team,service --scope all",
            json!({"from": "2020-10-01", "to": "2021-09-30", "by": "team,service",
                "scope": "all"}),
        ),
    ];
    for (cmd, args) in cases {
        let mut argv: Vec<&str> = cmd.split(' ').collect();
        argv.splice(0..0, ["hr"]);
        argv.insert(2, &data);
        argv.extend(["--format", "csv"]);
        let out = wf(&argv);
        assert!(out.status.success(), "{cmd}: {}", stderr(&out));
        let t = run(&lib, argv[1], &args, &o).unwrap();
        assert_eq!(stdout(&out), t.to_csv(), "{cmd}");
    }
    // The CLI's wording and leniency: errors name the flag; an unknown job family is empty.
    let out = wf(&[
        "hr",
        "stability",
        &data,
        "--view",
        "movers",
        "--to",
        "2021-09-30",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "error: --from is required for this view\n");
    let out = wf(&["hr", "pay", &data, "--scope", "family:nosuch"]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Option flags, as the other metric commands take them: the same table as the library's
    // with those options, and as the options file gives.
    let leavers = [
        "hr",
        "leavers",
        &data,
        "--from",
        "2020-10-01",
        "--to",
        "2021-09-30",
        "--by",
        "category",
        "--format",
        "csv",
    ];
    let flags = [
        leavers.as_slice(),
        &["--turnover-denominator", "average_start_end"],
    ]
    .concat();
    let out = wf(&flags);
    assert!(out.status.success(), "{}", stderr(&out));
    let avg = workforce::Options {
        turnover_denominator: workforce::options::TurnoverDenominator::AverageStartEnd,
        ..Default::default()
    };
    let args = json!({"from": "2020-10-01", "to": "2021-09-30", "by": "category"});
    let want = run(&lib, "leavers", &args, &avg).unwrap().to_csv();
    assert_eq!(stdout(&out), want);
    assert_ne!(want, run(&lib, "leavers", &args, &o).unwrap().to_csv());
    let file = tmp.path().join("options.json");
    std::fs::write(&file, r#"{"turnover_denominator": "average_start_end"}"#).unwrap();
    let from_file = [leavers.as_slice(), &["--options", file.to_str().unwrap()]].concat();
    assert_eq!(stdout(&wf(&from_file)), want);
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let tmp = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_workforce"))
        .args(["demo", "--out", tmp.path().join("d").to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
}
