"""The CSWW table for every unit and seven year ends, with polars, as a skilled analyst would
write it: lazy frames, joins and window expressions, no Python loop over records.

It follows the data contract's time rules (service spells per unit, in post on T when the spell
does not end on T, starters and leavers as spells, vacancy per post, agency cover, caseload,
sickness days lost on the working-day calendar) and so is also an independent implementation
the tests compare the library with.

    python csww_polars.py DATA_DIR [--year-end 2021-09-30 ...] [--out FILE.csv] [--timing]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time

import polars as pl

COLUMNS = [
    "inpost_fte", "inpost_headcount", "starters_fte", "starters_headcount", "leavers_fte",
    "leavers_headcount", "turnover_rate_fte", "turnover_rate_headcount", "agency_fte",
    "agency_headcount", "agency_rate_fte", "agency_rate_headcount", "agency_cover_fte",
    "agency_cover_rate_fte", "vacancy_fte", "vacancy_rate_fte", "vacancy_agency_cover_rate_fte",
    "case_holders_fte", "cases", "caseload_fte", "working_days_lost_fte", "absence_rate_fte",
]
OPEN = dt.date(9999, 12, 31)
DATE_COLS = ["start_date", "end_date", "planned_end_date", "date"]


def read(folder: str) -> dict[str, pl.DataFrame]:
    """Read every file of the folder into memory, with typed dates and numbers."""
    import os

    names = ["org_units", "contracts", "agency_assignments", "posts", "absences", "case_allocations"]
    return {n: _typed(pl.scan_csv(f"{folder}/{n}.csv", infer_schema=False)).collect()
            for n in names if os.path.exists(f"{folder}/{n}.csv")}


def _typed(lf: pl.LazyFrame) -> pl.LazyFrame:
    cols = lf.collect_schema().names()
    exprs = []
    for c in cols:
        if c in DATE_COLS:
            exprs.append(pl.col(c).str.to_date("%Y-%m-%d", strict=True))
        elif c in ("fte", "working_days_lost", "csww_role"):
            exprs.append(pl.col(c).cast(pl.Float64))
    return lf.with_columns(exprs) if exprs else lf


def bank_holidays(folder: str) -> list[dt.date]:
    """Bank holidays: the folder's file, or the England and Wales list for the data's years."""
    import os

    path = f"{folder}/bank_holidays.csv"
    if os.path.exists(path):
        return pl.read_csv(path, try_parse_dates=True)["date"].to_list()
    # The library's built-in list; an analyst would download gov.uk's JSON instead.
    out = []
    for y in range(1, 10000):
        out.extend(_ew_holidays(y))
    return out


def _ew_holidays(y: int) -> list[dt.date]:
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    easter = dt.date(y, month, day)
    ny = dt.date(y, 1, 1)
    ny = ny + dt.timedelta(days={5: 2, 6: 1}.get(ny.weekday(), 0))

    def first_mon(mo):
        x = dt.date(y, mo, 1)
        return x + dt.timedelta(days=(7 - x.weekday()) % 7)

    def last_mon(mo):
        x = (dt.date(y, mo + 1, 1) if mo < 12 else dt.date(y + 1, 1, 1)) - dt.timedelta(days=1)
        return x - dt.timedelta(days=x.weekday())

    out = [ny, easter - dt.timedelta(days=2), easter + dt.timedelta(days=1)]
    out.append(dt.date(2020, 5, 8) if y == 2020 else first_mon(5))
    spring = {2002: [dt.date(2002, 6, 3), dt.date(2002, 6, 4)],
              2012: [dt.date(2012, 6, 4), dt.date(2012, 6, 5)],
              2022: [dt.date(2022, 6, 2), dt.date(2022, 6, 3)]}
    out.extend(spring.get(y, [last_mon(5)]))
    out.append(last_mon(8))
    xmas = dt.date(y, 12, 25)
    wd = xmas.weekday()
    if wd == 4:
        out += [xmas, dt.date(y, 12, 28)]
    elif wd == 5:
        out += [dt.date(y, 12, 27), dt.date(y, 12, 28)]
    elif wd == 6:
        out += [dt.date(y, 12, 26), dt.date(y, 12, 27)]
    else:
        out += [xmas, dt.date(y, 12, 26)]
    out += {1999: [dt.date(1999, 12, 31)], 2011: [dt.date(2011, 4, 29)], 2022: [dt.date(2022, 9, 19)], 2023: [dt.date(2023, 5, 8)]}.get(y, [])
    return out


def ancestors(units: pl.DataFrame) -> pl.DataFrame:
    """(org_unit_id, unit): each unit paired with itself and every ancestor."""
    pairs = units.select(pl.col("org_unit_id"), pl.col("org_unit_id").alias("unit"), pl.col("parent_id"))
    out = [pairs.select("org_unit_id", "unit")]
    cur = pairs.select("org_unit_id", pl.col("parent_id").alias("unit"))
    parents = units.select(pl.col("org_unit_id").alias("unit"), pl.col("parent_id").alias("next"))
    while cur.height:
        cur = cur.filter(pl.col("unit").is_not_null())
        out.append(cur)
        cur = cur.join(parents, on="unit").select("org_unit_id", pl.col("next").alias("unit"))
    return pl.concat(out).unique()


def spells(recs: pl.LazyFrame) -> pl.LazyFrame:
    """Spell number per (unit, person): contracts merged when the next starts ≤ 1 day after."""
    return (
        recs.sort("unit", "person_id", "start_date", "end_date")
        .with_columns(
            prev_end=pl.col("end").cum_max().shift(1).over(["unit", "person_id"]),
        )
        .with_columns(
            new=(pl.col("prev_end").is_null() | (pl.col("start_date") > pl.col("prev_end") + pl.duration(days=1)))
        )
        .with_columns(spell=pl.col("new").cast(pl.Int32).cum_sum().over(["unit", "person_id"]))
        .with_columns(
            spell_start=pl.col("start_date").min().over(["unit", "person_id", "spell"]),
            spell_end=pl.col("end").max().over(["unit", "person_id", "spell"]),
        )
    )


def csww(folder: str, frames: dict[str, pl.DataFrame], year_ends: list[dt.date]) -> pl.DataFrame:
    """The CSWW table from frames already in memory (`read`)."""

    def scan(_folder: str, name: str) -> pl.LazyFrame:
        return frames[name].lazy()

    units = frames["org_units"]
    anc = ancestors(units).lazy()
    hol = bank_holidays(folder)
    ye = pl.LazyFrame({"year_end": year_ends}).with_columns(
        p1=pl.col("year_end").dt.offset_by("-1y") + pl.duration(days=1)
    )

    def in_scope(lf):
        return lf.filter(pl.col("csww_role").is_not_null()).with_columns(end=pl.col("end_date").fill_null(OPEN))

    con = spells(in_scope(scan(folder, "contracts")).join(anc, on="org_unit_id"))
    ag = spells(in_scope(scan(folder, "agency_assignments")).join(anc, on="org_unit_id"))
    posts = in_scope(scan(folder, "posts")).join(anc, on="org_unit_id")

    con_t = con.join(ye, how="cross")
    inpost_c = con_t.filter(
        (pl.col("start_date") <= pl.col("year_end")) & (pl.col("year_end") <= pl.col("end"))
        & (pl.col("spell_end") != pl.col("year_end"))
    )
    inpost = inpost_c.group_by("unit", "year_end").agg(
        inpost_fte=pl.col("fte").sum(), inpost_headcount=pl.col("person_id").n_unique()
    )
    # Starters and leavers: spells starting or ending in the year, FTE of contracts covering
    # the spell's first or last day.
    spl = con_t.select("unit", "person_id", "spell", "spell_start", "spell_end", "year_end", "p1").unique()
    cov = con_t.select("unit", "person_id", "year_end", "start_date", "end", "fte")

    def flow(day_col, prefix):
        s = spl.filter(pl.col(day_col).is_between(pl.col("p1"), pl.col("year_end")))
        hc = s.group_by("unit", "year_end").agg(pl.len().alias(f"{prefix}_headcount"))
        f = (
            s.join(cov, on=["unit", "person_id", "year_end"])
            .filter((pl.col("start_date") <= pl.col(day_col)) & (pl.col(day_col) <= pl.col("end")))
            .group_by("unit", "year_end").agg(pl.col("fte").sum().alias(f"{prefix}_fte"))
        )
        return hc.join(f, on=["unit", "year_end"], how="full", coalesce=True)

    starters = flow("spell_start", "starters")
    leavers = flow("spell_end", "leavers")

    # Vacancy per open post.
    filled = (
        inpost_c.filter(pl.col("post_id").is_not_null())
        .group_by("unit", "year_end", "post_id").agg(filled=pl.col("fte").sum())
    )
    post_t = (
        posts.join(ye, how="cross")
        .filter((pl.col("start_date") <= pl.col("year_end")) & (pl.col("year_end") < pl.col("end")))
        .join(filled, on=["unit", "year_end", "post_id"], how="left")
        .with_columns(vac=(pl.col("fte") - pl.col("filled").fill_null(0.0)).clip(lower_bound=0.0))
    )
    vacancy = post_t.group_by("unit", "year_end").agg(vacancy_fte=pl.col("vac").sum())
    vacant_posts = post_t.filter(pl.col("vac") > 0).select("unit", "year_end", "post_id", vacant=pl.lit(True))

    ag_in = (
        ag.join(ye, how="cross")
        .filter(
            (pl.col("start_date") <= pl.col("year_end")) & (pl.col("year_end") <= pl.col("end"))
            & (pl.col("spell_end") != pl.col("year_end"))
        )
        .join(vacant_posts, on=["unit", "year_end", "post_id"], how="left")
        .with_columns(
            covers=(pl.col("cover_reason") == "vacancy").fill_null(False)
            | (pl.col("cover_reason").is_null() & pl.col("vacant").fill_null(False))
        )
    )
    agency = ag_in.group_by("unit", "year_end").agg(
        agency_fte=pl.col("fte").sum(),
        agency_headcount=pl.col("person_id").n_unique(),
        agency_cover_fte=pl.col("fte").filter(pl.col("covers")).sum(),
    )

    # Caseload: allocations open on T held by in-post staff (employees and agency).
    has_cases = "case_allocations" in frames
    parts = [inpost, starters, leavers, vacancy, agency]
    if has_cases:
        holders = pl.concat([
            inpost_c.select("unit", "year_end", "person_id", "fte"),
            ag_in.select("unit", "year_end", "person_id", "fte"),
        ]).group_by("unit", "year_end", "person_id").agg(pl.col("fte").sum())
        alloc = scan(folder, "case_allocations").with_columns(end=pl.col("end_date").fill_null(OPEN))
        open_cases = (
            alloc.join(ye.select("year_end"), how="cross")
            .filter((pl.col("start_date") <= pl.col("year_end")) & (pl.col("year_end") <= pl.col("end")))
            .group_by("person_id", "year_end").agg(n=pl.len())
        )
        cases = (
            holders.join(open_cases, on=["person_id", "year_end"])
            .group_by("unit", "year_end").agg(cases=pl.col("n").sum(), case_holders_fte=pl.col("fte").sum())
        )
        parts.append(cases)

    # Sickness days lost: derived = Σ working days of (absence ∩ year ∩ contract) × FTE;
    # recorded and ended = recorded × working days inside the year ÷ working days of the absence.
    ab = (
        scan(folder, "absences").filter(pl.col("absence_type") == "sickness")
        .with_columns(aend=pl.col("end_date").fill_null(OPEN), astart=pl.col("start_date"))
        .select("absence_id", "person_id", "astart", "aend", "working_days_lost",
                recorded=pl.col("working_days_lost").is_not_null() & pl.col("end_date").is_not_null())
    )

    def wd(a, b):
        return pl.when(a <= b).then(pl.business_day_count(a, b + pl.duration(days=1), holidays=hol)).otherwise(0)

    x = (
        con_t.select("unit", "person_id", "year_end", "p1", "start_date", "end", "fte")
        .join(ab, on="person_id")
        .with_columns(
            lo=pl.max_horizontal("astart", "p1"), hi=pl.min_horizontal("aend", "year_end"),
        )
        .filter(pl.col("lo") <= pl.col("hi"))
        .with_columns(
            clo=pl.max_horizontal("lo", "start_date"), chi=pl.min_horizontal("hi", "end"),
        )
    )
    derived = (
        x.filter(~pl.col("recorded"))
        .with_columns(days=wd(pl.col("clo"), pl.col("chi")) * pl.col("fte"))
        .group_by("unit", "year_end").agg(d=pl.col("days").sum())
    )
    recorded = (
        x.filter(pl.col("recorded") & (pl.col("clo") <= pl.col("chi")))
        .unique(["unit", "year_end", "absence_id"])
        .with_columns(inside=wd(pl.col("lo"), pl.col("hi")), whole=wd(pl.col("astart"), pl.col("aend")))
        .with_columns(
            days=pl.when(pl.col("whole") > 0)
            .then(pl.col("working_days_lost") * pl.col("inside") / pl.col("whole")).otherwise(0.0)
        )
        .group_by("unit", "year_end").agg(r=pl.col("days").sum())
    )
    sick = derived.join(recorded, on=["unit", "year_end"], how="full", coalesce=True).select(
        "unit", "year_end", working_days_lost_fte=pl.col("d").fill_null(0) + pl.col("r").fill_null(0)
    )
    parts.append(sick)

    grid = units.lazy().select(unit=pl.col("org_unit_id")).join(ye.select("year_end"), how="cross")
    out = grid
    for f in parts:
        out = out.join(f, on=["unit", "year_end"], how="left")
    fill0 = [c for c in COLUMNS if c not in ("case_holders_fte", "cases") or has_cases]
    out = out.with_columns([pl.col(c).fill_null(0).cast(pl.Float64) for c in fill0 if c in out.collect_schema().names()])

    def rate(n, d):
        return pl.when(d != 0).then(100 * n / d).otherwise(None)

    out = out.with_columns(
        turnover_rate_fte=rate(pl.col("leavers_fte"), pl.col("inpost_fte")),
        turnover_rate_headcount=rate(pl.col("leavers_headcount"), pl.col("inpost_headcount")),
        agency_rate_fte=rate(pl.col("agency_fte"), pl.col("agency_fte") + pl.col("inpost_fte")),
        agency_rate_headcount=rate(pl.col("agency_headcount"), pl.col("agency_headcount") + pl.col("inpost_headcount")),
        agency_cover_rate_fte=rate(pl.col("agency_cover_fte"), pl.col("agency_fte")),
        vacancy_rate_fte=rate(pl.col("vacancy_fte"), pl.col("vacancy_fte") + pl.col("inpost_fte")),
        vacancy_agency_cover_rate_fte=rate(pl.col("agency_cover_fte"), pl.col("vacancy_fte")),
        absence_rate_fte=rate(pl.col("working_days_lost_fte"), pl.col("inpost_fte") * 253),
    )
    if has_cases:
        out = out.with_columns(
            caseload_fte=pl.when(pl.col("case_holders_fte") != 0)
            .then(pl.col("cases") / pl.col("case_holders_fte")).otherwise(None)
        )
    else:
        out = out.with_columns([pl.lit(None, dtype=pl.Float64).alias(c) for c in ("case_holders_fte", "cases", "caseload_fte")])
    return (
        out.select(pl.col("unit").alias("org_unit_id"), "year_end", *COLUMNS)
        .sort("org_unit_id", "year_end")
        .collect()
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("--year-end", action="append", type=dt.date.fromisoformat)
    ap.add_argument("--out")
    ap.add_argument("--timing", action="store_true", help="print read/compute seconds on stderr")
    a = ap.parse_args()
    year_ends = a.year_end or [dt.date(y, 9, 30) for y in range(2017, 2024)]
    t0 = time.perf_counter()
    frames = read(a.folder)
    tr = time.perf_counter()
    table = csww(a.folder, frames, year_ends)
    t1 = time.perf_counter()
    if a.out:
        table.write_csv(a.out)
    else:
        with pl.Config(tbl_rows=-1, tbl_cols=-1):
            print(table)
    if a.timing:
        print(f"read_seconds={tr - t0:.3f} compute_seconds={t1 - tr:.3f} end_to_end_seconds={t1 - t0:.3f}",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
