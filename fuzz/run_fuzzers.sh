#!/usr/bin/env bash
# Builds the libFuzzer targets with clang into a build directory of their own and runs each for a
# bounded time, on a corpus seeded from the repository's scenarios and a freshly written checkpoint.
#
# usage: fuzz/run_fuzzers.sh [SECONDS_PER_TARGET [TARGET...]]
#   SECONDS_PER_TARGET  default 60 (or $POLKU_FUZZ_SECONDS)
#   TARGET              scenario, set_override, checkpoint (default: all three)
# Environment: POLKU_FUZZ_BUILD_DIR, the build directory (default build-fuzz/ in the repository).
# The corpus each target grows is kept in BUILD/corpus/TARGET and reused by the next run.
# Exit 0 when nothing was found; 1 on a finding (crash, leak, undefined behaviour, runaway
# allocation, timeout), with the reproducer in BUILD/findings/TARGET/ and the log in
# BUILD/logs/TARGET.log; 77 (CTest skip) when clang or its libFuzzer runtime is not installed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-${POLKU_FUZZ_SECONDS:-60}}
(($# > 0)) && shift
targets=("$@")
((${#targets[@]})) || targets=(scenario set_override checkpoint)
build=${POLKU_FUZZ_BUILD_DIR:-$root/build-fuzz}

cxx=$(command -v clang++-14 || command -v clang++ || true)
if [ -z "$cxx" ]; then
  echo "SKIP: clang++ is not installed (scripts/install-deps.sh installs clang-14)"
  exit 77
fi
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' \
  > "$probe/probe.cpp"
if ! "$cxx" -fsanitize=fuzzer,address,undefined "$probe/probe.cpp" -o "$probe/probe" 2>/dev/null
then
  echo "SKIP: $cxx cannot link a libFuzzer target (libclang-rt-14-dev is missing)"
  exit 77
fi

# -O1 -g without NDEBUG: readable reports, and assertions stay on.
cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DPOLKU_BUILD_FUZZERS=ON \
  -DPOLKU_BUILD_TESTS=OFF -DPOLKU_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j 2 --target polku_fuzzers

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

# Seeds, rebuilt from the repository every time.
seeds=$build/seeds
rm -rf "$seeds"
mkdir -p "$seeds/scenario" "$seeds/set_override" "$seeds/checkpoint" "$build/logs"
for file in "$root"/scenarios/*.yaml "$root"/tests/scenarios/*.yaml; do
  name=${file#"$root"/}
  name=${name//\//-}
  cp "$file" "$seeds/scenario/$name"
  # The file with its extends chain merged in: a whole scenario that reaches every module's
  # parameters. The national ones are left out: at some 70 kB they slow the fuzzer down.
  case $name in scenarios-finland-*) continue ;; esac
  "$build/fuzz/flatten_scenario" "$file" > "$seeds/scenario/flat-$name" ||
    rm -f "$seeds/scenario/flat-$name"
done
cp "$root"/fuzz/seeds/set_override/* "$seeds/set_override/"
"$build/polku" run "$root/tests/scenarios/tiny.yaml" --replications 1 \
  --checkpoint-at 2025-06-30 --checkpoint "$seeds/checkpoint/tiny.ckpt" \
  --out "$build/checkpoint-seed-run" --quiet
# The same checkpoint's payload after a 'P', which the target wraps in a header that fits, so
# mutations reach the decoding behind the checksum.
{ printf 'P'; tail -c +33 "$seeds/checkpoint/tiny.ckpt"; } > "$seeds/checkpoint/tiny.payload"

status=0
for target in "${targets[@]}"; do
  corpus=$build/corpus/$target findings=$build/findings/$target log=$build/logs/$target.log
  mkdir -p "$corpus" "$findings"
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=512
           -print_final_stats=1 -artifact_prefix="$findings/")
  [ "$target" = checkpoint ] || options+=(-dict="$root/fuzz/yaml.dict")
  echo "fuzz_$target: ${seconds} s"
  if "$build/fuzz/fuzz_$target" "${options[@]}" "$corpus" "$seeds/$target" > "$log" 2>&1; then
    grep -E '^(Done|stat::number_of_executed_units|stat::new_units_added)' "$log" | sed 's/^/  /'
  else
    echo "FINDING in fuzz_$target (reproducer in $findings/):"
    grep -E -A 30 'ERROR|runtime error|deadly signal|timeout after|out-of-memory|uncaught' "$log" |
      head -60 | sed 's/^/  /'
    status=1
  fi
done
exit $status
