// Go's growth formulas (runtime/map.go), restated for everything that
// judges or predicts mapcore: the op laws (op_laws.h, in every fuzz run),
// the properties' laws (properties/), the memory report's cost model and the
// CLI's resource budgets. Restated here rather than taken from constants.h,
// so a wrong formula in the map is caught instead of shared; written once,
// so no two of them can disagree on what Go does. mapcore/tests'
// law_formulas_test pins them to figures measured on the real runtime.
// (The malloc size classes are the one table shared with the map:
// size_classes.h.)
#ifndef MAPCORE_LAW_FORMULAS_H_
#define MAPCORE_LAW_FORMULAS_H_

#include <cstdint>

#include "mapcore/size_classes.h"

namespace mapcore::law {

// overLoadFactor: more than 8 items (one bucket's worth) and more than 6.5
// per bucket on average, in Go's integer form 13 * (2^B / 2).
constexpr bool go_over_load_factor(int64_t count, int b) {
  constexpr int64_t kBucketCnt = 8;
  constexpr uint64_t kLoadFactorNum = 13, kLoadFactorDen = 2;
  return count > kBucketCnt &&
         static_cast<uint64_t>(count) >
             kLoadFactorNum * ((uint64_t{1} << b) / kLoadFactorDen);
}

// tooManyOverflowBuckets: as many overflow buckets as buckets, with B capped
// at 15 because noverflow is a uint16 (counted probabilistically above).
constexpr bool go_too_many_overflow_buckets(uint64_t noverflow, int b) {
  constexpr int kMaxExactB = 15;
  return noverflow >= (uint64_t{1} << (b > kMaxExactB ? kMaxExactB : b));
}

// The hint makemap uses: a hint Go ignores (negative, or hint * bucket_size
// above maxAlloc = 2^48 on amd64; Go issue 19926) counts as 0.
constexpr int64_t go_effective_hint(int64_t hint, uint64_t bucket_size) {
  constexpr unsigned __int128 kMaxAlloc = uint64_t{1} << 48;
  const bool bogus =
      hint < 0 ||
      static_cast<unsigned __int128>(hint) * bucket_size > kMaxAlloc;
  return bogus ? 0 : hint;
}

// The smallest B that `count` entries do not overload: makemap's B for a
// hint, and the B a map holding `count` entries has grown to.
constexpr int go_b_for_count(int64_t count) {
  int b = 0;
  while (go_over_load_factor(count, b)) ++b;
  return b;
}

// makemap's B: the smallest B not overloaded by the effective hint.
constexpr int go_b_for_hint(int64_t hint, uint64_t bucket_size) {
  return go_b_for_count(go_effective_hint(hint, bucket_size));
}

// makeBucketArray's length: 2^B buckets, plus 2^(B-4) preallocated
// overflow buckets from B = 4 on ("the expected number of overflow
// buckets"), then as many more as the malloc size class rounds the
// allocation up to.
inline uint64_t go_bucket_array_len(int b, uint64_t bucket_size) {
  constexpr int kPreallocFromB = 4;
  const uint64_t base = uint64_t{1} << b;
  if (b < kPreallocFromB) return base;
  const uint64_t n = base + (uint64_t{1} << (b - kPreallocFromB));
  return go_roundupsize(n * bucket_size) / bucket_size;
}

// ... and the bytes malloc hands out for it: the size class's block, which
// the rounded length fills to within one bucket.
inline uint64_t go_bucket_array_bytes(int b, uint64_t bucket_size) {
  return go_roundupsize(go_bucket_array_len(b, bucket_size) * bucket_size);
}

}  // namespace mapcore::law

#endif  // MAPCORE_LAW_FORMULAS_H_
