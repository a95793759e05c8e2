//! A team manager's dashboard: monthly series for one team and its agency position.
//!
//! ```sh
//! cargo run -p workforce-examples --example team_dashboard
//! ```

use workforce::{Date, Options, Scope, Workforce};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let wf = Workforce::new(workforce::generate::demo())?;
    let o = Options::default();
    // The first team: council, directorate and service sit above the teams.
    let team = wf
        .unit_ids()
        .into_iter()
        .find(|u| wf.unit_depth(u) > Some(2))
        .map(str::to_string);
    let from: Date = "2020-10-01".parse()?;
    let to: Date = "2021-09-30".parse()?;
    let series = wf.series(from, to, team.as_deref(), &Scope::Csww, &o)?;
    println!(
        "Team {}\n",
        team.as_deref()
            .and_then(|t| wf.unit_name(t))
            .unwrap_or("all")
    );
    println!("{}", series.to_text(o.rounding));
    println!(
        "{}",
        wf.agency_length_bands(to, team.as_deref(), &Scope::Csww, &o)?
            .to_text(o.rounding)
    );
    Ok(())
}
