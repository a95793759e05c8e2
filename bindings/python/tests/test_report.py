"""`Workforce.councillors_report`: the HTML report and XLSX workbook of `workforce report`."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest

import workforce
from conftest import YE
from test_cli_parity import CLI


def test_headline_of_the_small_council(small: workforce.Workforce) -> None:
    html = small.councillors_report(YE)
    assert html is not None and html.startswith("<!DOCTYPE html>")
    # Turnover: the 0.8 FTE leaver over the 1.5 FTE in post on 30 September (p1 1.0, p2 0.5);
    # England's published 2021 figure beside it.
    card = re.search(r'Turnover \(FTE\)</div><div class="value">([^<]*)</div>'
                     r'<div class="cmp">England <b>([^<]*)</b>', html)
    assert card is not None and card.groups() == ("53.3%", "15.4%")
    # The same figure with the options of a metric method.
    other = small.councillors_report(YE, turnover_denominator="average_start_end")
    assert other is not None and other != html


def test_publication_suppresses_small_counts(small: workforce.Workforce) -> None:
    internal = small.councillors_report(YE)
    public = small.councillors_report(YE, publication=True)
    assert internal is not None and public is not None
    assert ">c<" not in internal
    assert ">c<" in public  # one or two people per team: below the threshold of 5
    # With a threshold of 1 nothing is small.
    assert small.councillors_report(YE, publication=True, threshold=1) != public


def test_html_and_workbook_equal_cli(tmp_path: Path) -> None:
    data = tmp_path / "data"
    workforce.demo().write(data)
    wf = workforce.load(data)
    out = _cli_report(data, tmp_path)
    got = wf.councillors_report(YE, la="839", with_=["Dorset"], publication=True, threshold=10,
                                html=tmp_path / "py.html", xlsx=tmp_path / "py.xlsx")
    assert got is None
    assert (tmp_path / "py.html").read_text() == out.read_text()
    # Returned as text when no path is given, the same page.
    assert wf.councillors_report(YE, la=839, with_="Dorset", publication=True,
                                 threshold=10) == out.read_text()
    ours, theirs = zipfile.ZipFile(tmp_path / "py.xlsx"), zipfile.ZipFile(tmp_path / "cli.xlsx")
    assert ours.namelist() == theirs.namelist()
    assert "xl/workbook.xml" in ours.namelist()
    for name in ours.namelist():
        if name != "docProps/core.xml":  # holds the time of writing
            assert ours.read(name) == theirs.read(name), name


def _cli_report(data: Path, tmp_path: Path) -> Path:
    """`workforce report` on the folder (it writes files and prints only to stderr)."""
    out = tmp_path / "cli.html"
    if not CLI.exists():
        pytest.skip(f"the command-line tool is not built ({CLI})")
    r = subprocess.run([str(CLI), "report", str(data), "--year-end", YE, "--la", "839",
                        "--with", "Dorset", "--publication", "--threshold", "10", "--xlsx",
                        str(tmp_path / "cli.xlsx"), "--out", str(out)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return out


def test_bad_arguments(small: workforce.Workforce, tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="with_"):
        small.councillors_report(YE, with_=["Dorset"])
    with pytest.raises(workforce.InvalidArgumentError, match="threshold"):
        small.councillors_report(YE, publication=True, threshold=-1)
    with pytest.raises(workforce.InvalidArgumentError, match="year_end"):
        small.councillors_report("2021-13-01")
    with pytest.raises(TypeError, match="unexpected keyword"):
        small.councillors_report(YE, no_such_option=1)
    missing = tmp_path / "nope.csv"
    with pytest.raises(workforce.IoError) as e:
        small.councillors_report(YE, la="839", dfe=missing)
    assert e.value.file == str(missing)
    with pytest.raises(workforce.IoError) as e2:
        small.councillors_report(YE, html=tmp_path / "no" / "such" / "dir.html")
    assert e2.value.file is not None and e2.value.file.endswith("dir.html")
