// Live and peak heap bytes of this process, counted by replacing the global
// operator new/delete (alloc_counter.cc). Sizes are malloc_usable_size: what
// malloc really hands out, its rounding included, as Go's figures include
// its size classes. Counting is off until enable(): it costs a
// malloc_usable_size per allocation and free, which timed runs must not pay.
// Single-threaded use only (the benchmarks are).
#ifndef GOMAPFUZZ_BENCH_ALLOC_COUNTER_H_
#define GOMAPFUZZ_BENCH_ALLOC_COUNTER_H_

#include <cstdint>

namespace gomapfuzz::bench {

struct HeapCounter {
  // Starts counting. Measure deltas of blocks allocated after this call.
  static void enable();
  static int64_t live();
  static int64_t peak();
  static void reset_peak();  // peak = live
};

}  // namespace gomapfuzz::bench

#endif  // GOMAPFUZZ_BENCH_ALLOC_COUNTER_H_
