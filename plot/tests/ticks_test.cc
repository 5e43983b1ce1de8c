// Tick choice and labels: a range reads as a few round numbers.
#include "gomapfuzz/plot/ticks.h"

#include <gtest/gtest.h>

namespace gomapfuzz::plot {
namespace {

std::vector<double> positions(const Axis& a) {
  std::vector<double> out;
  for (const Tick& t : ticks_of(a)) out.push_back(t.at);
  return out;
}

std::vector<std::string> labels(const Axis& a) {
  std::vector<std::string> out;
  for (const Tick& t : ticks_of(a)) out.push_back(t.label);
  return out;
}

TEST(PlotTicks, NiceCeilingIsOneTwoOrFiveTimesAPowerOfTen) {
  EXPECT_DOUBLE_EQ(nice_ceiling(0.3), 0.5);
  EXPECT_DOUBLE_EQ(nice_ceiling(1), 1);
  EXPECT_DOUBLE_EQ(nice_ceiling(1.01), 2);
  EXPECT_DOUBLE_EQ(nice_ceiling(7), 10);
  EXPECT_DOUBLE_EQ(nice_ceiling(21), 50);
  EXPECT_DOUBLE_EQ(nice_ceiling(0.034), 0.05);
}

TEST(PlotTicks, LinearAxisTicksAreMultiplesOfOneNiceStep) {
  Axis a{.lo = 0, .hi = 100};
  EXPECT_EQ(positions(a), (std::vector<double>{0, 20, 40, 60, 80, 100}));
  a.hi = 0.17;
  EXPECT_EQ(labels(a), (std::vector<std::string>{"0", "0.05", "0.1", "0.15"}));
  // A range that does not start at a multiple: the first tick inside it.
  a = Axis{.lo = -0.5, .hi = 24.5};
  EXPECT_EQ(positions(a), (std::vector<double>{0, 5, 10, 15, 20}));
}

TEST(PlotTicks, LogAxisTicksArePowersOfTenThinnedWhenMany) {
  Axis a{.lo = 1e-7, .hi = 1, .scale = Scale::kLog10};
  EXPECT_EQ(ticks_of(a).size(), 8u);
  a.label = exponent_label;
  EXPECT_EQ(labels(a).front(), "1e-7");
  EXPECT_EQ(labels(a).back(), "1e0");
  a = Axis{.lo = 1, .hi = 1e30, .scale = Scale::kLog10};
  const auto t = positions(a);
  EXPECT_LE(t.size(), 9u);
  EXPECT_GE(t.size(), 5u);
  EXPECT_DOUBLE_EQ(t[1] / t[0], 1e4);  // every fourth decade
}

TEST(PlotTicks, AnAxisThatListsItsTicksKeepsThem) {
  Axis a{.lo = 0, .hi = 10, .ticks = {{0, "none"}, {10, "ten"}}};
  EXPECT_EQ(labels(a), (std::vector<std::string>{"none", "ten"}));
}

TEST(PlotTicks, Labels) {
  EXPECT_EQ(number_label(0.05), "0.05");
  EXPECT_EQ(number_label(-0.0), "0");
  EXPECT_EQ(number_label(0.1 + 0.2), "0.3");
  EXPECT_EQ(si_label(1), "1");
  EXPECT_EQ(si_label(1500), "1.5k");
  EXPECT_EQ(si_label(1e6), "1M");
  EXPECT_EQ(si_label(10, "B"), "10 B");
  EXPECT_EQ(si_label(1e6, "B"), "1 MB");
  EXPECT_EQ(exponent_label(1e-3), "1e-3");
}

}  // namespace
}  // namespace gomapfuzz::plot
