#!/usr/bin/env python3
"""Bad aggregates CSVs: each gets a message naming the file and line, exit code 2, and no fragment.

Usage: python3 check_aggregates_bad_input.py SYNTHESISE_SCRIPT WORK_DIR
"""
import os
import subprocess
import sys

SCRIPT, WORK = sys.argv[1], sys.argv[2]
HEADER = "municipality,unemployed,long_term_share"
CASES = {
    # name: (CSV text, fragments the message must contain)
    "unknown-column": ("municipality,unemployed,long_term_shares\nAlpha,10,0.3\n",
                       ["unknown-column.csv:1:", "long_term_shares", "did you mean 'long_term_share'"]),
    "missing-required": ("municipality,long_term_share\nAlpha,0.3\n",
                         ["missing-required.csv:1:", "'unemployed' is missing"]),
    "not-a-number": (HEADER + "\nAlpha,10,abc\n", ["not-a-number.csv:2:", "expected a number", "'abc'"]),
    "percentage": (HEADER + "\nAlpha,10,0.3\nBeta,5,40\n",
                   ["percentage.csv:3:", "outside [0, 1]", "not a percentage"]),
    "negative": (HEADER + "\nAlpha,-10,0.3\n", ["negative.csv:2:", "unemployed", "outside"]),
    "duplicate": (HEADER + "\nAlpha,10,0.3\nAlpha,12,0.3\n", ["duplicate.csv:3:", "Alpha appears twice"]),
    "empty-unemployed": (HEADER + "\nAlpha,,0.3\n", ["empty-unemployed.csv:2:", "unemployed is empty"]),
    "infinite": (HEADER + "\nAlpha,inf,0.3\n", ["infinite.csv:2:", "unemployed", "outside"]),
    "fraction-of-a-person": (HEADER + "\nAlpha,10.9,0.3\n", ["fraction-of-a-person.csv:2:", "whole number"]),
    "semicolons": ("municipality;unemployed\nAlpha;10\n", ["semicolons.csv:1:", "separated by ';'"]),
    "extra-cells": (HEADER + "\nAlpha,10,0.3,7\n", ["extra-cells.csv:2:", "more cells than columns"]),
    "partly-filled-share": (HEADER + "\nAlpha,10,0.3\nBeta,5,\n",
                            ["partly-filled-share.csv", "long_term_share must be filled", "Beta"]),
}

failures = []
os.makedirs(WORK, exist_ok=True)
for name, (text, expected) in sorted(CASES.items()) + [("missing-file", (None, ["missing-file.csv", "cannot read"]))]:
    path = os.path.join(WORK, name + ".csv")
    if text is not None:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    out_dir = os.path.join(WORK, name + "-out")
    run = subprocess.run([sys.executable, SCRIPT, "--aggregates", path, "--name", name, "--out-dir", out_dir],
                         capture_output=True, text=True)
    if run.returncode != 2:
        failures.append("%s: exit code %d, expected 2 (stderr: %s)" % (name, run.returncode, run.stderr.strip()))
    missing = [e for e in expected if e not in run.stderr]
    if missing:
        failures.append("%s: message lacks %s; got: %s" % (name, missing, run.stderr.strip()))
    if "Traceback" in run.stderr:
        failures.append("%s: a traceback instead of a message" % name)
    if os.path.exists(os.path.join(out_dir, name + ".yaml")):
        failures.append("%s: a fragment was written despite the error" % name)
for failure in failures:
    print(failure, file=sys.stderr)
sys.exit(1 if failures else 0)
