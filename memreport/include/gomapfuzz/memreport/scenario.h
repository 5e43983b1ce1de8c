// The memory report: replay one scenario on mapcore and account for every
// byte as the real Go 1.19 runtime would allocate it.
//
// A scenario is make(map[K]V, hint), then n inserts of the keys numbered
// 0..n-1, then deletes of the keys 0..deletes-1. Key number i is uint64(i),
// int32(i), the decimal of i zero-padded to key_len bytes, or for [N]byte the
// 8 little-endian bytes of i repeated to fill N bytes (the trace format's
// convention). The Go check (go/) builds the same map on the real runtime
// with the same hash seeds and compares every figure.
//
// Bytes are Go's: each allocation rounded up to its malloc size class, the
// bucket array with its preallocated overflow buckets, heap overflow buckets,
// the old array while a growth is still evacuating, out-of-line keys and
// values, and the small runtime objects (hmap, mapextra, overflow lists; see
// go_ledger.h). String bytes are reported apart: the map shares them.
#ifndef GOMAPFUZZ_MEMREPORT_SCENARIO_H_
#define GOMAPFUZZ_MEMREPORT_SCENARIO_H_

#include <cstdint>
#include <stdexcept>
#include <string>

#include "gomapfuzz/memreport/type_menu.h"

namespace gomapfuzz::memreport {

struct Scenario {
  TypeSpec key;
  TypeSpec value;
  int64_t n = 0;
  int64_t hint = 0;
  int64_t deletes = 0;
  // String keys: zero-padded decimals of this many bytes (longer when the
  // number needs more digits). 16 bytes: a typical short identifier.
  int key_len = 16;
  // Seeds mapcore's random source, hence hash0 (see random_source.h).
  uint64_t seed = 0;
};

// A scenario the report cannot run: the message is one line for the user.
struct ScenarioError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// String key number i: the decimal of i, zero-padded on the left to width
// bytes (longer when i needs more digits).
std::string padded_decimal(uint64_t i, int width);

// Throws ScenarioError for a bad scenario (negative n, deletes > n, more keys
// than a [N]byte key can number, key_len out of range).
void validate(const Scenario& s);

struct Report {
  Scenario scenario;
  uint32_t hash0 = 0;  // the hash0 mapcore drew at make (for the Go check)

  // Shape (mapcore::stats).
  int64_t count = 0;
  uint8_t B = 0;
  uint16_t noverflow = 0;
  bool growing = false;
  uint64_t bucket_size = 0;      // Go's t.bucketsize
  uint64_t buckets = 0;          // 2^B
  uint64_t array_buckets = 0;    // array length, preallocated included
  uint64_t prealloc_total = 0;   // preallocated overflow buckets
  uint64_t prealloc_used = 0;    // ... handed out
  uint64_t overflow_in_use = 0;  // overflow buckets in the chains
  uint64_t overflow_heap = 0;    // ... allocated one by one
  uint64_t doublings = 0;
  uint64_t same_size_growths = 0;

  // Live bytes as Go allocates them (size-class rounded).
  uint64_t array_bytes = 0;        // current bucket array
  uint64_t overflow_bytes = 0;     // heap overflow buckets
  uint64_t old_bytes = 0;          // old array + its overflow (growing)
  uint64_t indirect_bytes = 0;     // out-of-line keys and values
  uint64_t bookkeeping_bytes = 0;  // hmap, mapextra, overflow lists
  uint64_t total_bytes = 0;        // all of the above

  // What the bucket memory (array, heap overflow, old) is made of.
  uint64_t tophash_bytes = 0;       // 8 a bucket
  uint64_t key_slot_bytes = 0;      // 8 key slots a bucket
  uint64_t value_slot_bytes = 0;    // 8 value slots a bucket
  uint64_t overflow_ptr_bytes = 0;  // 8 a bucket
  uint64_t class_slack_bytes = 0;   // size-class rounding left unused

  uint64_t naive_bytes = 0;  // count * (sizeof K + sizeof V)
  double bytes_per_entry = 0;
  double overhead_ratio = 0;  // total_bytes / naive_bytes

  // Strings: the bytes the keys point to (the map holds 16-byte headers), and
  // what Go allocates for them when each key is its own string.
  uint64_t string_bytes = 0;
  uint64_t string_alloc_bytes = 0;

  // Over the whole scenario (Go's runtime.MemStats.TotalAlloc and Mallocs
  // deltas; the peak of live bytes after any operation).
  uint64_t allocated_bytes = 0;
  uint64_t allocations = 0;
  uint64_t peak_bytes = 0;

  uint64_t mapcore_bytes = 0;  // what mapcore holds (16-byte block headers)
};

// Runs the scenario (validate() first). Throws ScenarioError.
Report run_scenario(const Scenario& s);

}  // namespace gomapfuzz::memreport

#endif  // GOMAPFUZZ_MEMREPORT_SCENARIO_H_
