#include "gomapfuzz/oracle/memory_truth.h"

#include "gomapfuzz/harness/replayer.h"

namespace gomapfuzz::oracle {
namespace {

// From B = 16 on, Go's noverflow is random (incrnoverflow).
constexpr unsigned kRandomNoverflowB = 16;

mapcore::MapStats final_mapcore_stats(const Trace& t) {
  if (t.ops.empty()) throw OracleError("memory truth needs a trace with ops");
  mapcore::MapStats s;
  ReplayOptions ro;
  ro.check_every = 0;  // growth edges and the end: the scenario is big
  ro.after_op = [&](const OpEvent& ev) {
    if (ev.index + 1 == t.ops.size()) s = ev.stats();
  };
  const ReplayResult r = replay(t, ro);
  if (!r.ok()) {
    throw OracleError("mapcore fails the trace: " + r.failure->summary());
  }
  return s;
}

}  // namespace

MemoryTruth check_memory_truth(const Trace& t, const std::string& go_binary) {
  if (const std::string why = why_not_runnable_on_go(t); !why.empty()) {
    throw OracleError(why);
  }
  MemoryTruth m;
  m.go = go_memory(go_binary, t);
  m.mapcore = final_mapcore_stats(t);
  auto expect = [&m](const char* what, uint64_t go, uint64_t mc) {
    if (go != mc) {
      m.mismatches.push_back(std::string(what) + ": Go " + std::to_string(go) +
                             ", mapcore " + std::to_string(mc));
    }
  };
  const auto& s = m.mapcore;
  expect("count", static_cast<uint64_t>(m.go.count),
         static_cast<uint64_t>(s.count));
  expect("B", m.go.B, s.B);
  if (m.go.B < kRandomNoverflowB)
    expect("noverflow", m.go.noverflow, s.noverflow);
  expect("bucket array bytes", m.go.array, s.go_array_bytes);
  expect("heap overflow buckets", m.go.heap_overflow_buckets, s.overflow_heap);
  expect("overflow bytes", m.go.overflow, s.go_overflow_bytes);
  expect("old array bytes", m.go.old, s.go_old_bytes);
  expect("out-of-line bytes", m.go.indirect, s.go_indirect_bytes);
  // Go's two accounts of its own heap must agree, or the layout account
  // above proves nothing.
  if (static_cast<int64_t>(m.go.total) != m.go.map_heap_live) {
    m.mismatches.push_back(
        "Go's layout account (" + std::to_string(m.go.total) +
        " bytes) differs from its heap profile's live map bytes (" +
        std::to_string(m.go.map_heap_live) + " bytes)");
  }
  return m;
}

}  // namespace gomapfuzz::oracle
