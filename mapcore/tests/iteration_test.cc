// Iteration as Go does it: a start bucket and slot offset drawn from the
// map's seeded source or given explicitly, Go's walk order, the flags that
// mapiterinit sets, and the guarantees under mutation.
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "mapcore/introspect.h"
#include "mapcore/map.h"

namespace mapcore {
namespace {

using U64Map = Map<uint64_t, uint64_t>;

std::vector<uint64_t> walk(U64Map::Iterator it, IterStart* start = nullptr) {
  std::vector<uint64_t> keys;
  while (it.next()) keys.push_back(it.key());
  if (start) *start = it.start();
  return keys;
}

TEST(Iteration, ExplicitStartReplaysARecordedOrder) {
  U64Map m;
  for (uint64_t i = 0; i < 300; ++i) m.put(i, i);
  while (DebugAccess::raw(m).growing()) m.put(0, 0);
  for (int t = 0; t < 20; ++t) {
    IterStart start;
    const auto first = walk(m.iterate(), &start);
    EXPECT_EQ(walk(m.iterate_from(start)), first);
    EXPECT_EQ(first.size(), 300u);
  }
}

// Go's order: buckets from startBucket, wrapping; inside each bucket the
// slots from offset, wrapping; each chain member in turn.
TEST(Iteration, WalksBucketsAndSlotsInGoOrder) {
  U64Map m;
  for (uint64_t i = 0; i < 40; ++i) m.put(i, i);
  while (DebugAccess::raw(m).growing()) m.put(0, 0);
  const auto& raw = DebugAccess::raw(m);
  const uint64_t nb = uint64_t{1} << raw.header().B;
  const IterStart start{nb - 1, 5};
  std::vector<uint64_t> expected;
  for (uint64_t x = 0; x < nb; ++x) {
    const uint64_t bucket = (start.bucket + x) & (nb - 1);
    for (auto* b = raw.buckets() + bucket; b; b = b->overflow) {
      for (int i = 0; i < kBucketCnt; ++i) {
        const int slot = (i + start.offset) & (kBucketCnt - 1);
        if (b->tophash[slot] >= kMinTopHash) expected.push_back(b->keys[slot]);
      }
    }
  }
  EXPECT_EQ(walk(m.iterate_from(start)), expected);
}

TEST(Iteration, InitSetsIteratorFlagsExceptOnEmptyMap) {
  U64Map m;
  walk(m.iterate());
  EXPECT_EQ(stats(m).flags, 0);  // count == 0: mapiterinit returns early
  m.put(1, 1);
  walk(m.iterate());
  EXPECT_EQ(stats(m).flags, kFlagIterator | kFlagOldIterator);
}

TEST(Iteration, SameSeedSameOrders) {
  auto orders = [](uint64_t seed) {
    U64Map m(U64Map::Options{.seed = seed});
    for (uint64_t i = 0; i < 100; ++i) m.put(i, i);
    std::vector<std::vector<uint64_t>> out;
    for (int t = 0; t < 5; ++t) out.push_back(walk(m.iterate()));
    return out;
  };
  EXPECT_EQ(orders(7), orders(7));
  EXPECT_NE(orders(7), orders(8));
}

// Keys present throughout are yielded once, deleted ones never, while the
// same thread inserts (growing the map) and deletes.
TEST(Iteration, GuaranteesHoldWhileMutatingAndGrowing) {
  for (uint64_t seed = 0; seed < 30; ++seed) {
    U64Map m(U64Map::Options{.seed = seed});
    for (uint64_t i = 0; i < 200; ++i) m.put(i, i);
    std::set<uint64_t> deleted, yielded;
    uint64_t next = 1000;
    for (auto it = m.iterate(); it.next();) {
      const uint64_t k = it.key();
      EXPECT_FALSE(deleted.count(k)) << "deleted key " << k << " yielded";
      EXPECT_TRUE(yielded.insert(k).second) << k << " yielded twice";
      for (int j = 0; j < 3; ++j) m.put(next++, 0);
      const uint64_t victim = (k * 7 + seed) % 200;
      if (!yielded.count(victim) && m.erase(victim)) deleted.insert(victim);
    }
    for (uint64_t i = 0; i < 200; ++i) {
      if (!deleted.count(i)) {
        EXPECT_TRUE(yielded.count(i)) << i << " missed";
      }
    }
    EXPECT_GT(stats(m).doublings, 0u);
  }
}

}  // namespace
}  // namespace mapcore
