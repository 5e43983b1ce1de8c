// The linearizability checker on hand-made histories: it accepts what some
// real-time-respecting order explains, rejects what none does, and reports
// the histories it cannot decide within its bounds as unchecked.
#include "gomapfuzz/chaos/linearizability.h"

#include <gtest/gtest.h>

namespace gomapfuzz::chaos {
namespace {

HistOp put(uint64_t k, uint64_t v, bool added, uint64_t call, uint64_t ret,
           int thread = 0) {
  HistOp op;
  op.kind = HistKind::kPut;
  op.key = k;
  op.value = v;
  op.flag = added;
  op.call = call;
  op.ret = ret;
  op.thread = thread;
  return op;
}
HistOp get(uint64_t k, std::optional<uint64_t> got, uint64_t call, uint64_t ret,
           int thread = 0) {
  HistOp op;
  op.kind = HistKind::kGet;
  op.key = k;
  op.got = got;
  op.call = call;
  op.ret = ret;
  op.thread = thread;
  return op;
}
HistOp del(uint64_t k, bool removed, uint64_t call, uint64_t ret,
           int thread = 0) {
  HistOp op;
  op.kind = HistKind::kDel;
  op.key = k;
  op.flag = removed;
  op.call = call;
  op.ret = ret;
  op.thread = thread;
  return op;
}

TEST(Linearizability, SequentialHistoryThatFollowsTheModelPasses) {
  const History h = {put(1, 10, true, 1, 2),      get(1, 10, 3, 4),
                     put(1, 11, false, 5, 6),     del(1, true, 7, 8),
                     get(1, std::nullopt, 9, 10), del(1, false, 11, 12)};
  const LinReport r = check_linearizable(h);
  EXPECT_TRUE(r.linearizable());
  EXPECT_TRUE(r.complete());
  EXPECT_EQ(r.keys, 1u);
}

TEST(Linearizability, ReadOfAWriteThatHadNotStartedFails) {
  // The get returned before the put was called, yet saw its value.
  const History h = {get(1, 10, 1, 2, 1), put(1, 10, true, 3, 4, 0)};
  const LinReport r = check_linearizable(h);
  ASSERT_FALSE(r.linearizable());
  EXPECT_EQ(*r.violation_key, 1u);
  EXPECT_EQ(r.violation.size(), 2u);
}

TEST(Linearizability, OverlappingOpsMayTakeEffectInEitherOrder) {
  // get overlaps the put: seeing the value or not are both fine.
  EXPECT_TRUE(
      check_linearizable({put(1, 10, true, 1, 4, 0), get(1, 10, 2, 3, 1)})
          .linearizable());
  EXPECT_TRUE(check_linearizable(
                  {put(1, 10, true, 1, 4, 0), get(1, std::nullopt, 2, 3, 1)})
                  .linearizable());
  // A del that overlaps the put may see it, then the key is gone.
  EXPECT_TRUE(
      check_linearizable({put(1, 10, true, 1, 4, 0), del(1, true, 2, 5, 1),
                          get(1, std::nullopt, 6, 7, 0)})
          .linearizable());
}

TEST(Linearizability, TwoDeletesCannotBothRemoveOneEntry) {
  // Overlapping, so either could go first: still only one finds the key.
  const History h = {put(1, 10, true, 1, 2), del(1, true, 3, 6, 0),
                     del(1, true, 4, 5, 1)};
  const LinReport r = check_linearizable(h);
  EXPECT_FALSE(r.linearizable());
  EXPECT_EQ(r.overlapping_ops, 2u);  // the two dels
}

TEST(Linearizability, ALostUpdateIsCaught) {
  // Two overlapping puts, both done before the get: the get must see one
  // of them, and the second put must have found the key present.
  const History h = {put(1, 10, true, 1, 4, 0), put(1, 20, true, 2, 3, 1),
                     get(1, 20, 5, 6, 0)};
  EXPECT_FALSE(check_linearizable(h).linearizable());
  const History fine = {put(1, 10, true, 1, 4, 0), put(1, 20, false, 2, 3, 1),
                        get(1, 20, 5, 6, 0)};
  EXPECT_TRUE(check_linearizable(fine).linearizable());
}

TEST(Linearizability, KeysAreIndependent) {
  // Key 2's history is fine; key 1's is not; the report names key 1.
  const History h = {put(2, 5, true, 1, 2), get(1, 7, 3, 4), get(2, 5, 5, 6)};
  const LinReport r = check_linearizable(h);
  ASSERT_FALSE(r.linearizable());
  EXPECT_EQ(*r.violation_key, 1u);
  EXPECT_EQ(r.keys, 2u);
}

// Many concurrent ops on one key with values that only fit one order: the
// memoized search must still finish fast.
TEST(Linearizability, WideOverlapIsSearchedWithinBounds) {
  History h;
  uint64_t t = 1;
  constexpr int kThreads = 6;
  constexpr int kRounds = 40;
  for (int round = 0; round < kRounds; ++round) {
    const uint64_t start = t;
    t += kThreads;  // all calls first: every op of a round overlaps
    for (int th = 0; th < kThreads; ++th) {
      const uint64_t v = round * kThreads + th;
      h.push_back(put(1, v, round == 0 && th == 0, start + th, t + th, th));
    }
    t += kThreads;
    // After the round: the last writer of the round is th = kThreads - 1.
    h.push_back(get(1, round * kThreads + kThreads - 1, t, t + 1));
    t += 2;
  }
  const LinReport r = check_linearizable(h);
  EXPECT_TRUE(r.linearizable());
  EXPECT_TRUE(r.complete());
  EXPECT_LT(r.steps, 200'000u);
}

TEST(Linearizability, HistoriesBeyondTheBoundsAreUncheckedNotPassed) {
  History h;
  for (uint64_t i = 0; i < 10; ++i)
    h.push_back(get(1, std::nullopt, 2 * i + 1, 2 * i + 2));
  LinOptions small;
  small.max_ops_per_key = 5;
  const LinReport r = check_linearizable(h, small);
  EXPECT_TRUE(r.linearizable());
  EXPECT_FALSE(r.complete());
  EXPECT_EQ(r.keys_unchecked, 1u);

  LinOptions few_steps;
  few_steps.max_steps_per_key = 3;
  EXPECT_FALSE(check_linearizable(h, few_steps).complete());
}

TEST(Linearizability, OpsOfKeyAreInCallOrder) {
  const History h = {get(1, std::nullopt, 5, 6), put(2, 1, true, 1, 2),
                     put(1, 3, true, 3, 8)};
  const History k1 = ops_of_key(h, 1);
  ASSERT_EQ(k1.size(), 2u);
  EXPECT_EQ(k1[0].call, 3u);
  EXPECT_EQ(k1[1].call, 5u);
}

}  // namespace
}  // namespace gomapfuzz::chaos
