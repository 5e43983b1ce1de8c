// The map's basic contract: put/get/erase/clear/size for every key kind.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "expect_sound.h"
#include "mapcore/counting_resource.h"
#include "mapcore/introspect.h"
#include "mapcore/map.h"

namespace mapcore {
namespace {

using test::expect_sound;

TEST(MapBasic, PutGetEraseUint64) {
  Map<uint64_t, uint64_t> m;
  EXPECT_TRUE(m.put(17, 42));
  EXPECT_FALSE(m.put(17, 43));
  EXPECT_EQ(m.get(17), 43u);
  EXPECT_EQ(m.get(18), std::nullopt);
  EXPECT_EQ(m.size(), 1);
  EXPECT_TRUE(m.erase(17));
  EXPECT_FALSE(m.erase(17));
  EXPECT_EQ(m.size(), 0);
  expect_sound(m);
}

TEST(MapBasic, ManyKeysAcrossGrowthsMatchStdMap) {
  Map<uint64_t, uint64_t> m;
  std::map<uint64_t, uint64_t> model;
  for (uint64_t i = 0; i < 20000; ++i) {
    const uint64_t k = i * 2654435761u % 50000;
    m.put(k, i);
    model[k] = i;
    if (i % 3 == 0) {
      m.erase(k / 2);
      model.erase(k / 2);
    }
    if (i % 997 == 0) expect_sound(m);
  }
  EXPECT_EQ(m.size(), static_cast<int64_t>(model.size()));
  for (auto [k, v] : model) EXPECT_EQ(m.get(k), v) << k;
  expect_sound(m);
}

TEST(MapBasic, StringKeysOwnTheirBytes) {
  mapcore::CountingResource counting;
  {
    Map<GoString, int64_t> m(
        Map<GoString, int64_t>::Options{.alloc = DefaultAllocator(&counting)});
    for (int i = 0; i < 500; ++i) m.put("user_" + std::to_string(i), i);
    for (int i = 0; i < 500; i += 2) m.erase("user_" + std::to_string(i));
    EXPECT_EQ(m.size(), 250);
    EXPECT_EQ(m.get("user_7"), 7);
    EXPECT_EQ(m.get("user_8"), std::nullopt);
    EXPECT_TRUE(m.put("", 1));
    EXPECT_EQ(m.get(""), 1);
    EXPECT_EQ(counting.live_bytes(), stats(m).mapcore_bytes);
    expect_sound(m);
  }
  EXPECT_EQ(counting.live_bytes(), 0u);
}

TEST(MapBasic, ClearKeepsBAndReleasesOverflow) {
  mapcore::CountingResource counting;
  Map<uint64_t, uint64_t> m(
      Map<uint64_t, uint64_t>::Options{.alloc = DefaultAllocator(&counting)});
  for (uint64_t i = 0; i < 1000; ++i) m.put(i, i);
  const auto before = stats(m);
  m.clear();
  const auto after = stats(m);
  EXPECT_EQ(after.count, 0);
  EXPECT_EQ(after.B, before.B);
  EXPECT_EQ(after.overflow_heap, 0u);
  EXPECT_EQ(after.noverflow, 0u);
  EXPECT_NE(after.hash0, before.hash0);
  EXPECT_EQ(counting.live_bytes(), after.mapcore_bytes);
  expect_sound(m);
  m.put(5, 6);
  EXPECT_EQ(m.get(5), 6u);
}

TEST(MapBasic, IndirectKeysAndValues) {
  Map<Bytes<200>, Bytes<300>> m;
  for (uint64_t i = 0; i < 100; ++i) {
    m.put(Bytes<200>::filled_from(i), Bytes<300>::filled_from(i * 7));
  }
  for (uint64_t i = 0; i < 100; i += 3) m.erase(Bytes<200>::filled_from(i));
  for (uint64_t i = 0; i < 100; ++i) {
    auto v = m.get(Bytes<200>::filled_from(i));
    if (i % 3 == 0) {
      EXPECT_FALSE(v);
    } else {
      ASSERT_TRUE(v);
      EXPECT_EQ(*v, Bytes<300>::filled_from(i * 7));
    }
  }
  expect_sound(m);
}

}  // namespace
}  // namespace mapcore
