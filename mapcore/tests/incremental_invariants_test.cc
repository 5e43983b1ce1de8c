// IncrementalInvariants checks after each op what the op can have touched.
// These tests hold it to the full checker: on sound maps both stay silent
// through growth, deletes and clears, with full checks only at the edges;
// a corruption of what an op touched is reported at that op, by the same
// rule the full checker names; one elsewhere waits for the next full check.
#include <gtest/gtest.h>

#include <string>

#include "mapcore/introspect.h"
#include "mapcore/map.h"
#include "mapcore/random_source.h"

namespace mapcore {
namespace {

using U64Map = Map<uint64_t, uint64_t>;
using BucketT = U64Map::Raw::BucketT;
using Checker = IncrementalInvariants<U64Map>;

bool has_rule(const std::vector<Violation>& v, const std::string& rule) {
  for (const auto& x : v) {
    if (x.rule == rule) return true;
  }
  return false;
}

BucketT* bucket_of(U64Map& m, uint64_t key) {
  const uint64_t mask = (uint64_t{1} << DebugAccess::raw(m).header().B) - 1;
  return const_cast<BucketT*>(DebugAccess::raw(m).buckets()) +
         (DebugAccess::raw(m).hash_of_arg(key) & mask);
}

// The chain member and slot of k's chain that hold k.
std::pair<BucketT*, int> slot_of(BucketT* b, uint64_t key) {
  for (; b; b = b->overflow) {
    for (int i = 0; i < kBucketCnt; ++i) {
      if (b->tophash[i] >= kMinTopHash && b->keys[i] == key) return {b, i};
    }
  }
  return {nullptr, -1};
}

TEST(IncrementalInvariants, AgreeWithTheFullCheckOnSoundMapsAtFarLessCost) {
  U64Map m;
  Checker c(m);
  c.full();
  SplitMix64 rng(42);
  constexpr int kOps = 20000;
  for (int op = 0; op < kOps; ++op) {
    const uint64_t k = rng.next() % 3000;
    const uint64_t roll = rng.next() % 100;
    c.before_op(&k);
    if (roll < 60) {
      m.put(k, op);
    } else if (roll < 90) {
      m.erase(k);
    } else {
      (void)m.find(k);
    }
    const auto v = c.after_op(false);
    ASSERT_TRUE(v.empty()) << "op " << op << ": " << v[0].to_string();
    if (op % 997 == 0) {
      ASSERT_TRUE(check_invariants(m).empty()) << op;
    }
  }
  // Full checks at the growth edges only: a few dozen, not 20000.
  EXPECT_LT(c.full_checks(), 100u);
  EXPECT_GT(DebugAccess::raw(m).doublings(), 5u);
}

// Puts keys until growth is under way, with the checker following.
void grow_until_growing(U64Map& m, Checker& c, uint64_t& next_key) {
  while (!DebugAccess::raw(m).growing()) {
    const uint64_t k = next_key++;
    c.before_op(&k);
    m.put(k, k);
    ASSERT_TRUE(c.after_op(false).empty());
  }
}

class TouchedChainCorruption : public ::testing::Test {
 protected:
  void SetUp() override {
    for (uint64_t k = 0; k < 40; ++k) m_.put(k, k);
    while (DebugAccess::raw(m_).growing()) m_.put(0, 0);
    checker_.full();
  }
  // Puts `key` (a new key) and returns its bucket, live slot and the
  // incremental verdict after corrupting it with `corrupt`.
  template <class F>
  std::vector<Violation> put_and_corrupt(uint64_t key, F corrupt) {
    checker_.before_op(&key);
    m_.put(key, key);
    const auto [b, i] = slot_of(bucket_of(m_, key), key);
    EXPECT_NE(b, nullptr);
    if (b == nullptr) return {};
    corrupt(b, i);
    return checker_.after_op(false);
  }
  U64Map m_;
  Checker checker_{m_};
};

TEST_F(TouchedChainCorruption, AWrongTophashIsFoundAtItsOp) {
  const auto v = put_and_corrupt(1000, [](BucketT* b, int i) {
    b->tophash[i] = b->tophash[i] == 0xff ? 0xfe : b->tophash[i] + 1;
  });
  EXPECT_TRUE(has_rule(v, "tophash"));
  EXPECT_TRUE(has_rule(check_invariants(m_), "tophash"));
}

TEST_F(TouchedChainCorruption, ALostEntryBreaksTheCountKeptPerChain) {
  const auto v = put_and_corrupt(
      1001, [](BucketT* b, int i) { b->tophash[i] = kEmptyOne; });
  EXPECT_TRUE(has_rule(v, "count"));
  EXPECT_TRUE(has_rule(check_invariants(m_), "count"));
}

TEST_F(TouchedChainCorruption, AnEarlyEmptyRestIsFoundAtItsOp) {
  const auto v = put_and_corrupt(1002, [](BucketT* b, int i) {
    if (i == 0) {
      b->tophash[0] = kEmptyRest;  // a live slot follows in a chain of one
    } else {
      b->tophash[i - 1] = kEmptyRest;
    }
  });
  EXPECT_TRUE(has_rule(v, "tombstones") || has_rule(v, "count"));
}

TEST_F(TouchedChainCorruption, AKeyMovedToAnotherBucketIsMisplaced) {
  BucketT* home = bucket_of(m_, 1003);
  const auto v = put_and_corrupt(1003, [&](BucketT* b, int i) {
    // A key whose hash selects another bucket.
    uint64_t other = 5000;
    while (bucket_of(m_, other) == home) ++other;
    b->keys[i] = other;
  });
  EXPECT_TRUE(has_rule(v, "placement") || has_rule(v, "tophash"));
}

TEST(IncrementalInvariantsGrowth, AnEvacuatedHalfIsCheckedAtTheOpThatMovedIt) {
  U64Map m;
  Checker c(m);
  c.full();
  uint64_t next = 0;
  // Grow past B = 4 so that growth lasts several ops.
  while (DebugAccess::raw(m).header().B < 5) {
    const uint64_t k = next++;
    c.before_op(&k);
    m.put(k, k);
    ASSERT_TRUE(c.after_op(false).empty());
  }
  while (DebugAccess::raw(m).growing()) m.put(0, 0);
  c.full();
  grow_until_growing(m, c, next);
  ASSERT_TRUE(DebugAccess::raw(m).growing());
  // The next put evacuates old bucket nevacuate (and its key's): corrupt a
  // slot of new bucket nevacuate (its X half) right after.
  const uint64_t nev = DebugAccess::raw(m).header().nevacuate;
  const uint64_t k = next++;
  c.before_op(&k);
  m.put(k, k);
  ASSERT_TRUE(DebugAccess::raw(m).growing())
      << "growth ended: pick a bigger map";
  BucketT* x = const_cast<BucketT*>(DebugAccess::raw(m).buckets()) + nev;
  int live = -1;
  for (int i = 0; i < kBucketCnt && live < 0; ++i) {
    if (x->tophash[i] >= kMinTopHash) live = i;
  }
  ASSERT_GE(live, 0) << "new bucket " << nev << " got nothing";
  x->tophash[live] = kEmptyOne;
  EXPECT_TRUE(has_rule(c.after_op(false), "count"));
}

TEST(IncrementalInvariantsScope, CorruptionElsewhereWaitsForTheNextFullCheck) {
  U64Map m;
  for (uint64_t k = 0; k < 40; ++k) m.put(k, k);
  while (DebugAccess::raw(m).growing()) m.put(0, 0);
  Checker c(m);
  c.full();
  const uint64_t key = 7;
  BucketT* mine = bucket_of(m, key);
  BucketT* other = const_cast<BucketT*>(DebugAccess::raw(m).buckets());
  while (other == mine) ++other;
  for (int i = 0; i < kBucketCnt; ++i) {
    if (other->tophash[i] >= kMinTopHash) {
      other->tophash[i] = other->tophash[i] == 0xff ? 0xfe : 0xff;
      break;
    }
  }
  c.before_op(&key);
  (void)m.find(key);
  EXPECT_TRUE(c.after_op(false).empty());  // documented: not touched
  EXPECT_TRUE(has_rule(c.full(), "tophash"));
}

}  // namespace
}  // namespace mapcore
