// The sync.Map oracle: a `syncmap` trace run on the real Go 1.19 sync.Map
// (oracle/gosyncmap) and on syncmap::SyncMap, compared after every op: the
// op's result, and the internal state (amended, misses, dirty nil or not,
// the read and dirty key sets with each entry's value, nil or expunged,
// and how many dirty entries are read's own).
#ifndef GOMAPFUZZ_ORACLE_SYNCMAP_ORACLE_H_
#define GOMAPFUZZ_ORACLE_SYNCMAP_ORACLE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "gomapfuzz/harness/trace.h"

namespace gomapfuzz::oracle {

struct SyncMapOracleReport {
  uint64_t ops = 0;         // ops compared (result and state)
  uint64_t promotions = 0;  // dirty promoted to read (seen in the states)
  uint64_t expunged = 0;    // states holding at least one expunged entry
  uint64_t range_yields = 0;
  // The first op whose result or state differs: what, Go's and ours.
  std::optional<std::string> divergence;
};

// The Go program: $GOMAPFUZZ_GO_SYNCMAP_ORACLE, else the one this build
// made; "" when there is none (why: syncmap_go_missing()).
std::string syncmap_go_binary();
std::string syncmap_go_missing();

// Runs t (a syncmap trace) on both sides. Throws OracleError when Go cannot
// run it.
SyncMapOracleReport run_syncmap_oracle(const Trace& t,
                                       const std::string& go_binary);

// A random syncmap trace drawn from seed alone: uint64 or string keys from
// a small space (keys collide, so promotions, expunged entries and
// unexpunges all happen), all six ops.
Trace draw_syncmap_trace(uint64_t seed, uint64_t ops);

}  // namespace gomapfuzz::oracle

#endif  // GOMAPFUZZ_ORACLE_SYNCMAP_ORACLE_H_
