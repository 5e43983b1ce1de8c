#!/usr/bin/env bash
# Runs every row of docs/bad-inputs.md and checks that the command gives the
# exit status and the message the row says, within its time, under 2 GB of
# peak memory. The table is the documentation; this keeps it true.
#
#   check_bad_inputs.sh BUILD_DIR docs/bad-inputs.md [TIME_FACTOR]
#
# Commands run from BUILD_DIR, `gomapfuzz` being BUILD_DIR/tools/gomapfuzz;
# `$F/...` names the fixtures made below. TIME_FACTOR scales every row's
# time limit (sanitizer builds run slower).
set -uo pipefail
BUILD=$(cd "$1" && pwd)
DOC=$2
FACTOR=${3:-1}
MAX_RSS_KB=$((2 * 1024 * 1024))

F=$(mktemp -d)
trap 'rm -rf "$F"' EXIT
{ echo "gomapfuzz-trace 1"; seq 20000 | sed 's/.*/put & &/'; } >"$F/put20000.txt"
{ echo "gomapfuzz-trace 1"; echo "types uint64 bytes128"; for _ in $(seq 20); do echo "make 16777216"; done; } >"$F/make20_big.txt"
{ echo "gomapfuzz-trace 1"; for _ in $(seq 20); do echo "make 16777216"; done; } >"$F/make20.txt"
{ echo "gomapfuzz-trace 1"; for _ in $(seq 20000); do echo "make 100000"; done; } >"$F/make20000.txt"
{ echo "gomapfuzz-trace 1"; printf 'put '; head -c 1048576 /dev/zero | tr '\0' x; echo " 1"; } >"$F/token1mb.txt"
printf 'gomapfuzz-trace 1\nfrob\xff\xc3\n' >"$F/badutf8.txt"
printf 'gomapfuzz-trace 1\nput 1 1\nit-next 0 5\n' >"$F/itnext.txt"
printf 'gomapfuzz-trace 1\nput 1 \0 1\n' >"$F/binary.txt"
mkdir -p "$F/dir"

rows=0
failed=0
while IFS= read -r line; do
  case "$line" in "| "*'`gomapfuzz'*) ;; *) continue ;; esac
  IFS='|' read -r _ what cmd code message max _ <<<"$line"
  cmd=$(sed -E 's/^ *`(.*)` *$/\1/' <<<"$cmd")
  message=$(sed -E 's/^ *`(.*)` *$/\1/' <<<"$message")
  code=${code// /}
  max=${max// /}
  what=$(sed -E 's/^ +| +$//g' <<<"$what")
  rows=$((rows + 1))
  run="${cmd/#gomapfuzz/$BUILD/tools/gomapfuzz}"
  out=$(cd "$BUILD" && F=$F /usr/bin/time -f '%e %M' -o "$F/time" \
    timeout 120 bash -c "$run" 2>&1)
  status=$?
  # /usr/bin/time writes "Command exited with non-zero status N" first when
  # the command fails; its figures are the last line.
  read -r secs rss < <(tail -n 1 "$F/time") || { secs=999; rss=0; }
  limit=$(awk -v m="$max" -v f="$FACTOR" 'BEGIN { print m * f }')
  problems=""
  [ "$status" = "$code" ] || problems+=" exit $status (want $code);"
  grep -qF -- "$message" <<<"$out" || problems+=" message missing;"
  awk -v s="$secs" -v l="$limit" 'BEGIN { exit !(s <= l) }' ||
    problems+=" took ${secs} s (limit ${limit} s);"
  [ "${rss:-0}" -le "$MAX_RSS_KB" ] || problems+=" peak ${rss} KB;"
  if [ -n "$problems" ]; then
    failed=$((failed + 1))
    echo "FAILED: $what: $cmd:$problems"
    echo "  want: $message"
    echo "  got:  $(head -c 600 <<<"$out")"
  else
    echo "ok: $what (exit $status, ${secs} s, ${rss} KB)"
  fi
done <"$DOC"
echo "$rows rows, $failed failed"
[ "$rows" -gt 0 ] && [ "$failed" -eq 0 ]
