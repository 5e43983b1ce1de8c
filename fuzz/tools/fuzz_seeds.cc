// fuzz_seeds: the seed corpora are written as text traces (readable,
// reviewable) in fuzz/seeds/<target>/NAME.txt and committed as the raw
// inputs that decode to them in corpus/<target>/NAME.
//
//   fuzz_seeds write fuzz/seeds/map_ops corpus/map_ops   (re)encode
//   fuzz_seeds check fuzz/seeds/map_ops corpus/map_ops   verify (ctest)
//   ... [--max-len N]    and fail on a seed longer than the target's max_len
//
// `check` fails when a seed no longer decodes to its trace (the generator in
// op_source.h changed): rerun `write` to bring the seeds back in line. With
// --max-len (the target's .options, passed by ctest) both modes fail on a
// seed longer than that: libFuzzer cuts such an input to max_len when it
// loads the corpus, so the fuzzer would start from a shorter trace than the
// seed's source says.
// trace_parser seeds are text inputs already and are copied as they are.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "gomapfuzz/harness/fuzz_decode.h"

namespace {

namespace fs = std::filesystem;
using namespace gomapfuzz;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The raw input a seed trace becomes for this target.
std::string seed_bytes(FuzzTarget t, const fs::path& src) {
  const std::string text = slurp(src);
  if (t == FuzzTarget::kTraceParser) return text;
  const Trace trace = parse_trace(text, src.string());
  const FaultPlan faults =
      find_fault_comment(text, src.string()).value_or(FaultPlan{});
  return encode_fuzz_input(t, trace, faults);
}

int run(const std::string& mode, const fs::path& seeds, const fs::path& out,
        std::size_t max_len) {
  const auto target = fuzz_target_from_path((seeds / "x").string());
  if (!target) {
    std::fprintf(stderr, "fuzz_seeds: %s is not named after a fuzz target\n",
                 seeds.c_str());
    return 2;
  }
  std::vector<fs::path> sources;
  for (const auto& e : fs::directory_iterator(seeds)) {
    if (e.path().extension() == ".txt") sources.push_back(e.path());
  }
  std::sort(sources.begin(), sources.end());
  if (mode == "write") fs::create_directories(out);
  int stale = 0, too_long = 0;
  for (const auto& src : sources) {
    const fs::path dst = out / src.stem();
    std::string bytes;
    try {
      bytes = seed_bytes(*target, src);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "fuzz_seeds: %s: %s\n", src.c_str(), e.what());
      return 2;
    }
    if (bytes.size() > max_len) {
      std::fprintf(stderr,
                   "fuzz_seeds: %s encodes to %zu bytes, above the target's "
                   "max_len of %zu (libFuzzer would cut it): shorten the "
                   "trace in its generator\n",
                   src.c_str(), bytes.size(), max_len);
      ++too_long;
    }
    if (mode == "write") {
      std::ofstream(dst, std::ios::binary | std::ios::trunc) << bytes;
      std::printf("%s -> %s (%zu bytes)\n", src.c_str(), dst.c_str(),
                  bytes.size());
    } else if (!fs::exists(dst) || slurp(dst) != bytes) {
      std::fprintf(stderr, "fuzz_seeds: %s is stale: not the encoding of %s\n",
                   dst.c_str(), src.c_str());
      ++stale;
    }
  }
  if (stale) {
    std::fprintf(stderr,
                 "fuzz_seeds: %d stale seeds; regenerate them with: "
                 "fuzz_seeds write %s %s\n",
                 stale, seeds.c_str(), out.c_str());
    return 1;
  }
  if (too_long) return 1;
  if (mode == "check") {
    std::printf("fuzz_seeds: %zu seeds of %s are current\n", sources.size(),
                std::string(fuzz_target_name(*target)).c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  std::size_t max_len = std::numeric_limits<std::size_t>::max();
  bool ok = (args.size() == 3 || args.size() == 5) &&
            (args[0] == "write" || args[0] == "check");
  if (ok && args.size() == 5) {
    ok = args[3] == "--max-len" && !args[4].empty() &&
         args[4].find_first_not_of("0123456789") == std::string::npos &&
         args[4].size() < 10;
    if (ok) max_len = std::stoul(args[4]);
  }
  if (!ok) {
    std::fprintf(stderr,
                 "usage: fuzz_seeds write|check SEEDS_DIR CORPUS_DIR "
                 "[--max-len N]\n");
    return 2;
  }
  return run(args[0], args[1], args[2], max_len);
}
