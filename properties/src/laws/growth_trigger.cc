// growth-trigger: a doubling starts exactly at a put that adds a key,
// reaches mapassign's check with the map not growing, and finds
// overLoadFactor(count+1, B); at no other op. It takes B to B+1, and no
// other op changes B. At most one growth starts per op.
#include <string>

#include "gomapfuzz/properties/law_check.h"

namespace gomapfuzz {
namespace {

class GrowthTrigger final : public LawCheck {
 public:
  void check(const LawStep& s, const LawReporter& r) override {
    const auto& a = s.pre.stats;
    const auto& b = s.post.stats;
    const uint64_t doublings = b.doublings - a.doublings;
    const uint64_t same = b.same_size_growths - a.same_size_growths;
    const bool overloaded = go_over_load_factor(a.count + 1, a.B);
    const bool want = s.reached_growth_check() && overloaded;
    r.coverage().doublings += doublings;
    if (s.kind == OpKind::kPut && s.out.added && overloaded && !want) {
      ++r.coverage().deferred_doublings;  // a growth under way defers it
    }
    r.require(doublings + same <= 1,
              std::to_string(doublings + same) + " growths started in one op");
    r.require(
        (doublings == 1) == want,
        std::string(doublings ? "a doubling started" : "no doubling started") +
            " although overLoadFactor(count+1=" + std::to_string(a.count + 1) +
            ", B=" + std::to_string(int{a.B}) + ") is " +
            (overloaded ? "true" : "false") + ", the op " +
            (s.out.added ? "added a key" : "added no key") +
            ", before: " + LawStep::state_text(s.pre) +
            "; after: " + LawStep::state_text(s.post));
    r.require(b.B == a.B + doublings,
              "B went from " + std::to_string(int{a.B}) + " to " +
                  std::to_string(int{b.B}) + " with " +
                  std::to_string(doublings) + " doublings started");
  }
};

}  // namespace

std::unique_ptr<LawCheck> make_growth_trigger_check() {
  return std::make_unique<GrowthTrigger>();
}

}  // namespace gomapfuzz
