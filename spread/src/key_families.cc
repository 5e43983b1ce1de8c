// Key families (see key_families.h).
#include "gomapfuzz/spread/key_families.h"

#include <array>
#include <cstdio>
#include <cstring>

#include "mapcore/random_source.h"

namespace gomapfuzz::spread {
namespace {

using mapcore::SplitMix64;

constexpr std::array<std::string_view, kKeyFamilyCount> kNames = {
    "seq-int",     "stride-int",   "millis",      "user-string",
    "long-prefix", "short-random", "random-bytes"};

// 2022-04-15 in Unix milliseconds: timestamps of a recent year.
constexpr uint64_t kMillisBase = 1'650'000'000'000;
// Events arrive every 8 ms on average: key i is in [base + 8i, base + 8i + 7].
constexpr uint64_t kMillisSpacing = 8;

constexpr std::string_view kLongPrefix =
    "/api/v2/organizations/acme-corporation/projects/infrastructure/items/";

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr int kShortLen = 8;
// 62^8 < 2^48: a permutation of [0, 2^48) restricted to [0, 62^8) by
// cycle-walking is a permutation of [0, 62^8), so the strings stay distinct.
constexpr uint64_t kShortSpace = 218340105584896ull;  // 62^8
constexpr int kFeistelHalfBits = 24;
constexpr int kFeistelRounds = 4;  // Luby-Rackoff: 4 rounds look random

uint64_t mix(uint64_t seed, uint64_t i) {
  return SplitMix64::finalize(seed ^ SplitMix64::finalize(i + 1));
}

uint64_t feistel48(uint64_t x, uint64_t seed) {
  constexpr uint64_t kMask = (uint64_t{1} << kFeistelHalfBits) - 1;
  uint64_t l = x >> kFeistelHalfBits, r = x & kMask;
  for (int round = 0; round < kFeistelRounds; ++round) {
    const uint64_t f = mix(seed + round, r) & kMask;
    const uint64_t nl = r;
    r = l ^ f;
    l = nl;
  }
  return (l << kFeistelHalfBits) | r;
}

uint64_t short_random_index(uint64_t seed, uint64_t i) {
  uint64_t x = i;
  do {
    x = feistel48(x, seed);
  } while (x >= kShortSpace);
  return x;
}

std::size_t format_string_key(KeyFamily f, uint64_t seed, uint64_t i,
                              char* buf) {
  switch (f) {
    case KeyFamily::kUserString:
      return static_cast<std::size_t>(
          std::sprintf(buf, "user_%llu", static_cast<unsigned long long>(i)));
    case KeyFamily::kLongPrefix:
      std::memcpy(buf, kLongPrefix.data(), kLongPrefix.size());
      return kLongPrefix.size() + static_cast<std::size_t>(std::sprintf(
                                      buf + kLongPrefix.size(), "%llu",
                                      static_cast<unsigned long long>(i)));
    case KeyFamily::kShortRandom: {
      uint64_t x = short_random_index(seed, i);
      for (int c = 0; c < kShortLen; ++c) {
        buf[c] = kAlphabet[x % kAlphabet.size()];
        x /= kAlphabet.size();
      }
      return kShortLen;
    }
    case KeyFamily::kRandomBytes: {
      const uint64_t a = mix(seed, 2 * i), b = mix(seed, 2 * i + 1);
      std::memcpy(buf, &a, 8);
      std::memcpy(buf + 8, &b, 8);
      return 16;
    }
    default:
      return 0;
  }
}

}  // namespace

std::string_view key_family_name(KeyFamily f) {
  return kNames[static_cast<std::size_t>(f)];
}

std::optional<KeyFamily> key_family_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<KeyFamily>(i);
  }
  return std::nullopt;
}

std::vector<KeyFamily> all_key_families() {
  std::vector<KeyFamily> v;
  for (int i = 0; i < kKeyFamilyCount; ++i) v.push_back(KeyFamily(i));
  return v;
}

bool is_integer_family(KeyFamily f) {
  return f == KeyFamily::kSeqInt || f == KeyFamily::kStrideInt ||
         f == KeyFamily::kMillis;
}

uint64_t int_key(KeyFamily f, uint64_t seed, uint64_t i) {
  switch (f) {
    case KeyFamily::kSeqInt:
      return i;
    case KeyFamily::kStrideInt:
      return i << kStrideBits;
    case KeyFamily::kMillis:
      return kMillisBase + kMillisSpacing * i + mix(seed, i) % kMillisSpacing;
    default:
      return 0;
  }
}

std::string string_key(KeyFamily f, uint64_t seed, uint64_t i) {
  char buf[128];
  return std::string(buf, format_string_key(f, seed, i, buf));
}

void hash_family(KeyFamily f, const HashUnderTest& h, uint64_t seed,
                 uint64_t map_seed, std::size_t n, uint64_t* out) {
  if (is_integer_family(f)) {
    for (std::size_t i = 0; i < n; ++i) {
      out[i] = h.hash64(int_key(f, seed, i), map_seed);
    }
    return;
  }
  char buf[128];
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = h.hash(buf, format_string_key(f, seed, i, buf), map_seed);
  }
}

}  // namespace gomapfuzz::spread
