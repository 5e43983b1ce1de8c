#!/usr/bin/env bash
# The mutation self-test: proves the fuzz targets find real bugs.
#
# Each fuzz/mutants/<name>.patch plants one bug in a scratch copy of mapcore
# (its first line says which; fuzz/README.md lists them). For the unmodified
# mapcore (the control, which must stay clean) and then for each mutant, this
# script builds the fuzz targets (clang + libFuzzer + ASan/UBSan, as the fuzz
# preset does) against the scratch copy, runs every target for the CI
# budget with the committed seeds and a fixed libFuzzer seed, and prints a
# table: for each target, the seconds and executions until it reported the
# bug, or "-". It exits non-zero if a mutant escapes every target or the
# control crashes.
#
#   fuzz/mutants/run.sh                         all mutants, 20 s per target
#   fuzz/mutants/run.sh --seconds 60 --mutants "wrong_xy_split"
#
# Heavy (one full build per mutant): run it on a quiet machine. The scratch
# tree is exported from git HEAD (--worktree: from the working tree) into
# build/fuzz-mutants/ (SCRATCH to change), never touching the source tree.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
# shellcheck source=scripts/fuzz_options.sh
source scripts/fuzz_options.sh

SECONDS_PER_TARGET=20
TARGETS="map_ops map_iterate map_alloc_faults trace_parser"
MUTANTS=""
FROM="head"
SCRATCH=${SCRATCH:-$ROOT/build/fuzz-mutants}
BUILD_JOBS=${BUILD_JOBS:-1}
# libFuzzer's own random seed, fixed so a rerun explores the same inputs
# (the wall-clock seconds still depend on the machine's load).
FUZZ_SEED=1

while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_PER_TARGET=$2; shift 2 ;;
    --targets) TARGETS=$2; shift 2 ;;
    --mutants) MUTANTS=$2; shift 2 ;;
    --worktree) FROM=worktree; shift ;;
    -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$MUTANTS" ]; then
  for p in fuzz/mutants/*.patch; do MUTANTS="$MUTANTS $(basename "$p" .patch)"; done
fi

src=$SCRATCH/src
build=$SCRATCH/build
mkdir -p "$SCRATCH/logs"
echo "== scratch tree from $FROM in $src"
rm -rf "$src" "$SCRATCH/mapcore.orig"
mkdir -p "$src"
# The whole tree (a few MB), built with tests and tools off, as
# .clusterfuzzlite/build.sh builds the targets.
if [ $FROM = head ]; then
  git archive HEAD | tar -x -C "$src"
else
  git ls-files -z | tar --null -T - -c | tar -x -C "$src"
fi
# git archive stamps files with the commit's time, which can be older than
# objects a previous run built from a mutant: make every source newer.
find "$src" -type f -exec touch {} +
cp -r "$src/mapcore" "$SCRATCH/mapcore.orig"

# The fuzz preset's flags, but -O1 with line tables only: a mutant rebuilds
# every replay instantiation, and this halves the build (the CI job uses -O2).
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -gline-tables-only" \
  -DGOMAPFUZZ_SANITIZE=asan -DGOMAPFUZZ_LIBFUZZER=ON -DGOMAPFUZZ_BENCH=OFF \
  -DGOMAPFUZZ_BUILD_TESTS=OFF -DGOMAPFUZZ_BUILD_TOOLS=OFF \
  >"$SCRATCH/logs/configure.log"

# Puts back the pristine mapcore. Only files that differ are copied, with a
# fresh mtime, so ninja rebuilds exactly what the last mutant touched.
restore_mapcore() {
  (cd "$SCRATCH/mapcore.orig" && find . -type f) | while read -r f; do
    cmp -s "$SCRATCH/mapcore.orig/$f" "$src/mapcore/$f" ||
      cp "$SCRATCH/mapcore.orig/$f" "$src/mapcore/$f"
  done
}

# One table cell: "seconds s (runs runs)" when the target crashed.
declare -A CELL FIRST
failed=0
for m in none $MUTANTS; do
  restore_mapcore
  if [ "$m" != none ]; then
    if ! patch -s -p1 -d "$src" <"fuzz/mutants/$m.patch" >"$SCRATCH/logs/$m.patch.log" 2>&1; then
      echo "== $m: the patch does not apply to this mapcore (see $SCRATCH/logs/$m.patch.log)"
      FIRST[$m]="patch does not apply"
      failed=1
      continue
    fi
  fi
  echo "== $m: build"
  # shellcheck disable=SC2086
  nice cmake --build "$build" -j "$BUILD_JOBS" --target $TARGETS >"$SCRATCH/logs/$m.build.log" 2>&1 ||
    { echo "build failed: $SCRATCH/logs/$m.build.log"; exit 1; }
  best=""
  for t in $TARGETS; do
    run=$SCRATCH/run/$m/$t
    rm -rf "$run" && mkdir -p "$run/corpus" "$run/artifacts"
    mapfile -t flags < <(fuzz_options_flags "$src" "$t")
    flags+=(-max_total_time="$SECONDS_PER_TARGET" -seed="$FUZZ_SEED"
            -print_final_stats=1 -artifact_prefix="$run/artifacts/")
    start=$(date +%s.%N)
    (cd "$run" && timeout $((SECONDS_PER_TARGET + 120)) "$build/fuzz/$t" "${flags[@]}" \
      "$run/corpus" "$src/corpus/$t") >"$run/log" 2>&1 || true
    end=$(date +%s.%N)
    if [ -n "$(ls -A "$run/artifacts")" ]; then
      secs=$(echo "$end - $start" | bc)
      runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$run/log" | tail -n 1)
      CELL[$m,$t]=$(printf '%.1f s (%s runs)' "$secs" "${runs:-?}")
      # (|| true: a report in another form must not end the whole run.)
      why=$( (grep -m1 -E 'FAILED( at)?:? |ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error' "$run/log" || true) |
        sed -E 's/.*FAILED( at)?:? //; s/^==[0-9]+==//' | cut -c1-90)
      echo "   $t: found after ${CELL[$m,$t]}: $why"
      if [ -z "$best" ]; then best="$t: $why"; fi
    else
      CELL[$m,$t]="-"
      echo "   $t: nothing in ${SECONDS_PER_TARGET}s"
    fi
  done
  FIRST[$m]=${best:-"not found"}
  if [ "$m" = none ] && [ -n "$best" ]; then
    echo "== the control (unmodified mapcore) crashed: fix that first" >&2
    failed=1
  fi
  if [ "$m" != none ] && [ -z "$best" ]; then failed=1; fi
done

table=$SCRATCH/table.md
{
  printf '| mutant |'
  for t in $TARGETS; do printf ' %s |' "$t"; done
  printf ' first report |\n|---|'
  for t in $TARGETS; do printf -- '---|'; done
  printf -- '---|\n'
  for m in none $MUTANTS; do
    printf '| %s |' "$m"
    for t in $TARGETS; do printf ' %s |' "${CELL[$m,$t]:--}"; done
    printf ' %s |\n' "${FIRST[$m]}"
  done
} >"$table"
echo
echo "== mutation table (${SECONDS_PER_TARGET}s per target; also in $table)"
cat "$table"
exit $failed
