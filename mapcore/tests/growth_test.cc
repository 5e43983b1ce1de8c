// Growth as Go does it: when doubling starts, when same-size growth starts,
// how fast evacuation finishes, what is freed, and noverflow's counting.
#include <gtest/gtest.h>

#include "expect_sound.h"
#include "mapcore/counting_resource.h"
#include "mapcore/introspect.h"
#include "mapcore/map.h"

namespace mapcore {
namespace {

using U64Map = Map<uint64_t, uint64_t>;

// A doubling starts exactly at an insert of a new key while not growing and
// overLoadFactor(count+1, B) holds; so B after n distinct inserts from
// make(0) is the smallest B with !overLoadFactor(n, B).
TEST(Growth, DoublingStartsExactlyAtOverload) {
  U64Map m;
  for (uint64_t n = 1; n <= 20000; ++n) {
    const auto before = stats(m);
    const bool expect_grow =
        !before.growing && over_load_factor(before.count + 1, before.B);
    m.put(n * 0x9e3779b97f4a7c15, n);
    const auto after = stats(m);
    ASSERT_EQ(after.doublings - before.doublings, expect_grow ? 1u : 0u)
        << "insert #" << n;
    ASSERT_EQ(after.same_size_growths, 0u);
    if (!after.growing) {
      ASSERT_EQ(after.B, b_for_hint(n)) << n;
    }
  }
}

TEST(Growth, UpdatesAndMissesNeverStartAGrowth) {
  U64Map m;
  for (uint64_t i = 0; i < 13; ++i) m.put(i, i);  // B=1, at the edge
  const auto before = stats(m);
  for (uint64_t i = 0; i < 13; ++i) m.put(i, i + 1);  // updates
  for (uint64_t i = 100; i < 200; ++i) m.erase(i);    // misses
  EXPECT_EQ(stats(m).doublings, before.doublings);
  m.put(13, 13);  // the 14th key overloads B=1
  EXPECT_EQ(stats(m).doublings, before.doublings + 1);
}

// Insert/delete churn at constant size builds overflow chains (Go issues
// 16070, 9477) until noverflow >= 2^B starts a same-size growth, which keeps
// B and packs the chains again.
TEST(Growth, ChurnTriggersSameSizeGrowthThatKeepsB) {
  U64Map m(100);
  const uint8_t b = stats(m).B;
  uint64_t next = 0, oldest = 0;
  for (; next < 100; ++next) m.put(next, next);
  uint64_t same_size = 0;
  for (int round = 0; round < 20000; ++round) {
    const auto before = stats(m);
    m.erase(oldest++);
    m.put(next++, 0);
    const auto after = stats(m);
    if (after.same_size_growths > before.same_size_growths) {
      ++same_size;
      EXPECT_FALSE(before.growing);
      EXPECT_FALSE(over_load_factor(before.count + 1, before.B));
      EXPECT_GE(before.noverflow, uint64_t{1} << std::min<int>(before.B, 15));
    }
    ASSERT_EQ(after.B, b);
  }
  EXPECT_GT(same_size, 0u);
  EXPECT_EQ(stats(m).doublings, 0u);
  test::expect_sound(m);
}

// Every write evacuates the bucket it uses and one more, so a growth ends
// within (old buckets) writes; then no old array or old overflow remains.
TEST(Growth, EvacuationFinishesWithinOldBucketCountWrites) {
  mapcore::CountingResource counting;
  U64Map m(U64Map::Options{.alloc = DefaultAllocator(&counting)});
  uint64_t k = 0;
  for (int growths = 0; growths < 8;) {
    m.put(k++, 0);
    if (!DebugAccess::raw(m).growing()) continue;
    ++growths;
    const uint64_t old_buckets = DebugAccess::raw(m).noldbuckets();
    uint64_t writes = 0;
    while (DebugAccess::raw(m).growing()) {
      m.erase(~k - writes);  // a miss is still a write: it evacuates
      ++writes;
    }
    EXPECT_LE(writes, old_buckets);
    const auto s = stats(m);
    EXPECT_EQ(s.old_array_buckets, 0u);
    EXPECT_EQ(s.old_overflow_heap, 0u);
    EXPECT_EQ(counting.live_bytes(), s.mapcore_bytes);
  }
}

// Deletes never shrink B nor free buckets (Go issue 20135); the map reseeds
// hash0 when it becomes empty.
TEST(Growth, DeletesNeverShrinkAndReseedWhenEmpty) {
  U64Map m;
  for (uint64_t i = 0; i < 5000; ++i) m.put(i, i);
  while (DebugAccess::raw(m).growing()) m.put(0, 0);
  const auto full = stats(m);
  for (uint64_t i = 1; i < 5000; ++i) m.erase(i);
  const auto one = stats(m);
  EXPECT_EQ(one.B, full.B);
  EXPECT_EQ(one.mapcore_bytes, full.mapcore_bytes);
  EXPECT_EQ(one.hash0, full.hash0);
  m.erase(0);
  const auto empty = stats(m);
  EXPECT_EQ(empty.B, full.B);
  EXPECT_EQ(empty.mapcore_bytes, full.mapcore_bytes);
  EXPECT_NE(empty.hash0, full.hash0);
}

// From B = 16, noverflow counts each new overflow bucket with probability
// 1/2^(B-15), from the map's seeded source: approximate, reproducible.
TEST(Growth, NoverflowIsProbabilisticFromB16AndSeeded) {
  auto build = [](uint64_t seed) {
    auto m =
        std::make_unique<U64Map>(U64Map::Options{.hint = 425984, .seed = seed});
    for (uint64_t i = 0; i < 425984; ++i) m->put(i * 0x9e3779b97f4a7c15, i);
    return stats(*m);
  };
  const MapStats a = build(1), b = build(1), c = build(2);
  ASSERT_EQ(a.B, 16);
  ASSERT_EQ(a.doublings, 0u);
  EXPECT_GT(a.overflow_in_use, 1000u);
  // Each increment happens with probability 1/2: about half are counted.
  EXPECT_LT(a.noverflow, a.overflow_in_use * 6 / 10);
  EXPECT_GT(a.noverflow, a.overflow_in_use * 4 / 10);
  EXPECT_EQ(a.noverflow, b.noverflow) << "same seed, same count";
  EXPECT_NE(a.hash0, c.hash0);
}

}  // namespace
}  // namespace mapcore
