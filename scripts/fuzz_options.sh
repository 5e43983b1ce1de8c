# shellcheck shell=bash
# Sourced by the scripts that run fuzz targets (scripts/ci-fuzz.sh,
# fuzz/mutants/run.sh, fuzz/bench/run.sh): a target's libFuzzer options come
# from its <target>.options file, the same file OSS-Fuzz / ClusterFuzzLite
# read beside the binary (.clusterfuzzlite/build.sh installs them), never
# from flags kept in a script.
#
#   fuzz_options_file ROOT TARGET      the file's path (fuzz/targets/ or the
#                                      target's own folder), or nothing
#   fuzz_options_flags ROOT TARGET     its [libfuzzer] section as flags, one
#                                      per line: "-max_len=8192" ...; a dict
#                                      name resolves to corpus/dictionaries/

fuzz_options_file() {
  local root=$1 target=$2 dir
  for dir in fuzz/targets tools/cli_fuzz; do
    if [ -f "$root/$dir/$target.options" ]; then
      echo "$root/$dir/$target.options"
      return
    fi
  done
}

# Its argument without leading and trailing blanks.
fuzz_options_trim() {
  local s=$1
  s=${s#"${s%%[![:space:]]*}"}
  printf '%s' "${s%"${s##*[![:space:]]}"}"
}

fuzz_options_flags() {
  local root=$1 target=$2 file section="" line key value
  file=$(fuzz_options_file "$root" "$target")
  [ -n "$file" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    line=$(fuzz_options_trim "${line%%#*}")
    case "$line" in
      "") continue ;;
      \[*\]) section=${line#[}; section=${section%]}; continue ;;
    esac
    [ "$section" = libfuzzer ] || continue
    key=$(fuzz_options_trim "${line%%=*}")
    value=$(fuzz_options_trim "${line#*=}")
    if [ "$key" = dict ]; then value=$root/corpus/dictionaries/$value; fi
    echo "-$key=$value"
  done <"$file"
}
