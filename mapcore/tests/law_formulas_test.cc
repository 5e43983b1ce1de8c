// Go's formulas as the laws, the cost model and the budgets restate them
// (mapcore/law_formulas.h), pinned to figures measured on the real Go
// 1.19.8 runtime (shared/GO-MAP-FACTS.md, "Reference figures"): so what
// judges mapcore is Go, not mapcore itself. This is the one copy of those
// figures; the properties' hint law and memreport's arithmetic tests are
// checked against the formulas.
#include "mapcore/law_formulas.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <utility>

namespace mapcore::law {
namespace {

constexpr uint64_t kU64BucketBytes = 144;  // 8 + 8*8 + 8*8 + 8
constexpr uint64_t kStrBucketBytes = 208;  // 8 + 8*16 + 8*8 + 8

TEST(LawFormulas, MakeWithHintMatchesGo119MeasuredFigures) {
  struct Row {
    int64_t hint;
    int b;
    uint64_t u64_len, str_len;  // bucket array length, pool included
  };
  const Row rows[] = {{53, 4, 18, 19},
                      {104, 4, 18, 19},
                      {105, 5, 37, 39},
                      {208, 5, 37, 39},
                      {209, 6, 71, 68},
                      {416, 6, 71, 68},
                      {417, 7, 142, 137},
                      {1000, 8, 284, 275},
                      {5000, 10, 1137, 1102},
                      {10000, 11, 2218, 2205},
                      {100000, 14, 17408, 17408},
                      {1000000, 18, 278528, 278528}};
  for (const Row& r : rows) {
    EXPECT_EQ(go_b_for_hint(r.hint, kU64BucketBytes), r.b) << r.hint;
    EXPECT_EQ(go_bucket_array_len(r.b, kU64BucketBytes), r.u64_len) << r.hint;
    EXPECT_EQ(go_bucket_array_len(r.b, kStrBucketBytes), r.str_len) << r.hint;
    // malloc's block: the rounded length fills it to within one bucket.
    const uint64_t bytes = go_bucket_array_bytes(r.b, kU64BucketBytes);
    EXPECT_GE(bytes, r.u64_len * kU64BucketBytes) << r.hint;
    EXPECT_LT(bytes, (r.u64_len + 1) * kU64BucketBytes) << r.hint;
  }
  // Below B = 4 there is no pool: 2^B buckets.
  const std::pair<int64_t, int> small[] = {{0, 0},  {1, 0},  {8, 0},  {9, 1},
                                           {13, 1}, {14, 2}, {26, 2}, {27, 3},
                                           {52, 3}, {-1, 0}, {-99, 0}};
  for (auto [hint, b] : small) {
    EXPECT_EQ(go_b_for_hint(hint, kU64BucketBytes), b) << hint;
    EXPECT_EQ(go_bucket_array_len(b, kU64BucketBytes), uint64_t{1} << b);
  }
}

TEST(LawFormulas, ACountGrowsTheMapWhereGoDoes) {
  // Doublings from an empty map happen at 9, 14, 27, 53, 105 entries.
  const std::pair<int64_t, int> edges[] = {{8, 0},  {9, 1},  {13, 1},
                                           {14, 2}, {26, 2}, {27, 3},
                                           {52, 3}, {53, 4}, {105, 5}};
  for (auto [count, b] : edges) EXPECT_EQ(go_b_for_count(count), b) << count;
  // A hint above maxAlloc / bucket size is ignored (Go issue 19926).
  EXPECT_EQ(go_b_for_hint(int64_t{1} << 45, kU64BucketBytes), 0);
}

}  // namespace
}  // namespace mapcore::law
