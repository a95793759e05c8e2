//! Helpers of the census tests: a seeded hand-built council with every census item filled, and
//! schema validation with xmllint.

use std::path::{Path, PathBuf};
use std::process::Command;
use workforce::census::LaSettings;
use workforce::model::*;
use workforce_tests::{d, Builder};

/// A small deterministic random generator (xorshift), so tests need no extra dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

const ETHNICITIES: [&str; 6] = ["WBRI", "WOTH", "BAFR", "AIND", "MWBC", "REFU"];
const FTES: [f64; 5] = [1.0, 1.0, 0.8, 0.6, 0.5];

fn day(off: i64) -> String {
    (d("2017-01-01") + chrono::Duration::days(off)).to_string()
}

/// A council (`LA` with teams `A` and `B`) with `n` employees and `n / 4` agency workers over
/// 2017–2025: internal moves, leavers and rejoiners, funded posts (some vacant), agency cover,
/// sickness (recorded and derived), maternity leave, case allocations and every census item
/// of `people.csv` filled.
pub fn council(seed: u64, n: usize) -> Dataset {
    let mut r = Rng::new(seed);
    let mut b = Builder::council();
    let span = 9 * 365;
    let mut post_no = 0;
    for i in 0..n {
        let pid = format!("E{i:03}");
        let unit = if i % 2 == 0 { "A" } else { "B" };
        let mut start = r.below(span - 200) as i64;
        let mut k = 0;
        // One to three spells, each of one or two contracts (an internal move).
        for _spell in 0..1 + r.below(3) {
            let parts = 1 + r.below(2);
            for part in 0..parts {
                let len = 60 + r.below(1200) as i64;
                let last_part = part + 1 == parts;
                let open = last_part && r.chance(40);
                let end = if open { None } else { Some(start + len) };
                post_no += 1;
                let post = format!("P{post_no:04}");
                b.post(&post, unit, 1.0, &day(start.min(100)), "");
                let cid = format!("{pid}-{k}");
                k += 1;
                let role = (1 + r.below(6)) as u8;
                b.contract_full(
                    &cid,
                    &pid,
                    unit,
                    Some(&post),
                    Some(role),
                    *r.pick(&FTES),
                    &day(start),
                    &end.map(day).unwrap_or_default(),
                );
                let c = b.ds.contracts.last_mut().unwrap();
                if part == 0 {
                    c.start_origin = Some((1 + r.below(10)) as u8);
                }
                if last_part && end.is_some() {
                    c.reason_leave = Some((1 + r.below(10)) as u8);
                    c.leaver_destination = Some((1 + r.below(9)) as u8);
                }
                c.annual_pay = Some(38_000.0 + r.below(20_000) as f64);
                match end {
                    Some(e) if !last_part => start = e + 1,
                    Some(e) => start = e + 30 + r.below(400) as i64,
                    None => start = span as i64 + 1000,
                }
            }
            if start >= span as i64 {
                break;
            }
        }
        // Sickness: recorded days or derived.
        for s in 0..r.below(4) {
            let st = r.below(span) as i64;
            let len = 1 + r.below(40) as i64;
            let recorded = if r.chance(50) {
                Some((1 + r.below(30)) as f64 / 2.0)
            } else {
                None
            };
            b.sick(
                &format!("{pid}-S{s}"),
                &pid,
                &day(st),
                &day(st + len),
                recorded,
            );
        }
        if r.chance(15) {
            let y = 2021 + r.below(5) as i32;
            b.ds.absences.push(Absence {
                absence_id: format!("{pid}-M").into(),
                person_id: pid.clone().into(),
                absence_type: AbsenceType::Maternity,
                reason: None,
                start_date: d(&format!("{y}-06-01")),
                end_date: Some(d(&format!("{y}-12-31"))),
                working_days_lost: None,
            });
        }
        for c in 0..r.below(20) {
            let st = r.below(span) as i64;
            b.alloc(
                &format!("{pid}-child{c}"),
                &pid,
                &day(st),
                &day(st + 30 + r.below(500) as i64),
            );
        }
    }
    // Vacant posts.
    for v in 0..n / 5 {
        b.post(
            &format!("V{v:03}"),
            if v % 2 == 0 { "A" } else { "B" },
            1.0,
            "2017-01-01",
            "",
        );
    }
    // Agency workers, some covering the vacant posts.
    for a in 0..n / 4 {
        let pid = format!("G{a:03}");
        let mut start = r.below(span - 100) as i64;
        for k in 0..1 + r.below(2) {
            let len = 30 + r.below(600) as i64;
            let post = if r.chance(60) {
                Some(format!("V{:03}", r.below((n / 5).max(1) as u64)))
            } else {
                None
            };
            let end = if r.chance(30) {
                None
            } else {
                Some(start + len)
            };
            b.agency(
                &format!("{pid}-{k}"),
                &pid,
                if a % 2 == 0 { "A" } else { "B" },
                post.as_deref(),
                None,
                *r.pick(&FTES),
                &day(start),
                &end.map(day).unwrap_or_default(),
            );
            match end {
                Some(e) => start = e + 1 + r.below(3) as i64,
                None => break,
            }
        }
        b.alloc(&format!("{pid}-child"), &pid, "2017-01-01", "");
    }
    // People's census items.
    for (i, p) in b.ds.people.iter_mut().enumerate() {
        p.swe_number = Some(format!("SW{:06}", 100_000 + i * 7 + seed as usize % 7).into());
        p.date_of_birth = Some(d("1960-01-01") + chrono::Duration::days(r.below(12_000) as i64));
        p.gender = Some(if r.chance(75) { "F" } else { "M" }.into());
        p.ethnicity = Some(r.pick(&ETHNICITIES).to_string().into());
        p.qualification_institution = Some(format!("University {}", r.below(30)).into());
        p.qualification_level = Some((1 + r.below(3)) as u8);
        p.step_up_graduate = Some(r.chance(10));
        p.frontline_graduate = Some(r.chance(10));
        p.cfkss_status = Some((1 + r.below(4)) as u8);
    }
    b.ds
}

