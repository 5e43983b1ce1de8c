// Key policies: how Go treats each key type in a map.
//
// Go's compiler gives every map key type a hasher, an equality, and a few
// flags that change what the map code does (reflexivekey, needkeyupdate,
// whether the type holds pointers, and whether a fast-path variant of
// mapassign/mapdelete exists). Each KeyPolicy<K> below states those facts for
// one C++ key type, so the map algorithm (raw_map.h) stays type-agnostic.
//
// Members of a policy:
//   Arg                 what callers pass: uint64_t, std::string_view,
//   double... kHasPointers        Go's key type holds pointers (decides whether
//   evacuate
//                       and delete clear memory: only pointers need clearing)
//   kReflexive          k == k for every k (false for floats: NaN != NaN)
//   kNeedKeyUpdate      an overwrite also copies the new key in (+0 vs -0)
//   kHasFastPath        Go compiles m[k]=v / delete(m,k) to a _fast64,
//                       _fast32 or _faststr variant (when elem <= 128 bytes)
//   kIsString           the key is Go's string header {ptr, len}
//   kOwnsBytes          the key points at bytes the map owns (GoString)
//   hash(h, arg, seed, rng), equal(stored, arg), arg_of(stored)
#ifndef MAPCORE_KEY_POLICY_H_
#define MAPCORE_KEY_POLICY_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "mapcore/bytes.h"
#include "mapcore/hash/hashers.h"
#include "mapcore/random_source.h"

namespace mapcore {

// Go's string header, exactly as a map bucket holds it: 16 bytes on amd64.
// A deleted key keeps its length with a nil pointer (mapdelete_faststr).
// The map copies a new key's bytes into a block of its own, so callers may
// pass any std::string_view, temporaries included.
struct GoString {
  const char* ptr = nullptr;
  int64_t len = 0;

  std::string_view view() const { return {ptr, static_cast<std::size_t>(len)}; }
};
static_assert(sizeof(GoString) == 16);

// The same header, but the map shares the caller's bytes instead of copying
// them, as Go's map does: an insert stores the std::string_view's pointer
// and length, and no key costs an allocation or a free. The caller keeps the
// bytes alive and unchanged for as long as the map holds the key (in Go,
// the garbage collector and the immutability of strings guarantee both).
// Layout, hashing, growth and dumps are GoString's exactly.
struct SharedString {
  const char* ptr = nullptr;
  int64_t len = 0;

  std::string_view view() const { return {ptr, static_cast<std::size_t>(len)}; }
};
static_assert(sizeof(SharedString) == 16);

template <class K>
struct KeyPolicy;

// Integer keys: Go's memhash64/memhash32, mapassign_fast64/_fast32.
template <class K>
requires(std::is_integral_v<K> &&
         (sizeof(K) == 8 || sizeof(K) == 4)) struct KeyPolicy<K> {
  using Arg = K;
  static constexpr bool kHasPointers = false;
  static constexpr bool kReflexive = true;
  static constexpr bool kNeedKeyUpdate = false;
  static constexpr bool kHasFastPath = true;
  static constexpr bool kIsString = false;
  static constexpr bool kOwnsBytes = false;

  template <Hasher H>
  static uint64_t hash(const H& h, Arg k, uint64_t seed, RandomSource&) {
    if constexpr (sizeof(K) == 8) {
      return h.mem64(static_cast<uint64_t>(k), seed);
    } else {
      return h.mem32(static_cast<uint32_t>(k), seed);
    }
  }
  static bool equal(const K& stored, Arg k) { return stored == k; }
  static Arg arg_of(const K& stored) { return stored; }
};

// float64 keys: f64hash (alg.go). +0 and -0 are equal and hash alike; every
// NaN hashes randomly, so NaN keys can be inserted but never found.
template <>
struct KeyPolicy<double> {
  using Arg = double;
  static constexpr bool kHasPointers = false;
  static constexpr bool kReflexive = false;
  static constexpr bool kNeedKeyUpdate = true;
  static constexpr bool kHasFastPath = false;
  static constexpr bool kIsString = false;
  static constexpr bool kOwnsBytes = false;

