#!/bin/sh
# Regenerates mapcore/tests/data/gohash_vectors.txt (-hash fallback) and
# aeshash_vectors.txt (-hash aes) from the real Go 1.19 runtime (see
# main.go). Offline: uses only the local Go toolchain.
# Usage: oracle/hash_vectors/regenerate.sh [fallback|aes]  (from anywhere;
# both when no hash is named)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
data="$here/../../mapcore/tests/data"
go="${GO:-/usr/lib/go-1.19/bin/go}"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$here"
# GOFLAGS is cleared so a caller's -mod/-tags cannot change the build, and
# GODEBUG so that cpu.aes=off cannot disable the AES hash (-hash fallback
# turns the AES hash off itself, re-executing with GODEBUG=cpu.aes=off).
export GOCACHE="${GOCACHE:-/tmp/gocache}" GOPATH="${GOPATH:-/tmp/gopath}" \
  GOPROXY=off GOSUMDB=off GOFLAGS= GOTOOLCHAIN=local GOENV=off CGO_ENABLED=0 \
  GODEBUG=
nice "$go" build -o "$tmp/hashvectors" .

record() {
  "$tmp/hashvectors" -hash "$1" >"$tmp/a.txt"
  # A second run must agree byte for byte: Go's own secrets are random per
  # process, so any leak of them into the output shows up here.
  "$tmp/hashvectors" -hash "$1" >"$tmp/b.txt"
  cmp "$tmp/a.txt" "$tmp/b.txt"
  mkdir -p "$data"
  mv "$tmp/a.txt" "$data/$2"
  echo "wrote $(grep -vc '^#' "$data/$2") vectors to $data/$2"
}

case "${1:-both}" in
  fallback) record fallback gohash_vectors.txt ;;
  aes) record aes aeshash_vectors.txt ;;
  both)
    record fallback gohash_vectors.txt
    record aes aeshash_vectors.txt
    ;;
  *) echo "usage: $0 [fallback|aes]" >&2; exit 2 ;;
esac
