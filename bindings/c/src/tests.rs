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

    #[test]
    fn header_version_is_the_workspace_version() {
        let h = generate();
        assert!(h.contains(&format!(
            "#define WF_VERSION \"{}\"",
            env!("CARGO_PKG_VERSION")
        )));
    }
}
