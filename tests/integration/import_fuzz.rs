//! Arbitrary bytes into the importer's CSV, XLSX and mapping readers: an error or a listed
//! rejection, never a panic, and rows read = accepted + rejected. `PROPTEST_CASES=N` runs
//! longer on demand.

use super::import_rules::{balanced, xlsx, Fx};
use proptest::prelude::*;
use workforce::import::{dates::DateFormat, read, Config};

const CFG: &str = r#"
[org]
unit = [{ id = "LA", name = "Council" }]
unmapped_parent = "LA"
codes_are_units = true
[[source]]
name = "hr"
kind = "employees"
file = "hr.csv"
encoding = "ENC"
date_formats = ["dd/mm/yyyy", "m/d/y", "dd-Mon-yy", "excel"]
[source.columns]
person_id = "id"
swe_number = "swe"
name = "name"
date_of_birth = "dob"
org_code = "team"
weekly_hours = "hours"
start_date = "start"
end_date = "end"
csww_role = "role"
[source.codes.csww_role]
"SW" = 5
"#;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(48)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn csv_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..1500), cp1252 in any::<bool>()) {
        let fx = Fx::new();
        fx.file("hr.csv", &bytes);
        let cfg = CFG.replace("ENC", if cp1252 { "windows-1252" } else { "utf-8" });
        let _ = fx.run(&cfg);
    }

    #[test]
    fn csv_rows_after_a_good_header_never_panic(
        body in "[a-zA-Z0-9,\"\r\n /:\\-\u{feff}\u{e9}£]{0,800}",
    ) {
        let fx = Fx::new();
        fx.file("hr.csv", format!("id,swe,name,dob,team,hours,start,end,role\n{body}"));
        if let Ok(imp) = fx.run(&CFG.replace("ENC", "utf-8")) {
            balanced(&imp);
        }
    }

    #[test]
    fn xlsx_bytes_never_panic(
        cut in 0usize..4000,
        flip in proptest::collection::vec((0usize..4000, any::<u8>()), 0..8),
        garbage in proptest::collection::vec(any::<u8>(), 0..256),
        use_garbage in any::<bool>(),
    ) {
        let fx = Fx::new();
        let mut b = xlsx(&[
            vec!["id", "swe", "name", "dob", "team", "hours", "start", "end", "role"],
            vec!["1", "SW1", "Smith, Jo", "01/02/1980", "T1", "37", "43831", "", "SW"],
        ]);
        if use_garbage {
            b = garbage;
        } else {
            for (i, v) in flip {
                if !b.is_empty() {
                    let n = b.len();
                    b[i % n] = v;
                }
            }
            b.truncate(cut.max(1));
        }
        fx.file("hr.xlsx", &b);
        let cfg = CFG.replace("hr.csv", "hr.xlsx").replace("ENC", "utf-8");
        let _ = fx.run(&cfg);
    }

    #[test]
    fn mapping_text_never_panics(text in "[\\[\\]a-z_=\"\n .,{}0-9*]{0,400}") {
        let _ = Config::parse(&text, std::path::Path::new("."));
        let _ = Config::parse(&format!("{CFG}\n{text}"), std::path::Path::new("."));
    }

    #[test]
    fn date_formats_never_panic(spec in "[dmyMonth/\\-. ]{0,16}", value in "[0-9A-Za-z/\\-. :]{0,20}") {
        if let Ok(f) = DateFormat::parse(&spec) {
            let _ = f.apply(&value, 29);
        }
        let _ = read::glob_match(&spec, &value);
    }
}
