#!/usr/bin/env bash
# fuzz/bench: the fuzzers of two commits, old and new, measured in one run.
#
#   speed    each fuzz target fuzzes for --seconds (60) from its committed
#            seeds, -seed=1, old and new one after the other: executions
#            per CPU second (user + sys of the fuzzer process, which the
#            machine's load does not inflate as it does wall time), edges
#            (cov) and features (ft) at the end, and the mapcore functions
#            covered with every template instance of a function counted
#            once (map_ops draws fewer value types in new, so its edge count
#            covers fewer copies of the same code: the function count
#            compares like with like).
#   mutants  for the unmodified mapcore (the control, which must stay clean)
#            and each planted bug of fuzz/mutants/*.patch, both commits are
#            built with the bug, and for each of --seeds (5) libFuzzer seeds
#            every target fuzzes from its seeds until it reports the bug, for
#            at most the CI budget (--budget, 20 s a target; a target after
#            the first that found it gets only as long as the best so far).
#            Time to find = the least CPU seconds any target needed, as if
#            the targets ran side by side (OSS-Fuzz runs them so; the CI job
#            runs them in turn, 20 s each). Also the executions.
# Each target's libFuzzer options come from that commit's <target>.options;
# a commit without them gets the flags scripts/ci-fuzz.sh used then
# (-timeout=25 -rss_limit_mb=2048, the trace_parser dictionary).
#
#   fuzz/bench/run.sh                        old = merge-base with main, new = HEAD
#   fuzz/bench/run.sh --old d5cc28a --new HEAD --seeds 5 --budget 20
#   fuzz/bench/run.sh --skip-mutants         speed only (4 x 2 x 60 s)
#   fuzz/bench/run.sh --mutants "wrong_xy_split" --skip-speed
#   fuzz/bench/run.sh --worktree             new = the working tree
#   fuzz/bench/run.sh --skip-speed --mutant-versions new
#                                            time to find for new only (half
#                                            the builds; old's cells say n/a)
#
# Heavy: one build per commit for speed (the fuzz preset's -O2) and one per
# commit and mutant (-O1, as fuzz/mutants/run.sh: half the build time);
# hours on two cores. Everything goes under build/fuzz-bench/ (WORK to
# change); results in build/fuzz-bench/results.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
# shellcheck source=scripts/fuzz_options.sh
source scripts/fuzz_options.sh

OLD=""
NEW=HEAD
SECONDS_SPEED=60
SEEDS=5
BUDGET=20
TARGETS="map_ops map_iterate map_alloc_faults trace_parser"
MUTANTS=""
SPEED=1
MUTATION=1
MUTANT_VERSIONS="old new"
WORK=${WORK:-$ROOT/build/fuzz-bench}
BUILD_JOBS=${BUILD_JOBS:-2}

while [ $# -gt 0 ]; do
  case "$1" in
    --old) OLD=$2; shift 2 ;;
    --new) NEW=$2; shift 2 ;;
    --worktree) NEW=worktree; shift ;;
    --seconds) SECONDS_SPEED=$2; shift 2 ;;
    --seeds) SEEDS=$2; shift 2 ;;
    --budget) BUDGET=$2; shift 2 ;;
    --targets) TARGETS=$2; shift 2 ;;
    --mutants) MUTANTS=$2; shift 2 ;;
    --skip-speed) SPEED=0; shift ;;
    --skip-mutants) MUTATION=0; shift ;;
    --mutant-versions) MUTANT_VERSIONS=$2; shift 2 ;;
    -h|--help) sed -n '2,35p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -n "$OLD" ] || OLD=$(git merge-base HEAD main)
