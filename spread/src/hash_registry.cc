// Built-in hashes and the --hash-lib loader (design in hash_registry.h).
#include "gomapfuzz/spread/hash_registry.h"

#include <dlfcn.h>
#include <xxhash.h>

#include <cstdio>
#include <string_view>

#include "mapcore/hash/aes_hash.h"
#include "mapcore/random_source.h"

namespace gomapfuzz::spread {
namespace {

// Secrets derived from the seed come from their own splitmix64 streams, so
// that they never equal the per-map seeds the battery draws from `seed`.
constexpr uint64_t kHashKeyStream = 0x6861736b6579;  // "hashkey"
constexpr uint64_t kAesKeyStream = 0x6165736b6579;   // "aeskey"

class AesHash final : public HashUnderTest {
 public:
  explicit AesHash(uint64_t seed)
      : ks_(mapcore::AesKeySchedule::from_seed(seed)) {}
  uint64_t hash(const void* p, std::size_t n, uint64_t seed) const override {
    return mapcore::aes_memhash(p, n, seed, ks_);
  }
  uint64_t hash64(uint64_t key, uint64_t seed) const override {
    return mapcore::aes_memhash64(key, seed, ks_);
  }
  uint64_t hash32(uint32_t key, uint64_t seed) const override {
    return mapcore::aes_memhash32(key, seed, ks_);
  }

 private:
  mapcore::AesKeySchedule ks_;
};

struct Xxh64Hasher {
  uint64_t mem(const void* p, std::size_t n, uint64_t seed) const {
    return XXH64(p, n, seed);
  }
  uint64_t mem64(uint64_t k, uint64_t seed) const {
    return mem(&k, sizeof k, seed);
  }
  uint64_t mem32(uint32_t k, uint64_t seed) const {
    return mem(&k, sizeof k, seed);
  }
};

class PluginHash final : public HashUnderTest {
 public:
  PluginHash(void* handle, PluginHashFn fn) : handle_(handle), fn_(fn) {}
  ~PluginHash() override { dlclose(handle_); }
  PluginHash(const PluginHash&) = delete;
  PluginHash& operator=(const PluginHash&) = delete;
  uint64_t hash(const void* p, std::size_t n, uint64_t seed) const override {
    return fn_(p, n, seed);
  }

 private:
  void* handle_;
  PluginHashFn fn_;
};

std::string hex(uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

uint64_t parse_param(std::string_view name, std::string_view text) {
  try {
    std::size_t used = 0;
    const uint64_t v = std::stoull(std::string(text), &used, 0);
    if (used == text.size()) return v;
  } catch (const std::exception&) {
  }
  throw HashLookupError("bad parameter '" + std::string(text) + "' in hash '" +
                        std::string(name) + "'");
}

NamedHash adversarial(const std::string& name, mapcore::HashFamily family,
                      std::string_view param_text, const char* what) {
  mapcore::DynamicHasher h{family, mapcore::default_hash_param(family)};
  if (!param_text.empty()) h.param = parse_param(name, param_text);
  if (family == mapcore::HashFamily::kLowBits && h.param > 64) {
    throw HashLookupError("lowbits keeps 0..64 bits, not " +
                          std::to_string(h.param));
  }
  return {name, std::string(what) + " (" + h.describe() + ")",
          std::make_shared<MapcoreHash<mapcore::DynamicHasher>>(h)};
}

}  // namespace

std::vector<std::string> builtin_hash_names() {
  return {"gofallback", "aeshash", "xxh3",    "xxh64",    "fnv1a",
          "constant",   "lowbits", "tophash", "identity", "samebucket"};
}

NamedHash make_builtin_hash(const std::string& name, uint64_t seed) {
  const auto colon = name.find(':');
  const std::string base = name.substr(0, colon);
  const std::string_view param = colon == std::string::npos
                                     ? std::string_view{}
                                     : std::string_view(name).substr(colon + 1);
  using mapcore::HashFamily;
  if (base == "gofallback") {
    // Go's alginit makes every hashkey word odd.
    const uint64_t key =
        param.empty() ? mapcore::SplitMix64::finalize(seed + kHashKeyStream) | 1
                      : parse_param(name, param);
    return {name, "Go 1.19 portable hash (hash64.go), hashkey " + hex(key),
            std::make_shared<MapcoreHash<mapcore::GoFallbackHasher>>(
                mapcore::GoFallbackHasher{key})};
  }
  if (!param.empty() &&
      (base == "aeshash" || base == "xxh3" || base == "xxh64" ||
       base == "fnv1a" || base == "identity" || base == "samebucket")) {
    throw HashLookupError("hash '" + base + "' takes no parameter");
  }
  if (base == "aeshash") {
    if (!mapcore::aes_hash_supported()) {
      throw HashLookupError(
          "aeshash needs AES-NI, SSSE3 and SSE4.1, which this CPU lacks");
    }
    const uint64_t ks_seed =
        mapcore::SplitMix64::finalize(seed + kAesKeyStream);
    return {name,
            "Go 1.19 amd64 AES hash (aeshash), key schedule from_seed(" +
                hex(ks_seed) + ")",
            std::make_shared<AesHash>(ks_seed)};
  }
  if (base == "xxh3") {
    return {name, "XXH3_64bits_withSeed (libxxhash)",
            std::make_shared<MapcoreHash<mapcore::Xxh3Hasher>>()};
  }
  if (base == "xxh64") {
    return {name, "XXH64 (libxxhash)",
            std::make_shared<MapcoreHash<Xxh64Hasher>>()};
  }
  if (base == "fnv1a") {
    return {name, "FNV-1a 64, seed folded into the offset basis",
            std::make_shared<MapcoreHash<mapcore::Fnv1aHasher>>()};
  }
  if (base == "constant") {
    return adversarial(name, HashFamily::kConstant, param,
                       "every key hashes to one value");
  }
  if (base == "lowbits") {
    return adversarial(name, HashFamily::kLowBits, param,
                       "only the K low bits of a good hash, the rest zero");
  }
  if (base == "tophash") {
    return adversarial(name, HashFamily::kFixedTopHash, param,
                       "good low bits, top byte forced to T");
  }
  if (base == "identity") {
    return adversarial(name, HashFamily::kIdentity, param,
                       "the key's first 8 bytes");
  }
  if (base == "samebucket") {
    return adversarial(name, HashFamily::kSameBucket, param,
                       "only the top byte varies");
  }
  std::string known;
  for (const auto& n : builtin_hash_names()) known += " " + n;
  throw HashLookupError("unknown hash '" + name + "' (known:" + known + ")");
}

NamedHash load_hash_library(const std::string& path) {
  // RTLD_LOCAL: two plugins may both export `hash`.
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    throw HashLookupError("cannot load hash library: " +
                          std::string(dlerror()));
  }
  dlerror();
  void* sym = dlsym(handle, kPluginSymbol);
  if (const char* err = dlerror(); err != nullptr || sym == nullptr) {
    const std::string msg = err ? err : "symbol is null";
    dlclose(handle);
    throw HashLookupError(path + " does not export extern \"C\" " +
                          kPluginSymbol + "(): " + msg);
  }
  auto fn = reinterpret_cast<PluginHashFn>(sym);
  return {path, "extern \"C\" hash() from " + path,
          std::make_shared<PluginHash>(handle, fn)};
}

}  // namespace gomapfuzz::spread
