#!/usr/bin/env bash
# Installs the system libraries WeasyPrint needs (Pango, HarfBuzz, fontconfig) when
# they are missing. Called by `make build` and `make test`; does nothing when all is there.
set -euo pipefail
missing=()
for lib in libpango-1.0.so.0 libpangoft2-1.0.so.0 libharfbuzz-subset.so.0 libfontconfig.so.1; do
  ldconfig -p | grep -q "$lib" || missing+=("$lib")
done
[ ${#missing[@]} -eq 0 ] && exit 0
packages="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libfontconfig1"
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "Systeembibliotheken voor de PDF's installeren: $packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends $packages >/dev/null
elif command -v apt-get >/dev/null && command -v sudo >/dev/null; then
  echo "Systeembibliotheken voor de PDF's installeren (sudo): $packages"
  sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends $packages >/dev/null
else
  echo "Voor de PDF's ontbreken systeembibliotheken: ${missing[*]}." >&2
  echo "Installeer Pango en HarfBuzz (Debian/Ubuntu: $packages), zie https://doc.courtbouillon.org/weasyprint/stable/first_steps.html" >&2
  exit 1
fi
