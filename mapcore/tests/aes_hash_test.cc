// Guards the bit-exactness of mapcore's port of Go 1.19's amd64 AES map hash
// against vectors recorded from the real Go runtime
// (oracle/aeshash_vectors, committed as tests/data/aeshash_vectors.txt).
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

#ifndef GOMAPFUZZ_TEST_DATA_DIR
#error "define GOMAPFUZZ_TEST_DATA_DIR as the path of mapcore/tests/data"
#endif

namespace mapcore {
namespace {

constexpr char kVectorFile[] = GOMAPFUZZ_TEST_DATA_DIR "/aeshash_vectors.txt";

// One line of the vector file. "mem" lines carry bytes; "m64"/"m32" a key.
struct Vector {
  std::string kind;
  uint64_t schedule_seed = 0;
  uint64_t hash_seed = 0;
  std::vector<unsigned char> bytes;
  uint64_t key = 0;
  uint64_t want = 0;
  int line = 0;
};

struct VectorFile {
  std::vector<Vector> vectors;
  std::vector<std::string> errors;  // unreadable file or malformed lines
};

std::optional<uint64_t> parse_hex64(std::string_view s, size_t digits) {
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

// "-" is the empty input; otherwise two hex digits per byte.
std::optional<std::vector<unsigned char>> parse_bytes(std::string_view s) {
  std::vector<unsigned char> out;
  if (s == "-") return out;
  if (s.size() % 2 != 0) return std::nullopt;
  for (size_t i = 0; i < s.size(); i += 2) {
    const auto b = parse_hex64(s.substr(i, 2), 2);
    if (!b) return std::nullopt;
    out.push_back(static_cast<unsigned char>(*b));
  }
  return out;
}

std::optional<Vector> parse_line(const std::string& text) {
  std::istringstream in(text);
  std::string kind, sched, seed, payload, want, extra;
  if (!(in >> kind >> sched >> seed >> payload >> want) || (in >> extra)) {
    return std::nullopt;
  }
  Vector v;
  v.kind = kind;
  const auto s = parse_hex64(sched, 16), h = parse_hex64(seed, 16),
             w = parse_hex64(want, 16);
  if (!s || !h || !w) return std::nullopt;
  v.schedule_seed = *s;
  v.hash_seed = *h;
  v.want = *w;
  std::optional<uint64_t> key;
  if (kind == "mem") {
    auto bytes = parse_bytes(payload);
    if (!bytes) return std::nullopt;
    v.bytes = std::move(*bytes);
    return v;
  }
  if (kind == "m64") key = parse_hex64(payload, 16);
  if (kind == "m32") key = parse_hex64(payload, 8);
  if (!key) return std::nullopt;
  v.key = *key;
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

// Parsed once: the file holds ~1300 vectors used by several tests.
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

// Each vector's result; mismatches are reported individually (capped) and
// counted, so a broken size case shows which lines it breaks.
class MismatchCounter {
 public:
  void check(const Vector& v, uint64_t got) {
    if (got == v.want) return;
    if (++mismatches_ <= kMaxReported) {
      ADD_FAILURE() << kVectorFile << ":" << v.line << ": " << v.kind << " ("
                    << v.bytes.size() << " bytes) got " << hex(got)
                    << ", Go says " << hex(v.want);
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
  const VectorFile& file = vector_file();
  for (const std::string& e : file.errors) ADD_FAILURE() << e;
  // Lower bounds well under what regenerate.sh writes: catches truncation.
  EXPECT_GE(vectors_of_kind("mem").size(), 500u);
  EXPECT_GE(vectors_of_kind("m64").size(), 100u);
  EXPECT_GE(vectors_of_kind("m32").size(), 100u);
  std::set<size_t> lengths;
  for (const Vector* v : vectors_of_kind("mem"))
    lengths.insert(v->bytes.size());
  // 0..260 spans every branch of aeshashbody and the first loop iterations
  // of the 129+ case; 4096 runs the loop many times.
  for (size_t n = 0; n <= 260; ++n) EXPECT_TRUE(lengths.count(n)) << n;
  EXPECT_TRUE(lengths.count(4096));
}

TEST_F(AesHashTest, MemhashMatchesGo119RuntimeBitExact) {
  const auto vectors = vectors_of_kind("mem");
  ASSERT_FALSE(vectors.empty());
  MismatchCounter counter;
  for (const Vector* v : vectors) {
    const auto ks = AesKeySchedule::from_seed(v->schedule_seed);
    // An exactly sized heap copy, so ASan flags any read past the input.
    const size_t n = v->bytes.size();
    std::unique_ptr<unsigned char[]> exact(new unsigned char[n]);
    if (n > 0) std::memcpy(exact.get(), v->bytes.data(), n);
    counter.check(*v, aes_memhash(exact.get(), n, v->hash_seed, ks));
  }
  counter.finish(vectors.size());
}

TEST_F(AesHashTest, Memhash64MatchesGo119RuntimeBitExact) {
  const auto vectors = vectors_of_kind("m64");
  ASSERT_FALSE(vectors.empty());
  MismatchCounter counter;
  for (const Vector* v : vectors) {
    const auto ks = AesKeySchedule::from_seed(v->schedule_seed);
    counter.check(*v, aes_memhash64(v->key, v->hash_seed, ks));
  }
  counter.finish(vectors.size());
}

TEST_F(AesHashTest, Memhash32MatchesGo119RuntimeBitExact) {
  const auto vectors = vectors_of_kind("m32");
  ASSERT_FALSE(vectors.empty());
  MismatchCounter counter;
  for (const Vector* v : vectors) {
    const auto ks = AesKeySchedule::from_seed(v->schedule_seed);
    counter.check(
        *v, aes_memhash32(static_cast<uint32_t>(v->key), v->hash_seed, ks));
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
