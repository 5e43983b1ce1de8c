// The chaos part of the map suite (gomapfuzz_add_map_suite): the
// out-of-memory sweep of the subject linked into this binary. Every
// allocation of each trace is failed in turn (chaos/fault_sweep.h,
// sweep_subject_trace); the subject must report it and leave the map as it
// was, and leak nothing. Needs tier b: without it the sweep is reported
// skipped (exit 77, which the suite's ctest shows as skipped).
//
//   NAME_chaos [--generated N] [--seed S] [--max-points K] [TRACE...]
//
// --generated N traces (default 20) are drawn for the subject as
// `gomapfuzz fuzz`'s alloc_faults work draws them, from seeds S.. (default
// 1); TRACE files and folders (*.txt) add text traces, those the subject
// cannot run (key type, hasher, values) reported skipped. --max-points K
// fails K evenly spread allocations per trace instead of every one.
// Exit status: 0 clean, 1 a failure (printed with its trace and fault
// plan), 2 bad arguments, 77 skipped.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "gomapfuzz/chaos/fault_sweep.h"
#include "gomapfuzz/fuzz/fuzz_run.h"
#include "gomapfuzz/fuzz/subject_campaign.h"
#include "gomapfuzz/harness/subject_replay.h"
#include "gomapfuzz/harness/trace_files.h"

// The subject: defined by the library the suite was built against.
extern "C" const gomapfuzz_subject_v1* gomapfuzz_subject_v1_get(void);

namespace {

using namespace gomapfuzz;

constexpr int kExitSkipped = 77;

int usage(const char* argv0, const std::string& why) {
  std::fprintf(stderr,
               "%s: %s\nusage: %s [--generated N] [--seed S] "
               "[--max-points K] [TRACE_FILE_OR_FOLDER...]\n",
               argv0, why.c_str(), argv0);
  return 2;
}

bool parse_u64(const char* s, uint64_t& out) {
  char* end = nullptr;
  out = std::strtoull(s, &end, 10);
  return *s != '\0' && *s != '-' && *end == '\0';
}

}  // namespace

int main(int argc, char** argv) {
  uint64_t generated = 20, seed = 1;
  chaos::SweepOptions options;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    uint64_t* value = a == "--generated"    ? &generated
                      : a == "--seed"       ? &seed
                      : a == "--max-points" ? &options.max_points
                                            : nullptr;
    if (value) {
      if (i + 1 == argc || !parse_u64(argv[i + 1], *value)) {
        return usage(argv[0], a + " needs an unsigned integer");
      }
      ++i;
    } else if (a.rfind("--", 0) == 0) {
      return usage(argv[0], "unknown option " + a);
    } else {
      paths.push_back(a);
    }
  }

  const Subject s = linked_subject_or_exit(gomapfuzz_subject_v1_get());
  if (!s.has(GOMAPFUZZ_TIER_ALLOCATOR)) {
    std::printf(
        "skipped: %s has no tier b (allocator): its allocations "
        "cannot be failed\n",
        s.name().c_str());
    return kExitSkipped;
  }

  struct Named {
    std::string name;
    Trace trace;
  };
  std::vector<Named> traces;
  for (uint64_t i = 0; i < generated; ++i) {
    traces.push_back({"seed " + std::to_string(seed + i),
                      subject_case("alloc_faults", seed + i, s.abi().tiers,
                                   s.abi().key_kinds)
                          .trace});
  }
  for (const auto& f : trace_files(paths)) {
    try {
      Trace t = read_trace_file(f.string());
      if (const std::string why = why_not_runnable(s, t); !why.empty()) {
        std::printf("%s: skipped: %s\n", f.c_str(), why.c_str());
        continue;
      }
      traces.push_back({f.string(), std::move(t)});
    } catch (const TraceError& e) {
      return usage(argv[0], e.what());
    }
  }

  const std::string points = options.max_points == 0
                                 ? "every allocation failed in turn"
                                 : "at most " +
                                       std::to_string(options.max_points) +
                                       " fault points each";
  std::printf("sweeping %s (tiers %s): %zu traces, %s\n", s.name().c_str(),
              s.tiers_text().c_str(), traces.size(), points.c_str());
  options.progress = [](const std::string& line) {
    std::printf("  %s\n", line.c_str());
  };
  chaos::SweepReport all;
  for (const auto& [name, trace] : traces) {
    all.add(chaos::sweep_subject_trace(s, trace, name, options));
  }
  std::printf("%s\n", all.figures.text().c_str());
  for (const auto& f : all.failures) {
    const auto it =
        std::find_if(traces.begin(), traces.end(),
                     [&](const Named& n) { return n.name == f.trace_name; });
    std::printf(
        "FAILED %s: %s\n-- the trace (with its fault plan) --\n%s%s"
        "-- end of trace --\n",
        f.trace_name.c_str(), f.what.c_str(),
        format_fault_comment(f.plan).c_str(), print_trace(it->trace).c_str());
  }
  return all.ok() ? 0 : 1;
}
