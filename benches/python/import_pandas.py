"""The importer's benchmark mapping done with pandas, for comparison.

Usage: python3 benches/python/import_pandas.py DIR
where DIR holds hr_a.csv written by
`cargo run --release -p workforce --example import_bench -- 1000000 DIR`.
Same mapping: UK dates, weekly hours / 37, grade -> role and job family, leaving-reason codes,
cost centre -> unit, rejections (bad dates, end before start, FTE <= 0), FTE > 1 warnings.
"""
import sys
import time

import pandas as pd

d = sys.argv[1]
t = time.perf_counter()
df = pd.read_csv(f"{d}/hr_a.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
out = pd.DataFrame()
out["contract_id"] = "A" + df["Contract No"]
out["person_id"] = "A" + df["Payroll No"]
out["org_unit_id"] = df["Cost Centre"].map({"CC100": "T0", "CC101": "T1", "CC102": "T2", "CC103": "T3"})
out["csww_role"] = df["Grade"].map({"SW2": "5", "SW3": "4", "BS1": ""})
out["job_family"] = df["Grade"].map({"SW2": "social_work", "SW3": "social_work", "BS1": "business_support"})
out["fte"] = pd.to_numeric(df["Hours"], errors="coerce") / 37.0
start = pd.to_datetime(df["Start"], format="%d/%m/%Y", errors="coerce")
end = pd.to_datetime(df["Leaving Date"].replace("", None), format="%d/%m/%Y", errors="coerce")
dob = pd.to_datetime(df["DOB"], format="%d/%m/%Y", errors="coerce")
out["start_date"] = start.dt.strftime("%Y-%m-%d")
out["end_date"] = end.dt.strftime("%Y-%m-%d").fillna("")
out["reason_leave"] = df["Leaving Reason"].map({"RES": "1", "RET": "5", "": ""})
bad = start.isna() | ((df["Leaving Date"] != "") & end.isna()) | (end < start) | ~(out["fte"] > 0)
warn_fte = out["fte"] > 1
warn_age = start < dob + pd.DateOffset(years=16)
accepted = out[~bad]
secs = time.perf_counter() - t
print(f"{len(df)} rows ({len(accepted)} accepted, {int(bad.sum())} rejected, "
      f"{int(warn_fte.sum() + warn_age.sum())} warnings) in {secs:.3f} s: {len(df) / secs:.0f} rows/s")
