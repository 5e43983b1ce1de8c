#!/usr/bin/env bash
# Proves scripts/deps.sh's package list complete for a finished build: every
# system file the build read (each header it compiled against, from
# `ninja -t deps`; each library it linked, from the link commands; the
# compiler, build tool and Go toolchain it ran) must belong to a Debian
# package that is in BUILD_PACKAGES or in their Depends closure
# (`apt-cache depends --recurse`). Otherwise a fresh machine, which has only
# what the scripts install, cannot build: the check fails naming the package
# to add and the files that need it.
#
#   scripts/check-deps.sh build/default [more build dirs]
#   scripts/check-deps.sh --without libabsl-dev build/default
#                 the check of the check: as if the list lacked a package
#                 (it must then fail, naming it)
#
# Run by scripts/test.sh after each preset's build, so by CI. Files inside
# the source or build tree are the project's own and are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
# shellcheck source=scripts/deps.sh
source scripts/deps.sh

without=()
while [ "${1:-}" = --without ]; do
  without+=("$2")
  shift 2
done
packages=()
for p in "${BUILD_PACKAGES[@]}"; do
  case " ${without[*]:-} " in *" $p "*) ;; *) packages+=("$p") ;; esac
done

[ $# -ge 1 ] || {
  echo "check-deps.sh: usage: check-deps.sh BUILD_DIR..." >&2
  exit 2
}
for dir in "$@"; do
  [ -f "$dir/build.ninja" ] || {
    echo "check-deps.sh: $dir is not a finished Ninja build (no build.ninja)" >&2
    exit 2
  }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. The system files each build used, one absolute path a line.
used_files() {
  local dir=$1
  # Headers: ninja records each object's dependencies as reported by the
  # compiler (-MD); the indented lines are the files.
  ninja -C "$dir" -t deps | sed -n 's/^    //p'
  # Libraries: absolute .a/.so paths on the link lines (CMake links imported
  # targets by full path).
  ninja -C "$dir" -t commands | tr ' ' '\n' |
    grep -E '^/[^ ]+\.(a|so)(\.[0-9.]+)?$' || true
  # Tools the build ran.
  local cache=$dir/CMakeCache.txt
  sed -n -e 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' -e 's/^CMAKE_MAKE_PROGRAM:[A-Z]*=//p' \
    -e 's/^GOMAPFUZZ_GO:[A-Z]*=//p' -e 's/^CMAKE_COMMAND:[A-Z]*=//p' "$cache"
}
for dir in "$@"; do used_files "$dir"; done | sort -u >"$work/raw"

# Resolve symlinks and ../ (a header reached as
# /usr/lib/gcc/x86_64-linux-gnu/12/../../../../include/c++/12/vector belongs
# to the package that installed /usr/include/c++/12/vector), and drop the
# project's own files (relative paths are the build's own, inside its tree).
while IFS= read -r f; do
  case "$f" in /*) ;; *) continue ;; esac
  r=$(realpath -e "$f" 2>/dev/null) || continue
  case "$r" in "$ROOT"/*) continue ;; esac
  printf '%s\n' "$r"
done <"$work/raw" | sort -u >"$work/files"

# 2. The package owning each file, as "package<TAB>path" lines. Debian 12
# has merged /usr: dpkg may have recorded a file under /lib, /bin or /sbin
# though it is reached through /usr, so an unowned /usr path is asked again
# without its /usr (and reported under the path the build used).
owners() {
  xargs -d '\n' -n 200 sh -c 'dpkg -S "$@" 2>/dev/null || true' _ |
    grep -v '^diversion by' |
    sed -E 's/^([^:, ]+)(:[a-z0-9]+)?(, [^:]+)*: (.*)$/\1\t\4/' || true
}
owners <"$work/files" >"$work/owned"
cut -f2 "$work/owned" | sort -u | comm -23 "$work/files" - >"$work/unowned"
sed 's|^/usr/|/|' "$work/unowned" | owners | sed 's|\t/|\t/usr/|' >>"$work/owned"
cut -f2 "$work/owned" | sort -u | comm -23 "$work/files" - >"$work/unowned_left"

# 3. What deps.sh installs, with everything apt installs along with it.
apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
  --no-breaks --no-replaces --no-enhances "${packages[@]}" 2>/dev/null |
  sed -n -E -e 's/^([a-z0-9][^ ]*)$/\1/p' \
    -e 's/^ +(\|)?(Pre)?Depends: ([^<> ]+)$/\3/p' \
    -e 's/^    ([a-z0-9][^ ]*)$/\1/p' |
  sed 's/:any$//' | sort -u >"$work/closure"

# 4. Verdict: every owning package must be in the closure.
cut -f1 "$work/owned" | sort -u >"$work/needed"
comm -23 "$work/needed" "$work/closure" >"$work/missing"
n_files=$(wc -l <"$work/files")
n_pkgs=$(wc -l <"$work/needed")
status=0
if [ -s "$work/missing" ]; then
  status=1
  while IFS= read -r pkg; do
    count=$(awk -F'\t' -v p="$pkg" '$1 == p' "$work/owned" | wc -l)
    example=$(awk -F'\t' -v p="$pkg" '$1 == p {print $2; exit}' "$work/owned")
    echo "check-deps: the build uses package $pkg ($count files, e.g. $example)," \
      "which scripts/deps.sh does not install: add it to BUILD_PACKAGES" >&2
  done <"$work/missing"
fi
if [ -s "$work/unowned_left" ]; then
  status=1
  while IFS= read -r f; do
    echo "check-deps: the build uses $f, which no Debian package owns" \
      "(installed by hand?): the scripts cannot install it on a fresh machine" >&2
  done <"$work/unowned_left"
fi
if [ $status -eq 0 ]; then
  echo "check-deps: $n_files system files from $n_pkgs packages, all installed" \
    "by scripts/deps.sh (${#packages[@]} listed, $(wc -l <"$work/closure") with their Depends)"
fi
exit $status
