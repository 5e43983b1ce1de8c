// The sync.Map memory report: Go's parts pinned to figures the heap profiler
// gave for Go 1.19.8 (memcheck -map syncmap -n 1000), and the port's parts
// adding up to what the counting resource holds (run_syncmap_scenario
// throws otherwise).
#include "gomapfuzz/memreport/syncmap_report.h"

#include <gtest/gtest.h>

namespace gomapfuzz::memreport {
namespace {

TEST(SyncMapReport, ThousandEntriesMatchGoHeapProfile) {
  const SyncMapReport r = run_syncmap_scenario(1000, 0);
  const SyncMapState& stored = r.states[0];
  EXPECT_EQ(stored.read_len, -1);  // never promoted: read.m is nil
  EXPECT_EQ(stored.dirty_len, 1000);
  EXPECT_TRUE(stored.amended);
  // hmap 48 + 272 buckets of 208 bytes rounded to 57,344 + mapextra 24.
  EXPECT_EQ(stored.go.dirty_map, 57416u);
  EXPECT_EQ(stored.go.read_only, 16u);
  EXPECT_EQ(stored.go.entries, 8000u);
  EXPECT_EQ(stored.go.value_boxes, 16000u);
  EXPECT_EQ(stored.go.data, 11904u);  // 744 keys and 744 values >= 256

  const SyncMapState& promoted = r.states[1];
  EXPECT_EQ(promoted.read_len, 1000);
  EXPECT_EQ(promoted.dirty_len, -1);
  EXPECT_EQ(promoted.go.total(), stored.go.total());

  // dirtyLocked's copy: a second map of the same size, entries shared.
  const SyncMapState& redirtied = r.states[2];
  EXPECT_EQ(redirtied.go.read_map + redirtied.go.dirty_map, 114832u);
  EXPECT_EQ(redirtied.go.entries, 8008u);
  EXPECT_EQ(redirtied.cpp.entries, 1001 * redirtied.cpp.entry_bytes);
}

TEST(SyncMapReport, EmptyMapHoldsNothingUntilItsFirstStore) {
  const SyncMapReport r = run_syncmap_scenario(0, 0);
  EXPECT_EQ(r.states[0].go.total(), 0u);
  EXPECT_EQ(r.states[0].cpp.total, 0u);
  // Store(0, 0): hmap, one bucket, readOnly, entry, value box; 0 is boxed
  // without allocating.
  EXPECT_EQ(r.states[2].go.total(), 48u + 208 + 16 + 8 + 16);
}

TEST(SyncMapReport, PortPartsAddUpToTheCountedBytes) {
  for (const int64_t n : {1, 300, 5000}) {
    const SyncMapReport r = run_syncmap_scenario(n, 7);
    for (const SyncMapState& s : r.states) {
      EXPECT_EQ(
          s.cpp.read_map + s.cpp.dirty_map + s.cpp.entries + s.cpp.value_boxes,
          s.cpp.total)
          << "n=" << n << " " << phase_name(s.phase);
    }
    EXPECT_GT(r.states[2].cpp.total, r.states[1].cpp.total);
  }
}

TEST(SyncMapReport, NegativeSizeIsRefused) {
  EXPECT_THROW(run_syncmap_scenario(-1, 0), ScenarioError);
}

}  // namespace
}  // namespace gomapfuzz::memreport
