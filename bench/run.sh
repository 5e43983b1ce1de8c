#!/usr/bin/env bash
# bench/run.sh: the one benchmark command. Builds map_bench and
# syncmap_bench (C++, -O2) and the Go benchmark (offline), runs them side by
# side in rounds on this machine, and prints ns/op with every ratio to Go
# plus heap bytes per entry, and the concurrent maps' throughput; writes
# bench/RESULTS.md with the machine's description.
#
#   bench/run.sh               3 rounds, 0.5 s a benchmark (about half an
#                              hour), then the concurrent maps
#   bench/run.sh --quick       1 round, 0.01 s a benchmark (a check that it
#                              runs)
#   bench/run.sh --concurrent  the concurrent maps only (3 rounds, 0.2 s a
#                              benchmark, about 2 minutes): replaces that
#                              section of RESULTS.md
#
# Environment: BUILD_DIR (default build/bench), GO (default
# /usr/lib/go-1.19/bin/go), ROUNDS, MIN_TIME, CONCURRENT_MIN_TIME (default
# 0.2), OUT (default bench/RESULTS.md), JOBS, CPP_HUGEPAGES (default 1:
# glibc's malloc asks for transparent huge pages, as Go 1.19's runtime does
# for its heap; 0: glibc's defaults).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build/bench}
go=${GO:-/usr/lib/go-1.19/bin/go}
rounds=${ROUNDS:-3}
min_time=${MIN_TIME:-0.5}
concurrent_min_time=${CONCURRENT_MIN_TIME:-0.2}
cpp_hugepages=${CPP_HUGEPAGES:-1}
out=${OUT:-$root/bench/RESULTS.md}
plain=1
if [[ "${1:-}" == "--quick" ]]; then
  rounds=1
  min_time=0.01
  concurrent_min_time=0.01
  out=${OUT:-$build/RESULTS-quick.md}
elif [[ "${1:-}" == "--concurrent" ]]; then
  plain=0
