// Key families that real Go programs put in maps, as the geometry tests use
// them: key i of a family is a pure function of (family, seed, i), so the
// first n keys of a family are the keys of a map that grew to n entries, and
// every map size in the battery is a prefix of one key stream.
//
// Integer families go through the hash's 8-byte entry point (Go's memhash64,
// what map[int64]/map[uint64] use); string families through hash() of the
// bytes (Go's strhash). All keys of a family are distinct.
//
//   seq-int       0, 1, 2, ...                    (ids, counters)
//   stride-int    i << 12                         (page-aligned addresses)
//   millis        1.65e12 + 8 i + jitter(0..7)    (event timestamps in ms)
//   user-string   "user_%d"                       (formatted ids)
//   long-prefix   "/api/v2/organizations/.../%d"  (70-byte common prefix)
//   short-random  8 random alphanumerics          (tokens; a pseudo-random
//                                                  permutation keeps them
//                                                  distinct)
//   random-bytes  16 random bytes                 (UUID-like)
#ifndef GOMAPFUZZ_SPREAD_KEY_FAMILIES_H_
#define GOMAPFUZZ_SPREAD_KEY_FAMILIES_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gomapfuzz/spread/hash_under_test.h"

namespace gomapfuzz::spread {

enum class KeyFamily : uint8_t {
  kSeqInt,
  kStrideInt,
  kMillis,
  kUserString,
  kLongPrefix,
  kShortRandom,
  kRandomBytes,
};
inline constexpr int kKeyFamilyCount = 7;

// The stride of stride-int: 4096, a page, as for maps keyed by addresses.
inline constexpr int kStrideBits = 12;

std::string_view key_family_name(KeyFamily f);
std::optional<KeyFamily> key_family_from_name(std::string_view name);
std::vector<KeyFamily> all_key_families();

// The bytes of key i of a string family (for tests and examples).
std::string string_key(KeyFamily f, uint64_t seed, uint64_t i);
// Key i of an integer family.
uint64_t int_key(KeyFamily f, uint64_t seed, uint64_t i);
bool is_integer_family(KeyFamily f);

// out[i] = hash of key i, i in [0, n), for a map whose hash0 is map_seed.
void hash_family(KeyFamily f, const HashUnderTest& h, uint64_t seed,
                 uint64_t map_seed, std::size_t n, uint64_t* out);

}  // namespace gomapfuzz::spread

#endif  // GOMAPFUZZ_SPREAD_KEY_FAMILIES_H_
