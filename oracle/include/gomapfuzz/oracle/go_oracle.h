// The Go side of the oracle: where its binary is, and what it prints.
//
// oracle/gomap is a Go 1.19 program (standard library only) that runs a trace
// on the real runtime's map and prints, per op, a record: the layout dump's
// header (every op) and buckets (some ops, see "full" below), the iteration
// start Go chose, the entries an iteration yielded, and the op's result.
// This header locates the binary, runs it in its three modes and parses its
// output. The comparison with mapcore lives in differ.h.
#ifndef GOMAPFUZZ_ORACLE_GO_ORACLE_H_
#define GOMAPFUZZ_ORACLE_GO_ORACLE_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gomapfuzz/harness/trace.h"
#include "gomapfuzz/oracle/go_process.h"
#include "mapcore/raw_map.h"

namespace gomapfuzz::oracle {

// The Go oracle binary, or why there is none.
struct GoOracleBinary {
  std::string path;                // empty when unavailable
  std::string unavailable_reason;  // set when path is empty
};

// $GOMAPFUZZ_GO_ORACLE if set, else the binary CMake built from oracle/gomap
// (with Debian's golang-1.19-go); `override_path` wins over both.
GoOracleBinary locate_go_oracle(const std::string& override_path = "");

// Only `hasher gofallback` traces can run on the real map; "" if t can,
// else why not.
std::string why_not_runnable_on_go(const Trace& t);

// One op as Go ran it.
struct GoRecord {
  std::size_t index = 0;
  bool full = false;    // `buckets` holds every bucket line
  std::string header;   // the dump's hmap and pool lines
  std::string buckets;  // the dump's bucket and old lines (full only)
  std::optional<mapcore::IterStart> start;  // the op began an iteration
  std::vector<std::string> yields;          // "KEY=VALUE", in order
  std::optional<std::string> result;        // "put new", "get 7", "del 1"...

  std::string dump() const { return header + buckets; }
};

// Which ops Go prints in full; the rest get the header only.
struct FullDumpPolicy {
  bool every_op = false;
  int64_t from = -1, to = -1;  // also ops from..to (inclusive) when >= 0
};

// Streams the records of one run of the Go oracle over a trace.
class GoRun {
 public:
  GoRun(const std::string& binary, const Trace& t, const FullDumpPolicy& p);
  // The next record; throws OracleError on malformed or truncated output
  // or when Go failed. nullopt after the last op.
  std::optional<GoRecord> next();
  const std::string& go_version() const { return go_version_; }

 private:
  [[noreturn]] void malformed(const std::string& line);

  TempFile trace_file_;
  GoProcess process_;
  std::string go_version_;
  std::size_t expected_ops_;
  std::size_t seen_ = 0;
  bool done_ = false;
};

// The iteration starts Go picks for a trace's ops: op index -> start. Only
// ops that began an iteration of a non-empty map appear.
std::map<std::size_t, mapcore::IterStart> go_iteration_starts(
    const std::string& binary, const Trace& t);

// What Go allocated for the trace's final map (the -mem mode).
struct GoMemory {
  int64_t count = 0;
  unsigned B = 0;
  uint64_t noverflow = 0;
  bool growing = false;
  uint64_t array = 0;     // bucket array, size-class rounded
  uint64_t overflow = 0;  // heap overflow buckets of the current array
  uint64_t heap_overflow_buckets = 0;
  uint64_t pool_used = 0;    // preallocated overflow buckets handed out
  uint64_t old = 0;          // old array and its overflow buckets
  uint64_t indirect = 0;     // out-of-line values
  uint64_t bookkeeping = 0;  // hmap, mapextra, overflow slices
  uint64_t total = 0;        // the sum of the above
  // The heap profiler's account: live bytes allocated by the runtime's map
  // code while the trace ran (goruntime/heap.go).
  int64_t map_heap_live = 0;
};
GoMemory go_memory(const std::string& binary, const Trace& t);

}  // namespace gomapfuzz::oracle

#endif  // GOMAPFUZZ_ORACLE_GO_ORACLE_H_
