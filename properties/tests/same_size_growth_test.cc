// Same-size growth: when it starts, and that it keeps B.
//
// Law (MapUnderTest's same-size-growth law, checked after every op): a
// same-size growth starts exactly at a put that adds a key, reaches the
// growth check with the map not growing, finds the map not overloaded
// (!overLoadFactor(count+1, B)), and finds noverflow >= 2^min(B,15); it
// never changes B, neither when it starts nor while it runs. noverflow is
// the value at the check (see map_under_test_impl.h for the case where the
// put's own growWork has just finished a growth).
//
// Generated traces lean on churn (a sliding window of fresh keys), the
// pattern that piles overflow buckets up without filling the map, and on
// churn at the capacity of a small B, which reaches same-size growth within
// a few hundred steps; they run with every hasher family. (Adversarial
// hashers alone do not cause same-size growth: without deletes the chains
// hold fewer than count/8 < 2^B overflow buckets whatever the hash, and
// hashers that send all keys to one chain make churned keys reuse the slots
// they left. Churn over many chains does.)
#include "rc_support.h"

namespace gomapfuzz::props {
namespace {

TEST(SameSizeGrowth,
     StartsExactlyWhenAnInsertFindsTooManyOverflowBucketsAndNeverChangesB) {
  LawCoverage seen;
  check_property([&] {
    const Trace t = *gen_trace(
        {KeyType::kUint64, KeyType::kString},
        {.single = 50, .fill = 10, .churn = 25, .capacity_churn = 15});
    seen += check_trace(t, {.laws = LawSet::base_and(Law::kSameSizeGrowth),
                            .invariants_every = 8})
                .coverage;
  });
  print_coverage("same-size growth", seen);
  if (property_held()) {  // else the cases stopped early
    EXPECT_GT(seen.same_size_growths, 0u);
  }
}

}  // namespace
}  // namespace gomapfuzz::props
