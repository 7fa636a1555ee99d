#!/usr/bin/env python3
"""Service calibration for the national scenario (finland-2019).

After the population synthesis (scripts/synthesise_population.py), writes
scenarios/calibration/finland-2019.yaml: a fixed-point iteration scales each service's referral
rate by (published stock / simulated stock), the inflow by (published unemployed / simulated
unemployed), the share of job-seekers whom services hardly reach (person_attributes'
share_rarely_referred, which decides how many stay unemployed a year without a break) by the
published long-term unemployed share of 10/2019 over the simulated one, and the slow type's exit
multiplier of employment_exit's two latent employability types (the newcomers' mean multiplier 1,
the slow type's share a stated assumption, SLOW_SHARE) by the simulated share of the long-term
unemployed who have been unemployed over two years over the published one (the mean of the six
months of 2024-2025 in ../shared/data/published_2024_2025, the only published figures of it),
comparing stocks as means over 9-11/2019, until no factor changes by more than 1 % and the
over-two-year ratio is within RATIO_TOLERANCE of its target (a slow multiplier of 1 is written as one
type); a run that does not converge (or fails)
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
PUBLISHED = os.path.join(ROOT, "..", "shared", "data", "published_2024_2025", "national_and_regional_2024_2025.csv")
RARELY_REFERRED_MAX = 0.9  # the fixed point must leave some job-seekers whom services reach
# How the long-term share responds to share_rarely_referred (d log / d log, measured around the
# fit); the update divides by it to converge in a few steps.
LONG_TERM_RESPONSE = 0.7
START_RARELY_REFERRED = 0.35
# The slow employability type's share among newcomers: an assumption. With share_rarely_referred
# fitted to the long-term share, the two published duration figures identify one more parameter
# only (docs/heterogeneity.md: holding share_rarely_referred at 0.3 and fitting both the share and
# the multiplier of the slow type to both figures has no solution).
SLOW_SHARE = 0.3
START_SLOW_MULTIPLIER = 1.0
# How the over-two-year share of the long-term unemployed responds to the slow multiplier.
SLOW_MULTIPLIER_RESPONSE = 0.5
RATIO_TOLERANCE = 0.01  # absolute: one percentage point of the over-two-year ratio
MAX_ITERATIONS = 20
TOLERANCE = 0.01  # largest relative change of any factor
START_RATES = {"labour_market_training": 0.0005, "integration_training": 0.001, "coaching": 0.0002,
               "wage_subsidy": 0.0005, "work_trial": 0.0004, "rehabilitative_work": 0.001,
               "self_motivated_study": 0.0006}


def over_two_years_target():
    """Unemployed over two years per long-term unemployed: the mean over the months published."""
    rows = {}
    with open(PUBLISHED, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["area"] == "Finland" and row["indicator"] in ("long_term_unemployed", "unemployed_over_2_years"):
                rows.setdefault(row["date"], {})[row["indicator"]] = float(row["value"])
    ratios = [r["unemployed_over_2_years"] / r["long_term_unemployed"] for r in rows.values() if len(r) == 2]
    return sum(ratios) / len(ratios), len(ratios)


def fast_multiplier(slow_share, slow_multiplier):
    """The fast type's multiplier that keeps the newcomers' mean multiplier at 1."""
    return (1 - slow_share * slow_multiplier) / (1 - slow_share)


def write_calibration(rates, multiplier, rarely_referred, slow_multiplier, note, fit=""):
    ratio, months = over_two_years_target()
    slow_share = SLOW_SHARE
    lines = ["# Calibrated by scripts/calibrate_national.py: referral rates and the inflow level fitted to",
             "# table 12u4 (Statistics Finland, CC BY 4.0) stocks, means over %s to %s; the share rarely" % (FIT_MONTHS[0], FIT_MONTHS[-1]),
             "# referred to the long-term unemployed share of 10/2019 (%.1f %%, Employment Bulletin); the slow" % (100 * LONG_TERM_SHARE),
             "# type of employment_exit's two employability types (share %.2f assumed, newcomers' mean" % SLOW_SHARE,
             "# multiplier 1): its multiplier to the",
             "# share of the long-term unemployed who have been unemployed over two years (%.1f %%, the mean of" % (100 * ratio),
             "# %d months of 2024-2025, KEHA-keskus employment bulletins), both read in 2019; by a fixed-point" % months,
             "# iteration.",
             "# Nothing else is fitted. " + note]
    if fit:
        lines.append("# " + fit)
    lines += ["modules:",
              "  person_attributes: {share_rarely_referred: %.4f}" % rarely_referred,
              "  inflow: {multiplier: {%s: %.4f}}" % (INFLOW_FROM, multiplier),
              "  employment_exit: {type_shares: [1], type_multipliers: [1]}" if slow_multiplier >= 1 else
              "  employment_exit: {type_shares: [%.4f, %.4f], type_multipliers: [%.4f, %.4f]}"
              % (1 - slow_share, slow_share, fast_multiplier(slow_share, slow_multiplier), slow_multiplier)]
    for kind in KINDS:
        lines.append("  %s: {referral_rate: %.6f}" % (kind, rates[kind]))
    os.makedirs(os.path.dirname(CALIBRATION), exist_ok=True)
    with open(CALIBRATION, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def simulate():
    """Each indicator for the whole country by month (means over two replications)."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([POLKU, "run", SCENARIO, "--out", out, "--replications", "2", "--quiet",
                        "--set", "modules.jobseeker_stock.report_over_two_years=true"], check=True)
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


