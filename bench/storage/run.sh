#!/bin/sh
# Bundle the listing benchmark with esbuild and run it; arguments go to bench.ts.
set -e
cd "$(dirname "$0")/../.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
npx esbuild bench/storage/bench.ts --bundle --platform=node --target=node18 --log-level=warning --outfile="$out/bench.js"
node "$out/bench.js" "$@"
