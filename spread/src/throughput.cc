// Hash latency and bytes/s for 8-, 16- and 64-byte keys (see throughput.h).
#include "gomapfuzz/spread/throughput.h"

#include <chrono>
#include <cstring>
#include <iterator>
#include <string>
#include <vector>

#include "mapcore/random_source.h"

namespace gomapfuzz::spread {
namespace {

constexpr std::size_t kRing = 4096;
constexpr std::size_t kKeySizes[] = {8, 16, 64};
constexpr uint64_t kBatch = 1 << 14;  // hashes between clock reads

struct Measure {
  double ns_per_hash = 0;
  double bytes_per_second = 0;
};

template <class HashOne>
Measure measure(std::size_t key_bytes, double min_seconds, HashOne hash_one) {
  using Clock = std::chrono::steady_clock;
  uint64_t chain = 0, count = 0;
  const auto start = Clock::now();
  double elapsed = 0;
  do {
    for (uint64_t i = 0; i < kBatch; ++i, ++count) {
      chain = hash_one(count % kRing, chain);
    }
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  } while (elapsed < min_seconds);
  // Keeps `chain` alive without a volatile store in the loop.
  asm volatile("" : : "r"(chain) : "memory");
  Measure m;
  m.ns_per_hash = 1e9 * elapsed / count;
  m.bytes_per_second = key_bytes * count / elapsed;
  return m;
}

Row row_of(const std::string& test, const std::string& keys, const Measure& m) {
  Row r;
  r.test = test;
  r.keys = keys;
  r.verdict = Verdict::kInfo;
  r.statistic = fmt_num(m.ns_per_hash, 3) + " ns/hash, " +
                fmt_num(m.bytes_per_second / 1e9, 3) + " GB/s";
  r.threshold = "measured";
  return r;
}

}  // namespace

Section run_throughput(const HashUnderTest& h, const ThroughputOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  Section s;
  s.name = "throughput";
  s.header = "one thread, latency-bound (each hash seeds the next), >= " +
             fmt_num(o.min_seconds, 2) + " s per size; measured, not judged";
  mapcore::SplitMix64 rng(o.seed);
  for (std::size_t bytes : kKeySizes) {
    std::vector<unsigned char> keys(kRing * bytes);
    for (auto& b : keys) b = static_cast<unsigned char>(rng.next());
    const std::string unit = std::to_string(bytes) + "-byte keys";
    const Measure m = run_unit(o.on_unit, unit, [&] {
      return measure(bytes, o.min_seconds, [&](uint64_t i, uint64_t seed) {
        return h.hash(keys.data() + i * bytes, bytes, seed);
      });
    });
    s.rows.push_back(row_of("hash", unit, m));
  }
  std::vector<uint64_t> ints(kRing);
  for (auto& v : ints) v = rng.next();
  const Measure m64 = run_unit(o.on_unit, "hash64", [&] {
    return measure(8, o.min_seconds, [&](uint64_t i, uint64_t seed) {
      return h.hash64(ints[i], seed);
    });
  });
  s.rows.push_back(row_of("hash64", "uint64 keys (memhash64)", m64));
  s.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  return s;
}

std::size_t throughput_unit_count() { return std::size(kKeySizes) + 1; }

}  // namespace gomapfuzz::spread
