"""Metric methods: hand-worked values, options as keywords, argument errors."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Dict

import pytest

import workforce
from conftest import YE


def value(t: workforce.Table, col: str, row: int = 0) -> float:
    v = t.column(col)[row]
    assert v is not None, col
    return float(v)


def test_csww_hand_worked(small: workforce.Workforce) -> None:
    t = small.csww(year_end=YE)
    assert t.column_names == ["org_unit_id", "year_end", *workforce.CSWW_COLUMNS]
    assert t.num_rows == 1 and len(t) == 1
    assert t.column("year_end") == [dt.date(2021, 9, 30)]
    assert value(t, "inpost_fte") == 1.5
    assert value(t, "inpost_headcount") == 2
    assert value(t, "starters_fte") == 0.5
    assert value(t, "leavers_fte") == 0.8
    assert math.isclose(value(t, "turnover_rate_fte"), 100 * 0.8 / 1.5)
    assert value(t, "turnover_rate_headcount") == 50.0
    assert value(t, "agency_fte") == 1.0
    assert math.isclose(value(t, "agency_rate_fte"), 100 * 1.0 / 2.5)
    # No case allocations: the case columns are missing, not 0.
    assert t.column("cases") == [None]
    assert t.options == workforce.default_options()


def test_csww_accepts_dates_and_lists(small: workforce.Workforce) -> None:
    a = small.csww(year_end=dt.date(2021, 9, 30))
    b = small.csww(YE)
    assert a.to_pylist() == b.to_pylist()
    two = small.csww(year_end=["2020-09-30", YE])
    assert two.num_rows == 2
    assert two.column("year_end") == [dt.date(2020, 9, 30), dt.date(2021, 9, 30)]


def test_by_unit(small: workforce.Workforce) -> None:
    t = small.csww(year_end=YE, by_unit=True)
    assert t.column("org_unit_id") == ["LA", "A", "B"]
    b = small.csww(year_end=YE, unit="B")
    assert b.column("leavers_headcount") == [1.0]


def test_options_as_keywords(small: workforce.Workforce) -> None:
    t = small.csww(year_end=YE, turnover_denominator="average_start_end")
    # In post on 30 Sep 2020: p1 and p3 (1.8 FTE); on 30 Sep 2021: 1.5 FTE.
    assert math.isclose(value(t, "turnover_rate_fte"), 100 * 0.8 / ((1.8 + 1.5) / 2))
    assert t.options["turnover_denominator"] == "average_start_end"
    t = small.csww(year_end=YE, end_date_inclusive=True, agency_length_bands=[13, 26, 52])
    assert t.options["agency_length_bands"] == [13, 26, 52]


def test_measures_long_form(small: workforce.Workforce) -> None:
    t = small.measures("2020-10-01", YE, scope="all")
    assert t.column_names[:4] == ["metric", "org_unit_id", "period_start", "period_end"]
    assert t.column("metric") == list(workforce.CSWW_COLUMNS)
    same = small.measures(year_end=YE, scope="all")
    assert same.to_pylist() == t.to_pylist()
    fam = small.measures(year_end=YE, scope="family:social_work")
    assert fam.num_rows == len(workforce.CSWW_COLUMNS)


def test_other_metrics(small: workforce.Workforce) -> None:
    s = small.series("2020-10-01", YE)
    assert s.num_rows == 12
    assert "turnover_rate_12m" in s
    bands = small.agency_length_bands(YE)
    assert bands.column("band")[0] == "0-26 weeks"
    assert sum(bands.column("assignments")) == 1
    units = small.agency_by_unit(YE)
    assert units.column("org_unit_id") == ["LA", "A", "B"]
    fam = small.by_job_family(year_end=YE)
    assert "job_family" in fam
    ex = small.explain("leavers_fte", year_end=YE)
    assert ex.column_names == ["role", "part", "table", "id", "person_id", "value"]
    assert ex.column("person_id") == ["p3"]
    assert small.unit_ids() == ["LA", "A", "B"]
    assert small.job_families() == ["social_work"]


def test_canonical_tables_round_trip(small: workforce.Workforce) -> None:
    c = small.table("contracts")
    assert c is not None and c.num_rows == 3
    assert small.table("er_cases") is None
    again = workforce.from_tables(
        **{n: small.table(n) for n in ["org_units", "people", "posts", "contracts",
                                       "agency_assignments", "absences"]}
    )
    assert again.csww(YE, by_unit=True).to_pylist() == small.csww(YE, by_unit=True).to_pylist()
    with pytest.raises(KeyError, match="name"):
        small.table("nope")


def test_results_are_immutable(small: workforce.Workforce) -> None:
    t = small.csww(year_end=YE)
    with pytest.raises(AttributeError):
        t.num_rows = 3  # type: ignore[misc]
    with pytest.raises((AttributeError, TypeError)):
        t.foo = 1  # type: ignore[attr-defined]
    col = t.column("inpost_fte")
    col[0] = 99.0
    assert t.column("inpost_fte") == [1.5]


@pytest.mark.parametrize(
    "call, exc, needle",
    [
        (lambda w: w.csww(year_end=20210930), TypeError, "year_end"),
        (lambda w: w.csww(year_end="30/09/2021"), workforce.InvalidArgumentError, "year_end"),
        (lambda w: w.csww(year_end=[]), workforce.InvalidArgumentError, "year_end"),
        (lambda w: w.csww(YE, unit=3), TypeError, "unit"),
        (lambda w: w.csww(YE, by_unit="yes"), TypeError, "by_unit"),
        (lambda w: w.csww(YE, basis="furlongs"), workforce.InvalidArgumentError, "basis"),
        (lambda w: w.csww(YE, basis=1), TypeError, "basis"),
        (lambda w: w.csww(YE, rejoin_grace_days=-1), workforce.InvalidArgumentError, "rejoin_grace_days"),
        (lambda w: w.csww(YE, rejoin_grace_days=1.5), TypeError, "rejoin_grace_days"),
        (lambda w: w.csww(YE, end_date_inclusive=1), TypeError, "end_date_inclusive"),
        (lambda w: w.csww(YE, working_days_per_year=0), workforce.InvalidArgumentError, "working_days_per_year"),
        (lambda w: w.csww(YE, agency_length_bands=[52, 26]), workforce.InvalidArgumentError, "agency_length_bands"),
        (lambda w: w.csww(YE, agency_length_bands="26"), TypeError, "agency_length_bands"),
        (lambda w: w.csww(YE, colour="red"), TypeError, "colour"),
        (lambda w: w.measures("2021-09-30", "2020-10-01"), workforce.InvalidArgumentError, "before start"),
        (lambda w: w.measures(), TypeError, "year_end"),
        (lambda w: w.measures(YE, year_end=YE), TypeError, "year_end"),
        (lambda w: w.measures(year_end=YE, scope="family:nope"), workforce.InvalidArgumentError, "scope"),
        (lambda w: w.explain(3, year_end=YE), TypeError, "metric"),
        (lambda w: w.explain("nope", year_end=YE), workforce.InvalidArgumentError, "nope"),
        (lambda w: w.csww(YE, unit="Z"), workforce.InvalidArgumentError, "Z"),
    ],
)
def test_bad_arguments(small: workforce.Workforce, call, exc, needle) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(exc, match=needle):
        call(small)


def test_text_rendering(small: workforce.Workforce) -> None:
    t = small.csww(year_end=YE)
    assert "53.3" in t.to_text()  # 0.8 / 1.5 rounded to 1 dp
    assert repr(t).startswith("<workforce.Table: 1 rows × 24 columns>")
    assert "<table" in t._repr_html_()
    assert t.to_csv().splitlines()[0].startswith("org_unit_id,year_end,inpost_fte")


def test_demo_and_generate() -> None:
    demo = workforce.demo()
    assert demo.report is None
    t = demo.csww(year_end=YE)
    # The demo council's story (see workforce::generate::demo): about 200 FTE, turnover near 36%.
    assert 150 < value(t, "inpost_fte") < 250
    assert 25 < value(t, "turnover_rate_fte") < 45
    assert value(t, "cases") > 0
    a = workforce.generate(people=300, seed=5, cases=False)
    b = workforce.generate(300, seed=5, cases=False)
    assert a.csww(YE).to_pylist() == b.csww(YE).to_pylist()
    assert a.table("case_allocations") is None
    with pytest.raises(ValueError, match="people"):
        workforce.generate(people=5)
    with pytest.raises(workforce.InvalidArgumentError, match="council"):
        workforce.generate(council="imaginary")
    with pytest.raises(TypeError, match="start"):
        workforce.generate(start=2020)


@pytest.mark.parametrize(
    "call",
    [
        lambda w: w.csww(year_end="2021-02-30"),
        lambda w: w.survival(from_="2021-13-01", to=YE),
        lambda w: w.csww(YE, turnover_denominator="nope"),
        lambda w: w.csww(YE, rejoin_grace_days=-1),
        lambda w: w.measures(year_end=YE, scope="family:nope"),
        lambda w: w.measures("2021-09-30", "2020-10-01"),
    ],
)
def test_bad_values_raise_invalid_argument_error(small: workforce.Workforce, call: Any) -> None:
    with pytest.raises(workforce.InvalidArgumentError) as e:
        call(small)
    assert e.value.kind == "invalid_argument"
    assert isinstance(e.value, ValueError)


# A value other than the default for every field of `workforce::Options`.
OTHER_OPTIONS: Dict[str, Any] = dict(
    basis="headcount",
    turnover_denominator="average_monthly",
    rejoin_grace_days=7,
    working_days_per_year=220.5,
    absence_denominator="person_available_days",
    long_term_threshold=20,
    long_term_unit="working",
    vacancy_denominator="funded_establishment",
    agency_scope="covering_vacancies",
    agency_headcount="records",
    end_date_inclusive=True,
    exclude_casual=True,
    caseload_basis="headcount",
    caseload_include_agency=False,
    agency_length_bands=[13, 26, 52],
    agency_length_basis="contracted",
    agency_merge_consecutive=False,
    rounding="bankers",
    leaver_categories={"1": "voluntary", "5": "voluntary", "8": "other"},
    sickness_excluded_reasons=["Injury at work"],
    sickness_link_days=7,
    fte_source_for_stock="fte",
)


def test_every_option_is_settable(small: workforce.Workforce) -> None:
    defaults = workforce.default_options()
    # The defaults come from the library (consecutive agency assignments merged).
    assert defaults["agency_merge_consecutive"] is True
    assert sorted(OTHER_OPTIONS) == sorted(workforce.OPTION_NAMES) == sorted(defaults)
    for name, other in OTHER_OPTIONS.items():
        assert other != defaults[name], name
        assert small.csww(YE, **{name: other}).options[name] == other
        churn = small.agency_churn(from_="2020-10-01", to=YE, **{name: other})
        assert churn.options[name] == other
    assert small.csww(YE, **OTHER_OPTIONS).options == OTHER_OPTIONS
