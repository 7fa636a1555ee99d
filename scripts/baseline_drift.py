#!/usr/bin/env python3
"""Month by month table of a planning run (or two, before and after) for docs/warm-start.md.

Usage: python3 scripts/baseline_drift.py AREA RUN_DIR [RUN_DIR]
Prints, for each month of the runs, the unemployed, the long-term unemployed, people in services
and in rehabilitative work (means over replications, summary.csv), and the annual means with the
slope of a straight line through them (% of the first year a year; the long-term share in
percentage points a year).
"""
import csv
import sys

INDICATORS = ["unemployed", "long_term_unemployed", "in_services", "in_service.rehabilitative_work"]
SHORT = ["unemployed", "long-term", "in services", "rehab. work"]


def read(run_dir, area):
    by_month = {}
    with open(run_dir + "/summary.csv", newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["area"] == area and r["indicator"] in INDICATORS:
                by_month.setdefault(r["month"], {})[r["indicator"]] = float(r["mean"])
    return by_month


def slope(y):
    n = len(y)
    mx, my = (n - 1) / 2, sum(y) / n
    return sum((i - mx) * (v - my) for i, v in enumerate(y)) / sum((i - mx) ** 2 for i in range(n))


def annual(by_month):
    years = sorted({m[:4] for m in by_month})
    rows = []
    for y in years:
        ms = [v for m, v in by_month.items() if m.startswith(y)]
        if len(ms) < 12:
            continue
        mean = {k: sum(v[k] for v in ms) / len(ms) for k in INDICATORS}
        mean["share"] = 100 * mean["long_term_unemployed"] / mean["unemployed"]
        rows.append((y, mean))
    return rows


def main():
    area, runs = sys.argv[1], sys.argv[2:]
    data = [read(r, area) for r in runs]
    months = sorted(set().union(*data))
    head = " | ".join("%s%s" % (s, "" if len(runs) == 1 else (" (%s)" % ("before", "after")[i]))
                      for s in SHORT for i in range(len(runs)))
    print("| month | " + head + " |")
    print("|---|" + "---|" * (len(SHORT) * len(runs)))
    for m in months:
        cells = []
        for k in INDICATORS:
            for d in data:
                cells.append("%.0f" % d[m][k] if m in d else "")
        print("| %s | %s |" % (m, " | ".join(cells)))
    print()
    for i, d in enumerate(data):
        rows = annual(d)
        label = "" if len(runs) == 1 else ("before", "after")[i] + ": "
        print("%sannual means: %s" % (label, "; ".join(
            "%s unemployed %.0f, long-term share %.1f %%, in services %.0f, rehabilitative work %.0f"
            % (y, v["unemployed"], v["share"], v["in_services"], v["in_service.rehabilitative_work"]) for y, v in rows)))
        u = [v["unemployed"] for _, v in rows]
        s = [v["share"] for _, v in rows]
        print("%sslope: unemployed %+.2f %% a year, long-term share %+.2f pp a year" % (
            label, 100 * slope(u) / u[0], slope(s)))


if __name__ == "__main__":
    main()
