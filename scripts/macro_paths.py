#!/usr/bin/env python3
"""Writes the macro path presets scenarios/macro/{constant,flat,recovery,worsening}.yaml.

A macro path is the labour market's tightness by month from the day after the latest municipal
data (10/2023) to the end of the planning years, as an index relative to 10/2023 (1 = the
tightness of 10/2023). The observed part: the whole country's unemployed job-seekers of 10/2023
(table 12r5), 10/2024 and 10/2025 (employment bulletins, ../shared/data/published_2024_2025),
with the vacancy stock assumed unchanged, so tightness = U(10/2023) / U(t); months between the
Octobers are interpolated linearly (same month a year apart, so the seasons cancel).

After 10/2025 each preset states a level of the whole country's unemployment and takes the index
at which the model's stock settles there (EQUILIBRIUM below): with exits alone moving, an index held
does not hold the stock, which keeps moving toward the level where exits balance the inflow.

  constant   no observed path: the tightness of 10/2023 throughout (the reference a planning
             baseline's inflow level is fitted under, and a stationarity check)
  flat       from 11/2025 the index that holds the stock of 10/2025 (313 600): a step up from the
             last observed one, since the stock of 10/2025 was still rising toward the level
             of the market of 10/2025
  recovery   from there back to the tightness of 10/2023 in a straight line by 12/2027, then held
  worsening  the last observed index held: the labour market of 10/2025 persists, and the stock
             keeps rising (about 370 000 in 10/2029, still rising about 1 % a year)

tightness_reference is 1 in these units: the exit hazard scales by index ** elasticity, so the
area's own tightness of 10/2023 is the one its baseline inflow level was fitted under
(scenarios/calibration/*-2025-baseline.yaml, fitted under 'constant'). The elasticity is not the
matching function's 0.5 (for open vacancies per unemployed): with vacancies held, this index is
one of unemployment, and the exit hazard's elasticity to it is fitted on the whole country so that
the observed part reproduces the published stocks of 2024-2025
(scenarios/calibration/observed-path.yaml, read here). A fitted value is not drawn in runs with
parameter uncertainty (the presets mark it fixed). Under a held index the stock does not hold: it
keeps moving toward the level at which that labour market's exits balance the inflow.
Run from the repository root: python3 scripts/macro_paths.py [--out DIR] [--shared DIR]
(defaults scenarios/macro and ../shared/data)
Source: Statistics Finland table 12r5 (CC BY 4.0); KEHA-keskus employment bulletins 10/2024-10/2025.
"""
import argparse
import csv
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, "..", "shared", "data")
OUT = os.path.join(ROOT, "scenarios", "macro")
LAST = (2029, 12)


def national_unemployed_2023_10(shared):
    path = os.path.join(shared, "statfi_12r5", "tyonv_12r5_unemployed_labourforce_vacancies.csv")
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["region_code"] == "SSS" and row["time"] == "2023-10-01":
                return float(row["unemployed_jobseekers_end_of_month"])
    raise SystemExit("macro_paths: 10/2023 missing from table 12r5")


def published(shared, date):
    path = os.path.join(shared, "published_2024_2025", "national_and_regional_2024_2025.csv")
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["date"] == date and row["area"] == "Finland" and row["indicator"] == "unemployed_jobseekers":
                return float(row["value"])
    raise SystemExit("macro_paths: %s missing from the published figures" % date)


def fitted_elasticity():
    """The exit hazard's elasticity to the index, as polku calibrate wrote it."""
    path = os.path.join(ROOT, "scenarios", "calibration", "observed-path.yaml")
    with open(path, encoding="utf-8") as f:
        for line_text in f:
            key, _, value = line_text.split("#")[0].strip().partition(":")
            if key == "tightness_elasticity":
                return float(value)
    raise SystemExit("macro_paths: no tightness_elasticity in %s" % path)


# The whole country's unemployed in 10/2029 with the index held from 11/2025 at each value
# (scenarios/finland-observed-path.yaml run on to 12/2029, 1 replication, the fitted elasticity):
# the level the stock settles at. At 0.83 and below it was still rising about 1 % a year.
# Measured by scripts/macro_equilibria.py; measured again when the model or the fit changes.
EQUILIBRIUM = [(0.8165, 369757), (0.83, 361065), (0.87, 335651), (0.90, 317454), (0.93, 300268),
               (1.0, 262006)]


