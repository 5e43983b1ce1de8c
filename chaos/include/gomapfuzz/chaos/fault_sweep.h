// The out-of-memory sweep: every allocation of a trace, failed in turn.
//
// In the style of SQLite's OOM tests: replay a trace once to count its
// allocations, then once more for each allocation k with allocation k made
// to throw std::bad_alloc (and, for bursts, k..k+n: the op that failed and
// the retries after it). mapcore promises the strong guarantee: every
// allocation an op may need is made before the map changes, so the op that
// meets the fault must leave the map exactly as it was. Each run checks:
//
//   * the replayer's own checks: the layout dump after the failed op equals
//     the one before, invariants hold (including "plan": no allocation the
//     plan did not foresee), the model agrees on every later op, and the map
//     leaves zero bytes behind when destroyed;
//   * entries lost: right after each failed op and after the last op, every
//     entry of the model is looked up in the map (value included);
//   * the ledger (LedgerResource under the replayer's resources) is empty
//     after the run; a leak is reported with the op that allocated it;
//   * the fault was really injected (a fault point the run never reached
//     would be a sweep that tests nothing).
//
// The sweep is deterministic: a failure is reproduced by its trace and its
// fail_at list (gomapfuzz chaos --scenario sweep --trace F --fail-at K).
#ifndef GOMAPFUZZ_CHAOS_FAULT_SWEEP_H_
#define GOMAPFUZZ_CHAOS_FAULT_SWEEP_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gomapfuzz/harness/replayer.h"
#include "gomapfuzz/harness/subject.h"
#include "gomapfuzz/harness/trace.h"

namespace gomapfuzz::chaos {

struct SweepOptions {
  // Also fail the `burst` allocations after k (0: only k).
  uint64_t burst = 0;
  // At most this many fault points per trace, evenly spaced over its
  // allocations (0: every allocation, the exhaustive sweep).
  uint64_t max_points = 0;
  // Full invariant checks every N ops (see ReplayOptions; 0: growth edges
  // and failed ops only); every other op is checked at the cost of what it
  // touched (mapcore::IncrementalInvariants).
  uint64_t check_every = 0;
  // Stop a trace's sweep at its first failure (the CLI's default; tests
  // that count failures turn it off).
  bool stop_at_first_failure = true;
  // Called after each trace with a one-line summary...
  std::function<void(const std::string&)> progress;
  // ...and after each fault point of a trace (done, total).
  std::function<void(uint64_t, uint64_t)> point_progress;
};

// The figures the README reports.
struct SweepFigures {
  uint64_t traces = 0;
  uint64_t ops_per_run = 0;      // ops of the traces, summed once per trace
  uint64_t allocations = 0;      // allocations of the clean runs, summed
  uint64_t fault_points = 0;     // runs with a fault plan
  uint64_t faults_injected = 0;  // allocations that threw in those runs
  uint64_t survived = 0;         // runs that passed every check
  uint64_t bytes_leaked = 0;     // ledger bytes left after the runs
  uint64_t entries_lost = 0;     // model entries the map no longer held
  // Subjects only: fault points their run never reached (a subject that
  // draws its own randomness may allocate differently from run to run).
  uint64_t unreached = 0;

  void add(const SweepFigures& o);
  // "sweep figures: 3 traces (...), ..." (one line, no newline).
  std::string text() const;
};

struct SweepFailure {
  std::string trace_name;
  bool clean_run = false;  // the run without faults failed
  FaultPlan plan;
  std::string what;  // one paragraph: what broke
  std::optional<ReplayFailure> replay_failure;
};

struct SweepReport {
  SweepFigures figures;
  std::vector<SweepFailure> failures;

  bool ok() const { return failures.empty(); }
  void add(SweepReport&& o);
};

// The fault points of a sweep over `allocations` allocations: 1..n, or
// max_points of them spread evenly (first and last included).
std::vector<uint64_t> fault_points(uint64_t allocations, uint64_t max_points);

// The op in which allocation k (from 1) happens, given the allocation
// counts before each op of a clean run (0 when k falls before op 0).
std::size_t op_of_allocation(const std::vector<uint64_t>& allocs_before_op,
                             uint64_t k);

// One run of `trace` under a fault plan: allocations plan.fail_at failing
// (plan.first_op from op_of_allocation spares the ops before the fault
// their dumps), or every allocation past a byte budget, or each with a
// seeded probability (then the run goes on through many failed ops).
SweepReport run_fault_point(const Trace& trace, const std::string& name,
                            const FaultPlan& plan,
                            const SweepOptions& options = {});

// How many fault points sweep_trace will run for `trace` (one clean run,
// without the ledger's bookkeeping), so a command can predict a sweep's
// cost before it starts.
uint64_t count_fault_points(const Trace& trace, const SweepOptions& options);

// The sweep of one trace: the clean run, then every fault point.
SweepReport sweep_trace(const Trace& trace, const std::string& name,
                        const SweepOptions& options = {});

// The sweep of one trace on a subject with tier b (anything else throws
// std::invalid_argument: the caller reports the sweep skipped), through the
// subject executor (subject_replay.h), which checks what its tiers allow:
// an op that meets the fault says so (GOMAPFUZZ_NOMEM) and leaves the map
// as it was (the same layout dump with tier c, else the same size and
// every model entry found), the run goes on against the model, and no byte
// outlives the map. The clean run counts the allocations; then each fault
// point of `options` (max_points, burst, stop_at_first_failure; the
// checking options are mapcore's) runs once. A point the run never reached
// is counted as unreached, not failed: without tier d nothing promises the
// same allocations twice.
SweepReport sweep_subject_trace(const Subject& s, const Trace& trace,
                                const std::string& name,
                                const SweepOptions& options = {});

// The traces the sweep generates: seeded, short (every allocation of a
// short trace is cheap to fail), all key and value types and hashers.
Trace generated_sweep_trace(uint64_t seed, std::size_t max_ops);

}  // namespace gomapfuzz::chaos

#endif  // GOMAPFUZZ_CHAOS_FAULT_SWEEP_H_
