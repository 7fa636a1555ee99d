#!/usr/bin/env python3
"""Reads results.xlsx back with an independent reader (Debian's python3-openpyxl) and compares
cells with annual.csv, summary.csv, comparison.csv and manifest.json of the same run.

usage: check_xlsx.py POLKU SCENARIO_DIR WORK_DIR
Exit 0 when every check passes, 1 on a failed check, 77 (CTest skip) without openpyxl."""
import csv
import hashlib
import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

try:
    import openpyxl
except ImportError:
    print("SKIP: python3-openpyxl is not installed (scripts/install-deps.sh installs it)")
    sys.exit(77)

polku, scenarios, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def close(a, b):
    return a is not None and math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-9)


subprocess.run([polku, "run", str(scenarios / "tiny.yaml"), "--out", str(work / "run"), "--quiet"], check=True)
subprocess.run([polku, "compare", str(scenarios / "tiny.yaml"), str(scenarios / "tiny-variant.yaml"),
                "--out", str(work / "cmp"), "--quiet"], check=True)

run = work / "run"
wb = openpyxl.load_workbook(run / "results.xlsx")
print("sheets:", wb.sheetnames)
check(wb.sheetnames == ["Tiivistelmä - Headline", "Budjetti - Budget", "Alpha", "Beta", "Alpha-Beta area", "Koko alue - Total", "Kuukaudet - Monthly",
                        "Parametrit - Parameters", "Säännöt - Rules", "Tietoja - About"],
      f"unexpected sheets {wb.sheetnames}")

annual = {(r["year"], r["area"], r["indicator"]): r for r in csv.DictReader(open(run / "annual.csv"))}
summary = {(r["month"], r["area"], r["indicator"]): r for r in csv.DictReader(open(run / "summary.csv"))}

# Annual sheet of a municipality: header on row 5, one row per indicator, code in column B.
ws = wb["Alpha"]
check(ws["A1"].value == "Kunta / Municipality: Alpha", f"A1 is {ws['A1'].value!r}")
check(ws["A5"].value == "Indikaattori / Indicator", f"A5 is {ws['A5'].value!r}")
check(ws["D5"].value == "2025 keskiarvo / mean", f"D5 is {ws['D5'].value!r}")
rows = {ws.cell(row=r, column=2).value: r for r in range(6, ws.max_row + 1)}
for indicator in ("jobseekers", "inflow", "activation_rate"):
    check(indicator in rows, f"no row for {indicator} on sheet Alpha")
    if indicator not in rows:
        continue
    r = rows[indicator]
    for year, column in (("2025", 4), ("2026", 7)):
        expected = annual[(year, "Alpha", indicator)]
        for offset, stat in enumerate(("mean", "p05", "p95")):
            cell = ws.cell(row=r, column=column + offset)
            if expected[stat] == "NA":
                check(cell.value is None, f"Alpha {indicator} {year} {stat}: expected empty")
            else:
                check(isinstance(cell.value, (int, float)) and close(cell.value, expected[stat]),
                      f"Alpha {indicator} {year} {stat}: {cell.value!r} != {expected[stat]}")
check(ws.cell(row=rows["activation_rate"], column=4).number_format == '0.0 "%"', "percent format")
check(ws.cell(row=rows["jobseekers"], column=4).number_format == "#,##0.0", "stock mean format")
check(ws.cell(row=rows["inflow"], column=4).number_format == "#,##0", "flow format")
check(wb["Koko alue - Total"]["A1"].value == "Alue / Area: Koko alue / Total", "total title")

# Units: every row of every area sheet gives its declared unit, and euros are formatted in €.
for area_sheet in ("Alpha", "Beta", "Alpha-Beta area", "Koko alue - Total"):
    ws_area = wb[area_sheet]
    for r in range(6, ws_area.max_row + 1):
        code, unit = ws_area.cell(row=r, column=2).value, ws_area.cell(row=r, column=3).value
        fmt = ws_area.cell(row=r, column=4).number_format
        check(bool(unit), f"{area_sheet} {code}: no unit")
        check(ws_area.cell(row=r, column=1).value != code, f"{area_sheet} {code}: no label")
        if "_eur" in code:
            check(unit.startswith("€") and "€" in fmt, f"{area_sheet} {code}: euro unit {unit!r} {fmt!r}")
        else:
            check("€" not in unit and "€" not in fmt, f"{area_sheet} {code}: not euros {unit!r} {fmt!r}")
        if unit == "%":
            check(fmt == '0.0 "%"', f"{area_sheet} {code}: percent format {fmt!r}")
        else:
            check("%" not in fmt, f"{area_sheet} {code}: % format for unit {unit!r}")

