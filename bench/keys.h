// The benchmark's keys, the same on the C++ and the Go side (go/keys.go):
// key i of a set is the i-th output of a splitmix64 stream (random 64-bit
// keys, distinct in practice), or as a string its 16 lowercase hex digits.
// Lookup misses come from another stream. Random keys scatter over buckets
// the way real identifiers do, and a lookup loop walking them in order hits
// memory at random.
#ifndef GOMAPFUZZ_BENCH_KEYS_H_
#define GOMAPFUZZ_BENCH_KEYS_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "mapcore/random_source.h"

namespace gomapfuzz::bench {

// Stream seeds: any two distinct values; they must match go/keys.go.
inline constexpr uint64_t kHitSeed = 1;
inline constexpr uint64_t kMissSeed = 2;

inline std::vector<uint64_t> uint64_keys(std::size_t n, uint64_t seed) {
  mapcore::SplitMix64 rng(seed);
  std::vector<uint64_t> keys(n);
  for (auto& k : keys) k = rng.next();
  return keys;
}

inline std::vector<std::string> string_keys(std::size_t n, uint64_t seed) {
  std::vector<std::string> keys;
  keys.reserve(n);
  for (uint64_t k : uint64_keys(n, seed)) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx",
                  static_cast<unsigned long long>(k));
    keys.emplace_back(buf, 16);
  }
  return keys;
}

}  // namespace gomapfuzz::bench

#endif  // GOMAPFUZZ_BENCH_KEYS_H_
