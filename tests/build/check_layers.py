#!/usr/bin/env python3
"""Checks that the libraries depend one way: no file includes a header of a higher layer.

    api -> core -> results -> output -> app

Each source folder belongs to a layer and each include path names the layer that owns the header
(by its first folder: "engine/runner.hpp" is core's, "output/csv.hpp" output's). A file may include
headers of its own layer and of the layers below it; a plugin only the public API; the benchmark
only what polku_core links. An include that no layer owns and that is not next to the including
file is an error too, so a header cannot slip in under a new folder name. Both "..." and <...>
includes are read; <...> ones only when their first folder is a layer's (so <vector> is ignored).

    check_layers.py SOURCE_DIR     exit 0 when every include goes down or sideways, 1 otherwise
    check_layers.py --self-test    checks the checker on small trees of its own
"""
import os
import re
import sys
import tempfile

LAYERS = ["api", "core", "results", "output", "app"]

# Source folders (relative to the repository root) and the layer their files belong to; the
# longest matching prefix wins. Files directly in sim/src/ are the API's sources.
FOLDERS = {
    "sim/include/polku/": "api",
    "sim/src/": "api",
    "sim/src/scenario/": "core",
    "sim/src/plugin_host/": "core",
    "sim/src/engine/": "core",
    "sim/src/results/": "results",
    "output/": "output",
    "sim/src/cli/": "app",
    "sim/src/calibration/": "app",
    "sim/src/serve/": "app",
    "sim/app/": "app",
    "plugins/": "plugins",
    "bench/": "bench",
}
# What the folders that are no layer of their own may include.
ALLOWED_FOR = {"plugins": {"api"}, "bench": {"api", "core"}}
# Not checked: tests may include anything, and the build tree is generated.
SKIPPED = re.compile(r"(^|/)(tests|build)(/|$)")

# The first folder of an include path and the layer that owns it.
OWNERS = {
    "polku": "api",
    "scenario": "core",
    "plugin_host": "core",
    "engine": "core",
    "results": "results",
    "output": "output",
    "cli": "app",
    "calibration": "app",
    "serve": "app",
}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')
SOURCE_SUFFIXES = (".hpp", ".h", ".cpp", ".cc", ".ipp")


def layer_of_file(relative):
    best = None
    for prefix, layer in FOLDERS.items():
        if relative.startswith(prefix) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, layer)
    return best[1] if best else None


def allowed(layer):
    if layer in ALLOWED_FOR:
        return ALLOWED_FOR[layer]
    return set(LAYERS[: LAYERS.index(layer) + 1])


def check(root):
    problems = []
    counts = {}
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in sorted(files):
            if not name.endswith(SOURCE_SUFFIXES):
                continue
            path = os.path.join(directory, name)
            relative = os.path.relpath(path, root).replace(os.sep, "/")
            if SKIPPED.search(os.path.dirname(relative)):
                continue
            layer = layer_of_file(relative)
            if layer is None:
                continue
            counts[layer] = counts.get(layer, 0) + 1
            with open(path, encoding="utf-8", errors="replace") as f:
                for number, line in enumerate(f, 1):
                    match = INCLUDE.match(line)
                    if not match:
                        continue
                    quote, header = match.groups()
                    owner = OWNERS.get(header.split("/")[0]) if "/" in header else None
                    if owner is None:
                        if quote == "<" or os.path.exists(os.path.join(directory, header)):
                            continue  # a system header, or one next to the file
                        problems.append(f"{relative}:{number}: includes \"{header}\", a header "
                                        "that no layer owns (see OWNERS in this script)")
                    elif owner not in allowed(layer):
                        what = ("a higher layer" if layer in LAYERS
                                else f"a layer {layer}/ may not use")
                        problems.append(f"{relative}:{number}: {layer} includes \"{header}\" of "
                                        f"{owner}, {what} (order: {' -> '.join(LAYERS)})")
    return problems, counts


def main(argv):
    if len(argv) == 2 and argv[1] == "--self-test":
        return self_test()
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    problems, counts = check(argv[1])
    # A scan that finds no file of some layer has been pointed at the wrong folder or outlived a
    # move: say so rather than pass.
    missing = [layer for layer in LAYERS if counts.get(layer, 0) == 0]
    for layer in missing:
        problems.append(f"no source file of layer {layer} found under {argv[1]}")
    for p in problems:
        print(p)
    if problems:
        return 1
    print("layers one way: " + ", ".join(f"{layer} {counts[layer]} files" for layer in LAYERS))
    return 0


def self_test():
    tree = {
        "sim/include/polku/plugin.hpp": "#include <vector>\n",
        "sim/src/calendar.cpp": '#include "polku/plugin.hpp"\n',
        "sim/src/engine/runner.hpp": '#include "polku/plugin.hpp"\n#include "scenario/load.hpp"\n',
        "sim/src/results/statistics.hpp": '#include "engine/runner.hpp"\n',
        "output/csv.cpp": '#include "results/statistics.hpp"\n#include <output/csv.hpp>\n',
        "sim/src/cli/cli.cpp": '#include "output/csv.hpp"\n#include "engine/runner.hpp"\n',
        "plugins/inflow/inflow.cpp": '#include "polku/plugin.hpp"\n#include "rules.hpp"\n',
        "plugins/inflow/rules.hpp": "",
        "plugins/inflow/tests/inflow_test.cpp": '#include "cli/cli.hpp"\n',
        "bench/bench.cpp": '#include "engine/runner.hpp"\n',
    }
    bad = {
        "sim/src/engine/replication.hpp": '#include "results/run_report.hpp"\n',
        "output/html.cpp": "#include <cli/cli.hpp>\n",
        "sim/src/results/x.cpp": '#include "somewhere/else.hpp"\n',
        "plugins/inflow/more.cpp": '#include "engine/runner.hpp"\n',
        "bench/more.cpp": '#include "output/csv.hpp"\n',
    }

    def run(files):
        with tempfile.TemporaryDirectory() as root:
            for relative, text in files.items():
                path = os.path.join(root, relative)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
            return check(root)[0]

    failures = []
    if run(tree):
        failures.append(f"a tree that goes one way was refused: {run(tree)}")
    for relative, text in bad.items():
        found = run({**tree, relative: text})
        if len(found) != 1 or not found[0].startswith(relative + ":1:"):
            failures.append(f"{relative} ({text.strip()}) not caught alone: {found}")
    for f in failures:
        print("self-test: " + f)
    if not failures:
        print(f"self-test: one tree passed, {len(bad)} upward or unknown includes caught")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
