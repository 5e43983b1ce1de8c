// Keys placed on purpose: the uint64 keys that land in one bucket of a map
// of a trace, computed with mapcore's own hash (Go's memhash64, fallback) and
// the hash0 that map draws (mapcore's RandomSource, which the oracle pins on
// Go's side too), so a trace can fill one chain into heap overflow buckets.
#ifndef GOMAPFUZZ_CORPUS_TOOLS_BUCKET_KEYS_H_
#define GOMAPFUZZ_CORPUS_TOOLS_BUCKET_KEYS_H_

#include <cstdint>
#include <vector>

namespace gomapfuzz::corpus_tools {

// The hash0 of map number `map` of a trace with this seed (0: the implicit
// first make), as mapcore draws it at make.
uint32_t hash0_at_make(uint64_t trace_seed, uint64_t map);

// The first `count` keys from `start` on that land in `bucket` of a map of
// 2^b buckets seeded with hash0, under hasher gofallback with Go's default
// hashkey (mapcore::kDefaultHashKey).
std::vector<uint64_t> keys_in_bucket(uint64_t bucket, int b, uint32_t hash0,
                                     std::size_t count, uint64_t start = 1);

}  // namespace gomapfuzz::corpus_tools

#endif  // GOMAPFUZZ_CORPUS_TOOLS_BUCKET_KEYS_H_
