// layout_fingerprint: the layout dump's content as one number.
#include "mapcore/layout_fingerprint.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>

#include "mapcore/dump.h"
#include "mapcore/hash/hashers.h"
#include "mapcore/map.h"

namespace mapcore {
namespace {

// Random puts, deletes and the odd clear over 300 keys (growths, overflow
// chains, the pool, tombstones, reseeds) on two maps built alike: they
// always share one fingerprint, and whenever the dump changes, so does the
// fingerprint.
template <class K, class V, class KeyOf, class ValueOf>
void expect_fingerprint_follows_dump(KeyOf key_of, ValueOf value_of) {
  typename Map<K, V>::Options o;
  o.seed = 7;
  Map<K, V> a(o), b(o);
  std::mt19937_64 rng(1);
  std::string last_dump = dump(a);
  uint64_t last = layout_fingerprint(a);
  int changes = 0;
  for (uint64_t i = 0; i < 3000; ++i) {
    const uint64_t k = rng() % 300;
    const uint64_t roll = rng() % 100;
    for (Map<K, V>* m : {&a, &b}) {
      if (roll < 60) {
        m->put(key_of(k), value_of(i));
      } else if (roll < 99) {
        m->erase(key_of(k));
      } else {
        m->clear();
      }
    }
    const std::string now_dump = dump(a);
    const uint64_t now = layout_fingerprint(a);
    ASSERT_EQ(now, layout_fingerprint(b)) << "op " << i;
    if (now_dump != last_dump) {
      ++changes;
      ASSERT_NE(now, last) << "op " << i
                           << ": the dump changed, the fingerprint did not";
    }
    last_dump = now_dump;
    last = now;
  }
  EXPECT_GT(changes, 1000);
}

TEST(LayoutFingerprint, ChangesWhenTheDumpChangesUint64) {
  expect_fingerprint_follows_dump<uint64_t, uint64_t>(
      [](uint64_t k) { return k; }, [](uint64_t v) { return v; });
}

TEST(LayoutFingerprint, ChangesWhenTheDumpChangesStringKeys) {
  expect_fingerprint_follows_dump<GoString, int64_t>(
      [](uint64_t k) { return "key" + std::to_string(k); },
      [](uint64_t v) { return static_cast<int64_t>(v); });
}

TEST(LayoutFingerprint, ChangesWhenTheDumpChangesOutOfLineValues) {
  expect_fingerprint_follows_dump<uint64_t, Bytes<200>>(
      [](uint64_t k) { return k; },
      [](uint64_t v) { return Bytes<200>::filled_from(v); });
}

// What the dump abbreviates still counts: a bytesN value's 9th byte, and
// the bytes of a string key behind its header.
TEST(LayoutFingerprint, SeesBytesTheDumpAbbreviates) {
  Map<uint64_t, Bytes<16>> m;
  Bytes<16> v = Bytes<16>::filled_from(1);
  m.put(1, v);
  const uint64_t before = layout_fingerprint(m);
  v.b[8] ^= 1;
  m.put(1, v);
  EXPECT_NE(layout_fingerprint(m), before);

  // Every string hashes alike under the constant hasher: "abc" and "abd"
  // take the same slot with the same tophash; only the bytes differ.
  using ConstMap = Map<GoString, int64_t, DynamicHasher>;
  ConstMap::Options o;
  o.hasher = DynamicHasher{HashFamily::kConstant, 5};
  ConstMap abc(o), abd(o);
  abc.put("abc", 1);
  abd.put("abd", 1);
  EXPECT_EQ(dump_header(abc), dump_header(abd));
  EXPECT_NE(layout_fingerprint(abc), layout_fingerprint(abd));
}

}  // namespace
}  // namespace mapcore
