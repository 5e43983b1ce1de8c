// The invariant checker can fail: each test corrupts a sound map in one way
// (through the white-box bucket pointers, as Go's export_test.go would) and
// expects the rule that guards against it to fire, naming the bucket.
#include <gtest/gtest.h>

#include <string>

#include "mapcore/introspect.h"
#include "mapcore/map.h"
#include "mapcore/sanitizer.h"

namespace mapcore {
namespace {

using U64Map = Map<uint64_t, uint64_t>;
using BucketT = U64Map::Raw::BucketT;

bool fires(const U64Map& m, const std::string& rule) {
  for (const auto& v : check_invariants(m)) {
    if (v.rule == rule) return true;
  }
  return false;
}

BucketT* mutable_bucket(U64Map& m, uint64_t i) {
  return const_cast<BucketT*>(DebugAccess::raw(m).buckets()) + i;
}

// A map with B = 3 whose bucket 0 has a live slot 0 and an overflow chain.
class CorruptedMap : public ::testing::Test {
 protected:
  void SetUp() override {
    for (uint64_t i = 0; i < 52; ++i) m_.put(i, i);
    while (DebugAccess::raw(m_).growing()) m_.put(0, 0);
    ASSERT_TRUE(check_invariants(m_).empty());
    for (uint64_t x = 0; x < 8 && !chained_; ++x) {
      if (DebugAccess::raw(m_).buckets()[x].overflow)
        chained_ = mutable_bucket(m_, x);
    }
  }
  U64Map m_;
  BucketT* chained_ = nullptr;
};

TEST_F(CorruptedMap, SoundMapHasNoViolations) {
  EXPECT_TRUE(check_invariants(m_).empty());
}

TEST_F(CorruptedMap, WrongTophashIsReported) {
  BucketT* b = mutable_bucket(m_, 0);
  for (int i = 0; i < kBucketCnt; ++i) {
    if (b->tophash[i] >= kMinTopHash) {
      b->tophash[i] = b->tophash[i] == 0xff ? 0xfe : b->tophash[i] + 1;
      break;
    }
  }
  EXPECT_TRUE(fires(m_, "tophash"));
}

TEST_F(CorruptedMap, KeyInTheWrongBucketIsReported) {
  BucketT* b = mutable_bucket(m_, 0);
  for (int i = 0; i < kBucketCnt; ++i) {
    if (b->tophash[i] >= kMinTopHash) {
      b->keys[i] = 1000003;  // hashes elsewhere (1 in 8 chance it doesn't)
      break;
    }
  }
  EXPECT_TRUE(fires(m_, "placement") || fires(m_, "tophash"));
}

TEST_F(CorruptedMap, LostEntryBreaksCount) {
  BucketT* b = mutable_bucket(m_, 1);
  b->tophash[0] = kEmptyOne;
  EXPECT_TRUE(fires(m_, "count"));
}

TEST_F(CorruptedMap, EmptyRestBeforeALiveSlotBreaksTombstones) {
  ASSERT_NE(chained_, nullptr);
  chained_->tophash[3] = kEmptyRest;  // the chain goes on after it
  EXPECT_TRUE(fires(m_, "tombstones"));
}

TEST_F(CorruptedMap, EvacuationMarkerInTheNewArrayIsReported) {
  mutable_bucket(m_, 2)->tophash[0] = kEvacuatedX;
  EXPECT_TRUE(fires(m_, "markers"));
}

TEST_F(CorruptedMap, CycleInAChainIsReportedNotLooped) {
  ASSERT_NE(chained_, nullptr);
  BucketT* last = chained_;
  while (last->overflow) last = last->overflow;
  last->overflow = chained_;
  EXPECT_TRUE(fires(m_, "chains"));
  last->overflow = nullptr;  // let the destructor free a sound map
}

TEST_F(CorruptedMap, DetachedOverflowBucketIsReported) {
  ASSERT_NE(chained_, nullptr);
  BucketT* detached = chained_->overflow;
  chained_->overflow = nullptr;
  EXPECT_TRUE(fires(m_, "noverflow"));
  EXPECT_TRUE(fires(m_, "count"));
  chained_->overflow = detached;
}

TEST_F(CorruptedMap, ForeignOverflowBucketIsReported) {
  BucketT foreign{};
  BucketT* last = mutable_bucket(m_, 5);
  while (last->overflow) last = last->overflow;
  last->overflow = &foreign;
  EXPECT_TRUE(fires(m_, "chains"));
  last->overflow = nullptr;
}

// Go's GC frees an old array's overflow buckets with the array when the
// growth ends; a map that kept them would hold memory for nothing (the
// old_overflow_not_freed mutant, once BlockOwnership freed a kept list at
// the map's end instead of leaking it).
TEST_F(CorruptedMap, OldOverflowHeldAfterTheGrowthIsReported) {
  auto& raw = DebugAccess::raw(m_);
  ASSERT_FALSE(raw.growing());
  // A bucket-sized block on the old array's list, as a growth that ended
  // without freeing its overflow buckets leaves it.
  U64Map::Raw::Blocks elsewhere(raw.blocks().allocator());
  void* kept = elsewhere.allocate(sizeof(BucketT));
  auto& old = const_cast<BlockList&>(raw.old_overflow_blocks());
  old.push(U64Map::Raw::Blocks::header_of(kept));
  bool reported = false;
  for (const auto& v : check_invariants(m_)) {
    reported = reported || (v.rule == "ownership" &&
                            v.detail.find("of an old array held with no "
                                          "growth") != std::string::npos);
  }
  EXPECT_TRUE(reported);
  old.pop();
  elsewhere.deallocate_payload(kept);
  EXPECT_TRUE(check_invariants(m_).empty());
}

TEST(Invariants, TouchedPoolBucketIsReported) {
  U64Map m(53);  // B = 4 with 2 preallocated overflow buckets, unused
  m.put(1, 1);
  auto* pool = const_cast<BucketT*>(DebugAccess::raw(m).next_overflow());
  ASSERT_NE(pool, nullptr);
  // The unused pool is poisoned under ASan (sanitizer.h), and the checker
  // poisons it again after reading: each deliberate write unpoisons first.
  auto poke = [&](auto write) {
    unpoison_memory(pool, 2 * sizeof(BucketT));
    write();
  };
  poke([&] { pool->tophash[2] = 9; });
  EXPECT_TRUE(fires(m, "pool"));
  poke([&] { pool->tophash[2] = 0; });
  poke([&] { pool[1].overflow = nullptr; });  // the end-of-pool sentinel
  EXPECT_TRUE(fires(m, "pool"));
  poke([&] {
    pool[1].overflow = const_cast<BucketT*>(DebugAccess::raw(m).buckets());
  });
  EXPECT_TRUE(check_invariants(m).empty());
}

TEST(Invariants, UnevacuatedBucketBelowNevacuateIsReported) {
  U64Map m;
  uint64_t k = 0;
  while (!DebugAccess::raw(m).growing() ||
         DebugAccess::raw(m).header().nevacuate < 2)
    m.put(k++, 0);
  ASSERT_TRUE(DebugAccess::raw(m).growing());
  auto* old0 = const_cast<BucketT*>(DebugAccess::raw(m).oldbuckets());
  const uint8_t saved = old0->tophash[0];
  old0->tophash[0] = 0x77;  // looks live again
  EXPECT_TRUE(fires(m, "growth") || fires(m, "markers"));
  old0->tophash[0] = saved;
}

}  // namespace
}  // namespace mapcore
