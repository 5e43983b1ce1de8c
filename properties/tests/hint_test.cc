// make(hint): B, the preallocated overflow buckets, and no growth up to hint.
//
// Law (MapUnderTest's hint law): make(hint) has Go's B (the smallest B not
// overloaded by hint items; bogus hints count as 0) and, from B = 4 on,
// Go's preallocated overflow buckets (2^(B-4), plus what malloc size-class
// rounding adds); B = 0 allocates no array until the first insert. While
// only inserts follow the make, inserting up to hint keys starts no growth
// (below B = 16). At every op, a heap overflow bucket exists only once the
// preallocated pool is used up.
//
// The law's formulas (mapcore/law_formulas.h) are pinned to figures
// measured on the real Go 1.19 runtime (mapcore/tests/law_formulas_test.cc),
// so the property checks mapcore against Go, not against itself.
#include "gomapfuzz/properties/op_bursts.h"
#include "rc_support.h"

namespace gomapfuzz::props {
namespace {

// Hints cluster where B changes (13 * 2^(B-1) and one above), where
// off-by-one errors live, or spread uniformly; a few are negative.
rc::Gen<int64_t> gen_hint() {
  return rc::gen::exec([] {
    RcChoices c;
    constexpr int64_t kMaxUniform = 1200;
    switch (c.integer(0, 3)) {
      case 0:
        return -static_cast<int64_t>(c.integer(1, 16));
      case 1:
        return static_cast<int64_t>(c.integer(0, kMaxUniform));
      default: {
        const int b = static_cast<int>(c.integer(0, 7));
        const int64_t edge = b == 0 ? 8 : int64_t{13} << (b - 1);
        return edge + static_cast<int64_t>(c.integer(0, 2)) - 1;
      }
    }
  });
}

TEST(Hint, MakeGivesGosBAndPoolAndInsertingUpToHintKeysStartsNoGrowth) {
  LawCoverage seen;
  check_property([&] {
    Trace t = *gen_header({KeyType::kUint64, KeyType::kString});
    Op make;
    make.kind = OpKind::kMake;
    make.hint = *gen_hint();
    t.ops.push_back(make);
    // Up to hint inserts (sometimes a few past it), reads in between.
    RcChoices c;
    const uint64_t n = c.integer(
        0, static_cast<uint64_t>(std::max<int64_t>(make.hint, 0)) + 3);
    const uint64_t base = draw_fresh_base(c);
    for (uint64_t i = 0; i < n; ++i) {
      t.ops.push_back(put_op(fresh_key(t.types.key, base + i), i));
      if (i % 16 == 0) t.ops.push_back(get_op(fresh_key(t.types.key, base)));
    }
    seen += check_trace(t, {.laws = LawSet::base_and(Law::kHint),
                            .invariants_every = 32})
                .coverage;
  });
  print_coverage("hint", seen);
  if (property_held()) {  // else the cases stopped early
    EXPECT_GT(seen.hinted_inserts, 0u);
    EXPECT_GT(seen.overflow_taken, 0u);  // the pool was drawn on
  }
}

TEST(Hint, HeapOverflowBucketsComeOnlyAfterThePoolIsUsedUp) {
  LawCoverage seen;
  check_property([&] {
    const Trace t = *gen_trace({KeyType::kUint64, KeyType::kString});
    seen += check_trace(t, {.laws = LawSet::base_and(Law::kHint)}).coverage;
  });
  print_coverage("hint (random traces)", seen);
  if (property_held()) {  // else the cases stopped early
    EXPECT_GT(seen.maps, 0u);
    EXPECT_GT(seen.overflow_taken, 0u);
  }
}

}  // namespace
}  // namespace gomapfuzz::props
