"""The HR measures (`Workforce.survival`, …) and the legacy import (`workforce.import_`).

Every measure runs on the demo council; survival, sickness and caseload equal the command-line
tool's `workforce hr ... --format csv` on the same data folder."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path
from typing import Any, Callable, Dict

import pytest

import workforce
from test_cli_parity import cli, rows

FROM, TO = "2020-10-01", "2021-09-30"


@pytest.fixture(scope="module")
def demo() -> workforce.Workforce:
    return workforce.demo()


@pytest.fixture(scope="module")
def demo_folder(demo: workforce.Workforce, tmp_path_factory: pytest.TempPathFactory) -> str:
    p = tmp_path_factory.mktemp("demo") / "data"
    demo.write(p)
    return str(p)


CALLS: Dict[str, Callable[[workforce.Workforce], workforce.Table]] = {
    "survival": lambda w: w.survival(from_="2018-10-01", to=TO),
    "survival_medians": lambda w: w.survival(
        from_="2018-10-01", to=dt.date(2021, 9, 30), group_by="role", medians=True
    ),
    "stability": lambda w: w.stability(to=TO),
    "stability_tenure": lambda w: w.stability(to=TO, view="tenure", bands=[1, 3]),
    "stability_movers": lambda w: w.stability(to=TO, view="movers", from_=FROM),
    "sickness": lambda w: w.sickness(from_=FROM, to=TO),
    "sickness_bradford": lambda w: w.sickness(
        from_=FROM, to=TO, view="bradford", bradford_days="working"
    ),
    "caseload": lambda w: w.caseload(date=TO),
    "caseload_team": lambda w: w.caseload(date=TO, group_by="team", per_fte=True),
    "child_changes": lambda w: w.child_changes(year_end="2021-03-31"),
    "casework": lambda w: w.casework(from_=FROM, to=TO, scope="all"),
    "pay": lambda w: w.pay(date=TO),
    "leavers": lambda w: w.leavers(from_=FROM, to=TO, by=["reason", "service"]),
    "agency_churn": lambda w: w.agency_churn(from_=FROM, to=TO, period="quarter"),
    "cost": lambda w: w.cost(from_="2021-04-01", to=TO),
    "cost_premium": lambda w: w.cost(view="premium", date=TO),
    "recruitment": lambda w: w.recruitment(before="2020-09-30", after=TO),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_every_measure_runs_on_the_demo(demo: workforce.Workforce, name: str) -> None:
    t = CALLS[name](demo)
    assert isinstance(t, workforce.Table)
    assert t.num_columns > 0
    assert "hr" in t.options


def test_results_are_immutable(demo: workforce.Workforce) -> None:
    t = demo.caseload(date=TO)
    with pytest.raises(AttributeError):
        t.num_rows = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    "py_call, cli_args",
    [
        (
            lambda w: w.survival(from_="2018-10-01", to=TO, group_by="role"),
            ["survival", "--from", "2018-10-01", "--to", TO, "--group-by", "role"],
        ),
        (
            lambda w: w.survival(from_="2018-10-01", to=TO, medians=True, conf_type="log-log"),
            ["survival", "--from", "2018-10-01", "--to", TO, "--medians", "--conf-type",
             "log-log"],
        ),
        (
            lambda w: w.sickness(from_=FROM, to=TO, by_unit=True),
            ["sickness", "--from", FROM, "--to", TO, "--by-unit"],
        ),
        (
            lambda w: w.sickness(from_=FROM, to=TO, view="month"),
            ["sickness", "--view", "month", "--from", FROM, "--to", TO],
        ),
        (
            lambda w: w.caseload(date=TO),
            ["caseload", "--date", TO],
        ),
        (
            lambda w: w.caseload(date=TO, group_by="team", nq_weight=0.6, exclude_managers=True),
            ["caseload", "--date", TO, "--group-by", "team", "--nq-weight", "0.6",
             "--exclude-managers"],
        ),
    ],
)
def test_equals_cli(
    demo: workforce.Workforce, demo_folder: str, py_call: Any, cli_args: Any
) -> None:
    out = cli("hr", cli_args[0], demo_folder, *cli_args[1:], "--format", "csv")
    assert rows(out) == rows(py_call(demo).to_csv())


def test_options_pass_through(demo: workforce.Workforce, demo_folder: str, tmp_path: Path) -> None:
    opts = tmp_path / "o.json"
    opts.write_text('{"rejoin_grace_days": 7}')
    out = cli("hr", "survival", demo_folder, "--from", "2018-10-01", "--to", TO, "--options",
              str(opts), "--format", "csv")
    ours = demo.survival(from_="2018-10-01", to=TO, rejoin_grace_days=7)
    assert rows(out) == rows(ours.to_csv())
    assert ours.options["rejoin_grace_days"] == 7


@pytest.mark.parametrize(
    "call, exc, name",
    [
        (lambda w: w.survival(from_="2021-13-01", to=TO), workforce.InvalidArgumentError, "from_"),
        (lambda w: w.survival(from_=3, to=TO), TypeError, "from_"),
        (lambda w: w.survival(from_=FROM, to=TO, time_unit="fortnights"), workforce.InvalidArgumentError,
         "time_unit"),
        (lambda w: w.survival(from_=FROM, to=TO, group_by="shoe_size"), workforce.InvalidArgumentError, "group_by"),
        (lambda w: w.survival(from_=FROM, to=TO, conf_level="high"), TypeError, "conf_level"),
        (lambda w: w.survival(from_=FROM, to=TO, medians="yes"), TypeError, "medians"),
        (lambda w: w.sickness(from_=FROM, to=TO, view="weekly"), workforce.InvalidArgumentError, "view"),
        (lambda w: w.sickness(from_=FROM, to=TO, window_days=-1), workforce.InvalidArgumentError, "window_days"),
        (lambda w: w.stability(to=TO, view="movers"), workforce.InvalidArgumentError, "from"),
        (lambda w: w.caseload(date=TO, group_by="office"), workforce.InvalidArgumentError, "group_by"),
        (lambda w: w.caseload(date=TO, nq_weight=float("nan")), workforce.InvalidArgumentError, "nq_weight"),
        (lambda w: w.leavers(from_=FROM, to=TO, by=["reason", "hair"]), workforce.InvalidArgumentError, "by"),
        (lambda w: w.leavers(from_=FROM, to=TO, by=3), TypeError, "by"),
        (lambda w: w.cost(view="premium"), workforce.InvalidArgumentError, "date"),
        (lambda w: w.caseload(date=TO, scope="family:astronauts"), workforce.InvalidArgumentError, "scope"),
        (lambda w: w.caseload(date=TO, bogus_option=1), TypeError, "bogus_option"),
        (lambda w: w.survival(to=TO), TypeError, "from_"),
    ],
)
def test_bad_arguments_name_the_argument(
    demo: workforce.Workforce, call: Any, exc: type, name: str
) -> None:
    with pytest.raises(exc, match=name):
        call(demo)


def test_missing_optional_file_raises_missing_data(small: workforce.Workforce) -> None:
    # The hand-made council has no case_allocations.csv and no er_cases.csv.
    with pytest.raises(workforce.MissingDataError, match="case_allocations"):
        small.caseload(date=TO)
    with pytest.raises(workforce.MissingDataError):
        small.child_changes(year_end="2021-03-31")
    with pytest.raises(workforce.MissingDataError):
        small.casework(from_=FROM, to=TO)


def test_gil_released(demo: workforce.Workforce) -> None:
    import threading

    out = []

    def work() -> None:
        out.append(demo.survival(from_="2018-10-01", to=TO).num_rows)

    ts = [threading.Thread(target=work) for _ in range(3)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert len(set(out)) == 1


HR = """\
Ref,First,Last,DOB,Team,Title,FTE,Start,End,Reason
1,Anne,Bronte,1980-01-17,T1,Social Worker,1,2015-09-01,,
2,John,Smith,1975-02-02,T1,Social Worker,0.5,2019-04-01,2021-03-31,Resignation
3,Mary,Jones,1985-03-03,T1,Social Worker,1,2016-05-01,not a date,
"""

CONFIG = """\
[import]
as_of = "2021-09-30"
standard_hours = 37

