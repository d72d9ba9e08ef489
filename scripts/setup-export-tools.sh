#!/usr/bin/env bash
# Install the non-Python consumer tools the export tests check our files with
# (the Python ones are in requirements/export-test.txt, installed by the Makefile):
#   - rapper (Debian raptor2-utils) and chromium (the HTML view tests, driven by Playwright),
#     via apt-get when missing (needs root; otherwise a warning);
#   - graphology-graphml / graphology-gexf (the parsers behind Gephi Lite): `npm ci` in tests/js.
# Every step is skipped when already done, and a missing tool only makes its tests skip.
# Usage: bash scripts/setup-export-tools.sh   (always exits 0)
set -u
cd "$(dirname "$0")/.."

missing=()
command -v rapper >/dev/null 2>&1 || missing+=(raptor2-utils)
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null) \
      || echo "setup-export-tools: WARNING: apt-get install ${missing[*]} failed; their tests will skip" >&2
  else
    echo "setup-export-tools: WARNING: ${missing[*]} missing and not root (apt-get install them); their tests will skip" >&2
  fi
fi

if command -v npm >/dev/null 2>&1; then
  if [ ! -d tests/js/node_modules ] || [ tests/js/package-lock.json -nt tests/js/node_modules ]; then
    (cd tests/js && npm ci --silent --no-audit --no-fund && touch node_modules) \
      || echo "setup-export-tools: WARNING: npm ci in tests/js failed; graphology tests will skip" >&2
  fi
else
  echo "setup-export-tools: WARNING: npm missing; graphology tests will skip" >&2
fi
exit 0