# Headline: the caveats and, per area and year, the headline indicators with their ranges.
ws = wb["Tiivistelmä - Headline"]
cells = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
check(any("Monte" in c for c in cells), "headline states what the range covers")
header_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == "Alue / Area")
headers = [c.value for c in ws[header_row]]
col = next(i for i, h in enumerate(headers) if h and h.startswith("Työttömät / Unemployed"))
rows_by_key = {(ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value): r
               for r in range(header_row + 1, ws.max_row + 1)}
# The employment area of both municipalities is the whole run: it stands for the total, once.
check(list(rows_by_key)[0] == ("Alpha-Beta area", "2025"),
      f"headline starts with the area of the whole run: {list(rows_by_key)[:1]}")
check(("Koko alue", "2025") not in rows_by_key, "the total is not repeated beside that area")
for area, label in (("total", "Alpha-Beta area"), ("Beta", "Beta")):
    r = rows_by_key[(label, "2026")]
    expected = annual[("2026", area, "unemployed")]
    for offset, stat in enumerate(("mean", "p05", "p95")):
        check(close(ws.cell(row=r, column=col + 1 + offset).value, expected[stat]),
              f"headline {area} unemployed {stat}")

# Monthly sheet: the row of 2026-03, Beta, unemployed equals summary.csv.
ws = wb["Kuukaudet - Monthly"]
check([c.value for c in ws[1]] == ["Kuukausi / Month", "Alue / Area", "Indikaattori / Indicator",
                                   "Keskiarvo / Mean", "p05", "p50", "p95"], "monthly header")
found = 0
for row in ws.iter_rows(min_row=2, values_only=True):
    if row[:3] == ("2026-03", "Beta", "unemployed"):
        expected = summary[("2026-03", "Beta", "unemployed")]
        for value, stat in zip(row[3:], ("mean", "p05", "p50", "p95")):
            check(close(value, expected[stat]), f"monthly {stat}: {value!r} != {expected[stat]}")
        found += 1
check(found == 1, "monthly row 2026-03 Beta unemployed")
check(ws.max_row == 1 + len(summary), f"monthly rows {ws.max_row} != {1 + len(summary)}")

# Parameters: flattened key paths, numbers as numbers.
params = {r[0]: r[1] for r in wb["Parametrit - Parameters"].iter_rows(min_row=2, values_only=True)}
check(params.get("seed") == 7, f"seed parameter {params.get('seed')!r}")
check(params.get("modules.inflow.daily_rate.Alpha") == 4, "inflow parameter")
check(params.get("modules.employment_exit.daily_rates[0]") is not None, "list parameter")

# Rules: every plugin with its version; About: provenance.
manifest_bytes = (run / "manifest.json").read_bytes()
manifest = json.loads(manifest_bytes)
rules = [c for row in wb["Säännöt - Rules"].iter_rows(values_only=True) for c in row if c]
for plugin in manifest["plugins"]:
    check(f"{plugin['name']} {plugin['version']}" in rules, f"rules sheet lacks {plugin['name']}")
about = {r[0]: r[1] for r in wb["Tietoja - About"].iter_rows(values_only=True) if r[0]}
check(about.get("Ajon tunniste (manifest.json SHA-256) / Run id") == hashlib.sha256(manifest_bytes).hexdigest(),
      "manifest hash on the About sheet")
check(about.get("Siemenluku / Seed") == "7", "seed on the About sheet")

# Comparison workbook: the annual and monthly comparison sheets equal comparison.csv.
cmp = openpyxl.load_workbook(work / "cmp" / "results.xlsx")
print("comparison sheets:", cmp.sheetnames)
check(cmp.sheetnames[:3] == ["Tiivistelmä - Headline", "Vuosivertailu - Annual diff",
                            "Kuukausivertailu - Monthly diff"],
      f"comparison sheets {cmp.sheetnames}")
comparison = {(r["month"], r["area"], r["indicator"]): r
              for r in csv.DictReader(open(work / "cmp" / "comparison.csv"))}
seen = 0
for row in cmp["Kuukausivertailu - Monthly diff"].iter_rows(min_row=2, values_only=True):
    expected = comparison[row[:3]]
    for value, column in zip(row[3:], ("base_mean", "variant_mean", "diff_mean", "diff_p05", "diff_p95")):
        if expected[column] != "NA":
            check(close(value, expected[column]), f"comparison {row[:3]} {column}")
    seen += 1
check(seen == len(comparison), f"comparison rows {seen} != {len(comparison)}")
base_params = [r for r in cmp["Parametrit - Parameters"].iter_rows(min_row=2, values_only=True)
               if r[0] == "modules.employment_exit.daily_rates[0]"]
check(len(base_params) == 1 and base_params[0][1] != base_params[0][2], "parameters side by side")

for f in failures:
    print("FAIL:", f)
print(f"{len(failures)} failures")
sys.exit(1 if failures else 0)
