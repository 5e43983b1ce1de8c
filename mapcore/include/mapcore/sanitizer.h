// Sanitizer annotations: memory the map holds but must not touch.
//
// The map owns memory that no operation may read or write at a given
// moment: the preallocated overflow buckets not handed out yet, the blocks an
// operation reserved and has not taken yet, and memory parked for open
// iterators (which only an iterator may still read). Under AddressSanitizer
// mapcore poisons such memory (as Abseil's raw_hash_set poisons empty slots),
// so a stray access is a crash at the faulty instruction instead of a wrong
// answer found later, or never. Without ASan (g++ or clang, any build)
// these calls compile to nothing.
//
// Poisoning works in 8-byte granules: mapcore poisons whole buckets (their
// size is a multiple of 8, static_assert in raw_map.h) and whole block
// payloads (16-byte aligned), and unpoisons a block before returning it to
// the allocator, so memory reused by another owner is never left poisoned.
#ifndef MAPCORE_SANITIZER_H_
#define MAPCORE_SANITIZER_H_

#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
#define MAPCORE_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MAPCORE_ADDRESS_SANITIZER 1
#endif
#endif

#ifdef MAPCORE_ADDRESS_SANITIZER
#include <sanitizer/asan_interface.h>
#endif

namespace mapcore {

#ifdef MAPCORE_ADDRESS_SANITIZER
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif

// [p, p + n) must not be touched until unpoisoned.
inline void poison_memory(const void* p, std::size_t n) {
#ifdef MAPCORE_ADDRESS_SANITIZER
  ASAN_POISON_MEMORY_REGION(p, n);
#else
  (void)p, (void)n;
#endif
}

inline void unpoison_memory(const void* p, std::size_t n) {
#ifdef MAPCORE_ADDRESS_SANITIZER
  ASAN_UNPOISON_MEMORY_REGION(p, n);
#else
  (void)p, (void)n;
#endif
}

}  // namespace mapcore

#endif  // MAPCORE_SANITIZER_H_
