// bucket_keys.h: Go picks a key's bucket by the low B bits of its hash
// (map.go's bucketMask).
#include "bucket_keys.h"

#include "mapcore/hash/hashers.h"
#include "mapcore/random_source.h"

namespace gomapfuzz::corpus_tools {

uint32_t hash0_at_make(uint64_t trace_seed, uint64_t map) {
  // The trace format seeds map k's random source with seed + k
  // (corpus/README.md, "Randomness"); make draws hash0 first.
  return mapcore::RandomSource(trace_seed + map).next_hash0();
}

std::vector<uint64_t> keys_in_bucket(uint64_t bucket, int b, uint32_t hash0,
                                     std::size_t count, uint64_t start) {
  const mapcore::GoFallbackHasher hasher;
  const uint64_t mask = (uint64_t{1} << b) - 1;
  std::vector<uint64_t> out;
  for (uint64_t k = start; out.size() < count; ++k) {
    if ((hasher.mem64(k, hash0) & mask) == bucket) out.push_back(k);
  }
  return out;
}

}  // namespace gomapfuzz::corpus_tools
