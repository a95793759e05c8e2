"""The CSWW table through the Python binding, against a pandas script written as an analyst
would write it, on a generated council of N people (default 200,000).

Measures, on the same data folder:
  * rust_call      the library's `Workforce::csww` alone (timed inside Rust, no Python);
  * binding_call   `wf.csww(year_end=...)` from Python: argument parsing, the Rust call with
                   the GIL released, and the Arrow result table;
  * binding_pandas `wf.csww(...).to_pandas()`;
  * load           `workforce.load(folder)` (CSV reading, checks, indexing);
  * pandas_compute the pandas script on DataFrames already in memory;
  * pandas_read    the pandas script's `pd.read_csv` of the folder.
The binding's overhead is binding_call / rust_call − 1. The script also checks that pandas
and the binding agree on every column.

    python benches/python/bench_binding.py [--people 200000] [--data DIR] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from typing import Callable, Dict, List

import numpy as np
import pandas as pd

import workforce

YEAR_END = dt.date(2021, 9, 30)
OPEN = pd.Timestamp("2262-04-01")
COLUMNS = list(workforce.CSWW_COLUMNS)


# --------------------------------------------------------------------------------------------
# The analyst's pandas script: whole-council CSWW figures for one year end.
# --------------------------------------------------------------------------------------------

def read_folder(folder: str) -> Dict[str, pd.DataFrame]:
    dates = ["start_date", "end_date", "planned_end_date", "date"]
    frames = {}
    for name in ["contracts", "agency_assignments", "posts", "absences", "case_allocations",
                 "bank_holidays"]:
        path = os.path.join(folder, f"{name}.csv")
        if os.path.exists(path):
            cols = pd.read_csv(path, nrows=0).columns
            frames[name] = pd.read_csv(path, parse_dates=[c for c in dates if c in cols],
                                       dtype={"post_id": str, "cover_reason": str})
    return frames


def ew_bank_holidays(y: int) -> List[dt.date]:
    """England and Wales bank holidays (an analyst would download gov.uk's list)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    easter = dt.date(y, (h + l_ - 7 * m + 114) // 31, (h + l_ - 7 * m + 114) % 31 + 1)
    ny = dt.date(y, 1, 1)
    ny += dt.timedelta(days={5: 2, 6: 1}.get(ny.weekday(), 0))

    def first_mon(mo: int) -> dt.date:
        x = dt.date(y, mo, 1)
        return x + dt.timedelta(days=(7 - x.weekday()) % 7)

    def last_mon(mo: int) -> dt.date:
        x = dt.date(y, mo + 1, 1) - dt.timedelta(days=1)
        return x - dt.timedelta(days=x.weekday())

    out = [ny, easter - dt.timedelta(days=2), easter + dt.timedelta(days=1)]
    out.append(dt.date(2020, 5, 8) if y == 2020 else first_mon(5))
    spring = {2002: [dt.date(2002, 6, 3), dt.date(2002, 6, 4)],
              2012: [dt.date(2012, 6, 4), dt.date(2012, 6, 5)],
              2022: [dt.date(2022, 6, 2), dt.date(2022, 6, 3)]}
    out += spring.get(y, [last_mon(5)])
    out.append(last_mon(8))
    xmas = dt.date(y, 12, 25)
    out += {4: [xmas, dt.date(y, 12, 28)], 5: [dt.date(y, 12, 27), dt.date(y, 12, 28)],
            6: [dt.date(y, 12, 26), dt.date(y, 12, 27)]}.get(xmas.weekday(), [xmas, dt.date(y, 12, 26)])
    out += {2011: [dt.date(2011, 4, 29)], 2022: [dt.date(2022, 9, 19)],
            2023: [dt.date(2023, 5, 8)]}.get(y, [])
    return out


def with_spells(df: pd.DataFrame) -> pd.DataFrame:
    """Merge each person's records into service spells (next start ≤ 1 day after the end)."""
    df = df.sort_values(["person_id", "start_date", "end"]).copy()
    running_end = df.groupby("person_id")["end"].cummax()
    prev_end = running_end.groupby(df["person_id"]).shift(1)
    df["new_spell"] = prev_end.isna() | (df["start_date"] > prev_end + pd.Timedelta(days=1))
    df["spell"] = df.groupby("person_id")["new_spell"].cumsum()
    g = df.groupby(["person_id", "spell"])
    df["spell_start"] = g["start_date"].transform("min")
    df["spell_end"] = g["end"].transform("max")
    return df


def rate(n: float, d: float) -> float:
    return 100.0 * n / d if d else float("nan")


def csww_pandas(frames: Dict[str, pd.DataFrame], year_end: dt.date) -> Dict[str, float]:
    t = pd.Timestamp(year_end)
    p1 = t - pd.DateOffset(years=1) + pd.Timedelta(days=1)

    def in_scope(name: str) -> pd.DataFrame:
        df = frames[name]
        df = df[df["csww_role"].notna()].copy()
        df["end"] = df["end_date"].fillna(OPEN)
        return df

    con = with_spells(in_scope("contracts"))
    inpost = con[(con["start_date"] <= t) & (con["end"] >= t) & (con["spell_end"] != t)]
    out: Dict[str, float] = {}
    out["inpost_fte"] = inpost["fte"].sum()
    out["inpost_headcount"] = inpost["person_id"].nunique()

    for prefix, day in [("starters", "spell_start"), ("leavers", "spell_end")]:
        moved = con[(con[day] >= p1) & (con[day] <= t)]
        out[f"{prefix}_headcount"] = len(moved.drop_duplicates(["person_id", "spell"]))
        covering = moved[(moved["start_date"] <= moved[day]) & (moved["end"] >= moved[day])]
        out[f"{prefix}_fte"] = covering["fte"].sum()
    out["turnover_rate_fte"] = rate(out["leavers_fte"], out["inpost_fte"])
    out["turnover_rate_headcount"] = rate(out["leavers_headcount"], out["inpost_headcount"])

    posts = in_scope("posts")
    posts = posts[(posts["start_date"] <= t) & (posts["end"] > t)]
    filled = inpost.dropna(subset=["post_id"]).groupby("post_id")["fte"].sum()
    posts = posts.assign(vacant_fte=(posts["fte"] - posts["post_id"].map(filled).fillna(0)).clip(lower=0))
    vacant = set(posts.loc[posts["vacant_fte"] > 0, "post_id"])

    ag = with_spells(in_scope("agency_assignments"))
    ag = ag[(ag["start_date"] <= t) & (ag["end"] >= t) & (ag["spell_end"] != t)]
    covers = (ag["cover_reason"] == "vacancy") | (ag["cover_reason"].isna() & ag["post_id"].isin(vacant))
    out["agency_fte"] = ag["fte"].sum()
    out["agency_headcount"] = ag["person_id"].nunique()
    out["agency_rate_fte"] = rate(out["agency_fte"], out["agency_fte"] + out["inpost_fte"])
    out["agency_rate_headcount"] = rate(out["agency_headcount"],
                                        out["agency_headcount"] + out["inpost_headcount"])
    out["agency_cover_fte"] = ag.loc[covers, "fte"].sum()
    out["agency_cover_rate_fte"] = rate(out["agency_cover_fte"], out["agency_fte"])
    out["vacancy_fte"] = posts["vacant_fte"].sum()
    out["vacancy_rate_fte"] = rate(out["vacancy_fte"], out["vacancy_fte"] + out["inpost_fte"])
    out["vacancy_agency_cover_rate_fte"] = rate(out["agency_cover_fte"], out["vacancy_fte"])

    if "case_allocations" in frames:
        alloc = frames["case_allocations"]
        alloc = alloc[(alloc["start_date"] <= t) & (alloc["end_date"].fillna(OPEN) >= t)]
        holders = pd.concat([inpost[["person_id", "fte"]], ag[["person_id", "fte"]]])
        holders = holders.groupby("person_id")["fte"].sum()
        cases = alloc[alloc["person_id"].isin(holders.index)].groupby("person_id").size()
        out["cases"] = cases.sum()
        out["case_holders_fte"] = holders[cases.index].sum()
        out["caseload_fte"] = out["cases"] / out["case_holders_fte"] if out["case_holders_fte"] else float("nan")
    else:
        out["cases"] = out["case_holders_fte"] = out["caseload_fte"] = float("nan")

    # Sickness: working days of each absence inside the year; derived days weighted by the FTE
    # of the in-scope contracts covering them, recorded days pro rata.
    if "bank_holidays" in frames:
        hols = frames["bank_holidays"]["date"].values.astype("datetime64[D]")
    else:
        hols = np.array([d for y in range(1990, 2040) for d in ew_bank_holidays(y)], dtype="datetime64[D]")

    def working_days(a: pd.Series, b: pd.Series) -> np.ndarray:
        a64, b64 = a.values.astype("datetime64[D]"), b.values.astype("datetime64[D]")
        n = np.busday_count(a64, b64 + np.timedelta64(1, "D"), holidays=hols)
        return np.where(a64 <= b64, n, 0)

    ab = frames["absences"]
    ab = ab[ab["absence_type"] == "sickness"].copy()
    ab["aend"] = ab["end_date"].fillna(OPEN)
    ab["recorded"] = ab["working_days_lost"].notna() & ab["end_date"].notna()
    x = ab.merge(con[["person_id", "start_date", "end", "fte"]].rename(
        columns={"start_date": "cstart"}), on="person_id")
    x["lo"] = x["start_date"].clip(lower=p1)
    x["hi"] = x["aend"].clip(upper=t)
    x["clo"] = x[["lo", "cstart"]].max(axis=1)
    x["chi"] = x[["hi", "end"]].min(axis=1)
    x = x[(x["lo"] <= x["hi"]) & (x["clo"] <= x["chi"])]
    derived = x[~x["recorded"]]
    days = (working_days(derived["clo"], derived["chi"]) * derived["fte"]).sum()
    rec = x[x["recorded"]].drop_duplicates("absence_id")
    whole = working_days(rec["start_date"], rec["aend"])
    inside = working_days(rec["lo"], rec["hi"])
    days += np.where(whole > 0, rec["working_days_lost"] * inside / np.maximum(whole, 1), 0).sum()
    out["working_days_lost_fte"] = days
    out["absence_rate_fte"] = rate(days, out["inpost_fte"] * 253)
    return {c: float(out[c]) for c in COLUMNS}


# --------------------------------------------------------------------------------------------
# The benchmark.
# --------------------------------------------------------------------------------------------

def best(f: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        f()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data", help="an existing data folder (default: generate one)")
    ap.add_argument("--repeat", type=int, default=10)
    a = ap.parse_args()

    tmp = None
    folder = a.data
    if folder is None:
        tmp = tempfile.TemporaryDirectory()
        folder = tmp.name
        t0 = time.perf_counter()
        workforce.generate(people=a.people, seed=a.seed).write(folder)
        print(f"generated {a.people} people in {time.perf_counter() - t0:.1f} s", file=sys.stderr)

    load = best(lambda: workforce.load(folder), 1)
    wf = workforce.load(folder)
    # Interleave the Rust-only and the Python calls so load from other processes hits both.
    rust, call = float("inf"), float("inf")
    for _ in range(a.repeat):
        rust = min(rust, wf._bench_csww(YEAR_END, repeat=1))
        call = min(call, best(lambda: wf.csww(year_end=YEAR_END), 1))
    to_pd = best(lambda: wf.csww(year_end=YEAR_END).to_pandas(), a.repeat)
    read = best(lambda: read_folder(folder), 1)
    frames = read_folder(folder)
    pandas = best(lambda: csww_pandas(frames, YEAR_END), max(1, min(a.repeat, 3)))

    ours = wf.csww(year_end=YEAR_END).to_pylist()[0]
    theirs = csww_pandas(frames, YEAR_END)
    differ = [c for c in COLUMNS
              if not (ours[c] is None and np.isnan(theirs[c]))
              and (ours[c] is None or abs(ours[c] - theirs[c]) > 1e-6 * max(1.0, abs(ours[c])))]

    rows = [
        ("rust_call (Workforce::csww)", rust),
        ("binding_call (wf.csww)", call),
        ("binding_pandas (wf.csww().to_pandas())", to_pd),
        ("load (workforce.load)", load),
        ("pandas_compute (analyst script)", pandas),
        ("pandas_read (pd.read_csv)", read),
    ]
    print(f"data: {folder}  people: {len(wf.table('people') or [])}  "
          f"contracts: {len(wf.table('contracts') or [])}  year end: {YEAR_END}")
    for name, secs in rows:
        print(f"{name:42s} {secs * 1000:10.2f} ms")
    print(f"binding overhead over the Rust call: {100 * (call / rust - 1):.1f} %")
    print(f"pandas compute / binding call: {pandas / call:.0f}x")
    print(f"pandas read+compute / binding load+call: {(read + pandas) / (load + call):.1f}x")
    print("pandas and the binding agree on every column" if not differ
          else f"columns that differ: {', '.join(differ)}")
    if tmp is not None:
        tmp.cleanup()
    _ = statistics  # keep import for ad-hoc use
    return 0


if __name__ == "__main__":
    sys.exit(main())
