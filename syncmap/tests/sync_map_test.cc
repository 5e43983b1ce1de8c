// SyncMap's semantics and internal state, step by step as Go 1.19's
// sync/map.go takes them (the state lines are what the Go oracle compares).
#include "syncmap/sync_map.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "syncmap/introspect.h"

namespace syncmap {
namespace {

using U64Map = SyncMap<uint64_t, uint64_t>;
using StrMap = SyncMap<mapcore::GoString, uint64_t>;

std::string S(const U64Map& m) { return dump_state(m); }

TEST(SyncMap, EmptyMapHasNilReadAndNilDirty) {
  U64Map m;
  EXPECT_EQ(S(m), "amended=0 misses=0 read=[] dirty=nil shared=0");
  EXPECT_EQ(m.load(1), std::nullopt);
  // A load while not amended never takes the lock: no miss.
  EXPECT_EQ(S(m), "amended=0 misses=0 read=[] dirty=nil shared=0");
}

TEST(SyncMap, FirstNewKeyBuildsDirtyAndSetsAmended) {
  U64Map m;
  m.store(1, 10);
  EXPECT_EQ(S(m), "amended=1 misses=0 read=[] dirty=[1:10] shared=0");
  EXPECT_EQ(m.load(1), 10u);
}

// missLocked: misses++, promotion once misses >= len(dirty).
TEST(SyncMap, PromotionWhenMissesReachLenDirty) {
  U64Map m;
  m.store(1, 10);
  m.store(2, 20);
  m.store(3, 30);
  EXPECT_EQ(S(m), "amended=1 misses=0 read=[] dirty=[1:10 2:20 3:30] shared=0");
  EXPECT_EQ(m.load(1), 10u);
  EXPECT_EQ(m.load(9), std::nullopt);  // an absent key is a miss too
  EXPECT_EQ(S(m), "amended=1 misses=2 read=[] dirty=[1:10 2:20 3:30] shared=0");
  EXPECT_EQ(m.load(2), 20u);  // 3rd miss: 3 >= len(dirty) = 3
  EXPECT_EQ(S(m),
            "amended=0 misses=0 read=[1:10 2:20 3:30] dirty=nil shared=0");
  // Now every load hits read, without the lock: no miss.
  EXPECT_EQ(m.load(3), 30u);
  EXPECT_EQ(m.load(9), std::nullopt);
  EXPECT_EQ(S(m),
            "amended=0 misses=0 read=[1:10 2:20 3:30] dirty=nil shared=0");
}

// 1 and 2 promoted to read, 1 deleted there, then the store of 3 makes a
// dirty map without 1: 1 is expunged, 2 shared, 3 only in dirty.
void expunge_1_by_storing_3(U64Map& m) {
  m.store(1, 10);
  m.store(2, 20);
  m.load(1);
  m.load(1);  // promoted
  m.erase(1);
  m.store(3, 30);
}

TEST(SyncMap, StoreToAReadKeyIsACasWithoutDirty) {
  U64Map m;
  m.store(1, 10);
  m.load(1);  // promote
  m.store(1, 11);
  EXPECT_EQ(S(m), "amended=0 misses=0 read=[1:11] dirty=nil shared=0");
}

// dirtyLocked copies read into a fresh dirty, expunging deleted entries
// (tryExpungeLocked), and the key set of dirty then lacks them.
TEST(SyncMap, DirtyLockedExpungesDeletedEntries) {
  U64Map m;
  m.store(1, 10);
  m.store(2, 20);
  m.load(1);
  m.load(1);   // promoted
  m.erase(1);  // in read: entry.p = nil, no lock
  EXPECT_EQ(S(m), "amended=0 misses=0 read=[1:nil 2:20] dirty=nil shared=0");
  m.store(3, 30);
  EXPECT_EQ(S(m),
            "amended=1 misses=0 read=[1:expunged 2:20] dirty=[2:20 3:30] "
            "shared=1");
  // An expunged entry reads as absent.
  EXPECT_EQ(m.load(1), std::nullopt);
  EXPECT_EQ(m.load_and_delete(1), std::nullopt);
}

// A store to an expunged entry must unexpunge it and put it back into
// dirty, or the value is lost at the next promotion.
TEST(SyncMap, StoreToExpungedEntryUnexpungesIntoDirty) {
  U64Map m;
  expunge_1_by_storing_3(m);
  m.store(1, 12);
  EXPECT_EQ(S(m),
            "amended=1 misses=0 read=[1:12 2:20] dirty=[1:12 2:20 3:30] "
            "shared=2");
  for (int i = 0; i < 3; ++i) m.load(3);  // promote
  EXPECT_EQ(S(m),
            "amended=0 misses=0 read=[1:12 2:20 3:30] dirty=nil shared=0");
  EXPECT_EQ(m.load(1), 12u);
}

TEST(SyncMap, LoadOrStore) {
  U64Map m;
  EXPECT_EQ(m.load_or_store(1, 10), (std::pair<uint64_t, bool>(10, false)));
  EXPECT_EQ(m.load_or_store(1, 11), (std::pair<uint64_t, bool>(10, true)));
  // The second call found 1 in dirty: a miss, promotion (1 >= len 1).
  EXPECT_EQ(S(m), "amended=0 misses=0 read=[1:10] dirty=nil shared=0");
  m.erase(1);
  // A deleted read entry is filled by the lock-free path.
  EXPECT_EQ(m.load_or_store(1, 12), (std::pair<uint64_t, bool>(12, false)));
  EXPECT_EQ(S(m), "amended=0 misses=0 read=[1:12] dirty=nil shared=0");
  m.erase(1);
  m.store(2, 20);  // 1 expunged
  EXPECT_EQ(m.load_or_store(1, 13), (std::pair<uint64_t, bool>(13, false)));
  EXPECT_EQ(S(m), "amended=1 misses=0 read=[1:13] dirty=[1:13 2:20] shared=1");
}

TEST(SyncMap, LoadAndDeleteFromDirtyRemovesTheKeyAndCountsAMiss) {
  U64Map m;
  m.store(1, 10);
  m.store(2, 20);
  m.store(3, 30);
  EXPECT_EQ(m.load_and_delete(1), 10u);
  EXPECT_EQ(S(m), "amended=1 misses=1 read=[] dirty=[2:20 3:30] shared=0");
  EXPECT_EQ(m.load_and_delete(1), std::nullopt);  // miss: 2 >= 2, promoted
  EXPECT_EQ(S(m), "amended=0 misses=0 read=[2:20 3:30] dirty=nil shared=0");
  EXPECT_EQ(m.load_and_delete(2), 20u);  // in read: entry.p = nil
  EXPECT_EQ(S(m), "amended=0 misses=0 read=[2:nil 3:30] dirty=nil shared=0");
  EXPECT_EQ(m.load_and_delete(2), std::nullopt);
}

TEST(SyncMap, RangePromotesFirstAndSkipsDeletedEntries) {
  U64Map m;
  expunge_1_by_storing_3(m);
  std::map<uint64_t, uint64_t> seen;
  m.range([&](uint64_t k, uint64_t v) {
    EXPECT_TRUE(seen.emplace(k, v).second);
    return true;
  });
  EXPECT_EQ(seen, (std::map<uint64_t, uint64_t>{{2, 20}, {3, 30}}));
  EXPECT_EQ(S(m), "amended=0 misses=0 read=[2:20 3:30] dirty=nil shared=0");
  int calls = 0;
  m.range([&](uint64_t, uint64_t) { return ++calls < 1; });
  EXPECT_EQ(calls, 1);  // f returning false stops the range
}

TEST(SyncMap, RangeMayStoreIntoTheMap) {
  U64Map m;
  for (uint64_t k = 0; k < 20; ++k) m.store(k, k);
  m.range([&](uint64_t k, uint64_t v) {
    m.store(k + 100, v);
    m.erase(k);
    return true;
  });
  for (uint64_t k = 0; k < 20; ++k) {
    EXPECT_EQ(m.load(k), std::nullopt);
    EXPECT_EQ(m.load(k + 100), k);
  }
}

TEST(SyncMap, StringKeysAreCopied) {
  StrMap m;
  {
    std::string k = "alpha";
    m.store(k, 1);
    k = "XXXXX";
  }
  EXPECT_EQ(dump_state(m),
            "amended=1 misses=0 read=[] dirty=[\"alpha\":1] shared=0");
  EXPECT_EQ(m.load("alpha"), 1u);  // a miss: promoted
  EXPECT_EQ(dump_state(m),
            "amended=0 misses=0 read=[\"alpha\":1] dirty=nil shared=0");
}

// Against a plain std::map over many random ops: the contents agree, and
// every step keeps Go's invariants (amended == dirty != nil; every read key
// not expunged is in dirty sharing its entry; expunged only with dirty).
TEST(SyncMap, RandomOpsAgreeWithAModelAndKeepGosInvariants) {
  U64Map m;
  std::map<uint64_t, uint64_t> model;
  mapcore::SplitMix64 rng(12345);
  for (int i = 0; i < 20000; ++i) {
    const uint64_t k = rng.next() % 24, v = rng.next() % 1000;
    switch (rng.next() % 6) {
      case 0:
        m.store(k, v);
        model[k] = v;
        break;
      case 1: {
        auto it = model.find(k);
        EXPECT_EQ(m.load(k),
                  it == model.end() ? std::nullopt : std::optional(it->second));
        break;
      }
      case 2: {
        auto [it, added] = model.try_emplace(k, v);
        EXPECT_EQ(m.load_or_store(k, v), std::pair(it->second, !added));
        break;
      }
      case 3: {
        auto it = model.find(k);
        std::optional<uint64_t> want;
        if (it != model.end()) want = it->second, model.erase(it);
        EXPECT_EQ(m.load_and_delete(k), want);
        break;
      }
      case 4:
        m.erase(k);
        model.erase(k);
        break;
      case 5: {
        std::map<uint64_t, uint64_t> seen;
        m.range([&](uint64_t rk, uint64_t rv) {
          EXPECT_TRUE(seen.emplace(rk, rv).second) << "visited twice: " << rk;
          return true;
        });
        EXPECT_EQ(seen, model);
        break;
      }
    }
    const auto s = state(m);
    ASSERT_EQ(s.amended, s.dirty_present) << "op " << i << ": " << S(m);
    int64_t not_expunged = 0;
    for (const auto& r : s.read) {
      if (r.state == EntryState::kExpunged) {
        ASSERT_TRUE(s.dirty_present) << "op " << i << ": " << S(m);
      } else {
        ++not_expunged;
      }
    }
    if (s.dirty_present) {
      ASSERT_EQ(s.shared, not_expunged) << S(m);
    }
    ASSERT_LE(s.misses, std::max<int64_t>(1, int64_t(s.dirty.size())));
  }
}

}  // namespace
}  // namespace syncmap
