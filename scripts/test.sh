#!/usr/bin/env bash
# Builds gomapfuzz and runs its tests: the README's test command, and what CI
# runs. Installs missing Debian packages first.
#
#   scripts/test.sh                  the three CI presets, in this order:
#     default  g++ -O2: build everything, ctest
#     fuzz     clang + ASan + UBSan + libFuzzer: build everything, ctest
#              (every test under the sanitizers), then every fuzz target for
#              FUZZ_SECONDS (default 10) through scripts/ci-fuzz.sh --no-build
#     tsan     clang + ThreadSanitizer: the chaos suite and syncmap's tests
#   PRESETS="default asan" scripts/test.sh   other presets (asan: g++
#                                    ASan+UBSan, everything, ctest)
#   CTEST_ARGS="-L unit" scripts/test.sh     pass arguments to ctest
#   FUZZ_SECONDS=0 scripts/test.sh           skip the fuzz run of the fuzz preset
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
need_packages "${BUILD_PACKAGES[@]}"

PRESETS=${PRESETS:-"default fuzz tsan"}
JOBS=${JOBS:-$(nproc)}
FUZZ_SECONDS=${FUZZ_SECONDS:-10}
started=$(date +%s)
elapsed() { echo "$(($(date +%s) - started)) s"; }

for preset in $PRESETS; do
  echo "== [$preset] configure + build ($(elapsed) so far)"
  cmake --preset "$preset" >/dev/null
  labels=()
  if [ "$preset" = tsan ]; then
    # Only the chaos suite and sync.Map's own tests are multi-threaded; the
    # rest would be TSan's time spent finding nothing (syncmap's oracle
    # tests are single-threaded and need the Go programs: left out).
    cmake --build --preset "$preset" -j "$JOBS" --target chaos_tests \
      syncmap_tests
    labels=(-L "chaos|syncmap" -LE oracle)
  else
    cmake --build --preset "$preset" -j "$JOBS"
  fi
  # The build just read every header and library it needs: each must come
  # from a package scripts/deps.sh installs, or a fresh machine cannot build.
  scripts/check-deps.sh "build/$preset"
  echo "== [$preset] test ($(elapsed) so far)"
  # shellcheck disable=SC2086
  ctest --test-dir "build/$preset" --output-on-failure -j "$JOBS" \
    "${labels[@]}" ${CTEST_ARGS:-}
  if [ "$preset" = fuzz ] && [ "$FUZZ_SECONDS" -gt 0 ]; then
    echo "== [$preset] fuzz every target for ${FUZZ_SECONDS}s ($(elapsed) so far)"
    scripts/ci-fuzz.sh --no-build --seconds "$FUZZ_SECONDS"
  fi
done
# The check of the check: told the list lacks a package the default build
# used, it must fail and name it.
if [ -f build/default/build.ninja ]; then
  if verdict=$(scripts/check-deps.sh --without libabsl-dev build/default 2>&1) ||
    ! grep -q 'package libabsl-dev' <<<"$verdict"; then
    echo "scripts/check-deps.sh missed a package absent from the list:" >&2
    echo "$verdict" >&2
    exit 1
  fi
fi
echo "== all tests passed (presets: $PRESETS) in $(elapsed)"