/// The 2025 LA-level answers used by the tests.
pub fn settings() -> LaSettings {
    LaSettings {
        recruitment_bonus: 2,
        retention_bonus: 1,
        performance_award: 0,
        car_allowance: 2,
        relocation_package: 0,
        regional_weighting: 0,
        cost_swe: 1,
        cost_dbs: 1,
        other_allowances: "Market supplement <team managers> & seniors".into(),
    }
}

/// The year's schema from `../shared/spec/`.
pub fn schema(year: i32) -> PathBuf {
    workforce_tests::shared()
        .join("spec")
        .join(format!("csww_schema_{year}.xsd"))
}

/// Whether xmllint is installed.
pub fn have_xmllint() -> bool {
    Command::new("xmllint").arg("--version").output().is_ok()
}

/// Validate `xml` against the year's schema with xmllint. The shared schemas' `SWENo` pattern
/// ends in a literal `$` (spec README, known problem 1): validate against a scratch copy whose
/// pattern is `[A-Za-z]{2}\d{1,12}`. Returns xmllint's messages on failure; `None` when
/// xmllint is absent.
pub fn xmllint(year: i32, xml: &str, dir: &Path) -> Option<Result<(), String>> {
    if !have_xmllint() {
        eprintln!(
            "SKIPPED schema validation: xmllint is not installed (apt-get install libxml2-utils)"
        );
        return None;
    }
    let xsd = std::fs::read_to_string(schema(year)).expect("schema");
    let fixed = xsd.replace(r"[A-Za-z]{2}\d{1,10}$", r"[A-Za-z]{2}\d{1,12}");
    assert_ne!(
        xsd, fixed,
        "the SWENo defect should be in the {year} schema"
    );
    let xsd_path = dir.join(format!("schema_{year}.xsd"));
    let xml_path = dir.join(format!("census_{year}.xml"));
    std::fs::write(&xsd_path, fixed).unwrap();
    std::fs::write(&xml_path, xml).unwrap();
    let out = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd_path)
        .arg(&xml_path)
        .output()
        .expect("run xmllint");
    Some(if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    })
}