if [ -z "$MUTANTS" ]; then
  for p in fuzz/mutants/*.patch; do MUTANTS="$MUTANTS $(basename "$p" .patch)"; done
fi
mkdir -p "$WORK"
RESULTS=$WORK/results.md
log() { echo "$*" | tee -a "$WORK/bench.log"; }

# ---- Trees and builds. ----

# The sources of a commit (or the working tree) in $WORK/<ver>/src, with a
# pristine copy of mapcore to restore after each mutant.
export_tree() {
  local ver=$1 rev=$2 src=$WORK/$1/src
  rm -rf "$src" "$WORK/$ver/mapcore.orig" && mkdir -p "$src"
  # The whole tree (a few MB): which folders a commit's CMakeLists.txt
  # needs changes from commit to commit.
  if [ "$rev" = worktree ]; then
    git ls-files -z | tar --null -T - -c | tar -x -C "$src"
  else
    git archive "$rev" | tar -x -C "$src"
  fi
  # Newer than any object a previous run built from a mutant.
  find "$src" -type f -exec touch {} +
  cp -r "$src/mapcore" "$WORK/$ver/mapcore.orig"
}

# configure VER OPT: a build of the fuzz targets in $WORK/<ver>/build-<opt>.
configure() {
  local ver=$1 opt=$2 build=$WORK/$1/build-$2 flags
  flags="-$opt -gline-tables-only"
  [ "$opt" = O2 ] && flags="$flags -DNDEBUG"
  [ -f "$build/build.ninja" ] && return
  cmake -S "$WORK/$ver/src" -B "$build" -G Ninja -DCMAKE_C_COMPILER=clang \
    -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=None \
    -DCMAKE_CXX_FLAGS="$flags" -DGOMAPFUZZ_SANITIZE=asan \
    -DGOMAPFUZZ_LIBFUZZER=ON -DGOMAPFUZZ_BENCH=OFF \
    -DGOMAPFUZZ_BUILD_TESTS=OFF -DGOMAPFUZZ_BUILD_TOOLS=OFF \
    >"$WORK/$ver/configure-$opt.log"
}

build() {
  local ver=$1 opt=$2
  # shellcheck disable=SC2086
  nice cmake --build "$WORK/$ver/build-$opt" -j "$BUILD_JOBS" --target $TARGETS \
    >"$WORK/$ver/build-$opt.log" 2>&1 ||
    { echo "build of $ver ($opt) failed: $WORK/$ver/build-$opt.log" >&2; exit 1; }
}

# Plants mutant M (none: the pristine mapcore) in VER's tree. Only files that
# change are copied, so the build redoes what the last mutant touched.
plant() {
  local ver=$1 m=$2 src=$WORK/$1/src orig=$WORK/$1/mapcore.orig
  (cd "$orig" && find . -type f) | while read -r f; do
    cmp -s "$orig/$f" "$src/mapcore/$f" || cp "$orig/$f" "$src/mapcore/$f"
  done
  [ "$m" = none ] && return 0
  patch -s -p1 -d "$src" <"fuzz/mutants/$m.patch"
}

# ---- One fuzzing run. ----

# The libFuzzer flags of target T in VER's tree.
target_flags() {
  local ver=$1 t=$2 src=$WORK/$1/src
  if [ -n "$(fuzz_options_file "$src" "$t")" ]; then
    fuzz_options_flags "$src" "$t"
  else
    echo "-timeout=25"
    echo "-rss_limit_mb=2048"
    [ -f "$src/corpus/dictionaries/$t.dict" ] &&
      echo "-dict=$src/corpus/dictionaries/$t.dict"
  fi
  return 0
}

# fuzz VER OPT T SEED SECONDS RUNDIR [extra flags]: fuzzes from VER's seeds
# into a fresh corpus; leaves RUNDIR/{log,cpu,artifacts/}.
fuzz() {
  local ver=$1 opt=$2 t=$3 seed=$4 secs=$5 run=$6
  shift 6
  local bin=$WORK/$ver/build-$opt/fuzz/$t flags
  rm -rf "$run" && mkdir -p "$run/corpus" "$run/artifacts"
  mapfile -t flags < <(target_flags "$ver" "$t")
  flags+=(-max_total_time="$secs" -seed="$seed" -print_final_stats=1
          -artifact_prefix="$run/artifacts/" "$@")
  (cd "$run" && timeout $((secs + 120)) /usr/bin/time -f "%U %S" -o "$run/cpu" \
    "$bin" "${flags[@]}" "$run/corpus" "$WORK/$ver/src/corpus/$t") \
    >"$run/log" 2>&1 || true
}

# GNU time writes "Command exited with non-zero status N" before the times
# when the fuzzer stops on a finding: the times are the last line.
cpu_seconds() {
  tail -n 1 "$1/cpu" 2>/dev/null | awk '{printf "%.2f", $1 + $2}' || echo "?"
}
stat_of() { sed -nE "s/^stat::$2: *([0-9]+).*/\\1/p" "$1/log" | tail -n 1; }

