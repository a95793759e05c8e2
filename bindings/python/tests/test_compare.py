"""`workforce.compare`: DfE's published CSWW figures for a council beside its comparators, as
`workforce compare` prints them."""

from __future__ import annotations

from pathlib import Path

import pytest

import workforce
from test_cli_parity import ROOT, cli, rows

SHARED = ROOT.parent / "shared" / "data"
DFE = SHARED / "dfe_csww" / "csww_indicators_2017_to_2025.csv"
SN_2021 = SHARED / "dfe_csww" / "New_Statistical_Neighbour_Groupings_April_2021.csv"
OFSTED = SHARED / "dfe_csc" / "LA_Inspection_Outcomes_as_at_31_March_2025.ods"


def test_shipped_figures_for_bcp() -> None:
    t = workforce.compare("839", 2021, with_=["Dorset"], aggregates=["mean"],
                          measures=["turnover_rate_fte"])
    assert t.column_names == ["comparator", "code", "kind", "source", "turnover_rate_fte",
                              "turnover_rate_fte_n"]
    got = [(r["comparator"], r["code"], r["kind"], r["turnover_rate_fte"],
            r["turnover_rate_fte_n"]) for r in t.to_pylist()]
    # DfE's published 2021 figures (csww_indicators_2017_to_2025.csv, shipped).
    assert got == [
        ("Bournemouth, Christchurch and Poole", "839", "council", 36.0, None),
        ("England", "E92000001", "national", 15.4, None),
        ("South West", "E12000009", "region", 15.2, None),
        ("Statistical neighbours (mean)", None, "neighbours", pytest.approx(12.33), 10),
        ("Dorset", "838", "named", 12.7, None),
    ]
    # The code as an int and a single str for each list give the same table.
    same = workforce.compare(839, 2021, with_="Dorset", aggregates="mean",
                             measures="turnover_rate_fte")
    assert same.to_csv() == t.to_csv()


def test_default_is_three_aggregates_and_six_measures() -> None:
    t = workforce.compare("Bournemouth, Christchurch and Poole", 2021)
    labels = t["comparator"]
    assert labels[3:6] == ["Statistical neighbours (median)", "Statistical neighbours (mean)",
                           "Statistical neighbours (pooled)"]
    measures = [c for c in t.column_names[4:] if not c.endswith("_n")]
    assert measures == ["turnover_rate_fte", "turnover_rate_headcount", "agency_rate_fte",
                        "vacancy_rate_fte", "caseload_fte", "absence_rate_fte"]


def test_own_figures_replace_the_published_row() -> None:
    wf = workforce.demo()
    row = wf.csww(year_end="2021-09-30")
    own = row.to_pylist()[0]
    t = workforce.compare("839", 2021, own=row, own_label="Demo council",
                          measures=["turnover_rate_fte", "agency_rate_fte"])
    first = t.to_pylist()[0]
    assert first["comparator"] == "Demo council"
    assert (first["code"], first["kind"], first["source"]) == ("839", "council", "supplied")
    assert first["turnover_rate_fte"] == own["turnover_rate_fte"]
    assert first["agency_rate_fte"] == own["agency_rate_fte"]
    # The rest of the table is the published one.
    published = workforce.compare("839", 2021, measures=["turnover_rate_fte", "agency_rate_fte"])
    assert t.to_pylist()[1:] == published.to_pylist()[1:]
    # A Workforce gives its CSWW row for the year ending 30 September, labelled "(own data)".
    by_wf = workforce.compare("839", 2021, own=wf,
                              measures=["turnover_rate_fte", "agency_rate_fte"]).to_pylist()[0]
    assert by_wf["comparator"] == "Bournemouth, Christchurch and Poole (own data)"
    assert by_wf["turnover_rate_fte"] == own["turnover_rate_fte"]


def test_equals_cli_with_shipped_files() -> None:
    out = cli("compare", "--la", "839", "--year", "2021", "--with", "Dorset", "--with",
              "Hampshire", "--aggregate", "median", "--aggregate", "pooled", "--format", "csv")
    ours = workforce.compare("839", 2021, with_=["Dorset", "Hampshire"],
                             aggregates=["median", "pooled"])
    assert rows(out) == rows(ours.to_csv())


@pytest.mark.skipif(not DFE.exists() or not OFSTED.exists(), reason="no shared DfE data")
def test_equals_cli_with_files_and_ofsted() -> None:
    out = cli("compare", "--dfe", str(DFE), "--neighbours", str(SN_2021), "--la", "839",
              "--year", "2021", "--ofsted", str(OFSTED), "--ofsted-date", "2022-07-01",
              "--with", "Dorset", "Hampshire", "Southampton", "--aggregate", "mean",
              "--measure", "turnover_rate_fte", "--format", "csv")
    ours = workforce.compare("839", 2021, dfe=DFE, neighbours=SN_2021, ofsted=OFSTED,
                             ofsted_date="2022-07-01",
                             with_=["Dorset", "Hampshire", "Southampton"],
                             aggregates=["mean"], measures=["turnover_rate_fte"])
    assert rows(out) == rows(ours.to_csv())
    assert ours["comparator"][4] == "Good+ LAs (mean)"
    assert ours.to_pylist()[-1]["turnover_rate_fte"] == 5.4  # Southampton, 852
    # A list of indicator files, the last winning, reads the same.
    assert workforce.compare("839", 2021, dfe=[DFE, str(DFE)], with_="Dorset").to_csv() == \
        workforce.compare("839", 2021, with_="Dorset").to_csv()


def test_bad_arguments() -> None:
    with pytest.raises(workforce.InvalidArgumentError, match="nope"):
        workforce.compare("839", 2021, measures=["nope"])
    with pytest.raises(workforce.InvalidArgumentError, match="aggregates"):
        workforce.compare("839", 2021, aggregates=["average"])
    with pytest.raises(workforce.InvalidArgumentError, match="Atlantis"):
        workforce.compare("Atlantis", 2021)
    with pytest.raises(workforce.MissingDataError):
        workforce.compare("839", 2005)
    with pytest.raises(TypeError, match="own"):
        workforce.compare("839", 2021, own="figures")
    with pytest.raises(TypeError, match="with_"):
        workforce.compare("839", 2021, with_=[838])
    with pytest.raises(TypeError, match="ofsted_date"):
        workforce.compare("839", 2021, ofsted_date="2022-07-01")


def test_bad_indicator_files(tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    with pytest.raises(workforce.IoError) as e:
        workforce.compare("839", 2021, dfe=missing)
    assert e.value.file == str(missing)
    header = ("time_period,time_identifier,geographic_level,country_code,country_name,"
              "region_code,region_name,old_la_code,new_la_code,la_name,turnover_rate_fte\n")
    bad = tmp_path / "bad.csv"
    bad.write_text(header + "2021,Reporting year,National,E92000001,England\n")
    with pytest.raises(workforce.InvalidDataError) as e2:
        workforce.compare("839", 2021, dfe=bad)
    assert e2.value.file == str(bad) and e2.value.row == 2
