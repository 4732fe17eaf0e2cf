#!/usr/bin/env bash
# System packages the test suite needs (npm cannot ship them):
#   chromium            real browser for the HTML report tests (playwright-core drives it)
#   fonts-wqy-microhei  a CJK font, so Chinese renders in Chromium and in the PNG charts
#   libxml2-utils       xmllint, to validate the JUnit XML against the JUnit XSD
# Installs them when missing and this user may (root); otherwise says what to run.
set -u
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "chatproof: the tests need ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "chatproof: installing ${missing[*]} (apt-get)" >&2
{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >/dev/null \
  || { echo "chatproof: apt-get install ${missing[*]} failed" >&2; exit 1; }
