#!/usr/bin/env bash
# Installs what the browser and HTML tests need when it is missing: Debian's
# chromium-headless-shell (Chromium's engine without its window: Playwright drives it and
# never downloads a browser of its own; it costs a third less CPU than the whole browser), Java for the Nu Html
# Checker, and the npm packages axe-core and vnu-jar (package-lock.json). Called by
# `make test`; does nothing when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=()
[ -x /usr/bin/chromium-headless-shell ] || packages+=(chromium-headless-shell)
command -v java >/dev/null || packages+=(default-jre-headless)
command -v npm >/dev/null || packages+=(npm)
if [ ${#packages[@]} -gt 0 ]; then
  echo "Voor de browsertests installeren: ${packages[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" fonts-dejavu-core >/dev/null
fi
if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "npm-pakketten voor de tests installeren (axe-core, vnu-jar)"
  # --ignore-scripts: vnu-jar's install script would fetch a Java runtime; the system's Java is used instead
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi
