"""Compare two CSWW CSV tables cell by cell: `python compare_tables.py A.csv B.csv`.

Rows are matched on (org_unit_id, year_end); numbers must agree within 1e-6 (relative to the
magnitude) and missing must match missing. Prints each difference; exit 1 if any.
"""

import csv
import math
import sys


def load(path):
    with open(path, newline="") as f:
        return {(r["org_unit_id"], r["year_end"]): r for r in csv.DictReader(f)}


def main(a_path, b_path):
    a, b = load(a_path), load(b_path)
    bad = 0
    if set(a) != set(b):
        print(f"row keys differ: only in A {sorted(set(a) - set(b))[:5]}, only in B {sorted(set(b) - set(a))[:5]}")
        bad += 1
    for key in sorted(set(a) & set(b)):
        for col, x in a[key].items():
            if col in ("org_unit_id", "year_end"):
                continue
            y = b[key].get(col, "")
            if (x == "") != (y == ""):
                print(f"{key} {col}: {x!r} vs {y!r}")
                bad += 1
            elif x and not math.isclose(float(x), float(y), rel_tol=1e-6, abs_tol=1e-6):
                print(f"{key} {col}: {x} vs {y}")
                bad += 1
    print(f"{len(a)} rows compared, {bad} difference(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
