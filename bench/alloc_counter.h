// Live and peak heap bytes of this process, counted by replacing the global
// operator new/delete (alloc_counter.cc). Sizes are malloc_usable_size: what
// malloc really hands out, its rounding included, as Go's figures include
// its size classes. Single-threaded use only (the benchmarks are).
#ifndef GOMAPFUZZ_BENCH_ALLOC_COUNTER_H_
#define GOMAPFUZZ_BENCH_ALLOC_COUNTER_H_

#include <cstdint>

namespace gomapfuzz::bench {

struct HeapCounter {
  static int64_t live();
  static int64_t peak();
  static void reset_peak();  // peak = live
};

}  // namespace gomapfuzz::bench

#endif  // GOMAPFUZZ_BENCH_ALLOC_COUNTER_H_
