// One concurrent chaos run: a wrapper chosen by name, hammered by seeded
// threads, its history checked for linearizability; and the trace a
// violation is saved as.
//
// Scenarios: rwmutex, cow, sharded (correct: a violation is a bug), and
// broken-cow, broken-rw (deliberately broken: a run that finds no
// violation only means the schedule did not expose the bug this time); and
// any subject, through the C ABI (run_concurrent_on).
#ifndef GOMAPFUZZ_CHAOS_CONCURRENT_SCENARIO_H_
#define GOMAPFUZZ_CHAOS_CONCURRENT_SCENARIO_H_

#include <string>
#include <string_view>
#include <vector>

#include "gomapfuzz/chaos/hammer.h"
#include "gomapfuzz/chaos/jitter.h"
#include "gomapfuzz/chaos/linearizability.h"
#include "gomapfuzz/harness/subject.h"

namespace gomapfuzz::chaos {

// The correct wrappers, then the broken ones.
const std::vector<std::string_view>& concurrent_scenarios();
bool is_concurrent_scenario(std::string_view name);
bool is_broken_scenario(std::string_view name);

struct ConcurrentRun {
  HammerResult hammer;
  LinReport lin;

  bool ok() const {
    return hammer.errors.empty() && lin.linearizable() && lin.complete();
  }
  std::string summary() const;  // one line
};

// Runs `scenario` once. mapcore's misuse handler is throw_on_misuse for the
// run (a report inside a wrapper becomes an error in the result).
ConcurrentRun run_concurrent(std::string_view scenario, const HammerOptions& h,
                             const JitterOptions& j,
                             const LinOptions& lin = {});

// Runs one history of a subject (subject_map.h): concurrent subjects (tier
// e) unlocked, any other serialized by a mutex.
ConcurrentRun run_concurrent_on(const Subject& s, const HammerOptions& h,
                                const JitterOptions& j,
                                const LinOptions& lin = {});

// The violating key's ops as a trace, in call order, each line commented
// with its thread, interval and the answer the wrapper gave. Replayed
// single-threaded (gomapfuzz repro) it shows what a linearizable map
// answers in call order; the comments show answers no order can explain.
std::string violation_trace(const ConcurrentRun& run, std::string_view scenario,
                            const std::string& reproduce);

}  // namespace gomapfuzz::chaos

#endif  // GOMAPFUZZ_CHAOS_CONCURRENT_SCENARIO_H_