def settling_index(unemployed):
    """The index at which the stock settles at `unemployed`, linear between the measured points."""
    levels = [u for _, u in EQUILIBRIUM]
    if any(later >= earlier for earlier, later in zip(levels, levels[1:])):
        raise SystemExit("macro_paths: EQUILIBRIUM must fall as the index rises: %s" % levels)
    for (a, ua), (b, ub) in zip(EQUILIBRIUM, EQUILIBRIUM[1:]):
        if ub <= unemployed <= ua:
            return a + (b - a) * (ua - unemployed) / (ua - ub)
    raise SystemExit("macro_paths: %.0f unemployed is outside the measured equilibria" % unemployed)


def months(first, last):
    y, m = first
    while (y, m) <= last:
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def index_of(ym):
    return ym[0] * 12 + ym[1] - 1


def line(points, ym):
    """Linear interpolation in the month index between (ym, value) points; held after the last."""
    k = index_of(ym)
    for (a, va), (b, vb) in zip(points, points[1:]):
        if index_of(a) <= k <= index_of(b):
            return va + (vb - va) * (k - index_of(a)) / (index_of(b) - index_of(a))
    return points[-1][1]


def main():
    parser = argparse.ArgumentParser(description="Writes the macro path presets.")
    parser.add_argument("--out", default=OUT, help="folder to write to (default: %(default)s)")
    parser.add_argument("--shared", default=SHARED, help="the shared data folder (default: %(default)s)")
    args = parser.parse_args()
    out, shared = args.out, args.shared
    u2023 = national_unemployed_2023_10(shared)
    observed = [((2023, 10), 1.0), ((2024, 10), u2023 / published(shared, "2024-10-31")),
                ((2025, 10), u2023 / published(shared, "2025-10-31"))]
    last = observed[-1][1]
    elasticity = fitted_elasticity()
    if round(EQUILIBRIUM[0][0], 4) != round(last, 4):
        raise SystemExit("macro_paths: EQUILIBRIUM starts at %s, not at the last observed index %.4f"
                         % (EQUILIBRIUM[0][0], last))
    held = observed + [((2025, 11), settling_index(published(shared, "2025-10-31")))]
    presets = {
        "constant": ("no observed path, the tightness of 10/2023 throughout", [((2023, 10), 1.0)]),
        "flat": ("the observed path to 10/2025, then the index that holds the stock of 10/2025 (%d)"
                 % published(shared, "2025-10-31"), held),
        "recovery": ("the observed path to 10/2025, then from the index that holds its stock back to the "
                     "tightness of 10/2023 by 12/2027", held + [((2027, 12), 1.0)]),
        "worsening": ("the observed path to 10/2025, then its last value held: the labour market of 10/2025 "
                      "persists and the stock keeps rising, %d in 10/2029 and still rising" % EQUILIBRIUM[0][1], observed),
    }
    os.makedirs(out, exist_ok=True)
    for name, (what, points) in presets.items():
        values = ["%04d-%02d-01: %.4f" % (y, m, line(points, (y, m))) for y, m in months((2023, 11), LAST)]
        rows = []
        for i in range(0, len(values), 6):
            rows.append("      " + ", ".join(values[i:i + 6]))
        text = "\n".join([
            "# Macro path '%s': %s." % (name, what),
            "# Labour market tightness by month relative to 10/2023 (1 = the tightness of 10/2023). Observed part:",
            "# the whole country's unemployed job-seekers %d (10/2023, table 12r5), %d (10/2024) and %d (10/2025)"
            % (u2023, published(shared, "2024-10-31"), published(shared, "2025-10-31")),
            "# (KEHA-keskus employment bulletins, shared data published_2024_2025), vacancies assumed unchanged,",
            "# index = U(10/2023) / U(month), linear between the Octobers: %.4f in 10/2024, %.4f in 10/2025."
            % (observed[1][1], last),
            "# The exit hazard scales by index ** tightness_elasticity (tightness_reference 1); the elasticity",
            "# to this index is fitted to the whole country's stocks of 9-11/2024 and 9-10/2025",
            "# (calibration/observed-path.yaml), so it is not drawn in runs with parameter uncertainty.",
            "# Written by scripts/macro_paths.py; do not edit.",
            "# Source: Statistics Finland table 12r5 (CC BY 4.0); KEHA-keskus employment bulletins.",
            "macro_path: %s" % name,
            "uncertainty:",
            "  modules.employment_exit.tightness_elasticity: fixed",
            "modules:",
            "  employment_exit:",
            "    tightness_reference: 1",
            "    tightness_elasticity: %s" % elasticity,
            "    tightness: {",
            ",\n".join(rows),
            "    }",
        ])
        with open(os.path.join(out, name + ".yaml"), "w", encoding="utf-8") as f:
            f.write(text + "\n")
    print("macro_paths: wrote %s" % ", ".join(sorted(presets)))


if __name__ == "__main__":
    main()
