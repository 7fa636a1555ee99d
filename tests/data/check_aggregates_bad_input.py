#!/usr/bin/env python3
"""Bad input to scripts/synthesise_population.py: each gets a message (naming the file and line where
there is one), exit code 2 and no file written; odd but valid municipality names are accepted and
read back from the fragment exactly.

Usage: python3 check_aggregates_bad_input.py SYNTHESISE_SCRIPT WORK_DIR [POLKU]
With POLKU (the polku binary) a one-day run of a scenario extending the fragment with the odd names
must list them exactly too.
"""
import csv
import io
import json
import os
import shutil
import subprocess
import sys

SCRIPT, WORK = sys.argv[1], sys.argv[2]
POLKU = sys.argv[3] if len(sys.argv) > 3 else None
TIMEOUT = 30  # seconds; a run that takes longer hangs (on a named pipe, say)
HEADER = "municipality,unemployed,long_term_share"
AMOUNTS = "municipality,unemployed,counsellor_fte,daily_inflow,in_coaching,working_age_population,rehabilitative_seats"
CASES = {
    # name: (CSV text or bytes, fragments the message must contain)
    "unknown-column": ("municipality,unemployed,long_term_shares\nAlpha,10,0.3\n",
                       ["unknown-column.csv:1:", "long_term_shares", "did you mean 'long_term_share'"]),
    "missing-required": ("municipality,long_term_share\nAlpha,0.3\n",
                         ["missing-required.csv:1:", "'unemployed' is missing"]),
    "duplicate-column": ("municipality,unemployed,unemployed\nAlpha,10,12\n",
                         ["duplicate-column.csv:1:", "'unemployed' appears twice"]),
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
    # Amounts past a generous upper bound, per unit.
    "too-many-unemployed": (HEADER + "\nAlpha,20000000,0.3\n",
                            ["too-many-unemployed.csv:2: unemployed: 20000000 is outside [0, 10000000] (persons)"]),
    "amounts-out-of-range": (AMOUNTS + "\nAlpha,10,1,1,1,1,1\nBeta,10,2e5,2e5,1e8,-1,nan\n",
                             ["amounts-out-of-range.csv:3: counsellor_fte: 2e5 is outside [0, 100000] (FTE)",
                              "amounts-out-of-range.csv:3: daily_inflow: 2e5 is outside [0, 100000] (registrations a day)",
                              "amounts-out-of-range.csv:3: in_coaching: 1e8 is outside [0, 10000000] (persons)",
                              "amounts-out-of-range.csv:3: working_age_population: -1 is outside",
                              "amounts-out-of-range.csv:3: rehabilitative_seats: nan is outside"]),
    # Municipality names.
    "not-utf8": (b"municipality,unemployed\nAlpha,10\nB\xe4ta,5\n", ["not-utf8.csv:3:", "not valid UTF-8", "0xe4"]),
    "control-in-name": (HEADER + '\n"Al\x1bpha",10,0.3\n"Be\nta",5,0.3\n',
                        ["control-in-name.csv:2:", "U+001B", "control-in-name.csv:4:", "U+000A"]),
    "nul-in-name": (HEADER + "\nAl\x00pha,10,0.3\n", ["nul-in-name.csv:2:", "U+0000"]),
    "invisible-in-name": (HEADER + "\nAl\u202epha,10,0.3\n", ["invisible-in-name.csv:2:", "U+202E"]),
    "empty-name": (HEADER + "\n  ,10,0.3\n", ["empty-name.csv:2:", "municipality is empty"]),
    "long-name": (HEADER + "\n" + "A" * 101 + ",10,0.3\n", ["long-name.csv:2:", "101 characters", "limit of 100"]),
    "reserved-name": (HEADER + "\ndefault,10,0.3\ntotal,5,0.3\n",
                      ["reserved-name.csv:2:", "'default' is a reserved word", "reserved-name.csv:3:", "'total'"]),
    # The file as a whole.
    "huge-cell": (HEADER + "\nAlpha," + "1" * 200000 + ",0.3\n", ["huge-cell.csv:2:", "not a readable CSV row"]),
    "too-many-rows": (HEADER + "\n" + "".join("M%d,1,0.3\n" % i for i in range(10001)),
                      ["too-many-rows.csv:10002:", "more than 10000 municipality rows"]),
    "empty-file": ("", ["empty-file.csv:1:", "'municipality' is missing"]),
}
GOOD = "municipality,unemployed,long_term_share\nAlpha,1200,0.4\nBeta,300,0.25\n"
# Names that YAML would misread if written bare; each must come back exactly.
ODD_NAMES = ['": &x', 'Colon: here', 'Say "hi"', "- dash", "#hash", "&anchor", "*alias", "!tag", "{brace",
             "[list]", "a, b", "back\\slash", "yes", "null", "~", "123", "'single", "%percent", "@at", "|pipe",
             ">fold", "?q", "a #b", "emoji \U0001F600"]
