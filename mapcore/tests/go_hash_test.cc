// Guards the bit-exactness of mapcore's port of Go 1.19's portable map hash
// (hash64.go: memhashFallback, memhash64Fallback, memhash32Fallback; strhash
// is memhash over the bytes) and of the float64 key hash (alg.go f64hash)
// against vectors recorded from the real Go runtime under
// GODEBUG=cpu.aes=off (oracle/hash_vectors -hash fallback, committed as
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

#include "hash_vectors.h"
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

using test::HashVectorFile;
using test::MismatchCounter;
using Vector = test::HashVector;
constexpr auto vector_file = test::parsed_once<kVectorFile>;

TEST(GoHashVectors, FileIsReadableAndCoversEverySizeCase) {
  const HashVectorFile& file = vector_file();
  for (const std::string& e : file.errors) ADD_FAILURE() << e;
  // Lower bounds under what regenerate.sh writes: catches truncation.
  EXPECT_GE(vector_file().of_kind("mem").size(), 600u);
  EXPECT_GE(vector_file().of_kind("m64").size(), 100u);
  EXPECT_GE(vector_file().of_kind("m32").size(), 100u);
  EXPECT_GE(vector_file().of_kind("f64").size(), 200u);
  std::set<size_t> lengths;
  for (const Vector* v : vector_file().of_kind("mem")) {
    lengths.insert(v->bytes.size());
  }
  // 0..100 spans every branch of memhashFallback and both loops; 4096 runs
  // the 48-byte loop many times.
  for (size_t n = 0; n <= 100; ++n) EXPECT_TRUE(lengths.count(n)) << n;
  EXPECT_TRUE(lengths.count(4096));
}

TEST(GoHashVectors, MemhashMatchesGo119FallbackBitExact) {
  const auto vectors = vector_file().of_kind("mem");
  ASSERT_FALSE(vectors.empty());
  MismatchCounter counter(kVectorFile);
  for (const Vector* v : vectors) {
    // An exactly sized heap copy, so ASan flags any read past the input.
    const size_t n = v->bytes.size();
    std::unique_ptr<unsigned char[]> exact(new unsigned char[n]);
    if (n > 0) std::memcpy(exact.get(), v->bytes.data(), n);
    counter.check(*v, gohash::memhash(exact.get(), n, v->seed, v->secret));
  }
  counter.finish(vectors.size());
}

// strhash is memhash over the string's bytes (Go checked it per vector);
// mapcore reaches it through the string key policy and DynamicHasher, the
// path every trace takes.
TEST(GoHashVectors, StringKeysHashLikeGoStrhash) {
  const auto vectors = vector_file().of_kind("mem");
  ASSERT_FALSE(vectors.empty());
  MismatchCounter counter(kVectorFile);
  RandomSource rng;
  for (const Vector* v : vectors) {
    const DynamicHasher h{HashFamily::kGoFallback, v->secret};
    const std::string s(v->bytes.begin(), v->bytes.end());
    counter.check(*v, KeyPolicy<GoString>::hash(h, s, v->seed, rng));
  }
  counter.finish(vectors.size());
}

TEST(GoHashVectors, Memhash64MatchesGo119FallbackBitExact) {
  const auto vectors = vector_file().of_kind("m64");
  ASSERT_FALSE(vectors.empty());
  MismatchCounter counter(kVectorFile);
  RandomSource rng;
  for (const Vector* v : vectors) {
    counter.check(*v, gohash::memhash64(v->key, v->seed, v->secret));
    const DynamicHasher h{HashFamily::kGoFallback, v->secret};
    counter.check(*v, KeyPolicy<uint64_t>::hash(h, v->key, v->seed, rng));
  }
  counter.finish(2 * vectors.size());
}

TEST(GoHashVectors, Memhash32MatchesGo119FallbackBitExact) {
  const auto vectors = vector_file().of_kind("m32");
  ASSERT_FALSE(vectors.empty());
  MismatchCounter counter(kVectorFile);
  for (const Vector* v : vectors) {
    counter.check(*v, gohash::memhash32(static_cast<uint32_t>(v->key), v->seed,
                                        v->secret));
  }
  counter.finish(vectors.size());
}

TEST(GoHashVectors, Float64KeysHashLikeGoF64hash) {
  const auto vectors = vector_file().of_kind("f64");
  ASSERT_FALSE(vectors.empty());
  MismatchCounter counter(kVectorFile);
  RandomSource rng;
  bool saw_zero = false, saw_negative_zero = false;
  for (const Vector* v : vectors) {
    const double f = std::bit_cast<double>(v->key);
    ASSERT_FALSE(std::isnan(f)) << "line " << v->line << ": NaN is random";
    saw_zero |= v->key == 0;
    saw_negative_zero |= f == 0 && std::signbit(f);
    const GoFallbackHasher h{v->secret};
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
