"""The library against an independent implementation of the data contract.

`benches/python/csww_polars.py` computes the CSWW table with polars from the contract's time
rules, written separately from the Rust code. Both must agree on every unit, year and column
for the demo council and for generated councils of other shapes and seeds.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import math
import pathlib

import pytest

import workforce

ROOT = pathlib.Path(__file__).resolve().parents[3]
YEAR_ENDS = [dt.date(y, 9, 30) for y in range(2017, 2024)]


def polars_script():
    spec = importlib.util.spec_from_file_location("csww_polars", ROOT / "benches" / "python" / "csww_polars.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def compare(wf: workforce.Workforce, folder: pathlib.Path) -> int:
    script = polars_script()
    theirs = script.csww(str(folder), script.read(str(folder)), YEAR_ENDS)
    ours = wf.csww(year_end=[str(y) for y in YEAR_ENDS], by_unit=True).to_polars()
    key = ["org_unit_id", "year_end"]
    theirs = {tuple(str(r[k]) for k in key): r for r in theirs.iter_rows(named=True)}
    ours_rows = {tuple(str(r[k]) for k in key): r for r in ours.iter_rows(named=True)}
    assert set(ours_rows) == set(theirs)
    for k, row in ours_rows.items():
        for col in script.COLUMNS:
            a, b = row[col], theirs[k][col]
            if a is None or b is None:
                assert a is None and b is None, (k, col, a, b)
            else:
                assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9), (k, col, a, b)
    return len(ours_rows)


def test_demo_agrees_with_independent_polars(tmp_path):
    wf = workforce.demo()
    wf.write(str(tmp_path))
    assert compare(wf, tmp_path) > 100


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_agrees_with_independent_polars(tmp_path, seed):
    wf = workforce.generate(1500, seed=seed)
    wf.write(str(tmp_path))
    assert compare(wf, tmp_path) > 100
