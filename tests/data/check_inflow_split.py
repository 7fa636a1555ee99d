#!/usr/bin/env python3
"""The synthesis's inflow split (scripts/synthesise_population.py, inflow_split) on a hand-made set.

    check_inflow_split.py SCRIPTS_DIR

Checks: the set's total is the start month's; the members with a complete window share it by
their window means; a member with a suppressed month in the window keeps its start month's count;
a window without data or without unemployed keeps the start month's split; a window of 0 is refused.
Exits 1 with a message on the first failure.
"""
import math
import sys

sys.path.insert(0, sys.argv[1])
from synthesise_population import inflow_split  # noqa: E402


def check(condition, message):
    if not condition:
        print("FAILED:", message)
        sys.exit(1)


# Three months to 2020-03. A: 100 a month before a start month of 160; B: 300 throughout;
# C: a suppressed month in the window, 50 at the start.
by_month = {"2020-01": {"A": 100, "B": 300}, "2020-02": {"A": 100, "B": 300, "C": 40},
            "2020-03": {"A": 160, "B": 300, "C": 50}}
start = by_month["2020-03"]
split = inflow_split(by_month, start, "2020-03", window=3)
check(math.isclose(sum(split.values()), sum(start.values())), "the total is the start month's: %s" % split)
check(math.isclose(split["C"], 50), "C keeps its start month's count: %s" % split)
# A and B share 460 by their window means, 120 and 300.
check(math.isclose(split["A"], 460 * 120 / 420) and math.isclose(split["B"], 460 * 300 / 420),
      "A and B split by their window means: %s" % split)
# A window of one month is the start month's split.
check(inflow_split(by_month, start, "2020-03", window=1) == {m: float(v) for m, v in start.items()},
      "a one-month window keeps the start month")
# A month missing from the data altogether: nobody has a whole window, so the start month's split.
gap = {k: v for k, v in by_month.items() if k != "2020-01"}
check(inflow_split(gap, start, "2020-03", window=3) == {m: float(v) for m, v in start.items()},
      "a month missing for all keeps the start month")
# No unemployed in the whole windows: the start month's counts, not a division by zero.
empty = {"2020-02": {"A": 0, "B": 0}, "2020-03": {"A": 0, "B": 0, "C": 5}}
check(inflow_split(empty, empty["2020-03"], "2020-03", window=2) == {"A": 0.0, "B": 0.0, "C": 5.0},
      "empty windows keep the start month's counts")
try:
    inflow_split(by_month, start, "2020-03", window=0)
    check(False, "a window of 0 months is refused")
except ValueError:
    pass
print("inflow split: all checks passed")
