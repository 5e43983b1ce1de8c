// Memory truth: do mapcore's reported bytes equal what the real Go runtime
// allocated for the same map?
//
// The Go oracle (-mem) runs the trace and accounts for its final map from
// the layout (bucket array by size class, heap overflow buckets found on the
// chains, old array, out-of-line values, bookkeeping) and cross-checks that
// account with the runtime's heap profiler (the live bytes, after a full
// collection, of every allocation the runtime's map code made). mapcore replays the same trace (same hash0, hence the same
// layout) and its stats() must report the same bucket, overflow, old-array
// and out-of-line bytes.
#ifndef GOMAPFUZZ_ORACLE_MEMORY_TRUTH_H_
#define GOMAPFUZZ_ORACLE_MEMORY_TRUTH_H_

#include <string>
#include <vector>

#include "gomapfuzz/harness/trace.h"
#include "gomapfuzz/oracle/go_oracle.h"
#include "mapcore/introspect.h"

namespace gomapfuzz::oracle {

struct MemoryTruth {
  GoMemory go;
  mapcore::MapStats mapcore;
  std::vector<std::string> mismatches;  // empty when everything agrees

  bool ok() const { return mismatches.empty(); }
};

// Throws OracleError when it cannot run (Go missing, a trace without ops,
// mapcore failing the trace).
MemoryTruth check_memory_truth(const Trace& t, const std::string& go_binary);

}  // namespace gomapfuzz::oracle

#endif  // GOMAPFUZZ_ORACLE_MEMORY_TRUTH_H_
