// Checks on a set of hashes of distinct keys (the SMHasher-style key sets).
//
//   coll64        Go's HashSet.check: full 64-bit collisions against Go's
//                 bound expected + 50 (3 sqrt(expected) + 1).
//   coll-low32    collisions of the low 32 bits (where Go's bucket index
//   coll-high32   lives) and of the high 32 bits (where the tophash lives),
//                 against the birthday expectation: SMHasher flags partial-
//                 bit collisions the 64-bit count cannot see (FNV's
//                 published failures are of this kind). Poisson upper tail.
//   distrib       bias of w-bit windows of the hash (SMHasher's
//                 "distribution" test, on fewer windows): chi-square of the
//                 2^w bins at offsets 0, 8, ..., 56 and the top w bits,
//                 w = floor(log2(n / 16)) capped to 1..16, so every bin
//                 expects >= 16 hashes.
#ifndef GOMAPFUZZ_SPREAD_HASH_SET_CHECKS_H_
#define GOMAPFUZZ_SPREAD_HASH_SET_CHECKS_H_

#include <cstdint>
#include <vector>

namespace gomapfuzz::spread {

// Sorts ascending (LSD radix sort, 16-bit digits; std::sort for small sets).
void sort_hashes(std::vector<uint64_t>& v);
void sort_hashes(std::vector<uint32_t>& v);

// n minus the number of distinct values of a sorted vector.
template <class T>
uint64_t duplicates_sorted(const std::vector<T>& v) {
  uint64_t d = 0;
  for (std::size_t i = 1; i < v.size(); ++i) d += v[i] == v[i - 1];
  return d;
}

struct WindowResult {
  int offset = 0;  // lowest bit of the window (rotating past bit 63)
  int width = 0;
  double chi2 = 0;
  double p = 1;
};

struct HashSetChecks {
  uint64_t n = 0;
  uint64_t coll64 = 0;
  uint64_t coll_low32 = 0;
  uint64_t coll_high32 = 0;
  std::vector<WindowResult> windows;  // empty when n < 32
};

// Runs every check; sorts `hashes` in place.
HashSetChecks check_hash_set(std::vector<uint64_t>& hashes);

}  // namespace gomapfuzz::spread

#endif  // GOMAPFUZZ_SPREAD_HASH_SET_CHECKS_H_
