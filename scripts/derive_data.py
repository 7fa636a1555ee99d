#!/usr/bin/env python3
"""Regenerate everything under scenarios/data/ from the public statistics in ../shared/data/.

Inputs (Statistics Finland, CC BY 4.0, attribution "Source: Statistics Finland"; see each folder's README):
  statfi_12r5/        table 12r5, unemployed job-seekers and labour force by municipality and month,
                      and the kunta -> seutukunta -> maakunta code key
  statfi_population/  population and population aged 15-64 by municipality and year
  statfi_activation/  table 12u4, activation rate and persons in services, whole country
  oulu_raahe/         the 14 Oulu/Raahe municipalities with their planned 2025 employment area

Outputs (scenarios/data/): municipalities.csv, unemployed_by_month.csv, employment_areas_2025.csv,
national_services_by_month.csv, scenario overlay fragments finland-YYYY-MM.yaml, oulu-region-YYYY-MM.yaml
and raahe-YYYY-MM.yaml, and README.md. The README describes the files.

The output is deterministic: rows are sorted, nothing depends on the clock or the environment, and
re-running gives identical bytes (scripts/check_data.py tests exactly that). The script also checks
the derived numbers against figures quoted in the shared READMEs and stops if they disagree;
--verbose prints those checks.

Usage: python3 scripts/derive_data.py [--shared DIR] [--out DIR] [--verbose]
Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "scenarios" / "data"

F_12R5 = "statfi_12r5/tyonv_12r5_unemployed_labourforce_vacancies.csv"
F_KEY = "statfi_12r5/regionkey_kunta_seutukunta_maakunta.csv"
F_POP = "statfi_population/kuntien_vakiluvut_15_64.csv"
F_12U4 = "statfi_activation/tyonv_12u4_activation_rate_whole_country.csv"
F_AREAS = "oulu_raahe/oulu_raahe_municipalities_summary.csv"

# Upstream repositories and commits, as stated in the shared READMEs (checked against them at run time).
PROVENANCE = [
    ("statfi_12r5", "table 12r5 (statfin_tyonv_pxt_12r5.px)", "pttry/kohtaantoindeksit",
     "data/tyonv_12r5.rda", "ad3341826db4be1b343d88c860f90a4df044412c"),
    ("statfi_12r5", "regional classification key", "pttry/statficlassifications", "data/regionkey.rda",
     "1ca8f09050929f8edeef3e99dc4dafb2e1dc6f8b"),
    ("statfi_population", "population by municipality (vaerak)", "pttry/KT162R",
     "data/dat_kuntien_vakiluvut.rda", "80b21b07ea6ea86055830068af40483e3992a1d6"),
    ("statfi_activation", "table 12u4 (statfin_tyonv_pxt_12u4.px)", "pttry/almpsfin", "data/tyonv_12u4.rda",
     "12759df464d9a76ef05186dd81d56ba3fb051105"),
]

# Municipalities in the population file (≈2018 division) that merged into a municipality of the
# 2021+ division used by table 12r5: predecessor -> (successor, year of the merger). Table 12r5 already
# reports the successor within its current borders for every month, so population is summed the same way.
MERGERS = {
    "Valtimo": ("Nurmes", 2020),
    "Honkajoki": ("Kankaanpää", 2021),
}
POPULATION_YEAR = "2018"

# Table 12u4 columns -> output columns, in output order.
SERVICE_COLUMNS = [
    ("AKTASTE", "activation_rate"),
    ("TYOTTOMATLOPUSSA", "unemployed"),
    ("PALVELUISSAYHTEENSA", "in_services"),
    ("TVKOULUTUSLOP", "labour_market_training"),
    ("VALMENNUSLOP", "coaching"),
    ("TYOLLISTETTYLOP", "wage_subsidy"),
    ("KOKEILULOP", "work_trial"),
    ("VUORVAPLOP", "job_alternation"),
    ("KUNTTYOLOP", "rehabilitative_work"),
    ("OMAEHTLOP", "self_motivated_study"),
]

# Employment areas from 1.1.2025: value of `tyollisyysalue_2025` in the summary file -> area name used
# in scenarios (the `areas:` key of the fragments), and the fragment file prefix.
AREAS = {
    "Oulu": ("Oulu region", "oulu-region"),
    "Raahe": ("Raahe area", "raahe"),
}
AREA_NOTES = {
    "Oulu region": "the planned membership announced by the City of Oulu in June 2023.",
    "Raahe area": "inferred (the three municipalities ran the municipal employment trial together).",
}
# The membership the domain brief (section 2) states; the derived table must agree with it.
EXPECTED_AREAS = {
    "Oulu region": ("Oulu", {"Hailuoto", "Ii", "Kempele", "Liminka", "Lumijoki", "Muhos", "Pudasjärvi",
                             "Tyrnävä", "Utajärvi", "Vaala"}),
    "Raahe area": ("Raahe", {"Siikajoki", "Pyhäjoki"}),
}

NATIONAL_MONTHS = ["2017-10", "2019-10", "2023-10"]
AREA_MONTHS = ["2020-12", "2021-01", "2023-10"]
WRAP = 110


# ---------------------------------------------------------------------------------------------------
# Reading

@dataclass
class Municipality:
    name: str
    code: str
    region_code: str
    region_name: str
    subregion_code: str
    subregion_name: str


@dataclass
class Sources:
    shared: Path
    key: list[Municipality]                                   # in the order of the code key file
    months: list[str]                                         # YYYY-MM, ascending
    unemployed: dict[str, dict[str, int | None]]              # name -> month -> count (None = suppressed)
    labour_force: dict[str, dict[str, int]]                   # name -> month -> persons
    vacancies: dict[str, dict[str, int | None]]               # name -> month -> open vacancies
    national: dict[str, tuple[int, int]]                      # month -> (unemployed, labour force)
    population: dict[str, tuple[int | None, int | None]]      # name -> (total, aged 15-64), 2023 division
    services: list[dict[str, str]]                            # table 12u4 rows
    areas: list[tuple[str, str, str]] = field(default_factory=list)  # (area, municipality, role)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def to_int(text: str) -> int | None:
    return None if text == "" else int(text)


def month_of(time: str) -> str:
    """`YYYY-MM-01` -> `YYYY-MM`."""
    if not re.fullmatch(r"\d{4}-\d{2}-01", time):
        raise ValueError(f"unexpected time value {time!r}")
    return time[:7]


def load_key(shared: Path) -> list[Municipality]:
    return [Municipality(r["kunta_name"], r["kunta_code"], r["maakunta_code"], r["maakunta_name"],
                         r["seutukunta_code"], r["seutukunta_name"]) for r in read_csv(shared / F_KEY)]


def load_population(shared: Path, names: set[str]) -> dict[str, tuple[int | None, int | None]]:
    """Population (total, 15-64) at the end of POPULATION_YEAR, summed into the 2023 division."""
    totals: dict[str, list[int | None]] = {}
    for r in read_csv(shared / F_POP):
        if r["time"] != POPULATION_YEAR or r["alue"] == "KOKO MAA":
            continue
        name = r["alue"]
        if name not in names:
            if name not in MERGERS:
                raise ValueError(f"{F_POP}: {name!r} is neither a 12r5 municipality nor a known merger")
            name = MERGERS[name][0]
        acc = totals.setdefault(name, [0, 0])
        for i, value in enumerate((to_int(r["vakiluku"]), to_int(r["vaki_15_64"]))):
            acc[i] = None if value is None or acc[i] is None else acc[i] + value
    return {name: (v[0], v[1]) for name, v in totals.items()}


def load_areas(shared: Path, names: set[str]) -> list[tuple[str, str, str]]:
    """(area, municipality, role) from the summary file's `tyollisyysalue_2025` column.

    "Oulu (vastuukunta Oulu)" names the lead municipality; "Raahe" names none, and the municipality that
    gives the area its name is taken as the lead (an inference, see the README).
    """
    rows = []
    for r in read_csv(shared / F_AREAS):
        m = re.fullmatch(r"(.+?)(?: \(vastuukunta (.+)\))?", r["tyollisyysalue_2025"].strip())
        area_key, lead = m.group(1), m.group(2) or m.group(1)
        if area_key not in AREAS:
            raise ValueError(f"{F_AREAS}: unknown employment area {area_key!r}")
        name = r["kunta_name"]
        if name not in names or lead not in names:
            raise ValueError(f"{F_AREAS}: {name!r} or {lead!r} is not a 12r5 municipality")
        rows.append((AREAS[area_key][0], name, "lead" if name == lead else "member"))
    return rows


def load_sources(shared: Path) -> Sources:
    key = load_key(shared)
    by_code = {m.code: m for m in key}
    names = {m.name for m in key}
    unemployed: dict[str, dict[str, int | None]] = {m.name: {} for m in key}
    labour_force: dict[str, dict[str, int]] = {m.name: {} for m in key}
    vacancies: dict[str, dict[str, int | None]] = {m.name: {} for m in key}
    national: dict[str, tuple[int, int]] = {}
    for r in read_csv(shared / F_12R5):
        month = month_of(r["time"])
        if r["region_level"] == "koko maa":
            national[month] = (int(r["unemployed_jobseekers_end_of_month"]), int(r["labour_force"]))
        elif r["region_level"] == "kunta":
            m = by_code.get(r["region_code"])
            if m is None or m.name != r["region_name"]:
                raise ValueError(f"{F_12R5}: {r['region_code']} {r['region_name']!r} is not in the code key")
            unemployed[m.name][month] = to_int(r["unemployed_jobseekers_end_of_month"])
            labour_force[m.name][month] = int(r["labour_force"])
            vacancies[m.name][month] = to_int(r["open_vacancies_end_of_month"])
    months = sorted(national)
    for name in names:
        if sorted(unemployed[name]) != months:
            raise ValueError(f"{F_12R5}: {name} does not cover every month {months[0]} … {months[-1]}")
    return Sources(shared=shared, key=key, months=months, unemployed=unemployed, labour_force=labour_force,
                   vacancies=vacancies, national=national, population=load_population(shared, names),
                   services=read_csv(shared / F_12U4), areas=load_areas(shared, names))


# ---------------------------------------------------------------------------------------------------
# Helpers

_FINNISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}"})  # after z, in the Finnish order å, ä, ö


def finnish_key(name: str) -> tuple[str, str]:
    """Sort key for names in Finnish alphabetical order (Å, Ä, Ö after Z); ties broken by the raw text."""
    return (name.casefold().translate(_FINNISH_ORDER), name)


def csv_text(header: list[str], rows: list[list[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return out.getvalue()


def annual_labour_force(src: Sources, name: str, year: str) -> int | None:
    """The annual labour force (repeated in every month of the year in 12r5); None if the year is absent."""
    values = {v for month, v in src.labour_force[name].items() if month.startswith(year + "-")}
    if len(values) > 1:
        raise ValueError(f"{F_12R5}: labour force of {name} varies within {year}: {sorted(values)}")
    return values.pop() if values else None


def filled_unemployed(src: Sources, name: str, month: str) -> tuple[int, str]:
    """Unemployed in `month`, else in the nearest earlier month with a published value.

    Returns (count, month used).
    """
    series = src.unemployed[name]
    for earlier in reversed([m for m in src.months if m <= month]):
        if series[earlier] is not None:
            return series[earlier], earlier
    raise ValueError(f"{F_12R5}: no published unemployed count for {name} in or before {month}")


_YAML_PLAIN = re.compile(r"[^\W\d_][\w .'-]*", re.UNICODE)
_YAML_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def yaml_scalar(text: str) -> str:
    """A municipality or area name as a YAML flow scalar: plain when that is safe, else double-quoted."""
    if (_YAML_PLAIN.fullmatch(text) and not text.endswith((" ", "-")) and " #" not in text
            and text.casefold() not in _YAML_RESERVED):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def flow(prefix: str, items: list[str], brackets: str) -> str:
    """`prefix[a, b, ...]` (or with braces) wrapped at WRAP columns, continuing under the first item."""
    indent = " " * (len(prefix) + 1)
    lines, line, line_has_item = [], prefix + brackets[0], False
    for i, item in enumerate(items):
        text = item + ("," if i + 1 < len(items) else brackets[1])
        if line_has_item and len(line) + 1 + len(text) > WRAP:
            lines.append(line)
            line = indent + text
        else:
            line += (" " if line_has_item else "") + text
        line_has_item = True
    if not items:
        line += brackets[1]
    lines.append(line)
    return "\n".join(lines) + "\n"


def wrap_comment(text: str) -> str:
    """`text` as `# ` comment lines of at most WRAP columns."""
    lines, line = [], "#"
    for word in text.split():
        if len(line) + 1 + len(word) > WRAP and line != "#":
            lines.append(line)
            line = "#"
        line += " " + word
    lines.append(line)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------------
# Outputs

def municipalities_csv(src: Sources) -> str:
    header = ["name", "code", "region_code", "region_name", "subregion_code", "subregion_name",
              "labour_force_2022", "labour_force_2023", "population_15_64_2018", "population_2018"]
    rows = []
    for m in sorted(src.key, key=lambda m: finnish_key(m.name)):
        total, working_age = src.population.get(m.name, (None, None))
        rows.append([m.name, m.code, m.region_code, m.region_name, m.subregion_code, m.subregion_name,
                     annual_labour_force(src, m.name, "2022"), annual_labour_force(src, m.name, "2023"),
                     working_age, total])
    return csv_text(header, rows)


def unemployed_by_month_csv(src: Sources) -> str:
    rows = [[m.name, month, src.unemployed[m.name][month], src.labour_force[m.name][month],
             src.vacancies[m.name][month]]
            for m in sorted(src.key, key=lambda m: finnish_key(m.name)) for month in src.months]
    return csv_text(["name", "month", "unemployed", "labour_force", "open_vacancies"], rows)


def employment_areas_csv(src: Sources) -> str:
    rows = sorted(src.areas, key=lambda r: (finnish_key(r[0]), r[2], finnish_key(r[1])))
    return csv_text(["area", "municipality", "role"], [list(r) for r in rows])


def national_services_csv(src: Sources) -> str:
    rows = [[month_of(r["time"])] + [r[col] for col, _ in SERVICE_COLUMNS]
            for r in sorted(src.services, key=lambda r: r["time"])]
    return csv_text(["month"] + [name for _, name in SERVICE_COLUMNS], rows)


def fragment_yaml(src: Sources, month: str, members: list[str], area: str | None, what: str) -> str:
    """A scenario overlay: municipalities, optionally one employment area, and initial_stock.jobseekers."""
    if month not in src.national:
        raise ValueError(f"{month} is not a month of table 12r5")
    counts, filled = [], []
    for name in members:
        count, used = filled_unemployed(src, name, month)
        counts.append((name, count))
        if used != month:
            filled.append(f"{name} {count} ({used})")
    total = sum(c for _, c in counts)
    lf = sum(src.labour_force[name][month] for name in members)
    head = (f"Derived by scripts/derive_data.py from ../shared/data/{F_12R5} and {Path(F_KEY).name}. "
            "Source: Statistics Finland (CC BY 4.0), table 12r5 (statfin_tyonv_pxt_12r5.px, via "
            "pttry/kohtaantoindeksit). Do not edit: regenerate with python3 scripts/derive_data.py.")
    body = (f"{what}: unemployed job-seekers on the count day (last working day) of {month}, "
            f"{len(members)} municipalities in the order of the code key; sum {total}, labour force {lf}.")
    if area is None:
        body += (f" The whole-country figure of 12r5 is {src.national[month][0]}; it also counts job-seekers "
                 "not assigned to a municipality.")
    text = wrap_comment(head) + "#\n" + wrap_comment(body)
    if filled:
        text += wrap_comment(f"Suppressed in {month} (small counts), so the nearest earlier published "
                             f"month is used: {', '.join(filled)}.")
    else:
        text += wrap_comment(f"No count is suppressed in {month}.")
    if area is not None:
        text += wrap_comment("Area membership from ../shared/data/oulu_raahe: "
                             f"{AREA_NOTES[area]} See README.md.")
    text += wrap_comment("Use: a scenario in scenarios/ writes `extends: data/<this file>` and adds name, "
                         "start, end and the other modules; maps merge key by key, lists are replaced.")
    names = [yaml_scalar(n) for n in members]
    text += flow("municipalities: ", names, "[]")
    if area is not None:
        text += "areas:\n" + flow(f"  {yaml_scalar(area)}: ", names, "[]")
    text += "modules:\n  initial_stock:\n"
    text += flow("    jobseekers: ", [f"{yaml_scalar(n)}: {c}" for n, c in counts], "{}")
    return text


def area_members(src: Sources, area: str) -> list[str]:
    """Members of an employment area in the order of the code key."""
    names = {name for a, name, _ in src.areas if a == area}
    return [m.name for m in src.key if m.name in names]


def filled_cells(src: Sources) -> dict[str, list[tuple[str, int, str]]]:
    """For each overlay month: (name, count, month used) of the counts taken from an earlier month."""
    out: dict[str, list[tuple[str, int, str]]] = {}
    for month in sorted(set(NATIONAL_MONTHS) | set(AREA_MONTHS)):
        out[month] = []
        for m in src.key:
            count, used = filled_unemployed(src, m.name, month)
            if used != month:
                out[month].append((m.name, count, used))
        out[month].sort(key=lambda r: finnish_key(r[0]))
    return out


def fragments(src: Sources) -> dict[str, str]:
    out = {}
    everyone = [m.name for m in src.key]
    for month in NATIONAL_MONTHS:
        out[f"finland-{month}.yaml"] = fragment_yaml(src, month, everyone, None, "Whole country")
    for area, prefix in sorted(AREAS.values()):
        for month in AREA_MONTHS:
            out[f"{prefix}-{month}.yaml"] = fragment_yaml(src, month, area_members(src, area), area, area)
    return out


def readme_md(src: Sources, outputs: dict[str, str]) -> str:
    def rows(name: str) -> int:
        return outputs[name].count("\n") - 1

    provenance = "\n".join(f"| `../shared/data/{folder}/` | {what} | {repo} `{path}` | `{commit}` |"
                           for folder, what, repo, path, commit in PROVENANCE)
    yaml_files = "\n".join(f"- `{name}`" for name in sorted(outputs) if name.endswith(".yaml"))
    merged = "; ".join(f"{old} merged into {new} on 1.1.{year}"
                       for old, (new, year) in sorted(MERGERS.items()))
    suppressed = sorted({m.name for m in src.key if any(v is None for v in src.unemployed[m.name].values())},
                        key=finnish_key)
    n_suppressed = sum(v is None for s in src.unemployed.values() for v in s.values())
    # \0 keeps each "name count (month)" on one line; textwrap breaks only at the real spaces.
    fills = "\n".join(
        textwrap.fill(f"{month}: " + ", ".join(f"{name} {count} ({used})".replace(" ", "\0")
                                               for name, count, used in filled),
                      width=WRAP - 4, initial_indent="  - ", subsequent_indent="    ").replace("\0", " ")
        for month, filled in sorted(filled_cells(src).items()) if filled)
    first, last = src.months[0], src.months[-1]
    svc_first, svc_last = month_of(src.services[0]["time"]), month_of(src.services[-1]["time"])
    return f"""# scenarios/data: municipal statistics for scenarios, derived from ../shared/data

