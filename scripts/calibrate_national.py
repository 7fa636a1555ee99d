#!/usr/bin/env python3
"""Service calibration for the national scenario (finland-2019).

After the population synthesis (scripts/synthesise_population.py), writes
scenarios/calibration/finland-2019.yaml: a fixed-point iteration scales each service's referral
rate by (published stock / simulated stock), the inflow by (published unemployed / simulated
unemployed), and the share of job-seekers whom services hardly reach (person_attributes'
share_rarely_referred, which decides how many stay unemployed a year without a break) by the
published long-term unemployed share of 10/2019 over the simulated one, comparing stocks as means
over 9-11/2019, until no factor changes by more than 1 %; a run that does not converge (or fails)
restores the committed file, keeps its last attempt in finland-2019.yaml.failed and exits with 1. Durations, outcomes and exit hazards are not touched:
they stay documented assumptions.
Other scenarios reuse the fitted rates (they extend the calibration file).

Run from the repository root after building: python3 scripts/calibrate_national.py
Source data: Statistics Finland (CC BY 4.0), via scenarios/data (see its README).
"""
import csv
import os
import subprocess
import sys
import tempfile

from synthesise_population import KINDS, ROOT, read_csv

POLKU = os.path.join(ROOT, "build", "polku")
SCENARIO = os.path.join(ROOT, "scenarios", "finland-2019.yaml")
CALIBRATION = os.path.join(ROOT, "scenarios", "calibration", "finland-2019.yaml")

INFLOW_FROM = "2015-11-01"  # the start of finland-2019.yaml (its burn-in)
# The autumn months around the 10/2019 statistics day: the model has no seasonality (services
# pause and inflow peaks in summer and at Christmas), so it is fitted to the season it is read in.
FIT_MONTHS = ["2019-09", "2019-10", "2019-11"]
# Long-term unemployed (continuously unemployed for at least a year) per unemployed job-seeker at
# the end of 10/2019: 61 300 / 224 700 (Ministry of Economic Affairs and Employment, Employment
# Bulletin 10/2019, press release of 26.11.2019). Not in the shared data, hence quoted here.
LONG_TERM_MONTH = "2019-10"
LONG_TERM_SHARE = 61300 / 224700
RARELY_REFERRED_MAX = 0.9  # the fixed point must leave some job-seekers whom services reach
MAX_ITERATIONS = 20
TOLERANCE = 0.01  # largest relative change of any factor
# How the long-term share responds to share_rarely_referred (d log / d log, measured around the
# fit); the update divides by it to converge in a few steps.
LONG_TERM_RESPONSE = 0.7
START_RARELY_REFERRED = 0.35
START_RATES = {"labour_market_training": 0.0005, "integration_training": 0.001, "coaching": 0.0002,
               "wage_subsidy": 0.0005, "work_trial": 0.0004, "rehabilitative_work": 0.001,
               "self_motivated_study": 0.0006}


def write_calibration(rates, multiplier, rarely_referred, note):
    lines = ["# Calibrated by scripts/calibrate_national.py: referral rates and the inflow level fitted to",
             "# table 12u4 (Statistics Finland, CC BY 4.0) stocks, means over %s to %s, and the share" % (FIT_MONTHS[0], FIT_MONTHS[-1]),
             "# rarely referred to the long-term unemployed share of 10/2019 (%.1f %%, Employment Bulletin)," % (100 * LONG_TERM_SHARE),
             "# by a fixed-point iteration; nothing else is fitted. " + note,
             "modules:",
             "  person_attributes: {share_rarely_referred: %.4f}" % rarely_referred,
             "  inflow: {multiplier: {%s: %.4f}}" % (INFLOW_FROM, multiplier)]
    for kind in KINDS:
        lines.append("  %s: {referral_rate: %.6f}" % (kind, rates[kind]))
    os.makedirs(os.path.dirname(CALIBRATION), exist_ok=True)
    with open(CALIBRATION, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def simulate():
    """Each indicator for the whole country by month (means over two replications)."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([POLKU, "run", SCENARIO, "--out", out, "--replications", "2", "--quiet"], check=True)
        by_month = {}
        with open(os.path.join(out, "summary.csv"), newline="") as f:
            for row in csv.DictReader(f):
                if row["area"] == "total":
                    by_month.setdefault(row["month"], {})[row["indicator"]] = float(row["mean"])
        return by_month


def main():
    national = {r["month"]: r for r in read_csv("national_services_by_month.csv")}
    columns = set(KINDS.values())
    target = {c: sum(float(national[m][c]) for m in FIT_MONTHS) / len(FIT_MONTHS) for c in columns | {"unemployed"}}

    # Iterations write the calibration file the scenario extends; on any failure the committed one
    # comes back and the last attempt is kept beside it for inspection.
    with open(CALIBRATION, encoding="utf-8") as f:
        committed = f.read()
    try:
        converged = iterate(target, columns)
    except BaseException:
        converged = False
        raise
    finally:
        if not converged:
            os.replace(CALIBRATION, CALIBRATION + ".failed")
            with open(CALIBRATION, "w", encoding="utf-8") as f:
                f.write(committed)
            print("calibrate_national: not converged; %s restored, the last attempt is in %s.failed"
                  % (CALIBRATION, CALIBRATION), file=sys.stderr)
    return 0 if converged else 1


def iterate(target, columns):
    """The fixed-point iteration; True when it converged (the file then holds the fit)."""
    rates, multiplier, rarely_referred = dict(START_RATES), 1.0, START_RARELY_REFERRED
    for iteration in range(1, MAX_ITERATIONS + 1):
        write_calibration(rates, multiplier, rarely_referred, "Iteration %d." % iteration)
        by_month = simulate()
        model = {k: sum(by_month[m][k] for m in FIT_MONTHS) / len(FIT_MONTHS) for k in by_month[FIT_MONTHS[0]]}
        factors = {}
        for column in columns:
            simulated = sum(model["in_service." + k] for k, c in KINDS.items() if c == column)
            factors[column] = target[column] / max(simulated, 1.0)
        for kind, column in KINDS.items():
            rates[kind] *= factors[column]
        factors["unemployed"] = target["unemployed"] / model["unemployed"]
        multiplier *= factors["unemployed"]
        october = by_month[LONG_TERM_MONTH]
        factors["long_term"] = LONG_TERM_SHARE / (october["long_term_unemployed"] / october["unemployed"])
        rarely_referred = min(RARELY_REFERRED_MAX, rarely_referred * factors["long_term"] ** (1 / LONG_TERM_RESPONSE))
        largest = max(abs(f - 1) for f in factors.values())
        print("iteration %d: largest change %.3f" % (iteration, largest), file=sys.stderr)
        if largest < TOLERANCE:
            write_calibration(rates, multiplier, rarely_referred, "Converged after %d iterations (largest last "
                              "change %.2f %%)." % (iteration, 100 * largest))
            return True
    return False


if __name__ == "__main__":
    sys.exit(main())
