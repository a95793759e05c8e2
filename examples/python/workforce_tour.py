"""The demo council's workforce figures from Python: the CSWW table, the monthly turnover
trend (as a chart when matplotlib is installed) and agency share by team.

    python examples/python/workforce_tour.py [--data DATA_FOLDER] [--chart turnover.png]

Without --data it uses the built-in demo council. Needs the `workforce` package and pandas
(with pyarrow); matplotlib for the chart.
"""

from __future__ import annotations

import argparse

import workforce


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", help="a canonical data folder (default: the demo council)")
    ap.add_argument("--year-end", default="2021-09-30")
    ap.add_argument("--chart", help="write the monthly turnover chart to this PNG file")
    a = ap.parse_args()

    wf = workforce.load(a.data) if a.data else workforce.demo()
    print(wf)
    if wf.report is not None and not wf.report.is_clean:
        print(wf.report)

    print("\nCSWW summary, year ending", a.year_end)
    print(wf.csww(year_end=a.year_end))

    print("\nBy team")
    teams = wf.csww(year_end=a.year_end, by_unit=True).to_pandas()
    cols = ["org_unit_id", "inpost_fte", "turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte"]
    print(teams[cols].round(1).to_string(index=False))

    print("\nAgency share by unit on", a.year_end)
    print(wf.agency_by_unit(a.year_end))

    monthly = wf.series("2018-10-01", "2023-09-30").to_pandas()
    print("\nRolling 12-month turnover at each quarter end")
    q = monthly[monthly["month_end"].map(lambda d: d.month in (3, 6, 9, 12))]
    print(q[["month_end", "inpost_fte", "turnover_rate_12m", "agency_rate"]].round(1)
          .to_string(index=False))

    if a.chart:
        import matplotlib

        matplotlib.use("Agg")
        ax = monthly.plot(x="month_end", y="turnover_rate_12m", figsize=(8, 3.5),
                          title="Rolling 12-month turnover of children's social workers (%)")
        ax.figure.savefig(a.chart, dpi=100, bbox_inches="tight")
        print("\nchart written to", a.chart)


if __name__ == "__main__":
    main()
