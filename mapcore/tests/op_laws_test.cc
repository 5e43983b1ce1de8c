// OpLaws (op_laws.h) hold for every op of a sound map, and each law fires
// on the transition it forbids: the before and after states are taken from
// two maps, or the after state is corrupted through the white-box bucket
// pointers, as the invariant tests do.
#include "mapcore/op_laws.h"

#include <gtest/gtest.h>

#include <string>

#include "mapcore/debug_access.h"
#include "mapcore/hash/hashers.h"
#include "mapcore/map.h"
#include "mapcore/random_source.h"

namespace mapcore {
namespace {

using DynMap = Map<uint64_t, uint64_t, DynamicHasher>;
using Laws = OpLaws<DynMap::Raw>;

bool fires(const std::vector<Violation>& v, const std::string& rule) {
  for (const auto& x : v) {
    if (x.rule == rule) return true;
  }
  return false;
}

// Random puts, deletes, gets and clears, then capacity churn (a map at its
// load factor, a window of fresh keys sliding over it: overflow buckets pile
// up into same-size growths), over hashers that spread keys and hashers that
// pile them into chains: no law fires.
TEST(OpLaws, HoldForEveryOpOfASoundMap) {
  uint64_t growths = 0, same_size = 0, reseeds = 0;
  for (const HashFamily f :
       {HashFamily::kGoFallback, HashFamily::kLowBits, HashFamily::kConstant}) {
    for (uint64_t seed = 0; seed < 20; ++seed) {
      DynMap m({.seed = seed, .hasher = {f, 3}});
      SplitMix64 rng(seed * 31 + static_cast<uint64_t>(f));
      const uint64_t window = seed % 2 ? 12 : 25;  // 13 * 2^(B-1) - 1
      DynMap churned({.seed = seed, .hasher = {f, 3}});
      Laws laws;
      auto judged = [&](DynMap& on, auto op) {
        const uint64_t draws = DebugAccess::raw(on).hash0_draws();
        laws.before(DebugAccess::raw(on));
        op();
        const auto v = laws.after(DebugAccess::raw(on));
        reseeds += DebugAccess::raw(on).hash0_draws() - draws;
        return v.empty() ? std::string() : v[0].to_string();
      };
      for (int i = 0; i < 1500; ++i) {
        const uint64_t r = rng.next(), k = (r >> 8) % 200;
        const std::string v = judged(m, [&] {
          switch (r % 8) {
            case 0:
              if (i % 300 == 0) m.clear();
              break;
            case 1:
            case 2:
            case 3:
              m.erase(k);
              break;
            case 4:
              m.get(k);
              break;
            default:
              m.put(k, r);
          }
        });
        ASSERT_EQ(v, "") << "seed " << seed << ", op " << i;
      }
      for (uint64_t i = 0; i < 1500; ++i) {
        const uint64_t fresh = 1000 + i;
        ASSERT_EQ(judged(churned, [&] { churned.put(fresh, i); }), "")
            << "churn " << i;
        if (i >= window) {
          ASSERT_EQ(judged(churned, [&] { churned.erase(fresh - window); }),
                    "");
        }
      }
      growths += DebugAccess::raw(m).doublings() +
                 DebugAccess::raw(churned).doublings();
      same_size += DebugAccess::raw(m).same_size_growths() +
                   DebugAccess::raw(churned).same_size_growths();
    }
  }
  EXPECT_GT(growths, 100u);
  EXPECT_GT(same_size, 10u);
  EXPECT_GT(reseeds, 10u);
}

TEST(OpLaws, AnInsertThatShouldGrowButDidNotIsReported) {
  DynMap at_limit;  // B = 0 holding 8: the next insert doubles
  for (uint64_t k = 0; k < 8; ++k) at_limit.put(k, k);
  DynMap hinted({.hint = 9});  // B = 1 from make: 9 keys, no growth
  for (uint64_t k = 0; k < 9; ++k) hinted.put(k, k);
  Laws laws;
  laws.before(DebugAccess::raw(at_limit));
  EXPECT_TRUE(fires(laws.after(DebugAccess::raw(hinted)), "growth-trigger"));
  laws.before(DebugAccess::raw(at_limit));
  at_limit.put(8, 8);  // the real insert doubles
  EXPECT_TRUE(laws.after(DebugAccess::raw(at_limit)).empty());
}

TEST(OpLaws, AnEmptyingOpThatKeepsHash0IsReported) {
  DynMap one;
  one.put(1, 1);
  const DynMap fresh;  // empty, the same hash0 draws (one, at make)
  ASSERT_EQ(DebugAccess::raw(fresh).hash0_draws(),
            DebugAccess::raw(one).hash0_draws());
  Laws laws;
  laws.before(DebugAccess::raw(one));
  EXPECT_TRUE(fires(laws.after(DebugAccess::raw(fresh)), "reseed"));
  laws.before(DebugAccess::raw(one));
  one.erase(1);  // the real delete redraws it
  EXPECT_TRUE(laws.after(DebugAccess::raw(one)).empty());
}

TEST(OpLaws, AWriteDuringGrowthThatLeavesNevacuateAloneIsReported) {
  DynMap m;
  uint64_t k = 0;
  while (!DebugAccess::raw(m).growing() ||
         DebugAccess::raw(m).noldbuckets() < 8)
    m.put(k++, 0);
  const uint64_t nevacuate = DebugAccess::raw(m).header().nevacuate;
  auto* old =
      const_cast<DynMap::Raw::BucketT*>(DebugAccess::raw(m).oldbuckets());
  Laws laws;
  laws.before(DebugAccess::raw(m));
  m.put(k++, 0);  // growWork evacuates old bucket nevacuate...
  ASSERT_TRUE(DebugAccess::raw(m).growing());
  const uint8_t saved = old[nevacuate].tophash[0];
  old[nevacuate].tophash[0] = 0x77;  // ...here it seems it did not
  EXPECT_TRUE(fires(laws.after(DebugAccess::raw(m)), "growth-progress"));
  old[nevacuate].tophash[0] = saved;
}

// A state is judged only against the before() of its own op, once.
TEST(OpLaws, EachBeforeIsJudgedOnce) {
  DynMap one;
  one.put(1, 1);
  const DynMap fresh;
  Laws laws;
  EXPECT_TRUE(laws.after(DebugAccess::raw(fresh))
                  .empty());  // no before(): no judgement
  laws.before(DebugAccess::raw(one));
  EXPECT_TRUE(fires(laws.after(DebugAccess::raw(fresh)), "reseed"));
  EXPECT_TRUE(laws.after(DebugAccess::raw(fresh)).empty());  // judged already
}

}  // namespace
}  // namespace mapcore
