#!/usr/bin/env python3
"""Each municipality's own dynamics, estimated from its monthly series: scenarios/estimates/.

From table 12r5 (unemployed job-seekers by municipality and month), 2006-01 ... 2020-12 only, so that
2021-01 ... 2023-10 stays out of sample for the backtest, and from the municipal key figures (the
latest year, 2016), this script estimates for every municipality

  - an exit-hazard multiplier: how fast its deseasonalised unemployment returns to its trend after
    a shock (the persistence rho of an AR(1) with a linear trend, rho = exp(-lambda)), relative to
    the whole country estimated the same way. The month-to-month churn of a small stock makes its
    deviations look short-lived whatever its true pace; that part is removed with the Poisson
    variance of a count (1/unemployed) and a churn persistence calibrated across municipalities;
  - a seasonal amplitude: its seasonal swing (month effects of the log stock) relative to the
    whole country's, converted into an amplitude of the inflow's seasonal factors;
  - person-attribute shares of the job-seekers: the national defaults of person_attributes scaled
    by the municipality's key figure relative to the national one, within bounds;

and pools every estimate toward the municipality's region (maakunta), and the region's mean toward
the country's, by empirical Bayes (a normal model whose between-municipality and between-region
variances are estimated by the method of moments), so that a municipality of 30 unemployed is not
over-fitted. The method, the assumptions and the checks are
in docs/municipal-dynamics.md.

Outputs in scenarios/estimates/ (or --out DIR):
  oulu-region-dynamics.yaml, raahe-dynamics.yaml, finland-dynamics.yaml  scenario overlays
  municipal_dynamics.csv   every municipality: raw and pooled estimates, standard errors, weights
  README.md                what the files are, the estimated constants and the checks (generated)

The output is deterministic (same bytes on every run); scripts/check_data.py --what estimates
checks that the committed files match a fresh run.

Usage: python3 scripts/estimate_municipal_dynamics.py [--shared DIR] [--out DIR]
Exit codes: 0 written; 2 bad input (a data folder or file missing or not as expected).
Python 3 standard library only.
Source: Statistics Finland, table 12r5 and municipal key figures, CC BY 4.0.
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import os
import re
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
from derive_data import finnish_key, flow, load_sources, wrap_comment, yaml_scalar  # noqa: E402

DEFAULT_SHARED = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "scenarios" / "estimates"
DATA = REPO / "scenarios" / "data"
F_KEYFIG = "statfi_population/kuntien_avainluvut.csv"

# The estimation window: everything after it is out of sample.
FIRST, LAST = "2006-01", "2020-12"
# The two halves of the window, estimated apart to measure how far an estimate moves between periods.
HALVES = (("2006-01", "2013-06"), ("2013-07", "2020-12"))
# Month effects come from deviations from a centred 2x12 moving average whose 13 months all lie in
# [FIRST, SEASON_LAST]: the Covid layoffs from 2020-03 on are a shock, not a season.
SEASON_LAST = "2020-02"
# The out-of-sample check: start at the last month of the window, compare annual means with 12r5.
CHECK_LEVEL_YEAR = "2019"
CHECK_YEARS = ("2021", "2022", "2023")
CHECK_LAST = "2023-10"
NEWEY_WEST_LAGS = 6               # HAC standard errors of the AR(1) coefficient
CHURN_CALIBRATION_MAX_SHARE = 0.5  # municipalities whose churn share of the variance is below this
                                   # calibrate the churn persistence
MAX_CHURN_SHARE = 0.9             # above this the churn correction is not attempted (no raw estimate)
MULTIPLIER_RANGE = (0.2, 5.0)     # employment_exit.hazard_multiplier, inflow.inflow_factor
# The share of the simulated outflow from unemployment that employment_exit.hazard_multiplier scales
# (exits to work; exits to education, out of the labour force and into services are not scaled). In
# a run of scenarios/oulu-backtest-2021-2024.yaml (4 replications) exits to employment were 78 % of
# the outflow in 2023-2024, and with hazard_multiplier 1.3 everywhere the unemployed stock of 2024
# was 0.815 times the base with inflow_factor 1, 0.935 with 1.15 and 1.057 with 1.3: the stock
# scales as inflow_factor / (1 + 0.76 (m - 1)). So the inflow that keeps the synthesised stock level
# under a multiplier m is 1 + EXIT_SHARE_SCALED (m - 1), not m.
EXIT_SHARE_SCALED = 0.76
AMPLITUDE_RANGE = (0.0, 3.0)      # inflow.seasonal_amplitude

# Person attributes: parameter, national default among job-seekers (plugins/person_attributes), key
# figure, bounds of the factor (municipality / national), elasticity.
DEFAULTS = {"share_foreign_language": 0.14, "share_vocational_education": 0.65, "share_under_25": 0.12,
            "share_25_29": 0.12, "share_30_49": 0.40, "share_50_64": 0.36}
AGE_SHARES = ["share_under_25", "share_25_29", "share_30_49", "share_50_64"]
KF_FOREIGN = "Ulkomaan_kansalaisten_osuus_vaestosta"
KF_SECONDARY = "Vahintaan_toisen_asteen_tutkinnon_suorittaneiden_osuus_15_vuotta_tayttaneista"
KF_HIGHER = "Korkea_asteen_tutkinnon_suorittaneiden_osuus_15_vuotta_tayttaneista"
KF_UNDER_15 = "Alle_15_vuotiaiden_osuus_vaestosta"
KF_OVER_64 = "Yli_64_vuotiaiden_osuus_vaestosta"
KF_WORKING_AGE = "X15_64_vuotiaiden_osuus_vaestosta"
KF_EMPLOYMENT = "Tyollisyysaste"
KF_POPULATION = "Vakiluku"
KEY_FIGURES = [KF_FOREIGN, KF_SECONDARY, KF_HIGHER, KF_UNDER_15, KF_OVER_64, KF_WORKING_AGE, KF_EMPLOYMENT]
# (parameter, key figure, factor bounds, elasticity)
ATTRIBUTE_RULES = [
    ("share_foreign_language", KF_FOREIGN, (0.15, 3.0), 1.0),
    ("share_vocational_education", KF_SECONDARY, (0.8, 1.2), 1.0),
    ("share_under_25", KF_UNDER_15, (0.67, 1.5), 0.5),
    ("share_50_64", KF_OVER_64, (0.67, 1.5), 0.5),
]
# Municipalities of the key-figure file (about the 2018 division) merged since into a municipality of
# the 12r5 division, and names written differently.
KF_MERGERS = {"Honkajoki": "Kankaanpää", "Valtimo": "Nurmes"}
KF_NAMES = {"Maarianhamina": "Maarianhamina - Mariehamn"}

# Municipality sets: output stem, the scenario data file whose `municipalities` list names the set.
SETS = [
    ("oulu-region-dynamics", "oulu-region-2023-10.yaml", "the Oulu region employment area"),
    ("raahe-dynamics", "raahe-2023-10.yaml", "the Raahe employment area"),
    ("finland-dynamics", "finland-2023-10.yaml", "every municipality of the whole-country scenarios"),
]
# Other scenario data files whose municipality list must equal one of the sets above.
SAME_AS = [("finland-2017-10.yaml", "finland-dynamics"), ("finland-2019-10.yaml", "finland-dynamics"),
           ("oulu-region-2020-12.yaml", "oulu-region-dynamics"), ("raahe-2020-12.yaml", "raahe-dynamics")]
# The 14 municipalities of the two employment areas, for the tables and the out-of-sample check.
TABLE = ["Oulu", "Hailuoto", "Ii", "Kempele", "Liminka", "Lumijoki", "Muhos", "Pudasjärvi", "Tyrnävä",
         "Utajärvi", "Vaala", "Raahe", "Siikajoki", "Pyhäjoki"]
ATTRIBUTION = "Source: Statistics Finland, table 12r5 and municipal key figures, CC BY 4.0"


class BadInput(Exception):
    """Input that is missing or not as expected: exit code 2."""


# ---------------------------------------------------------------------------------------------------
# Small numerics

def solve(matrix: list[list[float]]) -> list[list[float]]:
    """The inverse of a small square matrix (Gauss-Jordan with partial pivoting)."""
    k = len(matrix)
    a = [row[:] + [1.0 if i == j else 0.0 for j in range(k)] for i, row in enumerate(matrix)]
    for c in range(k):
        p = max(range(c, k), key=lambda r: abs(a[r][c]))
        a[c], a[p] = a[p], a[c]
        pivot = a[c][c]
        if pivot == 0.0:
            raise ArithmeticError("singular matrix")
        a[c] = [v / pivot for v in a[c]]
        for r in range(k):
            if r != c and a[r][c] != 0.0:
                f = a[r][c]
                a[r] = [x - f * y for x, y in zip(a[r], a[c])]
    return [row[k:] for row in a]


def ols(rows: list[list[float]], y: list[float], lags: int = 0) -> tuple[list[float], list[float], list[float]]:
    """Least squares: coefficients, standard errors (Newey-West with `lags`, Bartlett weights; lags 0
    gives White's) and residuals."""
    k, n = len(rows[0]), len(y)
    xtx = [[sum(r[a] * r[b] for r in rows) for b in range(k)] for a in range(k)]
    inv = solve(xtx)
    xty = [sum(r[a] * v for r, v in zip(rows, y)) for a in range(k)]
    beta = [sum(inv[a][b] * xty[b] for b in range(k)) for a in range(k)]
    res = [v - sum(r[a] * beta[a] for a in range(k)) for r, v in zip(rows, y)]
    scores = [[r[a] * e for a in range(k)] for r, e in zip(rows, res)]
    meat = [[sum(s[a] * s[b] for s in scores) for b in range(k)] for a in range(k)]
    for lag in range(1, lags + 1):
        w = 1.0 - lag / (lags + 1.0)
        for a in range(k):
            for b in range(k):
                c = sum(scores[t][a] * scores[t - lag][b] + scores[t - lag][a] * scores[t][b]
                        for t in range(lag, n))
                meat[a][b] += w * c
    cov = [[sum(inv[a][i] * meat[i][j] * inv[j][b] for i in range(k) for j in range(k)) for b in range(k)]
           for a in range(k)]
    scale = n / (n - k)
    return beta, [math.sqrt(max(cov[a][a] * scale, 0.0)) for a in range(k)], res


def mean(values: list[float]) -> float:
    return sum(values) / len(values)


def correlation(a: list[float], b: list[float]) -> float:
    ma, mb = mean(a), mean(b)
    sab = sum((x - ma) * (y - mb) for x, y in zip(a, b))
    return sab / math.sqrt(sum((x - ma) ** 2 for x in a) * sum((y - mb) ** 2 for y in b))


def median(values: list[float]) -> float:
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else 0.5 * (v[n // 2 - 1] + v[n // 2])


def clamp(x: float, bounds: tuple[float, float]) -> float:
    return min(bounds[1], max(bounds[0], x))


def month_index(month: str) -> int:
    """`YYYY-MM` -> 0 (January) ... 11."""
    return int(month[5:7]) - 1


# ---------------------------------------------------------------------------------------------------
# Empirical Bayes pooling

@dataclass
class Pooled:
    raw: float | None      # the municipality's own estimate (None: none could be made)
    raw_se: float | None
    value: float           # pooled (posterior mean)
    se: float              # posterior standard deviation
    weight: float          # weight of the own estimate, tau^2 / (tau^2 + s^2); 0 without one
    prior_mean: float      # the region's mean (itself shrunk toward the country's)
    tau2: float            # the region's between-municipality variance


def dersimonian_laird(estimates: list[tuple[float, float]]) -> float:
    """Method-of-moments between-unit variance tau^2 of (estimate, standard error) pairs."""
    if len(estimates) < 2:
        return 0.0
    w = [1.0 / s ** 2 for _, s in estimates]
    sw = sum(w)
    ybar = sum(wi * y for wi, (y, _) in zip(w, estimates)) / sw
    q = sum(wi * (y - ybar) ** 2 for wi, (y, _) in zip(w, estimates))
    denominator = sw - sum(wi * wi for wi in w) / sw
    return max(0.0, (q - (len(estimates) - 1)) / denominator) if denominator > 0 else 0.0


def random_effects_mean(estimates: list[tuple[float, float]], tau2: float) -> tuple[float, float]:
    """The mean of (estimate, se) pairs weighted by 1 / (se^2 + tau^2), and its variance."""
    w = [1.0 / (s * s + tau2) for _, s in estimates]
    return sum(wi * y for wi, (y, _) in zip(w, estimates)) / sum(w), 1.0 / sum(w)


def pool(raw: dict[str, tuple[float, float] | None], region: dict[str, str]) -> tuple[dict[str, Pooled], dict]:
    """Normal partial pooling of each municipality's (estimate, se) toward its region, and of the
    region's mean toward the country's.

    Model: y_m ~ N(theta_m, s_m^2); theta_m ~ N(mu_r, tau_r^2) for the municipalities m of region r;
    mu_r ~ N(mu_0, tau_0^2). tau_r^2 by DerSimonian-Laird (method of moments) within the region (with
    fewer than three own estimates: the value for all municipalities around their region's mean);
    the region's mean mu_r-hat is the 1 / (s_m^2 + tau_r^2)-weighted mean, variance V_r. Then tau_0^2
    by DerSimonian-Laird across the regions' (mu_r-hat, V_r), mu_0 their weighted mean, and the
    region's prior mean mu_r~ = mu_0 + C_r (mu_r-hat - mu_0), C_r = tau_0^2 / (tau_0^2 + V_r), with
    variance P_r = C_r V_r + (1 - C_r)^2 Var(mu_0). Posterior of a municipality:
    mu_r~ + B_m (y_m - mu_r~), B_m = tau_r^2 / (tau_r^2 + s_m^2), variance B_m s_m^2 + (1 - B_m)^2 P_r;
    without an own estimate mu_r~ with variance tau_r^2 + P_r. (Plug-in empirical Bayes: the
    variances are estimated, not integrated over.)
    """
    regions = sorted(set(region.values()), key=finnish_key)
    members = {r: [m for m in raw if region[m] == r] for r in regions}
    have = {r: [(raw[m][0], raw[m][1]) for m in members[r] if raw[m] is not None] for r in regions}
    centred = []
    for r in regions:
        if len(have[r]) >= 2:
            c, _ = random_effects_mean(have[r], 0.0)
            centred += [(y - c, s) for y, s in have[r]]
    tau2_all = dersimonian_laird(centred)
    tau2, means = {}, {}
    for r in regions:
        if not have[r]:
            raise ArithmeticError(f"no estimate in region {r}")
        tau2[r] = dersimonian_laird(have[r]) if len(have[r]) >= 3 else tau2_all
        means[r] = random_effects_mean(have[r], tau2[r])
    tau2_0 = dersimonian_laird([(mu, math.sqrt(v)) for mu, v in means.values()])
    mu_0, var_0 = random_effects_mean([(mu, math.sqrt(v)) for mu, v in means.values()], tau2_0)
    out, summary = {}, {"national_mean": mu_0, "national_mean_var": var_0, "tau2_regions": tau2_0, "regions": {}}
    for r in regions:
        mu_hat, v = means[r]
        c = tau2_0 / (tau2_0 + v)
        prior = mu_0 + c * (mu_hat - mu_0)
        prior_var = c * v + (1 - c) ** 2 * var_0
        summary["regions"][r] = {"raw_mean": mu_hat, "mean": prior, "tau2": tau2[r], "n": len(members[r]),
                                 "estimated": len(have[r])}
        for m in members[r]:
            if raw[m] is None:
                out[m] = Pooled(None, None, prior, math.sqrt(tau2[r] + prior_var), 0.0, prior, tau2[r])
                continue
            y, s = raw[m]
            b = tau2[r] / (tau2[r] + s * s) if tau2[r] + s * s > 0 else 0.0
            out[m] = Pooled(y, s, prior + b * (y - prior), math.sqrt(b * s * s + (1 - b) ** 2 * prior_var), b,
                            prior, tau2[r])
    return out, summary


# ---------------------------------------------------------------------------------------------------
# Reading

@dataclass
class Data:
    names: list[str]                         # every municipality, in Finnish alphabetical order
    code: dict[str, str]
    region: dict[str, str]                   # maakunta name
    subregion: dict[str, str]
    months: list[str]                        # all months of 12r5 (the window and after)
    unemployed: dict[str, dict[str, int | None]]
    labour_force: dict[str, dict[str, int]]
    national: dict[str, int]                 # whole country unemployed by month
    key_figures: dict[str, dict[str, float]]  # municipality -> key figure -> value (latest year)
    key_figure_year: str
    national_key_figures: dict[str, float]
    sets: dict[str, list[str]]               # output stem -> municipalities in the order of the data file


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def parse_flow_list(text: str, path: Path) -> list[str]:
    """The names of `municipalities: [...]` in a scenario data file (plain or double-quoted)."""
    m = re.search(r"^municipalities: \[(.*?)\]", text, re.S | re.M)
    if not m:
        raise BadInput(f"{path}: no `municipalities: [...]` list")
    names = []
    for item in re.findall(r'"(?:[^"\\]|\\.)*"|[^,]+', m.group(1)):
        item = item.strip()
        if item.startswith('"'):
            item = item[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        if item:
            names.append(" ".join(item.split()))
    return names


def load_key_figures(shared: Path, names: set[str]) -> tuple[dict[str, dict[str, float]], str, dict[str, float]]:
    """Key figures of the latest year in the file, summed into the 12r5 division.

    Shares are combined over merged municipalities with the weight of their base (population;
    population 15+ for education; population 15-64 for the employment rate); the national values
    are the same weighted means over all municipalities.
    """
    path = shared / F_KEYFIG
    rows = read_csv(path)
    needed = ["Alue", "vuosi", KF_POPULATION] + KEY_FIGURES
    if not rows or any(c not in rows[0] for c in needed):
        raise BadInput(f"{path}: expected the columns {', '.join(needed)}")
    latest: dict[str, dict[str, str]] = {}
    for r in rows:
        if all(r[c] != "" for c in [KF_POPULATION] + KEY_FIGURES):
            if r["Alue"] not in latest or r["vuosi"] > latest[r["Alue"]]["vuosi"]:
                latest[r["Alue"]] = r
    years = {r["vuosi"] for r in latest.values()}

    def base(r: dict[str, str], figure: str) -> float:
        population = float(r[KF_POPULATION])
        if figure in (KF_SECONDARY, KF_HIGHER):
            return population * (1 - float(r[KF_UNDER_15]) / 100)
        if figure == KF_EMPLOYMENT:
            return population * float(r[KF_WORKING_AGE]) / 100
        return population

    sums: dict[str, dict[str, list[float]]] = {}
    for area, r in latest.items():
        name = KF_NAMES.get(area, KF_MERGERS.get(area, area))
        if name not in names:
            raise BadInput(f"{path}: {area!r} is neither a 12r5 municipality nor a known merger")
        acc = sums.setdefault(name, {f: [0.0, 0.0] for f in KEY_FIGURES})
        for f in KEY_FIGURES:
            acc[f][0] += base(r, f) * float(r[f])
            acc[f][1] += base(r, f)
    missing = sorted(names - set(sums), key=finnish_key)
    if missing:
        raise BadInput(f"{path}: no key figures for {', '.join(missing)}")
    figures = {n: {f: v[0] / v[1] for f, v in acc.items()} for n, acc in sums.items()}
    national = {f: sum(acc[f][0] for acc in sums.values()) / sum(acc[f][1] for acc in sums.values())
                for f in KEY_FIGURES}
    return figures, "/".join(sorted(years)), national


def load(shared: Path) -> Data:
    if not shared.is_dir():
        raise BadInput(f"no shared data folder at {shared} (give it with --shared DIR)")
    for rel in (F_KEYFIG,):
        if not (shared / rel).is_file():
            raise BadInput(f"missing {shared / rel}")
    try:
        src = load_sources(shared)
    except (OSError, ValueError, KeyError) as e:
        raise BadInput(f"reading table 12r5 in {shared}: {e}") from e
    names = sorted((m.name for m in src.key), key=finnish_key)
    if FIRST not in src.national or CHECK_LAST not in src.national:
        raise BadInput(f"table 12r5 in {shared} does not cover {FIRST} ... {CHECK_LAST}")
    figures, year, national_figures = load_key_figures(shared, set(names))
    sets = {}
    for stem, data_file, _ in SETS:
        path = DATA / data_file
        if not path.is_file():
            raise BadInput(f"missing {path} (run python3 scripts/derive_data.py)")
        sets[stem] = parse_flow_list(path.read_text(encoding="utf-8"), path)
        unknown = [n for n in sets[stem] if n not in src.unemployed]
        if unknown:
            raise BadInput(f"{path}: not 12r5 municipalities: {', '.join(unknown)}")
    for data_file, stem in SAME_AS:
        path = DATA / data_file
        if path.is_file() and parse_flow_list(path.read_text(encoding="utf-8"), path) != sets[stem]:
            raise BadInput(f"{path} names other municipalities than the set {stem}: add a set for it")
    return Data(names=names, code={m.name: m.code for m in src.key},
                region={m.name: m.region_name for m in src.key},
                subregion={m.name: m.subregion_name for m in src.key}, months=src.months,
                unemployed=src.unemployed, labour_force=src.labour_force,
                national={month: v[0] for month, v in src.national.items()},
                key_figures=figures, key_figure_year=year, national_key_figures=national_figures, sets=sets)


# ---------------------------------------------------------------------------------------------------
# The series model

def window(months: list[str], first: str, last: str) -> list[str]:
    return [m for m in months if first <= m <= last]


def logs(counts: list[int | None]) -> list[float | None]:
    return [None if c is None else math.log(c + 0.5) for c in counts]


def seasonal_deviations(y: list[float | None], months: list[str]) -> list[float | None]:
    """y minus its centred 2x12 moving average, where all 13 months are published and end by SEASON_LAST."""
    out: list[float | None] = [None] * len(y)
    for t in range(6, len(y) - 6):
        w = y[t - 6:t + 7]
        if months[t + 6] > SEASON_LAST or any(v is None for v in w):
            continue
        out[t] = y[t] - (0.5 * w[0] + sum(w[1:12]) + 0.5 * w[12]) / 12
    return out


def month_effects(dev: list[float | None], months: list[str], skip_year: str | None = None) -> list[float] | None:
    """Mean deviation by calendar month, centred to sum to zero; None if a month has no deviation."""
    sums, counts = [0.0] * 12, [0] * 12
    for d, month in zip(dev, months):
        if d is not None and month[:4] != skip_year:
            sums[month_index(month)] += d
            counts[month_index(month)] += 1
    if 0 in counts:
        return None
    effects = [s / c for s, c in zip(sums, counts)]
    centre = mean(effects)
    return [e - centre for e in effects]


def projection(effects: list[float], national: list[float]) -> float:
    """The amplitude a that makes a * national closest to effects (least squares through zero)."""
    return sum(e * n for e, n in zip(effects, national)) / sum(n * n for n in national)


@dataclass
class Persistence:
    rho: float          # AR(1) coefficient with a linear trend, as estimated
    rho_se: float
    churn_share: float  # Poisson variance of the log count / variance of the detrended series
    r2: float           # one-step R^2 of the AR(1) on the deseasonalised series
    n: int


def persistence(x: list[float], counts: list[int]) -> Persistence:
    """AR(1) with a linear trend of the deseasonalised log series x: x_{t+1} = a + b t + rho x_t + e."""
    n = len(x)
    centre = (n - 1) / 2
    rows = [[1.0, (t - centre) / 12, x[t]] for t in range(n - 1)]
    beta, se, res = ols(rows, x[1:], NEWEY_WEST_LAGS)
    trend, _, detrended = ols([[1.0, (t - centre) / 12] for t in range(n)], x)
    variance = mean([e * e for e in detrended])
    churn = mean([1.0 / (c + 0.5) for c in counts])
    total = sum((v - mean(x[1:])) ** 2 for v in x[1:])
    return Persistence(beta[2], se[2], churn / variance if variance > 0 else 1.0,
                       1.0 - sum(e * e for e in res) / total if total > 0 else 0.0, n - 1)


def corrected_lambda(p: Persistence, rho_churn: float, rho_common: float) -> tuple[float, float] | None:
    """(lambda, se) of the persistence net of churn, or None where the churn dominates.

    The detrended log series is a slow part (persistence rho) plus the churn of individual spells
    (variance ~ 1/unemployed, the Poisson variance of a count, persistence rho_churn); the AR(1)
    estimates the mixture rho_hat = (1 - w) rho + w rho_churn, w the churn share, so
    rho = (rho_hat - w rho_churn) / (1 - w), and lambda = -ln rho.

    The standard error is the AR(1) formula sqrt((1 - rho^2) / n) at the common persistence
    rho_common (not at the municipality's own, so that the weights in the pooling do not depend on
    the estimate), divided by 1 - w, by the delta method for lambda; the caller scales it by the
    factor that the two halves of the window call for.
    """
    w = p.churn_share
    if w >= MAX_CHURN_SHARE:
        return None
    rho = (p.rho - w * rho_churn) / (1 - w)
    if rho <= 0.05:
        return None
    return -math.log(rho), math.sqrt((1 - rho_common ** 2) / p.n) / (1 - w) / rho_common


# ---------------------------------------------------------------------------------------------------
# Estimation

@dataclass
class Results:
    rho_churn: float = 0.0
    churn_intercept: float = 0.0
    churn_n: int = 0
    national: Persistence | None = None
    national_lambda: float = 0.0
    national_lambda_se: float = 0.0
    national_effects: list[float] = field(default_factory=list)
    se_factor_lambda: float = 1.0
    se_factor_n: int = 0
    split_half: dict[str, float] = field(default_factory=dict)
    full: dict[str, Persistence] = field(default_factory=dict)
    halves: dict[str, tuple[Persistence, Persistence]] = field(default_factory=dict)
    no_2020: dict[str, Persistence] = field(default_factory=dict)
    lam: dict[str, Pooled] = field(default_factory=dict)
    lam_regions: dict = field(default_factory=dict)
    lam_no_2020: dict[str, tuple[float, float] | None] = field(default_factory=dict)
    multiplier_scale: float = 1.0
    stock_amplitude: dict[str, Pooled] = field(default_factory=dict)
    amplitude_regions: dict = field(default_factory=dict)
    amplitude_fit: dict[str, float] = field(default_factory=dict)
    gain: dict[str, float] = field(default_factory=dict)
    multiplier: dict[str, float] = field(default_factory=dict)
    inflow_factor: dict[str, float] = field(default_factory=dict)
    seasonal_amplitude: dict[str, float] = field(default_factory=dict)
    attributes: dict[str, dict[str, Pooled]] = field(default_factory=dict)
    attribute_regions: dict[str, dict] = field(default_factory=dict)
    shares: dict[str, dict[str, float]] = field(default_factory=dict)
    check: dict = field(default_factory=dict)
    diagnostics: dict = field(default_factory=dict)
    mean_unemployed: dict[str, float] = field(default_factory=dict)


def deseasonalised(y: list[float], effects: list[float], months: list[str]) -> list[float]:
    return [v - effects[month_index(m)] for v, m in zip(y, months)]


def estimate(data: Data) -> Results:
    res = Results()
    months = window(data.months, FIRST, LAST)
    nat_y = logs([data.national[m] for m in months])
    nat_effects = month_effects(seasonal_deviations(nat_y, months), months)
    res.national_effects = nat_effects

    # The national persistence, the same model on the whole-country series (its churn share is ~0).
    nat_x = deseasonalised(nat_y, nat_effects, months)
    res.national = persistence(nat_x, [data.national[m] for m in months])

    # Each municipality: month effects, stock amplitude (jackknife by year), persistence in the window,
    # in its halves and without 2020.
    amplitude_raw: dict[str, tuple[float, float] | None] = {}
    complete = []
    for name in data.names:
        counts = [data.unemployed[name][m] for m in months]
        res.mean_unemployed[name] = mean([c for c in counts if c is not None])
        y = logs(counts)
        dev = seasonal_deviations(y, months)
        effects = month_effects(dev, months)
        if effects is None or any(c is None for c in counts):
            amplitude_raw[name] = None
            continue
        a = projection(effects, nat_effects)
        years = sorted({m[:4] for d, m in zip(dev, months) if d is not None})
        jack = [projection(e, nat_effects) for e in (month_effects(dev, months, yr) for yr in years) if e]
        jm = mean(jack)
        se = math.sqrt((len(jack) - 1) / len(jack) * sum((j - jm) ** 2 for j in jack))
        amplitude_raw[name] = (a, se)
        res.amplitude_fit[name] = 1 - sum((e - a * n) ** 2 for e, n in zip(effects, nat_effects)) / sum(
            e * e for e in effects)
        x = deseasonalised(y, effects, months)
        res.full[name] = persistence(x, counts)
        parts = []
        for first, last in HALVES:
            idx = [i for i, m in enumerate(months) if first <= m <= last]
            parts.append(persistence([x[i] for i in idx], [counts[i] for i in idx]))
        res.halves[name] = (parts[0], parts[1])
        idx = [i for i, m in enumerate(months) if m <= "2019-12"]
        res.no_2020[name] = persistence([x[i] for i in idx], [counts[i] for i in idx])
        complete.append(name)

    # The churn persistence: across municipalities the AR(1) coefficient falls linearly with the churn
    # share w, rho_hat = rho_slow + w (rho_churn - rho_slow), if the slow persistence does not depend
    # on size; rho_churn is the line at w = 1.
    calib = [n for n in complete if res.full[n].churn_share < CHURN_CALIBRATION_MAX_SHARE]
    (intercept, slope), _, _ = ols([[1.0, res.full[n].churn_share] for n in calib], [res.full[n].rho for n in calib])
    res.rho_churn, res.churn_intercept, res.churn_n = intercept + slope, intercept, len(calib)

    common = res.churn_intercept
    raw = {n: (corrected_lambda(res.full[n], res.rho_churn, common) if n in res.full else None) for n in data.names}
    halves = {n: tuple(corrected_lambda(p, res.rho_churn, common) for p in res.halves[n]) for n in complete}
    res.lam_no_2020 = {n: corrected_lambda(res.no_2020[n], res.rho_churn, common) for n in complete}

    # The formula's standard errors assume the model (Gaussian errors, one persistence through the whole
    # window); how far an estimate moves between the two halves of the window says how far to trust it.
    # The factor k scales every standard error so that the half-to-half differences are as large as
    # the standard errors say: k^2 = median of (l1 - l2)^2 / (s1^2 + s2^2) over that of chi-square(1),
    # 0.4549 (a median, so that a few wild municipalities do not set it).
    ratios = [(h[0][0] - h[1][0]) ** 2 / (h[0][1] ** 2 + h[1][1] ** 2)
              for h in halves.values() if h[0] is not None and h[1] is not None]
    res.se_factor_lambda = math.sqrt(median(ratios) / 0.4549)
    res.se_factor_n = len(ratios)
    raw = {n: (None if v is None else (v[0], v[1] * res.se_factor_lambda)) for n, v in raw.items()}
    res.lam, res.lam_regions = pool(raw, data.region)

    both = [n for n, h in halves.items() if h[0] is not None and h[1] is not None]
    res.split_half["lambda"] = correlation([halves[n][0][0] for n in both], [halves[n][1][0] for n in both])
    res.split_half["lambda_n"] = len(both)
    naive = [n for n in complete if min(p.rho for p in res.halves[n]) > 0]
    res.split_half["lambda_uncorrected"] = correlation([-math.log(res.halves[n][0].rho) for n in naive],
                                                       [-math.log(res.halves[n][1].rho) for n in naive])
    res.split_half["uncorrected_size"] = correlation([math.log(res.mean_unemployed[n]) for n in naive],
                                                     [-math.log(res.full[n].rho) for n in naive])
    fine = [n for n in complete if raw[n] is not None]
    res.split_half["corrected_size"] = correlation([math.log(res.mean_unemployed[n]) for n in fine],
                                                   [raw[n][0] for n in fine])

    # The national lambda, and the multipliers relative to it.
    nat = res.national
    res.national_lambda = -math.log(nat.rho)
    res.national_lambda_se = nat.rho_se / nat.rho
    for n in data.names:
        res.multiplier[n] = clamp(res.lam[n].value / res.national_lambda, MULTIPLIER_RANGE)
        res.inflow_factor[n] = clamp(1 + EXIT_SHARE_SCALED * (res.multiplier[n] - 1), MULTIPLIER_RANGE)
    weights = {n: res.mean_unemployed[n] for n in data.names}
    res.multiplier_scale = sum(weights[n] * res.multiplier[n] for n in data.names) / sum(weights.values())

    # Seasonal amplitude of the stock, pooled; then the inflow amplitude that gives it under the
    # municipality's exit pace (a faster exit lets the stock follow the inflow's swing more closely;
    # the outflow as a whole is scaled by the inflow factor's 1 + EXIT_SHARE_SCALED (m - 1)).
    res.stock_amplitude, res.amplitude_regions = pool(amplitude_raw, data.region)
    res.split_half["amplitude"] = split_half_amplitude(data, months, nat_effects, complete)
    churn_lambda = -math.log(res.rho_churn)
    for n in data.names:
        res.gain[n] = seasonal_gain(nat_effects, churn_lambda, res.inflow_factor[n])
        res.seasonal_amplitude[n] = clamp(res.stock_amplitude[n].value / res.gain[n], AMPLITUDE_RANGE)

    attributes(data, res)
    res.check = out_of_sample(data, res)
    res.diagnostics = diagnostics(data, res)
    return res


def split_half_amplitude(data: Data, months: list[str], nat_effects: list[float], names: list[str]) -> float:
    """Correlation across municipalities of the stock amplitude from 2006-2012 and from 2013-2020."""
    a, b = [], []
    for n in names:
        y = logs([data.unemployed[n][m] for m in months])
        dev = seasonal_deviations(y, months)
        first = month_effects([d if m < "2013-01" else None for d, m in zip(dev, months)], months)
        second = month_effects([d if m >= "2013-01" else None for d, m in zip(dev, months)], months)
        if first and second:
            a.append(projection(first, nat_effects))
            b.append(projection(second, nat_effects))
    return correlation(a, b)


def seasonal_gain(nat_effects: list[float], lam: float, outflow_factor: float) -> float:
    """How much larger the stock's seasonal swing is when the outflow rate is outflow_factor * lam.

    Stock u_{t+1} = (1 - lambda) u_t + inflow_t: a seasonal inflow swing of frequency w reaches the
    (relative) stock with the gain lambda / (e^{iw} - 1 + lambda). The national stock pattern is split
    into its harmonics; the gain ratio of each is weighted by the harmonic's share of the swing, and the
    amplitude of the result is projected on the national pattern.
    """
    def gain(lmb: float, h: int) -> complex:
        w = 2 * math.pi * h / 12
        return lmb / (complex(math.cos(w), math.sin(w)) - 1 + lmb)

    num = den = 0.0
    for h in range(1, 7):
        c = sum(e * math.cos(2 * math.pi * h * k / 12) for k, e in enumerate(nat_effects))
        s = sum(e * math.sin(2 * math.pi * h * k / 12) for k, e in enumerate(nat_effects))
        power = (c * c + s * s) * (0.5 if h == 6 else 1.0)
        ratio = gain(min(outflow_factor * lam, 1.0), h) / gain(lam, h)
        num += power * ratio.real
        den += power
    return num / den


# ---------------------------------------------------------------------------------------------------
# Person attributes

def attributes(data: Data, res: Results) -> None:
    """Shares among job-seekers: the national default times (key figure / national key figure)^e,
    the factor within bounds; pooled toward the region with the binomial variance of a share among
    the municipality's unemployed (mean of the key-figure year); age bands renormalised to sum to 1."""
    year = data.key_figure_year.split("/")[-1]
    n_jobseekers = {}
    for name in data.names:
        counts = [c for m, c in data.unemployed[name].items() if m.startswith(year + "-") and c is not None]
        n_jobseekers[name] = max(1.0, mean(counts)) if counts else 1.0
    raw_shares: dict[str, dict[str, float]] = {n: {} for n in data.names}
    for parameter, figure, bounds, elasticity in ATTRIBUTE_RULES:
        for n in data.names:
            ratio = data.key_figures[n][figure] / data.national_key_figures[figure]
            raw_shares[n][parameter] = DEFAULTS[parameter] * clamp(ratio ** elasticity, bounds)
    for n in data.names:
        raw_shares[n]["share_25_29"] = DEFAULTS["share_25_29"]
        raw_shares[n]["share_30_49"] = DEFAULTS["share_30_49"]
    pooled_params = [p for p, _, _, _ in ATTRIBUTE_RULES]
    for parameter in pooled_params:
        raw = {}
        for n in data.names:
            p = raw_shares[n][parameter]
            raw[n] = (p, math.sqrt(p * (1 - p) / n_jobseekers[n]))
        res.attributes[parameter], res.attribute_regions[parameter] = pool(raw, data.region)
    for n in data.names:
        shares = {p: res.attributes[p][n].value if p in res.attributes else raw_shares[n][p] for p in DEFAULTS}
        total = sum(shares[p] for p in AGE_SHARES)
        for p in AGE_SHARES:
            shares[p] /= total
        res.shares[n] = shares


# ---------------------------------------------------------------------------------------------------
# Checks

def out_of_sample(data: Data, res: Results) -> dict:
    """A stock-flow model started at LAST, against the annual means of 12r5 in CHECK_YEARS.

    Deseasonalised stock d: d_{t+1} = d_t + lambda (L - d_t), L the municipality's level (mean
    deseasonalised log stock of CHECK_LEVEL_YEAR), the inflow lambda L keeping it there; the month
    effects are the pooled stock amplitude times the national ones. lambda = 1 - rho, with rho the
    national persistence for all, or each municipality's pooled (or raw) own.
    """
    months = window(data.months, FIRST, LAST)
    future = window(data.months, "2021-01", CHECK_LAST)
    nat_effects = res.national_effects
    variants = {
        "national persistence for all": lambda n: res.national.rho,
        "own persistence, pooled (the estimates)": lambda n: math.exp(-res.lam[n].value),
        "own persistence, raw (not pooled)": lambda n: (math.exp(-res.lam[n].raw) if res.lam[n].raw is not None
                                                       else math.exp(-res.lam[n].value)),
        "reference: stays at its 2020-12 level": lambda n: 1.0,
        "reference: back at its 2019 level at once": lambda n: 0.0,
    }
    out = {"variants": {}, "actual": {}}
    for n in TABLE:
        counts = [data.unemployed[n][m] for m in months]
        effects = [res.stock_amplitude[n].value * e for e in nat_effects]
        x = deseasonalised(logs(counts), effects, months)
        level = math.exp(mean([v for v, m in zip(x, months) if m.startswith(CHECK_LEVEL_YEAR)]))
        start = math.exp(x[-1])
        out["actual"][n] = {yr: mean([data.unemployed[n][m] for m in future if m.startswith(yr)]) for yr in CHECK_YEARS}
        for label, rho_of in variants.items():
            lam = 1 - rho_of(n)
            d, path = start, {}
            for m in future:
                d = d + lam * (level - d)
                path[m] = d * math.exp(effects[month_index(m)]) - 0.5
            predicted = {yr: mean([v for m, v in path.items() if m.startswith(yr)]) for yr in CHECK_YEARS}
            out["variants"].setdefault(label, {})[n] = predicted
    out["mape"] = {}
    for label, by_name in out["variants"].items():
        errors = {yr: [abs(by_name[n][yr] / out["actual"][n][yr] - 1) for n in TABLE] for yr in CHECK_YEARS}
        out["mape"][label] = {yr: 100 * mean(e) for yr, e in errors.items()}
        out["mape"][label]["all"] = 100 * mean([v for e in errors.values() for v in e])
    return out


def diagnostics(data: Data, res: Results) -> dict:
    """Does the exit pace explain the stock relative to the labour force? Relation to key figures."""
    d = {}
    names = data.names
    rate = {}
    for n in names:
        u = [data.unemployed[n][m] for m in data.months if m.startswith(CHECK_LEVEL_YEAR)]
        lf = [data.labour_force[n][m] for m in data.months if m.startswith(CHECK_LEVEL_YEAR)]
        if all(v is not None for v in u):
            rate[n] = sum(u) / sum(lf)
    usable = [n for n in names if n in rate and rate[n] > 0]
    beta, se, _ = ols([[1.0, math.log(res.multiplier[n])] for n in usable], [math.log(rate[n]) for n in usable])
    d["rate_on_multiplier"] = (beta[1], se[1], len(usable),
                               correlation([math.log(res.multiplier[n]) for n in usable],
                                           [math.log(rate[n]) for n in usable]))
    raw = [n for n in usable if res.lam[n].raw is not None and res.lam[n].raw > 0]
    d["rate_on_raw"] = correlation([math.log(res.lam[n].raw) for n in raw], [math.log(rate[n]) for n in raw])
    d["employment_rate_on_multiplier"] = correlation([res.multiplier[n] for n in names],
                                                     [data.key_figures[n][KF_EMPLOYMENT] for n in names])
    d["rate"] = rate
    no2020 = [n for n in names if res.lam[n].raw is not None and res.lam_no_2020.get(n) is not None]
    d["no_2020_correlation"] = correlation([res.lam[n].raw for n in no2020], [res.lam_no_2020[n][0] for n in no2020])
    d["no_2020_n"] = len(no2020)
    d["weights"] = {n: res.lam[n].weight for n in names}
    return d


# ---------------------------------------------------------------------------------------------------
# Writing

def number(x: float, digits: int = 3) -> str:
    text = f"{x:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def fragment(data: Data, res: Results, stem: str, description: str) -> str:
    members = data.sets[stem]
    head = (f"Estimated by scripts/estimate_municipal_dynamics.py for {description} ({len(members)} "
            f"municipalities) from Statistics Finland table 12r5 (unemployed job-seekers by municipality and "
            f"month, {FIRST} ... {LAST} only; later months are out of sample) and the municipal key figures "
            f"({data.key_figure_year}). {ATTRIBUTION}. Do not edit: regenerate with python3 "
            "scripts/estimate_municipal_dynamics.py.")
    method = ("Method (docs/municipal-dynamics.md): the deseasonalised log stock of each municipality follows "
              "an AR(1) around a linear trend; its persistence rho = exp(-lambda), net of the churn of a small "
              f"stock (Poisson variance 1/unemployed, churn persistence {res.rho_churn:.3f} calibrated across "
              f"municipalities), measures how fast it returns after shocks; hazard_multiplier = lambda / lambda of "
              f"the whole country ({res.national_lambda:.4f} a month); inflow_factor = 1 + {EXIT_SHARE_SCALED} "
              "(hazard_multiplier - 1) keeps the synthesised stock level, since the multiplier scales only the "
              f"exits to work, {100 * EXIT_SHARE_SCALED:.0f} % of the simulated outflow. seasonal_amplitude: the "
              "stock's month effects projected on the national ones, divided by the larger swing that a faster exit gives. person_attributes: the "
              "national defaults scaled by the key figure relative to the national one (foreign citizens; at "
              "least upper secondary education; under 15 and over 64 years for the age bands, elasticity "
              "0.5), within bounds. Every estimate is shrunk toward its region (maakunta) by empirical Bayes, "
              "weight tau^2 / (tau^2 + s^2).")
    text = wrap_comment(head) + "#\n" + wrap_comment(method)
    text += "modules:\n  employment_exit:\n"
    text += flow("    hazard_multiplier: ", [f"{yaml_scalar(n)}: {number(res.multiplier[n])}" for n in members], "{}")
    text += "  inflow:\n"
    text += flow("    inflow_factor: ", [f"{yaml_scalar(n)}: {number(res.inflow_factor[n])}" for n in members], "{}")
    text += flow("    seasonal_amplitude: ",
                 [f"{yaml_scalar(n)}: {number(res.seasonal_amplitude[n])}" for n in members], "{}")
    text += "  person_attributes:\n"
    for p in DEFAULTS:
        text += flow(f"    {p}: ", [f"{yaml_scalar(n)}: {number(res.shares[n][p])}" for n in members], "{}")
    return text


CSV_COLUMNS = [
    "name", "code", "region", "subregion", "unemployed_mean_2006_2020", "unemployment_rate_2019",
    "churn_share", "rho_ar1", "rho_ar1_se", "ar1_r2", "lambda_raw", "lambda_raw_se", "lambda_raw_without_2020",
    "lambda_region_mean", "lambda_region_tau2", "lambda_weight", "lambda_pooled", "lambda_pooled_se",
    "multiplier_raw", "multiplier_raw_se", "multiplier_pooled", "multiplier_pooled_se", "inflow_factor",
    "stock_amplitude_raw", "stock_amplitude_raw_se", "stock_amplitude_weight", "stock_amplitude_pooled",
    "stock_amplitude_pooled_se", "seasonal_pattern_fit", "seasonal_gain", "seasonal_amplitude",
    "kf_foreign_citizens_pct", "kf_upper_secondary_or_higher_pct", "kf_higher_education_pct",
    "kf_under_15_pct", "kf_over_64_pct", "kf_employment_rate_pct",
]
for _p, _f, _b, _e in ATTRIBUTE_RULES:
    CSV_COLUMNS += [f"{_p}_raw", f"{_p}_weight"]
CSV_COLUMNS += list(DEFAULTS)


def csv_text(data: Data, res: Results) -> str:
    out = io.StringIO()
    out.write(f"# {ATTRIBUTION}. Written by scripts/estimate_municipal_dynamics.py; columns in README.md.\n")
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    lam_nat = res.national_lambda
    for n in data.names:
        full = res.full.get(n)
        lam = res.lam[n]
        amp = res.stock_amplitude[n]
        no2020 = res.lam_no_2020.get(n)
        kf = data.key_figures[n]
        rate = res.diagnostics["rate"].get(n)
        row = [n, data.code[n], data.region[n], data.subregion[n], number(res.mean_unemployed[n], 1),
               "" if rate is None else number(rate, 4),
               "" if full is None else number(full.churn_share, 4),
               "" if full is None else number(full.rho, 4), "" if full is None else number(full.rho_se, 4),
               "" if full is None else number(full.r2, 4),
               "" if lam.raw is None else number(lam.raw, 4), "" if lam.raw_se is None else number(lam.raw_se, 4),
               "" if no2020 is None else number(no2020[0], 4),
               number(lam.prior_mean, 4), number(lam.tau2, 6), number(lam.weight, 3),
               number(lam.value, 4), number(lam.se, 4),
               "" if lam.raw is None else number(lam.raw / lam_nat, 3),
               "" if lam.raw_se is None else number(lam.raw_se / lam_nat, 3),
               number(res.multiplier[n], 3), number(lam.se / lam_nat, 3), number(res.inflow_factor[n], 3),
               "" if amp.raw is None else number(amp.raw, 3), "" if amp.raw_se is None else number(amp.raw_se, 3),
               number(amp.weight, 3), number(amp.value, 3), number(amp.se, 3),
               "" if n not in res.amplitude_fit else number(res.amplitude_fit[n], 3), number(res.gain[n], 3),
               number(res.seasonal_amplitude[n], 3),
               number(kf[KF_FOREIGN], 2), number(kf[KF_SECONDARY], 2), number(kf[KF_HIGHER], 2),
               number(kf[KF_UNDER_15], 2), number(kf[KF_OVER_64], 2), number(kf[KF_EMPLOYMENT], 2)]
        for p, _, _, _ in ATTRIBUTE_RULES:
            row += [number(res.attributes[p][n].raw, 4), number(res.attributes[p][n].weight, 3)]
        row += [number(res.shares[n][p], 4) for p in DEFAULTS]
        w.writerow(row)
    return out.getvalue()


def table_14(data: Data, res: Results) -> str:
    lines = ["| municipality | unemployed (mean 2006-2020) | multiplier raw (se) | weight | multiplier pooled (se) "
             "| stock amplitude raw (se) | pooled | seasonal_amplitude | foreign | vocational | <25 | 25-29 "
             "| 30-49 | 50-64 |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    lam_nat = res.national_lambda
    for n in TABLE:
        lam, amp, s = res.lam[n], res.stock_amplitude[n], res.shares[n]
        raw = "—" if lam.raw is None else f"{lam.raw / lam_nat:.2f} ({lam.raw_se / lam_nat:.2f})"
        araw = "—" if amp.raw is None else f"{amp.raw:.2f} ({amp.raw_se:.2f})"
        lines.append(f"| {n} | {res.mean_unemployed[n]:.0f} | {raw} | {lam.weight:.2f} | {res.multiplier[n]:.2f} "
                     f"({lam.se / lam_nat:.2f}) | {araw} | {amp.value:.2f} | {res.seasonal_amplitude[n]:.2f} | "
                     + " | ".join(f"{s[p]:.3f}" for p in DEFAULTS) + " |")
    return "\n".join(lines)


def check_tables(res: Results) -> str:
    c = res.check
    lines = ["| model | MAPE 2021 | MAPE 2022 | MAPE 2023 (Jan-Oct) | all |", "|---|---|---|---|---|"]
    for label, m in c["mape"].items():
        lines.append(f"| {label} | {m['2021']:.1f} % | {m['2022']:.1f} % | {m['2023']:.1f} % | {m['all']:.1f} % |")
    lines += ["", "| municipality | " + " | ".join(f"published {y}" for y in CHECK_YEARS) + " | "
              + " | ".join(f"national {y}" for y in CHECK_YEARS) + " | " + " | ".join(f"own {y}" for y in CHECK_YEARS)
              + " |", "|---|" + "---|" * 9]
    nat = c["variants"]["national persistence for all"]
    own = c["variants"]["own persistence, pooled (the estimates)"]
    for n in TABLE:
        a = c["actual"][n]

        def cells(path: dict[str, float]) -> str:
            return " | ".join(f"{path[y]:.0f} ({100 * (path[y] / a[y] - 1):+.0f} %)" for y in CHECK_YEARS)

        lines.append(f"| {n} | " + " | ".join(f"{a[y]:.0f}" for y in CHECK_YEARS) + f" | {cells(nat[n])} | "
                     f"{cells(own[n])} |")
    return "\n".join(lines)


def readme(data: Data, res: Results, outputs: dict[str, str]) -> str:
    d = res.diagnostics
    rate_beta, rate_se, rate_n, rate_corr = d["rate_on_multiplier"]
    lam_nat = res.national_lambda
    amp_regions = res.amplitude_regions["regions"]
    regions = "\n".join(
        f"| {r} | {s['n']} | {s['estimated']} | {s['raw_mean'] / lam_nat:.2f} | {s['mean'] / lam_nat:.2f} | "
        f"{math.sqrt(s['tau2']) / lam_nat:.2f} | {amp_regions[r]['raw_mean']:.2f} | {amp_regions[r]['mean']:.2f} | "
        f"{math.sqrt(amp_regions[r]['tau2']):.2f} |"
        for r, s in res.lam_regions["regions"].items())
    weights = [d["weights"][n] for n in data.names]
    mults = sorted(res.multiplier[n] for n in data.names)
    amps = sorted(res.seasonal_amplitude[n] for n in data.names)
    files = "\n".join(f"- `{name}`" for name in sorted(outputs) if name.endswith(".yaml"))
    nkf = data.national_key_figures
    return f"""# scenarios/estimates: each municipality's own dynamics

**{ATTRIBUTION}.** Derived from table 12r5 (unemployed job-seekers by municipality and month,
{FIRST} … {LAST} only) and the municipal key figures (`kuntien_avainluvut`, year {data.key_figure_year}).
Keep the line "Source: Statistics Finland" with any copy or further derivative of these files.

Everything in this folder, this README included, is generated. Do not edit by hand. Regenerate with

    python3 scripts/estimate_municipal_dynamics.py    # reads ../shared/data (or --shared DIR)
    python3 scripts/check_data.py --what estimates    # exits non-zero if these files differ from a fresh run

The method, its assumptions and what the numbers below mean: `docs/municipal-dynamics.md`.

## Files

{files}

Scenario overlays: `modules.employment_exit.hazard_multiplier`, `modules.inflow.inflow_factor`
(1 + {EXIT_SHARE_SCALED} (multiplier − 1): the inflow that keeps the synthesised stock level under the
municipality's exit pace, since the multiplier scales the exits to work, about {100 * EXIT_SHARE_SCALED:.0f} % of the
simulated outflow),
`modules.inflow.seasonal_amplitude` and six `modules.person_attributes` shares, each a map naming exactly
the municipalities of the set. A scenario adds the overlay to its `extends` list after the data, synthesis
and calibration files. `finland-2017-10.yaml` and `finland-2019-10.yaml` of `scenarios/data` name the same
309 municipalities as `finland-2023-10.yaml`, so `finland-dynamics.yaml` serves them all.

`municipal_dynamics.csv`: one row per municipality (309, Finnish alphabetical order; a first comment line
with the attribution). `churn_share` is the Poisson variance of the log count over the variance of the
detrended series; `rho_ar1` (`_se`, Newey–West) the AR(1) coefficient and `ar1_r2` its one-step R²; `lambda_raw` (`_se`, scaled by the
factor below) the persistence net of churn as a monthly rate, empty where churn dominates
(share ≥ {MAX_CHURN_SHARE}) or data are suppressed; `lambda_raw_without_2020` the same on 2006–2019;
`lambda_region_mean`, `lambda_region_tau2` the prior; `lambda_weight` the weight of the own estimate;
`lambda_pooled` (`_se`) the posterior; `multiplier_*` the same divided by the national lambda
(`multiplier_pooled` is the value written, within [0.2, 5]); `inflow_factor` the value written;
`stock_amplitude_*` the stock's seasonal swing relative to the country's (raw with a jackknife-by-year
standard error, weight, pooled); `seasonal_pattern_fit` the share of the variance of the
municipality's own month effects that the national pattern times its amplitude explains; `seasonal_gain` how much the municipality's outflow pace enlarges the stock's swing;
`seasonal_amplitude` the value written (pooled stock amplitude / gain, in [0, 3]); `kf_*` key figures
(%, {data.key_figure_year}); `<share>_raw` and `_weight` before pooling; the six shares as written.

## Estimated constants

| what | value |
|---|---|
| national AR(1) persistence (whole-country series, the same model) | {res.national.rho:.4f} (se {res.national.rho_se:.4f}) |
| national lambda = −ln rho, a month | {res.national_lambda:.4f} (se {res.national_lambda_se:.4f}) |
| churn persistence, calibrated across {res.churn_n} municipalities with churn share < {CHURN_CALIBRATION_MAX_SHARE} | {res.rho_churn:.3f} (a month's churn survival; −ln: {-math.log(res.rho_churn):.3f} a month) |
| persistence of a churn-free municipal series (the same line at share 0) | {res.churn_intercept:.4f} |
| standard-error factor from the two halves of the window ({res.se_factor_n} municipalities) | {res.se_factor_lambda:.2f} |
| split-half correlation of lambda net of churn (2006-01…2013-06 vs 2013-07…2020-12, {res.split_half['lambda_n']:.0f} municipalities) | {res.split_half['lambda']:.2f} |
| the same without the churn correction | {res.split_half['lambda_uncorrected']:.2f} |
| correlation of log size with lambda, without / with the churn correction | {res.split_half['uncorrected_size']:.2f} / {res.split_half['corrected_size']:.2f} |
| correlation of raw lambda with and without 2020 ({d['no_2020_n']} municipalities) | {d['no_2020_correlation']:.2f} |
| split-half correlation of the stock amplitude (2006–2012 vs 2013–2020) | {res.split_half['amplitude']:.2f} |
| mean weight of the own lambda estimate (all 309) | {mean(weights):.2f} |
| multipliers: min, median, max | {mults[0]:.2f}, {median(mults):.2f}, {mults[-1]:.2f} |
| multipliers weighted by the unemployed (mean 2006–2020) | {res.multiplier_scale:.3f} |
| seasonal_amplitude: min, median, max | {amps[0]:.2f}, {median(amps):.2f}, {amps[-1]:.2f} |
| log unemployment rate 2019 on log multiplier: slope (se), correlation, municipalities | {rate_beta:.2f} ({rate_se:.2f}), {rate_corr:.2f}, {rate_n} |
| correlation of log raw lambda with log unemployment rate 2019 | {d['rate_on_raw']:.2f} |
| correlation of the multiplier with the employment rate (key figure) | {d['employment_rate_on_multiplier']:.2f} |

National key figures ({data.key_figure_year}; means over the municipalities weighted by the figure's base):
foreign citizens {nkf[KF_FOREIGN]:.2f} % of the population, at least upper secondary education
{nkf[KF_SECONDARY]:.2f} % and higher education {nkf[KF_HIGHER]:.2f} % of those aged 15+, under 15
{nkf[KF_UNDER_15]:.2f} % and over 64 {nkf[KF_OVER_64]:.2f} % of the population, employment rate
{nkf[KF_EMPLOYMENT]:.2f} %.

## Regions (the priors)

Multipliers as lambda / national lambda; tau the between-municipality standard deviation.

| region | municipalities | with an own estimate | multiplier: region's estimate | prior (shrunk) | tau | stock amplitude: region's estimate | prior (shrunk) | tau |
|---|---|---|---|---|---|---|---|---|
{regions}
| all regions (the country's mean, tau between regions) | {len(data.names)} | | | {res.lam_regions['national_mean'] / lam_nat:.2f} | {math.sqrt(res.lam_regions['tau2_regions']) / lam_nat:.2f} | | {res.amplitude_regions['national_mean']:.2f} | {math.sqrt(res.amplitude_regions['tau2_regions']):.2f} |

## The 14 municipalities of the Oulu and Raahe areas

Shares are those written (pooled, age bands renormalised).

{table_14(data, res)}

## Out-of-sample check, {CHECK_YEARS[0]}–{CHECK_YEARS[-1]} (not used in the estimation)

A stock-flow model of the deseasonalised stock, d(t+1) = d(t) + lambda (L − d(t)), started at {LAST} and
returning to L, the municipality's mean deseasonalised stock of {CHECK_LEVEL_YEAR} (the inflow lambda L
keeps it there), with lambda = 1 − rho; month effects are the pooled stock amplitude times the national
ones. Mean absolute percentage error of the annual mean stocks (2023: January–October) of the 14
municipalities against table 12r5:

{check_tables(res)}
"""


def write_text(path: Path, text: str) -> None:
    """Whole or not at all: a temporary file in the same folder, renamed over `path`."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                        help=f"the shared data folder (default: {DEFAULT_SHARED})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    try:
        data = load(args.shared)
        res = estimate(data)
    except BadInput as e:
        print(f"estimate_municipal_dynamics: {e}", file=sys.stderr)
        return 2
    outputs = {f"{stem}.yaml": fragment(data, res, stem, description) for stem, _, description in SETS}
    outputs["municipal_dynamics.csv"] = csv_text(data, res)
    outputs["README.md"] = readme(data, res, outputs)
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        for name, text in sorted(outputs.items()):
            write_text(args.out / name, text)
    except OSError as e:
        print(f"estimate_municipal_dynamics: cannot write to {args.out}: {e.strerror or e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
