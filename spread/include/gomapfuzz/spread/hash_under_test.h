// The one interface a user implements to put a hash through the battery.
//
// Go's maps see a hash as maptype.hasher: (key bytes, seed) -> 64 bits, where
// the seed is the map's hash0. That is all the battery needs too, so a user's
// hash is a class with ONE method:
//
//   struct MyHash : gomapfuzz::spread::HashUnderTest {
//     uint64_t hash(const void* p, size_t n, uint64_t seed) const override;
//   };
//
// Go's compiler calls width-specialised hashes for 8- and 4-byte keys
// (memhash64/memhash32; for the AES hash they differ from memhash of the same
// bytes), so integer key families go through hash64/hash32. They default to
// hash() of the key's little-endian bytes; a hash with its own fast paths
// overrides them. The adapters below connect this interface with mapcore's
// Hasher concept in both directions, so the battery can measure real
// mapcore::Map chains with a user's hash, and mapcore's hashers can be tested.
#ifndef GOMAPFUZZ_SPREAD_HASH_UNDER_TEST_H_
#define GOMAPFUZZ_SPREAD_HASH_UNDER_TEST_H_

#include <cstddef>
#include <cstdint>

#include "mapcore/hash/hashers.h"

namespace gomapfuzz::spread {

class HashUnderTest {
 public:
  virtual ~HashUnderTest() = default;
  // The hash of bytes [p, p+n) for a map whose hash0 is `seed`.
  virtual uint64_t hash(const void* p, std::size_t n, uint64_t seed) const = 0;
  // Go's memhash64: the hash of an 8-byte key (int64, uint64, pointers).
  virtual uint64_t hash64(uint64_t key, uint64_t seed) const {
    return hash(&key, sizeof key, seed);
  }
  // Go's memhash32: the hash of a 4-byte key (int32, uint32).
  virtual uint64_t hash32(uint32_t key, uint64_t seed) const {
    return hash(&key, sizeof key, seed);
  }
};

// Any mapcore Hasher as a HashUnderTest (all three entry points forwarded).
template <mapcore::Hasher H>
class MapcoreHash final : public HashUnderTest {
 public:
  explicit MapcoreHash(H h = H{}) : h_(h) {}
  uint64_t hash(const void* p, std::size_t n, uint64_t seed) const override {
    return h_.mem(p, n, seed);
  }
  uint64_t hash64(uint64_t key, uint64_t seed) const override {
    return h_.mem64(key, seed);
  }
  uint64_t hash32(uint32_t key, uint64_t seed) const override {
    return h_.mem32(key, seed);
  }

 private:
  H h_;
};

// A HashUnderTest as a mapcore Hasher (non-owning), so mapcore::Map can run
// on a user's hash.
struct HasherRef {
  const HashUnderTest* h = nullptr;
  uint64_t mem(const void* p, std::size_t n, uint64_t seed) const {
    return h->hash(p, n, seed);
  }
  uint64_t mem64(uint64_t k, uint64_t seed) const { return h->hash64(k, seed); }
  uint64_t mem32(uint32_t k, uint64_t seed) const { return h->hash32(k, seed); }
};
static_assert(mapcore::Hasher<HasherRef>);

}  // namespace gomapfuzz::spread

#endif  // GOMAPFUZZ_SPREAD_HASH_UNDER_TEST_H_
