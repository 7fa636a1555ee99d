#!/usr/bin/env python3
"""Reproducibility check for the generated scenario inputs: a fresh run must give identical bytes.

With --what data (the default) runs scripts/derive_data.py (shared data -> scenarios/data/); with
--what synthesis runs scripts/synthesise_population.py (scenarios/data/ -> scenarios/synthesis/); with
--what estimates runs scripts/estimate_municipal_dynamics.py (shared data and scenarios/data/ ->
scenarios/estimates/); with --what macro runs scripts/macro_paths.py (shared data and the fitted
scenarios/calibration/observed-path.yaml -> scenarios/macro/). Each writes into a temporary directory, which is compared with the committed folder byte for
byte; files that exist on only one side are reported too.

Exit codes (for CTest):
  0   identical
  1   a file differs, is missing or is extra, or the script failed
  77  (data, estimates and macro) the shared data folder does not exist, so there is nothing to check
      against (use SKIP_RETURN_CODE 77)

Usage: python3 scripts/check_data.py [--what data|synthesis|estimates|macro] [--shared DIR] [--data DIR]
Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import difflib
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DERIVE = REPO / "scripts" / "derive_data.py"
SYNTHESISE = REPO / "scripts" / "synthesise_population.py"
ESTIMATE = REPO / "scripts" / "estimate_municipal_dynamics.py"
MACRO = REPO / "scripts" / "macro_paths.py"
DEFAULT_SHARED = REPO.parent / "shared" / "data"
DEFAULT_DATA = REPO / "scenarios" / "data"
SYNTHESIS = REPO / "scenarios" / "synthesis"
ESTIMATES = REPO / "scenarios" / "estimates"
MACRO_PATHS = REPO / "scenarios" / "macro"
SKIP = 77
MAX_DIFF_LINES = 20


def files_in(folder: Path) -> dict[str, Path]:
    return {p.name: p for p in folder.iterdir() if p.is_file()} if folder.is_dir() else {}


def show_diff(name: str, committed: bytes, fresh: bytes) -> None:
    """Prints the start of a unified diff (committed -> fresh)."""
    try:
        a, b = committed.decode("utf-8").splitlines(), fresh.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        print(f"  (binary difference in {name})")
        return
    diff = list(difflib.unified_diff(a, b, f"committed/{name}", f"fresh/{name}", lineterm="", n=1))
    for line in diff[:MAX_DIFF_LINES]:
        print("  " + line)
    if len(diff) > MAX_DIFF_LINES:
        print(f"  ... {len(diff) - MAX_DIFF_LINES} more diff lines")


def compare(committed_dir: Path, fresh_dir: Path, script: str) -> list[str]:
    """Returns one message per difference; empty when the folders hold identical files."""
    committed, fresh = files_in(committed_dir), files_in(fresh_dir)
    problems = []
    for name in sorted(committed.keys() | fresh.keys()):
        if name not in committed:
            problems.append(f"{name}: missing from {committed_dir} ({script} writes it)")
        elif name not in fresh:
            problems.append(f"{name}: in {committed_dir} but not written by {script}")
        else:
            a, b = committed[name].read_bytes(), fresh[name].read_bytes()
            if a != b:
                problems.append(f"{name}: differs from a fresh run of {script}")
                show_diff(name, a, b)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                        help=f"the shared data folder (default: {DEFAULT_SHARED})")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help=f"the committed derived data (default: {DEFAULT_DATA})")
    parser.add_argument("--what", choices=("data", "synthesis", "estimates", "macro"), default="data",
                        help="which generated folder to check (default: data)")
    args = parser.parse_args(argv)

    if args.what in ("data", "estimates", "macro") and not args.shared.is_dir():
        print(f"check_data: skipped, no shared data at {args.shared}")
        return SKIP
    if args.what == "data":
        script, committed = DERIVE, args.data
        command = [sys.executable, str(DERIVE), "--shared", str(args.shared), "--out"]
    elif args.what == "estimates":
        script, committed = ESTIMATE, ESTIMATES
        command = [sys.executable, str(ESTIMATE), "--shared", str(args.shared), "--out"]
    elif args.what == "macro":
        script, committed = MACRO, MACRO_PATHS
        command = [sys.executable, str(MACRO), "--shared", str(args.shared), "--out"]
    else:
        script, committed = SYNTHESISE, SYNTHESIS
        command = [sys.executable, str(SYNTHESISE), "--out-dir"]
    with tempfile.TemporaryDirectory(prefix="polku-data-") as tmp:
        run = subprocess.run(command + [tmp], capture_output=True, text=True, check=False)
        if run.returncode != 0:
            sys.stderr.write(run.stdout + run.stderr)
            print(f"check_data: {script.name} failed with exit code {run.returncode}", file=sys.stderr)
            return 1
        problems = compare(committed, Path(tmp), script.name)
    if problems:
        for p in problems:
            print(f"check_data: {p}", file=sys.stderr)
        print(f"check_data: {committed} is not reproducible; run python3 scripts/{script.name} and "
              "review the changes", file=sys.stderr)
        return 1
    print(f"check_data: {len(files_in(committed))} files in {committed} match a fresh run of {script.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
