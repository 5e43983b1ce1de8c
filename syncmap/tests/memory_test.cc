// SyncMap's memory: every byte comes back (retired objects after their
// grace period, the rest at destruction), and an allocation failure leaves
// the map exactly as it was (contents and internal state).
#include <gtest/gtest.h>

#include <map>
#include <thread>
#include <vector>

#include "gomapfuzz/harness/counting_resource.h"
#include "gomapfuzz/harness/synchronized_resource.h"
#include "syncmap/introspect.h"
#include "syncmap/sync_map.h"

namespace syncmap {
namespace {

using U64Map = SyncMap<uint64_t, uint64_t>;

TEST(SyncMapMemory, DestructionReturnsEveryByte) {
  gomapfuzz::CountingResource counting;
  gomapfuzz::SynchronizedResource sync(&counting);
  {
    U64Map m({.resource = &sync});
    for (uint64_t i = 0; i < 2000; ++i) m.store(i % 300, i);
    for (uint64_t i = 0; i < 300; i += 3) m.erase(i);
    for (uint64_t i = 0; i < 600; ++i) m.load(i);  // promotions
    m.store(5000, 1);  // dirty with expunged entries
    EXPECT_GT(counting.live_bytes(), 0u);
  }
  EXPECT_EQ(counting.live_bytes(), 0u);
  EXPECT_EQ(counting.live_blocks(), 0u);
}

// Retired value boxes are freed after their grace period, not at the end:
// overwriting one key a million times does not grow the heap.
TEST(SyncMapMemory, OverwrittenValuesAreReclaimedWhileTheMapLives) {
  gomapfuzz::CountingResource counting;
  gomapfuzz::SynchronizedResource sync(&counting);
  U64Map m({.resource = &sync});
  m.store(1, 0);
  m.load(1);  // promoted: later stores are lock-free CASes
  for (uint64_t i = 0; i < 100000; ++i) m.store(1, i);
  wait_for_retired();
  // read map (its node and bucket), one entry, one live box.
  EXPECT_LE(counting.live_blocks(), 4u);
}

TEST(SyncMapMemory, ConcurrentReadersAndWritersLeakNothing) {
  gomapfuzz::CountingResource counting;
  gomapfuzz::SynchronizedResource sync(&counting);
  {
    U64Map m({.resource = &sync});
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&m, t] {
        mapcore::SplitMix64 rng(t + 1);
        for (int i = 0; i < 5000; ++i) {
          const uint64_t k = rng.next() % 64;
          switch (rng.next() % 5) {
            case 0:
              m.store(k, i);
              break;
            case 1:
              m.load_or_store(k, i);
              break;
            case 2:
              m.load_and_delete(k);
              break;
            case 3:
              m.range([](uint64_t, uint64_t) { return true; });
              break;
            default:
              m.load(k);
          }
        }
      });
    }
    for (auto& th : threads) th.join();
  }
  EXPECT_EQ(counting.live_bytes(), 0u);
}

// One sequential workload that reaches every allocating path: the first
// dirty map, new keys (entry + box), stores to read keys (box), to expunged
// keys (dirty grows), load-or-store on nil, expunged and dirty entries,
// load-and-delete from dirty (which may evacuate), promotions, Range.
struct Step {
  int op;  // 0 store, 1 load, 2 load-or-store, 3 load-and-delete, 4 range
  uint64_t key, value;
};
std::vector<Step> workload() {
  std::vector<Step> w;
  mapcore::SplitMix64 rng(7);
  for (uint64_t i = 0; i < 400; ++i) {
    w.push_back({static_cast<int>(rng.next() % 5), rng.next() % 40, i});
  }
  return w;
}

// Every allocation of the workload fails in turn: the op that meets it
// throws std::bad_alloc and changes nothing (state line and contents);
// every later op agrees with the model; nothing leaks.
TEST(SyncMapMemory, EveryAllocationFailedInTurnChangesNothingAndLeaksNothing) {
  const std::vector<Step> w = workload();
  auto run = [&](uint64_t fail_at, uint64_t* attempts) {
    gomapfuzz::CountingResource counting;
    gomapfuzz::FaultInjectingResource faults(&counting);
    gomapfuzz::SynchronizedResource sync(&faults);
    if (fail_at) faults.fail_at(fail_at);
    int failed_ops = 0;
    {
      U64Map m({.resource = &sync});
      std::map<uint64_t, uint64_t> model;
      for (std::size_t i = 0; i < w.size(); ++i) {
        const Step& s = w[i];
        const std::string before = dump_state(m);
        try {
          switch (s.op) {
            case 0:
              m.store(s.key, s.value);
              model[s.key] = s.value;
              break;
            case 1: {
              auto it = model.find(s.key);
              EXPECT_EQ(m.load(s.key), it == model.end()
                                           ? std::nullopt
                                           : std::optional(it->second));
              break;
            }
            case 2: {
              auto got = m.load_or_store(s.key, s.value);
              auto [it, added] = model.try_emplace(s.key, s.value);
              EXPECT_EQ(got, std::pair(it->second, !added));
              break;
            }
            case 3: {
              auto got = m.load_and_delete(s.key);
              auto it = model.find(s.key);
              std::optional<uint64_t> want;
              if (it != model.end()) want = it->second, model.erase(it);
              EXPECT_EQ(got, want) << "op " << i << " fail_at " << fail_at;
              break;
            }
            case 4: {
              std::map<uint64_t, uint64_t> seen;
              m.range([&](uint64_t k, uint64_t v) {
                seen.emplace(k, v);
                return true;
              });
              EXPECT_EQ(seen, model) << "op " << i;
              break;
            }
          }
        } catch (const std::bad_alloc&) {
          ++failed_ops;
          EXPECT_EQ(dump_state(m), before)
              << "op " << i << " failed at allocation " << fail_at
              << " and changed the map";
        }
      }
      std::map<uint64_t, uint64_t> seen;
      m.range([&](uint64_t k, uint64_t v) {
        seen.emplace(k, v);
        return true;
      });
      EXPECT_EQ(seen, model) << "entries lost, fail_at " << fail_at;
    }
    EXPECT_EQ(counting.live_bytes(), 0u) << "leak, fail_at " << fail_at;
    if (attempts) *attempts = faults.attempts();
    return failed_ops;
  };
  uint64_t total = 0;
  EXPECT_EQ(run(0, &total), 0);
  ASSERT_GT(total, 100u);
  for (uint64_t k = 1; k <= total; ++k) {
    ASSERT_EQ(run(k, nullptr), 1) << "allocation " << k << " of " << total
                                  << " was not met by exactly one op";
    if (HasFailure()) break;
  }
}

}  // namespace
}  // namespace syncmap
