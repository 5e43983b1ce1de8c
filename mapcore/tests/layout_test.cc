// Go's bucket layout and makeBucketArray sizing.
#include <gtest/gtest.h>

#include "mapcore/introspect.h"
#include "mapcore/map.h"

namespace mapcore {
namespace {

using U64Map = Map<uint64_t, uint64_t>;
using StrMap = Map<GoString, int64_t>;
using BigValueMap = Map<uint64_t, Bytes<200>>;

TEST(BucketLayout, SizesEqualGoBucketsize) {
  EXPECT_EQ(U64Map::Raw::kBucketSize, 144u);                 // 8 + 64 + 64 + 8
  EXPECT_EQ(StrMap::Raw::kBucketSize, 208u);                 // 8 + 128 + 64 + 8
  EXPECT_EQ((Map<int32_t, int8_t>::Raw::kBucketSize), 56u);  // 8+32+8+8
  EXPECT_EQ((Map<int64_t, int8_t>::Raw::kBucketSize), 88u);  // no padding
  // Values over 128 bytes are stored as pointers.
  EXPECT_EQ(BigValueMap::Raw::kBucketSize, 144u);
  EXPECT_TRUE(BigValueMap::Raw::kIndirectValue);
  EXPECT_FALSE((Map<uint64_t, Bytes<128>>::Raw::kIndirectValue));
  EXPECT_TRUE((Map<Bytes<129>, uint64_t>::Raw::kIndirectKey));
}

// Array lengths including preallocated overflow buckets after size-class
// rounding, measured on Go 1.19.8 (GO-MAP-FACTS.md).
TEST(MakeBucketArray, LengthsMatchGoRuntime) {
  const std::tuple<int64_t, uint64_t, uint64_t> cases[] = {
      {53, 18, 19},        {104, 18, 19},          {105, 37, 39},
      {208, 37, 39},       {209, 71, 68},          {416, 71, 68},
      {417, 142, 137},     {1000, 284, 275},       {5000, 1137, 1102},
      {10000, 2218, 2205}, {100000, 17408, 17408}, {1000000, 278528, 278528}};
  for (auto [hint, u64_len, str_len] : cases) {
    U64Map u(hint);
    StrMap s(hint);
    EXPECT_EQ(stats(u).array_buckets, u64_len) << "hint " << hint;
    EXPECT_EQ(stats(s).array_buckets, str_len) << "hint " << hint;
  }
}

TEST(MakeBucketArray, SmallHintsAllocateNothingUntilFirstInsert) {
  for (int64_t hint : {0, 1, 8}) {
    U64Map m(hint);
    EXPECT_EQ(stats(m).array_buckets, 0u);
    EXPECT_EQ(stats(m).mapcore_bytes, 0u);
    m.put(1, 1);
    EXPECT_EQ(stats(m).array_buckets, 1u);
  }
  U64Map m9(9);
  EXPECT_EQ(stats(m9).B, 1);
  EXPECT_EQ(stats(m9).array_buckets, 2u);  // no pool below B = 4
  EXPECT_EQ(stats(m9).prealloc_total, 0u);
}

TEST(MakeBucketArray, PoolHandsOutBucketsInOrderThenEnds) {
  U64Map m(53);  // B=4: 16 buckets + 2 preallocated
  auto s = stats(m);
  ASSERT_EQ(s.B, 4);
  EXPECT_EQ(s.prealloc_total, 2u);
  EXPECT_EQ(s.prealloc_free, 2u);
  EXPECT_NE(dump(m).find("pool next=16 end=18"), std::string::npos);
}

}  // namespace
}  // namespace mapcore
