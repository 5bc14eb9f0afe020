#!/usr/bin/env bash
# Install Debian packages the tests or benchmarks need, if missing: ensure-packages.sh CMD:PKG...
# e.g. ensure-packages.sh chromium:chromium chromedriver:chromium-driver
# A CMD that names a shared library (libfoo.so.0) is looked for with ldconfig instead.
set -euo pipefail
missing=()
for pair in "$@"; do
  wanted="${pair%%:*}"
  if [[ "$wanted" == *.so* ]]; then
    ldconfig -p | grep -qF "$wanted " || missing+=("${pair#*:}")
  else
    command -v "$wanted" >/dev/null 2>&1 || missing+=("${pair#*:}")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing from Debian's packages: ${missing[*]}" >&2
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
