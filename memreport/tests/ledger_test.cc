// GoLedger: Go's allocations outside the buckets, event by event; and the
// ledger kept in step with mapcore for every key and value type of the menu
// (run_scenario throws if the ledger and the map's state disagree).
#include <gtest/gtest.h>

#include <string>

#include "gomapfuzz/memreport/go_ledger.h"
#include "gomapfuzz/memreport/scenario.h"

namespace gomapfuzz::memreport {
namespace {

// append's capacities for a []*bmap grown one element at a time, worked out
// by hand from growslice: doubling to 256, then cap + (cap + 768) / 4 rounded
// up to a size class (512 -> 832 -> 6,656 bytes -> class 6,784 -> 848).
TEST(GoAppendCapacity, FollowsGrowslice) {
  const uint64_t expected[][2] = {{0, 1},     {1, 2},     {2, 4},
                                  {4, 8},     {128, 256}, {256, 512},
                                  {512, 848}, {848, 1280}};
  for (const auto& [from, to] : expected) {
    EXPECT_EQ(go_append_capacity(from), to) << "from " << from;
  }
}

GoLedger::Shape pointer_free_144() {
  GoLedger::Shape s;
  s.bucket_size = 144;  // map[uint64]uint64
  return s;
}

TEST(GoLedger, MakeAndFirstBucket) {
  GoLedger l(pointer_free_144());
  l.make_map();
  EXPECT_EQ(l.live_bytes(), kGoHmapBytes);
  l.first_array(1, /*has_pool=*/false);
  EXPECT_EQ(l.live_bytes(), 48u + 144u);
  EXPECT_EQ(l.allocations(), 2u);
  EXPECT_EQ(l.bookkeeping_bytes(), 48u);
}

TEST(GoLedger, OverflowListOfPointerFreeBuckets) {
  GoLedger l(pointer_free_144());
  l.make_map();
  l.first_array(2, false);
  l.new_overflow(/*from_pool=*/false);  // bucket, mapextra, header, cap 1
  EXPECT_EQ(l.live_bytes(), 48u + 288 + 144 + 24 + 24 + 8);
  l.new_overflow(false);  // cap 1 -> 2: the 8-byte backing becomes garbage
  EXPECT_EQ(l.live_bytes(), 48u + 288 + 2 * 144 + 24 + 24 + 16);
  EXPECT_EQ(l.allocated_bytes(), 48u + 288 + 2 * 144 + 24 + 24 + 8 + 16);
  EXPECT_EQ(l.bookkeeping_bytes(), 48u + 24 + 24 + 16);
}

TEST(GoLedger, PointerBucketsKeepNoList) {
  GoLedger::Shape s;
  s.bucket_size = 208;  // map[string]uint64
  s.bucket_has_pointers = true;
  GoLedger l(s);
  l.make_map();
  l.first_array(1, false);
  l.new_overflow(false);
  EXPECT_EQ(l.live_bytes(), 48u + 208 + 208);
  EXPECT_EQ(l.bookkeeping_bytes(), 48u);
}

TEST(GoLedger, GrowthKeepsTheOldGenerationUntilEvacuated) {
  GoLedger l(pointer_free_144());
  l.make_map();
  l.first_array(1, false);
  l.new_overflow(false);
  const uint64_t before = l.live_bytes();
  l.start_growth(2, false);
  EXPECT_EQ(l.live_bytes(), before + 288);
  EXPECT_EQ(l.peak_bytes(), before + 288);
  l.finish_growth();  // old bucket, its overflow bucket and list are garbage
  EXPECT_EQ(l.live_bytes(), 48u + 24 + 288);
  EXPECT_EQ(l.peak_bytes(), before + 288);
}

TEST(GoLedger, OutOfLineObjectsComeAndGo) {
  GoLedger::Shape s = pointer_free_144();
  s.value_object_bytes = 200;  // rounded to the 208-byte class
  GoLedger l(s);
  l.make_map();
  l.add_entry();
  l.add_entry();
  EXPECT_EQ(l.live_bytes(), 48u + 2 * 208);
  l.remove_entry();
  EXPECT_EQ(l.live_bytes(), 48u + 208);
  EXPECT_EQ(l.allocated_bytes(), 48u + 2 * 208);
}

// Every pair of the menu, with growth, overflow, deletes: the ledger must
// agree with the map's state at the end (run_scenario checks it) and the
// report's parts must add up.
TEST(Ledger, AgreesWithTheMapForEveryTypePair) {
  for (const char* key : {"uint64", "int32", "string"}) {
    for (const char* value : {"uint64", "int32", "string", "bytes1", "bytes24",
                              "bytes128", "bytes129", "bytes1024"}) {
      Scenario s;
      s.key = *parse_type(key);
      s.value = *parse_type(value);
      s.n = 300;
      s.deletes = 120;
      SCOPED_TRACE(std::string(key) + " " + value);
      const Report r = run_scenario(s);
      EXPECT_EQ(r.count, 180);
      EXPECT_EQ(r.total_bytes, r.array_bytes + r.overflow_bytes + r.old_bytes +
                                   r.indirect_bytes + r.bookkeeping_bytes);
      EXPECT_GE(r.peak_bytes, r.total_bytes);
      EXPECT_GE(r.allocated_bytes, r.peak_bytes);
    }
  }
  for (std::size_t n : kByteSizes) {
    for (std::size_t m : kByteSizes) {
      Scenario s;
      s.key = TypeSpec{TypeKind::kBytes, n};
      s.value = TypeSpec{TypeKind::kBytes, m};
      s.n = n == 1 ? 256 : 300;  // a [1]byte key has 256 values
      s.deletes = 100;
      SCOPED_TRACE(s.key.name() + " " + s.value.name());
      const Report r = run_scenario(s);
      EXPECT_EQ(r.count, s.n - 100);
      EXPECT_EQ(r.naive_bytes, static_cast<uint64_t>(r.count) * (n + m));
    }
  }
}

}  // namespace
}  // namespace gomapfuzz::memreport
