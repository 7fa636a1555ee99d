#!/usr/bin/env python3
"""How well an area's split between its members can be foreseen from their own history (table 12r5).

The synthesis splits an area's inflow between its members by their shares of its unemployed
(scripts/synthesise_population.py, inflow_split), so the members keep about those shares in the
simulation. This script asks how well a held share foresees the members' shares one to three years
later in the data itself, with the area's total taken as known:

  - over the sub-regions (seutukunta) of the whole country, start months 10 and 12 of 2011-2017,
    horizons 1-3 years (so every year compared is before 2021): the mean absolute log error of a
    member's share of the annual mean stock, for several rules (the start month, the mean of the
    last 12, 24 or 36 months, the last complete calendar year, the 12 months with a part of the
    trend of the 4 years before carried on, the 12 months moved with the area's total, which is
    known here, by a part of the member's own sensitivity to it, fitted on the years before);
  - for the Oulu region's members, starting in each December 2008-2017 and 12/2020: how many stay
    within ±20 % of their share in all three following years, and how many of those with 300 or more
    unemployed (the mean of the 12 months to the start) within ±10 %, holding the start month's
    share or the 12 months' share, or moving the latter with all of each member's sensitivity.
    These are the thresholds of the backtest's municipal checks, but
    applied to shares against shares, not to a simulation against the data.

Nothing here uses the simulator. Run from the repository root: python3 scripts/member_share_history.py
Source: Statistics Finland table 12r5 (CC BY 4.0), through scenarios/data.
"""
import collections
import math
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from synthesise_population import months_to, read_csv, shifted, unemployed_series  # noqa: E402

HORIZONS = (1, 2, 3)
HISTORY_STARTS = ["%d-%02d" % (year, month) for year in range(2011, 2018) for month in (10, 12)]
OULU_STARTS = ["%d-12" % year for year in range(2008, 2018)] + ["2020-12"]
LAST_MONTH = "2023-10"  # the data's last month: the third year of the 12/2020 start is January-October
LARGE = 300  # unemployed; the members held to ±10 %
FIRST_YEAR = 2006  # the data's first year
CYCLE_YEARS = 8  # calendar years before a start over which a member's sensitivity to the cycle is fitted
MIN_CYCLE_YEARS = 5  # with fewer (starts before 12/2010), no sensitivity is fitted: the share is held


def calendar_year(year):
    """The months of a calendar year that the data covers."""
    return [m for m in ("%d-%02d" % (year, k) for k in range(1, 13)) if m <= LAST_MONTH]


def shares(series, members, months):
    total = sum(series[m][k] for m in members for k in months)
    return {m: sum(series[m][k] for k in months) / total for m in members}


def held(months):
    """The members' shares over the months that `months(start)` names, held."""
    return lambda series, members, start, ahead: shares(series, members, months(start))


def last_complete_year(start):
    year = int(start[:4])
    return calendar_year(year if start.endswith("-12") else year - 1)


def trend_carried(weight):
    """The 12 months' shares carried on along `weight` times their trend over the 4 years before."""
    def rule(series, members, start, ahead):
        now = shares(series, members, months_to(start, 12))
        before = shares(series, members, months_to(shifted(start, -48), 12))
        return {m: now[m] * math.exp(weight * ahead * math.log(now[m] / before[m]) / 4) for m in members}
    return rule


def years_before(start, years):
    """The last `years` complete calendar years up to the start month, none before the data's first."""
    last = int(start[:4]) if start.endswith("-12") else int(start[:4]) - 1
    return [y for y in range(last - years + 1, last + 1) if y >= FIRST_YEAR]


def area_mean(series, members, months):
    """The mean over `months` of the members' summed stock."""
    return sum(series[m][k] for m in members for k in months) / len(months)


def cycle_sensitivity(series, members, start, years=CYCLE_YEARS):
    """Each member's elasticity of its share to the area's total: the least-squares slope of the
    log share of the annual mean stock on the log of the area's, over the years before the start.
    Positive: the member's unemployment swings more than the area's. A slope on levels also takes
    up a trend that the share and the total happen to share. 0 (the share held) with fewer than
    MIN_CYCLE_YEARS years or a total that did not move."""
    ys = years_before(start, years)
    totals = [math.log(area_mean(series, members, calendar_year(y))) for y in ys]
    mean_total = statistics.mean(totals)
    spread = sum((t - mean_total) ** 2 for t in totals)
    if len(ys) < MIN_CYCLE_YEARS or spread == 0:
        return {m: 0.0 for m in members}
    out = {}
    for m in members:
        logs = [math.log(area_mean(series, [m], calendar_year(y))) - t for y, t in zip(ys, totals)]
        mean_log = statistics.mean(logs)
        out[m] = sum((t - mean_total) * (s - mean_log) for t, s in zip(totals, logs)) / spread
    return out


