// Golden hash vectors recorded from the real Go 1.19 runtime, shared by the
// tests that guard mapcore's bit-exact hashes (go_hash_test.cc: the portable
// fallback hash; aes_hash_test.cc: the amd64 AES hash).
//
// One vector a line (oracle/hash_vectors -hash fallback|aes writes
// them): kind, secret, seed, payload, Go's hash, all lower-case hex.
//   kind     mem (payload: the bytes, two digits each, "-" when empty),
//            m64 / f64 (payload: 16 digits), m32 (payload: 8 digits)
//   secret   what Go draws once per process: hashkey[0] for the fallback
//            hash, the seed of the AES key schedule for the AES hash
//   seed     the map's hash0
// '#' starts a comment line.
#ifndef MAPCORE_TESTS_HASH_VECTORS_H_
#define MAPCORE_TESTS_HASH_VECTORS_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace mapcore::test {

struct HashVector {
  std::string kind;
  uint64_t secret = 0;
  uint64_t seed = 0;
  std::vector<unsigned char> bytes;  // mem
  uint64_t key = 0;                  // m64, m32, f64 (its bits)
  uint64_t want = 0;
  int line = 0;
};

struct HashVectorFile {
  std::vector<HashVector> vectors;
  std::vector<std::string> errors;  // unreadable file or malformed lines

  std::vector<const HashVector*> of_kind(std::string_view kind) const {
    std::vector<const HashVector*> out;
    for (const HashVector& v : vectors) {
      if (v.kind == kind) out.push_back(&v);
    }
    return out;
  }
};

inline std::optional<uint64_t> parse_hex_digits(std::string_view s,
                                                size_t digits) {
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

inline std::optional<std::vector<unsigned char>> parse_hex_bytes(
    std::string_view s) {
  std::vector<unsigned char> out;
  if (s == "-") return out;
  if (s.size() % 2 != 0) return std::nullopt;
  for (size_t i = 0; i < s.size(); i += 2) {
    const auto b = parse_hex_digits(s.substr(i, 2), 2);
    if (!b) return std::nullopt;
    out.push_back(static_cast<unsigned char>(*b));
  }
  return out;
}

inline std::optional<HashVector> parse_hash_vector(const std::string& text) {
  std::istringstream in(text);
  std::string kind, secret, seed, payload, want, extra;
  if (!(in >> kind >> secret >> seed >> payload >> want) || (in >> extra)) {
    return std::nullopt;
  }
  const auto k = parse_hex_digits(secret, 16), s = parse_hex_digits(seed, 16),
             w = parse_hex_digits(want, 16);
  if (!k || !s || !w) return std::nullopt;
  HashVector v{kind, *k, *s, {}, 0, *w, 0};
  if (kind == "mem") {
    auto bytes = parse_hex_bytes(payload);
    if (!bytes) return std::nullopt;
    v.bytes = std::move(*bytes);
    return v;
  }
  std::optional<uint64_t> p;
  if (kind == "m64" || kind == "f64") p = parse_hex_digits(payload, 16);
  if (kind == "m32") p = parse_hex_digits(payload, 8);
  if (!p) return std::nullopt;
  v.key = *p;
  return v;
}

inline HashVectorFile read_hash_vectors(const std::string& path) {
  HashVectorFile file;
  std::ifstream in(path);
  if (!in) {
    file.errors.push_back("cannot open " + path);
    return file;
  }
  std::string text;
  for (int line = 1; std::getline(in, text); ++line) {
    if (text.empty() || text[0] == '#') continue;
    auto v = parse_hash_vector(text);
    if (!v) {
      file.errors.push_back("malformed line " + std::to_string(line));
      continue;
    }
    v->line = line;
    file.vectors.push_back(std::move(*v));
  }
  return file;
}

// The file at kPath, parsed on first use: the tests of a suite share it.
template <const char* kPath>
const HashVectorFile& parsed_once() {
  static const HashVectorFile file = read_hash_vectors(kPath);
  return file;
}

inline std::string hex(uint64_t v) {
  char buf[19];
  std::snprintf(buf, sizeof buf, "0x%016llx",
                static_cast<unsigned long long>(v));
  return buf;
}

// Each vector's result; mismatches are reported one by one (capped) and
// counted, so a broken size case shows which lines it breaks.
class MismatchCounter {
 public:
  explicit MismatchCounter(std::string path) : path_(std::move(path)) {}

  void check(const HashVector& v, uint64_t got) {
    if (got == v.want) return;
    if (++mismatches_ <= kMaxReported) {
      ADD_FAILURE() << path_ << ":" << v.line << ": " << v.kind << " ("
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
  std::string path_;
  size_t mismatches_ = 0;
};

}  // namespace mapcore::test

#endif  // MAPCORE_TESTS_HASH_VECTORS_H_
