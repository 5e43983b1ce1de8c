// Guards the bit-exactness of mapcore's port of Go 1.19's amd64 AES map hash
// against vectors recorded from the real Go runtime
// (oracle/hash_vectors -hash aes, committed as tests/data/aeshash_vectors.txt).
#include "mapcore/hash/aes_hash.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "hash_vectors.h"

#ifndef GOMAPFUZZ_TEST_DATA_DIR
#error "define GOMAPFUZZ_TEST_DATA_DIR as the path of mapcore/tests/data"
#endif

namespace mapcore {
namespace {

constexpr char kAesVectorFile[] =
    GOMAPFUZZ_TEST_DATA_DIR "/aeshash_vectors.txt";

using test::HashVectorFile;
using test::MismatchCounter;
using Vector = test::HashVector;
constexpr auto aes_vector_file = test::parsed_once<kAesVectorFile>;

// Every test here executes AES-NI. Without it the golden vectors cannot be
// checked, and CI machines have it, so that is a failure, not a skip: a
// skip would silently stop guarding bit-exactness.
class AesHashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(aes_hash_supported())
        << "this CPU lacks AES-NI, SSSE3 or SSE4.1 (see grep aes "
           "/proc/cpuinfo); the Go AES hash cannot be run or checked here";
  }
};

TEST_F(AesHashTest, VectorFileIsReadableAndCoversEverySizeCase) {
  const HashVectorFile& file = aes_vector_file();
  for (const std::string& e : file.errors) ADD_FAILURE() << e;
  // Lower bounds well under what regenerate.sh writes: catches truncation.
  EXPECT_GE(aes_vector_file().of_kind("mem").size(), 500u);
  EXPECT_GE(aes_vector_file().of_kind("m64").size(), 100u);
  EXPECT_GE(aes_vector_file().of_kind("m32").size(), 100u);
  std::set<size_t> lengths;
  for (const Vector* v : aes_vector_file().of_kind("mem"))
    lengths.insert(v->bytes.size());
  // 0..260 spans every branch of aeshashbody and the first loop iterations
  // of the 129+ case; 4096 runs the loop many times.
  for (size_t n = 0; n <= 260; ++n) EXPECT_TRUE(lengths.count(n)) << n;
  EXPECT_TRUE(lengths.count(4096));
}

TEST_F(AesHashTest, MemhashMatchesGo119RuntimeBitExact) {
  const auto vectors = aes_vector_file().of_kind("mem");
  ASSERT_FALSE(vectors.empty());
  MismatchCounter counter(kAesVectorFile);
  for (const Vector* v : vectors) {
    const auto ks = AesKeySchedule::from_seed(v->secret);
    // An exactly sized heap copy, so ASan flags any read past the input.
    const size_t n = v->bytes.size();
    std::unique_ptr<unsigned char[]> exact(new unsigned char[n]);
    if (n > 0) std::memcpy(exact.get(), v->bytes.data(), n);
    counter.check(*v, aes_memhash(exact.get(), n, v->seed, ks));
  }
  counter.finish(vectors.size());
}

TEST_F(AesHashTest, Memhash64MatchesGo119RuntimeBitExact) {
  const auto vectors = aes_vector_file().of_kind("m64");
  ASSERT_FALSE(vectors.empty());
  MismatchCounter counter(kAesVectorFile);
  for (const Vector* v : vectors) {
    const auto ks = AesKeySchedule::from_seed(v->secret);
    counter.check(*v, aes_memhash64(v->key, v->seed, ks));
  }
  counter.finish(vectors.size());
}

TEST_F(AesHashTest, Memhash32MatchesGo119RuntimeBitExact) {
  const auto vectors = aes_vector_file().of_kind("m32");
  ASSERT_FALSE(vectors.empty());
  MismatchCounter counter(kAesVectorFile);
  for (const Vector* v : vectors) {
    const auto ks = AesKeySchedule::from_seed(v->secret);
    counter.check(*v,
                  aes_memhash32(static_cast<uint32_t>(v->key), v->seed, ks));
  }
  counter.finish(vectors.size());
}

