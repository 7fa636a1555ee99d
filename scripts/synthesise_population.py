#!/usr/bin/env python3
"""Population synthesis: who is in which service, inflow and counsellors, per municipality.

For a set of municipalities at a month, writes scenarios/synthesis/<set>-<month>-services.yaml with
  - initial_participants of each service kind: the whole-country stock in that service per
    unemployed job-seeker (Statistics Finland table 12u4, at a reference month) times the
    municipality's unemployed (table 12r5). Table 12u4 counts integration training within labour
    market training; a share of it is assumed to be integration training.
  - inflow daily_rate: one registration per unemployed person and year on the start month's total
    of the set, a base that the calibrated inflow multiplier (scenarios/calibration/) scales, split
    between the municipalities by their shares of the set's unemployed over the 12 months to the
    start month (INFLOW_SPLIT_MONTHS): one month's split carries that month's noise and season.
    Over the sub-regions of 2011-2017, the 12 months' shares foresaw the municipalities' shares one
    to three years on better on average than the start month's did, at every start
    (scripts/member_share_history.py).
  - counselling counsellor_fte: one FTE per JOBSEEKERS_PER_COUNSELLOR registered job-seekers.
  - rehabilitative_work seats (used where a scenario limits its capacity): 20 % above the
    participants on the start day.
  - mobility destination_weight (area fragments): the municipality's unemployed on the start
    month, so moves within the area are in balance in expectation.
  - municipal_ledger working_age_population: population aged 15-64 in 2018 (the latest in the
    shared data; the compensation's legal base year is 2023).
All three are assumptions where no municipal data exists; replace them with local figures (the
same YAML keys) when you have them. Whole-country service data ends in 2/2022; later months use the
reference month's ratios.

Run from the repository root: python3 scripts/synthesise_population.py

Your own aggregates replace any of this: write a CSV with one row per municipality and the columns
    municipality, unemployed                       (required)
    in_<kind> for each service kind, counsellor_fte, daily_inflow, working_age_population,
    rehabilitative_seats                           (optional; an empty cell or a missing column
                                                    falls back to the synthesis rule above)
    long_term_share, share_under_25, share_25_29, share_30_49, share_50_64, share_no_benefit,
    share_labour_market_subsidy, share_basic_allowance, share_earnings_related,
    share_foreign_language, share_partial_work_ability, share_vocational_education
                                                   (optional structure of the job-seekers: a
                                                    column left out keeps the national default;
                                                    a column given must be filled in every row)
where <kind> is labour_market_training, integration_training, coaching, wage_subsidy, work_trial,
rehabilitative_work or self_motivated_study (persons in the service); long_term_share is the share
of the start-day stock unemployed a year or more (initial_stock), the other shares are those of
person_attributes (age bands and benefit types are normalised within each municipality). Run
    python3 scripts/synthesise_population.py --aggregates my.csv --name my-area [--reference 2019-10]
which writes scenarios/synthesis/my-area.yaml (municipalities, the initial stock, services,
counsellors, inflow); extend it from a scenario. tests/data/aggregates-example.csv is an example.
Bad input is refused with a message per problem (FILE:LINE: where there is a line) and exit code 2,
before anything is written: the CSV must be a regular UTF-8 file of at most 10 MB and 10 000 rows;
amounts finite and within [0, 10 000 000] persons or [0, 100 000] FTE or registrations a day, shares
within [0, 1]; municipality names 1-100 printable characters and not `default` or `total`. --name
must be a plain file name (no folder, no leading '.', no '..') and --reference a month of the
whole-country service data. Each file is written whole or not at all (a temporary file renamed).
Source data: Statistics Finland (CC BY 4.0), via scenarios/data (see its README).
"""
import argparse
import codecs
import csv
import difflib
import io
import math
import os
import re
import secrets
import stat
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "scenarios", "data")
SYNTHESIS = os.path.join(ROOT, "scenarios", "synthesis")

INTEGRATION_SHARE_OF_TRAINING = 0.25  # assumption: integration training within 12u4 training
JOBSEEKERS_PER_COUNSELLOR = 170.0     # assumption: pilot survey saw 150-160 as a clear improvement
REHABILITATIVE_SEATS_PER_PARTICIPANT = 1.2  # assumption: places offered 20 % above occupancy
# Optional columns of a user's aggregates with amounts (persons, FTE, registrations a day).
AMOUNT_COLUMNS = ["counsellor_fte", "daily_inflow", "working_age_population", "rehabilitative_seats"]
# Optional columns of a user's aggregates that describe who the job-seekers are (the parameter names
# of initial_stock and person_attributes).
STRUCTURE_COLUMNS = ["long_term_share", "share_under_25", "share_25_29", "share_30_49", "share_50_64",
                     "share_no_benefit", "share_labour_market_subsidy", "share_basic_allowance",
                     "share_earnings_related", "share_foreign_language", "share_partial_work_ability",
                     "share_vocational_education"]
