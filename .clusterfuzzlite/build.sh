#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build of gomapfuzz's fuzz targets: one CMake
# configure and build of the project with its tests and tools off
# (GOMAPFUZZ_BUILD_TESTS/TOOLS=OFF), which then needs only Boost.Container
# and xxHash, not the test dependencies the OSS-Fuzz images lack.
#
# Uses only the variables the OSS-Fuzz toolchain sets: CC, CXX, CFLAGS,
# CXXFLAGS (sanitizer and coverage flags included; CMake takes them from the
# environment), LIB_FUZZING_ENGINE (GOMAPFUZZ_LIB_FUZZING_ENGINE links the
# targets with it), OUT, SRC, WORK. Dependencies:
#   Boost.Container  $SRC/boost (sources, from the Dockerfile): built here
#                    with the same flags, so libc++ and every sanitizer
#                    match, and found through the CMake package b2 installs;
#                    else the system's
#   xxHash           $SRC/xxHash (sources): header-only via XXH_INLINE_ALL
#                    (GOMAPFUZZ_XXHASH_HEADER_ONLY); else the system's
# Output in $OUT: map_ops, map_iterate, map_alloc_faults, trace_parser, each
# with <target>_seed_corpus.zip (its seeds and regression inputs), its
# <target>.options (fuzz/targets/: max_len, timeout, rss_limit_mb, dict)
# and, where one helps, <target>.dict.
#
# Checked without Docker by pointing the variables at the local clang (see
# fuzz/README.md, "OSS-Fuzz and ClusterFuzzLite").
ROOT=${GOMAPFUZZ_SRC:-$(pwd)}
WORK=${WORK:-$(mktemp -d)}
JOBS=${BUILD_JOBS:-$(nproc)}
TARGETS="map_ops map_iterate map_alloc_faults trace_parser"

DEPS=()
if [ -d "$SRC/boost" ]; then
  (cd "$SRC/boost" &&
    ./bootstrap.sh --with-toolset=clang --with-libraries=container >/dev/null &&
    ./b2 -j"$JOBS" toolset=clang cxxflags="$CXXFLAGS -std=c++20" \
      linkflags="$CXXFLAGS" link=static variant=release \
      --with-container --prefix="$WORK/boost" install >/dev/null)
  DEPS+=(-DBoost_ROOT="$WORK/boost" -DBoost_USE_STATIC_LIBS=ON)
fi
if [ -d "$SRC/xxHash" ]; then
  DEPS+=(-DGOMAPFUZZ_XXHASH_HEADER_ONLY=ON -DXXHASH_INCLUDE_DIR="$SRC/xxHash")
fi
GENERATOR=()
if command -v ninja >/dev/null; then GENERATOR=(-G Ninja); fi

BUILD=$WORK/gomapfuzz-build
cmake -S "$ROOT" -B "$BUILD" "${GENERATOR[@]}" \
  -DCMAKE_BUILD_TYPE= \
  -DGOMAPFUZZ_BUILD_TESTS=OFF -DGOMAPFUZZ_BUILD_TOOLS=OFF \
  -DGOMAPFUZZ_BENCH=OFF -DGOMAPFUZZ_FUZZ_TARGETS=ON \
  -DGOMAPFUZZ_LIB_FUZZING_ENGINE="$LIB_FUZZING_ENGINE" \
  "${DEPS[@]}"
# shellcheck disable=SC2086  # one target name each
cmake --build "$BUILD" -j "$JOBS" --target $TARGETS

for t in $TARGETS; do
  cp "$BUILD/fuzz/$t" "$OUT/$t"
  rm -f "$OUT/${t}_seed_corpus.zip"
  # shellcheck disable=SC2046
  zip -q -j "$OUT/${t}_seed_corpus.zip" "$ROOT/corpus/$t"/* \
    $(ls "$ROOT"/corpus/regressions/"$t"-*.raw 2>/dev/null)
  cp "$ROOT/fuzz/targets/$t.options" "$OUT/$t.options"
  if [ -f "$ROOT/corpus/dictionaries/$t.dict" ]; then
    cp "$ROOT/corpus/dictionaries/$t.dict" "$OUT/$t.dict"
  fi
done
echo "build.sh: built $TARGETS into $OUT"
