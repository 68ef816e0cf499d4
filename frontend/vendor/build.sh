#!/usr/bin/env bash
# Rebuilds src/daihoi/voting/static/voting/vendor/noble.js from the pinned packages of package-lock.json.
# Run from anywhere; it works in a scratch copy so no node_modules lands in the repository.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../src/daihoi/voting/static/voting/vendor/noble.js"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$here/noble-entry.js" "$scratch/"
cd "$scratch"
npm ci --no-audit --no-fund --silent
version() { node -p "require('./node_modules/$1/package.json').version"; }
{
  echo "/*! daihoi vendored bundle, built by frontend/vendor/build.sh with esbuild $(version esbuild) (MIT)."
  echo " * @noble/curves $(version @noble/curves) - MIT License (c) 2022 Paul Miller (paulmillr.com)"
  echo " * @noble/hashes $(version @noble/hashes) - MIT License (c) 2022 Paul Miller (paulmillr.com)"
  echo " * Exports: Point (ed25519 extended point; Point.Fn = scalars mod L), sha512, sha256,"
  echo " * bytesToHex, hexToBytes, concatBytes, utf8ToBytes, bytesToNumberLE, numberToBytesLE. */"
  npx esbuild noble-entry.js --bundle --format=esm --minify --target=es2020 --legal-comments=none --log-level=warning
} > "$out"
# The pages' Content-Security-Policy has no 'unsafe-eval': the bundle must not need it.
if grep -Eq 'eval\(|new Function|Function\(' "$out"; then echo "eval or Function() in $out" >&2; exit 1; fi
echo "wrote $out ($(wc -c < "$out") bytes)"