[org]
unit = [{ id = "LA", name = "Council" }, { id = "T1", name = "Team 1", parent = "LA" }]
codes_are_units = true

[[source]]
name = "hr"
kind = "employees"
file = "hr.csv"
date_formats = ["iso"]
id_prefix = "H"
[source.columns]
person_id = "Ref"
first_name = "First"
last_name = "Last"
date_of_birth = "DOB"
org_code = "Team"
title = "Title"
csww_role = "Title"
fte = "FTE"
start_date = "Start"
end_date = "End"
reason_leave = "Reason"
[source.constants]
job_family = "social_work"
[source.codes.csww_role]
"Social Worker" = 5
[source.codes.reason_leave]
"Resignation" = 1
"""


def test_import(tmp_path: Path) -> None:
    (tmp_path / "hr.csv").write_text(HR)
    (tmp_path / "import.toml").write_text(textwrap.dedent(CONFIG))
    out = tmp_path / "out"
    r = workforce.import_(tmp_path / "import.toml", str(out))
    assert isinstance(r, workforce.ImportResult)
    assert workforce.import_legacy is workforce.import_
    assert r.summary.column_names == [
        "file", "source", "rows_read", "accepted", "rejected", "warnings"
    ]
    assert r.summary["rows_read"] == [3]
    assert r.rejections.num_rows == 1
    assert r.rejections.column_names == ["file", "row", "column", "value", "kind", "message"]
    assert r.rejections["value"] == ["not a date"]
    assert isinstance(r.warnings, workforce.Table)
    assert r.matches.num_rows == 2
    assert not r.is_clean
    # The output is a canonical data folder whose report files match the tables.
    assert (out / "import_report" / "rejections.csv").exists()
    assert rows((out / "import_report" / "rejections.csv").read_text()) == rows(
        r.rejections.to_csv()
    )
    wf = workforce.load(r.out)
    assert wf.table("people") is not None
    # Continuity checks against a previous run: none without one.
    assert r.continuity.num_rows == 0
    assert r.continuity.column_names == [
        "scope", "measure", "period_end", "previous", "current", "change", "flagged"
    ]
    again = workforce.import_(tmp_path / "import.toml", tmp_path / "again", previous=out)
    assert again.continuity.num_rows > 0
    assert again.continuity["change"] == [0.0 if p else None for p in again.continuity["previous"]]
    assert not any(again.continuity["flagged"])
    assert rows((tmp_path / "again" / "import_report" / "continuity.csv").read_text()) == rows(
        again.continuity.to_csv()
    )
    with pytest.raises(workforce.InvalidDataError, match="rejected") as e:
        workforce.import_(tmp_path / "import.toml", out, strict=True)
    # Located at the first rejected row, like a strict load.
    first = r.rejections.to_pylist()[0]
    assert (e.value.file, e.value.row, e.value.column, e.value.value) == (
        first["file"], first["row"], first["column"], first["value"]
    )
    assert str(e.value).startswith(f"{first['file']}, row {first['row']}, column ")


def test_import_errors(tmp_path: Path) -> None:
    with pytest.raises(workforce.WorkforceError):
        workforce.import_(tmp_path / "nope.toml", tmp_path / "out")
    with pytest.raises(TypeError):
        workforce.import_(3, tmp_path / "out")  # type: ignore[arg-type]
