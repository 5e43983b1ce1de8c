#!/usr/bin/env bash
# The main job: what users run in their CI fuzz jobs. Installs missing Debian
# packages, builds, replays the whole corpus with invariant checks, and ends
# with a summary. (The libFuzzer campaign joins this same command.)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
need_packages "${BUILD_PACKAGES[@]}"

cmake --preset default >/dev/null
cmake --build --preset default -j "$(nproc)" --target gomapfuzz
echo "== corpus replay"
status=0
shopt -s nullglob
for f in corpus/traces/*.txt corpus/regressions/*.txt corpus/oracle/*.txt; do
  build/default/tools/gomapfuzz repro "$f" || status=1
done
exit $status
