// A 64-bit fingerprint of a map's layout: what the layout dump (dump.h)
// shows, hashed instead of formatted, and like the dump independent of
// where the map's memory lies (no address is hashed: a chain member is
// named by its index in the array or as a heap bucket, an out-of-line slot
// by what it points to). The header fields and the pool position, then
// every chain of the current and old arrays: each slot's tophash, key and
// value (a string's length and, when live, its bytes). Where the dump
// abbreviates, every byte counts here (a bytesN value shows its first 8).
//
// Why: proving that an op whose allocation failed left the map as it was
// (the strong guarantee) needs the layout before every write op that may
// meet a fault. Formatting a dump there was two thirds of a fault-injection
// fuzz run; hashing the same content is a small part of it. A mismatch is
// then shown with the dumps by `gomapfuzz repro`, which still formats.
#ifndef MAPCORE_LAYOUT_FINGERPRINT_H_
#define MAPCORE_LAYOUT_FINGERPRINT_H_

#include <xxhash.h>

#include <cstdint>
#include <type_traits>

#include "mapcore/introspect.h"
#include "mapcore/slot_format.h"

namespace mapcore {
namespace internal {

inline uint64_t fingerprint_bytes(const void* p, std::size_t n, uint64_t acc) {
  return XXH3_64bits_withSeed(p, n, acc);
}
inline uint64_t fingerprint_word(uint64_t w, uint64_t acc) {
  return fingerprint_bytes(&w, sizeof w, acc);
}

// A slot as the dump shows it: an inline key or value by its bytes, ...
template <class T>
uint64_t fingerprint_slot(const T& v, bool, uint64_t acc) {
  return fingerprint_bytes(&v, sizeof v, acc);
}
// ... a string by its length and, when live, its bytes (dead: whether its
// pointer was kept, the dump's "old/" or "nil/"), ...
inline uint64_t fingerprint_string(std::string_view s, bool has_ptr, bool live,
                                   uint64_t acc) {
  acc = fingerprint_word(s.size() | (uint64_t{has_ptr} << 63), acc);
  return live && !s.empty() ? fingerprint_bytes(s.data(), s.size(), acc) : acc;
}
inline uint64_t fingerprint_slot(const GoString& s, bool live, uint64_t acc) {
  return fingerprint_string(s.view(), s.ptr != nullptr, live, acc);
}
inline uint64_t fingerprint_slot(const SharedString& s, bool live,
                                 uint64_t acc) {
  return fingerprint_string(s.view(), s.ptr != nullptr, live, acc);
}
// ... an out-of-line one as nil, "*" (dead) or what it points to.
template <class T>
uint64_t fingerprint_slot(T* const& p, bool live, uint64_t acc) {
  if (p == nullptr) return fingerprint_word(0, acc);
  if (!live) return fingerprint_word(1, acc);
  return fingerprint_slot(*p, true, fingerprint_word(2, acc));
}

template <class Raw>
uint64_t fingerprint_bucket(const typename Raw::BucketT* b, uint64_t acc) {
  acc = fingerprint_bytes(b->tophash, sizeof b->tophash, acc);
  for (int i = 0; i < kBucketCnt; ++i) {
    const bool live = b->tophash[i] >= kMinTopHash;
    acc = fingerprint_slot(b->keys[i], live, acc);
    acc = fingerprint_slot(b->elems[i], live, acc);
  }
  return acc;
}

// A chain: its head, then each member named as the dump names it (its
// index in the array, or a heap bucket).
template <class Raw>
uint64_t fingerprint_chain(const typename Raw::BucketT* array,
                           uint64_t array_len, uint64_t x, uint64_t acc) {
  acc = fingerprint_bucket<Raw>(array + x, acc);
  for (const auto* b = array[x].overflow; b; b = b->overflow) {
    const bool in_array = b >= array && b < array + array_len;
    acc = fingerprint_word(in_array ? b - array : UINT64_MAX, acc);
    acc = fingerprint_bucket<Raw>(b, acc);
  }
  return acc;
}

}  // namespace internal

template <class MapT>
uint64_t layout_fingerprint(const MapT& m) {
  const auto& raw = DebugAccess::raw(m);
  using Raw = std::decay_t<decltype(raw)>;
  const auto h = raw.header();
  const uint64_t fields[] = {
      static_cast<uint64_t>(h.count),
      h.flags,
      h.B,
      h.noverflow,
      h.hash0,
      h.nevacuate,
      uint64_t{raw.growing()},
      uint64_t{raw.same_size_grow()},
      raw.next_overflow()
          ? static_cast<uint64_t>(raw.next_overflow() - raw.buckets())
          : UINT64_MAX,
      raw.array_len()};
  uint64_t acc = internal::fingerprint_bytes(fields, sizeof fields, 0);
  if (raw.buckets()) {
    for (uint64_t x = 0; x < (uint64_t{1} << h.B); ++x) {
      acc = internal::fingerprint_chain<Raw>(raw.buckets(), raw.array_len(), x,
                                             acc);
    }
  }
  if (raw.oldbuckets()) {
    for (uint64_t x = 0; x < raw.noldbuckets(); ++x) {
      acc = internal::fingerprint_chain<Raw>(raw.oldbuckets(),
                                             raw.old_array_len(), x, acc);
    }
  }
  return acc;
}

}  // namespace mapcore

#endif  // MAPCORE_LAYOUT_FINGERPRINT_H_
