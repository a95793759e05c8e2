"""`Workforce.census_xml` (the XML return of `workforce census`) and `workforce.read_census`."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

import workforce
from conftest import YE
from test_cli_parity import CLI

KEY = b"a pseudonymisation key of 32 bytes!"


def without_time(xml: str) -> str:
    """The XML without the header's time of writing."""
    return re.sub(r"<DateTime>[^<]*</DateTime>", "", xml)


def test_small_council_has_no_swe_numbers(small: workforce.Workforce) -> None:
    c = small.census_xml(YE, la=839)
    # No SWE numbers in the small council: every record is left out and listed.
    assert (c.year, c.records, c.employee_records, c.agency_records) == (2021, 0, 0, 0)
    issues = c.issues.to_pylist()
    assert [(i["status"], i["person_id"], i["kind"]) for i in issues] == [
        ("excluded", "p1", "employee"), ("excluded", "p2", "employee"),
        ("excluded", "p3", "employee"), ("excluded", "p4", "agency")]
    assert issues[3]["items"] == "SWENo"
    assert "ReasonLeave" in issues[2]["items"]  # p3 left in the year
    # The LA-level block: post P2 vacant (1 FTE) and covered by one 1.0 FTE agency worker.
    assert "<NumberOfVacancies>1.00</NumberOfVacancies>" in c.xml
    assert "<NoAgencyFTE>1.00</NoAgencyFTE>" in c.xml
    assert "<NoAgencyHeadcount>1</NoAgencyHeadcount>" in c.xml
    assert "<LEA>839</LEA>" in c.xml and "<CSWWWorker>" not in c.xml
    assert json.loads(c.to_json())["excluded"][0]["person_id"] == "p1"


def _cli_census(data: Path, tmp_path: Path, *extra: str) -> Path:
    if not CLI.exists():
        pytest.skip(f"the command-line tool is not built ({CLI})")
    out = tmp_path / "cli.xml"
    r = subprocess.run([str(CLI), "census", str(data), "--year-end", YE, "--la", "839",
                        "--out", str(out), "--report", str(tmp_path / "cli.json"), *extra],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return out


def test_demo_equals_cli_and_reads_back(tmp_path: Path) -> None:
    data = tmp_path / "data"
    workforce.demo().write(data)
    wf = workforce.load(data)
    c = wf.census_xml(YE, la="839")
    out = _cli_census(data, tmp_path)
    assert without_time(c.xml) == without_time(out.read_text())
    assert c.to_json() == (tmp_path / "cli.json").read_text()
    assert (c.records, c.employee_records, c.agency_records) == (397, 293, 104)
    assert c.xml.count("<CSWWWorker>") == 397
    # Read back, the census gives the CSWW headcounts of the data it came from.
    c.write(tmp_path / "py.xml")
    back = workforce.read_census(tmp_path / "py.xml")
    ours, theirs = back.csww(YE).to_pylist()[0], wf.csww(YE).to_pylist()[0]
    for k in ["inpost_headcount", "leavers_headcount", "starters_headcount",
              "agency_headcount", "cases"]:
        assert ours[k] == theirs[k], k
    assert ours["vacancy_fte"] == pytest.approx(theirs["vacancy_fte"])


def test_pseudonymised_equals_cli(tmp_path: Path) -> None:
    data = tmp_path / "data"
    workforce.demo().write(data)
    wf = workforce.load(data)
    keyfile = tmp_path / "key"
    keyfile.write_bytes(KEY + b"\n")
    out = _cli_census(data, tmp_path, "--pseudonymise", str(keyfile))
    by_file = wf.census_xml(YE, la="839", pseudonymise_key=keyfile)
    assert without_time(by_file.xml) == without_time(out.read_text())
    # The key itself as bytes gives the same file; no SWE number is left in it.
    by_bytes = wf.census_xml(YE, la="839", pseudonymise_key=KEY)
    assert without_time(by_bytes.xml) == without_time(by_file.xml)
    plain = wf.census_xml(YE, la="839").xml
    swe = re.search(r"<SWENo>([^<]*)</SWENo>", plain)
    assert swe is not None and swe.group(1) not in by_bytes.xml
    assert re.search(r"<SWENo>[0-9a-f]{64}</SWENo>", by_bytes.xml)


def test_read_census_notes_what_it_cannot_carry_over(tmp_path: Path) -> None:
    xml = workforce.demo().census_xml(YE, la="839").xml
    # Blank the first worker's SWE number.
    xml = re.sub(r"<SWENo>[^<]*</SWENo>", "<SWENo></SWENo>", xml, count=1)
    path = tmp_path / "census.xml"
    path.write_text(xml)
    wf = workforce.read_census(path)
    rep = wf.report
    assert rep is not None
    notes = [w["reason"] for w in rep.warnings.to_pylist() if w["file"] == str(path)]
    assert "worker record 1: no SWENo; person id R1 given" in notes
    assert any("NoAgencyHeadcount" in n for n in notes)  # which agency workers cover
    assert "R1" in wf.table("people")["person_id"]


def test_errors(small: workforce.Workforce, tmp_path: Path) -> None:
    with pytest.raises(workforce.InvalidArgumentError, match="30 September"):
        small.census_xml("2021-03-31", la="839")
    with pytest.raises(workforce.InvalidArgumentError, match="3-digit"):
        small.census_xml(YE, la="83")
    with pytest.raises(workforce.InvalidArgumentError, match="at least"):
        small.census_xml(YE, la="839", pseudonymise_key=b"short")
    short = tmp_path / "short.key"
    short.write_bytes(b"short\n")
    with pytest.raises(workforce.ConfigError) as e:
        small.census_xml(YE, la="839", pseudonymise_key=short)
    assert e.value.file == str(short)
    with pytest.raises(TypeError, match="pseudonymise_key"):
        small.census_xml(YE, la="839", pseudonymise_key=32)
    with pytest.raises(workforce.ConfigError, match="RecruitmentBonus"):
        small.census_xml(YE, la="839", settings={
            "recruitment_bonus": 7, "retention_bonus": 0, "performance_award": 0,
            "car_allowance": 0, "relocation_package": 0, "regional_weighting": 0,
            "cost_swe": 0, "cost_dbs": 0})
    missing = tmp_path / "nope.xml"
    with pytest.raises(workforce.IoError) as e2:
        workforce.read_census(missing)
    assert e2.value.file == str(missing)
    bad = tmp_path / "bad.xml"
    bad.write_text("<Message><Header>")
    with pytest.raises(workforce.InvalidDataError) as e3:
        workforce.read_census(bad)
    assert e3.value.file == str(bad)
