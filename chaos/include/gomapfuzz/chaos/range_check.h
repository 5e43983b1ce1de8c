// The Range checker: Go's documented guarantee for sync.Map.Range, checked
// on a concurrent history.
//
// Go 1.19's doc: "Range does not necessarily correspond to any consistent
// snapshot of the Map's contents: no key will be visited more than once,
// but if the value for any key is stored or deleted concurrently (including
// by f), Range may reflect any mapping for that key from any point during
// the Range call." So, per Range op:
//   * no key is visited twice (checked directly);
//   * for every key k, what the Range shows of k (visited with v, or not
//     visited) is what a Load(k) returns at some point inside the Range's
//     interval. A key no op writes during the Range therefore shows its one
//     value then: visited iff present, with that value.
// The second rule is checked by splitting each Range into one Load per key
// of the key space, with the Range's interval, and running the
// linearizability checker on the history (the other ops included): Ranges
// need no second checker of orders.
#ifndef GOMAPFUZZ_CHAOS_RANGE_CHECK_H_
#define GOMAPFUZZ_CHAOS_RANGE_CHECK_H_

#include <cstdint>
#include <optional>
#include <string>

#include "gomapfuzz/chaos/history.h"
#include "gomapfuzz/chaos/linearizability.h"

namespace gomapfuzz::chaos {

struct RangeCheckReport {
  uint64_t ranges = 0;
  uint64_t visits = 0;
  // "range of thread T visited key K twice"
  std::optional<std::string> duplicate;
  // The history with Ranges split into per-key Loads, checked.
  LinReport lin;

  bool ok() const { return !duplicate && lin.linearizable(); }
};

// Keys are 0..key_space-1 (the hammer's).
RangeCheckReport check_history_with_ranges(const History& h, uint64_t key_space,
                                           const LinOptions& o = {});

}  // namespace gomapfuzz::chaos

#endif  // GOMAPFUZZ_CHAOS_RANGE_CHECK_H_
