// same-size-growth: a same-size growth starts exactly at a put that adds
// a key, reaches the growth check with the map not growing, finds the map
// not overloaded, and finds noverflow >= 2^min(B,15); it never changes B.
// noverflow is the value at the check: before the op when the map was not
// growing; when this put's own growWork just finished a growth, it also
// counts the overflow buckets that evacuation made, which are observable
// afterwards as the chains of the array that became old (for pointer-free
// buckets below B = 16; elsewhere only bounds are checked).
#include <string>

#include "gomapfuzz/properties/law_check.h"

namespace gomapfuzz {
namespace {

class SameSizeGrowth final : public LawCheck {
 public:
  void check(const LawStep& s, const LawReporter& r) override {
    const auto& a = s.pre.stats;
    const auto& b = s.post.stats;
    const uint64_t same = b.same_size_growths - a.same_size_growths;
    const uint64_t doublings = b.doublings - a.doublings;
    r.coverage().same_size_growths += same;
    const bool reached = s.reached_growth_check();
    const bool overloaded = go_over_load_factor(a.count + 1, a.B);
    const int bb = a.B;
    const std::string why = s.states();
    if (same) {
      r.require(reached && !overloaded,
                "a same-size growth started, but the op " +
                    std::string(reached ? "found the map overloaded"
                                        : "did not reach the growth check "
                                          "(not an insert, or growing)") +
                    why);
      r.require(b.B == a.B, "a same-size growth changed B" + why);
      if (!a.growing) {
        r.require(go_too_many_overflow_buckets(a.noverflow, bb),
                  "a same-size growth started with noverflow below "
                  "2^min(B,15)" +
                      why);
      } else if (!s.facts.bucket_has_pointers && bb < 16) {
        r.require(go_too_many_overflow_buckets(s.post.old_chain_overflow, bb),
                  "a same-size growth started when the growth before it "
                  "ended with " +
                      std::to_string(s.post.old_chain_overflow) +
                      " overflow buckets, below 2^min(B,15)" + why);
      }
    } else if (reached && !overloaded && !doublings) {
      // No growth although the check ran: noverflow was below the bound.
      // When the check ran after this op's growWork finished a growth, the
      // insert itself may have taken one overflow bucket after the check.
      const uint64_t seen =
          a.growing ? (b.noverflow > 0 ? b.noverflow - 1u : 0u) : a.noverflow;
      r.require(!go_too_many_overflow_buckets(seen, bb),
                "no same-size growth started although an insert found "
                "noverflow >= 2^min(B,15)" +
                    why);
    }
    if (a.growing && a.same_size_grow && b.growing &&
        s.post.growth_id() == s.pre.growth_id()) {
      r.require(b.B == a.B, "B changed during a same-size growth" + why);
    }
  }
};

}  // namespace

std::unique_ptr<LawCheck> make_same_size_growth_check() {
  return std::make_unique<SameSizeGrowth>();
}

}  // namespace gomapfuzz
