// The concurrent-misuse experiment (see misuse_experiment.h): the child's
// racing workload, and the parent's fork/wait/classify.
#include "gomapfuzz/chaos/misuse_experiment.h"

#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/container/pmr/monotonic_buffer_resource.hpp>
#include <chrono>
#include <cstdio>
#include <latch>
#include <mutex>
#include <thread>
#include <vector>

#include "gomapfuzz/chaos/jitter.h"
#include "mapcore/map.h"

namespace gomapfuzz::chaos {
namespace {

namespace pmr = boost::container::pmr;

// Child exit codes: far from 0/1/2 and from what a crashing runtime uses.
constexpr int kExitUndetected = 40;
constexpr int kExitDetectedBase = 41;  // + MisuseKind

[[noreturn]] void exit_on_misuse(mapcore::MisuseKind kind) {
  _exit(kExitDetectedBase + static_cast<int>(kind));
}

// A monotonic arena behind a mutex: malloc is thread-safe in Go and C++,
// so the allocator must not be part of the race under study.
class LockedArena : public pmr::memory_resource {
 protected:
  void* do_allocate(std::size_t bytes, std::size_t align) override {
    std::lock_guard lock(mu_);
    return arena_.allocate(bytes, align);
  }
  void do_deallocate(void*, std::size_t, std::size_t) override {}
  bool do_is_equal(const pmr::memory_resource& o) const noexcept override {
    return this == &o;
  }

 private:
  std::mutex mu_;
  pmr::monotonic_buffer_resource arena_;
};

// Go's fallback hash, with a seeded yield before each hash.
struct YieldingHasher {
  const Jitter* jitter = nullptr;
  mapcore::GoFallbackHasher base;

  uint64_t mem(const void* p, std::size_t n, uint64_t seed) const {
    schedule_point(jitter);
    return base.mem(p, n, seed);
  }
  uint64_t mem64(uint64_t k, uint64_t seed) const {
    schedule_point(jitter);
    return base.mem64(k, seed);
  }
  uint64_t mem32(uint32_t k, uint64_t seed) const {
    schedule_point(jitter);
    return base.mem32(k, seed);
  }
};

using RacedMap = mapcore::Map<uint64_t, uint64_t, YieldingHasher>;

// A short range loop: one bucket's worth of entries.
constexpr int kIterationSteps = 8;

// One thread's share: new keys (so the map keeps growing and evacuating),
// lookups and deletes of keys any thread may have written, and a few short
// iterations (Go's third report, "concurrent map iteration and map write").
void racing_thread(RacedMap& m, const MisuseOptions& o, int t,
                   std::latch& start) {
  Jitter::seed_this_thread(o.seed, static_cast<uint64_t>(t));
  mapcore::SplitMix64 rng(mapcore::SplitMix64::finalize(o.seed) + t);
  start.arrive_and_wait();
  uint64_t next_key = static_cast<uint64_t>(t);
  for (uint64_t i = 0; i < o.ops_per_thread; ++i) {
    const uint64_t roll = rng.next() % 100;
    const uint64_t seen = next_key + 1;  // keys below this may exist
    if (roll < 60) {
      m.put(next_key, i);
      next_key += static_cast<uint64_t>(o.threads);
    } else if (roll < 82) {
      (void)m.get(rng.next() % seen);
    } else if (roll < 97) {
      (void)m.erase(rng.next() % seen);
    } else {
      auto it = m.iterate();
      for (int step = 0; step < kIterationSteps && it.next(); ++step) {
      }
    }
  }
}

[[noreturn]] void child(const MisuseOptions& o) {
  mapcore::set_misuse_handler(&exit_on_misuse);
  static LockedArena arena;
  static const Jitter jitter(JitterOptions{o.hash_yield_probability, 0, 0});
  RacedMap::Options mo;
  mo.seed = o.seed;
  mo.hasher.jitter = &jitter;
  mo.alloc = mapcore::DefaultAllocator(&arena);
  // Never destroyed: after the race it may be corrupt. The process ends.
  auto* m = new RacedMap(mo);
  std::latch start(o.threads);
  std::vector<std::thread> threads;
  for (int t = 0; t < o.threads; ++t) {
    threads.emplace_back([&, t] { racing_thread(*m, o, t, start); });
  }
  for (auto& th : threads) th.join();
  _exit(kExitUndetected);
}

MisuseRun classify(int status) {
  MisuseRun r;
  if (WIFSIGNALED(status)) {
    r.outcome = MisuseOutcome::kCrashed;
    r.signal = WTERMSIG(status);
    return r;
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (code >= kExitDetectedBase && code < kExitDetectedBase + 3) {
    r.outcome = MisuseOutcome::kDetected;
    r.kind = static_cast<mapcore::MisuseKind>(code - kExitDetectedBase);
  } else if (code == kExitUndetected) {
    r.outcome = MisuseOutcome::kUndetected;
  } else {
    // Neither a report nor a clean end: the race broke the child some
    // other way (an exception out of a thread, a sanitizer's exit code).
    r.outcome = MisuseOutcome::kCrashed;
  }
  return r;
}

}  // namespace

std::string MisuseRun::describe() const {
  switch (outcome) {
    case MisuseOutcome::kDetected:
      return std::string("detected: ") + mapcore::misuse_message(*kind);
    case MisuseOutcome::kUndetected:
      return "undetected: every op completed without a report";
    case MisuseOutcome::kCrashed:
      return signal ? "crashed: signal " + std::to_string(signal)
                    : std::string("crashed: abnormal exit");
    case MisuseOutcome::kHung:
      return "hung: killed at the timeout";
  }
  return "?";
}

MisuseRun run_misuse_once(const MisuseOptions& o) {
  std::fflush(nullptr);  // the child must not inherit unflushed output
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("misuse experiment: fork failed");
  if (pid == 0) child(o);
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration<double>(o.timeout_seconds);
  int status = 0;
  // Poll: waitpid has no timeout. 1 ms is short against a run's length.
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      MisuseRun r;
      r.outcome = MisuseOutcome::kHung;
      return r;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return classify(status);
}

void MisuseTally::add(const MisuseRun& r) {
  ++runs;
  switch (r.outcome) {
    case MisuseOutcome::kDetected:
      ++detected;
      ++by_kind[static_cast<int>(*r.kind)];
      break;
    case MisuseOutcome::kUndetected:
      ++undetected;
      break;
    case MisuseOutcome::kCrashed:
      ++crashed;
      break;
    case MisuseOutcome::kHung:
      ++hung;
      break;
  }
}

std::string MisuseTally::summary() const {
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.1f%%", 100 * detection_rate());
  return std::to_string(detected) + "/" + std::to_string(runs) +
         " runs detected (" + rate + "; writes " + std::to_string(by_kind[0]) +
         ", read/write " + std::to_string(by_kind[1]) + ", iteration/write " +
         std::to_string(by_kind[2]) + "), " + std::to_string(undetected) +
         " undetected, " + std::to_string(crashed) + " crashed, " +
         std::to_string(hung) + " hung";
}

MisuseTally measure_misuse_rate(
    MisuseOptions o, uint64_t runs,
    const std::function<void(uint64_t, const MisuseRun&)>& progress) {
  MisuseTally tally;
  const uint64_t first = o.seed;
  for (uint64_t s = first; s < first + runs; ++s) {
    o.seed = s;
    const MisuseRun r = run_misuse_once(o);
    tally.add(r);
    if (progress) progress(s, r);
  }
  return tally;
}

}  // namespace gomapfuzz::chaos
