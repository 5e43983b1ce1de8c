// Iteration: Go's range guarantees, with the map changing and growing.
//
// Law (MapUnderTest's iteration law), for an iterator during which the map
// is not cleared: every entry it yields is in the map at that moment with
// its current value (so a key deleted before being reached is never
// yielded); no entry (a key between its insert and its delete) is yielded
// twice; and at its end every key present from its first step to its end
// was yielded exactly once. Entries added meanwhile may or may not come.
// All of it holds while the map grows: mapiternext walks the old bucket of
// a bucket not yet evacuated and keeps only the keys bound for the new one.
//
// The precondition is needed: Go 1.19's mapclear zeroes only the main
// bucket array, so an iterator standing in a heap overflow bucket goes on
// yielding what the bucket held before the clear. The second test shows it
// on the corpus trace that found it.
#include "rc_support.h"

namespace gomapfuzz::props {
namespace {

TEST(Iteration,
     YieldsEveryKeyPresentThroughoutOnceAndNoDeletedKeyEvenWhileGrowing) {
  LawCoverage seen;
  check_property([&] {
    const Trace t = *gen_iteration_trace();
    seen +=
        check_trace(t, {.laws = LawSet::base_and(Law::kIteration)}).coverage;
  });
  print_coverage("iteration", seen);
  if (property_held()) {  // else the cases stopped early
    EXPECT_GT(seen.iterations_completed, 0u);
    EXPECT_GT(seen.iterations_across_growth, 0u);
    EXPECT_GT(seen.yields_while_growing, 0u);
  }
}

TEST(Iteration, AClearWhileAnIteratorIsOpenVoidsItsGuarantees) {
  const Trace t =
      read_trace_file(std::string(GOMAPFUZZ_CORPUS_DIR) +
                      "/regressions/clear_during_iteration_yields_stale.txt");
  EXPECT_TRUE(check_laws(t).ok()) << "with the precondition";
  const LawReport r = check_laws(t, {.iteration_waives_clear = false});
  ASSERT_FALSE(r.ok()) << "without the precondition the law must break";
  EXPECT_EQ(r.violation->law(), Law::kIteration) << r.violation->what();
}

}  // namespace
}  // namespace gomapfuzz::props
