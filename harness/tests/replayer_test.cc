// The replayer: agrees with the model on sound traces, and reports what the
// model and the map disagree on, and what a failed allocation leaves.
#include "gomapfuzz/harness/replayer.h"

#include <gtest/gtest.h>

namespace gomapfuzz {
namespace {

Trace growth_trace(KeyType key, int n) {
  Trace t;
  t.types.key = key;
  for (int i = 0; i < n; ++i) {
    Op put;
    put.kind = OpKind::kPut;
    if (key == KeyType::kString) {
      put.key = "k" + std::to_string(i);
    } else if (key == KeyType::kFloat64) {
      put.key = i * 0.5;
    } else {
      put.key = uint64_t(i);
    }
    put.value = i;
    t.ops.push_back(put);
    if (i % 5 == 0) {
      Op del = put;
      del.kind = OpKind::kDel;
      t.ops.push_back(del);
    }
    if (i % 97 == 0) t.ops.push_back(Op{.kind = OpKind::kIter});
  }
  return t;
}

TEST(Replayer, SoundTracesPassForEveryKeyType) {
  for (KeyType k : {KeyType::kUint64, KeyType::kString, KeyType::kFloat64}) {
    const ReplayResult r =
        replay(growth_trace(k, 3000), ReplayOptions{.check_every = 7});
    ASSERT_TRUE(r.ok()) << r.failure->summary();
    EXPECT_GE(r.stats.growths, 8u);
    EXPECT_GT(r.stats.yields, 0u);
    EXPECT_EQ(r.stats.final_size, 2400);
  }
}

TEST(Replayer, IterationWithMutationKeepsGoGuarantees) {
  const Trace t = parse_trace(R"(gomapfuzz-trace 1
make 0
)" + [] {
    std::string s;
    for (int i = 0; i < 200; ++i) s += "put " + std::to_string(i) + " 1\n";
    s += "it-open 0\n";
    for (int i = 0; i < 200; ++i) {
      s += "it-next 0\nput " + std::to_string(1000 + i) + " 2\ndel " +
           std::to_string(i * 7 % 200) + "\n";
    }
    s += "it-next 0 1000\n";
    return s;
  }());
  const ReplayResult r = replay(t);
  ASSERT_TRUE(r.ok()) << r.failure->summary();
  EXPECT_GE(r.stats.growths, 1u);
}

TEST(Replayer, FailedAllocationsLeaveTheMapUnchanged) {
  const Trace t = growth_trace(KeyType::kString, 400);
  const ReplayResult clean = replay(t);
  ASSERT_TRUE(clean.ok());
  for (uint64_t k = 1; k <= clean.stats.alloc_attempts; k += 13) {
    ReplayOptions o;
    o.faults.fail_at = {k, k + 1, k + 5};
    const ReplayResult r = replay(t, o);
    ASSERT_TRUE(r.ok()) << "fault at " << k << ": " << r.failure->summary();
    EXPECT_GE(r.stats.alloc_failures, 1u);
  }
}

// NaN keys (Go's TestMapAssignmentNan semantics through the replayer): each
// put adds an entry, get and del never find one, iteration yields each, and
// clear removes them. An explicit start bucket past the array is masked.
TEST(Replayer, NaNEntriesAreAddedNeverFoundAndIterated) {
  const Trace t = parse_trace(
      "gomapfuzz-trace 1\ntypes float64 uint64\nput NaN 1\nput NaN 2\nget NaN\n"
      "del NaN\niter 999 3\nclear\niter\n");
  const ReplayResult r = replay(t);
  ASSERT_TRUE(r.ok()) << r.failure->summary();
  EXPECT_EQ(r.stats.yields, 2u);
}

}  // namespace
}  // namespace gomapfuzz
