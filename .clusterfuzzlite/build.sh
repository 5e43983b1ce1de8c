#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build of gomapfuzz's fuzz targets.
#
# Uses only the variables the OSS-Fuzz toolchain sets: CC, CXX, CFLAGS,
# CXXFLAGS (sanitizer and coverage flags included), LIB_FUZZING_ENGINE, OUT,
# SRC, WORK. The targets are compiled straight from the library sources
# (mapcore/src, harness/src, fuzz/src: globbed, so new files need no edit
# here) rather than through the top-level CMake project, whose test
# dependencies (GoogleTest, RapidCheck, CLI11, nlohmann-json) the fuzz
# targets do not need and the OSS-Fuzz images do not have. Dependencies:
#   Boost.Container  $SRC/boost (sources, from the Dockerfile): built here
#                    with the same flags, so libc++ and every sanitizer
#                    match; else the system's -lboost_container
#   xxHash           $SRC/xxHash (sources): header-only via XXH_INLINE_ALL;
#                    else the system's -lxxhash
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

FDP_DIR=$($CXX -print-resource-dir)/include/fuzzer
[ -f "$FDP_DIR/FuzzedDataProvider.h" ] || {
  echo "build.sh: FuzzedDataProvider.h not found under $FDP_DIR" >&2
  exit 1
}

DEP_FLAGS=""
DEP_LIBS=""
if [ -d "$SRC/boost" ]; then
  (cd "$SRC/boost" &&
    ./bootstrap.sh --with-toolset=clang --with-libraries=container >/dev/null &&
    ./b2 -j"$JOBS" toolset=clang cxxflags="$CXXFLAGS -std=c++20" \
      linkflags="$CXXFLAGS" link=static variant=release \
      --with-container --prefix="$WORK/boost" install >/dev/null)
  DEP_FLAGS="$DEP_FLAGS -I$WORK/boost/include"
  DEP_LIBS="$DEP_LIBS $WORK/boost/lib/libboost_container.a"
else
  DEP_LIBS="$DEP_LIBS -lboost_container"
fi
if [ -d "$SRC/xxHash" ]; then
  DEP_FLAGS="$DEP_FLAGS -I$SRC/xxHash -DXXH_INLINE_ALL"
else
  DEP_LIBS="$DEP_LIBS -lxxhash"
fi

FLAGS="$CXXFLAGS -std=c++20 -I$ROOT/mapcore/include -I$ROOT/harness/include \
  -I$ROOT/fuzz/include -I$FDP_DIR $DEP_FLAGS"
# Coverage of the checking machinery is not counted (see the list).
case "$CXXFLAGS" in
  *fuzzer-no-link*)
    FLAGS="$FLAGS -fsanitize-coverage-ignorelist=$ROOT/fuzz/coverage_ignorelist.txt" ;;
esac

# The libraries, compiled in parallel into one archive.
OBJ=$WORK/gomapfuzz-obj
rm -rf "$OBJ" && mkdir -p "$OBJ"
export FLAGS OBJ CXX
# shellcheck disable=SC2016  # expanded by the inner sh
find "$ROOT/mapcore/src" "$ROOT/harness/src" "$ROOT/fuzz/src" -name '*.cc' \
  -print0 | xargs -0 -P "$JOBS" -I{} sh -c \
    'o=$OBJ/$(echo "$1" | tr / _).o; $CXX $FLAGS -c "$1" -o "$o"' sh {}
rm -f "$WORK/libgomapfuzz_fuzz_all.a"
ar rcs "$WORK/libgomapfuzz_fuzz_all.a" "$OBJ"/*.o

for t in $TARGETS; do
  # shellcheck disable=SC2086
  $CXX $FLAGS "$ROOT/fuzz/targets/$t.cc" -o "$OUT/$t" $LIB_FUZZING_ENGINE \
    "$WORK/libgomapfuzz_fuzz_all.a" $DEP_LIBS
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
