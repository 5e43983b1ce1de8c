// Jitter: seeded random yields and delays at schedule points.
//
// A race shows up only when threads interleave at the wrong moment; on two
// shared cores they rarely do by themselves. The hammer and the wrappers
// call point() where an interleaving matters (between ops, inside critical
// sections, between a check and its act), and point() sometimes yields the
// CPU and sometimes sleeps a few microseconds, so the scheduler tries
// interleavings it would otherwise not. Each thread draws from its own
// splitmix64 stream, seeded from the run's seed and the thread's number, so
// the decisions (not the interleavings: the OS schedules) repeat per seed.
#ifndef GOMAPFUZZ_CHAOS_JITTER_H_
#define GOMAPFUZZ_CHAOS_JITTER_H_

#include <chrono>
#include <cstdint>
#include <thread>

#include "mapcore/random_source.h"

namespace gomapfuzz::chaos {

struct JitterOptions {
  // Per point: yield with this probability (cheap, lets a waiting thread
  // run on a shared core)...
  double yield_probability = 0.05;
  // ...or sleep up to max_delay_us with this one (long enough for another
  // thread to run whole ops inside the window).
  double delay_probability = 0.01;
  uint32_t max_delay_us = 50;

  static JitterOptions none() { return {0, 0, 0}; }
};

class Jitter {
 public:
  explicit Jitter(JitterOptions o = {}) : o_(o) {}

  // Seeds the calling thread's stream (each thread calls it once).
  static void seed_this_thread(uint64_t run_seed, uint64_t thread) {
    rng() = mapcore::SplitMix64(
        mapcore::SplitMix64::finalize(run_seed ^ (thread * kThreadStride)));
  }

  // A schedule point.
  void point() const {
    if (o_.yield_probability <= 0 && o_.delay_probability <= 0) return;
    const double u = unit();
    if (u < o_.delay_probability) {
      std::this_thread::sleep_for(std::chrono::microseconds(
          1 + rng().next() % (o_.max_delay_us ? o_.max_delay_us : 1)));
    } else if (u < o_.delay_probability + o_.yield_probability) {
      std::this_thread::yield();
    }
  }

  const JitterOptions& options() const { return o_; }

 private:
  // Odd and far from small multiples of the splitmix64 increment, so that
  // thread streams of nearby seeds do not overlap.
  static constexpr uint64_t kThreadStride = 0xd1b54a32d192ed03;

  static mapcore::SplitMix64& rng() {
    thread_local mapcore::SplitMix64 r{0};
    return r;
  }
  static double unit() {
    return static_cast<double>(rng().next() >> 11) * 0x1.0p-53;
  }

  JitterOptions o_;
};

// Calls j->point() when there is a jitter (wrappers take an optional one).
inline void schedule_point(const Jitter* j) {
  if (j) j->point();
}

}  // namespace gomapfuzz::chaos

#endif  // GOMAPFUZZ_CHAOS_JITTER_H_
