// Guards the bit-exactness of mapcore's port of Go 1.19's portable map hash
// (hash64.go: memhashFallback, memhash64Fallback, memhash32Fallback; strhash
// is memhash over the bytes) and of the float64 key hash (alg.go f64hash)
// against vectors recorded from the real Go runtime under
// GODEBUG=cpu.aes=off (oracle/gohash_vectors, committed as
// tests/data/gohash_vectors.txt). The Go oracle relies on these: the real
// map and mapcore place keys alike only if they hash alike.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "mapcore/hash/go_fallback_hash.h"
#include "mapcore/hash/hashers.h"
#include "mapcore/key_policy.h"
#include "mapcore/random_source.h"

#ifndef GOMAPFUZZ_TEST_DATA_DIR
#error "define GOMAPFUZZ_TEST_DATA_DIR as the path of mapcore/tests/data"
#endif

namespace mapcore {
namespace {

constexpr char kVectorFile[] = GOMAPFUZZ_TEST_DATA_DIR "/gohash_vectors.txt";

// One line: kind, hashkey[0], seed, payload (bytes or key), Go's hash.
struct Vector {
  std::string kind;  // mem, m64, m32, f64
  uint64_t hashkey = 0;
  uint64_t seed = 0;
  std::vector<unsigned char> bytes;  // mem
  uint64_t key = 0;                  // m64, m32, f64 (bits)
  uint64_t want = 0;
  int line = 0;
};

struct VectorFile {
  std::vector<Vector> vectors;
  std::vector<std::string> errors;
};

std::optional<uint64_t> parse_hex(std::string_view s, size_t digits) {
  if (s.size() != digits) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    const int d = (c >= '0' && c <= '9')   ? c - '0'
                  : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                                           : -1;
    if (d < 0) return std::nullopt;
    v = (v << 4) | static_cast<uint64_t>(d);
  }
  return v;
}

std::optional<std::vector<unsigned char>> parse_bytes(std::string_view s) {
  std::vector<unsigned char> out;
  if (s == "-") return out;
  if (s.size() % 2 != 0) return std::nullopt;
  for (size_t i = 0; i < s.size(); i += 2) {
    const auto b = parse_hex(s.substr(i, 2), 2);
    if (!b) return std::nullopt;
    out.push_back(static_cast<unsigned char>(*b));
  }
  return out;
}

std::optional<Vector> parse_line(const std::string& text) {
  std::istringstream in(text);
  std::string kind, key, seed, payload, want, extra;
  if (!(in >> kind >> key >> seed >> payload >> want) || (in >> extra)) {
    return std::nullopt;
  }
  const auto k = parse_hex(key, 16), s = parse_hex(seed, 16),
             w = parse_hex(want, 16);
  if (!k || !s || !w) return std::nullopt;
  Vector v{kind, *k, *s, {}, 0, *w, 0};
  if (kind == "mem") {
    auto bytes = parse_bytes(payload);
    if (!bytes) return std::nullopt;
    v.bytes = std::move(*bytes);
    return v;
  }
  std::optional<uint64_t> p;
  if (kind == "m64" || kind == "f64") p = parse_hex(payload, 16);
  if (kind == "m32") p = parse_hex(payload, 8);
  if (!p) return std::nullopt;
  v.key = *p;
  return v;
}

VectorFile read_vector_file() {
  VectorFile file;
  std::ifstream in(kVectorFile);
  if (!in) {
    file.errors.push_back(std::string("cannot open ") + kVectorFile);
    return file;
  }
  std::string text;
  for (int line = 1; std::getline(in, text); ++line) {
    if (text.empty() || text[0] == '#') continue;
    auto v = parse_line(text);
    if (!v) {
      file.errors.push_back("malformed line " + std::to_string(line));
      continue;
    }
    v->line = line;
    file.vectors.push_back(std::move(*v));
  }
  return file;
}

const VectorFile& vector_file() {
  static const VectorFile file = read_vector_file();
  return file;
}

std::vector<const Vector*> vectors_of_kind(std::string_view kind) {
  std::vector<const Vector*> out;
  for (const Vector& v : vector_file().vectors) {
    if (v.kind == kind) out.push_back(&v);
  }
  return out;
}

std::string hex(uint64_t v) {
  char buf[19];
  std::snprintf(buf, sizeof buf, "0x%016llx",
                static_cast<unsigned long long>(v));
  return buf;
}

class MismatchCounter {
 public:
  void check(const Vector& v, uint64_t got) {
    if (got == v.want) return;
    if (++mismatches_ <= kMaxReported) {
      ADD_FAILURE() << kVectorFile << ":" << v.line << ": " << v.kind << " ("
                    << v.bytes.size() << " bytes, key " << hex(v.key)
                    << ") got " << hex(got) << ", Go says " << hex(v.want);
    }
  }
  void finish(size_t total) const {
    EXPECT_EQ(mismatches_, 0u) << "of " << total << " vectors";
    std::printf("[   INFO   ] %zu of %zu vectors bit-exact with Go\n",
                total - mismatches_, total);
  }

