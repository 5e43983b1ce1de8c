// A --hash-lib plugin that misbehaves on one key, for the isolation tests
// (sandboxed_battery_test.cc and the spread/cli_plugin_* ctests). CMake
// builds it three times, each with one of:
//   BAD_PLUGIN_ABORT  abort()s,
//   BAD_PLUGIN_NULL   reads through a null pointer (SIGSEGV),
//   BAD_PLUGIN_HANG   never returns,
// on the 8-byte key 1234: the geometry section's seq-int family (0, 1, 2,
// ...) reaches it within its first microseconds, and no other family has
// it, so the report must name geometry/seq-int and key d204000000000000.
// Every other key gets a simple multiply-xorshift hash.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace {

constexpr uint64_t kBadKey = 1234;

bool is_bad_key(const void* p, size_t n) {
  uint64_t k = 0;
  if (n != sizeof k) return false;
  std::memcpy(&k, p, sizeof k);
  return k == kBadKey;
}

[[maybe_unused]] uint64_t read_null() {
  // volatile: the compiler must emit the load, not a trap of its own.
  const uint64_t* volatile p = nullptr;
  return *p;
}

}  // namespace

extern "C" uint64_t hash(const void* p, size_t n, uint64_t seed) {
  if (is_bad_key(p, n)) {
#if defined(BAD_PLUGIN_ABORT)
    std::abort();
#elif defined(BAD_PLUGIN_NULL)
    return read_null();
#elif defined(BAD_PLUGIN_HANG)
    // Sleeps rather than spins: the same hang for the watchdog, without
    // burning a shared core.
    for (;;) pause();
#else
#error "define BAD_PLUGIN_ABORT, BAD_PLUGIN_NULL or BAD_PLUGIN_HANG"
#endif
  }
  uint64_t h = seed ^ (n * 0x9e3779b97f4a7c15);
  const auto* b = static_cast<const unsigned char*>(p);
  for (size_t i = 0; i < n; ++i) {
    h = (h ^ b[i]) * 0xff51afd7ed558ccd;
    h ^= h >> 32;
  }
  return h;
}
