//! Rust-side tests of the C API: the header, the status codes, and the calls themselves.

mod header {
    use std::path::Path;

    /// The header cbindgen generates now, with the version `#define`s of the workspace version.
    fn generate() -> String {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut config = cbindgen::Config::from_file(dir.join("cbindgen.toml")).expect("config");
        let v = env!("CARGO_PKG_VERSION");
        let (major, minor, patch) = (
            env!("CARGO_PKG_VERSION_MAJOR"),
            env!("CARGO_PKG_VERSION_MINOR"),
            env!("CARGO_PKG_VERSION_PATCH"),
        );
        let defines = format!(
            "\n/* The version of this header: the workspace version. wf_version() gives the library's. */\n\
             #define WF_VERSION \"{v}\"\n#define WF_VERSION_MAJOR {major}\n\
             #define WF_VERSION_MINOR {minor}\n#define WF_VERSION_PATCH {patch}\n"
        );
        config.after_includes = Some(defines + config.after_includes.as_deref().unwrap_or(""));
        let mut out = Vec::new();
        cbindgen::Builder::new()
            .with_config(config)
            .with_src(dir.join("src/lib.rs"))
            .generate()
            .expect("cbindgen")
            .write(&mut out);
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn header_is_up_to_date() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("include/workforce.h");
        let now = generate();
        if std::env::var_os("WF_BLESS_HEADER").is_some() {
            std::fs::write(&path, &now).expect("write header");
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == now,
            "include/workforce.h is out of date: regenerate it with \
             `WF_BLESS_HEADER=1 cargo test -p workforce-capi header` and commit it"
        );
    }

    /// Every function that hands out an object (`struct wf_x **x_out`, or a returned
    /// `struct wf_x *`) names the function that frees it, and every function taking a pointer
    /// or a `wf_str` has a `# Safety` section.
    #[test]
    fn header_documents_ownership_and_safety() {
        let h = generate();
        let body = &h[h.find("extern \"C\" {").expect("extern block")..];
        let mut checked = 0;
        for chunk in body.split("/**").skip(1) {
            let Some((doc, rest)) = chunk.split_once("*/") else {
                continue;
            };
            let Some(decl) = rest.split(';').next().filter(|d| d.contains('(')) else {
                continue;
            };
            let (ret, params) = decl.split_once('(').expect("a declaration");
            let name = ret
                .split_whitespace()
                .last()
                .unwrap_or("")
                .trim_start_matches('*');
            if !name.starts_with("wf_") {
                continue;
            }
            checked += 1;
            let hands_out = params
                .split(',')
                .any(|p| p.contains("**") && !p.contains("wf_error"))
                || (ret.contains("struct wf_") && ret.contains('*'));
            assert!(
                !hands_out || doc.contains("free"),
                "{name}: say which function frees what it hands out"
            );
            assert!(
                !(params.contains('*') || params.contains("wf_str")) || doc.contains("# Safety"),
                "{name}: no # Safety section"
            );
        }
        assert!(checked > 50, "only {checked} functions found in the header");
    }

    #[test]
    fn header_version_is_the_workspace_version() {
        let h = generate();
        assert!(h.contains(&format!(
            "#define WF_VERSION \"{}\"",
            env!("CARGO_PKG_VERSION")
        )));
    }
}

mod calls {
    use crate::boundary;
    use crate::builder::*;
    use crate::data::*;
    use crate::error::*;
    use crate::result::*;
    use crate::types::*;
    use std::ptr::null_mut;
    use workforce::model::{Contract, OrgUnit, Person};
    use workforce::{Dataset, Date, Options, Workforce};

    fn s(x: &'static str) -> wf_str {
        wf_str {
            data: x.as_ptr().cast(),
            len: x.len(),
        }
    }

