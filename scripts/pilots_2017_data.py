#!/usr/bin/env python3
"""The regional employment pilots of 1.8.2017-31.12.2018: population input and observed figures.

Reads scenarios/data/unemployed_by_month.csv (Statistics Finland table 12r5, CC BY 4.0; see
scenarios/data/README.md) and

The population of the pilot scenarios (scenarios/synthesis/pilots-2017-07-services.yaml and
pilots-2017-tightness.yaml) is written by scripts/synthesise_population.py from the municipalities
and months named here.

  --observed     prints the observed difference in differences of the unemployed stock: the 23
                 pilot municipalities against the rest of the country, 12-month means (August to
                 July, so each window holds every calendar month once) and the pilot's own months.
  --model DIR    adds the model's figures from a `polku compare` output folder (no-pilot base,
                 pilot variant): the 23 municipalities' stock in both runs and the pilot effect.

Output is deterministic. Source: Statistics Finland.
"""
import argparse
import csv
import math
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "scenarios", "data", "unemployed_by_month.csv")

# The five pilot areas (pilots' reports; Act 505/2017). Order: area, then as the reports list them.
AREAS = {
    "Pirkanmaa": ["Kangasala", "Lempäälä", "Nokia", "Orivesi", "Pirkkala", "Punkalaidun", "Sastamala",
                  "Tampere", "Vesilahti", "Ylöjärvi"],
    "Varsinais-Suomi": ["Naantali", "Paimio", "Raisio", "Turku"],
    "Kuopio region": ["Kuopio", "Siilinjärvi", "Tuusniemi"],
    "Pori": ["Pori"],
    "Lapland": ["Kemi", "Kemijärvi", "Rovaniemi", "Sodankylä", "Tornio"],
}
PILOT = [m for ms in AREAS.values() for m in ms]
START_MONTH = "2017-07"
INFLOW_MONTHS = ("2016-10", "2017-07")


def months(first, last):
    y, m = map(int, first.split("-"))
    out = []
    while True:
        key = "%04d-%02d" % (y, m)
        out.append(key)
        if key == last:
            return out
        m += 1
        if m > 12:
            y, m = y + 1, 1