// The Go oracle re-implements from_seed; pin the documented fill directly so
// a drift shows up here and not only as every vector failing.
TEST(AesKeyScheduleTest, FromSeedIsSplitMix64OutputLittleEndian) {
  const auto ks = AesKeySchedule::from_seed(0);
  // First splitmix64 output from state 0 (reference value of the generator).
  const unsigned char first_output_le[8] = {0xaf, 0xcd, 0x1d, 0x7b,
                                            0x39, 0xa8, 0x20, 0xe2};
  EXPECT_EQ(std::memcmp(ks.bytes, first_output_le, 8), 0);
  const auto other = AesKeySchedule::from_seed(1);
  EXPECT_NE(std::memcmp(ks.bytes, other.bytes, sizeof ks.bytes), 0);
}

// Sanity beyond the vectors: seed, length and key schedule must all change
// the output (a port that dropped one would still be "deterministic").
TEST_F(AesHashTest, HashVariesWithSeedLengthKeyAndSchedule) {
  std::vector<unsigned char> buf(300);
  for (size_t i = 0; i < buf.size(); ++i)
    buf[i] = static_cast<unsigned char>(i);
  const uint64_t seeds[] = {0, 1, 0xffffffff, 0x9e3779b97f4a7c15};
  std::set<uint64_t> seen;
  size_t computed = 0;
  for (uint64_t sched : {0, 1}) {
    const auto ks = AesKeySchedule::from_seed(sched);
    for (uint64_t seed : seeds) {
      for (size_t n = 0; n <= buf.size(); ++n) {
        seen.insert(aes_memhash(buf.data(), n, seed, ks));
        ++computed;
      }
      for (uint64_t key = 0; key < 64; ++key) {
        // memhash32(k) == memhash64(k) by design, so the 32-bit keys are
        // kept disjoint from the 64-bit ones (which all use bits >= 40).
        const auto key32 = static_cast<uint32_t>(key << 24 | key);
        seen.insert(aes_memhash64(key << 40 | key, seed, ks));
        seen.insert(aes_memhash32(key32 ^ 0x5a5a5a5a, seed, ks));
        computed += 2;
      }
    }
  }
  // 64-bit outputs: any collision among ~3000 values means an input is
  // being ignored.
  EXPECT_EQ(seen.size(), computed);
}

// Go may load 16 bytes around a short key (it checks for page ends); the
// port must read only [p, p+n). Inputs are placed against inaccessible
// pages on both sides: an over-read crashes, and the result must equal the
// same bytes hashed elsewhere.
TEST_F(AesHashTest, NeverReadsOutsideTheInputNextToUnmappedPages) {
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  void* map = mmap(nullptr, 3 * page, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(map, MAP_FAILED);
  auto* region = static_cast<unsigned char*>(map);
  ASSERT_EQ(mprotect(region, page, PROT_NONE), 0);
  ASSERT_EQ(mprotect(region + 2 * page, page, PROT_NONE), 0);
  unsigned char* usable = region + page;
  for (size_t i = 0; i < page; ++i)
    usable[i] = static_cast<unsigned char>(i * 7);

  const auto ks = AesKeySchedule::from_seed(3);
  for (size_t n = 0; n <= 300; ++n) {
    const std::vector<unsigned char> copy(usable, usable + n);
    const uint64_t want = aes_memhash(copy.data(), n, 42, ks);
    EXPECT_EQ(aes_memhash(usable, n, 42, ks), want) << "at page start, " << n;
    unsigned char* at_end = usable + page - n;
    std::memmove(at_end, usable, n);
    EXPECT_EQ(aes_memhash(at_end, n, 42, ks), want) << "at page end, " << n;
    for (size_t i = 0; i < page; ++i)
      usable[i] = static_cast<unsigned char>(i * 7);
  }
  munmap(map, 3 * page);
}

}  // namespace
}  // namespace mapcore
