#!/bin/sh
# Bundle the guard benchmark and the CLI with esbuild, then run it. Extra
# arguments go to bench.ts (e.g. --notebooks DIR --rounds 3).
set -e
cd "$(dirname "$0")/../.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
npx esbuild bench/guard/bench.ts --bundle --platform=node --target=node18 --log-level=warning --outfile="$out/bench.js"
npx esbuild src/server/main.ts --bundle --platform=node --target=node18 --log-level=warning --outfile="$out/dual-layout.js"
node "$out/bench.js" --helper "$out/dual-layout.js" "$@"
