#!/usr/bin/env bash
# Installs the Debian packages, configures and builds Polku (Release) into build/.
# POLKU_WERROR=ON in the environment makes compiler warnings errors (the CI sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release ${POLKU_WERROR:+"-DPOLKU_WERROR=$POLKU_WERROR"} >/dev/null
cmake --build build -j "$(nproc)"
