// OpLaws: what one map operation must have done, judged from the map before
// and after it. The invariants (invariants.h) say what every state must be;
// these say how one state may follow another, for the decisions Go makes
// that leave every state sound either way (grow now or one insert later,
// evacuate one bucket or two, redraw hash0 or keep it): a port that decides
// differently is still a map, just not Go's.
//
// The rules are kOpLawRules (the rule name is what a Violation reports).
// Each is the per-op form of a law in the properties' law table
// (properties/src/laws.cc names, for every law, the op rule that judges it
// in every run), so a fuzz target, `gomapfuzz repro`, chaos and the
// properties judge the same rule the same way.
//
// An insert is known by the count rising by one, a delete by it falling:
// only those ops move the count, so no caller needs to say what the op was.
// Go's formulas come from law_formulas.h (restated, not constants.h's), as
// the properties' laws take them.
#ifndef MAPCORE_OP_LAWS_H_
#define MAPCORE_OP_LAWS_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mapcore/constants.h"
#include "mapcore/introspect.h"
#include "mapcore/law_formulas.h"

namespace mapcore {

struct OpLawRule {
  std::string_view name;
  std::string_view statement;
};
inline constexpr std::array<OpLawRule, 3> kOpLawRules = {{
    {"growth-trigger",
     "an insert of a new key into a map that is not growing starts a growth "
     "iff overLoadFactor(count + 1, B) or tooManyOverflowBuckets(noverflow, "
     "B), and the growth is a doubling iff the former (mapassign, hashGrow)"},
    {"growth-progress",
     "an insert or a delete during a growth evacuates the old bucket at "
     "nevacuate, unless the growth ends (growWork's second evacuate)"},
    {"reseed",
     "an op that empties the map draws a new hash0 (mapdelete of the last "
     "key, mapclear), and no other op draws one (Go #25237)"},
}};
inline constexpr std::string_view kGrowthTriggerRule = kOpLawRules[0].name;
inline constexpr std::string_view kGrowthProgressRule = kOpLawRules[1].name;
inline constexpr std::string_view kReseedRule = kOpLawRules[2].name;

// The op law named `rule` (a Violation's), or nullptr.
constexpr const OpLawRule* find_op_law_rule(std::string_view rule) {
  for (const OpLawRule& r : kOpLawRules) {
    if (r.name == rule) return &r;
  }
  return nullptr;
}
constexpr bool is_op_law_rule(std::string_view rule) {
  return find_op_law_rule(rule) != nullptr;
}

template <class Raw>
class OpLaws {
 public:
  // The state before an operation.
  void before(const Raw& raw) {
    const auto h = raw.header();
    s_ = State{true,
               h.count,
               h.B,
               h.noverflow,
               h.nevacuate,
               raw.oldbuckets(),
               raw.doublings(),
               raw.same_size_growths(),
               raw.hash0_draws()};
  }

  // The laws for the operation since before(); nothing when before() was
  // not called for it. Each before() is judged once.
  std::vector<Violation> after(const Raw& raw) {
    std::vector<Violation> out;
    if (!s_.valid) return out;
    s_.valid = false;
    const auto h = raw.header();
    const uint64_t doublings = raw.doublings() - s_.doublings;
    const uint64_t growths = doublings + raw.same_size_growths() - s_.same_size;
    if (h.count == s_.count + 1 && s_.oldbuckets == nullptr) {
      const bool overloaded = law::go_over_load_factor(s_.count + 1, s_.B);
      const bool grow =
          overloaded || law::go_too_many_overflow_buckets(s_.noverflow, s_.B);
      if (growths != (grow ? 1u : 0u) ||
          (grow && doublings != (overloaded ? 1u : 0u))) {
        out.push_back({std::string(kGrowthTriggerRule), "map",
                       "an insert at count " + std::to_string(s_.count) +
                           ", B " + std::to_string(s_.B) + ", noverflow " +
                           std::to_string(s_.noverflow) + " started " +
                           (growths == 0 ? std::string("no growth")
                            : doublings  ? "a doubling"
                                         : "a same-size growth") +
                           "; Go " +
                           (!grow        ? "starts none"
                            : overloaded ? "doubles"
                                         : "grows to the same size")});
      }
    }
    if (h.count != s_.count && s_.oldbuckets != nullptr &&
        raw.oldbuckets() == s_.oldbuckets &&
        !is_evacuated_marker(s_.oldbuckets[s_.nevacuate].tophash[0])) {
      out.push_back({std::string(kGrowthProgressRule),
                     "old bucket " + std::to_string(s_.nevacuate),
                     "an insert or delete during the growth left the old "
                     "bucket at nevacuate unevacuated"});
    }
    const uint64_t draws = raw.hash0_draws() - s_.hash0_draws;
    const bool emptied = s_.count > 0 && h.count == 0;
    if (draws != (emptied ? 1u : 0u)) {
      out.push_back({std::string(kReseedRule), "map",
                     std::to_string(draws) + " hash0 draws by an op that " +
                         (emptied ? "emptied the map (Go draws one)"
                                  : "did not empty it (Go draws none)")});
    }
    return out;
  }

 private:
  struct State {
    bool valid = false;
    int64_t count = 0;
    uint8_t B = 0;
    uint16_t noverflow = 0;
    uint64_t nevacuate = 0;
    const typename Raw::BucketT* oldbuckets = nullptr;
    uint64_t doublings = 0, same_size = 0, hash0_draws = 0;
  };
  State s_;
};

}  // namespace mapcore

#endif  // MAPCORE_OP_LAWS_H_
