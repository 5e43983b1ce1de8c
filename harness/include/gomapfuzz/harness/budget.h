// What running a trace will cost, predicted before it runs, and the budget
// every command holds traces to (README, "Resource budgets").
//
// The parser already bounds a trace's size (64 MiB, 4 M ops, hints up to
// 2^24). Within those bounds a trace can still ask for far too much: twenty
// `make 16777216` of 1 KiB values want 4.6 GB each, twenty thousand
// `make 100000` zero 50 GB between them, and twenty thousand puts through the
// constant hasher walk one chain of up to 20,000 entries per op. The cost
// model below bounds, from the ops alone, the bytes the trace's map can
// hold at once (bucket arrays with an old one during growth and one parked
// for an iterator, overflow buckets, out-of-line keys and values, the
// replayer's model and iterator snapshots) and the seconds the replay takes
// (ops, bytes zeroed by makes, chain walks of degenerate hashers), and a
// command refuses a trace above its budget with one line naming the op that
// costs most and the flag that raises the budget.
#ifndef GOMAPFUZZ_HARNESS_BUDGET_H_
#define GOMAPFUZZ_HARNESS_BUDGET_H_

#include <cstdint>
#include <optional>
#include <string>

#include "gomapfuzz/harness/trace.h"

namespace gomapfuzz {

struct ResourceBudget {
  // Predicted peak bytes: 1 GiB keeps a process with its own overhead (the
  // trace in memory, sanitizers' shadow) under 2 GB.
  uint64_t memory_bytes = uint64_t{1} << 30;
  // Predicted seconds on the default (-O2) build: long runs are fine (they
  // show progress); what would take far longer than anyone meant is not.
  double seconds = 3600;
};

struct TraceCost {
  uint64_t peak_bytes = 0;    // the most the trace's maps hold at once
  uint64_t zeroed_bytes = 0;  // bucket arrays the makes allocate, summed
  uint64_t chain_visits = 0;  // slots walked in degenerate chains
  double seconds = 0;         // predicted replay time (default build)
  std::size_t worst_op = 0;   // the make (or first op) of the costliest map
  uint64_t worst_map_bytes = 0;
  unsigned worst_map_b = 0;  // its largest B
};

// The upper bound of what replaying t costs (one replay; a command that
// replays a trace k times multiplies seconds by k).
TraceCost predict_cost(const Trace& t);

// nullopt when `cost` fits `budget`; else one line: what exceeds what, the
// op responsible, and how to raise the budget (`memory_flag`, `time_flag`:
// the command's flags, e.g. "--max-memory", "--max-seconds").
std::optional<std::string> over_budget(const Trace& t, const TraceCost& cost,
                                       const ResourceBudget& budget,
                                       const std::string& memory_flag,
                                       const std::string& time_flag);

// "1.5 GB", "12 MB", "740 KB".
std::string human_bytes(uint64_t bytes);

}  // namespace gomapfuzz

#endif  // GOMAPFUZZ_HARNESS_BUDGET_H_
