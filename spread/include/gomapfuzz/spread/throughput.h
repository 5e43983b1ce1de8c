// Throughput of a hash for 8-, 16- and 64-byte keys: measured and printed,
// never asserted (wall-clock figures on a shared machine are noise for a
// test; Google Benchmark in bench/ is the place for regressions).
//
// Each size hashes a ring of 4096 distinct random keys (so that the loop
// cannot hoist the hash) for at least min_seconds, and feeds every hash into
// the next key's seed, so the compiler cannot drop or overlap the calls: the
// figure is the latency of one hash, which is what a map lookup pays.
#ifndef GOMAPFUZZ_SPREAD_THROUGHPUT_H_
#define GOMAPFUZZ_SPREAD_THROUGHPUT_H_

#include "gomapfuzz/spread/hash_under_test.h"
#include "gomapfuzz/spread/results.h"
#include "gomapfuzz/spread/unit_hook.h"

namespace gomapfuzz::spread {

struct ThroughputOptions {
  double min_seconds = 0.2;  // per key size
  uint64_t seed = 1;
  // One unit per row: "8-byte keys", "16-byte keys", "64-byte keys",
  // "hash64".
  UnitHook on_unit;
};

Section run_throughput(const HashUnderTest& h, const ThroughputOptions& o);

// The units run_throughput runs, for a progress total.
std::size_t throughput_unit_count();

}  // namespace gomapfuzz::spread

#endif  // GOMAPFUZZ_SPREAD_THROUGHPUT_H_
