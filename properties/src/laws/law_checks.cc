// The table of law checks (law_check.h), and what every law reads of a step.
#include <algorithm>
#include <string>

#include "gomapfuzz/properties/law_check.h"
#include "mapcore/op_laws.h"

namespace gomapfuzz {

std::unique_ptr<LawCheck> make_growth_trigger_check();
std::unique_ptr<LawCheck> make_same_size_growth_check();
std::unique_ptr<LawCheck> make_hint_check();
std::unique_ptr<LawCheck> make_evacuation_check();
std::unique_ptr<LawCheck> make_delete_check();
std::unique_ptr<LawCheck> make_overflow_room_check();
std::unique_ptr<LawCheck> make_leak_check();

const std::vector<LawCheckEntry>& law_checks() {
  static const std::vector<LawCheckEntry> table = {
      {Law::kGrowthTrigger, &make_growth_trigger_check},
      {Law::kSameSizeGrowth, &make_same_size_growth_check},
      {Law::kHint, &make_hint_check},
      {Law::kEvacuation, &make_evacuation_check},
      {Law::kDelete, &make_delete_check},
      {Law::kOverflowRoom, &make_overflow_room_check},
      {Law::kLeak, &make_leak_check},
  };
  return table;
}

Law law_of(Check check) {
  switch (check) {
    case Check::kModel:
    case Check::kFaults:
      return Law::kModel;
    case Check::kIteration:
      return Law::kIteration;
    case Check::kInvariants:
      return Law::kInvariants;
    case Check::kLeak:
      return Law::kLeak;
  }
  return Law::kModel;
}

Law law_of(const ExecutionFailure& f) {
  const auto& v = f.violations;
  const bool only_op_laws =
      f.check == Check::kInvariants && !v.empty() &&
      std::all_of(v.begin(), v.end(), [](const mapcore::Violation& x) {
        return mapcore::is_op_law_rule(x.rule);
      });
  if (only_op_laws) {
    if (const auto law = law_of_op_rule(v.front().rule)) return *law;
  }
  return law_of(f.check);
}

bool LawStep::finished_previous_growth() const {
  return pre.stats.growing &&
         (post.growth_id() != pre.growth_id() || !post.stats.growing);
}

bool LawStep::reached_growth_check() const {
  if (kind != OpKind::kPut || !out.added) return false;
  return !pre.stats.growing || finished_previous_growth();
}

std::string LawStep::state_text(const MapSnapshot& s) {
  return "count=" + std::to_string(s.stats.count) +
         " B=" + std::to_string(int{s.stats.B}) +
         " noverflow=" + std::to_string(uint64_t{s.stats.noverflow}) +
         (s.stats.growing ? (s.stats.same_size_grow ? " growing(same size)"
                                                    : " growing(doubling)")
                          : " not growing");
}

std::string LawStep::states() const {
  return "; before: " + state_text(pre) + "; after: " + state_text(post);
}

}  // namespace gomapfuzz
