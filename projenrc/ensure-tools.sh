#!/usr/bin/env bash
# `npx projen test:tools`: makes sure the external tools the test suite needs are installed.
#   promtool (`promtool check rules` / `promtool test rules`), from Debian's `prometheus` package.
# Installs it with apt-get when it is missing and we are root; otherwise says what to run.
set -euo pipefail

if command -v "${PROMTOOL:-promtool}" >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test:tools: installing promtool (Debian package prometheus)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  command -v promtool >/dev/null
  exit 0
fi
echo "test:tools: promtool is missing. Install it (Debian/Ubuntu: sudo apt-get install -y --no-install-recommends prometheus)," >&2
echo "or point the PROMTOOL environment variable at a promtool binary." >&2
exit 1