# ---- Speed: exec/s, coverage after SECONDS_SPEED. ----

speed() {
  log "== speed: ${SECONDS_SPEED}s per target and commit, -seed=1"
  {
    echo "### Speed: ${SECONDS_SPEED} s per target, -seed=1 (old $OLD_REV, new $NEW_REV)"
    echo
    echo "| target | exec/s per CPU s old | new | new/old | cov old | new | ft old | new | mapcore fns old | new |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
  } >>"$RESULTS"
  local i=0 t ver order
  for t in $TARGETS; do
    # Alternate who goes first, so neither always meets the same load.
    order="old new"
    [ $((i % 2)) -eq 1 ] && order="new old"
    i=$((i + 1))
    declare -A EPS COV FT FNS
    for ver in $order; do
      local run=$WORK/$ver/speed/$t
      fuzz "$ver" O2 "$t" 1 "$SECONDS_SPEED" "$run"
      local runs cpu
      runs=$(stat_of "$run" number_of_executed_units)
      cpu=$(cpu_seconds "$run")
      EPS[$ver]=$(awk -v r="${runs:-0}" -v c="$cpu" 'BEGIN {printf "%d", (c > 0 ? r / c : 0)}')
      COV[$ver]=$(sed -nE 's/.*cov: ([0-9]+) ft: .*/\1/p' "$run/log" | tail -n 1)
      FT[$ver]=$(sed -nE 's/.*cov: [0-9]+ ft: ([0-9]+).*/\1/p' "$run/log" | tail -n 1)
      # Functions of mapcore with a covered edge, template instances merged
      # (by source location), over the corpus the run built.
      "$WORK/$ver/build-O2/fuzz/$t" -runs=0 -print_coverage=1 "$run/corpus" \
        >"$run/coverage.log" 2>&1 || true
      FNS[$ver]=$(grep '^COVERED_FUNC' "$run/coverage.log" |
        grep -o '/mapcore/[^ ]*:[0-9]*' | sort -u | wc -l)
      log "   $t $ver: ${runs:-?} runs in $cpu CPU s = ${EPS[$ver]}/s, cov ${COV[$ver]:-?}, ft ${FT[$ver]:-?}, mapcore fns ${FNS[$ver]}"
    done
    echo "| $t | ${EPS[old]} | ${EPS[new]} | $(awk -v a="${EPS[old]}" -v b="${EPS[new]}" 'BEGIN {printf "%.2f", (a > 0 ? b / a : 0)}') | ${COV[old]:--} | ${COV[new]:--} | ${FT[old]:--} | ${FT[new]:--} | ${FNS[old]} | ${FNS[new]} |" >>"$RESULTS"
  done
  echo >>"$RESULTS"
}

# ---- Mutants: time to find. ----

# ttf VER M SEED: "cpu_seconds runs target" of the fastest target, or "-".
ttf() {
  local ver=$1 m=$2 seed=$3 best="" best_runs="" best_t="" t cap run
  for t in $TARGETS; do
    cap=$BUDGET
    if [ -n "$best" ]; then
      cap=$(awk -v b="$best" 'BEGIN {c = int(b) + 1; print c}')
      [ "$cap" -gt "$BUDGET" ] && cap=$BUDGET
    fi
    run=$WORK/$ver/mutants/$m/$seed/$t
    fuzz "$ver" O1 "$t" "$seed" "$cap" "$run"
    if [ -n "$(ls -A "$run/artifacts")" ]; then
      local secs
      secs=$(cpu_seconds "$run")
      if [ -z "$best" ] || awk -v a="$secs" -v b="$best" 'BEGIN {exit !(a < b)}'; then
        best=$secs
        best_runs=$(stat_of "$run" number_of_executed_units)
        best_t=$t
      fi
    fi
  done
  if [ -n "$best" ]; then echo "$best ${best_runs:-?} $best_t"; else echo "-"; fi
}

