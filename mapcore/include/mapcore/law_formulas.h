// Go's growth formulas (runtime/map.go), restated for the laws that judge
// mapcore: the op laws (op_laws.h, in every fuzz run) and the properties'
// laws (properties/). Restated here rather than taken from constants.h, so
// a wrong formula in the map is caught instead of shared; written once, so
// the two sets of laws cannot disagree on what Go does.
#ifndef MAPCORE_LAW_FORMULAS_H_
#define MAPCORE_LAW_FORMULAS_H_

#include <cstdint>

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

// makemap's B: the smallest B not overloaded by the effective hint.
constexpr int go_b_for_hint(int64_t hint, uint64_t bucket_size) {
  hint = go_effective_hint(hint, bucket_size);
  int b = 0;
  while (go_over_load_factor(hint, b)) ++b;
  return b;
}

}  // namespace mapcore::law

#endif  // MAPCORE_LAW_FORMULAS_H_
