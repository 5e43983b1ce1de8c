#!/usr/bin/env bash
# Does the incremental invariant check find what the full one finds? For the
# unmodified mapcore (the control) and each planted bug of fuzz/mutants/,
# builds harness's checker_cross_check against a scratch copy (g++ -O1:
# mapcore and harness only, minutes a mutant) and runs it over every
# committed trace plus random traces of the harness's generator, each
# replayed with the full check after every op and with the incremental one.
# Prints, per mutant, how many traces failed and whether both checks agreed
# (same rule; same op, or later when the corruption lies outside what the
# op touched). Exits non-zero if any trace gets different verdicts.
#
#   fuzz/mutants/cross_check.sh [--random N] [--mutants "a b"]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
RANDOM_TRACES=300
MUTANTS=""
SCRATCH=${SCRATCH:-$ROOT/build/cross-check-mutants}
while [ $# -gt 0 ]; do
  case "$1" in
    --random) RANDOM_TRACES=$2; shift 2 ;;
    --mutants) MUTANTS=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "cross_check.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done
if [ -z "$MUTANTS" ]; then
  for p in fuzz/mutants/*.patch; do MUTANTS="$MUTANTS $(basename "$p" .patch)"; done
fi
src=$SCRATCH/src
build=$SCRATCH/build
rm -rf "$src" && mkdir -p "$src" "$SCRATCH/logs"
git archive HEAD | tar -x -C "$src"
find "$src" -type f -exec touch {} +
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=g++ \
  -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1" -DGOMAPFUZZ_BENCH=OFF \
  >"$SCRATCH/logs/configure.log"

traces=("$ROOT/corpus/traces" "$ROOT/corpus/regressions" "$ROOT/corpus/oracle"
        "$ROOT/fuzz/seeds")
status=0
printf '%-30s %8s %8s %9s %8s %9s\n' mutant traces failing "same op" later disagree
for m in control $MUTANTS; do
  # A pristine mapcore, newer than the last mutant's objects.
  rm -rf "$src/mapcore"
  git archive HEAD mapcore | tar -x -C "$src"
  find "$src/mapcore" -type f -exec touch {} +
  if [ "$m" != control ]; then
    patch -s -d "$src" -p1 <"$ROOT/fuzz/mutants/$m.patch"
  fi
  cmake --build "$build" --target checker_cross_check -j "${BUILD_JOBS:-1}" \
    >"$SCRATCH/logs/build-$m.log" 2>&1 ||
    { echo "$m: build failed (see $SCRATCH/logs/build-$m.log)"; status=1; continue; }
  log=$SCRATCH/logs/$m.log
  "$build/harness/checker_cross_check" --allow-later --random "$RANDOM_TRACES" \
    "${traces[@]}" >"$log" 2>&1 || status=1
  summary=$(tail -n 1 "$log")
  read -r n _ f _ same _ _ _ _ later _ dis _ <<<"$(sed 's/[,:]//g' <<<"$summary")"
  printf '%-30s %8s %8s %9s %8s %9s\n' "$m" "$n" "$f" "$same" "$later" "$dis"
  [ "$m" = control ] && [ "$f" != 0 ] && status=1
done
exit $status