elif [[ $# -gt 0 ]]; then
  echo "usage: bench/run.sh [--quick | --concurrent]" >&2
  exit 2
fi
[[ -x "$go" ]] || { echo "bench/run.sh: Go 1.19 not found at $go (apt-get install golang-1.19-go)" >&2; exit 2; }

echo "== building map_bench and syncmap_bench in $build (RelWithDebInfo: -O2 -g)" >&2
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=g++ \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGOMAPFUZZ_BENCH=ON >/dev/null
fi
targets=(syncmap_bench)
[[ "$plain" == 1 ]] && targets+=(map_bench)
cmake --build "$build" --target "${targets[@]}" -j "${JOBS:-2}" >/dev/null
bench_bin="$build/bench/map_bench"
concurrent_bin="$build/bench/syncmap_bench"

echo "== building the Go benchmark (offline)" >&2
results="$build/bench/results"
mkdir -p "$results"
(cd "$root/bench/go" &&
  env -u GOROOT GOCACHE="$build/bench/gocache" GOPATH="$build/bench/gopath" \
    GOPROXY=off GOSUMDB=off GOFLAGS= GOTOOLCHAIN=local CGO_ENABLED=0 GOENV=off \
    "$go" test -c -o "$results/gomapbench.test" .)
go_bin="$results/gomapbench.test"

# Go runs on one core, like the single-threaded C++ maps; its benchmarks
# report the process's CPU time (cpu-ns/key), so the garbage collector's work
# counts on whatever thread it runs, and other processes' time does not.
run_go() {  # run_go GODEBUG OUTPUT
  env GODEBUG="$1" GOMAXPROCS=1 "$go_bin" -test.run '^$' \
    -test.bench '^BenchmarkMap$' -test.benchtime "${min_time}s" >"$2"
}

# Go 1.19 madvises its heap MADV_HUGEPAGE (runtime/mem_linux.go, sysUsedOS):
# a 10^6-entry map sits on 2 MB pages. glibc's malloc does the same under
# this tunable, so both sides pay the same TLB costs.
cpp_env=()
if [[ "$cpp_hugepages" == 1 ]]; then
  cpp_env=(env GLIBC_TUNABLES=glibc.malloc.hugetlb=1)
fi

# The concurrent maps: syncmap_bench and BenchmarkConcurrent in rounds, on
# 1 and 2 threads (Go: -test.cpu 1,2 sets GOMAXPROCS, and RunParallel starts
# that many goroutines), throughput in wall-clock time; Go with its fallback
# hash, as the C++ maps hash with it.
run_concurrent() {
  local machine="$results/concurrent-machine.md" files=()
  {
    echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores seen); $("$go" version); $(g++ --version | head -1), -O2"
    echo "- Commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'); $(date -u '+%Y-%m-%d %H:%M UTC'); rounds: $rounds (best kept), ${concurrent_min_time} s per benchmark and round"
    echo "- Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  } >"$machine"
  for r in $(seq 1 "$rounds"); do
    echo "== round $r/$rounds: syncmap_bench (C++, concurrent)" >&2
    "${cpp_env[@]}" "$concurrent_bin" \
      --benchmark_min_time="$concurrent_min_time" \
      --benchmark_out="$results/concurrent-cpp-$r.json" \
      --benchmark_out_format=json >/dev/null
    files+=(--concurrent-cpp "$results/concurrent-cpp-$r.json")
    echo "== round $r/$rounds: Go, concurrent" >&2
    env GODEBUG=cpu.aes=off "$go_bin" -test.run '^$' \
      -test.bench '^BenchmarkConcurrent$' -test.cpu 1,2 \
      -test.benchtime "${concurrent_min_time}s" \
      >"$results/concurrent-go-$r.txt"
    files+=(--concurrent-go "$results/concurrent-go-$r.txt")
  done
  echo "- Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$machine"
  concurrent_args=("${files[@]}" --concurrent-machine "$machine")
}

if [[ "$plain" == 0 ]]; then
  [[ -f "$out" ]] || { echo "bench/run.sh: $out missing: run the full bench first" >&2; exit 2; }
  run_concurrent
  python3 "$root/bench/report.py" "${concurrent_args[@]}" --out "$out" >/dev/null
  echo "== updated the concurrent section of $out" >&2
  exit 0
fi

{
  echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores seen)"
  echo "- Memory: $(free -g | awk '/^Mem:/ {print $2}') GiB; kernel $(uname -r)"
  echo "- Compiler: $(g++ --version | head -1), -O2 -g (RelWithDebInfo)"
  echo "- Go: $("$go" version), GOMAXPROCS=1"
  echo "- Libraries: Google Benchmark $(dpkg-query -W -f '${Version}' libbenchmark-dev 2>/dev/null || echo '?'), Abseil $(dpkg-query -W -f '${Version}' libabsl-dev 2>/dev/null || echo '?'), Boost $(dpkg-query -W -f '${Version}' libboost-dev 2>/dev/null || echo '?')"
  echo "- Commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'); $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- Rounds: $rounds (fastest kept), ${min_time} s per benchmark and round"
  echo "- Transparent huge pages: $(cat /sys/kernel/mm/transparent_hugepage/enabled); C++ malloc hugetlb tunable: $([[ "$cpp_hugepages" == 1 ]] && echo on || echo off) (Go's heap uses them by itself)"
} >"$results/machine.md"

cpp_files=() go_files=() go_aes_files=()
for r in $(seq 1 "$rounds"); do
  echo "== round $r/$rounds: map_bench (C++)" >&2
  "${cpp_env[@]}" "$bench_bin" --benchmark_min_time="$min_time" \
    --benchmark_format=json \
    --benchmark_out="$results/cpp-$r.json" --benchmark_out_format=json \
    >/dev/null
  cpp_files+=("$results/cpp-$r.json")
  echo "== round $r/$rounds: Go, GODEBUG=cpu.aes=off" >&2
  run_go cpu.aes=off "$results/go-$r.txt"
  go_files+=("$results/go-$r.txt")
  echo "== round $r/$rounds: Go, AES hash" >&2
  run_go "" "$results/go-aes-$r.txt"
  go_aes_files+=("$results/go-aes-$r.txt")
done

echo "== heap bytes per entry" >&2
"${cpp_env[@]}" "$bench_bin" --memory >"$results/memory-cpp.jsonl"
GODEBUG=cpu.aes=off "$go_bin" -test.run TestMemory -test.v \
  >"$results/memory-go.txt"
echo "- Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" \
  >>"$results/machine.md"
run_concurrent

python3 "$root/bench/report.py" --cpp "${cpp_files[@]}" \
  --go "${go_files[@]}" --go-aes "${go_aes_files[@]}" \
  --memory "$results/memory-cpp.jsonl" "$results/memory-go.txt" \
  --machine "$results/machine.md" "${concurrent_args[@]}" --out "$out"
echo "== wrote $out" >&2
