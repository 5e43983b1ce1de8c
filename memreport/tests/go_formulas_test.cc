// The memory report against Go 1.19's own arithmetic: makemap's B and
// makeBucketArray from the one restatement of Go's formulas
// (mapcore/law_formulas.h, which mapcore's map does not use and
// mapcore/tests/law_formulas_test.cc pins to the real runtime's figures);
// roundupsize as a linear scan of class_to_size (mapcore's size_classes.cc
// looks sizes up through Go's size_to_class tables: two algorithms over
// Go's data, so a wrong entry in either shows), the bucket layout and
// growslice written out here. None of it calls memreport code, so a
// mistake shared with the report cannot pass unnoticed.
// Figures that depend on where keys hash (overflow buckets) are taken from
// the report and checked against Go's rules for them (the pool first, the
// overflow list's length); the Go check (go_check_main.cc) compares those
// with the real runtime.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <string>

#include "gomapfuzz/memreport/scenario.h"
#include "mapcore/law_formulas.h"

namespace gomapfuzz::memreport {
namespace {

// ---- Go 1.19, restated (runtime/map.go, sizeclasses.go, slice.go). ----
namespace go19 {

// class_to_size from runtime/sizeclasses.go.
constexpr uint64_t kClassToSize[] = {
    0,     8,     16,    24,    32,    48,    64,    80,    96,    112,
    128,   144,   160,   176,   192,   208,   224,   240,   256,   288,
    320,   352,   384,   416,   448,   480,   512,   576,   640,   704,
    768,   896,   1024,  1152,  1280,  1408,  1536,  1792,  2048,  2304,
    2688,  3072,  3200,  3456,  4096,  4864,  5376,  6144,  6528,  6784,
    6912,  8192,  9472,  9728,  10240, 10880, 12288, 13568, 14336, 16384,
    18432, 19072, 20480, 21760, 24576, 27264, 28672, 32768};
constexpr uint64_t kMaxSmallSize = 32768;
constexpr uint64_t kPageSize = 8192;

uint64_t roundupsize(uint64_t size) {
  if (size < kMaxSmallSize) {
    for (uint64_t c : kClassToSize) {
      if (c >= size) return c;
    }
  }
  return (size + kPageSize - 1) / kPageSize * kPageSize;
}

// makemap's B and makeBucketArray, from the one restatement of Go's
// formulas (mapcore/law_formulas.h, pinned to the real runtime's figures by
// mapcore/tests/law_formulas_test.cc).
int b_for(int64_t count) { return mapcore::law::go_b_for_count(count); }

// A slot holds the value itself, or a pointer above 128 bytes.
uint64_t slot(uint64_t size) { return size > 128 ? 8 : size; }

uint64_t bucket_size(uint64_t key, uint64_t value) {
  return 8 + 8 * slot(key) + 8 * slot(value) + 8;
}

struct Array {
  uint64_t len;
  uint64_t bytes;
};
Array make_bucket_array(int b, uint64_t bs) {
  return {mapcore::law::go_bucket_array_len(b, bs),
          mapcore::law::go_bucket_array_bytes(b, bs)};
}

// growslice for a []*bmap, starting from nil, after `len` appends.
uint64_t overflow_list_cap(uint64_t len) {
  uint64_t cap = 0;
  for (uint64_t have = 0; have < len; ++have) {
    if (have < cap) continue;
    uint64_t c = cap == 0 ? 1 : cap < 256 ? 2 * cap : cap;
    while (c < have + 1) c += (c + 3 * 256) / 4;
    cap = roundupsize(c * 8) / 8;
  }
  return cap;
}

constexpr uint64_t kHmap = 48;
constexpr uint64_t kMapextra = 24;
constexpr uint64_t kSliceHeader = 24;

}  // namespace go19

TypeSpec type(const char* name) {
  auto t = parse_type(name);
  if (!t) ADD_FAILURE() << "not in the menu: " << name;
  return t.value_or(TypeSpec{});
}

Scenario scenario(const char* key, const char* value, int64_t n,
                  int64_t hint = 0, int64_t deletes = 0) {
  Scenario s;
  s.key = type(key);
  s.value = type(value);
  s.n = n;
  s.hint = hint;
  s.deletes = deletes;
  return s;
}

std::string describe(const Scenario& s) {
  return s.key.name() + "->" + s.value.name() + " n=" + std::to_string(s.n) +
         " hint=" + std::to_string(s.hint) +
         " deletes=" + std::to_string(s.deletes);
}

// Everything Go's arithmetic fixes for a scenario of inserts whose last
// growth has finished evacuating (checked by the caller's choice of n).
void expect_go_arithmetic(const Scenario& s) {
  SCOPED_TRACE(describe(s));
  const Report r = run_scenario(s);
  const int b_hint = go19::b_for(s.hint);
  const int b = std::max(b_hint, go19::b_for(s.n));
  const uint64_t bs = go19::bucket_size(s.key.size, s.value.size);
  const go19::Array array = go19::make_bucket_array(b, bs);

  EXPECT_EQ(r.B, b);
  EXPECT_EQ(r.bucket_size, bs);
  EXPECT_EQ(r.buckets, 1ULL << b);
  EXPECT_EQ(r.array_buckets, array.len);
  EXPECT_EQ(r.array_bytes, array.bytes);
  EXPECT_EQ(r.prealloc_total, array.len - (1ULL << b));
  EXPECT_EQ(r.doublings, static_cast<uint64_t>(b - b_hint));
  EXPECT_EQ(r.same_size_growths, 0u);
  EXPECT_FALSE(r.growing);
  EXPECT_EQ(r.count, s.n - s.deletes);

  // newoverflow takes the pool first, then allocates one bucket at a time.
  EXPECT_EQ(r.prealloc_used, std::min(r.overflow_in_use, r.prealloc_total));
  EXPECT_EQ(r.overflow_heap, r.overflow_in_use - r.prealloc_used);
  EXPECT_EQ(r.overflow_bytes, r.overflow_heap * go19::roundupsize(bs));

  const uint64_t key_object =
      s.key.size > 128 ? go19::roundupsize(s.key.size) : 0;
  const uint64_t value_object =
      s.value.size > 128 ? go19::roundupsize(s.value.size) : 0;
  const uint64_t live = static_cast<uint64_t>(s.n - s.deletes);
  EXPECT_EQ(r.indirect_bytes, live * (key_object + value_object));

  // hmap; mapextra (b >= 4 made a pool); for pointer-free buckets the
  // overflow list, as long as the number of overflow buckets in use.
  ASSERT_GE(b, 4) << "choose scenarios where mapextra surely exists";
  const bool pointer_free = s.key.kind != TypeKind::kString &&
                            s.value.kind != TypeKind::kString &&
                            s.key.size <= 128 && s.value.size <= 128;
  uint64_t bookkeeping = go19::kHmap + go19::kMapextra;
  if (pointer_free && r.overflow_in_use > 0) {
    bookkeeping +=
        go19::kSliceHeader +
        go19::roundupsize(8 * go19::overflow_list_cap(r.overflow_in_use));
  }
  EXPECT_EQ(r.bookkeeping_bytes, bookkeeping);
  EXPECT_EQ(r.total_bytes,
            array.bytes + r.overflow_bytes + r.indirect_bytes + bookkeeping);
  EXPECT_EQ(r.naive_bytes, live * (s.key.size + s.value.size));
  EXPECT_DOUBLE_EQ(r.bytes_per_entry, static_cast<double>(r.total_bytes) /
                                          static_cast<double>(live));

  // Every array of the map's life was allocated: hint's, then one a growth.
  uint64_t arrays = 0;
  for (int k = b_hint; k <= b; ++k) {
    arrays += go19::make_bucket_array(k, bs).bytes;
  }
  EXPECT_GE(r.allocated_bytes,
            go19::kHmap + go19::kMapextra + arrays +
                static_cast<uint64_t>(s.n) * (key_object + value_object));

  // The bucket memory's parts add up.
  EXPECT_EQ(r.tophash_bytes + r.key_slot_bytes + r.value_slot_bytes +
                r.overflow_ptr_bytes + r.class_slack_bytes,
            r.array_bytes + r.overflow_bytes + r.old_bytes);
  EXPECT_EQ(r.tophash_bytes, 8 * (array.len + r.overflow_heap));
}

// The seed article's scenarios (its figures are wrong; these are Go's).
TEST(GoFormulas, ArticleScenarios) {
  expect_go_arithmetic(scenario("uint64", "uint64", 1300));
  expect_go_arithmetic(scenario("string", "uint64", 10000));
  expect_go_arithmetic(scenario("uint64", "uint64", 10000));
  expect_go_arithmetic(scenario("uint64", "uint64", 10000, 12000));
  expect_go_arithmetic(scenario("uint64", "uint64", 1000));
}

TEST(GoFormulas, KeyAndValueTypesOfTheMenu) {
  expect_go_arithmetic(scenario("int32", "int32", 1000));
  expect_go_arithmetic(scenario("bytes24", "string", 2000));
  expect_go_arithmetic(scenario("bytes1", "bytes2", 200));
  expect_go_arithmetic(scenario("bytes16", "bytes128", 700));
}

TEST(GoFormulas, OutOfLineKeysAndValues) {
  expect_go_arithmetic(scenario("uint64", "bytes256", 500));
  expect_go_arithmetic(scenario("bytes129", "uint64", 300));
  expect_go_arithmetic(scenario("bytes1024", "bytes1024", 130));
}

TEST(GoFormulas, HintsAboveTheNeed) {
  expect_go_arithmetic(scenario("uint64", "uint64", 100, 5000));
  expect_go_arithmetic(scenario("string", "bytes8", 3000, 100000));
}

// Go issue 20135: deletes never shrink a map.
TEST(GoFormulas, DeletesKeepEveryBucket) {
  expect_go_arithmetic(scenario("uint64", "uint64", 5000, 0, 4990));
  const Report full = run_scenario(scenario("uint64", "uint64", 5000));
  const Report emptied =
      run_scenario(scenario("uint64", "uint64", 5000, 0, 4990));
  EXPECT_EQ(emptied.total_bytes, full.total_bytes);
  // Out-of-line values are freed with their keys.
  const Report big = run_scenario(scenario("uint64", "bytes1024", 200));
  const Report halved =
      run_scenario(scenario("uint64", "bytes1024", 200, 0, 100));
  EXPECT_EQ(big.total_bytes - halved.total_bytes,
            100 * go19::roundupsize(1024));
}

// Go's TestMapBuckets (map_test.go): buckets after n inserts without a hint.
TEST(GoFormulas, GoTestMapBuckets) {
  const struct {
    int64_t n;
    uint64_t buckets;
  } cases[] = {{1, 1},  {8, 1},  {9, 2},  {13, 2}, {14, 4},
               {26, 4}, {27, 8}, {52, 8}, {53, 16}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.n);
    EXPECT_EQ(run_scenario(scenario("uint64", "uint64", c.n)).buckets,
              c.buckets);
    EXPECT_EQ(go19::b_for(c.n), std::countr_zero(c.buckets));
  }
}

// make(map, hint): B and the array length, preallocated buckets included,
// for 144- and 208-byte buckets, at the hints where B changes (the figures
// the real runtime gives for them: mapcore/tests/law_formulas_test.cc).
TEST(GoFormulas, MakeWithHintFollowsGosFormulas) {
  for (int64_t hint : {0, 8, 9, 26, 52, 53, 104, 105, 208, 209, 416, 417, 1000,
                       5000, 10000, 100000, 1000000}) {
    SCOPED_TRACE(hint);
    const Report u = run_scenario(scenario("uint64", "uint64", 0, hint));
    const Report s = run_scenario(scenario("string", "uint64", 0, hint));
    const int b = go19::b_for(hint);
    EXPECT_EQ(u.B, b);
    EXPECT_EQ(s.B, b);
    if (b == 0) continue;  // no array until the first insert
    EXPECT_EQ(u.array_buckets, go19::make_bucket_array(b, 144).len);
    EXPECT_EQ(s.array_buckets, go19::make_bucket_array(b, 208).len);
  }
}

// Inserting past a doubling leaves the old array live until every old bucket
// is evacuated (two a write): 6,657 inserts start B=11, 43 more evacuate at
// most 88 of 1,024 old buckets.
TEST(GoFormulas, OldArrayLiveDuringEvacuation) {
  const Report r = run_scenario(scenario("uint64", "uint64", 6700));
  EXPECT_TRUE(r.growing);
  EXPECT_EQ(r.B, 11);
  EXPECT_GE(r.old_bytes, go19::make_bucket_array(10, 144).bytes);
  EXPECT_EQ(r.array_bytes, go19::make_bucket_array(11, 144).bytes);
}

// The growth history of a map filled one key at a time.
TEST(GoFormulas, GrowthsOfAnUnhintedMap) {
  for (int64_t n : {8, 9, 100, 1300, 100000}) {
    SCOPED_TRACE(n);
    const Report r = run_scenario(scenario("uint64", "uint64", n));
    EXPECT_EQ(r.doublings, static_cast<uint64_t>(go19::b_for(n)));
  }
}

}  // namespace
}  // namespace gomapfuzz::memreport
