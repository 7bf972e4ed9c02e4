#!/bin/sh
# Installs the graph libraries pinned in package.json with npm and copies their dist files into the
# jar's resources (under target/, never committed). Without npm the build goes on: the page then
# shows the node table without the graph and says why (it finds no vendor/cytoscape.min.js).
set -eu
target="$1"
here="$(cd "$(dirname "$0")" && pwd)"
work="$target/npm"
vendor="$target/classes/dev/valence/dashboard/static/vendor"

if ! command -v npm >/dev/null 2>&1; then
  echo "[dashboard] npm not found: building without the graph libraries (the page shows the node table only)"
  exit 0
fi
if [ -f "$vendor/cytoscape.min.js" ] && [ -f "$vendor/.from" ] && cmp -s "$here/package.json" "$vendor/.from"; then
  echo "[dashboard] graph libraries already in place"
  exit 0
fi
mkdir -p "$work" "$vendor"
cp "$here/package.json" "$work/package.json"
# No lock file: the versions are exact in package.json, and a lock file would record registry URLs.
# --prefer-offline: a clean build takes the packages from npm's cache when it has them.
if ! (cd "$work" && npm install --no-package-lock --prefer-offline --no-audit --no-fund --ignore-scripts --loglevel=error); then
  echo "[dashboard] npm install failed (offline?): building without the graph libraries"
  exit 0
fi
modules="$work/node_modules"
cp "$modules/cytoscape/dist/cytoscape.min.js" "$vendor/"
cp "$modules/elkjs/lib/elk.bundled.js" "$vendor/"
cp "$modules/cytoscape-elk/dist/cytoscape-elk.js" "$vendor/"
for license in cytoscape elkjs cytoscape-elk; do
  for name in LICENSE LICENSE.md; do
    if [ -f "$modules/$license/$name" ]; then cp "$modules/$license/$name" "$vendor/$license.LICENSE"; fi
  done
done
cp "$here/package.json" "$vendor/.from"
echo "[dashboard] graph libraries copied: cytoscape, elkjs, cytoscape-elk"
