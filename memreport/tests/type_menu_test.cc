// The type menu: what parses, what does not, and what the error lists.
#include "gomapfuzz/memreport/type_menu.h"

#include <gtest/gtest.h>

#include "gomapfuzz/memreport/scenario.h"

namespace gomapfuzz::memreport {
namespace {

TEST(TypeMenu, ParsesEveryEntryBothWays) {
  EXPECT_EQ(parse_type("uint64"), (TypeSpec{TypeKind::kUint64, 8}));
  EXPECT_EQ(parse_type("int32"), (TypeSpec{TypeKind::kInt32, 4}));
  EXPECT_EQ(parse_type("string"), (TypeSpec{TypeKind::kString, 16}));
  for (std::size_t n : kByteSizes) {
    const TypeSpec t{TypeKind::kBytes, n};
    EXPECT_EQ(parse_type("bytes" + std::to_string(n)), t);
    EXPECT_EQ(parse_type("[" + std::to_string(n) + "]byte"), t);
    EXPECT_EQ(parse_type(t.name()), t);
    EXPECT_EQ(parse_type(t.go_name()), t);
  }
}

TEST(TypeMenu, RejectsWhatIsNotOnIt) {
  for (const char* bad : {"", "int", "uint32", "bytes", "bytes0", "bytes3",
                          "bytes 8", "bytes8x", "[8]uint8", "[]byte", "bytes-8",
                          "[1025]byte", "bytes99999999999999999999"}) {
    EXPECT_EQ(parse_type(bad), std::nullopt) << bad;
  }
}

TEST(TypeMenu, ChoicesNameEverySize) {
  const std::string c = type_choices();
  EXPECT_NE(c.find("uint64"), std::string::npos);
  EXPECT_NE(c.find("string"), std::string::npos);
  for (std::size_t n : kByteSizes) {
    EXPECT_NE(c.find(" " + std::to_string(n)), std::string::npos) << n;
  }
}

TEST(Scenario, RejectsImpossibleScenarios) {
  Scenario s;
  s.key = *parse_type("uint64");
  s.value = *parse_type("uint64");
  s.n = 10;
  s.deletes = 11;
  EXPECT_THROW(validate(s), ScenarioError);
  s.deletes = -1;
  EXPECT_THROW(validate(s), ScenarioError);
  s.deletes = 0;
  s.n = -5;
  EXPECT_THROW(validate(s), ScenarioError);
  s.key = *parse_type("bytes1");
  s.n = 257;
  EXPECT_THROW(run_scenario(s), ScenarioError);
  s.n = 256;
  EXPECT_EQ(run_scenario(s).count, 256);
  s.key = *parse_type("string");
  s.key_len = -1;
  EXPECT_THROW(validate(s), ScenarioError);
}

}  // namespace
}  // namespace gomapfuzz::memreport