def read():
    by = {}
    with open(DATA, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["unemployed"]:
                by.setdefault(r["month"], {})[r["name"]] = int(r["unemployed"])
    return by


def sums(by, window):
    """Mean over the window of the pilot municipalities' and the rest of the country's stock."""
    pilot = rest = 0.0
    for k in window:
        row = by[k]
        p = sum(row.get(m, 0) for m in PILOT)
        pilot += p
        rest += sum(row.values()) - p
    return pilot / len(window), rest / len(window)


# Windows: 12-month means August-July, and the pilot's own months against the same months a year
# before the pilot.
WINDOWS = [
    ("8/2015-7/2016", months("2015-08", "2016-07")),
    ("8/2016-7/2017 (before)", months("2016-08", "2017-07")),
    ("8/2017-7/2018 (pilot)", months("2017-08", "2018-07")),
    ("8/2018-7/2019 (pilot to 12/2018)", months("2018-08", "2019-07")),
    ("8/2019-7/2020", months("2019-08", "2020-07")),
]
BASE = 1


def observed(by):
    out = []
    base_p, base_r = sums(by, WINDOWS[BASE][1])
    out.append("| window | pilot municipalities | rest of the country | pilot change | rest change | "
               "difference in differences |")
    out.append("|---|---|---|---|---|---|")
    for name, window in WINDOWS:
        p, r = sums(by, window)
        dp, dr = p / base_p - 1, r / base_r - 1
        did = (1 + dp) / (1 + dr) - 1
        out.append("| %s | %.0f | %.0f | %+.1f %% | %+.1f %% | %+.1f %% |" % (
            name, p, r, 100 * dp, 100 * dr, 100 * did))
    out.append("")
    out.append("Difference in differences: (pilot window / pilot before) / (rest window / rest before) - 1,")
    out.append("against 8/2016-7/2017. By area, pilot period 8/2017-12/2018 against 8/2016-12/2017:")
    out.append("")
    out.append("| area | before | pilot period | change | rest of the country change | "
               "difference in differences |")
    out.append("|---|---|---|---|---|---|")
    before, during = months("2016-08", "2017-12"), months("2017-08", "2018-12")
    rest_of = lambda w: sum(sum(by[k].values()) - sum(by[k].get(m, 0) for m in PILOT) for k in w) / len(w)
    rb, rd = rest_of(before), rest_of(during)
    for area, ms in list(AREAS.items()) + [("all 23", PILOT)]:
        b = sum(by[k][m] for k in before for m in ms) / len(before)
        d = sum(by[k][m] for k in during for m in ms) / len(during)
        out.append("| %s | %.0f | %.0f | %+.1f %% | %+.1f %% | %+.1f %% |" % (
            area, b, d, 100 * (d / b - 1), 100 * (rd / rb - 1), 100 * ((d / b) / (rd / rb) - 1)))
    return out


def model(by, folder):
    """Monthly stock of the 23 municipalities in the no-pilot and pilot runs of `polku compare`."""
    rows = {}
    with open(os.path.join(folder, "comparison.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["area"] == "total" and r["indicator"] in (
                    "unemployed", "in_services", "activation_rate", "pilot_customers",
                    "pilot_customers_in_services", "municipal_share_eur"):
                rows[(r["month"], r["indicator"])] = r
    out = ["| month | observed | no pilot (model) | pilot (model) | pilot effect (p05-p95) | "
           "pilot run vs observed |", "|---|---|---|---|---|---|"]
    for k in months("2017-08", "2018-12"):
        r = rows.get((k, "unemployed"))
        if r is None:
            continue
        obs = sum(by[k][m] for m in PILOT)
        base, var = float(r["base_mean"]), float(r["variant_mean"])
        out.append("| %s | %d | %.0f | %.0f | %+.0f (%+.0f to %+.0f) | %+.1f %% |" % (
            k, obs, base, var, float(r["diff_mean"]), float(r["diff_p05"]), float(r["diff_p95"]),
            100 * (var / obs - 1)))
    return out


def effects(folder):
    """The pilot's effect in the model: variant - base of the same replication (common random
    numbers), with its 5-95 % band across replications, and as a share of the no-pilot value."""
    rows = {}
    with open(os.path.join(folder, "comparison.csv"), newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows[(r["month"], r["area"], r["indicator"])] = r
    out = ["| month | indicator | no pilot | pilot | difference (p05-p95) | relative |", "|---|---|---|---|---|---|"]
    for k in ("2017-12", "2018-06", "2018-12"):
        for name in ("unemployed", "long_term_unemployed", "in_services", "activation_rate", "pilot_customers",
                     "pilot_customers_in_services", "in_service.working_life_trial",
                     "in_service.rehabilitative_work", "in_service.wage_subsidy", "meetings_held",
                     "municipal_share_eur"):
            r = rows[(k, "total", name)]
            b, v = float(r["base_mean"]), float(r["variant_mean"])
            rel = "%+.1f %%" % (100 * (v / b - 1)) if b else "n/a"
            fmt = "%.2f" if name == "activation_rate" else "%.0f"
            out.append("| %s | %s | %s | %s | %s (%s to %s) | %s |" % (
                k, name, fmt % b, fmt % v, fmt % float(r["diff_mean"]), fmt % float(r["diff_p05"]),
                fmt % float(r["diff_p95"]), rel))
        b_c, v_c = (float(rows[(k, "total", "pilot_customers_in_services")][c]) /
                    float(rows[(k, "total", "pilot_customers")][c]) for c in ("base_mean", "variant_mean"))
        out.append("| %s | activation among pilot customers (ratio of means) | %.1f %% | %.1f %% | %+.1f points | x %.2f |"
                   % (k, 100 * b_c, 100 * v_c, 100 * (v_c - b_c), v_c / b_c))
    # The pilot effect on the stock over the windows of the observed difference in differences.
    out += ["", "| window | pilot effect on the unemployed stock (mean of monthly variant / base - 1) |", "|---|---|"]
    for name, window in (("8/2017-7/2018", months("2017-08", "2018-07")),
                         ("8/2017-12/2018", months("2017-08", "2018-12")),
                         ("8/2018-12/2018", months("2018-08", "2018-12"))):
        rel = [float(rows[(k, "total", "unemployed")]["variant_mean"]) /
               float(rows[(k, "total", "unemployed")]["base_mean"]) - 1 for k in window]
        out.append("| %s | %+.2f %% |" % (name, 100 * sum(rel) / len(rel)))
    by_area = ["", "| area | pilot effect on the unemployed stock, 8/2017-12/2018 | in services, 12/2018 |", "|---|---|---|"]
    for area in ["%s pilot" % a for a in AREAS]:
        rel = [float(rows[(k, area, "unemployed")]["variant_mean"]) /
               float(rows[(k, area, "unemployed")]["base_mean"]) - 1 for k in months("2017-08", "2018-12")]
        r = rows[("2018-12", area, "in_services")]
        by_area.append("| %s | %+.2f %% | %+.1f %% |" % (area, 100 * sum(rel) / len(rel),
                                                       100 * (float(r["variant_mean"]) / float(r["base_mean"]) - 1)))
    return out + by_area


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--observed", action="store_true")
    parser.add_argument("--model", metavar="DIR")
    args = parser.parse_args()
    by = read()
    if args.observed:
        print("\n".join(observed(by)))
    if args.model:
        print("\n".join(model(by, args.model)))
        print()
        print("\n".join(effects(args.model)))


if __name__ == "__main__":
    main()
