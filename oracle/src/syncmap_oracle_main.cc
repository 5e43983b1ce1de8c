// syncmap_oracle: syncmap::SyncMap against the real Go 1.19 sync.Map.
//
//   syncmap_oracle TRACE...                    committed syncmap traces
//   syncmap_oracle --random N --seed S [--ops K]
//   ... --expect-divergence                    exit 0 only if one diverges
//                                              (the planted-bug builds)
// Exit: 0 agree, 1 divergence, 2 bad input, 77 no Go 1.19 (skipped; a
// failure under CI=true).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "gomapfuzz/oracle/go_process.h"
#include "gomapfuzz/oracle/syncmap_oracle.h"

using namespace gomapfuzz;
using namespace gomapfuzz::oracle;

namespace {

[[noreturn]] void bad(const std::string& msg) {
  std::fprintf(stderr, "syncmap_oracle: %s\n", msg.c_str());
  std::exit(2);
}

uint64_t number(const char* flag, const char* s) {
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(s, &end, 10);
  if (!*s || *end || errno || s[0] == '-')
    bad(std::string(flag) + ": '" + s + "' is not a number");
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> files;
  uint64_t random = 0, seed = 1, ops = 300;
  bool expect_divergence = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&] {
      if (i + 1 >= argc) bad(a + ": missing value");
      return argv[++i];
    };
    if (a == "--random") {
      random = number("--random", next());
    } else if (a == "--seed") {
      seed = number("--seed", next());
    } else if (a == "--ops") {
      ops = number("--ops", next());
    } else if (a == "--expect-divergence") {
      expect_divergence = true;
    } else if (a.rfind("--", 0) == 0) {
      bad("unknown flag " + a);
    } else {
      files.push_back(a);
    }
  }
  if (files.empty() == (random == 0)) bad("give trace files or --random N");
  const std::string go = syncmap_go_binary();
  if (go.empty()) {
    std::fprintf(stderr, "syncmap_oracle: skipped: %s\n",
                 syncmap_go_missing().c_str());
    const char* ci = std::getenv("CI");
    return ci && std::strcmp(ci, "true") == 0 ? 1 : 77;
  }
  SyncMapOracleReport total;
  uint64_t traces = 0;
  auto one = [&](const Trace& t, const std::string& name,
                 const std::string& rerun) {
    SyncMapOracleReport r = run_syncmap_oracle(t, go);
    ++traces;
    total.ops += r.ops;
    total.promotions += r.promotions;
    total.expunged += r.expunged;
    total.range_yields += r.range_yields;
    if (r.divergence) {
      std::printf("DIVERGENCE in %s at %s\nrerun: %s\n", name.c_str(),
                  r.divergence->c_str(), rerun.c_str());
      return false;
    }
    return true;
  };
  bool diverged = false;
  try {
    for (const auto& f : files) {
      Trace t = read_trace_file(f);
      if (!t.syncmap) bad(f + ": not a syncmap trace (no 'syncmap' line)");
      if (!one(t, f, std::string(argv[0]) + " " + f)) diverged = true;
      if (diverged) break;
    }
    for (uint64_t i = 0; i < random && !diverged; ++i) {
      const Trace t = draw_syncmap_trace(seed + i, ops);
      if (!one(t, "random trace seed " + std::to_string(seed + i),
               std::string(argv[0]) + " --random 1 --seed " +
                   std::to_string(seed + i) + " --ops " + std::to_string(ops)))
        diverged = true;
    }
  } catch (const TraceError& e) {
    bad(e.what());
  } catch (const OracleError& e) {
    std::fprintf(stderr, "syncmap_oracle: %s\n", e.what());
    return 1;
  }
  std::printf(
      "%llu traces, %llu ops: results and states compared after every op, "
      "%llu promotions, %llu states with expunged entries, %llu range "
      "yields; %s\n",
      (unsigned long long)traces, (unsigned long long)total.ops,
      (unsigned long long)total.promotions, (unsigned long long)total.expunged,
      (unsigned long long)total.range_yields,
      diverged ? "a divergence" : "zero divergences");
  if (expect_divergence) {
    std::printf(diverged ? "the planted bug was caught\n"
                         : "FAIL: the planted bug was not caught\n");
    return diverged ? 0 : 1;
  }
  return diverged ? 1 : 0;
}
