// Avalanche (strict avalanche criterion), as Go's avalancheTest1
// (runtime/hash_test.go): for `reps` random keys, flip each input bit and
// count, for every (input bit, output bit), how often the output bit flips.
// An ideal hash flips each output bit with probability 1/2; Go fails a cell
// outside reps/2 +- c sqrt(reps)/2 (go_avalanche_band in stats.h).
//
// Counting uses bit-sliced (vertical) counters: the 64 output-bit flips of
// one hash are added to eight 64-bit planes at once, so a rep costs one hash
// and a few word operations per input bit instead of 64 increments.
#ifndef GOMAPFUZZ_SPREAD_AVALANCHE_H_
#define GOMAPFUZZ_SPREAD_AVALANCHE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "gomapfuzz/spread/hash_under_test.h"

namespace gomapfuzz::spread {

enum class AvalancheKey { kBytes, kInt32, kInt64 };

struct AvalancheGrid {
  std::string name;  // "bytes8", "int64", ... (Go's Key.name())
  int in_bits = 0;
  int64_t reps = 0;
  // flips[i * 64 + j]: reps in which flipping input bit i flipped output j.
  std::vector<uint32_t> flips;

  double flip_rate(int in_bit, int out_bit) const {
    return static_cast<double>(flips[in_bit * 64 + out_bit]) / reps;
  }
};

// `bytes` is the key length for kBytes (ignored otherwise). Keys are drawn
// from a splitmix64 stream seeded with `seed`; Go hashes with seed 0, and so
// do we.
AvalancheGrid avalanche(const HashUnderTest& h, AvalancheKey kind, int bytes,
                        int64_t reps, uint64_t seed);

}  // namespace gomapfuzz::spread

#endif  // GOMAPFUZZ_SPREAD_AVALANCHE_H_
