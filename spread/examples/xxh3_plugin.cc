// Example --hash-lib plugin: a shared library exporting the one C symbol the
// battery loads,
//
//   extern "C" uint64_t hash(const void* p, size_t n, uint64_t seed);
//
// Build: g++ -O2 -shared -fPIC xxh3_plugin.cc -lxxhash -o libxxh3_plugin.so
// Run:   gomapfuzz spread --hash-lib ./libxxh3_plugin.so
//
// It wraps XXH3 so that the ctest can check the plugin path against the
// built-in xxh3 (same verdicts); put your own hash in its place.
#include <xxhash.h>

#include <cstddef>
#include <cstdint>

extern "C" uint64_t hash(const void* p, size_t n, uint64_t seed) {
  return XXH3_64bits_withSeed(p, n, seed);
}
