//! Statistical neighbour groupings: the 2021 file and the 2025 wide model.

use workforce::published::{Closeness, Neighbours};

fn dfe(name: &str) -> std::path::PathBuf {
    workforce_tests::shared().join("data/dfe_csww").join(name)
}

#[test]
fn grouping_2021() {
    let sn = Neighbours::read(dfe("New_Statistical_Neighbour_Groupings_April_2021.csv")).unwrap();
    // 152 authorities, then blank rows, an "Old SNs:" heading (skipped) and the four
    // pre-2019/2021 authorities 835, 836, 837, 928 (kept).
    assert_eq!(sn.len(), 156);
    let bcp = sn.neighbours("839").unwrap();
    let codes: Vec<&str> = bcp.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(
        codes,
        ["882", "845", "866", "935", "886", "921", "938", "916", "878", "800"]
    );
    assert!(bcp.iter().all(|(_, c)| *c == Closeness::VeryClose));
    let e = sn.entry("839").unwrap();
    assert_eq!(e.name, "Bournemouth, Christchurch & Poole");
    assert_eq!(e.region.as_deref(), Some("South West"));
    assert_eq!(
        sn.neighbours("838").unwrap()[0],
        ("878".to_string(), Closeness::ExtremelyClose)
    );
    assert_eq!(sn.neighbours("201").unwrap()[0].1, Closeness::NotClose);
    assert_eq!(sn.neighbours("837").unwrap().len(), 10);
    assert!(sn.neighbours("999").is_none());
    // Joint code: the first part's neighbours.
    assert_eq!(sn.neighbours("314 / 318"), sn.neighbours("314"));
    assert!(sn.entries().all(|e| e.neighbours.len() == 10));
}

#[test]
fn model_2025() {
    let sn = Neighbours::read(dfe("sn_model_2025_wide.csv")).unwrap();
    assert_eq!(sn.len(), 153);
    let bcp = sn.neighbours("839").unwrap();
    assert_eq!(bcp.len(), 10);
    assert_eq!(bcp[0], ("822".to_string(), Closeness::VeryClose));
    // "Close " with a trailing space is Close.
    assert_eq!(bcp[8], ("845".to_string(), Closeness::Close));
    assert_eq!(sn.entry("301").unwrap().region.as_deref(), Some("London"));
    assert_eq!(
        Closeness::parse("  somewhat   Close "),
        Closeness::SomewhatClose
    );
    assert_eq!(Closeness::parse("Near").as_str(), "Near");
}

#[test]
fn bad_neighbour_files() {
    let e = Neighbours::read("/nonexistent/sn.csv").unwrap_err();
    assert!(e.is_io());
    let e = Neighbours::from_reader("a,b\n1,2\n".as_bytes(), "sn.csv", "m").unwrap_err();
    assert!(e.is_invalid_data());
    assert_eq!((e.row(), e.file()), (Some(1), Some("sn.csv")));
    let text = "LA num,LA Name,SN1,SNP,SN2,SNP,\n839,BCP,882,Close,88x,Close,\n";
    let e = Neighbours::from_reader(text.as_bytes(), "sn.csv", "m").unwrap_err();
    assert_eq!((e.row(), e.column()), (Some(2), Some("SN2")));
    let text = "LA num,LA Name,SN1,SNP\n839,BCP,882,Close\n839,BCP,882,Close\n";
    let e = Neighbours::from_reader(text.as_bytes(), "sn.csv", "m").unwrap_err();
    assert_eq!((e.row(), e.column()), (Some(3), Some("LA num")));
    let e = Neighbours::from_reader("".as_bytes(), "sn.csv", "m").unwrap_err();
    assert!(e.is_invalid_data());
}