**Source: Statistics Finland** (Tilastokeskus), StatFin employment service statistics and population
statistics. Licence: [CC BY 4.0](https://creativecommons.org/licenses/by/4.0/). These files are derived
from the originals: selected, reshaped, columns renamed, municipalities summed into the current division,
and suppressed counts filled as described below. Keep the line "Source: Statistics Finland" with any copy
or further derivative of these files.

Everything in this folder, this README included, is generated. Do not edit by hand. Regenerate with

    python3 scripts/derive_data.py    # reads ../shared/data (or --shared DIR); --verbose prints checks
    python3 scripts/check_data.py     # exits non-zero if the committed files differ from a fresh run

Output is deterministic: UTF-8, LF line ends, sorted rows, no timestamps.

## Sources

| input | content | upstream repository and file | commit |
|---|---|---|---|
{provenance}
| `../shared/data/oulu_raahe/` | the 14 Oulu/Raahe municipalities, 2025 employment area | \
compiled in shared/data from the folders above and public web pages (see its README) | — |

Statistics Finland publishes the data under CC BY 4.0. The upstream repositories license only their code
(MIT, or no licence stated).

## Files

All counts are persons. `month` is `YYYY-MM`. The unemployed count is taken on the count day, the last
working day of the month. An empty field means the value is missing or suppressed.

### municipalities.csv ({rows("municipalities.csv")} rows)
One row per municipality of the 2021+ division (309, unchanged in 2023) in table 12r5, sorted by name
(Finnish order, Å Ä Ö after Z).
`name, code` (`KUxxx`, KU + 3-digit municipality number), `region_code, region_name` (maakunta, `MKxx`),
`subregion_code, subregion_name` (seutukunta, `SKxxx`), `labour_force_2022, labour_force_2023` (annual
labour force that 12r5 repeats in each month of the year), `population_15_64_2018, population_2018`
(end-of-year population aged 15–64 and total, from `statfi_population`).
Codes and names come from the code key `regionkey_kunta_seutukunta_maakunta.csv`.

### unemployed_by_month.csv ({rows("unemployed_by_month.csv")} rows)
Long format, `name, month, unemployed, labour_force, open_vacancies` (open vacancies reported to the
employment services at the end of the month): every municipality and every month of 12r5,
{first} … {last} ({len(src.months)} months), sorted by name then month. `unemployed` is kept empty where
Statistics Finland suppressed it ({n_suppressed} cells).

### employment_areas_2025.csv ({rows("employment_areas_2025.csv")} rows)
`area, municipality, role` with `role` = `lead` (the lead municipality, *vastuukunta*) or `member`.
From the `tyollisyysalue_2025` column of `oulu_raahe/oulu_raahe_municipalities_summary.csv`.
- **Oulu region**: lead Oulu, ten members. This is the *planned* membership announced by the City of Oulu
  in June 2023. No document with the final 2025 member list was found.
- **Raahe area**: Raahe, Siikajoki, Pyhäjoki. The membership is *inferred*: the three ran the earlier
  municipal employment trial together, and a "Raahen työllisyysalue" exists. No 2025 member list was found.
  The summary does not name a lead municipality; Raahe is taken as lead because the area bears its name.

### national_services_by_month.csv ({rows("national_services_by_month.csv")} rows)
Table 12u4, whole country, {svc_first} … {svc_last}, one row per month; values as published.

| column | 12u4 variable | meaning |
|---|---|---|
| `activation_rate` | AKTASTE | %, in_services / (unemployed + in_services) × 100 |
| `unemployed` | TYOTTOMATLOPUSSA | unemployed job-seekers |
| `in_services` | PALVELUISSAYHTEENSA | persons in services that count for the activation rate, total |
| `labour_market_training` | TVKOULUTUSLOP | labour market training (työvoimakoulutus) |
| `coaching` | VALMENNUSLOP | coaching (valmennus) |
| `wage_subsidy` | TYOLLISTETTYLOP | subsidised employment (työllistetty; pay subsidy and start-up grant) |
| `work_trial` | KOKEILULOP | work and training trials (työ- ja koulutuskokeilu) |
| `job_alternation` | VUORVAPLOP | job-alternation substitutes (vuorotteluvapaasijaiset) |
| `rehabilitative_work` | KUNTTYOLOP | rehabilitative work activity (kuntouttava työtoiminta) |
| `self_motivated_study` | OMAEHTLOP | self-motivated study on unemployment benefit (omaehtoinen opiskelu) |

### Scenario overlays (YAML)
{yaml_files}

Each holds only `municipalities`, for the area files `areas`, and `modules.initial_stock.jobseekers`
(unemployed job-seekers of that month per municipality, table 12r5), with a comment naming the source.
Municipality lists follow the order of the code key (by municipality code). A scenario in `scenarios/`
uses one with `extends: data/finland-2023-10.yaml` and adds `name`, `start`, `end` and its other modules.
Maps merge key by key, so the scenario may add `elapsed_days_min` etc. under `initial_stock`. Lists are
replaced: a scenario that sets its own `municipalities` must also override `jobseekers` to match.
Where a count is suppressed in the chosen month, the nearest earlier published month is used. The file's
comment lists those municipalities. The sum over municipalities is slightly below the whole-country figure
of 12r5, which also counts job-seekers without a municipality (a few hundred persons).

## Notes on the data

- **Municipal division.** Table 12r5 reports every month in the 2021+ borders (309 municipalities; the
  same in 2023). For example Kankaanpää includes Honkajoki in all months. The population file uses an
  older list of 312 names. Merged municipalities are summed into their successor:
  {merged}.
- **Names.** The code key and 12r5 use `Maarianhamina - Mariehamn`, `Koski Tl`, `Pedersören kunta`
  and `Mänttä-Vilppula`. The population file uses the same names. (The key-figure file
  `kuntien_avainluvut.csv`, not used here, writes `Maarianhamina`.)
- **Suppressed counts.** All {n_suppressed} suppressed unemployed cells are in small Åland municipalities:
  {", ".join(suppressed)}. Labour force is never missing.
- **Filled counts in the overlays** (value, and the month it comes from). The gap can exceed three
  years (Lumparland in 2019-10). If suppression hides counts of 1–4, as ../shared/data/statfi/README.md
  says for the older table, a filled value of 0, 5 or 6 cannot be the true count. The error is a few
  persons per municipality.
{fills}
- **Labour force** is an annual figure that 12r5 repeats in every month of a year. The 12r5 README says 2023
  reuses the last available year. In this file the 2023 value still differs from the 2022 value, so the
  year it really refers to is uncertain.
- **Periods differ.** 12r5 runs {first} … {last}. 12u4 (services) ends at {svc_last}. Population is for 2018.
"""


def derive(shared: Path) -> tuple[Sources, dict[str, str]]:
    src = load_sources(shared)
    outputs = {
        "municipalities.csv": municipalities_csv(src),
        "unemployed_by_month.csv": unemployed_by_month_csv(src),
        "employment_areas_2025.csv": employment_areas_csv(src),
        "national_services_by_month.csv": national_services_csv(src),
    }
    outputs.update(fragments(src))
    outputs["README.md"] = readme_md(src, outputs)
    return src, outputs


# ---------------------------------------------------------------------------------------------------
# Checks against figures quoted in the shared READMEs

def sanity_checks(src: Sources) -> list[tuple[str, object, object]]:
    """(what, derived, expected) for each check; the caller fails on any mismatch."""
    checks = []

    def area_sum(area: str, month: str) -> tuple[int, int]:
        members = area_members(src, area)
        return (sum(filled_unemployed(src, n, month)[0] for n in members),
                sum(src.labour_force[n][month] for n in members))

    # oulu_raahe/README.md: Oulu area 15 204 / 133 349 and Raahe area 1 489 / 13 390 in 2023-10.
    checks.append(("Oulu region 2023-10 unemployed, labour force", area_sum("Oulu region", "2023-10"),
                   (15204, 133349)))
    checks.append(("Raahe area 2023-10 unemployed, labour force", area_sum("Raahe area", "2023-10"),
                   (1489, 13390)))
    # statfi_12r5/README.md: whole country 256 070 / 2 648 166 in 2023-10.
    checks.append(("12r5 whole country 2023-10 unemployed, labour force", src.national["2023-10"],
                   (256070, 2648166)))
    # The summary file agrees with 12r5 municipality by municipality.
    for r in read_csv(src.shared / F_AREAS):
        name = r["kunta_name"]
        total, working_age = src.population[name]
        checks.append((f"{name}: 2023-10 unemployed, labour force 2022/2023, population 2018, 15-64",
                       (src.unemployed[name]["2023-10"], annual_labour_force(src, name, "2022"),
                        annual_labour_force(src, name, "2023"), total, working_age),
                       tuple(int(r[c]) for c in ("unemployed_2023_10", "labour_force_2022",
                                                 "labour_force_2023", "population_2018",
                                                 "population_15_64_2018"))))
    # statfi_activation/README.md: 2019-10 activation 35.6 %, 224 734 unemployed, 124 093 in services.
    svc = {month_of(r["time"]): r for r in src.services}["2019-10"]
    unemployed, in_services = int(svc["TYOTTOMATLOPUSSA"]), int(svc["PALVELUISSAYHTEENSA"])
    checks.append(("12u4 2019-10 unemployed, in services, activation rate",
                   (unemployed, in_services, float(svc["AKTASTE"])), (224734, 124093, 35.6)))
    checks.append(("12u4 2019-10 activation rate recomputed from the counts",
                   round(100 * in_services / (unemployed + in_services), 1), 35.6))
    checks.append(("12u4 2019-10 service types sum to in_services",
                   sum(int(svc[c]) for c, _ in SERVICE_COLUMNS[3:]), in_services))
    checks.append(("12r5 whole country 2019-10 unemployed equals 12u4",
                   src.national["2019-10"][0], unemployed))
    # Employment areas as stated in the domain brief.
    for area, (lead, members) in EXPECTED_AREAS.items():
        got = {name: role for a, name, role in src.areas if a == area}
        checks.append((f"{area}: lead and members",
                       ([n for n, r in got.items() if r == "lead"],
                        sorted(n for n, r in got.items() if r == "member")),
                       ([lead], sorted(members))))
    # Provenance commits appear in the shared READMEs.
    for folder, _, repo, _, commit in PROVENANCE:
        text = (src.shared / folder / "README.md").read_text(encoding="utf-8")
        checks.append((f"{folder}/README.md names {repo} at {commit[:7]}",
                       repo in text and commit in text, True))
    return checks


def summary_lines(src: Sources) -> list[str]:
    """Informational totals printed with --verbose."""
    lines = []
    everyone = [m.name for m in src.key]
    for month in NATIONAL_MONTHS:
        total = sum(filled_unemployed(src, n, month)[0] for n in everyone)
        lines.append(f"whole country {month}: 12r5 total {src.national[month][0]}, "
                     f"sum of municipalities (filled) {total}")
    for area, _ in sorted(AREAS.values()):
        members = area_members(src, area)
        for month in AREA_MONTHS:
            unemployed = sum(filled_unemployed(src, n, month)[0] for n in members)
            labour_force = sum(src.labour_force[n][month] for n in members)
            lines.append(f"{area} {month}: unemployed {unemployed}, labour force {labour_force}")
    return lines


# ---------------------------------------------------------------------------------------------------

def write_outputs(outputs: dict[str, str], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, text in sorted(outputs.items()):
        (out / name).write_bytes(text.encode("utf-8"))
    extra = sorted(p.name for p in out.iterdir() if p.name not in outputs)
    if extra:
        print(f"note: {out} also holds files this script does not write: {', '.join(extra)}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                        help=f"the shared data folder (default: {DEFAULT_SHARED})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"output folder (default: {DEFAULT_OUT})")
    parser.add_argument("--verbose", action="store_true", help="print the sanity checks and totals")
    args = parser.parse_args(argv)

    try:
        src, outputs = derive(args.shared)
        checks = sanity_checks(src)
    except (OSError, ValueError, KeyError) as e:
        print(f"derive_data: {e}", file=sys.stderr)
        return 1
    failed = [c for c in checks if c[1] != c[2]]
    if args.verbose:
        for what, got, expected in checks:
            print(f"{'ok  ' if got == expected else 'FAIL'} {what}: {got}" +
                  ("" if got == expected else f" (expected {expected})"))
        for line in summary_lines(src):
            print("info", line)
    if failed:
        for what, got, expected in failed:
            print(f"derive_data: check failed: {what}: got {got}, expected {expected}", file=sys.stderr)
        return 1
    write_outputs(outputs, args.out)
    if args.verbose:
        for name, text in sorted(outputs.items()):
            print(f"wrote {args.out / name} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
