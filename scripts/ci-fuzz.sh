#!/usr/bin/env bash
# The main job: what users run in their CI fuzz jobs. Installs missing Debian
# packages (scripts/deps.sh), builds the fuzz preset (clang + libFuzzer +
# ASan/UBSan, build/fuzz), replays the whole corpus, runs every fuzz target
# for a time budget, merges new coverage into a working corpus, and ends with
# a summary table. Exits non-zero on a crash, keeping the artifact and
# printing the `gomapfuzz repro` command that reproduces it.
#
#   scripts/ci-fuzz.sh                    20 s per target, one core
#   scripts/ci-fuzz.sh --seconds 300      a longer campaign
#   scripts/ci-fuzz.sh --jobs 8           libFuzzer -fork=8 per target
#   scripts/ci-fuzz.sh --targets "map_ops trace_parser"
#   scripts/ci-fuzz.sh --no-build         reuse the binaries in build/fuzz
#                                         (FUZZ_BUILD_DIR: another fuzz build)
#
# Where things go (all under build/fuzz/, never in the source tree):
#   corpus/<target>/     the working corpus: libFuzzer writes new inputs here
#                        (it is passed FIRST; the committed seeds in
#                        corpus/<target>/ of the repo are read-only input), and
#                        -merge=1 keeps it minimal. Cache it between CI runs.
#   artifacts/<target>/  crash-*, leak-*, timeout-*, oom-* of the last run
#   logs/<target>.log    the libFuzzer output
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

SECONDS_PER_TARGET=${FUZZ_SECONDS:-20}
JOBS=${FUZZ_JOBS:-1}
TARGETS="map_ops map_iterate map_alloc_faults trace_parser cli_args"
BUILD=${FUZZ_BUILD_DIR:-$ROOT/build/fuzz}
NO_BUILD=0
BUILD_JOBS=${BUILD_JOBS:-$(nproc)}

usage() { sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_PER_TARGET=$2; shift 2 ;;
    --jobs) JOBS=$2; shift 2 ;;
    --targets) TARGETS=$2; shift 2 ;;
    --no-build) NO_BUILD=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "ci-fuzz.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$SECONDS_PER_TARGET$JOBS" in
  *[!0-9]*) echo "ci-fuzz.sh: --seconds and --jobs take positive integers" >&2; exit 2 ;;
esac
if [ "$SECONDS_PER_TARGET" -eq 0 ] || [ "$JOBS" -eq 0 ]; then
  echo "ci-fuzz.sh: --seconds and --jobs must be positive" >&2
  exit 2
fi

# shellcheck source=scripts/deps.sh
source scripts/deps.sh
# shellcheck source=scripts/fuzz_options.sh
source scripts/fuzz_options.sh
need_packages "${BUILD_PACKAGES[@]}"

if [ $NO_BUILD -eq 0 ]; then
  BUILD=$ROOT/build/fuzz
  echo "== build (preset fuzz: clang + libFuzzer + ASan/UBSan) in $BUILD"
  cmake --preset fuzz >/dev/null
  # shellcheck disable=SC2086
  cmake --build --preset fuzz -j "$BUILD_JOBS" --target gomapfuzz $TARGETS
fi
GOMAPFUZZ=$BUILD/tools/gomapfuzz