# Middle of the window that scenarios/calibration/finland-2019.yaml fits the exit and inflow rates to.
NATIONAL_CALIBRATION_MONTH = "2019-10"
DEFAULT_REFERENCE = "2019-10"

# Limits on a user's aggregates: generous bounds that no real area reaches, so a cell past one is a
# mistake (a wrong column, a unit, a stray digit) rather than data.
MAX_CSV_BYTES = 10 * 1024 * 1024   # the whole file
MAX_ROWS = 10000                   # municipality rows (Finland has about 300 municipalities)
MAX_NAME_CHARS = 100               # a municipality name, and --name
MAX_PERSONS = 10000000             # unemployed, in_<kind>, working_age_population, rehabilitative_seats
MAX_FTE = 100000                   # counsellor_fte
MAX_DAILY_INFLOW = 100000          # daily_inflow, registrations a day
MAX_SHOWN_PROBLEMS = 50            # problems printed before the rest are only counted
# Keys that scenario files reserve in per-municipality maps and lists.
RESERVED_NAMES = ("default", "total")

# Model kind -> column of national_services_by_month.csv (12u4); the two training kinds share one.
KINDS = {
    "labour_market_training": "labour_market_training",
    "integration_training": "labour_market_training",
    "coaching": "coaching",
    "wage_subsidy": "wage_subsidy",
    "work_trial": "work_trial",
    "rehabilitative_work": "rehabilitative_work",
    "self_motivated_study": "self_motivated_study",
}

# The months to the start month whose shares split the inflow between the municipalities of a set.
INFLOW_SPLIT_MONTHS = 12

# (file stem, municipality set, month of the stocks, reference month of the service ratios)
FRAGMENTS = [
    ("finland-2017-10", None, "2017-10", "2017-10"),
    ("oulu-region-2020-12", "Oulu region", "2020-12", "2020-12"),
    ("oulu-region-2023-10", "Oulu region", "2023-10", "2019-10"),
    ("raahe-2020-12", "Raahe area", "2020-12", "2020-12"),
    ("raahe-2023-10", "Raahe area", "2023-10", "2019-10"),
    ("finland-2023-10", None, "2023-10", "2019-10"),
]