def moved_with_cycle(weight):
    """The 12 months' shares moved with the area's total, known, of the year ahead, by `weight`
    times each member's sensitivity to it (`cycle_sensitivity`), renormalised."""
    def rule(series, members, start, ahead):
        now = shares(series, members, months_to(start, 12))
        sensitivity = cycle_sensitivity(series, members, start)
        ratio = (area_mean(series, members, calendar_year(int(start[:4]) + ahead)) /
                 area_mean(series, members, months_to(start, 12)))
        moved = {m: now[m] * ratio ** (weight * sensitivity[m]) for m in members}
        total = sum(moved.values())
        return {m: v / total for m, v in moved.items()}
    return rule


# (label, rule(series, members, start month, years ahead) -> {member: share}). The first two are
# the synthesis's rules, before and now.
START_MONTH = ("the start month", held(lambda start: months_to(start, 1)))
TWELVE_MONTHS = ("the 12 months to the start", held(lambda start: months_to(start, 12)))
TRENDS = [("the 12 months, %s their 4-year trend carried on" % part, trend_carried(weight))
          for part, weight in (("a quarter of", 0.25), ("half of", 0.5), ("all of", 1.0))]
CYCLES = [("the 12 months, moved with the area's total (%s)" % part, moved_with_cycle(weight))
          for part, weight in (("half the member's sensitivity", 0.5), ("all the member's sensitivity", 1.0))]
RULES = [START_MONTH, TWELVE_MONTHS,
         ("the 24 months to the start", held(lambda start: months_to(start, 24))),
         ("the 36 months to the start", held(lambda start: months_to(start, 36))),
         ("the last complete calendar year", held(last_complete_year))] + TRENDS + CYCLES


def has_whole_series(series, name):
    """Every month of 2006-01 ... 2020-12 present (no suppressed count)."""
    return all("%d-%02d" % (y, k) in series[name] for y in range(FIRST_YEAR, 2021) for k in range(1, 13))


def subregions(series):
    """{sub-region: members} of the municipalities with a whole series, two or more members."""
    groups = collections.defaultdict(list)
    for r in read_csv("municipalities.csv"):
        if has_whole_series(series, r["name"]):
            groups[r["subregion_name"]].append(r["name"])
    return {k: v for k, v in groups.items() if len(v) >= 2}


def log_errors(series, groups, rule, start):
    """[(member is LARGE or more at the start, abs log error)] over the groups and horizons."""
    out = []
    for members in groups.values():
        large = {m: statistics.mean(series[m][k] for k in months_to(start, 12)) >= LARGE for m in members}
        for h in HORIZONS:
            foreseen = rule(series, members, start, h)
            actual = shares(series, members, calendar_year(int(start[:4]) + h))
            out += [(large[m], abs(math.log(foreseen[m] / actual[m]))) for m in members]
    return out


def history_errors(series, groups):
    """{label: {start: log_errors}} over RULES and HISTORY_STARTS."""
    return {label: {start: log_errors(series, groups, rule, start) for start in HISTORY_STARTS}
            for label, rule in RULES}


def mean_points(errors, keep=lambda large: True):
    """The mean abs log error, in points, of the (large, error) pairs that `keep` selects."""
    return 100 * statistics.mean(e for large, e in errors if keep(large))


def summary(by_start):
    """(all members, LARGE or more, fewer) of one rule's errors over every start."""
    errors = [e for start_errors in by_start.values() for e in start_errors]
    return (mean_points(errors), mean_points(errors, lambda large: large), mean_points(errors, lambda large: not large))


def area_reference(series, members, rule):
    """Per start of OULU_STARTS: (start, members within ±20 % in every year, LARGE-or-more members
    within ±10 % in every year, how many are LARGE, the three furthest off)."""
    out = []
    for start in OULU_STARTS:
        foreseen = {h: rule(series, members, start, h) for h in HORIZONS}
        worst = {}
        for m in members:
            errors = [foreseen[h][m] / shares(series, members, calendar_year(int(start[:4]) + h))[m] - 1
                      for h in HORIZONS]
            worst[m] = max(errors, key=abs)
        large = [m for m in members if statistics.mean(series[m][k] for k in months_to(start, 12)) >= LARGE]
        ranked = sorted(worst.items(), key=lambda t: -abs(t[1]))[:3]
        out.append((start, sum(abs(w) <= 0.20 for w in worst.values()), sum(abs(worst[m]) <= 0.10 for m in large),
                    len(large), ", ".join("%s %+.0f %%" % (m, 100 * w) for m, w in ranked)))
    return out


