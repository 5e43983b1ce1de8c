// The memory of a sync.Map (`gomapfuzz memory --map syncmap`): what Go
// 1.19's sync.Map holds for n uint64 keys and values, part by part, what
// this project's port (syncmap::SyncMap) holds for the same entries, and a
// plain map of the same entries beside them.
//
// The scenario (the same on the Go side, memreport/go/syncmap.go): key i
// and value i are uint64(i); three states:
//   stored     Store(i, i) for i in 0..n-1: every key sits in the dirty map
//              (the read map is still empty, amended)
//   promoted   then Load(i) for i in 0..n-1: the n-th miss promotes dirty,
//              which becomes the read map (dirty nil)
//   redirtied  then Store(n, n): a new key makes dirtyLocked copy the read
//              map into a fresh dirty map, so both maps hold every key
//
// Go's bytes are predicted from the port's state (the two ports take the
// same steps: same map lengths, B and growths; oracle/ checks it op by op)
// with Go's layout: read.m and dirty are map[any]*entry (208-byte buckets:
// 8 tophash bytes, 8 keys of 16 bytes (an interface), 8 pointers, the
// overflow pointer), an entry is 8 bytes, the `any` it points at 16, and a
// uint64 of 256 or more behind an interface is an 8-byte object of the tiny
// allocator (convT64; smaller ones point into a static table). The Go check
// (memreport/go_syncmap) compares every part with the heap profiler.
//
// The port's bytes are counted: every byte it takes comes from one
// CountingResource, and the parts below must add up to its live bytes.
#ifndef GOMAPFUZZ_MEMREPORT_SYNCMAP_REPORT_H_
#define GOMAPFUZZ_MEMREPORT_SYNCMAP_REPORT_H_

#include <array>
#include <cstdint>
#include <string>

#include "gomapfuzz/memreport/scenario.h"

namespace gomapfuzz::memreport {

enum class SyncMapPhase { kStored, kPromoted, kRedirtied };
inline constexpr std::array<SyncMapPhase, 3> kSyncMapPhases = {
    SyncMapPhase::kStored, SyncMapPhase::kPromoted, SyncMapPhase::kRedirtied};
// "stored", "promoted", "redirtied" (the Go program's names).
const char* phase_name(SyncMapPhase p);

// Go 1.19's live heap bytes for the sync.Map, by the part the Go check
// reads from the heap profiler.
struct GoSyncMapBytes {
  uint64_t read_map = 0;   // read.m: hmap, bucket array, mapextra, old array
  uint64_t dirty_map = 0;  // dirty: the same
  uint64_t overflow = 0;   // heap overflow buckets of both (208 bytes each)
  uint64_t overflow_buckets = 0;
  uint64_t read_only = 0;    // readOnly{m, amended} boxed in the atomic.Value
  uint64_t entries = 0;      // 8 bytes an entry
  uint64_t value_boxes = 0;  // 16 bytes a stored value (an `any`)
  uint64_t data = 0;         // boxed uint64 keys and values >= 256
  uint64_t total() const;
};

// What syncmap::SyncMap<uint64_t, uint64_t> holds, counted.
struct CppSyncMapBytes {
  uint64_t read_map = 0;  // its node (RCU header + mapcore::Map) + mapcore's
  uint64_t dirty_map = 0;
  uint64_t entries = 0;      // Entry: RCU header + the atomic pointer
  uint64_t value_boxes = 0;  // ValueBox: RCU header + the value
  uint64_t entry_bytes = 0;  // sizeof one Entry, one ValueBox
  uint64_t box_bytes = 0;
  uint64_t total = 0;  // the CountingResource's live bytes
};

struct SyncMapState {
  SyncMapPhase phase = SyncMapPhase::kStored;
  bool amended = false;
  int64_t misses = 0;
  int64_t read_len = -1;  // -1: no read map (Go: nil)
  int read_B = 0;
  int64_t dirty_len = -1;  // -1: dirty == nil
  int dirty_B = 0;
  GoSyncMapBytes go;
  CppSyncMapBytes cpp;
};

struct SyncMapReport {
  int64_t n = 0;
  uint64_t seed = 0;  // the port's inner maps: hash0 of map k from seed + k
  std::array<SyncMapState, 3> states;
  // map[uint64]uint64 with the same n entries, grown without a hint: Go's
  // bytes (total_bytes) and mapcore's (mapcore_bytes).
  Report plain;
};

// Throws ScenarioError for n < 0.
SyncMapReport run_syncmap_scenario(int64_t n, uint64_t seed);

// The report as a table: rows are parts, columns the three states.
std::string format_syncmap_table(const SyncMapReport& r);

}  // namespace gomapfuzz::memreport

#endif  // GOMAPFUZZ_MEMREPORT_SYNCMAP_REPORT_H_