def committed_values():
    """Referral rates, inflow level and share rarely referred of the committed calibration."""
    rates, multiplier, rarely_referred = dict(START_RATES), 1.0, START_RARELY_REFERRED
    with open(CALIBRATION, encoding="utf-8") as f:
        for line in f:
            parts = line.strip().split(":")
            if parts[0] in rates and "referral_rate" in line:
                rates[parts[0]] = float(line.split("referral_rate:")[1].strip(" }\n"))
            if parts[0] == "inflow":
                multiplier = float(line.split(INFLOW_FROM + ":")[1].strip(" }\n"))
            if parts[0] == "person_attributes":
                rarely_referred = float(line.split("share_rarely_referred:")[1].strip(" }\n"))
    return rates, multiplier, rarely_referred


def iterate(target, columns):
    """The fixed-point iteration; True when it converged (the file then holds the fit)."""
    rates, multiplier, rarely_referred = committed_values()
    slow_multiplier = START_SLOW_MULTIPLIER
    ratio_target, _ = over_two_years_target()
    for iteration in range(1, MAX_ITERATIONS + 1):
        write_calibration(rates, multiplier, rarely_referred, slow_multiplier, "Iteration %d." % iteration)
        by_month = simulate()
        model = {k: sum(by_month[m][k] for m in FIT_MONTHS) / len(FIT_MONTHS) for k in by_month[FIT_MONTHS[0]]}
        factors = {}
        for column in columns:
            simulated = sum(model["in_service." + k] for k, c in KINDS.items() if c == column)
            factors[column] = target[column] / max(simulated, 1.0)
        factors["unemployed"] = target["unemployed"] / model["unemployed"]
        october = by_month[LONG_TERM_MONTH]
        long_term = october["long_term_unemployed"] / october["unemployed"]
        factors["long_term"] = LONG_TERM_SHARE / long_term
        ratio = model["unemployed_over_2_years"] / model["long_term_unemployed"]
        largest = max(abs(f - 1) for f in factors.values())
        print("iteration %d: long-term share %.4f, over two years per long-term %.4f, share rarely referred %.4f, "
              "slow multiplier %.4f; largest change %.3f" % (iteration, long_term, ratio, rarely_referred,
                                                             slow_multiplier, largest), file=sys.stderr)
        if largest < TOLERANCE and abs(ratio - ratio_target) < RATIO_TOLERANCE:
            # The values just simulated are the ones whose fit is reported.
            write_calibration(rates, multiplier, rarely_referred, slow_multiplier,
                              "Converged after %d iterations (largest last change %.2f %%)." % (iteration, 100 * largest),
                              "Fit: long-term share 10/2019 %.1f %% (published %.1f %%); over two years per long-term "
                              "unemployed 9-11/2019 %.1f %% (target %.1f %%)."
                              % (100 * long_term, 100 * LONG_TERM_SHARE, 100 * ratio, 100 * ratio_target))
            return True
        for kind, column in KINDS.items():
            rates[kind] *= factors[column]
        multiplier *= factors["unemployed"]
        rarely_referred = min(RARELY_REFERRED_MAX, rarely_referred * factors["long_term"] ** (1 / LONG_TERM_RESPONSE))
        # The slow type is at most as fast as the mean (1: one type in effect).
        slow_multiplier = min(1.0, slow_multiplier * (ratio / ratio_target) ** (1 / SLOW_MULTIPLIER_RESPONSE))
    return False


if __name__ == "__main__":
    sys.exit(main())
