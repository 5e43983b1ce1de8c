// The law table (laws.cc, law_checks()) and mapcore's op laws name each
// other consistently: every op law is the per-op part of a law in the table,
// every rule the table names is an op law, and a failure of the op laws is
// reported as that law, wherever it was found.
#include <gtest/gtest.h>

#include <string>

#include "gomapfuzz/properties/law_check.h"
#include "gomapfuzz/properties/laws.h"
#include "mapcore/op_laws.h"

namespace gomapfuzz {
namespace {

TEST(LawTable, EveryOpLawIsThePerOpPartOfALaw) {
  for (const mapcore::OpLawRule& rule : mapcore::kOpLawRules) {
    const auto law = law_of_op_rule(rule.name);
    ASSERT_TRUE(law.has_value())
        << "op law '" << rule.name << "' belongs to no law of the table";
    EXPECT_EQ(law_op_rule(*law), rule.name);
  }
}

TEST(LawTable, EveryRuleTheTableNamesIsAnOpLaw) {
  int named = 0;
  for (int i = 0; i < kLawCount; ++i) {
    const Law law = static_cast<Law>(i);
    const std::string_view rule = law_op_rule(law);
    if (rule.empty()) continue;
    ++named;
    EXPECT_TRUE(mapcore::is_op_law_rule(rule))
        << law_name(law) << " names '" << rule << "', not an op law";
  }
  EXPECT_EQ(named, 4);  // growth-trigger, same-size-growth, evacuation, delete
}

TEST(LawTable, EveryLawHasANameItIsFoundBy) {
  for (int i = 0; i < kLawCount; ++i) {
    const Law law = static_cast<Law>(i);
    EXPECT_EQ(law_from_name(law_name(law)), law);
    EXPECT_FALSE(law_statement(law).empty());
  }
  for (const LawCheckEntry& e : law_checks()) {
    EXPECT_NE(e.make(), nullptr) << law_name(e.law);
  }
}

ExecutionFailure invariants_failure(
    std::vector<mapcore::Violation> violations) {
  ExecutionFailure f;
  f.check = Check::kInvariants;
  f.violations = std::move(violations);
  return f;
}

TEST(LawTable, AnOpLawFailureIsReportedAsItsLaw) {
  EXPECT_EQ(law_of(invariants_failure(
                {{std::string(mapcore::kReseedRule), "map", "kept hash0"}})),
            Law::kDelete);
  EXPECT_EQ(
      law_of(invariants_failure({{std::string(mapcore::kGrowthProgressRule),
                                  "old bucket 3", "not evacuated"}})),
      Law::kEvacuation);
  EXPECT_EQ(
      law_of(invariants_failure(
          {{std::string(mapcore::kGrowthTriggerRule), "map", "no growth"}})),
      Law::kGrowthTrigger);
}

TEST(LawTable, AStateInvariantFailureStaysAnInvariantsFailure) {
  EXPECT_EQ(law_of(invariants_failure(
                {{"count", "map", "2 != 3"},
                 {std::string(mapcore::kReseedRule), "map", "kept hash0"}})),
            Law::kInvariants);
  EXPECT_EQ(law_of(invariants_failure({})), Law::kInvariants);
  ExecutionFailure model;
  model.check = Check::kModel;
  model.violations = {{std::string(mapcore::kReseedRule), "map", "x"}};
  EXPECT_EQ(law_of(model), Law::kModel);
}

}  // namespace
}  // namespace gomapfuzz
