#include "gomapfuzz/memreport/cost.h"

#include <algorithm>

#include "mapcore/law_formulas.h"
#include "mapcore/size_classes.h"

namespace gomapfuzz::memreport {
namespace {

// Measured on the default build: 10^6 uint64 inserts with the ledger in
// 0.5 s (a report), a sweep to 10^6 (about 10 * 10^6 inserts) in 2.5 s.
constexpr double kSecondsPerInsert = 0.5e-6;
// mapcore's per-block header.
constexpr uint64_t kBlockHeader = 16;

// A slot's bytes in the bucket, rounded up to 8 (an upper bound of Go's
// layout with its alignment); over 128 bytes Go stores a pointer.
uint64_t slot_bytes(const TypeSpec& t) {
  const uint64_t n = t.size > 128 ? 8 : t.size;
  return (n + 7) / 8 * 8;
}

// Bytes each entry owns outside the bucket: an indirect key or value, the
// copied bytes of a string key.
uint64_t out_of_line(const TypeSpec& t, int key_len) {
  if (t.size > 128) return mapcore::go_roundupsize(t.size) + kBlockHeader;
  if (t.kind == TypeKind::kString) {
    return static_cast<uint64_t>(std::max(key_len, 20)) + kBlockHeader;
  }
  return 0;
}

int b_for(uint64_t count) {
  constexpr auto kMax = static_cast<uint64_t>(INT64_MAX);
  return mapcore::law::go_b_for_count(
      static_cast<int64_t>(std::min(count, kMax)));
}

// The bytes of a map of n entries made with `hint`: the bucket array with
// its pool, an old array while the last growth evacuates, heap overflow
// buckets (at most one per 8 entries), out-of-line data.
uint64_t map_bytes(const TypeSpec& key, const TypeSpec& value, uint64_t n,
                   uint64_t hint, int key_len) {
  const uint64_t bucket = 8 + 8 * slot_bytes(key) + 8 * slot_bytes(value) + 8;
  const uint64_t array =
      mapcore::law::go_bucket_array_bytes(b_for(std::max(n, hint)), bucket);
  return array * 2 + (n / 8 + 1) * (bucket + kBlockHeader) +
         n * (out_of_line(key, key_len) + out_of_line(value, key_len));
}

uint64_t clamp_n(int64_t n) { return n < 0 ? 0 : static_cast<uint64_t>(n); }

}  // namespace

RunCost predict_cost(const Scenario& s) {
  RunCost c;
  const uint64_t n = clamp_n(s.n);
  c.peak_bytes = map_bytes(s.key, s.value, n, clamp_n(s.hint), s.key_len);
  c.inserts = n;
  c.seconds = static_cast<double>(n + clamp_n(s.deletes)) * kSecondsPerInsert;
  return c;
}

RunCost predict_cost(const SweepSpec& s) {
  RunCost c;
  const uint64_t max_n = clamp_n(s.max_n);
  // One map grows to max_n; one hinted map per grid point holds n at most.
  c.peak_bytes = map_bytes(s.key, s.value, max_n, 0, s.key_len) * 2;
  c.inserts = max_n;
  if (s.max_n >= 1 && s.points_per_decade >= 1 && s.points_per_decade <= 1000) {
    for (int64_t n : sweep_grid(s.max_n, s.points_per_decade)) {
      c.inserts += clamp_n(n);
    }
  }
  c.seconds = static_cast<double>(c.inserts) * kSecondsPerInsert;
  return c;
}

}  // namespace gomapfuzz::memreport
