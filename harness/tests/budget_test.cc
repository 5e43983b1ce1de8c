// The cost model must refuse what would exhaust memory or time (the inputs
// of issue 15) and accept every trace the project ships.
#include "gomapfuzz/harness/budget.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace gomapfuzz {
namespace {

Trace parse(const std::string& text) { return parse_trace(text, "test"); }

std::string repeated(const std::string& line, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += line + "\n";
  return s;
}

TEST(Budget, TwentyHugeMakesOfBigValuesAreOverTheMemoryBudget) {
  const Trace t = parse("gomapfuzz-trace 1\ntypes uint64 bytes128\n" +
                        repeated("make 16777216", 20));
  const TraceCost c = predict_cost(t);
  // B = 22: 2^22 + 2^18 buckets of 8 + 64 + 1024 + 8 bytes.
  EXPECT_GT(c.peak_bytes, uint64_t{4} << 30);
  EXPECT_EQ(c.worst_map_b, 22u);
  const auto over = over_budget(t, c, {}, "--max-memory", "--max-seconds");
  ASSERT_TRUE(over.has_value());
  EXPECT_NE(over->find("above the memory budget of 1.0 GB"), std::string::npos)
      << *over;
  EXPECT_NE(over->find("--max-memory "), std::string::npos) << *over;
  EXPECT_NE(over->find("line 3"), std::string::npos) << *over;
}

TEST(Budget, ManyMakesAreOverTheTimeBudgetThoughEachFits) {
  const Trace t =
      parse("gomapfuzz-trace 1\n" + repeated("make 100000", 400000));
  const TraceCost c = predict_cost(t);
  EXPECT_LT(c.peak_bytes, uint64_t{64} << 20);  // one map at a time
  EXPECT_GT(c.zeroed_bytes, uint64_t{900} << 30);
  ResourceBudget minute;
  minute.seconds = 60;
  const auto over =
      over_budget(t, c, minute, "--max-memory", "--max-seconds");
  ASSERT_TRUE(over.has_value());
  EXPECT_NE(over->find("time budget of 60 s"), std::string::npos) << *over;
  ResourceBudget generous;
  generous.seconds = 1e6;
  EXPECT_FALSE(over_budget(t, c, generous, "-m", "-s").has_value());
}

TEST(Budget, ADegenerateHasherCostsQuadraticChainWalks) {
  std::string text = "gomapfuzz-trace 1\nhasher constant 7\n";
  std::string good = "gomapfuzz-trace 1\n";
  for (int i = 0; i < 20000; ++i) {
    text += "put " + std::to_string(i) + " 0\n";
    good += "put " + std::to_string(i) + " 0\n";
  }
  const TraceCost bad = predict_cost(parse(text));
  EXPECT_EQ(bad.chain_visits, uint64_t{20000} * 20001 / 2);
  EXPECT_EQ(predict_cost(parse(good)).chain_visits, 0u);
  EXPECT_GT(bad.seconds, 10 * predict_cost(parse(good)).seconds);
}

TEST(Budget, EveryShippedTraceFitsTheDefaultBudget) {
  int n = 0;
  for (const char* dir : {"traces", "oracle", "regressions"}) {
    for (const auto& e : std::filesystem::directory_iterator(
             std::filesystem::path(GOMAPFUZZ_CORPUS_DIR) / dir)) {
      if (e.path().extension() != ".txt") continue;
      const Trace t = read_trace_file(e.path().string());
      const TraceCost c = predict_cost(t);
      EXPECT_FALSE(over_budget(t, c, {}, "-m", "-s").has_value())
          << e.path() << ": " << *over_budget(t, c, {}, "-m", "-s");
      ++n;
    }
  }
  EXPECT_GT(n, 30);
}

TEST(Budget, HumanBytes) {
  EXPECT_EQ(human_bytes(740 * 1024), "740 KB");
  EXPECT_EQ(human_bytes(uint64_t{12} << 20), "12 MB");
  EXPECT_EQ(human_bytes(uint64_t{3} << 29), "1.5 GB");
}

}  // namespace
}  // namespace gomapfuzz