# Median and maximum of seconds ("-": not found, counted as the budget),
# and the number not found.
summarize() {
  local values
  values=$(tr ' ' '\n' | grep -v '^$' || true)
  local miss
  miss=$(echo "$values" | grep -c '^-$' || true)
  echo "$values" | sed "s/^-\$/$BUDGET/" | sort -g |
    awk -v miss="$miss" '{v[NR] = $1} END {
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
      printf "%.2f %.2f %d", m, v[NR], miss}'
}

mutants() {
  log "== mutants: ${BUDGET}s budget per target, seeds 1..$SEEDS"
  {
    echo "### Mutants: CPU seconds to find (fastest target), seeds 1..$SEEDS, budget ${BUDGET} s a target"
    echo
    echo "| mutant | old: median | worst | missed | new: median | worst | missed | new: per seed (s, runs, target) |"
    echo "|---|---|---|---|---|---|---|---|"
  } >>"$RESULTS"
  local m ver seed all_new=""
  for m in none $MUTANTS; do
    for ver in $MUTANT_VERSIONS; do
      plant "$ver" "$m" || { log "== $m: the patch does not apply to $ver"; continue 2; }
      log "== $m: build $ver"
      build "$ver" O1
    done
    local seeds_here=$SEEDS
    [ "$m" = none ] && seeds_here=1
    declare -A TIMES CELLS
    TIMES[old]="" TIMES[new]="" CELLS[new]=""
    for seed in $(seq 1 "$seeds_here"); do
      for ver in $MUTANT_VERSIONS; do
        local r
        r=$(ttf "$ver" "$m" "$seed")
        log "   $m seed $seed $ver: $r"
        TIMES[$ver]="${TIMES[$ver]} ${r%% *}"
        [ "$ver" = new ] && CELLS[new]="${CELLS[new]} $(echo "$r" | awk '{if ($1 == "-") print "-"; else printf "%s/%s/%s", $1, $2, $3}');"
      done
    done
    if [ "$m" = none ]; then
      echo "| none (control) | ${TIMES[old]} | | | ${TIMES[new]} | | | must stay clean (-) |" >>"$RESULTS"
      continue
    fi
    all_new="$all_new ${TIMES[new]}"
    local om=n/a ow=n/a omiss=n/a nm=n/a nw=n/a nmiss=n/a
    [ -n "${TIMES[old]// /}" ] &&
      read -r om ow omiss <<<"$(echo "${TIMES[old]}" | summarize)"
    [ -n "${TIMES[new]// /}" ] &&
      read -r nm nw nmiss <<<"$(echo "${TIMES[new]}" | summarize)"
    echo "| $m | $om | $ow | $omiss | $nm | $nw | $nmiss |${CELLS[new]} |" >>"$RESULTS"
  done
  read -r am aw amiss <<<"$(echo "$all_new" | summarize)"
  {
    echo
    echo "New, over every mutant and seed: median $am s, worst $aw s, missed $amiss (a miss counts as the budget)."
    echo
  } >>"$RESULTS"
  for ver in $MUTANT_VERSIONS; do plant "$ver" none; done
}

# ---- Main. ----

OLD_REV=$(git rev-parse --short "$OLD")
if [ "$NEW" = worktree ]; then
  NEW_REV="worktree of $(git rev-parse --short HEAD)"
else
  NEW_REV=$(git rev-parse --short "$NEW")
fi
log "== fuzz bench: old $OLD_REV, new $NEW_REV, in $WORK"
echo "## fuzz/bench/run.sh: old $OLD_REV vs new $NEW_REV ($(date -u +%Y-%m-%d))" >"$RESULTS"
echo >>"$RESULTS"
export_tree old "$OLD"
export_tree new "$NEW"
if [ $SPEED -eq 1 ]; then
  for ver in old new; do
    configure "$ver" O2
    log "== build $ver (-O2)"
    build "$ver" O2
  done
  speed
fi
if [ $MUTATION -eq 1 ]; then
  for ver in $MUTANT_VERSIONS; do configure "$ver" O1; done
  mutants
fi
cat "$RESULTS"
