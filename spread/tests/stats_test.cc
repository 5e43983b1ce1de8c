// The statistics against published values: textbook chi-square and normal
// quantiles, and Go's own map.go table of overflowing buckets (measured by
// the Go authors), which the Poisson model must reproduce.
#include "gomapfuzz/spread/stats.h"

#include <gtest/gtest.h>

#include <cmath>

namespace gomapfuzz::spread {
namespace {

TEST(SpreadStats, ChiSquareUpperMatchesTextbookQuantiles) {
  // 95% quantiles: df 1 -> 3.841, df 10 -> 18.307, df 100 -> 124.342.
  EXPECT_NEAR(chi_square_upper(3.841, 1), 0.05, 1e-4);
  EXPECT_NEAR(chi_square_upper(18.307, 10), 0.05, 1e-4);
  EXPECT_NEAR(chi_square_upper(124.342, 100), 0.05, 1e-4);
  EXPECT_EQ(chi_square_upper(0, 5), 1.0);
  EXPECT_LT(chi_square_upper(1e6, 1023), 1e-300);
}

TEST(SpreadStats, PoissonAndBinomialTails) {
  EXPECT_NEAR(poisson_upper(1, 2.0), 1 - std::exp(-2.0), 1e-12);
  EXPECT_NEAR(poisson_cdf(0, 2.0), std::exp(-2.0), 1e-12);
  EXPECT_NEAR(poisson_pmf(3, 2.0), std::exp(-2.0) * 8 / 6, 1e-12);
  EXPECT_NEAR(binomial_upper(1, 10, 0.1), 1 - std::pow(0.9, 10), 1e-12);
  EXPECT_NEAR(binomial_upper(10, 10, 0.5), std::pow(0.5, 10), 1e-15);
  EXPECT_NEAR(normal_upper(1.959964), 0.025, 1e-6);
  EXPECT_NEAR(binomial_lower(0, 10, 0.1), std::pow(0.9, 10), 1e-12);
  EXPECT_NEAR(binomial_lower(9, 10, 0.5), 1 - std::pow(0.5, 10), 1e-12);
  EXPECT_NEAR(binomial_two_sided(5, 10, 0.5), 1.0, 1e-12);
}

// Go 1.19 runtime/map.go: "loadFactor %overflow": 4.00 2.13, 4.50 4.05,
// 5.00 6.85, 5.50 10.55, 6.00 15.27, 6.50 20.90, 7.00 27.14, 7.50 34.03,
// 8.00 41.10. Go measured real maps; the Poisson model agrees within a few
// tenths of a percent.
TEST(SpreadStats, IdealOverflowShareReproducesGoMapTable) {
  const std::pair<double, double> kGoTable[] = {
      {4.0, 2.13},  {4.5, 4.05},  {5.0, 6.85},  {5.5, 10.55}, {6.0, 15.27},
      {6.5, 20.90}, {7.0, 27.14}, {7.5, 34.03}, {8.0, 41.10}};
  for (const auto& [load, percent] : kGoTable) {
    EXPECT_NEAR(100 * ideal_overflow_share(load), percent, 0.4)
        << "load " << load;
  }
}

TEST(SpreadStats, ChainModelFollowsBucketSize) {
  EXPECT_EQ(chain_buckets(0), 1u);
  EXPECT_EQ(chain_buckets(8), 1u);
  EXPECT_EQ(chain_buckets(9), 2u);
  EXPECT_EQ(chain_buckets(17), 3u);
  // Mean chain = 1 + E[overflow buckets] >= 1 + share of overflowing buckets.
  EXPECT_GT(ideal_mean_chain(6.5), 1 + ideal_overflow_share(6.5));
  EXPECT_LT(ideal_mean_chain(6.5), 1.25);
}

TEST(SpreadStats, OverflowSumExactAndNormalAgreeAtTheSeam) {
  // At 512 buckets (exact) and 1024 (normal) the tails of the same relative
  // excess must be of the same order.
  const double lambda = 6.5;
  const double mean = ideal_mean_chain(lambda) - 1;
  const double exact = overflow_buckets_upper(
      static_cast<uint64_t>(512 * mean * 1.2), 512, lambda);
  const double normal = overflow_buckets_upper(
      static_cast<uint64_t>(1024 * mean * 1.2), 1024, lambda);
  EXPECT_GT(exact, normal);  // more buckets: the same excess is less likely
  EXPECT_GT(exact, 1e-4);
  EXPECT_LT(exact, 0.2);
  EXPECT_NEAR(overflow_buckets_upper(0, 64, lambda), 1.0, 1e-12);
}

TEST(SpreadStats, MaxChainTail) {
  EXPECT_EQ(max_chain_upper(1, 1024, 6.5), 1.0);
  // A 6-bucket chain (> 40 keys) at load 6.5 is astronomically unlikely.
  EXPECT_LT(max_chain_upper(6, 1 << 20, 6.5), 1e-9);
  // Two-bucket chains are almost certain somewhere among 1024 buckets.
  EXPECT_GT(max_chain_upper(2, 1024, 6.5), 0.999);
}

TEST(SpreadStats, TophashPairCollisionProbability) {
  // Five lifted values count double: (5*4 + 246) / 65536.
  EXPECT_DOUBLE_EQ(ideal_tophash_pair_collision(), 266.0 / 65536.0);
}

TEST(SpreadStats, ExpectedCollisionsBirthday) {
  // 65536 values into 2^32 bins: about n^2 / 2m = 0.5.
  EXPECT_NEAR(expected_collisions(65536, 32), 0.5, 0.01);
  // As many values as bins: n/e collide... n - n(1-1/e) = n/e.
  EXPECT_NEAR(expected_collisions(1 << 16, 16) / (1 << 16), std::exp(-1.0),
              1e-4);
}

// Go's HashSet.check with 257 hashes ("hello" + zeros): expected ~0, so the
// bound is 50 * (3*0 + 1) = 50.
TEST(SpreadStats, GoCollisionBoundAsHashTestGo) {
  const GoCollisionBound b = go_collision_bound(257);
  EXPECT_LT(b.expected, 1e-14);
  EXPECT_NEAR(b.threshold, 50.0, 1e-4);
}

// Go's avalancheTest1 band, recomputed by hand for 64 input bits and
// REP=100000: erf(c/sqrt2)^4096 >= .9999 first at c = 5.5 (step 0.1), then
// c *= 4 -> 22; bounds 50000 -+ 22 * 158.11.
TEST(SpreadStats, GoAvalancheBandAsHashTestGo) {
  const AvalancheBand band = go_avalanche_band(64, 100000);
  EXPECT_NEAR(band.c, 22.0, 0.41);
  const double half = band.c * 0.5 * std::sqrt(100000.0);
  EXPECT_EQ(band.low, static_cast<int64_t>(50000 - half));
  EXPECT_EQ(band.high, static_cast<int64_t>(50000 + half));
}

}  // namespace
}  // namespace gomapfuzz::spread
