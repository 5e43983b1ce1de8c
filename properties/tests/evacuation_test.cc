// Evacuation progress: which ops move a growth forward, and that it ends.
//
// Law (MapUnderTest's evacuation law): the ops that make progress are the
// writes that call growWork: every put (new key or not), and a delete or a
// clear of a non-empty map (both return early on an empty one; clear ends
// the growth at once). Each such write while growing evacuates at least old
// bucket nevacuate, so nevacuate strictly increases; gets and iteration
// steps never move it. Hence a growth ends after at most (number of old
// buckets) writes, counting the one that started it, and from then on no
// old array or old overflow bucket is held (parked while an iterator is
// open, freed when the last one closes).
#include "rc_support.h"

namespace gomapfuzz::props {
namespace {

TEST(Evacuation,
     OnlyWritesAdvanceAGrowthWhichEndsWithinOldBucketCountWritesAndFreesAll) {
  LawCoverage seen;
  check_property([&] {
    const Trace t = *gen_trace({KeyType::kUint64, KeyType::kString},
                               {.single = 70, .fill = 20, .churn = 10});
    seen +=
        check_trace(t, {.laws = LawSet::base_and(Law::kEvacuation)}).coverage;
  });
  print_coverage("evacuation", seen);
  if (property_held()) {  // else the cases stopped early
    EXPECT_GT(seen.growths_finished, 0u);
    EXPECT_GT(seen.multi_write_growths, 0u);  // not all end in one write
    EXPECT_GT(seen.reads_while_growing, 0u);  // reads met growth under way
  }
}

}  // namespace
}  // namespace gomapfuzz::props