echo "== corpus replay"
shopt -s nullglob
replay_failed=0
# Every op checked: incrementally (what it touched), in full at growth
# edges and at the end (mapcore/invariants.h).
for f in corpus/traces/*.txt corpus/regressions/*.txt corpus/oracle/*.txt; do
  "$GOMAPFUZZ" repro --quiet "$f" || replay_failed=1
done
for t in $TARGETS; do
  "$BUILD/fuzz/$t" -runs=0 "corpus/$t" >"$BUILD/replay-$t.log" 2>&1 ||
    { cat "$BUILD/replay-$t.log"; replay_failed=1; }
  regressions=(corpus/regressions/"$t"-*.raw)
  if [ ${#regressions[@]} -gt 0 ]; then
    "$BUILD/fuzz/$t" "${regressions[@]}" >>"$BUILD/replay-$t.log" 2>&1 ||
      { cat "$BUILD/replay-$t.log"; replay_failed=1; }
  fi
done
if [ $replay_failed -ne 0 ]; then
  echo "== corpus replay FAILED (see above); not fuzzing" >&2
  exit 1
fi
echo "corpus replay: ok"

# Field $2 of the last line of log matching a pattern (sed -E capture).
last_match() { sed -nE "s|$2|\\1|p" "$1" | tail -n 1; }

declare -A RUNS EXECS COV FT CORPUS CRASHES
crashed=()
mkdir -p "$BUILD/logs"
for t in $TARGETS; do
  work=$BUILD/corpus/$t
  art=$BUILD/artifacts/$t
  log=$BUILD/logs/$t.log
  rm -rf "$art"
  mkdir -p "$work" "$art" "$BUILD/run/$t"
  # The target's own options (max_len, timeout, rss_limit_mb, dict) come
  # from its <target>.options, as on OSS-Fuzz; the run's from here.
  mapfile -t flags < <(fuzz_options_flags "$ROOT" "$t")
  flags+=(-max_total_time="$SECONDS_PER_TARGET" -print_final_stats=1
          -artifact_prefix="$art/")
  if [ "$JOBS" -gt 1 ]; then flags+=(-fork="$JOBS"); fi
  echo "== fuzz $t for ${SECONDS_PER_TARGET}s (jobs: $JOBS)"
  status=0
  # The working corpus first: libFuzzer writes into the first folder only.
  (cd "$BUILD/run/$t" && "$BUILD/fuzz/$t" "${flags[@]}" "$work" "$ROOT/corpus/$t") \
    >"$log" 2>&1 || status=$?
  artifacts=("$art"/*)
  if [ $status -eq 0 ] && [ ${#artifacts[@]} -eq 0 ]; then
    merged=$BUILD/corpus/$t.merged
    rm -rf "$merged" && mkdir -p "$merged"
    (cd "$BUILD/run/$t" && "$BUILD/fuzz/$t" -merge=1 "$merged" "$work") \
      >"$BUILD/logs/$t.merge.log" 2>&1 &&
      { rm -rf "$work" && mv "$merged" "$work"; }
  else
    tail -n 60 "$log"
    crashed+=("$t")
  fi
  # Normal mode ends with stat:: lines; fork mode only has status lines
  # ("#N: cov: C ft: F corp: K exec/s E ...").
  RUNS[$t]=$(last_match "$log" '^stat::number_of_executed_units: *([0-9]+).*')
  [ -n "${RUNS[$t]}" ] || RUNS[$t]=$(last_match "$log" '^#([0-9]+).*cov: .*')
  EXECS[$t]=$(last_match "$log" '^stat::average_exec_per_sec: *([0-9]+).*')
  [ -n "${EXECS[$t]}" ] || EXECS[$t]=$(last_match "$log" '.*exec/s:? ([0-9]+).*')
  COV[$t]=$(last_match "$log" '.*cov: ([0-9]+) ft: .*')
  FT[$t]=$(last_match "$log" '.*cov: [0-9]+ ft: ([0-9]+).*')
  CORPUS[$t]=$(find "$work" -type f | wc -l)
  CRASHES[$t]=${#artifacts[@]}
  if [ $status -ne 0 ] && [ "${CRASHES[$t]}" -eq 0 ]; then
    CRASHES[$t]="exit $status"
  fi
done

echo
echo "== summary: ${SECONDS_PER_TARGET}s per target, jobs $JOBS, ${BUILD#"$ROOT"/}"
printf '%-18s %10s %8s %7s %8s %8s %8s\n' target runs exec/s cov ft corpus crashes
for t in $TARGETS; do
  printf '%-18s %10s %8s %7s %8s %8s %8s\n' "$t" "${RUNS[$t]:--}" \
    "${EXECS[$t]:--}" "${COV[$t]:--}" "${FT[$t]:--}" "${CORPUS[$t]}" "${CRASHES[$t]}"
done
echo "(cov: edges covered; ft: libFuzzer features; corpus: inputs in the merged working corpus ${BUILD#"$ROOT"/}/corpus/<target>)"

if [ ${#crashed[@]} -gt 0 ]; then
  echo
  for t in "${crashed[@]}"; do
    for a in "$BUILD/artifacts/$t"/*; do
      rel=${a#"$ROOT"/}
      echo "CRASH in $t: $rel"
      echo "  reproduce: build/fuzz/tools/gomapfuzz repro $rel"
      echo "  minimize:  build/fuzz/tools/gomapfuzz minimize $rel   (writes corpus/regressions/)"
      echo "  under the sanitizers: build/fuzz/fuzz/$t $rel"
    done
    if [ -z "$(ls -A "$BUILD/artifacts/$t")" ]; then
      echo "CRASH in $t without an artifact: see build/fuzz/logs/$t.log"
    fi
  done
  exit 1
fi
echo "no crashes"
