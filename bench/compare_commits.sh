#!/usr/bin/env bash
# bench/compare_commits.sh: mapcore's benchmark rows at two commits, side by
# side in one run, to show a change made no row slower.
#
#   bench/compare_commits.sh OLD [NEW]      NEW defaults to the working tree
#
# Builds map_bench (g++ -O2, as bench/run.sh) from each commit's own tree in
# build/bench-compare/<old|new>/, then runs the two binaries in alternating
# rounds (ROUNDS, default 3; MIN_TIME seconds a benchmark, default 0.2) so
# that load on the machine falls on both alike, keeps each row's fastest
# round, and prints CPU time per iteration old, new and new/old for every row both have,
# then the geometric mean of the ratios and the rows more than 5 % slower.
# FILTER (a --benchmark_filter regex) runs some rows only.
# Only the C++ rows: Go's are the same binary at both commits.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
[ $# -ge 1 ] && [ $# -le 2 ] || {
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
old=$1
new=${2:-worktree}
rounds=${ROUNDS:-3}
min_time=${MIN_TIME:-0.2}
work=${WORK:-$root/build/bench-compare}

# tree VER REV: the sources of REV (or the working tree) in $work/VER/src.
tree() {
  local ver=$1 rev=$2 src=$work/$1/src
  rm -rf "$src" && mkdir -p "$src"
  if [ "$rev" = worktree ]; then
    git ls-files -z | tar --null -T - -c | tar -x -C "$src"
  else
    git archive "$rev" | tar -x -C "$src"
  fi
}

build() {
  local ver=$1 b=$work/$1/build
  cmake -S "$work/$ver/src" -B "$b" -G Ninja -DCMAKE_CXX_COMPILER=g++ \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGOMAPFUZZ_BENCH=ON \
    -DGOMAPFUZZ_BUILD_TESTS=OFF -DGOMAPFUZZ_BUILD_TOOLS=OFF \
    >"$work/$ver/configure.log" 2>&1 ||
    { echo "configure of $ver failed: $work/$ver/configure.log" >&2; exit 1; }
  nice cmake --build "$b" --target map_bench -j "${JOBS:-2}" \
    >"$work/$ver/build.log" 2>&1 ||
    { echo "build of $ver failed: $work/$ver/build.log" >&2; exit 1; }
}

mkdir -p "$work/old" "$work/new"
echo "== map_bench: old $old, new $new, in $work" >&2
tree old "$old"
tree new "$new"
for ver in old new; do
  echo "== building $ver" >&2
  build "$ver"
done

# ROUNDS=0 builds only (a later run of the same commits reuses the builds).
[ "$rounds" -eq 0 ] && { echo "== built; ROUNDS=0: no runs" >&2; exit 0; }

for r in $(seq 1 "$rounds"); do
  order="old new"
  [ $((r % 2)) -eq 0 ] && order="new old"
  for ver in $order; do
    echo "== round $r/$rounds: $ver" >&2
    GLIBC_TUNABLES=glibc.malloc.hugetlb=1 "$work/$ver/build/bench/map_bench" \
      --benchmark_min_time="$min_time" --benchmark_filter="${FILTER:-.}" \
      --benchmark_out="$work/$ver/round-$r.json" \
      --benchmark_out_format=json >/dev/null
  done
done

python3 - "$work" "$rounds" "$old" "$new" <<'EOF'
import json, math, sys
work, rounds, old, new = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def best(ver):
    rows = {}
    for r in range(1, rounds + 1):
        with open(f"{work}/{ver}/round-{r}.json") as f:
            for b in json.load(f)["benchmarks"]:
                if b.get("run_type", "iteration") != "iteration":
                    continue
                t = (b["cpu_time"], b.get("time_unit", "ns"))
                rows[b["name"]] = min(t, rows.get(b["name"], t))
    return rows
o, n = best("old"), best("new")
names = [k for k in o if k in n]
print(f"| row | old {old} | new {new} | new/old |")
print("|---|---|---|---|")
ratios, slower = [], []
for k in names:
    q = n[k][0] / o[k][0]
    ratios.append(q)
    if q > 1.05:
        slower.append(k)
    print(f"| {k} | {o[k][0]:.1f} {o[k][1]} | {n[k][0]:.1f} {n[k][1]} | {q:.2f} |")
gm = math.exp(sum(map(math.log, ratios)) / len(ratios))
print()
print(f"{len(names)} rows; geometric mean new/old {gm:.3f}; "
      f"more than 5 % slower: {len(slower)}"
      + (" (" + ", ".join(slower) + ")" if slower else ""))
EOF