def report_lines(members):
    """The markdown of both comparisons, for docs/backtest.md."""
    series = unemployed_series()
    groups = subregions(series)
    by_rule = history_errors(series, groups)
    errors = {label: summary(by_start) for label, by_start in by_rule.items()}
    lines = ["Over the %d sub-regions (seutukunta) with two or more members, starts in October and December of" % len(groups),
             "2011-2017, one to three years ahead (all before 2021), the mean absolute error of a member's",
             "share of the sub-region's annual mean stock (log points, in %), the total taken as known; the",
             "size is the member's mean stock over the 12 months to the start:", "",
             "| the members' shares | all members | %d or more unemployed | fewer than %d |" % (LARGE, LARGE),
             "|---|---|---|---|"]
    lines += ["| %s | %.1f | %.1f | %.1f |" % ((label,) + errors[label]) for label, _ in RULES]
    lines += ["", "The Oulu region's %d members the same way, each start in turn: each rule's share against the" % len(members),
              "share of each of the three following years (2023: January-October). %d or more: the mean of the" % LARGE,
              "12 months to the start, not the count of 10/2023 that the backtest's check uses.", "",
              "| start | the members' shares | within ±20 %% in all three years | %d or more within ±10 %% | the three furthest off |" % LARGE,
              "|---|---|---|---|---|"]
    rows_of = {label: area_reference(series, members, rule)
               for label, rule in (START_MONTH, TWELVE_MONTHS, CYCLES[-1])}
    for label, rows in rows_of.items():
        lines += ["| %s | %s | %d of %d | %d of %d | %s |" % (start, label, within, len(members), large_within, large, worst)
                  for start, within, large_within, large, worst in rows]
    # Rows whose three years are all before 2021, of the held shares and of the cycle rule.
    before = {label: [r for r in rows_of[label] if shifted(r[0], 36) < "2021-01"]
              for label in (START_MONTH[0], TWELVE_MONTHS[0])}
    cycle_rows = rows_of[CYCLES[-1][0]]
    gaps = [mean_points(by_rule[START_MONTH[0]][start]) - mean_points(by_rule[TWELVE_MONTHS[0]][start])
            for start in HISTORY_STARTS]
    best_trend = min(TRENDS, key=lambda t: errors[t[0]][0])[0]
    starts = len(before[TWELVE_MONTHS[0]])
    all_within = max(sum(r[1] == len(members) for r in rows) for rows in before.values())
    large_within = max(sum(r[2] == r[3] for r in rows) for rows in before.values())
    lines += ["", "The 12 months to the start foresee better than the start month in %d of the %d starts of" % (
                  sum(g > 0 for g in gaps), len(gaps)),
              "2011-2017 (by %.1f to %.1f points; %.1f against %.1f on average). Carrying a trend on %s" % (
                  min(gaps), max(gaps), errors[START_MONTH[0]][0], errors[TWELVE_MONTHS[0]][0],
                  "does not" if errors[best_trend][0] >= errors[TWELVE_MONTHS[0]][0] else "does"),
              "beat the 12 months held: the best of those rules, %s, gives %.1f." % (
                  best_trend.replace("the 12 months, ", ""), errors[best_trend][0]),
              "Even with the area's total known, a held share kept all %d members within ±20 %% for three years" % len(members),
              "in %s of the %d Decembers %s-%s, and every member with %d or more unemployed within ±10 %% in %s:" % (
                  "none" if all_within == 0 else "at most %d" % all_within, starts,
                  before[TWELVE_MONTHS[0]][0][0][:4], before[TWELVE_MONTHS[0]][-1][0][:4], LARGE,
                  "none" if large_within == 0 else "at most %d" % large_within),
              "the backtest's two municipal checks ask for more than the members' own history has foretold."]
    best_cycle = min(CYCLES, key=lambda c: errors[c[0]][0])[0]
    cycle_before = [r for r in cycle_rows if shifted(r[0], 36) < "2021-01"]
    last = cycle_rows[-1]
    lines += ["", "Nor does a member's own sensitivity to the cycle, which the model does not have. The 12 months'",
              "shares moved with the area's total (known here) by each member's elasticity to it, fitted on the",
              "annual means of up to %d years before the start (from %d; none with fewer than %d), err by %.1f" % (
                  CYCLE_YEARS, FIRST_YEAR, MIN_CYCLE_YEARS, errors[best_cycle][0]),
              "log points over the sub-regions at best (with %s); the 12 months held err by %.1f." % (
                  best_cycle.split("(")[1].rstrip(")"), errors[TWELVE_MONTHS[0]][0]),
              "For the Oulu region's members (the table's last rows, with all of the sensitivity) it kept all",
              "%d within ±20 %% in %d of the %d Decembers %s-%s (a held share: %d) and every member with %d or" % (
                  len(members), sum(r[1] == len(members) for r in cycle_before), len(cycle_before),
                  cycle_before[0][0][:4], cycle_before[-1][0][:4], all_within, LARGE),
              "more within ±10 %% in %d (a held share: %d); from 12/2020, the backtest's start, %d of %d within" % (
                  sum(r[2] == r[3] for r in cycle_before), large_within, last[1], len(members)),
              "±20 %% and %d of %d with %d or more within ±10 %%." % (last[2], last[3], LARGE)]
    return lines


if __name__ == "__main__":
    print("\n".join(report_lines([r["municipality"] for r in read_csv("employment_areas_2025.csv")
                                  if r["area"] == "Oulu region"])))
