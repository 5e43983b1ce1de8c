// Pluggable map hashers.
//
// A hasher is what Go's maptype.hasher is: a function of (key bytes, seed)
// returning a 64-bit hash, where the seed is the map's hash0. Go's maps call a
// width-specialized function for 4- and 8-byte keys, so a hasher offers three
// entry points (the Hasher concept below). Key policies (key_policy.h) pick the
// entry point Go's compiler would pick for the key type.
//
// Families:
//   GoFallbackHasher  Go's portable hash (hash64.go), the default: bit-exact.
//   Xxh3Hasher        XXH3-64 from Debian's libxxhash (a strong modern hash).
//   Fnv1aHasher       FNV-1a, a classic weak hash (fails avalanche tests).
//   DynamicHasher     any family including the adversarial ones, chosen at run
//                     time (fuzzers and traces pick it from a few bytes).
// Adversarial families, each breaking one part of Go's geometry:
//   constant C        every key hashes to C: one bucket, one tophash.
//   lowbits K         only the K low bits vary: few buckets, tophash fixed.
//   tophash T         good low bits, top byte forced to T: tophash useless.
//   identity          the key's first 8 bytes: strided keys share buckets.
//   samebucket        only the top byte varies: all keys in bucket 0.
#ifndef MAPCORE_HASH_HASHERS_H_
#define MAPCORE_HASH_HASHERS_H_

#include <xxhash.h>

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "mapcore/hash/go_fallback_hash.h"

namespace mapcore {

template <class H>
concept Hasher = requires(const H& h, const void* p, std::size_t n,
                          uint64_t seed, uint64_t k64, uint32_t k32) {
  { h.mem(p, n, seed) } -> std::same_as<uint64_t>;
  { h.mem64(k64, seed) } -> std::same_as<uint64_t>;
  { h.mem32(k32, seed) } -> std::same_as<uint64_t>;
};

// Go's hashkey[0] when none is given: odd, as alginit makes it.
inline constexpr uint64_t kDefaultHashKey = 0x2d358dccaa6c78a5;

struct GoFallbackHasher {
  uint64_t hashkey0 = kDefaultHashKey;

  uint64_t mem(const void* p, std::size_t n, uint64_t seed) const {
    return gohash::memhash(p, n, seed, hashkey0);
  }
  uint64_t mem64(uint64_t k, uint64_t seed) const {
    return gohash::memhash64(k, seed, hashkey0);
  }
  uint64_t mem32(uint32_t k, uint64_t seed) const {
    return gohash::memhash32(k, seed, hashkey0);
  }
};

struct Xxh3Hasher {
  uint64_t mem(const void* p, std::size_t n, uint64_t seed) const {
    return XXH3_64bits_withSeed(p, n, seed);
  }
  uint64_t mem64(uint64_t k, uint64_t seed) const {
    return mem(&k, sizeof k, seed);
  }
  uint64_t mem32(uint32_t k, uint64_t seed) const {
    return mem(&k, sizeof k, seed);
  }
};

// FNV-1a has no seed; the seed is folded into the offset basis so that
// different maps still hash differently.
struct Fnv1aHasher {
  static constexpr uint64_t kOffsetBasis = 0xcbf29ce484222325;
  static constexpr uint64_t kPrime = 0x100000001b3;

  uint64_t mem(const void* p, std::size_t n, uint64_t seed) const {
    auto bytes = static_cast<const unsigned char*>(p);
    uint64_t h = kOffsetBasis ^ seed;
    for (std::size_t i = 0; i < n; ++i) h = (h ^ bytes[i]) * kPrime;
    return h;
  }
  uint64_t mem64(uint64_t k, uint64_t seed) const {
    return mem(&k, sizeof k, seed);
  }
  uint64_t mem32(uint32_t k, uint64_t seed) const {
    return mem(&k, sizeof k, seed);
  }
};

enum class HashFamily : uint8_t {
  kGoFallback,
  kXxh3,
  kFnv1a,
  kConstant,
  kLowBits,
  kFixedTopHash,
  kIdentity,
  kSameBucket,
};
inline constexpr int kHashFamilyCount = 8;

// The trace-format name of a family ("gofallback", "lowbits", ...).
std::string_view hash_family_name(HashFamily f);
std::optional<HashFamily> hash_family_from_name(std::string_view name);
// The parameter a family uses when none is given (gofallback: the hashkey).
uint64_t default_hash_param(HashFamily f);

// A hasher chosen at run time. `param` is the family's one parameter: the
// hashkey for gofallback, C for constant, K for lowbits, T for tophash.
struct DynamicHasher {
  HashFamily family = HashFamily::kGoFallback;
  uint64_t param = kDefaultHashKey;

  uint64_t mem(const void* p, std::size_t n, uint64_t seed) const {
    switch (family) {
      case HashFamily::kGoFallback:
        return gohash::memhash(p, n, seed, param);
      case HashFamily::kXxh3:
        return Xxh3Hasher{}.mem(p, n, seed);
      case HashFamily::kFnv1a:
        return Fnv1aHasher{}.mem(p, n, seed);
      case HashFamily::kIdentity:
        return first_eight_bytes(p, n);
      default:
        return shape(gohash::memhash(p, n, seed, kDefaultHashKey));
    }
  }
  uint64_t mem64(uint64_t k, uint64_t seed) const {
    switch (family) {
      case HashFamily::kGoFallback:
        return gohash::memhash64(k, seed, param);
      case HashFamily::kIdentity:
        return k;
      default:
        return mem(&k, sizeof k, seed);
    }
  }
  uint64_t mem32(uint32_t k, uint64_t seed) const {
    switch (family) {
      case HashFamily::kGoFallback:
        return gohash::memhash32(k, seed, param);
      case HashFamily::kIdentity:
        return k;
      default:
        return mem(&k, sizeof k, seed);
    }
  }

  std::string describe() const;

 private:
  static uint64_t first_eight_bytes(const void* p, std::size_t n) {
    uint64_t v = 0;
    if (n > 0) std::memcpy(&v, p, n < 8 ? n : 8);  // "" may have a null data()
    return v;
  }
  // Bends a good hash into the adversarial family's shape.
  uint64_t shape(uint64_t good) const {
    constexpr uint64_t kTopByte = uint64_t{0xff} << 56;
    switch (family) {
      case HashFamily::kConstant:
        return param;
      case HashFamily::kLowBits:
        return param >= 64 ? good : good & ((uint64_t{1} << param) - 1);
      case HashFamily::kFixedTopHash:
        return (good & ~kTopByte) | ((param & 0xff) << 56);
      case HashFamily::kSameBucket:
        return good & kTopByte;
      default:
        return good;
    }
  }
};

static_assert(Hasher<GoFallbackHasher>);
static_assert(Hasher<Xxh3Hasher>);
static_assert(Hasher<Fnv1aHasher>);
static_assert(Hasher<DynamicHasher>);

}  // namespace mapcore

#endif  // MAPCORE_HASH_HASHERS_H_