    #[test]
    fn status_codes_are_unique_and_kinds_map_one_to_one() {
        let mut codes: Vec<u32> = wf_status::ALL.iter().map(|s| *s as u32).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), wf_status::ALL.len());
        use workforce::ErrorKind::*;
        let kinds = [
            Io,
            InvalidData,
            MissingData,
            InvalidArgument,
            Config,
            Internal,
        ];
        let mapped: Vec<u32> = kinds
            .iter()
            .map(|k| wf_status::of_kind(*k) as u32)
            .collect();
        assert_eq!(mapped, vec![1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn a_panic_becomes_a_status_and_an_error() {
        let mut err: *mut wf_error = null_mut();
        let st = boundary::status(&mut err, || panic!("boom"));
        assert_eq!(st, wf_status::Panic);
        assert!(!err.is_null());
        // SAFETY: err was just made by the library.
        unsafe {
            assert_eq!(wf_error_status(err), wf_status::Panic);
            let m = wf_error_message(err);
            let m = std::str::from_utf8(std::slice::from_raw_parts(m.data.cast(), m.len)).unwrap();
            assert!(m.contains("boom"), "{m}");
            wf_error_free(err);
        }
        assert_eq!(boundary::value(7, || panic!("boom")), 7);
    }

    /// Records pushed through the C functions give the same table as the core on the same
    /// records.
    #[test]
    fn pushed_records_compute_like_the_core() {
        let d = |y, m, dd| Date::from_ymd_opt(y, m, dd).unwrap();
        let people = ["P1", "P2", "P3"];
        let contracts = [
            ("C1", "P1", 1.0, d(2019, 1, 1), None),
            ("C2", "P2", 0.5, d(2020, 6, 1), Some(d(2022, 3, 31))),
            ("C3", "P3", 1.0, d(2022, 1, 10), None),
        ];
        // The core on its own.
        let ds = Dataset {
            org_units: vec![OrgUnit {
                org_unit_id: "T".into(),
                name: "Team".into(),
                parent_id: None,
                kind: None,
            }],
            people: people
                .iter()
                .map(|p| Person {
                    person_id: p.to_string().into(),
                    ..Person::default()
                })
                .collect(),
            contracts: contracts
                .iter()
                .map(|(id, p, fte, start, end)| Contract {
                    contract_id: (*id).into(),
                    person_id: p.to_string().into(),
                    org_unit_id: "T".into(),
                    post_id: None,
                    title: None,
                    job_family: None,
                    csww_role: Some(5),
                    fte: *fte,
                    start_date: *start,
                    end_date: *end,
                    contract_type: None,
                    reason_leave: None,
                    start_origin: None,
                    leaver_destination: None,
                    grade: None,
                    annual_pay: None,
                    source_system: None,
                })
                .collect(),
            ..Dataset::default()
        };
        let end = d(2022, 9, 30);
        let want = Workforce::new(ds)
            .unwrap()
            .csww(&[end], None, false, &Options::default())
            .unwrap()
            .to_csv();

        // The same through the C API.
        // SAFETY: every pointer is valid for its call.
        unsafe {
            let b = wf_builder_new();
            let mut err = null_mut();
            let u = wf_org_unit {
                org_unit_id: s("T"),
                name: s("Team"),
                parent_id: wf_str::NONE,
                kind: wf_str::NONE,
            };
            assert_eq!(wf_builder_add_org_unit(b, &u, &mut err), wf_status::Ok);
            for p in people {
                let mut rec: wf_person = std::mem::zeroed();
                rec.person_id = s(p);
                assert_eq!(wf_builder_add_person(b, &rec, &mut err), wf_status::Ok);
            }
            for (id, p, fte, start, end) in contracts {
                let mut c: wf_contract = std::mem::zeroed();
                c.contract_id = s(id);
                c.person_id = s(p);
                c.org_unit_id = s("T");
                c.csww_role = 5;
                c.fte = fte;
                c.start_date = wf_date::from_date(start);
                c.end_date = end.map_or_else(wf_date::default, wf_date::from_date);
                assert_eq!(wf_builder_add_contract(b, &c, &mut err), wf_status::Ok);
            }
            let mut data = null_mut();
            assert_eq!(
                wf_builder_build(b, true, &mut data, null_mut(), &mut err),
                wf_status::Ok
            );
            let mut r = null_mut();
            let ends = [wf_date::from_date(end)];
            let st = wf_data_csww(
                data,
                ends.as_ptr(),
                1,
                wf_str::NONE,
                false,
                std::ptr::null(),
                &mut r,
                &mut err,
            );
            assert_eq!(st, wf_status::Ok);
            let mut csv = null_mut();
            assert_eq!(wf_result_to_csv(r, &mut csv, &mut err), wf_status::Ok);
            let got = wf_string_str(csv);
            let got =
                std::str::from_utf8(std::slice::from_raw_parts(got.data.cast(), got.len)).unwrap();
            assert_eq!(got, want);
            assert!(err.is_null());
            wf_string_free(csv);
            wf_result_free(r);
            wf_data_free(data);
            wf_builder_free(b);
        }
    }
}
