#!/usr/bin/env bash
# Builds gomapfuzz and runs its tests: the README's test command, and what CI
# runs. Installs missing Debian packages first.
#
#   scripts/test.sh              default (g++) and asan (ASan+UBSan) presets
#   PRESETS="default" scripts/test.sh     only some presets
#   CTEST_ARGS="-L unit" scripts/test.sh  pass arguments to ctest
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
need_packages "${BUILD_PACKAGES[@]}"

PRESETS=${PRESETS:-"default asan"}
JOBS=${JOBS:-$(nproc)}
for preset in $PRESETS; do
  echo "== [$preset] configure + build"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$JOBS"
  echo "== [$preset] test"
  # shellcheck disable=SC2086
  ctest --preset "$preset" -j "$JOBS" ${CTEST_ARGS:-}
done
echo "== all tests passed (presets: $PRESETS)"
