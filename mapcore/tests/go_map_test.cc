// Behavioural ports of Go 1.19's runtime/map_test.go. Each test names the Go
// test (and Go issue) it mirrors; where C++ needs a different means to the
// same end (no GC, no reflection), the comment says how.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>
#include <string>

#include "expect_sound.h"
#include "mapcore/counting_resource.h"
#include "mapcore/introspect.h"
#include "mapcore/map.h"

namespace mapcore {

// Go's FloatInt {x float64; y int} key (TestGrowWithNegativeZero). A struct
// key hashes field by field, each hash seeding the next, as Go's generated
// struct hash does: f64hash for x, memhash64 for y.
struct FloatInt {
  double x;
  int64_t y;
};

template <>
struct KeyPolicy<FloatInt> {
  using Arg = FloatInt;
  static constexpr bool kHasPointers = false;
  static constexpr bool kReflexive = false;     // x may be NaN
  static constexpr bool kNeedKeyUpdate = true;  // x may change sign
  static constexpr bool kHasFastPath = false;
  static constexpr bool kIsString = false;
  static constexpr bool kOwnsBytes = false;

  template <Hasher H>
  static uint64_t hash(const H& h, Arg k, uint64_t seed, RandomSource& rng) {
    seed = KeyPolicy<double>::hash(h, k.x, seed, rng);
    return h.mem64(static_cast<uint64_t>(k.y), seed);
  }
  static bool equal(const FloatInt& a, Arg b) {
    return a.x == b.x && a.y == b.y;
  }
  static Arg arg_of(const FloatInt& k) { return k; }
};

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();

using test::expect_sound;

// TestMapBuckets (nohint, makemap, makemap64; escaping maps): buckets after n
// inserts, and with hint n.
TEST(GoMapTest, MapBuckets) {
  const std::pair<int64_t, uint64_t> table[] = {
      {-(1 << 30), 1}, {-1, 1}, {0, 1},  {1, 1}, {8, 1},
      {9, 2},          {13, 2}, {14, 4}, {26, 4}};
  for (auto [n, buckets] : table) {
    Map<int64_t, int64_t> nohint;
    Map<int64_t, int64_t> hinted(n);
    for (int64_t i = 0; i < n; ++i) {
      nohint.put(i, i);
      hinted.put(i, i);
    }
    EXPECT_EQ(uint64_t{1} << stats(nohint).B, buckets) << "nohint n=" << n;
    EXPECT_EQ(uint64_t{1} << stats(hinted).B, buckets) << "makemap n=" << n;
  }
}

// TestNegativeZero: -0 overwrites +0 (and the key becomes -0), and back.
TEST(GoMapTest, NegativeZero) {
  Map<double, bool> m;
  m.put(+0.0, true);
  m.put(-0.0, true);
  EXPECT_EQ(m.size(), 1);
  for (auto it = m.iterate(); it.next();) EXPECT_TRUE(std::signbit(it.key()));

  Map<double, bool> m2;
  m2.put(-0.0, true);
  m2.put(+0.0, true);
  EXPECT_EQ(m2.size(), 1);
  for (auto it = m2.iterate(); it.next();) EXPECT_FALSE(std::signbit(it.key()));
}

// testMapNan: three NaN entries with values 1, 2, 4.
void expect_three_nans(Map<double, int64_t>& m) {
  EXPECT_EQ(m.size(), 3);
  int64_t s = 0;
  for (auto it = m.iterate(); it.next();) {
    EXPECT_TRUE(std::isnan(it.key())) << "nan disappeared";
    EXPECT_EQ(it.value() & (it.value() - 1), 0) << "value wrong";
    s |= it.value();
  }
  EXPECT_EQ(s, 7);
}

// TestMapAssignmentNan: every NaN assignment adds an entry.
TEST(GoMapTest, MapAssignmentNan) {
  Map<double, int64_t> m;
  m.put(kNaN, 1);
  m.put(kNaN, 2);
  m.put(kNaN, 4);
  expect_three_nans(m);
  EXPECT_FALSE(m.contains(kNaN));
  EXPECT_FALSE(m.erase(kNaN));
}

// TestMapOperatorAssignmentNan: m[nan] += v also adds a new zero entry.
TEST(GoMapTest, MapOperatorAssignmentNan) {
  Map<double, int64_t> m;
  m[kNaN] += 1;
  m[kNaN] += 2;
  m[kNaN] += 4;
  expect_three_nans(m);
}

// TestGrowWithNaN: NaN entries survive a growth that starts mid-iteration.
TEST(GoMapTest, GrowWithNaN) {
  Map<double, int64_t> m(4);
  m.put(kNaN, 1);
  m.put(kNaN, 2);
  m[kNaN] += 4;
  int cnt = 0;
  int64_t s = 0;
  bool grow = true;
  for (auto it = m.iterate(); it.next();) {
    if (grow) {
      for (int i = 0; i < 50; ++i) m.put(i, i);
      for (int i = 50; i < 100; ++i) m[i] += i;
      grow = false;
    }
    if (std::isnan(it.key())) {
      ++cnt;
      s |= it.value();
    }
  }
  EXPECT_EQ(cnt, 3) << "NaN keys lost during grow";
  EXPECT_EQ(s, 7) << "NaN values lost during grow";
  expect_sound(m);
}

// TestGrowWithNegativeZero: an iterator sees keys updated to -0 (and their
// new values) even when the update lands in the new array during growth.
TEST(GoMapTest, GrowWithNegativeZero) {
  const double negzero = -0.0;
  Map<FloatInt, int64_t> m(4);
  m.put({0.0, 0}, 1);
  m[{0.0, 1}] += 2;
  m[{0.0, 2}] += 4;
  m.put({0.0, 3}, 8);
  bool grow = true;
  int64_t s = 0;
  int cnt = 0, negcnt = 0;
  for (auto it = m.iterate(); it.next();) {
    const FloatInt k = it.key();
    const int64_t v = it.value();
    if (v == 0) continue;  // entries added to grow the table
    ++cnt;
    if (std::signbit(k.x)) {
      EXPECT_NE(v & 16, 0) << "key/value not updated together 1";
      ++negcnt;
      s |= v & 15;
    } else {
      EXPECT_EQ(v & 16, 0) << "key/value not updated together 2";
      s |= v;
    }
    if (grow) {
      for (int i = 0; i < 100; ++i) m.put({3.0, i}, 0);
      m.put({negzero, 0}, 1 | 16);
      m.put({negzero, 1}, 2 | 16);
      m.put({negzero, 2}, 4 | 16);
      m.put({negzero, 3}, 8 | 16);
      grow = false;
    }
  }
  EXPECT_EQ(s, 15) << "entry missing";
  EXPECT_EQ(cnt, 4) << "wrong number of entries returned by iterator";
  EXPECT_EQ(negcnt, 3) << "update to negzero missed by iteration";
}

// TestIterGrowAndDelete: keys deleted during an iteration that also grows
// the table are not yielded.
TEST(GoMapTest, IterGrowAndDelete) {
  Map<int64_t, int64_t> m(4);
  for (int i = 0; i < 100; ++i) m.put(i, i);
  bool grow = true;
  for (auto it = m.iterate(); it.next();) {
    if (grow) {
      for (int i = 100; i < 1000; ++i) m.put(i, i);
      for (int i = 1; i < 1000; i += 2) m.erase(i);
      grow = false;
    } else {
      EXPECT_EQ(it.key() & 1, 0) << "odd value returned";
    }
  }
  expect_sound(m);
}

// TestIterGrowWithGC: old bucket arrays outlive a growth while an iterator
// still walks them. Go relies on its GC; mapcore parks the old array and its
// overflow buckets until the iterator closes, then frees them.
TEST(GoMapTest, IterGrowWithGC) {
  mapcore::CountingResource counting;
  Map<int64_t, int64_t> m(Map<int64_t, int64_t>::Options{
      .hint = 4, .alloc = DefaultAllocator(&counting)});
  for (int i = 0; i < 8; ++i) m.put(i, i);
  for (int i = 8; i < 16; ++i) m[i] += i;
  bool grow = true;
  int bitmask = 0;
  {
    auto it = m.iterate();
    while (it.next()) {
      if (it.key() < 16) bitmask |= 1 << it.key();
      if (grow) {
        for (int i = 100; i < 1000; ++i) m.put(i, i);  // grows
        // Go's runtime.GC() here; mapcore: finish the growth (every write
        // evacuates), so the arrays the iterator walks are no longer the map's.
        while (DebugAccess::raw(m).growing()) m.put(100, 100);
        EXPECT_GT(stats(m).retired_bytes, 0u)
            << "old array freed under iterator";
        grow = false;
      }
    }
  }
  EXPECT_EQ(bitmask, (1 << 16) - 1) << "missing key";
  EXPECT_EQ(stats(m).retired_bytes, 0u) << "old array not freed after close";
  EXPECT_EQ(counting.live_bytes(), stats(m).mapcore_bytes);
  expect_sound(m);
}

// TestBigItems: keys and values over 128 bytes (stored out of line).
TEST(GoMapTest, BigItems) {
  using Big = Bytes<2048>;
  Map<Big, Big> m(4);
  for (int i = 0; i < 100; ++i) {
    Big key;
    key.b.fill('f');
    key.b[37] = static_cast<uint8_t>(i);
    m.put(key, key);
  }
  std::set<int> keys, values;
  for (auto it = m.iterate(); it.next();) {
    keys.insert(it.key().b[37]);
    values.insert(it.value().b[37]);
  }
  EXPECT_EQ(keys.size(), 100u);
  EXPECT_EQ(values.size(), 100u);
  EXPECT_EQ(*keys.rbegin(), 99);
  expect_sound(m);
}

// TestIgnoreBogusMapHint (Go issue 19926): nonsense hints give an empty map.
TEST(GoMapTest, IgnoreBogusMapHint) {
  for (int64_t hint :
       {int64_t{-1}, int64_t{1} << 62, std::numeric_limits<int64_t>::min(),
        std::numeric_limits<int64_t>::max()}) {
    Map<int64_t, int64_t> m(hint);
    EXPECT_EQ(stats(m).B, 0) << hint;
    EXPECT_EQ(stats(m).mapcore_bytes, 0u) << hint;
    m.put(1, 1);
    EXPECT_EQ(m.get(1), 1);
  }
}

// TestIncrementAfterDelete* (Go issue 25936): a slot freed by delete and
// reused by m[k]++ starts from zero, not from the deleted value.
template <class K, class V>
void increment_after_delete(typename Map<K, V>::key_arg key1,
                            typename Map<K, V>::key_arg key2) {
  Map<K, V> m;
  m.put(key1, 99);
  m.erase(key1);
  m[key2] += 1;
  EXPECT_EQ(m.get(key2), V{1});
}
TEST(GoMapTest, IncrementAfterDeleteValueInt) {
  increment_after_delete<int64_t, int64_t>(12, 13);
}
TEST(GoMapTest, IncrementAfterDeleteValueInt32) {
  increment_after_delete<int64_t, int32_t>(12, 13);
}
TEST(GoMapTest, IncrementAfterDeleteValueInt64) {
  increment_after_delete<int64_t, int64_t>(12, 13);
}
TEST(GoMapTest, IncrementAfterDeleteKeyStringValueInt) {
  increment_after_delete<GoString, int64_t>("", "x");
}
// TestIncrementAfterDeleteKeyValueString needs string values; mapcore's
// values are trivially copyable, so Bytes<16> stands in: the slot must come
// back zeroed, not holding "99".
TEST(GoMapTest, IncrementAfterDeleteKeyValueBytes) {
  Map<GoString, Bytes<16>> m;
  m.put("", Bytes<16>::filled_from(99));
  m.erase("");
  m["x"].b[0] += 1;
  Bytes<16> one;
  one.b[0] = 1;
  EXPECT_EQ(m.get("x"), one);
}

// TestIncrementAfterBulkClearKeyStringValueInt: the same after mapclear.
TEST(GoMapTest, IncrementAfterBulkClearKeyStringValueInt) {
  Map<GoString, int64_t> m;
  m.put("", 99);
  m.clear();
  m["x"] += 1;
  EXPECT_EQ(m.get("x"), 1);
}

// TestMapTombstones with Go's MapTombstoneCheck rule (the "tombstones"
// invariant of check_invariants).
TEST(GoMapTest, MapTombstones) {
  constexpr int kN = 10000;
  Map<int64_t, int64_t> m;
  auto tombstone_check = [&] {
    for (const auto& v : check_invariants(m)) {
      EXPECT_NE(v.rule, "tombstones") << v.to_string();
    }
  };
  for (int i = 0; i < kN; ++i) m.put(i, i);
  tombstone_check();
  for (int i = 0; i < kN; i += 2) m.erase(i);
  tombstone_check();
  for (int i = kN; i < 3 * kN / 2; ++i) m.put(i, i);
  tombstone_check();
  for (int i = 0; i < 3 * kN / 2; ++i) m.erase(i);
  tombstone_check();
  EXPECT_EQ(m.size(), 0);
}

std::vector<int64_t> order_of(Map<int64_t, bool>& m) {
  std::vector<int64_t> s;
  for (auto it = m.iterate(); it.next();) s.push_back(it.key());
  return s;
}

// TestMapIterOrder: small maps still iterate in more than one order.
TEST(GoMapTest, MapIterOrder) {
  for (int n : {3, 7, 9, 15}) {
    Map<int64_t, bool> m(Map<int64_t, bool>::Options{.seed = uint64_t(n)});
    for (int i = 0; i < n; ++i) m.put(i, true);
    const auto first = order_of(m);
    bool varied = false;
    for (int t = 0; t < 100 && !varied; ++t) varied = order_of(m) != first;
    EXPECT_TRUE(varied) << "n=" << n << " had a constant iteration order";
  }
}

// TestMapSparseIterOrder (Go issue 8410): a sparse map (1000 inserted, 980
// deleted) still randomises its iteration order.
TEST(GoMapTest, MapSparseIterOrder) {
  for (uint64_t round = 0; round < 10; ++round) {
    Map<int64_t, bool> m(Map<int64_t, bool>::Options{.seed = round});
    for (int i = 0; i < 1000; ++i) m.put(i, true);
    for (int i = 20; i < 1000; ++i) m.erase(i);
    const auto first = order_of(m);
    bool varied = false;
    for (int t = 0; t < 800 && !varied; ++t) varied = order_of(m) != first;
    EXPECT_TRUE(varied) << "constant iteration order on round " << round;
  }
}

// TestMapNanGrowIterator: NaN keys are split by their tophash's low bit when
// an iterator is active, so finishing a growth mid-iteration yields each NaN
// entry exactly once.
TEST(GoMapTest, MapNanGrowIterator) {
  Map<double, int64_t> m;
  constexpr int kBuckets = 16;
  const int n_keys = static_cast<int>(kBuckets * 6.5);
  for (int i = 0; i < n_keys; ++i) m.put(kNaN, i);
  m.put(1.0, 1);  // triggers a growth
  m.erase(1.0);
  ASSERT_TRUE(DebugAccess::raw(m).growing());
  std::set<int64_t> found;
  for (auto it = m.iterate(); it.next();) {
    if (it.value() != -1) {
      EXPECT_TRUE(found.insert(it.value()).second)
          << "repeat of value " << it.value();
    }
    if (found.size() == static_cast<size_t>(n_keys / 2)) {
      for (int i = 0; i < kBuckets; ++i) m.erase(1.0);  // finish the growth
    }
  }
  EXPECT_EQ(found.size(), static_cast<size_t>(n_keys)) << "missing value";
  expect_sound(m);
}

}  // namespace
}  // namespace mapcore
