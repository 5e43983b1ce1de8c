// Go's sizing arithmetic: overLoadFactor, tooManyOverflowBuckets, the B a
// hint gives, tophash, and roundupsize against Go's size-class table.
#include "mapcore/constants.h"

#include <gtest/gtest.h>

#include "mapcore/size_classes.h"

namespace mapcore {
namespace {

TEST(OverLoadFactor, NeverBelowOneFullBucket) {
  for (uint8_t b = 0; b < 10; ++b) {
    for (int64_t n = -5; n <= 8; ++n) EXPECT_FALSE(over_load_factor(n, b));
  }
}

TEST(OverLoadFactor, ThresholdIsSixAndAHalfPerBucket) {
  EXPECT_TRUE(over_load_factor(9, 0));  // 13 * (1/2) = 0 in integer math
  EXPECT_FALSE(over_load_factor(13, 1));
  EXPECT_TRUE(over_load_factor(14, 1));
  EXPECT_FALSE(over_load_factor(6656, 10));  // 6.5 * 1024
  EXPECT_TRUE(over_load_factor(6657, 10));
}

// The B column of GO-MAP-FACTS.md's table, measured on the real runtime.
TEST(BForHint, MatchesGoRuntimeTable) {
  const std::pair<int64_t, int> cases[] = {
      {0, 0},        {1, 0},    {8, 0},           {9, 1},      {13, 1},
      {14, 2},       {26, 2},   {27, 3},          {52, 3},     {53, 4},
      {104, 4},      {105, 5},  {208, 5},         {209, 6},    {416, 6},
      {417, 7},      {1000, 8}, {5000, 10},       {10000, 11}, {100000, 14},
      {1000000, 18}, {-1, 0},   {-(1LL << 30), 0}};
  for (auto [hint, b] : cases) EXPECT_EQ(b_for_hint(hint), b) << hint;
}

TEST(TooManyOverflowBuckets, AsManyAsBucketsCappedAtTwoToFifteen) {
  EXPECT_FALSE(too_many_overflow_buckets(0, 0) && false);
  EXPECT_TRUE(too_many_overflow_buckets(1, 0));
  EXPECT_FALSE(too_many_overflow_buckets(15, 4));
  EXPECT_TRUE(too_many_overflow_buckets(16, 4));
  EXPECT_FALSE(too_many_overflow_buckets(32767, 20));
  EXPECT_TRUE(too_many_overflow_buckets(32768, 20));
}

TEST(TopHash, LiftsValuesBelowMinTopHash) {
  EXPECT_EQ(tophash_of(0), kMinTopHash);
  EXPECT_EQ(tophash_of(uint64_t{4} << 56), 9);
  EXPECT_EQ(tophash_of(uint64_t{5} << 56), 5);
  EXPECT_EQ(tophash_of(~uint64_t{0}), 0xff);
}

TEST(RoundUpSize, FollowsGoSizeClasses) {
  EXPECT_EQ(go_roundupsize(0), 0u);
  EXPECT_EQ(go_roundupsize(1), 8u);
  EXPECT_EQ(go_roundupsize(144), 144u);
  EXPECT_EQ(go_roundupsize(145), 160u);
  EXPECT_EQ(go_roundupsize(1025), 1152u);
  EXPECT_EQ(go_roundupsize(17 * 144), 2688u);  // B=4 u64 array: 18 buckets
  EXPECT_EQ(go_roundupsize(32768), 32768u);
  EXPECT_EQ(go_roundupsize(32769), 40960u);  // whole 8 KiB pages above 32 KiB
  EXPECT_EQ(go_roundupsize(~uint64_t{0} - 10), ~uint64_t{0} - 10);
}

}  // namespace
}  // namespace mapcore
