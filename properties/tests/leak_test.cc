// Leak-freedom: every byte the map holds is accounted for, and none
// outlives it.
//
// Law (MapUnderTest's leak law): after every op, the counting allocator
// holds exactly the bytes stats() reports, and exactly what the map's
// structures account for (bucket arrays, heap overflow buckets, string key
// bytes, memory parked for open iterators); after the map is destroyed (at
// every make, and at the end with iterators still open) it holds zero.
#include "rc_support.h"

namespace gomapfuzz::props {
namespace {

TEST(Leak, EveryByteHeldIsReportedAndNoneOutlivesTheMap) {
  LawCoverage seen;
  check_property([&] {
    // Random traces, or iterators held open across growth, deletes of
    // string keys and growth ends (what parks memory).
    const Trace t = RcChoices().integer(0, 1)
                        ? *gen_trace({KeyType::kUint64, KeyType::kString})
                        : *gen_iteration_trace();
    seen += check_trace(t, {.laws = LawSet::base_and(Law::kLeak)}).coverage;
  });
  print_coverage("leak", seen);
  if (property_held()) {                     // else the cases stopped early
    EXPECT_EQ(seen.leak_checks, seen.maps);  // every map was checked
    EXPECT_GT(seen.parked_ops, 0u);          // parked memory was accounted
  }
}

}  // namespace
}  // namespace gomapfuzz::props
