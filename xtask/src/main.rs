//! Project tasks. `cargo xtask test` runs every check and test of the three languages:
//! formatting, clippy, the Rust tests and doctests, the HTML report in headless Chromium, then
//! the C and Python tests when their bindings are present.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn run(step: &str, cmd: &mut Command) -> Result<(), String> {
    eprintln!("==> {step}: {cmd:?}");
    let status = cmd
        .current_dir(root())
        .status()
        .map_err(|e| format!("{step}: cannot start: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{step} failed ({status})"))
    }
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn test(skip_fmt: bool) -> Result<(), String> {
    if !skip_fmt {
        run("format", cargo().args(["fmt", "--all", "--check"]))?;
    }
    run(
        "clippy",
        cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    run("rust tests", cargo().args(["test", "--workspace"]))?;
    let browser = root().join("tests/browser/check_report.sh");
    if browser.exists() {
        let have_chromium = ["chromium", "chromium-browser"].iter().any(|c| {
            Command::new("sh")
                .args(["-c", &format!("command -v {c}")])
                .output()
                .is_ok_and(|o| o.status.success())
        });
        if have_chromium || std::env::var_os("CI").is_some() {
            run(
                "report in headless Chromium",
                Command::new("bash").arg(browser),
            )?;
        } else {
            eprintln!("==> report in headless Chromium: skipped, chromium is not installed");
        }
    }
    let c = root().join("bindings/c/test.sh");
    if c.exists() {
        run("C tests", Command::new("bash").arg(c))?;
    }
    let py = root().join("bindings/python/test.sh");
    if py.exists() {
        run("Python tests", Command::new("bash").arg(py))?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("test") => test(args.iter().any(|a| a == "--no-fmt")),
        _ => {
            eprintln!("usage: cargo xtask test [--no-fmt]");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => {
            eprintln!("==> all checks passed");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