def read_csv(name):
    with open(os.path.join(DATA, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


# A name that YAML reads back as the same string when written bare, also inside a flow map or
# list: a letter first, then letters, digits, spaces, '.' and '-', no trailing space, and none of
# the words YAML 1.1 reads as a boolean or null. Anything else is double-quoted.
PLAIN_NAME = re.compile(r"[^\W\d_][\w .-]*")
YAML_WORDS = {"y", "yes", "n", "no", "true", "false", "on", "off", "null"}


def yaml_quoted(text):
    """`text` as a YAML double-quoted scalar: '"' and '\\' escaped, and every character that is not
    printable (control, format, separator, unassigned) as \\u or \\U, so that no line break or
    invisible character reaches the file. Reads back as exactly `text`."""
    out = []
    for c in text:
        if c in '"\\':
            out.append("\\" + c)
        elif c.isprintable():
            out.append(c)
        elif ord(c) < 0x10000:
            out.append("\\u%04x" % ord(c))
        else:
            out.append("\\U%08x" % ord(c))
    return '"' + "".join(out) + '"'


def yaml_name(name):
    """A municipality name as a YAML scalar: bare where that reads back the same, else quoted."""
    name = str(name)
    if PLAIN_NAME.fullmatch(name) and not name.endswith(" ") and name.lower() not in YAML_WORDS:
        return name
    return yaml_quoted(name)


def comment_text(text):
    """`text` for a YAML comment line: as it is when printable, else quoted, so no line break in a
    file name or argument ends the comment."""
    return text if text.isprintable() else yaml_quoted(text)


def shown(text, limit=60):
    """A user's string in a message: quoted and escaped, cut to `limit` characters."""
    return repr(text if len(text) <= limit else text[:limit] + "...")


def shown_path(path):
    return path if path.isprintable() else ascii(path)


def write_text(path, text):
    """Writes `text` to `path` whole or not at all: into a temporary file in the same folder, then
    renamed over `path`. A failure is bad input (exit 2) with a message; no partial file stays."""
    folder, base = os.path.split(path)
    temporary = os.path.join(folder, ".%s.%s.tmp" % (base, secrets.token_hex(4)))
    try:
        os.makedirs(folder or ".", exist_ok=True)
        # O_EXCL: never through a file or link that is already there; 0o666 less the umask, as open().
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.replace(temporary, path)
        except BaseException:
            try:
                os.unlink(temporary)
            except OSError:
                pass
            raise
    except OSError as error:
        fail(["cannot write %s: %s" % (shown_path(path), error.strerror or error)])


def flow_map(values, per_line=6, default="0"):
    # Municipalities whose count is suppressed (a few on Åland) take the default 0; default=None
    # leaves it out, so a municipality not listed is an error rather than a silent zero.
    items = ["%s: %s" % (yaml_name(k), v) for k, v in values.items()] + ([] if default is None else ["default: " + default])
    lines = [", ".join(items[i:i + per_line]) for i in range(0, len(items), per_line)]
    return "{" + (",\n      ").join(lines) + "}"


def kind_stock(kind, services):
    stock = float(services[KINDS[kind]])
    if KINDS[kind] == "labour_market_training":
        stock *= INTEGRATION_SHARE_OF_TRAINING if kind == "integration_training" else 1 - INTEGRATION_SHARE_OF_TRAINING
    return stock


def inflow_split(by_month, unemployed, month, window=INFLOW_SPLIT_MONTHS):
    """Registrations a year per municipality: the set's unemployed of `month` in total, split by the
    municipalities' shares of the set's unemployed over the `window` months to `month`. A
    municipality with a month missing (suppressed) in the window keeps its count of `month`; so do
    all when those with a whole window had no unemployed in it."""
    if window < 1:
        raise ValueError("inflow_split: the window must be at least one month, not %d" % window)
    months = months_to(month, window)
    whole = [m for m in unemployed if all(m in by_month.get(k, {}) for k in months)]
    window_total = sum(by_month[k][m] for m in whole for k in months)
    if window_total == 0:
        return {m: float(u) for m, u in unemployed.items()}
    # Those with a whole window share what the others leave of the start month's total.
    scale = sum(unemployed[m] for m in whole) / window_total
    split = {m: float(u) for m, u in unemployed.items()}
    split.update({m: scale * sum(by_month[k][m] for k in months) for m in whole})
    return split


def fragment(stem, unemployed, month, services, working_age, given=None, top=None, modules=None,
             filename=None, inflow_base=None, inflow_note=""):
    """Writes scenarios/synthesis/<stem>-services.yaml (or `filename`).

    `given` overrides values per municipality; `top` adds top-level lines and `modules` module
    lines ahead of the synthesised ones. `inflow_base` (registrations a year per municipality,
    default: `unemployed`) sets the inflow, and `inflow_note` says how, in the file's header.
    """
    given = given or {}
    inflow_base = inflow_base or unemployed

    def value(column, m, rule):
        cell = given.get(m, {}).get(column)
        return cell if cell is not None else rule

    national_unemployed = float(services["unemployed"])
    in_services = sum(kind_stock(k, services) for k in KINDS)
    out = [
           "# Population synthesis for %s, %s, written by scripts/synthesise_population.py." % (comment_text(stem), month),
           "# Source: Statistics Finland (CC BY 4.0): unemployed by municipality (table 12r5) and persons in",
           "# services per unemployed job-seeker, whole country, %s (table 12u4). %.0f %% of labour market" %
           (services["month"], 100 * INTEGRATION_SHARE_OF_TRAINING),
           "# training is assumed to be integration training. Inflow: one registration per unemployed",
           "# person and year (scaled by the calibrated multiplier)%s." % inflow_note,
           "# Counsellors: one FTE per %.0f registered job-seekers (assumption). Regenerate, do not edit."
           % JOBSEEKERS_PER_COUNSELLOR] + (top or []) + [
           "modules:"] + (modules or []) + [
           "  inflow:",
           "    daily_rate: " + flow_map({m: round(value("daily_inflow", m, inflow_base[m] / 365.0), 4) for m in unemployed}),
           "  counselling:",
           "    counsellor_fte: " + flow_map({m: round(value("counsellor_fte", m, u * (1 + in_services / national_unemployed)
                                                           / JOBSEEKERS_PER_COUNSELLOR), 2)
                                          for m, u in unemployed.items()})]
    for kind in KINDS:
        per_unemployed = kind_stock(kind, services) / national_unemployed
        participants = {m: round(value("in_" + kind, m, per_unemployed * u)) for m, u in unemployed.items()}
        out.append("  %s:" % kind)
        out.append("    initial_participants: " + flow_map(participants))
        if kind == "rehabilitative_work":
            # Used only where a scenario sets capacity_mode: seats.
            out.append("    seats: " + flow_map({m: round(value("rehabilitative_seats", m,
                                                              REHABILITATIVE_SEATS_PER_PARTICIPANT * participants[m]), 1)
                                                 for m in unemployed}))
    out.append("  municipal_ledger:")
    out.append("    working_age_population: " + flow_map(
        {m: int(value("working_age_population", m, working_age.get(m, 0))) for m in unemployed}))
    write_text(os.path.join(SYNTHESIS, filename or stem + "-services.yaml"), "\n".join(out) + "\n")


def mobility_lines(unemployed):
    """Moves between the area's municipalities go where the job-seekers are: destinations weighted
    by each municipality's unemployed on the start month, so that moves in balance moves out in
    expectation and no municipality fills up by moving alone (a neutral planning assumption)."""
    return ["  mobility:", "    destination_weight: " + flow_map(unemployed)]


def span_ratio(numerator, denominator, months, end, window):
    """Sum of numerator over sum of denominator across the `window` months before months[end]."""
    span = months[max(0, end - window):end]
    return sum(numerator[m] for m in span) / sum(denominator[m] for m in span)


def vacancies_and_unemployed(members=None):
    """Open vacancies and unemployed job-seekers by month (table 12r5), summed over `members`
    (None: the whole country)."""
    unemployed, vacancies = {}, {}
    for r in read_csv("unemployed_by_month.csv"):
        if (members is None or r["name"] in members) and r["unemployed"]:
            unemployed[r["month"]] = unemployed.get(r["month"], 0) + int(r["unemployed"])
            vacancies[r["month"]] = vacancies.get(r["month"], 0) + int(r["open_vacancies"] or 0)
    return vacancies, unemployed


def tightness_fragment(stem, members, first, last, window=12):
    """Labour market tightness of an area for the exit hazard (plugins/employment_exit).

    Open vacancies per unemployed job-seeker of the area (table 12r5) over a `window`-month span
    centred on each month (which removes the seasonal pattern the inflow factors already carry;
    near the end of the data the span ends with the data), dated from the first day of the month.
    It is an observed input series, known for the whole backtest period.

    The reference, where the hazard multiplier is 1, is the tightness in the conditions under
    which the national calibration (scenarios/calibration/finland-2019.yaml) fitted the inflow
    and referral rates around the exit rates it assumes: the whole country's over the `window`
    months up to and including the calibration month. An area tighter than that has
    proportionally more exits to work, as in a matching function.
    """
    vacancies, unemployed = vacancies_and_unemployed(members)
    months = sorted(unemployed)
    values = {m: span_ratio(vacancies, unemployed, months, min(len(months), i + window // 2), window)
              for i, m in enumerate(months) if first <= m <= last}
    national_vacancies, national_unemployed = vacancies_and_unemployed()
    national_months = sorted(national_unemployed)
    reference = span_ratio(national_vacancies, national_unemployed, national_months,
                           national_months.index(NATIONAL_CALIBRATION_MONTH) + 1, window)
    lines = ["# Labour market tightness of %s (%s to %s), written by scripts/synthesise_population.py:" % (stem, first, last),
             "# open vacancies per unemployed job-seeker, centred %d-month mean, Statistics Finland table 12r5" % window,
             "# (CC BY 4.0). Data end in %s; the last value holds after it. Reference: the whole" % last,
             "# country's tightness over the %d months up to %s, the national calibration month." % (window, NATIONAL_CALIBRATION_MONTH),
             "modules:",
             "  employment_exit:",
             "    tightness_reference: %.4f" % reference,
             "    tightness: {" + ", ".join("%s-01: %.4f" % (m, v) for m, v in sorted(values.items())) + "}"]
    write_text(os.path.join(SYNTHESIS, stem + "-tightness.yaml"), "\n".join(lines) + "\n")


def read_aggregates_text(path):
    """The aggregates file's text, refused (exit 2) unless it is a regular file of at most
    MAX_CSV_BYTES in UTF-8. Never blocks: a named pipe, a device or a folder is refused by its type
    before it is read, and the file is opened non-blocking in case it was swapped in between."""
    where = shown_path(path)
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            fail(["%s: cannot read the aggregates: %s, not a regular file" % (where, file_kind(mode))])
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode):
                fail(["%s: cannot read the aggregates: %s, not a regular file" % (where, file_kind(status.st_mode))])
            if status.st_size > MAX_CSV_BYTES:
                fail(["%s: cannot read the aggregates: %d bytes, over the limit of %d (10 MB)"
                      % (where, status.st_size, MAX_CSV_BYTES)])
            chunks, size = [], 0
            while size <= MAX_CSV_BYTES:  # the file may grow while it is read
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        finally:
            os.close(fd)
    except OSError as error:
        fail(["%s: cannot read the aggregates: %s" % (where, error.strerror or error)])
    if size > MAX_CSV_BYTES:
        fail(["%s: cannot read the aggregates: over the limit of %d bytes (10 MB)" % (where, MAX_CSV_BYTES)])
    data = b"".join(chunks)
    if data.startswith(codecs.BOM_UTF8):  # Excel's byte order mark
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        fail(["%s:%d: not valid UTF-8 (byte 0x%02x); save the file as UTF-8 CSV" % (
            where, data.count(b"\n", 0, error.start) + 1, data[error.start])])


def file_kind(mode):
    for test, kind in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "a special file"


def name_problem(name):
    """What is wrong with a municipality name (None when it is fine): it is written into scenario
    files and read back by name, so it must be non-empty, short, printable and not a reserved key."""
    if not name:
        return "municipality is empty"
    if len(name) > MAX_NAME_CHARS:
        return "municipality %s is %d characters long, over the limit of %d" % (shown(name), len(name), MAX_NAME_CHARS)
    bad = next((c for c in name if not c.isprintable()), None)
    if bad is not None:
        return "municipality %s contains the control or invisible character U+%04X" % (shown(name), ord(bad))
    if name in RESERVED_NAMES:
        return "municipality %r is a reserved word in scenario files (%s)" % (name, ", ".join(RESERVED_NAMES))
    return None


def read_aggregates(path):
    """The user's aggregates as {municipality: {column: float or None}}, checked cell by cell.

    Every problem is collected and reported as FILE:LINE: message, then the script exits with
    code 2 (bad input, as everywhere in Polku) without writing anything.
    """
    optional = ["in_" + kind for kind in KINDS] + AMOUNT_COLUMNS + STRUCTURE_COLUMNS
    text = read_aggregates_text(path)
    path = shown_path(path)
    problems, rows = [], {}
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
        if len(header) == 1 and ";" in header[0]:
            fail(["%s:1: the columns are separated by ';': save the file with ',' as the separator" % path])
        for i, column in enumerate(header):
            if column in header[:i]:
                problems.append("%s:1: column %s appears twice" % (path, shown(column)))
            elif column not in ["municipality", "unemployed"] + optional:
                close = difflib.get_close_matches(column, optional, n=1)
                problems.append("%s:1: unknown column %s%s" % (
                    path, shown(column), "; did you mean %r?" % close[0] if close else ""))
        for column in ("municipality", "unemployed"):
            if column not in header:
                problems.append("%s:1: the required column %r is missing" % (path, column))
        if problems:
            fail(problems)
        for r in reader:
            line = reader.line_num
            if len(rows) == MAX_ROWS:
                fail(problems + ["%s:%d: more than %d municipality rows" % (path, line, MAX_ROWS)])
            name = (r["municipality"] or "").strip()
            problem = name_problem(name)
            if problem:
                problems.append("%s:%d: %s" % (path, line, problem))
                continue
            if name in rows:
                problems.append("%s:%d: %s appears twice" % (path, line, name))
                continue
            rows[name] = {column: aggregate_cell(path, line, column, r.get(column), problems)
                          for column in header if column != "municipality"}
            if None in r:
                problems.append("%s:%d: more cells than columns" % (path, line))
            if rows[name].get("unemployed") is None:
                problems.append("%s:%d: unemployed is empty" % (path, line))
    except csv.Error as error:  # a cell over the csv module's size limit, a stray quote
        problems.append("%s:%d: not a readable CSV row: %s" % (path, reader.reader.line_num, error))
    if not rows and not problems:
        problems.append("%s: no municipality rows" % path)
    if problems:
        fail(problems)
    for column in STRUCTURE_COLUMNS:
        if rows and column in next(iter(rows.values())):
            empty = [m for m, r in rows.items() if r[column] is None]
            if empty:
                problems.append("%s: column %s must be filled in every row or left out (for the national "
                                "default); empty for %s" % (path, column, ", ".join(empty)))
    if problems:
        fail(problems)
    return rows


INVALID = float("nan")  # a cell already reported as bad (neither a value nor empty)


def upper_bound(column):
    """The largest value a cell of `column` may hold, and its unit."""
    if column in STRUCTURE_COLUMNS:
        return 1.0, "a share"
    if column == "counsellor_fte":
        return MAX_FTE, "FTE"
    if column == "daily_inflow":
        return MAX_DAILY_INFLOW, "registrations a day"
    return MAX_PERSONS, "persons"


def aggregate_cell(path, line, column, text, problems):
    """A number from one cell (None when empty): finite, at least 0 and at most upper_bound(column)
    (shares at most 1); unemployed a whole number."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        problems.append("%s:%d: %s: expected a number, got %s" % (path, line, column, shown(text)))
        return INVALID
    if column == "unemployed" and math.isfinite(value) and value != int(value):
        problems.append("%s:%d: unemployed: expected a whole number of persons, got %s" % (path, line, text))
        return INVALID
    high, unit = upper_bound(column)
    if not (math.isfinite(value) and 0.0 <= value <= high):
        if column in STRUCTURE_COLUMNS:
            limit, note = "1", " (a share, not a percentage)" if value > 1 else ""
        else:
            limit, note = "%d" % high, " (%s)" % unit
        problems.append("%s:%d: %s: %s is outside [0, %s]%s" % (path, line, column, text[:30], limit, note))
        return INVALID
    return value


def report(problems):
    """Prints the problems to stderr (the first MAX_SHOWN_PROBLEMS, then how many more) and gives
    the exit code of bad input."""
    for problem in problems[:MAX_SHOWN_PROBLEMS]:
        print("synthesise_population: " + problem, file=sys.stderr)
    if len(problems) > MAX_SHOWN_PROBLEMS:
        print("synthesise_population: ... and %d more problems" % (len(problems) - MAX_SHOWN_PROBLEMS),
              file=sys.stderr)
    return 2


def fail(problems):
    """Reports the problems and exits with code 2 (bad input)."""
    raise SystemExit(report(problems))


def shifted(month, by):
    """The month `by` months after "YYYY-MM"."""
    index = int(month[:4]) * 12 + int(month[5:]) - 1 + by
    return "%04d-%02d" % (index // 12, index % 12 + 1)


def months_to(month, count):
    """The `count` months ending with `month` ("YYYY-MM"), latest first."""
    return [shifted(month, -k) for k in range(count)]


def unemployed_series():
    """{municipality: {month: unemployed}} from table 12r5, suppressed months left out."""
    series = {}
    for r in read_csv("unemployed_by_month.csv"):
        if r["unemployed"]:
            series.setdefault(r["name"], {})[r["month"]] = int(r["unemployed"])
    return series


def seasonal_excess(series, month, years):
    """The share of a stock in `month`'s calendar month that is there for the season: 1 - 1/r,
    where r is the mean over `years` of the month's stock over the mean of the months either side
    of it (0 when the month is no peak)."""
    ratios = []
    for year in years:
        here = "%04d-%s" % (year, month[5:])
        around = [series.get(shifted(here, -1)), series.get(shifted(here, 1))]
        if series.get(here) and all(around):
            ratios.append(series[here] / (sum(around) / 2))
    return max(0.0, 1 - len(ratios) / sum(ratios)) if ratios else 0.0


def layoff_shares(members, month, quiet_years=3):
    """Temporarily laid off in the start-day stock of a backtest that starts after a shock.

    Table 12r5 counts the fully laid off as unemployed but does not separate them. The excess of
    each municipality's unemployed in `month` over the same month in the quietest of the
    `quiet_years` years before (the lowest of those stocks) is taken as temporarily laid off, as a
    share of the stock (0 where there is no excess): an upper bound, since part of the rise was
    ordinary unemployment. The quietest year rather than the last, because a layoff wave may have
    begun a year before the shock (the Raahe area's stock rose by 38 % from 9/2019 to 12/2019);
    the lowest rather than the mean, because the region's stocks fell through 2017-2019, and a mean
    would count part of that fall as a lasting level. The same month of that year held its season's
    peak too: the share there only for the season comes from the municipality's own series, 2006
    to the last of those years, out of sample for the backtest.

    Returns (laid-off shares, seasonal shares, the months compared, the seasonal years).
    """
    before = [shifted(month, -12 * k) for k in range(1, quiet_years + 1)]
    series = unemployed_series()
    shares = {}
    for m in members:
        own = series.get(m, {})
        if not own.get(month):
            continue
        missing = [b for b in before if not own.get(b)]
        if missing:
            fail(["unemployed_by_month.csv: %s has no count for %s, needed for the layoff share of %s"
                  % (m, ", ".join(missing), month)])
        quietest = min(own[b] for b in before)
        shares[m] = round(max(0, own[month] - quietest) / own[month], 4)
    years = range(2006, int(before[0][:4]) + 1)
    seasonal = {m: round(seasonal_excess(series[m], month, years), 4) for m in shares}
    return shares, seasonal, before, years


def layoff_fragment(stem, members, month):
    """Writes the layoff and seasonal shares of the start-day stock (layoff_shares) as a fragment."""
    shares, seasonal, before, years = layoff_shares(members, month)
    lines = ["# Temporarily laid off in the start-day stock of %s, %s, written by scripts/synthesise_population.py:" % (stem, month),
             "# each municipality's excess of unemployed over the lowest of %s as a share of its stock" % ", ".join(reversed(before)),
             "# (Statistics Finland table 12r5, CC BY 4.0). An assumption standing in for the layoff counts the shared",
             "# data lacks. seasonal_at_start: the share there for the season, 1 - 1/r with r the mean ratio of the",
             "# month's stock to its neighbours' mean, %d-%d, from the same table." % (years[0], years[-1]),
             "modules:",
             "  employment_exit:",
             "    laid_off_at_start: " + flow_map(shares, default=None),
             "    seasonal_at_start: " + flow_map(seasonal, default=None)]
    write_text(os.path.join(SYNTHESIS, "%s-%s-layoffs.yaml" % (stem, month)), "\n".join(lines) + "\n")


def from_aggregates(path, stem, services, working_age):
    """A fragment from a user's own per-municipality aggregates (see the module docstring)."""
    rows = read_aggregates(path)
    unemployed = {m: int(r["unemployed"]) for m, r in rows.items()}
    top = ["# From the aggregates in %s; missing values follow the synthesis rules." % comment_text(os.path.basename(path)),
           "municipalities: [%s]" % ", ".join(yaml_name(m) for m in unemployed)]
    structure = {column: flow_map({m: r[column] for m, r in rows.items()}, default=None)
                 for column in STRUCTURE_COLUMNS if column in next(iter(rows.values()))}
    modules = ["  initial_stock:", "    jobseekers: " + flow_map(unemployed)]
    if "long_term_share" in structure:
        modules.append("    long_term_share: " + structure.pop("long_term_share"))
    if structure:
        modules.append("  person_attributes:")
        modules += ["    %s: %s" % (column, values) for column, values in structure.items()]
    fragment(stem, unemployed, "given", services, working_age, rows, top, modules, stem + ".yaml")


def name_option_problems(name):
    """What is wrong with --name as the stem of a file in the output folder: it must be a plain,
    visible file name, so that the fragment cannot land anywhere else."""
    if not name:
        return ["--name is empty"]
    if len(name) > MAX_NAME_CHARS or len(name.encode("utf-8", "surrogatepass")) > 2 * MAX_NAME_CHARS:
        return ["--name %s is too long (at most %d characters)" % (shown(name), MAX_NAME_CHARS)]
    bad = next((c for c in name if not c.isprintable()), None)
    if bad is not None:
        return ["--name %s contains the control or invisible character U+%04X" % (shown(name), ord(bad))]
    if "/" in name or "\\" in name or (os.altsep and os.altsep in name):
        return ["--name %s must be a file name without a folder (no '/' or '\\'); use --out-dir for the "
                "folder" % shown(name)]
    if name.startswith(".") or ".." in name:
        return ["--name %s must not start with '.' or contain '..'" % shown(name)]
    return []


def reference_months(national):
    """The months of the whole-country service data with every column that the synthesis uses."""
    needed = ["unemployed"] + sorted(set(KINDS.values()))
    months = []
    for month, row in national.items():
        try:
            if float(row["unemployed"]) > 0 and all(math.isfinite(float(row[c])) for c in needed):
                months.append(month)
        except (TypeError, ValueError):
            pass
    return sorted(months)


def reference_problems(reference, months):
    if not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", reference):
        return ["--reference %s: expected a month as YYYY-MM, e.g. %s" % (shown(reference), DEFAULT_REFERENCE)]
    if reference not in months:
        return ["--reference %s: no whole-country service data for that month; the data covers %s to %s"
                % (reference, months[0], months[-1]) + ("" if reference < months[0] or reference > months[-1]
                                                        else " with gaps")]
    return []


def pilots_2017_fragments(by_month, national, working_age):
    """The 23 municipalities of the regional pilots of 1.8.2017-31.12.2018 (scripts/pilots_2017_data.py
    names them): the register of 7/2017, the day before the pilot, with the national service ratios
    of 7/2017; the inflow base is one registration per unemployed person and year on the mean stock
    of 10/2016-7/2017 (the months before the pilot, so the July peak does not set it), and July's
    seasonal excess as there only for the season (employment_exit.seasonal_at_start). Writes
    pilots-2017-07-services.yaml (with the municipalities and the start-day stock) and
    pilots-2017-tightness.yaml (8/2017-12/2018)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from pilots_2017_data import INFLOW_MONTHS, PILOT, START_MONTH
    window = [k for k in sorted(by_month) if INFLOW_MONTHS[0] <= k <= INFLOW_MONTHS[1]]
    unemployed = {m: by_month[START_MONTH][m] for m in PILOT}
    given = {m: {"daily_inflow": sum(by_month[k][m] for k in window) / len(window) / 365.0} for m in PILOT}
    top = ["# Inflow base: the mean stock of %s to %s. The start-day stock: 12r5, %s." % (
               INFLOW_MONTHS[0], INFLOW_MONTHS[1], START_MONTH),
           "municipalities: [%s]" % ", ".join(yaml_name(m) for m in PILOT)]
    # July's summer peak (students and school staff) is there only for the season: each
    # municipality's own July excess over June and August, 2006-2016.
    series = {m: {k: by_month[k][m] for k in by_month if m in by_month[k]} for m in PILOT}
    seasonal = {m: round(seasonal_excess(series[m], START_MONTH, range(2006, 2017)), 4) for m in PILOT}
    modules = ["  initial_stock:", "    jobseekers: " + flow_map(unemployed),
               "  employment_exit:", "    seasonal_at_start: " + flow_map(seasonal, default=None)]
    fragment("pilots-2017-07", unemployed, START_MONTH, national[START_MONTH], working_age, given=given,
             top=top, modules=modules)
    tightness_fragment("pilots-2017", PILOT, "2017-08", "2018-12")


def main():
    parser = argparse.ArgumentParser(description="Population synthesis (see the module docstring).")
    parser.add_argument("--aggregates", help="your own per-municipality aggregates (CSV)")
    parser.add_argument("--name", help="file stem of the fragment written from --aggregates")
    parser.add_argument("--reference", help="month of the national service ratios (default %s)" % DEFAULT_REFERENCE)
    parser.add_argument("--out-dir", help="write the fragments here instead of scenarios/synthesis")
    args = parser.parse_args()
    problems = []
    if args.out_dir is not None and not args.out_dir:
        problems.append("--out-dir is empty")
    if args.aggregates is None:
        problems += ["%s applies only with --aggregates" % option
                     for option, value in (("--name", args.name), ("--reference", args.reference)) if value is not None]
    elif not args.aggregates:
        problems.append("--aggregates is empty")
    elif args.name is None:
        problems.append("--aggregates needs --name")
    else:
        problems += name_option_problems(args.name)
    if problems:
        fail(problems)
    global SYNTHESIS
    if args.out_dir:
        SYNTHESIS = args.out_dir
    national = {r["month"]: r for r in read_csv("national_services_by_month.csv")}
    working_age = {r["name"]: int(r["population_15_64_2018"] or 0) for r in read_csv("municipalities.csv")}
    if args.aggregates is not None:
        reference = args.reference or DEFAULT_REFERENCE
        problems = reference_problems(reference, reference_months(national))
        if os.path.lexists(SYNTHESIS) and not os.path.isdir(SYNTHESIS):
            problems.append("--out-dir %s is not a folder" % shown_path(SYNTHESIS))
        target = os.path.join(SYNTHESIS, args.name + ".yaml")
        if os.path.dirname(os.path.realpath(target)) != os.path.realpath(SYNTHESIS):
            problems.append("--name %s: %s would resolve outside %s" % (
                shown(args.name), shown_path(target), shown_path(SYNTHESIS)))
        if problems:
            fail(problems)
        from_aggregates(args.aggregates, args.name, national[reference], working_age)
        return
    by_month = {}
    for name, months in unemployed_series().items():
        for month, count in months.items():
            by_month.setdefault(month, {})[name] = count
    members = {}
    for r in read_csv("employment_areas_2025.csv"):
        members.setdefault(r["area"], []).append(r["municipality"])
    tightness_fragment("oulu-region", members["Oulu region"], "2021-01", "2023-10")
    layoff_fragment("oulu-region", members["Oulu region"], "2020-12")
    tightness_fragment("raahe", members["Raahe area"], "2021-01", "2023-10")
    pilots_2017_fragments(by_month, national, working_age)
    layoff_fragment("raahe", members["Raahe area"], "2020-12")
    for stem, area, month, reference in FRAGMENTS:
        unemployed = by_month[month]
        modules = None
        if area is not None:
            unemployed = {m: unemployed[m] for m in members[area]}
            modules = mobility_lines(unemployed)
        fragment(stem, unemployed, month, national[reference], working_age, modules=modules,
                 inflow_base=inflow_split(by_month, unemployed, month),
                 inflow_note=", split by the\n# municipalities' shares of the unemployed over the %d months to %s" % (
                     INFLOW_SPLIT_MONTHS, month))


if __name__ == "__main__":
    main()
