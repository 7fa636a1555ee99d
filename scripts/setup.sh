#!/usr/bin/env bash
# Installs the Debian packages, configures and builds Polku (Release) into build/.
# POLKU_WERROR=ON in the environment makes compiler warnings errors (the CI sets it).
#
# The build is profile-guided (POLKU_PROFILE in cmake/PolkuCompileOptions.cmake): the first time,
# an instrumented build of the model and its plugins (build/profile-training) runs the national
# scenario for two years on one thread, and the profile it writes (build/profile) guides the
# build in build/. Results are the same as without it; docs/performance.md gives the gain.
# Delete build/profile to train again after large changes; POLKU_PROFILE=off builds without.
set -euo pipefail
cd "$(dirname "$0")/.."
profile_mode=${POLKU_PROFILE:-use}
# `generate` is the training tree's alone: build/ instrumented would leave build/profile looking
# trained.
if [[ $profile_mode != use && $profile_mode != off ]]; then
  echo "setup.sh: POLKU_PROFILE must be 'use' (the default) or 'off', not '$profile_mode'" >&2
  exit 2
fi
bash scripts/install-deps.sh
werror=${POLKU_WERROR:+"-DPOLKU_WERROR=$POLKU_WERROR"}
profile="$PWD/build/profile"
if [[ $profile_mode == use && ! -d $profile ]]; then
  training=build/profile-training
  rm -rf "$profile.partial"
  cmake -S . -B "$training" -DCMAKE_BUILD_TYPE=Release $werror -DPOLKU_PROFILE=generate \
    -DPOLKU_PROFILE_DIR="$profile.partial" >/dev/null
  cmake --build "$training" -j "$(nproc)" --target polku_bench polku_plugins
  POLKU_CACHE_DIR=off "$training/bench/polku_bench" --scenario scenarios/finland-2025.yaml \
    --years 2 --threads 1 >/dev/null
  mv "$profile.partial" "$profile"  # only a finished training counts
fi
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release $werror -DPOLKU_PROFILE="$profile_mode" \
  -DPOLKU_PROFILE_DIR="$profile" >/dev/null
cmake --build build -j "$(nproc)"
