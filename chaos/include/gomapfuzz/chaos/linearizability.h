// The linearizability checker: is there one sequential order of a
// history's ops, consistent with real time (A before B whenever A returned
// before B was called), in which every op returns what the sequential
// specification (harness Model) returns?
//
// Wing & Gong's search with Lowe's memoization, as Porcupine does it: walk
// the history's call/return events in time order; at a call, try to
// linearize that op now (the model must agree with its result), lifting it
// out of the list; at a return whose op was not linearized yet, backtrack.
// A cache of (set of linearized ops, model state) prunes every state seen
// before. A map of put/get/del is a product of independent per-key
// registers, and linearizability is local (Herlihy & Wing), so the history
// is checked key by key: the cost follows the ops per key, not the total.
//
// Histories are bounded (max_ops_per_key) and so is the search
// (max_steps_per_key): a key beyond either bound is reported as unchecked,
// never as passed.
#ifndef GOMAPFUZZ_CHAOS_LINEARIZABILITY_H_
#define GOMAPFUZZ_CHAOS_LINEARIZABILITY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gomapfuzz/chaos/history.h"

namespace gomapfuzz::chaos {

struct LinOptions {
  // The search is exponential in the ops that overlap; 4096 ops per key is
  // far above what the hammer's runs put on one key, and still bounded.
  std::size_t max_ops_per_key = 4096;
  // Steps (tries to linearize one op) before a key is given up as unknown.
  uint64_t max_steps_per_key = 5'000'000;
};

struct LinReport {
  uint64_t ops = 0;
  uint64_t keys = 0;
  uint64_t keys_unchecked = 0;  // over a bound: neither passed nor failed
  uint64_t steps = 0;
  // Ops whose interval overlaps another op on the same key: the ops whose
  // order the checker had to decide (0: a sequential history, trivially
  // checked).
  uint64_t overlapping_ops = 0;
  // The first key without a linearization, and its ops in call order.
  std::optional<uint64_t> violation_key;
  History violation;

  bool linearizable() const { return !violation_key.has_value(); }
  bool complete() const { return keys_unchecked == 0; }
};

LinReport check_linearizable(const History& h, const LinOptions& o = {});

// The ops of one key, in call order.
History ops_of_key(const History& h, uint64_t key);

}  // namespace gomapfuzz::chaos

#endif  // GOMAPFUZZ_CHAOS_LINEARIZABILITY_H_
