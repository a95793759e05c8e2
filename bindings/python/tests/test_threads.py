"""The GIL is released while the library computes."""

from __future__ import annotations

import threading
import time

import numpy as np
import pyarrow as pa

import workforce


def synthetic(people: int, seed: int = 7) -> workforce.Workforce:
    rng = np.random.default_rng(seed)
    teams = [f"T{i}" for i in range(40)]
    units = pa.table({"org_unit_id": ["LA", *teams], "name": ["Council", *teams],
                      "parent_id": [None, *["LA"] * len(teams)]})
    ids = [f"p{i}" for i in range(people)]
    start = np.datetime64("2010-01-01") + rng.integers(0, 4000, people).astype("timedelta64[D]")
    length = rng.integers(30, 3000, people).astype("timedelta64[D]")
    end = start + length
    open_ = rng.random(people) < 0.4
    contracts = pa.table({
        "contract_id": [f"c{i}" for i in range(people)],
        "person_id": ids,
        "org_unit_id": [teams[i] for i in rng.integers(0, len(teams), people)],
        "csww_role": pa.array(rng.integers(1, 7, people)),
        "fte": rng.choice([0.5, 0.8, 1.0], people),
        "start_date": pa.array(start.astype("datetime64[D]"), pa.date32()),
        "end_date": pa.array(end.astype("datetime64[D]"), pa.date32(), mask=open_),
    })
    posts = pa.table({"post_id": pa.array([], pa.string()), "org_unit_id": pa.array([], pa.string()),
                      "fte": pa.array([], pa.float64()), "start_date": pa.array([], pa.date32())})
    agency = pa.table({"assignment_id": pa.array([], pa.string()), "person_id": pa.array([], pa.string()),
                       "org_unit_id": pa.array([], pa.string()), "fte": pa.array([], pa.float64()),
                       "start_date": pa.array([], pa.date32())})
    absences = pa.table({"absence_id": pa.array([], pa.string()), "person_id": pa.array([], pa.string()),
                         "absence_type": pa.array([], pa.string()),
                         "start_date": pa.array([], pa.date32())})
    return workforce.from_tables(org_units=units, people=pa.table({"person_id": ids}),
                                 posts=posts, contracts=contracts, agency_assignments=agency,
                                 absences=absences)


def test_gil_released_during_compute() -> None:
    wf = synthetic(20_000)
    years = [f"{y}-09-30" for y in range(2011, 2022)]

    # Calibrate one Rust call to last long enough (≥ 0.15 s) to hold several switch intervals.
    k, single = 1, 0.0
    while True:
        t0 = time.perf_counter()
        wf.csww(year_end=years * k, by_unit=True)
        single = time.perf_counter() - t0
        if single >= 0.15 or k >= 64:
            break
        k *= 2
    assert single >= 0.05, f"the call is too quick ({single:.3f} s) to tell"

    calls: list[tuple[float, float]] = []

    def worker() -> None:
        for _ in range(3):
            t0 = time.perf_counter()
            wf.csww(year_end=years * k, by_unit=True)
            calls.append((t0, time.perf_counter()))

    stamps = []
    th = threading.Thread(target=worker)
    th.start()
    while th.is_alive():
        stamps.append(time.perf_counter())
        sum(range(200))
    th.join()
    # With the GIL held for a whole call, this thread could run no Python inside any call
    # (beyond the interpreter's 5 ms switch interval at its start); released, it keeps
    # running. Only a scheduler that starves it through all three calls could fail this.
    margin = 0.02
    inside = [
        sum(1 for t in stamps if a + margin < t < b - margin) for a, b in calls
    ]
    assert max(inside) > 0, (inside, calls, single)
