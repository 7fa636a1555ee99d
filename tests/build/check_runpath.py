#!/usr/bin/env python3
"""Every Polku binary's RUNPATH/RPATH holds only absolute or $ORIGIN-relative folders.

An empty entry (as in "dir:") or a relative one makes the dynamic loader search the current
directory, so a library planted there would run its code in polku. Usage:
    check_runpath.py FILE_OR_DIR...   (folders are searched for ELF files: polku, *.so*)
"""
import os
import subprocess
import sys


def elf_files(paths):
    for path in paths:
        if os.path.isdir(path):
            for root, _, names in os.walk(path):
                for name in sorted(names):
                    full = os.path.join(root, name)
                    if (".so" in name or os.access(full, os.X_OK)) and os.path.isfile(full):
                        with open(full, "rb") as f:
                            if f.read(4) == b"\x7fELF":
                                yield full
        else:
            yield path


def search_paths(file):
    out = subprocess.run(["readelf", "-d", file], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if "(RUNPATH)" in line or "(RPATH)" in line:
            yield line.split("[", 1)[1].rsplit("]", 1)[0]


def main():
    checked, problems = 0, []
    for file in elf_files(sys.argv[1:]):
        checked += 1
        for value in search_paths(file):
            for entry in value.split(":"):
                if entry == "":
                    problems.append(f"{file}: empty entry in '{value}' (means the current directory)")
                elif not (entry.startswith("/") or entry.startswith("$ORIGIN")):
                    problems.append(f"{file}: relative entry '{entry}' in '{value}'")
    for p in problems:
        print(p)
    print(f"{checked} ELF files checked, {len(problems)} problems")
    return 1 if problems or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
