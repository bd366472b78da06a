#!/usr/bin/env bash
# Installs the system libraries WeasyPrint needs (Pango, HarfBuzz, fontconfig) when
# they are missing. Called by `make build` and `make test`, and by the pipelines
# (.gitlab-ci.yml, .github/workflows/); does nothing when all is there.
# Finds the libraries with ldconfig where there is one (Debian, Ubuntu), else in the
# usual folders (macOS with Homebrew, or a Linux without ldconfig on its PATH).
# On Debian and Ubuntu it installs what is missing with apt-get; elsewhere it says how.
set -euo pipefail
libs=(pango-1.0 pangoft2-1.0 harfbuzz-subset fontconfig)
system="$(uname -s)"

cache=""
if [ "$system" != Darwin ] && command -v ldconfig >/dev/null 2>&1; then
  cache="$(ldconfig -p 2>/dev/null || true)"  # read once: grep -q on a pipe would end ldconfig early
fi

folders() {  # where a library may be, one folder a line
  local IFS=:
  for dir in ${DYLD_FALLBACK_LIBRARY_PATH:-} ${LD_LIBRARY_PATH:-}; do [ -n "$dir" ] && echo "$dir"; done
  if [ "$system" = Darwin ]; then
    command -v brew >/dev/null 2>&1 && echo "$(brew --prefix)/lib"
    echo /opt/homebrew/lib
    echo /usr/local/lib
  else
    echo /usr/local/lib
    echo /usr/lib
    echo /usr/lib64
    echo /lib
    for dir in /usr/lib/*-linux-gnu /lib/*-linux-gnu; do [ -d "$dir" ] && echo "$dir"; done
  fi
  return 0
}

have() {  # have pango-1.0: libpango-1.0.so.0 (Linux) or libpango-1.0.0.dylib (macOS) is there
  local name="$1" dir file
  if [ -n "$cache" ] && grep -q "lib$name\.so" <<<"$cache"; then
    return 0
  fi
  while IFS= read -r dir; do
    for file in "$dir/lib$name".so* "$dir/lib$name".*dylib; do
      [ -e "$file" ] && return 0
    done
  done < <(folders)
  return 1
}

missing=()
for lib in "${libs[@]}"; do
  have "$lib" || missing+=("lib$lib")
done
[ ${#missing[@]} -eq 0 ] && exit 0

packages="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libfontconfig1"
if [ "$system" = Darwin ]; then
  echo "Voor de PDF's ontbreken systeembibliotheken: ${missing[*]}." >&2
  echo "Installeer ze met Homebrew (https://brew.sh): brew install pango" >&2
  echo "Vindt regiekaart ze daarna nog niet, zet dan: export DYLD_FALLBACK_LIBRARY_PATH=\"\$(brew --prefix)/lib\"" >&2
  exit 1
elif command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
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