# Names written bare; "Total" is not the reserved "total".
PLAIN_NAMES = ["Pedersöre", "Maarianhamina - Mariehamn", "Koski Tl", "Total"]


def files_under(folder):
    return sorted(os.path.relpath(os.path.join(d, f), folder) for d, _, fs in os.walk(folder) for f in fs + _)


def run(args):
    try:
        return subprocess.run([sys.executable, SCRIPT] + args, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None


def expect_refusal(label, args, expected):
    """Runs the script, which must exit 2 with the expected fragments and leave WORK unchanged."""
    before = files_under(WORK)
    result = run(args)
    if result is None:
        failures.append("%s: no answer within %d s" % (label, TIMEOUT))
        return
    if result.returncode != 2:
        failures.append("%s: exit code %d, expected 2 (stderr: %s)" % (label, result.returncode, result.stderr.strip()))
    missing = [e for e in expected if e not in result.stderr]
    if missing:
        failures.append("%s: message lacks %s; got: %s" % (label, missing, result.stderr.strip()))
    if "Traceback" in result.stderr:
        failures.append("%s: a traceback instead of a message" % label)
    after = files_under(WORK)
    if after != before:
        failures.append("%s: files written despite the error: %s" % (label, sorted(set(after) - set(before))))


def write(name, text):
    path = os.path.join(WORK, name)
    with open(path, "wb") as f:
        f.write(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


failures = []
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
good = write("good.csv", GOOD)

# Bad CSV files.
for name, (text, expected) in sorted(CASES.items()):
    path = write(name + ".csv", text)
    expect_refusal(name, ["--aggregates", path, "--name", name, "--out-dir", os.path.join(WORK, name + "-out")],
                   expected)
expect_refusal("missing-file", ["--aggregates", os.path.join(WORK, "missing-file.csv"), "--name", "x",
                                "--out-dir", os.path.join(WORK, "out")], ["missing-file.csv", "cannot read"])
# Not regular files, and one too large (sparse, so it costs no disk): refused before being read.
oversized = os.path.join(WORK, "oversized.csv")
with open(oversized, "wb") as f:
    f.truncate(10 * 1024 * 1024 + 1)
fifo = os.path.join(WORK, "fifo.csv")
os.mkfifo(fifo)
for label, path, expected in [("oversized", oversized, ["oversized.csv", "over the limit", "10 MB"]),
                              ("named-pipe", fifo, ["fifo.csv", "a named pipe, not a regular file"]),
                              ("folder", WORK, ["a folder, not a regular file"]),
                              ("device", "/dev/zero", ["/dev/zero", "a character device, not a regular file"])]:
    expect_refusal(label, ["--aggregates", path, "--name", "x", "--out-dir", os.path.join(WORK, "out")], expected)

# --name must stay a file name in --out-dir.
out = os.path.join(WORK, "out")
for label, name, expected in [("name-parent", "../escaped", ["'../escaped'", "without a folder"]),
                              ("name-folder", "sub/name", ["'sub/name'", "without a folder"]),
                              ("name-absolute", os.path.join(WORK, "abs"), ["without a folder"]),
                              ("name-backslash", "a\\b", ["without a folder"]),
                              ("name-dots", "..", ["'..'", "must not start with '.' or contain '..'"]),
                              ("name-hidden", ".hidden", ["'.hidden'", "must not start with '.'"]),
                              ("name-empty", "", ["--name is empty"]),
                              ("name-newline", "a\nb", ["U+000A"]),
                              ("name-long", "n" * 101, ["--name", "too long", "100 characters"])]:
    expect_refusal(label, ["--aggregates", good, "--name", name, "--out-dir", out], expected)
# A name whose file is a link out of --out-dir.
linked = os.path.join(WORK, "linked")
os.makedirs(linked)
os.symlink(os.path.join(WORK, "outside.yaml"), os.path.join(linked, "x.yaml"))
expect_refusal("name-symlink", ["--aggregates", good, "--name", "x", "--out-dir", linked], ["would resolve outside"])

# --reference must be a month of the whole-country service data.
with open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(SCRIPT))), "scenarios", "data",
                       "national_services_by_month.csv"), encoding="utf-8") as f:
    months = sorted(r["month"] for r in csv.DictReader(f))
coverage = "the data covers %s to %s" % (months[0], months[-1])
for label, month, expected in [("reference-after", "2099-01", ["--reference 2099-01", coverage]),
                               ("reference-before", "1999-12", ["--reference 1999-12", coverage]),
                               ("reference-not-a-month", "2019-13", ["'2019-13'", "YYYY-MM"])]:
    expect_refusal(label, ["--aggregates", good, "--name", "x", "--reference", month, "--out-dir", out], expected)

