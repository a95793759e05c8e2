"""Loading folders and tables, load reports, and the exception classes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Dict, List

import pyarrow as pa
import pytest

import workforce
from conftest import YE


def test_write_then_load_gives_the_same_figures(small: workforce.Workforce, tmp_path: Path) -> None:
    small.write(tmp_path / "data")
    assert (tmp_path / "data" / "contracts.csv").exists()
    wf = workforce.load(tmp_path / "data")
    assert wf.csww(YE, by_unit=True).to_pylist() == small.csww(YE, by_unit=True).to_pylist()
    wf2 = workforce.load(str(tmp_path / "data"))
    assert wf2.series("2020-10-01", YE).to_pylist() == small.series("2020-10-01", YE).to_pylist()
    rep = wf.report
    assert rep is not None and rep.is_clean
    summary = rep.summary
    assert summary.column_names[:3] == ["file", "present", "rows_read"]
    assert dict(zip(summary["file"], summary["rows_read"]))["contracts.csv"] == 3


def test_load_report_lists_rejected_rows(small: workforce.Workforce, tmp_path: Path) -> None:
    data = tmp_path / "data"
    small.write(data)
    text = (data / "contracts.csv").read_text()
    lines = text.splitlines()
    # Break the end date of the last contract: before its start.
    lines[-1] = lines[-1].replace("2021-06-30", "2017-06-30")
    (data / "contracts.csv").write_text("\n".join(lines) + "\n")
    wf = workforce.load(data)
    rep = wf.report
    assert rep is not None and not rep.is_clean
    rej = rep.rejections.to_pylist()
    assert len(rej) == 1
    assert rej[0]["file"] == "contracts.csv" and rej[0]["row"] == 4
    with pytest.raises(workforce.InvalidDataError) as e:
        workforce.load(data, strict=True)
    assert e.value.file == "contracts.csv"
    assert e.value.row == 4
    assert e.value.column is not None
    assert e.value.kind == "invalid_data"


def test_from_tables_checks_references(tables: Dict[str, Any]) -> None:
    c = tables["contracts"]
    bad = pa.concat_tables(
        [c, c.slice(0, 1).set_column(0, "contract_id", pa.array(["c9"])).set_column(
            1, "person_id", pa.array(["ghost"]))]
    )
    tables["contracts"] = bad
    wf = workforce.from_tables(**tables)
    rep = wf.report
    assert rep is not None
    rej = rep.rejections.to_pylist()
    assert [(r["file"], r["row"], r["column"]) for r in rej] == [("contracts.csv", 4, "person_id")]
    with pytest.raises(workforce.InvalidDataError) as e:
        workforce.from_tables(**tables, strict=True)
    assert (e.value.file, e.value.row, e.value.column) == ("contracts.csv", 4, "person_id")


def test_from_tables_conversion_errors(tables: Dict[str, Any]) -> None:
    # A whole table that cannot be read is an error at once, strict or not.
    t = dict(tables)
    t["contracts"] = tables["contracts"].drop_columns(["fte"])
    with pytest.raises(workforce.InvalidDataError) as e:
        workforce.from_tables(**t)
    assert (e.value.file, e.value.column) == ("contracts.csv", "fte")
    with pytest.raises(TypeError, match="contracts"):
        workforce.from_tables(**{**tables, "contracts": [1, 2, 3]})
    with pytest.raises(TypeError, match="org_units"):
        workforce.from_tables(**{**tables, "org_units": None})
    # A value of one row that cannot be read rejects that row, as the folder reader does.
    t = dict(tables)
    t["contracts"] = tables["contracts"].set_column(
        9, "contract_type", pa.array(["permanent", "zero_hours", None])
    )
    rej = _rejections(workforce.from_tables(**t))
    assert [(r["file"], r["row"], r["column"], r["value"]) for r in rej] == [
        ("contracts.csv", 2, "contract_type", "zero_hours")
    ]
    assert rej[0]["reason"].startswith("must be one of permanent, fixed_term")
    with pytest.raises(workforce.InvalidDataError) as e:
        workforce.from_tables(**t, strict=True)
    assert (e.value.row, e.value.column, e.value.value) == (2, "contract_type", "zero_hours")
    t = dict(tables)
    t["absences"] = tables["absences"].set_column(3, "start_date", pa.array(["01/02/2021"]))
    rej = _rejections(workforce.from_tables(**t))
    assert [(r["file"], r["row"], r["column"], r["value"], r["reason"]) for r in rej] == [
        ("absences.csv", 1, "start_date", "01/02/2021", "not a valid date in YYYY-MM-DD form")
    ]
    with pytest.raises(workforce.InvalidDataError, match="date"):
        workforce.from_tables(**t, strict=True)


def _rejections(wf: workforce.Workforce) -> List[Dict[str, Any]]:
    assert wf.report is not None
    return wf.report.rejections.to_pylist()


def _contracts_with(tables: Dict[str, Any], at: int, row: Dict[str, Any]) -> pa.Table:
    """The contracts with `row` inserted before position `at` (from 0), every column but the
    dates as text so that any value fits."""
    c = tables["contracts"]
    rows = c.to_pylist()
    rows.insert(at, {**rows[0], **row})
    text = {f.name for f in c.schema if not pa.types.is_date(f.type)}
    return pa.table(
        {
            name: pa.array(
                [None if r[name] is None else str(r[name]) for r in rows]
                if name in text
                else [r[name] for r in rows],
                pa.string() if name in text else c.schema.field(name).type,
            )
            for name in c.column_names
        }
    )


def test_from_tables_rejects_a_row_that_cannot_be_read(tables: Dict[str, Any]) -> None:
    ref = workforce.from_tables(**tables)
    # c1, cX (fte "lots"), c2, c3: cX is row 2; the rest load as without it.
    t = {**tables, "contracts": _contracts_with(tables, 1, {"contract_id": "cX", "fte": "lots"})}
    wf = workforce.from_tables(**t)
    rep = wf.report
    assert rep is not None
    rej = rep.rejections.to_pylist()
    assert [(r["file"], r["row"], r["column"], r["value"], r["reason"]) for r in rej] == [
        ("contracts.csv", 2, "fte", "lots", "not a number")
    ]
    counts = {r["file"]: r for r in rep.summary.to_pylist()}
    assert (
        counts["contracts.csv"]["rows_read"],
        counts["contracts.csv"]["rows_accepted"],
        counts["contracts.csv"]["rows_rejected"],
    ) == (4, 3, 1)
    for r in counts.values():
        assert r["rows_read"] == r["rows_accepted"] + r["rows_rejected"]
    kept = wf.table("contracts")
    assert kept is not None and kept["contract_id"] == ["c1", "c2", "c3"]
    assert wf.csww(YE, by_unit=True).to_pylist() == ref.csww(YE, by_unit=True).to_pylist()
    assert wf.csww(YE).to_pylist() == ref.csww(YE).to_pylist()
    with pytest.raises(workforce.InvalidDataError) as e:
        workforce.from_tables(**t, strict=True)
    assert (e.value.file, e.value.row, e.value.column, e.value.value) == (
        "contracts.csv",
        2,
        "fte",
        "lots",
    )


def test_from_tables_numbers_rows_by_position_around_rejected_ones(
    tables: Dict[str, Any],
) -> None:
    # c1, cX (no start date), c2, c3, c9 (an unknown person): rows 2 and 5 of the table.
    c = _contracts_with(tables, 1, {"contract_id": "cX", "start_date": None})
    c = pa.concat_tables(
        [c, c.slice(0, 1).set_column(0, "contract_id", pa.array(["c9"])).set_column(
            1, "person_id", pa.array(["ghost"]))]
    )
    wf = workforce.from_tables(**{**tables, "contracts": c})
    rep = wf.report
    assert rep is not None
    rej = rep.rejections.to_pylist()
    assert [(r["file"], r["row"], r["column"], r["value"], r["reason"]) for r in rej[:1]] == [
        ("contracts.csv", 2, "start_date", "", "required value is missing")
    ]
    assert [(r["file"], r["row"], r["column"]) for r in rej] == [
        ("contracts.csv", 2, "start_date"),
        ("contracts.csv", 5, "person_id"),
    ]
    counts = {r["file"]: r for r in rep.summary.to_pylist()}
    assert (counts["contracts.csv"]["rows_read"], counts["contracts.csv"]["rows_rejected"]) == (
        5,
        2,
    )
    ref = workforce.from_tables(**tables)
    assert wf.csww(YE, by_unit=True).to_pylist() == ref.csww(YE, by_unit=True).to_pylist()


def test_from_tables_accepts_strings_timestamps_and_dictionaries(tables: Dict[str, Any]) -> None:
    ref = workforce.from_tables(**tables).csww(YE).to_pylist()
    c = tables["contracts"]
    as_text = c.set_column(7, "start_date", pa.array([str(x) for x in c["start_date"].to_pylist()]))
    as_ts = c.set_column(7, "start_date", c["start_date"].cast(pa.timestamp("ns")))
    as_dict = c.set_column(2, "org_unit_id", c["org_unit_id"].dictionary_encode())
    as_view = c.set_column(1, "person_id", c["person_id"].cast(pa.string_view()))
    as_fte_text = c.set_column(6, "fte", pa.array(["1.0", "0.5", "0.8"]))
    for variant in [as_text, as_ts, as_dict, as_view, as_fte_text]:
        got = workforce.from_tables(**{**tables, "contracts": variant}).csww(YE).to_pylist()
        assert got == ref


ERRORS = [
    ("io", workforce.IoError, OSError),
    ("invalid_data", workforce.InvalidDataError, ValueError),
    ("missing_data", workforce.MissingDataError, workforce.WorkforceError),
    ("invalid_argument", workforce.InvalidArgumentError, ValueError),
    ("config", workforce.ConfigError, workforce.WorkforceError),
    ("internal", workforce.InternalError, RuntimeError),
]


@pytest.mark.parametrize("kind, cls, also", ERRORS)
def test_every_error_kind_maps_to_its_class(kind: str, cls: type, also: type) -> None:
    with pytest.raises(cls) as e:
        workforce._workforce._raise_error(
            kind, "boom", file="contracts.csv", row=7, column="fte", value="x"
        )
    err = e.value
    assert isinstance(err, workforce.WorkforceError) and isinstance(err, also)
    assert err.kind == kind
    assert (err.file, err.row, err.column, err.value) == ("contracts.csv", 7, "fte", "x")
    assert "boom" in str(err) and "contracts.csv" in str(err)
    # Caught by the base class too, and with unknown location attributes as None.
    with pytest.raises(workforce.WorkforceError) as e2:
        workforce._workforce._raise_error(kind, "boom")
    assert (e2.value.file, e2.value.row, e2.value.column) == (None, None, None)


def test_errors_raised_by_real_calls(small: workforce.Workforce, tmp_path: Path) -> None:
    with pytest.raises(workforce.IoError) as e:
        workforce.load(tmp_path / "missing")
    assert e.value.file is not None and "missing" in e.value.file
    with pytest.raises(workforce.InvalidArgumentError):
        small.csww(YE, unit="nope")
    with pytest.raises(workforce.InvalidArgumentError):
        small.explain("nope", year_end=YE)
    with pytest.raises(workforce.IoError):
        small.write(tmp_path / "file.txt" / "sub") if (tmp_path / "file.txt").write_text("x") else None
    with pytest.raises(TypeError, match="path"):
        workforce.load(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="strict"):
        workforce.load(tmp_path, strict="yes")  # type: ignore[arg-type]


def test_dates_come_back_as_dates(small: workforce.Workforce) -> None:
    c = small.table("contracts")
    assert c is not None
    assert c["start_date"][0] == dt.date(2019, 1, 1)
    assert c["end_date"][0] is None