  // Go's c0/c1 for 64-bit pointers (alg.go).
  static constexpr uint64_t kC0 = 33054211828000289ULL;
  static constexpr uint64_t kC1 = 23344194077549503ULL;

  template <Hasher H>
  static uint64_t hash(const H& h, Arg k, uint64_t seed, RandomSource& rng) {
    if (k == 0) return kC1 * (kC0 ^ seed);                      // +0, -0
    if (k != k) return kC1 * (kC0 ^ seed ^ rng.next_misc32());  // any NaN
    return h.mem64(std::bit_cast<uint64_t>(k), seed);  // memhash(p, h, 8)
  }
  static bool equal(const double& stored, Arg k) { return stored == k; }
  static Arg arg_of(const double& stored) { return stored; }
};

// string keys: strhash = memhash over the bytes; mapassign_faststr.
// GoString copies a new key's bytes into a block the map owns; SharedString
// shares the caller's, as Go does.
template <class S, bool kOwns>
struct StringKeyPolicy {
  using Arg = std::string_view;
  static constexpr bool kHasPointers = true;
  static constexpr bool kReflexive = true;
  // Go's needkeyupdate is true for strings (the new header replaces the old
  // one so the old bytes can be collected). The bytes are equal, so mapcore
  // keeps the header it has: no observable difference in keys, tophash or
  // layout, and an owned copy stays owned.
  static constexpr bool kNeedKeyUpdate = false;
  static constexpr bool kHasFastPath = true;
  static constexpr bool kIsString = true;
  static constexpr bool kOwnsBytes = kOwns;

  template <Hasher H>
  static uint64_t hash(const H& h, Arg k, uint64_t seed, RandomSource&) {
    return h.mem(k.data(), k.size(), seed);
  }
  // map_faststr.go: the same pointer needs no byte compare (a map that
  // shares its keys is often asked with the very string it holds).
  static bool equal(const S& stored, Arg k) {
    return static_cast<std::size_t>(stored.len) == k.size() &&
           (stored.ptr == k.data() || k.empty() ||
            std::memcmp(stored.ptr, k.data(), k.size()) == 0);
  }
  static Arg arg_of(const S& stored) { return stored.view(); }
};

template <>
struct KeyPolicy<GoString> : StringKeyPolicy<GoString, /*kOwns=*/true> {};
template <>
struct KeyPolicy<SharedString>
    : StringKeyPolicy<SharedString, /*kOwns=*/false> {};

// [N]byte keys: memhash32/64 for N = 4/8 (AMEM32/AMEM64), memhash otherwise.
template <std::size_t N>
struct KeyPolicy<Bytes<N>> {
  using Arg = const Bytes<N>&;
  static constexpr bool kHasPointers = false;
  static constexpr bool kReflexive = true;
  static constexpr bool kNeedKeyUpdate = false;
  static constexpr bool kHasFastPath = (N == 4 || N == 8);
  static constexpr bool kIsString = false;
  static constexpr bool kOwnsBytes = false;

  template <Hasher H>
  static uint64_t hash(const H& h, Arg k, uint64_t seed, RandomSource&) {
    if constexpr (N == 8) {
      return h.mem64(k.prefix64(), seed);
    } else if constexpr (N == 4) {
      return h.mem32(static_cast<uint32_t>(k.prefix64()), seed);
    } else {
      return h.mem(k.b.data(), N, seed);
    }
  }
  static bool equal(const Bytes<N>& stored, Arg k) { return stored == k; }
  static Arg arg_of(const Bytes<N>& stored) { return stored; }
};

template <class K>
concept MapKey = requires {
  typename KeyPolicy<K>::Arg;
};

}  // namespace mapcore

#endif  // MAPCORE_KEY_POLICY_H_