 private:
  static constexpr size_t kMaxReported = 20;
  size_t mismatches_ = 0;
};

TEST(GoHashVectors, FileIsReadableAndCoversEverySizeCase) {
  const VectorFile& file = vector_file();
  for (const std::string& e : file.errors) ADD_FAILURE() << e;
  // Lower bounds under what regenerate.sh writes: catches truncation.
  EXPECT_GE(vectors_of_kind("mem").size(), 600u);
  EXPECT_GE(vectors_of_kind("m64").size(), 100u);
  EXPECT_GE(vectors_of_kind("m32").size(), 100u);
  EXPECT_GE(vectors_of_kind("f64").size(), 200u);
  std::set<size_t> lengths;
  for (const Vector* v : vectors_of_kind("mem")) {
    lengths.insert(v->bytes.size());
  }
  // 0..100 spans every branch of memhashFallback and both loops; 4096 runs
  // the 48-byte loop many times.
  for (size_t n = 0; n <= 100; ++n) EXPECT_TRUE(lengths.count(n)) << n;
  EXPECT_TRUE(lengths.count(4096));
}

TEST(GoHashVectors, MemhashMatchesGo119FallbackBitExact) {
  const auto vectors = vectors_of_kind("mem");
  ASSERT_FALSE(vectors.empty());
  MismatchCounter counter;
  for (const Vector* v : vectors) {
    // An exactly sized heap copy, so ASan flags any read past the input.
    const size_t n = v->bytes.size();
    std::unique_ptr<unsigned char[]> exact(new unsigned char[n]);
    if (n > 0) std::memcpy(exact.get(), v->bytes.data(), n);
    counter.check(*v, gohash::memhash(exact.get(), n, v->seed, v->hashkey));
  }
  counter.finish(vectors.size());
}

// strhash is memhash over the string's bytes (Go checked it per vector);
// mapcore reaches it through the string key policy and DynamicHasher, the
// path every trace takes.
TEST(GoHashVectors, StringKeysHashLikeGoStrhash) {
  const auto vectors = vectors_of_kind("mem");
  ASSERT_FALSE(vectors.empty());
  MismatchCounter counter;
  RandomSource rng;
  for (const Vector* v : vectors) {
    const DynamicHasher h{HashFamily::kGoFallback, v->hashkey};
    const std::string s(v->bytes.begin(), v->bytes.end());
    counter.check(*v, KeyPolicy<GoString>::hash(h, s, v->seed, rng));
  }
  counter.finish(vectors.size());
}

TEST(GoHashVectors, Memhash64MatchesGo119FallbackBitExact) {
  const auto vectors = vectors_of_kind("m64");
  ASSERT_FALSE(vectors.empty());
  MismatchCounter counter;
  RandomSource rng;
  for (const Vector* v : vectors) {
    counter.check(*v, gohash::memhash64(v->key, v->seed, v->hashkey));
    const DynamicHasher h{HashFamily::kGoFallback, v->hashkey};
    counter.check(*v, KeyPolicy<uint64_t>::hash(h, v->key, v->seed, rng));
  }
  counter.finish(2 * vectors.size());
}

TEST(GoHashVectors, Memhash32MatchesGo119FallbackBitExact) {
  const auto vectors = vectors_of_kind("m32");
  ASSERT_FALSE(vectors.empty());
  MismatchCounter counter;
  for (const Vector* v : vectors) {
    counter.check(*v, gohash::memhash32(static_cast<uint32_t>(v->key), v->seed,
                                        v->hashkey));
  }
  counter.finish(vectors.size());
}

TEST(GoHashVectors, Float64KeysHashLikeGoF64hash) {
  const auto vectors = vectors_of_kind("f64");
  ASSERT_FALSE(vectors.empty());
  MismatchCounter counter;
  RandomSource rng;
  bool saw_zero = false, saw_negative_zero = false;
  for (const Vector* v : vectors) {
    const double f = std::bit_cast<double>(v->key);
    ASSERT_FALSE(std::isnan(f)) << "line " << v->line << ": NaN is random";
    saw_zero |= v->key == 0;
    saw_negative_zero |= f == 0 && std::signbit(f);
    const GoFallbackHasher h{v->hashkey};
    counter.check(*v, KeyPolicy<double>::hash(h, f, v->seed, rng));
  }
  counter.finish(vectors.size());
  EXPECT_TRUE(saw_zero && saw_negative_zero) << "+0 and -0 must be covered";
}

// Go's f64hash gives +0 and -0 one hash (they are equal keys) and every NaN
// a random one; the vectors above cannot show the latter.
TEST(GoHashVectors, NegativeZeroHashesLikeZeroAndNanDrawsFromTheSource) {
  const GoFallbackHasher h{kDefaultHashKey};
  RandomSource rng(7);
  EXPECT_EQ(KeyPolicy<double>::hash(h, 0.0, 99, rng),
            KeyPolicy<double>::hash(h, -0.0, 99, rng));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::set<uint64_t> nan_hashes;
  for (int i = 0; i < 16; ++i) {
    nan_hashes.insert(KeyPolicy<double>::hash(h, nan, 99, rng));
  }
  EXPECT_GT(nan_hashes.size(), 8u);
}

}  // namespace
}  // namespace mapcore
