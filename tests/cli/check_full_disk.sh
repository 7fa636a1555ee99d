#!/usr/bin/env bash
# A full disk gets a message naming the file and the system's reason, exit code 2, and leaves no
# partial output. Needs a small tmpfs, so it runs as root (as CI does) and is skipped otherwise.
# Usage: check_full_disk.sh POLKU SCENARIO WORK_DIR
set -u
polku=$1 scenario=$2 work=$3
[ "$(id -u)" -eq 0 ] || { echo "skipped: mounting a small tmpfs needs root"; exit 77; }
mkdir -p "$work/disk"
failures=0 full=0
trap 'umount "$work/disk" 2>/dev/null' EXIT
# Sizes at which the CSV files, the workbook, the report and the database each run out of space.
for size in 100k 300k 400k 500k 700k; do
  if ! mount -t tmpfs -o size=$size tmpfs "$work/disk" 2>/dev/null; then
    echo "skipped: cannot mount a tmpfs here"; exit 77
  fi
  err=$("$polku" run "$scenario" --out "$work/disk/out" --quiet 2>&1 >/dev/null)
  code=$?
  left=$(ls -A "$work/disk")
  if [ $code -eq 0 ] && [ "$left" = out ]; then
    echo "ok at $size: the outputs fit"
  elif [ $code -ne 2 ] || ! grep -Eq "No space left on device|disk is full" <<<"$err" ||
     ! grep -q "$work/disk/out" <<<"$err" || [ -n "$left" ]; then
    echo "FAIL at $size: exit $code, left: [$left], message: $err"; failures=$((failures + 1))
  else
    echo "ok at $size: $(grep 'polku: error' <<<"$err")"; full=$((full + 1))
  fi
  umount "$work/disk"
done
[ $full -ge 2 ] || { echo "FAIL: the disk was full at only $full sizes"; failures=$((failures + 1)); }
exit $failures
