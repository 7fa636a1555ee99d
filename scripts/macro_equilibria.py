#!/usr/bin/env python3
"""Measures the EQUILIBRIUM table of scripts/macro_paths.py: the level the whole country's
unemployed stock settles at when the macro paths' index is held from 11/2025.

For each index it runs scenarios/finland-observed-path.yaml (the observed path to 10/2025, the
fitted elasticity) on to 12/2029 with the index held from 11/2025 and prints the stock of 10/2029.
Command-line changes act from the reported start (10/2023), after the warm-up, which is all these
need. Paste the printed table into scripts/macro_paths.py and rerun it after the model or the fit
of scenarios/calibration/observed-path.yaml changes.

Run from the repository root: python3 scripts/macro_equilibria.py [--polku build/polku]
"""
import argparse
import csv
import os
import subprocess
import tempfile

from macro_paths import LAST, months

INDICES = [0.8165, 0.83, 0.87, 0.90, 0.93, 1.0]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def stock_in_2029(polku, index, work):
    out = os.path.join(work, "index-%s" % index)
    command = [polku, "run", os.path.join(ROOT, "scenarios", "finland-observed-path.yaml"),
               "--replications", "1", "--quiet", "--outputs", "summary.csv", "--out", out,
               "--set", "end=%04d-%02d-31" % LAST]
    for y, m in months((2025, 11), LAST):
        command += ["--set", "modules.employment_exit.tightness.%04d-%02d-01=%s" % (y, m, index)]
    subprocess.run(command, check=True, env=dict(os.environ, POLKU_CACHE_DIR="off"))
    with open(os.path.join(out, "summary.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["area"] == "total" and row["indicator"] == "unemployed" and row["month"] == "2029-10":
                return round(float(row["mean"]))
    raise SystemExit("macro_equilibria: no total unemployed of 10/2029 in %s" % out)


def main():
    parser = argparse.ArgumentParser(description="Measures the macro paths' equilibria.")
    parser.add_argument("--polku", default=os.path.join(ROOT, "build", "polku"))
    polku = parser.parse_args().polku
    with tempfile.TemporaryDirectory(prefix="polku-equilibria-") as work:
        table = [(index, stock_in_2029(polku, index, work)) for index in INDICES]
    print("EQUILIBRIUM = [%s]" % ", ".join("(%s, %d)" % pair for pair in table))


if __name__ == "__main__":
    main()
