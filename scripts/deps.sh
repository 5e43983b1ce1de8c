# Installs the Debian packages gomapfuzz needs, when they are missing.
# Sourced by the other scripts: `need_packages pkg...`.
need_packages() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "== installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Everything the build and the tests use. scripts/check-deps.sh proves the
# list complete after every build of scripts/test.sh: a header, library or
# tool from a package that is neither here nor pulled in by one of these
# fails the run with the package's name.
BUILD_PACKAGES=(cmake ninja-build g++ clang libclang-rt-14-dev libfuzzer-14-dev
  libgtest-dev libgmock-dev libbenchmark-dev librapidcheck-dev
  libboost-container-dev libxxhash-dev libcli11-dev nlohmann-json3-dev
  libabsl-dev liburcu-dev golang-1.19-go python3 time)
