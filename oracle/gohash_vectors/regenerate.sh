#!/bin/sh
# Regenerates mapcore/tests/data/gohash_vectors.txt from the real Go 1.19
# runtime's fallback hash (see main.go). Offline: uses only the local Go
# toolchain. Usage: oracle/gohash_vectors/regenerate.sh  (from anywhere)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out="$here/../../mapcore/tests/data/gohash_vectors.txt"
go="${GO:-/usr/lib/go-1.19/bin/go}"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$here"
# GOFLAGS is cleared so a caller's -mod/-tags cannot change the build.
export GOCACHE="${GOCACHE:-/tmp/gocache}" GOPATH="${GOPATH:-/tmp/gopath}" \
  GOPROXY=off GOSUMDB=off GOFLAGS= GOTOOLCHAIN=local GOENV=off CGO_ENABLED=0
nice "$go" build -o "$tmp/gohashvectors" .
# cpu.aes=off must be in the environment at exec: the runtime reads it
# before main.
GODEBUG=cpu.aes=off "$tmp/gohashvectors" >"$tmp/a.txt"
# A second run must agree byte for byte: Go's own hashkey and fastrand are
# random per process, so any leak of them into the output shows up here.
GODEBUG=cpu.aes=off "$tmp/gohashvectors" >"$tmp/b.txt"
cmp "$tmp/a.txt" "$tmp/b.txt"

mkdir -p "$(dirname "$out")"
mv "$tmp/a.txt" "$out"
echo "wrote $(grep -vc '^#' "$out") vectors to $out"
