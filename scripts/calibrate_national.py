#!/usr/bin/env python3
"""Population synthesis and service calibration for the national scenario (finland-2019).

1. Synthesis (scenarios/data/finland-2017-10-services.yaml): those in each service at the end of
   10/2017 (Statistics Finland table 12u4, whole country) are spread over municipalities in
   proportion to their unemployed (table 12r5); labour market training in 12u4 includes integration
   training, split by an assumed share. Inflow starts at one registration per unemployed person and
   year, and counsellor FTEs at one per 170 registered job-seekers (assumptions; the inflow level is
   calibrated below).
2. Calibration (scenarios/calibration/finland-2019.yaml): a fixed-point iteration scales each
   service's referral rate by (published stock / simulated stock) and the inflow by (published
   unemployed / simulated unemployed), comparing means over 9-11/2019, until the changes are below
   1 %. Durations, outcomes and exit hazards are not touched: they stay documented assumptions.

Run from the repository root after building: python3 scripts/calibrate_national.py
Source data: Statistics Finland (CC BY 4.0), via scenarios/data (see its README).
"""
import csv
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "scenarios", "data")
POLKU = os.path.join(ROOT, "build", "polku")
SCENARIO = os.path.join(ROOT, "scenarios", "finland-2019.yaml")
CALIBRATION = os.path.join(ROOT, "scenarios", "calibration", "finland-2019.yaml")
SYNTHESIS = os.path.join(DATA, "finland-2017-10-services.yaml")

START_MONTH = "2017-10"
# The autumn months around the 10/2019 statistics day: the model has no seasonality (services
# pause and inflow peaks in summer and at Christmas), so it is fitted to the season it is read in.
FIT_MONTHS = ["2019-09", "2019-10", "2019-11"]
INTEGRATION_SHARE_OF_TRAINING = 0.25  # assumption: integration training within 12u4 training
JOBSEEKERS_PER_COUNSELLOR = 170.0     # assumption: pilot survey saw 150-160 as a clear improvement

# Model kind -> column of national_services_by_month.csv (12u4); the two training kinds share one.
KINDS = {
    "labour_market_training": "labour_market_training",
    "integration_training": "labour_market_training",
    "coaching": "coaching",
    "wage_subsidy": "wage_subsidy",
    "work_trial": "work_trial",
    "rehabilitative_work": "rehabilitative_work",
    "self_motivated_study": "self_motivated_study",
}
START_RATES = {"labour_market_training": 0.0005, "integration_training": 0.001, "coaching": 0.0002,
               "wage_subsidy": 0.0005, "work_trial": 0.0004, "rehabilitative_work": 0.001,
               "self_motivated_study": 0.0006}


def read_csv(name):
    with open(os.path.join(DATA, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def flow_map(values, per_line=6):
    # Municipalities whose count is suppressed in 10/2017 (a few on Åland) take the default 0.
    items = ["%s: %s" % (k, v) for k, v in values.items()] + ["default: 0"]
    lines = [", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]
    return "{" + (",\n      ").join(lines) + "}"


def synthesise(unemployed, services):
    total = sum(unemployed.values())
    out = ["# Population synthesis for 10/2017, written by scripts/calibrate_national.py.",
           "# Source: Statistics Finland (CC BY 4.0), tables 12r5 (unemployed by municipality) and 12u4",
           "# (persons in services, whole country, 10/2017), spread over municipalities by unemployed.",
           "# Labour market training includes integration training in 12u4; %.0f %% is assumed to be" %
           (100 * INTEGRATION_SHARE_OF_TRAINING),
           "# integration training. Inflow: one registration per unemployed person and year (scaled by",
           "# the calibrated multiplier). Counsellors: one FTE per %.0f registered job-seekers (assumption)." %
           JOBSEEKERS_PER_COUNSELLOR,
           "modules:"]
    in_services = sum(int(services[c]) for c in set(KINDS.values()))
    out.append("  inflow:")
    out.append("    daily_rate: " + flow_map({m: round(u / 365.0, 4) for m, u in unemployed.items()}))
    out.append("  counselling:")
    out.append("    counsellor_fte: " + flow_map(
        {m: round(u * (1 + in_services / total) / JOBSEEKERS_PER_COUNSELLOR, 2) for m, u in unemployed.items()}))
    for kind, column in KINDS.items():
        stock = float(services[column])
        if column == "labour_market_training":
            share = INTEGRATION_SHARE_OF_TRAINING if kind == "integration_training" else 1 - INTEGRATION_SHARE_OF_TRAINING
            stock *= share
        out.append("  %s:" % kind)
        out.append("    initial_participants: " + flow_map({m: round(stock * u / total) for m, u in unemployed.items()}))
    with open(SYNTHESIS, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def write_calibration(rates, multiplier, note):
    lines = ["# Calibrated by scripts/calibrate_national.py: referral rates and the inflow level fitted to",
             "# table 12u4 (Statistics Finland, CC BY 4.0) stocks, means over 9-11/2019, by a",
             "# fixed-point iteration; nothing else is fitted. " + note,
             "modules:",
             "  inflow: {multiplier: {%s-01: %.4f}}" % (START_MONTH, multiplier)]
    for kind in KINDS:
        lines.append("  %s: {referral_rate: %.6f}" % (kind, rates[kind]))
    with open(CALIBRATION, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def simulate():
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([POLKU, "run", SCENARIO, "--out", out, "--replications", "2", "--quiet"], check=True)
        sums = {}
        with open(os.path.join(out, "summary.csv"), newline="") as f:
            for row in csv.DictReader(f):
                if row["area"] == "total" and row["month"] in FIT_MONTHS:
                    sums[row["indicator"]] = sums.get(row["indicator"], 0.0) + float(row["mean"])
        return {k: v / len(FIT_MONTHS) for k, v in sums.items()}


def main():
    unemployed = {r["name"]: int(r["unemployed"]) for r in read_csv("unemployed_by_month.csv")
                  if r["month"] == START_MONTH and r["unemployed"]}
    national = {r["month"]: r for r in read_csv("national_services_by_month.csv")}
    synthesise(unemployed, national[START_MONTH])
    target = {c: sum(float(national[m][c]) for m in FIT_MONTHS) / len(FIT_MONTHS)
              for c in set(KINDS.values()) | {"unemployed"}}

    rates, multiplier = dict(START_RATES), 1.0
    for iteration in range(12):
        write_calibration(rates, multiplier, "Iteration %d." % iteration)
        model = simulate()
        changes = []
        for column in set(KINDS.values()):
            simulated = sum(model["in_service." + k] for k, c in KINDS.items() if c == column)
            factor = target[column] / max(simulated, 1.0)
            changes.append(abs(factor - 1))
            for kind, c in KINDS.items():
                if c == column:
                    rates[kind] *= factor
        u_factor = target["unemployed"] / model["unemployed"]
        changes.append(abs(u_factor - 1))
        multiplier *= u_factor
        print("iteration %d: largest change %.3f, unemployed %.0f vs %.0f" %
              (iteration, max(changes), model["unemployed"], target["unemployed"]), file=sys.stderr)
        if max(changes) < 0.01:
            break
    write_calibration(rates, multiplier, "Converged after %d iterations (largest last change %.2f %%)."
                      % (iteration + 1, 100 * max(changes)))


if __name__ == "__main__":
    main()
