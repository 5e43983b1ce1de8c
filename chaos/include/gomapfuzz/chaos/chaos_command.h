// `gomapfuzz chaos`: every chaos scenario behind one entry point, so the
// CLI stays a flag parser and tests can run exactly what the CLI runs.
//
//   sweep       the out-of-memory sweep (fault_sweep.h) over --trace files
//               and folders, or over traces generated from the seeds
//   misuse      unsynchronized writers on a raw map (misuse_experiment.h)
//   rwmutex, cow, sharded, broken-cow, broken-rw
//               a wrapper hammered by --threads threads, its history
//               checked for linearizability (concurrent_scenario.h)
//
// Runs use seeds seed .. seed + runs - 1; each prints its seed and the
// command that replays it alone. A failure is saved as a trace in
// --save-dir.
#ifndef GOMAPFUZZ_CHAOS_CHAOS_COMMAND_H_
#define GOMAPFUZZ_CHAOS_CHAOS_COMMAND_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "gomapfuzz/harness/budget.h"

namespace gomapfuzz::chaos {

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

// The command that replays one seed of the scenario.
std::string reproduce_command(const ChaosOptions& o, uint64_t seed);

}  // namespace gomapfuzz::chaos

#endif  // GOMAPFUZZ_CHAOS_CHAOS_COMMAND_H_
