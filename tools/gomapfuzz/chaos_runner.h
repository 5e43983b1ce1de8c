// `gomapfuzz chaos`, presented: every chaos scenario behind one entry point
// that prints progress, figures and failures, saves failures as traces and
// returns the exit status. The work itself is the chaos library's
// (fault_sweep.h, concurrent_scenario.h, misuse_experiment.h); this is the
// CLI's part of it, apart from the flag parsing (cmd_chaos.cc), so that
// tests run exactly what the CLI runs.
//
//   sweep       the out-of-memory sweep (fault_sweep.h) over --trace files
//               and folders, or over traces generated from the seeds
//   misuse      unsynchronized writers on a raw map (misuse_experiment.h)
//   rwmutex, cow, sharded, broken-cow, broken-rw
//               a wrapper hammered by --threads threads, its history
//               checked for linearizability (concurrent_scenario.h)
//   subject     the same for --subject NAME|LIB (subject_map.h): a library
//               runs in a sandbox child
//
// Runs use seeds seed .. seed + runs - 1; each prints its seed and the
// command that replays it alone. A failure is saved as a trace in
// --save-dir.
#ifndef GOMAPFUZZ_TOOLS_CHAOS_RUNNER_H_
#define GOMAPFUZZ_TOOLS_CHAOS_RUNNER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "gomapfuzz/harness/budget.h"
#include "gomapfuzz/harness/rerun_command.h"

namespace gomapfuzz::cli {

struct ChaosOptions {
  std::string scenario = "rwmutex";
  uint64_t seed = 1;
  uint64_t runs = 1;
  int threads = 4;
  uint64_t ops = 200;  // per thread; per generated trace for sweep
  uint64_t keys = 6;   // key space of the concurrent scenarios
  bool jitter = true;
  // sweep
  std::vector<std::string> traces;  // files or folders (*.txt, recursive)
  uint64_t burst = 0;
  uint64_t max_points = 0;          // per trace; 0: every allocation
  uint64_t check_every = 0;         // full checks; every other op incrementally
  std::optional<uint64_t> fail_at;  // replay one fault point
  // Instead of fault points: one run per trace with every allocation
  // failing with this probability (seeded by the run's seed)...
  double fail_probability = 0;
  // ...or every allocation past this many live bytes failing.
  std::optional<uint64_t> byte_budget;
  // misuse
  double hash_yield = 0;
  // subject: a built-in subject's name or a subject library's path
  std::string subject;
  double plugin_timeout = 10;  // a library op longer than this is a hang
  // where failures are saved as traces
  std::string save_dir = "chaos-failures";
  // What a run may cost, predicted before it starts (harness/budget.h).
  ResourceBudget budget;
  // Progress for a watching human: (what, unit, done, total), called often.
  std::function<void(const std::string&, const std::string&, uint64_t,
                     uint64_t)>
      progress;
};

// The names --scenario accepts.
std::vector<std::string> chaos_scenarios();

// Runs the scenario, printing progress, figures and failures to `out`.
// Returns 0 (nothing found), 1 (a failure found) or 2 (bad input).
int run_chaos(const ChaosOptions& o, std::ostream& out);

// The command that replays one seed of the scenario: the options as flags.
RerunCommand reproduce_command(const ChaosOptions& o, uint64_t seed);

}  // namespace gomapfuzz::cli

#endif  // GOMAPFUZZ_TOOLS_CHAOS_RUNNER_H_
