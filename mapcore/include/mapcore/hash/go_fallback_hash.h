// Go 1.19's portable map hash (runtime/hash64.go), bit-exact.
//
// Go uses this hash when the CPU lacks AES (or with GODEBUG=cpu.aes=off, which
// is how the Go oracle makes the real runtime deterministic). It is
// wyhash-like: every input word is folded with 128-bit multiplies ("mix")
// against the constants m1..m5. Two seeds feed it: the per-process hashkey[0]
// (random and odd in Go) and the per-map hash0. Ported from Go (BSD licence,
// see README).
#ifndef MAPCORE_HASH_GO_FALLBACK_HASH_H_
#define MAPCORE_HASH_GO_FALLBACK_HASH_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace mapcore::gohash {

// wyhash's mixing constants, as in hash64.go.
inline constexpr uint64_t kM1 = 0xa0761d6478bd642f;
inline constexpr uint64_t kM2 = 0xe7037ed1a0b428db;
inline constexpr uint64_t kM3 = 0x8ebc6af09c88c6e3;
inline constexpr uint64_t kM4 = 0x589965cc75374cc3;
inline constexpr uint64_t kM5 = 0x1d8e4e27c47d124f;

// mix: xor of the two halves of the 128-bit product.
inline uint64_t mix(uint64_t a, uint64_t b) {
  const unsigned __int128 p = static_cast<unsigned __int128>(a) * b;
  return static_cast<uint64_t>(p >> 64) ^ static_cast<uint64_t>(p);
}

// Go reads with the native (little-endian on amd64) byte order.
inline uint64_t r4(const unsigned char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
inline uint64_t r8(const unsigned char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// memhashFallback(p, seed, s).
inline uint64_t memhash(const void* data, std::size_t s, uint64_t seed,
                        uint64_t hashkey0) {
  auto p = static_cast<const unsigned char*>(data);
  uint64_t a = 0, b = 0;
  seed ^= hashkey0 ^ kM1;
  if (s == 0) return seed;
  if (s < 4) {
    a = p[0];
    a |= uint64_t{p[s >> 1]} << 8;
    a |= uint64_t{p[s - 1]} << 16;
  } else if (s == 4) {
    a = r4(p);
    b = a;
  } else if (s < 8) {
    a = r4(p);
    b = r4(p + s - 4);
  } else if (s == 8) {
    a = r8(p);
    b = a;
  } else if (s <= 16) {
    a = r8(p);
    b = r8(p + s - 8);
  } else {
    std::size_t l = s;
    if (l > 48) {
      uint64_t seed1 = seed, seed2 = seed;
      for (; l > 48; l -= 48) {
        seed = mix(r8(p) ^ kM2, r8(p + 8) ^ seed);
        seed1 = mix(r8(p + 16) ^ kM3, r8(p + 24) ^ seed1);
        seed2 = mix(r8(p + 32) ^ kM4, r8(p + 40) ^ seed2);
        p += 48;
      }
      seed ^= seed1 ^ seed2;
    }
    for (; l > 16; l -= 16) {
      seed = mix(r8(p) ^ kM2, r8(p + 8) ^ seed);
      p += 16;
    }
    a = r8(p + l - 16);
    b = r8(p + l - 8);
  }
  return mix(kM5 ^ s, mix(a ^ kM2, b ^ seed));
}

// memhash64Fallback: the 8-byte special case, equal to memhash(p, 8, seed).
inline uint64_t memhash64(uint64_t key, uint64_t seed, uint64_t hashkey0) {
  return mix(kM5 ^ 8, mix(key ^ kM2, key ^ seed ^ hashkey0 ^ kM1));
}

// memhash32Fallback: the 4-byte special case, equal to memhash(p, 4, seed).
inline uint64_t memhash32(uint32_t key, uint64_t seed, uint64_t hashkey0) {
  const uint64_t a = key;
  return mix(kM5 ^ 4, mix(a ^ kM2, a ^ seed ^ hashkey0 ^ kM1));
}

}  // namespace mapcore::gohash

#endif  // MAPCORE_HASH_GO_FALLBACK_HASH_H_
