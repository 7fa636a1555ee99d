#!/usr/bin/env bash
# Installs the Debian packages Polku builds and tests with (design brief, "Dependencies").
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libboost-program-options-dev libboost-serialization-dev libboost-filesystem-dev
  libtbb-dev libyaml-cpp-dev catch2 librandom123-dev
  libsqlite3-dev libxlsxwriter-dev nlohmann-json3-dev libnlopt-cxx-dev zlib1g-dev libssl-dev
  libboost-mpi-dev libopenmpi-dev openmpi-bin
  python3-openpyxl chromium chromium-driver python3-selenium libcpp-httplib-dev
  clang-14 libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
