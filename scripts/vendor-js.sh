#!/usr/bin/env bash
# Refresh ioggraph/export/vendor/ from npm (the dist builds the HTML view inlines) and check their sha256.
# Usage: bash scripts/vendor-js.sh   (needs npm and access to the npm registry)
set -euo pipefail
cd "$(dirname "$0")/.."
dest=ioggraph/export/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent graphology@0.26.0 sigma@3.0.2 >/dev/null)
tar xzf "$tmp/graphology-0.26.0.tgz" -C "$tmp" package/dist/graphology.umd.min.js package/LICENSE.txt
cp "$tmp/package/dist/graphology.umd.min.js" "$dest/" && cp "$tmp/package/LICENSE.txt" "$dest/LICENSE-graphology.txt"
rm -rf "$tmp/package"
tar xzf "$tmp/sigma-3.0.2.tgz" -C "$tmp" package/dist/sigma.min.js package/LICENSE.txt
cp "$tmp/package/dist/sigma.min.js" "$dest/" && cp "$tmp/package/LICENSE.txt" "$dest/LICENSE-sigma.txt"
(cd "$dest" && sha256sum -c - <<'SUMS'
dc337efa23903f61e064c8e7e7f93a429e6855dccfc2458802b4ed30c621c087  graphology.umd.min.js
be6f790da9c1856765b1c430de3b1aac50433223361870edb3097a9868218a88  sigma.min.js
SUMS
)
