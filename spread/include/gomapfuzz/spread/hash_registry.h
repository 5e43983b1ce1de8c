// The hashes the battery knows by name, and hashes loaded from a shared
// library (--hash-lib).
//
// Built in: Go's two map hashes (the portable fallback of hash64.go and the
// amd64 AES hash), two strong modern hashes from libxxhash (xxh3, xxh64), the
// classic weak FNV-1a, and mapcore's adversarial families, each of which
// breaks one part of Go's geometry (see mapcore/hash/hashers.h). A name may
// carry the family's parameter: "lowbits:56", "constant:0x1234".
//
// Per-process secrets (Go's hashkey for the fallback hash, aeskeysched for the
// AES hash) are random in Go; here they are derived from the battery's seed,
// so every run replays exactly.
#ifndef GOMAPFUZZ_SPREAD_HASH_REGISTRY_H_
#define GOMAPFUZZ_SPREAD_HASH_REGISTRY_H_

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "gomapfuzz/spread/hash_under_test.h"

namespace gomapfuzz::spread {

struct NamedHash {
  std::string name;         // as given on the command line
  std::string description;  // one line: what it is, its parameters
  std::shared_ptr<const HashUnderTest> impl;
};

class HashLookupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The built-in names, for --help and errors.
std::vector<std::string> builtin_hash_names();

// A built-in hash by name ("xxh3", "lowbits:56", ...). Throws HashLookupError
// for an unknown name, a bad parameter, or "aeshash" on a CPU without AES-NI.
NamedHash make_builtin_hash(const std::string& name, uint64_t seed);

// The symbol a --hash-lib library must export.
inline constexpr const char* kPluginSymbol = "hash";
using PluginHashFn = uint64_t (*)(const void*, std::size_t, uint64_t);

// dlopen()s `path` and wraps its `extern "C" uint64_t hash(const void*,
// size_t, uint64_t seed)`. The library stays loaded while the hash lives.
// Throws HashLookupError with dlerror()'s text when it cannot.
NamedHash load_hash_library(const std::string& path);

}  // namespace gomapfuzz::spread

#endif  // GOMAPFUZZ_SPREAD_HASH_REGISTRY_H_
