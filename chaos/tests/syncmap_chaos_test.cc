// sync.Map under 8 threads: linearizable, Range as Go documents it, and the
// Range checker able to fail. (TSan runs this suite: zero reports.)
#include <gtest/gtest.h>

#include "gomapfuzz/chaos/range_check.h"
#include "gomapfuzz/chaos/syncmap_hammer.h"

namespace gomapfuzz::chaos {
namespace {

HistOp make(HistKind kind, uint64_t key, uint64_t call, uint64_t ret) {
  HistOp op;
  op.kind = kind;
  op.key = key;
  op.call = call;
  op.ret = ret;
  return op;
}

HistOp store(uint64_t k, uint64_t v, uint64_t call, uint64_t ret) {
  HistOp op = make(HistKind::kStore, k, call, ret);
  op.value = v;
  return op;
}

HistOp range(std::vector<std::pair<uint64_t, uint64_t>> seen, uint64_t call,
             uint64_t ret) {
  HistOp op = make(HistKind::kRange, 0, call, ret);
  op.visited = std::move(seen);
  return op;
}

TEST(SyncMapRangeCheck, AKeyVisitedTwiceIsAViolation) {
  const auto r = check_history_with_ranges(
      {store(1, 10, 1, 2), range({{1, 10}, {1, 10}}, 3, 4)}, 4);
  ASSERT_TRUE(r.duplicate.has_value());
  EXPECT_FALSE(r.ok());
}

TEST(SyncMapRangeCheck, AKeyPresentThroughoutMustBeVisited) {
  EXPECT_FALSE(
      check_history_with_ranges({store(1, 10, 1, 2), range({}, 3, 4)}, 4).ok());
  EXPECT_FALSE(
      check_history_with_ranges({store(1, 10, 1, 2), range({{1, 11}}, 3, 4)}, 4)
          .ok());
  EXPECT_TRUE(
      check_history_with_ranges({store(1, 10, 1, 2), range({{1, 10}}, 3, 4)}, 4)
          .ok());
}

TEST(SyncMapRangeCheck, AnAbsentKeyMustNotBeVisited) {
  EXPECT_FALSE(check_history_with_ranges({range({{2, 5}}, 1, 2)}, 4).ok());
}

// A key stored during the Range may be visited with either mapping, or
// (absent before) not at all: "any mapping from any point during the call".
TEST(SyncMapRangeCheck, AKeyWrittenDuringTheRangeMayShowAnyOfItsValues) {
  const History before = {store(1, 10, 1, 2)};
  for (const auto& seen :
       std::vector<std::vector<std::pair<uint64_t, uint64_t>>>{{{1, 10}},
                                                               {{1, 11}}}) {
    History h = before;
    h.push_back(range(seen, 3, 6));
    h.push_back(store(1, 11, 4, 5));
    EXPECT_TRUE(check_history_with_ranges(h, 4).ok());
  }
  History h = {range({}, 1, 4), store(1, 11, 2, 3)};
  EXPECT_TRUE(check_history_with_ranges(h, 4).ok());
  // ...but not a value the key never had.
  h = {range({{1, 12}}, 1, 4), store(1, 11, 2, 3)};
  EXPECT_FALSE(check_history_with_ranges(h, 4).ok());
}

TEST(SyncMapLinearizability, LoadOrStoreAndLoadAndDeleteFollowTheModel) {
  HistOp los = make(HistKind::kLoadOrStore, 1, 1, 2);
  los.value = 5;
  los.got = 5;
  los.flag = false;
  HistOp los2 = make(HistKind::kLoadOrStore, 1, 3, 4);
  los2.value = 6;
  los2.got = 5;
  los2.flag = true;
  HistOp lad = make(HistKind::kLoadAndDelete, 1, 5, 6);
  lad.got = 5;
  lad.flag = true;
  EXPECT_TRUE(check_linearizable({los, los2, lad}).linearizable());
  los2.flag = false;  // two "stored" for one key without a delete between
  los2.got = 6;
  EXPECT_FALSE(check_linearizable({los, los2, lad}).linearizable());
}

// The real thing: 8 threads of seeded ops with jitter, a few histories in
// CI (thousands by hand: chaos/README.md), each fully checked.
TEST(SyncMapChaos, EightThreadHistoriesAreLinearizableAndRangesAsDocumented) {
  uint64_t overlapping = 0, ranges = 0;
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    HammerOptions o{
        .seed = seed, .threads = 8, .ops_per_thread = 200, .key_space = 6};
    const SyncMapRun r = hammer_syncmap(o, Jitter());
    ASSERT_TRUE(r.hammer.errors.empty()) << r.hammer.errors.front();
    ASSERT_FALSE(r.check.duplicate) << *r.check.duplicate;
    ASSERT_TRUE(r.check.lin.linearizable())
        << "history " << syncmap_rerun_hint(o) << ": key "
        << *r.check.lin.violation_key << " has no linearization";
    ASSERT_TRUE(r.check.lin.complete()) << syncmap_rerun_hint(o);
    overlapping += r.check.lin.overlapping_ops;
    ranges += r.check.ranges;
  }
  EXPECT_GT(overlapping, 1000u);  // the threads really overlapped
  EXPECT_GT(ranges, 100u);
}

}  // namespace
}  // namespace gomapfuzz::chaos
