#!/usr/bin/env python3
"""The Raahe-region pilot 2021-2024 against the data: the three municipalities' unemployed stock by
year (table 12r5, 2021 to 10/2023) and the activation rate around 1.1.2023.

    python3 scripts/raahe_pilot_report.py RUN_DIR

RUN_DIR is the output folder of `polku run scenarios/raahe-pilot-2021-2024.yaml` (its summary.csv).
Prints markdown tables. The observed figures come from scenarios/data/unemployed_by_month.csv
(Source: Statistics Finland, table 12r5, CC BY 4.0); there is no municipal activation data in the
repository, so activation is shown from the model only, beside the report's description.
"""
import csv
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "scenarios", "data", "unemployed_by_month.csv")
MUNICIPALITIES = ["Raahe", "Siikajoki", "Pyhäjoki"]
AREA = "Raahe area"
LAST_DATA = "2023-10"


def observed():
    out = {}
    with open(DATA, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["name"] in MUNICIPALITIES and "2021-01" <= r["month"] <= LAST_DATA:
                out[r["month"]] = out.get(r["month"], 0) + int(r["unemployed"])
    return out


def simulated(folder):
    out = {}
    with open(os.path.join(folder, "summary.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["area"] == AREA:
                out[(r["month"], r["indicator"])] = r
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    obs, sim = observed(), simulated(sys.argv[1])
    print("| year | months | published mean | simulated mean | error | months within ±15 % |")
    print("|---|---|---|---|---|---|")
    for year in ("2021", "2022", "2023"):
        months = sorted(m for m in obs if m.startswith(year))
        p = sum(obs[m] for m in months) / len(months)
        s = sum(float(sim[(m, "unemployed")]["mean"]) for m in months) / len(months)
        within = sum(abs(float(sim[(m, "unemployed")]["mean"]) / obs[m] - 1) <= 0.15 for m in months)
        print("| %s | %s-%s | %.0f | %.0f | %+.1f %% | %d of %d |" % (
            year, months[0][5:], months[-1][5:], p, s, 100 * (s / p - 1), within, len(months)))
    print()
    print("| month | activation rate (p05-p95) | in rehabilitative work | pilot customers | "
          "of them in services | unemployed, model (published) |")
    print("|---|---|---|---|---|---|")
    for m in ("2022-07", "2022-10", "2022-12", "2023-01", "2023-02", "2023-03", "2023-06", "2023-10",
              "2024-06", "2024-12"):
        a = sim[(m, "activation_rate")]
        print("| %s | %.1f %% (%.1f-%.1f) | %.0f | %.0f | %.0f | %.0f (%s) |" % (
            m, float(a["mean"]), float(a["p05"]), float(a["p95"]),
            float(sim[(m, "in_service.rehabilitative_work")]["mean"]),
            float(sim[(m, "pilot_customers")]["mean"]),
            float(sim[(m, "pilot_customers_in_services")]["mean"]),
            float(sim[(m, "unemployed")]["mean"]), obs.get(m, "n/a")))


if __name__ == "__main__":
    main()
