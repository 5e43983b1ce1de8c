// The thread-safe wrappers under the hammer: every history of the correct
// ones is linearizable, and the checker catches the deliberately broken
// ones. Runs under ThreadSanitizer too (the tsan preset): the wrappers,
// broken ones included, must draw zero reports.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "gomapfuzz/chaos/broken_maps.h"
#include "gomapfuzz/chaos/concurrent_scenario.h"
#include "gomapfuzz/chaos/cow_map.h"
#include "gomapfuzz/chaos/rw_mutex_map.h"
#include "gomapfuzz/chaos/sharded_map.h"
#include "gomapfuzz/harness/model.h"
#include "gomapfuzz/harness/replayer.h"
#include "gomapfuzz/harness/trace.h"

namespace gomapfuzz::chaos {
namespace {

// Short runs: 4 threads x 150 ops on 6 keys (about 100 ops a key, heavy
// overlap), a few seeds per wrapper. Longer campaigns: gomapfuzz chaos
// --runs N (chaos/README.md).
constexpr int kThreads = 4;
constexpr uint64_t kOpsPerThread = 150;
constexpr uint64_t kKeys = 6;
constexpr uint64_t kSeeds = 20;

HammerOptions options(uint64_t seed) {
  HammerOptions h;
  h.seed = seed;
  h.threads = kThreads;
  h.ops_per_thread = kOpsPerThread;
  h.key_space = kKeys;
  return h;
}

std::string repro(std::string_view scenario, uint64_t seed) {
  return "gomapfuzz chaos --scenario " + std::string(scenario) + " --seed " +
         std::to_string(seed) + " --threads " + std::to_string(kThreads) +
         " --ops " + std::to_string(kOpsPerThread) + " --keys " +
         std::to_string(kKeys);
}

class CorrectWrapper : public ::testing::TestWithParam<std::string_view> {};

TEST_P(CorrectWrapper, EveryHammeredHistoryIsLinearizable) {
  uint64_t ops = 0, overlapping = 0;
  for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
    const ConcurrentRun r = run_concurrent(GetParam(), options(seed), {});
    ops += r.hammer.history.size();
    overlapping += r.lin.overlapping_ops;
    EXPECT_TRUE(r.hammer.errors.empty())
        << r.hammer.errors.front()
        << "\nreproduce: " << repro(GetParam(), seed);
    EXPECT_EQ(r.hammer.history.size(), kThreads * kOpsPerThread);
    EXPECT_TRUE(r.lin.complete()) << r.summary();
    EXPECT_TRUE(r.lin.linearizable())
        << r.summary() << "\n"
        << violation_trace(r, GetParam(), repro(GetParam(), seed));
  }
  // The check means something only if ops really overlapped: a sequential
  // history is linearizable by construction.
  std::cout << GetParam() << ": " << overlapping << " of " << ops
            << " ops overlapped another op on their key\n";
  EXPECT_GT(overlapping, ops / 10);
}

INSTANTIATE_TEST_SUITE_P(Chaos, CorrectWrapper,
                         ::testing::Values("rwmutex", "cow", "sharded"),
                         [](const auto& info) {
                           return std::string(info.param);
                         });

// A broken wrapper is caught within a few seeds: the checker works. (A
// single run may miss: the bug needs two writers inside one window.)
class BrokenWrapper : public ::testing::TestWithParam<std::string_view> {};

TEST_P(BrokenWrapper, IsCaughtByTheChecker) {
  constexpr uint64_t kMaxSeeds = 20;
  uint64_t caught = 0;
  for (uint64_t seed = 1; seed <= kMaxSeeds && caught == 0; ++seed) {
    const ConcurrentRun r = run_concurrent(GetParam(), options(seed), {});
    ASSERT_TRUE(r.hammer.errors.empty()) << r.hammer.errors.front();
    if (!r.lin.linearizable()) {
      ++caught;
      const std::string trace =
          violation_trace(r, GetParam(), repro(GetParam(), seed));
      std::cout << "caught at seed " << seed << ":\n" << trace;
      // The saved trace replays single-threaded: the key's ops in call
      // order, checked against the model (what a linearizable map says).
      const Trace t = parse_trace(trace, "violation");
      EXPECT_EQ(t.ops.size(), r.lin.violation.size());
      const ReplayResult replayed = replay(t);
      EXPECT_TRUE(replayed.ok()) << replayed.failure->summary();
    }
  }
  EXPECT_EQ(caught, 1u) << GetParam() << " survived " << kMaxSeeds
                        << " seeds: the checker missed a known bug";
}

INSTANTIATE_TEST_SUITE_P(Chaos, BrokenWrapper,
                         ::testing::Values("broken-cow", "broken-rw"),
                         [](const auto& info) {
                           std::string n(info.param);
                           n.replace(n.find('-'), 1, "_");
                           return n;
                         });

// Single-threaded, every wrapper answers exactly as the model: the
// sequential specification the checker uses is the one the wrappers obey.
template <class W>
void expect_sequential_agreement() {
  W map;
  Model model;
  mapcore::SplitMix64 rng(7);
  // Built once: a TraceKey made and destroyed inside the loop trips GCC
  // 12's -Wmaybe-uninitialized on the variant's string alternative.
  std::vector<TraceKey> keys;
  for (uint64_t k = 0; k < 50; ++k) keys.emplace_back(k);
  for (int i = 0; i < 3000; ++i) {
    const uint64_t k = rng.next() % keys.size();
    const TraceKey& key = keys[k];
    switch (rng.next() % 3) {
      case 0:
        ASSERT_EQ(map.put(k, i), model.put(key, i)) << "put " << k;
        break;
      case 1:
        ASSERT_EQ(map.get(k), model.get(key)) << "get " << k;
        break;
      default:
        ASSERT_EQ(map.del(k), model.del(key)) << "del " << k;
    }
  }
}

TEST(Wrappers, SingleThreadedTheyAgreeWithTheModel) {
  expect_sequential_agreement<RwMutexMap<uint64_t, uint64_t>>();
  expect_sequential_agreement<CowMap<uint64_t, uint64_t>>();
  expect_sequential_agreement<ShardedMap<uint64_t, uint64_t>>();
  expect_sequential_agreement<LostUpdateCowMap<uint64_t, uint64_t>>();
  expect_sequential_agreement<CheckThenActMap<uint64_t, uint64_t>>();
}

TEST(Wrappers, ShardedMapSpreadsKeysOverShards) {
  ShardedMap<uint64_t, uint64_t> m;
  for (uint64_t k = 0; k < 1000; ++k) m.put(k * 8, k);  // strided keys
  EXPECT_EQ(m.size(), 1000);
  for (uint64_t k = 0; k < 1000; ++k) ASSERT_EQ(m.get(k * 8), k);
}

// CoW readers hold a snapshot: a write published after the load is not
// seen through it, and the snapshot stays valid while the writer moves on.
TEST(Wrappers, CowSnapshotIsImmutable) {
  CowSnapshots<uint64_t, uint64_t, mapcore::GoFallbackHasher> snaps({});
  auto first = snaps.copy_of(*snaps.load());
  first->map.put(1, 1);
  snaps.publish(first);
  const auto held = snaps.load();
  auto second = snaps.copy_of(*held);
  second->map.put(1, 2);
  second->map.put(2, 2);
  snaps.publish(second);
  EXPECT_EQ(held->map.get(1), 1u);
  EXPECT_EQ(held->map.size(), 1);
  EXPECT_EQ(snaps.load()->map.get(1), 2u);
  EXPECT_EQ(snaps.load()->map.size(), 2);
}

}  // namespace
}  // namespace gomapfuzz::chaos
