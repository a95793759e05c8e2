"""Shared fixtures: a small hand-made council whose figures are worked out by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any, Dict

import pyarrow as pa
import pytest

import workforce

YE = "2021-09-30"


def d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def small_tables() -> Dict[str, Any]:
    """Three units (LA ⊃ A, B); p1 in post all year, p2 a 0.5 FTE starter, p3 a 0.8 FTE
    leaver; one agency worker covering a vacant post; one sickness absence."""
    org_units = pa.table(
        {
            "org_unit_id": ["LA", "A", "B"],
            "name": ["Council", "Team A", "Team B"],
            "parent_id": [None, "LA", "LA"],
            "kind": ["council", "team", "team"],
        }
    )
    people = pa.table({"person_id": ["p1", "p2", "p3", "p4"]})
    posts = pa.table(
        {
            "post_id": ["P1", "P2"],
            "org_unit_id": ["A", "B"],
            "job_family": ["social_work", "social_work"],
            "csww_role": pa.array([5, 5], pa.int64()),
            "fte": [1.0, 1.0],
            "start_date": pa.array([d("2015-01-01"), d("2015-01-01")], pa.date32()),
            "end_date": pa.array([None, None], pa.date32()),
        }
    )
    contracts = pa.table(
        {
            "contract_id": ["c1", "c2", "c3"],
            "person_id": ["p1", "p2", "p3"],
            "org_unit_id": ["A", "A", "B"],
            "post_id": ["P1", None, None],
            "job_family": ["social_work"] * 3,
            "csww_role": pa.array([5, 5, 5], pa.int64()),
            "fte": [1.0, 0.5, 0.8],
            "start_date": pa.array([d("2019-01-01"), d("2021-03-01"), d("2018-01-01")]),
            "end_date": pa.array([None, None, d("2021-06-30")], pa.date32()),
            "contract_type": ["permanent", "permanent", "fixed_term"],
        }
    )
    agency = pa.table(
        {
            "assignment_id": ["a1"],
            "person_id": ["p4"],
            "org_unit_id": ["B"],
            "post_id": ["P2"],
            "cover_reason": ["vacancy"],
            "job_family": ["social_work"],
            "csww_role": pa.array([5], pa.int64()),
            "fte": [1.0],
            "start_date": pa.array([d("2021-01-04")]),
            "end_date": pa.array([None], pa.date32()),
        }
    )
    absences = pa.table(
        {
            "absence_id": ["s1"],
            "person_id": ["p1"],
            "absence_type": ["sickness"],
            "start_date": pa.array([d("2021-02-01")]),
            "end_date": pa.array([d("2021-02-05")]),
            "working_days_lost": [5.0],
        }
    )
    return dict(
        org_units=org_units,
        people=people,
        posts=posts,
        contracts=contracts,
        agency_assignments=agency,
        absences=absences,
    )


@pytest.fixture
def tables() -> Dict[str, Any]:
    return small_tables()


@pytest.fixture
def small() -> workforce.Workforce:
    return workforce.from_tables(**small_tables())