# Options that do not fit together, and output folders that cannot take the fragment.
expect_refusal("name-without-aggregates", ["--name", "x", "--out-dir", out], ["--name applies only with --aggregates"])
expect_refusal("aggregates-without-name", ["--aggregates", good, "--out-dir", out], ["--aggregates needs --name"])
# An empty --out-dir once meant the default, scenarios/synthesis: make sure nothing landed there.
stray = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(SCRIPT))), "scenarios", "synthesis",
                     "out-dir-empty-check.yaml")
expect_refusal("out-dir-empty", ["--aggregates", good, "--name", "out-dir-empty-check", "--out-dir", ""],
               ["--out-dir is empty"])
if os.path.exists(stray):
    os.remove(stray)
    failures.append("out-dir-empty: wrote %s" % stray)
expect_refusal("out-dir-a-file", ["--aggregates", good, "--name", "x", "--out-dir", good], ["is not a folder"])
blocked = os.path.join(WORK, "blocked")
os.makedirs(os.path.join(blocked, "x.yaml"))
expect_refusal("target-a-folder", ["--aggregates", good, "--name", "x", "--out-dir", blocked],
               ["cannot write", "x.yaml", "Is a directory"])

# Odd names are accepted, and the fragment (named oddly too) gives them back exactly.
table = io.StringIO()
csv.writer(table, lineterminator="\n").writerows([["municipality", "unemployed", "long_term_share"]] +
                                                 [[n, 10 + i, 0.3] for i, n in enumerate(ODD_NAMES + PLAIN_NAMES)])
odd = write("odd-names.csv", table.getvalue())
odd_out = os.path.join(WORK, "odd-out")
stem = 'odd": &x name'
result = run(["--aggregates", odd, "--name", stem, "--out-dir", odd_out])
names = ODD_NAMES + PLAIN_NAMES
if result is None or result.returncode != 0:
    failures.append("odd-names: refused: %s" % (result and result.stderr.strip()))
elif os.listdir(odd_out) != [stem + ".yaml"]:
    failures.append("odd-names: expected only %s.yaml in the output folder, got %s" % (stem, os.listdir(odd_out)))
else:
    with open(os.path.join(odd_out, stem + ".yaml"), encoding="utf-8") as f:
        text = f.read()
    try:
        import yaml
    except ImportError:  # no YAML parser here: the exact text, double-quoted as in JSON where needed
        line = "municipalities: [%s]" % ", ".join([json.dumps(n, ensure_ascii=False) for n in ODD_NAMES] + PLAIN_NAMES)
        if line not in text.splitlines():
            failures.append("odd-names: expected the line %s" % line)
    else:
        try:
            document = yaml.safe_load(text)
        except yaml.YAMLError as error:
            document = {"municipalities": "not YAML (%s)" % str(error).replace("\n", " "), "modules": {}}
        if document["municipalities"] != names:
            failures.append("odd-names: municipalities read back as %s" % document["municipalities"])
        for module, parameters in document["modules"].items():
            for parameter, values in parameters.items():
                if [k for k in values if k != "default"] != names:
                    failures.append("odd-names: %s.%s keys read back as %s" % (module, parameter, list(values)))
    if POLKU:  # the simulator's own YAML reader gives the same names back: a one-day run lists them
        scenario = os.path.join(odd_out, "scenario.yaml")
        with open(scenario, "w", encoding="utf-8") as f:
            f.write("name: odd-names\nextends: %s\nstart: 2025-01-31\nend: 2025-01-31\n" % json.dumps(stem + ".yaml"))
        check = subprocess.run([POLKU, "run", scenario, "--out", os.path.join(WORK, "odd-run"), "--quiet", "--outputs", "all"],
                               capture_output=True, text=True, timeout=TIMEOUT)
        if check.returncode != 0:
            failures.append("odd-names: polku run failed: %s" % (check.stdout + check.stderr).strip())
        else:
            with open(os.path.join(WORK, "odd-run", "indicators.csv"), newline="", encoding="utf-8") as f:
                # polku writes a text cell that a spreadsheet would run as a formula ('=', '+',
                # '-', '@' first) behind an apostrophe; undo that to compare the names
                areas = {r["area"][1:] if r["area"][:2] in ("'=", "'+", "'-", "'@") else r["area"]
                         for r in csv.DictReader(f)} - {"total"}
            if areas != set(names):
                failures.append("odd-names: polku read the names as %s" % sorted(areas))

for failure in failures:
    print(failure, file=sys.stderr)
print("check_aggregates_bad_input: %s" % ("%d failures" % len(failures) if failures else "all cases pass"))
sys.exit(1 if failures else 0)
