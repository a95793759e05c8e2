"""The agency rules: `Workforce.agency_return` (`workforce agency-return`) and
`Workforce.cool_off` (`workforce cool-off`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pytest

import workforce
from conftest import YE, d, small_tables
from test_cli_parity import cli, rows


def test_quarter_of_the_small_council(small: workforce.Workforce) -> None:
    q = small.agency_return("2021-08-15")
    assert (q.quarter_start, q.quarter_end) == (dt.date(2021, 7, 1), dt.date(2021, 9, 30))
    by_team = {r["org_unit_id"]: r for r in q.by_team.to_pylist()}
    # On 30 September: p1 (1.0) in A and p2 (0.5) in A; p3 left B on 30 June; the agency
    # worker p4 (1.0 FTE) is in B.
    assert by_team["LA"]["agency_rate_fte"] == pytest.approx(100 * 1.0 / 2.5)
    assert by_team["B"]["agency_rate_fte"] == pytest.approx(100.0)
    assert by_team["A"]["agency_fte"] == 0
    assert [by_team[u]["team"] for u in ["LA", "A", "B"]] == [False, True, True]
    (a,) = q.assignments.to_pylist()
    assert (a["assignment_id"], a["person_id"], a["org_unit_id"]) == ("a1", "p4", "B")
    # 4 January to 30 September 2021: 269 days, in the 27-52 weeks band.
    lengths = {r["band"]: r["assignments"] for r in q.lengths.to_pylist()}
    assert lengths["27-52 weeks"] == 1 and sum(v for v in lengths.values() if v) == 1
    (c,) = q.churn.to_pylist()
    assert (c["started"], c["ended"], c["in_post_start"], c["in_post_end"]) == (0, 0, 1, 1)


def test_agency_return_equals_cli(tmp_path: Path) -> None:
    data = tmp_path / "data"
    workforce.demo().write(data)
    wf = workforce.load(data)
    out = cli("agency-return", str(data), "--date", "2021-08-15", "--format", "csv")
    q = wf.agency_return("2021-08-15")
    ours = "".join(t.to_csv() for t in [q.by_team, q.lengths, q.assignments, q.churn])
    assert rows(out) == rows(ours)
    assert len(q.assignments) == 104  # the demo's agency headcount on 30 September 2021
    unit = wf.agency_return("2021-08-15", unit="U0011")
    out_unit = cli("agency-return", str(data), "--date", "2021-08-15", "--unit", "U0011",
                   "--format", "csv")
    assert rows(out_unit) == rows("".join(
        t.to_csv() for t in [unit.by_team, unit.lengths, unit.assignments, unit.churn]))


def _left_then_agency(contract_type: str) -> workforce.Workforce:
    """The small council, p3 leaving B on 30 June 2021 from a `contract_type` contract and
    starting an agency assignment in A on 2 August 2021 (33 days later)."""
    t = small_tables()
    c = t["contracts"]
    types = c.column("contract_type").to_pylist()
    types[2] = contract_type
    t["contracts"] = c.set_column(c.schema.get_field_index("contract_type"), "contract_type",
                                  pa.array(types))
    extra = pa.table({
        "assignment_id": ["a2"], "person_id": ["p3"], "org_unit_id": ["A"],
        "post_id": pa.array([None], pa.string()), "cover_reason": ["vacancy"],
        "job_family": ["social_work"], "csww_role": pa.array([5], pa.int64()), "fte": [0.8],
        "start_date": pa.array([d("2021-08-02")]), "end_date": pa.array([None], pa.date32())})
    t["agency_assignments"] = pa.concat_tables([t["agency_assignments"], extra])
    return workforce.from_tables(**t)


def test_cool_off_by_hand() -> None:
    wf = _left_then_agency("permanent")
    (case,) = wf.cool_off("2020-10-01", YE).to_pylist()
    assert (case["person_id"], case["left_date"], case["contract_id"], case["left_unit"]) == \
        ("p3", dt.date(2021, 6, 30), "c3", "B")
    assert (case["assignment_id"], case["agency_unit"], case["agency_start"]) == \
        ("a2", "A", dt.date(2021, 8, 2))
    assert case["gap_days"] == 33
    # One month after 30 June is 30 July: 2 August is outside.
    assert wf.cool_off("2020-10-01", YE, months=1).num_rows == 0
    # An agency start outside from_..to is not checked.
    assert wf.cool_off(from_="2021-08-03", to=YE).num_rows == 0
    # Leaving a fixed-term contract is not leaving a permanent post.
    assert _left_then_agency("fixed_term").cool_off("2020-10-01", YE).num_rows == 0


def test_cool_off_equals_cli(tmp_path: Path) -> None:
    data = tmp_path / "data"
    workforce.demo().write(data)
    wf = workforce.load(data)
    for months in ["3", "6"]:
        out = cli("cool-off", str(data), "--from", "2020-10-01", "--to", YE, "--months",
                  months, "--format", "csv")
        ours = wf.cool_off("2020-10-01", YE, months=int(months))
        assert rows(out) == rows(ours.to_csv())
    assert wf.cool_off("2020-10-01", YE).num_rows == 3


def test_errors(small: workforce.Workforce) -> None:
    with pytest.raises(workforce.InvalidArgumentError, match="before it starts"):
        small.cool_off(YE, "2020-10-01")
    with pytest.raises(workforce.InvalidArgumentError, match="from_"):
        small.cool_off("2020-13-01", YE)
    with pytest.raises(workforce.InvalidArgumentError, match="date"):
        small.agency_return("30/09/2021")
    with pytest.raises(workforce.InvalidArgumentError):
        small.agency_return(YE, unit="nope")
    with pytest.raises(TypeError, match="unexpected keyword"):
        small.cool_off("2020-10-01", YE, month=3)
