// checker_cross_check [--random N [--seed S]] FILE|DIR...: replays each
// text trace (and N traces drawn by the harness's op generator from seeds
// S..S+N-1, all hashers and key types) twice, once with
// the full invariant check after every op and once with the incremental one
// (mapcore::IncrementalInvariants, full checks only at growth edges, make,
// clear and the end), and fails unless both give the same verdict: both
// pass, or both fail with the same reason. A failure the full check finds
// at op k the incremental one must find at op k too when it lies in what op
// k touched; when it lies elsewhere it may come at the next full check,
// later, and the tool says so (exit 0 for such a "later" agreement only
// with --allow-later).
//
// ctest runs it over every committed trace (label unit); the mutation
// self-test runs it against each planted mapcore bug
// (fuzz/mutants/cross_check.sh), which is where it can fail.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "gomapfuzz/harness/op_source.h"
#include "gomapfuzz/harness/replayer.h"
#include "gomapfuzz/harness/trace.h"
#include "gomapfuzz/harness/trace_files.h"

namespace {


// The rule a failure names ("invariant violated: count at map: ..." ->
// "count"), or its whole reason.
std::string rule_of(const gomapfuzz::ReplayFailure& f) {
  if (!f.violations.empty()) return f.violations[0].rule;
  return f.reason;
}

struct Named {
  std::string name;
  gomapfuzz::Trace trace;
};

}  // namespace

int main(int argc, char** argv) {
  bool allow_later = false;
  uint64_t random = 0, seed = 1;
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--allow-later") == 0) {
      allow_later = true;
    } else if (std::strcmp(argv[i], "--random") == 0 && i + 1 < argc) {
      random = std::stoull(argv[++i]);
    } else if (std::strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
      seed = std::stoull(argv[++i]);
    } else {
      args.push_back(argv[i]);
    }
  }
  std::vector<Named> all;
  for (const auto& path : gomapfuzz::trace_files(args)) {
    try {
      all.push_back({path, gomapfuzz::read_trace_file(path)});
    } catch (const gomapfuzz::TraceError& e) {
      std::printf("skip %s: %s\n", path.c_str(), e.what());
    }
  }
  for (uint64_t s = seed; s < seed + random; ++s) {
    gomapfuzz::SeededChoices choices(s);
    all.push_back(
        {"random seed " + std::to_string(s), gomapfuzz::draw_trace(choices)});
  }
  int traces = 0, failing = 0, same_op = 0, later = 0, disagree = 0;
  for (const auto& [path, t] : all) {
    ++traces;
    const auto full = gomapfuzz::replay(t, {.check_every = 1});
    const auto incremental =
        gomapfuzz::replay(t, {.check_every = 0, .incremental_checks = true});
    if (full.ok() && incremental.ok()) continue;
    ++failing;
    std::string verdict;
    if (full.ok() != incremental.ok()) {
      verdict = full.ok() ? "only the incremental check fails"
                          : "only the full check fails";
      ++disagree;
    } else if (rule_of(*full.failure) != rule_of(*incremental.failure)) {
      verdict = "different rules: " + rule_of(*full.failure) + " vs " +
                rule_of(*incremental.failure);
      ++disagree;
    } else if (full.failure->op_index == incremental.failure->op_index) {
      verdict = "same op";
      ++same_op;
    } else {
      verdict = "incremental later, at op " +
                std::to_string(incremental.failure->op_index);
      ++later;
      if (!allow_later) ++disagree;
    }
    std::printf("%s: full check: %s; incremental: %s\n", path.c_str(),
                full.ok() ? "ok" : full.failure->summary().c_str(),
                verdict.c_str());
  }
  std::printf(
      "%d traces, %d failing: %d at the same op, %d later, %d disagree\n",
      traces, failing, same_op, later, disagree);
  return traces > 0 && disagree == 0 ? 0 : 1;
}
