// Drawn traces are valid traces: they print and parse back unchanged, and
// replay cleanly on mapcore against the model, for every hasher family.
#include "gomapfuzz/harness/op_source.h"

#include <gtest/gtest.h>

#include "gomapfuzz/harness/replayer.h"

namespace gomapfuzz {
namespace {

TEST(OpSource, DrawnTracesRoundTripThroughText) {
  for (uint64_t seed = 0; seed < 50; ++seed) {
    SeededChoices s(seed);
    Trace t = draw_trace(s, DrawLimits{.max_ops = 200});
    Trace again = parse_trace(print_trace(t));
    for (auto& op : again.ops) op.line = 0;
    ASSERT_EQ(print_trace(t), print_trace(again)) << "seed " << seed;
  }
}

TEST(OpSource, DrawnTracesReplayCleanly) {
  int families_seen = 0;
  uint64_t growths = 0;
  for (uint64_t seed = 0; seed < 120; ++seed) {
    SeededChoices s(seed);
    const Trace t = draw_trace(s, DrawLimits{.max_ops = 400});
    families_seen |= 1 << static_cast<int>(t.hasher.family);
    const ReplayResult r = replay(t, ReplayOptions{.check_every = 5});
    ASSERT_TRUE(r.ok()) << "seed " << seed << ": " << r.failure->summary()
                        << "\n"
                        << print_trace(t);
    growths += r.stats.growths + r.stats.same_size_growths;
  }
  EXPECT_EQ(families_seen, (1 << mapcore::kHashFamilyCount) - 1);
  EXPECT_GT(growths, 100u);
}

}  // namespace
}  // namespace gomapfuzz
