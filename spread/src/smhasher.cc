// SMHasher-style key sets from Go's runtime/hash_test.go (see smhasher.h).
// Each generator names the Go test it ports; sizes: {full, quick}.
#include "gomapfuzz/spread/smhasher.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <functional>
#include <map>
#include <string>

#include "gomapfuzz/spread/hash_set_checks.h"
#include "gomapfuzz/spread/parallel.h"
#include "gomapfuzz/spread/stats.h"
#include "mapcore/random_source.h"

namespace gomapfuzz::spread {
namespace {

using Hashes = std::vector<uint64_t>;
constexpr uint64_t kGoSeed = 0;  // Go's tests hash with seed 0

// One outcome of one check on one key set.
struct Check {
  Check(std::string t, std::string c, std::string i, uint64_t k)
      : test(std::move(t)),
        check(std::move(c)),
        instance(std::move(i)),
        keys(k) {}
  std::string test;      // "sparse"
  std::string check;     // "coll64", "coll-low32", ...
  std::string instance;  // "64 bits, <= 5 set"
  uint64_t keys = 0;
  bool fixed = false;  // verdict from a fixed (Go) bound, not alpha
  bool fixed_failed = false;
  double p = 1;          // verdict when !fixed; ordering always
  uint64_t pvalues = 0;  // p-values added to the Bonferroni count
  std::string statistic;
  std::string threshold;  // for fixed checks
};
using Checks = std::vector<Check>;

void add_set_checks(const std::string& test, const std::string& instance,
                    Hashes& hashes, Checks& out) {
  const HashSetChecks r = check_hash_set(hashes);
  const double n = static_cast<double>(r.n);
  const GoCollisionBound b = go_collision_bound(r.n);
  Check c64{test, "coll64", instance, r.n};
  c64.fixed = true;
  c64.fixed_failed = static_cast<double>(r.coll64) > b.threshold;
  c64.p = poisson_upper(static_cast<double>(r.coll64), b.expected);
  c64.statistic = std::to_string(r.coll64) + " collisions (expected " +
                  fmt_num(b.expected, 3) + ")";
  c64.threshold = "<= " + fmt_num(b.threshold, 4) + " (Go's HashSet.check)";
  out.push_back(c64);
  const double e32 = expected_collisions(n, 32);
  // Structured key sets make a fair hash's collisions come in clusters: after
  // two AES rounds (Go's memhash64, and aeshash below 17 bytes, have three)
  // the state is an XOR of per-byte functions, so one coincidence
  // G(x)^G(x') = H(y)^H(y') gives the pairs (x,y)~(x',y') and (x,y')~(x',y),
  // up to 4 pairs with 3 active bytes. The mean stays the ideal one, but a
  // plain Poisson test would read one cluster as 4 independent surprises;
  // the count is tested as clusters of up to kCluster pairs instead
  // (conservative for any hash: P(Poisson(E/k) >= obs/k)).
  constexpr double kCluster = 4;
  for (const auto& [name, count] :
       {std::pair<const char*, uint64_t>{"coll-low32", r.coll_low32},
        std::pair<const char*, uint64_t>{"coll-high32", r.coll_high32}}) {
    Check c{test, name, instance, r.n};
    c.p = poisson_upper(std::ceil(count / kCluster), e32 / kCluster);
    c.pvalues = 1;
    c.statistic = "p=" + fmt_p(c.p) + " (" + std::to_string(count) + " vs " +
                  fmt_num(e32, 5) + " expected)";
    out.push_back(c);
  }
  if (!r.windows.empty()) {
    const WindowResult* worst = &r.windows[0];
    for (const auto& w : r.windows) {
      if (w.p < worst->p) worst = &w;
    }
    Check c{test, "distrib", instance, r.n};
    c.p = worst->p;
    c.pvalues = r.windows.size();
    c.statistic =
        "p=" + fmt_p(c.p) + " (bits " + std::to_string(worst->offset) + ".." +
        std::to_string((worst->offset + worst->width - 1) % 64) +
        ": chi2=" + fmt_num(worst->chi2, 6) +
        ", df=" + std::to_string((uint64_t{1} << worst->width) - 1) + ")";
    out.push_back(c);
  }
}

void add(Hashes& v, const HashUnderTest& h, const void* p, std::size_t n) {
  v.push_back(h.hash(p, n, kGoSeed));
}

void fill_random(mapcore::SplitMix64& rng, unsigned char* p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    p[i] = static_cast<unsigned char>(rng.next());
}

// TestSmhasherSanity: the hash depends on neither alignment nor the bytes
// around the key. Go: REP 10, KEYMAX 128, OFFMAX 16, PAD 16. Quick: REP 1.
Checks sanity(const HashUnderTest& h, bool full, uint64_t seed) {
  constexpr int kKeyMax = 128, kOffMax = 16, kPad = 16;
  constexpr int kSize = kKeyMax + kOffMax + 2 * kPad;
  const int reps = full ? 10 : 1;
  mapcore::SplitMix64 rng(seed);
  uint64_t mismatches = 0, pairs = 0;
  std::string first;
  for (int k = 0; k < reps; ++k) {
    for (int n = 0; n < kKeyMax; ++n) {
      for (int i = 0; i < kOffMax; ++i) {
        unsigned char b[kSize], c[kSize];
        fill_random(rng, b, kSize);
        fill_random(rng, c, kSize);
        std::copy(b + kPad, b + kPad + n, c + kPad + i);
        ++pairs;
        if (h.hash(b + kPad, n, kGoSeed) != h.hash(c + kPad + i, n, kGoSeed)) {
          if (mismatches++ == 0) {
            first = "first at length " + std::to_string(n) + " offset " +
                    std::to_string(i);
          }
        }
      }
    }
  }
  Check c{"sanity", "alignment", std::to_string(pairs) + " pairs", pairs};
  c.fixed = true;
  c.fixed_failed = mismatches > 0;
  c.p = mismatches > 0 ? 0 : 1;
  c.statistic = std::to_string(mismatches) + " mismatches" +
                (first.empty() ? "" : " (" + first + ")");
  c.threshold = "0 (hash depends on key bytes only)";
  return {c};
}

// TestSmhasherAppendedZeros: "hello" + up to 256 zero bytes.
Checks appended_zeros(const HashUnderTest& h) {
  std::string s = "hello" + std::string(256, '\0');
  Hashes v;
  for (std::size_t i = 0; i <= s.size(); ++i) add(v, h, s.data(), i);
  Checks out;
  add_set_checks("appended-zeros", "\"hello\"+0..256 zeros", v, out);
  return out;
}

// TestSmhasherSmallKeys: every 0..3-byte key (quick: Go's short mode, no
// 3-byte keys).
Checks small_keys(const HashUnderTest& h, bool full) {
  Hashes v;
  unsigned char b[3];
  for (int i = 0; i < 256; ++i) {
    b[0] = static_cast<unsigned char>(i);
    add(v, h, b, 1);
    for (int j = 0; j < 256; ++j) {
      b[1] = static_cast<unsigned char>(j);
      add(v, h, b, 2);
      if (!full) continue;
      for (int k = 0; k < 256; ++k) {
        b[2] = static_cast<unsigned char>(k);
        add(v, h, b, 3);
      }
    }
  }
  Checks out;
  add_set_checks("small-keys", full ? "1..3 bytes" : "1..2 bytes", v, out);
  return out;
}

// TestSmhasherZeros: zero keys of every length 0..N. Go: N = 256 Ki (34 GB
// hashed); full here: 64 Ki (2 GB, a runtime budget); quick: Go's short 1024.
Checks zeros(const HashUnderTest& h, bool full) {
  const std::size_t n = full ? 64 * 1024 : 1024;
  std::vector<unsigned char> b(n, 0);
  Hashes v;
  for (std::size_t i = 0; i <= n; ++i) add(v, h, b.data(), i);
  Checks out;
  add_set_checks("zeros", "lengths 0.." + std::to_string(n), v, out);
  return out;
}

// TestSmhasherTwoNonzero: up to two non-zero bytes, lengths 2..16 in one set
// (44M keys). Quick: lengths 2..5 (Go skips it in short mode).
Checks two_nonzero(const HashUnderTest& h, bool full) {
  const int max_len = full ? 16 : 5;
  Hashes v;
  for (int n = 2; n <= max_len; ++n) {
    std::vector<unsigned char> b(n, 0);
    add(v, h, b.data(), n);
    for (int i = 0; i < n; ++i) {
      for (int x = 1; x < 256; ++x) {
        b[i] = static_cast<unsigned char>(x);
        add(v, h, b.data(), n);
        b[i] = 0;
      }
    }
    for (int i = 0; i < n; ++i) {
      for (int x = 1; x < 256; ++x) {
        b[i] = static_cast<unsigned char>(x);
        for (int j = i + 1; j < n; ++j) {
          for (int y = 1; y < 256; ++y) {
            b[j] = static_cast<unsigned char>(y);
            add(v, h, b.data(), n);
            b[j] = 0;
          }
        }
        b[i] = 0;
      }
    }
  }
  Checks out;
  add_set_checks("two-nonzero", "lengths 2.." + std::to_string(max_len), v,
                 out);
  return out;
}

// TestSmhasherCyclic: 8 repeats of an n-byte block, n = 4..12, 1M keys each.
// Quick: 50k keys each.
Checks cyclic(const HashUnderTest& h, bool full, int n, uint64_t seed) {
  constexpr int kRepeat = 8;
  const int count = full ? 1'000'000 : 50'000;
  mapcore::SplitMix64 rng(seed + n);
  std::vector<unsigned char> b(kRepeat * n);
  Hashes v;
  v.reserve(count);
  for (int i = 0; i < count; ++i) {
    b[0] = static_cast<unsigned char>(i * 79 % 97);
    b[1] = static_cast<unsigned char>(i * 43 % 137);
    b[2] = static_cast<unsigned char>(i * 151 % 197);
    b[3] = static_cast<unsigned char>(i * 199 % 251);
    fill_random(rng, b.data() + 4, n - 4);
    for (int j = n; j < n * kRepeat; ++j) b[j] = b[j - n];
    add(v, h, b.data(), b.size());
  }
  Checks out;
  add_set_checks("cyclic",
                 std::to_string(kRepeat) + "x" + std::to_string(n) + " bytes",
                 v, out);
  return out;
}

void setbits(Hashes& v, const HashUnderTest& h, std::vector<unsigned char>& b,
             int i, int k) {
  add(v, h, b.data(), b.size());
  if (k == 0) return;
  for (int j = i; j < static_cast<int>(b.size()) * 8; ++j) {
    b[j / 8] |= static_cast<unsigned char>(1 << (j & 7));
    setbits(v, h, b, j + 1, k - 1);
    b[j / 8] &= static_cast<unsigned char>(~(1 << (j & 7)));
  }
}

// TestSmhasherSparse: keys of `bits` bits with at most k bits set.
Checks sparse(const HashUnderTest& h, int bits, int k) {
  std::vector<unsigned char> b(bits / 8, 0);
  Hashes v;
  setbits(v, h, b, 0, k);
  Checks out;
  add_set_checks(
      "sparse", std::to_string(bits) + " bits, <=" + std::to_string(k) + " set",
      v, out);
  return out;
}

void gen_perm(Hashes& v, const HashUnderTest& h, std::vector<unsigned char>& b,
              const std::vector<uint32_t>& s, std::size_t n) {
  add(v, h, b.data(), n);
  if (n == b.size()) return;
  for (uint32_t x : s) {
    for (int k = 0; k < 4; ++k)
      b[n + k] = static_cast<unsigned char>(x >> (8 * k));
    gen_perm(v, h, b, s, n + 4);
  }
}

// TestSmhasherPermutation: every sequence of up to n 4-byte blocks from s.
Checks permutation(const HashUnderTest& h, const std::vector<uint32_t>& s,
                   int n, const std::string& label) {
  std::vector<unsigned char> b(4 * n, 0);
  Hashes v;
  gen_perm(v, h, b, s, 0);
  Checks out;
  add_set_checks("permutation", label + " x" + std::to_string(n), v, out);
  return out;
}

// TestSmhasherWindowed: 2^16 keys whose only set bits lie in a 16-bit window
// starting at bit r, for rotations r in [r_begin, r_end) step r_step.
Checks windowed(const HashUnderTest& h, AvalancheKey kind, int bits,
                int r_begin, int r_end, int r_step) {
  constexpr int kWindow = 16;
  Checks out;
  std::vector<unsigned char> key(bits / 8);
  for (int r = r_begin; r < r_end; r += r_step) {
    Hashes v;
    v.reserve(1 << kWindow);
    for (uint32_t i = 0; i < (1u << kWindow); ++i) {
      std::fill(key.begin(), key.end(), 0);
      for (int j = 0; j < kWindow; ++j) {
        if ((i >> j) & 1) {
          const int bit = (j + r) % bits;
          key[bit >> 3] ^= static_cast<unsigned char>(1 << (bit & 7));
        }
      }
      if (kind == AvalancheKey::kInt32) {
        uint32_t x;
        std::memcpy(&x, key.data(), 4);
        v.push_back(h.hash32(x, kGoSeed));
      } else if (kind == AvalancheKey::kInt64) {
        uint64_t x;
        std::memcpy(&x, key.data(), 8);
        v.push_back(h.hash64(x, kGoSeed));
      } else {
        add(v, h, key.data(), key.size());
      }
    }
    const std::string name = kind == AvalancheKey::kInt32   ? "int32"
                             : kind == AvalancheKey::kInt64 ? "int64"
                                                            : "bytes128";
    add_set_checks("windowed-" + name, "rotation " + std::to_string(r), v, out);
  }
  return out;
}

// TestSmhasherText: prefix + 4 (quick: 3) chars of a 50-char alphabet + suffix.
Checks text(const HashUnderTest& h, bool full, const std::string& prefix,
            const std::string& suffix) {
  constexpr std::string_view kChars =
      "ABCDEFGHIJKLMNOPQRSTabcdefghijklmnopqrst0123456789";
  const int n = full ? 4 : 3;
  std::string b = prefix + std::string(n, ' ') + suffix;
  Hashes v;
  const std::size_t total =
      static_cast<std::size_t>(std::pow(kChars.size(), n));
  v.reserve(total);
  for (std::size_t idx = 0; idx < total; ++idx) {
    std::size_t x = idx;
    for (int c = n - 1; c >= 0; --c) {
      b[prefix.size() + c] = kChars[x % kChars.size()];
      x /= kChars.size();
    }
    add(v, h, b.data(), b.size());
  }
  Checks out;
  add_set_checks("text", "\"" + prefix + std::string(n, 'X') + suffix + "\"", v,
                 out);
  return out;
}

// TestSmhasherSeed: "hello" under 100000 seeds (Go runs it in short mode too).
Checks seeds(const HashUnderTest& h) {
  constexpr uint64_t kSeeds = 100000;
  Hashes v;
  for (uint64_t s = 0; s < kSeeds; ++s) v.push_back(h.hash("hello", 5, s));
  Checks out;
  add_set_checks("seed", "\"hello\", seeds 0..99999", v, out);
  return out;
}

// TestCollisions: two bytes i != j of a 16-byte zero key take all 65536
// values; the low 16 bits of the hash (the bucket index of a 2^16 map) must
// take more than 32768 distinct values. Quick: i, j in {0, 7, 8, 15}.
Checks low16(const HashUnderTest& h, bool full) {
  std::vector<int> positions;
  if (full) {
    for (int i = 0; i < 16; ++i) positions.push_back(i);
  } else {
    positions = {0, 7, 8, 15};
  }
  constexpr int kDistinctBound = 1 << 15;
  uint64_t worst = UINT64_MAX;
  std::string where;
  int pairs = 0;
  for (int i : positions) {
    for (int j : positions) {
      if (i == j) continue;
      ++pairs;
      std::vector<bool> seen(1 << 16, false);
      uint64_t distinct = 0;
      unsigned char a[16] = {};
      for (int n = 0; n < (1 << 16); ++n) {
        a[i] = static_cast<unsigned char>(n);
        a[j] = static_cast<unsigned char>(n >> 8);
        const auto low = static_cast<uint16_t>(h.hash(a, 16, kGoSeed));
        if (!seen[low]) {
          seen[low] = true;
          ++distinct;
        }
      }
      if (distinct < worst) {
        worst = distinct;
        where = "bytes " + std::to_string(i) + "," + std::to_string(j);
      }
    }
  }
  Check c{"collisions-low16", "distinct", std::to_string(pairs) + " byte pairs",
          uint64_t(pairs) << 16};
  c.fixed = true;
  c.fixed_failed = worst <= kDistinctBound;
  c.p = c.fixed_failed ? 0 : 1;
  c.statistic = std::to_string(worst) + " distinct of 65536 (" + where +
                "; ideal ~41427)";
  c.threshold = "> 32768 (Go's TestCollisions)";
  return {c};
}

Checks avalanche_check(const HashUnderTest& h, AvalancheKey kind, int bytes,
                       int64_t reps, uint64_t seed,
                       std::vector<AvalancheGrid>& grids, std::size_t slot) {
  AvalancheGrid g = avalanche(h, kind, bytes, reps, seed);
  const AvalancheBand band = go_avalanche_band(g.in_bits, reps);
  uint64_t bad = 0;
  int wi = 0, wj = 0;
  double worst_bias = -1;
  for (int i = 0; i < g.in_bits; ++i) {
    for (int j = 0; j < 64; ++j) {
      const int64_t x = g.flips[i * 64 + j];
      if (x < band.low || x > band.high) ++bad;
      const double bias = std::abs(2.0 * x / reps - 1.0);
      if (bias > worst_bias) {
        worst_bias = bias;
        wi = i;
        wj = j;
      }
    }
  }
  Check c{"avalanche", g.name, std::to_string(reps) + " reps",
          static_cast<uint64_t>(reps)};
  c.fixed = true;
  c.fixed_failed = bad > 0;
  c.p = bad > 0 ? 0 : 1 - worst_bias;
  c.statistic = std::to_string(bad) + " bad cells; worst bit " +
                std::to_string(wi) + "->" + std::to_string(wj) + ": " +
                std::to_string(g.flips[wi * 64 + wj]) + "/" +
                std::to_string(reps) + " (bias " +
                fmt_num(100 * worst_bias, 3) + "%)";
  c.threshold = "all in [" + std::to_string(band.low) + "," +
                std::to_string(band.high) + "] (Go, c=" + fmt_num(band.c, 3) +
                ")";
  grids[slot] = std::move(g);
  return {c};
}

const std::vector<std::pair<std::string, std::string>>& reasons() {
  static const std::vector<std::pair<std::string, std::string>> kWhy = {
      {"coll64",
       "Go's HashSet.check (runtime/hash_test.go): full 64-bit collisions "
       "must not exceed expected + 50*(3*sqrt(expected)+1), expected = "
       "pairs/2^64. Loose on purpose (SLOP 50): it catches structural "
       "collisions, not statistics."},
      {"coll-low32 / coll-high32",
       "SMHasher counts collisions of 32-bit halves, which a 64-bit count "
       "cannot see; the low half holds Go's bucket index, the high half the "
       "tophash. Birthday expectation E = n - 2^32(1-(1-2^-32)^n); structured "
       "keys make collisions cluster (up to 4 pairs per coincidence for a "
       "3-round AES hash), so p = P(Poisson(E/4) >= count/4), alpha as "
       "below."},
      {"distrib",
       "SMHasher's distribution test on fewer windows: chi-square of w-bit "
       "windows (offsets 0,8,..,56 and the top w bits; w = log2(n/16) <= 16, "
       ">= 16 hashes a bin). Each window is one p-value."},
      {"alpha",
       "p-value checks use family_alpha / (p-values in the section), "
       "Bonferroni, family_alpha = 1e-3: an ideal hash fails any of them "
       "with probability < 0.1%."},
      {"avalanche",
       "Go's avalancheTest1: each (input bit, output bit) cell counts flips "
       "over REP random keys; Go allows REP/2 +- 4c*sqrt(REP)/2 with c from "
       "erf(c/sqrt2)^(bits*64) >= 0.9999 (so an ideal hash passes with "
       "probability 0.9999, and a 4x slack). REP = 100000 (Go) in full mode, "
       "20000 for the 200-byte key (runtime budget; the band widens with "
       "1/sqrt(REP))."},
      {"sanity/alignment",
       "Go: any dependence on alignment or bytes "
       "outside the key is a bug: zero mismatches."},
      {"collisions-low16",
       "Go's TestCollisions: varying 2 of 16 bytes, the low 16 bits must "
       "take > 32768 of 65536 values (ideal: 41427)."},
  };
  return kWhy;
}

struct Job {
  std::string name;
  std::function<Checks()> run;
};

std::vector<Job> make_jobs(const HashUnderTest& h, const SmhasherOptions& o,
                           std::vector<AvalancheGrid>& grids) {
  const bool full = o.full;
  const uint64_t seed = o.seed;
  std::vector<Job> jobs;
  // The largest first, so that two workers finish together.
  jobs.push_back({"two-nonzero", [&h, full] { return two_nonzero(h, full); }});
  const std::vector<uint32_t> s8 = {0, 1, 2, 3, 4, 5, 6, 7};
  const std::vector<uint32_t> s8hi = {0,        1u << 29, 2u << 29, 3u << 29,
                                      4u << 29, 5u << 29, 6u << 29, 7u << 29};
  const std::vector<uint32_t> s2 = {0, 1};
  const std::vector<uint32_t> s2hi = {0, 1u << 31};
  const std::vector<uint32_t> s15 = {
      0,        1,        2,        3,        4,        5,        6,       7,
      1u << 29, 2u << 29, 3u << 29, 4u << 29, 5u << 29, 6u << 29, 7u << 29};
  struct Perm {
    std::vector<uint32_t> s;
    int full_n, quick_n;
    const char* label;
  };
  for (const Perm& p :
       {Perm{s8, 8, 5, "{0..7}"}, Perm{s8hi, 8, 5, "{k<<29}"},
        Perm{s2, 20, 14, "{0,1}"}, Perm{s2hi, 20, 14, "{0,1<<31}"},
        Perm{s15, 6, 4, "{0..7,k<<29}"}}) {
    const int n = full ? p.full_n : p.quick_n;
    jobs.push_back({"permutation",
                    [&h, p, n] { return permutation(h, p.s, n, p.label); }});
  }
  struct Sparse {
    int bits, k;
  };
  const std::vector<Sparse> sparse_full = {{32, 6},  {40, 6},  {48, 5},
                                           {56, 5},  {64, 5},  {96, 4},
                                           {256, 3}, {2048, 2}};
  const std::vector<Sparse> sparse_quick = {
      {32, 4}, {64, 3}, {96, 3}, {256, 2}, {512, 2}};
  for (const Sparse& s : full ? sparse_full : sparse_quick) {
    jobs.push_back({"sparse", [&h, s] { return sparse(h, s.bits, s.k); }});
  }
  // (Not a structured binding: clang 14 cannot capture one in a lambda.)
  for (const std::pair<std::string, std::string>& affixes :
       {std::pair<std::string, std::string>{"Foo", "Bar"},
        {"FooBar", ""},
        {"", "FooBar"}}) {
    jobs.push_back({"text", [&h, full, affixes] {
                      return text(h, full, affixes.first, affixes.second);
                    }});
  }
  jobs.push_back({"small-keys", [&h, full] { return small_keys(h, full); }});
  for (int n = 4; n <= 12; ++n) {
    jobs.push_back(
        {"cyclic", [&h, full, n, seed] { return cyclic(h, full, n, seed); }});
  }
  // Windowed bytes128 in chunks of rotations, so that it spreads over jobs.
  constexpr int kBytes128Chunks = 8;
  const int step128 = full ? 1 : 64;
  for (int c = 0; c < kBytes128Chunks; ++c) {
    const int begin = c * 1024 / kBytes128Chunks,
              end = (c + 1) * 1024 / kBytes128Chunks;
    jobs.push_back(
        {"windowed", [&h, begin, end, step128] {
           const int first = (begin + step128 - 1) / step128 * step128;
           return windowed(h, AvalancheKey::kBytes, 1024, first, end, step128);
         }});
  }
  // Quick: every 2nd rotation of int32 and every 4th of int64.
  const int step32 = full ? 1 : 2, step64 = full ? 1 : 4;
  jobs.push_back({"windowed", [&h, step32] {
                    return windowed(h, AvalancheKey::kInt32, 32, 0, 32, step32);
                  }});
  jobs.push_back({"windowed", [&h, step64] {
                    return windowed(h, AvalancheKey::kInt64, 64, 0, 64, step64);
                  }});
  // Avalanche: Go's key types, minus Eface/Iface (Go interface hashes).
  struct Aval {
    AvalancheKey kind;
    int bytes;
  };
  const std::vector<Aval> aval = {
      {AvalancheKey::kBytes, 2},  {AvalancheKey::kBytes, 4},
      {AvalancheKey::kBytes, 8},  {AvalancheKey::kBytes, 16},
      {AvalancheKey::kBytes, 32}, {AvalancheKey::kBytes, 200},
      {AvalancheKey::kInt32, 4},  {AvalancheKey::kInt64, 8}};
  grids.resize(aval.size());
  constexpr int64_t kGoReps = 100000;
  constexpr int64_t kLongKeyReps = 20000;
  constexpr int64_t kQuickReps = 3000;
  constexpr int64_t kQuickLongKeyReps = 1000;
  constexpr int kLongKey = 200;
  for (std::size_t i = 0; i < aval.size(); ++i) {
    const Aval a = aval[i];
    const bool long_key = a.kind == AvalancheKey::kBytes && a.bytes == kLongKey;
    const int64_t reps = full ? (long_key ? kLongKeyReps : kGoReps)
                              : (long_key ? kQuickLongKeyReps : kQuickReps);
    jobs.push_back({"avalanche", [&h, a, reps, seed, &grids, i] {
                      return avalanche_check(h, a.kind, a.bytes, reps,
                                             seed + 7 * i, grids, i);
                    }});
  }
  jobs.push_back({"collisions-low16", [&h, full] { return low16(h, full); }});
  jobs.push_back({"zeros", [&h, full] { return zeros(h, full); }});
  jobs.push_back(
      {"sanity", [&h, full, seed] { return sanity(h, full, seed); }});
  jobs.push_back({"appended-zeros", [&h] { return appended_zeros(h); }});
  jobs.push_back({"seed", [&h] { return seeds(h); }});
  return jobs;
}

std::string keys_label(uint64_t sets, uint64_t keys) {
  std::string k = keys >= 1'000'000 ? fmt_num(keys / 1e6, 3) + "M"
                  : keys >= 1000    ? fmt_num(keys / 1e3, 3) + "k"
                                    : std::to_string(keys);
  return std::to_string(sets) + (sets == 1 ? " set, " : " sets, ") + k +
         " keys";
}

}  // namespace

std::size_t smhasher_unit_count(const SmhasherOptions& o) {
  // make_jobs only captures the hash; nothing runs.
  struct Unused final : HashUnderTest {
    uint64_t hash(const void*, std::size_t, uint64_t) const override {
      return 0;
    }
  } unused;
  std::vector<AvalancheGrid> grids;
  return make_jobs(unused, o, grids).size();
}

SmhasherResult run_smhasher(const HashUnderTest& h, const SmhasherOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  SmhasherResult result;
  std::vector<Job> jobs = make_jobs(h, o, result.grids);
  std::vector<Checks> outcomes(jobs.size());
  parallel_for(jobs.size(), o.jobs, [&](std::size_t i) {
    outcomes[i] =
        run_unit(o.on_unit, jobs[i].name, [&] { return jobs[i].run(); });
  });

  uint64_t pvalues = 0;
  for (const auto& cs : outcomes) {
    for (const auto& c : cs) pvalues += c.pvalues;
  }
  const double alpha = o.family_alpha / std::max<uint64_t>(pvalues, 1);

  // Rows in a fixed order of (test, check), aggregated over instances.
  std::vector<std::pair<std::string, std::string>> order;
  std::map<std::pair<std::string, std::string>, std::vector<const Check*>>
      groups;
  for (const auto& cs : outcomes) {
    for (const auto& c : cs) {
      auto key = std::make_pair(c.test, c.check);
      if (!groups.count(key)) order.push_back(key);
      groups[key].push_back(&c);
    }
  }
  // Sort rows by Go's test order, which make_jobs does not follow.
  const std::vector<std::string> test_order = {
      "sanity",      "appended-zeros", "small-keys",      "zeros",
      "two-nonzero", "cyclic",         "sparse",          "permutation",
      "avalanche",   "windowed-int32", "windowed-int64",  "windowed-bytes128",
      "text",        "seed",           "collisions-low16"};
  auto rank = [&](const std::string& t) {
    return std::find(test_order.begin(), test_order.end(), t) -
           test_order.begin();
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](const auto& a, const auto& b) {
                     return rank(a.first) < rank(b.first);
                   });
  for (const auto& key : order) {
    const auto& cs = groups[key];
    Row row;
    row.test = key.first + "/" + key.second;
    uint64_t keys = 0;
    const Check* worst = nullptr;
    for (const Check* c : cs) {
      keys += c->keys;
      const bool failed = c->fixed ? c->fixed_failed : c->p < alpha;
      ++row.configs;
      if (failed) ++row.failed;
      const bool worst_failed =
          worst && (worst->fixed ? worst->fixed_failed : worst->p < alpha);
      if (worst == nullptr || (failed && !worst_failed) ||
          (failed == worst_failed && c->p < worst->p)) {
        worst = c;
      }
    }
    row.keys = key.first == "avalanche" || key.first == "sanity" ||
                       key.first == "collisions-low16"
                   ? worst->instance
                   : keys_label(cs.size(), keys);
    row.statistic = worst->statistic;
    row.threshold = worst->fixed ? worst->threshold : "p >= " + fmt_p(alpha);
    row.where = worst->instance;
    row.worst_p = worst->p;
    row.verdict = row.failed > 0 ? Verdict::kFail : Verdict::kPass;
    result.section.rows.push_back(row);
  }
  result.section.name = "SMHasher-style (Go runtime/hash_test.go)";
  result.section.header =
      std::string(o.full ? "full: Go's non-short sizes (zeros to 64 Ki, "
                           "avalanche of 200-byte keys at 20000 reps)"
                         : "quick: Go's testing.Short sizes or small subsets") +
      "; " + std::to_string(pvalues) + " p-values, alpha per test " +
      fmt_p(alpha) + " (family-wise " + fmt_p(o.family_alpha) + ")";
  result.section.why = reasons();
  result.section.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return result;
}

}  // namespace gomapfuzz::spread
