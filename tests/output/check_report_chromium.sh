#!/usr/bin/env bash
# Renders report.html of a run and of a comparison in headless Chromium: the SVG charts must be in
# the rendered DOM, and screenshots are kept for people to look at.
# usage: check_report_chromium.sh POLKU SCENARIO_DIR WORK_DIR
# Exit 0 on success, 1 on a failed check, 77 (CTest skip) without Chromium.
set -euo pipefail
polku=$1 scenarios=$2 work=$3
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "SKIP: chromium is not installed (scripts/install-deps.sh installs it)"
  exit 77
fi
rm -rf "$work" && mkdir -p "$work"
"$polku" run "$scenarios/tiny.yaml" --out "$work/run" --quiet
"$polku" compare "$scenarios/tiny.yaml" "$scenarios/tiny-variant.yaml" --out "$work/cmp" --quiet --lang en

render() {  # render NAME HTML: DOM into NAME.dom, screenshot into NAME.png
  local profile
  profile=$(mktemp -d "$work/profile.XXXXXX")
  local flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
               --disable-background-networking --disable-component-update --disable-sync
               --user-data-dir="$profile")
  timeout 60 "$chromium" "${flags[@]}" --dump-dom "file://$2" > "$work/$1.dom" 2> "$work/$1.log"
  timeout 60 "$chromium" "${flags[@]}" --screenshot="$work/$1.png" --window-size=1400,2000 \
    "file://$2" >> "$work/$1.log" 2>&1
  rm -rf "$profile"
}
fail=0
expect() {  # expect NAME MIN PATTERN: at least MIN matches of PATTERN in the rendered DOM
  local n
  n=$(grep -o "$3" "$work/$1.dom" | wc -l)
  if [ "$n" -lt "$2" ]; then
    echo "FAIL: $1: $n matches of '$3', expected at least $2"
    fail=1
  else
    echo "ok: $1: $n × '$3'"
  fi
}
render run "$work/run/report.html"
render cmp "$work/cmp/report.html"
# Charted: the indicators not zero throughout for the whole region (those are listed instead).
indicators=$(awk -F, 'NR > 1 && $3 == "total" && ($5 + 0 != 0 || $6 + 0 != 0 || $8 + 0 != 0) {
  print $4 }' "$work/run/summary.csv" | sort -u | wc -l)
expect run "$indicators" '<svg '
expect run "$indicators" 'class="band"'
expect run "$indicators" 'class="mean"'
expect run 1 'Työnhakijat'
expect run 1 'id="headline"'
expect run 1 'id="caveats"'
expect cmp $((2 * indicators)) '<svg '
expect cmp 1 'Job-seekers: Difference'
expect cmp 1 'class="zero"'
expect cmp 1 'table class="headline"'
for shot in run cmp; do
  if [ ! -s "$work/$shot.png" ] || [ "$(stat -c %s "$work/$shot.png")" -lt 20000 ]; then
    echo "FAIL: no usable screenshot $work/$shot.png"
    fail=1
  else
    echo "screenshot: $work/$shot.png"
  fi
done
exit "$fail"
