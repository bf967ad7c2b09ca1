#!/bin/sh
# Rebuild kg/view/static/vendor/sigma-graphology.min.js: sigma.js (WebGL graph renderer) and
# graphology (its graph model), bundled by esbuild into one minified IIFE that defines
# window.KgSigma = { Sigma, Graph }. Versions are pinned, so the output is reproducible.
# Needs node and npm (and network access to the npm registry) once; the result is
# committed, so nothing is downloaded when kg runs.
#
#   sh tools/build_sigma.sh [scratch-dir]     (default /tmp/sigma-build)
set -eu

SIGMA=3.0.3
GRAPHOLOGY=0.26.0
ESBUILD=0.28.2

here=$(cd "$(dirname "$0")/.." && pwd)
out="$here/kg/view/static/vendor"
scratch=${1:-/tmp/sigma-build}
mkdir -p "$scratch" "$out"
cd "$scratch"
[ -f package.json ] || echo '{"private": true}' > package.json
npm install --no-audit --no-fund --save-exact \
    "sigma@$SIGMA" "graphology@$GRAPHOLOGY" "esbuild@$ESBUILD"

cat > entry.js <<'JS'
import Graph from "graphology";
import Sigma from "sigma";
window.KgSigma = { Sigma: Sigma, Graph: Graph };
JS

{
    echo "/*! sigma $SIGMA and graphology $GRAPHOLOGY (with events, graphology-utils), bundled for kg"
    echo " * by tools/build_sigma.sh. MIT licences: see LICENSES in this directory. */"
    node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --target=es2019 \
        --legal-comments=none --log-level=warning
} > "$out/sigma-graphology.min.js"

{
    for pkg in sigma graphology graphology-utils events; do
        version=$(node -p "require('./node_modules/$pkg/package.json').version")
        echo "==== $pkg $version ===="
        cat "node_modules/$pkg/LICENSE"* 2>/dev/null || cat "node_modules/$pkg/License"*
        echo
    done
} > "$out/LICENSES"
echo "wrote $out/sigma-graphology.min.js ($(wc -c < "$out/sigma-graphology.min.js") bytes)"
