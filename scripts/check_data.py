#!/usr/bin/env python3
"""Reproducibility check for scenarios/data/: a fresh run of derive_data.py must give identical bytes.

Runs scripts/derive_data.py into a temporary directory and compares every file with the committed
scenarios/data/, byte for byte. It also reports files that exist on only one side.

Exit codes (for CTest):
  0   identical
  1   a file differs, is missing or is extra, or the derivation failed
  77  the shared data folder does not exist, so there is nothing to check against (use
      SKIP_RETURN_CODE 77)

Usage: python3 scripts/check_data.py [--shared DIR] [--data DIR]
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
DEFAULT_SHARED = REPO.parent / "shared" / "data"
DEFAULT_DATA = REPO / "scenarios" / "data"
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


def compare(committed_dir: Path, fresh_dir: Path) -> list[str]:
    """Returns one message per difference; empty when the folders hold identical files."""
    committed, fresh = files_in(committed_dir), files_in(fresh_dir)
    problems = []
    for name in sorted(committed.keys() | fresh.keys()):
        if name not in committed:
            problems.append(f"{name}: missing from {committed_dir} (derive_data.py writes it)")
        elif name not in fresh:
            problems.append(f"{name}: in {committed_dir} but not written by derive_data.py")
        else:
            a, b = committed[name].read_bytes(), fresh[name].read_bytes()
            if a != b:
                problems.append(f"{name}: differs from a fresh derivation")
                show_diff(name, a, b)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                        help=f"the shared data folder (default: {DEFAULT_SHARED})")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help=f"the committed derived data (default: {DEFAULT_DATA})")
    args = parser.parse_args(argv)

    if not args.shared.is_dir():
        print(f"check_data: skipped, no shared data at {args.shared}")
        return SKIP
    with tempfile.TemporaryDirectory(prefix="polku-data-") as tmp:
        run = subprocess.run([sys.executable, str(DERIVE), "--shared", str(args.shared), "--out", tmp],
                             capture_output=True, text=True, check=False)
        if run.returncode != 0:
            sys.stderr.write(run.stdout + run.stderr)
            print(f"check_data: derive_data.py failed with exit code {run.returncode}", file=sys.stderr)
            return 1
        problems = compare(args.data, Path(tmp))
    if problems:
        for p in problems:
            print(f"check_data: {p}", file=sys.stderr)
        print("check_data: scenarios/data is not reproducible; run python3 scripts/derive_data.py and "
              "review the changes", file=sys.stderr)
        return 1
    print(f"check_data: {len(files_in(args.data))} files in {args.data} match a fresh derivation")
    return 0


if __name__ == "__main__":
    sys.exit(main())
