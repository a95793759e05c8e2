"""The binding's figures equal the command-line tool's on the same data folder.

Both print the library's tables; the CSV output carries unrounded values, so the texts must be
identical. The CLI is `target/debug/workforce` (test.sh builds it; WORKFORCE_CLI overrides)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import List

import pytest

import workforce
from conftest import YE

ROOT = Path(__file__).resolve().parents[3]
CLI = Path(os.environ.get("WORKFORCE_CLI", ROOT / "target" / "debug" / "workforce"))


def cli(*args: str) -> str:
    if not CLI.exists():
        pytest.skip(f"the command-line tool is not built ({CLI})")
    r = subprocess.run([str(CLI), *args], capture_output=True, text=True)
    if r.returncode == 2 or (r.returncode != 0 and "unrecognized" in r.stderr):
        pytest.skip(f"the command-line tool has no such command yet: {' '.join(args[:1])}")
    assert r.returncode == 0, r.stderr
    if not r.stdout.strip():
        pytest.skip(f"the command-line tool printed nothing for {args[0]} (not written yet)")
    return r.stdout


def rows(text: str) -> List[str]:
    return [line for line in text.splitlines() if line.strip()]


@pytest.fixture
def folder(small: workforce.Workforce, tmp_path: Path) -> str:
    small.write(tmp_path / "data")
    return str(tmp_path / "data")


def test_csww_equals_cli(folder: str) -> None:
    wf = workforce.load(folder)
    out = cli("csww", folder, "--year-end", "2020-09-30", "--year-end", YE, "--by-unit",
              "--format", "csv")
    ours = wf.csww(year_end=["2020-09-30", YE], by_unit=True).to_csv()
    assert rows(out) == rows(ours)


def test_csww_with_options_equals_cli(folder: str) -> None:
    wf = workforce.load(folder)
    out = cli("csww", folder, "--year-end", YE, "--turnover-denominator", "average_start_end",
              "--rejoin-grace-days", "7", "--format", "csv")
    ours = wf.csww(year_end=YE, turnover_denominator="average_start_end",
                   rejoin_grace_days=7).to_csv()
    assert rows(out) == rows(ours)


def test_series_equals_cli(folder: str) -> None:
    wf = workforce.load(folder)
    out = cli("series", folder, "--from", "2020-10-01", "--to", YE, "--format", "csv")
    assert rows(out) == rows(wf.series("2020-10-01", YE).to_csv())


def test_demo_csww_equals_cli(tmp_path: Path) -> None:
    data = tmp_path / "demo"
    workforce.demo().write(data)
    out = cli("csww", str(data), "--year-end", YE, "--by-unit", "--format", "csv")
    ours = workforce.load(data).csww(year_end=YE, by_unit=True).to_csv()
    assert rows(out) == rows(ours)
    # And the demo in memory gives the same figures as the folder.
    assert workforce.demo().csww(year_end=YE, by_unit=True).to_csv() == ours
