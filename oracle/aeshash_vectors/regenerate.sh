#!/bin/sh
# Regenerates mapcore/tests/data/aeshash_vectors.txt from the real Go 1.19
# runtime (see main.go). Offline: uses only the local Go toolchain.
# Usage: oracle/aeshash_vectors/regenerate.sh  (from anywhere)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
out="$here/../../mapcore/tests/data/aeshash_vectors.txt"
go="${GO:-/usr/lib/go-1.19/bin/go}"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$here"
# GOFLAGS is cleared so a caller's -mod/-tags cannot change the build;
# GODEBUG is cleared because cpu.aes=off would disable the AES hash.
export GOCACHE="${GOCACHE:-/tmp/gocache}" GOPATH="${GOPATH:-/tmp/gopath}" \
  GOPROXY=off GOSUMDB=off GOFLAGS= GOTOOLCHAIN=local GODEBUG=
nice "$go" build -o "$tmp/aeshashvectors" .
"$tmp/aeshashvectors" >"$tmp/a.txt"
# A second run must agree byte for byte: Go's own key schedule is random per
# process, so any leak of it into the output would show up here.
"$tmp/aeshashvectors" >"$tmp/b.txt"
cmp "$tmp/a.txt" "$tmp/b.txt"

mkdir -p "$(dirname "$out")"
mv "$tmp/a.txt" "$out"
echo "wrote $(grep -vc '^#' "$out") vectors to $out"
