// The concurrent-misuse experiment: how often does mapcore's Go-style
// hashWriting check catch threads writing one map without a lock?
//
// Each run forks a child process. The child builds a fresh map, starts
// `threads` threads at a latch, and lets them put, get and delete on the
// shared map with no synchronization at all (undefined behaviour in C++, as
// it is a fatal error in Go: that is the misuse being measured). The child's
// misuse handler does what Go's runtime does on "concurrent map writes": it
// ends the process at once (_exit with a code naming the kind), so the
// corrupt map is never touched again, not even by its destructor. A child
// that finishes every op without a report exits "undetected"; one that
// crashes (the race corrupted a pointer) or hangs (a corrupted chain formed
// a cycle; killed at the timeout) is counted as such. The parent never
// shares memory with the race, so nothing of it can leak or crash the
// caller, and no run depends on another.
//
// The child's map takes memory from a locked arena (monotonic, never reused
// until the child exits): a thread that still holds a pointer into a bucket
// array another thread has retired reads stale bytes instead of freed
// memory, so more races end in a report (or a wrong answer) than a crash.
//
// What the check guarantees (misuse_test.cc proves each deterministically):
// no report without misuse; and an op, an iteration step or the end of a
// write that runs while another thread's write holds hashWriting, with that
// flag visible to it, is always reported. Everything else is best effort,
// exactly as Go's check: two writes that overlap only outside the window,
// or whose flag store is not yet visible, go unnoticed. The rate measured
// here is that "best effort", and it depends on the machine and its load.
//
// Only for the default and ASan builds: ThreadSanitizer reports the races
// this experiment commits on purpose (see chaos/CMakeLists.txt).
#ifndef GOMAPFUZZ_CHAOS_MISUSE_EXPERIMENT_H_
#define GOMAPFUZZ_CHAOS_MISUSE_EXPERIMENT_H_

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "mapcore/misuse.h"

namespace gomapfuzz::chaos {

struct MisuseOptions {
  uint64_t seed = 1;
  int threads = 2;
  uint64_t ops_per_thread = 20000;
  // Probability that a hash computation yields the CPU. Evacuation hashes
  // keys while hashWriting is set, so this widens the window in which a
  // second thread's op finds the flag (0: the plain, Go-like race).
  double hash_yield_probability = 0;
  // A child not done by then is killed and counted as hung.
  double timeout_seconds = 30;
};

enum class MisuseOutcome { kDetected, kUndetected, kCrashed, kHung };

struct MisuseRun {
  MisuseOutcome outcome = MisuseOutcome::kUndetected;
  std::optional<mapcore::MisuseKind> kind;  // when detected
  int signal = 0;                           // when crashed
  std::string describe() const;
};

// One run in a forked child (call from a single-threaded process: a fork
// from a multithreaded one may inherit a held malloc lock).
MisuseRun run_misuse_once(const MisuseOptions& o);

struct MisuseTally {
  uint64_t runs = 0;
  uint64_t detected = 0;
  uint64_t undetected = 0;
  uint64_t crashed = 0;
  uint64_t hung = 0;
  std::array<uint64_t, 3> by_kind{};  // indexed by MisuseKind

  void add(const MisuseRun& r);
  double detection_rate() const {
    return runs ? static_cast<double>(detected) / runs : 0;
  }
  std::string summary() const;
};

// Runs seeds o.seed .. o.seed + runs - 1; progress(seed, run) after each.
MisuseTally measure_misuse_rate(
    MisuseOptions o, uint64_t runs,
    const std::function<void(uint64_t, const MisuseRun&)>& progress = {});

}  // namespace gomapfuzz::chaos

#endif  // GOMAPFUZZ_CHAOS_MISUSE_EXPERIMENT_H_
