// Avalanche grids with bit-sliced counters (see avalanche.h).
#include "gomapfuzz/spread/avalanche.h"

#include <cstring>

#include "mapcore/random_source.h"

namespace gomapfuzz::spread {
namespace {

// Eight planes count to 255; flush into the 32-bit cells before that.
constexpr int kPlanes = 8;
constexpr int kFlushEvery = (1 << kPlanes) - 1;

struct VerticalCounter {
  uint64_t plane[kPlanes] = {};

  void add(uint64_t bits) {
    for (int k = 0; k < kPlanes && bits != 0; ++k) {
      const uint64_t carry = plane[k] & bits;
      plane[k] ^= bits;
      bits = carry;
    }
  }
  void flush_into(uint32_t* cells) {
    for (int j = 0; j < 64; ++j) {
      uint32_t v = 0;
      for (int k = 0; k < kPlanes; ++k) v |= ((plane[k] >> j) & 1) << k;
      cells[j] += v;
    }
    std::memset(plane, 0, sizeof plane);
  }
};

uint64_t hash_key(const HashUnderTest& h, AvalancheKey kind,
                  const unsigned char* key, int bytes) {
  constexpr uint64_t kGoSeed = 0;  // BytesHash(b, 0), Int64Hash(i, 0)
  switch (kind) {
    case AvalancheKey::kInt32: {
      uint32_t v;
      std::memcpy(&v, key, 4);
      return h.hash32(v, kGoSeed);
    }
    case AvalancheKey::kInt64: {
      uint64_t v;
      std::memcpy(&v, key, 8);
      return h.hash64(v, kGoSeed);
    }
    default:
      return h.hash(key, static_cast<std::size_t>(bytes), kGoSeed);
  }
}

}  // namespace

AvalancheGrid avalanche(const HashUnderTest& h, AvalancheKey kind, int bytes,
                        int64_t reps, uint64_t seed) {
  if (kind == AvalancheKey::kInt32) bytes = 4;
  if (kind == AvalancheKey::kInt64) bytes = 8;
  AvalancheGrid g;
  g.name = kind == AvalancheKey::kInt32   ? "int32"
           : kind == AvalancheKey::kInt64 ? "int64"
                                          : "bytes" + std::to_string(bytes);
  g.in_bits = bytes * 8;
  g.reps = reps;
  g.flips.assign(static_cast<std::size_t>(g.in_bits) * 64, 0);
  std::vector<VerticalCounter> counters(g.in_bits);
  std::vector<unsigned char> key(bytes);
  mapcore::SplitMix64 rng(seed);
  for (int64_t rep = 0; rep < reps; ++rep) {
    for (int i = 0; i < bytes; i += 8) {
      const uint64_t r = rng.next();
      std::memcpy(key.data() + i, &r, std::min(8, bytes - i));
    }
    const uint64_t base = hash_key(h, kind, key.data(), bytes);
    for (int bit = 0; bit < g.in_bits; ++bit) {
      key[bit >> 3] ^= static_cast<unsigned char>(1u << (bit & 7));
      counters[bit].add(base ^ hash_key(h, kind, key.data(), bytes));
      key[bit >> 3] ^= static_cast<unsigned char>(1u << (bit & 7));
    }
    if ((rep + 1) % kFlushEvery == 0 || rep + 1 == reps) {
      for (int bit = 0; bit < g.in_bits; ++bit) {
        counters[bit].flush_into(&g.flips[static_cast<std::size_t>(bit) * 64]);
      }
    }
  }
  return g;
}

}  // namespace gomapfuzz::spread
